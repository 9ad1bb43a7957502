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
    set: std::sync::OnceLock<Lookup>,
}

/// The membership structure of a [`WordSet`], built on first use.
struct Lookup {
    /// One bit per [`filter_slot`] of the words: most asked words are not in
    /// the list, and a clear bit says so without hashing the whole word.
    filter: [u64; 16],
    set: std::collections::HashSet<&'static str, rustc_hash::FxBuildHasher>,
}

/// Slot (0..1024) of a word in [`Lookup::filter`], from its length and its
/// first and last bytes.
#[inline]
fn filter_slot(w: &str) -> usize {
    let b = w.as_bytes();
    let key = (b.len() as u32)
        | u32::from(b.first().copied().unwrap_or(0)) << 8
        | u32::from(b.last().copied().unwrap_or(0)) << 16;
    (key.wrapping_mul(0x9E37_79B1) >> 22) as usize
}

impl WordSet {
    /// A set over `words` (the hash set is built on first use).
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordSet { words, set: std::sync::OnceLock::new() }
    }

    /// Whether `w` is one of the words (same signature as `<[&str]>::contains`).
    pub fn contains(&self, w: &&str) -> bool {
        let lookup = self.set.get_or_init(|| {
            let mut filter = [0u64; 16];
            for x in self.words {
                let slot = filter_slot(x);
                if let Some(f) = filter.get_mut(slot / 64) {
                    *f |= 1 << (slot % 64);
                }
            }
            Lookup { filter, set: self.words.iter().copied().collect() }
        });
        let slot = filter_slot(w);
        lookup.filter.get(slot / 64).is_some_and(|f| f >> (slot % 64) & 1 == 1) && lookup.set.contains(*w)
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

#[cfg(test)]
mod tests {
    use super::*;

    static SET: WordSet = WordSet::new(&["a", "the", "of", "said", "told", "", "über", "x-ray"]);

    #[test]
    fn members_and_strangers() {
        for w in SET.iter() {
            assert!(SET.contains(w), "{w:?}");
        }
        for w in ["b", "thE", "The", "sai", "saidd", "tol", "uber", "x", "ray", "of ", " a"] {
            assert!(!SET.contains(&w), "{w:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn contains_equals_a_scan(w in "\\PC{0,8}") {
            let w = w.as_str();
            proptest::prop_assert_eq!(SET.contains(&w), <[&str]>::contains(SET.words, &w));
        }
    }
}
