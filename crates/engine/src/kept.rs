//! Every article's quotes as the batch analysis keeps them, from quote
//! extraction to the articles' rows (through the story pass: 5.4M quotes
//! at 1M generated articles).
//!
//! A quote's words are almost always its article's own text between its
//! offsets, and its speaker is one of comparatively few names, so a kept
//! quote is four numbers (16 bytes): its offsets, its text only where it is
//! not the article's (rare, in a side list) and its speaker as an index into
//! the distinct names. All articles' quotes lie in one list. The boxed
//! quotes per article with a boxed speaker each that this replaces took
//! ~70 bytes a quote and an allocation per article and per name.

use std::collections::HashMap;

use newsfold_core::CharText;
use newsfold_quotes::Quote;

/// "None" for [`KeptQuote`]'s indices.
const NONE: u32 = u32::MAX;

/// One kept quote; read it through [`KeptQuotes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeptQuote {
    /// Char offsets in the article (offsets past `u32::MAX` are held as
    /// `u32::MAX`: a text that long is not an article).
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// Index into the texts of quotes whose words are not their article's
    /// `start..end`, or [`NONE`].
    text: u32,
    /// Index into the distinct speakers, or [`NONE`].
    speaker: u32,
}

/// Every article's quotes, by the article's index in the analysed corpus.
#[derive(Debug)]
pub(crate) struct KeptQuotes {
    quotes: Vec<KeptQuote>,
    /// Article `i`'s quotes are `quotes[ends[i - 1]..ends[i]]` (from 0 for
    /// the first article).
    ends: Vec<usize>,
    texts: Vec<Box<str>>,
    speakers: Vec<Box<str>>,
    /// Speaker → index into `speakers`, while articles are added.
    speaker_ids: HashMap<Box<str>, u32>,
}

impl KeptQuotes {
    /// No articles yet; room for `articles` of them.
    pub(crate) fn with_capacity(articles: usize) -> Self {
        KeptQuotes {
            quotes: Vec::new(),
            ends: Vec::with_capacity(articles),
            texts: Vec::new(),
            speakers: Vec::new(),
            speaker_ids: HashMap::new(),
        }
    }

    /// Keep the next article's quotes `qs`; `own[k]` says whether quote
    /// `k`'s words are the article's chars `start..end` (see
    /// [`own_texts`]).
    pub(crate) fn push(&mut self, qs: &[Quote], own: &[bool]) {
        for (k, q) in qs.iter().enumerate() {
            let narrow = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            let text = if own.get(k).copied().unwrap_or(false) {
                NONE
            } else {
                self.texts.push(q.text.as_str().into());
                narrow(self.texts.len() - 1)
            };
            let speaker = match q.speaker.as_deref() {
                None => NONE,
                Some(s) => match self.speaker_ids.get(s) {
                    Some(&i) => i,
                    None => {
                        let i = narrow(self.speakers.len());
                        self.speakers.push(s.into());
                        self.speaker_ids.insert(s.into(), i);
                        i
                    }
                },
            };
            self.quotes.push(KeptQuote { start: narrow(q.start), end: narrow(q.end), text, speaker });
        }
        self.ends.push(self.quotes.len());
    }

    /// Every article has been added: free what only adding needed.
    pub(crate) fn seal(&mut self) {
        self.speaker_ids = HashMap::new();
        self.quotes.shrink_to_fit();
        self.texts.shrink_to_fit();
        self.speakers.shrink_to_fit();
    }

    /// Number of quotes kept.
    pub(crate) fn len(&self) -> usize {
        self.quotes.len()
    }

    /// Article `i`'s quotes (none for an article not added).
    pub(crate) fn of(&self, i: usize) -> &[KeptQuote] {
        let from = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(usize::MAX) };
        let to = self.ends.get(i).copied().unwrap_or(0);
        self.quotes.get(from..to).unwrap_or_default()
    }

    /// A quote's text where it is not its article's `start..end`.
    pub(crate) fn text(&self, q: &KeptQuote) -> Option<&str> {
        self.texts.get(q.text as usize).map(|t| &**t)
    }

    /// A quote's speaker.
    pub(crate) fn speaker(&self, q: &KeptQuote) -> Option<&str> {
        self.speakers.get(q.speaker as usize).map(|t| &**t)
    }
}

/// For each of `qs` (quotes of `text`), whether its words are the text's
/// chars `start..end`.
pub(crate) fn own_texts(qs: &[Quote], text: &str) -> Vec<bool> {
    if qs.is_empty() {
        return Vec::new();
    }
    let chars = CharText::new(text);
    qs.iter().map(|q| chars.chars(q.start, q.end) == Some(q.text.as_str())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_quotes_read_back_per_article() {
        let a = "\"The bridge stays shut,\" said Ana Lima. \"Until spring,\" Lima added.";
        let b = "No quotes here.";
        let c = "Officials said \"the bridge is safe\" on Monday.";
        let mut kept = KeptQuotes::with_capacity(3);
        let mut all = Vec::new();
        for t in [a, b, c] {
            let mut qs = newsfold_quotes::extract_quotes(t);
            if t == c {
                // a quote whose words are not the text's own
                for q in &mut qs {
                    q.text = "the bridge is sound".into();
                }
            }
            kept.push(&qs, &own_texts(&qs, t));
            all.push((t, qs));
        }
        kept.seal();
        assert_eq!(kept.len(), all.iter().map(|x| x.1.len()).sum::<usize>());
        assert!(kept.of(1).is_empty());
        assert!(kept.of(3).is_empty(), "an article not added has no quotes");
        for (i, (t, qs)) in all.iter().enumerate() {
            let got = kept.of(i);
            assert_eq!(got.len(), qs.len());
            let chars = CharText::new(t);
            for (k, q) in got.iter().zip(qs) {
                assert_eq!((k.start as usize, k.end as usize), (q.start, q.end));
                let words = kept.text(k).or_else(|| chars.chars(q.start, q.end));
                assert_eq!(words, Some(q.text.as_str()));
                assert_eq!(kept.speaker(k), q.speaker.as_deref());
            }
        }
        assert_eq!(kept.texts.len(), 1, "only the quote that is not the text's own keeps words");
        // the same speaker twice is one name
        assert!(all[0].1.iter().filter(|q| q.speaker.is_some()).count() >= 1);
        assert!(kept.speakers.len() <= 2);
    }
}
