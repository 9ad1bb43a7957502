//! Browser end-to-end test in headless Chromium (Chromium's own CLI:
//! `--dump-dom` for the rendered DOM after scripts ran, `--screenshot` for
//! pictures; no driver needed).
//!
//! SKIPPED (passes with a message) unless `/usr/bin/chromium` exists or
//! `NEWSFOLD_E2E=1` (then `NEWSFOLD_CHROMIUM` or `chromium` on PATH is used).
//! Screenshots go to `target/e2e-screenshots/`.

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

    fn screenshot(&self, url: &str, name: &str, height: u32) -> PathBuf {
        let p = screenshot_dir().join(name);
        let _ = std::fs::remove_file(&p);
        self.run(&[&format!("--screenshot={}", p.display()), &format!("--window-size=1280,{height}")], url);
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

#[test]
fn browser_front_story_article_diff() {
    let Some(bin) = chromium() else {
        eprintln!("SKIPPED browser e2e: /usr/bin/chromium not found (install chromium or set NEWSFOLD_E2E=1)");
        return;
    };
    let (_dir, db) = fixture_db();
    let base = start_server(&db);
    let browser = Browser { bin, profile: tempfile::tempdir().unwrap() };

    // Front page: the story is listed; the hostile title is shown as text.
    let dom = browser.dom(&format!("{base}/"));
    assert!(dom.contains("Ferry strikes trawler off Kells Point"), "{dom}");
    assert!(dom.contains("&lt;script&gt;alert"), "escaped title rendered as text");
    browser.screenshot(&format!("{base}/"), "01-front.png", 1100);

    // Open the story through the link the page shows.
    let story_href = href_after(&dom, "class=\"card\"").expect("a story link");
    assert_eq!(story_href, format!("/stories/{STORY}"), "latest story first");
    let story_url = format!("{base}{story_href}");
    let dom = browser.dom(&story_url);
    // its copies: the graph has the copy node and an arrow; the timeline has badges
    assert!(dom.contains("data-article=\"coast-2\""), "copy in the DOM");
    assert!(dom.contains("class=\"node n-copy\""), "copy drawn in the graph");
    assert!(dom.contains("class=\"badge b-copy\">copy<"), "copy badge in the timeline");
    // the quote mutation: vessel -> boat
    assert!(dom.contains(">vessel</del>") && dom.contains(">boat</ins>"), "quote mutation highlighted");
    browser.screenshot(&story_url, "02-story.png", 2200);

    // Article and the side-by-side diff against the rewrite.
    let art = format!("{base}/articles/coast-2");
    let dom = browser.dom(&art);
    assert!(dom.contains("<mark class=\"hl-dup\""), "shared passage marked");
    browser.screenshot(&art, "03-article.png", 1300);
    let diff = format!("{base}/articles/harbour-1/diff/bay-3");
    let dom = browser.dom(&diff);
    assert!(dom.contains("<mark class=\"chg\">vessel</mark>") && dom.contains("<mark class=\"chg\">boat</mark>"));
    browser.screenshot(&diff, "04-diff.png", 1100);
    browser.screenshot(&format!("{base}/outlets"), "05-outlets.png", 800);
    eprintln!("screenshots in {}", screenshot_dir().display());
}
