//! # newsfold-store
//!
//! One SQLite file (bundled SQLite, WAL journal) holding the articles and every
//! analysis result. The schema is versioned with `PRAGMA user_version` and
//! migrated forward on open ([`migrations`]).
//!
//! Guarantees:
//! - **Idempotent ingest**: a record whose id is already stored with the same
//!   content hash is reported as [`Outcome::Known`] and changes nothing; the
//!   same content re-crawled under another id but with the same URL is also
//!   known. A re-run over the same inputs therefore writes nothing.
//! - **Crash safety**: writes go in transactions of a batch each; a process
//!   killed mid-ingest (even `kill -9`) loses at most the open batch and leaves
//!   a usable database (WAL with `synchronous=NORMAL`).
//! - **Search index in bulk**: inserting an article does not touch the
//!   full-text index (SQLite FTS5); [`Store::index_search`] indexes every
//!   article stored since its last run in one statement, which costs about
//!   half of indexing row by row in many small transactions (FTS5 merges
//!   fewer, larger segments). Ingest front ends call it when a run's batches
//!   are stored, and [`Store::search`] calls it first, so a search never
//!   misses a stored article, even one left by a crashed ingest.

mod migrations;

use std::path::Path;

use chrono::{DateTime, Utc};
use newsfold_core::Article;
use rayon::prelude::*;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

pub use migrations::SCHEMA_VERSION;

/// Errors from the store. Each names the database file or the record involved.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error(
        "database {path} has schema version {found}, newer than this newsfold supports ({supported}); upgrade newsfold"
    )]
    TooNew { path: String, found: i64, supported: i64 },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored record {id} is corrupt: {what}")]
    Corrupt { id: String, what: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What happened to one record on insert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stored for the first time.
    New,
    /// Already stored with the same content: nothing written.
    Known,
    /// Same id, different content: the stored record was replaced.
    Updated,
}

/// A stored article's listing row (no body text).
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRow {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub words: usize,
}

/// The embedded database.
pub struct Store {
    conn: Connection,
    path: String,
}

impl Store {
    /// Open (creating if needed) the database at `path` and migrate it to the current schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let p = path.as_ref().display().to_string();
        let conn = Connection::open(path.as_ref()).map_err(|source| StoreError::Open { path: p.clone(), source })?;
        Self::init(conn, p)
    }

    /// A private in-memory database (tests, stateless commands).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Self::init(conn, ":memory:".into())
    }

    fn init(conn: Connection, path: String) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // journal_mode returns a row; query it rather than execute.
        let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        // 64 MB of page cache (SQLite's default is 2 MB): an analysis of
        // 100k articles writes ~1M rows into tables and indexes keyed by text
        // ids, and with the default cache every insert missed on the index pages
        conn.execute_batch(
            "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;",
        )?;
        let mut s = Store { conn, path };
        migrations::migrate(&mut s.conn, &s.path)?;
        Ok(s)
    }

    /// The path this store was opened from.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Direct access for analysis layers that keep their own tables.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Mutable access (transactions) for analysis layers.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Insert a batch of articles in one transaction. `sources` (same length or
    /// empty) records where each came from. Returns one outcome per article.
    pub fn insert_batch(&mut self, articles: &[Article], sources: &[String]) -> Result<Vec<Outcome>> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(articles.len());
        {
            let mut by_id = tx.prepare_cached("SELECT content_hash FROM articles WHERE id = ?1")?;
            let mut by_url = tx.prepare_cached(
                "SELECT 1 FROM articles WHERE content_hash = ?1 AND url = ?2 AND url IS NOT NULL LIMIT 1",
            )?;
            let mut ins = tx.prepare_cached(
                "INSERT INTO articles (id, title, text, date, outlet, url, meta, content_hash, source, words, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT(id) DO UPDATE SET title=excluded.title, text=excluded.text, date=excluded.date,
                   outlet=excluded.outlet, url=excluded.url, meta=excluded.meta, content_hash=excluded.content_hash,
                   source=excluded.source, words=excluded.words, ingested_at=excluded.ingested_at",
            )?;
            let now = Utc::now().to_rfc3339();
            // each article's content hash and word count, on every core (they
            // fold and tokenise the whole text: most of a batch's CPU time)
            let prepared: Vec<(i64, i64)> = articles
                .par_iter()
                .map(|a| (a.content_hash() as i64, newsfold_core::tokenize(&a.text).len() as i64))
                .collect();
            for ((i, a), &(h, words)) in articles.iter().enumerate().zip(&prepared) {
                let existing: Option<i64> = by_id.query_row([&a.id], |r| r.get(0)).optional()?;
                let outcome = match existing {
                    Some(eh) if eh == h => Outcome::Known,
                    Some(_) => Outcome::Updated,
                    None => {
                        let dup_url = match a.url.as_deref() {
                            Some(u) => by_url.exists(params![h, u])?,
                            None => false,
                        };
                        if dup_url { Outcome::Known } else { Outcome::New }
                    }
                };
                if outcome != Outcome::Known {
                    let meta = if a.meta.is_empty() { None } else { serde_json::to_string(&a.meta).ok() };
                    ins.execute(params![
                        a.id,
                        a.title,
                        a.text,
                        a.date.map(|d| d.to_rfc3339()),
                        a.outlet,
                        a.url,
                        meta,
                        h,
                        sources.get(i),
                        words,
                        now
                    ])?;
                }
                out.push(outcome);
            }
        }
        tx.commit()?;
        Ok(out)
    }

    /// Number of stored articles.
    pub fn count(&self) -> Result<usize> {
        Ok(self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// One article by id.
    pub fn get(&self, id: &str) -> Result<Option<Article>> {
        let mut st = self.conn.prepare_cached(&format!("SELECT {ARTICLE_COLS} FROM articles WHERE id = ?1"))?;
        let row = st.query_row([id], row_to_article).optional()?;
        row.map(|r| r.into_article()).transpose()
    }

    /// Listing rows, newest first (undated last), paginated.
    pub fn list(&self, limit: usize, offset: usize) -> Result<Vec<ArticleRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, title, date, outlet, url, words FROM articles
             ORDER BY date IS NULL, date DESC, seq DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = st.query_map(params![limit as i64, offset as i64], |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                title: r.get(1)?,
                date: r.get::<_, Option<String>>(2)?.and_then(|d| newsfold_core::parse_date(&d)),
                outlet: r.get(3)?,
                url: r.get(4)?,
                words: r.get::<_, Option<i64>>(5)?.unwrap_or(0) as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Add every article stored since the last call to the full-text search
    /// index, in one transaction. Returns how many were indexed (0 when the
    /// index is current: a cheap check); logs how many and how long when any were.
    pub fn index_search(&self) -> Result<usize> {
        let t = std::time::Instant::now();
        let (indexed, max): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT indexed_seq FROM search_index WHERE id = 1), (SELECT coalesce(max(seq), 0) FROM articles)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if max <= indexed {
            return Ok(0);
        }
        // `unchecked_transaction`: callers hold `&Store` (search); a nested
        // transaction would be refused by SQLite rather than misbehave.
        let tx = self.conn.unchecked_transaction()?;
        // FTS5 buffers a transaction's new terms in a hash table and writes a
        // segment each time it exceeds `hashsize` (1 MiB by default); every
        // segment is then merged with others. A bulk fill at the default
        // writes thousands of small segments and spends much of its time
        // merging them: with 64 MiB, filling the index of 100k generated
        // articles takes 12.8 s instead of 19.8 alone (bench/fts_hashsize.py)
        // and 18.9 s instead of 27.0 in `newsfold run`, beside the analysis.
        // The setting is stored in the index's config table; it only bounds
        // the memory of one transaction's pending terms.
        tx.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', ?1)", [FTS_HASH_BYTES])?;
        let n = tx.execute(
            "INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, text FROM articles WHERE seq > ?1 AND seq <= ?2",
            params![indexed, max],
        )?;
        tx.execute("UPDATE search_index SET indexed_seq = ?1 WHERE id = 1", [max])?;
        tx.commit()?;
        tracing::info!(db = %self.path, indexed = n, seconds = t.elapsed().as_secs_f64(), "search index updated");
        Ok(n)
    }

    /// Full-text search over titles and text (SQLite FTS5, BM25 ranking). The
    /// query is split into words that must all occur (prefix match on the last
    /// one); FTS syntax characters in user input are neutralised. Articles not
    /// yet in the index are indexed first ([`Store::index_search`]); on a
    /// database this process cannot write, the search runs over what is indexed.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<ArticleRow>> {
        if let Err(e) = self.index_search() {
            tracing::warn!(db = %self.path, error = %e, "search index not brought up to date");
        }
        let terms: Vec<String> =
            query.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(|t| format!("\"{t}\"")).collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = terms.join(" ");
        q.push('*');
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.title, a.date, a.outlet, a.url, a.words FROM articles_fts f
             JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?2",
        )?;
        let rows = st.query_map(params![q, limit as i64], |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                title: r.get(1)?,
                date: r.get::<_, Option<String>>(2)?.and_then(|d| newsfold_core::parse_date(&d)),
                outlet: r.get(3)?,
                url: r.get(4)?,
                words: r.get::<_, Option<i64>>(5)?.unwrap_or(0) as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every stored article in insertion order (for whole-corpus analyses).
    pub fn all_articles(&self) -> Result<Vec<Article>> {
        let mut st = self.conn.prepare_cached(&format!("SELECT {ARTICLE_COLS} FROM articles ORDER BY seq"))?;
        let rows = st.query_map([], row_to_article)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r?.into_article()?);
        }
        Ok(out)
    }

    /// A second, read-only connection that sees the articles as they are now
    /// (it holds a read transaction, so later writes by anyone stay invisible
    /// to it), for analyses that re-read texts instead of keeping a whole
    /// corpus's text in memory. `None` for an in-memory store, which no
    /// second connection can open.
    pub fn snapshot_reader(&self) -> Result<Option<SnapshotReader>> {
        if self.path == ":memory:" {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            &self.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open { path: self.path.clone(), source })?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // a deferred transaction takes its snapshot at its first read
        conn.execute_batch("BEGIN; SELECT count(*) FROM articles;")?;
        Ok(Some(SnapshotReader { conn }))
    }

    /// Remove an article (and, through foreign keys, its analysis rows). Returns whether it existed.
    pub fn delete(&mut self, id: &str) -> Result<bool> {
        Ok(self.conn.execute("DELETE FROM articles WHERE id = ?1", [id])? > 0)
    }

    /// Read a persisted analysis state blob (e.g. a serialised index).
    pub fn get_state(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.conn.query_row("SELECT value FROM state WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Persist an analysis state blob.
    pub fn put_state(&mut self, key: &str, value: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

/// Bytes of pending full-text terms FTS5 buffers before writing a segment
/// (see [`Store::index_search`]).
const FTS_HASH_BYTES: i64 = 64 << 20;

/// A read-only view of the articles as they were when
/// [`Store::snapshot_reader`] opened it: every article's metadata with its
/// storage key, then texts read by key, all from one snapshot.
pub struct SnapshotReader {
    conn: Connection,
}

impl SnapshotReader {
    /// Every article in insertion order without its text (`text` left
    /// empty; SQLite does not even read it), with its key for
    /// [`SnapshotReader::texts`] and its text's length in bytes.
    pub fn articles_without_text(&self) -> Result<(Vec<Article>, Vec<i64>, Vec<usize>)> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, title, '', date, outlet, url, meta, seq, octet_length(text) FROM articles ORDER BY seq",
        )?;
        let mut rows = st.query([])?;
        let (mut out, mut keys, mut lens) = (Vec::new(), Vec::new(), Vec::new());
        while let Some(r) = rows.next()? {
            out.push(row_to_article(r)?.into_article()?);
            keys.push(r.get(7)?);
            lens.push(usize::try_from(r.get::<_, i64>(8)?).unwrap_or(0));
        }
        Ok((out, keys, lens))
    }

    /// The texts of the articles with these keys, in order. A key that names
    /// no article is an error (the snapshot cannot lose one). Runs of
    /// consecutive keys (a chunk of the corpus in order) are read with one
    /// range scan, the others one by one.
    pub fn texts(&self, keys: &[i64]) -> Result<Vec<String>> {
        let lost = |k: i64| StoreError::Corrupt {
            id: format!("#{k}"),
            what: "the article disappeared from the snapshot being analysed".into(),
        };
        let mut one = self.conn.prepare_cached("SELECT text FROM articles WHERE seq = ?1")?;
        let mut range =
            self.conn.prepare_cached("SELECT seq, text FROM articles WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq")?;
        let mut out = Vec::with_capacity(keys.len());
        let mut k = 0;
        while k < keys.len() {
            // keys[k..e] are consecutive integers
            let e = k + 1 + keys[k + 1..].iter().zip(&keys[k..]).take_while(|(b, a)| **b == **a + 1).count();
            if e - k >= 8 {
                let mut rows = range.query(params![keys[k], keys[e - 1]])?;
                let mut want = keys[k..e].iter();
                while let Some(r) = rows.next()? {
                    let seq: i64 = r.get(0)?;
                    match want.next() {
                        Some(&w) if w == seq => out.push(r.get(1)?),
                        Some(&w) => return Err(lost(w)),
                        None => break,
                    }
                }
                if let Some(&w) = want.next() {
                    return Err(lost(w));
                }
            } else {
                for &key in &keys[k..e] {
                    out.push(one.query_row([key], |r| r.get(0)).optional()?.ok_or_else(|| lost(key))?);
                }
            }
            k = e;
        }
        Ok(out)
    }
}

const ARTICLE_COLS: &str = "id, title, text, date, outlet, url, meta";

struct RawArticle {
    id: String,
    title: Option<String>,
    text: String,
    date: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    meta: Option<String>,
}

fn row_to_article(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawArticle> {
    Ok(RawArticle {
        id: r.get(0)?,
        title: r.get(1)?,
        text: r.get(2)?,
        date: r.get(3)?,
        outlet: r.get(4)?,
        url: r.get(5)?,
        meta: r.get(6)?,
    })
}

impl RawArticle {
    fn into_article(self) -> Result<Article> {
        let date =
            match self.date.as_deref() {
                None => None,
                Some(d) => Some(newsfold_core::parse_date(d).ok_or_else(|| StoreError::Corrupt {
                    id: self.id.clone(),
                    what: format!("unparseable date {d:?}"),
                })?),
            };
        let meta = match self.meta.as_deref() {
            None => serde_json::Map::new(),
            Some(m) => serde_json::from_str(m).map_err(|e| StoreError::Corrupt {
                id: self.id.clone(),
                what: format!("meta is not a JSON object: {e}"),
            })?,
        };
        Ok(Article { id: self.id, title: self.title, text: self.text, date, outlet: self.outlet, url: self.url, meta })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            title: Some(format!("Title {id}")),
            text: text.into(),
            date: newsfold_core::parse_date("2026-03-14T08:10:00Z"),
            outlet: Some("Harbour Wire".into()),
            url: Some(format!("https://harbourwire.example/{id}")),
            meta: Default::default(),
        }
    }

    #[test]
    fn a_snapshot_reader_sees_the_articles_as_they_were() {
        assert!(Store::open_in_memory().unwrap().snapshot_reader().unwrap().is_none());
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path().join("s.db")).unwrap();
        s.insert_batch(&[art("a", "Gulls over the quay."), art("b", "The tide turned at six.")], &[]).unwrap();
        let r = s.snapshot_reader().unwrap().unwrap();
        // written after the snapshot: invisible to it
        s.insert_batch(&[art("c", "A new arrival.")], &[]).unwrap();
        s.delete("a").unwrap();
        let (arts, keys, lens) = r.articles_without_text().unwrap();
        assert_eq!(arts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(arts[1], art("b", ""), "everything but the text");
        assert_eq!(lens, ["Gulls over the quay.".len(), "The tide turned at six.".len()]);
        assert_eq!(r.texts(&[keys[1], keys[0]]).unwrap(), ["The tide turned at six.", "Gulls over the quay."]);
        let err = r.texts(&[keys[0], 424_242]).unwrap_err().to_string();
        assert!(err.contains("#424242") && err.contains("disappeared"), "{err}");
    }

    #[test]
    fn insert_is_idempotent_and_updates_changed_content() {
        let mut s = Store::open_in_memory().unwrap();
        let a = vec![art("a", "The ferry left at dawn."), art("b", "Council votes on budget.")];
        assert_eq!(s.insert_batch(&a, &[]).unwrap(), vec![Outcome::New, Outcome::New]);
        assert_eq!(s.insert_batch(&a, &[]).unwrap(), vec![Outcome::Known, Outcome::Known]);
        let changed = vec![art("a", "The ferry left at noon.")];
        assert_eq!(s.insert_batch(&changed, &[]).unwrap(), vec![Outcome::Updated]);
        assert_eq!(s.count().unwrap(), 2);
        let got = s.get("a").unwrap().unwrap();
        assert_eq!(got.text, "The ferry left at noon.");
        assert_eq!(got.date, a[0].date);
    }

    #[test]
    fn recrawl_under_new_id_with_same_url_is_known() {
        let mut s = Store::open_in_memory().unwrap();
        let a = art("urn:1", "Same body.");
        s.insert_batch(std::slice::from_ref(&a), &[]).unwrap();
        let mut b = a.clone();
        b.id = "urn:2".into();
        assert_eq!(s.insert_batch(&[b.clone()], &[]).unwrap(), vec![Outcome::Known]);
        // a syndicated copy on another URL is a new article (dedup finds it)
        b.url = Some("https://other.example/x".into());
        assert_eq!(s.insert_batch(&[b], &[]).unwrap(), vec![Outcome::New]);
    }

    #[test]
    fn reopen_keeps_data_and_schema() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("n.db");
        {
            let mut s = Store::open(&p).unwrap();
            s.insert_batch(&[art("x", "Body")], &["file.txt".into()]).unwrap();
            s.put_state("k", b"v").unwrap();
        }
        let s = Store::open(&p).unwrap();
        assert_eq!(s.count().unwrap(), 1);
        assert_eq!(s.get_state("k").unwrap().as_deref(), Some(&b"v"[..]));
        assert_eq!(s.list(10, 0).unwrap()[0].id, "x");
        assert!(s.get("missing").unwrap().is_none());
    }

    #[test]
    fn full_text_search_ranks_and_survives_syntax() {
        let mut s = Store::open_in_memory().unwrap();
        s.insert_batch(&[art("f", "The ferry collided with a trawler."), art("c", "Council passes budget.")], &[])
            .unwrap();
        let hits = s.search("ferry trawl", 10).unwrap();
        assert_eq!(hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["f"]);
        assert!(s.search("\"unbalanced AND (", 10).is_ok());
        assert!(s.search("   ", 10).unwrap().is_empty());
        // updates and deletes keep the index in sync
        s.insert_batch(&[art("f", "Nothing maritime here.")], &[]).unwrap();
        assert!(s.search("ferry", 10).unwrap().is_empty());
        assert!(s.delete("c").unwrap());
        assert!(s.search("budget", 10).unwrap().is_empty());
    }

    #[test]
    fn search_index_is_filled_in_bulk_and_stays_consistent() {
        let mut s = Store::open_in_memory().unwrap();
        let raw = |s: &Store, q: &str| -> i64 {
            s.conn()
                .query_row("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1", [q], |r| r.get(0))
                .unwrap()
        };
        let check = |s: &Store| {
            s.conn().execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)", []).unwrap();
        };
        s.insert_batch(
            &[art("f", "The ferry collided with a trawler."), art("g", "Gale warning on the ferry route.")],
            &[],
        )
        .unwrap();
        // inserting does not index
        assert_eq!(raw(&s, "ferry"), 0);
        // an unindexed row changed and another deleted: nothing to undo in the index
        s.insert_batch(&[art("f", "The pilot boat collided with a trawler.")], &[]).unwrap();
        assert!(s.delete("g").unwrap());
        assert_eq!(s.index_search().unwrap(), 1);
        assert_eq!(s.index_search().unwrap(), 0, "current index: nothing to do");
        let hash: i64 =
            s.conn().query_row("SELECT v FROM articles_fts_config WHERE k = 'hashsize'", [], |r| r.get(0)).unwrap();
        assert_eq!(hash, FTS_HASH_BYTES, "bulk fills buffer their terms in a large hash");
        assert_eq!((raw(&s, "ferry"), raw(&s, "pilot")), (0, 1));
        check(&s);
        // indexed rows are kept in step by the triggers
        s.insert_batch(&[art("f", "Harbour closed for the storm.")], &[]).unwrap();
        assert_eq!((raw(&s, "pilot"), raw(&s, "harbour")), (0, 1));
        check(&s);
        // search itself indexes what an ingest (or a crashed one) left behind
        s.insert_batch(&[art("h", "Lighthouse keeper retires after forty years.")], &[]).unwrap();
        assert_eq!(s.search("lighthouse", 5).unwrap().len(), 1);
        assert!(s.delete("h").unwrap());
        assert!(s.search("lighthouse", 5).unwrap().is_empty());
        check(&s);
    }

    #[test]
    fn rejects_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("n.db");
        {
            let c = Connection::open(&p).unwrap();
            c.execute_batch("PRAGMA user_version = 999").unwrap();
        }
        let e = Store::open(&p).err().unwrap();
        assert!(e.to_string().contains("newer than this newsfold supports"), "{e}");
    }
}
