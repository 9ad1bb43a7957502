//! Paragraph and sentence segmentation with byte spans.
//!
//! Hand-written: news text needs news rules (abbreviated titles such as
//! "Sen." and "Gov.", initials, closing quotes after the full stop, one
//! paragraph per line) and it must be exactly reproducible across crates.

use crate::span::Span;
use crate::swar;

/// A paragraph: a non-blank line (or run of lines without a blank line, when
/// `join_lines` is used by a caller) with surrounding whitespace trimmed.
pub type Paragraph = Span;

/// A sentence: byte span, trimmed, plus the index of its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
}

/// Every non-blank line of `text`, trimmed. News bodies put one paragraph per line
/// (sometimes with blank lines between); both layouts give the same paragraphs.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        let trimmed_start = line.len() - line.trim_start().len();
        let t = line.trim();
        if !t.is_empty() {
            let s = off + trimmed_start;
            out.push(Span::new(s, s + t.len()));
        }
        off += line.len();
    }
    out
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "jr", "sr", "lt", "col", "capt", "prof", "rev", "inc",
    "co", "corp", "ltd", "vs", "no", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft",
    "sgt", "cpl", "supt", "det", "insp", "hon", "pres", "atty", "messrs", "approx", "est", "dept", "univ", "e.g",
    "i.e", "etc", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m",
];

/// Whether the full stop after `before` ends an abbreviation: a listed one
/// ("Sen", "Gov", "U.S"), a single initial ("J") or a dotted acronym ("D.C").
fn is_abbreviation(before: &str) -> bool {
    // the word right before the full stop: the longest suffix of
    // alphanumeric chars and dots
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = before.get(start..).unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let listed = if word.is_ascii() {
        // no allocation for the usual case; the same answer as lowercasing
        word.len() <= 6 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    } else {
        // a non-ASCII word can still lowercase to a listed one (KELVIN SIGN -> k)
        ABBREVIATIONS.contains(&word.to_lowercase().as_str())
    };
    if listed {
        return true;
    }
    // single initials ("J.") and dotted acronyms ("U.S", "D.C")
    let mut letters = word.chars().filter(|c| *c != '.');
    let single = letters.next().is_some_and(char::is_uppercase) && letters.next().is_none();
    single || (word.contains('.') && word.chars().filter(|c| *c != '.').all(char::is_uppercase))
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '\u{00BB}')
}

fn is_opener_or_upper(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '\'' | '\u{201C}' | '\u{2018}' | '(' | '[' | '\u{00AB}' | '-' | '\u{2014}')
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{2026}')
}

/// Byte offset of the next sentence terminator (`.`, `!`, `?`, `…`) at or
/// after `from` in `t`.
///
/// Eight bytes at a time (SWAR): this scan was most of the splitter's time
/// byte by byte. A lane equal to one of `.`, `!`, `?` or 0xE2 (the first
/// byte of `…`, E2 80 A6; an E2 byte always starts a char) is flagged with
/// the zero-byte test, whose lowest flag is always exact.
fn next_terminator(t: &str, from: usize) -> Option<usize> {
    let b = t.as_bytes();
    let is_term = |j: usize| match b.get(j) {
        Some(b'.' | b'!' | b'?') => true,
        Some(0xE2) => b.get(j + 1..j + 3) == Some(&[0x80, 0xA6][..]),
        _ => false,
    };
    let mut i = from;
    while let Some(v) = swar::load(b, i) {
        let flags =
            swar::eq_lanes(v, b'.') | swar::eq_lanes(v, b'!') | swar::eq_lanes(v, b'?') | swar::eq_lanes(v, 0xE2);
        if flags == 0 {
            i += 8;
            continue;
        }
        let j = i + swar::first_lane(flags);
        if is_term(j) {
            return Some(j);
        }
        // an E2 that starts another char: go on after it
        i = j + 1;
    }
    (i..b.len()).find(|&j| is_term(j))
}

/// Split `text` into sentences (never across paragraphs).
///
/// Scans each paragraph's bytes for terminators and looks at the chars
/// around each one only (the rules: a run of terminators and closing quotes
/// or brackets, then whitespace, then a sentence opener, and not a single
/// full stop after an abbreviation); no per-char buffer.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs(text).into_iter().enumerate() {
        let Some(ptext) = text.get(p.start..p.end) else { continue };
        let mut sent_start = 0usize;
        let mut k = 0usize;
        while let Some(i) = next_terminator(ptext, k) {
            let Some(c) = ptext.get(i..).and_then(|r| r.chars().next()) else { break };
            let after = i + c.len_utf8();
            // absorb runs of terminators and closing quotes/brackets
            let rest = ptext.get(after..).unwrap_or("");
            let e = after
                + rest.chars().take_while(|&d| is_terminator(d) || is_closer(d)).map(char::len_utf8).sum::<usize>();
            // need whitespace then a sentence opener
            let tail = ptext.get(e..).unwrap_or("");
            let w = e + tail.chars().take_while(|d| d.is_whitespace()).map(char::len_utf8).sum::<usize>();
            let boundary = w > e
                && ptext.get(w..).and_then(|r| r.chars().next()).is_some_and(is_opener_or_upper)
                && !(c == '.' && e == after && is_abbreviation(ptext.get(..i).unwrap_or("")));
            if boundary {
                push_trimmed(&mut out, p.start, ptext, sent_start, e, pi);
                sent_start = w;
                k = w;
            } else {
                k = e;
            }
        }
        push_trimmed(&mut out, p.start, ptext, sent_start, ptext.len(), pi);
    }
    out
}

fn push_trimmed(out: &mut Vec<Sentence>, base: usize, ptext: &str, s: usize, e: usize, pi: usize) {
    let seg = &ptext[s..e];
    let lead = seg.len() - seg.trim_start().len();
    let t = seg.trim();
    if !t.is_empty() {
        let start = base + s + lead;
        out.push(Sentence { span: Span::new(start, start + t.len()), paragraph: pi });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The abbreviation rule as first written.
    fn is_abbreviation_reference(before: &str) -> bool {
        // the word right before the full stop
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if word.is_empty() {
            return false;
        }
        let lower = word.to_lowercase();
        if ABBREVIATIONS.contains(&lower.as_str()) {
            return true;
        }
        // single initials ("J.") and dotted acronyms ("U.S", "D.C")
        let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
        (letters.len() == 1 && letters[0].is_uppercase())
            || (word.contains('.') && letters.iter().all(|c| c.is_uppercase()))
    }

    /// The splitter as first written (a per-paragraph char buffer), which `sentences` must equal.
    fn sentences_reference(text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        for (pi, p) in paragraphs(text).into_iter().enumerate() {
            let ptext = &text[p.start..p.end];
            let mut sent_start = 0usize;
            let chars: Vec<(usize, char)> = ptext.char_indices().collect();
            let mut k = 0;
            while k < chars.len() {
                let (i, c) = chars[k];
                if matches!(c, '.' | '!' | '?' | '\u{2026}') {
                    // absorb runs of terminators and closing quotes/brackets
                    let mut e = k + 1;
                    while e < chars.len()
                        && (matches!(chars[e].1, '.' | '!' | '?' | '\u{2026}') || is_closer(chars[e].1))
                    {
                        e += 1;
                    }
                    // need whitespace then a sentence opener
                    let mut w = e;
                    while w < chars.len() && chars[w].1.is_whitespace() {
                        w += 1;
                    }
                    let boundary = w > e
                        && w < chars.len()
                        && is_opener_or_upper(chars[w].1)
                        && !(c == '.' && e == k + 1 && is_abbreviation_reference(&ptext[..i]));
                    if boundary {
                        let end = if e < chars.len() { chars[e].0 } else { ptext.len() };
                        push_trimmed(&mut out, p.start, ptext, sent_start, end, pi);
                        sent_start = chars[w].0;
                        k = w;
                        continue;
                    }
                    k = e;
                    continue;
                }
                k += 1;
            }
            push_trimmed(&mut out, p.start, ptext, sent_start, ptext.len(), pi);
        }
        out
    }

    fn sents(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| s.span.slice(t)).collect()
    }

    #[test]
    fn splits_news_sentences() {
        let t =
            "Sen. J. Smith said it. \"We won,\" he added. The U.S. team left at 3 p.m. Friday.\n\nNew para! Really?";
        assert_eq!(
            sents(t),
            [
                "Sen. J. Smith said it.",
                "\"We won,\" he added.",
                "The U.S. team left at 3 p.m. Friday.",
                "New para!",
                "Really?"
            ]
        );
    }

    #[test]
    fn closing_quote_after_stop() {
        let t = "She wrote, “I am here.” Then she left.";
        assert_eq!(sents(t), ["She wrote, “I am here.”", "Then she left."]);
    }

    #[test]
    fn paragraphs_trim_and_skip_blank() {
        let t = "  one \n\n two\nthree  ";
        let p: Vec<&str> = paragraphs(t).iter().map(|s| s.slice(t)).collect();
        assert_eq!(p, ["one", "two", "three"]);
    }

    #[test]
    fn equals_the_reference_on_tricky_text() {
        for t in [
            "Sen. J. Smith said it. \"We won,\" he added. The U.S. team left at 3 p.m. Friday.",
            "Wait\u{2026} What?! \u{201C}No.\u{201D} (Yes.) [Maybe.] \u{2014}Then. -Dash. 4 left. a.m. Up.",
            "Dr. \u{212A}. U.\u{212A}. Visit. \u{C9}t\u{E9}. \u{130}stanbul. approx. Messrs. Ok.",
            "end.  Two spaces.\tTab. \u{a0}Nbsp. \u{2026}\u{2026}Next. ...",
        ] {
            assert_eq!(sentences(t), sentences_reference(t), "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn equals_the_reference(s in "([A-Za-z]{1,4}|[.!?\u{2026}\"'\u{201C}\u{201D}\u{2019}()\\[\\] \n\t\u{a0}\u{2014}-]|[0-9]|\u{212A}|\u{C9}|\u{130}|Mr|U\\.S|e\\.g){0,60}") {
            proptest::prop_assert_eq!(sentences(&s), sentences_reference(&s));
        }

        #[test]
        fn equals_the_reference_any(s in "\\PC{0,100}") {
            proptest::prop_assert_eq!(sentences(&s), sentences_reference(&s));
        }

        #[test]
        fn sentences_are_within_text(s in "\\PC{0,120}") {
            for x in sentences(&s) {
                proptest::prop_assert!(x.span.end <= s.len());
                proptest::prop_assert!(s.get(x.span.start..x.span.end).is_some());
            }
        }
    }
}
