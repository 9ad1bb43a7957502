//! Whole-text word diff for terminal rendering.
//!
//! Anchors are exact runs seeded by shared word trigrams; the heaviest
//! collinear chain of runs (no gap limit) fixes the skeleton, and each gap
//! between anchors is aligned with the affine-gap global DP (large gaps fall
//! back to a plain replace). Chunks tile both texts: concatenating the `a`
//! spans of all chunks gives the whole of `a` (the separators after a chunk's
//! last word belong to it), likewise for `b`, so a renderer can print every
//! character.

use serde::Serialize;

use crate::AlignParams;
use crate::align::{OpKind, step_groups};
use crate::doc::Doc;
use crate::dp::{self, Step};

/// Kind of a diff chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// Same words on both sides.
    Equal,
    /// Only in `b`.
    Insert,
    /// Only in `a`.
    Delete,
    /// `a` words replaced by `b` words.
    Replace,
}

/// One chunk of a word diff (char offsets into each text, half-open).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffChunk {
    /// Kind.
    pub kind: DiffKind,
    /// Start in `a`.
    pub a_start: usize,
    /// End in `a` (equals `a_start` for inserts).
    pub a_end: usize,
    /// Start in `b`.
    pub b_start: usize,
    /// End in `b` (equals `b_start` for deletes).
    pub b_end: usize,
}

/// Largest gap box aligned exactly (cells); beyond it a gap is one replace.
const MAX_GAP_CELLS: usize = 1 << 20;

/// Word diff of two whole texts.
pub fn diff(a: &str, b: &str) -> Vec<DiffChunk> {
    let da = Doc::new(a);
    let db = Doc::new(b);
    let (na, nb) = (da.hashes.len(), db.hashes.len());
    let p = AlignParams { ngram: 3, max_ngram_occ: 4, ..AlignParams::default() };
    let runs = crate::align::diff_runs(&da.hashes, &db.hashes, &p);
    let mut steps: Vec<Step> = Vec::with_capacity(na.max(nb));
    let (mut ia, mut ib) = (0usize, 0usize);
    let gap = |steps: &mut Vec<Step>, a0: usize, a1: usize, b0: usize, b1: usize| {
        let (sa, sb) = (&da.hashes[a0..a1], &db.hashes[b0..b1]);
        if sa.len().saturating_mul(sb.len()) <= MAX_GAP_CELLS {
            steps.extend(dp::global(sa, sb).steps);
        } else {
            steps.extend(std::iter::repeat_n(Step::X, sa.len().min(sb.len())));
            steps.extend(std::iter::repeat_n(Step::D, sa.len().saturating_sub(sb.len())));
            steps.extend(std::iter::repeat_n(Step::I, sb.len().saturating_sub(sa.len())));
        }
    };
    for (a0, a1, b0, _b1) in runs {
        gap(&mut steps, ia, a0, ib, b0);
        steps.extend(std::iter::repeat_n(Step::M, a1 - a0));
        ia = a1;
        ib = b0 + (a1 - a0);
    }
    gap(&mut steps, ia, na, ib, nb);
    let groups = step_groups(0, 0, &steps);
    let mut out = Vec::with_capacity(groups.len());
    let (mut pa, mut pb) = (0usize, 0usize); // byte positions
    let next_a = |t: usize| if t < na { da.toks[t].start() } else { a.len() };
    let next_b = |t: usize| if t < nb { db.toks[t].start() } else { b.len() };
    for (gi, &(k, a0, a1, b0, b1)) in groups.iter().enumerate() {
        let last = gi + 1 == groups.len();
        let ea = if a1 > a0 || last { next_a(a1) } else { pa };
        let eb = if b1 > b0 || last { next_b(b1) } else { pb };
        let kind = match k {
            OpKind::Eq => DiffKind::Equal,
            OpKind::Sub => DiffKind::Replace,
            OpKind::Ins => DiffKind::Insert,
            OpKind::Del => DiffKind::Delete,
        };
        out.push(DiffChunk { kind, a_start: da.ch(pa), a_end: da.ch(ea), b_start: db.ch(pb), b_end: db.ch(eb) });
        pa = ea;
        pb = eb;
    }
    if out.is_empty() && (!a.is_empty() || !b.is_empty()) {
        let kind = if a.is_empty() {
            DiffKind::Insert
        } else if b.is_empty() {
            DiffKind::Delete
        } else {
            DiffKind::Replace
        };
        out.push(DiffChunk { kind, a_start: 0, a_end: da.ch(a.len()), b_start: 0, b_end: db.ch(b.len()) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(t: &str, s: usize, e: usize) -> String {
        t.chars().skip(s).take(e - s).collect()
    }

    #[test]
    fn diff_marks_replacement() {
        let a = "I don’t want to lose you. You know yourself.";
        let b = "I don't want to let you down. You know yourself.";
        let d = diff(a, b);
        let kinds: Vec<DiffKind> = d.iter().map(|c| c.kind).collect();
        assert!(kinds.contains(&DiffKind::Replace));
        let r = d.iter().find(|c| c.kind == DiffKind::Replace).cloned();
        let r = r.unwrap_or(DiffChunk { kind: DiffKind::Equal, a_start: 0, a_end: 0, b_start: 0, b_end: 0 });
        assert!(piece(a, r.a_start, r.a_end).contains("lose"));
        assert!(piece(b, r.b_start, r.b_end).contains("let"));
    }

    proptest::proptest! {
        #[test]
        fn chunks_tile_both_texts(a in "[a-c ,.é]{0,60}", b in "[a-c ,.é]{0,60}") {
            let d = diff(&a, &b);
            let (mut pa, mut pb) = (0, 0);
            for c in &d {
                proptest::prop_assert_eq!(c.a_start, pa);
                proptest::prop_assert_eq!(c.b_start, pb);
                pa = c.a_end;
                pb = c.b_end;
            }
            if !d.is_empty() {
                proptest::prop_assert_eq!(pa, a.chars().count());
                proptest::prop_assert_eq!(pb, b.chars().count());
            }
        }
    }
}
