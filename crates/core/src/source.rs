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

    /// Whether every text is in memory already ([`ArticleSource::articles`]
    /// holds them). An analysis may then keep per-article data that is
    /// small beside a text (and costs time to recompute) instead of reading
    /// the text again; over a source that reads texts on demand, that data
    /// is what fills memory. The default (`false`) is the lean choice.
    fn texts_resident(&self) -> bool {
        false
    }
}

impl ArticleSource for [Article] {
    fn articles(&self) -> &[Article] {
        self
    }

    fn texts_resident(&self) -> bool {
        true
    }

    fn load(&self, idx: &[usize]) -> Vec<Cow<'_, Article>> {
        idx.iter().filter_map(|&i| self.get(i)).map(Cow::Borrowed).collect()
    }
}

/// The whole articles of a set of indices, read together (in index order)
/// and then found by index: for passes that need a few articles per item
/// (the two articles of each pair of a chunk of pairs).
pub struct LoadedSet<'a> {
    /// The indices read, ascending and distinct.
    idx: Vec<usize>,
    arts: Vec<Cow<'a, Article>>,
}

impl<'a> LoadedSet<'a> {
    /// Read the articles `idx` (in any order, repeats allowed) from `src`.
    pub fn load<S: ArticleSource + ?Sized>(src: &'a S, idx: impl IntoIterator<Item = usize>) -> Self {
        let mut idx: Vec<usize> = idx.into_iter().collect();
        idx.sort_unstable();
        idx.dedup();
        let arts = src.load(&idx);
        LoadedSet { idx, arts }
    }

    /// Article `i`, if it was read.
    pub fn get(&self, i: usize) -> Option<&Article> {
        self.idx.binary_search(&i).ok().and_then(|k| self.arts.get(k)).map(|a| &**a)
    }
}

/// Each index of `0..n` in chunks of `size`, for chunk-by-chunk passes.
pub fn index_chunks(n: usize, size: usize) -> impl Iterator<Item = Vec<usize>> {
    let size = size.max(1);
    (0..n).step_by(size).map(move |lo| (lo..(lo + size).min(n)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loaded_set_finds_each_article_read_once() {
        let arts: Vec<Article> =
            (0..6).map(|i| Article { id: format!("a{i}"), text: format!("Text {i}."), ..Default::default() }).collect();
        let set = LoadedSet::load(arts.as_slice(), [4, 1, 4, 9, 1]);
        assert_eq!(set.get(4).map(|a| a.text.as_str()), Some("Text 4."));
        assert_eq!(set.get(1).map(|a| a.id.as_str()), Some("a1"));
        assert!(set.get(2).is_none(), "not read");
        assert!(set.get(9).is_none(), "out of range");
        assert_eq!(index_chunks(5, 2).collect::<Vec<_>>(), [vec![0, 1], vec![2, 3], vec![4]]);
    }
}
