//! The online story clusterer.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use newsfold_core::{Article, hash_str};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::params::StoryParams;
use crate::sparse::{self, Feat, IdMap, SparseVec};
use crate::text;

const MS_PER_HOUR: f64 = 3_600_000.0;
const MS_PER_DAY: f64 = 86_400_000.0;
/// Features kept per title candidate (for "most central headline").
const TITLE_VEC_TERMS: usize = 32;
/// Title candidates kept per story.
const TITLE_CANDIDATES: usize = 12;
/// Entities kept in a story's entity centroid.
const STORY_ENTITIES: usize = 64;

/// Marks a story not yet scored in [`SCORES`] (weights are never negative).
const UNTOUCHED: f32 = f32::NEG_INFINITY;

thread_local! {
    /// Per-thread candidate scores of `StoryClusterer::candidates`, indexed by
    /// story, with the stories touched so far: a query adds up to ~10k
    /// posting weights, and a dense array takes them faster than a hash map
    /// that grows (and rehashes) for every query. Each query leaves every slot
    /// it touched reset.
    static SCORES: std::cell::RefCell<(Vec<f32>, Vec<u32>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// The result of assigning one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// Story id (stable; see the crate docs).
    pub story: String,
    /// True when the article founded a new story.
    pub is_new: bool,
    /// Time-decayed similarity to the chosen story's centroid before the article
    /// joined it (1.0 for a new story, or the raw cosine for a hint-forced join).
    pub similarity: f32,
}

/// A story's label and statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    /// Story id.
    pub story: String,
    /// The most central headline (member title closest to the centroid).
    pub title: String,
    /// Highest-weighted content terms of the centroid (display forms).
    pub key_terms: Vec<String>,
    /// Highest-weighted named entities of the centroid.
    pub entities: Vec<String>,
    /// Earliest publication date among members that have one.
    pub first: Option<DateTime<Utc>>,
    /// Latest publication date among members that have one.
    pub last: Option<DateTime<Utc>>,
    /// Number of member articles.
    pub articles: usize,
    /// Number of distinct outlets among members.
    pub outlets: usize,
    /// Ids of related stories (same saga, different event), most similar first.
    pub related: Vec<String>,
}

/// A title and its vector (`V`: see [`Story`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TitleCand<V = SparseVec> {
    title: String,
    vec: V,
}

/// A story: its vectors are `V` and its index keys `K`, feature ids in a
/// running clusterer, feature hashes in a snapshot ([`StoryDisk`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Story<V = SparseVec, K = u32> {
    id: String,
    /// Sum of member vectors (each unit norm), truncated to the top terms.
    centroid: V,
    norm: f32,
    /// Keys under which this story is listed in the inverted index.
    indexed: Vec<K>,
    /// Activity interval: publication dates of members (ms), when any had
    /// one (undated members carry no time).
    first_date: Option<i64>,
    last_date: Option<i64>,
    articles: usize,
    /// Sorted, distinct outlet hashes.
    outlets: Vec<u64>,
    titles: Vec<TitleCand<V>>,
    merged_into: Option<u32>,
    /// Members that had a body (full text).
    #[serde(default)]
    with_body: usize,
    /// Sum of members' unit entity vectors, truncated to the top entities.
    #[serde(default)]
    ents: V,
}

/// A story as a snapshot holds it: `[hash, weight]` vectors (in id order)
/// and index keys by hash.
type StoryDisk = Story<Vec<(u64, f32)>, u64>;

impl<V, K> Story<V, K> {
    /// The story with its vectors and keys converted.
    fn convert<V2, K2>(self, mut vec: impl FnMut(V) -> V2, mut key: impl FnMut(K) -> K2) -> Story<V2, K2> {
        Story {
            id: self.id,
            centroid: vec(self.centroid),
            norm: self.norm,
            indexed: self.indexed.into_iter().map(&mut key).collect(),
            first_date: self.first_date,
            last_date: self.last_date,
            articles: self.articles,
            outlets: self.outlets,
            titles: self.titles.into_iter().map(|t| TitleCand { title: t.title, vec: vec(t.vec) }).collect(),
            merged_into: self.merged_into,
            with_body: self.with_body,
            ents: vec(self.ents),
        }
    }
}

impl Story {
    /// The story as a snapshot writes it (`hashes`: [`Vocab::hashes`]).
    fn to_disk(&self, hashes: &[u64]) -> StoryDisk {
        let hash = |k: u32| hashes.get(k as usize).copied().unwrap_or_default();
        self.clone().convert(|v: SparseVec| v.iter().map(|f| (hash(f.key), f.w)).collect(), hash)
    }

    /// A snapshot's story, its hashes given ids by `vocab`.
    fn from_disk(s: StoryDisk, vocab: &mut Vocab) -> Story {
        let vocab = std::cell::RefCell::new(vocab);
        s.convert(
            // (a snapshot's vector lists each feature once)
            |v: Vec<(u64, f32)>| {
                sparse::from_pairs(v.into_iter().map(|(k, w)| (vocab.borrow_mut().intern(k), w)).collect())
            },
            |k| vocab.borrow_mut().intern(k),
        )
    }
}

/// Kind of a feature, for labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Kind {
    Term,
    Entity,
}

/// The features the clusterer has seen: each feature's 64-bit hash (from
/// [`text`]) gets a 32-bit id, in the order features are first seen, which
/// the story vectors and the inverted index use instead of the hash (see
/// [`Feat`]); and each id its document frequency and display name, the
/// display forms back to back in a shared [`Arena`].
///
/// Hand-written instead of the `df: IdMap<u64, u32>` and
/// `names: IdMap<u64, (String, Kind)>` it replaces: both held the same keys
/// (a feature is named when it is first counted), and the names' `String`s
/// (a header and an allocation per feature, millions of features at scale)
/// were the clusterer's second largest cost. One map also means one lookup
/// per feature of an article. Snapshots still carry `df` and `names` by
/// hash, in id order (a restored clusterer gives each feature the same id).
///
/// The hash → id map is an open-addressing table of ids over the entries
/// (which hold the hashes), not a `HashMap<u64, u32>`: the generated 1M-article
/// corpus has ~10M features (random capitalised words make entities seen
/// once), a map slot is 17 bytes (16 of hash and id, a control byte) at up to
/// 7/8 load, a slot here 4 bytes at up to 2/3, and the hash is kept once.
#[derive(Debug, Clone, Default)]
struct Vocab {
    /// Linear probing from [`Vocab::slot`]: `id + 1` of a feature, or 0 (a
    /// free slot); empty or a power of two long, at most 2/3 full.
    table: Vec<u32>,
    /// By id.
    entries: Entries,
    /// Display forms, back to back.
    text: Arena,
}

/// Bits of an id's position in an [`Entries`] chunk.
const ENTRY_CHUNK_BITS: u32 = 16;

/// The vocabulary's entries by id, in chunks of 2^16: a `Vec` that doubles
/// holds up to twice the entries (and both copies while it grows); at 10M
/// features, 20 bytes each, that slack was ~130 MB.
#[derive(Debug, Clone, Default)]
struct Entries {
    chunks: Vec<Vec<VocabEntry>>,
    len: usize,
}

impl Entries {
    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, e: VocabEntry) {
        let full = |c: &Vec<VocabEntry>| c.len() >= 1 << ENTRY_CHUNK_BITS;
        if self.chunks.last().is_none_or(full) {
            self.chunks.push(Vec::with_capacity(1 << ENTRY_CHUNK_BITS));
        }
        if let Some(c) = self.chunks.last_mut() {
            c.push(e);
            self.len += 1;
        }
    }

    fn get(&self, id: usize) -> Option<&VocabEntry> {
        self.chunks.get(id >> ENTRY_CHUNK_BITS)?.get(id & ((1 << ENTRY_CHUNK_BITS) - 1))
    }

    fn get_mut(&mut self, id: usize) -> Option<&mut VocabEntry> {
        self.chunks.get_mut(id >> ENTRY_CHUNK_BITS)?.get_mut(id & ((1 << ENTRY_CHUNK_BITS) - 1))
    }

    /// The entries in id order.
    fn iter(&self) -> impl Iterator<Item = &VocabEntry> {
        self.chunks.iter().flatten()
    }

    /// Bytes held.
    fn bytes(&self) -> usize {
        self.chunks.iter().map(|c| c.capacity() * std::mem::size_of::<VocabEntry>()).sum()
    }
}

/// Bits of a position inside an [`Arena`] chunk.
const CHUNK_BITS: u32 = 20;
/// Bytes of an [`Arena`] chunk.
const CHUNK: usize = 1 << CHUNK_BITS;

/// Strings back to back, in chunks of [`CHUNK`] bytes (a longer string has a
/// chunk of its own): one `String` that doubled would hold up to twice the
/// text, and copy it all at each doubling (hundreds of MB at 1M articles).
/// A string is addressed by `chunk << CHUNK_BITS | position` and its length.
#[derive(Debug, Clone, Default)]
struct Arena {
    chunks: Vec<String>,
}

impl Arena {
    /// Append `s`, returning its address.
    fn push(&mut self, s: &str) -> u64 {
        let fits = |c: &String| c.len() < CHUNK && c.capacity() - c.len() >= s.len();
        if !self.chunks.last().is_some_and(fits) {
            self.chunks.push(String::with_capacity(CHUNK.max(s.len())));
        }
        let idx = self.chunks.len().saturating_sub(1);
        let Some(c) = self.chunks.last_mut() else { return 0 };
        let pos = c.len();
        c.push_str(s);
        ((idx as u64) << CHUNK_BITS) | pos as u64
    }

    /// The `len` bytes at `addr`.
    fn get(&self, addr: u64, len: usize) -> Option<&str> {
        let chunk = self.chunks.get(usize::try_from(addr >> CHUNK_BITS).ok()?)?;
        let pos = (addr & (CHUNK as u64 - 1)) as usize;
        chunk.get(pos..pos.checked_add(len)?)
    }
}

/// One feature (20 bytes, 4-aligned: there are millions).
#[derive(Debug, Clone, Copy)]
struct VocabEntry {
    /// The feature's hash, low and high halves.
    key: [u32; 2],
    /// Document frequency (when [`IN_DF`]).
    df: u32,
    /// Address of the display form in [`Vocab::text`].
    addr: u32,
    /// Byte length of the display form `<< FLAG_BITS`, with flags
    /// [`NAMED`], [`ENTITY`] and [`IN_DF`].
    bits: u32,
}

impl VocabEntry {
    fn new(key: u64) -> Self {
        VocabEntry { key: [key as u32, (key >> 32) as u32], df: 0, addr: 0, bits: 0 }
    }

    fn key(&self) -> u64 {
        u64::from(self.key[0]) | (u64::from(self.key[1]) << 32)
    }
}

/// The feature has a display form.
const NAMED: u32 = 1;
/// The feature is an entity (else a term).
const ENTITY: u32 = 2;
/// The feature has a document frequency (a snapshot may name a feature it
/// does not count, or count one it does not name; a running clusterer
/// always does both).
const IN_DF: u32 = 4;
const FLAG_BITS: u32 = 3;
/// Longest display form kept (bytes; a longer one keeps its start).
const MAX_NAME: usize = (u32::MAX >> FLAG_BITS) as usize;

impl Vocab {
    /// Where `key`'s probe starts in a table of `len` slots (a power of two;
    /// Fibonacci hashing: the hashes are well mixed, snapshots' keys need
    /// not be).
    fn slot(key: u64, len: usize) -> usize {
        let bits = len.trailing_zeros();
        if bits == 0 { 0 } else { (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize }
    }

    /// The table slot of `key`: the one holding it, or the free one where
    /// it goes. The table is not full (at most 2/3).
    fn find(&self, key: u64) -> usize {
        let mask = self.table.len().wrapping_sub(1);
        let mut i = Self::slot(key, self.table.len());
        while let Some(&v) = self.table.get(i) {
            let hit = v == 0 || self.entries.get(v as usize - 1).is_some_and(|e| e.key() == key);
            if hit {
                break;
            }
            i = (i + 1) & mask;
        }
        i
    }

    /// Double the table (1024 slots at first) and place every id again
    /// (the keys are distinct: each one's probe ends at a free slot).
    fn grow(&mut self) {
        self.table = vec![0u32; (self.table.len() * 2).max(1024)];
        for id in 0..self.entries.len() {
            let Some(key) = self.entries.get(id).map(VocabEntry::key) else { continue };
            let at = self.find(key);
            if let Some(t) = self.table.get_mut(at) {
                *t = id as u32 + 1;
            }
        }
    }

    /// The id of feature `key` (a new one, neither counted nor named, for a
    /// feature not seen before; `u32::MAX`, with no entry, once 2^32 - 2
    /// features are known).
    fn intern(&mut self, key: u64) -> u32 {
        if (self.entries.len() + 1) * 3 > self.table.len() * 2 {
            self.grow();
        }
        let at = self.find(key);
        match self.table.get(at).copied() {
            Some(v) if v != 0 => v - 1,
            _ if self.entries.len() >= (u32::MAX - 1) as usize => u32::MAX,
            _ => {
                let id = self.entries.len() as u32;
                self.entries.push(VocabEntry::new(key));
                if let Some(t) = self.table.get_mut(at) {
                    *t = id + 1;
                }
                id
            }
        }
    }

    /// Count one more document with feature `key` and return its id and
    /// document frequency; a feature not counted before takes `display` and
    /// `kind` as its name, unless it has one.
    fn count(&mut self, key: u64, display: &str, kind: Kind) -> (u32, u32) {
        let id = self.intern(key);
        let Some(e) = self.entries.get_mut(id as usize) else { return (id, 0) };
        if e.df == 0 && e.bits & NAMED == 0 {
            let (addr, bits) = store_name(&mut self.text, display, kind);
            e.addr = addr;
            e.bits |= bits;
        }
        e.bits |= IN_DF;
        e.df += 1;
        (id, e.df)
    }

    /// Display form of feature `id` (empty when it has none).
    fn display(&self, id: u32) -> &str {
        self.name(id).map_or("", |n| n.0)
    }

    /// Display form and kind of feature `id`.
    fn name(&self, id: u32) -> Option<(&str, Kind)> {
        let e = self.entries.get(id as usize)?;
        Self::name_of(&self.text, e)
    }

    /// Each id's feature hash.
    fn hashes(&self) -> Vec<u64> {
        self.entries.iter().map(VocabEntry::key).collect()
    }

    fn name_of<'t>(text: &'t Arena, e: &VocabEntry) -> Option<(&'t str, Kind)> {
        let kind = Self::kind_of(e)?;
        Some((text.get(u64::from(e.addr), (e.bits >> FLAG_BITS) as usize)?, kind))
    }

    fn kind_of(e: &VocabEntry) -> Option<Kind> {
        if e.bits & NAMED == 0 {
            None
        } else if e.bits & ENTITY != 0 {
            Some(Kind::Entity)
        } else {
            Some(Kind::Term)
        }
    }

    /// Kind of feature `id`, when it is named.
    fn kind(&self, id: u32) -> Option<Kind> {
        Self::kind_of(self.entries.get(id as usize)?)
    }
}

/// Append `display` to `text`: the address and name bits of a
/// [`VocabEntry`]. (A display form is a word or a name; one over
/// [`MAX_NAME`] bytes keeps its start; one past the arena's first 4 GiB
/// stays unnamed.)
fn store_name(text: &mut Arena, display: &str, kind: Kind) -> (u32, u32) {
    let mut n = display.len().min(MAX_NAME);
    while !display.is_char_boundary(n) {
        n -= 1;
    }
    let Ok(addr) = u32::try_from(text.push(display.get(..n).unwrap_or(""))) else { return (0, 0) };
    let kind_bit = if kind == Kind::Entity { ENTITY } else { 0 };
    (addr, ((n as u32) << FLAG_BITS) | NAMED | kind_bit)
}

/// The `df` object of a snapshot: `{hash: document frequency}`, in id
/// order (`hashes`: [`Vocab::hashes`]).
struct DfOut<'a>(&'a Vocab, &'a [u64]);

impl Serialize for DfOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let counted = self.0.entries.iter().zip(self.1).filter(|(e, _)| e.bits & IN_DF != 0);
        s.collect_map(counted.map(|(e, k)| (k, e.df)))
    }
}

/// The `names` object of a snapshot: `{hash: [display, kind]}`, in id order.
struct NamesOut<'a>(&'a Vocab, &'a [u64]);

impl Serialize for NamesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = &self.0.text;
        s.collect_map(self.0.entries.iter().zip(self.1).filter_map(|(e, k)| Vocab::name_of(text, e).map(|n| (k, n))))
    }
}

/// A snapshot's `df`: `(hash, document frequency)` in the snapshot's order
/// (which gives the features their ids).
struct DfIn(Vec<(u64, u32)>);

impl<'de> Deserialize<'de> for DfIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DfIn;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of document frequencies")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<DfIn, A::Error> {
                let mut out = Vec::new();
                while let Some(e) = access.next_entry::<u64, u32>()? {
                    out.push(e);
                }
                Ok(DfIn(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A snapshot's `names`: `(key, name bits, length)` in order, the display
/// forms back to back.
struct NamesIn(Vec<(u64, u32, u32)>, Arena);

impl<'de> Deserialize<'de> for NamesIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NamesIn;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of feature names")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<NamesIn, A::Error> {
                let (mut names, mut text) = (Vec::new(), Arena::default());
                while let Some((k, (display, kind))) = access.next_entry::<u64, (String, Kind)>()? {
                    let (addr, bits) = store_name(&mut text, &display, kind);
                    names.push((k, addr, bits));
                }
                Ok(NamesIn(names, text))
            }
        }
        d.deserialize_map(V)
    }
}

impl Vocab {
    /// The vocabulary of a snapshot's `df` and `names`.
    fn from_snapshot(df: DfIn, names: NamesIn) -> Self {
        let NamesIn(names, text) = names;
        let mut v = Vocab { text, ..Vocab::default() };
        for (k, df) in df.0 {
            // (a later duplicate key replaces the count, as in a `HashMap`)
            let id = v.intern(k);
            if let Some(e) = v.entries.get_mut(id as usize) {
                e.df = df;
                e.bits |= IN_DF;
            }
        }
        for (k, addr, bits) in names {
            // a later duplicate key replaces the name, as in a `HashMap`
            let id = v.intern(k);
            if let Some(e) = v.entries.get_mut(id as usize) {
                e.bits = (e.bits & IN_DF) | bits;
                e.addr = addr;
            }
        }
        v
    }
}

/// The inverted index: the stories listed under each key, oldest first.
///
/// Hand-written instead of a map of `Vec<u32>`: nine lists in ten hold a
/// single story (a story listed under a rare term), and such a list is its
/// map value itself; a longer list's value is [`LIST`] and its place in
/// `lists` (freed places are reused). A map entry is 16 bytes instead of
/// the 32 of a key and a `Vec` (millions of keys at scale: 130 MB at 1M
/// articles). Serialized as the map of lists.
#[derive(Debug, Clone, Default)]
struct Postings {
    map: IdMap<u32, u32>,
    lists: Vec<Vec<u32>>,
    /// Places of `lists` free for reuse.
    free: Vec<u32>,
}

/// A [`Postings`] map value that is a place in `lists`, not a story.
const LIST: u32 = 1 << 31;

impl Postings {
    /// The stories listed under `key`, oldest first.
    fn get(&self, key: u32) -> Option<&[u32]> {
        let v = self.map.get(&key)?;
        if v & LIST == 0 {
            Some(std::slice::from_ref(v))
        } else {
            self.lists.get((v & !LIST) as usize).map(Vec::as_slice)
        }
    }

    /// List `sid` under `key`, unless it is among the `window` newest there;
    /// an older entry of it moves to the newest end.
    fn touch(&mut self, key: u32, sid: u32, window: usize) {
        if let Some(list) = self.get(key) {
            if list.iter().rev().take(window).any(|&x| x == sid) {
                return;
            }
            self.remove(key, sid);
        }
        let Some(v) = self.map.get(&key).copied() else {
            if sid & LIST == 0 {
                self.map.insert(key, sid);
            } else {
                let place = self.place(vec![sid]);
                self.map.insert(key, place);
            }
            return;
        };
        if v & LIST == 0 {
            let place = self.place(vec![v, sid]);
            self.map.insert(key, place);
        } else if let Some(list) = self.lists.get_mut((v & !LIST) as usize) {
            list.push(sid);
        }
    }

    /// Remove the newest entry of `sid` under `key` (if any).
    fn remove(&mut self, key: u32, sid: u32) {
        let Some(v) = self.map.get(&key).copied() else { return };
        if v & LIST == 0 {
            if v == sid {
                self.map.remove(&key);
            }
            return;
        }
        let at = (v & !LIST) as usize;
        let Some(list) = self.lists.get_mut(at) else { return };
        if let Some(pos) = list.iter().rposition(|&x| x == sid) {
            list.remove(pos);
        }
        match list[..] {
            [] => {
                self.map.remove(&key);
                self.release(at);
            }
            [x] if x & LIST == 0 => {
                self.map.insert(key, x);
                self.release(at);
            }
            _ => {}
        }
    }

    /// A place in `lists` holding `list`, as a map value.
    fn place(&mut self, list: Vec<u32>) -> u32 {
        match self.free.pop() {
            Some(at) => {
                if let Some(slot) = self.lists.get_mut(at as usize) {
                    *slot = list;
                }
                at | LIST
            }
            None => {
                self.lists.push(list);
                (self.lists.len() - 1) as u32 | LIST
            }
        }
    }

    fn release(&mut self, at: usize) {
        if let Some(slot) = self.lists.get_mut(at) {
            *slot = Vec::new();
            self.free.push(at as u32);
        }
    }

    /// Keys listed.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.map.len()
    }
}

/// The `postings` object of a snapshot: `{hash: [story, ...]}`
/// (`hashes`: [`Vocab::hashes`]).
struct PostingsOut<'a>(&'a Postings, &'a [u64]);

impl Serialize for PostingsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let hash = |k: u32| self.1.get(k as usize).copied().unwrap_or_default();
        s.collect_map(self.0.map.keys().map(|&k| (hash(k), self.0.get(k).unwrap_or_default())))
    }
}

impl Postings {
    /// The inverted index of a snapshot's `postings`, its hashes given ids
    /// by `vocab`.
    fn from_snapshot(lists: IdMap<u64, Vec<u32>>, vocab: &mut Vocab) -> Self {
        let mut p = Postings::default();
        for (k, list) in lists {
            let k = vocab.intern(k);
            for sid in list {
                // (a snapshot's lists hold each story once)
                p.touch(k, sid, 0);
            }
        }
        p
    }
}

/// What a [`StoryClusterer`] holds, in bytes by part (capacities, what the
/// allocator holds; hash tables estimated from their capacity), for the
/// stage log: the clusterer is the batch analysis's largest structure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Footprint {
    /// Stories held (merged ones included).
    pub stories: usize,
    /// Distinct features seen.
    pub features: usize,
    /// The features' ids, document frequencies and display forms.
    pub vocab: usize,
    /// Story centroids.
    pub centroids: usize,
    /// Story entity vectors.
    pub entities: usize,
    /// Title candidates (texts and vectors).
    pub titles: usize,
    /// The inverted index.
    pub postings: usize,
    /// Everything else: story records, ids, keys, outlets, hints.
    pub other: usize,
}

impl Footprint {
    /// Every part together.
    pub fn total(&self) -> usize {
        self.vocab + self.centroids + self.entities + self.titles + self.postings + self.other
    }
}

/// Bytes of a hash map's table (entries and control bytes), from its capacity.
fn map_bytes<K, V, S>(m: &HashMap<K, V, S>) -> usize {
    m.capacity() * (std::mem::size_of::<(K, V)>() + 1)
}

/// Online single-pass story clusterer with incremental IDF, an inverted index
/// over centroid top terms, time decay, idle closing, periodic merging and a
/// redirect map. Serialize it to persist and resume.
#[derive(Debug, Clone)]
pub struct StoryClusterer {
    params: StoryParams,
    n_docs: u64,
    /// Document frequencies and names of features (`df` and `names` in
    /// snapshots).
    vocab: Vocab,
    stories: Vec<Story>,
    by_id: HashMap<String, u32>,
    postings: Postings,
    hints: HashMap<String, u32>,
    /// Stories touched since the last merge pass.
    dirty: Vec<u32>,
}

// Hand-written: the snapshot format predates `Vocab`, which is written as
// the `df` and `names` objects of the derived format it replaces (same
// fields, same order).
impl Serialize for StoryClusterer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let hashes = self.vocab.hashes();
        let mut st = s.serialize_struct("StoryClusterer", 9)?;
        st.serialize_field("params", &self.params)?;
        st.serialize_field("n_docs", &self.n_docs)?;
        st.serialize_field("df", &DfOut(&self.vocab, &hashes))?;
        st.serialize_field("names", &NamesOut(&self.vocab, &hashes))?;
        st.serialize_field("stories", &StoriesOut(&self.stories, &hashes))?;
        st.serialize_field("by_id", &self.by_id)?;
        st.serialize_field("postings", &PostingsOut(&self.postings, &hashes))?;
        st.serialize_field("hints", &self.hints)?;
        st.serialize_field("dirty", &self.dirty)?;
        st.end()
    }
}

/// A snapshot as written by [`StoryClusterer`]'s `Serialize`.
#[derive(Deserialize)]
#[serde(rename = "StoryClusterer")]
struct ClustererIn {
    params: StoryParams,
    n_docs: u64,
    df: DfIn,
    names: NamesIn,
    stories: Vec<StoryDisk>,
    by_id: HashMap<String, u32>,
    postings: IdMap<u64, Vec<u32>>,
    hints: HashMap<String, u32>,
    dirty: Vec<u32>,
}

/// The `stories` of a snapshot (see [`StoryDisk`]).
struct StoriesOut<'a>(&'a [Story], &'a [u64]);

impl Serialize for StoriesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|st| st.to_disk(self.1)))
    }
}

impl<'de> Deserialize<'de> for StoryClusterer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let c = ClustererIn::deserialize(d)?;
        let mut vocab = Vocab::from_snapshot(c.df, c.names);
        let stories = c.stories.into_iter().map(|s| Story::from_disk(s, &mut vocab)).collect();
        let postings = Postings::from_snapshot(c.postings, &mut vocab);
        Ok(StoryClusterer {
            params: c.params,
            n_docs: c.n_docs,
            vocab,
            stories,
            by_id: c.by_id,
            postings,
            hints: c.hints,
            dirty: c.dirty,
        })
    }
}

/// The features of one article.
struct ArticleVec {
    vec: SparseVec,
    has_body: bool,
    title_vec: SparseVec,
    /// Unit tf-idf vector of the article's named entities.
    ents: SparseVec,
}

/// The features of one article before weighting: what [`RawFeatures::of`]
/// reads from the text alone, independent of the clusterer's state, so it
/// can be computed in parallel ahead of the sequential assignment.
pub struct RawFeatures {
    title_terms: Vec<text::Term>,
    body_terms: Vec<text::Term>,
    url_terms: Vec<text::Term>,
    /// Entity features: the full name, plus the surname of multi-word names.
    ent_feats: Vec<(u64, String)>,
}

impl RawFeatures {
    /// Tokenise and extract the terms and entities of `article`.
    pub fn of(article: &Article, p: &StoryParams) -> Self {
        let title = article.title.as_deref().unwrap_or("");
        let title_terms = text::terms(title, text::is_truncated(title));
        let body: &str = article.text.as_str();
        let mut body_terms = text::terms(body, false);
        body_terms.truncate(p.body_max_terms);
        let url_terms = article.url.as_deref().map(text::url_terms).unwrap_or_default();
        let mut ents = if text::is_title_case(title) { Vec::new() } else { text::entities(title) };
        let body_ents = text::entities(body);
        ents.extend(body_ents);
        let mut ent_feats: Vec<(u64, String)> = Vec::with_capacity(ents.len() * 2);
        for e in &ents {
            ent_feats.push((text::entity_key(&e.norm), e.display.clone()));
            if let Some((_, last)) = e.norm.rsplit_once(' ') {
                let disp = e.display.rsplit(' ').next().unwrap_or(last).to_string();
                ent_feats.push((text::entity_key(last), disp));
            }
        }
        RawFeatures { title_terms, body_terms, url_terms, ent_feats }
    }
}

impl StoryClusterer {
    /// An empty clusterer.
    pub fn new(params: StoryParams) -> Self {
        StoryClusterer {
            params,
            n_docs: 0,
            vocab: Vocab::default(),
            stories: Vec::new(),
            by_id: HashMap::new(),
            postings: Postings::default(),
            hints: HashMap::new(),
            dirty: Vec::new(),
        }
    }

    /// The parameters in use.
    pub fn params(&self) -> &StoryParams {
        &self.params
    }

    /// Number of articles assigned so far.
    pub fn articles_seen(&self) -> u64 {
        self.n_docs
    }

    /// Number of live (not merged away) stories.
    pub fn story_count(&self) -> usize {
        self.stories.iter().filter(|s| s.merged_into.is_none()).count()
    }

    /// Follow the redirect map: the live story that `id` now belongs to, or
    /// `None` for an unknown id.
    pub fn resolve(&self, id: &str) -> Option<&str> {
        let &i = self.by_id.get(id)?;
        let r = self.root(i);
        self.stories.get(r as usize).map(|s| s.id.as_str())
    }

    fn root(&self, mut i: u32) -> u32 {
        // merged_into always points to an older-or-equal chain; bounded by story count
        for _ in 0..self.stories.len() {
            match self.stories.get(i as usize).and_then(|s| s.merged_into) {
                Some(j) if j != i => i = j,
                _ => break,
            }
        }
        i
    }

    /// Update document frequencies with an article's features
    /// ([`RawFeatures`]) and build its weighted vector.
    fn weigh(&mut self, raw: RawFeatures) -> ArticleVec {
        let RawFeatures { title_terms, body_terms, url_terms, ent_feats } = raw;
        // Document frequencies (incremental IDF): each distinct feature once,
        // with its first occurrence (title, body, URL, then entities) naming
        // a feature new to the clusterer. One map access per distinct
        // feature: the maps hold millions of keys at scale, and each access
        // is a cache miss. Listed: (key, position, display, kind) of each
        // feature's first occurrence.
        let mut first: Vec<(u64, usize, &str, Kind)> = title_terms
            .iter()
            .chain(body_terms.iter())
            .chain(url_terms.iter())
            .map(|t| (t.key, t.display.as_str(), Kind::Term))
            .chain(ent_feats.iter().map(|e| (e.0, e.1.as_str(), Kind::Entity)))
            .enumerate()
            .map(|(i, (k, display, kind))| (k, i, display, kind))
            .collect();
        first.sort_unstable_by_key(|x| (x.0, x.1));
        first.dedup_by_key(|x| x.0);
        self.n_docs += 1;
        // (hash, id, document frequency after this article), sorted by hash
        let mut feats: Vec<(u64, u32, u32)> = Vec::with_capacity(first.len());
        for &(k, _, display, kind) in &first {
            let (id, df) = self.vocab.count(k, display, kind);
            feats.push((k, id, df));
        }
        let find = |key: u64| feats.binary_search_by_key(&key, |x| x.0).ok().and_then(|i| feats.get(i));
        let n_docs = self.n_docs as f64;
        let tf_vec = |keys: &mut dyn Iterator<Item = u64>| -> SparseVec {
            // (id, document frequency) of each occurrence, summed by id
            let mut pairs: Vec<(u32, u32)> = keys.filter_map(|k| find(k).map(|x| (x.1, x.2))).collect();
            pairs.sort_unstable();
            let mut v = SparseVec::with_capacity(pairs.len());
            let mut dfs = Vec::with_capacity(pairs.len());
            for (id, df) in pairs {
                match v.last_mut() {
                    Some(last) if last.key == id => last.w += 1.0,
                    _ => {
                        v.push(Feat::new(id, 1.0));
                        dfs.push(df);
                    }
                }
            }
            for (f, &df) in v.iter_mut().zip(&dfs) {
                let idf = (((n_docs + 1.0) / (f64::from(df) + 1.0)).ln() + 1.0) as f32;
                f.w = (1.0 + f.w.ln()) * idf;
            }
            sparse::normalize(&mut v);
            v
        };
        let tv = tf_vec(&mut title_terms.iter().map(|t| t.key));
        let bv = tf_vec(&mut body_terms.iter().map(|t| t.key));
        let ev = tf_vec(&mut ent_feats.iter().map(|e| e.0));
        let uv = tf_vec(&mut url_terms.iter().map(|t| t.key));
        let p = &self.params;
        let has_body = body_terms.len() >= p.min_body_terms;
        // full texts: the headline is one line among many and the names carry the event
        let (tw, ew) =
            if has_body { (p.body_title_weight, p.body_entity_weight) } else { (p.title_weight, p.entity_weight) };
        let mut vec = sparse::add_scaled(&[], &tv, tw);
        vec = sparse::add_scaled(&vec, &bv, p.body_weight);
        vec = sparse::add_scaled(&vec, &ev, ew);
        vec = sparse::add_scaled(&vec, &uv, p.url_weight);
        sparse::normalize(&mut vec);
        let mut title_vec = if tv.is_empty() { vec.clone() } else { tv };
        sparse::truncate_top(&mut title_vec, TITLE_VEC_TERMS);
        ArticleVec { vec, title_vec, has_body, ents: ev }
    }

    fn decay(&self, dt_ms: i64) -> f32 {
        let p = &self.params;
        if p.half_life_hours <= 0.0 {
            return 1.0;
        }
        let h = dt_ms.max(0) as f64 / MS_PER_HOUR;
        let f = 0.5f64.powf(h / f64::from(p.half_life_hours)) as f32;
        p.decay_floor + (1.0 - p.decay_floor) * f
    }

    /// Burst prior for a time gap (only for a non-zero content similarity).
    fn burst(&self, gap_ms: i64, cos: f32) -> f32 {
        let p = &self.params;
        if p.burst_half_life_secs <= 0.0 || cos <= 0.0 {
            return 0.0;
        }
        p.burst_weight * 0.5f64.powf(gap_ms.max(0) as f64 / 1000.0 / f64::from(p.burst_half_life_secs)) as f32
    }

    /// Time distance between an instant and a story's activity interval
    /// (0 when either is unknown).
    fn gap_ms(s: &Story, t: Option<i64>) -> i64 {
        match (t, s.first_date, s.last_date) {
            (Some(t), Some(f), Some(l)) => interval_gap(t, t, f, l),
            _ => 0,
        }
    }

    /// Effective similarity of a query at time `t` to story `sid`, or `None`
    /// when the story is closed to it.
    fn score(&self, av: &ArticleVec, sid: u32, t: Option<i64>) -> Option<(f32, f32)> {
        let s = self.stories.get(sid as usize)?;
        if s.merged_into.is_some() || s.norm <= 0.0 {
            return None;
        }
        let p = &self.params;
        let cos = sparse::dot(&av.vec, &s.centroid) / s.norm;
        let gap = Self::gap_ms(s, t);
        let window = if av.has_body || s.with_body > 0 { p.body_idle_close_days } else { p.idle_close_days };
        let idle = gap as f64 > f64::from(window) * MS_PER_DAY;
        if idle && cos < p.reopen_threshold {
            return None;
        }
        let ent = if av.has_body { containment(&av.ents, &s.ents) } else { 0.0 };
        // (an undated article has gap 0: no decay, never closed)
        let decay = self.decay(gap);
        // the burst prior needs two real times of day, not a date-only timestamp
        let timed = |x: Option<i64>| x.is_some_and(|x| x.rem_euclid(MS_PER_DAY as i64) != 0);
        let burst = if timed(t) && timed(s.last_date) { self.burst(gap, cos) } else { 0.0 };
        Some(((cos + p.entity_bonus * ent) * decay + burst, cos))
    }

    /// Candidate stories for a query vector via the inverted index.
    /// `ents` (the entity vector of a full text, else empty) adds its top
    /// entities to the query: long texts spread their weight over many terms.
    fn candidates(&self, q: &[Feat], ents: &[Feat], exclude: Option<u32>) -> Vec<u32> {
        let p = &self.params;
        let mut qs: Vec<(u32, f32)> = q.iter().map(|f| (f.key, f.w)).collect();
        qs.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        qs.truncate(p.query_terms);
        for k in sparse::top_keys(ents, p.query_entities) {
            if !qs.iter().any(|x| x.0 == k) {
                let w = ents.binary_search_by_key(&k, |x| x.key).ok().and_then(|i| ents.get(i)).map_or(0.0, |x| x.w);
                qs.push((k, w));
            }
        }
        let mut c: Vec<(u32, f32)> = SCORES.with_borrow_mut(|(score, touched)| {
            if score.len() < self.stories.len() {
                score.resize(self.stories.len(), UNTOUCHED);
            }
            for &(k, w) in &qs {
                let Some(list) = self.postings.get(k) else { continue };
                for &sid in list.iter().rev().take(p.posting_scan) {
                    if Some(sid) == exclude {
                        continue;
                    }
                    if let Some(slot) = score.get_mut(sid as usize) {
                        if *slot == UNTOUCHED {
                            *slot = 0.0;
                            touched.push(sid);
                        }
                        *slot += w;
                    }
                }
            }
            touched
                .drain(..)
                .filter_map(|sid| score.get_mut(sid as usize).map(|slot| (sid, std::mem::replace(slot, UNTOUCHED))))
                .collect()
        });
        // the best `max_candidates` (a total order: ids are distinct), then only those sorted
        let best_first = |x: &(u32, f32), y: &(u32, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
        if c.len() > p.max_candidates && p.max_candidates > 0 {
            c.select_nth_unstable_by(p.max_candidates - 1, best_first);
        }
        c.truncate(p.max_candidates);
        let mut ids: Vec<u32> = c.into_iter().map(|x| x.0).collect();
        ids.sort_unstable();
        ids
    }

    /// Assign one article to a story (existing or new) and update the state.
    ///
    /// `hint` is a duplicate-family key: all articles given the same key land
    /// in the same story (the first one's story, followed through merges).
    /// Undated articles are placed at the latest time seen so far.
    pub fn assign(&mut self, article: &Article, hint: Option<&str>) -> Assignment {
        let raw = RawFeatures::of(article, &self.params);
        self.assign_with(article, raw, hint)
    }

    /// [`StoryClusterer::assign`] with the article's features already
    /// extracted ([`RawFeatures::of`] with this clusterer's parameters):
    /// batch clustering extracts them in parallel ahead of the sequential
    /// assignment. The result is the same as `assign`'s.
    pub fn assign_with(&mut self, article: &Article, raw: RawFeatures, hint: Option<&str>) -> Assignment {
        let (sid, is_new, similarity) = self.assign_place(article, raw, hint);
        let story = self.stories.get(sid as usize).map(|s| s.id.clone()).unwrap_or_default();
        Assignment { story, is_new, similarity }
    }

    /// [`StoryClusterer::assign_with`], the story given as its place
    /// (see [`StoryClusterer::story_at`]): a batch keeps one number per
    /// article instead of a copy of its story's id.
    pub(crate) fn assign_place(&mut self, article: &Article, raw: RawFeatures, hint: Option<&str>) -> (u32, bool, f32) {
        let av = self.weigh(raw);
        // an undated article carries no time evidence: no decay, no idle
        // closing, and it does not stretch its story's span
        let date_ms = article.date.map(|d| d.timestamp_millis());

        // duplicate family: forced join
        let hinted = hint.and_then(|h| self.hints.get(h)).map(|&s| self.root(s));
        let (chosen, sim) = match hinted {
            Some(sid) => {
                let s = &self.stories[sid as usize];
                let cos = if s.norm > 0.0 { sparse::dot(&av.vec, &s.centroid) / s.norm } else { 0.0 };
                (Some(sid), cos)
            }
            None => {
                let mut best: Option<(u32, f32)> = None;
                let threshold = if av.has_body {
                    self.params.threshold.max(self.params.body_threshold)
                } else {
                    self.params.threshold
                };
                let ents: &[Feat] = if av.has_body { &av.ents } else { &[] };
                for sid in self.candidates(&av.vec, ents, None) {
                    if let Some((eff, _)) = self.score(&av, sid, date_ms) {
                        if eff >= threshold && best.is_none_or(|b| eff > b.1) {
                            best = Some((sid, eff));
                        }
                    }
                }
                match best {
                    Some((sid, eff)) => (Some(sid), eff),
                    None => (None, 1.0),
                }
            }
        };

        let outlet = article.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(hash_str);
        let title = article.display_title();
        let (sid, is_new) = match chosen {
            Some(sid) => {
                self.add_to_story(sid, &av, date_ms, outlet, title);
                (sid, false)
            }
            None => (self.new_story(&article.id, &av, date_ms, outlet, title), true),
        };
        if let Some(h) = hint {
            if !self.hints.contains_key(h) {
                self.hints.insert(h.to_string(), sid);
            }
        }
        (sid, is_new, sim)
    }

    /// The id of the live story that the story at `place` (as
    /// [`StoryClusterer::assign_place`] gave it) now belongs to.
    pub(crate) fn story_at(&self, place: u32) -> Option<&str> {
        self.stories.get(self.root(place) as usize).map(|s| s.id.as_str())
    }

    fn new_story_id(&self, article_id: &str) -> String {
        let mut salt = 0u32;
        loop {
            let h = if salt == 0 {
                hash_str(&format!("story\u{1}{article_id}"))
            } else {
                hash_str(&format!("story\u{1}{article_id}\u{1}{salt}"))
            };
            let id = format!("s{h:016x}");
            if !self.by_id.contains_key(&id) {
                return id;
            }
            salt += 1;
        }
    }

    fn new_story(
        &mut self,
        article_id: &str,
        av: &ArticleVec,
        date: Option<i64>,
        outlet: Option<u64>,
        title: String,
    ) -> u32 {
        let id = self.new_story_id(article_id);
        let sid = self.stories.len() as u32;
        let mut centroid = av.vec.clone();
        sparse::truncate_top(&mut centroid, self.params.centroid_terms);
        let norm = sparse::norm(&centroid);
        self.stories.push(Story {
            id: id.clone(),
            centroid,
            norm,
            indexed: Vec::new(),
            first_date: date,
            last_date: date,
            articles: 1,
            outlets: outlet.into_iter().collect(),
            titles: vec![TitleCand { title, vec: av.title_vec.clone() }],
            merged_into: None,
            with_body: usize::from(av.has_body),
            ents: av.ents.clone(),
        });
        self.by_id.insert(id, sid);
        self.reindex(sid);
        self.dirty.push(sid);
        sid
    }

    fn add_to_story(&mut self, sid: u32, av: &ArticleVec, date: Option<i64>, outlet: Option<u64>, title: String) {
        let k = self.params.centroid_terms;
        let Some(s) = self.stories.get_mut(sid as usize) else { return };
        let mut c = sparse::add_scaled(&s.centroid, &av.vec, 1.0);
        sparse::truncate_top(&mut c, k);
        s.norm = sparse::norm(&c);
        s.centroid = c;
        s.first_date = opt_min(s.first_date, date);
        s.last_date = opt_max(s.last_date, date);
        s.articles += 1;
        s.with_body += usize::from(av.has_body);
        let mut e = sparse::add_scaled(&s.ents, &av.ents, 1.0);
        sparse::truncate_top(&mut e, STORY_ENTITIES);
        s.ents = e;
        if let Some(o) = outlet {
            if let Err(pos) = s.outlets.binary_search(&o) {
                s.outlets.insert(pos, o);
            }
        }
        if s.titles.len() < TITLE_CANDIDATES && !s.titles.iter().any(|x| x.title == title) {
            s.titles.push(TitleCand { title, vec: av.title_vec.clone() });
        } else if !s.titles.iter().any(|x| x.title == title) {
            // replace the least central candidate if the newcomer is more central
            let cen = &s.centroid;
            let new_sim = sparse::cosine(&av.title_vec, cen);
            let worst = s
                .titles
                .iter()
                .enumerate()
                .map(|(i, x)| (i, sparse::cosine(&x.vec, cen)))
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            if let Some((i, w)) = worst {
                if new_sim > w {
                    s.titles[i] = TitleCand { title, vec: av.title_vec.clone() };
                }
            }
        }
        self.reindex(sid);
        self.dirty.push(sid);
    }

    /// Keep the story listed under its centroid's top terms; move it to the
    /// recent end of each list it stays in (lists are scanned newest first).
    fn reindex(&mut self, sid: u32) {
        let Some(s) = self.stories.get(sid as usize) else { return };
        let new_keys = if s.merged_into.is_some() {
            Vec::new()
        } else {
            let mut keys = sparse::top_keys(&s.centroid, self.params.index_terms);
            if s.with_body > 0 {
                // full-text stories are also listed under their main names
                for k in sparse::top_keys(&s.ents, self.params.index_entities) {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
            keys
        };
        let old_keys = s.indexed.clone();
        let window = (self.params.posting_scan / 2).max(1);
        for k in &old_keys {
            if !new_keys.contains(k) {
                self.postings.remove(*k, sid);
            }
        }
        for k in &new_keys {
            self.postings.touch(*k, sid, window);
        }
        if let Some(s) = self.stories.get_mut(sid as usize) {
            let mut new_keys = new_keys;
            new_keys.shrink_to_fit();
            s.indexed = new_keys;
        }
    }

    /// Merge stories that have converged: every story touched since the last
    /// pass is compared with its index candidates; pairs whose centroid cosine
    /// reaches `merge_threshold` (and whose activity is within the idle window)
    /// are merged into the older story, and the younger id redirects to it.
    /// Returns the number of merges.
    pub fn merge_pass(&mut self) -> usize {
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.sort_unstable();
        dirty.dedup();
        let mut merges = 0;
        for sid in dirty {
            let sid = self.root(sid);
            let Some(s) = self.stories.get(sid as usize) else { continue };
            if s.merged_into.is_some() {
                continue;
            }
            let q: SparseVec = s.centroid.iter().map(|f| Feat::new(f.key, f.w / s.norm.max(1e-12))).collect();
            let (first, last) = (s.first_date, s.last_date);
            let s_body = s.with_body > 0;
            let mut best: Option<(u32, f32)> = None;
            let ents: &[Feat] = if s_body { &s.ents } else { &[] };
            for c in self.candidates(&q, ents, Some(sid)) {
                let Some(cs) = self.stories.get(c as usize) else { continue };
                if cs.merged_into.is_some() || cs.norm <= 0.0 {
                    continue;
                }
                let gap = match (first, last, cs.first_date, cs.last_date) {
                    (Some(a), Some(b), Some(c), Some(d)) => interval_gap(a, b, c, d),
                    _ => 0,
                };
                let window = if s_body || cs.with_body > 0 {
                    self.params.body_idle_close_days
                } else {
                    self.params.idle_close_days
                };
                if gap as f64 > f64::from(window) * MS_PER_DAY {
                    continue;
                }
                let cos = sparse::dot(&q, &cs.centroid) / cs.norm;
                let cos = cos * self.decay(gap) + self.burst(gap, cos) * self.params.merge_burst_factor;
                let need = if s_body || cs.with_body > 0 {
                    self.params.merge_threshold.max(self.params.body_merge_threshold)
                } else {
                    self.params.merge_threshold
                };
                if cos >= need && best.is_none_or(|b| cos > b.1) {
                    best = Some((c, cos));
                }
            }
            if let Some((c, _)) = best {
                let (keep, gone) = if c < sid { (c, sid) } else { (sid, c) };
                self.merge_into(keep, gone);
                merges += 1;
            }
        }
        merges
    }

    fn merge_into(&mut self, keep: u32, gone: u32) {
        let k = self.params.centroid_terms;
        let Some(g) = self.stories.get_mut(gone as usize) else { return };
        let g_centroid = std::mem::take(&mut g.centroid);
        let g_titles = std::mem::take(&mut g.titles);
        let g_outlets = std::mem::take(&mut g.outlets);
        let (gfd, gld, ga) = (g.first_date, g.last_date, g.articles);
        let gb = g.with_body;
        let g_ents = std::mem::take(&mut g.ents);
        g.merged_into = Some(keep);
        g.norm = 0.0;
        self.reindex(gone);
        let Some(s) = self.stories.get_mut(keep as usize) else { return };
        let mut c = sparse::add_scaled(&s.centroid, &g_centroid, 1.0);
        sparse::truncate_top(&mut c, k);
        s.norm = sparse::norm(&c);
        s.centroid = c;
        s.first_date = opt_min(s.first_date, gfd);
        s.last_date = opt_max(s.last_date, gld);
        s.articles += ga;
        s.with_body += gb;
        let mut e = sparse::add_scaled(&s.ents, &g_ents, 1.0);
        sparse::truncate_top(&mut e, STORY_ENTITIES);
        s.ents = e;
        for o in g_outlets {
            if let Err(pos) = s.outlets.binary_search(&o) {
                s.outlets.insert(pos, o);
            }
        }
        for tc in g_titles {
            if s.titles.len() < TITLE_CANDIDATES * 2 && !s.titles.iter().any(|x| x.title == tc.title) {
                s.titles.push(tc);
            }
        }
        self.reindex(keep);
        self.dirty.push(keep);
    }

    /// Keys of the top [`StoryParams::related_entities`] entities of a
    /// story's centroid, sorted by key: what "shares its people" compares.
    fn entity_keys(&self, st: &Story) -> Vec<u32> {
        let mut e: Vec<(u32, f32)> = st
            .centroid
            .iter()
            .map(|f| (f.key, f.w))
            .filter(|&(k, _)| self.vocab.kind(k) == Some(Kind::Entity))
            .collect();
        e.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let mut keys: Vec<u32> = e.into_iter().take(self.params.related_entities).map(|x| x.0).collect();
        keys.sort_unstable();
        keys
    }

    /// Related stories of live story `sid`: same saga, different event.
    /// `cache[i]`, when given, is [`Self::entity_keys`] of story `i` (the
    /// summaries of a whole corpus compute each story's keys once instead of
    /// once per story that finds it as a candidate).
    fn related_of(&self, sid: u32, cache: Option<&[Vec<u32>]>) -> Vec<(u32, f32)> {
        let p = &self.params;
        let Some(s) = self.stories.get(sid as usize) else { return Vec::new() };
        if s.merged_into.is_some() || s.norm <= 0.0 {
            return Vec::new();
        }
        let keys_of = |i: u32, st: &Story| -> std::borrow::Cow<'_, [u32]> {
            match cache.and_then(|c| c.get(i as usize)) {
                Some(k) => std::borrow::Cow::Borrowed(k.as_slice()),
                None => std::borrow::Cow::Owned(self.entity_keys(st)),
            }
        };
        let mine = keys_of(sid, s);
        let q: SparseVec = s.centroid.iter().map(|f| Feat::new(f.key, f.w / s.norm)).collect();
        let mut out = Vec::new();
        let ents: &[Feat] = if s.with_body > 0 { &s.ents } else { &[] };
        for c in self.candidates(&q, ents, Some(sid)) {
            let Some(cs) = self.stories.get(c as usize) else { continue };
            if cs.merged_into.is_some() || cs.norm <= 0.0 {
                continue;
            }
            let cos = sparse::dot(&q, &cs.centroid) / cs.norm;
            if cos < p.related_threshold {
                continue;
            }
            let theirs = keys_of(c, cs);
            let shared = mine.iter().filter(|k| theirs.binary_search(k).is_ok()).count();
            if shared >= p.related_min_entities {
                out.push((c, cos));
            }
        }
        out.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out.truncate(p.max_related);
        out
    }

    /// Ids of the stories related to `story` (resolved through redirects).
    pub fn related(&self, story: &str) -> Vec<String> {
        let Some(&i) = self.by_id.get(story) else { return Vec::new() };
        self.related_ids(self.root(i), None)
    }

    /// [`Self::entity_keys`] of every live story (empty for merged ones).
    fn all_entity_keys(&self) -> Vec<Vec<u32>> {
        use rayon::prelude::*;
        self.stories
            .par_iter()
            .map(|s| if s.merged_into.is_none() { self.entity_keys(s) } else { Vec::new() })
            .collect()
    }

    /// Labels and statistics of every live story, in founding order.
    pub fn summaries(&self) -> Vec<StorySummary> {
        // in parallel: each summary queries the index for related stories
        use rayon::prelude::*;
        let keys = self.all_entity_keys();
        self.stories
            .par_iter()
            .enumerate()
            .filter(|(_, s)| s.merged_into.is_none())
            .map(|(i, s)| self.summary_of(i as u32, s, Some(&keys)))
            .collect()
    }

    /// Summary of one story (resolved through redirects).
    pub fn summary(&self, story: &str) -> Option<StorySummary> {
        let &i = self.by_id.get(story)?;
        let sid = self.root(i);
        self.stories.get(sid as usize).map(|s| self.summary_of(sid, s, None))
    }

    /// What the clusterer holds, by part ([`Footprint`]).
    pub fn footprint(&self) -> Footprint {
        use std::mem::size_of;
        let vec_bytes = |v: &SparseVec| v.capacity() * size_of::<Feat>();
        let text = self.vocab.text.chunks.iter().map(String::capacity).sum::<usize>();
        let mut f = Footprint {
            stories: self.stories.len(),
            features: self.vocab.entries.len(),
            vocab: self.vocab.table.capacity() * 4 + self.vocab.entries.bytes() + text,
            postings: map_bytes(&self.postings.map)
                + self.postings.lists.iter().map(|l| l.capacity() * 4 + size_of::<Vec<u32>>()).sum::<usize>()
                + self.postings.free.capacity() * 4,
            other: self.stories.capacity() * size_of::<Story>()
                + map_bytes(&self.by_id)
                + map_bytes(&self.hints)
                + self.by_id.keys().chain(self.hints.keys()).map(String::capacity).sum::<usize>()
                + self.dirty.capacity() * 4,
            ..Footprint::default()
        };
        for s in &self.stories {
            f.centroids += vec_bytes(&s.centroid);
            f.entities += vec_bytes(&s.ents);
            f.titles += s.titles.capacity() * size_of::<TitleCand>()
                + s.titles.iter().map(|t| t.title.capacity() + vec_bytes(&t.vec)).sum::<usize>();
            f.other += s.id.capacity() + s.indexed.capacity() * 4 + s.outlets.capacity() * 8;
        }
        f
    }

    /// [`StoryClusterer::summaries`], consuming the clusterer: each story's
    /// vectors are freed as soon as its summary is made. The summaries of a
    /// big corpus (several hundred MB at 1M articles) used to be built beside
    /// the whole clusterer, the batch analysis's biggest structure.
    pub fn into_summaries(self) -> Vec<StorySummary> {
        self.into_compact_summaries().into_vec()
    }

    /// [`StoryClusterer::into_summaries`], held compactly ([`Summaries`]).
    pub fn into_compact_summaries(mut self) -> Summaries {
        use rayon::prelude::*;
        // related stories first: they read every story's vectors
        let related: Vec<Box<[u32]>> = {
            let keys = self.all_entity_keys();
            self.stories
                .par_iter()
                .enumerate()
                .map(|(i, s)| {
                    if s.merged_into.is_none() {
                        self.related_of(i as u32, Some(&keys)).into_iter().map(|(c, _)| c).collect()
                    } else {
                        Box::default()
                    }
                })
                .collect()
        };
        // each live story's place among the summaries
        let mut item_of: Vec<u32> = vec![u32::MAX; self.stories.len()];
        let mut n = 0u32;
        for (slot, s) in item_of.iter_mut().zip(&self.stories) {
            if s.merged_into.is_none() {
                *slot = n;
                n += 1;
            }
        }
        let vocab = &self.vocab;
        let parts: Vec<(Compact, Vec<u32>)> = self
            .stories
            .par_iter_mut()
            .zip(related)
            .filter(|(s, _)| s.merged_into.is_none())
            .map(|(s, related)| {
                let (terms, ents) = labels(vocab, s);
                let compact = Compact {
                    story: std::mem::take(&mut s.id).into_boxed_str(),
                    title: central_title(s).into(),
                    labels: Box::default(),
                    n_terms: terms.len() as u32,
                    first: s.first_date,
                    last: s.last_date,
                    articles: s.articles,
                    outlets: s.outlets.len(),
                    related: related.iter().map(|&c| item_of.get(c as usize).copied().unwrap_or(u32::MAX)).collect(),
                };
                s.centroid = Vec::new();
                s.ents = Vec::new();
                s.titles = Vec::new();
                s.indexed = Vec::new();
                let mut ids = terms;
                ids.extend(ents);
                (compact, ids)
            })
            .collect();
        // the labels' names, each once
        let mut out = Summaries::default();
        let mut name_of: IdMap<u32, u32> = IdMap::default();
        for (mut c, ids) in parts {
            c.labels = ids
                .iter()
                .map(|&k| {
                    *name_of.entry(k).or_insert_with(|| {
                        out.names.push(vocab.display(k).into());
                        out.names.len() as u32 - 1
                    })
                })
                .collect();
            out.items.push(c);
        }
        out
    }

    /// Ids of the stories related to live story `sid` (see [`Self::related_of`]).
    fn related_ids(&self, sid: u32, keys: Option<&[Vec<u32>]>) -> Vec<String> {
        self.related_of(sid, keys)
            .into_iter()
            .filter_map(|(c, _)| self.stories.get(c as usize).map(|x| x.id.clone()))
            .collect()
    }

    fn summary_of(&self, sid: u32, s: &Story, keys: Option<&[Vec<u32>]>) -> StorySummary {
        summarize(&self.vocab, s, self.related_ids(sid, keys))
    }
}

/// The summary of story `s`, its related stories given.
fn summarize(vocab: &Vocab, s: &Story, related: Vec<String>) -> StorySummary {
    let (terms, ents) = labels(vocab, s);
    let names = |ids: Vec<u32>| -> Vec<String> { ids.into_iter().map(|k| vocab.display(k).to_string()).collect() };
    StorySummary {
        story: s.id.clone(),
        title: central_title(s),
        key_terms: names(terms),
        entities: names(ents),
        first: to_datetime(s.first_date),
        last: to_datetime(s.last_date),
        articles: s.articles,
        outlets: s.outlets.len(),
        related,
    }
}

/// The most central of a story's titles (closest to the centroid).
fn central_title(s: &Story) -> String {
    s.titles
        .iter()
        .enumerate()
        .map(|(i, tc)| (i, sparse::cosine(&tc.vec, &s.centroid)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .and_then(|(i, _)| s.titles.get(i))
        .map(|tc| tc.title.clone())
        .unwrap_or_default()
}

/// A story's key terms and entities (feature ids): the heaviest of its
/// centroid, eight of each, an entity left out when a word of it is one
/// already listed (or the other way round).
fn labels(vocab: &Vocab, s: &Story) -> (Vec<u32>, Vec<u32>) {
    let mut ranked: Vec<(u32, f32)> = s.centroid.iter().map(|f| (f.key, f.w)).collect();
    ranked.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let mut key_terms = Vec::new();
    let mut entities: Vec<(u32, String)> = Vec::new();
    for (k, _) in &ranked {
        match vocab.name(*k) {
            Some((_, Kind::Term)) if key_terms.len() < 8 => key_terms.push(*k),
            Some((d, Kind::Entity)) if entities.len() < 8 => {
                let dl = d.to_lowercase();
                let covered =
                    entities.iter().any(|(_, el)| el.split(' ').any(|w| w == dl) || dl.split(' ').any(|w| w == el));
                if !covered {
                    entities.push((*k, dl));
                }
            }
            _ => {}
        }
    }
    (key_terms, entities.into_iter().map(|e| e.0).collect())
}

/// A date in milliseconds as a timestamp (none when out of range).
fn to_datetime(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(|m| Utc.timestamp_millis_opt(m).single())
}

/// Every live story's summary, in founding order, held compactly: a
/// big corpus has hundreds of thousands of stories (749k for 1M generated
/// articles), and a [`StorySummary`] with its label strings took ~900 bytes;
/// here a story keeps its id, title, dates, counts, its labels as indices
/// into one list of the names used and its related stories as indices (~250
/// bytes). [`Summaries::get`] gives each one as a [`StorySummary`].
#[derive(Debug, Clone, Default)]
pub struct Summaries {
    items: Vec<Compact>,
    /// The key terms' and entities' display forms, each once.
    names: Vec<Box<str>>,
}

/// One story of [`Summaries`].
#[derive(Debug, Clone)]
struct Compact {
    story: Box<str>,
    title: Box<str>,
    /// Key terms, then entities: indices into [`Summaries::names`].
    labels: Box<[u32]>,
    /// How many of `labels` are key terms.
    n_terms: u32,
    first: Option<i64>,
    last: Option<i64>,
    articles: usize,
    outlets: usize,
    /// Related stories: indices into [`Summaries::items`].
    related: Box<[u32]>,
}

impl Summaries {
    /// Number of stories.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// No stories.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The summary of story `i` (in founding order).
    pub fn get(&self, i: usize) -> Option<StorySummary> {
        let c = self.items.get(i)?;
        let names = |ids: &[u32]| -> Vec<String> {
            ids.iter().map(|&k| self.names.get(k as usize).map_or("", |n| n).to_string()).collect()
        };
        let (terms, ents) = c.labels.split_at((c.n_terms as usize).min(c.labels.len()));
        Some(StorySummary {
            story: c.story.to_string(),
            title: c.title.to_string(),
            key_terms: names(terms),
            entities: names(ents),
            first: to_datetime(c.first),
            last: to_datetime(c.last),
            articles: c.articles,
            outlets: c.outlets,
            related: c
                .related
                .iter()
                .filter_map(|&r| self.items.get(r as usize))
                .map(|r| r.story.to_string())
                .collect(),
        })
    }

    /// Every summary, in founding order.
    pub fn iter(&self) -> impl Iterator<Item = StorySummary> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Every summary as a [`StorySummary`].
    pub fn into_vec(self) -> Vec<StorySummary> {
        self.iter().collect()
    }
}

impl StoryClusterer {
    /// Serialize the whole state (snapshot) as JSON.
    pub fn snapshot(&self) -> Result<String, crate::StoryError> {
        serde_json::to_string(self).map_err(crate::StoryError::Snapshot)
    }

    /// Restore a state saved by [`StoryClusterer::snapshot`].
    pub fn restore(json: &str) -> Result<Self, crate::StoryError> {
        serde_json::from_str(json).map_err(crate::StoryError::Snapshot)
    }
}

/// Share of the article's entity weight (L1) whose entities the story
/// mentions: how much of "who and where" in the article the story already knows.
fn containment(article: &[Feat], story: &[Feat]) -> f32 {
    let total: f32 = article.iter().map(|x| x.w).sum();
    if total <= 0.0 {
        return 0.0;
    }
    // branch-free merge, as in `sparse::dot`
    let (mut i, mut j, mut hit) = (0, 0, 0.0f32);
    while let (Some(&Feat { key: ka, w: wa }), Some(&Feat { key: kb, .. })) = (article.get(i), story.get(j)) {
        hit += if ka == kb { wa } else { 0.0 };
        i += usize::from(ka <= kb);
        j += usize::from(kb <= ka);
    }
    hit / total
}

fn opt_min(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn opt_max(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Distance between intervals `[a, b]` and `[c, d]` (0 when they overlap).
/// A bound at exactly midnight UTC is taken to be a date without a time of
/// day ("2021-12-03"), so it may be up to a day later: the gap shrinks by a day.
fn interval_gap(a: i64, b: i64, c: i64, d: i64) -> i64 {
    let day = MS_PER_DAY as i64;
    let date_only = |x: i64| x.rem_euclid(day) == 0;
    if a > d {
        let g = a.saturating_sub(d);
        if date_only(d) { g.saturating_sub(day).max(0) } else { g }
    } else if c > b {
        let g = c.saturating_sub(b);
        if date_only(b) { g.saturating_sub(day).max(0) } else { g }
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_is_the_covered_share_of_the_article() {
        let fv = |p: &[(u32, f32)]| p.iter().map(|&(k, w)| Feat::new(k, w)).collect::<Vec<_>>();
        let article = fv(&[(1, 0.6), (2, 0.3), (3, 0.1)]);
        assert!((containment(&article, &fv(&[(1, 5.0), (3, 0.2), (9, 1.0)])) - 0.7).abs() < 1e-6);
        assert_eq!(containment(&article, &[]), 0.0);
        assert_eq!(containment(&[], &fv(&[(1, 1.0)])), 0.0);
        assert!((containment(&article, &article) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn postings_are_lists_by_key() {
        let mut p = Postings::default();
        assert_eq!(p.get(1), None);
        p.touch(1, 4, 8);
        assert_eq!(p.get(1), Some(&[4][..]));
        assert_eq!(p.lists.len(), 0, "one story: no list");
        p.touch(1, 7, 8);
        p.touch(1, 9, 8);
        p.touch(1, 4, 8);
        assert_eq!(p.get(1), Some(&[4, 7, 9][..]), "a recent entry stays");
        p.touch(1, 4, 1);
        assert_eq!(p.get(1), Some(&[7, 9, 4][..]), "an older one moves to the newest end");
        p.remove(1, 9);
        p.remove(1, 5);
        assert_eq!(p.get(1), Some(&[7, 4][..]));
        p.remove(1, 7);
        assert_eq!(p.get(1), Some(&[4][..]));
        assert_eq!(p.free.len(), 1, "a list of one is inline again");
        p.touch(2, 3, 8);
        p.touch(2, 5, 8);
        assert_eq!(p.free.len(), 0, "a freed place is reused");
        p.remove(1, 4);
        assert_eq!(p.get(1), None);
        assert_eq!(p.len(), 1);
        // snapshots list them by feature hash
        let hashes = [10, 11, 12];
        let json = serde_json::to_string(&PostingsOut(&p, &hashes)).unwrap();
        assert_eq!(json, r#"{"12":[3,5]}"#);
        let mut vocab = Vocab::default();
        assert_eq!(vocab.intern(70), 0);
        let back = Postings::from_snapshot(serde_json::from_str(r#"{"12":[3,5],"70":[1]}"#).unwrap(), &mut vocab);
        assert_eq!(back.get(1), Some(&[3, 5][..]), "a hash new to the vocabulary gets the next id");
        assert_eq!(back.get(0), Some(&[1][..]));
    }

    #[test]
    fn arena_chunks_hold_strings_whole() {
        let mut a = Arena::default();
        let (long, fill) = ("x".repeat(CHUNK + 3), "y".repeat(CHUNK - 1));
        let mut addrs = Vec::new();
        for s in ["ab", long.as_str(), "cd", fill.as_str(), "é"] {
            addrs.push((a.push(s), s));
        }
        for (addr, s) in addrs {
            assert_eq!(a.get(addr, s.len()), Some(s));
        }
        assert_eq!(a.chunks.len(), 5);
        assert_eq!(a.get(u64::MAX, 1), None);
    }

    #[test]
    fn vocab_counts_names_and_keeps_the_snapshot_objects() {
        // ids in the order features are first seen
        let mut v = Vocab::default();
        assert_eq!(v.count(7, "Bidens", Kind::Entity), (0, 1));
        assert_eq!(v.count(7, "other", Kind::Term), (0, 2));
        assert_eq!(v.count(3, "élan", Kind::Term), (1, 1));
        assert_eq!(v.name(0), Some(("Bidens", Kind::Entity)));
        assert_eq!(v.name(1), Some(("élan", Kind::Term)));
        assert_eq!(v.name(2), None);
        assert_eq!(v.hashes(), [7, 3]);
        // a snapshot may count a feature it does not name, and name one it does not count
        let df: DfIn = serde_json::from_str(r#"{"5":1,"1":2}"#).unwrap();
        let names: NamesIn = serde_json::from_str(r#"{"1":["a","Term"],"9":["Bo","Entity"]}"#).unwrap();
        let mut v = Vocab::from_snapshot(df, names);
        assert_eq!(v.hashes(), [5, 1, 9], "ids in the snapshot's order");
        let json = |v: &Vocab| {
            let hashes = v.hashes();
            let df = serde_json::to_string(&DfOut(v, &hashes)).unwrap();
            let names = serde_json::to_string(&NamesOut(v, &hashes)).unwrap();
            (df, names)
        };
        assert_eq!(json(&v), (r#"{"5":1,"1":2}"#.into(), r#"{"1":["a","Term"],"9":["Bo","Entity"]}"#.into()));
        assert_eq!(v.name(0), None);
        // as with the two maps: a counted feature without a name stays unnamed,
        // a named feature not yet counted keeps its name
        assert_eq!(v.count(5, "x", Kind::Term), (0, 2));
        assert_eq!(v.count(9, "y", Kind::Term), (2, 1));
        assert_eq!(v.name(0), None);
        assert_eq!(v.name(2), Some(("Bo", Kind::Entity)));
    }

    use proptest::prelude::*;

    proptest! {
        /// The vocabulary's table gives the ids a map from hash to
        /// first-seen position gives, through several doublings, for keys
        /// that crowd a few slots (small integers, equal low or high bits).
        #[test]
        fn vocab_ids_are_first_seen_positions(
            keys in proptest::collection::vec(
                prop_oneof![0u64..3000, (0u64..3000).prop_map(|k| k << 40), any::<u64>()],
                0..4000,
            )
        ) {
            let mut v = Vocab::default();
            let mut model: HashMap<u64, u32> = HashMap::new();
            for &k in &keys {
                let next = model.len() as u32;
                let want = *model.entry(k).or_insert(next);
                prop_assert_eq!(v.intern(k), want);
            }
            for &k in &keys {
                prop_assert_eq!(v.intern(k), model[&k]);
            }
            prop_assert_eq!(v.entries.len(), model.len());
            let hashes = v.hashes();
            for (&k, &id) in &model {
                prop_assert_eq!(hashes[id as usize], k);
            }
            prop_assert!(v.table.len() * 2 >= v.entries.len() * 3);
        }
    }

    #[test]
    fn interval_gap_shrinks_after_a_date_only_bound() {
        let day = MS_PER_DAY as i64;
        assert_eq!(interval_gap(5, 6, 1, 10), 0);
        assert_eq!(interval_gap(3 * day + 5, 3 * day + 5, 0, day), day + 5);
        assert_eq!(interval_gap(0, day / 2, 2 * day, 2 * day), 3 * day / 2);
    }
}
