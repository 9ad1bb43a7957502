//! Fixed word lists with constant-time membership.

/// A fixed word list with O(1) membership, declared as a `static`:
/// `static STOPWORDS: WordSet = WordSet::new(&["a", "an", ...]);`.
///
/// The extractors ask several lists about every token of every sentence; a
/// linear scan of a 100-word list per question was a third of fact
/// extraction time and a quarter of story clustering. Derefs to the list
/// itself, so iteration and `len` read as on a slice, and `contains` has the
/// slice's signature.
pub struct WordSet {
    words: &'static [&'static str],
    set: std::sync::OnceLock<std::collections::HashSet<&'static str, rustc_hash::FxBuildHasher>>,
}

impl WordSet {
    /// A set over `words` (the hash set is built on first use).
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordSet { words, set: std::sync::OnceLock::new() }
    }

    /// Whether `w` is one of the words (same signature as `<[&str]>::contains`).
    pub fn contains(&self, w: &&str) -> bool {
        self.set.get_or_init(|| self.words.iter().copied().collect()).contains(*w)
    }
}

impl std::ops::Deref for WordSet {
    type Target = [&'static str];
    fn deref(&self) -> &Self::Target {
        self.words
    }
}

impl<'a> IntoIterator for &'a WordSet {
    type Item = &'a &'static str;
    type IntoIter = std::slice::Iter<'a, &'static str>;
    fn into_iter(self) -> Self::IntoIter {
        self.words.iter()
    }
}
