//! The analysis pipeline: recompute every analysis over the stored articles
//! and persist the results in one transaction.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use chrono::{DateTime, Utc};
use newsfold_core::Article;
use newsfold_store::{Outcome, Store};
use rusqlite::params;
use serde::Serialize;
use serde_json::{Value, json};

use crate::Result;
use crate::read::{self, Related};

/// What one analysis run found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AnalysisSummary {
    pub articles: usize,
    pub stories: usize,
    pub duplicate_clusters: usize,
    /// Related pairs by relation (`exact`, `near_duplicate`, `rewrite`, `shares_passages`).
    pub relations: BTreeMap<String, usize>,
    pub quotes: usize,
    pub quote_clusters: usize,
    pub disagreements: usize,
    pub seconds: f64,
}

/// The result of ingesting one article through the engine (HTTP live ingestion).
#[derive(Debug, Clone, Serialize)]
pub struct IngestedArticle {
    pub id: String,
    pub outcome: Outcome,
    pub story: Option<String>,
    pub story_title: Option<String>,
    pub dup_cluster: Option<String>,
    pub related: Vec<Related>,
    pub quotes: Value,
    pub facts: Value,
}

/// Per-article analysis row.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArticleResult {
    pub story: Option<String>,
    pub dup_cluster: Option<String>,
    pub family: Option<String>,
    pub role: Option<String>,
    pub quotes: Value,
    pub facts: Value,
}

/// A related pair row (`a < b`).
#[derive(Debug, Clone)]
pub(crate) struct PairRow {
    pub a: String,
    pub b: String,
    pub relation: String,
    pub jaccard: Option<f64>,
    pub containment: Option<f64>,
    pub passages: Value,
}

/// A story row.
#[derive(Debug, Clone)]
pub(crate) struct StoryRow {
    pub id: String,
    pub title: String,
    pub articles: usize,
    pub outlets: usize,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    pub summary: Value,
    pub detail: Value,
}

/// A quote cluster row.
#[derive(Debug, Clone)]
pub(crate) struct QuoteClusterRow {
    pub id: String,
    pub story: Option<String>,
    pub canonical: String,
    pub speaker: Option<String>,
    pub occurrences: usize,
    pub data: Value,
}

#[derive(Debug, Default)]
pub(crate) struct Results {
    pub per_article: HashMap<String, ArticleResult>,
    pub pairs: Vec<PairRow>,
    pub stories: Vec<StoryRow>,
    pub quote_clusters: Vec<QuoteClusterRow>,
    pub quotes: usize,
    pub disagreements: usize,
}

/// Recompute every analysis over all stored articles and persist the results.
pub fn analyze(store: &mut Store) -> Result<AnalysisSummary> {
    let started = Instant::now();
    let articles = store.all_articles()?;
    let results = compute(&articles);
    let mut summary = AnalysisSummary {
        articles: articles.len(),
        stories: results.stories.len(),
        duplicate_clusters: results
            .per_article
            .values()
            .filter_map(|r| r.dup_cluster.as_deref())
            .collect::<HashSet<_>>()
            .len(),
        quotes: results.quotes,
        quote_clusters: results.quote_clusters.len(),
        disagreements: results.disagreements,
        ..Default::default()
    };
    for p in &results.pairs {
        *summary.relations.entry(p.relation.clone()).or_default() += 1;
    }
    persist(store, &results)?;
    summary.seconds = started.elapsed().as_secs_f64();
    tracing::info!(?summary, "analysis done");
    Ok(summary)
}

/// Store `articles`, re-analyse, and return what was found about each of them.
pub fn ingest_articles(store: &mut Store, articles: Vec<Article>) -> Result<Vec<IngestedArticle>> {
    let outcomes = store.insert_batch(&articles, &[])?;
    analyze(store)?;
    let mut out = Vec::with_capacity(articles.len());
    for (a, outcome) in articles.iter().zip(outcomes) {
        let detail = read::article(store, &a.id)?;
        let (story, dup_cluster, related, quotes, facts) = match detail {
            Some(d) => (d.story, d.dup_cluster, d.related, d.quotes, d.facts),
            None => (None, None, Vec::new(), Value::Null, Value::Null),
        };
        let story_title = match &story {
            Some(s) => read::story(store, s)?.map(|d| d.item.title),
            None => None,
        };
        out.push(IngestedArticle {
            id: a.id.clone(),
            outcome,
            story,
            story_title,
            dup_cluster,
            related,
            quotes,
            facts,
        });
    }
    Ok(out)
}

/// Run every analysis stage (pure: no store access).
pub(crate) fn compute(articles: &[Article]) -> Results {
    let mut res = Results::default();
    // Stories: until the clustering stage is wired in, each article is its own story.
    for a in articles {
        let id = format!("s{:012x}", newsfold_core::hash_str(&a.id) & 0xffff_ffff_ffff);
        res.per_article.insert(a.id.clone(), ArticleResult { story: Some(id.clone()), ..Default::default() });
        res.stories.push(StoryRow {
            id,
            title: a.display_title(),
            articles: 1,
            outlets: usize::from(a.outlet.is_some()),
            first: a.date,
            last: a.date,
            summary: json!({"key_terms": [], "entities": [], "related": []}),
            detail: json!({}),
        });
    }
    res
}

fn to_json(v: &Value) -> Option<String> {
    if v.is_null() { None } else { serde_json::to_string(v).ok() }
}

/// Replace every analysis table's content in one transaction.
fn persist(store: &mut Store, r: &Results) -> Result<()> {
    let tx = store.conn_mut().transaction()?;
    tx.execute_batch("DELETE FROM analysis; DELETE FROM pairs; DELETE FROM stories; DELETE FROM quote_clusters;")?;
    {
        let mut st = tx.prepare(
            "INSERT INTO analysis (article_id, story, dup_cluster, family, role, quotes, facts) VALUES (?1,?2,?3,?4,?5,?6,?7)",
        )?;
        for (id, a) in &r.per_article {
            st.execute(params![id, a.story, a.dup_cluster, a.family, a.role, to_json(&a.quotes), to_json(&a.facts)])?;
        }
        let mut st = tx.prepare(
            "INSERT OR REPLACE INTO pairs (a, b, relation, jaccard, containment, passages) VALUES (?1,?2,?3,?4,?5,?6)",
        )?;
        for p in &r.pairs {
            st.execute(params![p.a, p.b, p.relation, p.jaccard, p.containment, to_json(&p.passages)])?;
        }
        let mut st = tx.prepare(
            "INSERT INTO stories (id, title, articles, outlets, first, last, summary, detail) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        )?;
        for s in &r.stories {
            st.execute(params![
                s.id,
                s.title,
                s.articles as i64,
                s.outlets as i64,
                s.first.map(|d| d.to_rfc3339()),
                s.last.map(|d| d.to_rfc3339()),
                serde_json::to_string(&s.summary).unwrap_or_else(|_| "{}".into()),
                to_json(&s.detail)
            ])?;
        }
        let mut st = tx.prepare(
            "INSERT INTO quote_clusters (id, story, canonical, speaker, occurrences, data) VALUES (?1,?2,?3,?4,?5,?6)",
        )?;
        for q in &r.quote_clusters {
            st.execute(params![
                q.id,
                q.story,
                q.canonical,
                q.speaker,
                q.occurrences as i64,
                serde_json::to_string(&q.data).unwrap_or_else(|_| "{}".into())
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, title: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            title: Some(title.into()),
            text: text.into(),
            date: newsfold_core::parse_date("2026-03-14T08:10:00Z"),
            outlet: Some("Harbour Wire".into()),
            url: None,
            meta: Default::default(),
        }
    }

    #[test]
    fn analyze_persists_and_reads_back() {
        let mut s = Store::open_in_memory().unwrap();
        let arts =
            vec![art("a", "Ferry hits trawler", "A ferry hit a trawler."), art("b", "Budget vote", "Council voted.")];
        let got = ingest_articles(&mut s, arts).unwrap();
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|g| g.story.is_some() && g.outcome == Outcome::New));
        let list = read::stories(&s, read::StorySort::Latest, None, 10, 0).unwrap();
        assert_eq!(list.len(), 2);
        let found = read::stories(&s, read::StorySort::Biggest, Some("trawler"), 10, 0).unwrap();
        assert_eq!(found.len(), 1);
        let d = read::story(&s, &found[0].id).unwrap().unwrap();
        assert_eq!(d.article_list[0].id, "a");
        assert!(read::article(&s, "a").unwrap().unwrap().story.is_some());
        assert_eq!(read::outlets(&s).unwrap()[0].articles, 2);
        // re-analysis is stable
        let again = analyze(&mut s).unwrap();
        assert_eq!(again.stories, 2);
    }
}
