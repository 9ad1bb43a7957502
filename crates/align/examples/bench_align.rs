//! Alignment speed on real pairs (../shared/data/bbc-dups judged pairs) and on
//! long synthetic-from-real texts, against a full O(nm) Smith-Waterman baseline.
//!
//! `cargo run --release -p newsfold-align --example bench_align`

use std::time::Instant;

use newsfold_align::{AlignParams, align_passages, analyze_corpus, candidate_pairs};
use newsfold_core::{Article, tokenize};

/// Straightforward full Smith-Waterman over word hashes (linear gaps, score
/// only, O(nm) time, O(m) memory): the baseline our anchored aligner replaces.
fn full_sw(a: &[u64], b: &[u64]) -> i32 {
    let mut prev = vec![0i32; b.len() + 1];
    let mut cur = vec![0i32; b.len() + 1];
    let mut best = 0;
    for &x in a {
        for j in 1..=b.len() {
            let s = if x == b[j - 1] { 4 } else { -2 };
            let v = (prev[j - 1] + s).max(prev[j] - 3).max(cur[j - 1] - 3).max(0);
            cur[j] = v;
            best = best.max(v);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

fn hashes(t: &str) -> Vec<u64> {
    tokenize(t).iter().map(|x| x.hash).collect()
}

fn main() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("bbc-dups", "align benchmark") else { return };
    let arts: Vec<Article> = std::fs::read_to_string(dir.join("articles.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| Article {
            id: v["id"].as_str().unwrap_or("").to_string(),
            text: v["text"].as_str().unwrap_or("").to_string(),
            ..Default::default()
        })
        .collect();
    let by_id: std::collections::HashMap<&str, &Article> = arts.iter().map(|a| (a.id.as_str(), a)).collect();
    let pairs: Vec<(&Article, &Article)> = std::fs::read_to_string(dir.join("pairs.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| Some((*by_id.get(v["a"].as_str()?)?, *by_id.get(v["b"].as_str()?)?)))
        .collect();
    let words: usize = pairs.iter().map(|(a, b)| tokenize(&a.text).len() + tokenize(&b.text).len()).sum();
    let p = AlignParams::default();
    println!("{} judged bbc-dups pairs, {} words per round (both sides), single thread", pairs.len(), words);

    let time = |name: &str, f: &dyn Fn() -> usize| -> f64 {
        let t = Instant::now();
        let mut rounds = 0;
        let mut sink = 0;
        while t.elapsed().as_secs_f64() < 2.0 || rounds < 2 {
            sink += f();
            rounds += 1;
        }
        let s = t.elapsed().as_secs_f64() / rounds as f64;
        println!(
            "  {name:32} {:9.1} pairs/s  {:11.0} words/s  ({:.2} ms/round, checksum {sink})",
            pairs.len() as f64 / s,
            words as f64 / s,
            s * 1e3
        );
        s
    };
    let ours = time("anchored banded (align_passages)", &|| {
        pairs.iter().map(|(a, b)| align_passages(&a.text, &b.text, &p).len()).sum()
    });
    let full = time("full Smith-Waterman O(nm)", &|| {
        pairs.iter().map(|(a, b)| full_sw(&hashes(&a.text), &hashes(&b.text)) as usize).sum()
    });
    println!("  speed-up on real pairs: {:.1}x", full / ours);

    // long texts: 60 articles concatenated vs the same with every 3rd article replaced
    for n in [20usize, 60] {
        let la: String = arts.iter().take(n).map(|a| a.text.as_str()).collect::<Vec<_>>().join("\n");
        let lb: String = arts
            .iter()
            .take(n)
            .enumerate()
            .map(|(i, a)| if i % 3 == 2 { arts[arts.len() - 1 - i].text.as_str() } else { a.text.as_str() })
            .collect::<Vec<_>>()
            .join("\n");
        let (wa, wb) = (tokenize(&la).len(), tokenize(&lb).len());
        let t = Instant::now();
        let ps = align_passages(&la, &lb, &p);
        let ours = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let sw = full_sw(&hashes(&la), &hashes(&lb));
        let full = t.elapsed().as_secs_f64();
        println!(
            "long texts {wa}x{wb} words: anchored {:.1} ms ({} passages, {:.0} words/s), full SW {:.0} ms (score {sw}) -> {:.0}x",
            ours * 1e3,
            ps.len(),
            (wa + wb) as f64 / ours,
            full * 1e3,
            full / ours
        );
    }

    // corpus search
    let t = Instant::now();
    let c = candidate_pairs(&arts, &p);
    let tc = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let all = analyze_corpus(&arts, &p);
    let ta = t.elapsed().as_secs_f64();
    println!(
        "corpus: {} articles, {} candidate pairs in {:.2}s; full analyze_corpus {:.2}s ({} related pairs, {} rayon threads)",
        arts.len(),
        c.len(),
        tc,
        ta,
        all.len(),
        rayon::current_num_threads()
    );
}
