//! HTML building blocks: escaping, the page shell and small renderers shared
//! by the UI pages. Plain string building (no template engine) keeps the
//! binary small and every escape visible.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Escape text for HTML element content and quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encode a path segment or query value (RFC 3986 unreserved kept).
pub(crate) fn url_enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A whole page: landmarks, embedded stylesheet and script.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{t} · newsfold</title><link rel=\"stylesheet\" href=\"{css}\">\
<script src=\"{js}\" defer></script></head><body>\
<a class=\"skip\" href=\"#main\">Skip to content</a>\
<header class=\"site\"><nav aria-label=\"Site\"><a class=\"brand\" href=\"/\">news<b>fold</b></a>\
<a href=\"/\">Stories</a><a href=\"/outlets\">Outlets</a><a href=\"/openapi.json\">API</a></nav>\
<form class=\"search\" role=\"search\" action=\"/\" method=\"get\"><label class=\"sr\" for=\"q\">Search stories</label>\
<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search stories…\"></form></header>\
<main id=\"main\">{body}</main>\
<footer class=\"site\"><p>newsfold: who published first, who copied, what changed.</p></footer>\
</body></html>\n",
        t = esc(title),
        css = crate::ui::style_href(),
        js = crate::ui::script_href(),
    )
}

/// `2026-03-14 08:10` (UTC), or an em dash.
pub(crate) fn fmt_date(d: Option<DateTime<Utc>>) -> String {
    d.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "—".into())
}

/// A coloured badge for a role (`original`, `copy`, `rewrite`, ...).
pub(crate) fn badge(role: &str) -> String {
    let class = match role {
        "original" => "b-orig",
        "copy" | "near_duplicate" | "exact" | "syndicated" => "b-copy",
        "rewrite" => "b-rew",
        _ => "b-other",
    };
    format!("<span class=\"badge {class}\">{}</span>", esc(&role.replace('_', " ")))
}

/// `/articles/{id}` link.
pub(crate) fn article_href(id: &str) -> String {
    format!("/articles/{}", url_enc(id))
}

/// `/stories/{id}` link.
pub(crate) fn story_href(id: &str) -> String {
    format!("/stories/{}", url_enc(id))
}

/// The string value of `v[key]`, if it is a string.
pub(crate) fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The array at `v[key]`, or an empty slice.
pub(crate) fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// A JSON scalar as display text (strings unquoted).
pub(crate) fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Kind of an edit operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    Eq,
    Sub,
    Ins,
    Del,
}

/// One edit operation (`a` is the earlier or left text, `b` the later or right).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Op {
    pub kind: OpKind,
    pub a: String,
    pub b: String,
}

/// Render ops as one inline text: deletions struck, insertions marked.
pub(crate) fn ops_inline(ops: &[Op]) -> String {
    let mut out = String::new();
    for (i, op) in ops.iter().enumerate() {
        if i > 0 && !out.ends_with(' ') {
            out.push(' ');
        }
        match op.kind {
            OpKind::Eq => out.push_str(&esc(&op.b)),
            OpKind::Sub => {
                let _ = write!(
                    out,
                    "<del class=\"sub\" title=\"replaced\">{}</del> <ins class=\"sub\" title=\"replacement\">{}</ins>",
                    esc(&op.a),
                    esc(&op.b)
                );
            }
            OpKind::Ins => {
                let _ = write!(out, "<ins title=\"inserted\">{}</ins>", esc(&op.b));
            }
            OpKind::Del => {
                let _ = write!(out, "<del title=\"deleted\">{}</del>", esc(&op.a));
            }
        }
    }
    out
}

/// A quote's words for comparison: case-folded, punctuation trimmed, curly
/// apostrophes straightened (`Won’t` and `won't` compare equal).
fn cmp_word(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric()).replace('\u{2019}', "'").to_lowercase()
}

/// Word-level diff of two short texts (quotes), as ops with the original
/// words. Hand-written LCS: quotes are a few dozen words, so the quadratic
/// table is tiny and a diff crate would be overkill.
pub(crate) fn word_diff(a: &str, b: &str) -> Vec<Op> {
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    // Quotes longer than this are shown whole rather than diffed.
    const MAX_WORDS: usize = 400;
    if wa.len() > MAX_WORDS || wb.len() > MAX_WORDS {
        return vec![Op { kind: OpKind::Sub, a: a.to_string(), b: b.to_string() }];
    }
    let ka: Vec<String> = wa.iter().map(|w| cmp_word(w)).collect();
    let kb: Vec<String> = wb.iter().map(|w| cmp_word(w)).collect();
    let (n, m) = (ka.len(), kb.len());
    // lcs[i][j] = LCS length of ka[i..] and kb[j..]
    let mut lcs = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if ka[i] == kb[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut raw: Vec<(OpKind, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && ka[i] == kb[j] {
            raw.push((OpKind::Eq, wb[j]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            raw.push((OpKind::Ins, wb[j]));
            j += 1;
        } else {
            raw.push((OpKind::Del, wa[i]));
            i += 1;
        }
    }
    // Group runs: equal words together, and each run of deletions and
    // insertions between two equal stretches as one substitution.
    let mut out: Vec<Op> = Vec::new();
    let mut k = 0;
    while k < raw.len() {
        if raw[k].0 == OpKind::Eq {
            let mut words = Vec::new();
            while k < raw.len() && raw[k].0 == OpKind::Eq {
                words.push(raw[k].1);
                k += 1;
            }
            let t = words.join(" ");
            out.push(Op { kind: OpKind::Eq, a: t.clone(), b: t });
        } else {
            let (mut dels, mut inss) = (Vec::new(), Vec::new());
            while k < raw.len() && raw[k].0 != OpKind::Eq {
                if raw[k].0 == OpKind::Del {
                    dels.push(raw[k].1)
                } else {
                    inss.push(raw[k].1)
                }
                k += 1;
            }
            let kind = match (dels.is_empty(), inss.is_empty()) {
                (false, false) => OpKind::Sub,
                (false, true) => OpKind::Del,
                _ => OpKind::Ins,
            };
            out.push(Op { kind, a: dels.join(" "), b: inss.join(" ") });
        }
    }
    out
}

/// Byte spans of the whitespace-separated tokens of `text`.
fn token_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Most tokens per side that [`diff_marks`] aligns (the LCS table is
/// `a × b` 16-bit cells: 2,500² is 12.5 MB); longer passages are left unmarked.
const MAX_DIFF_TOKENS: usize = 2500;

/// Both texts of an aligned passage, escaped, with the words that are not in
/// their longest common word sequence wrapped in `<mark class="{class}">`.
/// The texts keep their own punctuation, spacing and line breaks (unlike
/// rendering from the alignment's word ops); words compare case- and
/// punctuation-insensitively. Hand-written LCS, as in [`word_diff`].
pub(crate) fn diff_marks(a: &str, b: &str, class: &str) -> (String, String) {
    let (ta, tb) = (token_spans(a), token_spans(b));
    if ta.len() > MAX_DIFF_TOKENS || tb.len() > MAX_DIFF_TOKENS {
        return (esc(a), esc(b));
    }
    let key = |t: &str, sp: &(usize, usize)| cmp_word(t.get(sp.0..sp.1).unwrap_or(""));
    let ka: Vec<String> = ta.iter().map(|sp| key(a, sp)).collect();
    let kb: Vec<String> = tb.iter().map(|sp| key(b, sp)).collect();
    let (n, m) = (ka.len(), kb.len());
    let mut lcs = vec![0u16; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] =
                if ka[i] == kb[j] { lcs[at(i + 1, j + 1)] + 1 } else { lcs[at(i + 1, j)].max(lcs[at(i, j + 1)]) };
        }
    }
    let (mut keep_a, mut keep_b) = (vec![false; n], vec![false; m]);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if ka[i] == kb[j] {
            keep_a[i] = true;
            keep_b[j] = true;
            i += 1;
            j += 1;
        } else if lcs[at(i + 1, j)] >= lcs[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (marked(a, &ta, &keep_a, class), marked(b, &tb, &keep_b, class))
}

/// `text` escaped, with runs of tokens not kept wrapped in marks; a run
/// stops at a line break so that marks never span paragraphs.
fn marked(text: &str, spans: &[(usize, usize)], keep: &[bool], class: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    let mut k = 0;
    while k < spans.len() {
        if keep.get(k).copied().unwrap_or(true) {
            k += 1;
            continue;
        }
        let start = spans[k].0;
        let mut end = spans[k].1;
        k += 1;
        while k < spans.len()
            && !keep.get(k).copied().unwrap_or(true)
            && !text.get(end..spans[k].0).unwrap_or("").contains('\n')
        {
            end = spans[k].1;
            k += 1;
        }
        out.push_str(&esc(text.get(pos..start).unwrap_or("")));
        let _ = write!(out, "<mark class=\"{class}\">{}</mark>", esc(text.get(start..end).unwrap_or("")));
        pos = end;
    }
    out.push_str(&esc(text.get(pos..).unwrap_or("")));
    out
}

/// A text's comparison keys, one per whitespace-separated word (as
/// [`word_diff`] compares them), for [`common_words`].
pub(crate) fn word_keys(text: &str) -> Vec<String> {
    text.split_whitespace().map(cmp_word).collect()
}

/// Words two texts share in order: the length of the longest common
/// subsequence of their [`word_keys`], which is the number of words
/// [`word_diff`] marks equal (0 when either is over its 400-word limit).
/// Only the length, with one rolling row: the story page compares every
/// small quote cluster with every bigger one, and building full diffs for
/// that made the page of a 200-cluster story take hundreds of milliseconds.
pub(crate) fn common_words<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    const MAX_WORDS: usize = 400;
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        return 0;
    }
    // row[j] = LCS of the current prefix of a and b[..j]
    let mut row = vec![0u16; b.len() + 1];
    for x in a {
        let mut diag = 0u16;
        for (j, y) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let v = if x == y { diag + 1 } else { up.max(left) };
            diag = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = v;
            }
        }
    }
    row.last().copied().unwrap_or(0) as usize
}

/// Size of the multiset intersection of two **sorted** slices: an upper
/// bound of [`common_words`] in linear time (a subsequence shared in order
/// is shared as a bag too), used to skip most pairs before the LCS.
pub(crate) fn bag_overlap<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Dice similarity of two texts' word sequences (2·LCS / (|a| + |b|)), from [`word_diff`].
#[cfg(test)]
pub(crate) fn word_similarity(a: &str, b: &str) -> f64 {
    let total = a.split_whitespace().count() + b.split_whitespace().count();
    if total == 0 {
        return 1.0;
    }
    let common: usize =
        word_diff(a, b).iter().filter(|o| o.kind == OpKind::Eq).map(|o| o.b.split_whitespace().count()).sum();
    2.0 * common as f64 / total as f64
}

/// Whether two quotes say the same words (case, punctuation and quote marks aside).
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    let ka = a.split_whitespace().map(cmp_word).filter(|w| !w.is_empty());
    let kb = b.split_whitespace().map(cmp_word).filter(|w| !w.is_empty());
    ka.eq(kb)
}

/// A short, human label: at most `max` chars, cut at a word boundary with `…`.
pub(crate) fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    // A word that ends exactly at the cut is kept whole.
    let word_ends_here = s.chars().nth(max.saturating_sub(1)).is_some_and(char::is_whitespace);
    let cut = match cut.rfind(' ') {
        Some(i) if !word_ends_here && i > max / 2 => cut.get(..i).unwrap_or(&cut).to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ', '-', '–']))
}

/// A friendly date: `14 Mar 2026, 08:10`, or `14 Mar 2026` when the source
/// gave a day only (midnight exactly), or an em dash.
pub(crate) fn nice_date(d: Option<DateTime<Utc>>) -> String {
    match d {
        None => "—".into(),
        Some(d) if d.format("%H:%M:%S").to_string() == "00:00:00" => d.format("%-d %b %Y").to_string(),
        Some(d) => d.format("%-d %b %Y, %H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fast count is exactly what the full diff marks equal.
        #[test]
        fn common_words_counts_the_equal_words_of_the_diff(
            a in "[a-cA-C’'.,— ]{0,40}",
            b in "[a-cA-C’'.,— ]{0,40}",
        ) {
            let from_diff: usize =
                word_diff(&a, &b).iter().filter(|o| o.kind == OpKind::Eq).map(|o| o.b.split_whitespace().count()).sum();
            prop_assert_eq!(common_words(&word_keys(&a), &word_keys(&b)), from_diff);
            prop_assert_eq!(common_words(&word_keys(&b), &word_keys(&a)), from_diff);
            let (mut sa, mut sb) = (word_keys(&a), word_keys(&b));
            sa.sort();
            sb.sort();
            prop_assert!(bag_overlap(&sa, &sb) >= from_diff, "the bag bound holds");
            prop_assert_eq!(bag_overlap(&sa, &sb), bag_overlap(&sb, &sa));
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc("<b a=\"x\">'&'</b>"), "&lt;b a=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;");
        assert_eq!(url_enc("a/b c?é"), "a%2Fb%20c%3F%C3%A9");
    }

    #[test]
    fn ops_render_inline_escaped() {
        let op = |kind, a: &str, b: &str| Op { kind, a: a.into(), b: b.into() };
        let ops = [
            op(OpKind::Eq, "we will", "we will"),
            op(OpKind::Sub, "never", "not"),
            op(OpKind::Ins, "", "<script>"),
            op(OpKind::Del, "ever", ""),
        ];
        let h = ops_inline(&ops);
        assert!(h.starts_with("we will <del class=\"sub\" title=\"replaced\">never</del>"), "{h}");
        assert!(h.contains("<ins title=\"inserted\">&lt;script&gt;</ins>"), "{h}");
        assert!(h.ends_with("<del title=\"deleted\">ever</del>"), "{h}");
        assert!(!h.contains("<script>"));
    }

    #[test]
    fn word_diff_finds_the_altered_words() {
        let ops = word_diff(
            "We will not rest until every family has answers",
            "We won't stop until each family has answers.",
        );
        let subs: Vec<(&str, &str)> =
            ops.iter().filter(|o| o.kind == OpKind::Sub).map(|o| (o.a.as_str(), o.b.as_str())).collect();
        assert_eq!(subs, vec![("will not rest", "won't stop"), ("every", "each")]);
        assert!(ops.last().is_some_and(|o| o.kind == OpKind::Eq && o.b == "family has answers."));
        let ops = word_diff("and then the lights went out.", "We heard a bang, and then the lights went out");
        assert_eq!(ops[0], Op { kind: OpKind::Ins, a: String::new(), b: "We heard a bang,".into() });
        assert!(same_words("We’ll go, he said", "we'll go he said."));
        assert!(!same_words("a b", "a c"));
        let sim = word_similarity(
            "We will not rest until every family has answers",
            "We won't stop until each family has answers",
        );
        assert!((sim - 10.0 / 17.0).abs() < 1e-9, "{sim}");
        assert_eq!(short("Three dead, 17 hurt as ferry collides", 20), "Three dead, 17 hurt…");
        assert_eq!(short("short", 20), "short");
    }

    #[test]
    fn diff_marks_keep_the_texts_and_mark_changes() {
        let (a, b) = diff_marks("The ferry, built in 1995,\nsank.", "The old ferry (built 1995)\nsank!", "chg");
        assert_eq!(a, "The ferry, built <mark class=\"chg\">in</mark> 1995,\nsank.");
        assert_eq!(b, "The <mark class=\"chg\">old</mark> ferry (built 1995)\nsank!");
        let (a, b) = diff_marks("<b> & co", "<b> & co", "chg");
        assert_eq!((a.as_str(), b.as_str()), ("&lt;b&gt; &amp; co", "&lt;b&gt; &amp; co"));
        let (a, _) = diff_marks("one two\nthree", "four", "x");
        assert_eq!(a, "<mark class=\"x\">one two</mark>\n<mark class=\"x\">three</mark>", "no mark across lines");
    }
}
