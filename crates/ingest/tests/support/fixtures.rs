//! Invented fixtures for the integration tests (no corpus text).
#![allow(dead_code)]

use std::io::Write;

/// gzip one member.
pub fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A realistic invented news page with navigation, a body, related links and a footer.
pub fn news_page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Harbour Gazette</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="article:published_time" content="2023-04-05T08:30:00+02:00">
<link rel="canonical" href="https://www.harbourgazette.example/local/{slug}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}","datePublished":"2023-04-05T06:30:00Z","publisher":{{"@type":"Organization","name":"Harbour Gazette Ltd"}}}}</script>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<div class="byline">By Morag Lindqvist, Harbour Affairs Correspondent</div>
{body}</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ferry timetable changes announced</a></li><li><a href="/b">Fishing quotas row deepens</a></li></ul></aside>
</main>
<footer><p>© 2023 The Harbour Gazette. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"#,
        slug = title.to_lowercase().replace(' ', "-")
    )
}

pub const PARAS: [&str; 5] = [
    "The harbour authority confirmed on Wednesday that the north breakwater will close for eleven weeks while engineers replace 340 metres of storm-damaged concrete armour.",
    "Councillor Ines Abernethy said the closure was \u{201c}painful but unavoidable\u{201d}, adding that the authority had set aside \u{a3}4.2 million for the work after January's storms.",
    "Fishing crews who moor inside the breakwater will be moved to the east quay, where temporary pontoons are due to arrive by the end of the month.",
    "\u{201c}We were told about this at a meeting that lasted twenty minutes,\u{201d} said skipper Dougie Fairbairn, whose family has fished from the harbour for three generations.",
    "The authority expects the breakwater to reopen in late July, weather permitting, and says it will publish weekly progress reports on its website.",
];

/// One WARC record (version 1.1) with the given headers and block.
pub fn warc_record(kind: &str, id: &str, uri: &str, date: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {id}\r\nWARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response block.
pub fn http(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}", body.len())
        .into_bytes()
}

/// A `response` record holding an HTML page.
pub fn html_response(id: &str, uri: &str, date: &str, page: &str) -> Vec<u8> {
    warc_record(
        "response",
        id,
        uri,
        date,
        "application/http; msgtype=response",
        &http("200 OK", "text/html; charset=utf-8", page),
    )
}

/// A page without dates or metadata (so WARC-Date is used).
pub fn bare_page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\n{body}</article></body></html>")
}
