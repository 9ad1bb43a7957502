//! Article main-text extraction on the shared benchmark pages.
//!
//! `cargo run --release -p newsfold-ingest --example eval_extraction [-- --pages]`
//!
//! Prints precision / recall / F1 (4-token shingles, the benchmark's metric)
//! and exact-match accuracy for newsfold's `article_from_html` and, for
//! comparison, for rs-trafilatura's raw output. `--pages` lists per-page
//! scores, worst first.

#[path = "../tests/support/extraction_eval.rs"]
mod extraction_eval;

use extraction_eval::{Scores, evaluate, load};

fn show(name: &str, s: &Scores) {
    println!(
        "{name:<28} precision {:.4}  recall {:.4}  F1 {:.4}  accuracy {:.4}  (pages {})",
        s.precision,
        s.recall,
        s.f1,
        s.accuracy,
        s.pages.len()
    );
}

fn main() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("extraction", "extraction evaluation") else { return };
    let cases = load(&dir);
    let t = std::time::Instant::now();
    let raw = evaluate(&cases, |c| {
        rs_trafilatura::extract_with_options(
            &c.html,
            &rs_trafilatura::Options { url: Some(c.url.clone()), ..Default::default() },
        )
        .map(|r| r.content_text)
        .unwrap_or_default()
    });
    let t_raw = t.elapsed();
    let t = std::time::Instant::now();
    let ours = evaluate(&cases, |c| {
        newsfold_ingest::article_from_html(&c.id, &c.html, Some(&c.url)).map(|a| a.text).unwrap_or_default()
    });
    let t_ours = t.elapsed();
    show("rs-trafilatura (raw)", &raw);
    show("newsfold article_from_html", &ours);
    println!("time: raw {:.2?}, newsfold {:.2?} for {} pages", t_raw, t_ours, cases.len());
    if std::env::args().any(|a| a == "--pages") {
        let mut pages: Vec<_> = ours.pages.iter().collect();
        pages.sort_by(|a, b| {
            let fa = a.precision.unwrap_or(0.0) + a.recall;
            let fb = b.precision.unwrap_or(0.0) + b.recall;
            fa.total_cmp(&fb)
        });
        for p in pages {
            println!(
                "{}  P {}  R {:.3}  {}",
                &p.id[..12],
                p.precision.map_or("  -  ".to_string(), |x| format!("{x:.3}")),
                p.recall,
                p.url
            );
        }
    }
}
