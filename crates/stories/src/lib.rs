//! # newsfold-stories
//!
//! Online (single-pass) clustering of news articles into **stories**, with
//! stable ids, readable labels and a coarser "related stories" level. Pure
//! library: no I/O; persist a [`StoryClusterer`] with serde (or
//! [`StoryClusterer::snapshot`] / [`StoryClusterer::restore`]).
//!
//! ## Algorithm
//!
//! 1. **Features** ([`text`]): title and body are tokenised with
//!    `newsfold_core::tokenize`, folded, stopwords removed and lightly stemmed
//!    (plural and `-ing`/`-ed`). A headline ending in an aggregator cut
//!    (`  ...`) loses its last, probably partial, word. Named entities come
//!    from a capitalised-name heuristic (runs of capitalised words, without
//!    sentence-initial function words or lone sentence-initial words, and
//!    nothing from Title Case lines); a multi-word name also yields its last
//!    word (`Alec Baldwin` → `baldwin`).
//! 2. **Weights**: sublinear TF × IDF, where document frequencies are updated
//!    as articles arrive (incremental IDF: an article is weighted with the
//!    statistics of everything seen so far, itself included). The title,
//!    body and entity components are each unit-normalised, weighted by
//!    [`StoryParams::title_weight`], [`StoryParams::body_weight`] and
//!    [`StoryParams::entity_weight`], summed and normalised again, so
//!    headline-only and full-text articles live on the same scale. A full
//!    text (at least [`StoryParams::min_body_terms`] body terms) uses
//!    [`StoryParams::body_title_weight`] and
//!    [`StoryParams::body_entity_weight`] instead: its headline is one line
//!    among many, and the names (ships, places, people) carry the event
//!    better than the vocabulary, which dilutes over a long body.
//! 3. **Assignment**: a story's centroid is the sum of its members' vectors,
//!    truncated to [`StoryParams::centroid_terms`]. An inverted index lists each
//!    story under its centroid's top [`StoryParams::index_terms`] features; the
//!    article's top [`StoryParams::query_terms`] features retrieve candidates
//!    (posting lists are kept in recency order and only the newest
//!    [`StoryParams::posting_scan`] entries are scanned, so cost does not grow
//!    with the archive); a full text also looks up its top
//!    [`StoryParams::query_entities`] entities, and stories with full texts
//!    are also listed under their top [`StoryParams::index_entities`]
//!    entities. The best candidates are scored by
//!    `(cosine + entity_bonus · coverage) × time decay`
//!    (decay `floor + (1 - floor) · 2^(-gap / half_life)`, gap = distance
//!    from the article's date to the story's activity interval; *coverage*,
//!    for full texts only, is the share of the article's entity weight whose
//!    entities the story already mentions: a new event brings new names, a
//!    follow-up reuses the old ones). The article joins the best story
//!    scoring at least [`StoryParams::threshold`] (or
//!    [`StoryParams::body_threshold`] for full-text articles), else founds a
//!    new one. A story idle for more than [`StoryParams::idle_close_days`]
//!    ([`StoryParams::body_idle_close_days`] when the article or the story has
//!    full text: follow-ups come days later) only accepts articles with
//!    cosine ≥ [`StoryParams::reopen_threshold`]: a development later becomes
//!    a new story, linked to the old one as *related*.
//!    A duplicate-family `hint` overrides all this: the same key always joins
//!    the same story.
//! 4. **Time**: an article's time is its `date`. An undated article carries
//!    no time evidence: no decay, nothing is closed to it, and it does not
//!    stretch its story's span; it is judged on content alone. With no dates
//!    at all there is no decay and nothing closes. A timestamp at exactly midnight UTC is read
//!    as a date without a time of day, so gaps to it shrink by one day.
//!    **Burst prior**: when both the article and the story's latest member
//!    carry a real time of day, [`StoryParams::burst_weight`] ×
//!    `2^(-gap / burst_half_life_secs)` is added to a non-zero cosine, so
//!    items published (or collected by an aggregator) in the same burst join
//!    even when their headlines share a single word. Some term overlap is
//!    always required (a story must be an index candidate). Set
//!    `burst_weight = 0` for feeds where unrelated items arrive together.
//! 5. **Merging**: [`StoryClusterer::merge_pass`] compares stories touched since
//!    the last pass with their index candidates and merges pairs whose
//!    time-aware score (cosine × decay + [`StoryParams::merge_burst_factor`] ×
//!    burst prior) reaches [`StoryParams::merge_threshold`]
//!    ([`StoryParams::body_merge_threshold`] when full texts are involved) into
//!    the older story; the younger id keeps resolving through [`StoryClusterer::resolve`].
//! 6. **Related stories**: stories whose centroid cosine is at least the lower
//!    [`StoryParams::related_threshold`] and that share at least
//!    [`StoryParams::related_min_entities`] of their top entities (same people,
//!    different event).
//!
//! ## Evaluation
//!
//! `cargo run --release -p newsfold-stories --example eval_headlines` on the
//! headline-only `stories-headlines` split; `--example eval_examples` on the
//! repository's invented full-text corpus `examples/news`; `bench/stories/baseline.py` runs a
//! TF-IDF + agglomerative baseline beside it; `--example bench_assign`
//! measures per-article assignment latency on a synthetic corpus.
//!
//! ## Stable ids
//!
//! A story id is `"s"` + 16 hex digits of the xxh3 hash of its **founding
//! article's id** (salted on the rare collision). Merges keep the older
//! story's id. Processing the same input in the same order with the same
//! parameters therefore always yields the same ids: no decision depends on
//! hash-map iteration order (candidates and ties are sorted by score, then by
//! story founding order).
//!
//! ## Batch contract
//!
//! [`cluster_articles`] processes dated articles in **date order** (ties keep
//! input order), then the undated ones in input order, so that they are
//! matched against every story of the batch (see [`processing_order`]). It
//! returns one [`StoryRecord`] per input article, in input order, and the
//! summaries.

pub mod cluster;
pub mod eval;
pub mod params;
pub mod sparse;
pub mod text;

pub use cluster::{Assignment, Footprint, RawFeatures, StoryClusterer, StorySummary, Summaries};
pub use params::StoryParams;

use std::borrow::Cow;

use newsfold_core::{Article, ArticleSource};
use rayon::prelude::*;
use serde::Serialize;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum StoryError {
    /// A snapshot could not be written or read.
    #[error("story snapshot: {0}")]
    Snapshot(#[from] serde_json::Error),
}

/// One line of `newsfold stories --format jsonl`: an input article and its story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRecord {
    /// Article id.
    pub id: String,
    /// Story id (after merges).
    pub story: String,
    /// The story's label (its most central headline).
    pub story_title: String,
}

/// The order in which [`cluster_articles`] processes `articles`: dated
/// articles by date (ties in input order), then the undated ones in input
/// order. An undated article carries no time evidence, so it is matched on
/// content alone; coming last, it is matched against every story of the
/// batch, and the result does not depend on where it sat in the input.
pub fn processing_order(articles: &[Article]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| (articles.get(i).and_then(|a| a.date).is_none(), articles.get(i).and_then(|a| a.date), i));
    order
}

/// Articles whose features are extracted at a time, ahead of their assignment.
const FEATURE_CHUNK: usize = 2048;

/// Cluster a batch of articles from scratch (see the crate docs for the order).
pub fn cluster_articles(articles: &[Article], params: &StoryParams) -> (Vec<StoryRecord>, Vec<StorySummary>) {
    cluster_articles_with_hints(articles, &[], params)
}

/// Like [`cluster_articles`], with duplicate-family keys: `hints[i]` is the
/// family key of `articles[i]` (missing entries mean none). Articles sharing a
/// key always end in one story.
pub fn cluster_articles_with_hints(
    articles: &[Article],
    hints: &[Option<String>],
    params: &StoryParams,
) -> (Vec<StoryRecord>, Vec<StorySummary>) {
    cluster_articles_in(articles, hints, params)
}

/// [`cluster_articles_with_hints`] over a corpus whose texts are read a
/// chunk at a time (an [`ArticleSource`]): the articles are loaded in
/// processing order, a chunk ahead of the assignment, and dropped once
/// assigned. The result is the same as over the whole articles.
pub fn cluster_articles_in<S: ArticleSource + ?Sized>(
    src: &S,
    hints: &[Option<String>],
    params: &StoryParams,
) -> (Vec<StoryRecord>, Vec<StorySummary>) {
    let (stories, summaries) = assign_stories_in(src, hints, params);
    let titles: std::collections::HashMap<&str, &str> =
        summaries.iter().map(|s| (s.story.as_str(), s.title.as_str())).collect();
    let records = src
        .articles()
        .iter()
        .zip(stories)
        .map(|(a, story)| {
            let story_title = titles.get(story.as_str()).copied().unwrap_or("").to_string();
            StoryRecord { id: a.id.clone(), story, story_title }
        })
        .collect();
    (records, summaries)
}

/// [`cluster_articles_in`] without the records: each article's story id
/// (after merges), in input order, and the summaries. A caller that has the
/// articles at hand needs no copy of their ids and their stories' titles
/// (at 1M articles, records took ~200 MB beside the story clusterer).
pub fn assign_stories_in<S: ArticleSource + ?Sized>(
    src: &S,
    hints: &[Option<String>],
    params: &StoryParams,
) -> (Vec<String>, Vec<StorySummary>) {
    let (stories, summaries) = assign_stories_compact_in(src, hints, params);
    (stories, summaries.into_vec())
}

/// [`assign_stories_in`] with the summaries held compactly ([`Summaries`]:
/// a third of the memory at 1M articles, where they were the story pass's
/// last and highest memory peak).
pub fn assign_stories_compact_in<S: ArticleSource + ?Sized>(
    src: &S,
    hints: &[Option<String>],
    params: &StoryParams,
) -> (Vec<String>, Summaries) {
    let articles = src.articles();
    let mut c = StoryClusterer::new(params.clone());
    // each article's story, as its place in the clusterer
    let mut story_of: Vec<u32> = vec![u32::MAX; articles.len()];
    let every = params.merge_every.max(1);
    let order: Vec<usize> = processing_order(articles).into_iter().filter(|&i| i < articles.len()).collect();
    // The assignment is sequential (each article sees the stories before it);
    // the next chunk is loaded and its features extracted in parallel meanwhile.
    let extract = |chunk: &[usize]| -> (Vec<Cow<'_, Article>>, Vec<RawFeatures>) {
        let loaded = src.load(chunk);
        let feats = loaded.par_iter().map(|a| RawFeatures::of(a, params)).collect();
        (loaded, feats)
    };
    let chunks: Vec<&[usize]> = order.chunks(FEATURE_CHUNK).collect();
    let mut ready = chunks.first().map(|ch| extract(ch)).unwrap_or_default();
    let mut n = 0usize;
    for (k, chunk) in chunks.iter().enumerate() {
        let (loaded, feats) = std::mem::take(&mut ready);
        let next = chunks.get(k + 1);
        let ((), upcoming) = rayon::join(
            || {
                for ((&i, a), raw) in chunk.iter().zip(&loaded).zip(feats) {
                    let hint = hints.get(i).and_then(|h| h.as_deref());
                    story_of[i] = c.assign_place(a, raw, hint).0;
                    n += 1;
                    if n % every == 0 {
                        c.merge_pass();
                    }
                }
            },
            || next.map(|ch| extract(ch)).unwrap_or_default(),
        );
        ready = upcoming;
    }
    while c.merge_pass() > 0 {}
    let f = c.footprint();
    tracing::info!(
        stories = f.stories,
        features = f.features,
        total_mb = f.total() >> 20,
        vocab_mb = f.vocab >> 20,
        centroids_mb = f.centroids >> 20,
        entities_mb = f.entities >> 20,
        titles_mb = f.titles >> 20,
        postings_mb = f.postings >> 20,
        other_mb = f.other >> 20,
        "story model"
    );
    let stories = story_of.into_iter().map(|s| c.story_at(s).unwrap_or_default().to_string()).collect();
    (stories, c.into_compact_summaries())
}
