//! Corpus-wide reuse search: candidate pairs from an inverted index, then a
//! full pair analysis of each candidate (rayon-parallel).
//!
//! Two postings lists are kept, both with a fixed document-frequency cutoff
//! ([`AlignParams::max_df`], independent of the corpus size: a key in more
//! documents than that is boilerplate or a stock phrase, not evidence of
//! reuse, and a cutoff growing with N would make candidate pairs grow
//! quadratically):
//! * word n-grams (the alignment seeds): a pair sharing at least
//!   `min_shared_ngrams` of them may share passages;
//! * rare content-word stems: a pair sharing at least `min_shared_stems` of
//!   the smaller document's rare stems (those within the cutoff) may be a
//!   rewrite (rewrites share few n-grams).
//!
//! Each document then keeps its best [`AlignParams::max_candidates`] partners
//! of each kind (most shared n-grams; largest shared stem fraction), and a
//! pair is analysed when either side kept it, so the candidate count is at
//! most linear in N. Copies share far more anchors than incidental reuse, so
//! they rank first.
//!
//! The index is sort-based (one sorted `(key, document)` list, postings as
//! slices of it) and counting uses a dense per-thread counter array: no hash
//! map per key or per document. Hand-written because it is the scaling core
//! of the crate and needs this exact filtering and ranking.

use newsfold_core::Article;
use rayon::prelude::*;

use crate::doc::Doc;
use crate::{AlignParams, PairAnalysis, Relation, ReuseRecord, analyze_docs};

/// Postings of the keys within the document-frequency cutoff, and for each
/// document the kept keys it contains (so counting never looks a key up).
struct Index {
    /// Postings of kept key `k`: `docs[offs[k]..offs[k + 1]]`, ascending.
    offs: Vec<usize>,
    docs: Vec<u32>,
    /// Kept keys of document `d`: `doc_keys[doc_offs[d]..doc_offs[d + 1]]`.
    doc_offs: Vec<usize>,
    doc_keys: Vec<u32>,
    /// Keys in more than `max_df` documents, ascending.
    too_common: Vec<u64>,
}

impl Index {
    /// Index `sets` (distinct keys per document), keeping keys in `2..=max_df` documents.
    fn new(sets: &[Vec<u64>], max_df: usize) -> Self {
        let mut all: Vec<(u64, u32)> =
            sets.iter().enumerate().flat_map(|(i, s)| s.iter().map(move |&g| (g, i as u32))).collect();
        all.par_sort_unstable();
        let mut ix = Index {
            offs: vec![0],
            docs: Vec::new(),
            doc_offs: Vec::new(),
            doc_keys: Vec::new(),
            too_common: Vec::new(),
        };
        let mut k = 0;
        while k < all.len() {
            let g = all[k].0;
            let e = k + all[k..].iter().take_while(|x| x.0 == g).count();
            if e - k >= 2 && e - k <= max_df {
                ix.docs.extend(all[k..e].iter().map(|x| x.1));
                ix.offs.push(ix.docs.len());
            } else if e - k > max_df {
                ix.too_common.push(g);
            }
            k = e;
        }
        drop(all);
        // invert: (document, key) sorted by document, as offsets
        let mut by_doc: Vec<(u32, u32)> = Vec::with_capacity(ix.docs.len());
        for key in 0..ix.offs.len().saturating_sub(1) {
            let (a, b) = (ix.offs[key], ix.offs[key + 1]);
            by_doc.extend(ix.docs[a..b].iter().map(|&d| (d, key as u32)));
        }
        by_doc.par_sort_unstable();
        ix.doc_offs = Vec::with_capacity(sets.len() + 1);
        let mut p = 0usize;
        for d in 0..sets.len() {
            ix.doc_offs.push(p);
            while p < by_doc.len() && by_doc[p].0 as usize == d {
                p += 1;
            }
        }
        ix.doc_offs.push(p);
        ix.doc_keys = by_doc.into_iter().map(|x| x.1).collect();
        ix
    }

    /// Kept keys of document `d`.
    fn keys_of(&self, d: usize) -> &[u32] {
        match (self.doc_offs.get(d), self.doc_offs.get(d + 1)) {
            (Some(&a), Some(&b)) => self.doc_keys.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Documents containing kept key `k`.
    fn postings(&self, k: u32) -> &[u32] {
        let k = k as usize;
        match (self.offs.get(k), self.offs.get(k + 1)) {
            (Some(&a), Some(&b)) => self.docs.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Count, for document `i`, the shared keys with every other document
/// (`cnt` is zero on entry and on exit; `touched` lists the nonzero slots).
fn count_shared(ix: &Index, i: usize, cnt: &mut [u32], touched: &mut Vec<u32>) {
    touched.clear();
    for &k in ix.keys_of(i) {
        for &j in ix.postings(k) {
            if j as usize == i {
                continue;
            }
            if let Some(c) = cnt.get_mut(j as usize) {
                if *c == 0 {
                    touched.push(j);
                }
                *c += 1;
            }
        }
    }
}

/// Candidate pairs `(i, j)` with `i < j` (indices into the corpus).
pub(crate) fn candidates(docs: &[Doc], params: &AlignParams) -> Vec<(usize, usize)> {
    let n = docs.len();
    let max_df = params.max_df.max(2);
    let cap = params.max_candidates.max(1);
    let gidx = {
        let grams: Vec<Vec<u64>> = docs.par_iter().map(|d| d.gram_index(params.ngram).distinct()).collect();
        Index::new(&grams, max_df)
    };
    let stems: Vec<Vec<u64>> = docs
        .par_iter()
        .map(|d| {
            let mut v: Vec<u64> = d.by_stem.iter().map(|x| x.0).collect();
            v.dedup();
            v
        })
        .collect();
    let sidx = Index::new(&stems, max_df);
    // rare stems of each document: unique ones plus those within the cutoff
    let rare: Vec<usize> =
        stems.par_iter().map(|s| s.iter().filter(|&&g| sidx.too_common.binary_search(&g).is_err()).count()).collect();
    drop(stems);
    let mut out: Vec<(usize, usize)> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0u32; n], Vec::<u32>::new()),
            |(cnt, touched), i| {
                let mut c: Vec<(usize, usize)> = Vec::new();
                // passage candidates: most shared n-grams first
                count_shared(&gidx, i, cnt, touched);
                let mut best: Vec<(u32, u32)> = touched
                    .iter()
                    .filter_map(|&j| {
                        let k = cnt.get(j as usize).copied().unwrap_or(0);
                        (k as usize >= params.min_shared_ngrams).then_some((k, j))
                    })
                    .collect();
                for &j in touched.iter() {
                    if let Some(x) = cnt.get_mut(j as usize) {
                        *x = 0;
                    }
                }
                best.sort_unstable_by_key(|&(k, j)| (std::cmp::Reverse(k), j));
                c.extend(best.iter().take(cap).map(|&(_, j)| pair(i, j as usize)));
                // rewrite candidates: largest shared fraction of the rarer side's stems first
                count_shared(&sidx, i, cnt, touched);
                let mut best: Vec<(f32, u32)> = Vec::new();
                for &j in touched.iter() {
                    let k = cnt.get(j as usize).copied().unwrap_or(0);
                    let small =
                        rare.get(i).copied().unwrap_or(0).min(rare.get(j as usize).copied().unwrap_or(0)).max(1);
                    if k as f32 >= params.min_shared_stems * small as f32 && k >= 5 {
                        best.push((k as f32 / small as f32, j));
                    }
                    if let Some(x) = cnt.get_mut(j as usize) {
                        *x = 0;
                    }
                }
                best.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                c.extend(best.iter().take(cap).map(|&(_, j)| pair(i, j as usize)));
                c
            },
        )
        .flatten_iter()
        .collect();
    out.par_sort_unstable();
    out.dedup();
    out
}

fn pair(i: usize, j: usize) -> (usize, usize) {
    if i < j { (i, j) } else { (j, i) }
}

/// Candidate pairs `(i, j)` (`i < j`, indices into `articles`) from the
/// shared-n-gram and rare-stem inverted indexes.
pub fn candidate_pairs(articles: &[Article], params: &AlignParams) -> Vec<(usize, usize)> {
    let docs: Vec<Doc> = articles.par_iter().map(|a| Doc::new(&a.text)).collect();
    candidates(&docs, params)
}

/// Analyse every related pair of a corpus (candidates from the index).
/// Pairs with relation `none` are left out. Sorted by input order of `a`, then `b`.
pub fn analyze_corpus(articles: &[Article], params: &AlignParams) -> Vec<PairAnalysis> {
    let docs: Vec<Doc> = articles.par_iter().map(|a| Doc::new(&a.text)).collect();
    let cands = candidates(&docs, params);
    cands
        .par_iter()
        .map(|&(i, j)| analyze_docs(&articles[i].id, &docs[i], &articles[j].id, &docs[j], params, false))
        .filter(|p| p.relation != Relation::None)
        .collect()
}

/// Like [`analyze_corpus`], but hands each related pair to `f` as soon as it
/// is analysed (from rayon worker threads, in no particular order) instead of
/// collecting them: memory stays at the prepared documents plus what `f`
/// keeps. Returns the number of candidate pairs analysed.
pub fn for_each_related_pair<F>(articles: &[Article], params: &AlignParams, f: F) -> usize
where
    F: Fn(PairAnalysis) + Sync + Send,
{
    let docs: Vec<Doc> = articles.par_iter().map(|a| Doc::new(&a.text)).collect();
    let cands = candidates(&docs, params);
    cands.par_iter().for_each(|&(i, j)| {
        let p = analyze_docs(&articles[i].id, &docs[i], &articles[j].id, &docs[j], params, false);
        if p.relation != Relation::None {
            f(p);
        }
    });
    cands.len()
}

/// Every related pair of a corpus as `newsfold reuse` JSONL records.
pub fn find_reuse(articles: &[Article], params: &AlignParams) -> Vec<ReuseRecord> {
    analyze_corpus(articles, params).iter().map(ReuseRecord::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, text: &str) -> Article {
        Article { id: id.into(), text: text.into(), ..Default::default() }
    }

    /// A body of words unique to document `i`.
    fn body(i: usize) -> String {
        (0..40).map(|k| format!("word{i}x{k}")).collect::<Vec<_>>().join(" ") + "."
    }

    #[test]
    fn boilerplate_in_many_documents_is_no_evidence() {
        let footer =
            "This site is supported by our readers. When you buy through links on our site, we may earn a commission.";
        let arts: Vec<Article> = (0..10).map(|i| art(&format!("d{i}"), &format!("{}\n{footer}", body(i)))).collect();
        let p = AlignParams { max_df: 4, ..AlignParams::default() };
        assert!(candidate_pairs(&arts, &p).is_empty());
        // within the cutoff the shared footer makes every pair a candidate
        let p = AlignParams { max_df: 10, ..AlignParams::default() };
        assert_eq!(candidate_pairs(&arts, &p).len(), 45);
    }

    #[test]
    fn candidates_per_document_are_capped_best_first() {
        let story = "The harbour authority confirmed on Friday that the northern pier will close for repairs until the spring, after divers found cracks in three of its supporting columns.";
        // d0 and d1 share the whole story, d0 and the others only its first sentence
        let mut arts = vec![art("d0", story), art("d1", &format!("{} {story}", body(1)))];
        let first = story.split(", after").next().unwrap_or(story);
        for i in 2..8 {
            arts.push(art(&format!("d{i}"), &format!("{} {first}.", body(i))));
        }
        let p = AlignParams { max_candidates: 1, ..AlignParams::default() };
        let c = candidate_pairs(&arts, &p);
        assert!(c.contains(&(0, 1)), "{c:?}");
        // d0 keeps only its best partner; each other document keeps d0 (or d1)
        assert!(c.len() <= arts.len(), "{c:?}");
        let all = candidate_pairs(&arts, &AlignParams::default());
        assert!(all.len() > c.len(), "{all:?}");
    }

    #[test]
    fn streaming_matches_collected_analysis() {
        let q = "The committee found that the bridge inspections had been skipped for three consecutive years before the collapse.";
        let arts: Vec<Article> = (0..6)
            .map(|i| art(&format!("d{i}"), &format!("{} {q} {}", body(i), if i % 2 == 0 { q } else { "" })))
            .collect();
        let p = AlignParams::default();
        let mut want: Vec<(String, String, Relation)> =
            analyze_corpus(&arts, &p).into_iter().map(|x| (x.a, x.b, x.relation)).collect();
        let got = std::sync::Mutex::new(Vec::new());
        let n = for_each_related_pair(&arts, &p, |x| {
            if let Ok(mut g) = got.lock() {
                g.push((x.a, x.b, x.relation));
            }
        });
        let mut got = got.into_inner().unwrap_or_default();
        got.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
        want.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
        assert_eq!(got, want);
        assert_eq!(got.len(), 15);
        assert!(n >= got.len());
    }

    #[test]
    fn finds_shared_passage_pair_only() {
        let q = "The committee found that the bridge inspections had been skipped for three consecutive years before the collapse.";
        let a = art("a", &format!("Officials met on Monday in Riverton. {q} The mayor resigned."));
        let b = art("b", &format!("A report published today is damning. {q} Families want answers from the state."));
        let c = art("c", "Local bakery wins national award for sourdough bread baked in a wood oven.");
        let r = find_reuse(&[a, b, c], &AlignParams::default());
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].a, "a");
        assert_eq!(r[0].b, "b");
        assert_eq!(r[0].passages.len(), 1);
    }
}
