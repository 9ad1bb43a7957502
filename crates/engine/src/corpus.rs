//! The articles an analysis runs over, and where their texts come from.
//!
//! A stored corpus keeps only its articles' metadata (id, title, date,
//! outlet, url) in memory: every stage reads the texts it is about to use
//! from the store snapshot the metadata came from, a chunk at a time
//! (sketching, indexing, extraction) or a block at a time (the articles of a
//! block of candidate pairs), so a million articles' 3.4 GB of text is never
//! all in memory. A corpus given as a slice (stateless runs, tests) is read
//! in place. The results are the same either way.

use std::borrow::Cow;
use std::sync::Mutex;

use newsfold_core::{Article, ArticleSource};
use newsfold_store::{SnapshotReader, StoreError};

/// The articles of one analysis (see the module docs).
pub(crate) struct Corpus<'a> {
    articles: Cow<'a, [Article]>,
    /// Where the texts are read from, each article's key there and its
    /// text's length in bytes; `None` when the articles hold their texts.
    source: Option<Stored>,
    /// The first failure to read texts: the analysis must not be kept.
    error: Mutex<Option<StoreError>>,
}

struct Stored {
    reader: Mutex<SnapshotReader>,
    keys: Vec<i64>,
    lens: Vec<usize>,
}

impl<'a> Corpus<'a> {
    /// Articles holding their texts.
    pub(crate) fn resident(articles: &'a [Article]) -> Self {
        Corpus { articles: Cow::Borrowed(articles), source: None, error: Mutex::new(None) }
    }

    /// Owned articles holding their texts.
    pub(crate) fn owned(articles: Vec<Article>) -> Corpus<'static> {
        Corpus { articles: Cow::Owned(articles), source: None, error: Mutex::new(None) }
    }

    /// The articles of `reader`'s snapshot, their texts left in the store.
    pub(crate) fn stored(reader: SnapshotReader) -> Result<Corpus<'static>, StoreError> {
        let (articles, keys, lens) = reader.articles_without_text()?;
        let source = Stored { reader: Mutex::new(reader), keys, lens };
        Ok(Corpus { articles: Cow::Owned(articles), source: Some(source), error: Mutex::new(None) })
    }

    /// The first failure to read texts, if any.
    pub(crate) fn take_error(&self) -> Option<StoreError> {
        self.error.lock().ok().and_then(|mut e| e.take())
    }
}

impl ArticleSource for Corpus<'_> {
    fn articles(&self) -> &[Article] {
        &self.articles
    }

    fn texts_resident(&self) -> bool {
        self.source.is_none()
    }

    /// Borrowed when the articles hold their texts, read otherwise. A failed
    /// read is remembered ([`Corpus::take_error`]) and gives empty texts, so
    /// the caller's analysis goes on and is then discarded.
    fn load(&self, idx: &[usize]) -> Vec<Cow<'_, Article>> {
        let arts: &[Article] = &self.articles;
        let meta = idx.iter().filter_map(|&i| arts.get(i));
        let Some(stored) = &self.source else {
            return meta.map(Cow::Borrowed).collect();
        };
        let want: Vec<i64> = idx.iter().filter_map(|&i| stored.keys.get(i).copied()).collect();
        let texts = match stored.reader.lock() {
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

    fn text_len(&self, i: usize) -> usize {
        match &self.source {
            Some(s) => s.lens.get(i).copied().unwrap_or(0),
            None => self.articles.get(i).map_or(0, |a| a.text.len()),
        }
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
    fn a_stored_corpus_reads_its_texts_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("c.db")).unwrap();
        let mut arts: Vec<Article> =
            (0..20).map(|i| art(&format!("a{i:02}"), &format!("Tide table {i} \u{2014} high water."))).collect();
        arts.push(art("empty", ""));
        store.insert_batch(&arts, &[]).unwrap();
        let corpus = Corpus::stored(store.snapshot_reader().unwrap().unwrap()).unwrap();
        assert_eq!(corpus.articles().len(), 21);
        assert!(corpus.articles().iter().all(|a| a.text.is_empty()));
        assert_eq!(corpus.articles()[3].title.as_deref(), Some("On a03"));
        assert_eq!(corpus.text_len(4), arts[4].text.len());
        // a run of consecutive articles (one range read), then scattered ones
        let run: Vec<usize> = (2..14).collect();
        let got: Vec<String> = corpus.load(&run).into_iter().map(|a| a.text.clone()).collect();
        assert_eq!(got, run.iter().map(|&i| arts[i].text.clone()).collect::<Vec<_>>());
        let back = corpus.load(&[20, 0, 7]);
        let texts: Vec<&str> = back.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["", arts[0].text.as_str(), &arts[7].text]);
        assert_eq!(back[1].id, "a00");
        assert!(corpus.take_error().is_none());
    }

    #[test]
    fn an_unreadable_text_is_reported_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("c.db")).unwrap();
        store.insert_batch(&[art("a", "One."), art("b", "Two.")], &[]).unwrap();
        let mut corpus = Corpus::stored(store.snapshot_reader().unwrap().unwrap()).unwrap();
        if let Some(s) = corpus.source.as_mut() {
            s.keys[1] = 9_999;
        }
        let back = corpus.load(&[0, 1]);
        assert_eq!(back.len(), 2);
        assert!(back.iter().all(|a| a.text.is_empty()));
        assert!(corpus.take_error().is_some_and(|e| e.to_string().contains("#9999")));
    }

    #[test]
    fn a_resident_corpus_lends_its_articles() {
        let arts = [art("a", "One."), art("b", "Two.")];
        let corpus = Corpus::resident(&arts);
        assert!(matches!(corpus.load(&[1])[0], Cow::Borrowed(a) if a.text == "Two."));
        assert_eq!(corpus.text_len(0), 4);
        let owned = Corpus::owned(arts.to_vec());
        assert_eq!(owned.load(&[0])[0].text, "One.");
    }
}
