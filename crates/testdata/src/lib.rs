//! Locating the shared evaluation corpora for tests and benchmarks.
//!
//! The corpora live outside the repository, in `../shared/data` beside the
//! checkout (or wherever `NEWSFOLD_DATA` points). A user's fresh clone has
//! none: tests that need them call [`data_dir_or_skip`] and return early with
//! a clear message instead of failing.

use std::path::PathBuf;

/// The shared data directory, if present: `$NEWSFOLD_DATA`, else the first
/// `shared/data` found beside an ancestor of this crate's manifest directory
/// or of the current directory.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NEWSFOLD_DATA") {
        let p = PathBuf::from(p);
        return p.is_dir().then_some(p);
    }
    let starts = [Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))), std::env::current_dir().ok()];
    for start in starts.into_iter().flatten() {
        for anc in start.ancestors() {
            let cand = anc.join("shared").join("data");
            if cand.join("README.md").is_file() {
                return Some(cand);
            }
        }
    }
    None
}

/// `data_dir()/sub` if it exists; otherwise prints a skip notice naming `what`
/// and returns `None`.
pub fn data_dir_or_skip(sub: &str, what: &str) -> Option<PathBuf> {
    match data_dir().map(|d| d.join(sub)) {
        Some(p) if p.exists() => Some(p),
        _ => {
            eprintln!(
                "SKIPPED {what}: shared data `{sub}` not found (set NEWSFOLD_DATA or place ../shared/data beside the checkout)"
            );
            None
        }
    }
}
