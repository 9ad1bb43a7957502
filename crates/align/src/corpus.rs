//! Corpus-wide reuse search: candidate pairs from an inverted index, then a
//! full pair analysis of each candidate (rayon-parallel).
//!
//! Two postings lists are kept, both with a fixed document-frequency cutoff
//! ([`AlignParams::max_df`], independent of the corpus size: a key in more
//! documents than that is boilerplate or a stock phrase, not evidence of
//! reuse, and a cutoff growing with N would make candidate pairs grow
//! quadratically):
//! * word n-grams (the alignment seeds): a pair sharing at least
//!   `min_shared_ngrams` of them may share passages;
//! * rare content-word stems: a pair sharing at least `min_shared_stems` of
//!   the smaller document's rare stems (those within the cutoff) may be a
//!   rewrite (rewrites share few n-grams).
//!
//! Each document then keeps its best [`AlignParams::max_candidates`] partners
//! of each kind (most shared n-grams; largest shared stem fraction), and a
//! pair is analysed when either side kept it, so the candidate count is at
//! most linear in N. Copies share far more anchors than incidental reuse, so
//! they rank first.
//!
//! The index is sort-based (one sorted `(key, document)` list, postings as
//! slices of it) and counting uses a dense per-thread counter array: no hash
//! map per key or per document. The n-gram keys, mostly unique to their
//! document, are sorted in key-class passes within a memory budget; the stem
//! keys, mostly of common stems, are counted in one map as they are computed
//! so that only the entries of rare stems are ever kept and sorted (the map
//! grows with the stem vocabulary, ~85k keys at 1M articles). Hand-written
//! because it is the scaling core of the crate and needs this exact
//! filtering and ranking.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;

use newsfold_core::{Article, ArticleSource, tokenize};
use rayon::prelude::*;

use crate::doc::{Doc, fold_stem, is_stop_hash, sentence_token_ranges};
use crate::{AlignParams, PairAnalysis, Relation, ReuseRecord, analyze_docs};

/// The 32-bit index key of a 64-bit hash. Keys are held per document and per
/// posting, so halving them halves the index; a collision merges two keys'
/// postings, which can add one spurious shared key to a pair (candidates need
/// [`AlignParams::min_shared_ngrams`] and are verified by alignment) or push a
/// rare key over the document-frequency cutoff.
fn key32(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// Distinct word n-gram keys of `text` (the alignment seeds) in key class
/// `pass` of `passes` (`key % passes == pass`), ascending. Filtering before
/// sorting means each pass sorts only its share of the keys.
fn gram_keys(text: &str, n: usize, pass: u32, passes: u32) -> Vec<u32> {
    let hashes: Vec<u64> = tokenize(text).iter().map(|t| t.hash).collect();
    let mut v: Vec<u32> =
        crate::align::ngrams(&hashes, n).into_iter().map(key32).filter(|k| k % passes.max(1) == pass).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Distinct content-stem keys of `text` (the stems of its sentence
/// features, as the rewrite detection sees them), ascending.
fn stem_keys(text: &str) -> Vec<u32> {
    let toks = tokenize(text);
    let (ranges, _) = sentence_token_ranges(text, &toks);
    let mut w = String::new();
    let mut v = Vec::new();
    for (t0, t1) in ranges {
        for t in toks.get(t0..t1).unwrap_or_default() {
            if is_stop_hash(t.hash) {
                continue;
            }
            if let Some(h) = text.get(t.start..t.end).and_then(|raw| fold_stem(raw, &mut w)) {
                v.push(key32(h));
            }
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Documents whose keys are computed and merged into the index at a time.
const KEY_CHUNK: usize = 8192;

/// `(key, document)` packed for sorting by key, then document.
fn entry(k: u32, d: usize) -> u64 {
    (u64::from(k) << 32) | d as u64
}

/// Postings of the keys within the document-frequency cutoff, and for each
/// document the kept keys it contains (so counting never looks a key up).
struct Index {
    /// Postings of kept key `k`: `docs[offs[k]..offs[k + 1]]`, ascending.
    offs: Vec<usize>,
    docs: Vec<u32>,
    /// Kept keys of document `d`: `doc_keys[doc_offs[d]..doc_offs[d + 1]]`.
    doc_offs: Vec<usize>,
    doc_keys: Vec<u32>,
    /// Per document, its distinct keys in at most `max_df` documents (kept
    /// keys plus those only it has).
    rare: Vec<usize>,
    /// Keys in exactly two documents get no postings: each only adds one to
    /// that pair's count, and most kept n-gram keys are such (100k generated
    /// articles: 7.9M of 10.5M keys, for only 243k distinct pairs; their
    /// postings were two thirds of the index, the largest part of the
    /// analysis's memory at 1M). Per document, its partners and how many
    /// such keys they share: `pair_with[pair_offs[d]..pair_offs[d + 1]]`.
    pair_offs: Vec<usize>,
    pair_with: Vec<(u32, u32)>,
    /// The pairs met so far, `d << 32 | e` with `d < e`, sorted, with counts
    /// (folded into `pair_with` by [`Index::invert`]).
    pairs: Vec<(u64, u32)>,
    /// Pairs of the current pass not yet folded in, unsorted.
    pending: Vec<u64>,
}

/// Pairs [`Index::add_sorted`] collects before folding them in (a few in
/// tests, so that they are folded several times there).
const PENDING_PAIRS: usize = if cfg!(test) { 4 } else { 1 << 23 };

impl Index {
    fn empty(n: usize) -> Self {
        Index {
            offs: vec![0],
            docs: Vec::new(),
            doc_offs: Vec::new(),
            doc_keys: Vec::new(),
            rare: vec![0usize; n],
            pair_offs: Vec::new(),
            pair_with: Vec::new(),
            pairs: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// Index the distinct keys of `n` documents (`keys(d, pass, passes)`: the
    /// keys of document `d` in key class `pass`, ascending), keeping keys in
    /// `2..=max_df` documents. The key space is split into `passes` residue
    /// classes indexed one after another (the keys are recomputed in each), so
    /// the `(key, document)` list being sorted holds about `1/passes` of all
    /// keys: the index never needs every key of the corpus in memory at once.
    /// For keys that are mostly unique to their document (word n-grams).
    fn build(n: usize, passes: u32, max_df: usize, keys: impl Fn(&[usize], u32, u32) -> Vec<Vec<u32>> + Sync) -> Self {
        let passes = passes.max(1);
        let mut ix = Index::empty(n);
        let mut per_doc = vec![0usize; n];
        for pass in 0..passes {
            let mut all: Vec<u64> = Vec::new();
            for chunk in newsfold_core::index_chunks(n, KEY_CHUNK) {
                let part = keys(&chunk, pass, passes);
                all.par_extend(
                    part.into_par_iter()
                        .zip(chunk.into_par_iter())
                        .flat_map_iter(|(ks, d)| ks.into_iter().map(move |k| entry(k, d))),
                );
            }
            all.par_sort_unstable();
            ix.add_sorted(&all, max_df, &mut per_doc);
        }
        ix.invert(per_doc);
        ix
    }

    /// Like [`Index::build`] for keys most of whose occurrences are in more
    /// than `max_df` documents (content stems: at 1M generated articles
    /// 99.7 % of the stem entries are of such keys, from a vocabulary of
    /// ~85k keys). The keys are computed once; a map counts each key's
    /// documents as they arrive and only entries of keys still within the
    /// cutoff are kept (a key whose final count is within it was within it
    /// at every step, so none of its entries is missed); the few kept are
    /// filtered by the final counts and sorted. Same index as `build`, without
    /// sorting (or recomputing, in passes) the frequent keys' entries.
    fn build_counted(n: usize, max_df: usize, keys: impl Fn(&[usize]) -> Vec<Vec<u32>> + Sync) -> Self {
        let mut ix = Index::empty(n);
        let mut per_doc = vec![0usize; n];
        let mut df: rustc_hash::FxHashMap<u32, u32> = rustc_hash::FxHashMap::default();
        let mut kept: Vec<u64> = Vec::new();
        for chunk in newsfold_core::index_chunks(n, KEY_CHUNK) {
            let part: Vec<Vec<u32>> = keys(&chunk);
            for (d, ks) in chunk.into_iter().zip(part) {
                for k in ks {
                    let c = df.entry(k).or_insert(0);
                    *c += 1;
                    if *c as usize <= max_df {
                        kept.push(entry(k, d));
                    }
                }
            }
        }
        kept.retain(|x| df.get(&((x >> 32) as u32)).is_some_and(|&c| c as usize <= max_df));
        drop(df);
        kept.par_sort_unstable();
        ix.add_sorted(&kept, max_df, &mut per_doc);
        ix.invert(per_doc);
        ix
    }

    /// Add the keys of `all` (sorted `(key, document)` entries holding every
    /// occurrence of each key they hold): those in at most `max_df`
    /// documents count as rare for their documents, those in two documents
    /// count for their pair, those in `3..=max_df` get postings (new key ids,
    /// ascending).
    fn add_sorted(&mut self, all: &[u64], max_df: usize, per_doc: &mut [usize]) {
        let mut k = 0;
        while k < all.len() {
            let g = all[k] >> 32;
            let e = k + all[k..].iter().take_while(|x| *x >> 32 == g).count();
            if e - k <= max_df {
                for x in &all[k..e] {
                    let d = (x & 0xffff_ffff) as usize;
                    if let Some(r) = self.rare.get_mut(d) {
                        *r += 1;
                    }
                }
            }
            if e - k == 2 && max_df >= 2 {
                // (sorted: the first document is the smaller)
                self.pending.push(((all[k] & 0xffff_ffff) << 32) | (all[k + 1] & 0xffff_ffff));
                if self.pending.len() >= PENDING_PAIRS {
                    self.fold_pairs();
                }
            } else if e - k >= 2 && e - k <= max_df {
                for x in &all[k..e] {
                    let d = (x & 0xffff_ffff) as u32;
                    self.docs.push(d);
                    if let Some(c) = per_doc.get_mut(d as usize) {
                        *c += 1;
                    }
                }
                self.offs.push(self.docs.len());
            }
            k = e;
        }
    }

    /// Fold the pending pairs into the sorted pair counts.
    fn fold_pairs(&mut self) {
        let mut p = std::mem::take(&mut self.pending);
        p.par_sort_unstable();
        let runs = p.chunk_by(|x, y| x == y).filter_map(|run| Some((*run.first()?, u32::try_from(run.len()).ok()?)));
        self.pairs.extend(runs);
        drop(p);
        self.pairs.par_sort_unstable_by_key(|x| x.0);
        self.pairs.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = kept.1.saturating_add(later.1);
            }
            same
        });
    }

    /// Invert the postings by counting: each document's kept keys, in
    /// ascending key id (`per_doc`: how many each document has); and each
    /// document's pair counts, by partner.
    fn invert(&mut self, per_doc: Vec<usize>) {
        self.fold_pairs();
        let n = per_doc.len();
        let pair_of = |x: u64| ((x >> 32) as usize, (x & 0xffff_ffff) as usize);
        let mut pair_offs = vec![0usize; n + 1];
        for &(x, _) in &self.pairs {
            let (d, e) = pair_of(x);
            for v in [d, e] {
                if let Some(c) = pair_offs.get_mut(v + 1) {
                    *c += 1;
                }
            }
        }
        for d in 0..n {
            pair_offs[d + 1] += pair_offs[d];
        }
        let mut fill: Vec<usize> = pair_offs[..n].to_vec();
        let mut pair_with = vec![(0u32, 0u32); pair_offs[n]];
        for &(x, c) in &self.pairs {
            let (d, e) = pair_of(x);
            for (v, w) in [(d, e), (e, d)] {
                if let Some(slot) = fill.get_mut(v) {
                    if let Some(p) = pair_with.get_mut(*slot) {
                        *p = (w as u32, c);
                    }
                    *slot += 1;
                }
            }
        }
        drop(fill);
        self.pairs = Vec::new();
        self.pair_offs = pair_offs;
        self.pair_with = pair_with;
        self.doc_offs = Vec::with_capacity(n + 1);
        let mut p = 0usize;
        for &c in &per_doc {
            self.doc_offs.push(p);
            p += c;
        }
        self.doc_offs.push(p);
        let mut fill: Vec<usize> = self.doc_offs[..n].to_vec();
        self.doc_keys = vec![0u32; p];
        for key in 0..self.offs.len().saturating_sub(1) {
            for &d in &self.docs[self.offs[key]..self.offs[key + 1]] {
                if let Some(slot) = fill.get_mut(d as usize) {
                    if let Some(x) = self.doc_keys.get_mut(*slot) {
                        *x = key as u32;
                    }
                    *slot += 1;
                }
            }
        }
    }

    /// Kept keys of document `d`.
    fn keys_of(&self, d: usize) -> &[u32] {
        match (self.doc_offs.get(d), self.doc_offs.get(d + 1)) {
            (Some(&a), Some(&b)) => self.doc_keys.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Each document sharing keys of two documents with `d`, and how many.
    fn pairs_of(&self, d: usize) -> &[(u32, u32)] {
        match (self.pair_offs.get(d), self.pair_offs.get(d + 1)) {
            (Some(&a), Some(&b)) => self.pair_with.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Documents containing kept key `k`.
    fn postings(&self, k: u32) -> &[u32] {
        let k = k as usize;
        match (self.offs.get(k), self.offs.get(k + 1)) {
            (Some(&a), Some(&b)) => self.docs.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Count, for document `i`, the shared keys with every other document
/// (`cnt` is zero on entry and on exit; `touched` lists the nonzero slots).
fn count_shared(ix: &Index, i: usize, cnt: &mut [u32], touched: &mut Vec<u32>) {
    touched.clear();
    for &k in ix.keys_of(i) {
        for &j in ix.postings(k) {
            if j as usize == i {
                continue;
            }
            if let Some(c) = cnt.get_mut(j as usize) {
                if *c == 0 {
                    touched.push(j);
                }
                *c += 1;
            }
        }
    }
    for &(j, n) in ix.pairs_of(i) {
        if let Some(c) = cnt.get_mut(j as usize) {
            if *c == 0 {
                touched.push(j);
            }
            *c += n;
        }
    }
}

/// Key passes for `entries` expected `(key, document)` entries within
/// `budget` bytes (8 bytes an entry).
fn passes_for(entries: usize, budget: usize) -> u32 {
    let bytes = entries.saturating_mul(8);
    u32::try_from(bytes.div_ceil(budget.max(1 << 20))).unwrap_or(u32::MAX).clamp(1, 64)
}

/// Candidate pairs `(i, j)` with `i < j` (indices into `articles`).
fn candidates<S: ArticleSource + ?Sized>(src: &S, params: &AlignParams) -> Vec<(usize, usize)> {
    let n = src.articles().len();
    let max_df = params.max_df.max(2);
    let cap = params.max_candidates.max(1);
    // about one word in six bytes, one n-gram a word
    let words: usize = (0..n).map(|i| src.text_len(i) / 6).sum();
    // the keys of a chunk of documents, their texts loaded together
    let keys_of = |chunk: &[usize], f: &(dyn Fn(&str) -> Vec<u32> + Sync)| -> Vec<Vec<u32>> {
        src.load(chunk).par_iter().map(|a| f(&a.text)).collect()
    };
    let gidx = Index::build(n, passes_for(words, params.index_budget_bytes), max_df, |chunk, pass, passes| {
        keys_of(chunk, &|t| gram_keys(t, params.ngram, pass, passes))
    });
    let sidx = Index::build_counted(n, max_df, |chunk| keys_of(chunk, &stem_keys));
    // rare stems of each document: unique ones plus those within the cutoff
    let rare = &sidx.rare;
    let mut out: Vec<(usize, usize)> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0u32; n], Vec::<u32>::new()),
            |(cnt, touched), i| {
                let mut c: Vec<(usize, usize)> = Vec::new();
                // passage candidates: most shared n-grams first
                count_shared(&gidx, i, cnt, touched);
                let mut best: Vec<(u32, u32)> = touched
                    .iter()
                    .filter_map(|&j| {
                        let k = cnt.get(j as usize).copied().unwrap_or(0);
                        (k as usize >= params.min_shared_ngrams).then_some((k, j))
                    })
                    .collect();
                for &j in touched.iter() {
                    if let Some(x) = cnt.get_mut(j as usize) {
                        *x = 0;
                    }
                }
                best.sort_unstable_by_key(|&(k, j)| (std::cmp::Reverse(k), j));
                c.extend(best.iter().take(cap).map(|&(_, j)| pair(i, j as usize)));
                // rewrite candidates: largest shared fraction of the rarer side's stems first
                count_shared(&sidx, i, cnt, touched);
                let mut best: Vec<(f32, u32)> = Vec::new();
                for &j in touched.iter() {
                    let k = cnt.get(j as usize).copied().unwrap_or(0);
                    let small =
                        rare.get(i).copied().unwrap_or(0).min(rare.get(j as usize).copied().unwrap_or(0)).max(1);
                    if k as f32 >= params.min_shared_stems * small as f32 && k >= 5 {
                        best.push((k as f32 / small as f32, j));
                    }
                    if let Some(x) = cnt.get_mut(j as usize) {
                        *x = 0;
                    }
                }
                best.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                c.extend(best.iter().take(cap).map(|&(_, j)| pair(i, j as usize)));
                c
            },
        )
        .flatten_iter()
        .collect();
    out.par_sort_unstable();
    out.dedup();
    out
}

fn pair(i: usize, j: usize) -> (usize, usize) {
    if i < j { (i, j) } else { (j, i) }
}

/// Candidate pairs `(i, j)` (`i < j`, indices into `articles`) from the
/// shared-n-gram and rare-stem inverted indexes.
pub fn candidate_pairs(articles: &[Article], params: &AlignParams) -> Vec<(usize, usize)> {
    candidates(articles, params)
}

/// Candidate pairs analysed at a time; each block's documents are prepared
/// before it.
const BLOCK_PAIRS: usize = 4096;

/// Analyse the candidate pairs `cands` block by block, handing each related
/// pair with its candidate index to `sink` (from rayon workers). Returns the
/// number of documents prepared.
///
/// A prepared document ([`Doc`]: tokens, hashes, sentence features, n-gram
/// index) is about fifteen times its text, so documents are prepared only
/// for the blocks that need them, never all at once (see [`pair_order`] and
/// [`run_blocks`]). Memory thus follows the block, not the corpus.
fn analyze_candidates<S, F>(src: &S, cands: &[(usize, usize)], params: &AlignParams, sink: F) -> usize
where
    S: ArticleSource + ?Sized,
    F: Fn(usize, PairAnalysis) + Sync + Send,
{
    let articles = src.articles();
    let order = pair_order(articles, cands, params.local_order);
    let max_cached = params.max_prepared_docs.max(2 * BLOCK_PAIRS);
    run_blocks(
        cands,
        &order,
        articles.len(),
        max_cached,
        |need| {
            src.load(need)
                .into_par_iter()
                .map(|a| match a {
                    Cow::Borrowed(a) => Doc::new(a.text.as_str()),
                    Cow::Owned(a) => Doc::new(a.text),
                })
                .collect()
        },
        |k, da, db| {
            let (i, j) = cands[k];
            let p = analyze_docs(&articles[i].id, da, &articles[j].id, db, params, false);
            if p.relation != Relation::None {
                sink(k, p);
            }
        },
    )
}

/// The order in which the candidate pairs are analysed (indices into
/// `cands`; pairs naming a document outside `articles` are left out).
///
/// Documents are ranked, and pairs taken by (lower rank, higher rank), so a
/// document is needed from its first pair to its last and the documents kept
/// prepared at once are those whose pairs straddle the current block. The
/// chronological rank (undated last, then input order) keeps copies near
/// their source, but a dense corpus puts thousands of other documents
/// between a story's first and last article. With `local` the rank is the
/// order in which a breadth-first walk of the candidate graph reaches the
/// documents (started from each unreached document in chronological order,
/// neighbours taken chronologically: Cuthill–McKee's bandwidth reduction), so
/// a document's partners get ranks close to its own and its uses fall in few
/// blocks. The pairs found do not depend on the order; only the number of
/// documents prepared again does.
fn pair_order(articles: &[Article], cands: &[(usize, usize)], local: bool) -> Vec<usize> {
    let n = articles.len();
    let mut by_time: Vec<usize> = (0..n).collect();
    by_time.sort_by_key(|&i| (newsfold_core::chrono_key(articles[i].date), i));
    let mut rank = vec![0usize; n];
    for (r, &i) in by_time.iter().enumerate() {
        rank[i] = r;
    }
    let valid = |k: usize| cands.get(k).is_some_and(|&(i, j)| i < n && j < n);
    if local {
        rank = walk_rank(n, cands, &by_time, &rank, valid);
    }
    drop(by_time);
    let mut order: Vec<usize> = (0..cands.len()).filter(|&k| valid(k)).collect();
    order.sort_by_key(|&k| {
        let (i, j) = cands[k];
        (rank[i].min(rank[j]), rank[i].max(rank[j]))
    });
    order
}

/// Breadth-first ranks over the candidate graph (see [`pair_order`]):
/// `by_time` lists the documents chronologically, `chrono[d]` is `d`'s place
/// in it, `valid(k)` says whether candidate `k` joins two documents.
fn walk_rank(
    n: usize,
    cands: &[(usize, usize)],
    by_time: &[usize],
    chrono: &[usize],
    valid: impl Fn(usize) -> bool,
) -> Vec<usize> {
    // adjacency in flat arrays: document d's partners are adj[off[d]..off[d + 1]]
    let mut off = vec![0usize; n + 1];
    for (k, &(i, j)) in cands.iter().enumerate() {
        if valid(k) {
            off[i + 1] += 1;
            off[j + 1] += 1;
        }
    }
    for d in 0..n {
        off[d + 1] += off[d];
    }
    let mut adj = vec![0u32; off[n]];
    let mut fill = off.clone();
    for (k, &(i, j)) in cands.iter().enumerate() {
        if valid(k) {
            for (a, b) in [(i, j), (j, i)] {
                adj[fill[a]] = b as u32;
                fill[a] += 1;
            }
        }
    }
    drop(fill);
    for d in 0..n {
        adj[off[d]..off[d + 1]].sort_unstable_by_key(|&x| chrono[x as usize]);
    }
    let mut rank = vec![usize::MAX; n];
    let mut next = 0usize;
    let mut queue = std::collections::VecDeque::new();
    for &start in by_time {
        if rank[start] != usize::MAX {
            continue;
        }
        rank[start] = next;
        next += 1;
        queue.push_back(start);
        while let Some(d) = queue.pop_front() {
            for &x in &adj[off[d]..off[d + 1]] {
                let x = x as usize;
                if rank[x] == usize::MAX {
                    rank[x] = next;
                    next += 1;
                    queue.push_back(x);
                }
            }
        }
    }
    rank
}

/// Run the candidate pairs in `order` block by block: before each block the
/// documents it needs are prepared (`prepare`, in parallel), then its pairs
/// are analysed (`analyze(k, doc_i, doc_j)` for candidate `k = (i, j)`, in
/// parallel); after it the documents no later pair needs are dropped, and
/// beyond `max_cached` those needed furthest ahead (Belady's rule) too, to be
/// prepared again when their turn comes. Returns the number of documents
/// prepared. Hand-written: the block schedule is what lets corpus search
/// scale, and no crate offers it.
fn run_blocks<D, P, A>(
    cands: &[(usize, usize)],
    order: &[usize],
    n: usize,
    max_cached: usize,
    prepare: P,
    analyze: A,
) -> usize
where
    D: Send + Sync,
    // the prepared documents of `need`, in that order
    P: Fn(&[usize]) -> Vec<D> + Sync,
    A: Fn(usize, &D, &D) + Sync,
{
    // the positions (in `order`) at which each document is used, ascending
    let mut use_offs = vec![0usize; n + 1];
    for &k in order {
        use_offs[cands[k].0 + 1] += 1;
        use_offs[cands[k].1 + 1] += 1;
    }
    for d in 0..n {
        use_offs[d + 1] += use_offs[d];
    }
    let mut uses = vec![0u32; use_offs[n]];
    let mut fill = use_offs.clone();
    for (pos, &k) in order.iter().enumerate() {
        for d in [cands[k].0, cands[k].1] {
            uses[fill[d]] = pos as u32;
            fill[d] += 1;
        }
    }
    drop(fill);
    let next_use = |d: usize, from: usize| -> Option<usize> {
        let u = &uses[use_offs[d]..use_offs[d + 1]];
        u.get(u.partition_point(|&p| (p as usize) < from)).map(|&p| p as usize)
    };
    let mut prepared = 0usize;
    let mut cache: HashMap<usize, D> = HashMap::new();
    for (b, block) in order.chunks(BLOCK_PAIRS).enumerate() {
        let end = b * BLOCK_PAIRS + block.len();
        let mut need: Vec<usize> =
            block.iter().flat_map(|&k| [cands[k].0, cands[k].1]).filter(|d| !cache.contains_key(d)).collect();
        need.sort_unstable();
        need.dedup();
        let built: Vec<D> = prepare(&need);
        prepared += built.len();
        cache.extend(need.into_iter().zip(built));
        block.par_iter().for_each(|&k| {
            let (i, j) = cands[k];
            if let (Some(da), Some(db)) = (cache.get(&i), cache.get(&j)) {
                analyze(k, da, db);
            }
        });
        cache.retain(|&d, _| next_use(d, end).is_some());
        if cache.len() > max_cached {
            let mut ahead: Vec<(usize, usize)> =
                cache.keys().map(|&d| (next_use(d, end).unwrap_or(usize::MAX), d)).collect();
            ahead.sort_unstable();
            for &(_, d) in &ahead[max_cached * 3 / 4..] {
                cache.remove(&d);
            }
        }
    }
    prepared
}

/// How many documents the pair analysis would prepare for `cands` (from
/// [`candidate_pairs`]) with the block schedule of `params`, without
/// preparing or analysing anything: the price of bounded memory, for
/// comparing pair orders and cache sizes quickly on a big corpus.
pub fn schedule_cost(articles: &[Article], cands: &[(usize, usize)], params: &AlignParams) -> usize {
    let order = pair_order(articles, cands, params.local_order);
    let max_cached = params.max_prepared_docs.max(2 * BLOCK_PAIRS);
    run_blocks(cands, &order, articles.len(), max_cached, |need| vec![(); need.len()], |_, _, _| {})
}

/// Analyse every related pair of a corpus (candidates from the index).
/// Pairs with relation `none` are left out. Sorted by input order of `a`, then `b`.
pub fn analyze_corpus(articles: &[Article], params: &AlignParams) -> Vec<PairAnalysis> {
    let cands = candidates(articles, params);
    let out: Mutex<Vec<(usize, PairAnalysis)>> = Mutex::new(Vec::new());
    analyze_candidates(articles, &cands, params, |k, p| {
        if let Ok(mut o) = out.lock() {
            o.push((k, p));
        }
    });
    let mut out = out.into_inner().unwrap_or_default();
    out.sort_unstable_by_key(|x| cands.get(x.0).copied());
    out.into_iter().map(|x| x.1).collect()
}

/// What a corpus search did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Candidate pairs analysed.
    pub candidates: usize,
    /// Documents prepared (a document dropped and needed again is prepared
    /// again: `prepared / articles` is the price of the bounded memory).
    pub prepared: usize,
}

/// Like [`analyze_corpus`], but hands each related pair to `f` as soon as it
/// is analysed (from rayon worker threads, in no particular order) instead of
/// collecting them: memory stays at the candidate index, the documents
/// prepared for the current block of pairs, and what `f` keeps.
pub fn for_each_related_pair<F>(articles: &[Article], params: &AlignParams, f: F) -> SearchStats
where
    F: Fn(PairAnalysis) + Sync + Send,
{
    for_each_related_pair_in(articles, params, f)
}

/// [`for_each_related_pair`] over a corpus whose texts are read a chunk at
/// a time (an [`ArticleSource`]): the index passes read every text chunk by
/// chunk, and each block of pairs reads the texts of the documents it
/// prepares, so no more texts are in memory at once than the block needs.
pub fn for_each_related_pair_in<S, F>(src: &S, params: &AlignParams, f: F) -> SearchStats
where
    S: ArticleSource + ?Sized,
    F: Fn(PairAnalysis) + Sync + Send,
{
    let cands = candidates(src, params);
    let prepared = analyze_candidates(src, &cands, params, |_, p| f(p));
    SearchStats { candidates: cands.len(), prepared }
}

/// Every related pair of a corpus as `newsfold reuse` JSONL records.
pub fn find_reuse(articles: &[Article], params: &AlignParams) -> Vec<ReuseRecord> {
    analyze_corpus(articles, params).iter().map(ReuseRecord::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, text: &str) -> Article {
        Article { id: id.into(), text: text.into(), ..Default::default() }
    }

    /// A body of words unique to document `i`.
    fn body(i: usize) -> String {
        (0..40).map(|k| format!("word{i}x{k}")).collect::<Vec<_>>().join(" ") + "."
    }

    /// Each kept key's postings (in key id order) and each document's rare count.
    /// Postings, rare counts and each document's pair counts (sorted).
    type Parts = (Vec<Vec<u32>>, Vec<usize>, Vec<Vec<(u32, u32)>>);

    fn postings_and_rare(ix: &Index) -> Parts {
        let keys = ix.offs.len() - 1;
        let lists: Vec<Vec<u32>> = (0..keys).map(|k| ix.postings(k as u32).to_vec()).collect();
        // every document lists exactly the keys whose postings hold it
        for d in 0..ix.rare.len() {
            let want: Vec<u32> = (0..keys as u32).filter(|&k| ix.postings(k).contains(&(d as u32))).collect();
            assert_eq!(ix.keys_of(d), &want[..]);
        }
        let pairs = (0..ix.rare.len())
            .map(|d| {
                let mut v = ix.pairs_of(d).to_vec();
                v.sort_unstable();
                v
            })
            .collect();
        (lists, ix.rare.clone(), pairs)
    }

    proptest::proptest! {
        /// The counted build (stems) and the build in key-class passes
        /// (n-grams) give the single-pass index: the same postings and rare
        /// counts (key ids differ between pass counts, so lists are compared
        /// as a multiset there).
        #[test]
        fn index_builds_agree(
            docs in proptest::collection::vec(proptest::collection::btree_set(0u32..60, 0..25), 0..40),
            max_df in 2usize..8,
            passes in 2u32..5,
        ) {
            let keys: Vec<Vec<u32>> = docs.iter().map(|d| d.iter().copied().collect()).collect();
            let n = keys.len();
            let class = |d: usize, pass: u32, passes: u32| -> Vec<u32> {
                keys[d].iter().copied().filter(|k| k % passes == pass).collect()
            };
            let chunked = |c: &[usize], pass: u32, passes: u32| -> Vec<Vec<u32>> {
                c.iter().map(|&d| class(d, pass, passes)).collect()
            };
            let one = postings_and_rare(&Index::build(n, 1, max_df, chunked));
            let counted =
                postings_and_rare(&Index::build_counted(n, max_df, |c| c.iter().map(|&d| keys[d].clone()).collect()));
            proptest::prop_assert_eq!(&one, &counted);
            let (mut lists, rare, pairs) = postings_and_rare(&Index::build(n, passes, max_df, chunked));
            let mut want = one.0.clone();
            lists.sort();
            want.sort();
            proptest::prop_assert_eq!((lists, rare, pairs), (want, one.1, one.2));
        }

        /// Each document's shared-key counts (postings of keys in three or
        /// more documents plus the pair counts of keys in two) are the naive
        /// ones: keys in both documents and in at most `max_df` in all. The
        /// pending pairs are folded in several times when there are many.
        #[test]
        fn shared_counts_are_the_naive_counts(
            docs in proptest::collection::vec(proptest::collection::btree_set(0u32..40, 0..20), 0..30),
            max_df in 2usize..6,
            passes in 1u32..4,
        ) {
            let n = docs.len();
            let class = |d: usize, pass: u32, passes: u32| -> Vec<u32> {
                docs[d].iter().copied().filter(|k| k % passes == pass).collect()
            };
            let ix = Index::build(n, passes, max_df, |c, pass, passes| c.iter().map(|&d| class(d, pass, passes)).collect());
            let df = |k: u32| docs.iter().filter(|d| d.contains(&k)).count();
            let (mut cnt, mut touched) = (vec![0u32; n], Vec::new());
            for i in 0..n {
                count_shared(&ix, i, &mut cnt, &mut touched);
                for j in 0..n {
                    let want = if i == j {
                        0
                    } else {
                        docs[i].intersection(&docs[j]).filter(|&&k| (2..=max_df).contains(&df(k))).count() as u32
                    };
                    proptest::prop_assert_eq!(cnt[j], want, "docs {} and {}", i, j);
                }
                proptest::prop_assert!(touched.iter().all(|&j| cnt[j as usize] > 0));
                for &j in &touched {
                    cnt[j as usize] = 0;
                }
            }
        }
    }

    #[test]
    fn boilerplate_in_many_documents_is_no_evidence() {
        let footer =
            "This site is supported by our readers. When you buy through links on our site, we may earn a commission.";
        let arts: Vec<Article> = (0..10).map(|i| art(&format!("d{i}"), &format!("{}\n{footer}", body(i)))).collect();
        let p = AlignParams { max_df: 4, ..AlignParams::default() };
        assert!(candidate_pairs(&arts, &p).is_empty());
        // within the cutoff the shared footer makes every pair a candidate
        let p = AlignParams { max_df: 10, ..AlignParams::default() };
        assert_eq!(candidate_pairs(&arts, &p).len(), 45);
    }

    #[test]
    fn candidates_per_document_are_capped_best_first() {
        let story = "The harbour authority confirmed on Friday that the northern pier will close for repairs until the spring, after divers found cracks in three of its supporting columns.";
        // d0 and d1 share the whole story, d0 and the others only its first sentence
        let mut arts = vec![art("d0", story), art("d1", &format!("{} {story}", body(1)))];
        let first = story.split(", after").next().unwrap_or(story);
        for i in 2..8 {
            arts.push(art(&format!("d{i}"), &format!("{} {first}.", body(i))));
        }
        let p = AlignParams { max_candidates: 1, ..AlignParams::default() };
        let c = candidate_pairs(&arts, &p);
        assert!(c.contains(&(0, 1)), "{c:?}");
        // d0 keeps only its best partner; each other document keeps d0 (or d1)
        assert!(c.len() <= arts.len(), "{c:?}");
        let all = candidate_pairs(&arts, &AlignParams::default());
        assert!(all.len() > c.len(), "{all:?}");
    }

    proptest::proptest! {
        /// Either pair order analyses every valid candidate exactly once,
        /// each walk rank is a permutation, and the walk numbers a chain's
        /// documents consecutively however their dates interleave.
        #[test]
        fn pair_orders_cover_every_candidate_once(
            edges in proptest::collection::vec((0usize..30, 0usize..30), 0..60),
            days in proptest::collection::vec(0u32..20, 30),
        ) {
            let arts: Vec<Article> = days
                .iter()
                .enumerate()
                .map(|(i, &d)| Article {
                    id: format!("d{i}"),
                    date: chrono::DateTime::from_timestamp(i64::from(d) * 86_400, 0),
                    ..Default::default()
                })
                .collect();
            // a few candidates name documents past the corpus: left out
            let mut cands: Vec<(usize, usize)> = edges.iter().map(|&(i, j)| pair(i, j)).filter(|p| p.0 != p.1).collect();
            cands.push((3, 40));
            for local in [false, true] {
                let mut order = pair_order(&arts, &cands, local);
                order.sort_unstable();
                let want: Vec<usize> = (0..cands.len()).filter(|&k| cands[k].1 < arts.len()).collect();
                proptest::prop_assert_eq!(order, want);
            }
            let n = arts.len();
            let mut by_time: Vec<usize> = (0..n).collect();
            by_time.sort_by_key(|&i| (days[i], i));
            let mut chrono = vec![0; n];
            for (r, &i) in by_time.iter().enumerate() {
                chrono[i] = r;
            }
            let chain: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
            let mut rank = walk_rank(n, &chain, &by_time, &chrono, |_| true);
            // a path walked from its chronologically first document: ranks
            // grow (or shrink) by one along it on each side of the start
            let start = by_time[0];
            for w in rank[start..].windows(2) {
                proptest::prop_assert_eq!(w[0].abs_diff(w[1]) <= 2, true);
            }
            rank.sort_unstable();
            proptest::prop_assert_eq!(rank, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_walk_order_prepares_each_document_once_where_dates_interleave() {
        // 6 000 three-document families (a, b, c: every pair a candidate),
        // dated so that every family's a comes before any b, and every b
        // before any c: chronologically, each b and c is needed by the a
        // pairs and again much later by its b-c pair, and 12 000 of them do
        // not fit in the cache (at least two blocks' documents, 8 192)
        let fams = 6000;
        let arts: Vec<Article> = (0..3 * fams)
            .map(|i| Article {
                id: format!("d{i}"),
                date: chrono::DateTime::from_timestamp(i as i64 * 60, 0),
                ..Default::default()
            })
            .collect();
        let cands: Vec<(usize, usize)> =
            (0..fams).flat_map(|f| [(f, f + fams), (f, f + 2 * fams), (f + fams, f + 2 * fams)]).collect();
        let chrono = AlignParams { max_prepared_docs: 0, local_order: false, ..AlignParams::default() };
        let local = AlignParams { local_order: true, ..chrono.clone() };
        assert!(schedule_cost(&arts, &cands, &chrono) > 3 * fams + fams / 2);
        assert_eq!(schedule_cost(&arts, &cands, &local), 3 * fams);
        // and the analysis finds the same pairs in either order
        let texts: Vec<Article> =
            (0..8).map(|i| art(&format!("t{i}"), &format!("{} {}", body(i % 4), body(100 + i % 4)))).collect();
        let a = analyze_corpus(&texts, &chrono);
        let b = analyze_corpus(&texts, &local);
        assert_eq!(a, b);
        assert_eq!(a.len(), 4);
    }

    #[test]
    fn streaming_matches_collected_analysis() {
        let q = "The committee found that the bridge inspections had been skipped for three consecutive years before the collapse.";
        let arts: Vec<Article> = (0..6)
            .map(|i| art(&format!("d{i}"), &format!("{} {q} {}", body(i), if i % 2 == 0 { q } else { "" })))
            .collect();
        let p = AlignParams::default();
        let mut want: Vec<(String, String, Relation)> =
            analyze_corpus(&arts, &p).into_iter().map(|x| (x.a, x.b, x.relation)).collect();
        let got = std::sync::Mutex::new(Vec::new());
        let n = for_each_related_pair(&arts, &p, |x| {
            if let Ok(mut g) = got.lock() {
                g.push((x.a, x.b, x.relation));
            }
        });
        let mut got = got.into_inner().unwrap_or_default();
        got.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
        want.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
        assert_eq!(got, want);
        assert_eq!(got.len(), 15);
        assert!(n.candidates >= got.len());
        assert!(n.prepared >= 6);
    }

    #[test]
    fn finds_shared_passage_pair_only() {
        let q = "The committee found that the bridge inspections had been skipped for three consecutive years before the collapse.";
        let a = art("a", &format!("Officials met on Monday in Riverton. {q} The mayor resigned."));
        let b = art("b", &format!("A report published today is damning. {q} Families want answers from the state."));
        let c = art("c", "Local bakery wins national award for sourdough bread baked in a wood oven.");
        let r = find_reuse(&[a, b, c], &AlignParams::default());
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].a, "a");
        assert_eq!(r[0].b, "b");
        assert_eq!(r[0].passages.len(), 1);
    }
}
