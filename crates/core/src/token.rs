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

/// Tokenise `text` into words. Never panics; offsets are always char boundaries.
pub fn tokenize(text: &str) -> Vec<Token> {
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
            let joins = (is_apostrophe(d) && prev.is_alphabetic()) || ((d == '.' || d == ',') && prev.is_ascii_digit());
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
