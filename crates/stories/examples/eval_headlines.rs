//! Story clustering quality on `stories-headlines` (headline-only UCI News
//! Aggregator development split): pairwise precision/recall/F1 over same-story
//! pairs, adjusted Rand index, predicted vs gold cluster counts, and the
//! "lenient" score with the two GM-recall gold stories merged.
//!
//! `cargo run --release -p newsfold-stories --example eval_headlines [PARAMS_JSON]`
//! (PARAMS_JSON optionally overrides fields of `StoryParams::default()`,
//! e.g. `'{"threshold":0.25}'`).

use std::time::Instant;

use newsfold_core::Article;
use newsfold_stories::{StoryParams, cluster_articles, eval::pair_metrics};

fn main() -> anyhow::Result<()> {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("stories-headlines", "eval_headlines") else {
        return Ok(());
    };
    let articles: Vec<Article> = std::fs::read_to_string(dir.join("articles.jsonl"))?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let gold: Vec<String> = std::fs::read_to_string(dir.join("gold.jsonl"))?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)?;
            Ok(v["story"].as_str().unwrap_or_default().to_string())
        })
        .collect::<anyhow::Result<_>>()?;
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
    let t0 = Instant::now();
    let (records, summaries) = cluster_articles(&articles, &params);
    let dt = t0.elapsed();
    let pred: Vec<&str> = records.iter().map(|r| r.story.as_str()).collect();
    let m = pair_metrics(&pred, &gold);
    let lenient_gold: Vec<&str> = gold
        .iter()
        .map(|g| if g == "d9U18-FbnX6iAeMfWCPiWF-ATySKM" { "d6oHu5PfuD_389MzHgrh61KXagXnM" } else { g.as_str() })
        .collect();
    let l = pair_metrics(&pred, &lenient_gold);
    println!("stories-headlines: {} articles, {:.1} ms total", articles.len(), dt.as_secs_f64() * 1e3);
    println!(
        "newsfold-stories  P={:.4} R={:.4} F1={:.4} ARI={:.4} clusters={} (gold {})",
        m.precision, m.recall, m.f1, m.ari, m.predicted_clusters, m.gold_clusters
    );
    let linked = summaries.iter().filter(|s| !s.related.is_empty()).count();
    println!("stories with related links: {linked} of {}", summaries.len());
    println!("lenient (GM stories merged)  P={:.4} R={:.4} F1={:.4} ARI={:.4}", l.precision, l.recall, l.f1, l.ari);
    if let Some(path) = std::env::var_os("EVAL_DUMP") {
        let lines: Vec<String> = records.iter().map(serde_json::to_string).collect::<Result<_, _>>()?;
        std::fs::write(path, lines.join("\n") + "\n")?;
    }
    if std::env::var_os("EVAL_VERBOSE").is_some() {
        let mut s = summaries.clone();
        s.sort_by_key(|x| std::cmp::Reverse(x.articles));
        for x in s.iter().take(60) {
            let rel: Vec<&str> = x
                .related
                .iter()
                .filter_map(|r| summaries.iter().find(|y| &y.story == r).map(|y| y.title.as_str()))
                .collect();
            println!(
                "{:4} {:3} | {} | {:?} | {:?} | related: {:?}",
                x.articles, x.outlets, x.title, x.key_terms, x.entities, rel
            );
        }
    }
    Ok(())
}
