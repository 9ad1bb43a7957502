//! The page cache of story answers (`GET /stories/{id}`, `GET /api/stories/{id}`):
//! never stale after a write (a POST, a background analysis commit), bounded,
//! conditional GETs; plus response compression and static asset caching.

mod common;

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use newsfold_server::{AppState, ServeOptions, router};
use serde_json::{Value, json};

/// Poll `/api/status` until no analysis is pending (or fail after a minute).
async fn wait_for_analysis(app: &Router) -> Value {
    let started = Instant::now();
    loop {
        let v = get(app, "/api/status").await.json();
        if v["analysis_pending"] == false && v["analysis_runs"].as_u64().unwrap_or(0) > 0 {
            return v;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "background analysis never finished: {v}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What a server with no cache answers now (a fresh state on the same file).
async fn fresh(opts: &ServeOptions, uri: &str) -> String {
    let mut opts = opts.clone();
    opts.page_cache_entries = 0;
    let r = get(&router(AppState::open(&opts).unwrap()), uri).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

async fn get_with(app: &Router, uri: &str, header: &str, value: &str) -> Resp {
    send(app, Request::get(uri).header(header, value).body(Body::empty()).unwrap()).await
}

/// A GET with `Accept-Encoding`, its body as raw bytes (compressed bodies are not UTF-8).
async fn get_raw(app: &Router, uri: &str, accept: &str) -> (axum::http::HeaderMap, Vec<u8>) {
    use tower::ServiceExt;
    let req = Request::get(uri).header("accept-encoding", accept).body(Body::empty()).unwrap();
    let r = app.clone().oneshot(req).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let headers = r.headers().clone();
    (headers, axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec())
}

#[tokio::test]
async fn cached_story_answers_follow_posts_and_background_analyses() {
    let (_d, db) = analysed_db();
    let opts = options(&db, Some(TOKEN), true);
    let state = AppState::open(&opts).unwrap();
    let app = router(state.clone());
    let story = get(&app, "/api/articles/harbour-1").await.json()["story"].as_str().unwrap().to_string();
    let (page, api) = (format!("/stories/{story}"), format!("/api/stories/{story}"));

    let p1 = get(&app, &page).await;
    assert_eq!(p1.status, StatusCode::OK);
    assert!(!p1.body.contains("quay-copy"));
    let j1 = get(&app, &api).await;
    assert_eq!(j1.status, StatusCode::OK);
    let before = state.cache_stats();
    assert_eq!(before.entries, 2, "{before:?}");

    // the second request is a hit with the same body and ETag
    let p2 = get(&app, &page).await;
    assert_eq!(p2.body, p1.body);
    assert_eq!(p2.headers["etag"], p1.headers["etag"]);
    assert_eq!(get(&app, &api).await.body, j1.body);
    assert_eq!(state.cache_stats().hits, before.hits + 2);
    // a client holding the ETag gets 304 with no body
    let etag = p1.headers["etag"].to_str().unwrap().to_string();
    let r = get_with(&app, &page, "if-none-match", &etag).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert!(r.body.is_empty());
    let r = get_with(&app, &api, "if-none-match", j1.headers["etag"].to_str().unwrap()).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);

    // a POST adds an exact copy to the story: the cached answers are dropped
    let body = json!({"id": "quay-copy", "title": "Ferry hits trawler near Kells Point",
        "text": ORIGINAL, "date": "2026-03-14T13:00:00Z", "outlet": "Quayside Gazette"});
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["results"][0]["story"], story.as_str());
    let after_post = state.cache_stats();
    assert!(after_post.generation > before.generation, "{after_post:?}");
    let p3 = get(&app, &page).await;
    // the live path counted the new article into the story at once
    let n = j1.json()["articles"].as_u64().unwrap();
    assert!(p1.body.contains(&format!("<p class=\"meta\">{n} articles")), "{n} articles before");
    assert!(p3.body.contains(&format!("<p class=\"meta\">{} articles", n + 1)), "the live row shows at once");
    assert_ne!(p3.headers["etag"], p1.headers["etag"]);
    assert_eq!(get_with(&app, &page, "if-none-match", &etag).await.status, StatusCode::OK, "old ETag: full answer");
    let j3 = get(&app, &api).await.json();
    let ids: Vec<&str> = j3["article_list"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"quay-copy"), "{ids:?}");
    let analysed_before_page = get(&app, "/api/status").await.json()["analysis_runs"] == 0;

    // the background analysis commits: a newer generation, and the answers
    // are exactly what an uncached server renders from the analysed rows
    wait_for_analysis(&app).await;
    let after_analysis = state.cache_stats();
    assert!(after_analysis.generation > after_post.generation, "the commit bumped it: {after_analysis:?}");
    let j4 = get(&app, &api).await;
    let v4 = j4.json();
    let members: Vec<&str> = v4["detail"]["families"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()))
        .collect();
    assert!(members.contains(&"quay-copy"), "the full analysis put the copy in a family: {members:?}");
    assert_eq!(v4, serde_json::from_str::<Value>(&fresh(&opts, &api).await).unwrap());
    let p4 = get(&app, &page).await;
    assert_eq!(p4.body, fresh(&opts, &page).await, "the page is not the one cached before the commit");
    // the copy graph (from the analysed families) now has the copy's node
    assert!(p4.body.contains("data-article=\"quay-copy\"><title>"), "copy graph node");
    if analysed_before_page {
        // p3 was rendered and cached before the commit, from the live rows only
        assert_ne!(p3.body, p4.body);
    }
    // and it is cached again
    let hits = state.cache_stats().hits;
    assert_eq!(get(&app, &page).await.body, p4.body);
    assert_eq!(state.cache_stats().hits, hits + 1);
}

#[tokio::test]
async fn the_cache_is_bounded_by_entries_and_bytes() {
    let (_d, db) = analysed_db();
    let mut opts = options(&db, Some(TOKEN), true);
    opts.page_cache_entries = 2;
    let state = AppState::open(&opts).unwrap();
    let app = router(state.clone());
    let list = get(&app, "/api/stories?limit=100").await.json();
    let stories: Vec<(String, String)> = list["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s["title"].as_str().unwrap().to_string()))
        .collect();
    assert!(stories.len() >= 2, "{list}");
    // two rounds over every story page and JSON answer: 4+ keys through 2 slots
    for _ in 0..2 {
        for (id, title) in &stories {
            let p = get(&app, &format!("/stories/{id}")).await;
            assert_eq!(p.status, StatusCode::OK);
            assert!(p.body.contains(&newsfold_server_esc(title)), "{title} on its page");
            let j = get(&app, &format!("/api/stories/{id}")).await.json();
            assert_eq!(j["id"], id.as_str());
            let s = state.cache_stats();
            assert!(s.entries <= 2, "{s:?}");
        }
    }
    let s = state.cache_stats();
    assert_eq!(s.entries, 2);
    assert!(s.evictions >= 2 * stories.len() as u64 * 2 - 2, "{s:?}");
    // an unknown story is a 404 and is not cached
    assert_eq!(get(&app, "/stories/no-such-story").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/api/stories/no-such-story").await.status, StatusCode::NOT_FOUND);
    assert_eq!(state.cache_stats().entries, 2);
    // the status endpoint reports the counters
    let st = get(&app, "/api/status").await.json();
    assert_eq!(st["page_cache"]["max_entries"], 2);
    assert_eq!(st["page_cache"]["entries"], 2);

    // a byte bound smaller than any page: nothing is kept, every page still served
    let mut opts = options(&db, Some(TOKEN), true);
    opts.page_cache_bytes = 64;
    let state = AppState::open(&opts).unwrap();
    let app = router(state.clone());
    for (id, _) in &stories {
        assert_eq!(get(&app, &format!("/stories/{id}")).await.status, StatusCode::OK);
        assert_eq!(get(&app, &format!("/stories/{id}")).await.status, StatusCode::OK);
    }
    let s = state.cache_stats();
    assert_eq!((s.entries, s.bytes, s.hits), (0, 0, 0), "{s:?}");
}

/// The UI's escaping of a title (as `html::esc` writes it).
fn newsfold_server_esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[tokio::test]
async fn answers_are_compressed_when_the_client_accepts_it() {
    let (_d, app) = public_app();
    let page = format!("/stories/{STORY}");
    let plain = get(&app, &page).await;
    assert!(plain.headers.get("content-encoding").is_none());
    for (accept, enc) in [("gzip", "gzip"), ("br", "br"), ("gzip, deflate, br", "br")] {
        let (h, body) = get_raw(&app, &page, accept).await;
        assert_eq!(h["content-encoding"], enc, "{accept}");
        assert!(!body.is_empty());
        assert!(body.len() < plain.body.len() / 2, "{accept}: compressed {} < {}", body.len(), plain.body.len());
        assert_eq!(h["etag"], plain.headers["etag"], "a weak ETag, the same for every encoding");
    }
    let (h, _) = get_raw(&app, "/api/stories?limit=50", "gzip").await;
    assert_eq!(h["content-encoding"], "gzip");
    // the JSON of a cached story answer is compressed too
    let (h, _) = get_raw(&app, &format!("/api/stories/{STORY}"), "gzip").await;
    assert_eq!(h["content-encoding"], "gzip");
    assert!(h["etag"].to_str().unwrap().starts_with("W/\""));
}

#[tokio::test]
async fn static_assets_have_versioned_urls_etags_and_cache_control() {
    let (_d, app) = public_app();
    let front = get(&app, "/").await.body;
    for (path, ctype) in [("/assets/style.css", "text/css"), ("/assets/app.js", "text/javascript")] {
        // the page links the versioned URL
        let at = front.find(&format!("{path}?v=")).unwrap_or_else(|| panic!("{path} not versioned in {front}"));
        let href: String = front[at..].chars().take_while(|c| *c != '"').collect();
        let r = get(&app, &href).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers["content-type"].to_str().unwrap().starts_with(ctype));
        assert_eq!(r.headers["cache-control"], "public, max-age=31536000, immutable");
        let etag = r.headers["etag"].to_str().unwrap().to_string();
        let hex: String = etag.chars().filter(char::is_ascii_hexdigit).take(12).collect();
        assert!(href.ends_with(&format!("?v={hex}")), "{href} names its content {etag}");
        // the bare URL: the same body, cached an hour
        let bare = get(&app, path).await;
        assert_eq!(bare.body, r.body);
        assert_eq!(bare.headers["cache-control"], "public, max-age=3600");
        assert_eq!(bare.headers["etag"].to_str().unwrap(), etag);
        // revalidation
        let r = get_with(&app, path, "if-none-match", &etag).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED);
        assert!(r.body.is_empty());
        assert_eq!(get_with(&app, path, "if-none-match", "\"stale\"").await.status, StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_misses_get_the_same_answer_and_one_entry() {
    let (_d, db) = fixture_db();
    let state = AppState::open(&options(&db, Some(TOKEN), true)).unwrap();
    let app = router(state.clone());
    let page = format!("/stories/{STORY}");
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (app, page) = (app.clone(), page.clone());
        tasks.push(tokio::spawn(async move { get(&app, &page).await }));
    }
    let mut bodies = Vec::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, StatusCode::OK);
        bodies.push(r.body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "every request got the same page");
    let s = state.cache_stats();
    assert_eq!(s.entries, 1, "{s:?}");
    // every request was either a hit or a miss (waiters that found the first render count both)
    assert!(s.hits + s.misses >= 16, "{s:?}");
    assert!(s.misses >= 1 && s.hits >= 1, "{s:?}");
}
