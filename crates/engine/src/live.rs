//! Live ingestion: assign duplicates, story, quotes and facts to new articles
//! at once, without re-running the whole pipeline.
//!
//! [`crate::analyze`] recomputes every analysis over every stored article
//! (about a minute at 20k articles). A [`LiveState`] holds what the live path
//! needs to place one more article in that picture:
//!
//! - a [`newsfold_dedup::DedupIndex`] over every stored article, loaded the way
//!   [`newsfold_dedup::find_duplicates`] loads it (boilerplate learned from the
//!   whole store first), so a new article's exact and near-duplicate matches
//!   are the ones the batch analysis would verify;
//! - a [`newsfold_stories::StoryClusterer`] primed by **replaying** the stored
//!   articles in the batch order ([`newsfold_stories::processing_order`], the
//!   same periodic merge passes) with the same duplicate-family hints the
//!   pipeline uses (the stored `family`, else `dup_cluster`). When the stored
//!   analysis is current the replay reproduces its story ids exactly; where it
//!   does not (articles added since, hand-edited rows), each replayed story is
//!   mapped to the stored story most of its articles carry, so a live article
//!   joining it gets the **stored** story id. Articles with no family get a
//!   private hint key (`a:<id>`): it changes no assignment during the replay
//!   but lets a later exact copy of that article be forced into its story.
//!
//! [`LiveState::ingest`] stores a batch and, for each new article: verifies
//! duplicates against the index (the duplicate cluster grows, and is renamed
//! to the batch rule's id, `cluster_id` of its smallest member, when that
//! changes), assigns the story (a duplicate joins its match's stored story; else the
//! clusterer decides; no merge passes run live, so no stored id ever moves),
//! extracts quotes and facts from the article alone, and writes the
//! `analysis` row, the duplicate `pairs` (without aligned passages) and the
//! story's counts and dates (or a new story row). Families, alignment, quote
//! clusters, digests and cross-article disagreements are left to the next
//! full analysis; [`prepare_analysis`] + [`commit_analysis`] run it with the
//! long part outside any write lock and hand back a fresh [`LiveState`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use chrono::{DateTime, Utc};
use newsfold_core::Article;
use newsfold_dedup::{DedupIndex, DedupParams, Match};
use newsfold_store::{Outcome, Store};
use newsfold_stories::{StoryClusterer, StoryParams};
use rayon::prelude::*;
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

use crate::pipeline::{AnalysisSummary, IngestedArticle, Results};
use crate::read::{self, Related};
use crate::{Result, pipeline};

/// The stored analysis of one article that the live state is primed from.
#[derive(Debug, Clone, Default)]
struct Stored {
    story: Option<String>,
    dup_cluster: Option<String>,
    family: Option<String>,
}

/// Incremental state for live ingestion (see the module docs). Build it once
/// with [`LiveState::build`] (or get one from [`commit_analysis`]) and keep it
/// beside the writer connection; it is not shared between threads.
pub struct LiveState {
    dedup: DedupIndex,
    stories: StoryClusterer,
    /// Replayed (clusterer) story id → stored story id.
    story_map: HashMap<String, String>,
    /// Article id → its stored or live-assigned story.
    story_of: HashMap<String, String>,
    /// Article id → the story hint key it was assigned with.
    key_of: HashMap<String, String>,
    /// Article id → duplicate cluster id.
    cluster_of: HashMap<String, String>,
    /// Duplicate cluster id → members.
    members: HashMap<String, Vec<String>>,
    /// Article id → copy family id.
    family_of: HashMap<String, String>,
    /// Article id → publication time (for copy roles).
    date_of: HashMap<String, Option<DateTime<Utc>>>,
    /// Replayed articles whose replayed story differs from the stored one.
    divergent: usize,
}

impl std::fmt::Debug for LiveState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveState")
            .field("articles", &self.dedup.len())
            .field("stories", &self.stories.story_count())
            .field("divergent", &self.divergent)
            .finish()
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn ordered<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

fn to_json(v: &Value) -> Option<String> {
    if v.is_null() { None } else { serde_json::to_string(v).ok() }
}

/// The story hint key of an article: its copy family, else its duplicate
/// cluster (what the pipeline uses), else a private key (`a:<id>`).
fn hint_key(id: &str, s: Option<&Stored>) -> String {
    s.and_then(|s| s.family.clone().or_else(|| s.dup_cluster.clone())).unwrap_or_else(|| format!("a:{id}"))
}

impl LiveState {
    /// Build from everything stored: the articles and their `analysis` rows.
    pub fn build(store: &Store) -> Result<LiveState> {
        let articles = store.all_articles()?;
        let mut rows: HashMap<String, Stored> = HashMap::with_capacity(articles.len());
        let mut st = store.conn().prepare("SELECT article_id, story, dup_cluster, family FROM analysis")?;
        let it = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, Stored { story: r.get(1)?, dup_cluster: r.get(2)?, family: r.get(3)? }))
        })?;
        for row in it {
            let (id, s) = row?;
            rows.insert(id, s);
        }
        Ok(Self::from_rows(&articles, &rows))
    }

    /// Build from a computed (not necessarily persisted) analysis of `articles`.
    pub fn from_results(articles: &[Article], results: &Results) -> LiveState {
        let rows: HashMap<String, Stored> = results
            .per_article
            .iter()
            .map(|(id, r)| {
                (
                    id.clone(),
                    Stored { story: r.story.clone(), dup_cluster: r.dup_cluster.clone(), family: r.family.clone() },
                )
            })
            .collect();
        Self::from_rows(articles, &rows)
    }

    fn from_rows(articles: &[Article], rows: &HashMap<String, Stored>) -> LiveState {
        let mut seen = HashSet::new();
        let uniq: Vec<&Article> = articles.iter().filter(|a| seen.insert(a.id.as_str())).collect();
        let dedup = newsfold_dedup::build_index(&uniq, &DedupParams::default());

        let mut cluster_of = HashMap::new();
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        let mut family_of = HashMap::new();
        let mut story_of = HashMap::with_capacity(uniq.len());
        let mut key_of = HashMap::with_capacity(uniq.len());
        let mut date_of = HashMap::with_capacity(uniq.len());
        for a in &uniq {
            let s = rows.get(&a.id);
            if let Some(c) = s.and_then(|s| s.dup_cluster.clone()) {
                members.entry(c.clone()).or_default().push(a.id.clone());
                cluster_of.insert(a.id.clone(), c);
            }
            if let Some(f) = s.and_then(|s| s.family.clone()) {
                family_of.insert(a.id.clone(), f);
            }
            if let Some(st) = s.and_then(|s| s.story.clone()) {
                story_of.insert(a.id.clone(), st);
            }
            key_of.insert(a.id.clone(), hint_key(&a.id, s));
            date_of.insert(a.id.clone(), a.date);
        }

        // Replay in the batch order with the batch's hints and merge schedule.
        let params = StoryParams::default();
        let every = params.merge_every.max(1);
        let mut clusterer = StoryClusterer::new(params);
        let owned: Vec<Article> = uniq.iter().map(|a| (*a).clone()).collect();
        let mut replayed: Vec<String> = vec![String::new(); owned.len()];
        for (n, i) in newsfold_stories::processing_order(&owned).into_iter().enumerate() {
            let Some(a) = owned.get(i) else { continue };
            let key = key_of.get(&a.id).cloned().unwrap_or_else(|| format!("a:{}", a.id));
            replayed[i] = clusterer.assign(a, Some(&key)).story;
            if (n + 1) % every == 0 {
                clusterer.merge_pass();
            }
        }
        while clusterer.merge_pass() > 0 {}

        // Each replayed story → the stored story most of its articles carry.
        let mut votes: HashMap<String, BTreeMap<&str, usize>> = HashMap::new();
        let mut divergent = 0;
        for (a, cs) in owned.iter().zip(&replayed) {
            let root = clusterer.resolve(cs).unwrap_or(cs).to_string();
            if let Some(s) = story_of.get(&a.id) {
                if *s != root {
                    divergent += 1;
                }
                *votes.entry(root).or_default().entry(s.as_str()).or_default() += 1;
            }
        }
        let story_map: HashMap<String, String> = votes
            .into_iter()
            .filter_map(|(cs, v)| {
                v.into_iter().max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(x.0))).map(|(s, _)| (cs, s.to_string()))
            })
            .collect();
        if divergent > 0 {
            tracing::info!(divergent, "live state: replayed stories differ from the stored ones; mapped by majority");
        }
        LiveState {
            dedup,
            stories: clusterer,
            story_map,
            story_of,
            key_of,
            cluster_of,
            members,
            family_of,
            date_of,
            divergent,
        }
    }

    /// Number of articles the state knows.
    pub fn len(&self) -> usize {
        self.dedup.len()
    }

    /// Whether the state knows no article.
    pub fn is_empty(&self) -> bool {
        self.dedup.is_empty()
    }

    /// Whether article `id` is known to the state.
    pub fn contains(&self, id: &str) -> bool {
        self.dedup.contains(id)
    }

    /// Number of stored articles whose replayed story differed from their
    /// stored story when the state was built (0 when the stored analysis was
    /// current; they are still mapped to stored ids by majority).
    pub fn divergent(&self) -> usize {
        self.divergent
    }

    /// Store `articles` and analyse each new (or changed) one at once: its
    /// duplicates, story, quotes and facts, written to the analysis tables so
    /// that the read model shows it. Articles already stored with the same
    /// content (`known`) are not re-analysed: their stored analysis is
    /// returned. One result per input article, in input order.
    pub fn ingest(&mut self, store: &mut Store, articles: Vec<Article>) -> Result<Vec<IngestedArticle>> {
        let outcomes = store.insert_batch(&articles, &[])?;
        store.index_search()?;
        // The version stored last wins when one id repeats in the batch.
        let last: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        let mut changed: HashSet<&str> = HashSet::new();
        for (a, o) in articles.iter().zip(&outcomes) {
            // a known article the state has never seen (stored by another
            // process, never analysed) is analysed too; a known re-crawl
            // under a new id (same URL and content) was not stored at all
            let unseen = *o == Outcome::Known && !self.contains(&a.id) && store.get(&a.id)?.is_some();
            if *o != Outcome::Known || unseen {
                changed.insert(a.id.as_str());
            }
        }
        let fresh: Vec<Article> = articles
            .iter()
            .enumerate()
            .filter(|(i, a)| changed.contains(a.id.as_str()) && last.get(a.id.as_str()) == Some(i))
            .map(|(_, a)| a.clone())
            .collect();
        let done = self.process(store, &fresh)?;
        let by_id: HashMap<String, IngestedArticle> = done.into_iter().map(|r| (r.id.clone(), r)).collect();
        let mut out = Vec::with_capacity(articles.len());
        for (a, outcome) in articles.iter().zip(outcomes) {
            match by_id.get(&a.id) {
                Some(r) => out.push(IngestedArticle { outcome, ..r.clone() }),
                None => out.push(stored_result(store, &a.id, outcome)?),
            }
        }
        Ok(out)
    }

    /// Analyse articles that are already stored (in order) and write their
    /// analysis rows, in one transaction.
    fn process(&mut self, store: &mut Store, articles: &[Article]) -> Result<Vec<IngestedArticle>> {
        if articles.is_empty() {
            return Ok(Vec::new());
        }
        let extracted: Vec<(Value, Vec<newsfold_facts::Fact>)> = articles
            .par_iter()
            .map(|a| {
                let q: Vec<Value> = newsfold_quotes::extract_quotes(&a.text)
                    .into_iter()
                    .map(|q| json!({"quote_start": q.start, "quote_end": q.end, "quote": q.text, "speaker": q.speaker}))
                    .collect();
                (Value::Array(q), newsfold_facts::extract_facts(a))
            })
            .collect();
        let matches = self.dedup.insert_batch(articles);
        let tx = store.conn_mut().transaction()?;
        let mut out = Vec::with_capacity(articles.len());
        for ((a, (quotes, facts)), (_, found)) in articles.iter().zip(extracted).zip(matches) {
            out.push(self.place(&tx, a, quotes, &facts, &found)?);
        }
        tx.commit()?;
        Ok(out)
    }

    /// Place one article (already in the dedup index) and write its rows.
    fn place(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        a: &Article,
        quotes: Value,
        facts: &[newsfold_facts::Fact],
        found: &[Match],
    ) -> Result<IngestedArticle> {
        self.date_of.insert(a.id.clone(), a.date);
        // 1. duplicate cluster: the connected component, named by the batch rule
        let dup_cluster = if found.is_empty() {
            if let Some(old) = self.cluster_of.remove(&a.id) {
                // an updated article that no longer copies anything
                if let Some(m) = self.members.get_mut(&old) {
                    m.retain(|x| *x != a.id);
                }
            }
            None
        } else {
            Some(self.join_cluster(tx, &a.id, found)?)
        };

        // 2. story: a duplicate joins its match's story; else the clusterer decides
        let best = found.first();
        let key = best
            .and_then(|m| self.key_of.get(&m.id).cloned())
            .unwrap_or_else(|| self.key_of.get(&a.id).cloned().unwrap_or_else(|| format!("a:{}", a.id)));
        let assigned = self.stories.assign(a, Some(&key));
        self.key_of.insert(a.id.clone(), key);
        let mapped = self.story_map.get(&assigned.story).cloned();
        let story = match best.and_then(|m| self.story_of.get(&m.id).cloned()).or(mapped) {
            Some(s) => s,
            None => {
                self.story_map.insert(assigned.story.clone(), assigned.story.clone());
                assigned.story.clone()
            }
        };
        self.story_of.insert(a.id.clone(), story.clone());

        // 3. family and role from the duplicate match
        let family = best.and_then(|m| self.family_of.get(&m.id).cloned());
        if let Some(f) = &family {
            self.family_of.insert(a.id.clone(), f.clone());
        }
        let role = match best {
            None => "independent",
            Some(m) => match (a.date, self.date_of.get(&m.id).copied().flatten()) {
                (Some(mine), Some(theirs)) if mine < theirs => "original",
                _ => "copy",
            },
        };

        // 4. rows: analysis, pairs, story
        let fact_records: Vec<newsfold_facts::FactRecord> =
            facts.iter().map(newsfold_facts::FactRecord::from).collect();
        let facts_json = serde_json::to_value(&fact_records).unwrap_or(Value::Null);
        tx.execute(
            "INSERT OR REPLACE INTO analysis (article_id, story, dup_cluster, family, role, quotes, facts)
             VALUES (?1,?2,?3,?4,?5,?6,?7)",
            params![a.id, story, dup_cluster, family, role, to_json(&quotes), to_json(&facts_json)],
        )?;
        let mut related = Vec::with_capacity(found.len());
        for m in found {
            let (pa, pb) = ordered(&a.id, &m.id);
            let (j, c) = (round4(m.jaccard), round4(m.containment));
            let relation = m.relation.as_str();
            tx.execute(
                "INSERT OR REPLACE INTO pairs (a, b, relation, jaccard, containment, passages) VALUES (?1,?2,?3,?4,?5,'[]')",
                params![pa, pb, relation, j, c],
            )?;
            let (t, o): (Option<String>, Option<String>) = tx
                .query_row("SELECT title, outlet FROM articles WHERE id = ?1", [&m.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or((None, None));
            related.push(Related {
                other: m.id.clone(),
                other_title: t,
                other_outlet: o,
                relation: relation.to_string(),
                jaccard: Some(j),
                containment: Some(c),
                other_is_a: pa == m.id,
                passages: Value::Array(Vec::new()),
            });
        }
        let story_title = self.upsert_story(tx, &story, &assigned.story, a, facts)?;
        Ok(IngestedArticle {
            id: a.id.clone(),
            outcome: Outcome::New,
            story: Some(story),
            story_title: Some(story_title),
            dup_cluster,
            related,
            quotes,
            facts: facts_json,
        })
    }

    /// Merge `id` and its matches (and their clusters) into one duplicate
    /// cluster named `cluster_id(smallest member)`; renames changed ids in the
    /// store. Returns the cluster id.
    fn join_cluster(&mut self, tx: &rusqlite::Transaction<'_>, id: &str, found: &[Match]) -> Result<String> {
        let mut old_clusters: Vec<String> = Vec::new();
        let mut all: Vec<String> = vec![id.to_string()];
        if let Some(c) = self.cluster_of.get(id) {
            old_clusters.push(c.clone());
        }
        for m in found {
            match self.cluster_of.get(&m.id) {
                Some(c) => {
                    if !old_clusters.contains(c) {
                        old_clusters.push(c.clone());
                    }
                }
                None => all.push(m.id.clone()),
            }
        }
        for c in &old_clusters {
            if let Some(ms) = self.members.remove(c) {
                all.extend(ms);
            }
        }
        all.sort();
        all.dedup();
        let first = all.first().map(String::as_str).unwrap_or(id);
        let cid = newsfold_dedup::cluster_id(first);
        for c in &old_clusters {
            if *c != cid {
                tx.execute("UPDATE analysis SET dup_cluster = ?1 WHERE dup_cluster = ?2", params![cid, c])?;
            }
        }
        for m in &all {
            if m != id && self.cluster_of.get(m) != Some(&cid) {
                tx.execute("UPDATE analysis SET dup_cluster = ?1 WHERE article_id = ?2", params![cid, m])?;
            }
            self.cluster_of.insert(m.clone(), cid.clone());
        }
        self.members.insert(cid.clone(), all);
        Ok(cid)
    }

    /// Refresh a story's counts and dates from its members, or create its row.
    /// Returns the story's title.
    fn upsert_story(
        &self,
        tx: &rusqlite::Transaction<'_>,
        story: &str,
        replayed: &str,
        a: &Article,
        facts: &[newsfold_facts::Fact],
    ) -> Result<String> {
        let (n, outlets, first, last): (i64, i64, Option<String>, Option<String>) = tx.query_row(
            "SELECT count(*), count(DISTINCT nullif(trim(a.outlet), '')), min(a.date), max(a.date)
             FROM analysis n JOIN articles a ON a.id = n.article_id WHERE n.story = ?1",
            [story],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let norm = |d: Option<String>| d.and_then(|d| newsfold_core::parse_date(&d)).map(|d| d.to_rfc3339());
        let (first, last) = (norm(first), norm(last));
        let changed = tx.execute(
            "UPDATE stories SET articles = ?2, outlets = ?3, first = ?4, last = ?5 WHERE id = ?1",
            params![story, n, outlets, first, last],
        )?;
        if changed > 0 {
            let title: String = tx.query_row("SELECT title FROM stories WHERE id = ?1", [story], |r| r.get(0))?;
            return Ok(title);
        }
        // a new story (or one whose row is missing): label it from the clusterer
        let summary = self.stories.summary(replayed).filter(|s| s.articles > 0 && *story == *replayed);
        let title =
            summary.as_ref().map(|s| s.title.clone()).filter(|t| !t.is_empty()).unwrap_or_else(|| a.display_title());
        let summary_json = match &summary {
            Some(s) => json!({"key_terms": s.key_terms, "entities": s.entities, "related": s.related}),
            None => json!({"key_terms": [], "entities": [], "related": []}),
        };
        tx.execute(
            "INSERT INTO stories (id, title, articles, outlets, first, last, summary, detail) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
            params![
                story,
                title,
                n.max(1),
                outlets,
                first,
                last,
                summary_json.to_string(),
                single_detail(a, facts).to_string()
            ],
        )?;
        Ok(title)
    }
}

/// A one-article story's detail, as the pipeline writes it: no digest, but
/// the article's internal inconsistencies.
fn single_detail(a: &Article, facts: &[newsfold_facts::Fact]) -> Value {
    let dates: HashMap<String, Option<DateTime<Utc>>> = HashMap::from([(a.id.clone(), a.date)]);
    let dis = if facts.len() >= 2 { newsfold_facts::find_disagreements(facts, &dates) } else { Vec::new() };
    if dis.is_empty() { json!({}) } else { json!({"disagreements": dis}) }
}

/// The stored analysis of an article, as an ingestion result.
fn stored_result(store: &Store, id: &str, outcome: Outcome) -> Result<IngestedArticle> {
    let detail = read::article(store, id)?;
    let (story, dup_cluster, related, quotes, facts) = match detail {
        Some(d) => (d.story, d.dup_cluster, d.related, d.quotes, d.facts),
        None => (None, None, Vec::new(), Value::Null, Value::Null),
    };
    let story_title = match &story {
        Some(s) => store.conn().query_row("SELECT title FROM stories WHERE id = ?1", [s], |r| r.get(0)).optional()?,
        None => None,
    };
    Ok(IngestedArticle { id: id.to_string(), outcome, story, story_title, dup_cluster, related, quotes, facts })
}

/// A full analysis computed from a snapshot of the store, not yet persisted
/// (see [`prepare_analysis`]).
pub struct PreparedAnalysis {
    articles: Vec<Article>,
    results: Results,
    live: LiveState,
    started: Instant,
    stage_seconds: BTreeMap<String, f64>,
}

impl std::fmt::Debug for PreparedAnalysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedAnalysis").field("articles", &self.articles.len()).finish()
    }
}

/// The long, read-only part of a full analysis: load every stored article,
/// [`crate::compute`] every analysis and build the [`LiveState`] that matches
/// it. Needs only a reader connection, so a server can run it while live
/// ingestion continues on the writer; then call [`commit_analysis`].
pub fn prepare_analysis(store: &Store) -> Result<PreparedAnalysis> {
    let started = Instant::now();
    let mut stage_seconds = BTreeMap::new();
    let articles = store.all_articles()?;
    stage_seconds.insert("load".to_string(), started.elapsed().as_secs_f64());
    let results = crate::compute(&articles);
    let t = Instant::now();
    let live = LiveState::from_results(&articles, &results);
    stage_seconds.insert("live_state".to_string(), t.elapsed().as_secs_f64());
    Ok(PreparedAnalysis { articles, results, live, started, stage_seconds })
}

/// Persist a [`PreparedAnalysis`] (replacing every analysis table in one
/// transaction, as [`crate::analyze`] does), then analyse live the articles
/// stored since the snapshot was taken, so none is left without a story.
/// Returns the [`LiveState`] matching the new analysis (replace the old one
/// with it) and the summary.
pub fn commit_analysis(store: &mut Store, prepared: PreparedAnalysis) -> Result<(LiveState, AnalysisSummary)> {
    let PreparedAnalysis { articles, results, mut live, started, mut stage_seconds } = prepared;
    let t = Instant::now();
    pipeline::persist(store, &results)?;
    stage_seconds.insert("persist".to_string(), t.elapsed().as_secs_f64());
    let t = Instant::now();
    let missing: Vec<String> = {
        let mut st = store
            .conn()
            .prepare("SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM analysis) ORDER BY seq")?;
        st.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?
    };
    let mut late = Vec::with_capacity(missing.len());
    for id in &missing {
        if let Some(a) = store.get(id)? {
            late.push(a);
        }
    }
    live.process(store, &late)?;
    stage_seconds.insert("catch_up".to_string(), t.elapsed().as_secs_f64());
    let mut summary = AnalysisSummary::of(articles.len(), &results);
    summary.stage_seconds = stage_seconds;
    summary.stage_seconds.extend(results.stage_seconds.iter().map(|(k, v)| (k.clone(), *v)));
    summary.seconds = started.elapsed().as_secs_f64();
    tracing::info!(?summary, late = late.len(), "background analysis committed");
    Ok((live, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FERRY: &str = "A passenger ferry struck a fishing trawler off Kells Point on Saturday morning, the coastguard said.\n\
Three crew members were rescued from the water and taken to Westhaven General with minor injuries.\n\
\"We will not reopen the channel until every vessel is accounted for,\" harbourmaster Aoife Brennan said.\n\
The MV Corran Star was carrying 212 passengers. None were hurt.";

    const COUNCIL: &str = "Westhaven council delayed its budget vote again on Friday after a row over library closures.\n\
Councillor Petra Lind said the cuts would hit the poorest districts hardest and asked for a new proposal.\n\
The vote is now expected in April, officials said.";

    const FIRE: &str = "Fire crews spent six hours fighting a blaze at a grain warehouse in Dunmore on Tuesday night.\n\
\"The roof came down within minutes, it was like a furnace,\" said station officer Malik Osei.\n\
Nobody was injured, but 40 tonnes of barley were lost, the owner, a 61-year-old farmer, said.";

    fn art(id: &str, title: &str, text: &str, date: &str, outlet: &str) -> Article {
        Article {
            id: id.into(),
            title: Some(title.into()),
            text: text.into(),
            date: newsfold_core::parse_date(date),
            outlet: Some(outlet.into()),
            url: None,
            meta: Default::default(),
        }
    }

    fn analysed_store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let arts = vec![
            art("ferry-1", "Ferry strikes trawler off Kells Point", FERRY, "2026-03-14T08:10:00Z", "Harbour Wire"),
            art("council-2", "Council delays budget vote", COUNCIL, "2026-03-13T17:00:00Z", "Westhaven Post"),
        ];
        s.insert_batch(&arts, &[]).unwrap();
        crate::analyze(&mut s).unwrap();
        s
    }

    fn stored_story(s: &Store, id: &str) -> String {
        read::article(s, id).unwrap().unwrap().story.unwrap()
    }

    #[test]
    fn replay_reproduces_the_stored_story_ids() {
        let s = analysed_store();
        let live = LiveState::build(&s).unwrap();
        assert_eq!(live.len(), 2);
        assert_eq!(live.divergent(), 0, "{live:?}");
    }

    #[test]
    fn an_exact_copy_joins_the_stored_story_at_once() {
        let mut s = analysed_store();
        let story = stored_story(&s, "ferry-1");
        let stories_before = read::story_count(&s).unwrap();
        let mut live = LiveState::build(&s).unwrap();
        let copy =
            art("ferry-copy", "Ferry strikes trawler off Kells Point", FERRY, "2026-03-14T10:00:00Z", "Bay Times");
        let got = live.ingest(&mut s, vec![copy.clone()]).unwrap();
        assert_eq!(got.len(), 1);
        let g = &got[0];
        assert_eq!(g.outcome, Outcome::New);
        assert_eq!(g.story.as_deref(), Some(story.as_str()));
        assert_eq!(g.story_title.as_deref(), Some("Ferry strikes trawler off Kells Point"));
        assert_eq!(g.related.len(), 1);
        assert_eq!(g.related[0].other, "ferry-1");
        assert_eq!(g.related[0].relation, "exact");
        assert_eq!(g.related[0].jaccard, Some(1.0));
        let cluster = g.dup_cluster.clone().unwrap();
        assert_eq!(cluster, newsfold_dedup::cluster_id("ferry-1"), "named by the smallest member");
        // the read model sees it: article, story counts, both cluster members, the pair
        let d = read::article(&s, "ferry-copy").unwrap().unwrap();
        assert_eq!(d.story.as_deref(), Some(story.as_str()));
        assert_eq!(d.role.as_deref(), Some("copy"));
        assert_eq!(d.related[0].other, "ferry-1");
        assert_eq!(read::article(&s, "ferry-1").unwrap().unwrap().dup_cluster.as_deref(), Some(cluster.as_str()));
        let sd = read::story(&s, &story).unwrap().unwrap();
        assert_eq!(sd.item.articles, 2);
        assert_eq!(sd.item.outlets, 2);
        assert_eq!(sd.item.last, copy.date);
        assert_eq!(read::story_count(&s).unwrap(), stories_before, "no new story");
        // quotes come back with the speaker resolved
        assert_eq!(g.quotes[0]["speaker"], "Aoife Brennan");
        assert!(g.quotes[0]["quote"].as_str().unwrap().starts_with("We will not reopen"));
        // the same page re-crawled under another id (same URL): not stored, no row
        let mut page = art("page-1", "Harbour page", COUNCIL, "2026-03-15T06:00:00Z", "Quay News");
        page.url = Some("https://quay.example/p".into());
        live.ingest(&mut s, vec![page.clone()]).unwrap();
        page.id = "page-2".into();
        let got = live.ingest(&mut s, vec![page]).unwrap();
        assert_eq!((got[0].outcome, got[0].story.clone()), (Outcome::Known, None));
        assert!(read::article(&s, "page-2").unwrap().is_none());
        // posting it again: known, same answer from the store
        let again = live.ingest(&mut s, vec![copy]).unwrap();
        assert_eq!(again[0].outcome, Outcome::Known);
        assert_eq!(again[0].story.as_deref(), Some(story.as_str()));
        assert_eq!(again[0].dup_cluster.as_deref(), Some(cluster.as_str()));
    }

    #[test]
    fn an_unrelated_article_founds_a_new_story_with_quotes_and_facts() {
        let mut s = analysed_store();
        let before: HashSet<String> =
            read::stories(&s, read::StorySort::Latest, None, 100, 0).unwrap().into_iter().map(|x| x.id).collect();
        let mut live = LiveState::build(&s).unwrap();
        let fire = art("fire-3", "Blaze destroys Dunmore grain store", FIRE, "2026-03-15T06:00:00Z", "Dunmore Echo");
        let got = live.ingest(&mut s, vec![fire]).unwrap();
        let g = &got[0];
        let story = g.story.clone().unwrap();
        assert!(!before.contains(&story), "a new story id");
        assert_eq!(g.story_title.as_deref(), Some("Blaze destroys Dunmore grain store"));
        assert!(g.related.is_empty() && g.dup_cluster.is_none());
        assert_eq!(g.quotes[0]["speaker"], "Malik Osei");
        let facts = g.facts.as_array().unwrap();
        assert!(!facts.is_empty(), "{}", g.facts);
        let sd = read::story(&s, &story).unwrap().unwrap();
        assert_eq!(sd.item.articles, 1);
        assert_eq!(sd.article_list[0].id, "fire-3");
        assert_eq!(sd.item.summary["key_terms"].as_array().map(Vec::is_empty), Some(false));
        assert_eq!(read::story_count(&s).unwrap(), before.len() + 1);
    }

    #[test]
    fn a_copy_inside_the_same_batch_joins_its_original() {
        let mut s = analysed_store();
        let mut live = LiveState::build(&s).unwrap();
        let a = art("fire-a", "Blaze destroys Dunmore grain store", FIRE, "2026-03-15T06:00:00Z", "Dunmore Echo");
        let b = art("fire-b", "Grain store fire in Dunmore", FIRE, "2026-03-15T07:00:00Z", "Valley Times");
        let got = live.ingest(&mut s, vec![a, b]).unwrap();
        assert_eq!(got[0].story, got[1].story);
        assert_eq!(got[1].related[0].other, "fire-a");
        assert_eq!(got[0].dup_cluster, None, "the first had no copy when it was placed");
        assert_eq!(got[1].dup_cluster.as_deref(), Some(newsfold_dedup::cluster_id("fire-a").as_str()));
        assert_eq!(read::article(&s, "fire-a").unwrap().unwrap().dup_cluster, got[1].dup_cluster, "updated in place");
        let sd = read::story(&s, got[0].story.as_deref().unwrap()).unwrap().unwrap();
        assert_eq!((sd.item.articles, sd.item.outlets), (2, 2));
    }

    #[test]
    fn a_background_analysis_keeps_live_stories_and_catches_up() {
        let mut s = analysed_store();
        let story = stored_story(&s, "ferry-1");
        let mut live = LiveState::build(&s).unwrap();
        let copy =
            art("ferry-copy", "Ferry strikes trawler off Kells Point", FERRY, "2026-03-14T10:00:00Z", "Bay Times");
        live.ingest(&mut s, vec![copy]).unwrap();
        let prepared = prepare_analysis(&s).unwrap();
        // an article arrives while the analysis computes
        let fire = art("fire-3", "Blaze destroys Dunmore grain store", FIRE, "2026-03-15T06:00:00Z", "Dunmore Echo");
        let live_fire = live.ingest(&mut s, vec![fire]).unwrap();
        let (mut fresh, summary) = commit_analysis(&mut s, prepared).unwrap();
        assert_eq!(summary.articles, 3);
        assert!(summary.stage_seconds.contains_key("catch_up"));
        assert_eq!(stored_story(&s, "ferry-copy"), story, "the full analysis agrees with the live answer");
        assert_eq!(stored_story(&s, "fire-3"), live_fire[0].story.clone().unwrap(), "caught up, same id");
        assert!(read::story(&s, &story).unwrap().unwrap().detail["digest"].is_object(), "full detail now");
        assert_eq!(fresh.len(), 4);
        assert_eq!(fresh.divergent(), 0);
        // the fresh state keeps answering with stored ids
        let third = art("ferry-3", "Ferry strikes trawler", FERRY, "2026-03-14T12:00:00Z", "Quay News");
        let got = fresh.ingest(&mut s, vec![third]).unwrap();
        assert_eq!(got[0].story.as_deref(), Some(story.as_str()));
        assert_eq!(got[0].related.len(), 2);
    }

    /// Odd inputs (empty-ish, quotes left open, digits, non-ASCII, repeated
    /// ids in one batch) never fail and always get a story.
    /// (The engine has no proptest dev-dependency; this is a fixed table.)
    #[test]
    fn ingest_never_fails_on_odd_text() {
        let texts = [
            ".",
            "\"",
            "“unclosed quote that never ends",
            "12 12 12 12 12 12 12",
            "\n\n\n",
            "Ünïcödé «quote» — said Zoë Ødegaard, 34.",
            "A\"B\"C\"D\" said he.",
            FERRY,
        ];
        let mut s = analysed_store();
        let mut live = LiveState::build(&s).unwrap();
        let mut arts: Vec<Article> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Article { id: format!("p{i}"), text: t.to_string(), ..Default::default() })
            .collect();
        arts.push(Article { id: "p1".into(), text: "changed in the same batch".into(), ..Default::default() });
        let got = live.ingest(&mut s, arts.clone()).unwrap();
        assert_eq!(got.len(), arts.len());
        for (g, a) in got.iter().zip(&arts) {
            assert!(g.story.is_some(), "{}", a.id);
            for q in g.quotes.as_array().into_iter().flatten() {
                let end = q["quote_end"].as_u64().unwrap() as usize;
                assert!(end <= a.text.chars().count());
            }
        }
        assert_eq!(got[7].related[0].other, "ferry-1");
        assert_eq!(got.last().unwrap().outcome, Outcome::Updated);
    }
}
