//! Corpora whose texts need not all be in memory at once.
//!
//! A million news articles are 3.4 GB of text. The analyses that read every
//! text read them a chunk at a time (sketching, indexing, extraction) or a
//! few at a time (the articles of a block of candidate pairs), so a corpus
//! kept in the store only needs its metadata in memory: an analysis takes an
//! [`ArticleSource`] and [`ArticleSource::load`]s the whole articles it is
//! about to read. A slice of articles is the in-memory source.

use std::borrow::Cow;

use crate::Article;

/// Articles with their metadata at hand and their texts read on demand.
pub trait ArticleSource: Sync {
    /// Every article in corpus order (indices below refer to it). Texts may
    /// be empty: read them with [`ArticleSource::load`].
    fn articles(&self) -> &[Article];

    /// The whole articles `idx` (indices into [`ArticleSource::articles`];
    /// out-of-range ones are left out), in that order.
    fn load(&self, idx: &[usize]) -> Vec<Cow<'_, Article>>;

    /// The length in bytes of article `i`'s text (0 if out of range).
    fn text_len(&self, i: usize) -> usize {
        self.articles().get(i).map_or(0, |a| a.text.len())
    }
}

impl ArticleSource for [Article] {
    fn articles(&self) -> &[Article] {
        self
    }

    fn load(&self, idx: &[usize]) -> Vec<Cow<'_, Article>> {
        idx.iter().filter_map(|&i| self.get(i)).map(Cow::Borrowed).collect()
    }
}

/// Each index of `0..n` in chunks of `size`, for chunk-by-chunk passes.
pub fn index_chunks(n: usize, size: usize) -> impl Iterator<Item = Vec<usize>> {
    let size = size.max(1);
    (0..n).step_by(size).map(move |lo| (lo..(lo + size).min(n)).collect())
}
