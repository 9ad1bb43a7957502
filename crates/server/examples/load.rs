//! Load benchmark (not a test): fills a temp database with N invented
//! articles, serves it on loopback and hammers the story list, the front
//! page and a story page with a bounded number of keep-alive requests, then
//! measures live ingestion over HTTP (`POST /api/articles`, which answers
//! with duplicates, story, quotes and facts at once) and how long the
//! coalesced background analysis it triggers takes to converge
//! (`GET /api/status`).
//!
//! ```text
//! cargo run --release -p newsfold-server --example load -- [--articles 10000] [--requests 20000]
//!     [--concurrency 32] [--ingest 1000] [--batch 100] [--pace 0] [--db PATH] [--gzip] [--spread 200]
//!     [--no-cache]
//! ```
//!
//! `--requests 0` skips the GET scenarios; `--pace MS` waits MS milliseconds
//! between POST batches, so that the ingestion spans a background analysis
//! and some POSTs meet its commit (the writer lock). `--db PATH` serves a
//! copy of an existing, analysed database (for example one built with
//! `newsfold --db PATH run corpus.jsonl`) instead of invented articles; the
//! copy lives in a temporary folder, so the POSTs never change `PATH`.
//! `--gzip` sends `Accept-Encoding: gzip, br` with every GET (as browsers
//! do). `--spread N` adds a story-page scenario that cycles over the N
//! biggest stories instead of asking for the biggest one only. `--no-cache`
//! turns the server's page cache off (every story answer rendered).
//!
//! The HTTP/1.1 client is hand-written (a few lines over `TcpStream`) so the
//! benchmark needs no client crate and measures the server, not a client stack.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use newsfold_core::Article;
use newsfold_server::ServeOptions;
use newsfold_store::Store;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const TOKEN: &str = "load-test-token";

fn arg(name: &str, default: usize) -> usize {
    arg_str(name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn arg_str(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

/// Syllables for invented content words (2-3 syllables: about 5,800 words),
/// so that five-word shingles are rare across unrelated articles, as in news.
const SYLLABLES: &[&str] = &[
    "har", "bour", "fer", "ry", "coun", "cil", "bud", "get", "mi", "nis", "ter", "po", "lice", "storm", "school",
    "hos", "pi", "tal", "court", "rail", "strike", "vo", "ting", "ri", "ver", "bridge", "mu", "se", "um", "fes", "ti",
    "val", "may", "or", "u", "nion", "far", "mers",
];
const FUNCTION: &[&str] =
    &["the", "a", "of", "to", "in", "and", "said", "on", "after", "with", "for", "was", "by", "its", "that", "at"];
const OUTLETS: &[&str] = &["Harbour Wire", "Coastline Daily", "Bay Chronicle", "Westhaven Post", "Valley Times"];

/// xorshift64: a deterministic stream for article `i`.
struct Rng(u64);
impl Rng {
    fn new(i: usize) -> Rng {
        Rng((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn word(rng: &mut Rng) -> String {
    if rng.below(10) < 4 {
        return FUNCTION[rng.below(FUNCTION.len())].to_string();
    }
    (0..2 + rng.below(2)).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect()
}

fn sentence(rng: &mut Rng) -> String {
    let n = 10 + rng.below(12);
    let mut s = String::new();
    for k in 0..n {
        let w = word(rng);
        if k == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(&w);
        }
    }
    s.push('.');
    s
}

/// Deterministic invented article `i`: 8-16 sentences of pseudo-words over
/// a few paragraphs. Every tenth article (from the tenth on) is a syndicated
/// copy of the article seven before it, with one sentence reworded and a
/// newsletter line added, so that duplicate families and stories exist.
fn article(i: usize, prefix: &str) -> Article {
    let date = newsfold_core::parse_date(&format!("2026-03-{:02}T{:02}:{:02}:00Z", 1 + i % 28, i % 24, i % 60));
    let outlet = Some(OUTLETS[i % OUTLETS.len()].to_string());
    if i >= 10 && i % 10 == 0 {
        let src = article(i - 7, prefix);
        let mut paras: Vec<String> = src.text.lines().map(str::to_string).collect();
        let mut rng = Rng::new(i);
        if let Some(p) = paras.first_mut() {
            *p = format!("{p} {}", sentence(&mut rng));
        }
        paras.push(format!("Sign up for the {} newsletter.", OUTLETS[i % OUTLETS.len()]));
        return Article {
            id: format!("{prefix}{i}"),
            title: src.title,
            text: paras.join("\n"),
            date,
            outlet,
            url: None,
            meta: Default::default(),
        };
    }
    let mut rng = Rng::new(i);
    let mut text = String::new();
    let n = 8 + rng.below(9);
    for k in 0..n {
        text.push_str(&sentence(&mut rng));
        text.push_str(if k + 1 == n {
            ""
        } else if k % 3 == 2 {
            "\n"
        } else {
            " "
        });
    }
    let title: Vec<String> = (0..6).map(|_| word(&mut rng)).collect();
    let mut title = title.join(" ");
    if let Some(f) = title.get(..1) {
        title = format!("{}{}", f.to_uppercase(), title.get(1..).unwrap_or(""));
    }
    Article { id: format!("{prefix}{i}"), title: Some(title), text, date, outlet, url: None, meta: Default::default() }
}

/// One keep-alive HTTP/1.1 exchange; returns the status code.
async fn exchange(
    r: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    w: &mut tokio::net::tcp::OwnedWriteHalf,
    req: &[u8],
) -> std::io::Result<u16> {
    exchange_body(r, w, req).await.map(|(status, _)| status)
}

/// One keep-alive HTTP/1.1 exchange; returns the status code and the body.
async fn exchange_body(
    r: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    w: &mut tokio::net::tcp::OwnedWriteHalf,
    req: &[u8],
) -> std::io::Result<(u16, Vec<u8>)> {
    w.write_all(req).await?;
    let mut line = String::new();
    r.read_line(&mut line).await?;
    let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (mut len, mut chunked) = (0usize, false);
    loop {
        line.clear();
        r.read_line(&mut line).await?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let lower = l.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            r.read_line(&mut line).await?;
            let n = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
            let mut buf = vec![0; n + 2];
            r.read_exact(&mut buf).await?;
            body.extend_from_slice(buf.get(..n).unwrap_or_default());
            if n == 0 {
                break;
            }
        }
    } else {
        body = vec![0; len];
        r.read_exact(&mut body).await?;
    }
    Ok((status, body))
}

/// Article id → story id, as stored.
fn story_rows(db: &std::path::Path) -> anyhow::Result<std::collections::HashMap<String, String>> {
    let store = Store::open(db)?;
    let mut st = store.conn().prepare("SELECT article_id, story FROM analysis WHERE story IS NOT NULL")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// `GET /api/status` on a fresh connection.
async fn status(addr: std::net::SocketAddr) -> anyhow::Result<serde_json::Value> {
    let s = TcpStream::connect(addr).await?;
    let (r, mut w) = s.into_split();
    let mut r = BufReader::new(r);
    let req = b"GET /api/status HTTP/1.1\r\nHost: bench\r\nConnection: keep-alive\r\n\r\n";
    let (st, body) = exchange_body(&mut r, &mut w, req).await?;
    anyhow::ensure!(st == 200, "status answered {st}");
    Ok(serde_json::from_slice(&body)?)
}

/// `total` GETs of `path` over `conc` keep-alive connections; prints req/s and latency percentiles.
async fn load(addr: std::net::SocketAddr, name: &str, path: &str, total: usize, conc: usize) {
    load_paths(addr, name, &[path.to_string()], total, conc).await
}

/// `total` GETs cycling over `paths` (request k asks for `paths[k % len]`)
/// over `conc` keep-alive connections; prints req/s and latency percentiles.
async fn load_paths(addr: std::net::SocketAddr, name: &str, paths: &[String], total: usize, conc: usize) {
    let accept = if flag("--gzip") { "Accept-Encoding: gzip, br\r\n" } else { "" };
    let reqs: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| format!("GET {p} HTTP/1.1\r\nHost: bench\r\n{accept}Connection: keep-alive\r\n\r\n").into_bytes())
        .collect();
    let reqs = Arc::new(reqs);
    let left = Arc::new(AtomicUsize::new(total));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..conc {
        let (reqs, left) = (reqs.clone(), left.clone());
        tasks.push(tokio::spawn(async move {
            let s = TcpStream::connect(addr).await.expect("connect");
            s.set_nodelay(true).ok();
            let (r, mut w) = s.into_split();
            let mut r = BufReader::new(r);
            let mut lat = Vec::new();
            let mut bad = 0usize;
            while let Ok(k) = left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)) {
                let Some(req) = reqs.get(k % reqs.len().max(1)) else { break };
                let t = Instant::now();
                match exchange(&mut r, &mut w, req).await {
                    Ok(200) => lat.push(t.elapsed()),
                    _ => bad += 1,
                }
            }
            (lat, bad)
        }));
    }
    let mut lat: Vec<Duration> = Vec::with_capacity(total);
    let mut bad = 0;
    for t in tasks {
        let (l, b) = t.await.expect("task");
        lat.extend(l);
        bad += b;
    }
    let secs = started.elapsed().as_secs_f64();
    lat.sort_unstable();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1))).copied().unwrap_or_default()
    };
    println!(
        "{name:<22} {total:>6} req  {:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  errors {bad}",
        lat.len() as f64 / secs,
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        lat.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}

fn main() -> anyhow::Result<()> {
    let n = arg("--articles", 10_000);
    let total = arg("--requests", 20_000);
    let conc = arg("--concurrency", 32);
    let ingest = arg("--ingest", 1_000);
    let batch = arg("--batch", 100).max(1);
    let pace = Duration::from_millis(arg("--pace", 0) as u64);
    let spread = arg("--spread", 200);
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("load.db");
    let mut stored_count = n;
    if let Some(src) = arg_str("--db") {
        // a copy (with its WAL, if any), so that the POSTs leave `src` as it was
        let t = Instant::now();
        std::fs::copy(&src, &db).map_err(|e| anyhow::anyhow!("cannot copy {src}: {e}"))?;
        let wal = format!("{src}-wal");
        if std::path::Path::new(&wal).exists() {
            std::fs::copy(&wal, dir.path().join("load.db-wal"))?;
        }
        let store = Store::open(&db)?;
        stored_count = store.count()?;
        println!(
            "setup: copied {src} in {:.1} s ({} articles, {} stories)",
            t.elapsed().as_secs_f64(),
            store.count()?,
            newsfold_engine::read::story_count(&store)?
        );
    } else {
        let t = Instant::now();
        let mut store = Store::open(&db)?;
        let all: Vec<Article> = (0..n).map(|i| article(i, "a")).collect();
        let generated = t.elapsed().as_secs_f64();
        for c in all.chunks(5000) {
            store.insert_batch(c, &[])?;
        }
        let stored = t.elapsed().as_secs_f64() - generated;
        let t = Instant::now();
        let s = newsfold_engine::analyze(&mut store)?;
        println!(
            "setup: {n} articles generated in {generated:.1} s, stored in {stored:.1} s, analysed in {:.1} s \
             ({} stories, {} duplicate clusters)",
            t.elapsed().as_secs_f64(),
            s.stories,
            s.duplicate_clusters
        );
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let mut opts = ServeOptions::new(&db);
        opts.addr = addr;
        opts.public = true;
        opts.token = Some(TOKEN.into());
        opts.request_timeout = Duration::from_secs(600);
        if flag("--no-cache") {
            opts.page_cache_entries = 0;
        }
        let t = Instant::now();
        tokio::spawn(async move { newsfold_server::serve_on(listener, opts).await });
        tokio::time::sleep(Duration::from_millis(200)).await;
        // the server builds the live-ingestion state at start (in the background)
        while status(addr).await?["live_ready"] != true {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        println!("live state ready {:.1} s after start (dedup index + story replay over {stored_count} articles)", t.elapsed().as_secs_f64());
        // the biggest stories (the first is the slowest page)
        let biggest: Vec<String> = {
            let store = Store::open(&db)?;
            newsfold_engine::read::stories(&store, newsfold_engine::read::StorySort::Biggest, None, spread.max(1), 0)?
                .into_iter()
                .map(|s| s.id)
                .collect()
        };
        let story = biggest.first().cloned().unwrap_or_default();
        println!(
            "biggest story {story:?}: {} articles; {} bytes of story page",
            {
                let store = Store::open(&db)?;
                newsfold_engine::read::story(&store, &story)?.map(|d| d.article_list.len()).unwrap_or(0)
            },
            {
                let s = TcpStream::connect(addr).await?;
                let (r, mut w) = s.into_split();
                let mut r = BufReader::new(r);
                let req = format!("GET /stories/{story} HTTP/1.1\r\nHost: bench\r\nConnection: keep-alive\r\n\r\n");
                exchange_body(&mut r, &mut w, req.as_bytes()).await?.1.len()
            }
        );
        println!("server on {addr}; {total} requests per scenario, {conc} connections");
        if total > 0 {
            load(addr, "GET /api/stories", "/api/stories?limit=50", total, conc).await;
            load(addr, "GET /api/stories/{id}", &format!("/api/stories/{story}"), total, conc).await;
            load(addr, "GET / (front page)", "/", total, conc).await;
            load(addr, "GET /stories/{id} (UI)", &format!("/stories/{story}"), total, conc).await;
            if spread > 1 {
                let pages: Vec<String> = biggest.iter().map(|id| format!("/stories/{id}")).collect();
                let name = format!("GET /stories/ x{}", pages.len());
                load_paths(addr, &name, &pages, total, conc).await;
                let api: Vec<String> = biggest.iter().map(|id| format!("/api/stories/{id}")).collect();
                let name = format!("GET /api/stories/ x{}", api.len());
                load_paths(addr, &name, &api, total, conc).await;
            }
            load(addr, "GET /api/search?q=", "/api/search?q=harbour%20ferry&limit=20", total, conc).await;
        }
        // Ingestion over HTTP: sequential batches (writes are serialised anyway).
        let s = TcpStream::connect(addr).await?;
        let (r, mut w) = s.into_split();
        let mut r = BufReader::new(r);
        let started = Instant::now();
        let mut done = 0;
        let mut lat = Vec::new();
        let (mut with_story, mut with_dup) = (0usize, 0usize);
        // what the live path answered, to compare with the full analysis later
        let mut live_story: Vec<(String, String, bool)> = Vec::new();
        let stored_before = story_rows(&db)?;
        while done < ingest {
            let arts: Vec<Article> = (done..(done + batch).min(ingest)).map(|i| article(n + i, "new")).collect();
            let body = serde_json::to_vec(&arts)?;
            let mut req = format!(
                "POST /api/articles HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            req.extend_from_slice(&body);
            let t = Instant::now();
            let (st, resp) = exchange_body(&mut r, &mut w, &req).await?;
            lat.push(t.elapsed());
            anyhow::ensure!(st == 201, "ingest answered {st}");
            let v: serde_json::Value = serde_json::from_slice(&resp)?;
            for x in v["results"].as_array().into_iter().flatten() {
                with_story += usize::from(x["story"].is_string());
                if let (Some(id), Some(st)) = (x["id"].as_str(), x["story"].as_str()) {
                    let dup = x["related"].as_array().is_some_and(|r| !r.is_empty());
                    live_story.push((id.to_string(), st.to_string(), dup));
                }
                with_dup += usize::from(x["related"].as_array().is_some_and(|r| !r.is_empty()));
            }
            done += arts.len();
            if !pace.is_zero() && done < ingest {
                tokio::time::sleep(pace).await;
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let during = status(addr).await?;
        lat.sort_unstable();
        let pct = |p: f64| {
            lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1))).copied().unwrap_or_default()
        };
        println!(
            "POST /api/articles     {ingest} articles in batches of {batch} (pace {} ms): {:.0} articles/s, per batch p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms (live path; background analysis pending afterwards: {})",
            pace.as_millis(),
            ingest as f64 / secs,
            pct(0.5).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3,
            lat.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
            during["analysis_pending"]
        );
        println!("                       answers: {with_story} with a story, {with_dup} with a duplicate found");
        // the background analysis converges: poll until nothing is pending
        let t = Instant::now();
        let last = loop {
            let v = status(addr).await?;
            if v["analysis_pending"] == false {
                break v;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        };
        println!(
            "background analysis    converged {:.1} s after the last POST ({} runs, last one {:.1} s; {} of {} articles analysed; error: {})",
            t.elapsed().as_secs_f64(),
            last["analysis_runs"],
            last["last_analysis_seconds"].as_f64().unwrap_or(0.0),
            last["analysed"],
            last["articles"],
            last["last_analysis_error"]
        );
        // did the full analysis keep the stories the live path answered with,
        // and the stories of the articles stored before?
        let after = story_rows(&db)?;
        let kept = live_story.iter().filter(|(id, st, _)| after.get(id) == Some(st)).count();
        let dups = live_story.iter().filter(|x| x.2).count();
        let kept_dups = live_story.iter().filter(|(id, st, dup)| *dup && after.get(id) == Some(st)).count();
        let moved_before =
            stored_before.iter().filter(|(id, st)| after.get(*id).is_some_and(|now| now != *st)).count();
        println!(
            "story agreement        {kept} of {} live answers kept their story in the full analysis ({kept_dups} of the {dups} with a duplicate); {moved_before} of {} articles stored before changed story",
            live_story.len(),
            stored_before.len()
        );
        anyhow::Ok(())
    })?;
    Ok(())
}
