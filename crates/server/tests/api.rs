//! API integration tests: every endpoint through the router.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::json;

#[tokio::test]
async fn stories_list_sorts_filters_and_validates() {
    let (_d, app) = public_app();
    let r = get(&app, "/api/stories").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["total"], 2);
    assert_eq!(v["sort"], "latest");
    let stories = v["stories"].as_array().unwrap();
    assert_eq!(stories[0]["id"], STORY, "latest activity first");
    assert_eq!(stories[0]["articles"], 3);
    assert_eq!(stories[0]["summary"]["key_terms"][0], "ferry");
    let v = get(&app, "/api/stories?sort=biggest&limit=1").await.json();
    assert_eq!(v["stories"].as_array().unwrap().len(), 1);
    assert_eq!(v["stories"][0]["id"], STORY);
    let v = get(&app, "/api/stories?q=budget").await.json();
    assert_eq!(v["stories"].as_array().unwrap().len(), 1);
    assert_eq!(v["stories"][0]["title"], XSS_TITLE);
    let v = get(&app, "/api/stories?offset=1").await.json();
    assert_eq!(v["stories"][0]["title"], XSS_TITLE);
    let r = get(&app, "/api/stories?limit=many").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("limit"));
    let r = get(&app, "/api/stories?sort=oldest").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("oldest"));
}

#[tokio::test]
async fn story_detail_and_404() {
    let (_d, app) = public_app();
    let v = get(&app, &format!("/api/stories/{STORY}")).await.json();
    let ids: Vec<&str> = v["article_list"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["harbour-1", "coast-2", "bay-3"], "date order");
    assert_eq!(v["article_list"][1]["role"], "copy");
    assert_eq!(v["detail"]["families"][0]["edges"][0]["copy"], "coast-2");
    assert_eq!(v["detail"]["digest"]["timeline"].as_array().unwrap().len(), 3);
    assert_eq!(v["title"], "Ferry strikes trawler off Kells Point", "item fields are flattened");
    let r = get(&app, "/api/stories/nope").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["error"].as_str().unwrap().contains("nope"));
}

#[tokio::test]
async fn article_related_and_404() {
    let (_d, app) = public_app();
    let v = get(&app, "/api/articles/harbour-1").await.json();
    assert_eq!(v["article"]["outlet"], "Harbour Wire");
    assert_eq!(v["article"]["text"], ORIGINAL);
    assert_eq!(v["story"], STORY);
    assert_eq!(v["role"], "original");
    let rel = v["related"].as_array().unwrap();
    assert_eq!(rel.len(), 2);
    assert_eq!(rel[0]["other"], "coast-2", "near duplicate before rewrite");
    assert_eq!(rel[0]["other_is_a"], true);
    let v = get(&app, "/api/articles/bay-3/related").await.json();
    assert_eq!(v["related"][0]["other"], "harbour-1");
    assert_eq!(v["related"][0]["other_is_a"], false);
    assert_eq!(v["related"][0]["relation"], "rewrite");
    assert!(v["related"][0]["passages"][0]["ops"].is_array());
    assert_eq!(get(&app, "/api/articles/missing").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/api/articles/missing/related").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn search_quotes_outlets() {
    let (_d, app) = public_app();
    let v = get(&app, "/api/search?q=trawler%20kells").await.json();
    let hits: Vec<&str> = v["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert!(!hits.contains(&"council-9"));
    let r = get(&app, "/api/search").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("`q`"));
    let v = get(&app, &format!("/api/quotes?story={STORY}")).await.json();
    assert_eq!(v["clusters"].as_array().unwrap().len(), 1);
    assert_eq!(v["clusters"][0]["mutations"][0]["ops"][1]["to"], "boat");
    assert_eq!(get(&app, "/api/quotes?story=other").await.json()["clusters"], json!([]));
    assert_eq!(get(&app, "/api/quotes?limit=-1").await.status, StatusCode::BAD_REQUEST);
    let v = get(&app, "/api/outlets").await.json();
    let outlets = v["outlets"].as_array().unwrap();
    assert_eq!(outlets.len(), 4);
    let hw = outlets.iter().find(|o| o["outlet"] == "Harbour Wire").unwrap();
    assert_eq!(hw["originals"], 1);
    let cd = outlets.iter().find(|o| o["outlet"] == "Coastline Daily").unwrap();
    assert_eq!(cd["copies"], 1);
}

#[tokio::test]
async fn passage_clusters_by_article() {
    let (_d, app) = public_app();
    let v = get(&app, "/api/passages").await.json();
    let cs = v["clusters"].as_array().unwrap();
    assert!(!cs.is_empty(), "{v}");
    // the syndicated copy reprints the whole original: one cluster holds both
    let arts: Vec<&str> =
        cs[0]["occurrences"].as_array().unwrap().iter().map(|o| o["article"].as_str().unwrap()).collect();
    assert!(arts.contains(&"harbour-1") && arts.contains(&"coast-2"), "{arts:?}");
    assert_eq!(cs[0]["occurrences"][0]["article"], "harbour-1", "earliest first: {v}");
    let v = get(&app, "/api/passages?article=coast-2").await.json();
    assert_eq!(v["clusters"][0]["cluster"], cs[0]["cluster"]);
    assert_eq!(get(&app, "/api/passages?article=council-9").await.json()["clusters"], json!([]));
    assert_eq!(get(&app, "/api/passages?article=missing").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/api/passages?limit=-1").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, "/api/passages?offset=100").await.json()["clusters"], json!([]));
}

#[tokio::test]
async fn openapi_documents_every_route() {
    let (_d, app) = public_app();
    let r = get(&app, "/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("application/json"));
    let v = r.json();
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/stories",
        "/api/stories/{id}",
        "/api/articles",
        "/api/articles/{id}",
        "/api/articles/{id}/related",
        "/api/search",
        "/api/quotes",
        "/api/passages",
        "/api/outlets",
        "/api/status",
    ] {
        assert!(v["paths"][p].is_object(), "{p} undocumented");
    }
    let r = get(&app, "/api/nothing/here").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["error"].as_str().unwrap().contains("/api/nothing/here"));
}

#[tokio::test]
async fn post_json_ingests_and_returns_results() {
    let (_d, app) = public_app();
    let body = json!({"id": "harbour-4", "title": "Channel reopens after ferry collision",
        "text": "The channel off Kells Point reopened on Sunday after the ferry collision, the harbourmaster said.",
        "date": "15 March 2026", "outlet": "Harbour Wire", "desk": "maritime"});
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["count"], 1);
    assert_eq!(v["results"][0]["id"], "harbour-4");
    assert_eq!(v["results"][0]["outcome"], "new");
    assert!(v["results"][0]["story"].is_string());
    let a = get(&app, "/api/articles/harbour-4").await.json();
    assert_eq!(a["article"]["meta"]["desk"], "maritime");
    assert_eq!(a["article"]["date"], "2026-03-15T00:00:00Z");
    // same content again: known, nothing changes
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), format!("[{body}]")).await;
    assert_eq!(r.json()["results"][0]["outcome"], "known");
    // JSONL with CRLF and blank lines
    let jl = "{\"id\":\"j1\",\"text\":\"First line article about tides.\"}\r\n\r\n{\"id\":\"j2\",\"text\":\"Second.\",\"url\":\"https://tides.example/2\"}\n";
    let r = post(&app, "/api/articles", "application/x-ndjson", Some(TOKEN), jl).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["count"], 2);
    let a = get(&app, "/api/articles/j2").await.json();
    assert_eq!(a["article"]["outlet"], "tides.example");
}

#[tokio::test]
async fn bad_bodies_are_400_naming_the_problem() {
    let (_d, app) = public_app();
    let cases = [
        ("application/json", "{\"id\": \"x\", \"text\": ", "not valid JSON"),
        ("application/json", "[{\"id\":\"a\",\"text\":\"fine\"},{\"id\":\"b\",\"title\":\"no text\"}]", "item 1"),
        ("application/json", "{\"id\":\"a\",\"text\":\"x\",\"date\":\"the other day\"}", "`date`"),
        ("application/json", "{\"id\":\"a\",\"text\":\"   \"}", "`text` is empty"),
        ("application/json", "{\"id\":\"a\",\"text\":42}", "invalid type"),
        ("application/json", "\"just a string\"", "JSON object"),
        ("application/json", "[]", "no articles"),
        ("application/x-ndjson", "{\"id\":\"a\",\"text\":\"ok\"}\n{broken", "line 2"),
        ("application/x-ndjson", "{\"id\":\"a\",\"text\":\"ok\"}\n[1,2]", "line 2"),
        ("text/html", "<html><body><p>Hi</p></body></html>", "URL"),
    ];
    for (ct, body, needle) in cases {
        let r = post(&app, "/api/articles", ct, Some(TOKEN), body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        let msg = r.json()["error"].as_str().unwrap().to_string();
        assert!(msg.contains(needle), "{body}: {msg:?} lacks {needle:?}");
    }
    let r = post(
        &app,
        "/api/articles",
        "application/json",
        Some(TOKEN),
        "[{\"id\":\"a\",\"text\":\"x\",\"date\":\"soon\"}]",
    )
    .await;
    assert_eq!(r.json()["detail"]["field"], "date");
    let r = post(&app, "/api/articles", "application/x-ndjson", Some(TOKEN), "\n\n{oops").await;
    assert_eq!(r.json()["detail"]["line"], 3);
    // nothing was stored by the failed requests
    assert_eq!(get(&app, "/api/articles/a").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unsupported_media_is_415() {
    let (_d, app) = public_app();
    let r = post(&app, "/api/articles", "text/plain", Some(TOKEN), "hello").await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.json()["error"].as_str().unwrap().contains("text/plain"));
    let r = post(&app, "/api/articles", "application/pdf", Some(TOKEN), "%PDF-1.7").await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.json()["error"].as_str().unwrap().contains("application/x-ndjson"), "names what is accepted");
}

/// An invented news page: navigation and footer around an `<article>`.
const PAGE: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<title>Harbour dues rise | Quayside Gazette</title>
<meta property="og:title" content="Harbour dues to rise by 6% from April">
<meta property="og:site_name" content="Quayside Gazette">
<meta property="article:published_time" content="2026-03-16T07:30:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour dues to rise by 6% from April</h1>
<p>Fishing boats and ferries using Westhaven harbour will pay 6% more in dues from 1 April, the harbour board said on Monday.</p>
<p>The board said the rise would pay for dredging the main channel, which has silted up since the winter storms.</p>
<p>"Nobody likes paying more, but a channel you cannot use costs far more," said board chair Orla Quinlan.</p>
<p>Skippers' representatives said they would ask for the rise to be phased in over two years.</p></article>
<footer>© Quayside Gazette. Cookies help us deliver our services.</footer></body></html>"#;

#[tokio::test]
async fn html_pages_are_ingested_with_their_url() {
    let (_d, app) = public_app();
    let url = "https://quayside.example/news/harbour-dues-rise";
    let r = post(&app, &format!("/api/articles?url={url}"), "text/html; charset=utf-8", Some(TOKEN), PAGE).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["count"], 1);
    let id = v["results"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(id, format!("url:{url}"));
    assert!(v["results"][0]["story"].is_string(), "assigned to a story at once");
    let enc: String = id.bytes().map(|b| format!("%{b:02X}")).collect();
    let a = get(&app, &format!("/api/articles/{enc}")).await.json();
    let text = a["article"]["text"].as_str().unwrap();
    assert!(text.contains("pay 6% more in dues"), "{text}");
    assert!(!text.contains("Cookies") && !text.contains("Sport"), "boilerplate left out: {text}");
    assert_eq!(a["article"]["url"], url);
    // the id can be chosen, and the URL can come in a header
    let req = Request::post("/api/articles?id=quay-1")
        .header("content-type", "text/html")
        .header("x-source-url", url)
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from(PAGE))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["results"][0]["id"], "quay-1");
    // a page with no article text: 422; a URL that is not http(s): 400
    let r =
        post(&app, &format!("/api/articles?url={url}"), "text/html", Some(TOKEN), "<html><body></body></html>").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.json()["error"].as_str().unwrap().contains("no article"));
    let r = post(&app, "/api/articles?url=javascript:alert(1)", "text/html", Some(TOKEN), PAGE).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = post(&app, &format!("/api/articles?url={url}"), "text/html", Some(TOKEN), vec![0xffu8, 0xfe, 0x00]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("UTF-8"));
}

/// Queries full of FTS5 syntax (quotes, `*`, `-`, `^`, `:`, parentheses,
/// operators) are searched as plain words: never a 500.
#[tokio::test]
async fn search_with_fts_syntax_never_fails() {
    let (_d, app) = public_app();
    let nasty = [
        "\"",
        "\"\"",
        "\"kells",
        "kells\"",
        "ferry*",
        "*",
        "**",
        "-",
        "-ferry",
        "ferry -trawler",
        "(",
        ")",
        "(ferry",
        "ferry)",
        "((trawler)",
        "NEAR(ferry trawler",
        "ferry AND",
        "OR",
        "NOT",
        "AND OR NOT",
        "^ferry",
        "title:ferry",
        ":",
        "{ferry}",
        "[x]",
        "ferry + trawler",
        "o'brien",
        "'",
        "\\",
        "%",
        "_",
        "ferry;DROP TABLE stories",
        "ä ö ü «»",
        "🚢",
        "\u{0}",
        "a\u{7f}b",
    ];
    for q in nasty {
        let enc: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        for path in [format!("/api/search?q={enc}"), format!("/api/stories?q={enc}")] {
            let r = get(&app, &path).await;
            assert_eq!(r.status, StatusCode::OK, "{q:?} on {path}: {}", r.body);
            assert!(r.json().is_object());
        }
        let r = get(&app, &format!("/?q={enc}")).await;
        assert_eq!(r.status, StatusCode::OK, "UI search {q:?}");
    }
    // words inside the syntax still match
    let v = get(&app, "/api/search?q=%22kells%20(trawler*").await.json();
    assert!(!v["hits"].as_array().unwrap().is_empty(), "{v}");
    let v = get(&app, "/api/stories?q=-budget").await.json();
    assert_eq!(v["stories"][0]["title"], XSS_TITLE);
}

#[tokio::test]
async fn pagination_bounds() {
    let (_d, app) = public_app();
    let v = get(&app, "/api/stories?limit=0").await.json();
    assert_eq!(v["stories"], json!([]));
    assert_eq!(v["total"], 2);
    let v = get(&app, "/api/stories?limit=999999999").await.json();
    assert_eq!(v["limit"], 1000, "capped");
    assert_eq!(v["stories"].as_array().unwrap().len(), 2);
    let v = get(&app, "/api/stories?offset=1000000").await.json();
    assert_eq!(v["stories"], json!([]));
    assert_eq!(v["total"], 2);
    let v = get(&app, "/api/stories?limit=1&offset=1").await.json();
    assert_eq!(v["stories"].as_array().unwrap().len(), 1);
    assert_eq!(v["stories"][0]["title"], XSS_TITLE);
    for bad in ["limit=-1", "limit=1.5", "limit=1e3", "offset=-5", "offset=x", "limit=99999999999999999999999"] {
        let r = get(&app, &format!("/api/stories?{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
        assert!(r.json()["error"].is_string());
    }
    let v = get(&app, "/api/quotes?offset=50").await.json();
    assert_eq!(v["clusters"], json!([]));
    assert_eq!(get(&app, "/api/quotes?offset=nope").await.status, StatusCode::BAD_REQUEST);
    let v = get(&app, "/api/search?q=ferry&limit=1").await.json();
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    assert_eq!(get(&app, "/api/search?q=ferry&limit=-2").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn unknown_and_awkward_ids() {
    let (_d, app) = public_app();
    // ids with slashes, spaces and non-ASCII travel percent-encoded in the path
    let id = "text/rød hav?#1";
    let body = json!({"id": id, "title": "Red sea crossing", "text": "A ferry crossed the red sea on Sunday."});
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let enc: String = id.bytes().map(|b| format!("%{b:02X}")).collect();
    let v = get(&app, &format!("/api/articles/{enc}")).await.json();
    assert_eq!(v["article"]["id"], id);
    assert_eq!(get(&app, &format!("/api/articles/{enc}/related")).await.json()["article"], id);
    assert_eq!(get(&app, &format!("/articles/{enc}")).await.status, StatusCode::OK);
    for path in [
        "/api/stories/nope",
        "/api/stories/%2E%2E%2Fetc",
        "/api/articles/nope",
        "/api/articles/text%2Fnope",
        "/api/articles/nope/related",
        "/api/articles/nope/unrelated",
        "/api/stories/",
    ] {
        let r = get(&app, path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
        assert!(r.json()["error"].is_string(), "{path}");
    }
    for path in ["/stories/nope", "/articles/nope", "/articles/nope/diff/harbour-1", "/articles/harbour-1/diff/nope"] {
        let r = get(&app, path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("<!doctype html>"), "{path}: an HTML page");
    }
    // the wrong method on a known path: 405 in JSON
    let req = Request::delete(format!("/api/stories/{STORY}"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.json()["error"].as_str().unwrap().contains("DELETE"));
}

#[tokio::test]
async fn write_needs_the_token() {
    let (_d, app) = public_app();
    let body = "{\"id\":\"w\",\"text\":\"Nope.\"}";
    let r = post(&app, "/api/articles", "application/json", None, body).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.headers.contains_key("www-authenticate"));
    assert!(r.json()["error"].as_str().unwrap().contains("missing token"));
    let r = post(&app, "/api/articles", "application/json", Some("wrong"), body).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"], "invalid token");
    // a UI cookie is not enough for writes
    let req = Request::post("/api/articles")
        .header("content-type", "application/json")
        .header("cookie", "newsfold_token=74306b656e2d746573745f3432")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(get(&app, "/api/articles/w").await.status, StatusCode::NOT_FOUND);
    // no token configured: writes are disabled
    let (_d2, db) = fixture_db();
    let app = common::app(&options(&db, None, true));
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), body).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.json()["error"].as_str().unwrap().contains("--token"));
}

#[tokio::test]
async fn private_server_needs_the_token_for_reads() {
    let (_d, db) = fixture_db();
    let app = common::app(&options(&db, Some(TOKEN), false));
    let r = get(&app, "/api/stories").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.json()["error"].as_str().unwrap().contains("private"));
    assert_eq!(get(&app, "/openapi.json").await.status, StatusCode::UNAUTHORIZED);
    let req =
        Request::get("/api/stories").header("authorization", format!("Bearer {TOKEN}")).body(Body::empty()).unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::OK);
    let req = Request::get("/api/stories").header("authorization", "Bearer nope").body(Body::empty()).unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::UNAUTHORIZED);
    // UI: HTML 401, then ?token= sets the cookie and redirects to the clean address
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("<!doctype html>") && r.body.contains("?token="));
    let r = get(&app, &format!("/stories/{STORY}?token={TOKEN}&x=1")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers["location"], format!("/stories/{STORY}?x=1"));
    let cookie = r.headers["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains(TOKEN), "the raw token is not echoed");
    let pair = cookie.split(';').next().unwrap().to_string();
    let req = Request::get(format!("/stories/{STORY}")).header("cookie", pair.clone()).body(Body::empty()).unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Kells Point"));
    let req = Request::get("/api/outlets").header("cookie", pair).body(Body::empty()).unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::OK, "the cookie also opens the API for the same browser");
    assert_eq!(get(&app, "/?token=bad").await.status, StatusCode::UNAUTHORIZED);
    let r = get(&app, &format!("//evil.example/x?token={TOKEN}")).await;
    assert_eq!(r.headers["location"], "/evil.example/x", "never an off-site redirect");
    // assets stay reachable so that the denial page is styled
    assert_eq!(get(&app, "/assets/style.css").await.status, StatusCode::OK);
    // private without any token: everything is refused with a clear message
    let app = common::app(&options(&db, None, false));
    let r = get(&app, "/api/stories").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.json()["error"].as_str().unwrap().contains("--public"));
}

#[tokio::test]
async fn oversize_body_is_413() {
    let (_d, db) = fixture_db();
    let mut o = options(&db, Some(TOKEN), true);
    o.max_body_bytes = 1024;
    let app = common::app(&o);
    let big = json!({"id": "big", "text": "word ".repeat(400)}).to_string();
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), big.clone()).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.json()["error"].as_str().unwrap().contains("1024"));
    // without Content-Length (streamed body) the limit still holds
    let stream = Body::from_stream(tokio_stream_chunks(big));
    let req = Request::post("/api/articles")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(stream)
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    // a small body is still fine
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), "{\"id\":\"s\",\"text\":\"Small.\"}").await;
    assert_eq!(r.status, StatusCode::CREATED);
}

/// A body stream of 100-byte chunks (no Content-Length).
fn tokio_stream_chunks(s: String) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send {
    struct Chunks(Vec<Vec<u8>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(if self.0.is_empty() { None } else { Some(Ok(self.0.remove(0))) })
        }
    }
    Chunks(s.into_bytes().chunks(100).map(<[u8]>::to_vec).collect())
}

#[tokio::test]
async fn slow_requests_time_out_with_503() {
    let (_d, db) = fixture_db();
    let mut o = options(&db, Some(TOKEN), true);
    o.request_timeout = Duration::from_nanos(1);
    let app = common::app(&o);
    let many: Vec<_> = (0..300)
        .map(|i| json!({"id": format!("bulk-{i}"), "text": format!("Bulk article number {i} about harbour dues and tides.")}))
        .collect();
    let r = post(&app, "/api/articles", "application/json", Some(TOKEN), serde_json::to_string(&many).unwrap()).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.json()["error"].as_str().unwrap().contains("timed out"));
}
