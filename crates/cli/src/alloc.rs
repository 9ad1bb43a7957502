//! The binary's allocator: mimalloc (the analysis allocates many small
//! objects from both cores; glibc malloc spent ~35 % of a 100k run's CPU in
//! malloc/free under perf and fragmented the heap), optionally counting live
//! bytes for the stage log (`NEWSFOLD_HEAP_STATS=1`, see
//! `newsfold_engine::heap`). Counting is off unless asked for: two atomic
//! updates per allocation, shared by both cores, are not free.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering::Relaxed};

use mimalloc::MiMalloc;

/// mimalloc, counting when [`enable_counting`] was called.
pub struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
/// Live bytes (signed: frees of blocks allocated before counting began
/// subtract what was never added).
static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

fn grew(by: usize) {
    let by = i64::try_from(by).unwrap_or(i64::MAX);
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

fn shrank(by: usize) {
    LIVE.fetch_sub(i64::try_from(by).unwrap_or(i64::MAX), Relaxed);
}

// SAFETY: every call is forwarded unchanged to mimalloc; the counters only
// observe sizes and never touch the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { MiMalloc.alloc(layout) };
        if !p.is_null() && ON.load(Relaxed) {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { MiMalloc.alloc_zeroed(layout) };
        if !p.is_null() && ON.load(Relaxed) {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator with `layout` (caller's contract).
        unsafe { MiMalloc.dealloc(ptr, layout) };
        if ON.load(Relaxed) {
            shrank(layout.size());
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged (caller's contract).
        let p = unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        if !p.is_null() && ON.load(Relaxed) {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

/// Hand the memory this thread's heap and mimalloc's arenas hold freed
/// back to the OS now (`mi_collect(true)`), registered as the stage log's
/// release (`newsfold_engine::heap::set_release`): at the 1M analysis's peak,
/// the story pass's end just after quote clustering freed its index, the
/// process held ~2 GB more resident than live (session 18: 6.8 GB resident,
/// 4.7 GB live). (Purging every freed page at once instead, mimalloc's
/// `purge_delay` 0 without transparent huge pages, cost 7 % of the wall
/// time at 100k for 3 % less peak RSS.)
pub fn release() {
    // SAFETY: a plain call into the allocator, from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// Start counting and register the stage log's probe.
pub fn enable_counting() {
    ON.store(true, Relaxed);
    newsfold_engine::heap::set_probe(probe);
}

fn probe() -> newsfold_engine::heap::HeapStats {
    let live = LIVE.load(Relaxed).max(0);
    let peak = PEAK.swap(live, Relaxed).max(live);
    newsfold_engine::heap::HeapStats { live: live as u64, peak: peak as u64 }
}

#[cfg(test)]
mod tests {
    use super::{enable_counting, probe, release};

    #[test]
    fn counts_live_bytes_and_the_peak_between_probes() {
        const BIG: u64 = 64 << 20;
        // other tests allocate concurrently: leave them a few MB either way
        const SLACK: u64 = 8 << 20;
        enable_counting();
        let before = probe();
        let block = vec![1u8; BIG as usize];
        let during = probe();
        assert!(during.live + SLACK >= before.live + BIG, "{before:?} then {during:?}");
        assert!(during.peak >= during.live);
        drop(block);
        let after = probe();
        // the block was still live when this interval began
        assert!(after.peak + SLACK >= during.live, "{during:?} then {after:?}");
        assert!(after.live + BIG <= during.live + SLACK, "{during:?} then {after:?}");
        // a release frees nothing that is live
        let kept = vec![2u8; 1 << 20];
        release();
        assert!(kept.iter().all(|&b| b == 2));
    }
}
