//! The analysis pipeline: recompute every analysis over the stored articles
//! and persist the results in one transaction.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::{DateTime, Utc};
use newsfold_core::{Article, ArticleSource, CharText, LoadedSet, chrono_key};
use newsfold_store::{Outcome, Store};
use rayon::prelude::*;
use rusqlite::params;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::Result;
use crate::corpus::Corpus;
use crate::held::{Held, HeldCluster, Texts};
use crate::kept::KeptQuotes;
use crate::read::{self, Related};

/// What one analysis run found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AnalysisSummary {
    pub articles: usize,
    pub stories: usize,
    pub duplicate_clusters: usize,
    /// Related pairs by relation (`exact`, `near_duplicate`, `rewrite`, `shares_passages`).
    pub relations: BTreeMap<String, usize>,
    pub quotes: usize,
    pub quote_clusters: usize,
    pub disagreements: usize,
    /// Wall-clock seconds of the whole analysis (load, compute, persist).
    pub seconds: f64,
    /// Wall-clock seconds per stage, by stage name: `load` (read the store),
    /// the [`Results::stage_seconds`] stages of [`compute`], and `persist`
    /// (write the analysis tables). Stages run one after another, each using
    /// every core it can, so the values add up to about `seconds`.
    pub stage_seconds: BTreeMap<String, f64>,
}

/// Records how long each pipeline stage takes, and logs each one at info
/// level (`newsfold -v`).
#[derive(Debug)]
struct StageClock {
    last: Instant,
    seconds: BTreeMap<String, f64>,
}

impl StageClock {
    fn new() -> Self {
        StageClock { last: Instant::now(), seconds: BTreeMap::new() }
    }

    /// Close the stage that started at the previous mark (or at creation).
    fn mark(&mut self, stage: &str) {
        let now = Instant::now();
        let secs = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        *self.seconds.entry(stage.to_string()).or_default() += secs;
        crate::heap::release();
        // the heap fields are left out (None) unless a binary registered a probe
        let heap = crate::heap::stats();
        tracing::info!(
            stage,
            seconds = secs,
            rss_mb = resident_mb(),
            heap_mb = heap.map(|h| h.live / 1_000_000),
            heap_peak_mb = heap.map(|h| h.peak / 1_000_000),
            "stage done"
        );
    }
}

/// Resident memory of this process in MB (Linux; 0 elsewhere), for the
/// stage log: where a big corpus's memory goes.
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|v| v.parse::<u64>().ok()))
        .map_or(0, |pages| pages * 4096 / 1_000_000)
}

/// The result of ingesting one article through the engine (HTTP live ingestion).
#[derive(Debug, Clone, Serialize)]
pub struct IngestedArticle {
    pub id: String,
    pub outcome: Outcome,
    pub story: Option<String>,
    pub story_title: Option<String>,
    pub dup_cluster: Option<String>,
    pub related: Vec<Related>,
    pub quotes: Value,
    pub facts: Value,
}

/// Per-article analysis row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleResult {
    /// Story id.
    pub story: Option<String>,
    /// Duplicate cluster id (exact and near-duplicate copies).
    pub dup_cluster: Option<String>,
    /// Copy family id (`f…`), when the article copies or is copied.
    pub family: Option<String>,
    /// `original`, `copy`, `rewrite` or `independent`.
    pub role: Option<String>,
    /// Quotes: `[{"quote_start","quote_end","quote","speaker"}]`, serialised.
    pub quotes: Box<RawValue>,
    /// Facts (`newsfold_facts::FactRecord`s), serialised.
    pub facts: Box<RawValue>,
}

/// One quote of an article as stored in the `analysis` table.
#[derive(Serialize)]
struct QuoteRow<'a> {
    quote_start: usize,
    quote_end: usize,
    quote: &'a str,
    speaker: Option<&'a str>,
}

/// A related pair row (`a < b`).
#[derive(Debug, Clone, Serialize)]
pub struct PairRow {
    /// The smaller article id.
    pub a: String,
    /// The larger article id.
    pub b: String,
    /// `exact`, `near_duplicate`, `rewrite` or `shares_passages`.
    pub relation: String,
    /// Shingle Jaccard (pairs verified by the duplicate detector).
    pub jaccard: Option<f64>,
    /// Shingle containment of the smaller in the larger.
    pub containment: Option<f64>,
    /// Aligned passages (char offsets, `a`/`b` sides as in this row). In
    /// [`compute`]'s results every op carries both texts; the rows
    /// [`analyze`] writes are made in the stored form
    /// ([`newsfold_align::PassageRecord::into_stored`]: an `eq` op keeps one
    /// text), which serialises to the same stored JSON.
    pub passages: Vec<newsfold_align::PassageRecord>,
}

/// A related pair's measures, handed out after its row ([`Rows::PairMeasures`]).
#[derive(Debug, Clone, Serialize)]
pub struct PairMeasures {
    /// The smaller article id.
    pub a: String,
    /// The larger article id.
    pub b: String,
    /// Shingle Jaccard.
    pub jaccard: f64,
    /// Shingle containment of the smaller in the larger.
    pub containment: f64,
}

/// A passage reprinted by several articles (one cluster, every occurrence).
#[derive(Debug, Clone, Serialize)]
pub struct PassageClusterRow {
    /// Stable id (`p` + hash of the first occurrence's article and start).
    pub cluster: String,
    /// Number of distinct articles carrying the passage.
    pub articles: usize,
    /// Number of distinct outlets among them.
    pub outlets: usize,
    /// The passage as written in the earliest article (clipped to 600 characters).
    pub text: String,
    /// Every occurrence, earliest article first.
    pub occurrences: Vec<PassageOccurrenceRow>,
}

/// One occurrence of a passage cluster.
#[derive(Debug, Clone, Serialize)]
pub struct PassageOccurrenceRow {
    /// Article id.
    pub article: String,
    /// The article's outlet.
    pub outlet: Option<String>,
    /// The article's publication date.
    pub date: Option<DateTime<Utc>>,
    /// Start (Unicode scalar offset into the article's text).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
}

/// A story row.
#[derive(Debug, Clone, Serialize)]
pub struct StoryRow {
    /// Stable story id.
    pub id: String,
    /// Label: the most central headline.
    pub title: String,
    /// Number of articles.
    pub articles: usize,
    /// Number of distinct outlets.
    pub outlets: usize,
    /// Earliest article date.
    pub first: Option<DateTime<Utc>>,
    /// Latest article date.
    pub last: Option<DateTime<Utc>>,
    /// `{"key_terms","entities","related"}`.
    pub summary: Value,
    /// `{"families","disagreements","digest"}`, serialised (compact: a big
    /// corpus has tens of thousands of stories); [`StoryRow::detail_value`]
    /// parses it. The story's quote clusters are not repeated here: they are
    /// the [`QuoteClusterRow`]s with this story, and [`read::story`] adds them
    /// as `"quotes"`.
    pub detail: Box<RawValue>,
}

impl StoryRow {
    /// The detail as a JSON value (`Null` if it cannot be parsed, which
    /// cannot happen for rows [`compute`] made).
    pub fn detail_value(&self) -> Value {
        serde_json::from_str(self.detail.get()).unwrap_or(Value::Null)
    }
}

/// `v` serialised as raw JSON (`null` if it cannot be serialised).
fn to_raw<T: Serialize + ?Sized>(v: &T) -> Box<RawValue> {
    serde_json::value::to_raw_value(v).unwrap_or_else(|_| RawValue::NULL.to_owned())
}

/// A quote cluster row.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteClusterRow {
    /// Stable cluster id (`q…`).
    pub id: String,
    /// The story most occurrences belong to.
    pub story: Option<String>,
    /// The canonical wording.
    pub canonical: String,
    /// Majority speaker.
    pub speaker: Option<String>,
    /// Number of occurrences.
    pub occurrences: usize,
    /// The `newsfold_quotes::QuoteCluster` (variants, mutations) in its stored
    /// form ([`newsfold_quotes::QuoteCluster::stored_json`]: the canonical
    /// wording left out where `canonical` has it); the readers in [`read`]
    /// return the full JSON.
    pub data: Box<RawValue>,
}

/// Everything the analysis found over one set of articles (pure, not yet persisted).
#[derive(Debug, Default)]
pub struct Results {
    /// Per-article results by article id.
    pub per_article: HashMap<String, ArticleResult>,
    /// Every related pair, sorted by `(a, b)`.
    pub pairs: Vec<PairRow>,
    /// Every story.
    pub stories: Vec<StoryRow>,
    /// Every quote cluster.
    pub quote_clusters: Vec<QuoteClusterRow>,
    /// Passages reprinted by two or more articles, biggest first.
    pub passage_clusters: Vec<PassageClusterRow>,
    /// Total quotes extracted.
    pub quotes: usize,
    /// Total disagreements across stories.
    pub disagreements: usize,
    /// Wall-clock seconds per stage of [`compute`]. Duplicates → reuse:
    /// `dedup`, `align` (candidate pairs and alignment), `provenance` (copy
    /// graph), `pairs` (pair rows), `pair_measures` (shingle overlap of
    /// alignment-only pairs), `roles`, `passage_clusters` (then pairs and
    /// passage clusters are handed out). Then two concurrent branches:
    /// `stories`, and `quotes_extract` → `quotes_cluster`. Then `rows` (each
    /// quote cluster's story) and, story by story, `facts` (extraction) and
    /// `story_detail` (per-article rows, quote cluster rows, disagreements and digest);
    /// `compute` is the whole of it.
    pub stage_seconds: BTreeMap<String, f64>,
}

impl AnalysisSummary {
    /// The counts of `results` over `articles` articles (timings left empty).
    pub(crate) fn of(articles: usize, results: &Results) -> AnalysisSummary {
        let mut summary = AnalysisSummary {
            articles,
            stories: results.stories.len(),
            duplicate_clusters: results
                .per_article
                .values()
                .filter_map(|r| r.dup_cluster.as_deref())
                .collect::<HashSet<_>>()
                .len(),
            quotes: results.quotes,
            quote_clusters: results.quote_clusters.len(),
            disagreements: results.disagreements,
            ..Default::default()
        };
        for p in &results.pairs {
            *summary.relations.entry(p.relation.clone()).or_default() += 1;
        }
        summary
    }
}

/// Recompute every analysis over all stored articles and persist the results.
///
/// The rows are written while the analysis runs: [`compute_into`] hands each
/// batch to a writer thread, which writes them in one transaction, committed
/// at the end. `persist` in the stage timings is the wait for the writer
/// after the analysis is done. The per-story rows wait while [`QUEUE`]
/// batches are not yet written (a slow disk holds the analysis back instead
/// of letting rows pile up in memory); the pair rows, which come while
/// alignment runs, never wait: the writer spends the first minutes of a big
/// analysis filling the search index, and alignment would stand still.
pub fn analyze(store: &mut Store) -> Result<AnalysisSummary> {
    let started = Instant::now();
    let mut clock = StageClock::new();
    // a stored corpus is read from one snapshot: the articles' metadata now,
    // each stage's texts when it reads them
    let corpus = match store.snapshot_reader()? {
        Some(reader) => Corpus::stored(reader)?,
        None => Corpus::owned(store.all_articles()?),
    };
    clock.mark("load");
    let (tx, rx) = std::sync::mpsc::channel::<Batch>();
    let queued = AtomicUsize::new(0);
    let (mut summary, written, unread) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_streamed(store, rx, &queued));
        let summary = run(&corpus, true, &mut |rows| {
            if rows.waits() {
                while queued.load(Ordering::Acquire) >= QUEUE && !writer.is_finished() {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
            }
            queued.fetch_add(1, Ordering::AcqRel);
            // a failed writer has dropped its receiver; its error is reported below
            let _ = tx.send(Batch::Rows(rows));
        });
        // only now may the writer commit: if the analysis panicked or a text
        // could not be re-read, the queue closes without this and the
        // transaction rolls back
        let unread = corpus.take_error();
        if unread.is_none() {
            let _ = tx.send(Batch::Done);
        }
        drop(tx);
        clock.last = Instant::now();
        let written = writer.join().unwrap_or_else(|_| Err(crate::EngineError::Writer("it panicked".into())));
        (summary, written, unread)
    });
    if let Some(e) = unread {
        return Err(e.into());
    }
    written?;
    clock.mark("persist");
    let stages = std::mem::take(&mut summary.stage_seconds);
    summary.stage_seconds = clock.seconds;
    summary.stage_seconds.extend(stages);
    summary.seconds = started.elapsed().as_secs_f64();
    tracing::info!(?summary, "analysis done");
    Ok(summary)
}

/// Store `articles`, re-analyse, and return what was found about each of them.
pub fn ingest_articles(store: &mut Store, articles: Vec<Article>) -> Result<Vec<IngestedArticle>> {
    let outcomes = store.insert_batch(&articles, &[])?;
    // (the analysis brings the search index up to date)
    analyze(store)?;
    let mut out = Vec::with_capacity(articles.len());
    for (a, outcome) in articles.iter().zip(outcomes) {
        let detail = read::article(store, &a.id)?;
        let (story, dup_cluster, related, quotes, facts) = match detail {
            Some(d) => (d.story, d.dup_cluster, d.related, d.quotes, d.facts),
            None => (None, None, Vec::new(), Value::Null, Value::Null),
        };
        let story_title = match &story {
            Some(s) => read::story(store, s)?.map(|d| d.item.title),
            None => None,
        };
        out.push(IngestedArticle {
            id: a.id.clone(),
            outcome,
            story,
            story_title,
            dup_cluster,
            related,
            quotes,
            facts,
        });
    }
    Ok(out)
}

/// Run every analysis stage over `articles` (pure: no store access). Front ends
/// that work statelessly on inputs call this; [`analyze`] calls it on the store.
///
/// Duplicates → reuse → roles run first (each stage uses every core); then
/// two branches run concurrently (`rayon::join`): stories (an online,
/// sequential pass) and quotes (extraction and clustering). On two cores
/// the quotes thus use the core the story pass leaves; the per-stage
/// seconds of the two branches overlap in wall-clock time. Facts are extracted
/// afterwards, story by story, with each story's disagreements and digest:
/// only one batch of stories' facts is ever in memory.
pub fn compute(articles: &[Article]) -> Results {
    let mut res = Results::default();
    let summary = compute_into(articles, &mut |rows| res.absorb(rows));
    res.pairs.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    res.quotes = summary.quotes;
    res.disagreements = summary.disagreements;
    res.stage_seconds = summary.stage_seconds;
    res
}

/// A batch of finished rows, as [`compute_into`] hands them out.
#[derive(Debug)]
pub enum Rows {
    /// The next related pairs: while alignment runs, as it finds them (in no
    /// particular order), then the duplicate pairs it did not align. Pairs
    /// the duplicate detector did not verify come without their measures
    /// (`jaccard`, `containment`: `None`), which follow in
    /// [`Rows::PairMeasures`].
    Pairs(Vec<PairRow>),
    /// Measures of pairs handed out before (one batch, after every pair).
    PairMeasures(Vec<PairMeasures>),
    /// Every passage cluster, biggest first (one batch).
    PassageClusters(Vec<PassageClusterRow>),
    /// Per-article rows of the next articles, story by story (the order of
    /// the story rows; articles no story lists come last).
    Articles(Vec<(String, ArticleResult)>),
    /// The next quote cluster rows: story by story (the order of the story
    /// rows), each story's in their final order (distinct articles
    /// descending, then id); clusters of no story come last.
    QuoteClusters(Vec<QuoteClusterRow>),
    /// The next story rows.
    Stories(Vec<StoryRow>),
}

impl Results {
    /// Add one batch of rows.
    fn absorb(&mut self, rows: Rows) {
        match rows {
            Rows::Pairs(p) => self.pairs.extend(p),
            Rows::PairMeasures(m) => {
                let at: HashMap<(&str, &str), usize> =
                    self.pairs.iter().enumerate().map(|(k, p)| ((p.a.as_str(), p.b.as_str()), k)).collect();
                let hits: Vec<(usize, &PairMeasures)> =
                    m.iter().filter_map(|x| at.get(&(x.a.as_str(), x.b.as_str())).map(|&k| (k, x))).collect();
                drop(at);
                for (k, x) in hits {
                    if let Some(p) = self.pairs.get_mut(k) {
                        p.jaccard = Some(x.jaccard);
                        p.containment = Some(x.containment);
                    }
                }
            }
            Rows::PassageClusters(c) => self.passage_clusters.extend(c),
            Rows::Articles(a) => self.per_article.extend(a),
            Rows::QuoteClusters(q) => self.quote_clusters.extend(q),
            Rows::Stories(s) => self.stories.extend(s),
        }
    }
}

impl Rows {
    /// Whether a writer that falls behind holds these rows back (the
    /// per-story pass's rows; the relations' rows come while alignment, which
    /// must not stand still, runs).
    fn waits(&self) -> bool {
        matches!(self, Rows::Articles(_) | Rows::QuoteClusters(_) | Rows::Stories(_))
    }
}

/// Batches [`analyze`] lets wait for its writer before the per-story pass
/// waits too.
const QUEUE: usize = 4;

/// Rows per batch handed to the sink of [`compute_into`].
const ROW_BATCH: usize = 4096;

/// [`compute`], handing the rows to `sink` in batches as they are finished
/// (pairs as alignment finds them, then their measures and the passage
/// clusters, before the story pass begins; then, a batch of stories at a time, the per-article
/// rows of their articles, their quote cluster rows and the story rows)
/// instead of collecting them, so a consumer that writes them away (the
/// store, in [`analyze`]) never holds a big corpus's rows at once. `sink` is
/// called from one thread at a time, not always the caller's (hence
/// `Send`). Returns the counts and stage timings (`seconds` left 0); the
/// `passage_clusters` and `story_detail` stages include the time `sink`
/// takes.
pub fn compute_into(articles: &[Article], sink: &mut (dyn FnMut(Rows) + Send)) -> AnalysisSummary {
    run(&Corpus::resident(articles), false, sink)
}

/// [`compute_into`] over a [`Corpus`] (every stage reads the texts it
/// needs from it, a chunk at a time). `stored_form`: the pair rows are for
/// a store (see [`PairRow::passages`]).
fn run(corpus: &Corpus<'_>, stored_form: bool, sink: &mut (dyn FnMut(Rows) + Send)) -> AnalysisSummary {
    let articles = corpus.articles();
    let mut sum = AnalysisSummary { articles: articles.len(), ..Default::default() };
    if articles.is_empty() {
        return sum;
    }
    let started = Instant::now();
    let index: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    // the relations stages hand their pairs to the sink as alignment finds
    // them and the passage clusters once they are known, so they are written
    // (and freed) while the analysis goes on
    let Relations { dd, relation_counts, family_of, role_of, family_json, stages } =
        relations(corpus, &index, stored_form, &mut *sink);
    // article → duplicate cluster (the story hints and the per-article rows)
    let mut dup_cluster: HashMap<&str, &str> = HashMap::new();
    for c in &dd.clusters {
        for m in &c.members {
            dup_cluster.insert(m.as_str(), c.cluster.as_str());
        }
    }
    // the story pass is sequential: quote extraction and clustering use the
    // other core meanwhile (beside dedup and alignment, which use both cores
    // themselves, they only slowed them down). (One after the other, 1M
    // articles took ~290 s longer and peaked as high: the story model alone
    // grows past 3 GB.)
    let ((story_ids, summaries, story_stages), qf) =
        rayon::join(|| stories(corpus, &dup_cluster, &family_of), || quotes(corpus));
    let mut clock = StageClock::new();
    clock.seconds.extend(stages);
    clock.seconds.extend(story_stages);
    clock.seconds.extend(qf.stages);
    let Quotes { quote_rows, n_quotes, clusters, .. } = qf;
    sum.relations = relation_counts;
    sum.duplicate_clusters =
        dd.clusters.iter().filter(|c| c.members.iter().any(|m| index.contains_key(m.as_str()))).count();
    let story_of: HashMap<&str, &str> =
        articles.iter().zip(&story_ids).map(|(a, s)| (a.id.as_str(), s.as_str())).collect();
    sum.quotes = n_quotes;

    // the articles of each story (the per-story pass below)
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (a, s) in articles.iter().zip(&story_ids) {
        if let Some(&i) = index.get(a.id.as_str()) {
            members.entry(s.as_str()).or_default().push(i);
        }
    }
    // each quote cluster's story: the one most of its occurrences belong to;
    // its row is made in the per-story pass below, which has the texts its
    // held form leaves to the articles
    sum.quote_clusters = clusters.len();
    let mut clusters_by_story: HashMap<&str, Vec<Held>> = HashMap::new();
    let mut orphans: Vec<Held> = Vec::new();
    let mut clusters = clusters.into_iter();
    loop {
        let chunk: Vec<Held> = clusters.by_ref().take(ROW_BATCH).collect();
        if chunk.is_empty() {
            break;
        }
        let stories: Vec<Option<&str>> = chunk
            .par_iter()
            .map(|c| {
                majority(
                    c.articles()
                        .filter_map(|i| articles.get(i as usize).and_then(|a| story_of.get(a.id.as_str())).copied()),
                )
            })
            .collect();
        for (c, story) in chunk.into_iter().zip(stories) {
            match story {
                Some(s) => clusters_by_story.entry(s).or_default().push(c),
                None => orphans.push(c),
            }
        }
    }
    clock.mark("rows");

    // 6. per story, a batch of stories at a time: the facts of its articles
    // (extracted here, so a corpus's facts are never all in memory), the
    // per-article rows, then disagreements and digest
    let mut done = vec![false; articles.len()];
    let mut facts_seconds = 0.0;
    let per_article = |idx: &[usize], loaded: &[Cow<'_, Article>], facts: &[Vec<newsfold_facts::Fact>]| {
        loaded
            .par_iter()
            .zip(facts.par_iter().zip(idx.par_iter()))
            .map(|(a, (fs, &i))| {
                let f: Vec<newsfold_facts::FactRecord> = fs.iter().map(newsfold_facts::FactRecord::from).collect();
                let row = ArticleResult {
                    story: story_of.get(a.id.as_str()).map(|s| s.to_string()),
                    dup_cluster: dup_cluster.get(a.id.as_str()).map(|s| s.to_string()),
                    family: family_of.get(a.id.as_str()).cloned(),
                    role: Some(role_of.get(a.id.as_str()).copied().unwrap_or("independent").to_string()),
                    quotes: quotes_json(&quote_rows, i, &a.text),
                    facts: to_raw(&f),
                };
                (a.id.clone(), row)
            })
            .collect::<Vec<(String, ArticleResult)>>()
    };
    // the facts of `loaded` (the articles `idx`), extracted now; their per-article rows go to `sink`
    let mut facts_of = |idx: &[usize],
                        loaded: &[Cow<'_, Article>],
                        sink: &mut (dyn FnMut(Rows) + Send)|
     -> Vec<Vec<newsfold_facts::Fact>> {
        let t = Instant::now();
        let facts: Vec<Vec<newsfold_facts::Fact>> =
            loaded.par_iter().map(|a| newsfold_facts::extract_facts(a)).collect();
        facts_seconds += t.elapsed().as_secs_f64();
        sink(Rows::Articles(per_article(idx, loaded, &facts)));
        facts
    };
    for from in (0..summaries.len()).step_by(ROW_BATCH) {
        let chunk: Vec<newsfold_stories::StorySummary> =
            (from..(from + ROW_BATCH).min(summaries.len())).filter_map(|i| summaries.get(i)).collect();
        let chunk = chunk.as_slice();
        let of_story =
            |s: &newsfold_stories::StorySummary| members.get(s.story.as_str()).map(Vec::as_slice).unwrap_or_default();
        // every article of these stories, story by story (`starts[k]`: where story k's articles begin)
        let mut idx: Vec<usize> = Vec::new();
        let mut starts = Vec::with_capacity(chunk.len() + 1);
        for s in chunk {
            starts.push(idx.len());
            idx.extend(of_story(s).iter().copied().filter(|&i| !std::mem::replace(&mut done[i], true)));
        }
        starts.push(idx.len());
        let loaded = corpus.load(&idx);
        let facts = facts_of(&idx, &loaded, &mut *sink);
        // these stories' quote clusters (their rows now, the details below)
        // and the texts they read: their articles', and those of
        // occurrences in other stories' articles
        let held: Vec<Vec<HeldCluster>> = chunk
            .iter()
            .map(|s| {
                let cs = clusters_by_story.remove(s.story.as_str()).unwrap_or_default();
                cs.into_iter().filter_map(|c| expand(c, &quote_rows)).collect()
            })
            .collect();
        let at_hand: HashMap<usize, usize> = idx.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let others = texts_elsewhere(held.iter().flatten(), &at_hand, articles.len());
        let other_texts = corpus.load(&others);
        let texts = cluster_texts(held.iter().flatten(), (&at_hand, &loaded), (&others, &other_texts));
        let of_story: Vec<(Option<&str>, &HeldCluster)> =
            chunk.iter().zip(&held).flat_map(|(s, cs)| cs.iter().map(|c| (Some(s.story.as_str()), c))).collect();
        sink(Rows::QuoteClusters(quote_cluster_rows(&of_story, articles, &texts)));
        let story_rows: Vec<(StoryRow, usize)> = chunk
            .par_iter()
            .enumerate()
            .map(|(k, s)| {
                let (from, to) = (starts[k], starts[k + 1]);
                let story_clusters = held.get(k).map(Vec::as_slice).unwrap_or_default();
                let (detail, n_dis) = story_detail(
                    &s.story,
                    articles,
                    &loaded[from..to],
                    &facts[from..to],
                    &role_of,
                    &family_of,
                    &family_json,
                    story_clusters,
                    &texts,
                );
                let row = StoryRow {
                    id: s.story.clone(),
                    title: s.title.clone(),
                    articles: s.articles,
                    outlets: s.outlets,
                    first: s.first,
                    last: s.last,
                    summary: json!({"key_terms": s.key_terms, "entities": s.entities, "related": s.related}),
                    detail,
                };
                (row, n_dis)
            })
            .collect();
        let mut out = Vec::with_capacity(story_rows.len());
        for (row, n) in story_rows {
            sum.disagreements += n;
            out.push(row);
        }
        sum.stories += out.len();
        sink(Rows::Stories(out));
    }
    // articles no story lists (none, when the story pass saw every article)
    let rest: Vec<usize> = (0..articles.len()).filter(|&i| !done[i]).collect();
    for idx in rest.chunks(ROW_BATCH) {
        facts_of(idx, &corpus.load(idx), &mut *sink);
    }
    // quote clusters of no story (none, when every article has one)
    orphans.extend(clusters_by_story.into_values().flatten());
    let orphans: Vec<HeldCluster> = orphans.into_iter().filter_map(|c| expand(c, &quote_rows)).collect();
    for chunk in orphans.chunks(ROW_BATCH) {
        let none_at_hand = HashMap::new();
        let others = texts_elsewhere(chunk.iter(), &none_at_hand, articles.len());
        let other_texts = corpus.load(&others);
        let texts = cluster_texts(chunk.iter(), (&none_at_hand, &[]), (&others, &other_texts));
        let rows: Vec<(Option<&str>, &HeldCluster)> = chunk.iter().map(|c| (None, c)).collect();
        sink(Rows::QuoteClusters(quote_cluster_rows(&rows, articles, &texts)));
    }
    clock.mark("story_detail");
    // the fact extraction inside that pass is its own stage
    if let Some(d) = clock.seconds.get_mut("story_detail") {
        *d = (*d - facts_seconds).max(0.0);
    }
    clock.seconds.insert("facts".into(), facts_seconds);
    tracing::info!(stage = "facts", seconds = facts_seconds, "stage done (within story_detail)");
    sum.stage_seconds = clock.seconds;
    sum.stage_seconds.insert("compute".into(), started.elapsed().as_secs_f64());
    sum
}

/// What the stages after alignment need of a related pair (its row went to
/// the sink): articles by index, relation, and whether it has its measures.
#[derive(Debug, Clone, Copy)]
struct PairLite {
    a: u32,
    b: u32,
    /// Index into [`Found::relations`].
    relation: u8,
    /// Jaccard and containment are known (dedup verified the pair).
    measured: bool,
}

/// One aligned passage's spans (articles by index, char offsets).
#[derive(Debug, Clone, Copy)]
struct Span {
    a: u32,
    b: u32,
    a_start: u32,
    a_end: u32,
    b_start: u32,
    b_end: u32,
}

/// The relation names seen, so a [`PairLite`] holds a byte.
#[derive(Debug, Default)]
struct RelationNames(Vec<String>);

impl RelationNames {
    fn code(&mut self, name: &str) -> u8 {
        let at = self.0.iter().position(|x| x == name).unwrap_or_else(|| {
            self.0.push(name.to_string());
            self.0.len() - 1
        });
        u8::try_from(at).unwrap_or(u8::MAX)
    }

    fn name(&self, code: u8) -> &str {
        self.0.get(usize::from(code)).map_or("", String::as_str)
    }
}

/// The pairs found so far: what later stages need of each, and the rows
/// not yet handed to the sink.
#[derive(Debug, Default)]
struct Found {
    lite: Vec<PairLite>,
    /// Each pair's spans together, in its passages' order.
    spans: Vec<Span>,
    batch: Vec<PairRow>,
    relations: RelationNames,
}

impl Found {
    /// Record `row`; a full batch of rows comes back, for the sink.
    fn add(&mut self, row: PairRow, pos: &impl Fn(&str) -> usize) -> Option<Vec<PairRow>> {
        let ix = |id: &str| u32::try_from(pos(id)).unwrap_or(u32::MAX);
        let (a, b) = (ix(&row.a), ix(&row.b));
        let off = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        self.lite.push(PairLite {
            a,
            b,
            relation: self.relations.code(&row.relation),
            measured: row.jaccard.is_some(),
        });
        self.spans.extend(row.passages.iter().map(|q| Span {
            a,
            b,
            a_start: off(q.a_start),
            a_end: off(q.a_end),
            b_start: off(q.b_start),
            b_end: off(q.b_end),
        }));
        self.batch.push(row);
        (self.batch.len() >= ROW_BATCH).then(|| std::mem::take(&mut self.batch))
    }
}

/// What the duplicates → reuse stages of [`compute`] found.
struct Relations {
    dd: newsfold_dedup::DedupReport,
    /// Related pairs by relation (the pairs themselves went to the sink).
    relation_counts: BTreeMap<String, usize>,
    family_of: HashMap<String, String>,
    role_of: HashMap<String, &'static str>,
    /// Each family's JSON (with its id), serialised: it waits for the story
    /// details through the story pass, and a `Value` tree is several times
    /// the size of its text.
    family_json: HashMap<String, Box<RawValue>>,
    stages: BTreeMap<String, f64>,
}

/// Duplicates and reuse (passages, copy graph, roles). The pair rows and
/// passage clusters go to `sink` once the roles are known (before the story
/// pass, which does not need them).
fn relations(
    corpus: &Corpus<'_>,
    index: &HashMap<&str, usize>,
    stored_form: bool,
    sink: &mut (dyn FnMut(Rows) + Send),
) -> Relations {
    let mut clock = StageClock::new();
    // 1. duplicates: exact and near-duplicate clusters (the authority on those relations)
    let dp = newsfold_dedup::DedupParams::default();
    let mut dd = newsfold_dedup::find_duplicates_in(corpus, &dp);
    clock.mark("dedup");

    // 2. reuse: aligned passages, rewrites, shared passages, copy graph.
    // Streamed: each related pair becomes its row as soon as it is aligned,
    // and the rows go to the sink a batch at a time while alignment goes on
    // (a big corpus's pairs, with the texts of their passages, are
    // gigabytes: held until the roles were known, they were the largest
    // part of alignment's peak). What the later stages need of a pair stays:
    // its articles, relation and spans ([`PairLite`]). The copy pairs keep
    // what the copy graph reads (no texts), and rows for a store are made in
    // their stored form (one text per `eq` op).
    let pos = |id: &str| index.get(id).copied().unwrap_or(usize::MAX);
    // dedup's verified pairs (the authority on duplicates) take the passages
    // alignment finds for them; the rest are written after alignment
    let mut verified: HashMap<(usize, usize), PairRow> = HashMap::new();
    for p in std::mem::take(&mut dd.pairs) {
        let (a, b) = if p.a <= p.b { (p.a, p.b) } else { (p.b, p.a) };
        let at = (pos(&a), pos(&b));
        let row = PairRow {
            a,
            b,
            relation: p.relation,
            jaccard: Some(p.jaccard),
            containment: Some(p.containment),
            passages: Vec::new(),
        };
        verified.insert(at, row);
    }
    let verified = Mutex::new(verified);
    let found: Mutex<Found> = Mutex::new(Found::default());
    let sink = Mutex::new(sink);
    let copies: Mutex<Vec<newsfold_align::PairAnalysis>> = Mutex::new(Vec::new());
    newsfold_align::for_each_related_pair_in(corpus, &newsfold_align::AlignParams::default(), |mut pa| {
        // the ops move into the row; a copy pair keeps what the copy graph reads
        let rec = pa.take_record();
        let swap = rec.a > rec.b;
        let passages: Vec<newsfold_align::PassageRecord> = rec
            .passages
            .into_iter()
            .map(|q| if swap { q.swapped() } else { q })
            .map(|q| if stored_form { q.into_stored() } else { q })
            .collect();
        let (a, b) = ordered(&rec.a, &rec.b);
        if pa.relation.is_copy()
            && let Ok(mut c) = copies.lock()
        {
            c.push(pa);
        }
        let dedup_row = verified.lock().ok().and_then(|mut v| v.remove(&(pos(&a), pos(&b))));
        let row = match dedup_row {
            Some(row) => PairRow { passages, ..row },
            None => {
                // an alignment-only "duplicate" is kept as shared passages
                let relation = match rec.relation.as_str() {
                    "exact" | "near_duplicate" => "shares_passages".to_string(),
                    _ => rec.relation,
                };
                PairRow { a, b, relation, jaccard: None, containment: None, passages }
            }
        };
        let full = found.lock().ok().and_then(|mut f| f.add(row, &pos));
        if let (Some(rows), Ok(mut sink)) = (full, sink.lock()) {
            (*sink)(Rows::Pairs(rows));
        }
    });
    let mut found = found.into_inner().unwrap_or_default();
    let mut copies = copies.into_inner().unwrap_or_default();
    let sink = sink.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    // the verified pairs alignment did not find (no passages)
    let mut rest: Vec<PairRow> = verified.into_inner().unwrap_or_default().into_values().collect();
    rest.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    for row in rest {
        if let Some(rows) = found.add(row, &pos) {
            sink(Rows::Pairs(rows));
        }
    }
    let Found { mut lite, mut spans, batch, relations } = found;
    sink(Rows::Pairs(batch));
    // the order analyze_corpus gives (input order of a, then b): provenance is deterministic
    copies.sort_by_key(|p| (pos(&p.a), pos(&p.b)));
    clock.mark("align");
    let families = newsfold_align::provenance_in(corpus, &copies);
    drop(copies);
    clock.mark("provenance");
    lite.sort_unstable_by_key(|p| (p.a, p.b));
    clock.mark("pairs");
    // rewrites and shared passages: shingle overlap too, so every pair carries
    // both measures. Each article involved is sketched once (not once per pair).
    let mut need: Vec<usize> = lite.iter().filter(|p| !p.measured).flat_map(|p| [p.a as usize, p.b as usize]).collect();
    need.sort_unstable();
    need.dedup();
    let mut shingles: HashMap<usize, Vec<u32>> = HashMap::with_capacity(need.len());
    for chunk in need.chunks(TEXT_CHUNK) {
        let loaded = corpus.load(chunk);
        shingles.par_extend(
            chunk.par_iter().zip(loaded.par_iter()).map(|(&i, a)| (i, newsfold_dedup::sketch(a, &dp, None).shingles)),
        );
    }
    let articles = corpus.articles();
    let id = |i: u32| articles.get(i as usize).map(|a| a.id.as_str());
    let measures: Vec<PairMeasures> = lite
        .par_iter()
        .filter(|p| !p.measured)
        .filter_map(|p| {
            let sa = shingles.get(&(p.a as usize))?;
            let sb = shingles.get(&(p.b as usize))?;
            let (jac, con) = newsfold_dedup::jaccard_containment(sa, sb);
            Some(PairMeasures {
                a: id(p.a)?.to_string(),
                b: id(p.b)?.to_string(),
                jaccard: (jac * 10_000.0).round() / 10_000.0,
                containment: (con * 10_000.0).round() / 10_000.0,
            })
        })
        .collect();
    drop(shingles);
    sink(Rows::PairMeasures(measures));
    clock.mark("pair_measures");

    // roles from the copy graph
    let mut relation_of: HashMap<(&str, &str), &str> = HashMap::new();
    for p in &lite {
        if let (Some(a), Some(b)) = (id(p.a), id(p.b)) {
            relation_of.insert((a, b), relations.name(p.relation));
            relation_of.insert((b, a), relations.name(p.relation));
        }
    }
    let mut family_of: HashMap<String, String> = HashMap::new();
    let mut role_of: HashMap<String, &'static str> = HashMap::new();
    let mut family_json: HashMap<String, Box<RawValue>> = HashMap::new();
    for f in &families {
        let fid = format!("f{:012x}", newsfold_core::hash_str(&f.original) & 0xffff_ffff_ffff);
        let copying: Vec<&newsfold_align::Edge> = f
            .edges
            .iter()
            .filter(|e| {
                matches!(
                    relation_of.get(&(e.source.as_str(), e.copy.as_str())),
                    Some(&("exact" | "near_duplicate" | "rewrite"))
                )
            })
            .collect();
        if copying.is_empty() {
            continue;
        }
        role_of.insert(f.original.clone(), "original");
        for e in &copying {
            let r = relation_of.get(&(e.source.as_str(), e.copy.as_str())).copied().unwrap_or("");
            role_of.insert(e.copy.clone(), if r == "rewrite" { "rewrite" } else { "copy" });
        }
        for m in &f.members {
            family_of.insert(m.clone(), fid.clone());
        }
        let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
        if let Some(o) = v.as_object_mut() {
            o.insert("id".into(), Value::String(fid.clone()));
        }
        family_json.insert(fid, to_raw(&v));
    }
    drop(relation_of);
    clock.mark("roles");
    let mut relation_counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in &lite {
        *relation_counts.entry(relations.name(p.relation).to_string()).or_default() += 1;
    }
    drop(lite);
    // the spans in the order of their pairs' ids, each pair's as aligned
    spans.sort_by(|x, y| (id(x.a), id(x.b)).cmp(&(id(y.a), id(y.b))));
    let links = spans.iter().filter_map(|x| {
        Some(((id(x.a)?, x.a_start as usize, x.a_end as usize), (id(x.b)?, x.b_start as usize, x.b_end as usize)))
    });
    let passage_clusters = passage_cluster_rows(corpus, index, links);
    drop(spans);
    sink(Rows::PassageClusters(passage_clusters));
    clock.mark("passage_clusters");

    Relations { dd, relation_counts, family_of, role_of, family_json, stages: clock.seconds }
}

/// Stories: duplicate clusters (`dup_cluster`: article → cluster) and copy
/// families (`family_of`) always land together. Returns each article's
/// story, the summaries and the stage time.
fn stories(
    corpus: &Corpus<'_>,
    dup_cluster: &HashMap<&str, &str>,
    family_of: &HashMap<String, String>,
) -> (Vec<String>, newsfold_stories::Summaries, BTreeMap<String, f64>) {
    let mut clock = StageClock::new();
    let articles = corpus.articles();
    let hints: Vec<Option<String>> = articles
        .iter()
        .map(|a| {
            family_of.get(a.id.as_str()).cloned().or_else(|| dup_cluster.get(a.id.as_str()).map(|c| c.to_string()))
        })
        .collect();
    let (stories, summaries) =
        newsfold_stories::assign_stories_compact_in(corpus, &hints, &newsfold_stories::StoryParams::default());
    clock.mark("stories");
    (stories, summaries, clock.seconds)
}

/// An article's quotes as stored: `[{"quote_start","quote_end","quote","speaker"}]`.
/// `i` is the article's index in `kept`, `article_text` its text.
fn quotes_json(kept: &KeptQuotes, i: usize, article_text: &str) -> Box<RawValue> {
    let quotes = kept.of(i);
    // (the char map only when a quote's words are to be read from the text)
    let article_text = quotes.iter().any(|q| kept.text(q).is_none()).then(|| CharText::new(article_text));
    let rows: Vec<QuoteRow> = quotes
        .iter()
        .map(|q| {
            let (start, end) = (q.start as usize, q.end as usize);
            QuoteRow {
                quote_start: start,
                quote_end: end,
                quote: kept.text(q).or_else(|| article_text.as_ref()?.chars(start, end)).unwrap_or(""),
                speaker: kept.speaker(q),
            }
        })
        .collect();
    to_raw(&rows)
}

/// Articles whose quotes are extracted at a time.
const QUOTE_CHUNK: usize = 4096;

/// Articles read at a time by the other chunked passes.
const TEXT_CHUNK: usize = 8192;

/// What the quotes branch of [`compute`] found.
struct Quotes {
    /// Every article's quotes as they wait for its row.
    quote_rows: KeptQuotes,
    n_quotes: usize,
    clusters: Vec<Held>,
    stages: BTreeMap<String, f64>,
}

/// Quotes per article and clustered across articles.
fn quotes(corpus: &Corpus<'_>) -> Quotes {
    let mut clock = StageClock::new();
    let articles = corpus.articles();
    // 4. quotes, per article and clustered across articles: each chunk's
    // quotes are extracted in parallel, kept for the articles' rows, and
    // split into clustering units (the quotes themselves are then dropped)
    // (the quotes' words that are their articles' own are kept as spans)
    let mut clusterer = newsfold_quotes::QuoteClusterer::dropping_own_texts();
    // the article (index into `articles`) of each clustered item
    let mut at: Vec<usize> = Vec::new();
    let mut quote_rows = KeptQuotes::with_capacity(articles.len());
    let all: Vec<usize> = (0..articles.len()).collect();
    for idx in all.chunks(QUOTE_CHUNK) {
        let loaded = corpus.load(idx);
        let qs: Vec<(Vec<newsfold_quotes::Quote>, Vec<bool>)> = loaded
            .par_iter()
            .map(|a| {
                let qs = newsfold_quotes::extract_quotes(&a.text);
                let own = crate::kept::own_texts(&qs, &a.text);
                (qs, own)
            })
            .collect();
        for (a, (&k, (q, own))) in loaded.iter().zip(idx.iter().zip(qs)) {
            quote_rows.push(&q, &own);
            if !q.is_empty() {
                at.push(k);
                let item = newsfold_quotes::ArticleRef { id: a.id.clone(), outlet: a.outlet.clone(), date: a.date };
                clusterer.add_with_text(item, &q, &a.text);
            }
        }
    }
    quote_rows.seal();
    let n_quotes = quote_rows.len();
    clock.mark("quotes_extract");
    // each cluster is held compactly as soon as it is built
    let clusters = clusterer.finish(|c, src| Held::new(c, src, &at, &quote_rows));
    clock.mark("quotes_cluster");
    Quotes { quote_rows, n_quotes, clusters, stages: clock.seconds }
}

#[allow(clippy::too_many_arguments)]
fn story_detail(
    story: &str,
    // every article (the quote clusters' occurrences index them)
    articles: &[Article],
    // the story's articles, whole
    members: &[Cow<'_, Article>],
    // the facts of each of `members`, in that order
    facts: &[Vec<newsfold_facts::Fact>],
    role_of: &HashMap<String, &'static str>,
    family_of: &HashMap<String, String>,
    family_json: &HashMap<String, Box<RawValue>>,
    clusters: &[HeldCluster],
    // the texts `clusters` read
    texts: &Texts<'_>,
) -> (Box<RawValue>, usize) {
    if members.len() < 2 {
        // one article: no digest, but it can still contradict itself
        // ("at least four died" against three dead named)
        let own: Vec<newsfold_facts::Fact> = facts.iter().flatten().cloned().collect();
        let dates: HashMap<String, Option<DateTime<Utc>>> = members.iter().map(|a| (a.id.clone(), a.date)).collect();
        let dis = if own.len() >= 2 { newsfold_facts::find_disagreements(&own, &dates) } else { Vec::new() };
        let n = dis.len();
        return if n == 0 { (to_raw(&json!({})), 0) } else { (to_raw(&json!({"disagreements": dis})), n) };
    }
    let story_facts: Vec<newsfold_facts::Fact> = facts.iter().flatten().cloned().collect();
    let dates: HashMap<String, Option<DateTime<Utc>>> = members.iter().map(|a| (a.id.clone(), a.date)).collect();
    let mut disagreements = newsfold_facts::find_disagreements(&story_facts, &dates);
    let quote_inputs: Vec<newsfold_facts::QuoteInput> =
        clusters.iter().map(|c| quote_input(c, articles, texts)).collect();
    disagreements.extend(newsfold_facts::quote_disagreements(&quote_inputs));
    let mut fams: Vec<&RawValue> = Vec::new();
    let mut seen = HashSet::new();
    for a in members {
        if let Some(f) = family_of.get(a.id.as_str())
            && seen.insert(f.clone())
            && let Some(v) = family_json.get(f)
        {
            fams.push(v);
        }
    }
    let input = newsfold_facts::DigestInput {
        story_id: story.to_string(),
        articles: members
            .iter()
            .map(|a| newsfold_facts::DigestArticle::of(a, role_of.get(a.id.as_str()).copied().unwrap_or("independent")))
            .collect(),
        quotes: clusters.iter().map(|c| digest_quote(c, articles, texts)).collect(),
        disagreements: disagreements.clone(),
    };
    let digest = newsfold_facts::build_digest(&input);
    let n = disagreements.len();
    // what `json!({"families", "disagreements", "digest"})` wrote (an object's
    // keys in order; each value as its `Value`), the families as they are kept
    #[derive(Serialize)]
    struct Detail<'a> {
        digest: Value,
        disagreements: Value,
        families: Vec<&'a RawValue>,
    }
    let detail = Detail {
        digest: serde_json::to_value(&digest).unwrap_or(Value::Null),
        disagreements: serde_json::to_value(&disagreements).unwrap_or(Value::Null),
        families: fams,
    };
    (to_raw(&detail), n)
}

fn quote_input(c: &HeldCluster, articles: &[Article], texts: &Texts<'_>) -> newsfold_facts::QuoteInput {
    newsfold_facts::QuoteInput {
        cluster: c.id(),
        canonical: c.canonical(texts).unwrap_or_default().to_string(),
        variants: c
            .occurrences
            .iter()
            .map(|o| newsfold_facts::QuoteVariant {
                article: article_id(articles, o.article as usize),
                text: c.text(o, texts).unwrap_or_default().to_string(),
                speaker: c.speaker_of(o).map(str::to_string),
            })
            .collect(),
    }
}

fn digest_quote(c: &HeldCluster, articles: &[Article], texts: &Texts<'_>) -> newsfold_facts::DigestQuote {
    let mut arts: Vec<String> = c.occurrences.iter().map(|o| article_id(articles, o.article as usize)).collect();
    arts.dedup();
    newsfold_facts::DigestQuote {
        text: c.canonical(texts).unwrap_or_default().to_string(),
        speaker: c.speaker.as_deref().map(str::to_string),
        articles: arts,
    }
}

/// The id of `articles[i]` (empty if out of range, which cannot happen for
/// the indices a [`HeldCluster`] holds).
fn article_id(articles: &[Article], i: usize) -> String {
    articles.get(i).map(|a| a.id.clone()).unwrap_or_default()
}

/// The articles whose texts `clusters` read that are not at hand (`at_hand`:
/// article → its place among the loaded ones), sorted.
fn texts_elsewhere<'a>(
    clusters: impl Iterator<Item = &'a HeldCluster>,
    at_hand: &HashMap<usize, usize>,
    n: usize,
) -> Vec<usize> {
    let mut out: Vec<usize> = clusters
        .flat_map(HeldCluster::text_articles)
        .map(|i| i as usize)
        .filter(|i| *i < n && !at_hand.contains_key(i))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The texts `clusters` read, from the articles at hand (`here.0`: article →
/// its place in `here.1`) and `elsewhere.0` (sorted, loaded as `elsewhere.1`).
fn cluster_texts<'a>(
    clusters: impl Iterator<Item = &'a HeldCluster>,
    here: (&HashMap<usize, usize>, &'a [Cow<'_, Article>]),
    elsewhere: (&[usize], &'a [Cow<'_, Article>]),
) -> Texts<'a> {
    let mut texts: Texts<'a> = HashMap::new();
    for i in clusters.flat_map(HeldCluster::text_articles) {
        if texts.contains_key(&i) {
            continue;
        }
        let at = i as usize;
        let a = match here.0.get(&at) {
            Some(&k) => here.1.get(k),
            None => elsewhere.0.binary_search(&at).ok().and_then(|k| elsewhere.1.get(k)),
        };
        if let Some(a) = a {
            texts.insert(i, CharText::new(&a.text));
        }
    }
    texts
}

/// The rows of quote clusters (with their stories), in parallel, in order.
fn quote_cluster_rows(
    clusters: &[(Option<&str>, &HeldCluster)],
    articles: &[Article],
    texts: &Texts<'_>,
) -> Vec<QuoteClusterRow> {
    clusters
        .par_iter()
        .filter_map(|&(story, c)| {
            let Some(q) = c.restore(articles, texts) else {
                tracing::warn!(cluster = %c.id(), "a quote cluster's article text could not be read; its row is left out");
                return None;
            };
            let data = q.stored_json().ok().and_then(|j| RawValue::from_string(j).ok());
            Some(QuoteClusterRow {
                story: story.map(str::to_string),
                speaker: q.speaker.clone(),
                occurrences: q.occurrences.len(),
                data: data.unwrap_or_else(|| RawValue::NULL.to_owned()),
                id: q.id,
                canonical: q.canonical,
            })
        })
        .collect()
}

/// `c` as a [`HeldCluster`], its quote read from `kept` (`None`, logged,
/// when it is not there, which cannot happen for the clusters made with it).
fn expand(c: Held, kept: &KeptQuotes) -> Option<HeldCluster> {
    c.expand(kept)
        .map_err(|c| {
            tracing::warn!(cluster = c.id(), "a quote cluster's quote was not kept; its row is left out");
        })
        .ok()
}

fn majority<'a>(it: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in it {
        *counts.entry(s).or_default() += 1;
    }
    counts.into_iter().max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(x.0))).map(|(s, _)| s)
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) }
}

/// Passage clusters from the aligned passages of every pair: spans aligned
/// to each other are linked, overlapping spans of one article are one
/// occurrence (`newsfold_align::cluster_spans`).
fn passage_cluster_rows<'a>(
    corpus: &Corpus<'_>,
    index: &HashMap<&str, usize>,
    links: impl IntoIterator<Item = ((&'a str, usize, usize), (&'a str, usize, usize))>,
) -> Vec<PassageClusterRow> {
    let articles = corpus.articles();
    let clusters = newsfold_align::cluster_spans(links);
    let mut rows: Vec<PassageClusterRow> = clusters
        .into_par_iter()
        .map(|c| {
            let art = |id: &str| index.get(id).and_then(|&i| articles.get(i));
            let mut occurrences: Vec<PassageOccurrenceRow> = c
                .occurrences
                .into_iter()
                .map(|o| {
                    let a = art(&o.article);
                    PassageOccurrenceRow {
                        outlet: a.and_then(|a| a.outlet.clone()),
                        date: a.and_then(|a| a.date),
                        article: o.article,
                        start: o.start,
                        end: o.end,
                    }
                })
                .collect();
            // earliest first (a day-only date after the timed articles of that
            // day), undated last; then by id and offset (deterministic)
            occurrences.sort_by(|x, y| {
                (chrono_key(x.date), &x.article, x.start).cmp(&(chrono_key(y.date), &y.article, y.start))
            });
            // (the text, of the earliest occurrence, is filled in below)
            let text = String::new();
            let key = first_by_id(&occurrences).map(|o| format!("{}\u{1f}{}", o.article, o.start)).unwrap_or_default();
            let cluster = passage_cluster_id(&key);
            let outlets: HashSet<&str> = occurrences.iter().filter_map(|o| o.outlet.as_deref()).collect();
            PassageClusterRow { cluster, articles: c.articles, outlets: outlets.len(), text, occurrences }
        })
        .collect();
    // Two clusters can start at the same offset of the same article (a short
    // passage and a long one that does not overlap it enough to merge): those
    // take the end of that first span into their id, so ids stay unique.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        *seen.entry(r.cluster.clone()).or_default() += 1;
    }
    for r in rows.iter_mut().filter(|r| seen.get(&r.cluster).is_some_and(|&n| n > 1)) {
        if let Some(o) = first_by_id(&r.occurrences) {
            r.cluster = passage_cluster_id(&format!("{}\u{1f}{}\u{1f}{}", o.article, o.start, o.end));
        }
    }
    // each cluster's text: the words of its earliest occurrence, the
    // articles' texts read a chunk at a time
    let mut want: Vec<(usize, usize)> = rows
        .iter()
        .enumerate()
        .filter_map(|(r, row)| row.occurrences.first().and_then(|o| index.get(o.article.as_str())).map(|&i| (i, r)))
        .collect();
    want.sort_unstable();
    for chunk in want.chunks(TEXT_CHUNK) {
        let loaded = LoadedSet::load(corpus, chunk.iter().map(|&(i, _)| i));
        let texts: Vec<(usize, String)> = chunk
            .par_iter()
            .filter_map(|&(i, r)| {
                let a = loaded.get(i)?;
                let o = rows.get(r)?.occurrences.first()?;
                let s: String = a.text.chars().skip(o.start).take(o.end.saturating_sub(o.start)).collect();
                Some((r, clip_chars(s.trim(), 600)))
            })
            .collect();
        for (r, t) in texts {
            if let Some(row) = rows.get_mut(r) {
                row.text = t;
            }
        }
    }
    rows
}

/// The occurrence a passage cluster's id is made from: the first by article
/// id, then span (not by date, so an id does not move when dates are fixed).
fn first_by_id(occurrences: &[PassageOccurrenceRow]) -> Option<&PassageOccurrenceRow> {
    occurrences.iter().min_by(|x, y| (&x.article, x.start, x.end).cmp(&(&y.article, y.start, y.end)))
}

/// `p` + 12 hex digits of the hash of `key`.
fn passage_cluster_id(key: &str) -> String {
    format!("p{:012x}", newsfold_core::hash_str(key) & 0xffff_ffff_ffff)
}

fn clip_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Writes analysis rows into one transaction that first empties every
/// analysis table: the store holds the old analysis or the whole new one,
/// never a mix. Statements are prepared once per connection (cached).
struct RowWriter<'c> {
    tx: rusqlite::Transaction<'c>,
    /// The analysis tables' secondary indexes (`CREATE INDEX` statements as
    /// the schema has them), dropped while the rows go in and built again
    /// at commit: one sort per index instead of a random B-tree insert per
    /// row and index (story and cluster ids are hashes).
    indexes: Vec<String>,
}

/// The tables an analysis replaces.
const ANALYSIS_TABLES: [&str; 6] =
    ["analysis", "pairs", "stories", "quote_clusters", "passage_occurrences", "passage_clusters"];

impl<'c> RowWriter<'c> {
    fn begin(store: &'c mut Store) -> Result<RowWriter<'c>> {
        let tx = store.conn_mut().transaction()?;
        for t in ANALYSIS_TABLES {
            tx.execute(&format!("DELETE FROM {t}"), [])?;
        }
        let mut indexes: Vec<(String, String)> = Vec::new();
        {
            // automatic indexes (primary keys, UNIQUE) have no SQL and stay
            let tables: Vec<String> = ANALYSIS_TABLES.iter().map(|t| format!("'{t}'")).collect();
            let mut st = tx.prepare(&format!(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({})",
                tables.join(", ")
            ))?;
            let found = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in found {
                indexes.push(row?);
            }
        }
        // (dropped once the schema query is finished: it locks sqlite_master)
        for (name, _) in &indexes {
            tx.execute(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")), [])?;
        }
        let indexes = indexes.into_iter().map(|(_, sql)| sql).collect();
        Ok(RowWriter { tx, indexes })
    }

    /// Write a batch, freeing its big rows as they are written (the pairs of
    /// a big corpus, with their passages, come as one batch of gigabytes).
    fn write(&self, rows: Rows) -> Result<()> {
        match rows {
            Rows::Pairs(p) => self.pairs(p),
            Rows::PairMeasures(m) => self.pair_measures(&m),
            Rows::PassageClusters(c) => self.passage_clusters(&c),
            Rows::Articles(a) => self.articles(a.iter().map(|(id, r)| (id, r))),
            Rows::QuoteClusters(q) => self.quote_clusters(&q),
            Rows::Stories(s) => self.stories(&s),
        }
    }

    fn articles<'a>(&self, rows: impl IntoIterator<Item = (&'a String, &'a ArticleResult)>) -> Result<()> {
        // OR REPLACE: a repeated id keeps its last row, as `Results::per_article` does
        let mut st = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO analysis (article_id, story, dup_cluster, family, role, quotes, facts) VALUES (?1,?2,?3,?4,?5,?6,?7)",
        )?;
        for (id, a) in rows {
            st.execute(params![id, a.story, a.dup_cluster, a.family, a.role, a.quotes.get(), a.facts.get()])?;
        }
        Ok(())
    }

    fn pairs<P: std::borrow::Borrow<PairRow>>(&self, rows: impl IntoIterator<Item = P>) -> Result<()> {
        let mut st = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO pairs (a, b, relation, jaccard, containment, passages) VALUES (?1,?2,?3,?4,?5,?6)",
        )?;
        for p in rows {
            let p = p.borrow();
            // stored form (repeated `eq` texts left out); read::related restores it
            let passages = newsfold_align::stored_passages_json(&p.passages).ok();
            st.execute(params![p.a, p.b, p.relation, p.jaccard, p.containment, passages])?;
        }
        Ok(())
    }

    fn pair_measures(&self, rows: &[PairMeasures]) -> Result<()> {
        let mut st =
            self.tx.prepare_cached("UPDATE pairs SET jaccard = ?3, containment = ?4 WHERE a = ?1 AND b = ?2")?;
        for m in rows {
            st.execute(params![m.a, m.b, m.jaccard, m.containment])?;
        }
        Ok(())
    }

    fn stories(&self, rows: &[StoryRow]) -> Result<()> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO stories (id, title, articles, outlets, first, last, summary, detail) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        )?;
        for s in rows {
            st.execute(params![
                s.id,
                s.title,
                s.articles as i64,
                s.outlets as i64,
                s.first.map(|d| d.to_rfc3339()),
                s.last.map(|d| d.to_rfc3339()),
                serde_json::to_string(&s.summary).unwrap_or_else(|_| "{}".into()),
                s.detail.get()
            ])?;
        }
        Ok(())
    }

    fn quote_clusters(&self, rows: &[QuoteClusterRow]) -> Result<()> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO quote_clusters (id, story, canonical, speaker, occurrences, data) VALUES (?1,?2,?3,?4,?5,?6)",
        )?;
        for q in rows {
            st.execute(params![q.id, q.story, q.canonical, q.speaker, q.occurrences as i64, q.data.get()])?;
        }
        Ok(())
    }

    fn passage_clusters(&self, rows: &[PassageClusterRow]) -> Result<()> {
        let mut st = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO passage_clusters (id, articles, outlets, text, data) VALUES (?1,?2,?3,?4,?5)",
        )?;
        let mut occ = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO passage_occurrences (cluster, article_id, start_char, end_char) VALUES (?1,?2,?3,?4)",
        )?;
        for c in rows {
            let data = serde_json::to_string(c).unwrap_or_else(|_| "{}".into());
            st.execute(params![c.cluster, c.articles as i64, c.outlets as i64, c.text, data])?;
            for o in &c.occurrences {
                occ.execute(params![c.cluster, o.article, o.start as i64, o.end as i64])?;
            }
        }
        Ok(())
    }

    fn commit(self) -> Result<()> {
        for sql in &self.indexes {
            self.tx.execute(sql, [])?;
        }
        self.tx.commit()?;
        Ok(())
    }
}

/// Replace every analysis table's content with `r`, in one transaction.
pub(crate) fn persist(store: &mut Store, r: &Results) -> Result<()> {
    let w = RowWriter::begin(store)?;
    w.articles(&r.per_article)?;
    w.pairs(&r.pairs)?;
    w.stories(&r.stories)?;
    w.quote_clusters(&r.quote_clusters)?;
    w.passage_clusters(&r.passage_clusters)?;
    w.commit()
}

/// What the analysis sends its writer.
enum Batch {
    Rows(Rows),
    /// The analysis is complete: commit.
    Done,
}

/// Write every batch received on `rx` in one transaction, committed on
/// [`Batch::Done`]. An error stops the writing: the transaction rolls back and
/// the receiver goes away, so the sender's further batches are dropped. A
/// queue that closes without `Done` (the analysis panicked) rolls back too:
/// the store keeps the old analysis, never part of a new one.
fn write_streamed(store: &mut Store, rx: std::sync::mpsc::Receiver<Batch>, queued: &AtomicUsize) -> Result<()> {
    // The writer waits for its first rows for minutes (dedup and alignment
    // come first): meanwhile it brings the full-text index up to date, which
    // is single-threaded SQLite work that used to run before the analysis
    // began (two thirds of an ingest's time). It commits on its own, as
    // before: search stays usable whatever happens to the analysis.
    store.index_search()?;
    let t = Instant::now();
    let w = RowWriter::begin(store)?;
    let mut busy = t.elapsed();
    let mut batches = 0usize;
    let mut done = false;
    for batch in rx {
        let rows = match batch {
            Batch::Rows(rows) => rows,
            Batch::Done => {
                done = true;
                break;
            }
        };
        let t = Instant::now();
        w.write(rows)?;
        queued.fetch_sub(1, Ordering::AcqRel);
        busy += t.elapsed();
        batches += 1;
    }
    if !done {
        return Err(crate::EngineError::Writer("the analysis stopped before its end; nothing was stored".into()));
    }
    let t = Instant::now();
    w.commit()?;
    busy += t.elapsed();
    // how long the writer worked (the rest of its time it waited for rows)
    tracing::info!(batches, busy_seconds = busy.as_secs_f64(), "analysis rows written");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, title: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            title: Some(title.into()),
            text: text.into(),
            date: newsfold_core::parse_date("2026-03-14T08:10:00Z"),
            outlet: Some("Harbour Wire".into()),
            url: None,
            meta: Default::default(),
        }
    }

    #[test]
    fn analyze_persists_and_reads_back() {
        let mut s = Store::open_in_memory().unwrap();
        let arts =
            vec![art("a", "Ferry hits trawler", "A ferry hit a trawler."), art("b", "Budget vote", "Council voted.")];
        let got = ingest_articles(&mut s, arts).unwrap();
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|g| g.story.is_some() && g.outcome == Outcome::New));
        // the analysis brought the search index up to date beside its work
        assert_eq!(s.index_search().unwrap(), 0, "nothing left to index");
        let list = read::stories(&s, read::StorySort::Latest, None, 10, 0).unwrap();
        assert_eq!(list.len(), 2);
        let found = read::stories(&s, read::StorySort::Biggest, Some("trawler"), 10, 0).unwrap();
        assert_eq!(found.len(), 1);
        let d = read::story(&s, &found[0].id).unwrap().unwrap();
        assert_eq!(d.article_list[0].id, "a");
        assert!(read::article(&s, "a").unwrap().unwrap().story.is_some());
        assert_eq!(read::outlets(&s).unwrap()[0].articles, 2);
        // re-analysis is stable
        let again = analyze(&mut s).unwrap();
        assert_eq!(again.stories, 2);
        // every stage is timed, and the JSON summary carries the timings
        for stage in ["load", "dedup", "align", "stories", "quotes_extract", "facts", "story_detail", "persist"] {
            assert!(again.stage_seconds.contains_key(stage), "missing stage {stage}");
        }
        let v = serde_json::to_value(&again).unwrap();
        assert!(v["stage_seconds"]["compute"].as_f64().is_some());
    }

    #[test]
    fn passage_clusters_are_stored_and_found_by_article() {
        let quote = "The harbour master said the breakwater lights had been out for three nights before the \
                     collision and that two earlier warnings about the channel markers had gone unanswered by the port.";
        let mk = |id: &str, lead: &str, tail: &str| {
            art(id, lead, &format!("{lead} Residents gathered at the quay on Saturday. {quote} {tail}"))
        };
        let arts = vec![
            mk("a", "Ferry inquiry opens in Port Calder.", "The inquiry resumes on Monday."),
            mk("b", "Questions grow over harbour lighting.", "Unions want a full review of the port."),
            mk("c", "Skerra islanders demand answers.", "A vigil is planned for the victims."),
            art("d", "Budget vote", "Council voted to close two libraries on Tuesday night."),
        ];
        let mut s = Store::open_in_memory().unwrap();
        ingest_articles(&mut s, arts).unwrap();
        let all = read::passage_clusters(&s, None, 10, 0).unwrap();
        assert!(!all.is_empty());
        assert_eq!(all[0]["articles"], 3, "{all:?}");
        assert!(all[0]["text"].as_str().unwrap().contains("breakwater lights"), "{all:?}");
        let of_b = read::passage_clusters(&s, Some("b"), 10, 0).unwrap();
        assert_eq!(of_b[0]["cluster"], all[0]["cluster"]);
        assert!(read::passage_clusters(&s, Some("d"), 10, 0).unwrap().is_empty());
        // stable ids across re-analysis
        analyze(&mut s).unwrap();
        assert_eq!(read::passage_clusters(&s, None, 10, 0).unwrap()[0]["cluster"], all[0]["cluster"]);
    }

    #[test]
    fn passage_clusters_starting_at_one_offset_get_distinct_ids() {
        // article a's span 0..40 is shared with b, and its span 0..200 (which
        // overlaps the first too little to merge) with c: two clusters whose
        // first occurrence starts at a:0
        let text = "x".repeat(400);
        let arts: Vec<Article> = ["a", "b", "c"]
            .iter()
            .map(|id| Article { id: id.to_string(), text: text.clone(), ..Default::default() })
            .collect();
        let index: HashMap<&str, usize> = arts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        let pass = |a_end: usize, b_start: usize, b_end: usize| newsfold_align::PassageRecord {
            a_start: 0,
            a_end,
            b_start,
            b_end,
            ops: Vec::new(),
        };
        let pair = |b: &str, p: newsfold_align::PassageRecord| PairRow {
            a: "a".into(),
            b: b.into(),
            relation: "shares_passages".into(),
            jaccard: None,
            containment: None,
            passages: vec![p],
        };
        let pairs = [pair("b", pass(40, 100, 140)), pair("c", pass(200, 50, 250))];
        let links = || {
            pairs.iter().flat_map(|p| {
                p.passages.iter().map(|q| ((p.a.as_str(), q.a_start, q.a_end), (p.b.as_str(), q.b_start, q.b_end)))
            })
        };
        let rows = passage_cluster_rows(&Corpus::resident(&arts), &index, links());
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_ne!(rows[0].cluster, rows[1].cluster);
        // and the same ids (and order) every time
        for _ in 0..8 {
            let again = passage_cluster_rows(&Corpus::resident(&arts), &index, links());
            let ids = |r: &[PassageClusterRow]| r.iter().map(|c| c.cluster.clone()).collect::<Vec<_>>();
            assert_eq!(ids(&again), ids(&rows));
        }
    }

    #[test]
    fn streamed_analysis_writes_what_compute_and_persist_write() {
        let quote =
            "\"We will rebuild the pier before the summer season, whatever the insurers decide,\" the mayor said.";
        // (non-ASCII text before the quotes: quote offsets count chars; some
        // articles without a title: the story pass labels them from the text)
        let arts: Vec<Article> = (0..9)
            .map(|i| {
                let text = format!(
                    "The harbour pier in Port Calder collapsed on Monday after {} days of storms \u{2014} the \
                     café on its end is gone. {quote} Engineers counted {} cracked columns. Repairs will cost \
                     €2.{i} million, officials said. \u{201c}It held for a century,\u{201d} said Ina Løvik, \
                     the harbour master.",
                    3 + i % 3,
                    10 + i
                );
                Article {
                    date: newsfold_core::parse_date(&format!("2026-03-1{i}T08:00:00Z")),
                    title: (i % 4 != 0).then(|| "Pier collapses".to_string()),
                    ..art(&format!("a{i}"), "", &text)
                }
            })
            .collect();
        // a file store: its analysis drops the texts after the relations
        // stages and re-reads them (an in-memory store keeps them)
        let dir = tempfile::tempdir().unwrap();
        let mut streamed = Store::open(dir.path().join("streamed.db")).unwrap();
        streamed.insert_batch(&arts, &[]).unwrap();
        let mut collected = Store::open_in_memory().unwrap();
        collected.insert_batch(&arts, &[]).unwrap();
        let indexes = |s: &Store| -> Vec<(String, String)> {
            let mut st =
                s.conn().prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").unwrap();
            st.query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        let before = indexes(&streamed);
        assert!(before.iter().any(|(n, _)| n == "quote_clusters_story"), "{before:?}");
        let summary = analyze(&mut streamed).unwrap();
        // the secondary indexes dropped for the bulk write are all back, as they were
        assert_eq!(indexes(&streamed), before);
        let results = compute(&collected.all_articles().unwrap());
        persist(&mut collected, &results).unwrap();
        assert_eq!(summary.stories, results.stories.len());
        assert_eq!(summary.quote_clusters, results.quote_clusters.len());
        assert!(summary.quotes > 0 && summary.quote_clusters > 0, "{summary:?}");
        let dump = |s: &Store, sql: &str| -> Vec<String> {
            let mut st = s.conn().prepare(sql).unwrap();
            let n = st.column_count();
            st.query_map([], |r| {
                Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
        };
        for sql in [
            "SELECT * FROM analysis ORDER BY article_id",
            "SELECT * FROM pairs ORDER BY a, b",
            "SELECT * FROM stories ORDER BY id",
            "SELECT id, story, canonical, speaker, occurrences, data FROM quote_clusters ORDER BY rowid",
            "SELECT * FROM passage_clusters ORDER BY id",
            "SELECT * FROM passage_occurrences ORDER BY cluster, article_id, start_char",
        ] {
            assert_eq!(dump(&streamed, sql), dump(&collected, sql), "{sql}");
        }
        assert!(!dump(&streamed, "SELECT * FROM analysis").is_empty());
        let quotes = dump(&streamed, "SELECT quotes FROM analysis WHERE quotes LIKE '%Ina L%'");
        assert_eq!(quotes.len(), 9, "{quotes:?}");
    }

    #[test]
    fn kept_quotes_serialise_as_the_extracted_quotes() {
        let text = "Crews in Ærøskøbing said the ferry \u{2014} late again \u{2014} was full. \
                    \u{201c}We waited four hours on the quay,\u{201d} said Jens Ødegård. \
                    \"Nobody told us anything,\" he added.";
        let qs = newsfold_quotes::extract_quotes(text);
        assert_eq!(qs.len(), 2, "{qs:?}");
        let direct: Vec<QuoteRow> = qs
            .iter()
            .map(|q| QuoteRow { quote_start: q.start, quote_end: q.end, quote: &q.text, speaker: q.speaker.as_deref() })
            .collect();
        let mut kept = KeptQuotes::with_capacity(2);
        kept.push(&qs, &crate::kept::own_texts(&qs, text));
        assert!(kept.of(0).iter().all(|k| kept.text(k).is_none()), "the quoted words are the article's own");
        // a quote whose text is not the article's slice keeps its own text
        let mut odd = qs[0].clone();
        odd.text = "We waited four hours".into();
        kept.push(std::slice::from_ref(&odd), &crate::kept::own_texts(std::slice::from_ref(&odd), text));
        assert_eq!(quotes_json(&kept, 0, text).get(), to_raw(&direct).get());
        assert!(quotes_json(&kept, 1, text).get().contains("\"quote\":\"We waited four hours\""));
    }

    #[test]
    fn a_stream_that_stops_before_its_end_keeps_the_old_analysis() {
        let mut s = Store::open_in_memory().unwrap();
        let arts =
            vec![art("a", "Ferry hits trawler", "A ferry hit a trawler."), art("b", "Budget vote", "Council voted.")];
        ingest_articles(&mut s, arts).unwrap();
        let count = |s: &Store, t: &str| -> i64 {
            s.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()
        };
        let (analysis, stories) = (count(&s, "analysis"), count(&s, "stories"));
        assert_eq!(analysis, 2);
        // a new analysis starts (tables emptied in its transaction), sends a batch, then its sender goes away
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        tx.send(Batch::Rows(Rows::Stories(Vec::new()))).unwrap();
        drop(tx);
        let err = write_streamed(&mut s, rx, &AtomicUsize::new(1)).unwrap_err();
        assert!(err.to_string().contains("nothing was stored"), "{err}");
        assert_eq!((count(&s, "analysis"), count(&s, "stories")), (analysis, stories));
        // and a stream that ends properly replaces it
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        tx.send(Batch::Done).unwrap();
        write_streamed(&mut s, rx, &AtomicUsize::new(0)).unwrap();
        assert_eq!(count(&s, "analysis"), 0);
    }
}
