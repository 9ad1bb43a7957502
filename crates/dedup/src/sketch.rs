//! Per-article signatures: exact key, shingle set, lead bigrams and MinHash.

use std::borrow::Cow;

use newsfold_core::{Article, Token, hash::combine};
use serde::{Deserialize, Serialize};

use crate::boilerplate::{BoilerplateModel, classify, outlet_key};
use crate::{DedupError, DedupParams, ShingleKind};

/// Everything the index needs to know about one article. Computed once by
/// [`sketch`]; store it (e.g. [`Signature::to_bytes`] into a BLOB) to rebuild an
/// index later without re-reading texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Signature {
    /// Hash of the whole normalised text (all word tokens, boilerplate included).
    pub exact: u64,
    /// Number of word tokens of the whole text.
    pub tokens: u32,
    /// Number of content tokens (boilerplate paragraphs removed).
    pub content_tokens: u32,
    /// Sorted, deduplicated 32-bit hashes of the content shingles.
    pub shingles: Vec<u32>,
    /// Sorted, deduplicated hashes of word bigrams of the first `lead_tokens` content tokens.
    pub lead: Vec<u32>,
    /// MinHash values (`num_perm` of them; all `u32::MAX` for an empty article).
    pub minhash: Vec<u32>,
}

const MAGIC: &[u8; 4] = b"NFD1";

impl Signature {
    /// What candidate search reads ([`crate::DedupIndex`]'s LSH bands and
    /// anchors), without what only verification reads: the shingles whose
    /// hash is `0 mod anchor_mod` (the anchors) and the MinHash values are
    /// kept; the other shingles and the lead bigrams are dropped. Such a
    /// signature lists the same candidates but cannot verify them
    /// ([`crate::find_duplicates_in`] sketches the candidates again).
    pub fn for_candidates(mut self, anchor_mod: u32) -> Signature {
        self.shingles.retain(|&s| is_anchor(s, anchor_mod));
        self.shingles.shrink_to_fit();
        self.lead = Vec::new();
        self
    }

    /// Compact little-endian binary form (for a BLOB column).
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = 4 + 8 + 4 + 4 + 3 * 4 + 4 * (self.shingles.len() + self.lead.len() + self.minhash.len());
        let mut out = Vec::with_capacity(n);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.exact.to_le_bytes());
        out.extend_from_slice(&self.tokens.to_le_bytes());
        out.extend_from_slice(&self.content_tokens.to_le_bytes());
        for v in [&self.shingles, &self.lead, &self.minhash] {
            out.extend_from_slice(&(v.len() as u32).to_le_bytes());
        }
        for v in [&self.shingles, &self.lead, &self.minhash] {
            for x in v.iter() {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Parse [`Signature::to_bytes`] output.
    pub fn from_bytes(b: &[u8]) -> Result<Self, DedupError> {
        let mut r = Reader { b, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(DedupError::BadSignature("bad magic"));
        }
        let exact = u64::from_le_bytes(r.take(8)?.try_into().map_err(|_| DedupError::BadSignature("short"))?);
        let tokens = r.u32()?;
        let content_tokens = r.u32()?;
        let (ns, nl, nm) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
        if ns.saturating_add(nl).saturating_add(nm).saturating_mul(4) != b.len().saturating_sub(r.pos) {
            return Err(DedupError::BadSignature("length mismatch"));
        }
        let mut vec = |n: usize| -> Result<Vec<u32>, DedupError> { (0..n).map(|_| r.u32()).collect() };
        let shingles = vec(ns)?;
        let lead = vec(nl)?;
        let minhash = vec(nm)?;
        Ok(Signature { exact, tokens, content_tokens, shingles, lead, minhash })
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DedupError> {
        let s = self.b.get(self.pos..self.pos + n).ok_or(DedupError::BadSignature("truncated"))?;
        self.pos += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, DedupError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
}

/// Whether shingle hash `s` is an anchor: `0 mod anchor_mod` (a modulus of 0
/// counts as 1). Content-defined, so the anchors of a contained text are a
/// subset of its container's.
#[inline]
pub(crate) fn is_anchor(s: u32, anchor_mod: u32) -> bool {
    let m = anchor_mod.max(1);
    // a mask instead of a division for the usual power-of-two modulus
    if m.is_power_of_two() { s & (m - 1) == 0 } else { s % m == 0 }
}

/// 64-bit finaliser (splitmix64 / murmur3 fmix style): a strong mixer for
/// already-hashed inputs.
#[inline]
pub(crate) fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[inline]
fn fold32(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// Sketch one article with `params` and an optional learned boilerplate model.
pub fn sketch(article: &Article, params: &DedupParams, model: Option<&BoilerplateModel>) -> Signature {
    let outlet = outlet_key(article);
    sketch_text(&article.text, &outlet, params, model)
}

/// Sketch a raw text (the article body) of `outlet`.
pub fn sketch_text(text: &str, outlet: &str, params: &DedupParams, model: Option<&BoilerplateModel>) -> Signature {
    sketch_with_keys(text, outlet, params, model).0
}

/// [`sketch_text`] plus the distinct line keys of the text (what
/// [`BoilerplateModel::observe_keys`] counts), from one tokenisation.
pub fn sketch_with_keys(
    text: &str,
    outlet: &str,
    params: &DedupParams,
    model: Option<&BoilerplateModel>,
) -> (Signature, Vec<u64>) {
    // NFKC only when needed (borrowed when the text is already in NFKC).
    let norm: Cow<str> = newsfold_core::nfkc(text);
    // The token buffer is reused per thread: no allocation per article.
    thread_local! {
        static TOKS: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    TOKS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut toks) => {
            newsfold_core::tokenize_into(&norm, &mut toks);
            sketch_tokens(&norm, &toks, outlet, params, model)
        }
        Err(_) => sketch_tokens(&norm, &newsfold_core::tokenize(&norm), outlet, params, model),
    })
}

/// The rest of [`sketch_with_keys`] once the (normalised) text is tokenised.
fn sketch_tokens(
    norm: &str,
    toks: &[Token],
    outlet: &str,
    params: &DedupParams,
    model: Option<&BoilerplateModel>,
) -> (Signature, Vec<u64>) {
    let mut exact = 0x0065_7861_6374_u64; // "exact"
    for t in toks {
        exact = combine(exact, t.hash);
    }
    exact = mix64(combine(exact, toks.len() as u64));

    // Content tokens: drop boilerplate paragraphs.
    let cls = classify(norm, toks, outlet, if params.boilerplate { model } else { None });
    let dropped = |c: &crate::boilerplate::ParaClass, learned: bool| match c.reason {
        None => false,
        Some(_) if c.learned_only => learned,
        Some(_) => params.boilerplate,
    };
    let keep = |learned: bool| -> Cow<[Token]> {
        // Usually nothing is dropped and the paragraphs hold every token: no copy.
        if !cls.iter().any(|c| dropped(c, learned)) && cls.iter().map(|c| c.tokens.len()).sum::<usize>() == toks.len() {
            return Cow::Borrowed(toks);
        }
        let mut v = Vec::with_capacity(toks.len());
        for c in cls.iter().filter(|c| !dropped(c, learned)) {
            v.extend_from_slice(toks.get(c.tokens.clone()).unwrap_or(&[]));
        }
        Cow::Owned(v)
    };
    let mut content = keep(true);
    // Guard: a learned model must not empty an article (e.g. an outlet whose
    // few articles are all copies of one story).
    if content.len() < 20 && toks.len() >= 40 {
        content = keep(false);
    }

    let shingles = match params.shingle {
        ShingleKind::Word(k) => word_shingles(&content, k),
        ShingleKind::Char(k) => char_shingles(norm, &content, k),
    };
    let lead = lead_bigrams(&content, params.lead_tokens);
    let minhash = minhash_oph(&shingles, params.num_perm);
    let mut keys: Vec<u64> = cls.iter().filter_map(|c| c.key).collect();
    keys.sort_unstable();
    keys.dedup();
    let sig =
        Signature { exact, tokens: toks.len() as u32, content_tokens: content.len() as u32, shingles, lead, minhash };
    (sig, keys)
}

/// Sort `v` ascending (LSD radix sort on bytes, for long vectors).
///
/// Hand-written rather than `sort_unstable`: every article sorts its ~500
/// shingle hashes and every query its anchor hits, and for uniformly
/// distributed 32-bit hashes four counting passes (one histogram pass for
/// all four digits, then one scatter per digit, skipping digits that are
/// constant) beat a comparison sort by a wide margin. `scratch` is reused.
pub(crate) fn radix_sort_u32(v: &mut Vec<u32>, scratch: &mut Vec<u32>) {
    if v.len() < 96 {
        v.sort_unstable();
        return;
    }
    let mut counts = [[0u32; 256]; 4];
    for &x in v.iter() {
        counts[0][(x & 0xFF) as usize] += 1;
        counts[1][((x >> 8) & 0xFF) as usize] += 1;
        counts[2][((x >> 16) & 0xFF) as usize] += 1;
        counts[3][(x >> 24) as usize] += 1;
    }
    scratch.clear();
    scratch.resize(v.len(), 0);
    let n = v.len() as u32;
    for (d, c) in counts.iter().enumerate() {
        if c.contains(&n) {
            continue; // every value has the same digit here
        }
        let mut off = [0u32; 256];
        let mut sum = 0;
        for (o, &k) in off.iter_mut().zip(c.iter()) {
            *o = sum;
            sum += k;
        }
        let shift = 8 * d as u32;
        for &x in v.iter() {
            let b = ((x >> shift) & 0xFF) as usize;
            // off[b] < n by construction of the prefix sums
            if let Some(slot) = scratch.get_mut(off[b] as usize) {
                *slot = x;
            }
            off[b] += 1;
        }
        std::mem::swap(v, scratch);
    }
}

/// [`radix_sort_u32`] with a thread-local scratch buffer.
pub(crate) fn sort_u32(v: &mut Vec<u32>) {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut scratch) => radix_sort_u32(v, &mut scratch),
        Err(_) => v.sort_unstable(),
    });
}

/// [`sort_u32`], then remove duplicates.
pub(crate) fn sort_dedup_u32(v: &mut Vec<u32>) {
    sort_u32(v);
    v.dedup();
}

/// Word k-shingles as sorted, deduplicated 32-bit hashes. A text shorter than
/// `k` tokens (but non-empty) yields one shingle of all its tokens.
pub fn word_shingles(toks: &[Token], k: usize) -> Vec<u32> {
    let k = k.max(1);
    let mut out = Vec::with_capacity(toks.len());
    if toks.is_empty() {
        return out;
    }
    if toks.len() < k {
        out.push(fold32(mix64(toks.iter().fold(k as u64, |h, t| combine(h, t.hash)))));
        return out;
    }
    if k == 5 {
        // the default: a fixed-size window the compiler unrolls
        out.extend(toks.windows(5).filter_map(|w| {
            let [a, b, c, d, e]: &[Token; 5] = w.try_into().ok()?;
            let h = combine(combine(combine(combine(combine(5, a.hash), b.hash), c.hash), d.hash), e.hash);
            Some(fold32(mix64(h)))
        }));
    } else {
        for w in toks.windows(k) {
            let mut h = k as u64;
            for t in w {
                h = combine(h, t.hash);
            }
            out.push(fold32(mix64(h)));
        }
    }
    sort_dedup_u32(&mut out);
    out.shrink_to_fit();
    out
}

/// Char k-shingles over the content words (folded, joined by one space).
fn char_shingles(text: &str, toks: &[Token], k: usize) -> Vec<u32> {
    let k = k.max(1);
    let mut folded: Vec<char> = Vec::with_capacity(text.len());
    for t in toks {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.extend(text.get(t.start..t.end).unwrap_or("").chars().map(newsfold_core::fold_char));
    }
    let mut out = Vec::with_capacity(folded.len());
    if folded.is_empty() {
        return out;
    }
    let mut buf = [0u8; 4];
    let hash_window = |w: &[char], buf: &mut [u8; 4]| {
        let mut h = k as u64;
        for c in w {
            h = combine(h, newsfold_core::hash_str(c.encode_utf8(buf)));
        }
        fold32(mix64(h))
    };
    if folded.len() < k {
        out.push(hash_window(&folded, &mut buf));
        return out;
    }
    for w in folded.windows(k) {
        out.push(hash_window(w, &mut buf));
    }
    sort_dedup_u32(&mut out);
    out.shrink_to_fit();
    out
}

fn lead_bigrams(toks: &[Token], n: usize) -> Vec<u32> {
    let lead = toks.get(..n.min(toks.len())).unwrap_or(&[]);
    let mut out: Vec<u32> = if lead.len() == 1 {
        vec![fold32(mix64(lead[0].hash))]
    } else {
        lead.windows(2).map(|w| fold32(mix64(combine(w[0].hash, w[1].hash)))).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// MinHash by **one permutation hashing with optimal densification**
/// (Li, Owen & Zhang 2012; Shrivastava 2017), hand-written for speed.
///
/// Classic MinHash applies `k` hash functions to every shingle: `n*k` mixes
/// (51k for a 400-shingle article at k = 128). OPH hashes each shingle once,
/// uses the high bits to pick one of `k` bins and keeps the minimum of the low
/// bits per bin: `n + k` work. Empty bins (short texts) are filled by
/// *optimal densification*: bin `i` borrows the value of the first non-empty
/// bin in a pseudo-random probe sequence seeded by `i`, identical for every
/// document. That keeps `P[h_i(A) = h_i(B)] = J(A, B)` for every bin, so the
/// LSH S-curve is the classic one; measured accuracy on bbc-dups is the same
/// as k-permutation MinHash, and sketching is ~20× cheaper. The index only
/// uses MinHash to *propose* candidates; every reported pair is verified on
/// the exact shingle sets.
pub fn minhash_oph(shingles: &[u32], k: usize) -> Vec<u32> {
    let k = k.max(1);
    let mut mins = vec![u32::MAX; k];
    if shingles.is_empty() {
        return mins;
    }
    // Which bins some shingle hit, one bit each. The loop is branch-free
    // (min, bit set): a compare-and-branch per shingle mispredicted often.
    let mut filled = vec![0u64; k.div_ceil(64)];
    for &s in shingles {
        let h = mix64(s as u64 ^ 0x9e37_79b9_7f4a_7c15);
        let bin = (((h >> 32) * k as u64) >> 32) as usize;
        let v = h as u32;
        // bin < k by construction; get_mut keeps it panic-free regardless
        if let (Some(m), Some(f)) = (mins.get_mut(bin), filled.get_mut(bin / 64)) {
            *m = (*m).min(v);
            *f |= 1 << (bin % 64);
        }
    }
    let is_filled = |i: usize| filled.get(i / 64).is_some_and(|f| f >> (i % 64) & 1 == 1);
    if (0..k).all(is_filled) {
        return mins;
    }
    let orig = mins.clone();
    for (i, m) in mins.iter_mut().enumerate() {
        if is_filled(i) {
            continue;
        }
        let mut attempt = 0u64;
        loop {
            let h = mix64(((i as u64) << 32 | attempt) ^ 0x5851_f42d_4c95_7f2d);
            let j = (((h >> 32) * k as u64) >> 32) as usize;
            if is_filled(j) {
                *m = orig.get(j).copied().unwrap_or(u32::MAX);
                break;
            }
            attempt += 1;
            // Some bin is filled, so the probe ends quickly with overwhelming
            // probability; bound it anyway.
            if attempt > 64 * k as u64 {
                break;
            }
        }
    }
    mins
}

/// Sizes of `|A ∩ B|` for two sorted, deduplicated slices
/// ([`newsfold_core::sorted_intersection`]; this is the cost of verifying a
/// candidate pair).
#[inline]
pub fn intersection_size(a: &[u32], b: &[u32]) -> usize {
    newsfold_core::sorted_intersection(a, b)
}

/// Exact Jaccard and containment (`|A∩B| / min(|A|,|B|)`) of two sorted sets.
pub fn jaccard_containment(a: &[u32], b: &[u32]) -> (f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0);
    }
    let inter = intersection_size(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    (inter / union, inter / a.len().min(b.len()) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> DedupParams {
        DedupParams::default()
    }

    #[test]
    fn punctuation_case_and_nfkc_do_not_change_exact_key() {
        let a = sketch_text("The ﬁnal vote: “yes”, said O’Brien.", "", &p(), None);
        let b = sketch_text("the final vote yes said o'brien", "", &p(), None);
        assert_eq!(a.exact, b.exact);
        assert_eq!(a.shingles, b.shingles);
        let c = sketch_text("the final vote no said o'brien", "", &p(), None);
        assert_ne!(a.exact, c.exact);
    }

    #[test]
    fn boilerplate_lines_are_not_shingled() {
        let body = "Ferry services to the island resume on Monday after a six week suspension caused by storm damage to the pier.";
        let wrapped =
            format!("{body}\nRecommended Videos\nSign up for our newsletter to receive the morning briefing.");
        let a = sketch_text(body, "", &p(), None);
        let b = sketch_text(&wrapped, "", &p(), None);
        assert_ne!(a.exact, b.exact);
        assert_eq!(a.shingles, b.shingles);
        assert_eq!(a.minhash, b.minhash);
    }

    #[test]
    fn minhash_estimates_jaccard() {
        let a: Vec<u32> = (0..1000).map(|x| fold32(mix64(x))).collect();
        let b: Vec<u32> = (500..1500).map(|x| fold32(mix64(x))).collect();
        let (mut a, mut b) = (a, b);
        a.sort_unstable();
        b.sort_unstable();
        let (j, _) = jaccard_containment(&a, &b);
        let ma = minhash_oph(&a, 256);
        let mb = minhash_oph(&b, 256);
        let est = ma.iter().zip(&mb).filter(|(x, y)| x == y).count() as f64 / 256.0;
        assert!((est - j).abs() < 0.1, "est {est} vs {j}");
        // short sets get densified: no empty bins remain
        let short = minhash_oph(&a[..5], 128);
        assert!(short.iter().all(|&v| v != u32::MAX));
    }

    #[test]
    fn signature_bytes_roundtrip() {
        let s = sketch_text("Some words here for a signature roundtrip test today.", "", &p(), None);
        let b = s.to_bytes();
        assert_eq!(Signature::from_bytes(&b).unwrap(), s);
        assert!(Signature::from_bytes(&b[..b.len() - 1]).is_err());
        assert!(Signature::from_bytes(b"NFD1").is_err());
    }

    #[test]
    fn char_shingles_work() {
        let params = DedupParams { shingle: ShingleKind::Char(5), ..p() };
        let a = sketch_text("Hello world again", "", &params, None);
        let b = sketch_text("hello,  WORLD again!", "", &params, None);
        assert_eq!(a.shingles, b.shingles);
        assert!(!a.shingles.is_empty());
    }

    #[test]
    fn unrolled_five_shingles_match_the_generic_window_hash() {
        let toks =
            newsfold_core::tokenize("one two three four five six seven eight nine ten eleven twelve one two three");
        let mut want: Vec<u32> =
            toks.windows(5).map(|w| fold32(mix64(w.iter().fold(5u64, |h, t| combine(h, t.hash))))).collect();
        want.sort_unstable();
        want.dedup();
        assert_eq!(word_shingles(&toks, 5), want);
        assert_eq!(want.len(), 11);
        assert_eq!(word_shingles(&toks[..3], 5).len(), 1);
        assert_eq!(word_shingles(&toks, 4).len(), 12);
    }

    #[test]
    fn radix_sort_sorts() {
        let mut scratch = Vec::new();
        for n in [0usize, 1, 95, 96, 97, 500, 3000] {
            let mut v: Vec<u32> = (0..n as u64).map(|x| fold32(mix64(x % 700))).collect();
            let mut w = v.clone();
            radix_sort_u32(&mut v, &mut scratch);
            w.sort_unstable();
            assert_eq!(v, w);
        }
        // constant high bytes (skipped digits)
        let mut v: Vec<u32> = (0..300u32).rev().collect();
        radix_sort_u32(&mut v, &mut scratch);
        assert_eq!(v, (0..300u32).collect::<Vec<_>>());
    }

    proptest::proptest! {
        #[test]
        fn sketch_never_panics(s in "\\PC{0,300}") {
            let sig = sketch_text(&s, "o", &p(), None);
            proptest::prop_assert_eq!(sig.minhash.len(), 128);
            proptest::prop_assert!(sig.shingles.windows(2).all(|w| w[0] < w[1]));
            proptest::prop_assert_eq!(Signature::from_bytes(&sig.to_bytes()).ok(), Some(sig));
        }

        #[test]
        fn sort_dedup_matches_std(v in proptest::collection::vec(proptest::prelude::any::<u32>(), 0..400), m in 1u32..u32::MAX) {
            let mut a: Vec<u32> = v.iter().map(|x| x % m).collect();
            let mut b = a.clone();
            sort_dedup_u32(&mut a);
            b.sort_unstable();
            b.dedup();
            proptest::prop_assert_eq!(a, b);
        }

        #[test]
        fn jaccard_is_symmetric(a in proptest::collection::btree_set(0u32..200, 0..50), b in proptest::collection::btree_set(0u32..200, 0..50)) {
            let a: Vec<u32> = a.into_iter().collect();
            let b: Vec<u32> = b.into_iter().collect();
            let x = jaccard_containment(&a, &b);
            let y = jaccard_containment(&b, &a);
            proptest::prop_assert_eq!(x, y);
            proptest::prop_assert!(x.0 <= x.1 + 1e-12 && x.1 <= 1.0);
        }
    }
}
