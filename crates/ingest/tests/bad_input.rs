//! Every kind of bad input gives a clear error naming where, and the good
//! records of the same run still come through.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::*;
use newsfold_ingest::{IngestError, ReadOptions, Record, read_bytes, read_inputs};
use std::path::Path;

fn run(inputs: &[&Path], opts: &ReadOptions) -> (Vec<Record>, Vec<IngestError>) {
    let inputs: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    let mut ok = Vec::new();
    let mut err = Vec::new();
    for item in read_inputs(&inputs, opts) {
        match item {
            Ok(r) => ok.push(r),
            Err(e) => err.push(e),
        }
    }
    (ok, err)
}

fn good_text(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("good.txt");
    std::fs::write(
        &p,
        " date 2023-04-05 Breakwater to close for repairs\n\nThe harbour authority confirmed the closure.\n",
    )
    .unwrap();
    p
}

fn jsonl_lines(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"id\":\"art-{i}\",\"title\":\"Quay works, day {i}\",\"text\":\"Engineers poured {i} cubic metres of concrete on the east quay today, the harbour authority said.\",\"date\":\"2023-04-05\"}}\n"
            )
        })
        .collect()
}

#[test]
fn truncated_gzip_keeps_records_before_the_break() {
    let dir = tempfile::tempdir().unwrap();
    let full = gz(jsonl_lines(2000).as_bytes());
    let cut = &full[..full.len() * 6 / 10];
    let p = dir.path().join("feed.jsonl.gz");
    std::fs::write(&p, cut).unwrap();
    let good = good_text(dir.path());
    let (ok, err) = run(&[&p, &good], &ReadOptions::default());
    assert_eq!(err.len(), 1, "{err:?}");
    let msg = err[0].to_string();
    assert_eq!(err[0].kind(), "gzip");
    assert!(msg.starts_with(&format!("{}:", p.display())), "{msg}");
    assert!(msg.contains("truncated"), "{msg}");
    let from_jsonl = ok.iter().filter(|r| r.article.id.starts_with("art-")).count();
    assert!(from_jsonl > 100 && from_jsonl < 2000, "{from_jsonl}");
    // records come through in order, none damaged
    for (i, r) in ok.iter().filter(|r| r.article.id.starts_with("art-")).enumerate() {
        assert_eq!(r.article.id, format!("art-{i}"));
    }
    assert!(ok.iter().any(|r| r.article.id == "good"));
}

#[test]
fn truncated_gzip_text_file_is_rejected() {
    let full = gz("Headline\n\nBody text that goes on for a while. ".repeat(500).as_bytes());
    let items = read_bytes("story.txt.gz", &full[..full.len() / 2], &ReadOptions::default());
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(e.kind(), "gzip");
    assert!(e.to_string().starts_with("story.txt.gz: corrupt or truncated gzip stream"), "{e}");
}

#[test]
fn truncated_warc_record() {
    let mut warc = Vec::new();
    warc.extend(html_response(
        "<urn:uuid:1>",
        "https://www.harbourgazette.example/a",
        "2023-04-05T10:00:00Z",
        &news_page("Breakwater to close", &PARAS),
    ));
    warc.extend(html_response(
        "<urn:uuid:2>",
        "https://www.harbourgazette.example/b",
        "2023-04-06T10:00:00Z",
        &news_page("Crews move to east quay", &PARAS[1..]),
    ));
    let third = html_response(
        "<urn:uuid:3>",
        "https://www.harbourgazette.example/c",
        "2023-04-07T10:00:00Z",
        &news_page("Pontoons arrive", &PARAS[2..]),
    );
    warc.extend_from_slice(&third[..third.len() - 900]);
    let items = read_bytes("crawl.warc", &warc, &ReadOptions::default());
    let ok: Vec<_> = items.iter().filter_map(|r| r.as_ref().ok()).collect();
    let err: Vec<_> = items.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(ok.iter().map(|r| r.article.id.as_str()).collect::<Vec<_>>(), ["urn:uuid:1", "urn:uuid:2"]);
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].kind(), "warc");
    let msg = err[0].to_string();
    assert!(msg.starts_with("crawl.warc (record <urn:uuid:3>): truncated WARC record"), "{msg}");

    // the same, gzipped per record (as crawlers write .warc.gz), cut inside the last member
    let mut wgz = Vec::new();
    wgz.extend(gz(&html_response(
        "<urn:uuid:1>",
        "https://x.example/a",
        "2023-04-05T10:00:00Z",
        &news_page("One", &PARAS),
    )));
    wgz.extend(gz(&html_response(
        "<urn:uuid:2>",
        "https://x.example/b",
        "2023-04-05T10:00:00Z",
        &news_page("Two", &PARAS),
    )));
    let last = gz(&third);
    wgz.extend_from_slice(&last[..last.len() / 2]);
    let items = read_bytes("crawl.warc.gz", &wgz, &ReadOptions::default());
    assert_eq!(items.iter().filter(|r| r.is_ok()).count(), 2, "{items:?}");
    let e = items.last().unwrap().as_ref().unwrap_err();
    assert_eq!(e.kind(), "gzip", "{e}");
    assert!(e.to_string().contains("urn:uuid:3"), "{e}");
}

#[test]
fn garbage_between_warc_records_is_skipped() {
    let mut warc = Vec::new();
    warc.extend(html_response(
        "<urn:uuid:1>",
        "https://x.example/a",
        "2023-04-05T10:00:00Z",
        &news_page("One", &PARAS),
    ));
    warc.extend_from_slice(b"this is not a record\r\nneither is this\r\n");
    warc.extend(html_response(
        "<urn:uuid:2>",
        "https://x.example/b",
        "2023-04-05T10:00:00Z",
        &news_page("Two", &PARAS),
    ));
    let items = read_bytes("c.warc", &warc, &ReadOptions::default());
    assert_eq!(items.iter().filter(|r| r.is_ok()).count(), 2, "{items:?}");
    let e = items.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert!(e.to_string().starts_with("c.warc (record at byte "), "{e}");
    assert!(e.to_string().contains("not a WARC record header"), "{e}");
}

#[test]
fn malformed_jsonl_line() {
    let body = "{\"id\":\"a\",\"text\":\"First story.\"}\n{\"id\":\"b\" \"text\":\"oops\"}\n\n{\"id\":\"c\",\"text\":\"Third story.\"}\n";
    let items = read_bytes("data/a.jsonl", body.as_bytes(), &ReadOptions::default());
    let ids: Vec<_> = items.iter().filter_map(|r| r.as_ref().ok()).map(|r| r.article.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    let e = items[1].as_ref().unwrap_err();
    assert_eq!(e.to_string(), "data/a.jsonl:2: invalid JSON: expected `,` or `}` at column 11");
    assert_eq!(e.origin().and_then(|o| o.line), Some(2));
    assert!(!e.is_fatal());
    // the good records carry their line
    assert_eq!(items[2].as_ref().unwrap().origin.to_string(), "data/a.jsonl:4");
}

#[test]
fn invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("mixed.jsonl");
    let mut body = b"{\"id\":\"a\",\"text\":\"Fine.\"}\n{\"id\":\"b\",\"text\":\"caf".to_vec();
    body.extend_from_slice(b"\xe9 au lait\"}\n{\"id\":\"c\",\"text\":\"Also fine.\"}\n");
    std::fs::write(&j, &body).unwrap();
    let t = dir.path().join("latin1.txt");
    std::fs::write(&t, b"Headline\n\nThe caf\xe9 closed.\n").unwrap();
    let good = good_text(dir.path());
    let (ok, err) = run(&[&j, &t, &good], &ReadOptions::default());
    let ids: Vec<_> = ok.iter().map(|r| r.article.id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "good"]);
    assert_eq!(err.len(), 2);
    assert_eq!(err[0].to_string(), format!("{}:2: invalid UTF-8 at byte 21", j.display()));
    assert_eq!(err[1].to_string(), format!("{}: invalid UTF-8 at byte 17 (line 3)", t.display()));
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("photo.txt");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&b, &bytes).unwrap();
    let u = dir.path().join("blob");
    std::fs::write(&u, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3]).unwrap();
    let good = good_text(dir.path());
    let (ok, err) = run(&[&b, &u, &good], &ReadOptions::default());
    assert_eq!(ok.len(), 1);
    assert_eq!(err.len(), 2);
    for (e, p) in err.iter().zip([&b, &u]) {
        assert_eq!(e.kind(), "binary");
        assert!(e.to_string().starts_with(&format!("{}: binary file", p.display())), "{e}");
    }
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["empty.txt", "empty.jsonl", "blank.html", "empty.warc"] {
        let body: &[u8] = if name == "blank.html" { b"  \n\n " } else { b"" };
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    std::fs::write(dir.path().join("empty.txt.gz"), gz(b"")).unwrap();
    good_text(dir.path());
    let (ok, err) = run(&[dir.path()], &ReadOptions::default());
    assert_eq!(ok.len(), 1);
    assert_eq!(err.len(), 5, "{err:?}");
    for e in &err {
        assert_eq!(e.kind(), "empty-file");
        assert!(e.to_string().ends_with(": empty file"), "{e}");
    }
}

#[test]
fn fifty_megabyte_article() {
    let dir = tempfile::tempdir().unwrap();
    let para = "The harbour authority published another page of its breakwater report, listing every block replaced. ";
    let mut text = String::from(" date 2023-04-05 The longest report\n\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(para);
        text.push('\n');
    }
    let big = dir.path().join("big.txt");
    std::fs::write(&big, &text).unwrap();
    let good = good_text(dir.path());
    let (ok, err) = run(&[&big, &good], &ReadOptions::default());
    assert!(err.is_empty(), "{err:?}");
    assert_eq!(ok.len(), 2);
    assert_eq!(ok[0].article.title.as_deref(), Some("The longest report"));
    assert!(ok[0].article.text.len() > 50 * 1000 * 1000);

    // over the cap: rejected without stopping the others
    let small_cap = ReadOptions { max_article_bytes: 10 * 1024 * 1024, ..Default::default() };
    let (ok, err) = run(&[&big, &good], &small_cap);
    assert_eq!(ok.len(), 1);
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].kind(), "too-large");
    assert!(err[0].to_string().contains("more than the limit of 10485760 bytes"), "{}", err[0]);

    // the same as one JSONL line between two good lines
    let j = dir.path().join("big.jsonl");
    let line = serde_json::json!({"id": "huge", "text": text}).to_string();
    std::fs::write(&j, format!("{{\"id\":\"x\",\"text\":\"a\"}}\n{line}\n{{\"id\":\"y\",\"text\":\"b\"}}\n")).unwrap();
    let (ok, err) = run(&[&j], &ReadOptions::default());
    assert!(err.is_empty());
    assert_eq!(ok.iter().map(|r| r.article.id.as_str()).collect::<Vec<_>>(), ["x", "huge", "y"]);
    let (ok, err) = run(&[&j], &small_cap);
    assert_eq!(ok.iter().map(|r| r.article.id.as_str()).collect::<Vec<_>>(), ["x", "y"]);
    assert_eq!(err[0].to_string().split(": ").next(), Some(format!("{}:2", j.display()).as_str()));
}

#[test]
fn html_page_without_article() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("index.html");
    std::fs::write(
        &p,
        "<!DOCTYPE html><html><head><title>Harbour Gazette</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/sport\">Sport</a></nav><footer>\u{a9} 2023</footer></body></html>",
    )
    .unwrap();
    let a = dir.path().join("story.html");
    std::fs::write(&a, news_page("Breakwater to close for eleven weeks", &PARAS)).unwrap();
    let (ok, err) = run(&[&p, &a], &ReadOptions::default());
    assert_eq!(ok.len(), 1, "{ok:?}");
    assert_eq!(ok[0].article.id, "story");
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].to_string(), format!("{}: no article text found in the HTML page", p.display()));
}

#[test]
fn missing_inputs_are_fatal_and_others_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_text(dir.path());
    let missing = dir.path().join("nope.txt");
    let pattern = dir.path().join("*.none");
    let (ok, err) = run(&[&missing, &pattern, &good], &ReadOptions::default());
    assert_eq!(ok.len(), 1);
    assert_eq!(err.len(), 2);
    assert!(err.iter().all(IngestError::is_fatal));
    assert_eq!(err[0].to_string(), format!("{}: no such file or directory", missing.display()));
}
