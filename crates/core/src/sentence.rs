//! Paragraph and sentence segmentation with byte spans.
//!
//! Hand-written: news text needs news rules (abbreviated titles such as
//! "Sen." and "Gov.", initials, closing quotes after the full stop, one
//! paragraph per line) and it must be exactly reproducible across crates.

use crate::span::Span;

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

fn is_abbreviation(before: &str) -> bool {
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

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '\u{00BB}')
}

fn is_opener_or_upper(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '\'' | '\u{201C}' | '\u{2018}' | '(' | '[' | '\u{00AB}' | '-' | '\u{2014}')
}

/// Split `text` into sentences (never across paragraphs).
pub fn sentences(text: &str) -> Vec<Sentence> {
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
                while e < chars.len() && (matches!(chars[e].1, '.' | '!' | '?' | '\u{2026}') || is_closer(chars[e].1)) {
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
                    && !(c == '.' && e == k + 1 && is_abbreviation(&ptext[..i]));
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

    proptest::proptest! {
        #[test]
        fn sentences_are_within_text(s in "\\PC{0,120}") {
            for x in sentences(&s) {
                proptest::prop_assert!(x.span.end <= s.len());
                proptest::prop_assert!(s.get(x.span.start..x.span.end).is_some());
            }
        }
    }
}
