//! The incremental duplicate index: banded MinHash LSH for Jaccard candidates
//! plus a sampled-shingle inverted index for containment candidates; every
//! candidate is verified on exact shingle sets.

use std::collections::HashMap;

use newsfold_core::Article;
use serde::{Deserialize, Serialize};

use crate::boilerplate::{BoilerplateModel, outlet_key};
use crate::sketch::{Signature, intersection_size, is_anchor, jaccard_containment, mix64, sketch};
use crate::{DedupParams, Relation};

const NIL: u32 = u32::MAX;

/// A key of a [`ChainMap`]: an already hashed value (LSH band keys are
/// `u64`, anchors are `u32` shingle hashes, half the table memory).
trait ChainKey: Copy + Eq + Default + std::fmt::Debug + Send + Sync {
    /// A 64-bit mix of the key: the top bit picks the shard, the next bits
    /// the home slot (anchors have their low bits fixed, so a multiply
    /// spreads them first).
    fn mix(self) -> u64;
}

impl ChainKey for u64 {
    #[inline]
    fn mix(self) -> u64 {
        let y = self.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        y ^ (y >> 29)
    }
}

impl ChainKey for u32 {
    #[inline]
    fn mix(self) -> u64 {
        (self as u64).mix()
    }
}

#[inline]
fn shard<K: ChainKey>(key: K) -> usize {
    (key.mix() >> 63) as usize
}

/// One slot of a [`HeadTable`]: a key and its head posting. Packed to
/// 4-byte alignment, so a `u64` key's slot takes 12 bytes instead of 16 (the
/// LSH tables of a million articles hold tens of millions of them).
#[repr(C, packed(4))]
struct Slot<K> {
    key: K,
    head: u32,
}

impl<K: Copy> Clone for Slot<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Copy> Copy for Slot<K> {}

impl<K: Copy + std::fmt::Debug> std::fmt::Debug for Slot<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (key, head) = (self.key, self.head);
        f.debug_struct("Slot").field("key", &key).field("head", &head).finish()
    }
}

/// Open-addressing hash table `key -> head posting` (linear probing, load at
/// most 3/4, never deletes). Hand-written instead of a `HashMap` because
/// candidate lookups are memory-bound: key and value share one slot, so a
/// lookup usually costs one cache miss instead of two (control bytes, then
/// bucket). An empty slot has head [`NIL`]. Any capacity (a key's home slot
/// is its mixed bits scaled to the length, not masked to a power of two), so
/// a bulk load sizes the table to what it holds.
#[derive(Debug, Clone)]
struct HeadTable<K: Copy> {
    slots: Vec<Slot<K>>,
    len: usize,
}

impl<K: ChainKey> Default for HeadTable<K> {
    fn default() -> Self {
        HeadTable { slots: Vec::new(), len: 0 }
    }
}

impl<K: ChainKey> HeadTable<K> {
    #[inline]
    fn home(&self, key: K) -> usize {
        // skip the shard bit; the multiply-shift maps the rest onto 0..len
        (((key.mix() << 1) as u128 * self.slots.len() as u128) >> 64) as usize
    }

    /// Index of `key`'s slot, or of the empty slot where it would go.
    #[inline]
    fn find(&self, key: K) -> Option<usize> {
        let n = self.slots.len();
        let mut i = self.home(key);
        // the table is at most 3/4 full, so the probe meets an empty slot
        for _ in 0..n {
            let Slot { key: k, head: h } = *self.slots.get(i)?;
            if h == NIL || k == key {
                return Some(i);
            }
            i += 1;
            if i == n {
                i = 0;
            }
        }
        None
    }

    fn get(&self, key: K) -> Option<u32> {
        let i = self.find(key)?;
        self.slots.get(i).map(|s| s.head).filter(|&h| h != NIL)
    }

    /// Set `key`'s head (`head != NIL`); returns the previous one.
    fn insert(&mut self, key: K, head: u32) -> Option<u32> {
        self.reserve(1);
        let i = self.find(key)?;
        let slot = self.slots.get_mut(i)?;
        let old = slot.head;
        *slot = Slot { key, head };
        if old == NIL {
            self.len += 1;
            None
        } else {
            Some(old)
        }
    }

    /// Make room for `extra` more keys without growing: when the table must
    /// grow, it takes exactly the room for them (at 3/4 load) or doubles,
    /// whichever is more (one-at-a-time inserts stay amortised O(1)).
    fn reserve(&mut self, extra: usize) {
        let need = self.len + extra;
        if need * 4 <= self.slots.len() * 3 {
            return;
        }
        let cap = (need * 4 / 3 + 1).max(self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![Slot { key: K::default(), head: NIL }; cap]);
        for Slot { key, head } in old.into_iter().filter(|s| s.head != NIL) {
            if let Some(slot) = self.find(key).and_then(|i| self.slots.get_mut(i)) {
                *slot = Slot { key, head };
            }
        }
    }

    /// Every `(key, head)`, sorted by key bits (for tests).
    #[cfg(test)]
    fn entries(&self) -> Vec<(u64, u32)>
    where
        K: Into<u64>,
    {
        let mut v: Vec<(u64, u32)> =
            self.slots.iter().filter(|s| s.head != NIL).map(|&Slot { key, head }| (key.into(), head)).collect();
        v.sort_unstable();
        v
    }
}

/// Multimap `key -> [slot]` as singly linked chains in one flat vector: one
/// table entry per distinct key and 8 bytes per posting, instead of a `Vec`
/// allocation per key (the LSH tables hold `bands × docs` postings). The
/// heads are split in two shards by a bit of the key, so a bulk load fills
/// them on two threads ([`ChainMap::extend`]).
#[derive(Debug, Clone)]
struct ChainMap<K: Copy> {
    heads: [HeadTable<K>; 2],
    /// `(slot, next posting index)`.
    posts: Vec<(u32, u32)>,
}

impl<K: ChainKey> Default for ChainMap<K> {
    fn default() -> Self {
        ChainMap { heads: [HeadTable::default(), HeadTable::default()], posts: Vec::new() }
    }
}

impl<K: ChainKey> ChainMap<K> {
    fn push(&mut self, key: K, slot: u32) {
        let idx = self.posts.len() as u32;
        let next = self.heads[shard(key)].insert(key, idx).unwrap_or(NIL);
        self.posts.push((slot, next));
    }

    /// Room for `per_shard` more postings in each shard, so that extending
    /// by them in several calls grows no table.
    fn reserve(&mut self, per_shard: [usize; 2]) {
        for (heads, n) in self.heads.iter_mut().zip(per_shard) {
            heads.reserve(n);
        }
        self.posts.reserve_exact(per_shard[0] + per_shard[1]);
    }

    /// `push` every `(key, slot)` in order, with the two shards' heads
    /// filled in parallel: the same chains as sequential pushes.
    fn extend(&mut self, postings: &[(K, u32)]) {
        let base = self.posts.len() as u32;
        let (heads0, heads1) = self.heads.split_at_mut(1);
        let fill = |heads: &mut HeadTable<K>, me: usize| -> Vec<u32> {
            let mine = postings.iter().filter(|(k, _)| shard(*k) == me).count();
            // Room for every posting's key at once: no growth (and no old
            // table beside the new one) during the fill. Keys repeat (copies
            // share shingles and bands), so the table ends 55-65 % full
            // (100k generated articles); power-of-two tables grown from half
            // that ended 38-75 % full, with the last growth's old table as
            // a transient.
            heads.reserve(mine);
            let mut nexts = Vec::with_capacity(mine);
            for (i, &(k, _)) in postings.iter().enumerate() {
                if shard(k) == me {
                    nexts.push(heads.insert(k, base + i as u32).unwrap_or(NIL));
                }
            }
            nexts
        };
        let (n0, n1) = rayon::join(|| fill(&mut heads0[0], 0), || fill(&mut heads1[0], 1));
        let (mut i0, mut i1) = (n0.into_iter(), n1.into_iter());
        self.posts.reserve(postings.len());
        for &(k, slot) in postings {
            let next = if shard(k) == 0 { i0.next() } else { i1.next() };
            self.posts.push((slot, next.unwrap_or(NIL)));
        }
    }

    /// Visit at most `cap` postings (newest first) of each of `keys`, key by key.
    /// The head lookups and the first postings are fetched in separate
    /// loops first: they are independent loads, so their cache misses
    /// overlap instead of being paid one after another.
    fn for_each_many(&self, keys: &[K], cap: usize, mut f: impl FnMut(u32)) {
        let heads: Vec<u32> = keys.iter().map(|&k| self.heads[shard(k)].get(k).unwrap_or(NIL)).collect();
        let first: Vec<(u32, u32)> =
            heads.iter().map(|&h| self.posts.get(h as usize).copied().unwrap_or((NIL, NIL))).collect();
        for (&h, &(slot, next)) in heads.iter().zip(&first) {
            if h == NIL || slot == NIL || cap == 0 {
                continue;
            }
            f(slot);
            self.walk(next, cap - 1, &mut f);
        }
    }

    /// Visit at most `cap` postings of the chain starting at posting `cur`;
    /// returns false if truncated.
    fn walk(&self, mut cur: u32, cap: usize, mut f: impl FnMut(u32)) -> bool {
        let mut n = 0;
        while cur != NIL {
            let Some(&(slot, next)) = self.posts.get(cur as usize) else { break };
            if n >= cap {
                return false;
            }
            f(slot);
            n += 1;
            cur = next;
        }
        true
    }
}

/// The LSH band keys of `sig` (`b` bands of `r` rows; none for an empty
/// article).
fn band_keys_of(sig: &Signature, b: usize, r: usize) -> Vec<u64> {
    let mh = &sig.minhash;
    let empty = mh.iter().all(|&v| v == u32::MAX);
    (0..b)
        .filter(move |_| !empty)
        .filter_map(move |bi| {
            let rows = mh.get(bi * r..(bi + 1) * r)?;
            let mut h = mix64(bi as u64 + 1);
            for &v in rows {
                h = newsfold_core::hash::combine(h, v as u64);
            }
            Some(h)
        })
        .collect()
}

/// The anchors of `sig`: its shingles that are `0 mod m`.
fn anchor_keys_of(sig: &Signature, m: u32) -> impl Iterator<Item = u32> + use<'_> {
    sig.shingles.iter().copied().filter(move |&s| is_anchor(s, m))
}

/// Documents whose postings [`post_all`] makes at a time (a few in tests, so
/// that bulk loads there span several blocks).
const POST_BLOCK: usize = if cfg!(test) { 5 } else { 1 << 16 };

/// Push the keys of every signature of `sigs` (`keys_of`, in order; the
/// documents are slots `first..`) to `map`. Each shard's postings are counted first, so the tables
/// are sized once, then made a block of documents at a time in parallel: the
/// postings of every document at once (16 bytes each) were the bulk load's
/// largest transient (1M articles, 32 bands: 512 MB).
fn post_all<K: ChainKey>(
    map: &mut ChainMap<K>,
    sigs: &[&Signature],
    first: u32,
    keys_of: impl Fn(&Signature) -> Vec<K> + Sync,
) {
    use rayon::prelude::*;
    let per_doc: Vec<[u32; 2]> = sigs
        .par_iter()
        .map(|sig| {
            let mut c = [0u32; 2];
            for k in keys_of(sig) {
                c[shard(k)] += 1;
            }
            c
        })
        .collect();
    let total = per_doc.iter().fold([0usize; 2], |t, c| [t[0] + c[0] as usize, t[1] + c[1] as usize]);
    map.reserve(total);
    for (n, block) in sigs.chunks(POST_BLOCK).enumerate() {
        let base = first + (n * POST_BLOCK) as u32;
        let posts: Vec<(K, u32)> = block
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, sig)| keys_of(sig).into_iter().map(move |k| (k, base + i as u32)))
            .collect();
        map.extend(&posts);
    }
}

/// A verified match of a queried article against an indexed one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// Id of the indexed article.
    pub id: String,
    /// `exact` or `near_duplicate`.
    pub relation: Relation,
    /// Exact Jaccard of the content shingle sets.
    pub jaccard: f64,
    /// Exact containment `|A∩B| / min(|A|,|B|)` of the content shingle sets.
    pub containment: f64,
}

/// Per-article metadata kept by the index (for representatives).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DocMeta {
    /// Publication time as Unix milliseconds, if known.
    pub date_ms: Option<i64>,
    /// Text length in chars ("completeness").
    pub text_chars: usize,
}

impl DocMeta {
    /// Metadata of an article.
    pub fn of(a: &Article) -> Self {
        DocMeta { date_ms: a.date.map(|d| d.timestamp_millis()), text_chars: a.text.chars().count() }
    }
}

#[derive(Debug, Clone)]
struct Doc {
    id: String,
    meta: DocMeta,
    sig: Signature,
    anchors: u32,
    alive: bool,
}

/// A serialisable snapshot of a [`DedupIndex`]: parameters, boilerplate model
/// and each live article's signature. The LSH and anchor tables are rebuilt on
/// load (linear time), so the snapshot stays compact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexSnapshot {
    /// Parameters the signatures were computed with.
    pub params: DedupParams,
    /// The learned boilerplate model.
    pub boilerplate: BoilerplateModel,
    /// `(id, meta, signature)` of every live article, in insertion order.
    pub docs: Vec<(String, DocMeta, Signature)>,
}

/// Incremental duplicate index.
///
/// `insert` checks a new article against everything indexed (LSH + anchor
/// candidates, exact verification) and adds it; `remove` deletes it. Removal
/// tombstones the slot (postings are skipped on read); [`DedupIndex::compact`]
/// rebuilds the tables when many articles were removed.
#[derive(Debug, Clone)]
pub struct DedupIndex {
    params: DedupParams,
    model: BoilerplateModel,
    docs: Vec<Doc>,
    by_id: HashMap<String, u32>,
    bands: ChainMap<u64>,
    anchors: ChainMap<u32>,
    dead: usize,
}

impl DedupIndex {
    /// An empty index.
    pub fn new(params: DedupParams) -> Self {
        let model = BoilerplateModel::new(params.boilerplate_min_docs, params.boilerplate_min_fraction);
        Self::with_model(params, model)
    }

    /// An empty index using an already learned boilerplate model.
    pub fn with_model(params: DedupParams, model: BoilerplateModel) -> Self {
        DedupIndex {
            params,
            model,
            docs: Vec::new(),
            by_id: HashMap::new(),
            bands: ChainMap::default(),
            anchors: ChainMap::default(),
            dead: 0,
        }
    }

    /// The parameters.
    pub fn params(&self) -> &DedupParams {
        &self.params
    }

    /// The boilerplate model (learned from inserted articles when
    /// `params.learn_boilerplate`).
    pub fn boilerplate(&self) -> &BoilerplateModel {
        &self.model
    }

    /// Mutable access to the boilerplate model (e.g. to pre-train it).
    pub fn boilerplate_mut(&mut self) -> &mut BoilerplateModel {
        &mut self.model
    }

    /// Number of live articles.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether the index holds no live article.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Whether `id` is indexed.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The stored signature of `id`.
    pub fn signature(&self, id: &str) -> Option<&Signature> {
        self.by_id.get(id).and_then(|&s| self.docs.get(s as usize)).map(|d| &d.sig)
    }

    /// Compute an article's signature with this index's parameters and model
    /// (does not insert).
    pub fn sketch(&self, article: &Article) -> Signature {
        sketch(article, &self.params, Some(&self.model))
    }

    /// Check `article` against everything indexed, then add it. Returns its
    /// verified matches (best first). Re-inserting an existing id replaces it.
    pub fn insert(&mut self, id: &str, article: &Article) -> Vec<Match> {
        if self.params.learn_boilerplate {
            self.model.observe(&outlet_key(article), &article.text);
        }
        let sig = self.sketch(article);
        self.insert_signature(id, DocMeta::of(article), sig)
    }

    /// Insert a precomputed signature (e.g. loaded from the store); returns its matches.
    pub fn insert_signature(&mut self, id: &str, meta: DocMeta, sig: Signature) -> Vec<Match> {
        self.remove(id);
        let matches = self.query_sig(&sig, None);
        self.add(id, meta, sig);
        matches
    }

    /// Add without querying (bulk loading).
    pub fn add_signature(&mut self, id: &str, meta: DocMeta, sig: Signature) {
        self.remove(id);
        self.add(id, meta, sig);
    }

    /// Add many signatures without querying (bulk loading): the same index
    /// as [`DedupIndex::add_signature`] on each in order, built faster (keys
    /// computed in parallel, each table's two shards filled on two threads).
    pub fn add_signatures(&mut self, docs: Vec<(String, DocMeta, Signature)>) {
        let mut fresh = std::collections::HashSet::with_capacity(docs.len());
        if !docs.iter().all(|(id, ..)| !self.by_id.contains_key(id) && fresh.insert(id.as_str())) {
            // replacements: keep the sequential semantics
            for (id, meta, sig) in docs {
                self.add_signature(&id, meta, sig);
            }
            return;
        }
        drop(fresh);
        let first = self.docs.len();
        self.add_unposted(docs);
        self.post_bands(first);
        self.post_anchors(first);
    }

    /// Add articles that are not yet in the index (ids distinct) without
    /// their postings: [`DedupIndex::post_bands`] and
    /// [`DedupIndex::post_anchors`] make them, one table at a time (the
    /// batch search's candidate phases then never hold both tables at once).
    pub(crate) fn add_unposted(&mut self, docs: Vec<(String, DocMeta, Signature)>) {
        let m = self.params.anchor_mod;
        self.docs.reserve(docs.len());
        self.by_id.reserve(docs.len());
        for (id, meta, sig) in docs {
            let slot = self.docs.len() as u32;
            let anchors = anchor_keys_of(&sig, m).count() as u32;
            self.by_id.insert(id.clone(), slot);
            self.docs.push(Doc { id, meta, sig, anchors, alive: true });
        }
    }

    /// Bulk-post the LSH band keys of the articles from slot `from` on
    /// (added unposted: see [`DedupIndex::add_unposted`]).
    pub(crate) fn post_bands(&mut self, from: usize) {
        let (b, r) = self.params.bands_rows();
        let sigs: Vec<&Signature> = self.docs.iter().skip(from).map(|d| &d.sig).collect();
        post_all(&mut self.bands, &sigs, from as u32, |sig| band_keys_of(sig, b, r));
    }

    /// Bulk-post the anchors of the articles from slot `from` on (added
    /// unposted: see [`DedupIndex::add_unposted`]).
    pub(crate) fn post_anchors(&mut self, from: usize) {
        let m = self.params.anchor_mod;
        let sigs: Vec<&Signature> = self.docs.iter().skip(from).map(|d| &d.sig).collect();
        post_all(&mut self.anchors, &sigs, from as u32, |sig| anchor_keys_of(sig, m).collect());
    }

    /// Drop the LSH tables and every article's MinHash (the anchor phase of
    /// a batch search needs neither).
    pub(crate) fn forget_bands(&mut self) {
        self.bands = ChainMap::default();
        for d in &mut self.docs {
            d.sig.minhash = Vec::new();
        }
    }

    /// Batch insert: sketches in parallel (rayon), then inserts in order.
    /// Returns each article's matches against the articles before it.
    pub fn insert_batch(&mut self, articles: &[Article]) -> Vec<(String, Vec<Match>)> {
        use rayon::prelude::*;
        if self.params.learn_boilerplate {
            // line keys in parallel, counted in order (same model as `observe` one by one)
            let model = &self.model;
            let keys: Vec<(String, Vec<u64>)> =
                articles.par_iter().map(|a| (outlet_key(a), model.line_keys(&a.text))).collect();
            for (o, k) in &keys {
                self.model.observe_keys(o, k);
            }
        }
        let sigs: Vec<Signature> = articles.par_iter().map(|a| self.sketch(a)).collect();
        articles
            .iter()
            .zip(sigs)
            .map(|(a, s)| (a.id.clone(), self.insert_signature(&a.id, DocMeta::of(a), s)))
            .collect()
    }

    /// Remove `id`; returns whether it was present.
    pub fn remove(&mut self, id: &str) -> bool {
        match self.by_id.remove(id) {
            Some(slot) => {
                if let Some(d) = self.docs.get_mut(slot as usize) {
                    d.alive = false;
                    d.sig.shingles = Vec::new();
                    d.sig.lead = Vec::new();
                }
                self.dead += 1;
                if self.dead > 1024 && self.dead > self.docs.len() / 2 {
                    self.compact();
                }
                true
            }
            None => false,
        }
    }

    /// Verified matches of an indexed article against all others.
    pub fn matches(&self, id: &str) -> Vec<Match> {
        match self.by_id.get(id) {
            Some(&slot) => match self.docs.get(slot as usize) {
                Some(d) => self.query_sig(&d.sig, Some(slot)),
                None => Vec::new(),
            },
            None => Vec::new(),
        }
    }

    /// Verified matches of an article that is not inserted.
    pub fn query(&self, article: &Article) -> Vec<Match> {
        self.query_sig(&self.sketch(article), None)
    }

    /// Rebuild the tables without tombstones.
    pub fn compact(&mut self) {
        let docs = std::mem::take(&mut self.docs);
        self.by_id.clear();
        self.bands = ChainMap::default();
        self.anchors = ChainMap::default();
        self.dead = 0;
        self.add_signatures(docs.into_iter().filter(|d| d.alive).map(|d| (d.id, d.meta, d.sig)).collect());
    }

    /// Snapshot for persistence.
    pub fn snapshot(&self) -> IndexSnapshot {
        IndexSnapshot {
            params: self.params.clone(),
            boilerplate: self.model.clone(),
            docs: self.docs.iter().filter(|d| d.alive).map(|d| (d.id.clone(), d.meta.clone(), d.sig.clone())).collect(),
        }
    }

    /// Rebuild from a snapshot.
    pub fn from_snapshot(s: IndexSnapshot) -> Self {
        let mut idx = Self::with_model(s.params, s.boilerplate);
        idx.add_signatures(s.docs);
        idx
    }

    /// Live `(id, meta)` pairs in insertion order.
    pub fn docs(&self) -> impl Iterator<Item = (&str, &DocMeta)> {
        self.docs.iter().filter(|d| d.alive).map(|d| (d.id.as_str(), &d.meta))
    }

    fn band_keys(&self, sig: &Signature) -> Vec<u64> {
        let (b, r) = self.params.bands_rows();
        band_keys_of(sig, b, r)
    }

    fn anchor_keys<'a>(&self, sig: &'a Signature) -> impl Iterator<Item = u32> + use<'a> {
        anchor_keys_of(sig, self.params.anchor_mod)
    }

    fn add(&mut self, id: &str, meta: DocMeta, sig: Signature) {
        let slot = self.docs.len() as u32;
        let keys = self.band_keys(&sig);
        for k in keys {
            self.bands.push(k, slot);
        }
        let anchors: Vec<u32> = self.anchor_keys(&sig).collect();
        for &k in &anchors {
            self.anchors.push(k, slot);
        }
        self.docs.push(Doc { id: id.to_string(), meta, sig, anchors: anchors.len() as u32, alive: true });
        self.by_id.insert(id.to_string(), slot);
    }

    /// Candidate slots for `sig` (unverified), excluding `skip` (and, with
    /// `below`, every slot from it on), sorted: the LSH band candidates and
    /// the anchor (containment) candidates.
    pub(crate) fn candidates(&self, sig: &Signature, skip: Option<u32>, below: Option<u32>) -> Vec<u32> {
        let mut out = self.band_candidates(sig, skip, below);
        out.extend(self.anchor_candidates(sig, skip, below));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The LSH part of [`DedupIndex::candidates`] (unsorted, may repeat).
    pub(crate) fn band_candidates(&self, sig: &Signature, skip: Option<u32>, below: Option<u32>) -> Vec<u32> {
        let ok = |s: u32| Some(s) != skip && below.is_none_or(|b| s < b);
        let mut lsh: Vec<u32> = Vec::new();
        self.bands.for_each_many(&self.band_keys(sig), self.params.max_bucket_scan, |s| {
            if ok(s) {
                lsh.push(s)
            }
        });
        lsh
    }

    /// The containment part of [`DedupIndex::candidates`] (sorted, distinct):
    /// sampled shingles ("anchors") shared with an indexed article. Sampling
    /// by hash value is content-defined, so the anchors of a contained text
    /// are a subset of its container's.
    pub(crate) fn anchor_candidates(&self, sig: &Signature, skip: Option<u32>, below: Option<u32>) -> Vec<u32> {
        let ok = |s: u32| Some(s) != skip && below.is_none_or(|b| s < b);
        let mut hits: Vec<u32> = Vec::new();
        let keys: Vec<u32> = self.anchor_keys(sig).collect();
        let mine = keys.len() as u32;
        self.anchors.for_each_many(&keys, self.params.max_bucket_scan, |s| {
            if ok(s) {
                hits.push(s)
            }
        });
        crate::sketch::sort_u32(&mut hits);
        let mut out = Vec::new();
        let mut i = 0;
        while i < hits.len() {
            let s = hits[i];
            let mut j = i;
            while j < hits.len() && hits[j] == s {
                j += 1;
            }
            let n = (j - i) as u32;
            let theirs = self.docs.get(s as usize).map_or(0, |d| d.anchors);
            let need = ((mine.min(theirs) as f64) * self.params.anchor_fraction).ceil().max(2.0) as u32;
            if n >= need {
                out.push(s);
            }
            i = j;
        }
        out
    }

    /// Drop the tables and every article's signature, keeping ids and
    /// metadata (all a report needs once the candidates are listed).
    pub(crate) fn forget_signatures(&mut self) {
        self.bands = ChainMap::default();
        self.anchors = ChainMap::default();
        for d in &mut self.docs {
            d.sig = Signature::default();
        }
    }

    /// Verify one candidate pair; `None` when it is not a duplicate.
    pub(crate) fn verify(&self, a: &Signature, b: &Signature) -> Option<(Relation, f64, f64)> {
        verify_pair(&self.params, a, b)
    }

    pub(crate) fn query_sig(&self, sig: &Signature, skip: Option<u32>) -> Vec<Match> {
        self.query_slots(sig, skip, None)
            .into_iter()
            .filter_map(|(s, rel, j, c)| {
                self.docs.get(s as usize).map(|d| Match { id: d.id.clone(), relation: rel, jaccard: j, containment: c })
            })
            .collect()
    }

    /// Verified matches as `(slot, relation, jaccard, containment)`, best first.
    pub(crate) fn query_slots(
        &self,
        sig: &Signature,
        skip: Option<u32>,
        below: Option<u32>,
    ) -> Vec<(u32, Relation, f64, f64)> {
        let mut out: Vec<(u32, Relation, f64, f64)> = self
            .candidates(sig, skip, below)
            .into_iter()
            .filter_map(|s| {
                let d = self.docs.get(s as usize).filter(|d| d.alive)?;
                self.verify(sig, &d.sig).map(|(r, j, c)| (s, r, j, c))
            })
            .collect();
        out.sort_by(best_first);
        out
    }

    pub(crate) fn doc_id(&self, slot: u32) -> Option<&str> {
        self.docs.get(slot as usize).map(|d| d.id.as_str())
    }

    pub(crate) fn doc_meta(&self, slot: u32) -> Option<&DocMeta> {
        self.docs.get(slot as usize).map(|d| &d.meta)
    }

    pub(crate) fn doc_sig(&self, slot: u32) -> Option<&Signature> {
        self.docs.get(slot as usize).map(|d| &d.sig)
    }

    pub(crate) fn slots(&self) -> usize {
        self.docs.len()
    }
}

/// The order of an article's verified matches `(slot, relation, jaccard,
/// containment)`: highest Jaccard first, then the earlier slot.
pub(crate) fn best_first(x: &(u32, Relation, f64, f64), y: &(u32, Relation, f64, f64)) -> std::cmp::Ordering {
    y.2.total_cmp(&x.2).then(x.0.cmp(&y.0))
}

/// The decision rule (see the crate docs): exact key, else Jaccard, strong
/// containment, or moderate containment with a shared lead.
pub fn verify_pair(p: &DedupParams, a: &Signature, b: &Signature) -> Option<(Relation, f64, f64)> {
    if a.tokens > 0 && a.exact == b.exact && a.tokens == b.tokens {
        let (j, c) = if a.shingles.is_empty() { (1.0, 1.0) } else { jaccard_containment(&a.shingles, &b.shingles) };
        return Some((Relation::Exact, j, c));
    }
    let (j, c) = jaccard_containment(&a.shingles, &b.shingles);
    let small = a.shingles.len().min(b.shingles.len());
    if small == 0 {
        return None;
    }
    if j >= p.jaccard_threshold {
        return Some((Relation::NearDuplicate, j, c));
    }
    if small < p.min_shingles {
        return None;
    }
    if c >= p.containment_threshold {
        return Some((Relation::NearDuplicate, j, c));
    }
    if c >= p.lead_containment_threshold && lead_similarity(&a.lead, &b.lead) >= p.lead_similarity {
        return Some((Relation::NearDuplicate, j, c));
    }
    None
}

/// Jaccard of the two lead bigram sets.
pub fn lead_similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let i = intersection_size(a, b) as f64;
    i / ((a.len() + b.len()) as f64 - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, text: &str) -> Article {
        Article { id: id.into(), text: text.into(), ..Default::default() }
    }

    const BODY: &str = "The regional water board approved a twelve percent tariff rise on Thursday, saying the money would pay for replacing lead pipes in older districts.\nBoard chair Ilse Varga said the increase was unavoidable after two dry summers cut revenue and raised pumping costs across the valley.\nConsumer groups said they would appeal, arguing that pensioners on fixed incomes would be hit hardest by the change.\nThe new tariff takes effect in March and will be reviewed after eighteen months, the board said in a statement.";

    #[test]
    fn exact_and_near_duplicates_are_found_and_removed() {
        let mut idx = DedupIndex::new(DedupParams::default());
        assert!(idx.insert("a", &art("a", BODY)).is_empty());
        let m = idx.insert("b", &art("b", &BODY.to_uppercase().replace(',', " ;")));
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].relation, Relation::Exact);
        // truncation: last paragraph dropped, wrapped in boilerplate
        let cut: Vec<&str> = BODY.lines().take(3).collect();
        let wrapped = format!("Recommended Videos\n{}\nRelated Content", cut.join("\n"));
        let m = idx.insert("c", &art("c", &wrapped));
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m.iter().all(|x| x.relation == Relation::NearDuplicate && x.containment > 0.99));
        assert!(idx.remove("a"));
        assert!(!idx.remove("a"));
        let ids: Vec<String> = idx.matches("c").into_iter().map(|m| m.id).collect();
        assert_eq!(ids, ["b"]);
        // snapshot roundtrip keeps behaviour
        let json = serde_json::to_string(&idx.snapshot()).unwrap();
        let idx2 = DedupIndex::from_snapshot(serde_json::from_str(&json).unwrap());
        assert_eq!(idx2.len(), 2);
        assert_eq!(idx2.matches("c").len(), 1);
    }

    #[test]
    fn containment_of_a_small_fragment_is_not_a_duplicate() {
        let mut idx = DedupIndex::new(DedupParams::default());
        idx.insert("a", &art("a", BODY));
        let quote = "Board chair Ilse Varga said the increase was unavoidable.";
        let other = format!(
            "Farmers in the lower valley plan a protest convoy next week over irrigation quotas.\n{quote}\nThe farmers' union wants quotas frozen until an independent review of the aquifer is finished."
        );
        assert!(idx.insert("b", &art("b", &other)).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn verify_is_symmetric_and_index_never_panics(texts in proptest::collection::vec("[a-d ]{0,60}\\n?[a-d .]{0,60}", 1..8)) {
            let p = DedupParams::default();
            let mut idx = DedupIndex::new(p.clone());
            for (i, t) in texts.iter().enumerate() {
                let id = format!("t{i}");
                for m in idx.insert(&id, &art(&id, t)) {
                    proptest::prop_assert!(m.jaccard <= m.containment + 1e-12 && m.containment <= 1.0);
                }
            }
            let sigs: Vec<Signature> = texts.iter().map(|t| idx.sketch(&art("x", t))).collect();
            for a in &sigs {
                for b in &sigs {
                    proptest::prop_assert_eq!(verify_pair(&p, a, b), verify_pair(&p, b, a));
                }
            }
            proptest::prop_assert!(idx.remove("t0"));
            proptest::prop_assert_eq!(idx.len(), texts.len() - 1);
        }
    }

    #[test]
    fn bulk_add_builds_the_same_index_as_sequential_adds() {
        let p = DedupParams::default();
        let lines: Vec<&str> = BODY.lines().collect();
        let mut texts: Vec<String> = Vec::new();
        for i in 0..lines.len() {
            let mut v = lines.clone();
            v.remove(i);
            texts.push(v.join("\n"));
            texts.push(format!("{}\nExtra closing line number {i} about the valley tariff.", lines[i]));
        }
        texts.push(BODY.to_string());
        let idx0 = DedupIndex::new(p.clone());
        let docs: Vec<(String, DocMeta, Signature)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("d{i}"), DocMeta::of(&art("x", t)), idx0.sketch(&art("x", t))))
            .collect();
        let mut seq = DedupIndex::new(p.clone());
        for (id, m, s) in docs.clone() {
            seq.add_signature(&id, m, s);
        }
        let mut bulk = DedupIndex::new(p.clone());
        bulk.add_signatures(docs.clone());
        assert!(!seq.bands.posts.is_empty() && !seq.anchors.posts.is_empty());
        assert_eq!(seq.bands.posts, bulk.bands.posts);
        assert_eq!(seq.anchors.posts, bulk.anchors.posts);
        for sh in 0..2 {
            assert_eq!(seq.bands.heads[sh].entries(), bulk.bands.heads[sh].entries());
            assert_eq!(seq.anchors.heads[sh].entries(), bulk.anchors.heads[sh].entries());
        }
        for (id, ..) in &docs {
            let m = seq.matches(id);
            assert_eq!(m, bulk.matches(id), "{id}");
        }
        assert!(!seq.matches("d8").is_empty());
        // repeated ids take the sequential path: the last copy wins
        let mut rep = DedupIndex::new(p);
        let mut twice = docs.clone();
        twice.push(docs[0].clone());
        rep.add_signatures(twice);
        assert_eq!(rep.len(), docs.len());
        assert_eq!(rep.docs().last().map(|d| d.0), Some("d0"));
    }

    #[test]
    fn anchor_keys_are_the_shingles_divisible_by_the_modulus() {
        let sig = Signature { shingles: (0..200u32).map(|x| x * 7 + 3).collect(), ..Default::default() };
        for m in [1u32, 2, 6, 8, 13] {
            let idx = DedupIndex::new(DedupParams { anchor_mod: m, ..DedupParams::default() });
            let want: Vec<u32> = sig.shingles.iter().copied().filter(|s| s % m == 0).collect();
            assert_eq!(idx.anchor_keys(&sig).collect::<Vec<_>>(), want, "mod {m}");
        }
    }

    #[test]
    fn chains_visit_newest_first_up_to_the_cap() {
        let mut m: ChainMap<u32> = ChainMap::default();
        for (k, slot) in [(8, 0), (16, 0), (8, 1), (8, 2), (24, 2)] {
            m.push(k, slot);
        }
        let visit = |keys: &[u32], cap: usize| {
            let mut v = Vec::new();
            m.for_each_many(keys, cap, |s| v.push(s));
            v
        };
        assert_eq!(visit(&[8, 16, 32, 24], 10), [2, 1, 0, 0, 2]);
        assert_eq!(visit(&[8, 24], 2), [2, 1, 2]);
        assert_eq!(visit(&[8], 0), Vec::<u32>::new());
    }

    proptest::proptest! {
        #[test]
        fn head_table_is_a_map(ops in proptest::collection::vec((0u32..64, 0u32..1000), 0..300), pre in 0usize..90) {
            // sized up front as a bulk fill does (any length, so probes wrap anywhere), then grown
            let mut t: HeadTable<u32> = HeadTable::default();
            let mut wide: HeadTable<u64> = HeadTable::default();
            t.reserve(pre);
            wide.reserve(pre);
            let mut m: HashMap<u32, u32> = HashMap::new();
            for &(k, v) in &ops {
                let k = k * 8; // anchors: low bits fixed
                let want = m.insert(k, v);
                proptest::prop_assert_eq!(t.insert(k, v), want);
                proptest::prop_assert_eq!(wide.insert(u64::from(k) << 40 | 7, v), want);
            }
            for k in 0..70u32 {
                proptest::prop_assert_eq!(t.get(k * 8), m.get(&(k * 8)).copied());
                proptest::prop_assert_eq!(wide.get(u64::from(k * 8) << 40 | 7), m.get(&(k * 8)).copied());
            }
            proptest::prop_assert_eq!(t.len, m.len());
            proptest::prop_assert!(t.len * 4 <= t.slots.len() * 3 || t.slots.is_empty());
        }
    }

    #[test]
    fn unrelated_texts_do_not_match() {
        let mut idx = DedupIndex::new(DedupParams::default());
        idx.insert("a", &art("a", BODY));
        let m = idx.insert("b", &art("b", "A completely different report about a chess tournament in the mountains, where the youngest player won."));
        assert!(m.is_empty());
        assert!(idx.insert("e1", &art("e1", "")).is_empty());
        assert!(idx.insert("e2", &art("e2", "")).is_empty());
    }
}
