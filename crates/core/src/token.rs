//! Word tokenisation with byte offsets and normalised hashes.
//!
//! Hand-written rather than taken from a segmentation crate because it is the
//! innermost loop of sketching and alignment: one pass, no allocation for
//! ASCII words, and it must agree exactly with [`crate::fold`] on what a word is.
//!
//! A word is a maximal run of alphanumeric chars (or `_`), which may contain an
//! apostrophe between letters (`don’t`, `O'Brien`) and a `.` or `,` between
//! digits (`1.13`, `14,000`). The hash is of the folded form (lowercase, ASCII
//! apostrophe), so `Don’t` and `don't` hash alike.

use crate::hash::hash_bytes;
use crate::normalize::fold_char;
use crate::span::Span;
use crate::swar;

/// One word: its byte span in the original text and the hash of its folded form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub hash: u64,
}

impl Token {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[inline]
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 128 { Some(b as char) } else { text.get(i..)?.chars().next() }
}

/// Byte classes of the ASCII fast path (see [`tokenize`]).
const C_WORD: u8 = 1; // [A-Za-z0-9_]
const C_ALPHA: u8 = 2; // [A-Za-z]
const C_DIGIT: u8 = 4; // [0-9]
const C_HIGH: u8 = 8; // a byte of a non-ASCII char

const fn byte_classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            C_HIGH
        } else if c.is_ascii_alphabetic() {
            C_WORD | C_ALPHA
        } else if c.is_ascii_digit() {
            C_WORD | C_DIGIT
        } else if c == b'_' {
            C_WORD
        } else {
            0
        };
        b += 1;
    }
    t
}

static CLASS: [u8; 256] = byte_classes();

/// Longest word the ASCII fast path folds into its stack buffer; longer
/// words take the char path.
const FAST_WORD_MAX: usize = 64;

/// Tokenise `text` into words. Never panics; offsets are always char boundaries.
///
/// Hand-written (the innermost loop of sketching, alignment and story
/// features): words made only of ASCII
/// bytes, and whose joiners are ASCII, are scanned one byte at a time with a
/// byte-class table, folded to lowercase into a stack buffer and hashed with
/// xxh3 directly — no char decoding, no heap buffer. A word that touches a
/// non-ASCII byte (`café`, `don’t`, `£600m` is fine: `£` is not a word char)
/// is re-scanned from its start by the general char path, which applies the
/// Unicode rules ([`fold_char`], `is_alphanumeric`). Both paths hash the
/// same folded bytes, so the output is identical to the char path's alone
/// (property-tested against a plain char-by-char tokeniser).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, &mut out);
    out
}

/// [`tokenize`] into a reused vector (cleared first).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let b = text.as_bytes();
    let n = b.len();
    let mut buf: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < n {
        let cls = CLASS[b[i] as usize];
        if cls & C_WORD != 0 {
            i = match ascii_word(b, i, out) {
                Some(next) => next,
                None => char_word(text, i, out, &mut buf),
            };
        } else if cls & C_HIGH != 0 {
            match char_at(text, i) {
                Some(c) if is_word(c) => i = char_word(text, i, out, &mut buf),
                Some(c) => i += c.len_utf8(),
                None => break,
            }
        } else {
            i += 1;
        }
    }
}

/// The ASCII fast path for a word starting at byte `start` (an ASCII word
/// byte). Pushes the token and returns the byte after it, or `None` (nothing
/// pushed) when the word or a joiner involves a non-ASCII char or the word is
/// longer than [`FAST_WORD_MAX`]: the caller then takes the char path.
#[inline]
fn ascii_word(b: &[u8], start: usize, out: &mut Vec<Token>) -> Option<usize> {
    let mut buf = [0u8; FAST_WORD_MAX];
    let mut len = 0;
    let mut j = start;
    loop {
        // a run of ASCII word bytes: eight at a time while the run lasts ...
        while let (Some(v), Some(dst)) = (swar::load(b, j), buf.get_mut(len..len + 8)) {
            let (word, lowered) = swar_word_lanes(v);
            dst.copy_from_slice(&lowered.to_le_bytes());
            // lanes are little-endian: the first non-word byte is the lowest clear lane
            let run = swar::first_lane(!word & SWAR_HI);
            len += run;
            j += run;
            if run < 8 {
                break;
            }
        }
        // ... then byte by byte (the end of the text, or a word at the buffer's end)
        while let Some(&x) = b.get(j) {
            if CLASS[x as usize] & C_WORD == 0 {
                break;
            }
            *buf.get_mut(len)? = x.to_ascii_lowercase();
            len += 1;
            j += 1;
        }
        let Some(&d) = b.get(j) else { break };
        if d >= 0x80 {
            // a non-ASCII word char or a typographic apostrophe may continue the word
            return None;
        }
        // the run is non-empty, so b[j - 1] is its last (ASCII word) byte
        let prev = CLASS[b.get(j.wrapping_sub(1)).copied().unwrap_or(0) as usize];
        let next = b.get(j + 1).copied().unwrap_or(0);
        if d == b'\'' && prev & C_ALPHA != 0 {
            if next >= 0x80 {
                return None; // the next char may be a non-ASCII letter
            }
            if CLASS[next as usize] & C_ALPHA == 0 {
                break;
            }
        } else if (d == b'.' || d == b',') && prev & C_DIGIT != 0 {
            if CLASS[next as usize] & C_DIGIT == 0 {
                break;
            }
        } else {
            break;
        }
        *buf.get_mut(len)? = d;
        len += 1;
        j += 1;
    }
    out.push(Token { start, end: j, hash: hash_bytes(buf.get(..len)?) });
    Some(j)
}

/// The high bit of every byte lane of a `u64`.
use crate::swar::{HI as SWAR_HI, ONES as SWAR_ONES};

/// Lanes of `v7` (bytes below 0x80) holding a byte in `lo..=hi`, as their high bit.
#[inline]
fn swar_between(v7: u64, lo: u8, hi: u8) -> u64 {
    // x + (0x80 - lo) reaches the high bit iff x >= lo; x + (0x7F - hi) iff
    // x > hi; neither sum carries into the next lane for x < 0x80
    let ge_lo = v7 + SWAR_ONES * u64::from(0x80 - lo);
    let gt_hi = v7 + SWAR_ONES * u64::from(0x7F - hi);
    ge_lo & !gt_hi & SWAR_HI
}

/// Eight bytes classified at once (SWAR): the high bit of each lane holding an
/// ASCII word byte (`[A-Za-z0-9_]`, the [`C_WORD`] class), and the bytes with
/// ASCII capitals lowercased. Hand-written because this is the innermost loop
/// of sketching: a byte-at-a-time scan mispredicts a branch at every word end.
#[inline]
fn swar_word_lanes(v: u64) -> (u64, u64) {
    let ascii = !v & SWAR_HI;
    let v7 = v & !SWAR_HI;
    let alpha = swar_between(v7 | (SWAR_ONES * 0x20), b'a', b'z');
    let digit = swar_between(v7, b'0', b'9');
    let under = swar_between(v7, b'_', b'_');
    let upper = swar_between(v7, b'A', b'Z') & ascii;
    ((alpha | digit | under) & ascii, v | (upper >> 2))
}

/// The general (char) path for a word starting at byte `i` (a word char):
/// the word rules of the module doc. Returns the byte after it.
fn char_word(text: &str, i: usize, out: &mut Vec<Token>, buf: &mut Vec<u8>) -> usize {
    let Some(c) = char_at(text, i) else { return text.len() };
    buf.clear();
    push_folded(buf, c);
    let mut j = i + c.len_utf8();
    let mut end = j;
    let mut prev = c;
    while let Some(d) = char_at(text, j) {
        if is_word(d) {
            push_folded(buf, d);
            j += d.len_utf8();
            end = j;
            prev = d;
            continue;
        }
        let apos = is_apostrophe(d);
        if (apos && prev.is_alphabetic()) || ((d == '.' || d == ',') && prev.is_ascii_digit()) {
            let after = j + d.len_utf8();
            if let Some(e) = char_at(text, after)
                && (if apos { e.is_alphabetic() } else { e.is_ascii_digit() })
            {
                buf.push(if apos { b'\'' } else { d as u8 });
                j = after;
                continue;
            }
        }
        break;
    }
    out.push(Token { start: i, end, hash: hash_bytes(buf) });
    j
}

#[inline]
fn push_folded(buf: &mut Vec<u8>, c: char) {
    if c.is_ascii() {
        buf.push(c.to_ascii_lowercase() as u8);
    } else {
        let f = fold_char(c);
        let mut tmp = [0u8; 4];
        buf.extend_from_slice(f.encode_utf8(&mut tmp).as_bytes());
    }
}

/// The folded text of each token (allocates; for display, debugging and term statistics).
pub fn tokens_text(text: &str, tokens: &[Token]) -> Vec<String> {
    tokens
        .iter()
        .map(|t| {
            text.get(t.start..t.end)
                .unwrap_or("")
                .chars()
                .map(|c| if is_apostrophe(c) { '\'' } else { fold_char(c) })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain char-by-char tokeniser the fast one must equal.
    fn tokenize_reference(text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 5);
        let mut buf: Vec<u8> = Vec::with_capacity(32);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !is_word(c) {
                continue;
            }
            buf.clear();
            push_folded(&mut buf, c);
            let start = i;
            let mut end = i + c.len_utf8();
            let mut prev = c;
            while let Some(&(j, d)) = chars.peek() {
                if is_word(d) {
                    push_folded(&mut buf, d);
                    end = j + d.len_utf8();
                    prev = d;
                    chars.next();
                    continue;
                }
                // joiners: apostrophe between letters, . or , between digits
                let joins =
                    (is_apostrophe(d) && prev.is_alphabetic()) || ((d == '.' || d == ',') && prev.is_ascii_digit());
                if joins {
                    let mut look = chars.clone();
                    look.next();
                    if let Some(&(_, e)) = look.peek() {
                        let ok = if is_apostrophe(d) { e.is_alphabetic() } else { e.is_ascii_digit() };
                        if ok {
                            buf.push(if is_apostrophe(d) { b'\'' } else { d as u8 });
                            chars.next();
                            continue;
                        }
                    }
                }
                break;
            }
            out.push(Token { start, end, hash: hash_bytes(&buf) });
        }
        out
    }

    #[test]
    fn swar_lanes_match_the_byte_classes() {
        for x in 0u8..=255 {
            for lane in 0..8 {
                let v = (u64::from(x) << (8 * lane)) | (0x2020_2020_2020_2020 & !(0xFFu64 << (8 * lane)));
                let (word, lowered) = swar_word_lanes(v);
                let is_word = word >> (8 * lane + 7) & 1 == 1;
                assert_eq!(is_word, CLASS[x as usize] & C_WORD != 0, "byte {x:#x} lane {lane}");
                let low = (lowered >> (8 * lane)) as u8;
                if x < 0x80 {
                    assert_eq!(low, x.to_ascii_lowercase(), "byte {x:#x}");
                }
                // the other lanes (spaces) are never word bytes
                assert_eq!(word & !(0x80u64 << (8 * lane)), 0);
            }
        }
    }

    #[test]
    fn fast_path_matches_reference_examples() {
        for s in [
            "I don’t want to lose you.",
            "$1.13bn (£600m), 14,000 miles",
            "'quoted' end. 3.",
            "a'b' 1.2.3 x,y 4,",
            "Ünïcode ﬁnal ΣΑΣ l'été",
            "caf\u{e9}s O'Brien's l'\u{e9}t\u{e9} rock’n’roll 3,5 5.x 7,\u{e9} x'\u{e9} 1'2 a_b'c __'x",
            "Mr.Smith's 1,000,000.50 end'",
        ] {
            assert_eq!(tokenize(s), tokenize_reference(s), "{s}");
        }
    }

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| &s[t.start..t.end]).collect()
    }

    #[test]
    fn splits_words_and_keeps_joiners() {
        assert_eq!(words("I don’t want to lose you."), ["I", "don’t", "want", "to", "lose", "you"]);
        assert_eq!(words("$1.13bn (£600m), 14,000 miles"), ["1.13bn", "600m", "14,000", "miles"]);
        assert_eq!(words("'quoted' end. 3."), ["quoted", "end", "3"]);
    }

    #[test]
    fn hash_is_case_and_apostrophe_insensitive() {
        let a = tokenize("Don’t");
        let b = tokenize("don't");
        assert_eq!(a[0].hash, b[0].hash);
        assert_eq!(tokens_text("Don’t", &a), ["don't"]);
    }

    proptest::proptest! {
        #[test]
        fn fast_path_matches_reference(s in "[a-zA-Z0-9 .,'’‘ʼ_éÉß£€\n-]{0,120}") {
            proptest::prop_assert_eq!(tokenize(&s), tokenize_reference(&s));
        }

        #[test]
        fn fast_path_matches_reference_ascii(s in "[a-zA-Z0-9_ .,'\n\t()$%-]{0,300}") {
            proptest::prop_assert_eq!(tokenize(&s), tokenize_reference(&s));
        }

        #[test]
        fn fast_path_matches_reference_long_words(w in "[a-zA-Z0-9']{50,90}", rest in "[a-z ’é.,0-9]{0,40}") {
            let s = format!("{w}{rest} {w}");
            proptest::prop_assert_eq!(tokenize(&s), tokenize_reference(&s));
        }

        #[test]
        fn fast_path_matches_reference_any(s in "\\PC{0,120}") {
            proptest::prop_assert_eq!(tokenize(&s), tokenize_reference(&s));
        }

        #[test]
        fn tokens_are_ordered_boundaries(s in "\\PC{0,100}") {
            let toks = tokenize(&s);
            let mut last = 0;
            for t in toks {
                proptest::prop_assert!(t.start >= last && t.end > t.start);
                proptest::prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                last = t.end;
            }
        }
    }
}
