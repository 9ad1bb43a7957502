//! Shared server state: a small pool of reader connections, one writer with
//! the live-ingestion state beside it, and the background analysis.
//!
//! Live ingestion (`POST /api/articles`) places each article at once through
//! [`newsfold_engine::LiveState`] and then asks for a full analysis in the
//! background. Requests are coalesced: at most one analysis runs; requests
//! that arrive while it runs make exactly one more run afterwards. A run
//! computes on its own connection without the writer lock
//! ([`newsfold_engine::prepare_analysis`]) and takes the lock only to persist
//! and swap in the matching live state ([`newsfold_engine::commit_analysis`]).
//!
//! Every write (a POST's ingestion, an analysis commit) bumps the **write
//! generation** once it has committed; the page cache ([`crate::cache`])
//! keys its answers by it, so no answer rendered before a write is served
//! after it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use newsfold_core::Article;
use newsfold_engine::{IngestedArticle, LiveState};
use newsfold_store::Store;
use serde::Serialize;

use crate::ServeOptions;
use crate::cache::{CacheStats, Cached, Key, PageCache};
use crate::error::ApiError;

/// Number of reader connections (SQLite WAL allows concurrent readers).
const READERS: usize = 4;

/// Everything a request handler needs. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    readers: Vec<Mutex<Store>>,
    next: AtomicUsize,
    writer: Mutex<Writer>,
    /// The database file (the background analysis opens its own connection).
    db: PathBuf,
    analysis: Mutex<AnalysisState>,
    /// Whether the live state has been built.
    live_ready: AtomicBool,
    /// Writes committed since the server started (see [`crate::cache`]).
    generation: AtomicU64,
    /// Rendered story pages and story JSON of the current generation.
    cache: PageCache,
    /// `(generation, stories, articles)`: the store's counts, taken once per
    /// write generation (each count scans an index: ~2 ms at 75k stories,
    /// which was most of a story-list request's CPU at 100k articles).
    counts: Mutex<Option<(u64, usize, usize)>>,
    token: Option<String>,
    public: bool,
    max_body_bytes: usize,
    request_timeout: Duration,
}

impl AppState {
    /// Open the database named in `opts` (one writer, a few readers, all on
    /// the same file) and take the access settings from it.
    pub fn open(opts: &ServeOptions) -> anyhow::Result<AppState> {
        // The writer opens first so that migrations run once, before readers.
        let writer = Store::open(&opts.db)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            readers.push(Mutex::new(Store::open(&opts.db)?));
        }
        Ok(AppState {
            inner: Arc::new(Inner {
                readers,
                next: AtomicUsize::new(0),
                writer: Mutex::new(Writer { store: writer, live: None }),
                db: opts.db.clone(),
                analysis: Mutex::new(AnalysisState::default()),
                live_ready: AtomicBool::new(false),
                generation: AtomicU64::new(0),
                cache: PageCache::new(opts.page_cache_entries, opts.page_cache_bytes),
                counts: Mutex::new(None),
                token: opts.token.clone().filter(|t| !t.is_empty()),
                public: opts.public,
                max_body_bytes: opts.max_body_bytes,
                request_timeout: opts.request_timeout,
            }),
        })
    }

    /// The configured token, if any.
    pub(crate) fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }

    /// Whether reads need no token.
    pub(crate) fn public(&self) -> bool {
        self.inner.public
    }

    pub(crate) fn max_body_bytes(&self) -> usize {
        self.inner.max_body_bytes
    }

    pub(crate) fn request_timeout(&self) -> Duration {
        self.inner.request_timeout
    }

    /// The write generation: read it *before* reading the database, and
    /// cache what was read under it.
    pub(crate) fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::SeqCst)
    }

    /// Stories and articles stored, counted once per write generation.
    pub(crate) fn counts(&self, db: &Store) -> Result<(usize, usize), ApiError> {
        let generation = self.generation();
        if let Ok(c) = self.inner.counts.lock()
            && let Some((g, stories, articles)) = *c
            && g == generation
        {
            return Ok((stories, articles));
        }
        let stories = newsfold_engine::read::story_count(db)?;
        let articles = db.count()?;
        if let Ok(mut c) = self.inner.counts.lock() {
            *c = Some((generation, stories, articles));
        }
        Ok((stories, articles))
    }

    /// The page cache's counters (also in `GET /api/status` as `page_cache`).
    pub fn cache_stats(&self) -> CacheStats {
        self.inner.cache.stats()
    }

    /// The answer for `key`: from the page cache when this generation
    /// rendered it already, else rendered by `render` on a reader and
    /// stored. Concurrent misses of one key render it once (the others wait
    /// for it, then read it from the cache).
    pub(crate) async fn cached<F>(&self, key: Key, render: F) -> Result<Cached, ApiError>
    where
        F: FnOnce(&Store) -> Result<Cached, ApiError> + Send + 'static,
    {
        let cache = &self.inner.cache;
        // read before the database: what is rendered is at least this new
        if let Some(c) = cache.get(&key, self.generation()) {
            return Ok(c);
        }
        let gate = cache.gate(&key);
        let _rendering = gate.lock().await;
        let generation = self.generation();
        if let Some(c) = cache.get(&key, generation) {
            return Ok(c);
        }
        let rendered = self.read(render).await;
        if let Ok(c) = &rendered {
            cache.insert(key.clone(), generation, c.clone());
        }
        cache.release_gate(&key, &gate);
        rendered
    }

    /// Run `f` on a reader connection on the blocking pool.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let n = inner.readers.len().max(1);
            let start = inner.next.fetch_add(1, Ordering::Relaxed);
            // Take the first free connection, else wait on the round-robin one.
            for k in 0..n {
                if let Some(m) = inner.readers.get((start + k) % n) {
                    match m.try_lock() {
                        Ok(store) => return f(&store),
                        Err(std::sync::TryLockError::Poisoned(e)) => return f(&e.into_inner()),
                        Err(std::sync::TryLockError::WouldBlock) => {}
                    }
                }
            }
            let m = inner.readers.get(start % n).ok_or_else(|| ApiError::internal("no reader connection"))?;
            // A panic in an earlier request leaves the connection usable.
            let store = m.lock().unwrap_or_else(|e| e.into_inner());
            f(&store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
    }

    /// Live ingestion on the writer: store `articles`, analyse each at once
    /// (building the live state first if needed), then schedule a full
    /// analysis in the background.
    pub(crate) async fn ingest(&self, articles: Vec<Article>) -> Result<Vec<IngestedArticle>, ApiError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let results = {
                let mut w = inner.writer.lock().unwrap_or_else(|e| e.into_inner());
                let Writer { store, live } = &mut *w;
                let live = match live {
                    Some(l) => l,
                    None => {
                        let built = build_live(store)?;
                        inner.live_ready.store(true, Ordering::Relaxed);
                        live.insert(built)
                    }
                };
                let results = live.ingest(store, articles);
                // even a failed ingestion may have stored some rows
                bump_generation(&inner);
                results?
            };
            // scheduled here, not after the await: a request that times out
            // still stored its articles, and they must still be analysed
            schedule_analysis(&inner);
            Ok(results)
        })
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
    }

    /// Build the live state now (in a background thread) instead of on the
    /// first POST, and schedule a full analysis when some stored articles
    /// have never been analysed. Called when the server starts.
    pub fn warm_up(&self) {
        let inner = self.inner.clone();
        let spawned = std::thread::Builder::new().name("newsfold-warm-up".into()).spawn(move || {
            let unanalysed = {
                let mut w = inner.writer.lock().unwrap_or_else(|e| e.into_inner());
                if w.live.is_none() {
                    match build_live(&w.store) {
                        Ok(l) => {
                            w.live = Some(l);
                            inner.live_ready.store(true, Ordering::Relaxed);
                        }
                        Err(e) => tracing::error!(error = %e.message, "cannot build the live state"),
                    }
                }
                w.store
                    .conn()
                    .query_row("SELECT (SELECT count(*) FROM articles) > (SELECT count(*) FROM analysis)", [], |r| {
                        r.get::<_, bool>(0)
                    })
                    .unwrap_or(false)
            };
            if unanalysed {
                schedule_analysis(&inner);
            }
        });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start the warm-up thread");
        }
    }

    /// Where the background analysis stands.
    pub fn status(&self) -> AnalysisStatus {
        let st = self.inner.analysis.lock().unwrap_or_else(|e| e.into_inner()).clone();
        AnalysisStatus {
            analysis_pending: st.running || st.rerun,
            analysis_running: st.running,
            analysis_runs: st.runs,
            last_analysis: st.last_finished,
            last_analysis_seconds: st.last_seconds,
            last_analysis_error: st.last_error,
            live_ready: self.inner.live_ready.load(Ordering::Relaxed),
        }
    }
}

/// The writer connection and the live-ingestion state that goes with it.
struct Writer {
    store: Store,
    live: Option<LiveState>,
}

/// Bookkeeping of the coalesced background analysis.
#[derive(Debug, Clone, Default)]
struct AnalysisState {
    /// A run is in progress.
    running: bool,
    /// Asked for again while running: one more run follows.
    rerun: bool,
    /// Runs completed (successfully or not).
    runs: u64,
    last_finished: Option<DateTime<Utc>>,
    last_seconds: Option<f64>,
    last_error: Option<String>,
}

/// The state of the background analysis, as `GET /api/status` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysisStatus {
    /// A full analysis is running or will run: families, alignment, quote
    /// clusters, digests and disagreements of recently ingested articles are
    /// not final yet (their duplicates, story, quotes and facts are).
    pub analysis_pending: bool,
    /// A full analysis is running right now.
    pub analysis_running: bool,
    /// Background analyses finished since the server started.
    pub analysis_runs: u64,
    /// When the last background analysis finished.
    pub last_analysis: Option<DateTime<Utc>>,
    /// How long it took, in seconds.
    pub last_analysis_seconds: Option<f64>,
    /// Its error, if it failed (the next ingestion retries).
    pub last_analysis_error: Option<String>,
    /// Whether the live-ingestion state is built (the first POST builds it otherwise).
    pub live_ready: bool,
}

fn build_live(store: &Store) -> Result<LiveState, ApiError> {
    let t = Instant::now();
    let live = LiveState::build(store)?;
    tracing::info!(articles = live.len(), seconds = t.elapsed().as_secs_f64(), "live state built");
    Ok(live)
}

/// A write committed: later reads must not be answered from the cache.
fn bump_generation(inner: &Inner) {
    let g = inner.generation.fetch_add(1, Ordering::SeqCst) + 1;
    inner.cache.advance(g);
}

/// Ask for a full analysis: start one, or mark one more run if one is going.
fn schedule_analysis(inner: &Arc<Inner>) {
    {
        let mut st = inner.analysis.lock().unwrap_or_else(|e| e.into_inner());
        if st.running {
            st.rerun = true;
            return;
        }
        st.running = true;
    }
    let worker = inner.clone();
    let spawned = std::thread::Builder::new().name("newsfold-analysis".into()).spawn(move || analysis_loop(&worker));
    if let Err(e) = spawned {
        let mut st = inner.analysis.lock().unwrap_or_else(|e| e.into_inner());
        st.running = false;
        st.last_error = Some(format!("cannot start the analysis thread: {e}"));
    }
}

fn analysis_loop(inner: &Arc<Inner>) {
    loop {
        let t = Instant::now();
        let outcome = run_analysis(inner);
        let mut st = inner.analysis.lock().unwrap_or_else(|e| e.into_inner());
        st.runs += 1;
        st.last_finished = Some(Utc::now());
        st.last_seconds = Some(t.elapsed().as_secs_f64());
        st.last_error = outcome.err();
        if let Some(e) = &st.last_error {
            tracing::error!(error = %e, "background analysis failed");
        }
        if st.rerun {
            st.rerun = false;
        } else {
            st.running = false;
            return;
        }
    }
}

/// The background analysis's thread pool (created once; `None` if the OS
/// refuses threads, and the global pool is used).
fn analysis_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| rayon::ThreadPoolBuilder::new().thread_name(|i| format!("newsfold-analysis-{i}")).build().ok())
        .as_ref()
}

/// One full analysis: compute on a connection of its own, then persist and
/// swap the live state under the writer lock.
fn run_analysis(inner: &Arc<Inner>) -> Result<(), String> {
    // The analysis gets a thread pool of its own: in rayon's global pool its
    // long parallel stages would queue the live path's small parallel jobs
    // (quotes, facts, sketches of a POST) behind them for seconds. Two pools
    // share the cores through the OS scheduler instead.
    let prepare = || -> Result<newsfold_engine::PreparedAnalysis, String> {
        let reader = Store::open(&inner.db).map_err(|e| e.to_string())?;
        newsfold_engine::prepare_analysis(&reader).map_err(|e| e.to_string())
    };
    let prepared = match analysis_pool() {
        Some(pool) => pool.install(prepare)?,
        None => prepare()?,
    };
    let mut w = inner.writer.lock().unwrap_or_else(|e| e.into_inner());
    let committed = newsfold_engine::commit_analysis(&mut w.store, prepared);
    bump_generation(inner);
    let (live, summary) = committed.map_err(|e| e.to_string())?;
    w.live = Some(live);
    inner.live_ready.store(true, Ordering::Relaxed);
    tracing::info!(articles = summary.articles, seconds = summary.seconds, "background analysis done");
    Ok(())
}
