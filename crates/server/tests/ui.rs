//! Web UI tests: pages render with the expected content and escape user text.

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn front_page_lists_stories_and_escapes_titles() {
    let (_d, app) = public_app();
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let b = &r.body;
    assert!(b.contains("<main id=\"main\">") && b.contains("<nav") && b.contains("role=\"search\""), "landmarks");
    assert!(b.contains("Ferry strikes trawler off Kells Point"));
    assert!(b.contains("<b>2</b> stories") && b.contains("<b>4</b> articles"), "counts");
    assert!(b.contains("Latest") && b.contains("Biggest"));
    assert!(b.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Council &amp; &quot;budget&quot; row"));
    assert!(!b.contains("<script>alert"), "title markup must be escaped");
    assert!(b.contains("<li>ferry</li>"), "key terms shown");
    let r = get(&app, "/?q=budget%20%3Cb%3E").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("matching “budget &lt;b&gt;”"), "the query is escaped too");
    assert!(r.body.contains("1 story matching"));
}

#[tokio::test]
async fn story_page_shows_digest_timeline_graph_quotes_disagreements() {
    let (_d, app) = public_app();
    let r = get(&app, &format!("/stories/{STORY}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    assert!(b.contains("Ferry and trawler collide off Kells Point; crew rescued"), "digest headline");
    assert!(b.contains("class=\"cite\" href=\"/articles/bay-3\""), "summary cites its sources");
    // timeline with roles
    assert!(b.contains("Timeline of sources"));
    assert!(b.contains("<span class=\"badge b-orig\">original</span>"));
    assert!(b.contains("<span class=\"badge b-copy\">copy</span>"));
    assert!(b.contains("<span class=\"badge b-rew\">rewrite</span>"));
    // copy graph: three nodes, two arrows with confidence
    assert!(b.contains("<svg class=\"graph graph-h\""));
    // (drawn twice: left to right, and top to bottom for narrow screens)
    assert!(b.contains("class=\"graph graph-h\"") && b.contains("class=\"graph graph-v\""));
    assert_eq!(b.matches("class=\"node ").count(), 2 * 3);
    assert_eq!(b.matches("<g class=\"edge\">").count(), 2 * 2);
    assert!(b.contains(">97%</text>") && b.contains(">71%</text>"));
    assert!(b.contains("Harbour Wire → Coastline Daily: verbatim text, later date"));
    // quote cluster with the mutation highlighted
    assert!(b.contains(
        "<del class=\"sub\" title=\"replaced\">vessel</del> <ins class=\"sub\" title=\"replacement\">boat</ins>"
    ));
    assert!(b.contains("1 altered version"));
    // disagreement table
    assert!(b.contains("<th scope=\"row\">crew rescued</th>"));
    assert!(b.contains("<b>4</b> <span class=\"outlets\">Bay Chronicle</span>"));
    assert!(b.contains("82%"));
    // a bare story (no analysis yet) renders without the empty sections
    let id = get(&app, "/api/stories?q=budget").await.json()["stories"][0]["id"].as_str().unwrap().to_string();
    let r = get(&app, &format!("/stories/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Timeline of sources"));
    assert!(!r.body.contains("Copy graph") && !r.body.contains("Disagreements") && !r.body.contains("<h2 id=\"qs\">"));
    assert!(!r.body.contains("<script>alert"));
    assert_eq!(get(&app, "/stories/none").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn article_page_highlights_shared_passages() {
    let (_d, app) = public_app();
    let r = get(&app, "/articles/coast-2").await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    // The whole original is marked as copied verbatim inside the copy; the
    // newsletter line is not.
    assert!(b.contains("<mark class=\"hl-dup\" title=\"shared with harbour-1\">A passenger ferry"), "{b}");
    assert!(b.contains("None were hurt.</mark>\nSign up for the Coastline Daily newsletter."));
    assert!(b.contains("/articles/coast-2/diff/harbour-1"));
    assert!(b.contains("Related articles"));
    let r = get(&app, "/articles/bay-3").await;
    assert!(r.body.contains("<mark class=\"hl-rew\" title=\"shared with harbour-1\">We will not reopen the channel until every boat is accounted for,</mark>"), "char offsets respected: {}", r.body);
    let r = get(&app, "/articles/council-9").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("<script>alert") && r.body.contains("<title>&lt;script&gt;"));
    assert_eq!(get(&app, "/articles/none").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn diff_page_aligns_and_highlights_changes() {
    let (_d, app) = public_app();
    let r = get(&app, "/articles/harbour-1/diff/bay-3").await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    // harbour-1 is the pair's b side: left shows "vessel", right "boat".
    let left = b.find("<mark class=\"chg\">vessel</mark>").expect("left change");
    let right = b.find("<mark class=\"chg\">boat</mark>").expect("right change");
    assert!(left < right, "this article on the left");
    assert!(b.contains("class=\"row gap\""), "unshared text is shown dimmed");
    assert!(b.contains("<select id=\"other\""), "pick another related article");
    // the reverse direction swaps the sides
    let b = get(&app, "/articles/bay-3/diff/harbour-1").await.body;
    assert!(b.find("<mark class=\"chg\">boat</mark>").unwrap() < b.find("<mark class=\"chg\">vessel</mark>").unwrap());
    // unrelated pair: both texts in full with a note
    let b = get(&app, "/articles/harbour-1/diff/council-9").await.body;
    assert!(b.contains("No aligned passages are stored"));
    assert!(b.contains("The council delayed its budget vote"));
    assert_eq!(get(&app, "/articles/harbour-1/diff/none").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn outlets_assets_and_404() {
    let (_d, app) = public_app();
    let r = get(&app, "/outlets").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<th scope=\"row\">Harbour Wire</th>"));
    let r = get(&app, "/assets/style.css").await;
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/css"));
    assert!(r.body.contains("system-ui"));
    assert!(!r.body.contains("@import") && !r.body.contains("http"), "no external assets");
    let r = get(&app, "/assets/app.js").await;
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/javascript"));
    let r = get(&app, "/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("<!doctype html>"));
}
