//! The articles an analysis runs over, and where their texts come from.
//!
//! Duplicates and reuse read texts at random (any two articles may be a
//! candidate pair), so every text is in memory while they run. Every later
//! stage reads articles a chunk at a time (the story pass in processing
//! order, quote extraction in corpus order, facts and digests story by
//! story), so a stored corpus need not keep its texts: once the relations
//! are known, [`Corpus::release_texts`] drops them (at 1M articles, 3.4 GB
//! of the process's memory) and [`Corpus::load`] re-reads each chunk's texts
//! from the store snapshot the articles were loaded from. The metadata (id,
//! title, date, outlet, url) stays, and the results are the same either way.

use std::borrow::Cow;
use std::sync::Mutex;

use newsfold_core::Article;
use newsfold_store::{SnapshotReader, StoreError};

/// The articles of one analysis (see the module docs).
pub(crate) struct Corpus<'a> {
    articles: Cow<'a, [Article]>,
    /// Where texts can be re-read from: the snapshot and each article's key.
    source: Option<(Mutex<SnapshotReader>, Vec<i64>)>,
    /// Texts were dropped and [`Corpus::load`] re-reads them.
    released: bool,
    /// The first failure to re-read texts: the analysis must not be kept.
    error: Mutex<Option<StoreError>>,
}

impl<'a> Corpus<'a> {
    /// Articles whose texts stay in memory throughout.
    pub(crate) fn resident(articles: &'a [Article]) -> Self {
        Corpus { articles: Cow::Borrowed(articles), source: None, released: false, error: Mutex::new(None) }
    }

    /// Owned articles whose texts stay in memory throughout.
    pub(crate) fn owned(articles: Vec<Article>) -> Corpus<'static> {
        Corpus { articles: Cow::Owned(articles), source: None, released: false, error: Mutex::new(None) }
    }

    /// Articles loaded from `reader` (`keys[i]` is `articles[i]`'s key in it),
    /// whose texts can be released and re-read.
    pub(crate) fn stored(articles: Vec<Article>, reader: SnapshotReader, keys: Vec<i64>) -> Corpus<'static> {
        let source = (keys.len() == articles.len()).then(|| (Mutex::new(reader), keys));
        Corpus { articles: Cow::Owned(articles), source, released: false, error: Mutex::new(None) }
    }

    /// Every article (texts empty once released).
    pub(crate) fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// Drop the texts when they can be re-read (a stored corpus); otherwise
    /// keep them.
    pub(crate) fn release_texts(&mut self) {
        if self.source.is_none() {
            return;
        }
        if let Cow::Owned(v) = &mut self.articles {
            for a in v.iter_mut() {
                a.text = String::new();
            }
            self.released = true;
        }
    }

    /// The whole articles `idx` (indices into [`Corpus::articles`]), in that
    /// order: borrowed while the texts are in memory, re-read otherwise. A
    /// failed read is remembered ([`Corpus::take_error`]) and gives empty
    /// texts, so the caller's analysis goes on and is then discarded.
    pub(crate) fn load(&self, idx: &[usize]) -> Vec<Cow<'_, Article>> {
        let arts: &[Article] = &self.articles;
        let meta = idx.iter().filter_map(|&i| arts.get(i));
        let Some((reader, keys)) = self.source.as_ref().filter(|_| self.released) else {
            return meta.map(Cow::Borrowed).collect();
        };
        let want: Vec<i64> = idx.iter().filter_map(|&i| keys.get(i).copied()).collect();
        let texts = match reader.lock() {
            Ok(r) => r.texts(&want),
            Err(_) => Err(StoreError::Corrupt { id: "-".into(), what: "the text reader panicked".into() }),
        };
        let mut texts = match texts {
            Ok(t) => t.into_iter(),
            Err(e) => {
                if let Ok(mut slot) = self.error.lock() {
                    slot.get_or_insert(e);
                }
                Vec::new().into_iter()
            }
        };
        meta.map(|a| Cow::Owned(Article { text: texts.next().unwrap_or_default(), ..a.clone() })).collect()
    }

    /// The first failure to re-read texts, if any.
    pub(crate) fn take_error(&self) -> Option<StoreError> {
        self.error.lock().ok().and_then(|mut e| e.take())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsfold_store::Store;

    fn art(id: &str, text: &str) -> Article {
        Article { id: id.into(), title: Some(format!("On {id}")), text: text.into(), ..Default::default() }
    }

    #[test]
    fn released_texts_are_read_back_and_a_lost_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("c.db")).unwrap();
        let arts = [art("a", "Tides rose at dawn."), art("b", "The ferry ran late \u{2014} again."), art("c", "")];
        store.insert_batch(&arts, &[]).unwrap();
        let reader = store.snapshot_reader().unwrap().unwrap();
        let (loaded, keys) = reader.all_articles().unwrap();
        let mut corpus = Corpus::stored(loaded, reader, keys.clone());
        assert_eq!(corpus.load(&[1])[0].text, arts[1].text);
        corpus.release_texts();
        assert!(corpus.articles().iter().all(|a| a.text.is_empty()));
        let back = corpus.load(&[2, 0, 1]);
        let texts: Vec<&str> = back.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, [arts[2].text.as_str(), &arts[0].text, &arts[1].text]);
        assert_eq!(back[1].title.as_deref(), Some("On a"));
        assert!(corpus.take_error().is_none());

        // a key the snapshot does not hold: empty texts, and the error kept
        let reader = store.snapshot_reader().unwrap().unwrap();
        let (loaded, _) = reader.all_articles().unwrap();
        let mut corpus = Corpus::stored(loaded, reader, vec![keys[0], keys[1], 9_999]);
        corpus.release_texts();
        let back = corpus.load(&[0, 2]);
        assert_eq!(back.len(), 2);
        assert!(back.iter().all(|a| a.text.is_empty()));
        assert!(corpus.take_error().is_some_and(|e| e.to_string().contains("#9999")));
    }

    #[test]
    fn a_resident_corpus_keeps_its_texts() {
        let arts = [art("a", "One."), art("b", "Two.")];
        let mut corpus = Corpus::resident(&arts);
        corpus.release_texts();
        assert!(matches!(corpus.load(&[1])[0], Cow::Borrowed(a) if a.text == "Two."));
        let mut owned = Corpus::owned(arts.to_vec());
        owned.release_texts();
        assert_eq!(owned.articles()[0].text, "One.");
    }
}
