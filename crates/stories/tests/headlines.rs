//! Quality bar on the stories-headlines development split: pairwise F1 >= 0.95.

use newsfold_core::Article;
use newsfold_stories::{StoryParams, cluster_articles, eval::pair_metrics};

#[test]
fn headlines_pairwise_f1_bar() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("stories-headlines", "headline clustering bar") else {
        return;
    };
    let articles: Vec<Article> = std::fs::read_to_string(dir.join("articles.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let gold: Vec<String> = std::fs::read_to_string(dir.join("gold.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["story"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(articles.len(), gold.len());
    let (records, summaries) = cluster_articles(&articles, &StoryParams::default());
    assert_eq!(records.len(), articles.len());
    assert!(records.iter().zip(&articles).all(|(r, a)| r.id == a.id), "records follow input order");
    let pred: Vec<&str> = records.iter().map(|r| r.story.as_str()).collect();
    let m = pair_metrics(&pred, &gold);
    eprintln!("{m:?}");
    assert!(m.f1 >= 0.95, "pairwise F1 {:.4} below the 0.95 bar", m.f1);
    assert!(m.ari >= 0.9, "ARI {:.4}", m.ari);
    // every record's story has a summary with a title
    assert!(records.iter().all(|r| summaries.iter().any(|s| s.story == r.story && s.title == r.story_title)));
    // stable ids: a second run gives the same records
    let (again, _) = cluster_articles(&articles, &StoryParams::default());
    assert_eq!(records, again);
}
