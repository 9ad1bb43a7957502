//! Full-text quality check on the repository's invented example corpus
//! (`examples/news`, gold partition in `examples/expected.json`): the ferry
//! collision (A, nine articles incl. next-day follow-ups), the budget vote (B)
//! and the earlier inspection saga (C, same ship, weeks before) must come out
//! as separate stories, with A and C linked as related.

use std::collections::HashMap;

use newsfold_core::Article;
use newsfold_ingest::{ReadOptions, read_inputs};
use newsfold_stories::{StoryParams, cluster_articles, eval::pair_metrics};

const NEWS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/news");
const EXPECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/expected.json");

fn load() -> (Vec<Article>, Vec<Vec<String>>) {
    let articles: Vec<Article> = read_inputs(&[NEWS.to_string()], &ReadOptions::default())
        .map(|r| r.expect("example corpus reads cleanly").article)
        .collect();
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(EXPECTED).expect("expected.json")).expect("valid json");
    let stories: Vec<Vec<String>> = serde_json::from_value(expected["stories"].clone()).expect("stories partition");
    (articles, stories)
}

#[test]
fn example_corpus_stories() {
    let (articles, gold_stories) = load();
    assert_eq!(articles.len(), 19, "the corpus has 19 articles");
    let gold_of: HashMap<&str, usize> =
        gold_stories.iter().enumerate().flat_map(|(g, ids)| ids.iter().map(move |id| (id.as_str(), g))).collect();
    let gold: Vec<usize> = articles
        .iter()
        .map(|a| *gold_of.get(a.id.as_str()).unwrap_or_else(|| panic!("{} is not in expected.json", a.id)))
        .collect();

    let (records, summaries) = cluster_articles(&articles, &StoryParams::default());
    assert_eq!(records.len(), articles.len());
    let pred: Vec<&str> = records.iter().map(|r| r.story.as_str()).collect();
    let m = pair_metrics(&pred, &gold);
    for (r, g) in records.iter().zip(&gold) {
        eprintln!("gold {g}  {}  {}", r.story, r.id);
    }
    for s in &summaries {
        eprintln!("{} ({} articles, {} outlets) {:?} related {:?}", s.story, s.articles, s.outlets, s.title, s.related);
    }
    eprintln!(
        "examples/news: P={:.4} R={:.4} F1={:.4} ARI={:.4} clusters={} (gold {})",
        m.precision, m.recall, m.f1, m.ari, m.predicted_clusters, m.gold_clusters
    );
    assert!(m.f1 >= 0.9, "pairwise F1 {:.4} below 0.9", m.f1);

    // the story of each gold group, by majority
    let story_of_group = |g: usize| -> &str {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for (p, &x) in pred.iter().zip(&gold) {
            if x == g {
                *count.entry(p).or_insert(0) += 1;
            }
        }
        count.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|x| x.0).unwrap_or("")
    };
    let (a, b, c) = (story_of_group(0), story_of_group(1), story_of_group(2));
    assert_ne!(a, c, "the inspection (C) is a different event from the collision (A)");
    let sum = |id: &str| summaries.iter().find(|s| s.story == id).expect("summary").clone();
    assert!(sum(a).related.iter().any(|r| r == c), "A must list C as related: {:?}", sum(a).related);
    assert!(sum(c).related.iter().any(|r| r == a), "C must list A as related: {:?}", sum(c).related);
    // B never shares a story with an A article
    for (p, &x) in pred.iter().zip(&gold) {
        if x == 1 {
            assert!(!pred.iter().zip(&gold).any(|(q, &y)| y == 0 && q == p), "a budget article joined the ferry story");
        }
    }
    assert_ne!(a, b);
    // the headline-only article is a story of its own
    let rail = records.iter().position(|r| r.id == "civicwire-20260313-westmarch-rail-strike").expect("rail article");
    assert_eq!(pred.iter().filter(|&&p| p == pred[rail]).count(), 1, "the rail strike is a singleton");
}

/// A corpus kept as metadata, its whole articles handed out on demand (as a
/// store-backed source does), counting the loads.
struct OnDemand {
    meta: Vec<Article>,
    whole: Vec<Article>,
    loads: std::sync::atomic::AtomicUsize,
}

impl newsfold_core::ArticleSource for OnDemand {
    fn articles(&self) -> &[Article] {
        &self.meta
    }
    fn load(&self, idx: &[usize]) -> Vec<std::borrow::Cow<'_, Article>> {
        self.loads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        idx.iter().filter_map(|&i| self.whole.get(i)).map(|a| std::borrow::Cow::Owned(a.clone())).collect()
    }
}

#[test]
fn clustering_texts_loaded_chunk_by_chunk_gives_the_same_stories() {
    let (articles, _) = load();
    // the metadata alone (some titles dropped: those stories are labelled from the text)
    let mut whole = articles.clone();
    for a in whole.iter_mut().step_by(5) {
        a.title = None;
    }
    let meta: Vec<Article> = whole.iter().map(|a| Article { text: String::new(), ..a.clone() }).collect();
    let src = OnDemand { meta, whole: whole.clone(), loads: std::sync::atomic::AtomicUsize::new(0) };
    let hints: Vec<Option<String>> = vec![None; whole.len()];
    let loaded = newsfold_stories::cluster_articles_in(&src, &hints, &StoryParams::default());
    assert_eq!(loaded, cluster_articles(&whole, &StoryParams::default()));
    assert!(src.loads.into_inner() >= 1);
}
