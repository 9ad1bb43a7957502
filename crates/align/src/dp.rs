//! Affine-gap word alignment dynamic programming (Gotoh), in two modes:
//! *global* (both slices consumed; used between anchors and for sentence pairs)
//! and *anchored extension* (starts at the first cell, ends at the best cell,
//! banded around the diagonal with an X-drop stop; used to grow a passage
//! outwards from its outermost anchors).
//!
//! Hand-written: the DP is the core of the product, runs over token hashes
//! (not bytes or chars as in the alignment crates) and needs the X-drop/band
//! combination and traceback into our own edit steps.

/// Score of two equal words.
pub(crate) const MATCH: i32 = 4;
/// Score of a substituted word.
pub(crate) const MISMATCH: i32 = -2;
/// Charged once per gap (insertion or deletion run).
pub(crate) const GAP_OPEN: i32 = -6;
/// Charged per word of a gap.
pub(crate) const GAP_EXT: i32 = -1;

const NEG: i32 = i32::MIN / 4;

/// One alignment column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Same word on both sides.
    M,
    /// Different words (substitution).
    X,
    /// Word only in `b` (insertion).
    I,
    /// Word only in `a` (deletion).
    D,
}

/// Result of one DP run.
#[derive(Debug, Clone, Default)]
pub(crate) struct DpOut {
    pub score: i32,
    pub steps: Vec<Step>,
    /// Tokens of `a` consumed.
    pub a_len: usize,
    /// Tokens of `b` consumed.
    pub b_len: usize,
}

/// Score of a step sequence (affine gaps), for re-scoring composed paths.
pub(crate) fn score_steps(steps: &[Step]) -> i32 {
    let mut s = 0;
    let mut prev = Step::M;
    for &st in steps {
        s += match st {
            Step::M => MATCH,
            Step::X => MISMATCH,
            Step::I | Step::D => {
                if prev == st {
                    GAP_EXT
                } else {
                    GAP_OPEN + GAP_EXT
                }
            }
        };
        prev = st;
    }
    s
}

/// Largest matrix (cells) a single global run may allocate; callers keep gaps
/// far below this, and beyond it we fall back to a diagonal-then-gap path.
const MAX_CELLS: usize = 4_000_000;

/// Global alignment of `a` and `b`.
pub(crate) fn global(a: &[u64], b: &[u64]) -> DpOut {
    if a.is_empty() || b.is_empty() || (a.len() + 1).saturating_mul(b.len() + 1) > MAX_CELLS {
        return fallback(a, b);
    }
    run(a, b, true, usize::MAX, i32::MAX)
}

/// Anchored extension from the start of `a` and `b`: banded, X-drop.
pub(crate) fn extend(a: &[u64], b: &[u64], band: usize, x_drop: i32) -> DpOut {
    if a.is_empty() || b.is_empty() {
        return DpOut::default();
    }
    run(a, b, false, band.max(1), x_drop.max(1))
}

/// Substitute pairwise, then an indel for the rest (used when a DP would be too big).
fn fallback(a: &[u64], b: &[u64]) -> DpOut {
    let k = a.len().min(b.len());
    let mut steps: Vec<Step> = (0..k).map(|i| if a[i] == b[i] { Step::M } else { Step::X }).collect();
    steps.extend(std::iter::repeat_n(Step::D, a.len() - k));
    steps.extend(std::iter::repeat_n(Step::I, b.len() - k));
    DpOut { score: score_steps(&steps), steps, a_len: a.len(), b_len: b.len() }
}

// traceback bits
const H_DIAG: u8 = 0;
const H_E: u8 = 1;
const H_F: u8 = 2;
const H_MASK: u8 = 3;
const E_EXT: u8 = 4;
const F_EXT: u8 = 8;
const VALID: u8 = 16;

fn run(a: &[u64], b: &[u64], global: bool, band: usize, x_drop: i32) -> DpOut {
    let n = a.len();
    let m = b.len();
    let w = m + 1;
    let cells = (n + 1) * w;
    let mut h = vec![NEG; cells];
    let mut e = vec![NEG; cells];
    let mut f = vec![NEG; cells];
    let mut tb = vec![0u8; cells];
    h[0] = 0;
    tb[0] = VALID;
    for j in 1..=m.min(band) {
        e[j] = GAP_OPEN + GAP_EXT * j as i32;
        h[j] = e[j];
        tb[j] = VALID | H_E | if j > 1 { E_EXT } else { 0 };
    }
    let mut best = (0i32, 0usize, 0usize);
    let mut last_row = n;
    for i in 1..=n {
        let lo = if band == usize::MAX { 1 } else { i.saturating_sub(band).max(1) };
        let hi = if band == usize::MAX { m } else { (i + band).min(m) };
        let row = i * w;
        let up = (i - 1) * w;
        if i <= band {
            f[row] = GAP_OPEN + GAP_EXT * i as i32;
            h[row] = f[row];
            tb[row] = VALID | H_F | if i > 1 { F_EXT } else { 0 };
        }
        let mut row_max = if i <= band { h[row] } else { NEG };
        for j in lo..=hi {
            let c = row + j;
            let mut t = VALID;
            // E: gap consuming b (insertion), from the left
            let e_open = h[c - 1].saturating_add(GAP_OPEN + GAP_EXT);
            let e_ext = e[c - 1].saturating_add(GAP_EXT);
            let ev = if e_ext > e_open {
                t |= E_EXT;
                e_ext
            } else {
                e_open
            };
            // F: gap consuming a (deletion), from above
            let f_open = h[up + j].saturating_add(GAP_OPEN + GAP_EXT);
            let f_ext = f[up + j].saturating_add(GAP_EXT);
            let fv = if f_ext > f_open {
                t |= F_EXT;
                f_ext
            } else {
                f_open
            };
            let s = if a[i - 1] == b[j - 1] { MATCH } else { MISMATCH };
            let dv = h[up + j - 1].saturating_add(s);
            let (hv, src) = if dv >= ev && dv >= fv {
                (dv, H_DIAG)
            } else if ev >= fv {
                (ev, H_E)
            } else {
                (fv, H_F)
            };
            e[c] = ev.max(NEG);
            f[c] = fv.max(NEG);
            h[c] = hv.max(NEG);
            tb[c] = t | src;
            if hv > row_max {
                row_max = hv;
            }
            if !global && hv > best.0 {
                best = (hv, i, j);
            }
        }
        if !global && row_max < best.0 - x_drop {
            last_row = i;
            break;
        }
    }
    let _ = last_row;
    let (bi, bj) = if global { (n, m) } else { (best.1, best.2) };
    let score = if global { h[n * w + m] } else { best.0 };
    let steps = traceback(&tb, w, bi, bj, a, b);
    DpOut { score, steps, a_len: bi, b_len: bj }
}

fn traceback(tb: &[u8], w: usize, mut i: usize, mut j: usize, a: &[u64], b: &[u64]) -> Vec<Step> {
    #[derive(PartialEq)]
    enum St {
        H,
        E,
        F,
    }
    let mut st = St::H;
    let mut out = Vec::with_capacity(i + j);
    while i > 0 || j > 0 {
        let c = i * w + j;
        let t = tb.get(c).copied().unwrap_or(0);
        if t & VALID == 0 {
            // outside the band (cannot happen on a valid path); finish with indels
            out.extend(std::iter::repeat_n(Step::D, i));
            out.extend(std::iter::repeat_n(Step::I, j));
            break;
        }
        match st {
            St::H => {
                if i == 0 {
                    st = St::E;
                    continue;
                }
                if j == 0 {
                    st = St::F;
                    continue;
                }
                match t & H_MASK {
                    H_DIAG => {
                        out.push(if a[i - 1] == b[j - 1] { Step::M } else { Step::X });
                        i -= 1;
                        j -= 1;
                    }
                    H_E => st = St::E,
                    _ => st = St::F,
                }
            }
            St::E => {
                if j == 0 {
                    st = St::F;
                    continue;
                }
                out.push(Step::I);
                if t & E_EXT == 0 {
                    st = St::H;
                }
                j -= 1;
            }
            St::F => {
                if i == 0 {
                    st = St::E;
                    continue;
                }
                out.push(Step::D);
                if t & F_EXT == 0 {
                    st = St::H;
                }
                i -= 1;
            }
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u64> {
        s.split_whitespace().map(newsfold_core::hash_str).collect()
    }

    #[test]
    fn global_substitution_and_insertion() {
        let a = h("i do not want to lose you");
        let b = h("i do not want to let you down");
        let r = global(&a, &b);
        assert_eq!(r.a_len, a.len());
        assert_eq!(r.b_len, b.len());
        use Step::*;
        assert_eq!(r.steps, vec![M, M, M, M, M, X, M, I]);
        assert_eq!(r.score, score_steps(&r.steps));
    }

    #[test]
    fn extension_stops_at_best() {
        let a = h("the torture to her family and zz yy xx ww vv uu tt ss rr");
        let b = h("the torture endured by her family and aa bb cc dd ee ff gg hh");
        let r = extend(&a, &b, 8, 12);
        assert_eq!(r.a_len, 6);
        assert_eq!(r.b_len, 7);
        assert_eq!(r.score, score_steps(&r.steps));
    }

    proptest::proptest! {
        #[test]
        fn global_consumes_all(a in proptest::collection::vec(0u64..4, 0..20), b in proptest::collection::vec(0u64..4, 0..20)) {
            let r = global(&a, &b);
            let na = r.steps.iter().filter(|s| !matches!(s, Step::I)).count();
            let nb = r.steps.iter().filter(|s| !matches!(s, Step::D)).count();
            proptest::prop_assert_eq!(na, a.len());
            proptest::prop_assert_eq!(nb, b.len());
            if !a.is_empty() && !b.is_empty() {
                proptest::prop_assert_eq!(r.score, score_steps(&r.steps));
            }
        }

        #[test]
        fn extend_consistent(a in proptest::collection::vec(0u64..3, 0..30), b in proptest::collection::vec(0u64..3, 0..30)) {
            let r = extend(&a, &b, 5, 10);
            let na = r.steps.iter().filter(|s| !matches!(s, Step::I)).count();
            let nb = r.steps.iter().filter(|s| !matches!(s, Step::D)).count();
            proptest::prop_assert_eq!(na, r.a_len);
            proptest::prop_assert_eq!(nb, r.b_len);
            proptest::prop_assert!(r.score >= 0);
            proptest::prop_assert_eq!(r.score, score_steps(&r.steps));
        }
    }
}
