//! Char-indexed tokens for attribution analysis.
//!
//! Attribution works on char indices (the public offsets are chars), so this
//! is a small char-level tokenizer rather than `newsfold_core::tokenize`
//! (which gives byte offsets and drops punctuation, which attribution needs:
//! commas delimit appositives, full stops end clauses, colons introduce quotes).

/// A word or a punctuation char, by char index into the text.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub s: usize,
    pub e: usize,
    /// True for words, false for a single punctuation char.
    pub word: bool,
    /// Lowercase surface form, typographic apostrophes folded to `'`.
    pub lower: String,
    /// First char is uppercase.
    pub cap: bool,
}

impl Tok {
    /// True for a punctuation token equal to `c`.
    pub fn is_punct(&self, c: char) -> bool {
        !self.word && self.lower.starts_with(c)
    }
}

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "jr", "sr", "lt", "col", "capt", "prof", "rev", "sgt",
    "adm", "cmdr", "pres", "atty", "hon", "messrs", "no", "vs", "inc", "co", "corp", "ltd", "ft", "mt", "jan", "feb",
    "aug", "sept", "oct", "nov", "dec",
];

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// Tokenize `chars[a..b]`.
pub(crate) fn tokenize(chars: &[char], a: usize, b: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let b = b.min(chars.len());
    let mut i = a;
    while i < b {
        let c = chars.get(i).copied().unwrap_or(' ');
        if is_space(c) {
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Tok { s: i, e: i + 1, word: false, lower: c.to_string(), cap: false });
            i += 1;
            continue;
        }
        let s = i;
        let mut lower = String::new();
        while i < b {
            let d = chars.get(i).copied().unwrap_or(' ');
            if d.is_ascii_alphanumeric() {
                lower.push(d.to_ascii_lowercase());
                i += 1;
                continue;
            }
            if d.is_alphanumeric() {
                lower.extend(d.to_lowercase());
                i += 1;
                continue;
            }
            let next = chars.get(i + 1).copied().filter(|_| i + 1 < b);
            let prev = chars.get(i.wrapping_sub(1)).copied();
            let joins =
                (is_apos(d) && next.is_some_and(|n| n.is_alphabetic()) && prev.is_some_and(|p| p.is_alphabetic()))
                    || (matches!(d, '-' | '\u{2010}' | '\u{2011}') && next.is_some_and(|n| n.is_alphanumeric()))
                    || (matches!(d, '.' | ',')
                        && next.is_some_and(|n| n.is_ascii_digit())
                        && prev.is_some_and(|p| p.is_ascii_digit()));
            if joins {
                lower.push(if is_apos(d) { '\'' } else { d });
                i += 1;
                continue;
            }
            if d == '.' {
                // initials ("J."), abbreviations ("Sen."), dotted acronyms ("U.S.")
                let letters = lower.chars().filter(|c| c.is_alphabetic()).count();
                // "R-S.C.", "D-N.Y.": a single capital after a hyphen is an initial too
                let after_hyphen =
                    lower.rsplit('-').next().is_some_and(|seg| {
                        seg.chars().filter(|c| c.is_alphabetic()).count() == 1 && lower.contains('-')
                    }) && prev.is_some_and(|p| p.is_uppercase());
                let single = (letters == 1 && chars.get(s).is_some_and(|c| c.is_uppercase())) || after_hyphen;
                let dotted = lower.contains('.') && next.is_none_or(|n| !n.is_alphabetic());
                if single || dotted || ABBREV.contains(&lower.as_str()) {
                    lower.push('.');
                    i += 1;
                    if next.is_some_and(|n| n.is_alphabetic() && n.is_uppercase()) && single {
                        continue; // "U.S" continues
                    }
                }
            }
            break;
        }
        let cap = chars.get(s).is_some_and(|c| c.is_uppercase());
        out.push(Tok { s, e: i, word: true, lower, cap });
    }
    out
}

/// The text of `chars[a..b]` as a String.
pub(crate) fn slice(chars: &[char], a: usize, b: usize) -> String {
    chars.get(a.min(b)..b.min(chars.len())).map(|s| s.iter().collect()).unwrap_or_default()
}

/// Trim whitespace from a char span.
pub(crate) fn trim_span(chars: &[char], mut a: usize, mut b: usize) -> (usize, usize) {
    b = b.min(chars.len());
    while a < b && chars.get(a).is_some_and(|c| is_space(*c)) {
        a += 1;
    }
    while b > a && chars.get(b - 1).is_some_and(|c| is_space(*c)) {
        b -= 1;
    }
    (a, b)
}

/// Paragraphs as char spans: non-blank lines, trimmed.
pub(crate) fn paragraphs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || chars.get(i) == Some(&'\n') {
            let (a, b) = trim_span(chars, start, i);
            if b > a {
                out.push((a, b));
            }
            start = i + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<String> {
        let c: Vec<char> = t.chars().collect();
        tokenize(&c, 0, c.len()).into_iter().map(|t| slice(&c, t.s, t.e)).collect()
    }

    #[test]
    fn tokens_keep_abbreviations_and_apostrophes() {
        assert_eq!(
            words("Sen. J. Smith’s U.S. plan, he said."),
            ["Sen.", "J.", "Smith’s", "U.S.", "plan", ",", "he", "said", "."]
        );
        assert_eq!(words("R-Texas 14,000"), ["R-Texas", "14,000"]);
        assert_eq!(words("Graham, R-S.C. Then"), ["Graham", ",", "R-S.C.", "Then"]);
    }

    #[test]
    fn paragraphs_split_lines() {
        let c: Vec<char> = " a \n\nb\nc ".chars().collect();
        assert_eq!(paragraphs(&c), [(1, 2), (5, 6), (7, 8)]);
    }
}
