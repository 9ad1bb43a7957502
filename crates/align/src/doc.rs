//! Per-article preparation shared by every analysis: tokens, token hashes,
//! sentence membership, char offsets and sentence features for rewrite
//! detection. Built once per article and reused across all its pairs.

use newsfold_core::{CharMap, hash::combine, hash_str, sentences, tokenize};

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
    /// Character trigram hashes of content words (32-bit: a collision only
    /// nudges a similarity by one trigram), sorted, unique.
    pub grams: Vec<u32>,
}

impl SentFeat {
    pub fn words(&self) -> usize {
        self.t1.saturating_sub(self.t0)
    }
}

/// Byte span of a token, stored as `u32` to halve the per-token memory
/// (texts beyond 4 GiB saturate; offsets are read back with [`TokSpan::start`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokSpan {
    start: u32,
    end: u32,
}

impl TokSpan {
    fn new(start: usize, end: usize) -> Self {
        TokSpan { start: u32::try_from(start).unwrap_or(u32::MAX), end: u32::try_from(end).unwrap_or(u32::MAX) }
    }
    /// Start byte.
    pub fn start(&self) -> usize {
        self.start as usize
    }
    /// End byte (exclusive).
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

/// A prepared article.
#[derive(Debug, Clone)]
pub(crate) struct Doc<'a> {
    /// The text (owned when it was read from a store for this document alone).
    pub text: std::borrow::Cow<'a, str>,
    /// Byte span of every token (compact: 8 bytes a token).
    pub toks: Vec<TokSpan>,
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
    /// Totals of each pair of adjacent sentences merged (`pair_feats[j]` =
    /// sentences j and j+1); the merged sets themselves are never built, see
    /// [`sent_sim_pair`].
    pub pair_feats: Vec<PairFeat>,
    /// `(stem, sentence, weight)` of every sentence's stems, sorted: the
    /// inverted index rewrite detection uses to find counterpart sentences.
    pub by_stem: Vec<(u64, u32, f32)>,
    /// Word n-gram index for seeding alignments, built on first use.
    grams: std::sync::OnceLock<GramIndex>,
}

/// Word n-gram hashes of a text as sorted `(hash, position)` (position `i`
/// covers words `i..i+n`).
#[derive(Debug, Clone, Default)]
pub(crate) struct GramIndex {
    /// The n-gram length.
    pub n: usize,
    /// `(hash, position)`, sorted.
    pub sorted: Vec<(u64, u32)>,
}

impl GramIndex {
    /// Index the n-grams of the word hashes `h`.
    pub fn new(h: &[u64], n: usize) -> Self {
        let mut sorted: Vec<(u64, u32)> =
            crate::align::ngrams(h, n).into_iter().enumerate().map(|(i, g)| (g, i as u32)).collect();
        sorted.sort_unstable();
        GramIndex { n, sorted }
    }
}

/// Totals of two adjacent sentences merged into one (stems with their larger
/// weight, trigram sets united).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PairFeat {
    /// Sum of the merged stem weights.
    pub stem_weight: f32,
    /// Number of distinct stems in the union.
    pub stems: usize,
    /// Size of the trigram union.
    pub grams: usize,
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

/// Whether the token hash `h` is a function word's.
pub(crate) fn is_stop_hash(h: u64) -> bool {
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

/// Fold the raw word `raw` into `w` and hash its stem: the content-stem key
/// of a word, shared by the sentence features and the corpus index
/// (`None` for a word that folds to nothing).
pub(crate) fn fold_stem(raw: &str, w: &mut String) -> Option<u64> {
    w.clear();
    w.extend(raw.chars().map(newsfold_core::fold_char));
    if w.is_empty() { None } else { Some(hash_str(stem(w))) }
}

/// The token range `[t0, t1)` of each non-empty sentence of `text`, and the
/// first token after the last token assigned to or skipped before a sentence.
pub(crate) fn sentence_token_ranges(text: &str, toks: &[newsfold_core::Token]) -> (Vec<(usize, usize)>, usize) {
    let mut out = Vec::new();
    let mut ti = 0usize;
    for s in &sentences(text) {
        // skip tokens before this sentence (should not happen; sentences cover the words)
        while ti < toks.len() && toks[ti].end <= s.span.start {
            ti += 1;
        }
        let t0 = ti;
        while ti < toks.len() && toks[ti].start < s.span.end {
            ti += 1;
        }
        if ti > t0 {
            out.push((t0, ti));
        }
    }
    (out, ti)
}

impl<'a> Doc<'a> {
    /// Prepare with sentence features (for pair analysis).
    pub fn new(text: impl Into<std::borrow::Cow<'a, str>>) -> Self {
        let mut d = Self::new_light(text);
        d.build_features();
        d.pair_feats = d.sents.windows(2).map(|w| pair_feat(&w[0], &w[1])).collect();
        d.by_stem =
            d.sents.iter().enumerate().flat_map(|(j, x)| x.stems.iter().map(move |s| (s.0, j as u32, s.1))).collect();
        d.by_stem.sort_unstable_by_key(|x| (x.0, x.1));
        d.by_stem.shrink_to_fit();
        d
    }

    /// The word n-gram index for length `n` (cached for the first length asked).
    pub fn gram_index(&self, n: usize) -> std::borrow::Cow<'_, GramIndex> {
        let g = self.grams.get_or_init(|| GramIndex::new(&self.hashes, n));
        if g.n == n { std::borrow::Cow::Borrowed(g) } else { std::borrow::Cow::Owned(GramIndex::new(&self.hashes, n)) }
    }

    /// Prepare tokens, sentences and paragraphs only (for alignment alone).
    pub fn new_light(text: impl Into<std::borrow::Cow<'a, str>>) -> Self {
        let text: std::borrow::Cow<'a, str> = text.into();
        let toks = tokenize(&text);
        let hashes: Vec<u64> = toks.iter().map(|t| t.hash).collect();
        let mut sent_of = vec![0u32; toks.len()];
        let (ranges, ti) = sentence_token_ranges(&text, &toks);
        let mut sents: Vec<SentFeat> = Vec::with_capacity(ranges.len());
        for &(t0, t1) in &ranges {
            for s in sent_of.iter_mut().take(t1).skip(t0) {
                *s = sents.len() as u32;
            }
            sents.push(SentFeat { t0, t1, ..Default::default() });
        }
        for t in sent_of.iter_mut().skip(ti) {
            *t = sents.len() as u32;
        }
        let mut content = vec![false; toks.len()];
        let mut p_i = 0usize;
        for p in newsfold_core::paragraphs(&text) {
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
        let cmap = CharMap::new(&text);
        Doc {
            text,
            toks: toks.iter().map(|t| TokSpan::new(t.start, t.end)).collect(),
            hashes,
            sent_of,
            sents: {
                let mut v = sents;
                v.shrink_to_fit();
                v
            },
            content,
            content_count,
            cmap,
            pair_feats: Vec::new(),
            by_stem: Vec::new(),
            grams: std::sync::OnceLock::new(),
        }
    }

    fn build_features(&mut self) {
        let mut w = String::new();
        for s in self.sents.iter_mut() {
            let mut stems: Vec<(u64, f32)> = Vec::new();
            let mut grams: Vec<u32> = Vec::new();
            for ti in s.t0..s.t1 {
                let Some(tok) = self.toks.get(ti) else { continue };
                if self.hashes.get(ti).is_none_or(|&h| is_stop_hash(h)) {
                    continue;
                }
                let raw = self.text.get(tok.start()..tok.end()).unwrap_or("");
                let Some(stem_hash) = fold_stem(raw, &mut w) else { continue };
                let w = w.as_str();
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
                stems.push((stem_hash, weight));
                // char trigrams of "<word>", from a rolling window (no buffer per word)
                let (mut a, mut b, mut n) = (0u64, 0u64, 0usize);
                for c in std::iter::once('<').chain(w.chars()).chain(std::iter::once('>')) {
                    let c = c as u64;
                    if n >= 2 {
                        let h = combine(combine(combine(0, a), b), c);
                        grams.push((h ^ (h >> 32)) as u32);
                    }
                    (a, b, n) = (b, c, n + 1);
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
            grams.shrink_to_fit();
            stems.shrink_to_fit();
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
        Some((self.toks.get(t0)?.start(), self.toks.get(t1 - 1)?.end()))
    }

    /// The text between tokens `t0` and `t1-1` inclusive, or `""`.
    pub fn tok_text(&self, t0: usize, t1: usize) -> &str {
        self.tok_bytes(t0, t1).and_then(|(s, e)| self.text.get(s..e)).unwrap_or("")
    }
}

/// Union totals of two adjacent sentences (what [`sent_sim_pair`] needs
/// besides the sentences themselves).
pub(crate) fn pair_feat(x: &SentFeat, y: &SentFeat) -> PairFeat {
    let (mut i, mut j) = (0, 0);
    let (mut weight, mut stems) = (0.0f32, 0usize);
    // ascending hash order, the same summation order as a materialised union
    while i < x.stems.len() || j < y.stems.len() {
        let w = match (x.stems.get(i), y.stems.get(j)) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                i += 1;
                j += 1;
                a.1.max(b.1)
            }
            (Some(a), Some(b)) if a.0 < b.0 => {
                i += 1;
                a.1
            }
            (Some(a), None) => {
                i += 1;
                a.1
            }
            (_, Some(b)) => {
                j += 1;
                b.1
            }
            (None, None) => break,
        };
        weight += w;
        stems += 1;
    }
    let (mut i, mut j, mut grams) = (0, 0, 0usize);
    while i < x.grams.len() && j < y.grams.len() {
        match x.grams[i].cmp(&y.grams[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
        grams += 1;
    }
    grams += (x.grams.len() - i) + (y.grams.len() - j);
    PairFeat { stem_weight: weight, stems, grams }
}

/// The blend of stem and trigram Dice coefficients behind [`sent_sim`].
#[inline]
fn blend(shared: f32, wx: f32, wy: f32, g: usize, gx: usize, gy: usize) -> f32 {
    let stem_dice = 2.0 * shared / (wx + wy).max(1e-6);
    let gram_dice = 2.0 * g as f32 / (gx + gy).max(1) as f32;
    0.6 * stem_dice + 0.4 * gram_dice
}

/// An upper bound of [`sent_sim`] given an upper bound `shared` of the
/// weighted stem intersection (capped by the lighter side) and the trigram set
/// sizes (the intersection is at most the smaller set). Computed with the same
/// float operations as the exact value, so it is never below it: stem weights
/// are multiples of 0.5 and their sums are exact in `f32`.
#[inline]
pub(crate) fn sim_upper(shared: f32, wx: f32, wy: f32, gx: usize, gy: usize) -> f32 {
    if wx <= 0.0 || wy <= 0.0 {
        return 0.0;
    }
    blend(shared.min(wx).min(wy), wx, wy, gx.min(gy), gx, gy)
}

/// Size of the intersection of two sorted, unique lists.
#[inline]
fn intersect_count(x: &[u32], y: &[u32]) -> usize {
    let (mut i, mut j, mut g) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        let (a, b) = (x[i], y[j]);
        i += usize::from(a <= b);
        j += usize::from(b <= a);
        g += usize::from(a == b);
    }
    g
}

/// Synonym-robust sentence similarity in [0, 1]: weighted Dice over content-word
/// stems (numbers and capitalised names weigh more) blended with character
/// trigram Dice over content words (catches inflections and shared roots).
#[cfg(test)]
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
    sim_with_stems(x, y, shared)
}

/// [`sent_sim`] when the weighted stem intersection `shared` is already known
/// (from the stem index): only the trigram sets are merged.
pub(crate) fn sim_with_stems(x: &SentFeat, y: &SentFeat, shared: f32) -> f32 {
    if x.stems.is_empty() || y.stems.is_empty() {
        return 0.0;
    }
    let g = intersect_count(&x.grams, &y.grams);
    blend(shared, x.stem_weight, y.stem_weight, g, x.grams.len(), y.grams.len())
}

/// [`sent_sim`] of `x` against the merge of the adjacent sentences `y1`, `y2`
/// (stems with their larger weight, trigram sets united; totals in `pf`),
/// computed by a three-way merge instead of materialising the union.
pub(crate) fn sent_sim_pair(x: &SentFeat, y1: &SentFeat, y2: &SentFeat, pf: &PairFeat) -> f32 {
    if x.stems.is_empty() || pf.stems == 0 {
        return 0.0;
    }
    let (mut p1, mut p2, mut shared) = (0usize, 0usize, 0.0f32);
    for &(h, w) in &x.stems {
        while y1.stems.get(p1).is_some_and(|s| s.0 < h) {
            p1 += 1;
        }
        while y2.stems.get(p2).is_some_and(|s| s.0 < h) {
            p2 += 1;
        }
        let w1 = y1.stems.get(p1).filter(|s| s.0 == h).map(|s| s.1);
        let w2 = y2.stems.get(p2).filter(|s| s.0 == h).map(|s| s.1);
        let wy = match (w1, w2) {
            (Some(a), Some(b)) => a.max(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => continue,
        };
        shared += w.min(wy);
    }
    let (mut p1, mut p2, mut g) = (0usize, 0usize, 0usize);
    for &h in &x.grams {
        while y1.grams.get(p1).is_some_and(|&v| v < h) {
            p1 += 1;
        }
        while y2.grams.get(p2).is_some_and(|&v| v < h) {
            p2 += 1;
        }
        if y1.grams.get(p1) == Some(&h) || y2.grams.get(p2) == Some(&h) {
            g += 1;
        }
    }
    blend(shared, x.stem_weight, pf.stem_weight, g, x.grams.len(), pf.grams)
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

    /// The materialised union of two sentences (what `sent_sim_pair` avoids building).
    fn merge_feats(x: &SentFeat, y: &SentFeat) -> SentFeat {
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
        let mut grams: Vec<u32> = x.grams.iter().chain(y.grams.iter()).copied().collect();
        grams.sort_unstable();
        grams.dedup();
        SentFeat { t0: x.t0.min(y.t0), t1: x.t1.max(y.t1), stem_weight: stems.iter().map(|s| s.1).sum(), stems, grams }
    }

    /// Every fast path agrees bit for bit with the materialised computation,
    /// and the bounds are never below the exact value.
    fn check_fast_paths(a: &str, b: &str) {
        let (da, db) = (Doc::new(a), Doc::new(b));
        for x in &da.sents {
            for (j, y) in db.sents.iter().enumerate() {
                let exact = sent_sim(x, y);
                let shared: f32 =
                    x.stems.iter().filter_map(|s| y.stems.iter().find(|t| t.0 == s.0).map(|t| s.1.min(t.1))).sum();
                assert_eq!(sim_with_stems(x, y, shared).to_bits(), exact.to_bits());
                assert!(sim_upper(shared, x.stem_weight, y.stem_weight, x.grams.len(), y.grams.len()) >= exact);
                let (Some(y2), Some(pf)) = (db.sents.get(j + 1), db.pair_feats.get(j)) else { continue };
                let m = merge_feats(y, y2);
                assert_eq!(pf.stem_weight.to_bits(), m.stem_weight.to_bits());
                assert_eq!((pf.stems, pf.grams), (m.stems.len(), m.grams.len()));
                let exact = sent_sim(x, &m);
                assert_eq!(sent_sim_pair(x, y, y2, pf).to_bits(), exact.to_bits());
                let shared2: f32 =
                    x.stems.iter().filter_map(|s| m.stems.iter().find(|t| t.0 == s.0).map(|t| s.1.min(t.1))).sum();
                assert!(sim_upper(shared2, x.stem_weight, pf.stem_weight, x.grams.len(), pf.grams) >= exact);
            }
        }
    }

    #[test]
    fn merged_pair_similarity_matches_materialised_union() {
        check_fast_paths(
            "The council approved a 4.2 million budget for Springfield parks on Tuesday. Residents objected loudly.",
            "On Tuesday, Springfield councillors signed off a 4.2 million plan. It covers parks. Residents were angry and objected.",
        );
    }

    proptest::proptest! {
        #[test]
        fn fast_similarity_paths_are_exact(
            a in "(Council|budget|parks|Tuesday|4\\.2|million|signed|approved|residents|angry|[a-z]{2,7}| |, |\\. ){0,40}",
            b in "(Council|budget|parks|Tuesday|4\\.2|million|signed|approved|residents|angry|[a-z]{2,7}| |, |\\. ){0,40}",
        ) {
            check_fast_paths(&a, &b);
        }
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
