//! A small lexer that keeps punctuation (the core tokenizer drops it, but the
//! fact patterns need commas, hyphens, brackets and currency signs), plus
//! number parsing (digits and English number words).
//!
//! Hand-written: the patterns are tiny and need exact byte spans; a general
//! NLP tokenizer would be heavier and would not split `9-month-old` the way the
//! age patterns expect.

use std::borrow::Cow;

/// Kind of a lexical token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (may contain an inner apostrophe: `don't`, `Alec's`).
    Word,
    /// Digits with inner `,` or `.` between digits (`1,500`, `1.13`).
    Num,
    /// Any other single non-space char.
    Punct,
}

/// One token with its byte span in the article text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub s: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// True when the token directly follows the previous one (no space): `1.13` `bn`.
    pub glued: bool,
    /// `s` is already in folded form (lowercase ASCII, no backtick): [`Tok::lower`]
    /// borrows it without looking at its bytes again.
    pub folded: bool,
    /// The number starting here ([`parse_number`]), parsed once by [`lex`]:
    /// the extraction passes ask for it many times per token.
    pub num: Option<Number>,
}

impl<'a> Tok<'a> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.s.starts_with(c)
    }
    /// Lowercased text with typographic apostrophes folded (borrowed when the
    /// token is already lowercase ASCII: most words, no allocation).
    pub fn lower(&self) -> Cow<'a, str> {
        if self.folded { Cow::Borrowed(self.s) } else { fold_word(self.s) }
    }
    /// Starts with an uppercase letter.
    pub fn is_cap(&self) -> bool {
        self.kind == Kind::Word && self.s.chars().next().is_some_and(char::is_uppercase)
    }
    /// The word without a possessive `'s` / `’s` / trailing apostrophe.
    pub fn base(&self) -> &'a str {
        for suf in ["'s", "’s", "'", "’"] {
            if let Some(b) = self.s.strip_suffix(suf) {
                if !b.is_empty() {
                    return b;
                }
            }
        }
        self.s
    }
    pub fn is_possessive(&self) -> bool {
        self.base().len() != self.s.len()
    }
}

/// `s` with every char through [`newsfold_core::fold_char`] (lowercase,
/// typographic apostrophes folded); borrowed when that changes nothing.
pub(crate) fn fold_word(s: &str) -> Cow<'_, str> {
    // ASCII without a backtick (which fold_char turns into an apostrophe):
    // folding is plain lowercasing
    if is_folded(s) {
        Cow::Borrowed(s)
    } else if s.bytes().all(|b| b.is_ascii() && b != b'`') {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Owned(s.chars().map(newsfold_core::fold_char).collect())
    }
}

/// Whether [`fold_word`] leaves `s` unchanged (lowercase ASCII, no backtick).
fn is_folded(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii() && b != b'`' && !b.is_ascii_uppercase())
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// The char at byte `p` of `s` (ASCII without decoding).
#[inline]
fn char_at(s: &str, p: usize) -> Option<char> {
    let b = *s.as_bytes().get(p)?;
    if b < 128 { Some(b as char) } else { s.get(p..)?.chars().next() }
}

/// Lex `text[range]` (byte offsets are absolute into `text`).
pub(crate) fn lex(text: &str, from: usize, to: usize) -> Vec<Tok<'_>> {
    let mut out: Vec<Tok<'_>> = Vec::new();
    let Some(slice) = text.get(from..to) else { return out };
    out.reserve(slice.len() / 5);
    let at = |p: usize| char_at(slice, p);
    let mut p = 0;
    let mut last_end = usize::MAX;
    while let Some(c) = at(p) {
        if c.is_whitespace() {
            p += c.len_utf8();
            continue;
        }
        let start = from + p;
        p += c.len_utf8();
        let kind;
        if c.is_alphabetic() {
            kind = Kind::Word;
            while let Some(d) = at(p) {
                if d.is_alphabetic() {
                    p += d.len_utf8();
                } else if is_apos(d) {
                    // inner apostrophe (don't) or possessive s' (parents')
                    p += d.len_utf8();
                    match at(p) {
                        Some(e) if e.is_alphabetic() => p += e.len_utf8(),
                        _ => break,
                    }
                } else {
                    break;
                }
            }
        } else if c.is_ascii_digit() {
            kind = Kind::Num;
            while let Some(d) = at(p) {
                if d.is_ascii_digit() {
                    p += 1;
                } else if (d == ',' || d == '.') && at(p + 1).is_some_and(|e| e.is_ascii_digit()) {
                    p += 2;
                } else {
                    break;
                }
            }
        } else {
            kind = Kind::Punct;
        }
        let end = from + p;
        let s = text.get(start..end).unwrap_or("");
        out.push(Tok { s, start, end, kind, glued: last_end == start, folded: is_folded(s), num: None });
        last_end = end;
    }
    for i in 0..out.len() {
        let n = number_at(&out, i);
        if let Some(t) = out.get_mut(i) {
            t.num = n;
        }
    }
    out
}

/// Value of an English number word (`one`..`twenty`, tens, `dozen`).
pub(crate) fn number_word(w: &str) -> Option<u64> {
    let v = match w {
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    };
    Some(v)
}

/// A parsed number: value, how many tokens it used, and the size of its last
/// significant unit (for rounding: `1.13` → 0.01, `600` → 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number {
    pub value: f64,
    pub ntoks: usize,
    pub unit: f64,
    /// Written as a word ("six") rather than digits.
    pub word: bool,
}

/// Parse a number starting at `toks[i]`: digits (`1,500`, `1.13`), or number
/// words (`six`, `twenty-one`, `a dozen` is NOT accepted here since `a` alone
/// is ambiguous; `dozen` alone is). `toks` must be a whole [`lex`] result
/// (the value was parsed there, looking ahead within it).
#[inline]
pub(crate) fn parse_number(toks: &[Tok<'_>], i: usize) -> Option<Number> {
    toks.get(i)?.num
}

/// [`parse_number`] from the tokens themselves (what [`lex`] caches).
fn number_at(toks: &[Tok<'_>], i: usize) -> Option<Number> {
    let t = toks.get(i)?;
    match t.kind {
        Kind::Num => {
            let clean: Cow<str> = if t.s.contains(',') {
                Cow::Owned(t.s.chars().filter(|c| *c != ',').collect())
            } else {
                Cow::Borrowed(t.s)
            };
            let value: f64 = clean.parse().ok()?;
            let unit = match clean.split_once('.') {
                Some((_, frac)) => 10f64.powi(-(frac.len() as i32)),
                None => 1.0,
            };
            Some(Number { value, ntoks: 1, unit, word: false })
        }
        Kind::Word => {
            let w = t.lower();
            if w == "a" || w == "an" {
                return None;
            }
            let v = number_word(&w)?;
            // twenty-one
            if (20..100).contains(&v) && v % 10 == 0 {
                if let (Some(h), Some(n)) = (toks.get(i + 1), toks.get(i + 2)) {
                    if h.is_punct('-') && h.glued && n.glued {
                        if let Some(u) = number_word(&n.lower()).filter(|u| *u < 10) {
                            return Some(Number { value: (v + u) as f64, ntoks: 3, unit: 1.0, word: true });
                        }
                    }
                }
            }
            Some(Number { value: v as f64, ntoks: 1, unit: 1.0, word: true })
        }
        Kind::Punct => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_punctuation_and_numbers() {
        let t = "The 63-year-old actor's $1.13bn (£600m), 1,500 kids.";
        let toks = lex(t, 0, t.len());
        let s: Vec<&str> = toks.iter().map(|t| t.s).collect();
        assert_eq!(
            s,
            [
                "The", "63", "-", "year", "-", "old", "actor's", "$", "1.13", "bn", "(", "£", "600", "m", ")", ",",
                "1,500", "kids", "."
            ]
        );
        assert!(toks[9].glued && !toks[7].glued);
        assert_eq!(toks[6].base(), "actor");
    }

    #[test]
    fn parses_numbers() {
        let t = "six 1,500 1.13 twenty-one dozen";
        let toks = lex(t, 0, t.len());
        assert_eq!(parse_number(&toks, 0).map(|n| n.value), Some(6.0));
        assert_eq!(parse_number(&toks, 1).map(|n| n.value), Some(1500.0));
        let n = parse_number(&toks, 2).unwrap();
        assert!((n.value - 1.13).abs() < 1e-9 && (n.unit - 0.01).abs() < 1e-12);
        let n = parse_number(&toks, 3).unwrap();
        assert_eq!((n.value, n.ntoks), (21.0, 3));
        assert_eq!(parse_number(&toks, 6).map(|n| n.value), Some(12.0));
    }

    /// The lexer as first written (a char vector with one char of
    /// lookahead): the oracle for the allocation-free [`lex`].
    fn lex_reference(text: &str, from: usize, to: usize) -> Vec<(usize, usize, Kind, bool)> {
        let mut out = Vec::new();
        let Some(slice) = text.get(from..to) else { return out };
        let chars: Vec<(usize, char)> = slice.char_indices().map(|(i, c)| (i + from, c)).collect();
        let (mut k, mut last_end) = (0, usize::MAX);
        while k < chars.len() {
            let (start, c) = chars[k];
            if c.is_whitespace() {
                k += 1;
                continue;
            }
            let kind;
            k += 1;
            if c.is_alphabetic() {
                kind = Kind::Word;
                while k < chars.len() {
                    let d = chars[k].1;
                    if d.is_alphabetic() {
                        k += 1;
                    } else if is_apos(d) {
                        if k + 1 < chars.len() && chars[k + 1].1.is_alphabetic() {
                            k += 2;
                        } else {
                            k += 1;
                            break;
                        }
                    } else {
                        break;
                    }
                }
            } else if c.is_ascii_digit() {
                kind = Kind::Num;
                while k < chars.len() {
                    let d = chars[k].1;
                    if d.is_ascii_digit() {
                        k += 1;
                    } else if (d == ',' || d == '.') && k + 1 < chars.len() && chars[k + 1].1.is_ascii_digit() {
                        k += 2;
                    } else {
                        break;
                    }
                }
            } else {
                kind = Kind::Punct;
            }
            let end = if k < chars.len() { chars[k].0 } else { to };
            out.push((start, end, kind, last_end == start));
            last_end = end;
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn lex_matches_the_reference(s in "[a-zA-Z0-9 ,.'’$£()-é\\n]{0,80}", cut in 0usize..8) {
            let from = s.char_indices().nth(cut).map_or(s.len(), |(i, _)| i);
            let got: Vec<(usize, usize, Kind, bool)> =
                lex(&s, from, s.len()).iter().map(|t| (t.start, t.end, t.kind, t.glued)).collect();
            proptest::prop_assert_eq!(got, lex_reference(&s, from, s.len()));
        }

        #[test]
        fn lex_matches_the_reference_on_any_text(s in "\\PC{0,60}") {
            let got: Vec<(usize, usize, Kind, bool)> =
                lex(&s, 0, s.len()).iter().map(|t| (t.start, t.end, t.kind, t.glued)).collect();
            proptest::prop_assert_eq!(got, lex_reference(&s, 0, s.len()));
        }

        #[test]
        fn fold_word_folds_every_char(s in "[a-zA-Z’'é `0-9]{0,20}") {
            let want: String = s.chars().map(newsfold_core::fold_char).collect();
            let got = fold_word(&s);
            proptest::prop_assert_eq!(got.as_ref(), want.as_str());
        }
    }
}
