//! Plain-text articles.
//!
//! Layout (that of the seed corpus): an optional first line
//! ` date YYYY-MM-DD Title` (leading whitespace allowed), whose remainder is
//! the title even when it reads like a lede sentence; otherwise the first
//! non-empty line is the title **if it looks like a headline** (at most
//! [`MAX_TITLE_CHARS`] characters) and there is text after it; a longer first
//! line is body text (one seed file starts straight with a 300-character
//! paragraph). The body is the file exactly as written minus the title line,
//! with leading and trailing blank lines removed.

use newsfold_core::{Article, parse_date};

/// A first line longer than this (in chars) is body text, not a headline.
pub const MAX_TITLE_CHARS: usize = 200;

/// A text file split into its parts.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TextParts<'a> {
    pub title: Option<&'a str>,
    pub date: Option<&'a str>,
    pub body: &'a str,
}

/// Split off the optional ` date YYYY-MM-DD` prefix of a line.
fn date_prefix(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start().strip_prefix("date")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let date = rest.get(..10)?;
    let b = date.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !ok {
        return None;
    }
    let after = rest.get(10..)?;
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((date, after.trim()))
}

/// Remove leading and trailing blank (whitespace-only) lines, keeping
/// everything between exactly as it is.
pub(crate) fn trim_blank_lines(s: &str) -> &str {
    let Some(first) = s.find(|c: char| !c.is_whitespace()) else { return "" };
    let start = s.get(..first).and_then(|p| p.rfind('\n')).map_or(0, |i| i + 1);
    let last_end = s.trim_end().len();
    let end = s.get(last_end..).and_then(|t| t.find(['\n', '\r'])).map_or(s.len(), |i| last_end + i);
    s.get(start..end).unwrap_or("")
}

/// Split a text file into title, date and body (see the module doc).
pub(crate) fn split_text(s: &str) -> TextParts<'_> {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    // first non-blank line
    let mut pos = 0;
    let mut first: Option<(&str, usize)> = None;
    for line in s.split_inclusive('\n') {
        let next = pos + line.len();
        if !line.trim().is_empty() {
            first = Some((line.trim_end_matches(['\n', '\r']), next));
            break;
        }
        pos = next;
    }
    let Some((line, after)) = first else { return TextParts { title: None, date: None, body: "" } };
    let rest = trim_blank_lines(s.get(after..).unwrap_or(""));
    let whole = trim_blank_lines(s);
    if let Some((date, title)) = date_prefix(line) {
        if rest.is_empty() {
            let body = if title.is_empty() { "" } else { title };
            return TextParts { title: None, date: Some(date), body };
        }
        return TextParts { title: (!title.is_empty()).then_some(title), date: Some(date), body: rest };
    }
    let title = line.trim();
    if rest.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return TextParts { title: None, date: None, body: whole };
    }
    TextParts { title: Some(title), date: None, body: rest }
}

/// Build the article of a text file (already decoded) with the given id.
pub(crate) fn article_from_text(id: &str, s: &str) -> Article {
    let p = split_text(s);
    let mut a = Article {
        id: id.to_string(),
        title: p.title.map(str::to_string),
        text: p.body.to_string(),
        date: p.date.and_then(parse_date),
        ..Default::default()
    };
    if let (Some(d), None) = (p.date, a.date) {
        a.meta.insert("date_raw".into(), serde_json::Value::String(d.to_string()));
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_line_with_title() {
        let s = " date 2021-12-03 Mayor Quits Over Bridge Row\n\nThe mayor resigned.\n\nMore text here.\n\n";
        let p = split_text(s);
        assert_eq!(p.title, Some("Mayor Quits Over Bridge Row"));
        assert_eq!(p.date, Some("2021-12-03"));
        assert_eq!(p.body, "The mayor resigned.\n\nMore text here.");
    }

    #[test]
    fn date_line_lede_is_still_title() {
        let s = " date 2021-12-03 The council is getting candid about its budget following the vote.\n\nBody.";
        let p = split_text(s);
        assert_eq!(p.title, Some("The council is getting candid about its budget following the vote."));
        assert_eq!(p.body, "Body.");
    }

    #[test]
    fn first_line_title() {
        let p = split_text("\n\nHeadline here\n\n  Indented para.\nSecond line  \n\n\n");
        assert_eq!(p.title, Some("Headline here"));
        assert_eq!(p.date, None);
        assert_eq!(p.body, "  Indented para.\nSecond line  ");
    }

    #[test]
    fn long_first_line_is_body() {
        let long = "word ".repeat(60);
        let s = format!("{long}\n\nSecond paragraph.");
        let p = split_text(&s);
        assert_eq!(p.title, None);
        assert_eq!(p.body, s.as_str());
    }

    #[test]
    fn single_line_is_text() {
        let p = split_text("Just one line.\n");
        assert_eq!(p.title, None);
        assert_eq!(p.body, "Just one line.");
        let p = split_text(" date 2020-01-02 Only a headline\n");
        assert_eq!(p.body, "Only a headline");
        assert_eq!(p.date, Some("2020-01-02"));
    }

    #[test]
    fn not_a_date_prefix() {
        let p = split_text("dated 2021-12-03 claims\n\nbody");
        assert_eq!(p.date, None);
        assert_eq!(p.title, Some("dated 2021-12-03 claims"));
        let p = split_text(" date 2021-1-03 x\n\nbody");
        assert_eq!(p.date, None);
    }

    #[test]
    fn crlf_body_kept() {
        let p = split_text("Title\r\n\r\nLine one\r\nLine two\r\n\r\n");
        assert_eq!(p.title, Some("Title"));
        assert_eq!(p.body, "Line one\r\nLine two");
    }

    #[test]
    fn article_dates() {
        let a = article_from_text("x", " date 2021-12-04 T\n\nB");
        assert_eq!(a.date.map(|d| d.to_rfc3339()), Some("2021-12-04T00:00:00+00:00".into()));
        let a = article_from_text("x", " date 2021-13-45 T\n\nB");
        assert_eq!(a.date, None);
        assert_eq!(a.meta.get("date_raw").and_then(|v| v.as_str()), Some("2021-13-45"));
    }
}
