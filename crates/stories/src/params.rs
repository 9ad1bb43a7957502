//! Tunable parameters.

use serde::{Deserialize, Serialize};

/// Parameters of the story clusterer. `Default` is tuned on the
/// `stories-headlines` development split (headline-only); the full-text
/// parameters on the invented `examples/news` corpus and the seed articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryParams {
    /// Weight of the (unit-normalised) title-term component of an article vector.
    pub title_weight: f32,
    /// Weight of the body-term component.
    pub body_weight: f32,
    /// Weight of the named-entity component.
    pub entity_weight: f32,
    /// Title weight for an article with a body (full text): the headline is
    /// one line among many there.
    pub body_title_weight: f32,
    /// Entity weight for an article with a body: in long texts the names
    /// (ships, places, people) carry the event better than the vocabulary.
    pub body_entity_weight: f32,
    /// For an article with a body, this times the share of its entity weight
    /// that a story's entities cover is added to the similarity.
    pub entity_bonus: f32,
    /// Weight of the URL-slug term component (outlets often put the original
    /// headline in the URL).
    pub url_weight: f32,
    /// Only the first this-many content terms of a body are used (the lede
    /// carries the event; long tails add noise and time).
    pub body_max_terms: usize,
    /// Minimum time-decayed cosine to join an existing story.
    pub threshold: f32,
    /// Join threshold for articles with a body: full texts of one saga share
    /// much more vocabulary than headlines do, so they need a higher cosine.
    pub body_threshold: f32,
    /// A body counts as present from this many content terms.
    pub min_body_terms: usize,
    /// Merge threshold when either story has full-text members.
    pub body_merge_threshold: f32,
    /// Half-life of the time decay, in hours (0 disables decay).
    pub half_life_hours: f32,
    /// The decay never drops the similarity below this fraction of the cosine.
    pub decay_floor: f32,
    /// Burst prior: an article published within seconds of a story's latest
    /// member gets up to this much added to its (non-zero) similarity, so
    /// that wire bursts (and aggregator collections) that share only a word
    /// or two still join. Never enough on its own: some term overlap is
    /// required for a story to be a candidate at all.
    pub burst_weight: f32,
    /// Half-life of the burst prior, in seconds (0 disables it).
    pub burst_half_life_secs: f32,
    /// Fraction of the burst prior applied when comparing two stories in
    /// `merge_pass` (their activity intervals' gap is used).
    pub merge_burst_factor: f32,
    /// A story idle for more than this many days is closed to new members...
    pub idle_close_days: f32,
    /// Idle window when the article or the story has full text: follow-ups
    /// (victims named, the search goes on) come days later.
    pub body_idle_close_days: f32,
    /// ...unless the raw cosine is at least this high.
    pub reopen_threshold: f32,
    /// Centroid cosine at which `merge_pass` merges two stories.
    pub merge_threshold: f32,
    /// Centroid cosine (lower than the story threshold) for a related story.
    pub related_threshold: f32,
    /// Related stories must also share at least this many top entities.
    pub related_min_entities: usize,
    /// How many top entities of each centroid are compared for relatedness.
    pub related_entities: usize,
    /// At most this many related stories per story.
    pub max_related: usize,
    /// Features kept in a story centroid.
    pub centroid_terms: usize,
    /// Top centroid features under which a story is listed in the inverted index.
    pub index_terms: usize,
    /// Full texts: top entities under which a story is also indexed.
    pub index_entities: usize,
    /// Full texts: top entities of an article also looked up in the index.
    pub query_entities: usize,
    /// Top query features looked up in the inverted index.
    pub query_terms: usize,
    /// Most recent entries scanned per posting list.
    pub posting_scan: usize,
    /// Candidates scored exactly per assignment.
    pub max_candidates: usize,
    /// `cluster_articles` runs a merge pass every this many articles (and at the end).
    pub merge_every: usize,
}

impl Default for StoryParams {
    fn default() -> Self {
        StoryParams {
            title_weight: 1.0,
            body_weight: 0.8,
            entity_weight: 0.5,
            body_title_weight: 0.5,
            body_entity_weight: 1.0,
            entity_bonus: 0.5,
            url_weight: 0.5,
            body_max_terms: 400,
            threshold: 0.3,
            body_threshold: 0.56,
            min_body_terms: 40,
            body_merge_threshold: 0.85,
            half_life_hours: 72.0,
            decay_floor: 0.5,
            burst_weight: 0.3,
            burst_half_life_secs: 30.0,
            merge_burst_factor: 1.0,
            idle_close_days: 0.75,
            body_idle_close_days: 3.0,
            reopen_threshold: 0.9,
            merge_threshold: 0.45,
            related_threshold: 0.1,
            related_min_entities: 2,
            related_entities: 12,
            max_related: 10,
            centroid_terms: 120,
            index_terms: 12,
            index_entities: 8,
            query_entities: 24,
            query_terms: 16,
            posting_scan: 256,
            max_candidates: 48,
            merge_every: 500,
        }
    }
}
