//! Sparse vectors as key-sorted `(feature, weight)` lists, and a fixed hasher
//! for maps keyed by feature hashes.
//!
//! Hand-written: a sorted list with merge-joins is the whole "sparse linear
//! algebra" this crate needs (dot products, sums, top-k truncation), it is
//! cache friendly for the ~100-entry centroids, and it keeps iteration order
//! deterministic (stable story ids), which hash-map based crates do not.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A sparse vector: `(feature key, weight)` sorted by key, keys unique.
pub type SparseVec = Vec<(u64, f32)>;

/// Hasher for keys that are already well-mixed 64-bit hashes (feature keys)
/// or small integers (story indices): no rehashing, deterministic.
#[derive(Default, Clone, Copy, Debug)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // FNV-1a fallback for any other key type
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, i: usize) {
        self.0 = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A hash map with [`IdHasher`].
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Euclidean norm.
pub fn norm(v: &[(u64, f32)]) -> f32 {
    v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
}

/// Scale to unit norm (no-op for the zero vector).
pub fn normalize(v: &mut [(u64, f32)]) {
    let n = norm(v);
    if n > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= n;
        }
    }
}

/// Dot product of two key-sorted vectors (merge-join).
///
/// Branch-free steps: which side advances depends on hashed keys, so a
/// branching merge mispredicts about every other step (it was the largest
/// cost of story assignment at 1M articles). Both cursors advance by the
/// comparison's outcome and a non-match adds exactly 0, so the sum is the
/// branching merge's, term by term in the same order.
pub fn dot(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while let (Some(&(ka, wa)), Some(&(kb, wb))) = (a.get(i), b.get(j)) {
        let p = wa * wb;
        s += if ka == kb { p } else { 0.0 };
        i += usize::from(ka <= kb);
        j += usize::from(kb <= ka);
    }
    s
}

/// Cosine similarity (0 when either vector is zero).
pub fn cosine(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let d = norm(a) * norm(b);
    if d > 0.0 { dot(a, b) / d } else { 0.0 }
}

/// `a + scale * b`, key-sorted.
pub fn add_scaled(a: &[(u64, f32)], b: &[(u64, f32)], scale: f32) -> SparseVec {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let take_a = j >= b.len() || (i < a.len() && a[i].0 < b[j].0);
        let take_b = i >= a.len() || (j < b.len() && b[j].0 < a[i].0);
        if take_a {
            out.push(a[i]);
            i += 1;
        } else if take_b {
            out.push((b[j].0, b[j].1 * scale));
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1 * scale));
            i += 1;
            j += 1;
        }
    }
    out
}

/// Keep the `k` largest weights (ties: smaller key), result key-sorted. The
/// spare capacity is released: a story keeps its vectors for the whole run,
/// and one built from a 400-term article (or a sum of two vectors) would
/// otherwise hold several times the memory its 120 terms need.
pub fn truncate_top(v: &mut SparseVec, k: usize) {
    if v.len() > k {
        v.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        v.truncate(k);
        v.sort_unstable_by_key(|x| x.0);
    }
    v.shrink_to_fit();
}

/// Keys of the `k` largest weights, largest first (ties: smaller key).
pub fn top_keys(v: &[(u64, f32)], k: usize) -> Vec<u64> {
    let mut idx: Vec<(u64, f32)> = v.to_vec();
    idx.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    // not `collect` from `idx.into_iter()`: that reuses `idx`'s whole
    // allocation for the few keys kept (stories keep these lists)
    let mut out = Vec::with_capacity(k.min(idx.len()));
    out.extend(idx.iter().take(k).map(|x| x.0));
    out
}

/// Build a key-sorted vector from unsorted `(key, weight)` pairs, summing duplicates.
pub fn from_pairs(mut pairs: Vec<(u64, f32)>) -> SparseVec {
    pairs.sort_unstable_by_key(|x| x.0);
    let mut out: SparseVec = Vec::with_capacity(pairs.len());
    for (k, w) in pairs {
        match out.last_mut() {
            Some(last) if last.0 == k => last.1 += w,
            _ => out.push((k, w)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dot_and_add() {
        let a = vec![(1, 1.0), (3, 2.0)];
        let b = vec![(2, 5.0), (3, 1.0)];
        assert_eq!(dot(&a, &b), 2.0);
        assert_eq!(add_scaled(&a, &b, 2.0), vec![(1, 1.0), (2, 10.0), (3, 4.0)]);
        let mut c = vec![(1, 0.1), (2, 0.9), (3, 0.5)];
        truncate_top(&mut c, 2);
        assert_eq!(c, vec![(2, 0.9), (3, 0.5)]);
        assert_eq!(top_keys(&[(1, 0.1), (2, 0.9), (3, 0.5)], 2), vec![2, 3]);
    }

    proptest! {
        #[test]
        fn cosine_symmetric_and_bounded(
            a in proptest::collection::vec((0u64..20, 0.0f32..5.0), 0..15),
            b in proptest::collection::vec((0u64..20, 0.0f32..5.0), 0..15),
        ) {
            let a = from_pairs(a);
            let b = from_pairs(b);
            let x = cosine(&a, &b);
            let y = cosine(&b, &a);
            prop_assert!((x - y).abs() < 1e-5);
            prop_assert!((-1e-4..=1.0 + 1e-4).contains(&x));
            let s = add_scaled(&a, &b, 1.0);
            prop_assert!(s.windows(2).all(|w| w[0].0 < w[1].0));
        }

        #[test]
        fn branch_free_dot_is_the_branching_merge_bit_for_bit(
            a in proptest::collection::vec((0u64..40, 0.0f32..5.0), 0..30),
            b in proptest::collection::vec((0u64..40, 0.0f32..5.0), 0..30),
        ) {
            let (a, b) = (from_pairs(a), from_pairs(b));
            // the textbook merge-join, matches summed in key order
            let (mut i, mut j, mut want) = (0, 0, 0.0f32);
            while i < a.len() && j < b.len() {
                match a[i].0.cmp(&b[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        want += a[i].1 * b[j].1;
                        i += 1;
                        j += 1;
                    }
                }
            }
            prop_assert_eq!(dot(&a, &b).to_bits(), want.to_bits());
        }
    }
}
