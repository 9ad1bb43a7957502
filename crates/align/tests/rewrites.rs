//! Rewrite relation on the invented labelled set in tests/fixtures/rewrites,
//! against a word-5-shingle Jaccard baseline.

use newsfold_align::{AlignParams, Relation, analyze_pair, shingle_jaccard};
use newsfold_core::Article;

fn load(id: &str) -> Article {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rewrites");
    let text = std::fs::read_to_string(dir.join(format!("{id}.txt"))).expect("fixture");
    Article { id: id.into(), text, ..Default::default() }
}

fn labelled() -> Vec<(String, String, bool)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rewrites");
    let mut v: Vec<(String, String, bool)> = std::fs::read_to_string(dir.join("labels.tsv"))
        .expect("labels")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() >= 3).then(|| (f[0].to_string(), f[1].to_string(), f[2] == "rewrite"))
        })
        .collect();
    for i in 1..=12 {
        for j in i + 1..=12 {
            v.push((format!("o{i:02}"), format!("o{j:02}"), false));
        }
    }
    v
}

#[test]
fn rewrite_precision_recall_beats_shingles() {
    let pairs = labelled();
    assert!(pairs.iter().filter(|p| p.2).count() >= 12);
    assert!(pairs.iter().filter(|p| !p.2).count() >= 24 + 66);
    let params = AlignParams::default();
    let (mut tp, mut fp, mut fnn) = (0usize, 0usize, 0usize);
    let mut jac = Vec::new();
    for (a, b, gold) in &pairs {
        let (x, y) = (load(a), load(b));
        let rel = analyze_pair(&x, &y, &params).map(|r| r.relation).unwrap_or(Relation::None);
        // the relation is symmetric in its decision
        let rev = analyze_pair(&y, &x, &params).map(|r| r.relation).unwrap_or(Relation::None);
        assert_eq!(rel, rev, "{a} {b}");
        let pred = rel == Relation::Rewrite;
        match (pred, *gold) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fnn += 1,
            _ => {}
        }
        if *gold {
            assert!(rel != Relation::NearDuplicate && rel != Relation::Exact, "{a} {b}: {rel:?}");
        }
        jac.push((shingle_jaccard(&x.text, &y.text, 5), *gold));
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fnn).max(1) as f64;
    eprintln!("rewrite precision {precision:.3} recall {recall:.3}");
    assert!(precision >= 0.9, "precision {precision}");
    assert!(recall >= 0.9, "recall {recall}");
    // no Jaccard threshold separates them as well
    let best_f1 = jac
        .iter()
        .map(|&(t, _)| {
            let tp = jac.iter().filter(|x| x.0 >= t && x.1).count() as f64;
            let fp = jac.iter().filter(|x| x.0 >= t && !x.1).count() as f64;
            let fnn = jac.iter().filter(|x| x.0 < t && x.1).count() as f64;
            2.0 * tp / (2.0 * tp + fp + fnn).max(1.0)
        })
        .fold(0.0, f64::max);
    eprintln!("jaccard5 best-threshold F1 {best_f1:.3}");
    assert!(best_f1 < 0.8, "{best_f1}");
    let ours = 2.0 * precision * recall / (precision + recall).max(1e-9);
    assert!(ours > best_f1 + 0.15);
}

#[test]
fn rewrite_pairs_carry_sentence_passages() {
    let (x, y) = (load("o06"), load("w06"));
    let r = analyze_pair(&x, &y, &AlignParams::default()).expect("related");
    assert_eq!(r.relation, Relation::Rewrite);
    let rec = newsfold_align::ReuseRecord::from(&r);
    assert_eq!(rec.relation, "rewrite");
    let covered: usize = rec.passages.iter().map(|p| p.a_end - p.a_start).sum();
    assert!(covered * 10 >= x.text.chars().count() * 8, "passages span most of the original");
    let subs: Vec<_> =
        rec.passages.iter().flat_map(|p| p.ops.iter()).filter(|o| o.op == newsfold_align::OpKind::Sub).collect();
    assert!(subs.iter().any(|o| o.a.contains("rescued") && o.b.contains("saved")), "{subs:?}");
}

#[test]
fn corpus_search_finds_every_rewrite() {
    let mut ids: Vec<String> = Vec::new();
    for p in ["o", "w", "n"] {
        for i in 1..=12 {
            ids.push(format!("{p}{i:02}"));
        }
    }
    let arts: Vec<Article> = ids.iter().map(|i| load(i)).collect();
    let recs = newsfold_align::find_reuse(&arts, &AlignParams::default());
    for i in 1..=12 {
        let (o, w) = (format!("o{i:02}"), format!("w{i:02}"));
        let r = recs.iter().find(|r| r.a == o && r.b == w);
        assert_eq!(r.map(|r| r.relation.as_str()), Some("rewrite"), "{o} {w}");
    }
    let wrong = recs.iter().filter(|r| r.relation == "rewrite" && r.a[1..] != r.b[1..]).count();
    assert_eq!(wrong, 0);
}
