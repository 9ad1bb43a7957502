//! Browser end-to-end test in headless Chromium (Chromium's own CLI:
//! `--dump-dom` for the rendered DOM after scripts ran, `--screenshot` for
//! pictures; no driver needed).
//!
//! SKIPPED (passes with a message) unless `/usr/bin/chromium` exists or
//! `NEWSFOLD_E2E=1` (then `NEWSFOLD_CHROMIUM` or `chromium` on PATH is used).
//! Screenshots go to `target/e2e-screenshots/`. The main test runs on the
//! repository's example corpus (`examples/news`) ingested through the engine.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("NEWSFOLD_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let default = Path::new("/usr/bin/chromium");
    if default.exists() {
        return Some(default.to_path_buf());
    }
    (std::env::var("NEWSFOLD_E2E").as_deref() == Ok("1")).then(|| PathBuf::from("chromium"))
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let d = target.join("e2e-screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

struct Browser {
    bin: PathBuf,
    profile: tempfile::TempDir,
}

impl Browser {
    fn run(&self, extra: &[&str], url: &str) -> String {
        let mut cmd = Command::new(&self.bin);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", self.profile.path().display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
        let out_file = tempfile::NamedTempFile::new().unwrap();
        cmd.stdout(out_file.reopen().unwrap());
        let mut child = cmd.spawn().expect("start chromium");
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "chromium failed on {url}: {status}");
                break;
            }
            if started.elapsed() > Duration::from_secs(90) {
                let _ = child.kill();
                panic!("chromium did not finish {url} within 90 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        std::fs::read_to_string(out_file.path()).unwrap()
    }

    fn dom(&self, url: &str) -> String {
        self.run(&["--dump-dom"], url)
    }

    fn screenshot(&self, url: &str, name: &str, width: u32, height: u32) -> PathBuf {
        let p = screenshot_dir().join(name);
        let _ = std::fs::remove_file(&p);
        self.run(&[&format!("--screenshot={}", p.display()), &format!("--window-size={width},{height}")], url);
        assert!(p.exists() && std::fs::metadata(&p).unwrap().len() > 5_000, "screenshot {name} written");
        p
    }
}

/// Start the server on 127.0.0.1:0 in a background runtime; returns its base URL.
fn start_server(db: &Path) -> String {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    std_listener.set_nonblocking(true).unwrap();
    let addr = std_listener.local_addr().unwrap();
    let opts = options(db, Some(TOKEN), true);
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::from_std(std_listener).unwrap();
            newsfold_server::serve_on(l, opts).await.unwrap();
        });
    });
    format!("http://{addr}")
}

/// The first `href` value after `marker` in `dom`.
fn href_after(dom: &str, marker: &str) -> Option<String> {
    let rest = &dom[dom.find(marker)?..];
    let h = &rest[rest.find("href=\"")? + 6..];
    Some(h[..h.find('"')?].to_string())
}

/// The repository's example corpus (`examples/news`), ingested through the
/// engine exactly as `newsfold run examples/news` does.
fn example_db() -> (tempfile::TempDir, PathBuf) {
    let news = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/news");
    let mut articles = Vec::new();
    for r in newsfold_ingest::read_inputs(&[news.display().to_string()], &newsfold_ingest::ReadOptions::default()) {
        articles.push(r.expect("example corpus reads cleanly").article);
    }
    assert_eq!(articles.len(), 19, "examples/news holds 19 articles");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("examples.db");
    let mut store = newsfold_store::Store::open(&db).unwrap();
    newsfold_engine::ingest_articles(&mut store, articles).unwrap();
    (dir, db)
}

/// The Kestrel Queen collision: the Harbour Wire original and its copies.
const WIRE: &str = "hw-20260314-kestrel-queen-collision";
const TIDE: &str = "html/tidewater-today-ferry-collision";
const REWRITE: &str = "text/coastal-digest-ferry-rewrite";

#[test]
fn browser_example_corpus_front_story_article_diff_outlets() {
    let Some(bin) = chromium() else {
        eprintln!("SKIPPED browser e2e: /usr/bin/chromium not found (install chromium or set NEWSFOLD_E2E=1)");
        return;
    };
    let (_dir, db) = example_db();
    let ferry = {
        let store = newsfold_store::Store::open(&db).unwrap();
        newsfold_engine::read::article(&store, WIRE).unwrap().unwrap().story.expect("the wire story has a story")
    };
    let base = start_server(&db);
    let browser = Browser { bin, profile: tempfile::tempdir().unwrap() };

    // Front page: the ferry story is listed with a link to it.
    let dom = browser.dom(&format!("{base}/"));
    assert!(dom.contains("ferry collides with barge in Port Calder harbour"), "{dom}");
    assert!(dom.contains(&format!("href=\"/stories/{ferry}\"")), "ferry story linked");
    browser.screenshot(&format!("{base}/"), "01-front.png", 1280, 1100);
    browser.screenshot(&format!("{base}/"), "01-front-mobile.png", 390, 1400);

    // Search with FTS syntax in it still answers a page.
    let dom = browser.dom(&format!("{base}/?q=%22ferry%20(barge*%20-"));
    assert!(dom.contains("matching"), "search results page");

    // The ferry story: its copies with their roles, the copy graph, the quote mutation.
    let story_url = format!("{base}/stories/{ferry}");
    let dom = browser.dom(&story_url);
    for id in [WIRE, TIDE, REWRITE] {
        assert!(dom.contains(&format!("data-article=\"{id}\"")), "{id} on the story page");
    }
    for role in ["original", "copy", "rewrite"] {
        let class = match role {
            "original" => "b-orig",
            "copy" => "b-copy",
            _ => "b-rew",
        };
        assert!(dom.contains(&format!("class=\"badge {class}\">{role}<")), "{role} badge in the timeline");
    }
    assert!(dom.contains("<svg class=\"graph graph-h\""), "copy graph drawn");
    for class in ["n-orig", "n-copy", "n-rew"] {
        assert!(dom.contains(&format!("class=\"node {class}\"")), "{class} node in the graph");
    }
    assert!(dom.contains("class=\"edge\""), "copy edges in the graph");
    // The rewrite's reworded quote, highlighted against the wire's words.
    assert!(dom.contains("We will not rest until every family has answers"), "the original quote");
    assert!(dom.contains(">will not rest</del>") && dom.contains(">won't stop</ins>"), "quote mutation highlighted");
    browser.screenshot(&story_url, "02-story.png", 1280, 4200);
    browser.screenshot(&story_url, "02-story-mobile.png", 390, 5200);

    // The rewrite's page marks the passages it shares, and diffs against the wire.
    let art = format!("{base}/articles/{}", enc(REWRITE));
    let dom = browser.dom(&art);
    assert!(dom.contains("<mark class=\"hl-rew\""), "rewritten passages marked");
    assert!(dom.contains("Compare side by side"), "diff links");
    browser.screenshot(&art, "03-article.png", 1280, 1500);
    let diff = format!("{base}/articles/{}/diff/{}", enc(WIRE), enc(REWRITE));
    let dom = browser.dom(&diff);
    assert!(dom.contains("<mark class=\"chg\">"), "changed wording highlighted");
    browser.screenshot(&diff, "04-diff.png", 1280, 1500);
    browser.screenshot(&diff, "04-diff-mobile.png", 390, 1600);
    let diff = format!("{base}/articles/{}/diff/{}", enc(WIRE), enc(TIDE));
    let dom = browser.dom(&diff);
    assert!(dom.contains("near duplicate"), "the copy is a near duplicate");
    browser.screenshot(&diff, "04-diff-copy.png", 1280, 1500);

    // Outlets: who publishes originals, who copies.
    let dom = browser.dom(&format!("{base}/outlets"));
    assert!(dom.contains("Tidewater Today") && dom.contains("Harbour Wire"));
    browser.screenshot(&format!("{base}/outlets"), "05-outlets.png", 1280, 900);
    eprintln!("screenshots in {}", screenshot_dir().display());
}

/// Percent-encode an id for a path segment.
fn enc(id: &str) -> String {
    id.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn browser_fixture_escapes_hostile_titles() {
    let Some(bin) = chromium() else {
        eprintln!("SKIPPED browser e2e: /usr/bin/chromium not found (install chromium or set NEWSFOLD_E2E=1)");
        return;
    };
    let (_dir, db) = fixture_db();
    let base = start_server(&db);
    let browser = Browser { bin, profile: tempfile::tempdir().unwrap() };
    let dom = browser.dom(&format!("{base}/"));
    assert!(dom.contains("&lt;script&gt;alert"), "escaped title rendered as text");
    assert!(!dom.contains("<script>alert"), "no injected script element");
    let story_href = href_after(&dom, "class=\"card\"").expect("a story link");
    assert_eq!(story_href, format!("/stories/{STORY}"), "latest story first");
    let dom = browser.dom(&format!("{base}{story_href}"));
    assert!(dom.contains(">vessel</del>") && dom.contains(">boat</ins>"), "fixture quote mutation highlighted");
}
