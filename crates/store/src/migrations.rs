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
