//! Judged duplicate pairs of ../shared/data/bbc-dups: alignment coverage of the
//! shorter article and relations (skips when the data is absent).

use std::collections::HashMap;

use newsfold_align::{AlignParams, Relation, analyze_pair};
use newsfold_core::Article;

#[test]
fn judged_duplicates_are_covered() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("bbc-dups", "align bbc coverage test") else { return };
    let arts: HashMap<String, Article> = std::fs::read_to_string(dir.join("articles.jsonl"))
        .expect("articles")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let id = v["id"].as_str().unwrap_or("").to_string();
            (id.clone(), Article { id, text: v["text"].as_str().unwrap_or("").to_string(), ..Default::default() })
        })
        .collect();
    let params = AlignParams::default();
    let mut cov = Vec::new();
    let mut same_story_as_dup = 0;
    for l in std::fs::read_to_string(dir.join("pairs.jsonl")).expect("pairs").lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let label = v["label"].as_str().unwrap_or("");
        let (Some(a), Some(b)) = (arts.get(v["a"].as_str().unwrap_or("")), arts.get(v["b"].as_str().unwrap_or("")))
        else {
            continue;
        };
        let r = analyze_pair(a, b, &params);
        let rel = r.as_ref().map(|r| r.relation).unwrap_or(Relation::None);
        match label {
            "exact" => {
                assert_eq!(rel, Relation::Exact, "{l}");
                cov.push(r.map(|r| r.coverage_shorter()).unwrap_or(0.0));
            }
            "near_duplicate" => cov.push(r.map(|r| r.coverage_shorter()).unwrap_or(0.0)),
            _ => {
                if matches!(rel, Relation::Exact | Relation::NearDuplicate) {
                    same_story_as_dup += 1;
                }
            }
        }
    }
    cov.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    assert_eq!(cov.len(), 69);
    let median = cov[cov.len() / 2];
    let at_08 = cov.iter().filter(|c| **c >= 0.8).count();
    eprintln!("min {:.3} median {median:.3} >=0.8: {at_08}/{}", cov[0], cov.len());
    assert!(cov[0] >= 0.66, "every judged duplicate keeps most of the shorter text aligned");
    assert!(median >= 0.95);
    assert!(at_08 * 100 >= cov.len() * 90);
    assert_eq!(same_story_as_dup, 0);
}
