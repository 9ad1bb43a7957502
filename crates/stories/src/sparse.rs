//! Sparse vectors as key-sorted `(feature, weight)` lists, and a fixed hasher
//! for maps keyed by feature hashes.
//!
//! Hand-written: a sorted list with merge-joins is the whole "sparse linear
//! algebra" this crate needs (dot products, sums, top-k truncation), it is
//! cache friendly for the ~100-entry centroids, and it keeps iteration order
//! deterministic (stable story ids), which hash-map based crates do not.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One entry of a sparse vector: a feature key and its weight.
///
/// 8 bytes: the key is the clusterer's 32-bit id of a feature, not the
/// feature's 64-bit hash (a `(u64, f32)` entry was 12 bytes packed, 16
/// padded): every story keeps ~200 of them (centroid, entities, title
/// candidates) for the whole run, most of the clusterer's memory.
/// Serialized as the `[key, weight]` pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Feat {
    /// Feature key (the clusterer's feature id).
    pub key: u32,
    /// Weight.
    pub w: f32,
}

impl Feat {
    /// The entry `(key, w)`.
    pub fn new(key: u32, w: f32) -> Self {
        Feat { key, w }
    }
}

impl Serialize for Feat {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.key, self.w).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Feat {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (key, w) = <(u32, f32)>::deserialize(d)?;
        Ok(Feat { key, w })
    }
}

/// A sparse vector: entries sorted by key, keys unique.
pub type SparseVec = Vec<Feat>;

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
pub fn norm(v: &[Feat]) -> f32 {
    v.iter().map(|f| f.w * f.w).sum::<f32>().sqrt()
}

/// Scale to unit norm (no-op for the zero vector).
pub fn normalize(v: &mut [Feat]) {
    let n = norm(v);
    if n > 0.0 {
        for f in v.iter_mut() {
            f.w /= n;
        }
    }
}

/// Dot product of two key-sorted vectors (merge-join).
///
/// Branch-free steps: which side advances depends on feature ids (in no
/// pattern: they are numbered as first seen), so a
/// branching merge mispredicts about every other step (it was the largest
/// cost of story assignment at 1M articles). Both cursors advance by the
/// comparison's outcome and a non-match adds exactly 0, so the sum is the
/// branching merge's, term by term in the same order.
pub fn dot(a: &[Feat], b: &[Feat]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while let (Some(&Feat { key: ka, w: wa }), Some(&Feat { key: kb, w: wb })) = (a.get(i), b.get(j)) {
        let p = wa * wb;
        s += if ka == kb { p } else { 0.0 };
        i += usize::from(ka <= kb);
        j += usize::from(kb <= ka);
    }
    s
}

/// Cosine similarity (0 when either vector is zero).
pub fn cosine(a: &[Feat], b: &[Feat]) -> f32 {
    let d = norm(a) * norm(b);
    if d > 0.0 { dot(a, b) / d } else { 0.0 }
}

/// `a + scale * b`, key-sorted.
pub fn add_scaled(a: &[Feat], b: &[Feat], scale: f32) -> SparseVec {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i).copied(), b.get(j).copied()) {
            (Some(x), Some(y)) if x.key < y.key => {
                out.push(x);
                i += 1;
            }
            (Some(x), Some(y)) if y.key < x.key => {
                out.push(Feat::new(y.key, y.w * scale));
                j += 1;
            }
            (Some(x), Some(y)) => {
                out.push(Feat::new(x.key, x.w + y.w * scale));
                i += 1;
                j += 1;
            }
            (Some(x), None) => {
                out.push(x);
                i += 1;
            }
            (None, Some(y)) => {
                out.push(Feat::new(y.key, y.w * scale));
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// Descending weight, ties by ascending key: the order of "top" entries.
fn heaviest_first(x: &Feat, y: &Feat) -> std::cmp::Ordering {
    let (kx, ky) = (x.key, y.key);
    y.w.total_cmp(&x.w).then(kx.cmp(&ky))
}

/// Keep the `k` largest weights (ties: smaller key), result key-sorted. The
/// spare capacity is released: a story keeps its vectors for the whole run,
/// and one built from a 400-term article (or a sum of two vectors) would
/// otherwise hold several times the memory its 120 terms need.
pub fn truncate_top(v: &mut SparseVec, k: usize) {
    if v.len() > k {
        v.sort_unstable_by(heaviest_first);
        v.truncate(k);
        v.sort_unstable_by_key(|x| x.key);
    }
    v.shrink_to_fit();
}

/// Keys of the `k` largest weights, largest first (ties: smaller key).
pub fn top_keys(v: &[Feat], k: usize) -> Vec<u32> {
    let mut idx: Vec<Feat> = v.to_vec();
    idx.sort_unstable_by(heaviest_first);
    // not `collect` from `idx.into_iter()`: that reuses `idx`'s whole
    // allocation for the few keys kept (stories keep these lists)
    let mut out = Vec::with_capacity(k.min(idx.len()));
    out.extend(idx.iter().take(k).map(|x| x.key));
    out
}

/// Build a key-sorted vector from unsorted `(key, weight)` pairs, summing duplicates.
pub fn from_pairs(mut pairs: Vec<(u32, f32)>) -> SparseVec {
    pairs.sort_unstable_by_key(|x| x.0);
    let mut out: SparseVec = Vec::with_capacity(pairs.len());
    for (k, w) in pairs {
        match out.last_mut() {
            Some(last) if last.key == k => last.w += w,
            _ => out.push(Feat::new(k, w)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fv(pairs: &[(u32, f32)]) -> SparseVec {
        pairs.iter().map(|&(k, w)| Feat::new(k, w)).collect()
    }

    fn pairs(v: &[Feat]) -> Vec<(u32, f32)> {
        v.iter().map(|f| (f.key, f.w)).collect()
    }

    /// The `(u32, f32)` tuple versions `add_scaled` and `truncate_top` had
    /// before [`Feat`], kept as the reference they are proptested against.
    fn add_scaled_ref(a: &[(u32, f32)], b: &[(u32, f32)], scale: f32) -> Vec<(u32, f32)> {
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

    fn truncate_top_ref(v: &mut Vec<(u32, f32)>, k: usize) {
        if v.len() > k {
            v.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            v.truncate(k);
            v.sort_unstable_by_key(|x| x.0);
        }
    }

    #[test]
    fn feat_is_8_bytes_and_serializes_as_a_pair() {
        assert_eq!(std::mem::size_of::<Feat>(), 8);
        let v = fv(&[(1, 0.5), (u32::MAX, -2.25)]);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, serde_json::to_string(&pairs(&v)).unwrap());
        assert_eq!(serde_json::from_str::<SparseVec>(&json).unwrap(), v);
    }

    #[test]
    fn dot_and_add() {
        let a = fv(&[(1, 1.0), (3, 2.0)]);
        let b = fv(&[(2, 5.0), (3, 1.0)]);
        assert_eq!(dot(&a, &b), 2.0);
        assert_eq!(add_scaled(&a, &b, 2.0), fv(&[(1, 1.0), (2, 10.0), (3, 4.0)]));
        let mut c = fv(&[(1, 0.1), (2, 0.9), (3, 0.5)]);
        truncate_top(&mut c, 2);
        assert_eq!(c, fv(&[(2, 0.9), (3, 0.5)]));
        assert_eq!(top_keys(&fv(&[(1, 0.1), (2, 0.9), (3, 0.5)]), 2), vec![2, 3]);
    }

    proptest! {
        #[test]
        fn cosine_symmetric_and_bounded(
            a in proptest::collection::vec((0u32..20, 0.0f32..5.0), 0..15),
            b in proptest::collection::vec((0u32..20, 0.0f32..5.0), 0..15),
        ) {
            let a = from_pairs(a);
            let b = from_pairs(b);
            let x = cosine(&a, &b);
            let y = cosine(&b, &a);
            prop_assert!((x - y).abs() < 1e-5);
            prop_assert!((-1e-4..=1.0 + 1e-4).contains(&x));
            let s = add_scaled(&a, &b, 1.0);
            let sorted = s.windows(2).all(|w| w[0].key < w[1].key);
            prop_assert!(sorted);
        }

        #[test]
        fn feat_ops_are_the_tuple_ops_bit_for_bit(
            a in proptest::collection::vec((0u32..40, -5.0f32..5.0), 0..30),
            b in proptest::collection::vec((0u32..40, -5.0f32..5.0), 0..30),
            scale in -3.0f32..3.0,
            k in 0usize..20,
        ) {
            let (a, b) = (from_pairs(a), from_pairs(b));
            let want = add_scaled_ref(&pairs(&a), &pairs(&b), scale);
            let got = add_scaled(&a, &b, scale);
            let bits = |v: &[(u32, f32)]| v.iter().map(|&(k, w)| (k, w.to_bits())).collect::<Vec<_>>();
            prop_assert_eq!(bits(&pairs(&got)), bits(&want));
            let (mut got, mut want) = (got, want);
            truncate_top(&mut got, k);
            truncate_top_ref(&mut want, k);
            prop_assert_eq!(bits(&pairs(&got)), bits(&want));
        }

        #[test]
        fn branch_free_dot_is_the_branching_merge_bit_for_bit(
            a in proptest::collection::vec((0u32..40, 0.0f32..5.0), 0..30),
            b in proptest::collection::vec((0u32..40, 0.0f32..5.0), 0..30),
        ) {
            let (a, b) = (from_pairs(a), from_pairs(b));
            // the textbook merge-join, matches summed in key order
            let (mut i, mut j, mut want) = (0, 0, 0.0f32);
            while i < a.len() && j < b.len() {
                let (ka, kb) = (a[i].key, b[j].key);
                match ka.cmp(&kb) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        want += a[i].w * b[j].w;
                        i += 1;
                        j += 1;
                    }
                }
            }
            prop_assert_eq!(dot(&a, &b).to_bits(), want.to_bits());
        }
    }
}
