//! Shared fixtures: a temp database of invented articles (an original, a
//! syndicated copy, a reworded rewrite with one altered word in a quote, and
//! an unrelated article whose title holds markup), plus the full analysis
//! shapes the engine will produce (injected here so that the UI and API can
//! be tested on them before every analysis stage is wired in).
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use newsfold_core::{Article, parse_date};
use newsfold_server::{AppState, ServeOptions, router};
use newsfold_store::Store;
use serde_json::{Value, json};
use tower::ServiceExt;

pub const TOKEN: &str = "t0ken-test_42";
pub const STORY: &str = "story-ferry";

pub const ORIGINAL: &str = "A passenger ferry struck a fishing trawler off Kells Point on Saturday morning, the coastguard said.\n\
Three crew members were rescued from the water — all were taken to Westhaven General with minor injuries.\n\
Harbourmaster Aoife Brennan said: \"We will not reopen the channel until every vessel is accounted for.\"\n\
The MV Corran Star was carrying 212 passengers. None were hurt.";

pub const REWRITE: &str = "Four fishermen were pulled from the sea after their trawler collided with the Corran Star ferry near Kells Point.\n\
\"We will not reopen the channel until every boat is accounted for,\" harbourmaster Aoife Brennan told reporters.\n\
Passengers on the ferry, about 210 of them, were unharmed, according to the operator.";

pub const XSS_TITLE: &str = "<script>alert(\"x\")</script> Council & \"budget\" row";

fn art(id: &str, title: &str, text: &str, date: &str, outlet: &str) -> Article {
    Article {
        id: id.into(),
        title: Some(title.into()),
        text: text.into(),
        date: parse_date(date),
        outlet: Some(outlet.into()),
        url: Some(format!("https://{}.example/{id}", outlet.to_lowercase().replace(' ', ""))),
        meta: Default::default(),
    }
}

pub fn copy_text() -> String {
    format!("{ORIGINAL}\nSign up for the Coastline Daily newsletter.")
}

pub fn articles() -> Vec<Article> {
    vec![
        art("harbour-1", "Ferry strikes trawler off Kells Point", ORIGINAL, "2026-03-14T08:10:00Z", "Harbour Wire"),
        art(
            "coast-2",
            "Ferry strikes trawler off Kells Point",
            &copy_text(),
            "2026-03-14T09:05:00Z",
            "Coastline Daily",
        ),
        art("bay-3", "Four rescued as trawler and ferry collide", REWRITE, "2026-03-14T11:40:00Z", "Bay Chronicle"),
        art(
            "council-9",
            XSS_TITLE,
            "The council delayed its budget vote again on Friday.",
            "2026-03-13T17:00:00Z",
            "Westhaven Post",
        ),
    ]
}

/// Char offset of `needle` in `hay`.
pub fn char_pos(hay: &str, needle: &str) -> usize {
    let b = hay.find(needle).expect("needle present");
    hay[..b].chars().count()
}

/// Overwrite the analysis tables with the full shapes for the ferry story.
pub fn inject_analysis(store: &Store) {
    let c = store.conn();
    c.execute_batch("DELETE FROM stories WHERE id IN (SELECT story FROM analysis WHERE article_id IN ('harbour-1','coast-2','bay-3'))")
        .unwrap();
    let roles = [("harbour-1", "original"), ("coast-2", "copy"), ("bay-3", "rewrite")];
    for (id, role) in roles {
        c.execute(
            "UPDATE analysis SET story = ?1, role = ?2, dup_cluster = CASE WHEN ?3 IN ('harbour-1','coast-2') THEN 'd1' END, family = 'f1' WHERE article_id = ?3",
            [STORY, role, id],
        )
        .unwrap();
    }
    let q_orig = "We will not reopen the channel until every vessel is accounted for.";
    let q_rew = "We will not reopen the channel until every boat is accounted for,";
    let detail = json!({
        "families": [{"id": "f1", "original": "harbour-1", "members": ["harbour-1", "coast-2", "bay-3"],
            "edges": [
                {"source": "harbour-1", "copy": "coast-2", "confidence": 0.97, "basis": ["verbatim text", "later date"]},
                {"source": "harbour-1", "copy": "bay-3", "confidence": 0.71, "basis": ["shared quote", "paraphrase"]}
            ]}],
        "quotes": [],
        "disagreements": [{"about": "crew rescued", "entity": "trawler crew", "attribute": "rescued",
            "values": [{"value": "3", "articles": ["harbour-1", "coast-2"], "outlets": ["Harbour Wire", "Coastline Daily"]},
                       {"value": "4", "articles": ["bay-3"], "outlets": ["Bay Chronicle"]}],
            "confidence": 0.82, "note": "Bay Chronicle reports four rescued; the wire says three."}],
        "digest": {"headline": "Ferry and trawler collide off Kells Point; crew rescued",
            "summary": [{"text": "A ferry carrying about 210 passengers struck a trawler near Kells Point.", "supporting_articles": ["harbour-1", "bay-3"]},
                        {"text": "Outlets disagree on how many crew were rescued (three or four).", "supporting_articles": ["harbour-1", "bay-3"]}],
            "timeline": [
                {"date": "2026-03-14T08:10:00Z", "article": "harbour-1", "outlet": "Harbour Wire", "title": "Ferry strikes trawler off Kells Point", "kind": "original"},
                {"date": "2026-03-14T09:05:00Z", "article": "coast-2", "outlet": "Coastline Daily", "title": "Ferry strikes trawler off Kells Point", "kind": "copy"},
                {"date": "2026-03-14T11:40:00Z", "article": "bay-3", "outlet": "Bay Chronicle", "title": "Four rescued as trawler and ferry collide", "kind": "rewrite"}],
            "sources": [{"article": "harbour-1", "outlet": "Harbour Wire", "role": "original"}],
            "key_quotes": [{"text": q_orig, "speaker": "Aoife Brennan", "articles": ["harbour-1", "coast-2", "bay-3"]}]}
    });
    let summary = json!({"key_terms": ["ferry", "trawler", "Kells Point"], "entities": ["Aoife Brennan", "MV Corran Star"], "related": []});
    c.execute(
        "INSERT INTO stories (id, title, articles, outlets, first, last, summary, detail) VALUES (?1, ?2, 3, 3, ?3, ?4, ?5, ?6)",
        [STORY, "Ferry strikes trawler off Kells Point", "2026-03-14T08:10:00+00:00", "2026-03-14T11:40:00+00:00",
         &summary.to_string(), &detail.to_string()],
    )
    .unwrap();
    let cluster = json!({"id": "q1", "canonical": q_orig, "speaker": "Aoife Brennan",
        "first": {"article": "harbour-1", "date": "2026-03-14T08:10:00Z"},
        "occurrences": [
            {"article": "harbour-1", "outlet": "Harbour Wire", "date": "2026-03-14T08:10:00Z", "text": q_orig, "speaker": "Aoife Brennan"},
            {"article": "coast-2", "outlet": "Coastline Daily", "date": "2026-03-14T09:05:00Z", "text": q_orig, "speaker": "Aoife Brennan"},
            {"article": "bay-3", "outlet": "Bay Chronicle", "date": "2026-03-14T11:40:00Z", "text": q_rew, "speaker": "Aoife Brennan"}],
        "mutations": [{"article": "bay-3", "ops": [
            {"op": "eq", "from": "We will not reopen the channel until every", "to": "We will not reopen the channel until every"},
            {"op": "sub", "from": "vessel", "to": "boat"},
            {"op": "eq", "a": "is accounted for", "b": "is accounted for"}]}]});
    c.execute(
        "INSERT INTO quote_clusters (id, story, canonical, speaker, occurrences, data) VALUES ('q1', ?1, ?2, 'Aoife Brennan', 3, ?3)",
        [STORY, q_orig, &cluster.to_string()],
    )
    .unwrap();
    // copy pair: a = coast-2 < b = harbour-1; the whole original is inside the copy.
    let n = ORIGINAL.chars().count();
    let copy_pass = json!([{"a_start": 0, "a_end": n, "b_start": 0, "b_end": n, "ops": [{"op": "eq", "a": ORIGINAL, "b": ORIGINAL}]}]);
    c.execute(
        "INSERT OR REPLACE INTO pairs (a, b, relation, jaccard, containment, passages) VALUES ('coast-2', 'harbour-1', 'near_duplicate', 0.93, 1.0, ?1)",
        [copy_pass.to_string()],
    )
    .unwrap();
    // rewrite pair: a = bay-3 < b = harbour-1; the quote is the shared passage.
    let (ra, rb) = (char_pos(REWRITE, "We will not"), char_pos(ORIGINAL, "We will not"));
    let rew_pass = json!([{"a_start": ra, "a_end": ra + q_rew.chars().count(), "b_start": rb, "b_end": rb + q_orig.chars().count(),
        "ops": [{"op": "eq", "a": "We will not reopen the channel until every", "b": "We will not reopen the channel until every"},
                {"op": "sub", "a": "boat", "b": "vessel"},
                {"op": "eq", "a": "is accounted for,", "b": "is accounted for."}]}]);
    c.execute(
        "INSERT OR REPLACE INTO pairs (a, b, relation, jaccard, containment, passages) VALUES ('bay-3', 'harbour-1', 'rewrite', 0.21, 0.34, ?1)",
        [rew_pass.to_string()],
    )
    .unwrap();
}

/// A temp database with the fixture, analysed and injected.
pub fn fixture_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsfold.db");
    let mut store = Store::open(&db).unwrap();
    newsfold_engine::ingest_articles(&mut store, articles()).unwrap();
    inject_analysis(&store);
    (dir, db)
}

pub fn options(db: &std::path::Path, token: Option<&str>, public: bool) -> ServeOptions {
    ServeOptions {
        db: db.to_path_buf(),
        addr: "127.0.0.1:0".parse().unwrap(),
        token: token.map(str::to_string),
        public,
        max_body_bytes: newsfold_server::DEFAULT_MAX_BODY_BYTES,
        request_timeout: Duration::from_secs(30),
        page_cache_entries: newsfold_server::DEFAULT_PAGE_CACHE_ENTRIES,
        page_cache_bytes: newsfold_server::DEFAULT_PAGE_CACHE_BYTES,
    }
}

pub fn app(opts: &ServeOptions) -> Router {
    router(AppState::open(opts).unwrap())
}

/// A public app with a token (writes allowed with it).
pub fn public_app() -> (tempfile::TempDir, Router) {
    let (dir, db) = fixture_db();
    (dir, app(&options(&db, Some(TOKEN), true)))
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Resp {
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let bytes = axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap();
    Resp { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

pub async fn get(app: &Router, uri: &str) -> Resp {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub async fn post(app: &Router, uri: &str, ctype: &str, token: Option<&str>, body: impl Into<Body>) -> Resp {
    let mut b = Request::post(uri).header("content-type", ctype);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    send(app, b.body(body.into()).unwrap()).await
}

/// A temp database with the fixture articles analysed by the real engine
/// (no injected shapes): stored ids are what `newsfold run` computes.
pub fn analysed_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsfold.db");
    let mut store = Store::open(&db).unwrap();
    store.insert_batch(&articles(), &[]).unwrap();
    newsfold_engine::analyze(&mut store).unwrap();
    (dir, db)
}
