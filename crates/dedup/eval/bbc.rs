//! bbc-dups evaluation shared by `examples/eval_bbc.rs` and `tests/bbc.rs`
//! (included with `#[path]`; reads the shared data files).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use newsfold_core::Article;
use newsfold_dedup::{DedupParams, DedupReport, find_duplicates};
use serde::Deserialize;

#[derive(Deserialize)]
struct RawArticle {
    id: String,
    title: Option<String>,
    text: String,
    category: String,
}

/// One labelled pair of pairs.jsonl.
#[derive(Deserialize, Clone)]
pub struct GoldPair {
    pub a: String,
    pub b: String,
    pub label: String,
    pub jaccard5: f64,
    pub containment5: f64,
    pub note: String,
}

impl GoldPair {
    pub fn positive(&self) -> bool {
        self.label == "exact" || self.label == "near_duplicate"
    }
    pub fn borderline(&self) -> bool {
        self.note.starts_with("BORDERLINE")
    }
}

/// Precision / recall / F1 plus the breakdowns the README suggests.
pub struct Metrics {
    pub tp: usize,
    pub fp: usize,
    pub fneg: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub lines: Vec<String>,
}

pub struct Loaded {
    pub articles: Vec<Article>,
    pub category: HashMap<String, String>,
    pub gold: Vec<GoldPair>,
}

pub fn load(dir: &Path) -> Loaded {
    let a = std::fs::read_to_string(dir.join("articles.jsonl")).expect("articles.jsonl");
    let mut articles = Vec::new();
    let mut category = HashMap::new();
    for l in a.lines().filter(|l| !l.trim().is_empty()) {
        let r: RawArticle = serde_json::from_str(l).expect("article json");
        category.insert(r.id.clone(), r.category);
        articles.push(Article { id: r.id, title: r.title, text: r.text, ..Default::default() });
    }
    let p = std::fs::read_to_string(dir.join("pairs.jsonl")).expect("pairs.jsonl");
    let gold =
        p.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("pair json")).collect();
    Loaded { articles, category, gold }
}

fn key(a: &str, b: &str) -> (String, String) {
    if a <= b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) }
}

/// Predicted positive pairs: explicit pairs ∪ cluster-implied pairs.
pub fn predicted(report: &DedupReport) -> BTreeSet<(String, String)> {
    let mut s: BTreeSet<(String, String)> = report.pairs.iter().map(|p| key(&p.a, &p.b)).collect();
    for c in &report.clusters {
        for i in 0..c.members.len() {
            for j in i + 1..c.members.len() {
                s.insert(key(&c.members[i], &c.members[j]));
            }
        }
    }
    s
}

pub fn score(l: &Loaded, report: &DedupReport, skip_borderline: bool) -> Metrics {
    let pred = predicted(report);
    let ours: HashMap<(String, String), (f64, f64, String)> =
        report.pairs.iter().map(|p| (key(&p.a, &p.b), (p.jaccard, p.containment, p.relation.clone()))).collect();
    let gold: HashMap<(String, String), &GoldPair> = l.gold.iter().map(|g| (key(&g.a, &g.b), g)).collect();
    let skipped = |k: &(String, String)| skip_borderline && gold.get(k).is_some_and(|g| g.borderline());
    let mut lines = Vec::new();
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    let mut by_label: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_cat: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut fp_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, g) in &gold {
        if !g.positive() || skipped(k) {
            continue;
        }
        let hit = pred.contains(k);
        let e = by_label.entry(g.label.clone()).or_default();
        e.1 += 1;
        let ca = l.category.get(&g.a).cloned().unwrap_or_default();
        let cb = l.category.get(&g.b).cloned().unwrap_or_default();
        let c = by_cat.entry(if ca == cb { ca } else { "cross".into() }).or_default();
        c.1 += 1;
        if hit {
            tp += 1;
            e.0 += 1;
            c.0 += 1;
        } else {
            fneg += 1;
            let o = ours.get(k);
            lines.push(format!(
                "  MISSED {} {} [{}] jaccard5={} containment5={} ours={:?} note: {}",
                g.a, g.b, g.label, g.jaccard5, g.containment5, o, g.note
            ));
        }
    }
    for k in &pred {
        let g = gold.get(k);
        if g.is_some_and(|g| g.positive()) || skipped(k) {
            continue;
        }
        fp += 1;
        let kind = g.map_or("unlisted", |g| if g.label == "same_story" { "same_story" } else { "unrelated" });
        *fp_kind.entry(kind).or_default() += 1;
        let o = ours.get(k);
        lines.push(format!(
            "  FALSE  {} {} [{}] jaccard5={:?} containment5={:?} ours={:?}",
            k.0,
            k.1,
            kind,
            g.map(|g| g.jaccard5),
            g.map(|g| g.containment5),
            o
        ));
    }
    let precision = if tp + fp == 0 { 1.0 } else { tp as f64 / (tp + fp) as f64 };
    let recall = if tp + fneg == 0 { 1.0 } else { tp as f64 / (tp + fneg) as f64 };
    let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    let mut head = vec![format!(
        "P={precision:.4} R={recall:.4} F1={f1:.4} (tp={tp} fp={fp} fn={fneg}; predicted pairs incl. cluster-implied={})",
        pred.len()
    )];
    for (lab, (h, n)) in &by_label {
        head.push(format!("  recall[{lab}] = {h}/{n} = {:.4}", *h as f64 / (*n).max(1) as f64));
    }
    for (cat, (h, n)) in &by_cat {
        head.push(format!("  recall[{cat}] = {h}/{n} = {:.4}", *h as f64 / (*n).max(1) as f64));
    }
    head.push(format!(
        "  false positives: same_story={} unrelated={} unlisted={}",
        fp_kind.get("same_story").unwrap_or(&0),
        fp_kind.get("unrelated").unwrap_or(&0),
        fp_kind.get("unlisted").unwrap_or(&0)
    ));
    head.extend(lines);
    Metrics { tp, fp, fneg, precision, recall, f1, lines: head }
}

pub fn run(dir: &Path, params: &DedupParams) -> (Loaded, DedupReport) {
    let l = load(dir);
    let r = find_duplicates(&l.articles, params);
    (l, r)
}
