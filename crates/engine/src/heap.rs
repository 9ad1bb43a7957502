//! Live heap figures for the stage log.
//!
//! Resident memory (`rss_mb`) says what the process holds from the OS, which
//! includes memory the allocator keeps after it was freed; to see what each
//! stage really keeps alive, a binary can count its allocations (the
//! `newsfold` binary does, with `NEWSFOLD_HEAP_STATS=1`) and register a
//! probe here. The stage log then adds `heap_mb` (live bytes at the end of
//! the stage) and `heap_peak_mb` (the most live at any moment since the
//! previous stage ended).

use std::sync::OnceLock;

/// Live heap bytes now, and the peak since the previous call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeapStats {
    /// Bytes allocated and not yet freed.
    pub live: u64,
    /// The most bytes live at once since the previous probe call.
    pub peak: u64,
}

static PROBE: OnceLock<fn() -> HeapStats> = OnceLock::new();

/// Register the function the stage log calls for heap figures (once; later
/// calls are ignored).
pub fn set_probe(probe: fn() -> HeapStats) {
    let _ = PROBE.set(probe);
}

/// The registered probe's figures, when a binary registered one.
pub fn stats() -> Option<HeapStats> {
    PROBE.get().map(|p| p())
}

static RELEASE: OnceLock<fn()> = OnceLock::new();

/// Register the function that hands memory the process freed back to the
/// OS (the `newsfold` binary registers mimalloc's collection), called at
/// the end of each analysis stage: the stages free gigabytes (an index, a
/// clusterer's units) that the allocator would otherwise keep resident
/// beside the next stage's memory. Once; later calls are ignored.
pub fn set_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Call the registered release function, if any.
pub fn release() {
    if let Some(f) = RELEASE.get() {
        f();
    }
}
