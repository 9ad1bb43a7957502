//! Fuzz the hand-written text primitives of newsfold-core differentially:
//! `nfkc` must equal the unicode-normalization crate's NFKC, and `sentences`,
//! `tokenize` and `fold` must never panic and must return in-bounds spans on
//! char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unicode_normalization::UnicodeNormalization;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let want: String = s.nfkc().collect();
    assert_eq!(newsfold_core::nfkc(s), want);
    for x in newsfold_core::sentences(s) {
        assert!(x.span.start <= x.span.end && s.get(x.span.start..x.span.end).is_some());
    }
    let mut last = 0;
    for t in newsfold_core::tokenize(s) {
        assert!(t.start >= last && t.end > t.start && s.get(t.start..t.end).is_some());
        last = t.end;
    }
    let _ = newsfold_core::fold(s);
});
