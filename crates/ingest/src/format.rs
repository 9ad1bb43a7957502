//! Input formats, detection by file name and by content sniffing.

use std::fmt;
use std::str::FromStr;

/// The input formats newsfold reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain-text articles (seeds layout: optional ` date YYYY-MM-DD Title` first line).
    Text,
    /// JSON Lines, one article object a line.
    Jsonl,
    /// One HTML page a file.
    Html,
    /// WARC (Web ARChive) files; every HTML response record is an article.
    Warc,
    /// RSS 2.0 / Atom / RSS 1.0 feeds; every item is an article.
    Feed,
}

impl Format {
    /// The name accepted by [`FromStr`]: `text`, `jsonl`, `html`, `warc`, `feed`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Warc => "warc",
            Format::Feed => "feed",
        }
    }

    /// The format a file name implies, ignoring a trailing `.gz`:
    /// `.txt .text .md` → Text, `.jsonl .ndjson .json .jsonlines` → Jsonl,
    /// `.html .htm .xhtml` → Html, `.warc .arc` → Warc, `.rss .atom .xml` → Feed.
    /// `None` when the extension says nothing (content sniffing decides).
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let base = lower.strip_suffix(".gz").unwrap_or(&lower);
        let file = base.rsplit(['/', '\\']).next().unwrap_or(base);
        let (_, ext) = file.rsplit_once('.')?;
        Some(match ext {
            "txt" | "text" | "md" => Format::Text,
            "jsonl" | "ndjson" | "json" | "jsonlines" => Format::Jsonl,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "warc" | "arc" => Format::Warc,
            "rss" | "atom" | "xml" => Format::Feed,
            _ => return None,
        })
    }

    /// Guess the format from the first bytes of (decompressed) content:
    /// `WARC/` → Warc; `{` → Jsonl; an `<rss`, `<feed` or `<rdf:RDF` root → Feed;
    /// `<!doctype html`, `<html`, `<head` or `<body` → Html; anything else → Text.
    pub fn sniff(prefix: &[u8]) -> Format {
        let start = prefix.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(prefix.len());
        let p = prefix.get(start..).unwrap_or(&[]);
        let p = p.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(p);
        if p.starts_with(b"WARC/") {
            return Format::Warc;
        }
        if p.first() == Some(&b'{') {
            return Format::Jsonl;
        }
        if p.first() != Some(&b'<') {
            return Format::Text;
        }
        let head: Vec<u8> = p.iter().take(4096).map(u8::to_ascii_lowercase).collect();
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
            return Format::Feed;
        }
        if has(b"<!doctype html") || has(b"<html") || has(b"<head") || has(b"<body") {
            return Format::Html;
        }
        Format::Text
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error of [`Format::from_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected text, jsonl, html, warc or feed)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Parse `text`, `jsonl`, `html`, `warc` or `feed` (case-insensitive;
    /// `txt`, `json`, `ndjson`, `rss` and `atom` are accepted as aliases).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Format::Text,
            "jsonl" | "json" | "ndjson" => Format::Jsonl,
            "html" | "htm" => Format::Html,
            "warc" => Format::Warc,
            "feed" | "rss" | "atom" => Format::Feed,
            _ => return Err(UnknownFormat(s.to_string())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_name() {
        assert_eq!(Format::from_name("a/b.txt"), Some(Format::Text));
        assert_eq!(Format::from_name("x.JSONL.gz"), Some(Format::Jsonl));
        assert_eq!(Format::from_name("crawl.warc.gz"), Some(Format::Warc));
        assert_eq!(Format::from_name("feed.atom"), Some(Format::Feed));
        assert_eq!(Format::from_name("page.htm"), Some(Format::Html));
        assert_eq!(Format::from_name("README"), None);
        assert_eq!(Format::from_name("dir.d/README"), None);
        assert_eq!(Format::from_name("x.gz"), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(Format::sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(Format::sniff(b"\n {\"id\":1}"), Format::Jsonl);
        assert_eq!(Format::sniff(b"<?xml version=\"1.0\"?><rss version=\"2.0\">"), Format::Feed);
        assert_eq!(Format::sniff(b"<?xml version=\"1.0\"?>\n<feed xmlns="), Format::Feed);
        assert_eq!(Format::sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff(b" date 2021-12-03 Title\n\nBody"), Format::Text);
        assert_eq!(Format::sniff(b""), Format::Text);
    }

    #[test]
    fn parse_names() {
        for f in [Format::Text, Format::Jsonl, Format::Html, Format::Warc, Format::Feed] {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert!("pdf".parse::<Format>().is_err());
    }
}
