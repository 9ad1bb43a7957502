//! Good-path behaviour of every reader.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::*;
use newsfold_ingest::{Format, Origin, ReadOptions, Record, article_from_html, read_bytes, read_inputs};

fn oks(items: Vec<Result<Record, newsfold_ingest::IngestError>>) -> Vec<Record> {
    items.into_iter().map(|r| r.unwrap_or_else(|e| panic!("unexpected error: {e}"))).collect()
}

fn rfc(r: &Record) -> Option<String> {
    r.article.date.map(|d| d.to_rfc3339())
}

#[test]
fn seeds_layout() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("seeds", "seeds layout test") else { return };
    let pattern = dir.join("*.txt").display().to_string();
    let recs = oks(read_inputs(&[pattern], &ReadOptions::default()).collect());
    assert_eq!(recs.len(), 5);
    let ids: Vec<_> = recs.iter().map(|r| r.article.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "000_6e3d2f9f0fac14e2",
            "001_dfdaf65a32723934",
            "002_5e487084cbe5aa7d",
            "003_7aa5588fcb85d1d7",
            "004_0c21afeef27b7824"
        ]
    );
    let dates: Vec<_> = recs.iter().map(|r| rfc(r).map(|d| d[..10].to_string())).collect();
    assert_eq!(dates, [Some("2021-12-03".into()), None, Some("2021-12-04".into()), Some("2021-12-03".into()), None]);
    assert!(recs[0].article.title.as_deref().unwrap().starts_with("Hilaria Baldwin Shares Emotional Post"));
    assert!(recs[3].article.title.as_deref().unwrap().starts_with("Alec Baldwin is getting candid"));
    assert_eq!(recs[4].article.title, None, "004 starts with body text");
    for (r, name) in recs.iter().zip(&ids) {
        let raw = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
        // the body is the file minus the title line, byte for byte, trimmed of blank lines
        let body = &r.article.text;
        assert!(raw.contains(body.as_str()), "{name}");
        assert!(!body.starts_with('\n') && !body.ends_with('\n'), "{name}");
        if r.article.title.is_some() {
            let first = raw.lines().next().unwrap();
            assert_eq!(raw[first.len()..].trim_matches('\n'), body, "{name}");
        } else {
            assert_eq!(raw.trim_end_matches('\n'), body, "{name}");
        }
    }
    // 001's boilerplate line 7 is the 5th line of the body (title + blank line dropped)
    assert_eq!(recs[1].article.text.lines().nth(4), Some("Recommended Videos"));
}

#[test]
fn directories_globs_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(root.join("local/harbour")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join("local/harbour/breakwater.txt"), "Breakwater closes\n\nIt closes for eleven weeks.")
        .unwrap();
    std::fs::write(root.join("local/quay.txt.gz"), gz(b"Quay reopens\n\nThe east quay reopened today.")).unwrap();
    std::fs::write(root.join("a.md"), "# Notes from the harbour\n\nA short note.").unwrap();
    std::fs::write(root.join(".git/HEAD"), "ref: refs/heads/main").unwrap();
    std::fs::write(
        root.join("wire.ndjson"),
        "{\"title\":\"Wire one\",\"text\":\"First wire story.\",\"url\":\"https://news.example.org/1\"}\n",
    )
    .unwrap();
    let recs = oks(read_inputs(&[root.display().to_string()], &ReadOptions::default()).collect());
    let ids: Vec<_> = recs.iter().map(|r| r.article.id.as_str()).collect();
    let wire_id = format!("{}:1", root.join("wire.ndjson").display());
    assert_eq!(ids, ["a", "local/harbour/breakwater", "local/quay", wire_id.as_str()]);
    assert_eq!(recs[2].article.title.as_deref(), Some("Quay reopens"));
    assert_eq!(recs[3].article.outlet.as_deref(), Some("news.example.org"));

    let pattern = root.join("local/**/*.txt").display().to_string();
    let recs = oks(read_inputs(&[pattern], &ReadOptions::default()).collect());
    assert_eq!(recs.iter().map(|r| r.article.id.as_str()).collect::<Vec<_>>(), ["harbour/breakwater"]);

    let single = root.join("local/harbour/breakwater.txt").display().to_string();
    let recs = oks(read_inputs(&[single], &ReadOptions::default()).collect());
    assert_eq!(recs[0].article.id, "breakwater");
}

#[test]
fn jsonl_fields_html_and_meta() {
    let page = news_page("Breakwater to close for eleven weeks", &PARAS);
    let lines = [
        serde_json::json!({"id": 7, "title": "Given title", "text": "Body.", "date": "2023-04-05T10:00:00+02:00", "outlet": "Gazette", "url": "https://www.harbourgazette.example/x", "section": "local", "tags": ["port"]}),
        serde_json::json!({"id": "p1", "html": page, "url": "https://mirror.example.net/story"}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let recs = oks(read_bytes("upload.jsonl", body.as_bytes(), &ReadOptions::default()));
    let a = &recs[0].article;
    assert_eq!(a.id, "7");
    assert_eq!(a.title.as_deref(), Some("Given title"));
    assert_eq!(rfc(&recs[0]).as_deref(), Some("2023-04-05T08:00:00+00:00"));
    assert_eq!(a.outlet.as_deref(), Some("Gazette"));
    assert_eq!(a.meta.get("section"), Some(&serde_json::json!("local")));
    assert_eq!(a.meta.get("tags"), Some(&serde_json::json!(["port"])));
    let b = &recs[1].article;
    assert_eq!(b.id, "p1");
    assert_eq!(b.title.as_deref(), Some("Breakwater to close for eleven weeks"));
    assert_eq!(b.url.as_deref(), Some("https://mirror.example.net/story"));
    assert_eq!(b.outlet.as_deref(), Some("The Harbour Gazette"));
    assert!(b.text.starts_with("The harbour authority confirmed on Wednesday"), "{}", b.text);
    assert!(!b.text.contains("Privacy"));
    assert_eq!(recs[1].origin, Origin::at_line("upload.jsonl", 2));
}

#[test]
fn html_metadata() {
    let page = news_page("Breakwater to close for eleven weeks", &PARAS);
    let a = article_from_html("bw", &page, None).unwrap();
    assert_eq!(a.id, "bw");
    assert_eq!(a.title.as_deref(), Some("Breakwater to close for eleven weeks"));
    // article:published_time wins over JSON-LD; normalised to UTC
    assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2023-04-05T06:30:00+00:00"));
    assert_eq!(a.outlet.as_deref(), Some("The Harbour Gazette"));
    assert_eq!(a.url.as_deref(), Some("https://www.harbourgazette.example/local/breakwater-to-close-for-eleven-weeks"));
    assert_eq!(a.text.lines().count(), 5, "{}", a.text);
    for p in PARAS {
        assert!(a.text.contains(p), "missing paragraph: {p}");
    }
    assert!(!a.text.contains("Related stories") && !a.text.contains("All rights reserved"));

    // no meta tags: <title> and JSON-LD-free page; outlet from the URL host
    let bare = bare_page("Crews move to the east quay", &PARAS);
    let a = article_from_html("b", &bare, Some("https://www.portnews.example/q")).unwrap();
    assert_eq!(a.title.as_deref(), Some("Crews move to the east quay"));
    assert_eq!(a.outlet.as_deref(), Some("portnews.example"));
    assert_eq!(a.date, None);
}

#[test]
fn warc_records() {
    let mut warc = Vec::new();
    warc.extend(warc_record(
        "warcinfo",
        "<urn:uuid:0>",
        "",
        "2023-04-07T10:00:00Z",
        "application/warc-fields",
        b"software: test\r\n",
    ));
    warc.extend(warc_record(
        "request",
        "<urn:uuid:r>",
        "https://portnews.example/a",
        "2023-04-07T10:00:00Z",
        "application/http; msgtype=request",
        b"GET /a HTTP/1.1\r\n\r\n",
    ));
    warc.extend(html_response(
        "<urn:uuid:a>",
        "https://portnews.example/a",
        "2023-04-07T10:00:00Z",
        &bare_page("Crews move", &PARAS),
    ));
    warc.extend(warc_record(
        "response",
        "<urn:uuid:img>",
        "https://portnews.example/i.png",
        "2023-04-07T10:00:00Z",
        "application/http; msgtype=response",
        &http("200 OK", "image/png", "\u{89}PNG\0\0"),
    ));
    warc.extend(warc_record(
        "response",
        "<urn:uuid:404>",
        "https://portnews.example/gone",
        "2023-04-07T10:00:00Z",
        "application/http; msgtype=response",
        &http("404 Not Found", "text/html", "<html><body>Not found</body></html>"),
    ));
    warc.extend(html_response(
        "<urn:uuid:b>",
        "https://www.harbourgazette.example/b",
        "2023-04-07T11:00:00Z",
        &news_page("Breakwater", &PARAS),
    ));
    // latin-1 page declared in the HTTP header
    let latin: Vec<u8> =
        bare_page("Caf\u{e9} owners welcome pontoons", &PARAS).chars().map(|c| c as u32 as u8).collect();
    let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n".to_vec();
    block.extend(latin);
    warc.extend(warc_record(
        "response",
        "<urn:uuid:c>",
        "https://portnews.example/c",
        "2023-04-08T09:00:00Z",
        "application/http; msgtype=response",
        &block,
    ));
    for (name, bytes) in [("crawl.warc", warc.clone()), ("crawl.warc.gz", gz(&warc)), ("upload.bin", warc.clone())] {
        let recs = oks(read_bytes(name, &bytes, &ReadOptions::default()));
        let ids: Vec<_> = recs.iter().map(|r| r.article.id.as_str()).collect();
        assert_eq!(ids, ["urn:uuid:a", "urn:uuid:b", "urn:uuid:c"], "{name}");
        assert_eq!(recs[0].article.url.as_deref(), Some("https://portnews.example/a"));
        assert_eq!(rfc(&recs[0]).as_deref(), Some("2023-04-07T10:00:00+00:00"), "WARC-Date when the page has none");
        assert_eq!(rfc(&recs[1]).as_deref(), Some("2023-04-05T06:30:00+00:00"), "the page's own date wins");
        assert_eq!(recs[1].article.url.as_deref(), Some("https://www.harbourgazette.example/b"));
        assert_eq!(recs[2].article.title.as_deref(), Some("Caf\u{e9} owners welcome pontoons"));
        assert_eq!(recs[0].origin.to_string(), format!("{name} (record <urn:uuid:a>)"));
    }
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Gazette - Local</title><link>https://www.harbourgazette.example/</link>
<item><title>Breakwater to close</title><link>https://www.harbourgazette.example/bw</link>
<guid>hg-1001</guid><pubDate>Wed, 05 Apr 2023 08:30:00 +0200</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>The harbour authority confirmed the closure.</p><p>Crews will move &amp; moor at the east quay.</p>]]></content:encoded></item>
<item><title>Fish market &amp; you</title><link>https://www.harbourgazette.example/fm</link>
<description>&lt;p&gt;The fish market opens &lt;b&gt;early&lt;/b&gt; on Friday.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://www.harbourgazette.example/e</link></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Port News</title><id>urn:port</id><updated>2023-04-06T00:00:00Z</updated>
<entry><title type="html">Pontoons &lt;em&gt;arrive&lt;/em&gt;</title><id>tag:portnews.example,2023:7</id>
<link rel="alternate" href="https://portnews.example/7"/><updated>2023-04-06T09:00:00Z</updated>
<summary>Temporary pontoons arrived at the east quay on Thursday.</summary></entry>
</feed>"#;

#[test]
fn feeds() {
    let items = read_bytes("local.rss", RSS.as_bytes(), &ReadOptions::default());
    assert_eq!(items.len(), 3);
    let a = &items[0].as_ref().unwrap().article;
    assert_eq!(a.id, "hg-1001");
    assert_eq!(a.title.as_deref(), Some("Breakwater to close"));
    assert_eq!(a.text, "The harbour authority confirmed the closure.\nCrews will move & moor at the east quay.");
    assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2023-04-05T06:30:00+00:00"));
    assert_eq!(a.outlet.as_deref(), Some("harbourgazette.example"));
    assert_eq!(a.meta.get("feed_title"), Some(&serde_json::json!("Harbour Gazette - Local")));
    let b = &items[1].as_ref().unwrap().article;
    assert_eq!(b.title.as_deref(), Some("Fish market & you"));
    assert_eq!(b.text, "The fish market opens early on Friday.");
    let e = items[2].as_ref().unwrap_err();
    assert!(e.to_string().starts_with("local.rss (record "), "{e}");
    assert!(e.to_string().ends_with("feed item has no content, description or summary"), "{e}");

    // sniffed without an extension, and Atom
    let recs = oks(read_bytes("upload", ATOM.as_bytes(), &ReadOptions::default()));
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].article.title.as_deref(), Some("Pontoons arrive"));
    assert_eq!(recs[0].article.url.as_deref(), Some("https://portnews.example/7"));
    assert_eq!(recs[0].article.id, "tag:portnews.example,2023:7");

    let bad = read_bytes("broken.xml", b"<rss><channel><item><title>x</ti", &ReadOptions::default());
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].as_ref().unwrap_err().kind(), "feed");
}

#[test]
fn forced_format_and_sniffing() {
    let text = b" date 2023-04-05 Breakwater\n\nBody line.";
    let r = oks(read_bytes("-", text, &ReadOptions::default()));
    assert_eq!(r[0].article.title.as_deref(), Some("Breakwater"));
    let j = b"{\"id\":\"x\",\"text\":\"y\"}\n";
    let r = oks(read_bytes("upload", j, &ReadOptions::default()));
    assert_eq!(r[0].article.id, "x");
    // forcing text on JSON keeps the raw line as text
    let forced = ReadOptions { format: Some(Format::Text), ..Default::default() };
    let r = oks(read_bytes("upload.jsonl", j, &forced));
    assert_eq!(r[0].article.text, "{\"id\":\"x\",\"text\":\"y\"}");
    let page = news_page("Breakwater to close", &PARAS);
    let r = oks(read_bytes("page.gz", &gz(page.as_bytes()), &ReadOptions::default()));
    assert_eq!(r[0].article.id, "page");
    assert_eq!(r[0].article.title.as_deref(), Some("Breakwater to close"));
}

#[test]
fn origin_display() {
    assert_eq!(Origin::file("a/b.txt").to_string(), "a/b.txt");
    assert_eq!(Origin::at_line("a.jsonl", 12).to_string(), "a.jsonl:12");
    assert_eq!(Origin::at_record("c.warc.gz", "<urn:uuid:9>").to_string(), "c.warc.gz (record <urn:uuid:9>)");
    let json = serde_json::to_value(Origin::at_line("a.jsonl", 3)).unwrap();
    assert_eq!(json, serde_json::json!({"path": "a.jsonl", "line": 3, "record": null}));
}
