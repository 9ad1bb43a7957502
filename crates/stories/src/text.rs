//! Feature extraction: content terms (stopwords removed, light stemming) and
//! named entities (capitalised-name heuristics).
//!
//! Hand-written: the stemmer and the entity heuristic are deliberately tiny
//! and conservative (a full Porter stemmer or an NER model would be slower and
//! would add dependencies for little gain on short news items), and they must
//! be exactly reproducible so that story ids stay stable across runs.

use newsfold_core::{hash_str, sentences, tokenize};

/// Namespace seeds so that a term and an entity with the same spelling do not
/// collide in one sparse vector.
const TERM_NS: u64 = 0x7465_726d_0000_0001;
const ENTITY_NS: u64 = 0x656e_7469_0000_0002;

/// English function words and news boilerplate verbs that carry no topic.
static STOPWORDS: newsfold_core::WordSet = newsfold_core::WordSet::new(&[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "got",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "he'd",
    "he'll",
    "he's",
    "her",
    "here",
    "here's",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "how's",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "let's",
    "like",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "say",
    "says",
    "said",
    "she",
    "she'd",
    "she'll",
    "she's",
    "should",
    "shouldn't",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they'd",
    "they'll",
    "they're",
    "they've",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "wasn't",
    "we",
    "we'd",
    "we'll",
    "we're",
    "we've",
    "were",
    "weren't",
    "what",
    "what's",
    "when",
    "when's",
    "where",
    "where's",
    "which",
    "while",
    "who",
    "who's",
    "whom",
    "why",
    "why's",
    "will",
    "with",
    "won't",
    "would",
    "wouldn't",
    "yet",
    "you",
    "you'd",
    "you'll",
    "you're",
    "you've",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "one",
    "two",
    "new",
    "says",
    "according",
    "told",
    "according",
    "year",
    "years",
    "per",
    "mr",
    "mrs",
    "ms",
    "s",
    "t",
    "update",
]);

/// Capitalised words that start sentences or name dates rather than entities.
static NON_ENTITY_CAPS: newsfold_core::WordSet = newsfold_core::WordSet::new(&[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
    "update",
    "updated",
    "breaking",
    "exclusive",
    "watch",
    "video",
    "photos",
    "report",
    "reports",
    "opinion",
]);

/// True for a stopword (folded form).
pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// Light English stemmer: possessive `'s`, plural `-ies/-es/-s`, and `-ing`/`-ed`
/// on longer words. Conflates `recall/recalls/recalled/recalling` without
/// Porter's aggressive rewrites (which hurt names).
pub fn stem(w: &str) -> String {
    let w = w.strip_suffix("'s").unwrap_or(w);
    let w = w.trim_end_matches('\'');
    let n = w.chars().count();
    if !w.is_ascii() || n <= 3 || w.bytes().any(|b| b.is_ascii_digit()) {
        return w.to_string();
    }
    if let Some(s) = w.strip_suffix("ies").filter(|_| n > 4) {
        return format!("{s}y");
    }
    if let Some(s) = w.strip_suffix("sses") {
        return format!("{s}ss");
    }
    for suf in ["ches", "shes", "xes", "zes"] {
        if let Some(s) = w.strip_suffix(suf) {
            return format!("{s}{}", &suf[..suf.len() - 2]);
        }
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..w.len() - 1].to_string();
    }
    for suf in ["ing", "ed"] {
        if let Some(s) = w.strip_suffix(suf).filter(|s| s.len() >= 4) {
            let b = s.as_bytes();
            let l = b.len();
            // undouble a final consonant: "stopp" -> "stop", but keep "ll"/"ss" ("fall", "pass")
            if l >= 2 && b[l - 1] == b[l - 2] && !matches!(b[l - 1], b'l' | b's' | b'z') {
                return s[..l - 1].to_string();
            }
            return s.to_string();
        }
    }
    w.to_string()
}

/// Feature id of a (stemmed) content term.
pub fn term_key(stemmed: &str) -> u64 {
    hash_str(stemmed) ^ TERM_NS
}

/// Feature id of a normalised entity string.
pub fn entity_key(entity: &str) -> u64 {
    hash_str(entity) ^ ENTITY_NS
}

/// Folded form of a token (lowercase, ASCII apostrophe).
fn fold_token(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            c => newsfold_core::fold_char(c),
        })
        .collect()
}

/// A content term occurrence (stemmed), its feature key and a display form.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub key: u64,
    pub display: String,
}

/// Content terms of `text` (folded, stopwords and 1-char tokens removed,
/// stemmed). When `truncated_tail` is set, the last token is dropped because
/// an aggregator cut it short (`... Sprint buy T  ...`).
pub fn terms(text: &str, truncated_tail: bool) -> Vec<Term> {
    let toks = tokenize(text);
    let take = if truncated_tail { toks.len().saturating_sub(1) } else { toks.len() };
    let mut out = Vec::with_capacity(take);
    for t in toks.iter().take(take) {
        let raw = text.get(t.start..t.end).unwrap_or("");
        let f = fold_token(raw);
        if f.chars().count() < 2 || is_stopword(&f) {
            continue;
        }
        // pure numbers of one or two digits ("3", "10") are noise
        if f.len() <= 2 && f.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let s = stem(&f);
        if s.is_empty() || is_stopword(&s) {
            continue;
        }
        let display = f.strip_suffix("'s").map(str::to_string).unwrap_or(f);
        out.push(Term { key: term_key(&s), display });
    }
    out
}

/// True when a headline ends in an aggregator truncation mark (`...` or `…`).
pub fn is_truncated(title: &str) -> bool {
    let t = title.trim_end();
    t.ends_with("...") || t.ends_with('\u{2026}')
}

/// True when a line is in Title Case (most content words capitalised), where
/// capitalisation says nothing about names.
pub fn is_title_case(line: &str) -> bool {
    let toks = tokenize(line);
    let mut content = 0usize;
    let mut caps = 0usize;
    for t in &toks {
        let raw = line.get(t.start..t.end).unwrap_or("");
        let f = fold_token(raw);
        if is_stopword(&f) || !raw.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        content += 1;
        if raw.chars().next().is_some_and(char::is_uppercase) {
            caps += 1;
        }
    }
    content >= 3 && caps * 10 >= content * 7
}

/// A named entity: its normalised form (`alec baldwin`) and surface form.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub norm: String,
    pub display: String,
}

fn is_capitalised(raw: &str) -> bool {
    raw.chars().next().is_some_and(char::is_uppercase)
}

/// Named entities of `text` by the capitalised-name heuristic: maximal runs of
/// capitalised words separated only by single spaces (or a hyphen). A run's
/// sentence-initial word is dropped when it is a function word; a one-word run
/// at the start of a sentence is ignored (it is usually just a capitalised
/// common word). Possessive `'s` is stripped. Callers skip Title Case
/// headlines (see [`is_title_case`]), where capitals say nothing.
pub fn entities(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    for s in sentences(text) {
        let sent = s.span.slice(text);
        let toks = tokenize(sent);
        let mut i = 0;
        while i < toks.len() {
            let raw = sent.get(toks[i].start..toks[i].end).unwrap_or("");
            if !is_capitalised(raw) {
                i += 1;
                continue;
            }
            // extend the run
            let mut j = i + 1;
            while j < toks.len() {
                let gap = sent.get(toks[j - 1].end..toks[j].start).unwrap_or("");
                let next = sent.get(toks[j].start..toks[j].end).unwrap_or("");
                let prev = sent.get(toks[j - 1].start..toks[j - 1].end).unwrap_or("");
                let possessive_break = prev.ends_with("'s") || prev.ends_with("\u{2019}s");
                if (gap == " " || gap == "-") && is_capitalised(next) && !possessive_break {
                    j += 1;
                } else {
                    break;
                }
            }
            // sentence-initial: after only punctuation/quotes
            let initial = sent.get(..toks[i].start).is_some_and(|p| !p.chars().any(char::is_alphanumeric));
            let mut words: Vec<String> = toks[i..j]
                .iter()
                .map(|t| {
                    let r = sent.get(t.start..t.end).unwrap_or("");
                    let r = r.strip_suffix("'s").or_else(|| r.strip_suffix("\u{2019}s")).unwrap_or(r);
                    r.to_string()
                })
                .collect();
            let folded: Vec<String> = words.iter().map(|w| fold_token(w)).collect();
            let mut start = 0;
            if initial && (is_stopword(&folded[0]) || NON_ENTITY_CAPS.contains(&folded[0].as_str()) || words.len() == 1)
            {
                start = 1;
            }
            // drop leading/trailing calendar and function words inside the run
            let mut end = words.len();
            while start < end && (is_stopword(&folded[start]) || NON_ENTITY_CAPS.contains(&folded[start].as_str())) {
                start += 1;
            }
            while end > start && (is_stopword(&folded[end - 1]) || NON_ENTITY_CAPS.contains(&folded[end - 1].as_str()))
            {
                end -= 1;
            }
            if start < end {
                let norm = folded[start..end].join(" ");
                if norm.chars().count() >= 2 && !norm.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
                    let display = words.drain(start..end).collect::<Vec<_>>().join(" ");
                    out.push(Entity { norm, display });
                }
            }
            i = j;
        }
    }
    out
}

/// Content terms of a URL's slug: the path segment with the most
/// hyphen/underscore-separated words (`/news/fed-official-hints-at-taper-123.html`
/// → `fed official hints taper`). Tokens with digits and long mixed tokens
/// (ids, hashes) are skipped; outlets often put the original headline there.
pub fn url_terms(url: &str) -> Vec<Term> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let path = path.split_once('/').map(|(_, p)| p).unwrap_or("");
    let best = path
        .split('/')
        .map(|seg| (seg, seg.split(['-', '_']).filter(|w| w.chars().any(char::is_alphabetic)).count()))
        .filter(|(_, n)| *n >= 3)
        .max_by_key(|(seg, n)| (*n, seg.len()));
    let Some((seg, _)) = best else { return Vec::new() };
    let seg = seg.split('.').next().unwrap_or(seg);
    let words: Vec<&str> = seg
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= 20 && !w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    terms(&words.join(" "), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_plurals_and_verbs() {
        assert_eq!(stem("recalls"), "recall");
        assert_eq!(stem("recalled"), "recall");
        assert_eq!(stem("recalling"), "recall");
        assert_eq!(stem("companies"), "company");
        assert_eq!(stem("stopped"), "stop");
        assert_eq!(stem("witness"), "witness");
        assert_eq!(stem("baldwin's"), "baldwin");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("2014s"), "2014s");
    }

    #[test]
    fn terms_drop_stopwords_and_truncated_tail() {
        let t: Vec<String> =
            terms("The Mayor of Springfield says budget is  ...", false).into_iter().map(|t| t.display).collect();
        assert_eq!(t, ["mayor", "springfield", "budget"]);
        let t: Vec<String> = terms("Telecom bid to buy T  ...", true).into_iter().map(|t| t.display).collect();
        assert_eq!(t, ["telecom", "bid", "buy"]);
    }

    #[test]
    fn finds_multiword_names_not_sentence_starts() {
        let text = "Retreating to Vermont, the family stayed home. Officials said Mayor Ruth Okafor met \
                    Dana Whitfield's lawyers in Port Ellery on Friday. The Harbor Trust declined.";
        let e: Vec<String> = entities(text).into_iter().map(|e| e.norm).collect();
        assert_eq!(e, ["vermont", "mayor ruth okafor", "dana whitfield", "port ellery", "harbor trust"]);
    }

    #[test]
    fn url_slug_terms() {
        let t: Vec<String> =
            url_terms("http://example.com/business/ferry-operator-halts-crossings-20140310,0,1312.story?x=1")
                .into_iter()
                .map(|t| t.display)
                .collect();
        assert_eq!(t, ["ferry", "operator", "halts", "crossings"]);
        assert!(url_terms("https://example.com/").is_empty());
        assert!(url_terms("no url").is_empty());
    }

    #[test]
    fn detects_title_case() {
        assert!(is_title_case("Ferry Operator Halts Night Crossings After Engine Fire"));
        assert!(!is_title_case("Ferry operator halts night crossings after engine fire"));
    }
}
