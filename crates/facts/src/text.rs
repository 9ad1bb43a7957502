//! Content words and sentence similarity shared by disagreement detection,
//! quote comparison and the digest.

pub(crate) use newsfold_core::WordSet;

/// English function words ignored when comparing content.
pub(crate) static STOPWORDS: WordSet = WordSet::new(&[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
    "being", "but", "by", "can", "could", "did", "do", "does", "doing", "during", "each", "for", "from", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into",
    "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off",
    "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "said", "says", "same", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "s", "t",
    "'s", "don't", "didn't", "doesn't", "i'm", "it's", "i've", "can't", "won't", "isn't", "wasn't", "that's", "he's",
    "she's", "we're", "they're", "you're", "i'll", "let", "get", "got", "one", "mr", "mrs", "ms",
]);

/// Is `w` (already lowercased) a function word?
pub(crate) fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// Lowercased content words of `s` (no stopwords, no pure numbers, apostrophes folded).
pub(crate) fn content_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let w = cur.trim_matches('\'').to_string();
        cur.clear();
        let numeric =
            w.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') || crate::lex::number_word(&w).is_some();
        if w.is_empty() || is_stopword(&w) || numeric {
            return;
        }
        let w = w.strip_suffix("'s").map(str::to_string).unwrap_or(w);
        if !w.is_empty() && !is_stopword(&w) {
            out.push(w);
        }
    };
    for c in s.chars() {
        let c = newsfold_core::fold_char(c);
        if c.is_alphanumeric() || c == '\'' {
            cur.push(c);
        } else {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Crude stem so that `killed`/`killing`, `children`/`child` compare alike.
pub(crate) fn stem(w: &str) -> String {
    let w = w.to_lowercase();
    for (suf, rep) in [("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")] {
        if w.len() > suf.len() + 3 {
            if let Some(b) = w.strip_suffix(suf) {
                return format!("{b}{rep}");
            }
        }
    }
    w
}

/// A set of stemmed content words, as sorted distinct 64-bit hashes of the
/// stems. The digest compares every candidate sentence with every sentence
/// of its story, and sets of `String`s (SipHash per lookup) made that the
/// top of a big story's profile; a merge of two sorted slices is a few
/// comparisons per word. Hand-written: a sorted `Vec` is all it takes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Bag(Vec<u64>);

impl Bag {
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Whether the word with hash `h` is in the bag.
    pub(crate) fn contains(&self, h: u64) -> bool {
        self.0.binary_search(&h).is_ok()
    }
    /// The word hashes, ascending.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().copied()
    }
    /// `|self ∩ other|`.
    fn shared(&self, other: &Bag) -> usize {
        newsfold_core::sorted_intersection(&self.0, &other.0)
    }
}

/// The bag of stemmed content words of `s`.
pub(crate) fn bag(s: &str) -> Bag {
    let mut v: Vec<u64> = content_words(s).iter().map(|w| newsfold_core::hash_str(&stem(w))).collect();
    v.sort_unstable();
    v.dedup();
    Bag(v)
}

/// Jaccard similarity of two bags (0 when both are empty).
pub(crate) fn jaccard(a: &Bag, b: &Bag) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let inter = a.shared(b);
    let uni = a.len() + b.len() - inter;
    if uni == 0 { 0.0 } else { inter as f32 / uni as f32 }
}

/// Overlap coefficient: shared / size of the smaller bag.
pub(crate) fn overlap(a: &Bag, b: &Bag) -> f32 {
    let m = a.len().min(b.len());
    if m == 0 {
        return 0.0;
    }
    a.shared(b) as f32 / m as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_drop_function_words_and_numbers() {
        assert_eq!(content_words("The actor, 63, didn’t pull the trigger."), ["actor", "pull", "trigger"]);
    }

    #[test]
    fn similarity_is_symmetric_and_bounded() {
        let a = bag("Three people were killed in the blast");
        let word = |w: &str| newsfold_core::hash_str(&stem(w));
        assert!(!a.contains(word("three")), "number words are not content");
        assert!(a.contains(word("killed")) && a.contains(word("people")) && a.len() == 3, "{a:?}");
        let b = bag("Four people were killed in a blast on Friday");
        let j = jaccard(&a, &b);
        assert!((j - jaccard(&b, &a)).abs() < 1e-6);
        assert!(j > 0.4 && j <= 1.0);
        assert!(overlap(&a, &b) > 0.99);
    }

    #[test]
    fn word_set_answers_like_the_list() {
        let list: &[&str] = &STOPWORDS;
        for w in ["the", "whom", "mr", "s", "", "The", "zebra", "don't", "don’t"] {
            assert_eq!(STOPWORDS.contains(&w), list.contains(&w), "{w}");
        }
        assert!(STOPWORDS.len() > 100 && (&STOPWORDS).into_iter().count() == STOPWORDS.len());
    }
}
