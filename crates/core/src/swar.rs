//! Eight bytes at a time in one `u64` (SWAR), the shared pieces of the
//! hand-written scanners (tokeniser, sentence splitter, NFKC fast path).
//!
//! Lanes are little-endian: lane `k` holds byte `i + k` of the loaded slice,
//! so the lowest flagged lane is the first matching byte.

/// The high bit of every byte lane.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;
/// 1 in every byte lane (multiply a byte by it to repeat it in every lane).
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;

/// Bytes `i..i + 8` of `b` as one word, or `None` when fewer than eight remain.
#[inline]
pub(crate) fn load(b: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = b.get(i..i.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The high bit of each lane of `v` equal to `byte`. Only the lowest flag is
/// guaranteed exact (a borrow can flag a `byte + 1` lane above a match), which
/// is all a "first match" scan needs.
#[inline]
pub(crate) fn eq_lanes(v: u64, byte: u8) -> u64 {
    let x = v ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HI
}

/// Index (0..8) of the lowest flagged lane of a non-zero flag word.
#[inline]
pub(crate) fn first_lane(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_lane_of_eq_lanes_is_the_first_match() {
        let b = b"ab.c..d!xyz";
        for i in 0..b.len() {
            let Some(v) = load(b, i) else {
                assert!(i + 8 > b.len());
                continue;
            };
            for byte in [b'.', b'!', b'z', b'q'] {
                let flags = eq_lanes(v, byte);
                let want = b[i..i + 8].iter().position(|&x| x == byte);
                assert_eq!((flags != 0).then(|| first_lane(flags)), want, "at {i} for {byte}");
            }
        }
        let high = load(&[0x41, 0x80, 0, 0, 0, 0, 0, 0x90], 0).map(|v| v & HI);
        assert_eq!(high.map(first_lane), Some(1));
    }
}
