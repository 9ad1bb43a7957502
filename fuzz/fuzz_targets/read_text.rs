//! Fuzz the plain-text reader: arbitrary bytes never panic, every record and every
//! rejection names the input it came from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsfold_ingest::{ReadOptions, read_bytes};

fuzz_target!(|data: &[u8]| {
    let name = "input.txt";
    for item in read_bytes(name, data, &ReadOptions::default()) {
        match item {
            Ok(r) => assert_eq!(r.origin.path, name),
            Err(e) => assert!(e.to_string().starts_with(name)),
        }
    }
});
