//! # newsfold-engine
//!
//! The analysis pipeline and the read model. Front ends (CLI, HTTP server)
//! never call the analysis crates on stored data directly: they call
//! [`compute`] (pure, over a slice of articles), [`analyze`] (recompute every
//! analysis over the store and persist the results), [`ingest_articles`]
//! (store, re-analyse everything, return what was found: simple and exact,
//! used by the CLI), or the [`live`] path (a [`LiveState`] places new articles
//! at once — duplicates, story, quotes, facts — while [`prepare_analysis`] /
//! [`commit_analysis`] re-run the full analysis in the background; used by
//! `POST /api/articles`), and read results back through [`read`].
//!
//! Data flow: `Store` articles → dedup (exact/near-duplicate clusters) →
//! reuse (aligned passages, rewrites, copy graph, passage clusters) → stories
//! (online clustering, duplicate families kept together) → quotes
//! (extraction, clusters, mutations) → facts (disagreements) → digest per
//! story. Results land in the `analysis`, `pairs`, `stories`,
//! `quote_clusters` and `passage_clusters` tables.

mod corpus;
pub mod heap;
mod held;
mod kept;
pub mod live;
pub mod pipeline;
pub mod read;

pub use live::{LiveState, PreparedAnalysis, commit_analysis, prepare_analysis};
pub use pipeline::{
    AnalysisSummary, ArticleResult, IngestedArticle, PairRow, PassageClusterRow, PassageOccurrenceRow, QuoteClusterRow,
    Results, Rows, StoryRow, analyze, compute, compute_into, ingest_articles,
};

/// Errors of the engine.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] newsfold_store::StoreError),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored analysis for {what} is corrupt: {source}")]
    Json { what: String, source: serde_json::Error },
    #[error("writing the analysis failed: {0}")]
    Writer(String),
}

pub type Result<T> = std::result::Result<T, EngineError>;
