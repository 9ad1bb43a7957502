//! Provenance: who copied whom inside a family of copies.
//!
//! A family is a connected component of copy relations (`exact`,
//! `near_duplicate`, `rewrite`). For each related pair the direction is argued
//! from independent signals, each adding a weight to one direction and a
//! reason to `basis`:
//! * **publication time** (0.5): the earlier article is the source;
//! * **containment** (0.3): when one text is (almost) wholly inside the
//!   other, the copy is the one with additions (wrapper, update paragraphs)
//!   unless the contained one is a cut-off prefix (ends mid-text), in which
//!   case the contained one is a truncated copy;
//! * **sentence splitting** (0.15, rewrites): spinners split sentences, so the
//!   side with more, shorter sentences is the copy.
//!
//! Missing dates are reported (`dates: missing`) and scale the confidence
//! down. Nodes are ordered by their net evidence (sources first); each member
//! other than the original takes its best-supported incoming edge from an
//! earlier member, which keeps the graph acyclic.

use std::collections::HashMap;

use newsfold_core::{Article, ArticleSource, LoadedSet};
use rayon::prelude::*;
use serde::Serialize;

use crate::{PairAnalysis, Relation};

/// A source → copy edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Id of the source article.
    pub source: String,
    /// Id of the copy.
    pub copy: String,
    /// Confidence in [0, 1] that the direction is right.
    pub confidence: f32,
    /// Reasons, e.g. `published earlier (2021-12-03 < 2021-12-04)`, `dates: missing`.
    pub basis: Vec<String>,
}

/// A family of copies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Family {
    /// Index of the family in the output.
    pub id: usize,
    /// Id of the likely original.
    pub original: String,
    /// Copy graph edges (a tree rooted at `original`).
    pub edges: Vec<Edge>,
    /// Member ids, sorted.
    pub members: Vec<String>,
}

/// Signed evidence that `x` is the source of `y` (negative: `y` is the source), with reasons.
fn direction(x: &Article, y: &Article, p: &PairAnalysis, x_is_a: bool) -> (f32, Vec<String>) {
    let mut s = 0.0f32;
    let mut basis = Vec::new();
    // A date without a time of day (stored as midnight) only orders articles by day.
    let same_day = |dx: &chrono::DateTime<chrono::Utc>, dy: &chrono::DateTime<chrono::Utc>| {
        (newsfold_core::is_day_only(dx) || newsfold_core::is_day_only(dy)) && dx.date_naive() == dy.date_naive()
    };
    match (x.date, y.date) {
        (Some(dx), Some(dy)) if same_day(&dx, &dy) => {
            basis.push(format!("dates: same day ({}; no time of day on one)", dx.format("%Y-%m-%d")))
        }
        (Some(dx), Some(dy)) if dx != dy => {
            let w = if dx < dy { 0.5 } else { -0.5 };
            s += w;
            let (e, l) = if dx < dy { (dx, dy) } else { (dy, dx) };
            basis.push(format!(
                "published earlier ({} < {})",
                e.format("%Y-%m-%dT%H:%MZ"),
                l.format("%Y-%m-%dT%H:%MZ")
            ));
        }
        (Some(_), Some(_)) => basis.push("dates: equal".into()),
        _ => basis.push("dates: missing".into()),
    }
    // Syndication credit: a copy names its source outlet ("(Harbour Wire)",
    // "first published by Harbour Wire"); the source rarely names the copier.
    let credits = |src: &Article, copy: &Article| match (&src.outlet, &copy.outlet) {
        (Some(so), co) if so.chars().count() >= 4 && co.as_deref() != Some(so.as_str()) => {
            copy.text.contains(so.as_str())
        }
        _ => false,
    };
    match (credits(x, y), credits(y, x)) {
        (true, false) => {
            s += 0.4;
            basis.push(format!("credit: {} names {}", y.id, x.outlet.as_deref().unwrap_or_default()));
        }
        (false, true) => {
            s -= 0.4;
            basis.push(format!("credit: {} names {}", x.id, y.outlet.as_deref().unwrap_or_default()));
        }
        _ => {}
    }
    let (cx, cy) = if x_is_a { (p.coverage_a, p.coverage_b) } else { (p.coverage_b, p.coverage_a) };
    let (wx, wy) = if x_is_a { (p.a_words, p.b_words) } else { (p.b_words, p.a_words) };
    if p.relation != Relation::Rewrite && (cx - cy).abs() >= 0.05 {
        // the more-covered side is contained in the other
        let (inner, outer, inner_is_x) = if cx > cy { (x, y, true) } else { (y, x, false) };
        let truncated = is_cut_off(&inner.text) && prefix_of_outer(p, inner_is_x == x_is_a);
        let w = 0.3;
        let x_source = if truncated { !inner_is_x } else { inner_is_x };
        s += if x_source { w } else { -w };
        if truncated {
            basis.push(format!("truncation: {} is a cut-off prefix of {}", inner.id, outer.id));
        } else {
            let extra = if inner_is_x { wy.saturating_sub(wx) } else { wx.saturating_sub(wy) };
            basis.push(format!("containment: {} has {} words of extra text", outer.id, extra));
        }
    }
    if p.relation == Relation::Rewrite {
        let (sx, sy) = if x_is_a { (p.a_sentences, p.b_sentences) } else { (p.b_sentences, p.a_sentences) };
        let rx = sx as f32 / wx.max(1) as f32;
        let ry = sy as f32 / wy.max(1) as f32;
        if (rx - ry).abs() > 0.005 {
            s += if ry > rx { 0.15 } else { -0.15 };
            basis.push("rewrite: the copy splits sentences".into());
        } else {
            basis.push("rewrite: direction unclear from text".into());
        }
    }
    if p.relation == Relation::Exact {
        basis.push("identical text".into());
    }
    (s, basis)
}

/// The text ends without a sentence terminator (cut off).
fn is_cut_off(text: &str) -> bool {
    let t = text.trim_end();
    !t.ends_with(['.', '!', '?', '"', '\'', '\u{201D}', '\u{2019}', ')', '\u{2026}'])
}

/// The contained article's passages start at the beginning of the outer article.
fn prefix_of_outer(p: &PairAnalysis, inner_is_a: bool) -> bool {
    let outer_start = p.passages.iter().map(|q| if inner_is_a { q.b_start } else { q.a_start }).min();
    outer_start.is_some_and(|s| s < 200)
}

/// Families of copies among `articles` and their copy graphs. `pairs` are
/// analyses from [`crate::analyze_corpus`] or [`crate::analyze_pair`]; pairs
/// naming unknown ids are ignored.
pub fn provenance(articles: &[Article], pairs: &[PairAnalysis]) -> Vec<Family> {
    provenance_in(articles, pairs)
}

/// Copy pairs whose direction is judged at a time (their articles' texts
/// loaded together).
const DIRECTION_CHUNK: usize = 8192;

/// [`provenance`] over a corpus whose texts are read a chunk at a time: the
/// direction of each copy pair is judged with the texts of one chunk of
/// pairs' articles in memory.
pub fn provenance_in<S: ArticleSource + ?Sized>(src: &S, pairs: &[PairAnalysis]) -> Vec<Family> {
    let articles = src.articles();
    let pos: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let n = articles.len();
    // the copy pairs between two distinct known articles, and the direction
    // evidence of each (independent of the others: judged in parallel)
    let copies: Vec<(usize, usize, &PairAnalysis)> = pairs
        .iter()
        .filter(|p| p.relation.is_copy())
        .filter_map(|p| Some((*pos.get(p.a.as_str())?, *pos.get(p.b.as_str())?, p)))
        .filter(|&(i, j, _)| i != j)
        .collect();
    let mut directions: Vec<(f32, Vec<String>)> = Vec::with_capacity(copies.len());
    for chunk in copies.chunks(DIRECTION_CHUNK) {
        let loaded = LoadedSet::load(src, chunk.iter().flat_map(|&(i, j, _)| [i, j]));
        directions.par_extend(chunk.par_iter().map(|&(i, j, p)| match (loaded.get(i), loaded.get(j)) {
            (Some(x), Some(y)) => direction(x, y, p, true),
            _ => (0.0, Vec::new()),
        }));
    }
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    // directed evidence per ordered pair
    let mut ev: HashMap<(usize, usize), (f32, Vec<String>)> = HashMap::new();
    for (&(i, j, _), (s, basis)) in copies.iter().zip(directions) {
        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
        parent[ri] = rj;
        ev.insert((i, j), (s, basis.clone()));
        ev.insert((j, i), (-s, basis));
    }
    // articles with evidence, in input order (one pass over the evidence, not one per article)
    let mut linked: Vec<usize> = ev.keys().map(|&(x, _)| x).collect();
    linked.sort_unstable();
    linked.dedup();
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in linked {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut fams: Vec<Vec<usize>> = groups.into_values().collect();
    fams.sort_by_key(|g| g.iter().min().copied());
    let mut out = Vec::new();
    for members in fams {
        // net evidence per member: sources first; earliest date breaks ties
        let net: HashMap<usize, f32> =
            members.iter().map(|&i| (i, members.iter().filter_map(|&j| ev.get(&(i, j)).map(|e| e.0)).sum())).collect();
        let net = |i: usize| net.get(&i).copied().unwrap_or(0.0);
        let mut order = members.clone();
        order.sort_by(|&x, &y| {
            net(y)
                .partial_cmp(&net(x))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(articles[x].date.cmp(&articles[y].date))
                .then(x.cmp(&y))
        });
        let mut edges = Vec::new();
        for (k, &c) in order.iter().enumerate().skip(1) {
            let best = order[..k]
                .iter()
                .filter_map(|&s| ev.get(&(s, c)).map(|e| (s, e)))
                .max_by(|a, b| a.1.0.partial_cmp(&b.1.0).unwrap_or(std::cmp::Ordering::Equal));
            let Some((s, (score, basis))) = best else { continue };
            let dated = !basis.iter().any(|b| b == "dates: missing");
            let mut conf = (0.5 + score).clamp(0.05, 0.95);
            if !dated {
                conf *= 0.7;
            }
            let mut basis = basis.clone();
            if *score <= 0.0 {
                basis.push("order: weak evidence, placed by family ordering".into());
            }
            edges.push(Edge {
                source: articles[s].id.clone(),
                copy: articles[c].id.clone(),
                confidence: (conf * 100.0).round() / 100.0,
                basis,
            });
        }
        let mut ids: Vec<String> = members.iter().map(|&i| articles[i].id.clone()).collect();
        ids.sort();
        out.push(Family { id: out.len(), original: articles[order[0]].id.clone(), edges, members: ids });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AlignParams, analyze_pair};
    use newsfold_core::parse_date;

    const BODY: &str = "The regional water authority announced on Monday that a hosepipe ban will come into force across the county next week after the driest spring in forty years. Reservoir levels have fallen to 48 per cent of capacity, the authority said, compared with 71 per cent at the same point last year. Farmers have warned that crop yields could fall sharply if rain does not arrive before the end of June. The authority urged households to take shorter showers and to report leaks promptly.";

    fn art(id: &str, text: &str, date: Option<&str>) -> Article {
        Article { id: id.into(), text: text.into(), date: date.and_then(parse_date), ..Default::default() }
    }

    #[test]
    fn earlier_and_contained_article_is_original() {
        let orig = art("orig", BODY, Some("2024-05-01"));
        let copy = art(
            "copy",
            &format!(
                "{BODY}\nRead more: Subscribe to our newsletter for daily updates from the county and beyond today."
            ),
            Some("2024-05-02"),
        );
        let p = analyze_pair(&copy, &orig, &AlignParams::default()).expect("related");
        assert_eq!(p.relation, Relation::NearDuplicate);
        let fams = provenance(&[copy.clone(), orig.clone()], &[p]);
        assert_eq!(fams.len(), 1);
        assert_eq!(fams[0].original, "orig");
        assert_eq!(fams[0].edges.len(), 1);
        assert_eq!(fams[0].edges[0].copy, "copy");
        assert!(fams[0].edges[0].confidence > 0.8);
    }

    #[test]
    fn missing_dates_are_reported_and_truncation_detected() {
        let cut = &BODY[..BODY.find("Farmers have warned that crop").unwrap_or(0) + 30];
        let full = art("full", BODY, None);
        let trunc = art("trunc", cut, None);
        let p = analyze_pair(&full, &trunc, &AlignParams::default()).expect("related");
        let fams = provenance(&[trunc.clone(), full.clone()], &[p]);
        assert_eq!(fams[0].original, "full");
        let e = &fams[0].edges[0];
        assert!(e.basis.iter().any(|b| b == "dates: missing"));
        assert!(e.basis.iter().any(|b| b.starts_with("truncation")));
        assert!(e.confidence < 0.7);
    }

    #[test]
    fn a_pair_whose_record_was_taken_gives_the_same_record_and_copy_graph() {
        let orig = art("orig", BODY, Some("2024-05-01"));
        let reworded = BODY.replace("announced on Monday", "said on Monday").replace("Farmers", "Growers");
        let copy = art("copy", &format!("{reworded}\nRead more: Subscribe to our newsletter."), Some("2024-05-02"));
        let cut = &BODY[..BODY.find("Farmers have warned that crop").unwrap_or(0) + 30];
        let trunc = art("trunc", cut, None);
        let arts = [copy.clone(), orig.clone(), trunc.clone()];
        let full: Vec<PairAnalysis> = [(&copy, &orig), (&orig, &trunc)]
            .into_iter()
            .map(|(a, b)| analyze_pair(a, b, &AlignParams::default()).expect("related"))
            .collect();
        let mut taken = full.clone();
        for (f, t) in full.iter().zip(taken.iter_mut()) {
            let rec = t.take_record();
            assert_eq!(rec, crate::ReuseRecord::from(f));
            assert!(rec.passages.iter().any(|p| !p.ops.is_empty()));
            assert!(t.passages.iter().all(|p| p.ops.is_empty()) && t.sentence_matches.is_empty());
        }
        assert_eq!(provenance(&arts, &taken), provenance(&arts, &full));
    }
}
