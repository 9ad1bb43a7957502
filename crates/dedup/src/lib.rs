//! Exact, near-duplicate and containment detection (MinHash/LSH) for newsfold.
