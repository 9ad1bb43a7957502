//! Quote clusters as the batch analysis holds them between quote clustering
//! and the rows stage.
//!
//! A big corpus has millions of quote clusters (4.6M for 1M generated
//! articles, most of them one quote in one article), and they wait in memory
//! while the story pass finishes, because each row names the story most of
//! its occurrences belong to. A [`QuoteCluster`] repeats what the articles
//! already hold (each occurrence's article id, outlet and date), the
//! canonical wording (normalised, in its first occurrence, in the first
//! article's fields), about 1 KB a cluster; a [`HeldCluster`] keeps only what
//! cannot be restored, about a third of that, and [`HeldCluster::restore`]
//! gives the same [`QuoteCluster`] back.

use newsfold_core::Article;
use newsfold_quotes::{Occurrence, QuoteCluster, Variant};

/// A quote cluster without what the articles hold.
#[derive(Debug)]
pub(crate) struct HeldCluster {
    pub(crate) id: Box<str>,
    pub(crate) canonical: Box<str>,
    pub(crate) speaker: Option<Box<str>>,
    speaker_conflict: bool,
    pub(crate) occurrences: Box<[HeldOccurrence]>,
    variants: Box<[Variant]>,
}

/// An occurrence: its article by index into the analysed slice.
#[derive(Debug)]
pub(crate) struct HeldOccurrence {
    pub(crate) article: usize,
    start: usize,
    end: usize,
    /// The text as written, `None` where it is the canonical wording.
    text: Option<Box<str>>,
    pub(crate) speaker: Option<Box<str>>,
}

impl HeldOccurrence {
    /// The text as written.
    pub(crate) fn text<'a>(&'a self, c: &'a HeldCluster) -> &'a str {
        self.text.as_deref().unwrap_or(&c.canonical)
    }
}

impl HeldCluster {
    /// Hold `c`, whose occurrences are in `articles[at[k]]` for the `k`-th
    /// one (the articles the cluster's occurrences were read from, in order).
    pub(crate) fn new(c: QuoteCluster, at: impl IntoIterator<Item = usize>) -> HeldCluster {
        let canonical = c.canonical;
        let occurrences = c
            .occurrences
            .into_iter()
            .zip(at)
            .map(|(o, article)| HeldOccurrence {
                article,
                start: o.start,
                end: o.end,
                text: (o.text != canonical).then(|| o.text.into_boxed_str()),
                speaker: o.speaker.map(String::into_boxed_str),
            })
            .collect();
        HeldCluster {
            id: c.id.into_boxed_str(),
            canonical: canonical.into_boxed_str(),
            speaker: c.speaker.map(String::into_boxed_str),
            speaker_conflict: c.speaker_conflict,
            occurrences,
            variants: c.variants.into_boxed_slice(),
        }
    }

    /// The cluster [`HeldCluster::new`] was given, `articles` being the same
    /// slice its occurrences index.
    pub(crate) fn restore(&self, articles: &[Article]) -> QuoteCluster {
        let occurrences: Vec<Occurrence> = self
            .occurrences
            .iter()
            .map(|o| {
                let a = articles.get(o.article);
                Occurrence {
                    article: a.map(|a| a.id.clone()).unwrap_or_default(),
                    outlet: a.and_then(|a| a.outlet.clone()),
                    date: a.and_then(|a| a.date),
                    start: o.start,
                    end: o.end,
                    text: o.text(self).to_string(),
                    speaker: o.speaker.as_deref().map(str::to_string),
                }
            })
            .collect();
        let mut ids: Vec<&str> = occurrences.iter().map(|o| o.article.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let n_articles = ids.len();
        let first = occurrences.first();
        QuoteCluster {
            id: self.id.to_string(),
            canonical: self.canonical.to_string(),
            // the clusterer's canonical key is the normalised words of the
            // canonical wording, joined by spaces
            canonical_normalized: newsfold_quotes::norm_key(&self.canonical),
            speaker: self.speaker.as_deref().map(str::to_string),
            speaker_conflict: self.speaker_conflict,
            first_article: first.map(|o| o.article.clone()).unwrap_or_default(),
            first_date: first.and_then(|o| o.date),
            n_articles,
            occurrences,
            variants: self.variants.to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn art(id: &str, outlet: &str, hour: u32, text: &str) -> Article {
        Article {
            id: id.into(),
            outlet: Some(outlet.into()),
            date: chrono::Utc.with_ymd_and_hms(2026, 3, 14, hour, 0, 0).single(),
            text: text.into(),
            ..Default::default()
        }
    }

    /// Holding a cluster and restoring it gives the cluster back: shared,
    /// altered and single quotes, interrupted ones, differing speakers, an
    /// undated article and a quote two articles with the same id carry.
    #[test]
    fn restore_gives_the_held_cluster_back() {
        let articles = vec![
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
                 A fisherman, Tomas Reyes, said: \"Nobody asked us what we think about any of this.\"",
            ),
            Article {
                date: None,
                ..art("harbour-4", "Night Desk", 0, "\"The money is simply not there,\" Oduya said again on Saturday.")
            },
            art("harbour-1", "Coast Herald Mirror", 7, "\"The money is simply not there,\" said Paul Oduya."),
        ];
        let mut at = Vec::new();
        let items: Vec<(newsfold_quotes::ArticleRef, Vec<newsfold_quotes::Quote>)> = articles
            .iter()
            .enumerate()
            .map(|(k, a)| (k, a, newsfold_quotes::extract_quotes(&a.text)))
            .filter(|(_, _, q)| !q.is_empty())
            .map(|(k, a, q)| {
                at.push(k);
                (newsfold_quotes::ArticleRef { id: a.id.clone(), outlet: a.outlet.clone(), date: a.date }, q)
            })
            .collect();
        let kept = newsfold_quotes::cluster_quotes_owned_map(items.clone(), |c, its| {
            (c.clone(), HeldCluster::new(c, its.iter().map(|&i| at[i])))
        });
        assert_eq!(kept.iter().map(|k| k.0.clone()).collect::<Vec<_>>(), newsfold_quotes::cluster_quotes_owned(items));
        assert!(kept.iter().any(|k| k.0.occurrences.len() >= 3), "a shared quote: {kept:#?}");
        assert!(kept.iter().any(|k| !k.0.variants.is_empty()), "an altered quote");
        assert!(kept.iter().any(|k| k.0.occurrences.len() == 1), "a single quote");
        for (c, h) in &kept {
            assert_eq!(&h.restore(&articles), c);
        }
    }
}
