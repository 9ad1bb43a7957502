//! Quotation-mark scanning: finds the quoted stretches of each paragraph.
//!
//! Hand-written state machine: news typography mixes straight and curly
//! marks, uses `''…''` (NYT) and `’’` as double marks, leaves multi-paragraph
//! quotes open at each paragraph end, nests quotes and sometimes drops a mark.
//! No quote-parsing crate handles that, and the rules must match how the
//! evaluation corpus derived its gold (one stretch per paragraph, nested marks
//! part of the outer quote, unclosed quotes running to the paragraph end).

/// Direction a quotation mark can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    /// A straight mark whose neighbours do not decide it: toggles the state.
    Either,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    pos: usize,
    len: usize,
    dir: Dir,
}

/// One quoted stretch found in a paragraph (char indices into the whole text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stretch {
    /// Index of the opening mark.
    pub open: usize,
    /// Content start (after the opening mark), before trimming.
    pub start: usize,
    /// Content end (at the closing mark, or the paragraph end).
    pub end: usize,
    /// Index just after the closing mark (or the paragraph end).
    pub after: usize,
    /// No closing mark: the paragraph ended inside the quote.
    pub unclosed: bool,
    /// Quoted with single marks (headline style).
    pub single: bool,
    /// Nested quotes inside this one (content spans, untrimmed).
    pub inner: Vec<(usize, usize)>,
}

fn is_left_flank(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '\u{2014}' | '\u{2013}' | '-' | '/'),
    }
}

fn is_right_flank(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\u{2014}' | '\u{2013}' | '\u{2026}' | '-'
                )
        }
    }
}

fn classify(chars: &[char], ps: usize, pe: usize, i: usize, len: usize) -> Dir {
    let prev = if i > ps { chars.get(i - 1).copied() } else { None };
    let next = if i + len < pe { chars.get(i + len).copied() } else { None };
    let l = is_left_flank(prev);
    let r = is_right_flank(next);
    match (l, r) {
        (true, false) => Dir::Open,
        (false, true) => Dir::Close,
        _ => Dir::Either,
    }
}

/// Skip a `<tag …>` pseudo-markup element starting at `i` (its attribute
/// values are not quotations). Returns the index after `>`, if it is a tag.
fn skip_tag(chars: &[char], i: usize, pe: usize) -> Option<usize> {
    if chars.get(i) != Some(&'<') {
        return None;
    }
    let first = chars.get(i + 1).copied()?;
    if !(first.is_ascii_alphabetic() || first == '/') {
        return None;
    }
    let mut j = i + 1;
    while j < pe && j < i + 2000 {
        if chars.get(j) == Some(&'>') {
            return Some(j + 1);
        }
        j += 1;
    }
    None
}

/// Double quotation marks of the paragraph `[ps, pe)`.
fn double_marks(chars: &[char], ps: usize, pe: usize) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut i = ps;
    while i < pe {
        if let Some(j) = skip_tag(chars, i, pe) {
            i = j;
            continue;
        }
        let c = chars.get(i).copied().unwrap_or(' ');
        let next = if i + 1 < pe { chars.get(i + 1).copied() } else { None };
        let m = match c {
            '\u{201C}' | '\u{201E}' | '\u{00AB}' => Some(Mark { pos: i, len: 1, dir: Dir::Open }),
            '\u{201D}' | '\u{00BB}' => Some(Mark { pos: i, len: 1, dir: Dir::Close }),
            '"' | '\u{2033}' => Some(Mark { pos: i, len: 1, dir: classify(chars, ps, pe, i, 1) }),
            '\'' if next == Some('\'') => Some(Mark { pos: i, len: 2, dir: classify(chars, ps, pe, i, 2) }),
            '\u{2018}' if next == Some('\u{2018}') => Some(Mark { pos: i, len: 2, dir: Dir::Open }),
            '\u{2019}' if next == Some('\u{2019}') => Some(Mark { pos: i, len: 2, dir: Dir::Close }),
            _ => None,
        };
        match m {
            Some(m) => {
                i += m.len;
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

/// Single quotation marks of `[ps, pe)` (apostrophes inside words excluded).
fn single_marks(chars: &[char], ps: usize, pe: usize) -> Vec<Mark> {
    let mut out = Vec::new();
    for i in ps..pe {
        let c = chars.get(i).copied().unwrap_or(' ');
        let prev = if i > ps { chars.get(i - 1).copied() } else { None };
        let next = if i + 1 < pe { chars.get(i + 1).copied() } else { None };
        let prev_word = prev.is_some_and(|p| p.is_alphanumeric());
        let next_word = next.is_some_and(|n| n.is_alphanumeric());
        let dir = match c {
            '\u{2018}' => {
                if prev == Some('\u{2018}') || next == Some('\u{2018}') || next.is_some_and(|n| n.is_ascii_digit()) {
                    None
                } else {
                    Some(Dir::Open)
                }
            }
            '\u{2019}' | '\'' => {
                if prev == Some(c) || next == Some(c) || (prev_word && next_word) {
                    None // part of a double mark, or an apostrophe inside a word
                } else if is_left_flank(prev) && next_word {
                    if next.is_some_and(|n| n.is_ascii_digit()) { None } else { Some(Dir::Open) }
                } else if !is_left_flank(prev) && is_right_flank(next) {
                    Some(Dir::Close)
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(dir) = dir {
            out.push(Mark { pos: i, len: 1, dir });
        }
    }
    out
}

/// Quoted stretches of paragraph `[ps, pe)`: double marks, plus single marks
/// outside them when `allow_single` (headlines).
pub(crate) fn paragraph_stretches(chars: &[char], ps: usize, pe: usize, allow_single: bool) -> Vec<Stretch> {
    let marks = double_marks(chars, ps, pe);
    let mut out: Vec<Stretch> = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<Mark> = None;
    let mut inner_open: Vec<usize> = Vec::new();
    let mut inner: Vec<(usize, usize)> = Vec::new();
    for m in marks {
        if depth == 0 {
            if m.dir != Dir::Close {
                depth = 1;
                open = Some(m);
                inner.clear();
                inner_open.clear();
            }
            // a closing mark with no opening mark is stray: ignored
            continue;
        }
        let closes = match m.dir {
            Dir::Close | Dir::Either => true,
            Dir::Open => false,
        };
        if closes {
            depth -= 1;
            if depth == 0 {
                if let Some(o) = open.take() {
                    out.push(Stretch {
                        open: o.pos,
                        start: o.pos + o.len,
                        end: m.pos,
                        after: m.pos + m.len,
                        unclosed: false,
                        single: false,
                        inner: std::mem::take(&mut inner),
                    });
                }
            } else if let Some(s) = inner_open.pop() {
                inner.push((s, m.pos));
            }
        } else {
            depth += 1;
            inner_open.push(m.pos + m.len);
        }
    }
    if depth > 0 {
        if let Some(o) = open.take() {
            out.push(Stretch {
                open: o.pos,
                start: o.pos + o.len,
                end: pe,
                after: pe,
                unclosed: true,
                single: false,
                inner: std::mem::take(&mut inner),
            });
        }
    }
    // single-marked quotes nested in double ones (kept for variant matching)
    for s in out.iter_mut() {
        for (a, b) in pair_singles(&single_marks(chars, s.start, s.end)) {
            s.inner.push((a, b));
        }
        s.inner.sort_unstable();
    }
    if allow_single {
        let singles: Vec<Mark> = single_marks(chars, ps, pe)
            .into_iter()
            .filter(|m| !out.iter().any(|s| m.pos >= s.open && m.pos < s.after))
            .collect();
        for (a, b) in pair_singles(&singles) {
            out.push(Stretch {
                open: a.saturating_sub(1),
                start: a,
                end: b,
                after: b + 1,
                unclosed: false,
                single: true,
                inner: Vec::new(),
            });
        }
        out.sort_by_key(|s| s.open);
    }
    out
}

/// Pair single marks: each opener with the next closer. Returns content spans.
fn pair_singles(marks: &[Mark]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for m in marks {
        match (m.dir, open) {
            (Dir::Open, None) => open = Some(m.pos + 1),
            (Dir::Open, Some(_)) => open = Some(m.pos + 1),
            (Dir::Close, Some(s)) => {
                if m.pos > s {
                    out.push((s, m.pos));
                }
                open = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(t: &str) -> Vec<String> {
        let c: Vec<char> = t.chars().collect();
        paragraph_stretches(&c, 0, c.len(), false)
            .into_iter()
            .map(|s| c[s.start..s.end].iter().collect::<String>())
            .collect()
    }

    #[test]
    fn straight_curly_and_nyt_marks() {
        assert_eq!(quotes("\"I am here,\" she said, \"and I will stay.\""), ["I am here,", "and I will stay."]);
        assert_eq!(quotes("He said “no” twice."), ["no"]);
        assert_eq!(quotes("''We won,'' he said."), ["We won,"]);
        assert_eq!(quotes("He said, “We won.’’ Then left."), ["We won."]);
    }

    #[test]
    fn nested_and_unclosed() {
        assert_eq!(quotes("“He told me “go” and I went,” she said."), ["He told me “go” and I went,"]);
        assert_eq!(quotes("She wrote: “I am here. I stay"), ["I am here. I stay"]);
        assert_eq!(quotes("stray” mark then “real”"), ["real"]);
    }

    #[test]
    fn headline_single_marks() {
        let t = "Trump: Cruz Has ‘To Come a Long Way’ On Ethanol, It’s ‘Oil.’";
        let c: Vec<char> = t.chars().collect();
        let got: Vec<String> =
            paragraph_stretches(&c, 0, c.len(), true).into_iter().map(|s| c[s.start..s.end].iter().collect()).collect();
        assert_eq!(got, ["To Come a Long Way", "Oil."]);
    }
}
