//! Precision/recall of the `rewrite` relation on the invented labelled set in
//! `tests/fixtures/rewrites`, and the best-threshold F1 a word-5-shingle
//! Jaccard baseline can reach on the same pairs.
//!
//! `cargo run --release -p newsfold-align --example eval_rewrites`

use newsfold_align::{AlignParams, Relation, shingle_jaccard};
use newsfold_core::Article;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rewrites");
    let load = |id: &str| Article {
        id: id.to_string(),
        text: std::fs::read_to_string(dir.join(format!("{id}.txt"))).unwrap_or_default(),
        ..Default::default()
    };
    let mut pairs: Vec<(String, String, bool, String)> = std::fs::read_to_string(dir.join("labels.tsv"))
        .unwrap_or_default()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() >= 4).then(|| (f[0].to_string(), f[1].to_string(), f[2] == "rewrite", f[3].to_string()))
        })
        .collect();
    for i in 1..=12 {
        for j in i + 1..=12 {
            pairs.push((format!("o{i:02}"), format!("o{j:02}"), false, "different story".into()));
        }
    }
    let params = AlignParams::default();
    let (mut tp, mut fp, mut fnn) = (0, 0, 0);
    let mut jac: Vec<(f64, bool)> = Vec::new();
    for (a, b, gold, kind) in &pairs {
        let (x, y) = (load(a), load(b));
        let r = newsfold_align::analyze_pair_always(&x, &y, &params);
        let r = Some(r);
        let rel = r.as_ref().map(|r| r.relation).unwrap_or(Relation::None);
        let pred = rel == Relation::Rewrite;
        match (pred, *gold) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fnn += 1,
            _ => {}
        }
        let j = shingle_jaccard(&x.text, &y.text, 5);
        jac.push((j, *gold));
        if *gold || pred || kind != "different story" {
            let s = r.map(|r| r.rewrite).unwrap_or_default();
            println!(
                "{a} {b} gold={} pred={:16} matched {:.2} verbatim {:.2} order {:.2} sim {:.2} distinct {:.2} | jaccard5 {:.3}  [{kind}]",
                if *gold { "rewrite " } else { "negative" },
                rel.as_str(),
                s.matched_fraction,
                s.verbatim_fraction,
                s.order_fraction,
                s.mean_similarity,
                s.distinct_fraction,
                j
            );
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fnn).max(1) as f64;
    let pos = pairs.iter().filter(|p| p.2).count();
    println!(
        "\nrewrite relation: {} pairs ({} rewrites, {} negatives): TP {tp} FP {fp} FN {fnn} -> precision {p:.3} recall {r:.3} F1 {:.3}",
        pairs.len(),
        pos,
        pairs.len() - pos,
        2.0 * p * r / (p + r).max(1e-9)
    );
    // baseline: best threshold on jaccard5
    let mut best = (0.0f64, 0.0f64);
    let mut ths: Vec<f64> = jac.iter().map(|x| x.0).collect();
    ths.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    for &t in &ths {
        let tp = jac.iter().filter(|x| x.0 >= t && x.1).count() as f64;
        let fp = jac.iter().filter(|x| x.0 >= t && !x.1).count() as f64;
        let fnn = jac.iter().filter(|x| x.0 < t && x.1).count() as f64;
        let f1 = 2.0 * tp / (2.0 * tp + fp + fnn).max(1.0);
        if f1 > best.0 {
            best = (f1, t);
        }
    }
    let maxpos = jac.iter().filter(|x| x.1).map(|x| x.0).fold(0.0, f64::max);
    let maxneg = jac.iter().filter(|x| !x.1).map(|x| x.0).fold(0.0, f64::max);
    println!(
        "word-5-shingle Jaccard baseline: best-threshold F1 {:.3} (threshold {:.3}); rewrites score at most {maxpos:.3}, negatives up to {maxneg:.3}",
        best.0, best.1
    );
}
