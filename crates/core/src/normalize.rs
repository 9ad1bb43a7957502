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
    // NFKC leaves ASCII and already-normalised text unchanged: skip the
    // normalisation iterator then (most news text is ASCII or NFKC already;
    // curly quotes and dashes are NFKC-stable)
    if s.is_ascii() || unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        fold_chars(s.chars(), s.len())
    } else {
        fold_chars(s.nfkc(), s.len())
    }
}

/// [`fold`] without the NFKC step, for text already normalised (or ASCII):
/// lowercase, typographic punctuation folded, whitespace collapsed, trimmed.
pub fn fold_normalized(s: &str) -> String {
    fold_chars(s.chars(), s.len())
}

/// The folding loop of [`fold`] over an already normalised char sequence.
fn fold_chars(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    for c in chars {
        let c = normalize_punct(c);
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
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
            proptest::prop_assert_eq!(fold(&s), fold_chars(s.nfkc(), s.len()));
        }

        #[test]
        fn fold_is_idempotent(s in "\\PC{0,80}") {
            let once = fold(&s);
            proptest::prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
