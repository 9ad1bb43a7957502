//! Evaluate duplicate detection on bbc-dups (DEV split).
//!
//! `cargo run --release -p newsfold-dedup --example eval_bbc`

#[path = "../eval/bbc.rs"]
#[allow(dead_code)] // shared with tests/bbc.rs, which uses the rest
mod bbc;

use newsfold_dedup::DedupParams;

fn main() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("bbc-dups", "eval_bbc") else { return };
    let params = DedupParams::default();
    let l = bbc::load(&dir);
    let t = std::time::Instant::now();
    let report = newsfold_dedup::find_duplicates(&l.articles, &params);
    let el = t.elapsed();
    println!(
        "bbc-dups DEV: {} articles, {} gold pairs; dedup took {:.1} ms; {} pairs, {} clusters",
        l.articles.len(),
        l.gold.len(),
        el.as_secs_f64() * 1e3,
        report.pairs.len(),
        report.clusters.len()
    );
    println!("\n== all pairs ==");
    for line in bbc::score(&l, &report, false).lines {
        println!("{line}");
    }
    println!("\n== sensitivity: BORDERLINE pairs dropped ==");
    for line in bbc::score(&l, &report, true).lines {
        println!("{line}");
    }
}
