//! Corpus-wide reuse search: candidate pairs from an inverted index, then a
//! full pair analysis of each candidate (rayon-parallel).
//!
//! Two postings lists are kept per document, both with a document-frequency
//! cutoff (`max(max_df_min, max_df_fraction · N)`) so outlet boilerplate and
//! stock phrases do not make every pair a candidate:
//! * word n-grams (the alignment seeds): a pair sharing at least
//!   `min_shared_ngrams` of them may share passages;
//! * rare content-word stems: a pair sharing at least `min_shared_stems` of
//!   the smaller document's may be a rewrite (rewrites share few n-grams).

use std::collections::HashMap;

use newsfold_core::Article;
use rayon::prelude::*;

use crate::doc::Doc;
use crate::{AlignParams, PairAnalysis, Relation, ReuseRecord, analyze_docs};

fn distinct(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v.dedup();
    v
}

/// Candidate pairs `(i, j)` with `i < j` (indices into the corpus).
pub(crate) fn candidates(docs: &[Doc], params: &AlignParams) -> Vec<(usize, usize)> {
    let n = docs.len();
    let grams: Vec<Vec<u64>> = docs.par_iter().map(|d| d.gram_index(params.ngram).distinct()).collect();
    let stems: Vec<Vec<u64>> =
        docs.par_iter().map(|d| distinct(d.sents.iter().flat_map(|s| s.stems.iter().map(|x| x.0)).collect())).collect();
    let max_df = params.max_df_min.max((params.max_df_fraction * n as f32) as usize);
    let index = |sets: &[Vec<u64>]| {
        let mut m: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, s) in sets.iter().enumerate() {
            for &g in s {
                m.entry(g).or_default().push(i as u32);
            }
        }
        m.retain(|_, v| v.len() >= 2 && v.len() <= max_df);
        m
    };
    let gidx = index(&grams);
    let sidx = index(&stems);
    let mut out: Vec<(usize, usize)> = (0..n)
        .into_par_iter()
        .flat_map_iter(|i| {
            let mut gcount: HashMap<u32, u32> = HashMap::new();
            for g in &grams[i] {
                if let Some(post) = gidx.get(g) {
                    for &j in post.iter().filter(|&&j| j as usize > i) {
                        *gcount.entry(j).or_default() += 1;
                    }
                }
            }
            let mut scount: HashMap<u32, u32> = HashMap::new();
            for g in &stems[i] {
                if let Some(post) = sidx.get(g) {
                    for &j in post.iter().filter(|&&j| j as usize > i) {
                        *scount.entry(j).or_default() += 1;
                    }
                }
            }
            let mut c: Vec<(usize, usize)> = gcount
                .into_iter()
                .filter(|&(_, k)| k as usize >= params.min_shared_ngrams)
                .map(|(j, _)| (i, j as usize))
                .collect();
            for (j, k) in scount {
                let small = stems[i].len().min(stems[j as usize].len()).max(1);
                if k as f32 >= params.min_shared_stems * small as f32 && k >= 5 {
                    c.push((i, j as usize));
                }
            }
            c.sort_unstable();
            c.dedup();
            c.into_iter()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
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
