//! # newsfold-server
//!
//! The newsfold HTTP front end: a JSON API (documented in `openapi.json`,
//! served at `/openapi.json`), live ingestion (`POST /api/articles`) and a
//! server-rendered web UI, all from one binary with embedded assets (no build
//! step, no CDN, no external fonts).
//!
//! The engine owns every analysis; this crate only presents it. Reads go
//! through [`newsfold_engine::read`] on a small pool of read-only SQLite
//! connections (WAL lets readers proceed while a writer ingests); writes go
//! through [`newsfold_engine::LiveState::ingest`] on one writer connection,
//! which answers with each article's duplicates, story, quotes and facts at
//! once; a coalesced full analysis then runs in the background (its state is
//! `GET /api/status`). All database work runs on tokio's blocking pool or the
//! analysis thread.
//!
//! Access control:
//! - write endpoints need `Authorization: Bearer <token>`; with no token
//!   configured they answer 403;
//! - read endpoints (API and UI) are open only with [`ServeOptions::public`];
//!   otherwise they need the token too (header, the `newsfold_token` cookie,
//!   or `?token=` once on a UI page, which sets the HttpOnly cookie).
//!
//! Speed: story answers (`GET /stories/{id}`, `GET /api/stories/{id}`) are
//! rendered once per *write generation* and then served from a bounded
//! in-memory LRU ([`ServeOptions::page_cache_entries`],
//! [`ServeOptions::page_cache_bytes`]); every POST and every background
//! analysis commit bumps the generation, so an answer is never older than the
//! last write (see `GET /api/status`, `page_cache`). Those answers carry a
//! weak ETag (`If-None-Match` gets 304); the embedded assets are linked by
//! versioned URLs (`/assets/style.css?v=…`, cached a year, immutable); every
//! response is gzip- or brotli-compressed when the client accepts it.
//!
//! Limits: request bodies over [`ServeOptions::max_body_bytes`] get 413, a
//! request running past [`ServeOptions::request_timeout`] gets 503; every
//! error is a JSON object `{"error": "...", "detail"?: ...}` on `/api/*`.

mod api;
mod auth;
mod cache;
mod error;
mod html;
mod state;
mod ui;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::routing::get;

pub use cache::CacheStats;
pub use error::ApiError;
pub use state::{AnalysisStatus, AppState};

/// The OpenAPI 3 description of the JSON API (also served at `/openapi.json`).
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The SQLite database (created and migrated if missing).
    pub db: PathBuf,
    /// Address to listen on (`127.0.0.1:8080`; port 0 picks a free one).
    pub addr: SocketAddr,
    /// Bearer token for write endpoints (and for reads unless `public`).
    pub token: Option<String>,
    /// Serve read endpoints (API and UI) without a token.
    pub public: bool,
    /// Largest accepted request body in bytes (default 16 MiB).
    pub max_body_bytes: usize,
    /// Per-request time limit (default 60 s); slower requests get 503.
    pub request_timeout: Duration,
    /// Most story answers (pages and JSON) kept rendered in memory (default
    /// [`DEFAULT_PAGE_CACHE_ENTRIES`]; 0 turns the cache off).
    pub page_cache_entries: usize,
    /// Most bytes of rendered story answers kept (default [`DEFAULT_PAGE_CACHE_BYTES`]).
    pub page_cache_bytes: usize,
}

/// Default body limit: 16 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Default number of cached story answers.
pub const DEFAULT_PAGE_CACHE_ENTRIES: usize = 1024;

/// Default bytes of cached story answers: 64 MiB.
pub const DEFAULT_PAGE_CACHE_BYTES: usize = 64 * 1024 * 1024;

impl ServeOptions {
    /// Options with the defaults: `127.0.0.1:8080`, no token, private, 16 MiB,
    /// 60 s, a page cache of 1024 answers and 64 MiB.
    pub fn new(db: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            public: false,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            request_timeout: Duration::from_secs(60),
            page_cache_entries: DEFAULT_PAGE_CACHE_ENTRIES,
            page_cache_bytes: DEFAULT_PAGE_CACHE_BYTES,
        }
    }
}

/// Build the application: every API route, the UI pages and the assets.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/stories", get(api::list_stories))
        .route("/stories/{id}", get(api::get_story))
        .route("/articles", axum::routing::post(api::post_articles))
        .route("/articles/{id}", get(api::get_article))
        .route("/articles/{id}/related", get(api::get_related))
        .route("/search", get(api::search))
        .route("/quotes", get(api::quotes))
        .route("/passages", get(api::passages))
        .route("/outlets", get(api::outlets))
        .route("/status", get(api::status))
        .method_not_allowed_fallback(api::method_not_allowed)
        .fallback(api::not_found);
    Router::new()
        .nest("/api", api)
        .route("/", get(ui::front))
        .route("/stories/{id}", get(ui::story))
        .route("/articles/{id}", get(ui::article))
        .route("/articles/{id}/diff/{other}", get(ui::diff))
        .route("/outlets", get(ui::outlets))
        .route("/openapi.json", get(api::openapi))
        .route("/assets/style.css", get(ui::css))
        .route("/assets/app.js", get(ui::js))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(ui::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::timeout))
        // gzip or brotli (quality 4) when the client accepts it; tiny and
        // image bodies are left alone, and so are cached story answers,
        // which carry their encodings made once (`cache::PreEncoded`)
        .layer(tower_http::compression::CompressionLayer::new().compress_when(compress_when()))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// The compression layer's rule: its defaults, except answers that decided
/// their own encoding.
fn compress_when() -> impl tower_http::compression::Predicate {
    use tower_http::compression::Predicate as _;
    tower_http::compression::DefaultPredicate::new().and(
        |_: axum::http::StatusCode, _: axum::http::Version, _: &axum::http::HeaderMap, ext: &axum::http::Extensions| {
            ext.get::<cache::PreEncoded>().is_none()
        },
    )
}

/// Open the store, bind `opts.addr` and serve until Ctrl-C.
pub async fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", opts.addr))?;
    serve_on(listener, opts).await
}

/// Like [`serve`], on an already bound listener (tests bind `127.0.0.1:0`).
pub async fn serve_on(listener: tokio::net::TcpListener, opts: ServeOptions) -> anyhow::Result<()> {
    let state = AppState::open(&opts)?;
    state.warm_up();
    let local = listener.local_addr()?;
    tracing::info!(addr = %local, public = opts.public, "newsfold serving");
    if !opts.public && opts.token.is_none() {
        tracing::warn!("no token and not --public: every endpoint will answer 403");
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
