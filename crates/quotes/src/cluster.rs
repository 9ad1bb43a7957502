//! Clusters of one utterance's variants across articles (after MemeTracker's
//! idea of phrase variants: trimmed, spliced and altered versions of a quote).
//!
//! Hand-written: the units, blocking and word alignment below are specific to
//! quotation variants and small enough not to warrant a general diff crate.
//!
//! 1. **Units.** Each quote is cut into sentences; a nested quotation becomes
//!    its own unit and the rest of its sentence another (so `“‘A,’ were the
//!    words”` yields `A` and `were the words`). Units shorter than
//!    [`MIN_WORDS`] words are not clustered.
//!    A quote interrupted by its attribution (`“We heard a bang,” she said,
//!    “and then the lights went out.”`: same cue, first part not ending a
//!    sentence, second part starting in lowercase) is joined into one unit.
//! 2. **Normalisation.** `newsfold_core::fold` (NFKC, case, `’‘“”` to ASCII),
//!    then words (letters, digits, inner apostrophes). For matching only,
//!    contractions are expanded ("won't" → "will not"); mutations are reported
//!    on the words as written.
//! 3. **Candidates.** Identical wordings join at once; each distinct wording
//!    is then compared with the [`MAX_CANDIDATES`] wordings sharing the most
//!    word 3-grams with it (hash index; grams in more than [`MAX_POSTINGS`]
//!    wordings are skipped), so the work grows linearly with the corpus.
//! 4. **Match.** Two units join when the shorter is contained (as a word
//!    subsequence covering ≥ 90% of it) in the longer and is at least half
//!    its length (trimmed versions), or when their word-LCS Dice similarity
//!    is ≥ [`MIN_DICE`] with at least 4 common words (altered versions, e.g.
//!    "I don't want to lose you" / "I don't want to let you down"). Joins are
//!    transitive (union-find). The LCS runs only when the two wordings' common
//!    words (a bound on it) leave either test possible: most candidates of a
//!    big corpus share one chance 3-gram and fail that linear check.
//! 5. **Cluster.** Canonical text: the most frequent variant (ties: earliest
//!    appearance, then longest). Speaker: the majority among occurrences
//!    (names compatible when one's words are a subset of the other's);
//!    `speaker_conflict` when two incompatible speakers occur. Mutations:
//!    word-level diff of each variant against the canonical, hunks less than
//!    two equal words apart merged (`sub "lose you" → "let you down"`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use newsfold_core::hash::combine;
use newsfold_core::{Article, fold, hash_str};
use serde::Serialize;

use rayon::prelude::*;

use crate::Quote;

/// Minimum words for a unit to be clustered.
pub const MIN_WORDS: usize = 4;
/// Minimum LCS Dice similarity for altered variants.
pub const MIN_DICE: f64 = 0.6;
/// 3-grams in more units than this are too common to block on.
pub const MAX_POSTINGS: usize = 2000;
/// Each distinct wording is compared with at most this many others: those
/// sharing the most 3-grams with it (joins are transitive, so a big family
/// of variants still ends up in one cluster).
pub const MAX_CANDIDATES: usize = 32;

/// The article a list of quotes came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRef {
    /// Article id.
    pub id: String,
    /// Outlet name, if known.
    pub outlet: Option<String>,
    /// Publication time, if known.
    pub date: Option<DateTime<Utc>>,
}

impl From<&Article> for ArticleRef {
    fn from(a: &Article) -> Self {
        ArticleRef { id: a.id.clone(), outlet: a.outlet.clone(), date: a.date }
    }
}

/// One word-level difference between a variant and the canonical text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mutation {
    /// `sub`, `ins` (words only in the variant) or `del` (words only in the canonical).
    pub op: String,
    /// Canonical words (normalised), empty for `ins`.
    pub from: String,
    /// Variant words (normalised), empty for `del`.
    pub to: String,
}

/// A variant of the cluster's quote and how it differs from the canonical.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// The variant's normalised text.
    pub text: String,
    /// Articles carrying it.
    pub articles: Vec<String>,
    /// Word-level differences from the canonical.
    pub mutations: Vec<Mutation>,
}

/// One appearance of the quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occurrence {
    /// Article id.
    pub article: String,
    /// Outlet, if known.
    pub outlet: Option<String>,
    /// Publication time, if known.
    pub date: Option<DateTime<Utc>>,
    /// Start of this unit (chars into the article's text).
    pub start: usize,
    /// End (exclusive). For a quote interrupted by its attribution the unit
    /// runs from the first part to the end of the second.
    pub end: usize,
    /// The text as written (the parts of an interrupted quote joined with a space).
    pub text: String,
    /// The speaker given by this article.
    pub speaker: Option<String>,
}

/// One utterance and its variants across articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteCluster {
    /// Stable id: `q` + 16 hex digits of the hash of the canonical normalised text.
    pub id: String,
    /// The canonical form as written in its first occurrence.
    pub canonical: String,
    /// The canonical form, normalised.
    pub canonical_normalized: String,
    /// Majority speaker.
    pub speaker: Option<String>,
    /// Occurrences name incompatible speakers.
    pub speaker_conflict: bool,
    /// Article id of the earliest occurrence.
    pub first_article: String,
    /// Its date.
    pub first_date: Option<DateTime<Utc>>,
    /// Distinct articles.
    pub n_articles: usize,
    /// Every occurrence, by date then input order.
    pub occurrences: Vec<Occurrence>,
    /// Variants other than the canonical, with their mutations.
    pub variants: Vec<Variant>,
}

impl QuoteCluster {
    /// The stored form (`quote_clusters.data`, written by newsfold-engine):
    /// this cluster's JSON less `canonical` (the row has its own column) and
    /// less each occurrence's `text` where it is the canonical wording, as it
    /// is for most occurrences of most clusters. A quote's words are stored
    /// once instead of three times; [`restore_stored`] turns the stored JSON
    /// back into this cluster's JSON.
    pub fn stored_json(&self) -> serde_json::Result<String> {
        #[derive(Serialize)]
        struct StoredOccurrence<'a> {
            article: &'a str,
            outlet: &'a Option<String>,
            date: &'a Option<DateTime<Utc>>,
            start: usize,
            end: usize,
            #[serde(skip_serializing_if = "Option::is_none")]
            text: Option<&'a str>,
            speaker: &'a Option<String>,
        }
        #[derive(Serialize)]
        struct Stored<'a> {
            id: &'a str,
            canonical_normalized: &'a str,
            speaker: &'a Option<String>,
            speaker_conflict: bool,
            first_article: &'a str,
            first_date: &'a Option<DateTime<Utc>>,
            n_articles: usize,
            occurrences: Vec<StoredOccurrence<'a>>,
            variants: &'a [Variant],
        }
        let occurrences = self
            .occurrences
            .iter()
            .map(|o| StoredOccurrence {
                article: &o.article,
                outlet: &o.outlet,
                date: &o.date,
                start: o.start,
                end: o.end,
                text: (o.text != self.canonical).then_some(o.text.as_str()),
                speaker: &o.speaker,
            })
            .collect();
        serde_json::to_string(&Stored {
            id: &self.id,
            canonical_normalized: &self.canonical_normalized,
            speaker: &self.speaker,
            speaker_conflict: self.speaker_conflict,
            first_article: &self.first_article,
            first_date: &self.first_date,
            n_articles: self.n_articles,
            occurrences,
            variants: &self.variants,
        })
    }
}

/// Puts back, in place, what [`QuoteCluster::stored_json`] left out of a
/// stored cluster: its `canonical` wording (from the row's `canonical`
/// column) and the `text` of the occurrences that carry it. A cluster stored
/// in full (older stores) is left as it is.
pub fn restore_stored(data: &mut serde_json::Value, canonical: &str) {
    let Some(obj) = data.as_object_mut() else { return };
    if !obj.contains_key("canonical") {
        obj.insert("canonical".to_string(), canonical.into());
    }
    let Some(occurrences) = obj.get_mut("occurrences").and_then(serde_json::Value::as_array_mut) else { return };
    for o in occurrences.iter_mut().filter_map(serde_json::Value::as_object_mut) {
        if !o.contains_key("text") {
            o.insert("text".to_string(), canonical.into());
        }
    }
}

/// One clustering unit: a sentence piece of a quote, with its article, span,
/// text, words and speaker. A corpus's units are all held until it is
/// clustered (5.4M of them for 1M generated articles, beside the story
/// pass): hence 4-byte item and char positions, the speaker as a number, and
/// boxed, exactly sized texts and word lists, the two word lists in one
/// (56 bytes a unit before its texts and words, instead of 120 plus the
/// growth slack of each list and an allocation per speaker).
#[derive(Debug, Clone)]
struct Unit {
    item: u32,
    start: u32,
    end: u32,
    /// The speaker (a [`Words`] id of the clusterer's speakers: a corpus
    /// names comparatively few people), or [`NO_SPEAKER`].
    speaker: u32,
    text: Box<str>,
    /// Normalised words ([`Words`] ids), then, unless they are the same
    /// (most quotes), the words with contractions expanded, for matching.
    all_words: Box<[u32]>,
    /// How many of `all_words` are the normalised words.
    n_words: u32,
    /// `text` is the article's own chars `start..end` (known when the
    /// article's text was given: [`QuoteClusterer::add_with_text`]).
    own: bool,
}

impl Unit {
    /// The normalised words.
    fn words(&self) -> &[u32] {
        self.all_words.get(..self.n_words as usize).unwrap_or(&self.all_words)
    }

    /// The words compared when clustering (contractions expanded).
    fn matching(&self) -> &[u32] {
        match self.all_words.get(self.n_words as usize..) {
            Some(m) if !m.is_empty() => m,
            _ => self.words(),
        }
    }

    /// Index of the article (item) the unit was read from.
    fn item(&self) -> usize {
        self.item as usize
    }
}

/// [`Unit::speaker`] of a quote without one.
const NO_SPEAKER: u32 = u32::MAX;

/// A position or count that fits 32 bits (char offsets in one article, items
/// of one corpus); saturates rather than wraps.
fn narrow(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// The distinct words of the quotes being clustered. A large corpus holds
/// millions of quoted words but few distinct ones, so units keep 4-byte ids
/// instead of a `String` per word (hand-written: a plain interner, the ids
/// only need equality and a way back to the text).
#[derive(Default)]
struct Words {
    ids: HashMap<String, u32>,
    text: Vec<String>,
}

impl Words {
    fn ids(&mut self, words: Vec<String>) -> Vec<u32> {
        words
            .into_iter()
            .map(|w| match self.ids.get(&w) {
                Some(&id) => id,
                None => {
                    let id = self.text.len() as u32;
                    self.text.push(w.clone());
                    self.ids.insert(w, id);
                    id
                }
            })
            .collect()
    }

    /// The id of `w`.
    fn id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.text.len() as u32;
        self.text.push(w.to_string());
        self.ids.insert(w.to_string(), id);
        id
    }

    fn word(&self, id: u32) -> &str {
        self.text.get(id as usize).map_or("", String::as_str)
    }

    /// The words of `ids` joined by single spaces.
    fn join(&self, ids: &[u32]) -> String {
        let mut out = String::new();
        for (k, &id) in ids.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(self.word(id));
        }
        out
    }

    fn strings(&self, ids: &[u32]) -> Vec<String> {
        ids.iter().map(|&id| self.word(id).to_string()).collect()
    }
}

/// Normalised words of a text.
pub fn norm_words(s: &str) -> Vec<String> {
    folded_words(&fold(s)).map(str::to_string).collect()
}

/// The normalised words of `s` joined by single spaces: `norm_words(s).join(" ")`,
/// the key a cluster's `canonical_normalized` holds, without a `String` per word.
pub fn norm_key(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len());
    for w in folded_words(&f) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The words of a folded text, as slices of it: runs of alphanumeric chars,
/// an apostrophe inside a run (between a word char and an alphanumeric one)
/// included.
fn folded_words(f: &str) -> impl Iterator<Item = &str> {
    let mut chars = f.char_indices().peekable();
    std::iter::from_fn(move || {
        let mut start: Option<usize> = None;
        while let Some((i, c)) = chars.next() {
            let inner_apos = c == '\'' && start.is_some() && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || inner_apos {
                start.get_or_insert(i);
            } else if let Some(from) = start {
                return f.get(from..i);
            }
        }
        start.and_then(|from| f.get(from..))
    })
}

/// Sentence pieces of `[a, b)` in `chars` (char offsets), skipping `holes`.
fn sentence_pieces(chars: &[char], a: usize, b: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = a;
    let mut i = a;
    while i < b {
        let c = chars.get(i).copied().unwrap_or(' ');
        if matches!(c, '.' | '!' | '?' | '\u{2026}') {
            let mut e = i + 1;
            while e < b
                && chars.get(e).is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '\'' | '\u{201D}' | '\u{2019}'))
            {
                e += 1;
            }
            let next_space = e >= b || chars.get(e).is_some_and(|c| c.is_whitespace());
            if next_space {
                out.push((s, e));
                s = e;
            }
            i = e;
            continue;
        }
        i += 1;
    }
    if b > s {
        out.push((s, b));
    }
    out
}

/// Expand English contractions for matching ("won't" → "will not", "I'll" →
/// "I will"), so that "We will not rest" and "We won't stop" align on the
/// words they share. Output texts keep the words as written.
pub(crate) fn match_words(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let (stem, tail): (&str, Option<&str>) = match w.as_str() {
            "won't" => ("will", Some("not")),
            "can't" => ("can", Some("not")),
            "shan't" => ("shall", Some("not")),
            "let's" => ("let", Some("us")),
            _ => {
                if let Some(x) = w.strip_suffix("n't") {
                    (x, Some("not"))
                } else if let Some(x) = w.strip_suffix("'ll") {
                    (x, Some("will"))
                } else if let Some(x) = w.strip_suffix("'re") {
                    (x, Some("are"))
                } else if let Some(x) = w.strip_suffix("'ve") {
                    (x, Some("have"))
                } else if let Some(x) = w.strip_suffix("'m") {
                    (x, Some("am"))
                } else {
                    (w.as_str(), None)
                }
            }
        };
        if !stem.is_empty() {
            out.push(stem.to_string());
        }
        if let Some(t) = tail {
            out.push(t.to_string());
        }
    }
    out
}

/// A quote interrupted by its attribution (`“We heard a bang,” she said, “and
/// then the lights went out.”`) is one utterance: the two parts are joined
/// for clustering when they share the reporting cue, the first part does not
/// end a sentence, the second starts in lowercase and little text separates
/// them. Returns the joined text and, per char of it, the position in the
/// article.
fn join_interrupted(quotes: &[Quote]) -> Vec<(Quote, Vec<usize>)> {
    let mut out: Vec<(Quote, Vec<usize>)> = Vec::new();
    let mut i = 0;
    while i < quotes.len() {
        let Some(q) = quotes.get(i) else { break };
        let mut text = q.text.clone();
        let mut pos: Vec<usize> = (q.start..q.start + q.text.chars().count()).collect();
        let mut merged = q.clone();
        let mut j = i;
        while let (Some(a), Some(b)) = (quotes.get(j), quotes.get(j + 1)) {
            let same_cue = a.cue.as_ref().zip(b.cue.as_ref()).is_some_and(|(x, y)| x.start == y.start);
            let open_end = !a.text.trim_end().ends_with(['.', '!', '?', '\u{2026}']);
            let lower_start = b.text.chars().find(|c| c.is_alphabetic()).is_some_and(|c| c.is_lowercase());
            let near = b.start >= a.end && b.start - a.end <= 80;
            if !(same_cue && open_end && lower_start && near) {
                break;
            }
            text.push(' ');
            pos.push(a.end);
            pos.extend(b.start..b.start + b.text.chars().count());
            text.push_str(&b.text);
            merged.end = b.end;
            merged.nested.extend(b.nested.iter().copied());
            j += 1;
        }
        merged.text = text;
        out.push((merged, pos));
        i = j + 1;
    }
    out
}

fn units_of(item: usize, q: &Quote, pos: &[usize], vocab: &mut Words, speakers: &mut Words) -> Vec<Unit> {
    let chars: Vec<char> = q.text.chars().collect();
    // article position of a char of the (possibly joined) text, and back
    let at = |x: usize| pos.get(x).copied().unwrap_or(q.start + x);
    let rel = |x: usize| pos.iter().position(|&p| p >= x).unwrap_or(chars.len()).min(chars.len());
    let nested: Vec<(usize, usize)> = q.nested.iter().map(|&(a, b)| (rel(a), rel(b))).filter(|(a, b)| b > a).collect();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (a, b) in sentence_pieces(&chars, 0, chars.len()) {
        let inner: Vec<(usize, usize)> = nested.iter().copied().filter(|(x, y)| *x >= a && *y <= b).collect();
        if inner.is_empty() {
            spans.push((a, b));
            continue;
        }
        // nested quotes and the remainder of the sentence are separate units
        let mut cur = a;
        for (x, y) in inner {
            spans.push((x, y));
            if x > cur {
                spans.push((cur, x));
            }
            cur = y;
        }
        if b > cur {
            spans.push((cur, b));
        }
    }
    let mut out = Vec::new();
    for (a, b) in spans {
        let (a, b) = trim_unit(&chars, a, b);
        let text: String = chars.get(a..b).map(|s| s.iter().collect()).unwrap_or_default();
        let words = norm_words(&text);
        if words.len() >= MIN_WORDS {
            let end = if b > a { at(b - 1) + 1 } else { at(a) };
            // (interned before `words`, as the ids have always been given)
            let m = match_words(&words);
            let mwords = if m == words { Vec::new() } else { vocab.ids(m) };
            let mut all_words = vocab.ids(words);
            let n_words = narrow(all_words.len());
            all_words.extend(mwords);
            out.push(Unit {
                item: narrow(item),
                start: narrow(at(a)),
                end: narrow(end),
                speaker: q.speaker.as_deref().map_or(NO_SPEAKER, |s| speakers.id(s)),
                text: text.into_boxed_str(),
                all_words: all_words.into_boxed_slice(),
                n_words,
                own: false,
            });
        }
    }
    out
}

fn trim_unit(chars: &[char], mut a: usize, mut b: usize) -> (usize, usize) {
    let junk = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | ',' | ';' | ':' | '-' | '\u{2014}'
            )
    };
    while a < b && chars.get(a).is_some_and(|c| junk(*c)) {
        a += 1;
    }
    while b > a && chars.get(b - 1).is_some_and(|c| junk(*c)) {
        b -= 1;
    }
    (a, b)
}

/// Length of the longest common word subsequence.
fn lcs_len<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { cur[j].max(prev[j + 1]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.get(b.len()).copied().unwrap_or(0)
}

/// Counts of one wording's words, to test it against others with
/// [`Bag::may_be_same_quote`]: whether [`same_quote`] can hold. Their
/// common words counted with multiplicity bound the LCS from above, and both
/// of its tests only get easier as the LCS grows, so `false` means
/// `same_quote` is false (exact, never a miss). Most candidates a big corpus
/// proposes share a single common 3-gram and fail this linear check; the
/// quadratic LCS then runs only for the plausible ones.
///
/// Counting into a table indexed by word (one per thread) instead of
/// merging the two wordings' words sorted: a sorted copy of every wording
/// took ~4 bytes a word, hundreds of MB beside the story pass at 1M articles.
struct Bag {
    /// By word id: occurrences in the loaded wording not yet matched.
    count: Vec<u32>,
    /// Words matched by the wording being tested (given back after).
    taken: Vec<u32>,
    /// Words of the loaded wording.
    len: usize,
}

impl Bag {
    /// A bag for word ids below `words`, holding no wording.
    fn new(words: usize) -> Bag {
        Bag { count: vec![0; words], taken: Vec::new(), len: 0 }
    }

    /// Hold wording `x` (the bag must hold none).
    fn load(&mut self, x: &[u32]) {
        for &w in x {
            if let Some(c) = self.count.get_mut(w as usize) {
                *c += 1;
            }
        }
        self.len = x.len();
    }

    /// Hold no wording again (`x`: the one loaded).
    fn unload(&mut self, x: &[u32]) {
        for &w in x {
            if let Some(c) = self.count.get_mut(w as usize) {
                *c = 0;
            }
        }
        self.len = 0;
    }

    /// Words the loaded wording and `y` have in common, with multiplicity.
    fn shared(&mut self, y: &[u32]) -> usize {
        self.taken.clear();
        for &w in y {
            if let Some(c) = self.count.get_mut(w as usize).filter(|c| **c > 0) {
                *c -= 1;
                self.taken.push(w);
            }
        }
        for &w in &self.taken {
            if let Some(c) = self.count.get_mut(w as usize) {
                *c += 1;
            }
        }
        self.taken.len()
    }

    /// Whether [`same_quote`] can hold for the loaded wording and `y`.
    fn may_be_same_quote(&mut self, y: &[u32]) -> bool {
        let (la, lb) = (self.len, y.len());
        // the LCS is at most the shorter wording: lengths alone settle most
        // candidates of a big corpus (a 6-word line against a 40-word
        // passage) without reading their words
        la.min(lb) >= MIN_WORDS && accepts(la.min(lb), la, lb) && accepts(self.shared(y), la, lb)
    }
}

/// The tests of [`same_quote`] for two wordings of `la` and `lb` words whose
/// LCS is `l` words: contained (trimmed version) or similar (altered
/// version). Both only get easier as `l` grows.
fn accepts(l: usize, la: usize, lb: usize) -> bool {
    let (short, long) = (la.min(lb), la.max(lb));
    let contained = l * 10 >= short * 9 && short * 2 >= long;
    let dice = 2.0 * l as f64 / (la + lb) as f64;
    contained || (dice >= MIN_DICE && l >= 4)
}

/// Do two units express the same quote (trimmed or altered version)?
pub(crate) fn same_quote<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < MIN_WORDS {
        return false;
    }
    accepts(lcs_len(short, long), a.len(), b.len())
}

/// Word-level diff of `variant` against `canon`: LCS alignment, hunks less
/// than two equal words apart merged.
pub fn mutations(canon: &[String], variant: &[String]) -> Vec<Mutation> {
    let (n, m) = (canon.len(), variant.len());
    let mut dp = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i][j] = if canon[i] == variant[j] { dp[i + 1][j + 1] + 1 } else { dp[i + 1][j].max(dp[i][j + 1]) };
        }
    }
    // alignment ops: (Some(canon idx), Some(variant idx)) for equal
    #[derive(Clone, Copy, PartialEq)]
    enum Op {
        Eq(usize),
        Del(usize),
        Ins(usize),
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && canon[i] == variant[j] {
            ops.push(Op::Eq(i));
            i += 1;
            j += 1;
        } else if j < m && (i >= n || dp[i][j + 1] >= dp[i + 1][j]) {
            ops.push(Op::Ins(j));
            j += 1;
        } else {
            ops.push(Op::Del(i));
            i += 1;
        }
    }
    // hunks: maximal runs of non-Eq ops, merged across a single equal word
    let mut hunks: Vec<(usize, usize)> = Vec::new(); // op index ranges
    let mut k = 0;
    while k < ops.len() {
        if matches!(ops[k], Op::Eq(_)) {
            k += 1;
            continue;
        }
        let s = k;
        while k < ops.len() && !matches!(ops[k], Op::Eq(_)) {
            k += 1;
        }
        match hunks.last_mut() {
            Some(last) if s - last.1 <= 1 => last.1 = k,
            _ => hunks.push((s, k)),
        }
    }
    hunks
        .into_iter()
        .map(|(s, e)| {
            let mut from = Vec::new();
            let mut to = Vec::new();
            for op in &ops[s..e] {
                match *op {
                    Op::Eq(i) => {
                        from.push(canon[i].clone());
                        if let Some(w) = canon.get(i) {
                            to.push(w.clone());
                        }
                    }
                    Op::Del(i) => from.push(canon[i].clone()),
                    Op::Ins(j) => to.push(variant[j].clone()),
                }
            }
            let op = match (from.is_empty(), to.is_empty()) {
                (true, _) => "ins",
                (_, true) => "del",
                _ => "sub",
            };
            Mutation { op: op.to_string(), from: from.join(" "), to: to.join(" ") }
        })
        .collect()
}

/// Union-find over unit indices, stored as `u32` (half the memory of
/// `usize`: the sequential union loop is bound by its cache misses; a 1M
/// article corpus has ~5M units, far from the 4G limit).
struct Dsu(Vec<u32>);

impl Dsu {
    fn new(n: usize) -> Self {
        Dsu((0..n).map(|i| i as u32).collect())
    }
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] as usize != r {
            r = self.0[r] as usize;
        }
        let mut y = x;
        while self.0[y] as usize != r {
            let next = self.0[y] as usize;
            self.0[y] = r as u32;
            y = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb) as u32;
        }
    }
}

fn names_compatible(a: &str, b: &str) -> bool {
    let ta: Vec<String> = norm_words(a);
    let tb: Vec<String> = norm_words(b);
    let (s, l) = if ta.len() <= tb.len() { (&ta, &tb) } else { (&tb, &ta) };
    !s.is_empty() && s.iter().all(|w| l.contains(w))
}

/// The word 3-grams of the wordings being clustered, as an inverted index in
/// flat arrays: every distinct gram's posting list (wordings in ascending
/// order) and every wording's grams (as posting list numbers). A hash map of
/// `Vec`s took about 70 bytes per distinct gram (key, vector header, its own
/// allocation), the largest allocation of a big corpus's analysis; this takes
/// 8 bytes per (wording, gram) once built. Hand-written: a sort and two
/// counting passes, no crate needed.
struct GramIndex {
    /// Posting list `k` is `post[post_off[k]..post_off[k + 1]]`.
    post: Vec<u32>,
    post_off: Vec<u32>,
    /// Wording `x`'s posting lists are `lists[list_off[x]..list_off[x + 1]]`.
    lists: Vec<u32>,
    list_off: Vec<u32>,
}

impl GramIndex {
    fn build(wordings: &[&[u32]]) -> GramIndex {
        Self::build_in_passes(wordings, GRAM_PASS_ENTRIES)
    }

    /// [`GramIndex::build`], sorting at most about `per_pass` `(gram,
    /// wording)` entries at a time: the gram space is split into ranges by
    /// the grams' top bits and each range is collected, sorted and appended
    /// in turn (each wording's grams are recomputed per range). The ranges
    /// ascend, so the entries come in the order one sort of all of them
    /// gives, and the index is the same; at 1M articles one sort held 16
    /// bytes for each of ~90M entries beside the story pass.
    ///
    /// Only the posting lists are built from the passes; each wording's list
    /// numbers are then read off them (a counting sort), so nothing is held
    /// for the grams of a single wording (most of them: 81 % at 100k
    /// articles). Each pass collects its entries a block of wordings at a
    /// time into one list reserved up front: a parallel `collect` held its
    /// pieces and their copy at once, ~2.5× the entries.
    fn build_in_passes(wordings: &[&[u32]], per_pass: usize) -> GramIndex {
        // the distinct grams of `words` whose top bits are `range` (all, with
        // `bits` 0), ascending
        fn grams_of(words: &[u32], bits: u32, range: u64, out: &mut Vec<u64>) {
            out.clear();
            out.extend(
                words
                    .windows(3)
                    .map(|w| w.iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &v| combine(h, u64::from(v))))
                    .filter(|&g| bits == 0 || g >> (64 - bits) == range),
            );
            out.sort_unstable();
            out.dedup();
        }
        // the passes, from the most entries there can be (a gram per word window)
        let most: usize = wordings.iter().map(|w| w.len().saturating_sub(2)).sum();
        let passes = most.div_ceil(per_pass.max(1)).max(1).next_power_of_two();
        let bits = passes.trailing_zeros();
        // (gram, wording) for each distinct gram of range `range` of each
        // wording, sorted, on every core (the entries are distinct: any sort
        // gives the one order)
        let collect = |range: u64| -> Vec<(u64, u32)> {
            // (grams hash evenly into the ranges: a pass that holds more grows)
            let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(if passes == 1 { most } else { most / passes * 9 / 8 });
            for (b, block) in wordings.chunks(GRAM_BLOCK).enumerate() {
                let base = b * GRAM_BLOCK;
                let part: Vec<Vec<(u64, u32)>> = block
                    .par_iter()
                    .enumerate()
                    .map_init(Vec::new, |grams, (k, words)| {
                        grams_of(words, bits, range, grams);
                        grams.iter().map(|&g| (g, (base + k) as u32)).collect()
                    })
                    .collect();
                for p in part {
                    pairs.extend_from_slice(&p);
                }
            }
            pairs.par_sort_unstable();
            pairs
        };
        // the posting lists of the grams of more than one wording (a gram of
        // a single wording links it to no other: a posting list of one is
        // only its own wording, which candidates skip)
        let mut post: Vec<u32> = Vec::new();
        let mut post_off: Vec<u32> = Vec::new();
        for range in 0..passes as u64 {
            let pairs = collect(range);
            for gram in pairs.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
                post_off.push(post.len() as u32);
                post.extend(gram.iter().map(|&(_, x)| x));
            }
        }
        post_off.push(post.len() as u32);
        post.shrink_to_fit();
        post_off.shrink_to_fit();
        // each wording's lists: the posting lists it is on, ascending (a
        // counting sort of the postings by wording)
        let mut list_off: Vec<u32> = vec![0; wordings.len() + 1];
        for &x in &post {
            if let Some(n) = list_off.get_mut(x as usize + 1) {
                *n += 1;
            }
        }
        for k in 1..list_off.len() {
            list_off[k] += list_off[k - 1];
        }
        let mut fill: Vec<u32> = list_off.clone();
        let mut lists = vec![0u32; post.len()];
        for (k, w) in post_off.windows(2).enumerate() {
            for &x in post.get(w[0] as usize..w[1] as usize).unwrap_or_default() {
                if let Some(f) = fill.get_mut(x as usize) {
                    if let Some(slot) = lists.get_mut(*f as usize) {
                        *slot = k as u32;
                    }
                    *f += 1;
                }
            }
        }
        GramIndex { post, post_off, lists, list_off }
    }

    /// The posting lists of wording `x`'s grams (each includes `x`).
    fn postings_of(&self, x: usize) -> impl Iterator<Item = &[u32]> + '_ {
        let (s, e) = (self.list_off.get(x).copied().unwrap_or(0), self.list_off.get(x + 1).copied().unwrap_or(0));
        self.lists.get(s as usize..e as usize).unwrap_or(&[]).iter().map(move |&k| {
            let (a, b) = (
                self.post_off.get(k as usize).copied().unwrap_or(0),
                self.post_off.get(k as usize + 1).copied().unwrap_or(0),
            );
            self.post.get(a as usize..b as usize).unwrap_or(&[])
        })
    }
}

/// `(gram, wording)` entries [`GramIndex::build`] sorts at a time (16 bytes
/// each, 128 MiB). Each pass hashes every wording again: with 16M entries a
/// pass and the passes on one thread, the 1M-article corpus's quote
/// clustering took 184 s against 166 s in one pass (a noisy single run); the
/// passes now use every core. The index is built beside the story pass's
/// largest state (the peak of a 1M analysis), so memory wins over the few
/// seconds that bigger passes save (1M: 16 passes of ~5M entries).
const GRAM_PASS_ENTRIES: usize = 8 << 20;

/// Wordings whose 3-grams are collected in one parallel step (a few MB of
/// entries).
const GRAM_BLOCK: usize = 1 << 15;

/// Wordings whose candidates are found in one parallel step.
const CANDIDATE_BLOCK: usize = 8192;

/// The wordings sharing the most 3-grams with wording `x` (at most
/// `MAX_CANDIDATES`, most shared first, ties by index). `cnt` (one counter
/// per wording, all zero) and `touched` are scratch space, left as found.
fn candidates_of(x: usize, grams: &GramIndex, cnt: &mut [u32], touched: &mut Vec<usize>) -> Vec<usize> {
    touched.clear();
    for post in grams.postings_of(x) {
        if post.len() > MAX_POSTINGS {
            continue;
        }
        for &y in post {
            let y = y as usize;
            if y != x
                && let Some(c) = cnt.get_mut(y)
            {
                if *c == 0 {
                    touched.push(y);
                }
                *c += 1;
            }
        }
    }
    let mut best: Vec<(u32, usize)> = touched.iter().map(|&y| (cnt.get(y).copied().unwrap_or(0), y)).collect();
    for &y in touched.iter() {
        if let Some(c) = cnt.get_mut(y) {
            *c = 0;
        }
    }
    // the MAX_CANDIDATES best first (a total order: wordings are distinct),
    // then only those sorted: a common wording touches thousands
    let rank = |&(c, y): &(u32, usize)| (std::cmp::Reverse(c), y);
    if best.len() > MAX_CANDIDATES {
        best.select_nth_unstable_by_key(MAX_CANDIDATES - 1, rank);
        best.truncate(MAX_CANDIDATES);
    }
    best.sort_unstable_by_key(rank);
    best.into_iter().map(|(_, y)| y).collect()
}

/// Cluster the quotes of several articles into utterances with variants.
///
/// Clusters are returned by number of distinct articles (descending), then id.
pub fn cluster_quotes(items: &[(ArticleRef, Vec<Quote>)]) -> Vec<QuoteCluster> {
    let (mut vocab, mut speakers) = (Words::default(), Words::default());
    let mut units: Vec<Unit> = Vec::new();
    for (i, (_, quotes)) in items.iter().enumerate() {
        units.extend(units_of_article(i, quotes, &mut vocab, &mut speakers));
    }
    cluster_units(units, (vocab, speakers), |i| items.get(i).map(|(a, _)| a), |c, _| c)
}

/// [`cluster_quotes`], consuming the quotes: each article's quotes are freed
/// as soon as they are split into units, so a corpus's quotes are not held
/// twice while it is clustered (the batch analysis needs them no longer).
/// The clusters are the same.
pub fn cluster_quotes_owned(items: Vec<(ArticleRef, Vec<Quote>)>) -> Vec<QuoteCluster> {
    cluster_quotes_owned_map(items, |c, _| c)
}

/// [`cluster_quotes_owned`], handing each cluster to `keep` as soon as it is
/// built, with the item (index into `items`) of each of its occurrences, and
/// returning what `keep` made of them in the clusters' order (distinct
/// articles descending, then id). A caller that holds millions of clusters
/// (the batch analysis: most are one quote in one article) keeps a compact
/// form of each instead of every [`QuoteCluster`] at once.
pub fn cluster_quotes_owned_map<T>(
    items: Vec<(ArticleRef, Vec<Quote>)>,
    keep: impl FnMut(QuoteCluster, &[usize]) -> T,
) -> Vec<T> {
    let mut keep = keep;
    let mut c = QuoteClusterer::default();
    for (a, quotes) in items {
        c.add(a, &quotes);
    }
    c.finish(|cluster, src| keep(cluster, src.items))
}

/// Quote clustering fed one article at a time: each article's quotes are
/// split into clustering units as they arrive, so a caller extracting a big
/// corpus's quotes chunk by chunk never holds every [`Quote`] (a unit keeps
/// only its words, span, text and speaker). [`QuoteClusterer::finish`] gives
/// what [`cluster_quotes_owned_map`] gives for the same articles in the same
/// order (items are numbered in the order they were added).
#[derive(Default)]
pub struct QuoteClusterer {
    vocab: Words,
    speakers: Words,
    units: Vec<Unit>,
    refs: Vec<ArticleRef>,
    /// Drop a unit's text when it is its article's own chars.
    drop_own: bool,
}

impl QuoteClusterer {
    /// A clusterer that does not keep the words the articles hold: a quote
    /// added with [`QuoteClusterer::add_with_text`] whose text is its
    /// article's own chars is kept as its span. The clusters it builds
    /// have an empty text in such occurrences ([`Sources::own_text`]), and
    /// an empty canonical wording when its occurrence ([`Sources::canonical`])
    /// is one: the caller reads them from the articles. (The batch analysis
    /// holds a big corpus's quotes, 5.4M units for 1M articles, beside the
    /// story pass; their texts are a third of them.)
    pub fn dropping_own_texts() -> Self {
        QuoteClusterer { drop_own: true, ..QuoteClusterer::default() }
    }

    /// Add the next article (item number: the articles added before it) and its quotes.
    pub fn add(&mut self, article: ArticleRef, quotes: &[Quote]) {
        let item = self.refs.len();
        self.units.extend(units_of_article(item, quotes, &mut self.vocab, &mut self.speakers));
        self.refs.push(article);
    }

    /// [`QuoteClusterer::add`], given the article's text too: each
    /// occurrence then says whether its text is the article's own chars
    /// between its `start` and `end` ([`Sources::own_text`]), so a caller
    /// that keeps clusters can keep offsets instead of those texts.
    pub fn add_with_text(&mut self, article: ArticleRef, quotes: &[Quote], text: &str) {
        let from = self.units.len();
        self.add(article, quotes);
        let Some(added) = self.units.get_mut(from..) else { return };
        if added.is_empty() {
            return;
        }
        let text = newsfold_core::CharText::new(text);
        for u in added {
            u.own = text.chars(u.start as usize, u.end as usize) == Some(&*u.text);
            if u.own && self.drop_own {
                u.text = Box::default();
            }
        }
    }

    /// Cluster everything added, handing each cluster to `keep` with where
    /// its occurrences came from, in the clusters' final order (distinct
    /// articles descending, then id), and returning what `keep` made of them
    /// in that order. A caller can hence write each cluster away as it comes.
    pub fn finish<T>(self, keep: impl FnMut(QuoteCluster, Sources<'_>) -> T) -> Vec<T> {
        let QuoteClusterer { vocab, speakers, units, refs, .. } = self;
        cluster_units(units, (vocab, speakers), |i| refs.get(i), keep)
    }
}

/// Where a cluster's occurrences came from, one entry per occurrence.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The item (article, in the order added) of each occurrence.
    pub items: &'a [usize],
    /// Whether each occurrence's text is its article's own chars between its
    /// `start` and `end` (always false for articles added without their text).
    pub own_text: &'a [bool],
    /// The occurrence whose text is the canonical wording.
    pub canonical: usize,
}

/// The clustering units of article `item`'s quotes.
fn units_of_article(item: usize, quotes: &[Quote], vocab: &mut Words, speakers: &mut Words) -> Vec<Unit> {
    let mut out = Vec::new();
    for (q, pos) in join_interrupted(quotes) {
        out.extend(units_of(item, &q, &pos, vocab, speakers));
    }
    out
}

/// Cluster `units` (their `item`s are looked up with `aref`). Consumes the
/// units: each one's text moves into its occurrence, and its word lists are
/// freed once its cluster is built. Each cluster goes to `keep` with its
/// occurrences' sources, in the clusters' final order: distinct articles
/// (descending), then cluster id.
fn cluster_units<'a, T>(
    mut units: Vec<Unit>,
    (vocab, speakers): (Words, Words),
    aref: impl Fn(usize) -> Option<&'a ArticleRef>,
    mut keep: impl FnMut(QuoteCluster, Sources<'_>) -> T,
) -> Vec<T> {
    let mut dsu = Dsu::new(units.len());
    // Identical matching wordings are one quote: join them at once and let
    // only one representative per wording into the pairwise step. A quote
    // reprinted by hundreds of copies would otherwise make its n-gram
    // postings quadratic (10x the articles cost 30x the time before this).
    let mut reps: Vec<usize> = Vec::new();
    {
        let mut rep_of: HashMap<&[u32], usize> = HashMap::new();
        for (u, unit) in units.iter().enumerate() {
            match rep_of.entry(unit.matching()) {
                std::collections::hash_map::Entry::Occupied(e) => dsu.union(*e.get(), u),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(u);
                    reps.push(u);
                }
            }
        }
    }
    // blocking on word 3-grams: each wording is compared with the wordings
    // sharing the most 3-grams with it (at most MAX_CANDIDATES), not with every
    // wording of every posting list, which grew quadratically with the corpus
    let wordings: Vec<&[u32]> = reps.iter().map(|&u| units[u].matching()).collect();
    let grams = GramIndex::build(&wordings);
    // The candidates of a block of wordings are found in parallel (counting
    // shared 3-grams over posting lists, and the cheap bound), one part per
    // thread, each with its own counters; the unions and the LCS tests then
    // run in wording order, as the sequential loop did, so the clusters do
    // not depend on the thread count (v2 100k: clustering 14.0 -> 11.4 s).
    let parts = rayon::current_num_threads().max(1);
    let mut scratch: Vec<(Vec<u32>, Vec<usize>, Bag)> =
        (0..parts).map(|_| (vec![0u32; reps.len()], Vec::new(), Bag::new(vocab.text.len()))).collect();
    for block in (0..reps.len()).step_by(CANDIDATE_BLOCK) {
        let end = (block + CANDIDATE_BLOCK).min(reps.len());
        let per = (end - block).div_ceil(parts);
        // part k holds the candidates of wordings block + k·per .. (in order)
        let found: Vec<Vec<Vec<usize>>> = scratch
            .par_iter_mut()
            .enumerate()
            .map(|(k, (cnt, touched, bag))| {
                let from = (block + k * per).min(end);
                let to = (from + per).min(end);
                // (the cheap bound is checked here too: most candidates fail it)
                (from..to)
                    .map(|x| {
                        let mut ys = candidates_of(x, &grams, cnt, touched);
                        let wx = wordings.get(x).copied().unwrap_or_default();
                        bag.load(wx);
                        ys.retain(|&y| bag.may_be_same_quote(wordings.get(y).copied().unwrap_or_default()));
                        bag.unload(wx);
                        ys
                    })
                    .collect()
            })
            .collect();
        for (x, ys) in (block..end).zip(found.into_iter().flatten()) {
            for y in ys {
                let (a, b) = (reps[x], reps[y]);
                if dsu.find(a) != dsu.find(b) && same_quote(units[a].matching(), units[b].matching()) {
                    dsu.union(a, b);
                }
            }
        }
    }
    drop((grams, wordings, scratch));
    let date_of = |u: &Unit| aref(u.item()).and_then(|a| a.date);
    // The linked sets as runs of `members` (sets in the order of their first
    // unit, units in input order), each run then in occurrence order: date
    // (unknown last), then input order. A date without a time of day (stored
    // as midnight) sorts after the timed articles of the same day: it says
    // "that day", not "00:00".
    let n = units.len();
    let mut set_of_root: Vec<u32> = vec![u32::MAX; n];
    let mut set_of: Vec<u32> = Vec::with_capacity(n);
    let mut starts: Vec<usize> = Vec::new();
    for u in 0..n {
        let r = dsu.find(u);
        if set_of_root[r] == u32::MAX {
            set_of_root[r] = narrow(starts.len());
            starts.push(0);
        }
        let g = set_of_root[r];
        set_of.push(g);
        starts[g as usize] += 1;
    }
    drop((set_of_root, dsu));
    let mut at = 0;
    for s in starts.iter_mut() {
        let len = *s;
        *s = at;
        at += len;
    }
    starts.push(at);
    let mut members: Vec<u32> = vec![0; n];
    let mut fill: Vec<usize> = starts.clone();
    for (u, &g) in set_of.iter().enumerate() {
        members[fill[g as usize]] = narrow(u);
        fill[g as usize] += 1;
    }
    drop((set_of, fill));
    let sets = starts.len() - 1;
    let run = |members: &[u32], g: usize| -> std::ops::Range<usize> {
        let (a, b) = (starts[g], starts[g + 1]);
        a.min(members.len())..b.min(members.len())
    };
    for g in 0..sets {
        let r = run(&members, g);
        members[r].sort_by_key(|&u| {
            let unit = &units[u as usize];
            (newsfold_core::chrono_key(date_of(unit)), unit.item, unit.start)
        });
    }
    // Each set's place in the output (distinct articles descending, then id,
    // the hash of the canonical wording) is known before any cluster is
    // built, so each one can be handed out as it is built.
    let distinct_articles = |ms: &[u32]| {
        let mut ids: Vec<&str> =
            ms.iter().map(|&u| aref(units[u as usize].item()).map_or("", |a| a.id.as_str())).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let mut order: Vec<(usize, u64, u32)> = (0..sets)
        .map(|g| {
            let ms: Vec<usize> = members[run(&members, g)].iter().map(|&u| u as usize).collect();
            let (variants, best) = variants_of(&ms, &units, &vocab);
            let hash = variants.get(best).map_or(0, |v| hash_str(&v.0));
            (distinct_articles(&members[run(&members, g)]), hash, narrow(g))
        })
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut out: Vec<T> = Vec::with_capacity(order.len());
    let mut items: Vec<usize> = Vec::new();
    let mut own: Vec<bool> = Vec::new();
    for &(n_articles, hash, g) in &order {
        let members: Vec<usize> = members[run(&members, g as usize)].iter().map(|&u| u as usize).collect();
        let (variants, best) = variants_of(&members, &units, &vocab);
        let canon = variants[best].clone();
        let canon_words: Vec<String> = canon.1.first().map(|&u| vocab.strings(units[u].words())).unwrap_or_default();
        let canon_text = canon.1.first().map(|&u| units[u].text.to_string()).unwrap_or_default();
        // speakers
        let named: Vec<String> = members
            .iter()
            .filter(|&&u| units[u].speaker != NO_SPEAKER)
            .map(|&u| speakers.word(units[u].speaker).to_string())
            .collect();
        let mut groups_sp: Vec<(String, usize)> = Vec::new();
        for s in &named {
            match groups_sp.iter_mut().find(|g| names_compatible(&g.0, s)) {
                Some(g) => {
                    g.1 += 1;
                    if s.split_whitespace().count() > g.0.split_whitespace().count() {
                        g.0 = s.clone();
                    }
                }
                None => groups_sp.push((s.clone(), 1)),
            }
        }
        groups_sp.sort_by_key(|g| std::cmp::Reverse(g.1));
        let speaker = groups_sp.first().map(|g| g.0.clone());
        let speaker_conflict = groups_sp.len() > 1;
        // each unit is in one cluster: its text and speaker move into the occurrence
        let occurrences: Vec<Occurrence> = members
            .iter()
            .map(|&u| {
                let unit = &mut units[u];
                let a = aref(unit.item());
                Occurrence {
                    article: a.map(|a| a.id.clone()).unwrap_or_default(),
                    outlet: a.and_then(|a| a.outlet.clone()),
                    date: a.and_then(|a| a.date),
                    start: unit.start as usize,
                    end: unit.end as usize,
                    text: std::mem::take(&mut unit.text).into_string(),
                    speaker: (unit.speaker != NO_SPEAKER).then(|| speakers.word(unit.speaker).to_string()),
                }
            })
            .collect();
        let variants_out: Vec<Variant> = variants
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != best)
            .map(|(_, v)| {
                let words: Vec<String> = v.1.first().map(|&u| vocab.strings(units[u].words())).unwrap_or_default();
                let mut a: Vec<String> =
                    v.1.iter().filter_map(|&u| aref(units[u].item()).map(|x| x.id.clone())).collect();
                a.dedup();
                Variant { text: v.0.clone(), articles: a, mutations: mutations(&canon_words, &words) }
            })
            .collect();
        items.clear();
        items.extend(members.iter().map(|&u| units[u].item()));
        own.clear();
        own.extend(members.iter().map(|&u| units[u].own));
        let first = occurrences.first();
        // (the sort key above: the distinct article ids, the canonical key's hash)
        let cluster = QuoteCluster {
            id: format!("q{hash:016x}"),
            canonical: canon_text,
            canonical_normalized: canon.0.clone(),
            speaker,
            speaker_conflict,
            first_article: first.map(|o| o.article.clone()).unwrap_or_default(),
            first_date: first.and_then(|o| o.date),
            n_articles,
            occurrences,
            variants: variants_out,
        };
        let canonical = canon.1.first().and_then(|&u0| members.iter().position(|&u| u == u0)).unwrap_or(0);
        out.push(keep(cluster, Sources { items: &items, own_text: &own, canonical }));
        for &u in &members {
            units[u].all_words = Box::default();
        }
    }
    out
}

/// The variants of a cluster (`members` in occurrence order), by normalised
/// wording in order of first appearance, and which one is canonical: the most
/// frequent (distinct articles), ties to the earliest.
fn variants_of(members: &[usize], units: &[Unit], vocab: &Words) -> (Vec<(String, Vec<usize>)>, usize) {
    let mut variants: Vec<(String, Vec<usize>)> = Vec::new();
    let mut variant_of: HashMap<&[u32], usize> = HashMap::new();
    for &u in members {
        let key: &[u32] = units[u].words();
        match variant_of.get(key) {
            Some(&k) => variants[k].1.push(u),
            None => {
                variant_of.insert(key, variants.len());
                variants.push((vocab.join(key), vec![u]));
            }
        }
    }
    let art_count = |v: &(String, Vec<usize>)| {
        let mut a: Vec<usize> = v.1.iter().map(|&u| units[u].item()).collect();
        a.sort_unstable();
        a.dedup();
        a.len()
    };
    let mut best = 0;
    for (k, v) in variants.iter().enumerate() {
        // variants are in order of first appearance: ties keep the earliest
        if art_count(v) > art_count(&variants[best]) {
            best = k;
        }
    }
    (variants, best)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Bag::may_be_same_quote`] of two wordings.
    fn may_be(a: &[u32], b: &[u32]) -> bool {
        let words = a.iter().chain(b).max().map_or(0, |&w| w as usize + 1);
        let mut bag = Bag::new(words);
        bag.load(a);
        bag.may_be_same_quote(b)
    }

    fn w(s: &str) -> Vec<String> {
        norm_words(s)
    }

    /// A unit stays as small as its docs say (millions are held at once).
    #[test]
    fn a_unit_stays_small() {
        assert!(std::mem::size_of::<Unit>() <= 72, "{}", std::mem::size_of::<Unit>());
    }

    #[test]
    fn altered_versions_match_near_misses_do_not() {
        assert!(same_quote(&w("I don’t want to lose you."), &w("I don't want to let you down.")));
        assert!(!same_quote(
            &w("I love you and I’m here ❤️"),
            &w("I am here, I love you, and I will take care of you")
        ));
        assert!(same_quote(&w("I will take care of you"), &w("and I will take care of you, always")));
    }

    #[test]
    fn mutation_merges_close_hunks() {
        let m = mutations(&w("I don't want to lose you"), &w("I don't want to let you down"));
        assert_eq!(m, vec![Mutation { op: "sub".into(), from: "lose you".into(), to: "let you down".into() }]);
        let m = mutations(&w("a b c d e"), &w("a b c d e f"));
        assert_eq!(m, vec![Mutation { op: "ins".into(), from: "".into(), to: "f".into() }]);
    }

    /// The word splitting `folded_words` replaced: a char at a time into a
    /// `String` per word (the reference for the proptest below).
    fn norm_words_reference(s: &str) -> Vec<String> {
        let f = fold(s);
        let mut out = Vec::new();
        let mut cur = String::new();
        let chars: Vec<char> = f.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let inner_apos = c == '\'' && !cur.is_empty() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if c.is_alphanumeric() || inner_apos {
                cur.push(c);
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    proptest::proptest! {
        /// Building the 3-gram index in gram-range passes gives the index one
        /// sort of every entry gives.
        #[test]
        fn gram_index_passes_agree(
            wordings in proptest::collection::vec(proptest::collection::vec(0u32..12, 0..14), 0..40),
            per_pass in 1usize..64,
        ) {
            let w: Vec<&[u32]> = wordings.iter().map(Vec::as_slice).collect();
            let one = GramIndex::build_in_passes(&w, usize::MAX);
            let many = GramIndex::build_in_passes(&w, per_pass);
            proptest::prop_assert_eq!(
                (&one.post, &one.post_off, &one.lists, &one.list_off),
                (&many.post, &many.post_off, &many.lists, &many.list_off)
            );
        }

        /// The candidates of every wording are those of counting, for every
        /// other wording, the distinct 3-grams they share (grams of more than
        /// MAX_POSTINGS wordings aside): leaving the grams of one wording out
        /// of the index changes none.
        #[test]
        fn gram_index_candidates_are_the_shared_gram_counts(
            wordings in proptest::collection::vec(proptest::collection::vec(0u32..6, 0..12), 0..60),
        ) {
            use std::collections::{HashMap, HashSet};
            let w: Vec<&[u32]> = wordings.iter().map(Vec::as_slice).collect();
            let index = GramIndex::build_in_passes(&w, 7);
            let grams: Vec<HashSet<&[u32]>> = w.iter().map(|x| x.windows(3).collect()).collect();
            let mut df: HashMap<&[u32], usize> = HashMap::new();
            for g in grams.iter().flatten() {
                *df.entry(g).or_default() += 1;
            }
            let (mut cnt, mut touched) = (vec![0u32; w.len()], Vec::new());
            for x in 0..w.len() {
                let mut want: Vec<(std::cmp::Reverse<usize>, usize)> = (0..w.len())
                    .filter(|&y| y != x)
                    .map(|y| {
                        let n = grams[x].iter().filter(|g| grams[y].contains(*g) && df[*g] <= MAX_POSTINGS).count();
                        (std::cmp::Reverse(n), y)
                    })
                    .filter(|c| c.0.0 > 0)
                    .collect();
                want.sort_unstable();
                want.truncate(MAX_CANDIDATES);
                let want: Vec<usize> = want.into_iter().map(|c| c.1).collect();
                proptest::prop_assert_eq!(candidates_of(x, &index, &mut cnt, &mut touched), want);
            }
        }

        /// `norm_words` splits as the char loop did and `norm_key` is its words
        /// joined, on text full of apostrophes, typographic quotes, digits and
        /// non-ASCII letters.
        #[test]
        fn norm_key_joins_norm_words(s in "[a-zA-Z0-9 '’‘“”.,!?éÉßİ\u{212a}\u{a0}-]{0,40}") {
            let want = norm_words_reference(&s);
            proptest::prop_assert_eq!(&norm_words(&s), &want);
            proptest::prop_assert_eq!(norm_key(&s), want.join(" "));
        }
    }

    proptest::proptest! {
        /// The cheap bound never rejects a pair the LCS test accepts (it may
        /// only let through pairs the LCS then rejects).
        #[test]
        fn the_word_count_bound_never_misses_a_same_quote(
            a in proptest::collection::vec(0u32..6, 0..14),
            b in proptest::collection::vec(0u32..6, 0..14),
        ) {
            if same_quote(&a, &b) {
                proptest::prop_assert!(may_be(&a, &b));
            }
            let sorted = |v: &[u32]| { let mut w = v.to_vec(); w.sort_unstable(); w };
            let mut bag = Bag::new(6);
            bag.load(&a);
            proptest::prop_assert_eq!(bag.shared(&b), newsfold_core::sorted_intersection(&sorted(&a), &sorted(&b)));
            bag.unload(&a);
            proptest::prop_assert!(bag.count.iter().all(|&c| c == 0), "unloading empties the bag");
        }
    }

    proptest::proptest! {
        /// Consuming the quotes (the batch analysis's path) clusters them
        /// exactly as borrowing them does, and the parallel blocking step
        /// gives the same clusters on one thread as on four: same clusters,
        /// occurrences, variants and order.
        #[test]
        fn consuming_the_quotes_clusters_them_the_same(
            picks in proptest::collection::vec((0usize..6, 0usize..4, 0usize..3, 0i64..5), 1..14),
        ) {
            const SAID: [&str; 6] = [
                "We will rebuild the harbour wall before the winter storms arrive",
                "We will rebuild the harbor wall before the winter storms arrive",
                "We will rebuild the harbour wall before winter storms arrive",
                "Nobody in this town will be left without heating this year",
                "The ferry timetable is not something I can change on my own",
                "Nobody in this town will be left without heat this year",
            ];
            const WHO: [&str; 4] = ["Mayor Ines Barrow", "Ines Barrow", "Councillor Tom Hale", "a spokeswoman"];
            let items: Vec<(ArticleRef, Vec<Quote>)> = picks
                .iter()
                .enumerate()
                .map(|(i, &(q, w, o, d))| {
                    let text = format!(
                        "The council met on Monday. \u{201C}{},\u{201D} said {}. \"{}\" {} added.",
                        SAID[q], WHO[w], SAID[(q + 3) % 6], WHO[(w + 1) % 4]
                    );
                    let a = ArticleRef {
                        id: format!("a{i}"),
                        outlet: Some(format!("outlet{o}")),
                        date: chrono::DateTime::from_timestamp(1_700_000_000 + d * 3600, 0),
                    };
                    (a, crate::extract_quotes(&text))
                })
                .collect();
            let on = |threads: usize| {
                rayon::ThreadPoolBuilder::new().num_threads(threads).build().map(|p| p.install(|| cluster_quotes(&items)))
            };
            let (Ok(one), Ok(four)) = (on(1), on(4)) else {
                return Err(proptest::test_runner::TestCaseError::fail("no thread pool"));
            };
            proptest::prop_assert!(!one.is_empty(), "every article quotes two sentences");
            // the stored form restores to the full JSON
            for c in &one {
                let stored = c.stored_json().map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
                let mut v: serde_json::Value = serde_json::from_str(&stored)
                    .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
                proptest::prop_assert!(!v.as_object().is_some_and(|o| o.contains_key("canonical")));
                restore_stored(&mut v, &c.canonical);
                proptest::prop_assert_eq!(Some(v), serde_json::to_value(c).ok());
            }
            proptest::prop_assert_eq!(&one, &four);
            proptest::prop_assert_eq!(one, cluster_quotes_owned(items));
        }
    }

    #[test]
    fn the_word_count_bound_rejects_chance_overlaps() {
        let s = |t: &str| -> Vec<u32> { t.split(' ').map(|w| w.bytes().map(u32::from).sum()).collect() };
        // one shared phrase in otherwise different quotes
        assert!(!may_be(
            &s("we are going to build the new bridge by spring"),
            &s("nobody thought we are going to lose this match at home")
        ));
        // a trimmed version passes the bound (and the LCS decides)
        assert!(may_be(
            &s("we are going to build the new bridge"),
            &s("we are going to build the new bridge by spring")
        ));
    }
}
