//! Seeds: five articles of one saga, no two of them duplicates. 000 and 001
//! share long verbatim quotes (5-shingle Jaccard ~0.19) — the classic false merge.

use newsfold_core::Article;
use newsfold_dedup::{BoilerplateModel, BoilerplateReason, DedupParams, find_duplicates, jaccard_containment, sketch};

fn load() -> Option<Vec<Article>> {
    let dir = newsfold_testdata::data_dir_or_skip("seeds", "seeds dedup tests")?;
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("seeds dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    Some(
        names
            .iter()
            .map(|n| Article {
                id: n.trim_end_matches(".txt").to_string(),
                text: std::fs::read_to_string(dir.join(n)).expect("seed file"),
                ..Default::default()
            })
            .collect(),
    )
}

#[test]
fn no_seed_pair_is_a_duplicate() {
    let Some(arts) = load() else { return };
    assert_eq!(arts.len(), 5);
    let p = DedupParams::default();
    let r = find_duplicates(&arts, &p);
    assert!(r.pairs.is_empty(), "{:?}", r.pairs);
    assert!(r.clusters.is_empty());
    // 000/001 overlap is real but far from the containment rule
    let s0 = sketch(&arts[0], &p, None);
    let s1 = sketch(&arts[1], &p, None);
    let (j, c) = jaccard_containment(&s0.shingles, &s1.shingles);
    eprintln!("seed 000/001: jaccard {j:.4} containment {c:.4}");
    assert!(j > 0.1 && j < 0.3, "jaccard {j}");
    assert!(c < p.lead_containment_threshold, "containment {c}");
}

#[test]
fn seed_001_wrapper_lines_are_boilerplate() {
    let Some(arts) = load() else { return };
    let a = &arts[1];
    let spans = BoilerplateModel::default().spans("", &a.text);
    // 1-based line numbers of the boilerplate spans
    let line_of = |char_off: usize| a.text.chars().take(char_off).filter(|&c| c == '\n').count() + 1;
    let lines: Vec<usize> = spans.iter().map(|s| line_of(s.start)).collect();
    assert_eq!(lines, [7, 37, 38, 39, 40, 41, 42], "{spans:?}");
    assert_eq!(spans.last().map(|s| s.reason), Some(BoilerplateReason::AuthorBio));
    // no other seed has boilerplate lines flagged
    for other in arts.iter().filter(|x| x.id != a.id) {
        let s = BoilerplateModel::default().spans("", &other.text);
        assert!(s.is_empty(), "{}: {s:?}", other.id);
    }
}
