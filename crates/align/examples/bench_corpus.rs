//! Corpus-scale reuse search timing: candidates and pair analysis over a JSONL
//! corpus (one `Article` per line), with counts per relation.
//!
//! `cargo run --release -p newsfold-align --example bench_corpus -- CORPUS.jsonl [LIMIT] [PAIRS_OUT.tsv]`
//!
//! Prints the candidate count, the seconds of each phase and the pairs per
//! relation; with `PAIRS_OUT` writes `a<TAB>b<TAB>relation` lines (sorted) so
//! two versions can be compared pair by pair. `SCHEDULE_ONLY=1` stops after
//! the candidates and prints how many documents each pair order (chronological,
//! graph walk) would prepare at two cache sizes (`schedule_cost`).

use std::io::{BufRead, Write};
use std::time::Instant;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use newsfold_align::{AlignParams, Relation, candidate_pairs, for_each_related_pair, schedule_cost};
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
    if let Some(v) = std::env::var("MAX_PREPARED").ok().and_then(|v| v.parse().ok()) {
        params.max_prepared_docs = v;
    }
    // LOCAL_ORDER=0: the chronological pair order instead of the graph walk
    if let Ok(v) = std::env::var("LOCAL_ORDER") {
        params.local_order = v != "0";
    }
    println!(
        "max_df {} max_candidates {} max_prepared_docs {} local_order {}",
        params.max_df, params.max_candidates, params.max_prepared_docs, params.local_order
    );
    println!("articles {}", articles.len());
    let t = Instant::now();
    let cands = candidate_pairs(&articles, &params);
    let t_cand = t.elapsed().as_secs_f64();
    let per = cands.len() as f64 / articles.len().max(1) as f64;
    println!("candidates {} ({per:.1} per article) in {t_cand:.2} s", cands.len());
    // SCHEDULE_ONLY=1: the documents each pair order would prepare, at two cache sizes, and stop
    if std::env::var_os("SCHEDULE_ONLY").is_some() {
        for local_order in [false, true] {
            for max_prepared_docs in [params.max_prepared_docs, 2 * params.max_prepared_docs] {
                let p = AlignParams { local_order, max_prepared_docs, ..params.clone() };
                let t = Instant::now();
                let n = schedule_cost(&articles, &cands, &p);
                println!(
                    "order {} max_prepared_docs {max_prepared_docs}: {n} documents prepared ({:.2} per article), schedule {:.2} s",
                    if local_order { "walk" } else { "chronological" },
                    n as f64 / articles.len().max(1) as f64,
                    t.elapsed().as_secs_f64()
                );
            }
        }
        return;
    }
    drop(cands);
    // streamed: only (a, b, relation) and passage counts are kept, so large corpora fit in memory
    let rows = Mutex::new(Vec::<(String, String, Relation)>::new());
    let passages = AtomicUsize::new(0);
    let t = Instant::now();
    let stats = for_each_related_pair(&articles, &params, |p| {
        passages.fetch_add(p.passages.len() + p.rewrite_passages.len(), Ordering::Relaxed);
        let (a, b) = if p.a <= p.b { (p.a, p.b) } else { (p.b, p.a) };
        rows.lock().expect("lock").push((a, b, p.relation));
    });
    let t_all = t.elapsed().as_secs_f64();
    println!(
        "analysis {t_all:.2} s (candidates included); {} documents prepared ({:.2} per article)",
        stats.prepared,
        stats.prepared as f64 / articles.len().max(1) as f64
    );
    let mut rows = rows.into_inner().expect("lock");
    for rel in [Relation::Exact, Relation::NearDuplicate, Relation::Rewrite, Relation::SharesPassages] {
        println!("  {:<16} {}", rel.as_str(), rows.iter().filter(|p| p.2 == rel).count());
    }
    println!("  passages         {}", passages.load(Ordering::Relaxed));
    if let Some(out) = args.get(3) {
        rows.sort();
        let mut f = std::io::BufWriter::new(std::fs::File::create(out).expect("create output"));
        for (a, b, r) in rows {
            writeln!(f, "{a}\t{b}\t{}", r.as_str()).expect("write");
        }
    }
}
