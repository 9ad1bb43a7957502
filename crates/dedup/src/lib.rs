//! # newsfold-dedup
//!
//! Exact, near-duplicate and containment detection for news articles, with an
//! incremental index and stable duplicate clusters. Pure: no I/O.
//!
//! ## Algorithm
//!
//! 1. **Normalise and tokenise** ([`newsfold_core::tokenize`] on the NFKC form of
//!    the text): word tokens with folded hashes, so case, whitespace, typographic
//!    and ordinary punctuation do not matter.
//! 2. **Exact key**: a hash of the whole token sequence. Equal keys (and token
//!    counts) ⇒ relation `exact`.
//! 3. **Boilerplate**: paragraphs (lines) that are wrapper, not article, are
//!    dropped before shingling: lines that recur across many articles of the
//!    same outlet ([`BoilerplateModel`], learned) and generic built-in patterns
//!    (widget captions, affiliate disclaimers, newsletter blurbs, photo
//!    captions, author bios). A syndicated copy wrapped in another site's
//!    boilerplate therefore has the *same* content shingles as the original.
//! 4. **Shingles**: word `k`-shingles (default 5) of the content tokens, kept as
//!    a sorted set of 32-bit hashes (used for exact verification).
//! 5. **MinHash** (one-permutation hashing with optimal densification, see
//!    [`sketch::minhash_oph`]) with `num_perm` values, and **banded LSH**
//!    (`bands × rows = num_perm`) proposes Jaccard candidates.
//! 6. **Containment candidates**: LSH on Jaccard misses a short text contained
//!    in a long one. Shingles whose hash is `0 mod anchor_mod` are *anchors*,
//!    indexed in an inverted index. Sampling is content-defined, so a contained
//!    text's anchors are a subset of its container's; an indexed article that
//!    shares at least `anchor_fraction` of the smaller anchor set is a candidate.
//! 7. **Verification** of every candidate on the exact shingle sets:
//!    Jaccard `|A∩B|/|A∪B|` and containment `|A∩B|/min(|A|,|B|)`. The decision
//!    rule ([`index::verify_pair`]), tuned on bbc-dups:
//!    * `exact` if the exact keys match;
//!    * else `near_duplicate` if Jaccard ≥ `jaccard_threshold` (0.6);
//!    * else, if the smaller set has ≥ `min_shingles` (25) shingles:
//!      containment ≥ `containment_threshold` (0.8) — a truncated or wrapped copy;
//!      or containment ≥ `lead_containment_threshold` (0.55) *and* the two leads
//!      (word bigrams of the first `lead_tokens` content tokens) have Jaccard ≥
//!      `lead_similarity` (0.33) — an extended version that still leads on the
//!      same development. A re-topped follow-up that recycles paragraphs under a
//!      new lead (a `same_story`) fails both.
//! 8. **Clusters** are connected components of verified pairs; the
//!    representative is the earliest dated, then the longest, then the smallest
//!    id; the cluster id is `"d"` + 16 hex digits of the hash of the smallest
//!    member id (stable across runs and input order).
//!
//! ## Performance notes
//!
//! * Tokenising ([`newsfold_core::tokenize`], shared with every stage) scans
//!   ASCII words eight bytes at a time into a stack buffer and hashes them
//!   with xxh3 directly; a word touching a non-ASCII byte takes the char
//!   path. Output is identical to a plain char-by-char tokeniser
//!   (property-tested in core), so stored signatures do not depend on the path.
//! * The token buffer is reused per thread; shingle sets and anchor hits are
//!   radix sorted; verification is a branch-free merge over the stored
//!   sorted shingle hashes (never recomputed).
//! * [`build_index`] sketches on all rayon threads and bulk-loads the index
//!   ([`DedupIndex::add_signatures`]): the LSH and anchor tables are
//!   open-addressing head tables (one slot holds key and chain head) split in
//!   two shards filled on two threads; the chains are the same as with
//!   one-by-one inserts, so batch and incremental results agree.
//!
//! ## Entry points
//!
//! * [`find_duplicates`]: stateless batch over a slice of articles (CLI).
//! * [`DedupIndex`]: incremental `insert` / `remove` / `matches`; persist
//!   per-article [`Signature`]s (`to_bytes`) or an [`IndexSnapshot`] (serde).

pub mod boilerplate;
pub mod index;
pub mod sketch;

use std::borrow::Cow;
use std::collections::HashMap;

use newsfold_core::{Article, ArticleSource};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use boilerplate::{BoilerplateModel, BoilerplateReason, BoilerplateSpan, outlet_key};
pub use index::{DedupIndex, DocMeta, IndexSnapshot, Match, verify_pair};
pub use sketch::{Signature, jaccard_containment, sketch, sketch_text, sketch_with_keys};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum DedupError {
    /// A stored signature could not be decoded.
    #[error("invalid signature bytes: {0}")]
    BadSignature(&'static str),
}

/// How texts are cut into shingles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShingleKind {
    /// `k` consecutive word tokens.
    Word(usize),
    /// `k` consecutive chars of the folded content words joined by single spaces.
    Char(usize),
}

/// The relation between two duplicate articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Identical text after normalisation (NFKC, case, whitespace, punctuation).
    Exact,
    /// The same article in two versions (edited, truncated, extended, wrapped).
    NearDuplicate,
}

impl Relation {
    /// The JSONL name: `exact` or `near_duplicate`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Relation::Exact => "exact",
            Relation::NearDuplicate => "near_duplicate",
        }
    }
}

/// Parameters. `Default` is tuned on bbc-dups (DEV split).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupParams {
    /// Shingle kind and size (default word 5).
    pub shingle: ShingleKind,
    /// MinHash values per article (default 128).
    pub num_perm: usize,
    /// LSH bands; `bands * rows` must not exceed `num_perm` (default 32 × 4,
    /// which proposes pairs with Jaccard 0.6 with probability 0.99).
    pub bands: usize,
    /// LSH rows per band.
    pub rows: usize,
    /// Verified Jaccard at or above which a pair is a near-duplicate (0.6).
    pub jaccard_threshold: f64,
    /// Verified containment at or above which a pair is a near-duplicate (0.8).
    pub containment_threshold: f64,
    /// Lower containment accepted when the leads agree (0.55).
    pub lead_containment_threshold: f64,
    /// Lead bigram Jaccard required with `lead_containment_threshold` (0.33).
    pub lead_similarity: f64,
    /// Number of leading content tokens forming the lead (60).
    pub lead_tokens: usize,
    /// Containment rules need the smaller article to have this many shingles (25).
    pub min_shingles: usize,
    /// Anchor sampling modulus for containment candidates (8: ~1/8 of shingles).
    pub anchor_mod: u32,
    /// Share of the smaller anchor set that must be shared to propose a pair (0.3).
    pub anchor_fraction: f64,
    /// Longest LSH bucket / anchor posting list scanned per key (4096): keys
    /// shared by more articles carry no signal and would make inserts slow.
    pub max_bucket_scan: usize,
    /// Drop boilerplate paragraphs before shingling (true).
    pub boilerplate: bool,
    /// Learn recurring lines from the articles seen (true).
    pub learn_boilerplate: bool,
    /// A learned boilerplate line occurs in at least this many articles of an outlet (5).
    pub boilerplate_min_docs: u32,
    /// ... and in at least this fraction of them (0.02).
    pub boilerplate_min_fraction: f64,
}

impl Default for DedupParams {
    fn default() -> Self {
        DedupParams {
            shingle: ShingleKind::Word(5),
            num_perm: 128,
            bands: 32,
            rows: 4,
            jaccard_threshold: 0.6,
            containment_threshold: 0.8,
            lead_containment_threshold: 0.55,
            lead_similarity: 0.33,
            lead_tokens: 60,
            min_shingles: 25,
            anchor_mod: 8,
            anchor_fraction: 0.3,
            max_bucket_scan: 4096,
            boilerplate: true,
            learn_boilerplate: true,
            boilerplate_min_docs: 5,
            boilerplate_min_fraction: 0.02,
        }
    }
}

impl DedupParams {
    /// Parameters for a Jaccard `threshold`: sets `jaccard_threshold` and picks
    /// bands/rows minimising the (equally weighted) false positive and false
    /// negative areas under the LSH S-curve, as datasketch does.
    pub fn with_threshold(mut self, threshold: f64) -> Self {
        let t = threshold.clamp(0.01, 0.99);
        self.jaccard_threshold = t;
        let (b, r) = optimal_bands(t, self.num_perm.max(1));
        self.bands = b;
        self.rows = r;
        self
    }

    /// Effective `(bands, rows)`, clamped so that `bands * rows <= num_perm`.
    pub fn bands_rows(&self) -> (usize, usize) {
        let r = self.rows.clamp(1, self.num_perm.max(1));
        let b = self.bands.clamp(1, (self.num_perm.max(1) / r).max(1));
        (b, r)
    }
}

fn optimal_bands(t: f64, n: usize) -> (usize, usize) {
    let integrate = |f: &dyn Fn(f64) -> f64, a: f64, b: f64| {
        let steps = 200;
        let h = (b - a) / steps as f64;
        (0..steps).map(|i| f(a + (i as f64 + 0.5) * h) * h).sum::<f64>()
    };
    let mut best = (1, n, f64::INFINITY);
    for b in 1..=n {
        for r in 1..=n / b {
            let p = |s: f64| 1.0 - (1.0 - s.powi(r as i32)).powi(b as i32);
            let fp = integrate(&p, 0.0, t);
            let fneg = integrate(&|s| 1.0 - p(s), t, 1.0);
            let e = 0.5 * fp + 0.5 * fneg;
            if e < best.2 {
                best = (b, r, e);
            }
        }
    }
    (best.0, best.1)
}

/// One verified duplicate pair (CLI JSONL contract). `a < b` in string order;
/// `jaccard` and `containment` are on content shingles, rounded to 4 decimals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairRecord {
    pub a: String,
    pub b: String,
    pub relation: String,
    pub jaccard: f64,
    pub containment: f64,
}

/// One duplicate cluster (CLI JSONL contract, `--clusters`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterRecord {
    /// Stable id: `"d"` + 16 hex digits of the hash of the smallest member id.
    pub cluster: String,
    /// Member ids, sorted.
    pub members: Vec<String>,
    /// Earliest dated, then longest text, then smallest id.
    pub representative: String,
}

/// Result of [`find_duplicates`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DedupReport {
    /// Verified pairs, sorted by `(a, b)`.
    pub pairs: Vec<PairRecord>,
    /// Clusters (connected components of `pairs`), sorted by cluster id.
    pub clusters: Vec<ClusterRecord>,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Stable cluster id from the smallest member id.
pub fn cluster_id(smallest_member: &str) -> String {
    format!("d{:016x}", newsfold_core::hash_str(smallest_member))
}

/// Find all duplicate pairs and clusters among `articles` (stateless).
///
/// Learns the boilerplate model from the whole batch (when
/// `params.learn_boilerplate`), sketches in parallel with rayon, bulk-loads an
/// index and queries every article against the ones before it in parallel.
/// Articles repeating an earlier id are ignored.
pub fn find_duplicates(articles: &[Article], params: &DedupParams) -> DedupReport {
    find_duplicates_in(articles, params)
}

/// [`find_duplicates`] over a corpus whose texts are read a chunk at a time
/// (an [`ArticleSource`]).
///
/// When the source reads its texts on demand ([`ArticleSource::texts_resident`]
/// is false), built for memory: an article's shingle set (about 2 KB, the
/// biggest thing a full index holds) is only needed to verify a candidate
/// pair, and most articles are in none. So the index is built over lean
/// signatures (the anchors and the MinHash values, what candidate search
/// reads: [`Signature::for_candidates`]), every article's candidates among the
/// ones before it are listed, the index is dropped, and only the articles of
/// some candidate pair are sketched again in full to verify them: the same
/// pairs and clusters as over a full index, for a second sketch of those
/// articles (with the benchmark's 0.8 threshold, 44 % of 100k generated
/// articles are in some candidate pair, and a 10k run takes ~35 % more CPU).
/// Texts in memory take the full index ([`build_index`], then
/// [`report_from_index`]).
pub fn find_duplicates_in<S: ArticleSource + ?Sized>(src: &S, params: &DedupParams) -> DedupReport {
    let arts = src.articles();
    let mut seen = std::collections::HashSet::new();
    let uniq: Vec<usize> = (0..arts.len()).filter(|&i| seen.insert(arts[i].id.as_str())).collect();
    drop(seen);
    let metas: Vec<&Article> = uniq.iter().map(|&i| &arts[i]).collect();
    let load = |chunk: &[usize]| {
        let want: Vec<usize> = chunk.iter().filter_map(|&k| uniq.get(k).copied()).collect();
        src.load(&want)
    };
    let lean = !src.texts_resident();
    let Built { mut index, outlets, redo } = build_index_loaded(&metas, params, load, lean);
    if !lean {
        return report_from_index(&index);
    }
    // every article's candidates among those before it, in slot order
    // (`DedupIndex::candidates`), found one table at a time: the LSH bands,
    // then (the bands and the MinHash values dropped) the anchors. Both
    // tables and every signature at once were dedup's peak at 1M
    // articles; the candidates are the same.
    index.post_bands(0);
    let mut cands = each_slot(&index, DedupIndex::band_candidates);
    index.forget_bands();
    index.post_anchors(0);
    cands.extend(each_slot(&index, DedupIndex::anchor_candidates));
    index.forget_signatures();
    cands.par_sort_unstable();
    cands.dedup();
    // the full signatures of the articles in some candidate pair, as the index had them
    let mut need: Vec<usize> = cands.iter().flat_map(|&(s, o)| [s as usize, o as usize]).collect();
    need.sort_unstable();
    need.dedup();
    let model = index.boilerplate();
    let mut full: Vec<Signature> = Vec::with_capacity(need.len());
    for chunk in need.chunks(SKETCH_CHUNK) {
        let loaded = load(chunk);
        full.par_extend(loaded.par_iter().zip(chunk.par_iter()).map(|(a, &k)| {
            let learned = redo.get(k).copied().unwrap_or(false).then_some(model);
            let sig = sketch_text(&a.text, outlets.get(k).map_or("", String::as_str), params, learned);
            // (verification never reads the MinHash values)
            Signature { minhash: Vec::new(), ..sig }
        }));
    }
    let sig_of = |s: u32| need.binary_search(&(s as usize)).ok().and_then(|i| full.get(i));
    let verified: Vec<Option<(Relation, f64, f64)>> = cands
        .par_iter()
        .map(|&(s, o)| match (sig_of(s), sig_of(o)) {
            (Some(a), Some(b)) => verify_pair(params, a, b),
            _ => None,
        })
        .collect();
    // each article's matches best first, as `DedupIndex::query_slots` orders them
    let mut found: Vec<(u32, u32, Relation, f64, f64)> = Vec::new();
    let mut mine: Vec<(u32, Relation, f64, f64)> = Vec::new();
    let mut i = 0;
    while i < cands.len() {
        let s = cands[i].0;
        while i < cands.len() && cands[i].0 == s {
            if let Some(Some((r, j, c))) = verified.get(i) {
                mine.push((cands[i].1, *r, *j, *c));
            }
            i += 1;
        }
        mine.sort_by(index::best_first);
        found.extend(mine.drain(..).map(|(o, r, j, c)| (o, s, r, j, c)));
    }
    report_from_found(&index, &found)
}

/// Every article's candidates among those before it (`find`: one part of
/// `DedupIndex::candidates`), as `(slot, candidate)` pairs.
fn each_slot(
    index: &DedupIndex,
    find: impl Fn(&DedupIndex, &Signature, Option<u32>, Option<u32>) -> Vec<u32> + Sync,
) -> Vec<(u32, u32)> {
    (0..index.slots() as u32)
        .into_par_iter()
        .flat_map_iter(|s| {
            let mut found = index.doc_sig(s).map(|sig| find(index, sig, Some(s), Some(s))).unwrap_or_default();
            found.sort_unstable();
            found.dedup();
            found.into_iter().map(move |o| (s, o))
        })
        .collect()
}

/// Bulk-load an index over `articles` (ids assumed distinct): learn the
/// outlets' boilerplate from all of them, then add every signature without
/// querying. One tokenisation per article: sketch without learned
/// boilerplate while collecting line keys, learn, then re-sketch only the
/// articles that contain a line the model now calls boilerplate. This is
/// what [`find_duplicates`] verifies against, and what a live ingester
/// should start from so its matches agree with a batch run.
pub fn build_index(articles: &[&Article], params: &DedupParams) -> DedupIndex {
    let load = |chunk: &[usize]| chunk.iter().filter_map(|&k| articles.get(k).map(|a| Cow::Borrowed(*a))).collect();
    build_index_loaded(articles, params, load, false).index
}

/// Articles sketched at a time (their texts loaded together).
const SKETCH_CHUNK: usize = 8192;

/// What [`build_index_loaded`] made.
struct Built {
    index: DedupIndex,
    /// Each article's outlet key.
    outlets: Vec<String>,
    /// Whether each article was sketched with the learned boilerplate model
    /// (it holds a line the model calls boilerplate); the others were
    /// sketched without it.
    redo: Vec<bool>,
}

/// [`build_index`] over `metas` (metadata; texts may be empty), whose whole
/// articles `load(chunk)` gives (`chunk` indexes `metas`; one article each).
/// `lean`: the index holds [`Signature::for_candidates`] (it can list
/// candidates but not verify them) and no postings yet (see
/// [`find_duplicates_in`]).
fn build_index_loaded<'a>(
    metas: &[&Article],
    params: &DedupParams,
    load: impl Fn(&[usize]) -> Vec<Cow<'a, Article>>,
    lean: bool,
) -> Built {
    let n = metas.len();
    let mut model = BoilerplateModel::new(params.boilerplate_min_docs, params.boilerplate_min_fraction);
    let outlets: Vec<String> = metas.par_iter().map(|a| outlet_key(a)).collect();
    let trim = |sig: Signature| if lean { sig.for_candidates(params.anchor_mod) } else { sig };
    let mut first: Vec<(Signature, Vec<u64>)> = Vec::with_capacity(n);
    // each article's metadata, from its text as loaded
    let mut doc_meta: Vec<DocMeta> = Vec::with_capacity(n);
    for chunk in newsfold_core::index_chunks(n, SKETCH_CHUNK) {
        let loaded = load(&chunk);
        let outlets = chunk.iter().map(|&k| outlets.get(k).map_or("", String::as_str)).collect::<Vec<_>>();
        first.par_extend(loaded.par_iter().zip(outlets).map(|(a, o)| {
            let (sig, keys) = sketch_with_keys(&a.text, o, params, None);
            (trim(sig), keys)
        }));
        doc_meta.par_extend(loaded.par_iter().map(|a| DocMeta::of(a)));
    }
    let learn = params.learn_boilerplate && params.boilerplate;
    if learn {
        for (o, (_, keys)) in outlets.iter().zip(&first) {
            model.observe_keys(o, keys);
        }
    }
    // the articles holding a line the model now calls boilerplate are sketched again
    let redo: Vec<bool> = if learn {
        (0..n)
            .into_par_iter()
            .map(|k| first[k].1.iter().any(|&key| outlets.get(k).is_some_and(|o| model.is_recurring_key(o, key))))
            .collect()
    } else {
        vec![false; n]
    };
    let mut sigs: Vec<Signature> = first.into_iter().map(|(sig, _)| sig).collect();
    let again: Vec<usize> = (0..n).filter(|&k| redo[k]).collect();
    for chunk in again.chunks(SKETCH_CHUNK) {
        let loaded = load(chunk);
        let again: Vec<Signature> = loaded
            .par_iter()
            .zip(chunk.par_iter())
            .map(|(a, &k)| trim(sketch_text(&a.text, outlets.get(k).map_or("", String::as_str), params, Some(&model))))
            .collect();
        for (&k, sig) in chunk.iter().zip(again) {
            if let Some(slot) = sigs.get_mut(k) {
                *slot = sig;
            }
        }
    }
    let docs: Vec<(String, DocMeta, Signature)> =
        metas.par_iter().zip(sigs).zip(doc_meta).map(|((a, s), meta)| (a.id.clone(), meta, s)).collect();
    let mut index = DedupIndex::with_model(params.clone(), model);
    if lean {
        // the batch search posts one table at a time (`find_duplicates_in`)
        index.add_unposted(docs);
    } else {
        index.add_signatures(docs);
    }
    Built { index, outlets, redo }
}

/// All verified pairs and clusters of the live articles of an index
/// (queries run in parallel).
pub fn report_from_index(idx: &DedupIndex) -> DedupReport {
    let n = idx.slots() as u32;
    let found: Vec<(u32, u32, Relation, f64, f64)> = (0..n)
        .into_par_iter()
        .flat_map_iter(|s| {
            let hits = match idx.doc_sig(s) {
                Some(sig) if idx.doc_id(s).is_some_and(|id| idx.contains(id)) => idx.query_slots(sig, Some(s), Some(s)),
                _ => Vec::new(),
            };
            hits.into_iter().map(move |(o, r, j, c)| (o, s, r, j, c))
        })
        .collect();
    report_from_found(idx, &found)
}

/// The report of the verified matches `found` (`(earlier slot, slot,
/// relation, jaccard, containment)`) between slots of `idx`.
fn report_from_found(idx: &DedupIndex, found: &[(u32, u32, Relation, f64, f64)]) -> DedupReport {
    let id = |s: u32| idx.doc_id(s).unwrap_or("").to_string();
    let mut pairs: Vec<PairRecord> = found
        .iter()
        .map(|&(x, y, r, j, c)| {
            let (a, b) = {
                let (a, b) = (id(x), id(y));
                if a <= b { (a, b) } else { (b, a) }
            };
            PairRecord { a, b, relation: r.as_str().to_string(), jaccard: round4(j), containment: round4(c) }
        })
        .collect();
    pairs.sort_by(|p, q| (&p.a, &p.b).cmp(&(&q.a, &q.b)));
    pairs.dedup_by(|p, q| p.a == q.a && p.b == q.b);

    // union-find over slots
    let mut parent: HashMap<u32, u32> = HashMap::new();
    fn find(parent: &mut HashMap<u32, u32>, x: u32) -> u32 {
        let mut r = x;
        while let Some(&p) = parent.get(&r) {
            if p == r {
                break;
            }
            r = p;
        }
        let mut c = x;
        while c != r {
            let next = parent.get(&c).copied().unwrap_or(r);
            parent.insert(c, r);
            c = next;
        }
        r
    }
    for &(x, y, ..) in found {
        parent.entry(x).or_insert(x);
        parent.entry(y).or_insert(y);
        let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
        if rx != ry {
            parent.insert(rx.max(ry), rx.min(ry));
        }
    }
    let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
    let keys: Vec<u32> = parent.keys().copied().collect();
    for k in keys {
        let r = find(&mut parent, k);
        groups.entry(r).or_default().push(k);
    }
    let mut clusters: Vec<ClusterRecord> = groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|g| {
            let rep = g
                .iter()
                .copied()
                .min_by(|&x, &y| {
                    let (mx, my) = (idx.doc_meta(x), idx.doc_meta(y));
                    let dx = mx.and_then(|m| m.date_ms).unwrap_or(i64::MAX);
                    let dy = my.and_then(|m| m.date_ms).unwrap_or(i64::MAX);
                    let lx = mx.map_or(0, |m| m.text_chars);
                    let ly = my.map_or(0, |m| m.text_chars);
                    dx.cmp(&dy).then(ly.cmp(&lx)).then(id(x).cmp(&id(y)))
                })
                .map(id)
                .unwrap_or_default();
            let mut members: Vec<String> = g.into_iter().map(id).collect();
            members.sort();
            ClusterRecord { cluster: cluster_id(&members[0]), members, representative: rep }
        })
        .collect();
    clusters.sort_by(|a, b| a.cluster.cmp(&b.cluster));
    DedupReport { pairs, clusters }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, text: &str, date: Option<&str>) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            date: date.and_then(newsfold_core::parse_date),
            ..Default::default()
        }
    }

    const STORY: &str = "Engineers at the river authority finished inspecting the old stone bridge on Sunday and found cracks in two of its five arches.\nThe bridge will stay closed to lorries until repairs are complete, which could take until the autumn, officials said.\nLocal traders said the closure had already cut passing trade by a third and asked the council for rate relief.\nA temporary footbridge is planned for the summer so that pedestrians can still reach the market square.";

    #[test]
    fn report_pairs_and_stable_clusters() {
        let a = art("z-orig", STORY, Some("2024-03-02"));
        let b = art("a-copy", &format!("{STORY}\nRecommended Videos"), Some("2024-03-01"));
        let short: Vec<&str> = STORY.lines().take(3).collect();
        let c = art("m-cut", &short.join("\n"), None);
        let d = art(
            "other",
            "Completely unrelated text about a cake contest at the village fair where a retired pilot won.",
            None,
        );
        let p = DedupParams::default();
        let r1 = find_duplicates(&[a.clone(), b.clone(), c.clone(), d.clone()], &p);
        let r2 = find_duplicates(&[d, c, b, a], &p);
        assert_eq!(r1, r2);
        assert_eq!(r1.pairs.len(), 3);
        assert!(r1.pairs.iter().all(|x| x.a < x.b));
        assert_eq!(r1.clusters.len(), 1);
        let cl = &r1.clusters[0];
        assert_eq!(cl.members, ["a-copy", "m-cut", "z-orig"]);
        assert_eq!(cl.representative, "a-copy");
        assert_eq!(cl.cluster, cluster_id("a-copy"));
        let rel: Vec<&str> = r1.pairs.iter().map(|p| p.relation.as_str()).collect();
        assert!(rel.iter().all(|r| *r == "near_duplicate"), "{rel:?}");
        let json = serde_json::to_string(&r1.pairs[0]).unwrap();
        assert!(json.starts_with("{\"a\":"), "{json}");
    }

    /// A corpus read on demand: what `find_duplicates_in` sees from a store.
    struct OnDemand<'a>(&'a [Article]);

    impl ArticleSource for OnDemand<'_> {
        fn articles(&self) -> &[Article] {
            self.0
        }
        fn load(&self, idx: &[usize]) -> Vec<Cow<'_, Article>> {
            self.0.load(idx)
        }
    }

    /// Stories of made-up sentences, each reprinted by outlets that wrap
    /// their copies in their own recurring lines (learned as boilerplate),
    /// cut, edited or left exact; plus unrelated articles and a repeated id.
    fn syndicated_corpus() -> Vec<Article> {
        const WORDS: [&str; 24] = [
            "council", "river", "budget", "school", "ferry", "minister", "harbour", "strike", "vote", "storm",
            "hospital", "court", "mayor", "bridge", "tariff", "farmers", "police", "station", "museum", "contract",
            "flood", "union", "airport", "market",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut paragraph = |k: usize| -> String {
            let words: Vec<&str> = (0..k).map(|_| WORDS[next(WORDS.len())]).collect();
            format!("The {} said on Tuesday.", words.join(" "))
        };
        let outlets = [
            ("Harbour Wire", "Sign up for the Harbour Wire morning briefing"),
            ("Valley Post", "Valley Post journalists contributed to this report"),
        ];
        let mut out = Vec::new();
        for story in 0..12 {
            let paras: Vec<String> = (0..6).map(|_| paragraph(14)).collect();
            let body = paras.join("\n");
            out.push(Article { id: format!("s{story}-orig"), text: body.clone(), ..Default::default() });
            if story % 3 == 0 {
                out.push(Article { id: format!("s{story}-exact"), text: body.to_uppercase(), ..Default::default() });
            }
            for (o, (outlet, line)) in outlets.iter().enumerate() {
                let text = match (story + o) % 4 {
                    0 => body.clone(),
                    1 => paras[..4].join("\n"),
                    2 => body.replacen("Tuesday", "Wednesday", 2),
                    _ => format!("{}\n{}", paras[1..].join("\n"), paragraph(9)),
                };
                out.push(Article {
                    id: format!("s{story}-{o}"),
                    text: format!("{text}\n{line}."),
                    outlet: Some(outlet.to_string()),
                    ..Default::default()
                });
            }
        }
        for k in 0..10 {
            let text: Vec<String> = (0..4).map(|_| paragraph(12)).collect();
            out.push(Article { id: format!("other{k}"), text: text.join("\n"), ..Default::default() });
        }
        out.push(Article { id: "s0-orig".into(), text: "A repeated id is ignored.".into(), ..Default::default() });
        out
    }

    #[test]
    fn a_corpus_read_on_demand_gives_the_full_index_report() {
        let arts = syndicated_corpus();
        let p = DedupParams::default();
        let lean = find_duplicates_in(&OnDemand(&arts), &p);
        let full = find_duplicates(&arts, &p);
        assert_eq!(lean, full);
        assert!(full.pairs.len() >= 24 && full.clusters.len() >= 10, "{:?}", full.pairs.len());
        assert!(full.pairs.iter().any(|x| x.relation == "exact"));
        // some copies were sketched again with their outlet's learned boilerplate
        let firsts: Vec<&Article> = arts.iter().take(arts.len() - 1).collect();
        let built = build_index_loaded(&firsts, &p, |c| c.iter().map(|&k| Cow::Borrowed(firsts[k])).collect(), true);
        assert!(built.redo.iter().any(|&r| r));
    }

    #[test]
    fn threshold_bands() {
        let p = DedupParams::default().with_threshold(0.8);
        let (b, r) = p.bands_rows();
        assert!(b * r <= 128 && r >= 5, "{b} {r}");
        assert_eq!(p.jaccard_threshold, 0.8);
    }
}
