//! A digest of everything the read model answers from a store: every
//! article's related pairs (with their passages), every quote cluster and
//! every multi-article story's detail, as the CLI and server return them.
//! Two stores with the same digests serve the same answers, whatever their
//! stored forms: run it on a store written by the old and by the new build
//! after changing how rows are stored.
//!
//! `cargo run --release -p newsfold-engine --example read_digest -- STORE.db`
use std::hash::Hasher;

use anyhow::Context;

fn main() -> anyhow::Result<()> {
    let db = std::env::args().nth(1).context("usage: read_digest STORE.db")?;
    let store = newsfold_store::Store::open(&db).with_context(|| format!("opening {db}"))?;
    let ids = column(&store, "SELECT id FROM articles ORDER BY seq")?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut n_rel = 0usize;
    for id in &ids {
        let r = newsfold_engine::read::related(&store, id)?;
        n_rel += r.len();
        h.write(serde_json::to_string(&r)?.as_bytes());
    }
    println!("related {n_rel} {:016x}", h.finish());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let q = newsfold_engine::read::quote_clusters(&store, None, i64::MAX as usize, 0)?;
    for v in &q {
        h.write(serde_json::to_string(v)?.as_bytes());
    }
    println!("quote_clusters {} {:016x}", q.len(), h.finish());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let stories = column(&store, "SELECT id FROM stories WHERE articles >= 2 ORDER BY id")?;
    for s in &stories {
        h.write(serde_json::to_string(&newsfold_engine::read::story(&store, s)?)?.as_bytes());
    }
    println!("stories {} {:016x}", stories.len(), h.finish());
    Ok(())
}

fn column(store: &newsfold_store::Store, sql: &str) -> anyhow::Result<Vec<String>> {
    let mut st = store.conn().prepare(sql)?;
    Ok(st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)
}
