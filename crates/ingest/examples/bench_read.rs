//! Reader throughput on a large JSONL file.
//!
//! `cargo run --release -p newsfold-ingest --example bench_read [-- COPIES]`
//!
//! Builds `/tmp/newsfold-bench.jsonl` (and `.jsonl.gz`) from the shared
//! bbc-dups articles repeated COPIES times (default 60, about 180 MB) with
//! unique ids, then times `read_inputs` over each and prints articles/s and
//! MB/s (of uncompressed input). Single-threaded: the readers stream one
//! file at a time.

use newsfold_ingest::{ReadOptions, read_inputs};
use std::io::{BufRead, Write};
use std::time::Instant;

fn main() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("bbc-dups", "reader benchmark") else { return };
    let copies: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(60);
    let src = std::fs::File::open(dir.join("articles.jsonl")).expect("articles.jsonl");
    let lines: Vec<serde_json::Value> = std::io::BufReader::new(src)
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(&l).expect("json"))
        .collect();
    let path = std::path::Path::new("/tmp/newsfold-bench.jsonl");
    let gz_path = std::path::Path::new("/tmp/newsfold-bench.jsonl.gz");
    {
        let f = std::fs::File::create(path).expect("create");
        let mut w = std::io::BufWriter::new(f);
        let gf = std::fs::File::create(gz_path).expect("create");
        let mut gw = flate2::write::GzEncoder::new(std::io::BufWriter::new(gf), flate2::Compression::fast());
        for c in 0..copies {
            for v in &lines {
                let mut v = v.clone();
                if let Some(id) = v.get("id").and_then(|x| x.as_str()).map(|s| format!("{s}-{c}")) {
                    v["id"] = serde_json::Value::String(id);
                }
                v["date"] = serde_json::Value::String("2005-03-01T12:00:00Z".into());
                v["url"] = serde_json::Value::String("https://news.bbc.co.uk/x".into());
                let line = format!("{v}\n");
                w.write_all(line.as_bytes()).expect("write");
                gw.write_all(line.as_bytes()).expect("write");
            }
        }
        w.flush().expect("flush");
        gw.finish().expect("finish").flush().expect("flush");
    }
    let bytes = std::fs::metadata(path).expect("meta").len() as f64;
    for p in [path, gz_path] {
        let t = Instant::now();
        let (mut ok, mut err, mut text_bytes) = (0usize, 0usize, 0usize);
        for item in read_inputs(&[p.display().to_string()], &ReadOptions::default()) {
            match item {
                Ok(r) => {
                    ok += 1;
                    text_bytes += r.article.text.len();
                }
                Err(_) => err += 1,
            }
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "{}: {ok} articles ({err} rejected), {:.1} MB input, {:.1} MB text in {s:.2} s: {:.0} articles/s, {:.1} MB/s",
            p.display(),
            bytes / 1e6,
            text_bytes as f64 / 1e6,
            ok as f64 / s,
            bytes / 1e6 / s
        );
    }
}
