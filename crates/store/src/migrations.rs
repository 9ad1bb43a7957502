//! Versioned schema migrations, applied in order on open.
//!
//! To change the schema: append a new entry to [`MIGRATIONS`] (never edit a
//! released one). `PRAGMA user_version` records how many have been applied.

use rusqlite::Connection;

use crate::{Result, StoreError};

const MIGRATIONS: &[&str] = &[
    // 1: articles and analysis state
    "CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        title TEXT,
        text TEXT NOT NULL,
        date TEXT,
        outlet TEXT,
        url TEXT,
        meta TEXT,
        content_hash INTEGER NOT NULL,
        source TEXT,
        words INTEGER,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_date ON articles(date);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE state (key TEXT PRIMARY KEY, value BLOB NOT NULL);",
    // 2: analysis results (written by newsfold-engine) and full-text search
    "CREATE TABLE analysis (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story TEXT,
        dup_cluster TEXT,
        family TEXT,
        role TEXT,
        quotes TEXT,
        facts TEXT
    );
    CREATE INDEX analysis_story ON analysis(story);
    CREATE INDEX analysis_dup ON analysis(dup_cluster);
    CREATE TABLE pairs (
        a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        relation TEXT NOT NULL,
        jaccard REAL,
        containment REAL,
        passages TEXT,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX pairs_b ON pairs(b);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        articles INTEGER NOT NULL,
        outlets INTEGER NOT NULL,
        first TEXT,
        last TEXT,
        summary TEXT NOT NULL,
        detail TEXT
    );
    CREATE INDEX stories_last ON stories(last);
    CREATE TABLE quote_clusters (
        id TEXT PRIMARY KEY,
        story TEXT,
        canonical TEXT NOT NULL,
        speaker TEXT,
        occurrences INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX quote_clusters_story ON quote_clusters(story);
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq');
    INSERT INTO articles_fts(rowid, title, text) SELECT seq, title, text FROM articles;
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
      INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
      INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
      INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
      INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;",
    // 3: story lists ("latest" and "biggest") walk an index instead of sorting
    // every story on each request. The expressions must match the ORDER BY of
    // newsfold-engine's `read::stories` exactly for SQLite to use them.
    "CREATE INDEX stories_latest ON stories(last IS NULL, last DESC, articles DESC, id);
    CREATE INDEX stories_biggest ON stories(articles DESC, outlets DESC, last DESC, id);",
    // 4: passage clusters (a passage reprinted by many articles: one cluster,
    // every occurrence), written by newsfold-engine; offsets are chars.
    "CREATE TABLE passage_clusters (
        id TEXT PRIMARY KEY,
        articles INTEGER NOT NULL,
        outlets INTEGER NOT NULL,
        text TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX passage_clusters_size ON passage_clusters(articles DESC, id);
    CREATE TABLE passage_occurrences (
        cluster TEXT NOT NULL REFERENCES passage_clusters(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        PRIMARY KEY (cluster, article_id, start_char)
    );
    CREATE INDEX passage_occurrences_article ON passage_occurrences(article_id);",
    // 5: the search index is filled in bulk after an ingest (Store::index_search)
    // instead of by a trigger per inserted row: articles with `seq` above
    // `search_index.indexed_seq` are not indexed yet (seq is AUTOINCREMENT, so
    // it never goes back). Triggers keep already-indexed rows in step.
    "DROP TRIGGER articles_ai;
    DROP TRIGGER articles_ad;
    DROP TRIGGER articles_au;
    CREATE TABLE search_index (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_seq INTEGER NOT NULL);
    INSERT INTO search_index (id, indexed_seq) SELECT 1, coalesce(max(seq), 0) FROM articles;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles
      WHEN old.seq <= (SELECT indexed_seq FROM search_index WHERE id = 1) BEGIN
      INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE ON articles
      WHEN old.seq <= (SELECT indexed_seq FROM search_index WHERE id = 1) BEGIN
      INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
      INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;",
    // 6: compact JSON in `pairs.passages` (an `eq` op with identical texts
    // keeps only `a`) and `quote_clusters.data` (the canonical wording only in
    // the `canonical` column), written by newsfold-engine, whose readers
    // restore the full JSON and read rows of either form. No table changes:
    // the version tells builds that predate the compact forms to refuse the
    // store instead of serving its rows incomplete.
    "UPDATE search_index SET indexed_seq = indexed_seq WHERE 0;",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_string(), found: current, supported: SCHEMA_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
    }
    Ok(())
}
