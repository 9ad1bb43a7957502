//! Fast non-cryptographic hashing (xxh3) used for shingles, tokens and content ids.

/// 64-bit xxh3 of a byte slice.
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(b)
}

/// 64-bit xxh3 of a string's UTF-8 bytes.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Combine two hashes (order-sensitive). Used to hash token n-grams without
/// building strings.
#[inline]
pub fn combine(h: u64, next: u64) -> u64 {
    // A multiply-rotate mix (as in FxHash/wyhash families); good enough for shingles
    // because the inputs are already xxh3 outputs.
    (h.rotate_left(5) ^ next).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}
