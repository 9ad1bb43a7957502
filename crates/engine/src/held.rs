//! Quote clusters as the batch analysis holds them from quote clustering to
//! the per-story pass.
//!
//! A big corpus has millions of quote clusters (4.6M for 1M generated
//! articles, most of them one quote in one article), built beside the story
//! pass; each one's row names the story most of its occurrences belong to,
//! so the rows are made after it, story by story, in the pass that loads
//! each story's texts. Meanwhile a [`HeldCluster`] keeps what the row and the
//! story detail need but not the words an article already holds: an
//! occurrence whose text is its article's own chars is kept as its span (the
//! clusterer never held those words either:
//! `QuoteClusterer::dropping_own_texts`), and the canonical wording is one of
//! the occurrences'. [`HeldCluster::restore`] gives the cluster back from the
//! articles' texts. About 160 bytes for a cluster of one quote with a
//! speaker (88 + 48 + the name), instead of the ~370 of a cluster that kept
//! its texts (and ~1 KB of a `QuoteCluster`); and most clusters, one quote
//! of one article as that article's [`KeptQuote`](crate::kept::KeptQuote) has it, are held as that
//! quote's place ([`Held::Quote`], 24 bytes).

use std::collections::HashMap;

use newsfold_core::Article;
use newsfold_quotes::{Occurrence, QuoteCluster, Sources, Variant};

use crate::kept::KeptQuotes;

/// A quote cluster as a story detail reads it, without the texts its
/// articles hold.
#[derive(Debug)]
pub(crate) struct HeldCluster {
    id: ClusterId,
    canonical: Canonical,
    pub(crate) speaker: Option<Box<str>>,
    speaker_conflict: bool,
    pub(crate) occurrences: Box<[HeldOccurrence]>,
    variants: Box<[Variant]>,
}

/// A cluster id: `q` and 16 hex digits (every id the clusterer makes), kept
/// as the number.
#[derive(Debug)]
enum ClusterId {
    Hash(u64),
    Other(Box<str>),
}

/// Where the canonical wording is.
#[derive(Debug)]
enum Canonical {
    /// It is this occurrence's text.
    Occurrence(u32),
    /// Out of the occurrences (never, for the clusterer's clusters).
    Text(Box<str>),
}

/// An occurrence: its article by index into the analysed corpus.
#[derive(Debug)]
pub(crate) struct HeldOccurrence {
    pub(crate) article: u32,
    start: u32,
    end: u32,
    /// The speaker is the cluster's (most occurrences name the majority
    /// speaker: a flag instead of a copy; `speaker` is then `None`).
    cluster_speaker: bool,
    /// The text as written, `None` where it is the article's own chars
    /// `start..end`.
    text: Option<Box<str>>,
    speaker: Option<Box<str>>,
}

/// The texts a story detail has at hand: article index → its text, with
/// char offsets sliced as the quotes count them.
pub(crate) type Texts<'a> = HashMap<u32, newsfold_core::CharText<'a>>;

impl HeldCluster {
    /// Hold `c`, whose `k`-th occurrence is in `articles[at[src.items[k]]]`
    /// (its text may be empty where it is the article's own: see
    /// `QuoteClusterer::dropping_own_texts`).
    pub(crate) fn new(c: QuoteCluster, src: Sources<'_>, at: &[usize]) -> HeldCluster {
        let id = hash_id(&c.id).map_or_else(|| ClusterId::Other(c.id.as_str().into()), ClusterId::Hash);
        let canonical = match u32::try_from(src.canonical) {
            Ok(k) if src.canonical < c.occurrences.len() => Canonical::Occurrence(k),
            _ => Canonical::Text(c.canonical.as_str().into()),
        };
        let speaker = c.speaker.map(String::into_boxed_str);
        let narrow = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        let occurrences = c
            .occurrences
            .into_iter()
            .enumerate()
            .map(|(k, o)| {
                let own = src.own_text.get(k).copied().unwrap_or(false);
                let article = src.items.get(k).and_then(|&i| at.get(i)).copied().unwrap_or(usize::MAX);
                HeldOccurrence {
                    article: narrow(article),
                    start: narrow(o.start),
                    end: narrow(o.end),
                    text: (!own).then(|| o.text.into_boxed_str()),
                    cluster_speaker: o.speaker.is_some() && o.speaker.as_deref() == speaker.as_deref(),
                    speaker: o.speaker.filter(|s| speaker.as_deref() != Some(s.as_str())).map(String::into_boxed_str),
                }
            })
            .collect();
        HeldCluster {
            id,
            canonical,
            speaker,
            speaker_conflict: c.speaker_conflict,
            occurrences,
            variants: c.variants.into_boxed_slice(),
        }
    }

    /// The cluster [`HeldCluster::new`] was given, its texts put back:
    /// `articles` are the corpus its occurrences index, `texts` the texts of
    /// [`HeldCluster::text_articles`] (`None` when one is missing).
    pub(crate) fn restore(&self, articles: &[Article], texts: &Texts<'_>) -> Option<QuoteCluster> {
        let canonical = self.canonical(texts)?.to_string();
        let mut occurrences = Vec::with_capacity(self.occurrences.len());
        for o in self.occurrences.iter() {
            let a = articles.get(o.article as usize);
            occurrences.push(Occurrence {
                article: a.map(|a| a.id.clone()).unwrap_or_default(),
                outlet: a.and_then(|a| a.outlet.clone()),
                date: a.and_then(|a| a.date),
                start: o.start as usize,
                end: o.end as usize,
                text: self.text(o, texts)?.to_string(),
                speaker: self.speaker_of(o).map(str::to_string),
            });
        }
        let mut ids: Vec<&str> = occurrences.iter().map(|o| o.article.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let n_articles = ids.len();
        let first = occurrences.first();
        Some(QuoteCluster {
            id: self.id(),
            // the clusterer's canonical key is the normalised words of the
            // canonical wording, joined by spaces
            canonical_normalized: newsfold_quotes::norm_key(&canonical),
            canonical,
            speaker: self.speaker.as_deref().map(str::to_string),
            speaker_conflict: self.speaker_conflict,
            first_article: first.map(|o| o.article.clone()).unwrap_or_default(),
            first_date: first.and_then(|o| o.date),
            n_articles,
            occurrences,
            variants: self.variants.to_vec(),
        })
    }

    /// The cluster id (`q…`).
    pub(crate) fn id(&self) -> String {
        match &self.id {
            ClusterId::Hash(h) => format!("q{h:016x}"),
            ClusterId::Other(s) => s.to_string(),
        }
    }

    /// The canonical wording (`None` when its article's text is not in `texts`).
    pub(crate) fn canonical<'a>(&'a self, texts: &Texts<'a>) -> Option<&'a str> {
        match &self.canonical {
            Canonical::Occurrence(k) => self.occurrences.get(*k as usize).and_then(|o| self.text(o, texts)),
            Canonical::Text(t) => Some(t),
        }
    }

    /// An occurrence's text as written (`None` when its article's text is not
    /// in `texts`).
    pub(crate) fn text<'a>(&'a self, o: &'a HeldOccurrence, texts: &Texts<'a>) -> Option<&'a str> {
        match &o.text {
            Some(t) => Some(t),
            None => texts.get(&o.article)?.chars(o.start as usize, o.end as usize),
        }
    }

    /// An occurrence's speaker.
    pub(crate) fn speaker_of<'a>(&'a self, o: &'a HeldOccurrence) -> Option<&'a str> {
        if o.cluster_speaker { self.speaker.as_deref() } else { o.speaker.as_deref() }
    }

    /// The articles whose texts [`HeldCluster::canonical`] and
    /// [`HeldCluster::text`] read.
    pub(crate) fn text_articles(&self) -> impl Iterator<Item = u32> + '_ {
        self.occurrences.iter().filter(|o| o.text.is_none()).map(|o| o.article)
    }
}

/// A quote cluster as the batch analysis holds it until its story's turn.
///
/// Most clusters of a big corpus are one quote of one article, exactly as
/// that article's [`KeptQuote`](crate::kept::KeptQuote) keeps it (about 4M of 4.6M at 1M generated
/// articles): such a cluster is held as the place of that quote (24 bytes,
/// instead of a [`HeldCluster`]'s ~170 with its occurrence and a second copy
/// of the speaker) and [`Held::expand`]ed while its article's quotes are
/// still at hand, before they go to the article's row.
#[derive(Debug)]
pub(crate) enum Held {
    Cluster(Box<HeldCluster>),
    /// The cluster `q{id:016x}` is the `quote`-th kept quote of article
    /// `article` alone, its speaker the cluster's.
    Quote {
        id: u64,
        article: u32,
        quote: u32,
    },
}

impl Held {
    /// Hold `c` (see [`HeldCluster::new`]); `kept` are every article's kept
    /// quotes, by the index `at` maps items to.
    pub(crate) fn new(c: QuoteCluster, src: Sources<'_>, at: &[usize], kept: &KeptQuotes) -> Held {
        match Self::quote_of(&c, &src, at, kept) {
            Some(h) => h,
            None => Held::Cluster(Box::new(HeldCluster::new(c, src, at))),
        }
    }

    /// `c` as the place of the one kept quote it is, if it is one.
    fn quote_of(c: &QuoteCluster, src: &Sources<'_>, at: &[usize], kept: &KeptQuotes) -> Option<Held> {
        let [o] = c.occurrences.as_slice() else { return None };
        if !c.variants.is_empty() || c.speaker_conflict || src.canonical != 0 {
            return None;
        }
        let id = hash_id(&c.id)?;
        let own = *src.own_text.first()?;
        let article = *at.get(*src.items.first()?)?;
        // the text the cluster holds where it is not the article's own chars
        let text = (!own).then_some(o.text.as_str());
        let (start, end) = (u32::try_from(o.start).ok()?, u32::try_from(o.end).ok()?);
        let quotes = kept.of(article);
        let quote = quotes.iter().position(|k| k.start == start && k.end == end && kept.text(k) == text)?;
        let speaker = kept.speaker(quotes.get(quote)?);
        if o.speaker.as_deref() != speaker || c.speaker.as_deref() != speaker {
            return None;
        }
        Some(Held::Quote { id, article: u32::try_from(article).ok()?, quote: u32::try_from(quote).ok()? })
    }

    /// The articles of the cluster's occurrences (by index into the corpus).
    pub(crate) fn articles(&self) -> impl Iterator<Item = u32> + '_ {
        let (many, one) = match self {
            Held::Cluster(c) => (&c.occurrences[..], None),
            Held::Quote { article, .. } => (&[][..], Some(*article)),
        };
        many.iter().map(|o| o.article).chain(one)
    }

    /// The cluster id (`q…`).
    pub(crate) fn id(&self) -> String {
        match self {
            Held::Cluster(c) => c.id(),
            Held::Quote { id, .. } => format!("q{id:016x}"),
        }
    }

    /// The [`HeldCluster`] this is, its quote read from `kept` (the kept
    /// quotes it was made with; itself back when they do not have it).
    pub(crate) fn expand(self, kept: &KeptQuotes) -> Result<HeldCluster, Held> {
        let (id, article, quote) = match self {
            Held::Cluster(c) => return Ok(*c),
            Held::Quote { id, article, quote } => (id, article, quote),
        };
        let Some(k) = kept.of(article as usize).get(quote as usize) else { return Err(self) };
        let speaker: Option<Box<str>> = kept.speaker(k).map(Into::into);
        Ok(HeldCluster {
            id: ClusterId::Hash(id),
            canonical: Canonical::Occurrence(0),
            speaker_conflict: false,
            occurrences: Box::new([HeldOccurrence {
                article,
                start: k.start,
                end: k.end,
                cluster_speaker: speaker.is_some(),
                text: kept.text(k).map(Into::into),
                speaker: None,
            }]),
            speaker,
            variants: Box::default(),
        })
    }
}

/// The number of a clusterer's id (`q` and 16 hex digits), if `id` is one.
fn hash_id(id: &str) -> Option<u64> {
    id.strip_prefix('q')
        .filter(|h| h.len() == 16)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .filter(|h| format!("q{h:016x}") == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use newsfold_core::Article;
    use newsfold_core::CharText;

    fn art(id: &str, outlet: &str, hour: u32, text: &str) -> Article {
        Article {
            id: id.into(),
            outlet: Some(outlet.into()),
            date: chrono::Utc.with_ymd_and_hms(2026, 3, 14, hour, 0, 0).single(),
            text: text.into(),
            ..Default::default()
        }
    }

    /// The held forms stay as small as the module docs say (millions of
    /// them wait through the story pass).
    #[test]
    fn held_forms_stay_small() {
        assert!(std::mem::size_of::<HeldCluster>() <= 88, "{}", std::mem::size_of::<HeldCluster>());
        assert!(std::mem::size_of::<HeldOccurrence>() <= 48, "{}", std::mem::size_of::<HeldOccurrence>());
        assert!(std::mem::size_of::<Held>() <= 24, "{}", std::mem::size_of::<Held>());
    }

    /// A held cluster reads back, from its articles' texts, the canonical
    /// wording, each occurrence's text and speaker, and the id of the cluster
    /// it was made from: shared, altered and single quotes, interrupted ones
    /// (whose joined text is not the article's), differing speakers, an
    /// undated article, a quote two articles with the same id carry, and an
    /// article clustered without its text (its occurrences keep their words).
    #[test]
    fn a_held_cluster_reads_its_texts_back_from_the_articles() {
        let articles = [
            art(
                "harbour-1",
                "Coast Herald",
                6,
                "\"We will not let the harbour close while I am mayor,\" said Mayor Ines Calloway on Friday. \
                 The council's treasurer, Paul Oduya, was blunter: \"The money is simply not there.\"\n\n\
                 \"It is a sad day for the fishing families,\" Calloway added, \"but not the last one.\"",
            ),
            art(
                "harbour-2",
                "Bay Courier",
                9,
                "Mayor Ines Calloway said: \"We won't let the harbour close while I'm mayor.\" \
                 Treasurer Paul Oduya told reporters \"the money is simply not there\".",
            ),
            art(
                "harbour-3",
                "Wire Service",
                3,
                "\"We will not let the harbour close while I am mayor,\" Calloway said, according to a statement.\n\n\
                 A fisherman, Tomás Reyes, said: \"Nobody asked us what we think about any of this.\"",
            ),
            Article {
                date: None,
                ..art("harbour-4", "Night Desk", 0, "\"The money is simply not there,\" Oduya said again on Saturday.")
            },
            art("harbour-1", "Coast Herald Mirror", 7, "\"The money is simply not there,\" said Paul Oduya."),
        ];
        // the clusters as a clusterer that keeps every text builds them
        let mut whole = newsfold_quotes::QuoteClusterer::default();
        let mut c = newsfold_quotes::QuoteClusterer::dropping_own_texts();
        let mut at = Vec::new();
        for (k, a) in articles.iter().enumerate() {
            let q = newsfold_quotes::extract_quotes(&a.text);
            if q.is_empty() {
                continue;
            }
            at.push(k);
            let item = newsfold_quotes::ArticleRef { id: a.id.clone(), outlet: a.outlet.clone(), date: a.date };
            // the last article without its text
            whole.add(item.clone(), &q);
            if k + 1 < articles.len() {
                c.add_with_text(item, &q, &a.text);
            } else {
                c.add(item, &q);
            }
        }
        let held = c.finish(|cl, src| HeldCluster::new(cl, src, &at));
        let whole = whole.finish(|cl, _| cl);
        assert_eq!(held.len(), whole.len());
        let kept: Vec<(QuoteCluster, HeldCluster)> = whole.into_iter().zip(held).collect();
        assert!(kept.iter().any(|k| k.0.occurrences.len() >= 3), "a shared quote: {kept:#?}");
        assert!(kept.iter().any(|k| !k.0.variants.is_empty()), "an altered quote");
        assert!(kept.iter().any(|k| k.0.occurrences.len() == 1), "a single quote");
        assert!(kept.iter().flat_map(|k| k.1.occurrences.iter()).any(|o| o.text.is_none()), "texts left to articles");
        assert!(kept.iter().flat_map(|k| k.1.occurrences.iter()).any(|o| o.text.is_some()), "texts kept");
        let texts: Texts<'_> = articles.iter().enumerate().map(|(k, a)| (k as u32, CharText::new(&a.text))).collect();
        for (c, h) in &kept {
            assert_eq!(h.restore(&articles, &texts).as_ref(), Some(c));
            assert_eq!(h.id(), c.id);
            assert_eq!(h.canonical(&texts), Some(c.canonical.as_str()));
            assert_eq!(h.speaker.as_deref(), c.speaker.as_deref());
            assert_eq!(h.occurrences.len(), c.occurrences.len());
            for (o, ho) in c.occurrences.iter().zip(h.occurrences.iter()) {
                assert_eq!(h.text(ho, &texts), Some(o.text.as_str()));
                assert_eq!(h.speaker_of(ho), o.speaker.as_deref());
                assert_eq!(articles[ho.article as usize].id, o.article);
            }
        }
        // without the articles' texts, only the kept words read back
        let none = Texts::new();
        assert!(kept.iter().any(|(_, h)| h.canonical(&none).is_none()));
    }

    /// A cluster that is one article's kept quote alone is held as that
    /// quote's place and expands, from the kept quotes, to the cluster it
    /// was made from; the others are held whole.
    #[test]
    fn a_one_quote_cluster_is_held_as_its_quote_and_expands_back() {
        let articles = [
            art(
                "ferry-1",
                "Island Post",
                6,
                "\"The ferry will run again on Monday,\" said harbour master Lena Okafor. \
                 A passenger, Dev Moreau, said: \"I have missed three shifts already.\"\n\n\
                 \"We are sorry for the delay,\" Okafor added, \"and for the silence before it.\"",
            ),
            art(
                "ferry-2",
                "Mainland Daily",
                8,
                "Harbour master Lena Okafor said: \"The ferry will run again on Monday.\" \
                 \"Nobody told us anything,\" complained one commuter.",
            ),
            Article {
                date: None,
                ..art("ferry-3", "Night Desk", 0, "\"Anything but Monday, please,\" a café owner said.")
            },
        ];
        let mut whole = newsfold_quotes::QuoteClusterer::default();
        let mut c = newsfold_quotes::QuoteClusterer::dropping_own_texts();
        let (mut at, mut kept) = (Vec::new(), KeptQuotes::with_capacity(articles.len()));
        for (k, a) in articles.iter().enumerate() {
            let q = newsfold_quotes::extract_quotes(&a.text);
            kept.push(&q, &crate::kept::own_texts(&q, &a.text));
            if q.is_empty() {
                continue;
            }
            at.push(k);
            let item = newsfold_quotes::ArticleRef { id: a.id.clone(), outlet: a.outlet.clone(), date: a.date };
            whole.add(item.clone(), &q);
            c.add_with_text(item, &q, &a.text);
        }
        let held = c.finish(|cl, src| Held::new(cl, src, &at, &kept));
        let whole = whole.finish(|cl, _| cl);
        assert_eq!(held.len(), whole.len());
        assert!(held.iter().any(|h| matches!(h, Held::Quote { .. })), "one-quote clusters: {held:#?}");
        assert!(held.iter().any(|h| matches!(h, Held::Cluster(_))), "a shared quote: {held:#?}");
        let texts: Texts<'_> = articles.iter().enumerate().map(|(k, a)| (k as u32, CharText::new(&a.text))).collect();
        kept.seal();
        for (h, c) in held.into_iter().zip(&whole) {
            assert_eq!(h.id(), c.id);
            let mut arts: Vec<&str> = h.articles().map(|i| articles[i as usize].id.as_str()).collect();
            arts.dedup();
            assert_eq!(arts.len(), c.n_articles);
            let back = h.expand(&kept).ok().and_then(|x| x.restore(&articles, &texts));
            assert_eq!(back.as_ref(), Some(c));
        }
        // a quote not kept does not expand
        let single = Held::Quote { id: 7, article: 9, quote: 0 };
        assert!(single.expand(&kept).is_err());
    }
}
