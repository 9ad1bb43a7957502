//! Boilerplate awareness: lines that are wrapper, not article.
//!
//! Two sources of evidence, combined per paragraph (one non-blank line):
//!
//! 1. **Learned recurrence.** [`BoilerplateModel`] counts, per outlet, in how
//!    many distinct articles each normalised line occurs (the line's key is the
//!    combined hash of its folded word tokens, so case, whitespace and
//!    punctuation do not matter). A line seen in at least `min_docs` articles of
//!    the outlet *and* in at least `min_fraction` of them is boilerplate.
//! 2. **Built-in generic patterns** for a single article, where recurrence
//!    cannot be learned: widget captions ("Recommended Videos", "Related
//!    Content"), affiliate disclaimers, newsletter blurbs, "Image of X" photo
//!    captions, and author bios at the end of the article. These are patterns
//!    (keywords and shapes), not copied text.
//!
//! Hand-written because no crate does per-outlet line recurrence, and the
//! patterns must agree exactly with the tokeniser used for shingling.

use std::collections::HashMap;

use newsfold_core::{CharMap, Token, hash::combine, paragraphs};

use newsfold_core::tokenize;
use serde::{Deserialize, Serialize};

/// Why a paragraph was classified as boilerplate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoilerplateReason {
    /// Recurs across many articles of the same outlet (learned).
    Recurring,
    /// A widget caption such as "Recommended Videos" or "Related Content".
    Widget,
    /// An affiliate / sponsorship disclaimer.
    Affiliate,
    /// A newsletter or subscription blurb.
    Newsletter,
    /// A photo caption or credit ("Image of X", "Getty Images").
    Caption,
    /// An author name line or author bio at the end of the article.
    AuthorBio,
}

/// One boilerplate paragraph of an article, in Unicode scalar value (char)
/// offsets into the article's `text` exactly as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoilerplateSpan {
    /// Char offset of the first char of the line (trimmed).
    pub start: usize,
    /// Char offset one past the last char of the line (trimmed).
    pub end: usize,
    /// Why it is boilerplate.
    pub reason: BoilerplateReason,
}

/// Per-outlet line statistics.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OutletStats {
    /// Number of articles observed for this outlet.
    pub docs: u64,
    /// Line key → number of distinct articles containing it.
    pub lines: HashMap<u64, u32>,
}

/// Learns lines that recur across many articles of one outlet.
///
/// Serialisable so the integrator can persist it next to the index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BoilerplateModel {
    /// A line must occur in at least this many distinct articles of an outlet.
    pub min_docs: u32,
    /// ... and in at least this fraction of the outlet's articles.
    pub min_fraction: f64,
    /// Lines with more tokens than this are never learned (bodies, not wrappers).
    pub max_line_tokens: usize,
    outlets: HashMap<String, OutletStats>,
}

impl Default for BoilerplateModel {
    fn default() -> Self {
        Self::new(5, 0.02)
    }
}

/// Lines longer than this (in tokens) are never learned as boilerplate.
pub const DEFAULT_MAX_LINE_TOKENS: usize = 120;

/// Key of a line: combined hash of its folded tokens (0 tokens → `None`).
pub(crate) fn line_key(tokens: &[Token]) -> Option<u64> {
    if tokens.is_empty() {
        return None;
    }
    let mut h = 0x6c69_6e65_u64; // "line"
    for t in tokens {
        h = combine(h, t.hash);
    }
    Some(combine(h, tokens.len() as u64))
}

/// The outlet key used for learning: the outlet, else the URL host, else "".
pub fn outlet_key(article: &newsfold_core::Article) -> String {
    if let Some(o) = article.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        return o.to_lowercase();
    }
    article.url.as_deref().and_then(newsfold_core::host_of).unwrap_or_default()
}

impl BoilerplateModel {
    /// An empty model with the given recurrence thresholds.
    pub fn new(min_docs: u32, min_fraction: f64) -> Self {
        BoilerplateModel {
            min_docs: min_docs.max(2),
            min_fraction,
            max_line_tokens: DEFAULT_MAX_LINE_TOKENS,
            outlets: HashMap::new(),
        }
    }

    /// Learn from a batch of articles (each counted once per distinct line).
    pub fn learn(articles: &[newsfold_core::Article]) -> Self {
        let mut m = Self::default();
        for a in articles {
            m.observe(&outlet_key(a), &a.text);
        }
        m
    }

    /// Count the distinct lines of one article of `outlet`.
    pub fn observe(&mut self, outlet: &str, text: &str) {
        let keys = self.line_keys(text);
        self.observe_keys(outlet, &keys);
    }

    /// The distinct line keys of `text` that this model would count (pure;
    /// compute them in parallel, then feed [`BoilerplateModel::observe_keys`]).
    pub fn line_keys(&self, text: &str) -> Vec<u64> {
        let toks = tokenize(text);
        let mut seen = Vec::new();
        for (_, range) in para_token_ranges(text, &toks) {
            let pt = toks.get(range).unwrap_or(&[]);
            if pt.len() > self.max_line_tokens {
                continue;
            }
            if let Some(k) = line_key(pt) {
                seen.push(k);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        seen
    }

    /// Count one article of `outlet` given its distinct line keys.
    pub fn observe_keys(&mut self, outlet: &str, keys: &[u64]) {
        let st = self.outlets.entry(outlet.to_string()).or_default();
        st.docs += 1;
        for &k in keys {
            *st.lines.entry(k).or_insert(0) += 1;
        }
    }

    /// Number of articles observed for `outlet`.
    pub fn outlet_docs(&self, outlet: &str) -> u64 {
        self.outlets.get(outlet).map_or(0, |s| s.docs)
    }

    /// Whether the line key `key` is learned boilerplate for `outlet`.
    pub fn is_recurring_key(&self, outlet: &str, key: u64) -> bool {
        let Some(st) = self.outlets.get(outlet) else { return false };
        let Some(&n) = st.lines.get(&key) else { return false };
        n >= self.min_docs && (n as f64) >= self.min_fraction * st.docs as f64
    }

    /// Whether `line` is boilerplate for `outlet`: learned recurrence or a
    /// built-in generic pattern (context-free patterns only; author bios need
    /// the whole article, see [`BoilerplateModel::spans`]).
    pub fn is_boilerplate(&self, outlet: &str, line: &str) -> bool {
        let toks = tokenize(line);
        if let Some(k) = line_key(&toks)
            && self.is_recurring_key(outlet, k)
        {
            return true;
        }
        builtin_line(line, toks.len()).is_some()
    }

    /// The boilerplate lines of `text` for `outlet`, in char offsets.
    pub fn spans(&self, outlet: &str, text: &str) -> Vec<BoilerplateSpan> {
        let toks = tokenize(text);
        let cls = classify(text, &toks, outlet, Some(self));
        let map = CharMap::new(text);
        cls.into_iter()
            .filter_map(|c| {
                c.reason.map(|reason| BoilerplateSpan {
                    start: map.char_offset(c.start),
                    end: map.char_offset(c.end),
                    reason,
                })
            })
            .collect()
    }
}

/// Paragraph byte span plus the range of token indices inside it.
pub(crate) fn para_token_ranges(text: &str, toks: &[Token]) -> Vec<((usize, usize), std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut ti = 0;
    for p in paragraphs(text) {
        while ti < toks.len() && toks[ti].start < p.start {
            ti += 1;
        }
        let s = ti;
        while ti < toks.len() && toks[ti].end <= p.end {
            ti += 1;
        }
        out.push(((p.start, p.end), s..ti));
    }
    out
}

/// A classified paragraph.
#[derive(Debug, Clone)]
pub(crate) struct ParaClass {
    pub start: usize,
    pub end: usize,
    pub tokens: std::ops::Range<usize>,
    pub reason: Option<BoilerplateReason>,
    /// Set when the reason is `Recurring` only (the sketcher may undo learned
    /// removals that would empty an article).
    pub learned_only: bool,
    /// The line's recurrence key (when short enough to be learned).
    pub key: Option<u64>,
}

const WIDGET_LINES: &[&str] = &[
    "recommended videos",
    "recommended",
    "recommended for you",
    "related content",
    "related",
    "related articles",
    "related stories",
    "related posts",
    "related news",
    "read more",
    "read next",
    "also read",
    "see also",
    "advertisement",
    "sponsored content",
    "you may also like",
    "you might also like",
    "more from",
    "trending now",
    "trending",
    "share this article",
    "share this story",
    "click here",
    "most popular",
    "editor's picks",
    "continue reading",
    "skip advertisement",
    "story continues below",
    "story continues below advertisement",
    "top stories",
    "latest news",
    "watch",
];

const WIDGET_PREFIXES: &[&str] = &[
    "read more:",
    "also read:",
    "related:",
    "see also:",
    "watch:",
    "follow us on",
    "click here to",
    "this article originally appeared",
    "this story originally appeared",
    "this article was originally published",
    "copyright ",
    "(c) ",
    "© ",
];

const LONG_LINE_KEYWORDS: &[&str] =
    &["affiliate", "audience", "commission", "newsletter", "subscribe", "sign up", "rights reserved", "link"];

const BIO_ROLES: &[&str] = &[
    "writer",
    "reporter",
    "journalist",
    "editor",
    "author",
    "contributor",
    "correspondent",
    "columnist",
    "freelance",
    "staff",
];

/// Lowercased, punctuation-normalised, whitespace-collapsed form of a line:
/// `newsfold_core::fold` without NFKC (the sketcher already normalised the
/// text; NFKC per line was the profile's top entry).
fn fold_line(line: &str) -> String {
    newsfold_core::fold_normalized(line)
}

/// Context-free generic patterns. `ntok` is the line's token count.
fn builtin_line(line: &str, ntok: usize) -> Option<BoilerplateReason> {
    if ntok == 0 || ntok > 80 {
        return None;
    }
    if ntok > 14 {
        // Long lines can only match keyword patterns: cheap byte-wise pre-check.
        let low = line.to_ascii_lowercase();
        if !LONG_LINE_KEYWORDS.iter().any(|k| low.contains(k)) {
            return None;
        }
    }
    let f = fold_line(line);
    let bare = f.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '\'').trim();
    if ntok <= 6 && WIDGET_LINES.contains(&bare) {
        return Some(BoilerplateReason::Widget);
    }
    if ntok <= 14 && WIDGET_PREFIXES.iter().any(|p| f.starts_with(p)) {
        return Some(BoilerplateReason::Widget);
    }
    if f.contains("all rights reserved") && ntok <= 20 {
        return Some(BoilerplateReason::Widget);
    }
    let affiliate = (f.contains("affiliate")
        && (f.contains("commission") || f.contains("link") || f.contains("policy")))
        || f.contains("supported by our audience")
        || (f.contains("we may earn") && f.contains("commission"))
        || (f.contains("when you buy through") && f.contains("link"));
    if affiliate && ntok <= 60 {
        return Some(BoilerplateReason::Affiliate);
    }
    let newsletter = (f.contains("newsletter") && (f.contains("sign up") || f.contains("subscribe")))
        || f.starts_with("sign up for")
        || f.starts_with("subscribe to our");
    if newsletter && ntok <= 40 {
        return Some(BoilerplateReason::Newsletter);
    }
    if ntok <= 8
        && (f.starts_with("image of ")
            || f.starts_with("photo of ")
            || f.starts_with("photo:")
            || f.starts_with("image:")
            || f.starts_with("photo credit")
            || f.starts_with("credit:")
            || f.ends_with("getty images")
            || f.starts_with("(photo"))
    {
        return Some(BoilerplateReason::Caption);
    }
    None
}

/// A short "name" line: 2–4 words, each starting with an uppercase letter, no
/// sentence punctuation.
fn is_name_line(line: &str, ntok: usize) -> bool {
    (2..=4).contains(&ntok)
        && !line.ends_with(['.', '!', '?', ':'])
        && line.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Classify every paragraph of `text` (tokens must be `newsfold_core::tokenize(text)`).
pub(crate) fn classify(text: &str, toks: &[Token], outlet: &str, model: Option<&BoilerplateModel>) -> Vec<ParaClass> {
    let ranges = para_token_ranges(text, toks);
    let mut out: Vec<ParaClass> = Vec::with_capacity(ranges.len());
    let mut names: Vec<String> = Vec::new();
    for ((s, e), r) in &ranges {
        let line = text.get(*s..*e).unwrap_or("");
        let ntok = r.len();
        let mut reason = builtin_line(line, ntok);
        if reason == Some(BoilerplateReason::Caption) {
            let f = fold_line(line);
            for p in ["image of ", "photo of "] {
                if let Some(n) = f.strip_prefix(p) {
                    names.push(n.trim().to_string());
                }
            }
        }
        let mut learned_only = false;
        let max_tokens = model.map_or(DEFAULT_MAX_LINE_TOKENS, |m| m.max_line_tokens);
        let key = if ntok <= max_tokens { line_key(toks.get(r.clone()).unwrap_or(&[])) } else { None };
        if reason.is_none()
            && let Some(m) = model
            && let Some(k) = key
            && m.is_recurring_key(outlet, k)
        {
            reason = Some(BoilerplateReason::Recurring);
            learned_only = true;
        }
        out.push(ParaClass { start: *s, end: *e, tokens: r.clone(), reason, learned_only, key });
    }
    // Author block in the tail: name lines ("Jon Silman") and bios that start
    // with a known or name-line name followed by "is"/"has"/"was"/"writes".
    let n = out.len();
    let tail_start = n.saturating_sub(6);
    for i in tail_start..n {
        let line = text.get(out[i].start..out[i].end).unwrap_or("").trim();
        if out[i].reason.is_some() {
            continue;
        }
        let ntok = out[i].tokens.len();
        if ntok > 90 || !(ntok <= 4 || maybe_bio(line, &names)) {
            continue;
        }
        let f = fold_line(line);
        if is_name_line(line, ntok) && (names.contains(&f) || next_is_bio(text, &out, i, &f)) {
            out[i].reason = Some(BoilerplateReason::AuthorBio);
            names.push(f);
            continue;
        }
        if ntok <= 90 && is_bio(&f, &names) {
            out[i].reason = Some(BoilerplateReason::AuthorBio);
        }
    }
    out
}

/// Cheap pre-check on the raw line before folding it for [`is_bio`].
fn maybe_bio(line: &str, names: &[String]) -> bool {
    if !names.is_empty() {
        return true;
    }
    let w: Vec<&str> = line.split_whitespace().take(4).collect();
    w.len() == 4 && (w[2] == "is" || w[3] == "is")
}

fn next_is_bio(text: &str, out: &[ParaClass], i: usize, name: &str) -> bool {
    out.get(i + 1).is_some_and(|p| {
        let f = fold_line(text.get(p.start..p.end).unwrap_or(""));
        p.tokens.len() <= 90 && is_bio(&f, &[name.to_string()])
    })
}

/// `f` (folded) starts with a known name followed by a bio verb, or with any
/// 2–3 word name followed by "is a/an" and a journalism role word.
fn is_bio(f: &str, names: &[String]) -> bool {
    const VERBS: &[&str] = &[" is ", " has ", " was ", " writes ", " covers ", " joined "];
    for nm in names {
        if !nm.is_empty()
            && let Some(rest) = f.strip_prefix(nm.as_str())
            && VERBS.iter().any(|v| rest.starts_with(v))
        {
            return true;
        }
    }
    let words: Vec<&str> = f.split(' ').take(6).collect();
    for nlen in 2..=3 {
        if words.len() > nlen + 1
            && words[nlen] == "is"
            && matches!(words[nlen + 1], "a" | "an" | "the")
            && BIO_ROLES.iter().any(|r| f.contains(r))
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRAPPED: &str = "The council voted on Tuesday to close the old ferry pier.\nRecommended Videos\nResidents had campaigned for two years to save it.\nThe Harbour Gazette is supported by our audience. When you purchase through links on our site, we may earn an affiliate commission.\nRelated Content\nImage of Mara Quill\nMara Quill\nMara Quill is a staff reporter who has covered coastal towns since 2015 and still misses the ferry.";

    #[test]
    fn builtin_patterns_find_wrapper_lines() {
        let m = BoilerplateModel::default();
        let spans = m.spans("", WRAPPED);
        let lines: Vec<&str> = spans
            .iter()
            .map(|s| {
                let st: String = WRAPPED.chars().skip(s.start).take(s.end - s.start).collect();
                Box::leak(st.into_boxed_str()) as &str
            })
            .collect();
        assert_eq!(
            lines,
            [
                "Recommended Videos",
                "The Harbour Gazette is supported by our audience. When you purchase through links on our site, we may earn an affiliate commission.",
                "Related Content",
                "Image of Mara Quill",
                "Mara Quill",
                "Mara Quill is a staff reporter who has covered coastal towns since 2015 and still misses the ferry."
            ]
        );
        assert_eq!(spans[0].reason, BoilerplateReason::Widget);
        assert_eq!(spans[1].reason, BoilerplateReason::Affiliate);
        assert_eq!(spans[5].reason, BoilerplateReason::AuthorBio);
    }

    #[test]
    fn body_lines_are_not_boilerplate() {
        let m = BoilerplateModel::default();
        assert!(!m.is_boilerplate("", "The council voted on Tuesday to close the old ferry pier."));
        assert!(!m.is_boilerplate("", "Related parties were named in the filing, the regulator said."));
        assert!(m.is_boilerplate("", "  related content "));
        assert!(m.is_boilerplate("", "Sign up for our daily newsletter to get the headlines."));
    }

    #[test]
    fn learns_recurring_lines_per_outlet() {
        let mut m = BoilerplateModel::new(3, 0.5);
        for i in 0..4 {
            let t = format!("Story number {i} about the harbour.\nFollow the Gazette for more coastal coverage today");
            m.observe("gazette", &t);
        }
        assert!(m.is_boilerplate("gazette", "follow the GAZETTE for more coastal coverage, today"));
        assert!(!m.is_boilerplate("other", "Follow the Gazette for more coastal coverage today"));
        assert!(!m.is_boilerplate("gazette", "Story number 1 about the harbour."));
        let spans = m.spans("gazette", "Fresh body line.\nFollow the Gazette for more coastal coverage today");
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].reason, BoilerplateReason::Recurring);
        assert_eq!(spans[0].start, 17);
    }

    proptest::proptest! {
        #[test]
        fn spans_are_char_offsets_in_range(s in "\\PC{0,200}") {
            let m = BoilerplateModel::default();
            let n = s.chars().count();
            for sp in m.spans("x", &s) {
                proptest::prop_assert!(sp.start <= sp.end && sp.end <= n);
            }
        }
    }
}
