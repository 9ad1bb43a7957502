//! RSS 2.0, RSS 1.0, Atom (and JSON Feed) files via `feed-rs`: every item is an article.
//!
//! title = the item title (HTML stripped), url = the item's alternate (else
//! first) link, date = published (else updated), text = the longest of
//! `content:encoded`/`content` and `description`/`summary`, converted from
//! HTML to text (block elements become line breaks). outlet = the link's host;
//! the feed's own title is kept in `meta.feed_title`. id = the item's guid/id
//! (feed-rs derives one from link and title when the feed gives none).

use crate::error::{IngestError, Origin};
use crate::{Record, html::clean_text};
use newsfold_core::Article;

/// HTML fragment → plain text, one paragraph a line.
pub(crate) fn html_fragment_text(s: &str) -> String {
    if !s.contains('<') && !s.contains('&') {
        return clean_text(s);
    }
    let doc = dom_query::Document::fragment(s);
    doc.select("script, style, noscript, iframe, object").remove();
    clean_text(&doc.formatted_text())
}

/// Parse a whole feed and turn each item into a record (or a rejection).
pub(crate) fn feed_records(bytes: &[u8], path: &str) -> Vec<Result<Record, IngestError>> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => return vec![Err(IngestError::Feed { origin: Origin::file(path), message: e.to_string() })],
    };
    let feed_title = feed.title.as_ref().map(|t| html_fragment_text(&t.content)).filter(|t| !t.is_empty());
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, e) in feed.entries.into_iter().enumerate() {
        let rec = if e.id.trim().is_empty() { format!("#{}", i + 1) } else { e.id.trim().to_string() };
        let origin = Origin::at_record(path, rec.clone());
        let content = e.content.as_ref().and_then(|c| c.body.as_deref()).map(html_fragment_text).unwrap_or_default();
        let summary = e.summary.as_ref().map(|t| html_fragment_text(&t.content)).unwrap_or_default();
        let text = if content.len() >= summary.len() { content } else { summary };
        if text.is_empty() {
            out.push(Err(IngestError::BadRecord {
                origin,
                message: "feed item has no content, description or summary".into(),
            }));
            continue;
        }
        let link = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or_else(|| e.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|h| !h.is_empty());
        let mut a = Article {
            id: rec,
            title: e
                .title
                .as_ref()
                .map(|t| html_fragment_text(&t.content).replace('\n', " "))
                .filter(|t| !t.is_empty()),
            text,
            date: e.published.or(e.updated),
            outlet: None,
            url: link,
            meta: serde_json::Map::new(),
        };
        if let Some(ft) = &feed_title {
            a.meta.insert("feed_title".into(), serde_json::Value::String(ft.clone()));
        }
        let authors: Vec<serde_json::Value> =
            e.authors.iter().map(|p| serde_json::Value::String(p.name.clone())).filter(|v| v != "").collect();
        if !authors.is_empty() {
            a.meta.insert("authors".into(), serde_json::Value::Array(authors));
        }
        a.fill_outlet_from_url();
        out.push(Ok(Record { article: a, origin }));
    }
    if out.is_empty() {
        out.push(Err(IngestError::Feed { origin: Origin::file(path), message: "the feed has no items".into() }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_text() {
        assert_eq!(
            html_fragment_text("<p>One &amp; two</p><p>Three<br>four</p><script>x()</script>"),
            "One & two\nThree\nfour"
        );
        assert_eq!(html_fragment_text("plain   text"), "plain text");
    }
}
