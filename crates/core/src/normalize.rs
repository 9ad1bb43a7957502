//! Text normalisation: Unicode NFKC, case folding, typographic punctuation to
//! ASCII, whitespace collapsing.
//!
//! Matching across outlets must not care whether one of them typed `’` and the
//! other `'`, or `“` and `"` (seed 000 mixes both in one article).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::swar;

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
    fold_mixed(&nfkc(s))
}

/// Unicode NFKC of `s`, borrowed when `s` is already in NFKC.
///
/// The same string as `s.nfkc().collect::<String>()` (property-tested), much
/// faster on news text. Hand-written around the `unicode-normalization`
/// crate because NFKC was a quarter of the dedup profile: most articles are
/// ASCII plus a few common non-ASCII chars (curly quotes, dashes, accented
/// Latin letters, `£`), which the crate's quick check looks up in two perfect
/// hash tables per char, and about a third of real articles hold a
/// no-break space or an ellipsis, which sent the whole text through the
/// decompose-reorder-recompose iterator.
///
/// Here every char of the common blocks (Latin, Greek, Cyrillic, general
/// punctuation, currency, Latin ligatures) is classified once, from the
/// crate's own tables ([`ClassTable`]):
/// * *stable*: quick check `Yes` and combining class 0, so it behaves exactly
///   like an ASCII char in the quick check;
/// * *simple*: its compatibility decomposition (NFKD) is ASCII (`U+00A0` →
///   space, `…` → `...`, `²` → `2`, `ﬁ` → `fi`).
///
/// A text whose non-ASCII chars are all stable is in NFKC. A text whose
/// non-ASCII chars are stable or simple has NFKC = the text with each simple
/// char replaced by its ASCII decomposition: replacing a char by its own
/// decomposition leaves the NFKD of the whole text unchanged (the inserted
/// ASCII chars are starters, so canonical reordering is unaffected), hence
/// the NFKC too, and the replaced text is stable. Any other text takes the
/// crate's quick check and, if needed, its full normalisation, as before.
pub fn nfkc(s: &str) -> Cow<'_, str> {
    let Some(first) = next_non_ascii(s.as_bytes(), 0) else {
        return Cow::Borrowed(s);
    };
    let table = class_table();
    // Pass 1: classify the non-ASCII chars; remember whether any is simple.
    let mut simple = false;
    let mut i = first;
    while let Some(c) = s.get(i..).and_then(|r| r.chars().next()) {
        match table.class(c) {
            CharClass::Stable => {}
            CharClass::Simple(_) => simple = true,
            CharClass::Other => return nfkc_general(s),
        }
        match next_non_ascii(s.as_bytes(), i + c.len_utf8()) {
            Some(j) => i = j,
            None => break,
        }
    }
    if !simple {
        return Cow::Borrowed(s);
    }
    // Pass 2: copy, replacing the simple chars.
    let mut out = String::with_capacity(s.len() + 8);
    let (mut copied, mut i) = (0, first);
    while let Some(c) = s.get(i..).and_then(|r| r.chars().next()) {
        let next = i + c.len_utf8();
        if let CharClass::Simple(ascii) = table.class(c) {
            out.push_str(s.get(copied..i).unwrap_or(""));
            out.push_str(ascii);
            copied = next;
        }
        match next_non_ascii(s.as_bytes(), next) {
            Some(j) => i = j,
            None => break,
        }
    }
    out.push_str(s.get(copied..).unwrap_or(""));
    Cow::Owned(out)
}

/// Position of the first byte `>= 0x80` at or after `from` (eight bytes at a time).
#[inline]
fn next_non_ascii(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(v) = swar::load(b, i) {
        let high = v & swar::HI;
        if high != 0 {
            return Some(i + swar::first_lane(high));
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&x| x >= 0x80).map(|p| i + p)
}

/// NFKC through the crate alone (quick check, then the full iterator).
fn nfkc_general(s: &str) -> Cow<'_, str> {
    if unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// What [`nfkc`] knows of a char (see there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    /// NFKC quick check `Yes` and combining class 0.
    Stable,
    /// NFKD is this ASCII string.
    Simple(&'static str),
    /// Anything else: the general path decides.
    Other,
}

/// The blocks [`nfkc`] classifies: Latin-1 to Arabic (U+0080–U+07FF),
/// general punctuation, super/subscripts, currency and letterlike symbols
/// (U+2000–U+214F) and the Latin ligatures (U+FB00–U+FB06).
const CLASSIFIED: [(u32, u32); 3] = [(0x80, 0x800), (0x2000, 0x2150), (0xFB00, 0xFB07)];

/// The class of every char of [`CLASSIFIED`], one vector per block.
struct ClassTable([Vec<CharClass>; 3]);

impl ClassTable {
    #[inline]
    fn class(&self, c: char) -> CharClass {
        let u = c as u32;
        for (&(lo, _), classes) in CLASSIFIED.iter().zip(&self.0) {
            if let Some(&k) = u.checked_sub(lo).and_then(|i| classes.get(i as usize)) {
                return k;
            }
        }
        CharClass::Other
    }
}

/// The table, computed once per process from the crate's own tables.
fn class_table() -> &'static ClassTable {
    static TABLE: std::sync::OnceLock<ClassTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        ClassTable(
            CLASSIFIED
                .map(|(lo, hi)| (lo..hi).map(|u| char::from_u32(u).map_or(CharClass::Other, classify_char)).collect()),
        )
    })
}

fn classify_char(c: char) -> CharClass {
    use unicode_normalization::char::canonical_combining_class;
    if canonical_combining_class(c) == 0
        && unicode_normalization::is_nfkc_quick(std::iter::once(c)) == unicode_normalization::IsNormalized::Yes
    {
        return CharClass::Stable;
    }
    let d: String = std::iter::once(c).nfkd().collect();
    if !d.is_empty() && d.is_ascii() {
        // a few hundred short strings, made once per process
        return CharClass::Simple(Box::leak(d.into_boxed_str()));
    }
    CharClass::Other
}

/// [`fold`] without the NFKC step, for text already normalised (or ASCII):
/// lowercase, typographic punctuation folded, whitespace collapsed, trimmed.
pub fn fold_normalized(s: &str) -> String {
    fold_mixed(s)
}

/// [`fold_chars`] over a normalised text, byte by byte where it is ASCII
/// (news text: ASCII with curly quotes and dashes; most lines and quotes are
/// all ASCII): there whitespace or control is `<= b' '` or DEL and the only
/// typographic mark is the backtick; only the other chars are decoded (a
/// char loop over the whole text was 8 % of ingest's profile, in the
/// content hash).
fn fold_mixed(s: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut pending_space = false;
    let mut rest = s;
    while !rest.is_empty() {
        // the ASCII run first
        let run = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        for &b in &rest.as_bytes()[..run] {
            if b <= b' ' || b == 0x7F {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(b' ');
                pending_space = false;
            }
            out.push(if b == b'`' { b'\'' } else { b.to_ascii_lowercase() });
        }
        rest = &rest[run..];
        // then one non-ASCII char
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        let c = normalize_punct(c);
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(b' ');
            pending_space = false;
        }
        let mut buf = [0u8; 4];
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase() as u8);
        } else {
            for l in c.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    // only whole chars were pushed
    String::from_utf8(out).unwrap_or_default()
}

/// The folding loop of [`fold`] over an already normalised char sequence
/// (the reference [`fold_mixed`] is tested against).
#[cfg(test)]
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

    #[test]
    fn nfkc_fast_paths() {
        assert!(matches!(nfkc("plain"), Cow::Borrowed("plain")));
        // stable non-ASCII: borrowed
        let s = "Caf\u{e9} \u{2018}quoted\u{2019} \u{2014} \u{a3}5";
        assert!(matches!(nfkc(s), Cow::Borrowed(_)));
        // simple replacements, no general pass
        assert_eq!(nfkc("a\u{a0}b\u{2026} x\u{b2} \u{fb01}ne"), "a b... x2 fine");
        // combining marks compose (general path)
        assert_eq!(nfkc("e\u{301}t\u{e9}\u{a0}"), "\u{e9}t\u{e9} ");
        // every classified char agrees with the crate, alone and after a letter
        for &(lo, hi) in &CLASSIFIED {
            for c in (lo..hi).filter_map(char::from_u32) {
                for s in [c.to_string(), format!("a{c}"), format!("{c}\u{301}")] {
                    let want: String = s.nfkc().collect();
                    assert_eq!(nfkc(&s), want, "U+{:04X}", c as u32);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_fast_path_equals_unicode_path(s in "[\\x00-\\x7f]{0,120}") {
            proptest::prop_assert_eq!(fold(&s), fold_chars(s.nfkc(), s.len()));
            proptest::prop_assert_eq!(fold_normalized(&s), fold_chars(s.chars(), s.len()));
        }

        #[test]
        fn mixed_path_equals_unicode_path(s in "([a-zA-Z0-9 .,'`\t\n\x7f\x00]|[\u{a0}\u{85}\u{2026}\u{2018}\u{2019}\u{201c}\u{2014}\u{2009}\u{3000}\u{e9}\u{c9}\u{130}\u{df}\u{212a}\u{3a3}]|\\PC){0,60}") {
            proptest::prop_assert_eq!(fold(&s), fold_chars(s.nfkc(), s.len()));
            proptest::prop_assert_eq!(fold_normalized(&s), fold_chars(s.chars(), s.len()));
        }

        #[test]
        fn nfkc_equals_the_crate(s in "([a-zA-Z .,'\\n]|[\\u{a0}\\u{2026}\\u{2019}\\u{201c}\\u{2014}\\u{b2}\\u{bd}\\u{e9}\\u{301}\\u{308}\\u{fb01}\\u{2002}\\u{2122}\\u{3a9}\\u{2126}\\u{1100}\\u{1161}\\u{ff21}]|\\PC){0,60}") {
            let want: String = s.nfkc().collect();
            let got = nfkc(&s);
            proptest::prop_assert_eq!(got.as_ref(), want.as_str());
        }

        #[test]
        fn fold_is_idempotent(s in "\\PC{0,80}") {
            let once = fold(&s);
            proptest::prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
