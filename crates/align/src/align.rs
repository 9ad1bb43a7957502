//! Passage alignment between two prepared texts.
//!
//! 1. **Seeds**: word n-grams (default 4) shared by both texts; n-grams that
//!    occur more than `max_ngram_occ` times in either text are ignored.
//! 2. **Runs**: seeds on the same diagonal merge into exact runs, which are
//!    extended greedily over equal words.
//! 3. **Chaining**: a collinear-chaining DP links runs whose gaps are at most
//!    `max_gap` words on both sides (gap cost estimated from the gap sizes).
//! 4. **Stitching**: each gap between chained runs is aligned exactly with an
//!    affine-gap global DP (at most `max_gap`² cells); a gap that scores below
//!    `-split_drop` splits the chain in two passages.
//! 5. **Extension**: each passage grows outwards with a banded X-drop DP
//!    (at most `ext_limit` words each way), so reworded edges (`lose you` /
//!    `let you down`) are kept as substitutions.
//! 6. **Snapping**: passage ends within `snap_words` words of a sentence end
//!    are pulled to it, and passages below `min_passage_words` equal words or
//!    `min_passage_score` are dropped.
//!
//! Work is linear in text length plus the number of seeds: the only DPs are
//! bounded boxes between and around anchors.

use serde::Serialize;

use crate::AlignParams;
use crate::doc::{Doc, GramIndex};
use crate::dp::{self, Step};
use newsfold_core::hash::combine;

/// Kind of an edit operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    /// Same words on both sides (up to case and typographic punctuation).
    Eq,
    /// Words of `a` replaced by words of `b`.
    Sub,
    /// Words only in `b`.
    Ins,
    /// Words only in `a`.
    Del,
}

/// One edit operation of an aligned passage. Serialises as
/// `{"op":"eq"|"sub"|"ins"|"del","a":"text in a","b":"text in b"}`; an empty side is omitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Op {
    /// The kind of operation.
    pub op: OpKind,
    /// The covered text of `a` (from its first to its last word), empty for `ins`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub a: String,
    /// The covered text of `b`, empty for `del`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b: String,
}

/// An aligned passage: spans in both texts (Unicode scalar offsets, half-open)
/// and the edit operations turning the `a` span into the `b` span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// Start of the passage in `a` (char offset).
    pub a_start: usize,
    /// End of the passage in `a` (char offset, exclusive).
    pub a_end: usize,
    /// Start in `b`.
    pub b_start: usize,
    /// End in `b`.
    pub b_end: usize,
    /// Edit operations, runs of equal words merged.
    pub ops: Vec<Op>,
    /// Alignment score (match +4, substitution -2, gap open -6, gap word -1).
    pub score: i32,
    /// Words equal on both sides.
    pub matched_words: usize,
    /// Words of `a` covered.
    pub a_words: usize,
    /// Words of `b` covered.
    pub b_words: usize,
    /// First token of `a` covered (internal token index).
    #[serde(skip)]
    pub(crate) a_tok: (usize, usize),
    /// Token range of `b` covered.
    #[serde(skip)]
    pub(crate) b_tok: (usize, usize),
}

#[derive(Debug, Clone, Copy)]
struct Run {
    a0: usize,
    a1: usize,
    b0: usize,
    b1: usize,
}

/// Hashes of all word n-grams of `h` (position i covers `h[i..i+n]`).
pub(crate) fn ngrams(h: &[u64], n: usize) -> Vec<u64> {
    let n = n.max(1);
    if h.len() < n {
        return Vec::new();
    }
    h.windows(n).map(|w| w.iter().fold(0x51_7C_C1_B7_27_22_0A_95u64, |acc, &x| combine(acc, x))).collect()
}

/// Exact runs seeded by n-grams shared by `a` and `b` (`ia`, `ib` their
/// n-gram indexes): a merge join of the two sorted n-gram lists, so each pair
/// costs linear time in the texts, with no hashing or sorting of its own.
fn find_runs(a: &[u64], ia: &GramIndex, b: &[u64], ib: &GramIndex, p: &AlignParams) -> Vec<Run> {
    let n = ia.n.max(1);
    let (sa, sb) = (&ia.sorted, &ib.sorted);
    if sa.is_empty() || sb.is_empty() || ia.n != ib.n {
        return Vec::new();
    }
    let mut seeds: Vec<(i64, usize)> = Vec::new();
    let (mut x, mut y) = (0usize, 0usize);
    while x < sa.len() && y < sb.len() {
        let (ga, gb) = (sa[x].0, sb[y].0);
        if ga < gb {
            x += 1;
            continue;
        }
        if gb < ga {
            y += 1;
            continue;
        }
        let xe = x + sa[x..].iter().take_while(|e| e.0 == ga).count();
        let ye = y + sb[y..].iter().take_while(|e| e.0 == ga).count();
        if xe - x <= p.max_ngram_occ && ye - y <= p.max_ngram_occ {
            for &(_, i) in &sa[x..xe] {
                let i = i as usize;
                for &(_, j) in &sb[y..ye] {
                    let j = j as usize;
                    if a.get(i..i + n) == b.get(j..j + n) {
                        seeds.push((j as i64 - i as i64, i));
                    }
                }
            }
        }
        x = xe;
        y = ye;
    }
    seeds.sort_unstable();
    let mut runs: Vec<Run> = Vec::new();
    let mut k = 0;
    while k < seeds.len() {
        let (d, i0) = seeds[k];
        let mut end = i0 + n;
        let mut m = k + 1;
        while m < seeds.len() && seeds[m].0 == d && seeds[m].1 <= end {
            end = end.max(seeds[m].1 + n);
            m += 1;
        }
        let b0 = (i0 as i64 + d) as usize;
        let mut r = Run { a0: i0, a1: end, b0, b1: b0 + (end - i0) };
        // greedy exact extension over words the n-gram filter skipped
        while r.a0 > 0 && r.b0 > 0 && a[r.a0 - 1] == b[r.b0 - 1] {
            r.a0 -= 1;
            r.b0 -= 1;
        }
        while r.a1 < a.len() && r.b1 < b.len() && a[r.a1] == b[r.b1] {
            r.a1 += 1;
            r.b1 += 1;
        }
        runs.push(r);
        k = m;
    }
    runs.sort_by_key(|r| (r.a0, r.b0, r.a1));
    runs.dedup_by(|x, y| x.a0 == y.a0 && x.b0 == y.b0);
    runs
}

/// Chain runs (collinear, bounded gaps) and return chains as lists of run indices.
fn chain_runs(runs: &[Run], p: &AlignParams) -> Vec<Vec<usize>> {
    const LOOKBACK: usize = 256;
    let nr = runs.len();
    let mut best = vec![0i64; nr];
    let mut prev = vec![usize::MAX; nr];
    for r in 0..nr {
        let w = (dp::MATCH as i64) * (runs[r].a1 - runs[r].a0) as i64;
        best[r] = w;
        let lo = r.saturating_sub(LOOKBACK);
        for q in (lo..r).rev() {
            let (x, y) = (runs[q], runs[r]);
            if x.a1 > y.a0 || x.b1 > y.b0 {
                continue;
            }
            let ga = y.a0 - x.a1;
            let gb = y.b0 - x.b1;
            if ga > p.max_gap || gb > p.max_gap {
                continue;
            }
            let cost = (2 * ga.abs_diff(gb) + ga.min(gb)) as i64;
            let s = best[q] - cost + w;
            if s > best[r] {
                best[r] = s;
                prev[r] = q;
            }
        }
    }
    let mut order: Vec<usize> = (0..nr).collect();
    order.sort_by_key(|&r| (std::cmp::Reverse(best[r]), r));
    let mut used = vec![false; nr];
    let mut chains = Vec::new();
    for r in order {
        if used[r] {
            continue;
        }
        let mut c = Vec::new();
        let mut cur = r;
        while cur != usize::MAX && !used[cur] {
            used[cur] = true;
            c.push(cur);
            cur = prev[cur];
        }
        c.reverse();
        chains.push(c);
    }
    chains
}

/// A raw passage over token indices, before conversion to text.
#[derive(Debug, Clone)]
pub(crate) struct RawPassage {
    pub a0: usize,
    pub b0: usize,
    pub steps: Vec<Step>,
}

impl RawPassage {
    /// Mark the tokens of each side that are equal (matched) in this passage.
    pub(crate) fn mark_eq(&self, ma: &mut [bool], mb: &mut [bool]) {
        let (mut ia, mut ib) = (self.a0, self.b0);
        for st in &self.steps {
            match st {
                Step::M => {
                    if let Some(x) = ma.get_mut(ia) {
                        *x = true;
                    }
                    if let Some(x) = mb.get_mut(ib) {
                        *x = true;
                    }
                    ia += 1;
                    ib += 1;
                }
                Step::X => {
                    ia += 1;
                    ib += 1;
                }
                Step::D => ia += 1,
                Step::I => ib += 1,
            }
        }
    }

    fn a1(&self) -> usize {
        self.a0 + self.steps.iter().filter(|s| !matches!(s, Step::I)).count()
    }
    fn b1(&self) -> usize {
        self.b0 + self.steps.iter().filter(|s| !matches!(s, Step::D)).count()
    }
}

fn extend_segment(a: &[u64], b: &[u64], seg: &mut RawPassage, p: &AlignParams) {
    // left: align reversed prefixes
    let la = seg.a0.min(p.ext_limit);
    let lb = seg.b0.min(p.ext_limit);
    if la > 0 && lb > 0 {
        let ra: Vec<u64> = a[seg.a0 - la..seg.a0].iter().rev().copied().collect();
        let rb: Vec<u64> = b[seg.b0 - lb..seg.b0].iter().rev().copied().collect();
        let r = dp::extend(&ra, &rb, p.band, p.x_drop);
        if r.score > 0 {
            let mut st = r.steps;
            st.reverse();
            st.extend_from_slice(&seg.steps);
            seg.steps = st;
            seg.a0 -= r.a_len;
            seg.b0 -= r.b_len;
        }
    }
    let a1 = seg.a1();
    let b1 = seg.b1();
    let ra = &a[a1..(a1 + p.ext_limit).min(a.len())];
    let rb = &b[b1..(b1 + p.ext_limit).min(b.len())];
    if !ra.is_empty() && !rb.is_empty() {
        let r = dp::extend(ra, rb, p.band, p.x_drop);
        if r.score > 0 {
            seg.steps.extend_from_slice(&r.steps);
        }
    }
}

/// Pull passage ends to sentence boundaries when they are at most `snap` words away.
fn snap(da: &Doc, db: &Doc, seg: &mut RawPassage, snap: usize) {
    if snap == 0 || seg.steps.is_empty() {
        return;
    }
    let sent_start = |d: &Doc, t: usize| {
        let s = d.sent_of.get(t).copied();
        let mut k = t;
        while k > 0 && d.sent_of.get(k - 1).copied() == s {
            k -= 1;
        }
        k
    };
    let sent_end = |d: &Doc, t: usize| {
        // t is the last covered token (inclusive)
        let s = d.sent_of.get(t).copied();
        let mut k = t + 1;
        while k < d.sent_of.len() && d.sent_of.get(k).copied() == s {
            k += 1;
        }
        k
    };
    // start
    let sa = sent_start(da, seg.a0);
    let sb = sent_start(db, seg.b0);
    if seg.a0 - sa <= snap && seg.b0 - sb <= snap && (seg.a0 > sa || seg.b0 > sb) {
        let r = dp::global(&da.hashes[sa..seg.a0], &db.hashes[sb..seg.b0]);
        let mut st = r.steps;
        st.extend_from_slice(&seg.steps);
        seg.steps = st;
        seg.a0 = sa;
        seg.b0 = sb;
    }
    let a1 = seg.a1();
    let b1 = seg.b1();
    if a1 == 0 || b1 == 0 {
        return;
    }
    let ea = sent_end(da, a1 - 1);
    let eb = sent_end(db, b1 - 1);
    if ea - a1 <= snap && eb - b1 <= snap && (ea > a1 || eb > b1) {
        let r = dp::global(&da.hashes[a1..ea], &db.hashes[b1..eb]);
        seg.steps.extend_from_slice(&r.steps);
    }
}

/// Align two prepared documents into passages (token level).
pub(crate) fn align_raw(da: &Doc, db: &Doc, p: &AlignParams) -> Vec<RawPassage> {
    let a = &da.hashes;
    let b = &db.hashes;
    let runs = find_runs(a, &da.gram_index(p.ngram), b, &db.gram_index(p.ngram), p);
    if runs.is_empty() {
        return Vec::new();
    }
    let chains = chain_runs(&runs, p);
    let mut out: Vec<RawPassage> = Vec::new();
    for c in chains {
        let mut segs: Vec<RawPassage> = Vec::new();
        let mut cur: Option<RawPassage> = None;
        let mut last: Option<Run> = None;
        for &ri in &c {
            let r = runs[ri];
            let ms = std::iter::repeat_n(Step::M, r.a1 - r.a0);
            match (cur.as_mut(), last) {
                (Some(seg), Some(l)) => {
                    let g = dp::global(&a[l.a1..r.a0], &b[l.b1..r.b0]);
                    let gscore = if l.a1 == r.a0 && l.b1 == r.b0 { 0 } else { g.score };
                    if gscore < -p.split_drop {
                        if let Some(s) = cur.take() {
                            segs.push(s);
                        }
                        cur = Some(RawPassage { a0: r.a0, b0: r.b0, steps: ms.collect() });
                    } else {
                        seg.steps.extend_from_slice(&g.steps);
                        seg.steps.extend(ms);
                    }
                }
                _ => cur = Some(RawPassage { a0: r.a0, b0: r.b0, steps: ms.collect() }),
            }
            last = Some(r);
        }
        if let Some(s) = cur {
            segs.push(s);
        }
        for mut s in segs {
            // skip segments already inside an accepted passage on both sides
            let (sa0, sa1, sb0, sb1) = (s.a0, s.a1(), s.b0, s.b1());
            if out.iter().any(|o| o.a0 <= sa0 && sa1 <= o.a1() && o.b0 <= sb0 && sb1 <= o.b1()) {
                continue;
            }
            extend_segment(a, b, &mut s, p);
            snap(da, db, &mut s, p.snap_words);
            let matched = s.steps.iter().filter(|x| **x == Step::M).count();
            if matched < p.min_passage_words || dp::score_steps(&s.steps) < p.min_passage_score {
                continue;
            }
            // drop if mostly overlapping an accepted passage on both sides
            let overl = out.iter().any(|o| {
                let ov_a = o.a1().min(s.a1()).saturating_sub(o.a0.max(s.a0));
                let ov_b = o.b1().min(s.b1()).saturating_sub(o.b0.max(s.b0));
                ov_a * 2 > s.a1() - s.a0 && ov_b * 2 > s.b1() - s.b0
            });
            if !overl {
                out.push(s);
            }
        }
    }
    out.sort_by_key(|s| (s.a0, s.b0));
    out
}

/// Group steps into ops over token ranges: `(kind, a0, a1, b0, b1)`.
pub(crate) fn step_groups(a0: usize, b0: usize, steps: &[Step]) -> Vec<(OpKind, usize, usize, usize, usize)> {
    let mut out: Vec<(OpKind, usize, usize, usize, usize)> = Vec::new();
    let (mut ia, mut ib) = (a0, b0);
    let mut k = 0;
    while k < steps.len() {
        let eq = steps[k] == Step::M;
        let (sa, sb) = (ia, ib);
        while k < steps.len() && (steps[k] == Step::M) == eq {
            match steps[k] {
                Step::M | Step::X => {
                    ia += 1;
                    ib += 1;
                }
                Step::D => ia += 1,
                Step::I => ib += 1,
            }
            k += 1;
        }
        let kind = if eq {
            OpKind::Eq
        } else if ia > sa && ib > sb {
            OpKind::Sub
        } else if ia > sa {
            OpKind::Del
        } else {
            OpKind::Ins
        };
        out.push((kind, sa, ia, sb, ib));
    }
    // semantic cleanup: a one-word equality between a substitution and a pure
    // insertion/deletion reads better as one substitution ("lose you" → "let you down")
    let mut k = 1;
    while k + 1 < out.len() {
        let (l, m, r) = (out[k - 1], out[k], out[k + 1]);
        let one_word = m.0 == OpKind::Eq && m.2 - m.1 == 1;
        let pure = |x: OpKind| matches!(x, OpKind::Ins | OpKind::Del);
        let edits = l.0 != OpKind::Eq && r.0 != OpKind::Eq && (pure(l.0) || pure(r.0));
        if one_word && edits {
            out[k - 1] = (OpKind::Sub, l.1, r.2, l.3, r.4);
            out.drain(k..k + 2);
        } else {
            k += 1;
        }
    }
    out
}

/// Convert a raw passage into a public [`Passage`].
pub(crate) fn to_passage(da: &Doc, db: &Doc, s: &RawPassage) -> Passage {
    let groups = step_groups(s.a0, s.b0, &s.steps);
    let ops = groups
        .iter()
        .map(|&(k, a0, a1, b0, b1)| Op {
            op: k,
            a: da.tok_text(a0, a1).to_string(),
            b: db.tok_text(b0, b1).to_string(),
        })
        .collect();
    let (a1, b1) = (s.a1(), s.b1());
    let (ab0, ab1) = da.tok_bytes(s.a0, a1).unwrap_or((0, 0));
    let (bb0, bb1) = db.tok_bytes(s.b0, b1).unwrap_or((0, 0));
    Passage {
        a_start: da.ch(ab0),
        a_end: da.ch(ab1),
        b_start: db.ch(bb0),
        b_end: db.ch(bb1),
        ops,
        score: dp::score_steps(&s.steps),
        matched_words: s.steps.iter().filter(|x| **x == Step::M).count(),
        a_words: a1 - s.a0,
        b_words: b1 - s.b0,
        a_tok: (s.a0, a1),
        b_tok: (s.b0, b1),
    }
}

/// Align two texts into passages with the given parameters.
///
/// Returns the aligned passages sorted by their position in `a`. Offsets are
/// char offsets into `a` and `b`. Never panics.
pub fn align_passages(a: &str, b: &str, params: &AlignParams) -> Vec<Passage> {
    let da = Doc::new_light(a);
    let db = Doc::new_light(b);
    align_raw(&da, &db, params).iter().map(|s| to_passage(&da, &db, s)).collect()
}

/// Exact runs on the heaviest collinear chain (no gap limit), for whole-text diffs:
/// `(a0, a1, b0, b1)`, increasing and non-overlapping on both sides.
pub(crate) fn diff_runs(a: &[u64], b: &[u64], p: &AlignParams) -> Vec<(usize, usize, usize, usize)> {
    const LOOKBACK: usize = 512;
    let runs = find_runs(a, &GramIndex::new(a, p.ngram), b, &GramIndex::new(b, p.ngram), p);
    let nr = runs.len();
    let mut best = vec![0usize; nr];
    let mut prev = vec![usize::MAX; nr];
    for r in 0..nr {
        let w = runs[r].a1 - runs[r].a0;
        best[r] = w;
        for q in (r.saturating_sub(LOOKBACK)..r).rev() {
            if runs[q].a1 <= runs[r].a0 && runs[q].b1 <= runs[r].b0 && best[q] + w > best[r] {
                best[r] = best[q] + w;
                prev[r] = q;
            }
        }
    }
    let Some(mut cur) = (0..nr).max_by_key(|&r| (best[r], std::cmp::Reverse(r))) else { return Vec::new() };
    let mut out = Vec::new();
    while cur != usize::MAX {
        let r = runs[cur];
        out.push((r.a0, r.a1, r.b0, r.b1));
        cur = prev[cur];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reworded_quote_aligns_with_substitutions() {
        let a = "She wrote that she was afraid for you to open up because I've seen your spirit crushed, your mental health shattered, your soul in unimaginable pain. Sometimes I wonder how much one body, one mind can take. I don't want to lose you.\nYou know yourself.";
        let b = "Her post added: I was afraid for you to open up because I've witnessed your spirit crushed, your mental health shattered, and your soul in unbearable pain. I'm not sure how much a single body and mind can take. I don't want to let you down.\nNonetheless, he spoke.";
        let ps = align_passages(a, b, &AlignParams::default());
        assert_eq!(ps.len(), 1, "{ps:#?}");
        let p = &ps[0];
        assert!(
            p.ops.iter().any(|o| o.op == OpKind::Sub && o.a == "lose you" && o.b == "let you down"),
            "{:#?}",
            p.ops
        );
        assert!(p.ops.iter().any(|o| o.op == OpKind::Sub && o.a == "seen" && o.b == "witnessed"));
        let sa: String = a.chars().skip(p.a_start).take(p.a_end - p.a_start).collect();
        assert!(sa.ends_with("lose you"));
    }

    #[test]
    fn few_common_words_make_no_passage() {
        let a = "On Sunday she shared a picture writing I love you and I'm here with a heart.";
        let b = "She wrote: I am here, I love you, and I will take care of you, on Friday.";
        assert!(align_passages(a, b, &AlignParams::default()).is_empty());
    }

    #[test]
    fn identical_long_texts_align_fully() {
        let s: String = (0..3000).map(|i| format!("w{} ", (i * 7919) % 1000)).collect();
        let ps = align_passages(&s, &s, &AlignParams::default());
        let words: usize = ps.iter().map(|p| p.a_words).sum();
        assert!(words >= 3000, "{words}");
    }

    proptest::proptest! {
        #[test]
        fn passages_in_range(a in "(alpha|beta|gamma|delta|eps|, |\\. |\n){0,80}", b in "(alpha|beta|gamma|delta|eps|, |\\. |\n){0,80}") {
            let p = AlignParams { min_passage_words: 2, min_passage_score: 1, ..AlignParams::default() };
            let (na, nb) = (a.chars().count(), b.chars().count());
            for x in align_passages(&a, &b, &p) {
                proptest::prop_assert!(x.a_start <= x.a_end && x.a_end <= na);
                proptest::prop_assert!(x.b_start <= x.b_end && x.b_end <= nb);
                proptest::prop_assert!(x.matched_words >= 2);
            }
        }
    }
}
