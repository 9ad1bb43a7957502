//! Corpus-scale reuse search timing: candidates and pair analysis over a JSONL
//! corpus (one `Article` per line), with counts per relation.
//!
//! `cargo run --release -p newsfold-align --example bench_corpus -- CORPUS.jsonl [LIMIT] [PAIRS_OUT.tsv]`
//!
//! Prints the candidate count, the seconds of each phase and the pairs per
//! relation; with `PAIRS_OUT` writes `a<TAB>b<TAB>relation` lines (sorted) so
//! two versions can be compared pair by pair.

use std::io::{BufRead, Write};
use std::time::Instant;

use newsfold_align::{AlignParams, Relation, analyze_corpus, candidate_pairs};
use newsfold_core::Article;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: bench_corpus CORPUS.jsonl [LIMIT] [PAIRS_OUT.tsv]");
        std::process::exit(2);
    };
    let limit: usize = args.get(2).and_then(|x| x.parse().ok()).unwrap_or(usize::MAX);
    let file = std::fs::File::open(path).expect("open corpus");
    let articles: Vec<Article> = std::io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.trim().is_empty())
        .take(limit)
        .filter_map(|l| serde_json::from_str(&l).ok())
        .collect();
    let mut params = AlignParams::default();
    // experiments: override the corpus-index parameters from the environment
    if let Some(v) = std::env::var("MAX_DF").ok().and_then(|v| v.parse().ok()) {
        params.max_df = v;
    }
    if let Some(v) = std::env::var("MAX_CAND").ok().and_then(|v| v.parse().ok()) {
        params.max_candidates = v;
    }
    println!("max_df {} max_candidates {}", params.max_df, params.max_candidates);
    println!("articles {}", articles.len());
    let t = Instant::now();
    let cands = candidate_pairs(&articles, &params);
    let t_cand = t.elapsed().as_secs_f64();
    println!(
        "candidates {} ({:.1} per article) in {t_cand:.2} s",
        cands.len(),
        cands.len() as f64 / articles.len().max(1) as f64
    );
    let t = Instant::now();
    let res = analyze_corpus(&articles, &params);
    let t_all = t.elapsed().as_secs_f64();
    println!("analyze_corpus {t_all:.2} s (candidates included)");
    for rel in [Relation::Exact, Relation::NearDuplicate, Relation::Rewrite, Relation::SharesPassages] {
        println!("  {:<16} {}", rel.as_str(), res.iter().filter(|p| p.relation == rel).count());
    }
    let passages: usize = res.iter().map(|p| p.passages.len() + p.rewrite_passages.len()).sum();
    println!("  passages         {passages}");
    if let Some(out) = args.get(3) {
        let mut rows: Vec<String> = res
            .iter()
            .map(|p| {
                let (a, b) = if p.a <= p.b { (&p.a, &p.b) } else { (&p.b, &p.a) };
                format!("{a}\t{b}\t{}", p.relation.as_str())
            })
            .collect();
        rows.sort();
        let mut f = std::io::BufWriter::new(std::fs::File::create(out).expect("create output"));
        for r in rows {
            writeln!(f, "{r}").expect("write");
        }
    }
}
