//! Tokeniser and sentence splitter throughput on the texts of a JSONL corpus
//! (`text` field).
//!
//! `cargo run --release -p newsfold-core --example bench_tokenize -- CORPUS.jsonl [ROUNDS]`
//!
//! Prints, for `tokenize_into` and for `sentences`, MB/s (best of ROUNDS, one
//! thread), the output count and a digest of every output (token span and
//! hash; sentence span and paragraph), so an optimisation can show it changes
//! nothing.

use std::hash::Hasher;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: bench_tokenize CORPUS.jsonl [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let data = match std::fs::read_to_string(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let texts: Vec<String> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut toks = Vec::new();
    let mut best = f64::INFINITY;
    let mut digest = 0u64;
    let mut count = 0usize;
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        count = 0;
        for text in &texts {
            newsfold_core::tokenize_into(text, &mut toks);
            count += toks.len();
            for tok in &toks {
                h.write_u64(tok.hash ^ ((tok.start as u64) << 32) ^ tok.end as u64);
            }
        }
        digest = h.finish();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "tokenize: {} texts, {:.1} MB, {} tokens: best {:.3} s = {:.0} MB/s, {:.1} ns/token, digest {:016x}",
        texts.len(),
        bytes as f64 / 1e6,
        count,
        best,
        bytes as f64 / 1e6 / best,
        best * 1e9 / count.max(1) as f64,
        digest
    );

    let (mut best, mut digest, mut count) = (f64::INFINITY, 0u64, 0usize);
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        count = 0;
        for text in &texts {
            let sents = newsfold_core::sentences(text);
            count += sents.len();
            for s in &sents {
                h.write_u64(((s.span.start as u64) << 40) ^ ((s.span.end as u64) << 8) ^ s.paragraph as u64);
            }
        }
        digest = h.finish();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "sentences: {} sentences: best {:.3} s = {:.0} MB/s, digest {:016x}",
        count,
        best,
        bytes as f64 / 1e6 / best,
        digest
    );
}
