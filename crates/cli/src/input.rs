//! Reading inputs for every command: expands paths through `newsfold-ingest`,
//! reports rejected records on stderr (naming file, line or record), and stops
//! at the first one under `--strict`.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use newsfold_core::Article;
use newsfold_ingest::{IngestError, ReadOptions, Record};

use crate::cmd::{Ctx, Status};

/// Input options shared by every command that reads articles.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct InputArgs {
    /// Files, directories (recursive), glob patterns, or `-` for stdin. `.gz` is decompressed.
    pub inputs: Vec<String>,
    /// Force the input format instead of detecting it: text, jsonl, html, warc, feed.
    #[arg(long = "input-format", value_name = "FORMAT")]
    pub input_format: Option<String>,
    /// Fail on the first rejected record instead of skipping and reporting it.
    #[arg(long)]
    pub strict: bool,
}

/// Counts of rejected records by reason, for end-of-run summaries.
#[derive(Default, Debug)]
pub struct Rejections {
    pub total: usize,
    pub by_reason: BTreeMap<String, usize>,
}

impl Rejections {
    pub fn status(&self) -> Status {
        if self.total > 0 { Status::SomeRejected } else { Status::Ok }
    }

    /// Report one rejection on stderr (always, even with --quiet: it is an error message).
    pub fn record(&mut self, e: &IngestError, pb: Option<&indicatif::ProgressBar>) {
        self.total += 1;
        *self.by_reason.entry(reason_key(e)).or_default() += 1;
        let msg = format!("newsfold: rejected {e}");
        match pb {
            Some(pb) => pb.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    pub fn summary(&self) -> String {
        if self.total == 0 {
            return "0 rejected".into();
        }
        let parts: Vec<String> = self.by_reason.iter().map(|(k, v)| format!("{v} {k}")).collect();
        format!("{} rejected ({})", self.total, parts.join(", "))
    }
}

/// A short reason label: the error message without its location prefix.
fn reason_key(e: &IngestError) -> String {
    let s = e.to_string();
    let msg = match e.origin() {
        Some(o) => {
            let loc = o.to_string();
            s.strip_prefix(&loc).map(|r| r.trim_start_matches([':', ' '])).unwrap_or(&s).to_string()
        }
        None => s,
    };
    // keep the stable head of the message ("invalid JSON: expected ..." -> "invalid JSON")
    msg.split(':').next().unwrap_or(&msg).trim().to_string()
}

impl InputArgs {
    pub fn read_options(&self) -> Result<ReadOptions> {
        let mut o = ReadOptions::default();
        if let Some(f) = &self.input_format {
            o.format = Some(
                f.parse()
                    .map_err(|_| anyhow::anyhow!("unknown --input-format {f:?} (text, jsonl, html, warc, feed)"))?,
            );
        }
        Ok(o)
    }

    /// Stream every record, calling `f` on each good one. Rejections are reported
    /// and counted; under `--strict` the first one is fatal.
    pub fn for_each(
        &self,
        pb: Option<&indicatif::ProgressBar>,
        mut f: impl FnMut(Record) -> Result<()>,
    ) -> Result<Rejections> {
        if self.inputs.is_empty() {
            bail!("no inputs given (files, directories, globs or - for stdin)");
        }
        let opts = self.read_options()?;
        let mut rej = Rejections::default();
        for item in newsfold_ingest::read_inputs(&self.inputs, &opts) {
            match item {
                Ok(rec) => f(rec)?,
                Err(e) if e.is_fatal() || self.strict => bail!("{e}"),
                Err(e) => rej.record(&e, pb),
            }
        }
        Ok(rej)
    }

    /// Read all inputs into memory.
    pub fn load(&self) -> Result<(Vec<Article>, Rejections)> {
        let mut v = Vec::new();
        let rej = self.for_each(None, |r| {
            v.push(r.article);
            Ok(())
        })?;
        Ok((v, rej))
    }

    /// Stateless on the inputs when given, otherwise every article in the store.
    pub fn load_or_store(&self, ctx: &Ctx) -> Result<(Vec<Article>, Status)> {
        if self.inputs.is_empty() {
            let store = ctx.open_existing_store()?;
            return Ok((store.all_articles()?, Status::Ok));
        }
        let (a, r) = self.load()?;
        Ok((a, r.status()))
    }
}
