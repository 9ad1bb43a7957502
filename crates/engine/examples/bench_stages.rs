//! Each per-article extraction stage alone, over a JSONL corpus (see
//! `newsfold-dedup`'s `gen_corpus`): dedup sketching, quote extraction, fact
//! extraction, quote clustering and story clustering. Single-threaded but
//! for `stories` (its feature extraction runs beside the sequential
//! assignment, as in `newsfold run`), so the numbers are CPU per article.
//!
//! `cargo run --release -p newsfold-engine --example bench_stages -- CORPUS.jsonl [LIMIT] [STAGES]`
//!
//! `STAGES` is a comma list of `sketch`, `quotes`, `facts`, `quote_clusters`,
//! `stories` (default: the per-article three; `quote_clusters` times the
//! clustering of every article's quotes at once, per article of the corpus;
//! `stories` the story clustering of the whole corpus without duplicate
//! hints, its wall time; its digest covers the story summaries too).
//! Prints one JSON line per stage: articles, seconds, articles/s, µs/article,
//! how many articles produced output, and a digest of every output (timed
//! work includes building the outputs, not serialising them): equal digests
//! before and after an optimisation mean byte-identical results.

use std::hash::{Hash, Hasher};

use newsfold_core::Article;

/// The allocator the `newsfold` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use serde::Deserialize;

#[derive(Deserialize)]
struct Rec {
    id: String,
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).cloned().unwrap_or_else(|| "/tmp/newsfold_dedup_10000.jsonl".into());
    let limit: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
    let stages = args.get(3).cloned().unwrap_or_else(|| "sketch,quotes,facts".into());
    let data = std::fs::read_to_string(&path)?;
    let mut articles = Vec::new();
    for (n, l) in data.lines().filter(|l| !l.trim().is_empty()).take(limit).enumerate() {
        let r: Rec = serde_json::from_str(l).map_err(|e| anyhow::anyhow!("{path}:{}: {e}", n + 1))?;
        let date = r.date.as_deref().and_then(newsfold_core::parse_date);
        articles.push(Article {
            id: r.id,
            text: r.text,
            title: r.title,
            outlet: r.outlet,
            url: r.url,
            date,
            ..Default::default()
        });
    }
    let params = newsfold_dedup::DedupParams::default();
    for stage in stages.split(',') {
        // `extra`: outputs that are not per article (story summaries), digested too
        let (secs, outputs, extra): (f64, Vec<String>, Vec<String>) = match stage {
            "sketch" => with_none(timed(&articles, |a| newsfold_dedup::sketch(a, &params, None))),
            "quotes" => with_none(timed(&articles, |a| newsfold_quotes::extract_quotes(&a.text))),
            "facts" => with_none(timed(&articles, newsfold_facts::extract_facts)),
            "quote_clusters" => {
                // clustering alone: the quotes are extracted before the clock starts
                let items: Vec<(newsfold_quotes::ArticleRef, Vec<newsfold_quotes::Quote>)> = articles
                    .iter()
                    .map(|a| {
                        let r =
                            newsfold_quotes::ArticleRef { id: a.id.clone(), outlet: a.outlet.clone(), date: a.date };
                        (r, newsfold_quotes::extract_quotes(&a.text))
                    })
                    .filter(|(_, q)| !q.is_empty())
                    .collect();
                let t = std::time::Instant::now();
                // the batch analysis's path: the quotes are consumed
                let clusters = newsfold_quotes::cluster_quotes_owned(items);
                let secs = t.elapsed().as_secs_f64();
                (secs, clusters.iter().map(json).collect(), Vec::new())
            }
            "stories" => {
                let t = std::time::Instant::now();
                let (records, summaries) =
                    newsfold_stories::cluster_articles(&articles, &newsfold_stories::StoryParams::default());
                let secs = t.elapsed().as_secs_f64();
                // the digest covers the story labels, key terms, entities and related stories too
                let records: Vec<String> = records.iter().map(json).collect();
                (secs, records, summaries.iter().map(json).collect())
            }
            other => anyhow::bail!("unknown stage {other:?} (sketch, quotes, facts, quote_clusters, stories)"),
        };
        let mut digest = std::hash::DefaultHasher::new();
        outputs.hash(&mut digest);
        if !extra.is_empty() {
            extra.hash(&mut digest);
        }
        let with_output = outputs.iter().filter(|o| o.as_str() != "[]").count();
        let n = articles.len() as f64;
        println!(
            "{}",
            serde_json::json!({"stage": stage, "articles": articles.len(), "seconds": secs,
                "articles_per_s": n / secs, "us_per_article": secs * 1e6 / n,
                "articles_with_output": with_output, "digest": format!("{:016x}", digest.finish())})
        );
    }
    Ok(())
}

/// A stage's outputs with no extra outputs.
fn with_none((secs, outputs): (f64, Vec<String>)) -> (f64, Vec<String>, Vec<String>) {
    (secs, outputs, Vec::new())
}

/// Run `f` over every article on this thread; the seconds cover `f` only,
/// the outputs are serialised afterwards (for the digest).
fn timed<T: serde::Serialize>(articles: &[Article], f: impl Fn(&Article) -> T) -> (f64, Vec<String>) {
    let t = std::time::Instant::now();
    let raw: Vec<T> = articles.iter().map(f).collect();
    let secs = t.elapsed().as_secs_f64();
    (secs, raw.iter().map(json).collect())
}

/// Serialised output (never fails for these plain structs; an error is
/// recorded in the digest rather than hidden).
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("serialisation error: {e}"))
}
