//! # newsfold-engine
//!
//! The analysis pipeline and the read model. Front ends (CLI, HTTP server)
//! never call the analysis crates on stored data directly: they call
//! [`analyze`] (recompute every analysis over the store and persist the
//! results) or [`ingest_articles`] (store new articles and return what was
//! found about them), and read results back through [`read`].
//!
//! Data flow: `Store` articles → dedup (exact/near-duplicate clusters) →
//! reuse (aligned passages, rewrites, copy graph) → stories (online
//! clustering, duplicate families kept together) → quotes (extraction,
//! clusters, mutations) → facts (disagreements) → digest per story. Results
//! land in the `analysis`, `pairs`, `stories` and `quote_clusters` tables.

pub mod live;
pub mod pipeline;
pub mod read;

pub use live::{LiveState, PreparedAnalysis, commit_analysis, prepare_analysis};
pub use pipeline::{
    AnalysisSummary, ArticleResult, IngestedArticle, PairRow, PassageClusterRow, PassageOccurrenceRow, QuoteClusterRow,
    Results, StoryRow, analyze, compute, ingest_articles,
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
}

pub type Result<T> = std::result::Result<T, EngineError>;
