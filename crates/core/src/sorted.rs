//! Operations on sorted slices (the sets and multisets of hashes and word ids
//! the analysis crates compare).

/// `|A ∩ B|` of two ascending slices, counting a value `min(count in A, count
/// in B)` times (for deduplicated slices: the size of the set intersection).
///
/// A branch-free merge walk: both cursors advance by comparison results
/// instead of a three-way branch, which the CPU cannot predict on random
/// hashes. Dedup verifies candidate pairs with it, the digest compares word
/// bags, quote clustering bounds its LCS.
#[inline]
pub fn sorted_intersection<T: Ord + Copy>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn intersection_of_sets(a in proptest::collection::btree_set(0u32..300, 0..120), b in proptest::collection::btree_set(0u32..300, 0..120)) {
            let want = a.intersection(&b).count();
            let a: Vec<u32> = a.into_iter().collect();
            let b: Vec<u32> = b.into_iter().collect();
            proptest::prop_assert_eq!(sorted_intersection(&a, &b), want);
        }

        #[test]
        fn intersection_of_multisets(mut a in proptest::collection::vec(0u64..8, 0..40), mut b in proptest::collection::vec(0u64..8, 0..40)) {
            a.sort_unstable();
            b.sort_unstable();
            let want: usize = (0..8u64)
                .map(|v| a.iter().filter(|&&x| x == v).count().min(b.iter().filter(|&&x| x == v).count()))
                .sum();
            proptest::prop_assert_eq!(sorted_intersection(&a, &b), want);
        }
    }
}
