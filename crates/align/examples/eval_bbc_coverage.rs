//! Alignment coverage of judged duplicate pairs in ../shared/data/bbc-dups, the
//! relation assigned to every judged pair, and corpus-wide pairwise
//! precision/recall of {exact, near_duplicate} from `analyze_corpus`.
//!
//! `cargo run --release -p newsfold-align --example eval_bbc_coverage`

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use newsfold_align::{AlignParams, Relation, analyze_corpus, analyze_pair};
use newsfold_core::Article;

fn main() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("bbc-dups", "bbc coverage eval") else { return };
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
    let by_id: HashMap<&str, &Article> = arts.iter().map(|a| (a.id.as_str(), a)).collect();
    let pairs: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("pairs.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let params = AlignParams::default();
    let mut cov_pos: Vec<(f32, String)> = Vec::new();
    let mut confusion: HashMap<(String, &'static str), usize> = HashMap::new();
    for p in &pairs {
        let (a, b, label) =
            (p["a"].as_str().unwrap_or(""), p["b"].as_str().unwrap_or(""), p["label"].as_str().unwrap_or(""));
        let (Some(x), Some(y)) = (by_id.get(a), by_id.get(b)) else { continue };
        let r = analyze_pair(x, y, &params);
        let rel = r.as_ref().map(|r| r.relation).unwrap_or(Relation::None);
        if let Some(z) = &r {
            let c = z.coverage_shorter();
            let odd = (label == "same_story" && (c >= 0.5 || rel == Relation::Rewrite))
                || (label == "near_duplicate" && c < 0.8)
                || (label == "unrelated" && rel != Relation::None);
            if odd {
                let s = &z.rewrite;
                println!(
                    "  [{label} -> {}] {a} {b}: coverage {c:.2}, sentences matched {:.2} verbatim {:.2} sim {:.2} order {:.2}",
                    rel.as_str(),
                    s.matched_fraction,
                    s.verbatim_fraction,
                    s.mean_similarity,
                    s.order_fraction
                );
            }
        }
        *confusion.entry((label.to_string(), rel.as_str())).or_default() += 1;
        if label == "exact" || label == "near_duplicate" {
            let c = r.as_ref().map(|r| r.coverage_shorter()).unwrap_or(0.0);
            cov_pos.push((c, format!("{a} {b} {label}")));
        }
    }
    cov_pos.sort_by(|x, y| x.0.partial_cmp(&y.0).unwrap_or(std::cmp::Ordering::Equal));
    let q = |f: f32| cov_pos.get(((cov_pos.len() as f32 - 1.0) * f).round() as usize).map(|x| x.0).unwrap_or(0.0);
    println!("judged exact+near_duplicate pairs: {}", cov_pos.len());
    println!(
        "coverage of shorter article: min {:.3}  p10 {:.3}  median {:.3}  mean {:.3}",
        q(0.0),
        q(0.1),
        q(0.5),
        cov_pos.iter().map(|x| x.0).sum::<f32>() / cov_pos.len().max(1) as f32
    );
    println!("pairs with coverage >= 0.8: {} / {}", cov_pos.iter().filter(|x| x.0 >= 0.8).count(), cov_pos.len());
    for (c, id) in cov_pos.iter().take(6) {
        println!("  lowest: {c:.3} {id}");
    }
    println!("\nrelation by gold label (judged pairs):");
    let mut keys: Vec<_> = confusion.iter().collect();
    keys.sort();
    for ((gold, pred), n) in keys {
        println!("  {gold:15} -> {pred:16} {n}");
    }
    // corpus-wide: predicted duplicate pairs vs gold positives
    let t = Instant::now();
    let all = analyze_corpus(&arts, &params);
    let secs = t.elapsed().as_secs_f64();
    let gold: HashSet<(String, String)> = pairs
        .iter()
        .filter(|p| matches!(p["label"].as_str(), Some("exact") | Some("near_duplicate")))
        .map(|p| (p["a"].as_str().unwrap_or("").to_string(), p["b"].as_str().unwrap_or("").to_string()))
        .collect();
    let labels: HashMap<(String, String), String> = pairs
        .iter()
        .map(|p| {
            let (a, b) = (p["a"].as_str().unwrap_or("").to_string(), p["b"].as_str().unwrap_or("").to_string());
            ((a, b), p["label"].as_str().unwrap_or("").to_string())
        })
        .collect();
    let key = |a: &str, b: &str| if a < b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) };
    let pred: HashSet<(String, String)> = all
        .iter()
        .filter(|p| matches!(p.relation, Relation::Exact | Relation::NearDuplicate))
        .map(|p| key(&p.a, &p.b))
        .collect();
    let tp = pred.intersection(&gold).count();
    let (prec, rec) = (tp as f64 / pred.len().max(1) as f64, tp as f64 / gold.len().max(1) as f64);
    println!(
        "\ncorpus ({} articles, {} related pairs found, {:.2}s): dup pairs predicted {} gold {} tp {} -> P {:.3} R {:.3} F1 {:.3}",
        arts.len(),
        all.len(),
        secs,
        pred.len(),
        gold.len(),
        tp,
        prec,
        rec,
        2.0 * prec * rec / (prec + rec).max(1e-9)
    );
    for fp in pred.difference(&gold) {
        println!("  FP {} {} ({})", fp.0, fp.1, labels.get(fp).map(String::as_str).unwrap_or("unlisted"));
    }
    for fnp in gold.difference(&pred) {
        println!("  FN {} {}", fnp.0, fnp.1);
    }
    let mut rel_counts: HashMap<&str, usize> = HashMap::new();
    for p in &all {
        *rel_counts.entry(p.relation.as_str()).or_default() += 1;
    }
    println!("  relations over the corpus: {rel_counts:?}");
}
