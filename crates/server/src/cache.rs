//! A bounded in-memory cache of rendered responses (story pages and story
//! JSON), stamped with the store's **write generation**.
//!
//! Why: a big story's page parses its detail JSON (every family, quote
//! cluster and digest of the story) and renders it on every request, which
//! took about a second for the biggest story of a 10k-article store; the
//! answer only changes when something is written.
//!
//! Invalidation: the server counts its writes ([`crate::AppState`] bumps the
//! generation after every `POST /api/articles` and after every background
//! analysis commits, successful or not). A request reads the generation
//! *before* it reads the database and stores its answer under that
//! generation; lookups only return entries of the current generation, and
//! the first access at a newer generation drops every older entry. A write
//! commits before its bump, so a reader that sees the new generation also
//! sees the new rows (SQLite WAL: a read transaction started after a commit
//! sees it); an answer rendered from older rows can only be stored under an
//! older generation, where nobody looks any more. Writes by another process
//! (the CLI on the same database file) are not seen: restart the server.
//!
//! Concurrent misses of one key render it once: the others wait on the
//! key's gate ([`PageCache::gate`]), then find the answer in the cache.
//!
//! Bounds: at most `max_entries` entries and `max_bytes` bytes (an entry
//! weighs twice its body: room for its two encodings, see [`Cached`]);
//! the least recently used entry is evicted first; an answer weighing more
//! than `max_bytes` is never stored. Hand-written (a hash map plus a recency
//! B-tree, O(log n) per operation) rather than a crate: it is small, needs
//! the generation rule above built in, and a byte bound that the common LRU
//! crates only have as a weigher.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// What a cached entry is: the same story id has an HTML page and a JSON answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// `GET /stories/{id}` (HTML).
    StoryPage,
    /// `GET /api/stories/{id}` (JSON).
    StoryJson,
}

/// Cache key: the kind of answer and the story id.
pub(crate) type Key = (Kind, String);

/// A compressed variant is kept only when at most this fraction of the body
/// (else the body is sent as it is), so that an entry weighs at most
/// `1 + 2 / COMPRESSED_MAX_RATIO` times its body.
const COMPRESSED_MAX_RATIO: usize = 2;

/// A rendered answer: body, content type, an ETag (xxh3 of the body) and
/// its brotli and gzip encodings, each made once, on first demand.
#[derive(Debug, Clone)]
pub(crate) struct Cached {
    body: Bytes,
    content_type: &'static str,
    etag: HeaderValue,
    br: Arc<OnceLock<Option<Bytes>>>,
    gzip: Arc<OnceLock<Option<Bytes>>>,
}

/// A response that carries its own `Content-Encoding` decision: the
/// compression layer leaves it alone (see [`crate::router`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PreEncoded;

/// Content codings of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coding {
    Br,
    Gzip,
    Identity,
}

/// The coding to answer with: brotli if the client accepts it, else gzip,
/// else none (`Accept-Encoding` items with `q=0` are refused).
pub(crate) fn preferred_coding(req: &HeaderMap) -> Coding {
    let mut best = Coding::Identity;
    for v in req.get_all(header::ACCEPT_ENCODING) {
        let Ok(v) = v.to_str() else { continue };
        for item in v.split(',') {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or("").to_ascii_lowercase();
            let refused = parts
                .any(|p| p.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0));
            if refused {
                continue;
            }
            match name.as_str() {
                "br" => best = Coding::Br,
                "gzip" | "x-gzip" if best == Coding::Identity => best = Coding::Gzip,
                _ => {}
            }
        }
    }
    best
}

/// Brotli (quality 6: made once per answer, so a little slower than the
/// compression layer's 4 for smaller pages) or gzip (level 6) of `body`, when
/// it is at most 1 / [`COMPRESSED_MAX_RATIO`] of it.
fn encode(body: &[u8], coding: Coding) -> Option<Bytes> {
    use std::io::Write as _;
    let out = match coding {
        Coding::Identity => return None,
        Coding::Br => {
            let mut w = brotli::CompressorWriter::new(Vec::with_capacity(body.len() / 4), 4096, 6, 22);
            w.write_all(body).ok()?;
            w.flush().ok()?;
            w.into_inner()
        }
        Coding::Gzip => {
            let mut w = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::new(6));
            w.write_all(body).ok()?;
            w.finish().ok()?
        }
    };
    (out.len() <= body.len() / COMPRESSED_MAX_RATIO).then(|| Bytes::from(out))
}

impl Cached {
    /// Wrap a rendered body.
    pub(crate) fn new(body: impl Into<Bytes>, content_type: &'static str) -> Cached {
        let body = body.into();
        let etag = etag_of(&body);
        Cached { body, content_type, etag, br: Arc::default(), gzip: Arc::default() }
    }

    /// Size counted against the byte bound: the body and room for its two
    /// encodings (each kept only when at most half the body).
    fn weight(&self) -> usize {
        self.body.len() + 2 * (self.body.len() / COMPRESSED_MAX_RATIO)
    }

    /// The body in `coding` (made on first demand), if that pays off.
    fn encoded(&self, coding: Coding) -> Option<Bytes> {
        let slot = match coding {
            Coding::Br => &self.br,
            Coding::Gzip => &self.gzip,
            Coding::Identity => return None,
        };
        slot.get_or_init(|| encode(&self.body, coding)).clone()
    }

    /// The answer: 200 with the body, or 304 when the client already holds it
    /// (`If-None-Match`). `Cache-Control: no-cache` makes browsers revalidate,
    /// which costs a 304 once the page is cached here; `private` too when
    /// reads need a token (no shared cache may keep them).
    pub(crate) fn respond(&self, req: &HeaderMap, public: bool) -> Response {
        let fresh = req.get(header::IF_NONE_MATCH).is_some_and(|v| etag_matches(v, &self.etag));
        let cache = if public { "no-cache" } else { "private, no-cache" };
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static(self.content_type)),
            (header::ETAG, self.etag.clone()),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::VARY, HeaderValue::from_static("accept-encoding")),
        ];
        let mut r = if fresh {
            (StatusCode::NOT_MODIFIED, headers).into_response()
        } else {
            let coding = preferred_coding(req);
            match self.encoded(coding) {
                Some(body) => {
                    let name = if coding == Coding::Br { "br" } else { "gzip" };
                    (headers, [(header::CONTENT_ENCODING, HeaderValue::from_static(name))], body).into_response()
                }
                None => (headers, self.body.clone()).into_response(),
            }
        };
        // compressed once here, or not worth it: never again per request
        r.extensions_mut().insert(PreEncoded);
        r
    }
}

/// The ETag of a body: `W/"<xxh3 hex>"`. Weak, because the compression
/// layer may send the same answer gzip- or brotli-encoded under it.
pub(crate) fn etag_of(body: &[u8]) -> HeaderValue {
    let tag = format!("W/\"{:016x}\"", newsfold_core::hash_bytes(body));
    // ASCII letters, digits and quotes only: always a valid header value
    HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""))
}

/// Whether an `If-None-Match` value names `etag` (a list or `*`; weak
/// comparison, as RFC 9110 asks for `If-None-Match`).
pub(crate) fn etag_matches(if_none_match: &HeaderValue, etag: &HeaderValue) -> bool {
    let (Ok(list), Ok(tag)) = (if_none_match.to_str(), etag.to_str()) else { return false };
    let opaque = |t: &str| t.trim().strip_prefix("W/").unwrap_or(t.trim()).to_string();
    let tag = opaque(tag);
    list.split(',').any(|t| t.trim() == "*" || opaque(t) == tag)
}

/// Counters, as `GET /api/status` reports them under `page_cache`.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries held now.
    pub entries: usize,
    /// Bytes held now: each answer counts its body twice (the body, and
    /// room for its brotli and gzip encodings, each at most half of it).
    pub bytes: usize,
    /// Most entries held.
    pub max_entries: usize,
    /// Most bytes held.
    pub max_bytes: usize,
    /// The store's write generation (bumped by every POST and analysis commit).
    pub generation: u64,
    /// Answers served from the cache.
    pub hits: u64,
    /// Lookups that found nothing (a request that waited for another's
    /// render of the same key looks twice).
    pub misses: u64,
    /// Entries evicted to respect the bounds.
    pub evictions: u64,
}

/// The bounded, generation-stamped LRU. Thread-safe (one short mutex).
#[derive(Debug)]
pub(crate) struct PageCache {
    inner: Mutex<Lru>,
    /// One gate per key being rendered: concurrent misses of one key wait
    /// for the first render instead of all rendering it (after a write, 32
    /// clients on the biggest story would otherwise render it 32 times).
    gates: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

#[derive(Debug)]
struct Slot {
    value: Cached,
    /// Position in `Lru::order`.
    tick: u64,
}

#[derive(Debug, Default)]
struct Lru {
    generation: u64,
    map: HashMap<Key, Slot>,
    /// Recency: tick → key, oldest first.
    order: BTreeMap<u64, Key>,
    tick: u64,
    bytes: usize,
    max_entries: usize,
    max_bytes: usize,
    hits: u64,
    misses: u64,
    evictions: u64,
}

impl Lru {
    /// Move to generation `g` if it is newer, dropping every entry.
    fn advance(&mut self, g: u64) {
        if g > self.generation {
            self.generation = g;
            self.map.clear();
            self.order.clear();
            self.bytes = 0;
        }
    }

    fn next_tick(&mut self) -> u64 {
        self.tick += 1;
        self.tick
    }

    fn remove(&mut self, key: &Key) {
        if let Some(slot) = self.map.remove(key) {
            self.order.remove(&slot.tick);
            self.bytes = self.bytes.saturating_sub(slot.value.weight());
        }
    }

    fn evict_to_fit(&mut self) {
        while self.map.len() > self.max_entries || self.bytes > self.max_bytes {
            let Some((_, key)) = self.order.pop_first() else { break };
            if let Some(slot) = self.map.remove(&key) {
                self.bytes = self.bytes.saturating_sub(slot.value.weight());
                self.evictions += 1;
            }
        }
    }
}

impl PageCache {
    /// A cache of at most `max_entries` answers and `max_bytes` bytes (either 0 disables it).
    pub(crate) fn new(max_entries: usize, max_bytes: usize) -> PageCache {
        PageCache {
            inner: Mutex::new(Lru { max_entries, max_bytes, ..Lru::default() }),
            gates: Mutex::new(HashMap::new()),
        }
    }

    /// The render gate of `key` (created if absent); lock it before rendering.
    pub(crate) fn gate(&self, key: &Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut g = self.gates.lock().unwrap_or_else(|e| e.into_inner());
        g.entry(key.clone()).or_default().clone()
    }

    /// Forget `key`'s gate once its render is stored (waiters keep their handle).
    pub(crate) fn release_gate(&self, key: &Key, gate: &Arc<tokio::sync::Mutex<()>>) {
        let mut g = self.gates.lock().unwrap_or_else(|e| e.into_inner());
        if g.get(key).is_some_and(|x| Arc::ptr_eq(x, gate)) {
            g.remove(key);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        // the map stays consistent between statements: a panic elsewhere cannot break it
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer for `key` rendered at generation `generation`, if held
    /// (and marks it most recently used).
    pub(crate) fn get(&self, key: &Key, generation: u64) -> Option<Cached> {
        let mut l = self.lock();
        l.advance(generation);
        if generation < l.generation {
            l.misses += 1;
            return None;
        }
        let tick = l.next_tick();
        let Lru { map, order, .. } = &mut *l;
        let found = map.get_mut(key).map(|slot| {
            order.remove(&slot.tick);
            slot.tick = tick;
            slot.value.clone()
        });
        if found.is_some() {
            order.insert(tick, key.clone());
            l.hits += 1;
        } else {
            l.misses += 1;
        }
        found
    }

    /// Store an answer rendered from the rows of generation `generation`;
    /// ignored when a newer generation exists or it alone exceeds the bounds.
    pub(crate) fn insert(&self, key: Key, generation: u64, value: Cached) {
        let mut l = self.lock();
        l.advance(generation);
        if generation < l.generation || l.max_entries == 0 || value.weight() > l.max_bytes {
            return;
        }
        l.remove(&key);
        let tick = l.next_tick();
        l.bytes += value.weight();
        l.order.insert(tick, key.clone());
        l.map.insert(key, Slot { value, tick });
        l.evict_to_fit();
    }

    /// A write happened: drop everything older than `generation`.
    pub(crate) fn advance(&self, generation: u64) {
        self.lock().advance(generation);
    }

    /// Current counters.
    pub(crate) fn stats(&self) -> CacheStats {
        let l = self.lock();
        CacheStats {
            entries: l.map.len(),
            bytes: l.bytes,
            max_entries: l.max_entries,
            max_bytes: l.max_bytes,
            generation: l.generation,
            hits: l.hits,
            misses: l.misses,
            evictions: l.evictions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(id: &str) -> Key {
        (Kind::StoryPage, id.to_string())
    }

    fn page(n: usize) -> Cached {
        Cached::new(vec![b'x'; n], "text/html; charset=utf-8")
    }

    fn body(c: &Cached) -> &[u8] {
        &c.body
    }

    #[test]
    fn hits_within_a_generation_and_misses_after_a_write() {
        let c = PageCache::new(8, 1 << 20);
        assert!(c.get(&key("s1"), 0).is_none());
        c.insert(key("s1"), 0, Cached::new("old page", "text/html"));
        assert_eq!(c.get(&key("s1"), 0).map(|x| body(&x).to_vec()), Some(b"old page".to_vec()));
        // the same id as JSON is another entry
        assert!(c.get(&(Kind::StoryJson, "s1".into()), 0).is_none());
        c.advance(1);
        assert!(c.get(&key("s1"), 1).is_none(), "a write drops the old page");
        assert_eq!(c.stats().entries, 0);
        // an answer rendered before the write is not stored after it
        c.insert(key("s1"), 0, Cached::new("stale", "text/html"));
        assert!(c.get(&key("s1"), 1).is_none());
        c.insert(key("s1"), 1, Cached::new("new page", "text/html"));
        assert_eq!(c.get(&key("s1"), 1).map(|x| body(&x).to_vec()), Some(b"new page".to_vec()));
        // a reader still at the old generation gets nothing (not the new page, not the old)
        assert!(c.get(&key("s1"), 0).is_none());
        let s = c.stats();
        assert_eq!((s.generation, s.hits, s.entries), (1, 2, 1));
    }

    #[test]
    fn evicts_the_least_recently_used() {
        let c = PageCache::new(2, 1 << 20);
        c.insert(key("a"), 0, page(10));
        c.insert(key("b"), 0, page(10));
        assert!(c.get(&key("a"), 0).is_some(), "a is now the most recent");
        c.insert(key("c"), 0, page(10));
        assert!(c.get(&key("b"), 0).is_none(), "b was the least recently used");
        assert!(c.get(&key("a"), 0).is_some());
        assert!(c.get(&key("c"), 0).is_some());
        let s = c.stats();
        // each entry weighs its body plus room for two encodings: 10 + 2 * 5
        assert_eq!((s.entries, s.bytes, s.evictions), (2, 40, 1));
    }

    #[test]
    fn byte_bound_and_oversized_bodies() {
        let c = PageCache::new(100, 45);
        c.insert(key("a"), 0, page(10));
        c.insert(key("b"), 0, page(10));
        c.insert(key("c"), 0, page(10));
        let s = c.stats();
        assert_eq!((s.entries, s.bytes), (2, 40), "a evicted to stay under 45 bytes");
        assert!(c.get(&key("a"), 0).is_none());
        c.insert(key("huge"), 0, page(24));
        assert!(c.get(&key("huge"), 0).is_none(), "bigger than the whole cache: not stored");
        assert_eq!(c.stats().entries, 2, "and it evicted nothing");
        // replacing an entry does not count it twice
        c.insert(key("b"), 0, page(5));
        assert_eq!(c.stats().bytes, 20 + 9);
        let off = PageCache::new(0, 1 << 20);
        off.insert(key("a"), 0, page(1));
        assert_eq!(off.stats().entries, 0, "0 entries disables the cache");
    }

    #[test]
    fn etags_and_conditional_answers() {
        let c = Cached::new("<p>story</p>", "text/html; charset=utf-8");
        let tag = c.etag.clone();
        assert!(tag.to_str().unwrap().starts_with("W/\""));
        assert_ne!(tag, Cached::new("<p>story!</p>", "text/html").etag);
        let mut h = HeaderMap::new();
        let r = c.respond(&h, true);
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(c.respond(&h, false).headers()[header::CACHE_CONTROL], "private, no-cache");
        // listed, and compared weakly (with or without the W/)
        let strong = tag.to_str().unwrap().trim_start_matches("W/").to_string();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&format!("\"nope\", {strong}")).unwrap());
        let r = c.respond(&h, true);
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(r.headers().get(header::ETAG), Some(&tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert_eq!(c.respond(&h, true).status(), StatusCode::OK);
    }

    #[test]
    fn one_gate_per_key_until_released() {
        let c = PageCache::new(8, 1 << 20);
        let (a1, a2, b) = (c.gate(&key("a")), c.gate(&key("a")), c.gate(&key("b")));
        assert!(Arc::ptr_eq(&a1, &a2), "concurrent misses of a key share its gate");
        assert!(!Arc::ptr_eq(&a1, &b));
        // held while rendering: the second request waits
        let held = a1.try_lock().unwrap();
        assert!(a2.try_lock().is_err());
        drop(held);
        c.release_gate(&key("a"), &a1);
        assert!(!Arc::ptr_eq(&a1, &c.gate(&key("a"))), "a new gate after the release");
        // releasing with a stale handle leaves the current gate alone
        let current = c.gate(&key("a"));
        c.release_gate(&key("a"), &a1);
        assert!(Arc::ptr_eq(&current, &c.gate(&key("a"))));
    }

    #[test]
    fn answers_in_the_accepted_coding_made_once() {
        use std::io::Read as _;
        let text = "<p>The ferry struck the trawler off Kells Point.</p>\n".repeat(200);
        let c = Cached::new(text.clone(), "text/html; charset=utf-8");
        let ask = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            h
        };
        assert_eq!(preferred_coding(&ask("gzip, deflate, br")), Coding::Br);
        assert_eq!(preferred_coding(&ask("br;q=0, gzip;q=0.5")), Coding::Gzip);
        assert_eq!(preferred_coding(&ask("deflate")), Coding::Identity);
        assert_eq!(preferred_coding(&HeaderMap::new()), Coding::Identity);
        let body = |r: Response| {
            let enc = r.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_string());
            let bytes = futures_body(r);
            (enc, bytes)
        };
        let (enc, gz) = body(c.respond(&ask("gzip"), true));
        assert_eq!(enc.as_deref(), Some("gzip"));
        let mut plain = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut plain).unwrap();
        assert_eq!(plain, text);
        let (enc, br) = body(c.respond(&ask("br"), true));
        assert_eq!(enc.as_deref(), Some("br"));
        let mut plain = String::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_string(&mut plain).unwrap();
        assert_eq!(plain, text);
        // made once: a clone (what the cache hands out) shares the encoding
        let again = c.clone().encoded(Coding::Br).unwrap();
        assert_eq!(again.as_ptr(), c.encoded(Coding::Br).unwrap().as_ptr());
        let (enc, raw) = body(c.respond(&HeaderMap::new(), true));
        assert_eq!((enc, raw), (None, text.as_bytes().to_vec()));
        // a body that does not compress to half is sent as it is
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let noise: Vec<u8> = (0..4000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        let c = Cached::new(noise.clone(), "application/octet-stream");
        let (enc, raw) = body(c.respond(&ask("br, gzip"), true));
        assert!(enc.is_none() && raw == noise, "sent as it is: {enc:?}");
    }

    /// The whole body of a response built from bytes.
    fn futures_body(r: Response) -> Vec<u8> {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(async { axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec() })
    }

    proptest! {
        /// Whatever the sequence of inserts, lookups and writes, the cache
        /// holds at most its bounds, its byte count is the sum of its
        /// bodies, and a lookup never returns an entry of another generation
        /// or another key.
        #[test]
        fn stays_bounded_and_consistent(
            max_entries in 0usize..6,
            max_bytes in 0usize..64,
            ops in prop::collection::vec((0u8..3, 0usize..8, 0usize..40), 0..80),
        ) {
            let c = PageCache::new(max_entries, max_bytes);
            let mut generation = 0u64;
            for (op, k, n) in ops {
                let id = format!("s{k}");
                match op {
                    0 => {
                        // body names its key and generation, padded to n bytes
                        let mut b = format!("{id}@{generation}|").into_bytes();
                        b.resize(b.len().max(n), b'.');
                        c.insert(key(&id), generation, Cached::new(b, "text/html"));
                    }
                    1 => {
                        if let Some(v) = c.get(&key(&id), generation) {
                            let prefix = format!("{id}@{generation}|");
                            prop_assert!(body(&v).starts_with(prefix.as_bytes()));
                        }
                    }
                    _ => {
                        generation += 1;
                        c.advance(generation);
                    }
                }
                let l = c.lock();
                prop_assert!(l.map.len() <= max_entries);
                prop_assert!(l.bytes <= max_bytes);
                prop_assert_eq!(l.bytes, l.map.values().map(|s| s.value.weight()).sum::<usize>());
                prop_assert_eq!(l.order.len(), l.map.len());
            }
        }
    }
}
