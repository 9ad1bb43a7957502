//! Property tests: no reader panics on arbitrary bytes, and every rejection
//! names where it happened. (The cargo-fuzz targets in `fuzz/` do the same
//! with coverage guidance.)

#[path = "support/fixtures.rs"]
mod fixtures;

use newsfold_ingest::{ReadOptions, read_bytes};
use proptest::prelude::*;

const NAMES: [&str; 8] = ["a.txt", "a.jsonl", "a.html", "a.warc", "a.rss", "a.warc.gz", "upload", "a.atom"];

fn check(name: &str, bytes: &[u8], opts: &ReadOptions) {
    for item in read_bytes(name, bytes, opts) {
        match item {
            Ok(r) => {
                assert!(!r.article.id.is_empty());
                assert_eq!(r.origin.path, name);
            }
            Err(e) => {
                assert_eq!(e.origin().map(|o| o.path.as_str()), Some(name));
                assert!(e.to_string().starts_with(name), "{e}");
            }
        }
    }
}

/// Byte strings biased towards each format's syntax.
fn structured() -> impl Strategy<Value = Vec<u8>> {
    let atoms = prop::sample::select(vec![
        &b"WARC/1.1\r\n"[..],
        b"WARC-Type: response\r\n",
        b"WARC-Record-ID: <urn:uuid:1>\r\n",
        b"Content-Length: 40\r\n",
        b"Content-Length: 99999999999999999999\r\n",
        b"\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
        b"Transfer-Encoding: chunked\r\n",
        b"<html><body><article><p>",
        b"</p></article></body></html>",
        b"{\"id\":1,\"text\":\"",
        b"\"}\n",
        b"\"html\":\"<p>x</p>\"",
        b"<rss version=\"2.0\"><channel><item><title>",
        b"</title><description>",
        b"</description></item></channel></rss>",
        b" date 2021-12-03 ",
        b"\n",
        b"The harbour authority confirmed the closure of the breakwater today. ",
        b"\xff\xfe",
        b"\0",
        b"\x1f\x8b\x08\x00",
        b"&amp;&#x1F600;&#0;",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), n in 0usize..NAMES.len()) {
        check(NAMES[n], &bytes, &ReadOptions::default());
    }

    #[test]
    fn structured_bytes_never_panic(bytes in structured(), n in 0usize..NAMES.len(), cap in 1usize..4096) {
        check(NAMES[n], &bytes, &ReadOptions::default());
        check(NAMES[n], &bytes, &ReadOptions { max_article_bytes: cap, ..ReadOptions::default() });
    }

    #[test]
    fn gzipped_and_cut_never_panic(bytes in structured(), cut in 0usize..4096, n in 0usize..NAMES.len()) {
        let z = fixtures::gz(&bytes);
        let cut = cut.min(z.len());
        check(NAMES[n], &z[..cut], &ReadOptions::default());
    }
}
