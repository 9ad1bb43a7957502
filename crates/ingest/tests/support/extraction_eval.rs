//! Scoring of the article-extraction benchmark (shared by
//! `examples/eval_extraction.rs` and `tests/extraction_quality.rs`).
//!
//! Per page: multisets of 4-token shingles of `\w+` tokens (case kept);
//! TP = multiset intersection, precision = TP/(TP+FP), recall = TP/(TP+FN)
//! (both 1 when FP = FN = 0). Precision is averaged over pages where the
//! extractor returned something, recall over all pages; F1 is the harmonic
//! mean of the two averages. Accuracy: share of pages whose token sequence
//! equals the reference's.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::path::Path;

/// `\w+` tokens (Unicode alphanumerics and `_`), case kept.
pub fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect()
}

fn shingles<'a>(toks: &[&'a str]) -> HashMap<Vec<&'a str>, usize> {
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    if toks.len() < 4 {
        *m.entry(toks.to_vec()).or_insert(0) += 1;
        return m;
    }
    for w in toks.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// Precision and recall of one page: (precision, recall); precision is
/// `None` when the prediction is empty.
pub fn page_scores(pred: &str, truth: &str) -> (Option<f64>, f64) {
    let pt = words(pred);
    let tt = words(truth);
    let ps = shingles(&pt);
    let ts = shingles(&tt);
    let np: usize = ps.values().sum();
    let nt: usize = ts.values().sum();
    let tp: usize = ps.iter().map(|(k, c)| (*c).min(*ts.get(k).unwrap_or(&0))).sum();
    let (fp, fn_) = (np - tp, nt - tp);
    if fp == 0 && fn_ == 0 {
        return (if np == 0 && pred.trim().is_empty() { None } else { Some(1.0) }, 1.0);
    }
    let p = if np == 0 { None } else { Some(tp as f64 / (tp + fp) as f64) };
    let r = if tp + fn_ == 0 { 1.0 } else { tp as f64 / (tp + fn_) as f64 };
    (p, r)
}

/// One page's result.
pub struct Page {
    pub id: String,
    pub url: String,
    pub precision: Option<f64>,
    pub recall: f64,
    pub exact: bool,
}

/// The benchmark's summary numbers.
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub pages: Vec<Page>,
}

/// A benchmark page: id, url, html, reference text.
pub struct Case {
    pub id: String,
    pub url: String,
    pub html: String,
    pub truth: String,
}

/// Load every page of `dir` (ground-truth.jsonl + html/<id>.html.gz).
pub fn load(dir: &Path) -> Vec<Case> {
    let gt = std::fs::File::open(dir.join("ground-truth.jsonl")).expect("ground-truth.jsonl");
    let mut out = Vec::new();
    for line in std::io::BufReader::new(gt).lines() {
        let line = line.expect("line");
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        let id = v["id"].as_str().expect("id").to_string();
        let f = std::fs::File::open(dir.join("html").join(format!("{id}.html.gz"))).expect("html.gz");
        let mut html = String::new();
        flate2::read::GzDecoder::new(f).read_to_string(&mut html).expect("utf-8 page");
        out.push(Case {
            id,
            url: v["url"].as_str().unwrap_or("").to_string(),
            html,
            truth: v["text"].as_str().unwrap_or("").to_string(),
        });
    }
    out
}

/// Score an extractor over the cases.
pub fn evaluate(cases: &[Case], extract: impl Fn(&Case) -> String) -> Scores {
    let mut pages = Vec::new();
    for c in cases {
        let pred = extract(c);
        let (p, r) = page_scores(&pred, &c.truth);
        pages.push(Page {
            id: c.id.clone(),
            url: c.url.clone(),
            precision: p,
            recall: r,
            exact: words(&pred) == words(&c.truth),
        });
    }
    let ps: Vec<f64> = pages.iter().filter_map(|p| p.precision).collect();
    let precision = if ps.is_empty() { 0.0 } else { ps.iter().sum::<f64>() / ps.len() as f64 };
    let recall = pages.iter().map(|p| p.recall).sum::<f64>() / pages.len().max(1) as f64;
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    let accuracy = pages.iter().filter(|p| p.exact).count() as f64 / pages.len().max(1) as f64;
    Scores { precision, recall, f1, accuracy, pages }
}
