//! Fuzz date parsing: any string either parses to a date or to None, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = newsfold_core::parse_date(s);
    }
});
