//! Per-article preparation shared by every analysis: tokens, token hashes,
//! sentence membership, char offsets and sentence features for rewrite
//! detection. Built once per article and reused across all its pairs.

use newsfold_core::{CharMap, Token, hash::combine, hash_str, sentences, tokenize};

/// English function words: they carry no evidence that two sentences say the same thing.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
    "into", "about", "after", "before", "over", "under", "than", "then", "that", "this", "these", "those", "there",
    "here", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did", "will",
    "would", "shall", "should", "can", "could", "may", "might", "must", "it", "its", "it's", "he", "she", "they", "we",
    "you", "i", "me", "him", "her", "them", "us", "my", "his", "their", "our", "your", "who", "whom", "which", "what",
    "when", "where", "why", "how", "not", "no", "so", "also", "just", "very", "all", "any", "some", "such", "more",
    "most", "other", "up", "out", "said", "says", "say", "while", "because", "per", "mr", "mrs", "ms", "one", "i'm",
    "i've", "don't", "he's", "she's", "we're", "they're", "own", "even", "still", "only", "much", "many",
];

/// A sentence's features for synonym-robust similarity.
#[derive(Debug, Clone, Default)]
pub(crate) struct SentFeat {
    /// Token range `[t0, t1)` in the article.
    pub t0: usize,
    pub t1: usize,
    /// Content-word stems (hash, weight), sorted by hash, unique.
    pub stems: Vec<(u64, f32)>,
    pub stem_weight: f32,
    /// Character trigram hashes of content words, sorted, unique.
    pub grams: Vec<u64>,
}

impl SentFeat {
    pub fn words(&self) -> usize {
        self.t1.saturating_sub(self.t0)
    }
}

/// A prepared article.
#[derive(Debug, Clone)]
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    pub hashes: Vec<u64>,
    /// Sentence index of every token.
    pub sent_of: Vec<u32>,
    /// Token ranges of each sentence (empty sentences dropped).
    pub sents: Vec<SentFeat>,
    /// Whether a token lies in a "content" paragraph (≥ [`MIN_CONTENT_PARA_WORDS`] words);
    /// short lines (`Recommended Videos`, bylines, menus) are wrapper boilerplate.
    pub content: Vec<bool>,
    pub content_count: usize,
    pub cmap: CharMap,
    /// Features of each pair of adjacent sentences (`pair_feats[j]` = sentences j and j+1).
    pub pair_feats: Vec<SentFeat>,
}

/// Paragraphs with fewer words than this are treated as wrapper boilerplate for coverage.
pub(crate) const MIN_CONTENT_PARA_WORDS: usize = 6;

/// Sorted hashes of [`STOPWORDS`] (token hashes are xxh3 of the folded word).
fn stop_hashes() -> &'static [u64] {
    static H: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    H.get_or_init(|| {
        let mut v: Vec<u64> = STOPWORDS.iter().map(|w| hash_str(w)).collect();
        v.sort_unstable();
        v
    })
}

fn is_stop_hash(h: u64) -> bool {
    stop_hashes().binary_search(&h).is_ok()
}

/// Crude but language-light stem: the first 5 chars of the folded word
/// (prefix stemming is known to work about as well as Porter for matching).
fn stem(w: &str) -> &str {
    match w.char_indices().nth(5) {
        Some((i, _)) => w.get(..i).unwrap_or(w),
        None => w,
    }
}

impl<'a> Doc<'a> {
    /// Prepare with sentence features (for pair analysis).
    pub fn new(text: &'a str) -> Self {
        let mut d = Self::new_light(text);
        d.build_features();
        d.pair_feats = d.sents.windows(2).map(|w| merge_feats(&w[0], &w[1])).collect();
        d
    }

    /// Prepare tokens, sentences and paragraphs only (for alignment alone).
    pub fn new_light(text: &'a str) -> Self {
        let toks = tokenize(text);
        let hashes: Vec<u64> = toks.iter().map(|t| t.hash).collect();
        let mut sent_of = vec![0u32; toks.len()];
        let mut sents = Vec::new();
        let ss = sentences(text);
        let mut ti = 0usize;
        for s in &ss {
            // skip tokens before this sentence (should not happen; sentences cover the words)
            while ti < toks.len() && toks[ti].end <= s.span.start {
                ti += 1;
            }
            let t0 = ti;
            while ti < toks.len() && toks[ti].start < s.span.end {
                sent_of[ti] = sents.len() as u32;
                ti += 1;
            }
            if ti > t0 {
                sents.push(SentFeat { t0, t1: ti, ..Default::default() });
            }
        }
        for (k, t) in sent_of.iter_mut().enumerate().skip(ti) {
            let _ = k;
            *t = sents.len() as u32;
        }
        let mut content = vec![false; toks.len()];
        let mut p_i = 0usize;
        for p in newsfold_core::paragraphs(text) {
            while p_i < toks.len() && toks[p_i].end <= p.start {
                p_i += 1;
            }
            let t0 = p_i;
            while p_i < toks.len() && toks[p_i].start < p.end {
                p_i += 1;
            }
            if p_i - t0 >= MIN_CONTENT_PARA_WORDS {
                for c in content.iter_mut().take(p_i).skip(t0) {
                    *c = true;
                }
            }
        }
        let content_count = content.iter().filter(|c| **c).count();
        Doc {
            text,
            toks,
            hashes,
            sent_of,
            sents,
            content,
            content_count,
            cmap: CharMap::new(text),
            pair_feats: Vec::new(),
        }
    }

    fn build_features(&mut self) {
        let mut w = String::new();
        for s in self.sents.iter_mut() {
            let mut stems: Vec<(u64, f32)> = Vec::new();
            let mut grams: Vec<u64> = Vec::new();
            for ti in s.t0..s.t1 {
                let Some(tok) = self.toks.get(ti) else { continue };
                if is_stop_hash(tok.hash) {
                    continue;
                }
                let raw = self.text.get(tok.start..tok.end).unwrap_or("");
                w.clear();
                w.extend(raw.chars().map(newsfold_core::fold_char));
                let w = w.as_str();
                if w.is_empty() {
                    continue;
                }
                let has_digit = w.chars().any(|c| c.is_ascii_digit());
                let capital = raw.chars().next().is_some_and(char::is_uppercase) && ti > s.t0;
                let weight = if has_digit {
                    3.0
                } else if capital {
                    2.5
                } else if w.chars().count() <= 2 {
                    0.5
                } else {
                    1.0
                };
                stems.push((hash_str(stem(w)), weight));
                let cs: Vec<char> = std::iter::once('<').chain(w.chars()).chain(std::iter::once('>')).collect();
                for g in cs.windows(3) {
                    let mut h = 0u64;
                    for c in g {
                        h = combine(h, *c as u64);
                    }
                    grams.push(h);
                }
            }
            stems.sort_by_key(|x| x.0);
            stems.dedup_by(|x, y| {
                if x.0 == y.0 {
                    y.1 = y.1.max(x.1);
                    true
                } else {
                    false
                }
            });
            grams.sort_unstable();
            grams.dedup();
            s.stem_weight = stems.iter().map(|x| x.1).sum();
            s.stems = stems;
            s.grams = grams;
        }
    }

    /// Char offset of byte offset `b`.
    pub fn ch(&self, b: usize) -> usize {
        self.cmap.char_offset(b)
    }

    /// Byte span `[start of token t0, end of token t1-1)`, or `None` when empty.
    pub fn tok_bytes(&self, t0: usize, t1: usize) -> Option<(usize, usize)> {
        if t1 <= t0 {
            return None;
        }
        Some((self.toks.get(t0)?.start, self.toks.get(t1 - 1)?.end))
    }

    /// The text between tokens `t0` and `t1-1` inclusive, or `""`.
    pub fn tok_text(&self, t0: usize, t1: usize) -> &'a str {
        self.tok_bytes(t0, t1).and_then(|(s, e)| self.text.get(s..e)).unwrap_or("")
    }
}

/// Merge two sentence feature sets (for one sentence aligned to two adjacent ones).
pub(crate) fn merge_feats(x: &SentFeat, y: &SentFeat) -> SentFeat {
    let mut stems: Vec<(u64, f32)> = x.stems.iter().chain(y.stems.iter()).copied().collect();
    stems.sort_by_key(|s| s.0);
    stems.dedup_by(|a, b| {
        if a.0 == b.0 {
            b.1 = b.1.max(a.1);
            true
        } else {
            false
        }
    });
    let mut grams: Vec<u64> = x.grams.iter().chain(y.grams.iter()).copied().collect();
    grams.sort_unstable();
    grams.dedup();
    SentFeat { t0: x.t0.min(y.t0), t1: x.t1.max(y.t1), stem_weight: stems.iter().map(|s| s.1).sum(), stems, grams }
}

/// Synonym-robust sentence similarity in [0, 1]: weighted Dice over content-word
/// stems (numbers and capitalised names weigh more) blended with character
/// trigram Dice over content words (catches inflections and shared roots).
pub(crate) fn sent_sim(x: &SentFeat, y: &SentFeat) -> f32 {
    if x.stems.is_empty() || y.stems.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0.0f32);
    while i < x.stems.len() && j < y.stems.len() {
        match x.stems[i].0.cmp(&y.stems[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += x.stems[i].1.min(y.stems[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    let stem_dice = 2.0 * shared / (x.stem_weight + y.stem_weight).max(1e-6);
    let (mut i, mut j, mut g) = (0, 0, 0usize);
    while i < x.grams.len() && j < y.grams.len() {
        match x.grams[i].cmp(&y.grams[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                g += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let gram_dice = 2.0 * g as f32 / (x.grams.len() + y.grams.len()).max(1) as f32;
    0.6 * stem_dice + 0.4 * gram_dice
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepares_sentences_and_content() {
        let t = "Recommended Videos\nThe mayor of Springfield said on Monday that taxes will rise. Nobody cheered.";
        let d = Doc::new(t);
        assert_eq!(d.sents.len(), 3);
        assert!(!d.content[0]);
        assert!(d.content[2]);
        assert_eq!(d.tok_text(2, 5), "The mayor of");
    }

    #[test]
    fn similarity_prefers_reworded_counterpart() {
        let a = Doc::new("The council approved a 4.2 million budget for Springfield parks on Tuesday.");
        let b = Doc::new("On Tuesday, Springfield councillors signed off a 4.2 million spending plan for parks.");
        let c = Doc::new("Firefighters rescued a cat from a tree in the village of Oakham.");
        let s_ab = sent_sim(&a.sents[0], &b.sents[0]);
        let s_ac = sent_sim(&a.sents[0], &c.sents[0]);
        assert!(s_ab > 0.4, "{s_ab}");
        assert!(s_ac < 0.15, "{s_ac}");
    }
}
