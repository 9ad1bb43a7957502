//! Seed articles (../shared/data/seeds): relations and the mutated-quote alignment.

use newsfold_align::{AlignParams, OpKind, PairAnalysis, Relation, analyze_corpus, analyze_pair, find_reuse};
use newsfold_core::{Article, parse_date};

/// Read a seed file; a first line ` date YYYY-MM-DD Title` is stripped (text = rest).
fn load(dir: &std::path::Path, id: &str) -> Article {
    let raw = std::fs::read_to_string(dir.join(format!("{id}.txt"))).expect("seed file");
    let mut date = None;
    let mut text = raw.as_str();
    if let Some(rest) = raw.strip_prefix(" date ") {
        date = rest.get(..10).and_then(parse_date);
        text = rest.split_once('\n').map(|x| x.1).unwrap_or("");
    }
    Article { id: id.into(), text: text.to_string(), date, ..Default::default() }
}

const IDS: [&str; 5] = [
    "000_6e3d2f9f0fac14e2",
    "001_dfdaf65a32723934",
    "002_5e487084cbe5aa7d",
    "003_7aa5588fcb85d1d7",
    "004_0c21afeef27b7824",
];

fn seeds() -> Option<Vec<Article>> {
    let dir = newsfold_testdata::data_dir_or_skip("seeds", "align seeds test")?;
    Some(IDS.iter().map(|id| load(&dir, id)).collect())
}

fn rel(p: &Option<PairAnalysis>) -> Relation {
    p.as_ref().map(|x| x.relation).unwrap_or(Relation::None)
}

fn has_sub(p: &PairAnalysis, a: &str, b: &str) -> bool {
    p.passages.iter().flat_map(|q| q.ops.iter()).any(|o| o.op == OpKind::Sub && o.a.contains(a) && o.b.contains(b))
}

#[test]
fn seed_relations() {
    let Some(arts) = seeds() else { return };
    let params = AlignParams::default();
    let mut table = Vec::new();
    for i in 0..5 {
        for j in i + 1..5 {
            let p = analyze_pair(&arts[i], &arts[j], &params);
            if let Some(x) = &p {
                eprintln!(
                    "{i}-{j}: {:?} cov {:.2}/{:.2} passages {} rewrite {:?}",
                    x.relation,
                    x.coverage_a,
                    x.coverage_b,
                    x.passages.len(),
                    x.rewrite
                );
            } else {
                eprintln!("{i}-{j}: none");
            }
            table.push(((i, j), p));
        }
    }
    let get = |i: usize, j: usize| &table.iter().find(|t| t.0 == (i, j)).expect("pair").1;
    assert_eq!(rel(get(0, 1)), Relation::SharesPassages);
    assert_eq!(rel(get(0, 2)), Relation::SharesPassages);
    assert_eq!(rel(get(1, 2)), Relation::SharesPassages);
    for i in 0..4 {
        assert_eq!(rel(get(i, 4)), Relation::None, "{i}-4");
    }
    for ((i, j), p) in &table {
        let r = rel(p);
        assert!(r != Relation::NearDuplicate && r != Relation::Rewrite && r != Relation::Exact, "{i}-{j}: {r:?}");
    }
    // 000-001: the verbatim caption quotes
    let p01 = get(0, 1).as_ref().expect("000-001");
    let quoted: usize = p01.passages.iter().map(|q| q.matched_words).sum();
    assert!(quoted >= 100, "{quoted}");
    // 002's reworded caption aligned to 000 and 001 with visible substitutions
    for i in 0..2 {
        let p = get(i, 2).as_ref().expect("pair with 002");
        for q in &p.passages {
            eprintln!("{i}-2 passage {}..{} / {}..{}", q.a_start, q.a_end, q.b_start, q.b_end);
            for o in &q.ops {
                eprintln!("   {}", serde_json::to_string(o).unwrap_or_default());
            }
        }
        assert!(has_sub(p, "lose you", "let you down"), "{i}-2 lose you");
        assert!(has_sub(p, "horrific", "heinous"), "{i}-2 horrific");
    }
    // 001-002 share the "brings great joy" passage
    let p12 = get(1, 2).as_ref().expect("001-002");
    let a1 = &arts[1].text;
    assert!(p12.passages.iter().any(|q| {
        let s: String = a1.chars().skip(q.a_start).take(q.a_end - q.a_start).collect();
        s.contains("brings great joy in connecting with amazing people")
    }));
}

#[test]
fn seed_corpus_reuse_matches_pairwise() {
    let Some(arts) = seeds() else { return };
    let params = AlignParams::default();
    let recs = find_reuse(&arts, &params);
    let pairs: Vec<(String, String, String)> =
        recs.iter().map(|r| (r.a.clone(), r.b.clone(), r.relation.clone())).collect();
    eprintln!("{pairs:?}");
    assert!(pairs.iter().all(|p| p.2 == "shares_passages"));
    assert!(pairs.iter().all(|p| !p.0.starts_with("004") && !p.1.starts_with("004")));
    assert!(pairs.iter().any(|p| p.0.starts_with("000") && p.1.starts_with("001")));
    assert!(pairs.iter().any(|p| p.0.starts_with("001") && p.1.starts_with("002")));
    // offsets are char offsets into the texts
    for r in &recs {
        let ta = &arts.iter().find(|a| a.id == r.a).expect("a").text;
        for q in &r.passages {
            assert!(q.a_end <= ta.chars().count());
        }
    }
    let json = serde_json::to_string(&recs[0]).unwrap_or_default();
    assert!(json.starts_with("{\"a\":") && json.contains("\"relation\":") && json.contains("\"ops\":[{\"op\":\"eq\""));
    // no copies, so no families
    let analyses = analyze_corpus(&arts, &params);
    assert!(newsfold_align::provenance(&arts, &analyses).is_empty());
    let clusters = newsfold_align::passage_clusters(&analyses);
    assert!(clusters.iter().any(|c| c.articles == 3), "the 'I am here' quote is in 000, 001 and 002");
}
