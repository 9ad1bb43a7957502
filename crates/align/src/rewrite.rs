//! Rewrite ("spun copy") detection by sentence alignment.
//!
//! Word shingles cannot see a rewrite: synonym spinning changes most 5-word
//! windows. Sentences survive, though: each sentence of the shorter article is
//! matched to its best counterpart in the longer one (one sentence, or two
//! adjacent ones to absorb sentence splitting) by [`sent_sim`], a similarity
//! built from content-word stems (numbers and capitalised names weighted up)
//! and character trigrams. The pair is a rewrite when most of the shorter
//! article's words sit in matched sentences, most matches are in the same
//! order (longest non-decreasing chain; tolerant of moving a paragraph), and
//! the matches spread over many distinct counterpart sentences.

use serde::Serialize;

use crate::AlignParams;
use crate::doc::{Doc, PairFeat, sent_sim_pair, sim_upper, sim_with_stems};

/// A sentence of `a` matched to one or two adjacent sentences of `b`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceMatch {
    /// Sentence index in `a`.
    pub a_sentence: usize,
    /// First matched sentence index in `b`.
    pub b_sentence: usize,
    /// Number of adjacent `b` sentences matched (1 or 2).
    pub b_count: usize,
    /// Similarity in [0, 1].
    pub similarity: f32,
    #[serde(skip)]
    pub(crate) a_tok: (usize, usize),
    #[serde(skip)]
    pub(crate) b_tok: (usize, usize),
}

/// Summary of the sentence alignment of a pair.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RewriteStats {
    /// Fraction of the shorter text's (content) words in sentences with a counterpart.
    pub matched_fraction: f32,
    /// Fraction of the shorter text's (content) words in sentences copied
    /// verbatim (at least 80% of their words aligned as equal).
    pub verbatim_fraction: f32,
    /// Fraction of matched sentences that lie on one in-order chain.
    pub order_fraction: f32,
    /// Mean similarity of matched sentences.
    pub mean_similarity: f32,
    /// Distinct counterpart sentences / matched sentences.
    pub distinct_fraction: f32,
    /// Words of the shorter / words of the longer text.
    pub length_ratio: f32,
    /// Whether these statistics pass the rewrite thresholds.
    pub is_rewrite: bool,
}

/// Minimum content stems for a sentence to count (headline fragments and
/// "Her man's side." are ignored rather than counted as unmatched).
const MIN_SENT_STEMS: usize = 3;

/// Sentence-align `a` and `b` (matches are reported with `a` indices as given).
///
/// With `full` false the work stops as soon as the pair cannot be a rewrite
/// (length ratio, verbatim fraction, or too few words left to reach the
/// matched fraction); the returned matches and statistics are then partial
/// and `is_rewrite` is false. The decision is the same either way.
pub(crate) fn sentence_align(
    da: &Doc,
    db: &Doc,
    eq_a: &[bool],
    eq_b: &[bool],
    p: &AlignParams,
    full: bool,
) -> (Vec<SentenceMatch>, RewriteStats) {
    let wa: usize = da.toks.len();
    let wb: usize = db.toks.len();
    let swapped = wb < wa;
    let (s, l) = if swapped { (db, da) } else { (da, db) };
    let s_eq = if swapped { eq_b } else { eq_a };
    let mut stats =
        RewriteStats { length_ratio: (wa.min(wb) as f32) / (wa.max(wb).max(1) as f32), ..Default::default() };
    if s.sents.is_empty() || l.sents.is_empty() {
        return (Vec::new(), stats);
    }
    if !full && stats.length_ratio < p.rewrite_min_length_ratio {
        return (Vec::new(), stats);
    }
    // words of the counted sentences and of the verbatim-copied ones: known
    // before any similarity is computed
    let mut total = 0usize;
    let mut verbatim_words = 0usize;
    for si in s.sents.iter().filter(|x| x.stems.len() >= MIN_SENT_STEMS) {
        total += si.words();
        let copied = s_eq.get(si.t0..si.t1).map(|x| x.iter().filter(|c| **c).count()).unwrap_or(0);
        if copied * 5 >= si.words() * 4 {
            verbatim_words += si.words();
        }
    }
    if total == 0 {
        return (Vec::new(), stats);
    }
    stats.verbatim_fraction = verbatim_words as f32 / total as f32;
    if !full && stats.verbatim_fraction > p.rewrite_max_verbatim {
        return (Vec::new(), stats);
    }
    let pairs: &[PairFeat] = &l.pair_feats;
    // candidate counterparts come from l's stem index, which also gives the
    // weighted stem intersection of each single sentence for free
    let mut shared: Vec<f32> = vec![0.0; l.sents.len()];
    let mut cand: Vec<u32> = Vec::new();
    let mut remaining = total;
    let mut matched_words = 0usize;
    // (s index, l index, l count, sim)
    let mut found: Vec<(usize, usize, usize, f32)> = Vec::new();
    for (i, si) in s.sents.iter().enumerate() {
        if si.stems.len() < MIN_SENT_STEMS {
            continue;
        }
        if !full && ((matched_words + remaining) as f32 / total as f32) < p.rewrite_min_matched {
            // even if every remaining sentence matched, the pair is no rewrite
            return (Vec::new(), stats);
        }
        remaining -= si.words();
        let mut best = (0.0f32, 0usize, 1usize);
        cand.clear();
        let mut lo = 0usize;
        for st in &si.stems {
            // stems are sorted, so the search range only moves forward
            lo += l.by_stem.get(lo..).map_or(0, |r| r.partition_point(|x| x.0 < st.0));
            for &(_, j, w) in l.by_stem.get(lo..).unwrap_or(&[]).iter().take_while(|x| x.0 == st.0) {
                if let Some(sh) = shared.get_mut(j as usize) {
                    if *sh == 0.0 {
                        cand.push(j);
                    }
                    *sh += st.1.min(w);
                }
            }
        }
        cand.sort_unstable();
        let mut prev: Option<usize> = None;
        for &j in &cand {
            let j = j as usize;
            let sh = shared.get(j).copied().unwrap_or(0.0);
            let Some(lj) = l.sents.get(j) else { continue };
            // below the sentence threshold a value never decides anything, at
            // or below the best so far it never replaces it: skip by the bound
            let thr = p.rewrite_sentence_sim;
            let ub = sim_upper(sh, si.stem_weight, lj.stem_weight, si.grams.len(), lj.grams.len());
            if ub > best.0 && ub >= thr {
                let v = sim_with_stems(si, lj, sh);
                if v > best.0 {
                    best = (v, j, 1);
                }
            }
            // a merged pair must beat the single sentence clearly (it is larger);
            // pair j-1 was already tried when j-1 was a candidate
            for k in [j.wrapping_sub(1), j] {
                if k == j.wrapping_sub(1) && prev == Some(k) {
                    continue;
                }
                let Some(pf) = pairs.get(k) else { continue };
                let (Some(y1), Some(y2)) = (l.sents.get(k), l.sents.get(k + 1)) else { continue };
                // the merged intersection is at most the two single ones together
                let sh2 = shared.get(k).copied().unwrap_or(0.0) + shared.get(k + 1).copied().unwrap_or(0.0);
                let ub = sim_upper(sh2, si.stem_weight, pf.stem_weight, si.grams.len(), pf.grams) - 0.03;
                if ub <= best.0 || ub < thr {
                    continue;
                }
                let v = sent_sim_pair(si, y1, y2, pf) - 0.03;
                if v > best.0 {
                    best = (v, k, 2);
                }
            }
            prev = Some(j);
        }
        for &j in &cand {
            if let Some(sh) = shared.get_mut(j as usize) {
                *sh = 0.0;
            }
        }
        if best.0 >= p.rewrite_sentence_sim {
            matched_words += si.words();
            found.push((i, best.1, best.2, best.0));
        }
    }
    stats.matched_fraction = matched_words as f32 / total as f32;
    if !found.is_empty() {
        // longest non-decreasing chain of counterpart indices (O(k log k))
        let mut tails: Vec<usize> = Vec::new();
        for &(_, j, _, _) in &found {
            let pos = tails.partition_point(|&t| t <= j);
            if pos == tails.len() {
                tails.push(j);
            } else {
                tails[pos] = j;
            }
        }
        stats.order_fraction = tails.len() as f32 / found.len() as f32;
        stats.mean_similarity = found.iter().map(|f| f.3).sum::<f32>() / found.len() as f32;
        let mut js: Vec<usize> = found.iter().map(|f| f.1).collect();
        js.sort_unstable();
        js.dedup();
        stats.distinct_fraction = js.len() as f32 / found.len() as f32;
    }
    stats.is_rewrite = found.len() >= 3
        && stats.length_ratio >= p.rewrite_min_length_ratio
        && stats.matched_fraction >= p.rewrite_min_matched
        && stats.mean_similarity >= p.rewrite_min_similarity
        && stats.verbatim_fraction <= p.rewrite_max_verbatim
        && stats.order_fraction >= p.rewrite_min_order
        && stats.distinct_fraction >= 0.6;
    let matches = found
        .into_iter()
        .map(|(i, j, c, v)| {
            let si = &s.sents[i];
            let lj = &l.sents[j];
            let lend = l.sents.get(j + c - 1).map(|x| x.t1).unwrap_or(lj.t1);
            let (stok, ltok) = ((si.t0, si.t1), (lj.t0, lend));
            if swapped {
                SentenceMatch { a_sentence: j, b_sentence: i, b_count: 1, similarity: v, a_tok: ltok, b_tok: stok }
            } else {
                SentenceMatch { a_sentence: i, b_sentence: j, b_count: c, similarity: v, a_tok: stok, b_tok: ltok }
            }
        })
        .collect();
    (matches, stats)
}
