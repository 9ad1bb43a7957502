//! `newsfold ingest`: stream inputs into the store in transactional batches.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use newsfold_core::Article;
use newsfold_store::Outcome;

use super::{Ctx, Status};
use crate::input::InputArgs;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Articles per transaction.
    #[arg(long, default_value_t = 1000)]
    pub batch: usize,
    /// Only store the articles; skip the analysis (duplicates, reuse, stories, quotes, facts)
    /// that otherwise runs when anything new was stored. `newsfold run` or a later ingest analyses.
    #[arg(long)]
    pub no_analyze: bool,
}

/// Totals of one ingest run.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub read: usize,
    pub new: usize,
    pub known: usize,
    pub updated: usize,
    pub rejected: usize,
    pub seconds: f64,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Status> {
    let mut store = ctx.open_store()?;
    let (summary, status) = ingest(ctx, &mut store, &args)?;
    if !ctx.quiet {
        eprintln!(
            "ingested into {}: read {}, new {}, already known {}, updated {}, {} in {:.1}s ({:.0} articles/s)",
            ctx.db.display(),
            summary.read,
            summary.new,
            summary.known,
            summary.updated,
            status.1,
            summary.seconds,
            summary.read as f64 / summary.seconds.max(1e-9)
        );
    }
    if args.no_analyze || summary.new + summary.updated == 0 {
        index_search(ctx, &store)?;
    } else {
        // the analysis indexes the new articles for search while it computes
        let an = newsfold_engine::analyze(&mut store)?;
        if !ctx.quiet {
            eprintln!(
                "analysed {} articles in {:.1}s: {} stories, {} duplicate clusters, {} quote clusters, {} disagreements",
                an.articles, an.seconds, an.stories, an.duplicate_clusters, an.quote_clusters, an.disagreements
            );
        }
    }
    Ok(status.0)
}

/// Ingest `args.input` into `store` (not yet indexed for search: [`index_search`]); returns the totals, the exit
/// status and the rejection summary line.
///
/// Reading and storing overlap: this thread reads and parses the inputs while a second one writes the previous
/// batch (one transaction each), so parsing and SQLite use both cores.
pub fn ingest(ctx: &Ctx, store: &mut newsfold_store::Store, args: &Args) -> Result<(Summary, (Status, String))> {
    let started = Instant::now();
    let pb = progress_bar(ctx, &args.input.inputs);
    let mut sum = Summary::default();
    // batches in flight: the one being written and one ready behind it
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<Article>, Vec<String>)>(1);
    let (stored, rej) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Summary> {
            let mut counts = Summary::default();
            for (batch, sources) in rx {
                for o in store.insert_batch(&batch, &sources)? {
                    match o {
                        Outcome::New => counts.new += 1,
                        Outcome::Known => counts.known += 1,
                        Outcome::Updated => counts.updated += 1,
                    }
                }
            }
            Ok(counts)
        });
        let mut batch: Vec<Article> = Vec::with_capacity(args.batch);
        let mut sources: Vec<String> = Vec::with_capacity(args.batch);
        let mut batch_bytes = 0usize;
        let mut current_path = String::new();
        // a failed send means the writer stopped on an error, which `join` returns
        let send = |batch: &mut Vec<Article>, sources: &mut Vec<String>| -> Result<()> {
            if !batch.is_empty() {
                let full = (std::mem::take(batch), std::mem::take(sources));
                tx.send(full).map_err(|_| anyhow::anyhow!("the store writer stopped"))?;
            }
            Ok(())
        };
        let rej = args.input.for_each(Some(&pb), |rec| {
            sum.read += 1;
            if rec.origin.path != current_path {
                if !current_path.is_empty() {
                    pb.inc(file_len(&current_path));
                }
                current_path.clone_from(&rec.origin.path);
            }
            batch_bytes += rec.article.text.len();
            sources.push(rec.origin.to_string());
            batch.push(rec.article);
            if batch.len() >= args.batch.max(1) || batch_bytes > 64 << 20 {
                send(&mut batch, &mut sources)?;
                batch_bytes = 0;
            }
            if sum.read % 256 == 0 {
                pb.set_message(format!("{} articles", sum.read));
            }
            Ok(())
        });
        // commit what was read even when a fatal error stops the run
        let last = send(&mut batch, &mut sources);
        drop(tx);
        let stored = writer.join().map_err(|_| anyhow::anyhow!("the store writer panicked"));
        (stored.and_then(|r| r).and_then(|s| last.map(|()| s)), rej)
    });
    let stored = stored?;
    let rej = rej?;
    sum.new = stored.new;
    sum.known = stored.known;
    sum.updated = stored.updated;
    pb.finish_and_clear();
    sum.rejected = rej.total;
    sum.seconds = started.elapsed().as_secs_f64();
    Ok((sum, (rej.status(), rej.summary())))
}

/// Add this run's articles to the full-text index in one pass (see
/// newsfold-store); [`newsfold_engine::analyze`] does it itself, beside the
/// analysis, so callers that analyse next skip this.
pub fn index_search(ctx: &Ctx, store: &newsfold_store::Store) -> Result<()> {
    let pb = if ctx.quiet { ProgressBar::hidden() } else { ProgressBar::new_spinner() };
    pb.set_message("indexing for search");
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    store.index_search()?;
    pb.finish_and_clear();
    Ok(())
}

fn file_len(p: &str) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

/// A byte-based bar (rate and ETA) when the inputs' total size is known, else a spinner.
fn progress_bar(ctx: &Ctx, inputs: &[String]) -> ProgressBar {
    if ctx.quiet {
        return ProgressBar::hidden();
    }
    let total: Option<u64> = inputs.iter().map(|i| input_bytes(Path::new(i))).sum();
    match total {
        Some(t) if t > 0 => {
            let pb = ProgressBar::new(t);
            pb.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            pb
        }
        _ => {
            let pb = ProgressBar::new_spinner();
            pb.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg} {per_sec}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            pb
        }
    }
}

fn input_bytes(p: &Path) -> Option<u64> {
    if p.is_file() {
        return std::fs::metadata(p).ok().map(|m| m.len());
    }
    if p.is_dir() {
        return Some(
            walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum(),
        );
    }
    None
}
