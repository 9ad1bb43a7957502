//! Story clustering on the repository's invented full-text corpus
//! (`examples/news`, gold in `examples/expected.json`): pairwise
//! precision/recall/F1 and ARI, and each article's story.
//!
//! `cargo run --release -p newsfold-stories --example eval_examples [PARAMS_JSON]`
//! (`PARAMS_JSON` overrides fields of `StoryParams::default()`; `SHUFFLE=<n>`
//! permutes the input order first).

use std::collections::HashMap;

use newsfold_core::Article;
use newsfold_ingest::{ReadOptions, read_inputs};
use newsfold_stories::{StoryParams, cluster_articles, eval::pair_metrics};

fn main() -> anyhow::Result<()> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut articles: Vec<Article> = read_inputs(&[format!("{root}/news")], &ReadOptions::default())
        .map(|r| r.map(|r| r.article))
        .collect::<Result<_, _>>()?;
    // SHUFFLE=<seed>: permute the input (xorshift Fisher-Yates) to check
    // that the result does not depend on input order
    if let Some(mut x) = std::env::var("SHUFFLE").ok().and_then(|s| s.parse::<u64>().ok()) {
        x = x.max(1);
        for i in (1..articles.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            articles.swap(i, (x % (i as u64 + 1)) as usize);
        }
    }
    let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{root}/expected.json"))?)?;
    let stories: Vec<Vec<String>> = serde_json::from_value(expected["stories"].clone())?;
    let gold_of: HashMap<&str, usize> =
        stories.iter().enumerate().flat_map(|(g, ids)| ids.iter().map(move |id| (id.as_str(), g))).collect();
    let gold: Vec<usize> = articles.iter().map(|a| gold_of.get(a.id.as_str()).copied().unwrap_or(usize::MAX)).collect();
    let mut params = StoryParams::default();
    if let Some(over) = std::env::args().nth(1) {
        let mut base = serde_json::to_value(&params)?;
        let over: serde_json::Value = serde_json::from_str(&over)?;
        if let (Some(b), Some(o)) = (base.as_object_mut(), over.as_object()) {
            for (k, v) in o {
                b.insert(k.clone(), v.clone());
            }
        }
        params = serde_json::from_value(base)?;
    }
    let (records, summaries) = cluster_articles(&articles, &params);
    let pred: Vec<&str> = records.iter().map(|r| r.story.as_str()).collect();
    let m = pair_metrics(&pred, &gold);
    let mut rows: Vec<(usize, &str, &str)> =
        records.iter().zip(&gold).map(|(r, &g)| (g, r.story.as_str(), r.id.as_str())).collect();
    rows.sort();
    for (g, s, id) in rows {
        let g = ["A", "B", "C", "S1", "S2", "S3"].get(g).copied().unwrap_or("?");
        println!("{g:3} {s} {id}");
    }
    for s in &summaries {
        println!("{} {:2} articles {:?} related {:?}", s.story, s.articles, s.title, s.related);
    }
    println!(
        "examples/news: {} articles  P={:.4} R={:.4} F1={:.4} ARI={:.4} clusters={} (gold {})",
        articles.len(),
        m.precision,
        m.recall,
        m.f1,
        m.ari,
        m.predicted_clusters,
        m.gold_clusters
    );
    Ok(())
}
