//! Live ingestion: `POST /api/articles` answers with duplicates, story,
//! quotes and facts at once, then a coalesced full analysis runs in the
//! background (`GET /api/status`) and converges without moving the answers.

mod common;

use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

/// Poll `/api/status` until no analysis is pending (or fail after a minute).
async fn wait_for_analysis(app: &Router) -> Value {
    let started = Instant::now();
    loop {
        let r = get(app, "/api/status").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        if v["analysis_pending"] == false && v["analysis_runs"].as_u64().unwrap_or(0) > 0 {
            return v;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "background analysis never finished: {v}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn analysed_app() -> (tempfile::TempDir, Router) {
    let (dir, db) = analysed_db();
    (dir, app(&options(&db, Some(TOKEN), true)))
}

#[tokio::test]
async fn an_exact_copy_gets_the_stored_story_at_once_and_keeps_it() {
    let (_d, app) = analysed_app();
    let orig = get(&app, "/api/articles/harbour-1").await.json();
    let story = orig["story"].as_str().unwrap().to_string();
    let story_title = get(&app, &format!("/api/stories/{story}")).await.json()["title"].clone();
    let status = get(&app, "/api/status").await.json();
    assert_eq!(status["analysis_pending"], false, "nothing to do before the first POST: {status}");
    assert_eq!(status["articles"], 4);
    assert_eq!(status["analysed"], 4);

    let body = json!({"id": "quay-copy", "title": "Ferry hits trawler near Kells Point",
        "text": ORIGINAL, "date": "2026-03-14T13:00:00Z", "outlet": "Quayside Gazette"});
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let got = &r.json()["results"][0];
    assert_eq!(got["outcome"], "new");
    assert_eq!(got["story"], story.as_str(), "the stored article's story");
    assert_eq!(got["story_title"], story_title);
    let exact: Vec<&Value> = got["related"].as_array().unwrap().iter().filter(|x| x["relation"] == "exact").collect();
    assert_eq!(exact.len(), 1, "{got}");
    assert_eq!(exact[0]["other"], "harbour-1");
    assert_eq!(exact[0]["jaccard"], 1.0);
    assert_eq!(got["dup_cluster"], orig["dup_cluster"], "joins the stored duplicate cluster");
    assert_eq!(got["quotes"][0]["speaker"], "Aoife Brennan");
    assert!(got["facts"].as_array().is_some_and(|f| !f.is_empty()), "{}", got["facts"]);

    // readable at once, before the background analysis is done
    let a = get(&app, "/api/articles/quay-copy").await.json();
    assert_eq!(a["story"], story.as_str());
    assert_eq!(a["related"][0]["other"], "harbour-1");

    // the background analysis converges to the same story
    let status = wait_for_analysis(&app).await;
    assert!(status["last_analysis"].is_string(), "{status}");
    assert!(status["last_analysis_error"].is_null(), "{status}");
    assert_eq!(status["articles"], 5);
    assert_eq!(status["analysed"], 5);
    let a = get(&app, "/api/articles/quay-copy").await.json();
    assert_eq!(a["story"], story.as_str(), "unchanged by the full analysis");
    assert_eq!(a["role"], "copy");
    let s = get(&app, &format!("/api/stories/{story}")).await.json();
    let ids: Vec<&str> = s["article_list"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"quay-copy") && ids.contains(&"harbour-1"), "{ids:?}");
    assert!(s["detail"]["digest"].is_object(), "full story detail after the analysis");
}

#[tokio::test]
async fn an_unrelated_article_founds_a_new_story_with_quotes_and_facts() {
    let (_d, app) = analysed_app();
    let before: Vec<String> = get(&app, "/api/stories?limit=100").await.json()["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let text = "Fire crews spent six hours fighting a blaze at a grain warehouse in Dunmore on Tuesday night.\n\
        \"The roof came down within minutes, it was like a furnace,\" said station officer Malik Osei.\n\
        Nobody was injured, but 40 tonnes of barley were lost, the owner, a 61-year-old farmer, said.";
    let body = json!([{"id": "dunmore-1", "title": "Blaze destroys Dunmore grain store", "text": text,
        "date": "2026-03-16T06:00:00Z", "outlet": "Dunmore Echo"}]);
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let got = &r.json()["results"][0];
    let story = got["story"].as_str().unwrap().to_string();
    assert!(!before.contains(&story), "a new story, not one of {before:?}");
    assert_eq!(got["story_title"], "Blaze destroys Dunmore grain store");
    assert_eq!(got["related"], json!([]));
    assert!(got["dup_cluster"].is_null());
    assert_eq!(got["quotes"][0]["speaker"], "Malik Osei");
    let q = &got["quotes"][0];
    let start = q["quote_start"].as_u64().unwrap() as usize;
    let end = q["quote_end"].as_u64().unwrap() as usize;
    let quoted: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(quoted, q["quote"].as_str().unwrap(), "char offsets into the text");
    assert!(got["facts"].as_array().is_some_and(|f| !f.is_empty()), "{}", got["facts"]);
    // the story list shows it at once, newest first
    let v = get(&app, "/api/stories").await.json();
    assert_eq!(v["stories"][0]["id"], story.as_str());
    assert_eq!(v["stories"][0]["articles"], 1);
    assert_eq!(v["total"].as_u64().unwrap() as usize, before.len() + 1);
    // and the full analysis keeps it (it founds its story there too)
    wait_for_analysis(&app).await;
    assert_eq!(get(&app, "/api/articles/dunmore-1").await.json()["story"], story.as_str());
}

#[tokio::test]
async fn posts_during_an_analysis_are_coalesced_and_all_analysed() {
    let (_d, app) = analysed_app();
    for i in 0..5 {
        let body = json!({"id": format!("tide-{i}"), "title": format!("Tide tables for week {i}"),
            "text": format!("Spring tides of up to {} metres are expected at Westhaven in week {i}, the harbour office said.", 4 + i),
            "date": format!("2026-03-{:02}T06:00:00Z", 16 + i)});
        let r = post(&app, "/api/articles", "application/json", Some(TOKEN), body.to_string()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert!(r.json()["results"][0]["story"].is_string());
    }
    let status = wait_for_analysis(&app).await;
    let runs = status["analysis_runs"].as_u64().unwrap();
    assert!((1..=5).contains(&runs), "at most one run per POST, at least one: {status}");
    assert_eq!(status["analysed"], 9, "every article has its analysis: {status}");
    for i in 0..5 {
        assert!(get(&app, &format!("/api/articles/tide-{i}")).await.json()["story"].is_string());
    }
}

#[tokio::test]
async fn warm_up_builds_the_live_state_before_the_first_post() {
    let (_d, db) = analysed_db();
    let state = newsfold_server::AppState::open(&options(&db, Some(TOKEN), true)).unwrap();
    assert!(!state.status().live_ready);
    state.warm_up();
    let started = Instant::now();
    while !state.status().live_ready {
        assert!(started.elapsed() < Duration::from_secs(60), "live state never built");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // everything was analysed: no background run was needed
    assert!(!state.status().analysis_pending);
    let app = newsfold_server::router(state);
    let v = get(&app, "/api/status").await.json();
    assert_eq!(v["live_ready"], true);
    assert_eq!(v["analysis_runs"], 0);
}
