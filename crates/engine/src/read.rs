//! The read model: what the CLI, the JSON API and the web UI show, assembled
//! from the analysis tables. Every struct here is `Serialize` and is returned
//! as-is by the HTTP API (documented in the server's OpenAPI file).

use chrono::{DateTime, Utc};
use newsfold_core::Article;
use newsfold_store::Store;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;

use crate::{EngineError, Result};

/// How to order the story list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StorySort {
    /// Most recently active first.
    #[default]
    Latest,
    /// Most articles first.
    Biggest,
}

/// One story in a list.
#[derive(Debug, Clone, Serialize)]
pub struct StoryItem {
    pub id: String,
    pub title: String,
    pub articles: usize,
    pub outlets: usize,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    /// Key terms, entities and related stories (`{"key_terms":[..],"entities":[..],"related":[..]}`).
    pub summary: Value,
}

/// An article as listed on a story page.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleBrief {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// Duplicate cluster id, when the article has exact or near-duplicate copies.
    pub dup_cluster: Option<String>,
    /// `original`, `copy`, `rewrite` or `independent` within its family.
    pub role: Option<String>,
}

/// A story with everything known about it.
#[derive(Debug, Clone, Serialize)]
pub struct StoryDetail {
    #[serde(flatten)]
    pub item: StoryItem,
    /// Articles in date order (undated last).
    pub article_list: Vec<ArticleBrief>,
    /// Families, copy graph, quotes, facts, disagreements and digest
    /// (`{"families":[..],"quotes":[..],"disagreements":[..],"digest":{..}}`; `quotes` are the
    /// story's quote clusters, read from their table).
    pub detail: Value,
}

/// A relation between two stored articles, seen from one of them.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub other: String,
    pub other_title: Option<String>,
    pub other_outlet: Option<String>,
    pub relation: String,
    pub jaccard: Option<f64>,
    pub containment: Option<f64>,
    /// True when `other` is the pair's `a` side (passage offsets `a_*` refer to it).
    pub other_is_a: bool,
    /// Aligned passages (`[{"a_start","a_end","b_start","b_end","ops"}]`), offsets in chars.
    pub passages: Value,
}

/// An article with its analyses.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleDetail {
    pub article: Article,
    pub story: Option<String>,
    pub dup_cluster: Option<String>,
    pub role: Option<String>,
    pub related: Vec<Related>,
    pub quotes: Value,
    pub facts: Value,
}

/// How often an outlet publishes originals vs copies.
#[derive(Debug, Clone, Serialize)]
pub struct OutletStat {
    pub outlet: String,
    pub articles: usize,
    pub originals: usize,
    pub copies: usize,
    pub rewrites: usize,
}

fn parse_json(what: &str, s: Option<String>) -> Result<Value> {
    match s {
        None => Ok(Value::Null),
        Some(s) => serde_json::from_str(&s).map_err(|source| EngineError::Json { what: what.to_string(), source }),
    }
}

fn date(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|d| newsfold_core::parse_date(&d))
}

const STORY_COLS: &str = "id, title, articles, outlets, first, last, summary";

fn story_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(StoryItem, String)> {
    Ok((
        StoryItem {
            id: r.get(0)?,
            title: r.get(1)?,
            articles: r.get::<_, i64>(2)? as usize,
            outlets: r.get::<_, i64>(3)? as usize,
            first: date(r.get(4)?),
            last: date(r.get(5)?),
            summary: Value::Null,
        },
        r.get(6)?,
    ))
}

fn finish_story(row: (StoryItem, String)) -> Result<StoryItem> {
    let (mut it, s) = row;
    it.summary = parse_json(&format!("story {}", it.id), Some(s))?;
    Ok(it)
}

/// The ORDER BY of a story list. Each matches an index of the store's
/// migration 3 (`stories_latest`, `stories_biggest`) expression for
/// expression, so a page is an index walk, not a sort of every story.
fn order_by(sort: StorySort) -> &'static str {
    match sort {
        StorySort::Latest => "last IS NULL, last DESC, articles DESC, id",
        StorySort::Biggest => "articles DESC, outlets DESC, last DESC, id",
    }
}

/// List stories. `query` filters to stories with an article matching the
/// full-text query (titles and text).
pub fn stories(
    store: &Store,
    sort: StorySort,
    query: Option<&str>,
    limit: usize,
    offset: usize,
) -> Result<Vec<StoryItem>> {
    let order = order_by(sort);
    let conn = store.conn();
    let rows: Vec<(StoryItem, String)> = match query.map(str::trim).filter(|q| !q.is_empty()) {
        None => {
            let mut st =
                conn.prepare(&format!("SELECT {STORY_COLS} FROM stories ORDER BY {order} LIMIT ?1 OFFSET ?2"))?;
            st.query_map(params![limit as i64, offset as i64], story_row)?.collect::<rusqlite::Result<_>>()?
        }
        Some(q) => {
            let hits = store.search(q, 500)?;
            let mut seen = std::collections::HashSet::new();
            let mut st = conn.prepare_cached(&format!(
                "SELECT {STORY_COLS} FROM stories WHERE id = (SELECT story FROM analysis WHERE article_id = ?1)"
            ))?;
            let mut v = Vec::new();
            for h in hits {
                if let Some(row) = st.query_row([&h.id], story_row).optional()?
                    && seen.insert(row.0.id.clone())
                {
                    v.push(row);
                }
            }
            v.into_iter().skip(offset).take(limit).collect()
        }
    };
    rows.into_iter().map(finish_story).collect()
}

/// Number of stories stored.
pub fn story_count(store: &Store) -> Result<usize> {
    Ok(store.conn().query_row("SELECT count(*) FROM stories", [], |r| r.get::<_, i64>(0))? as usize)
}

/// One story with its articles and details.
pub fn story(store: &Store, id: &str) -> Result<Option<StoryDetail>> {
    let conn = store.conn();
    let row = conn
        .query_row(&format!("SELECT {STORY_COLS}, detail FROM stories WHERE id = ?1"), [id], |r| {
            Ok((story_row(r)?, r.get::<_, Option<String>>(7)?))
        })
        .optional()?;
    let Some((row, detail)) = row else { return Ok(None) };
    let item = finish_story(row)?;
    let mut detail = parse_json(&format!("story {id} detail"), detail)?;
    // the story's quote clusters live in their own table (stores analysed
    // before that carry them in the detail already)
    if let Value::Object(d) = &mut detail
        && !d.contains_key("quotes")
    {
        let mut st =
            conn.prepare_cached("SELECT id, canonical, data FROM quote_clusters WHERE story = ?1 ORDER BY rowid")?;
        let rows = st
            .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let quotes = rows
            .into_iter()
            .map(|(qid, canonical, data)| stored_quote_cluster(&format!("quote cluster {qid}"), &canonical, data))
            .collect::<Result<Vec<Value>>>()?;
        d.insert("quotes".into(), Value::Array(quotes));
    }
    let mut st = conn.prepare(
        "SELECT a.id, a.title, a.date, a.outlet, a.url, n.dup_cluster, n.role FROM analysis n
         JOIN articles a ON a.id = n.article_id WHERE n.story = ?1 ORDER BY a.date IS NULL, a.date, a.seq",
    )?;
    let article_list = st
        .query_map([id], |r| {
            Ok(ArticleBrief {
                id: r.get(0)?,
                title: r.get(1)?,
                date: date(r.get(2)?),
                outlet: r.get(3)?,
                url: r.get(4)?,
                dup_cluster: r.get(5)?,
                role: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(StoryDetail { item, article_list, detail }))
}

/// One article with its analyses and every related article.
pub fn article(store: &Store, id: &str) -> Result<Option<ArticleDetail>> {
    let Some(article) = store.get(id)? else { return Ok(None) };
    let conn = store.conn();
    let an = conn
        .query_row("SELECT story, dup_cluster, role, quotes, facts FROM analysis WHERE article_id = ?1", [id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .optional()?;
    let (story, dup_cluster, role, quotes, facts) = an.unwrap_or((None, None, None, None, None));
    let related = related(store, id)?;
    Ok(Some(ArticleDetail {
        article,
        story,
        dup_cluster,
        role,
        related,
        quotes: parse_json(&format!("quotes of {id}"), quotes)?,
        facts: parse_json(&format!("facts of {id}"), facts)?,
    }))
}

/// Every stored relation of an article, strongest first.
pub fn related(store: &Store, id: &str) -> Result<Vec<Related>> {
    let mut st = store.conn().prepare(
        "SELECT p.a, p.b, p.relation, p.jaccard, p.containment, p.passages, o.title, o.outlet FROM pairs p
         JOIN articles o ON o.id = CASE WHEN p.a = ?1 THEN p.b ELSE p.a END
         WHERE p.a = ?1 OR p.b = ?1
         ORDER BY CASE p.relation WHEN 'exact' THEN 0 WHEN 'near_duplicate' THEN 1 WHEN 'rewrite' THEN 2 ELSE 3 END,
                  p.containment DESC",
    )?;
    let rows = st
        .query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<f64>>(3)?,
                r.get::<_, Option<f64>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(a, b, relation, jaccard, containment, passages, t, o)| {
            let other_is_a = b == id;
            let mut passages = parse_json(&format!("passages of {a}/{b}"), passages)?;
            newsfold_align::restore_passages(&mut passages);
            Ok(Related {
                other: if other_is_a { a.clone() } else { b.clone() },
                other_title: t,
                other_outlet: o,
                relation,
                jaccard,
                containment,
                other_is_a,
                passages,
            })
        })
        .collect()
}

/// Quote clusters, most reported first; restricted to one story when given.
pub fn quote_clusters(store: &Store, story: Option<&str>, limit: usize, offset: usize) -> Result<Vec<Value>> {
    let conn = store.conn();
    let sql = "SELECT id, canonical, data FROM quote_clusters WHERE (?1 IS NULL OR story = ?1)
               ORDER BY occurrences DESC, id LIMIT ?2 OFFSET ?3";
    let mut st = conn.prepare(sql)?;
    let rows = st
        .query_map(params![story, limit as i64, offset as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(qid, canonical, data)| stored_quote_cluster(&format!("quote cluster {qid}"), &canonical, data))
        .collect()
}

/// A stored quote cluster's full JSON (the stored form leaves out the
/// canonical wording where the row has it: [`newsfold_quotes::restore_stored`]).
fn stored_quote_cluster(what: &str, canonical: &str, data: String) -> Result<Value> {
    let mut v = parse_json(what, Some(data))?;
    newsfold_quotes::restore_stored(&mut v, canonical);
    Ok(v)
}

/// Passage clusters (passages reprinted by several articles), biggest first;
/// restricted to the clusters with an occurrence in `article` when given.
/// Each value is a [`crate::PassageClusterRow`] as JSON.
pub fn passage_clusters(store: &Store, article: Option<&str>, limit: usize, offset: usize) -> Result<Vec<Value>> {
    let sql = "SELECT data FROM passage_clusters
               WHERE (?1 IS NULL OR id IN (SELECT cluster FROM passage_occurrences WHERE article_id = ?1))
               ORDER BY articles DESC, id LIMIT ?2 OFFSET ?3";
    let mut st = store.conn().prepare(sql)?;
    let rows = st
        .query_map(params![article, limit as i64, offset as i64], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|s| parse_json("passage cluster", Some(s))).collect()
}

/// Outlets with how often each published an original, a copy or a rewrite.
pub fn outlets(store: &Store) -> Result<Vec<OutletStat>> {
    let mut st = store.conn().prepare(
        "SELECT coalesce(a.outlet, '(unknown)') AS o, count(*),
                sum(n.role = 'original'), sum(n.role = 'copy'), sum(n.role = 'rewrite')
         FROM articles a LEFT JOIN analysis n ON n.article_id = a.id
         GROUP BY o ORDER BY count(*) DESC, o",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(OutletStat {
                outlet: r.get(0)?,
                articles: r.get::<_, i64>(1)? as usize,
                originals: r.get::<_, Option<i64>>(2)?.unwrap_or(0) as usize,
                copies: r.get::<_, Option<i64>>(3)?.unwrap_or(0) as usize,
                rewrites: r.get::<_, Option<i64>>(4)?.unwrap_or(0) as usize,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both story lists must be index walks: a `USE TEMP B-TREE FOR ORDER BY`
    /// step would sort every story on every request (seconds at 100k stories).
    #[test]
    fn story_lists_walk_an_index() {
        let store = Store::open_in_memory().unwrap();
        for sort in [StorySort::Latest, StorySort::Biggest] {
            let sql = format!(
                "EXPLAIN QUERY PLAN SELECT {STORY_COLS} FROM stories ORDER BY {} LIMIT 50 OFFSET 0",
                order_by(sort)
            );
            let mut st = store.conn().prepare(&sql).unwrap();
            let plan: Vec<String> =
                st.query_map([], |r| r.get::<_, String>(3)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
            let plan = plan.join(" | ");
            assert!(!plan.contains("TEMP B-TREE"), "{sort:?} sorts: {plan}");
            assert!(plan.contains("stories_latest") || plan.contains("stories_biggest"), "{sort:?}: {plan}");
        }
    }
}
