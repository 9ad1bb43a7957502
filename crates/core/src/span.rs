//! Spans and byte → character offset conversion.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The slice of `text` this span covers, or `""` if it does not fall on char boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Converts byte offsets into Unicode scalar value offsets (Python `str` indices)
/// and back, in O(log k) per lookup (k = number of non-ASCII chars) after an
/// O(n) build. ASCII-only text costs nothing.
#[derive(Debug, Clone)]
pub struct CharMap {
    /// `(byte offset, char offset, utf-8 length)` of every multi-byte char.
    multibyte: Vec<(usize, usize, usize)>,
    len_bytes: usize,
}

impl CharMap {
    pub fn new(text: &str) -> Self {
        let multibyte = text
            .char_indices()
            .enumerate()
            .filter(|(_, (_, c))| c.len_utf8() > 1)
            .map(|(ci, (bi, c))| (bi, ci, c.len_utf8()))
            .collect();
        CharMap { multibyte, len_bytes: text.len() }
    }

    /// Char offset of byte offset `b` (clamped to the text's end). A `b` inside a
    /// multi-byte char maps to the char after it.
    pub fn char_offset(&self, b: usize) -> usize {
        let b = b.min(self.len_bytes);
        let idx = self.multibyte.partition_point(|&(off, _, _)| off < b);
        if idx == 0 {
            return b;
        }
        let (off, coff, len) = self.multibyte[idx - 1];
        coff + 1 + b.saturating_sub(off + len)
    }

    /// Byte offset of char offset `c` (clamped to the text's end).
    pub fn byte_offset(&self, c: usize) -> usize {
        let idx = self.multibyte.partition_point(|&(_, coff, _)| coff < c);
        let b = if idx == 0 {
            c
        } else {
            let (off, coff, len) = self.multibyte[idx - 1];
            off + len + (c - coff - 1)
        };
        b.min(self.len_bytes)
    }
}

/// A text whose chars are sliced by char offsets (what quote offsets count,
/// like Python string indices), each slice in O(log k) for k non-ASCII chars
/// after one pass over the text.
#[derive(Debug, Clone)]
pub struct CharText<'a> {
    text: &'a str,
    map: CharMap,
    chars: usize,
}

impl<'a> CharText<'a> {
    pub fn new(text: &'a str) -> Self {
        let map = CharMap::new(text);
        let chars = map.char_offset(text.len());
        CharText { text, map, chars }
    }

    /// The chars `start..end`, if in range.
    pub fn chars(&self, start: usize, end: usize) -> Option<&'a str> {
        if start > end || end > self.chars {
            return None;
        }
        self.text.get(self.map.byte_offset(start)..self.map.byte_offset(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_text_slices_by_chars() {
        let t = CharText::new("añb“c”");
        assert_eq!(t.chars(1, 2), Some("ñ"));
        assert_eq!(t.chars(3, 3), Some(""));
        assert_eq!(t.chars(3, 6), Some("“c”"));
        assert_eq!(t.chars(0, 6), Some("añb“c”"));
        assert_eq!(t.chars(2, 7), None);
        assert_eq!(t.chars(2, 1), None);
        assert_eq!(CharText::new("").chars(0, 0), Some(""));
    }

    #[test]
    fn charmap_roundtrip() {
        let t = "a’b “c” d€e";
        let m = CharMap::new(t);
        for (ci, (bi, _)) in t.char_indices().enumerate() {
            assert_eq!(m.char_offset(bi), ci, "byte {bi}");
            assert_eq!(m.byte_offset(ci), bi, "char {ci}");
        }
        assert_eq!(m.char_offset(t.len()), t.chars().count());
        assert_eq!(m.byte_offset(t.chars().count()), t.len());
    }

    proptest::proptest! {
        #[test]
        fn charmap_matches_char_indices(s in "\\PC{0,60}") {
            let m = CharMap::new(&s);
            for (ci, (bi, _)) in s.char_indices().enumerate() {
                proptest::prop_assert_eq!(m.char_offset(bi), ci);
                proptest::prop_assert_eq!(m.byte_offset(ci), bi);
            }
        }
    }
}
