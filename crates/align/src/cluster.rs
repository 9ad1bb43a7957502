//! Passage clusters across a corpus: a passage reprinted by many articles is
//! one cluster with all its occurrences.
//!
//! Pure function over pair alignments: every aligned passage links its two
//! spans; spans of the same article that overlap by at least half of the
//! longer one are the same occurrence. Connected components (union-find) are
//! clusters; inside a cluster, overlapping spans of one article are merged
//! into their union.

use std::collections::HashMap;

use serde::Serialize;

use crate::PairAnalysis;

/// One occurrence of a clustered passage.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PassageOccurrence {
    /// Article id.
    pub article: String,
    /// Start (Unicode scalar offset into the article's text).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
}

/// A passage shared by several articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassageCluster {
    /// Index in the output (clusters sorted by number of articles, descending).
    pub id: usize,
    /// Number of distinct articles.
    pub articles: usize,
    /// All occurrences, sorted by article id then start.
    pub occurrences: Vec<PassageOccurrence>,
}

fn find(p: &mut [usize], mut x: usize) -> usize {
    while p[x] != x {
        p[x] = p[p[x]];
        x = p[x];
    }
    x
}

fn union(p: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(p, a), find(p, b));
    if ra != rb {
        p[ra.max(rb)] = ra.min(rb);
    }
}

/// Cluster the passages of `pairs` across articles.
pub fn passage_clusters(pairs: &[PairAnalysis]) -> Vec<PassageCluster> {
    cluster_spans(pairs.iter().flat_map(|p| {
        p.passages.iter().map(move |q| ((p.a.as_str(), q.a_start, q.a_end), (p.b.as_str(), q.b_start, q.b_end)))
    }))
}

/// Cluster linked spans: each item says that span `(article, start, end)`
/// of one article was aligned to a span of another (offsets in any unit, as
/// long as one article's spans share it). This is [`passage_clusters`] for
/// callers that keep only the spans of their pairs (the engine frees each
/// pair analysis once its row is built).
pub fn cluster_spans<'a>(
    links: impl IntoIterator<Item = ((&'a str, usize, usize), (&'a str, usize, usize))>,
) -> Vec<PassageCluster> {
    // nodes: (article, start, end); node 2k is linked to node 2k + 1
    let mut nodes: Vec<(&'a str, usize, usize)> = Vec::new();
    for (x, y) in links {
        nodes.push(x);
        nodes.push(y);
    }
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    for k in (0..nodes.len()).step_by(2) {
        union(&mut parent, k, k + 1);
    }
    let mut by_article: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        by_article.entry(n.0).or_default().push(i);
    }
    for idxs in by_article.values_mut() {
        idxs.sort_by_key(|&i| (nodes[i].1, nodes[i].2));
        // sweep: compare with active spans that may overlap
        for x in 0..idxs.len() {
            let (s1, e1) = (nodes[idxs[x]].1, nodes[idxs[x]].2);
            for &j in &idxs[x + 1..] {
                let (s2, e2) = (nodes[j].1, nodes[j].2);
                if s2 >= e1 {
                    break;
                }
                // Mutual overlap (at least half of the *longer* span): with
                // "half of the shorter" a whole-article span swallows every
                // short quote inside it and, transitively, a corpus with
                // shared paragraphs collapses into one giant cluster (9 910 of
                // 10 000 generated articles did).
                let ov = e1.min(e2).saturating_sub(s2);
                let longer = (e1 - s1).max(e2 - s2).max(1);
                if ov * 2 >= longer {
                    union(&mut parent, idxs[x], j);
                }
            }
        }
    }
    let mut comps: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..nodes.len() {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let mut out: Vec<PassageCluster> = Vec::new();
    for members in comps.into_values() {
        let mut spans: Vec<(&str, usize, usize)> = members.iter().map(|&i| nodes[i]).collect();
        spans.sort();
        let mut occ: Vec<PassageOccurrence> = Vec::new();
        for (a, s, e) in spans {
            match occ.last_mut() {
                Some(o) if o.article == a && s <= o.end => o.end = o.end.max(e),
                _ => occ.push(PassageOccurrence { article: a.to_string(), start: s, end: e }),
            }
        }
        let mut arts: Vec<&str> = occ.iter().map(|o| o.article.as_str()).collect();
        arts.dedup();
        if arts.len() < 2 {
            continue;
        }
        out.push(PassageCluster { id: 0, articles: arts.len(), occurrences: occ });
    }
    // a total order: two clusters can start at the same span start (a short
    // passage and a long one from the same offset do not overlap enough to
    // merge), and the components come out of a hash map
    out.sort_by(|x, y| y.articles.cmp(&x.articles).then_with(|| x.occurrences.cmp(&y.occurrences)));
    for (i, c) in out.iter_mut().enumerate() {
        c.id = i;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AlignParams, analyze_pair};
    use newsfold_core::Article;

    #[test]
    fn reprinted_passage_is_one_cluster() {
        let q = "The minister said the new rail line would cut journey times between the two cities by forty minutes and create nine thousand jobs.";
        let mk = |id: &str, pre: &str, post: &str| Article {
            id: id.into(),
            text: format!("{pre} {q} {post}"),
            ..Default::default()
        };
        let arts = [
            mk("x", "Campaigners gathered outside parliament on a cold morning.", "Critics called the plan a fantasy."),
            mk("y", "Shares in construction firms rose sharply after the announcement.", "Analysts were cautious."),
            mk("z", "The opposition leader was not impressed by the speech at all.", "A vote is expected in May."),
        ];
        let p = AlignParams::default();
        let mut pairs = Vec::new();
        for i in 0..3 {
            for j in i + 1..3 {
                pairs.extend(analyze_pair(&arts[i], &arts[j], &p));
            }
        }
        assert_eq!(pairs.len(), 3);
        let c = passage_clusters(&pairs);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].articles, 3);
        assert_eq!(c[0].occurrences.len(), 3);
        for o in &c[0].occurrences {
            let a = arts.iter().find(|a| a.id == o.article).map(|a| a.text.clone()).unwrap_or_default();
            let s: String = a.chars().skip(o.start).take(o.end - o.start).collect();
            assert!(s.contains("rail line would cut journey times"), "{s}");
        }
    }

    /// A quote shared with one article does not join the whole-article
    /// reprint that contains it (no giant clusters by chaining).
    #[test]
    fn a_short_passage_inside_a_long_one_stays_its_own_cluster() {
        let links =
            [(("a", 0, 1000), ("b", 0, 990)), (("a", 100, 150), ("c", 10, 60)), (("b", 0, 1000), ("d", 5, 1000))];
        let c = cluster_spans(links);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].articles, 3);
        assert_eq!(c[1].articles, 2);
        assert!(c[1].occurrences.iter().any(|o| o.article == "c"));
    }

    proptest::proptest! {
        /// Both spans of every link lie inside occurrences of one cluster;
        /// clusters span ≥ 2 articles.
        #[test]
        fn every_link_lands_in_one_cluster(links in proptest::collection::vec(
            ((0u8..5, 0usize..200, 1usize..60), (0u8..5, 0usize..200, 1usize..60)), 0..40)) {
            let names = ["a", "b", "c", "d", "e"];
            let links: Vec<_> = links
                .into_iter()
                .filter(|((x, _, _), (y, _, _))| x != y)
                .map(|((x, s, l), (y, t, m))| ((names[x as usize], s, s + l), (names[y as usize], t, t + m)))
                .collect();
            let clusters = cluster_spans(links.iter().copied());
            let holds = |c: &PassageCluster, (art, s, e): (&str, usize, usize)| {
                c.occurrences.iter().any(|o| o.article == art && o.start <= s && e <= o.end)
            };
            for c in &clusters {
                proptest::prop_assert!(c.articles >= 2);
            }
            for &(x, y) in &links {
                proptest::prop_assert!(clusters.iter().any(|c| holds(c, x) && holds(c, y)), "{x:?} {y:?} {clusters:?}");
            }
        }
    }
}
