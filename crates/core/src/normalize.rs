//! Text normalisation: Unicode NFKC, case folding, typographic punctuation to
//! ASCII, whitespace collapsing.
//!
//! Matching across outlets must not care whether one of them typed `’` and the
//! other `'`, or `“` and `"` (seed 000 mixes both in one article).

use unicode_normalization::UnicodeNormalization;

/// Map typographic punctuation to its ASCII counterpart; everything else unchanged.
#[inline]
pub fn normalize_punct(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        '\u{2026}' => '.',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{3000}' => ' ',
        _ => c,
    }
}

/// Fold one char for matching: typographic punctuation to ASCII, then lowercase.
/// Returns the first char of the lowercase mapping (sufficient for matching; the
/// rare multi-char lowercase forms only occur in a handful of scripts).
#[inline]
pub fn fold_char(c: char) -> char {
    let c = normalize_punct(c);
    if c.is_ascii() { c.to_ascii_lowercase() } else { c.to_lowercase().next().unwrap_or(c) }
}

/// Fully normalised form of a text for exact comparison: NFKC, lowercase,
/// typographic punctuation folded, whitespace runs collapsed to one space, trimmed.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return fold_ascii(s);
    }
    fold_unicode(s)
}

/// [`fold`] of an ASCII text, byte by byte: NFKC leaves ASCII unchanged and
/// the only typographic mapping within ASCII is the backtick, so this gives
/// the same string as [`fold_unicode`] without the normalisation iterator
/// (several times faster; most news text is ASCII).
fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for &b in s.as_bytes() {
        if b.is_ascii_whitespace() || b.is_ascii_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(if b == b'`' { '\'' } else { char::from(b.to_ascii_lowercase()) });
    }
    out
}

/// [`fold`] of any text.
fn fold_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfkc() {
        let c = normalize_punct(c);
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_case_and_space() {
        assert_eq!(fold("  I Don’t \u{00A0} WANT\n\nto “lose” you… "), "i don't want to \"lose\" you...");
        assert_eq!(fold("ﬁnal"), "final"); // NFKC ligature
    }

    proptest::proptest! {
        #[test]
        fn ascii_fast_path_equals_unicode_path(s in "[\\x00-\\x7f]{0,120}") {
            proptest::prop_assert_eq!(fold_ascii(&s), fold_unicode(&s));
        }

        #[test]
        fn fold_is_idempotent(s in "\\PC{0,80}") {
            let once = fold(&s);
            proptest::prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
