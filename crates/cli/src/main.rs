//! The `newsfold` command-line interface: a thin front end over the library
//! crates. Every command reads inputs through `newsfold-ingest` (stateless) or
//! the store (`--db`), calls the pure analysis crates, and renders their
//! records as a table, text, JSON or JSONL (the JSONL shapes are a documented,
//! stable contract: see docs/FORMATS.md).
//!
//! Exit codes: 0 success, 1 some records were rejected (the good ones were
//! still processed), 2 usage or fatal error.

mod alloc;
mod cmd;
mod input;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc, counting live bytes on request (`alloc.rs`).
#[global_allocator]
static GLOBAL: alloc::Counting = alloc::Counting;

/// Turn a flood of news articles into stories.
#[derive(Parser, Debug)]
#[command(name = "newsfold", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// Database file.
    #[arg(long, global = true, env = "NEWSFOLD_DB", default_value = "newsfold.db")]
    db: std::path::PathBuf,
    /// More log output (-v info, -vv debug). Logs go to stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// No progress bars or summaries on stderr.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read articles from files, directories, globs or `-` (stdin) into the database.
    Ingest(cmd::ingest::Args),
    /// Print what would be stored for the inputs, without touching the database.
    Extract(cmd::extract::Args),
    /// List stored articles, newest first.
    Ls(cmd::ls::Args),
    /// Show one stored article.
    Show(cmd::show::Args),
    /// Ingest the inputs, analyse everything and print a summary (the main job).
    Run(cmd::run::Args),
    /// Exact duplicates, near-duplicates and rewrites (pairs, or --clusters).
    Dups(cmd::analysis::DupsArgs),
    /// Every related pair with its aligned passages (text reuse).
    Reuse(cmd::analysis::ReuseArgs),
    /// Coloured word diff of two articles (stored ids or files).
    Diff(cmd::diff::Args),
    /// The copy graph of an article's family: who copied whom.
    Family(cmd::analysis::FamilyArgs),
    /// Stories: which story each article belongs to, or --summary per story.
    Stories(cmd::analysis::StoriesArgs),
    /// Direct quotes with their speakers, or --clusters of variants across outlets.
    Quotes(cmd::analysis::QuotesArgs),
    /// Checkable facts (ages, counts, dates, amounts), or --disagreements between sources.
    Facts(cmd::analysis::FactsArgs),
    /// A story's digest: summary, timeline, sources, key quotes, disagreements.
    Digest(cmd::analysis::DigestArgs),
    /// Serve the JSON API and web UI over the database.
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    newsfold_engine::heap::set_release(alloc::release);
    if std::env::var_os("NEWSFOLD_HEAP_STATS").is_some_and(|v| v == "1") {
        alloc::enable_counting();
    }
    let cli = Cli::parse();
    init_logging(cli.verbose);
    let ctx = cmd::Ctx { db: cli.db, quiet: cli.quiet };
    let result = match cli.command {
        Command::Ingest(a) => cmd::ingest::run(&ctx, a),
        Command::Extract(a) => cmd::extract::run(&ctx, a),
        Command::Ls(a) => cmd::ls::run(&ctx, a),
        Command::Show(a) => cmd::show::run(&ctx, a),
        Command::Run(a) => cmd::run::run(&ctx, a),
        Command::Dups(a) => cmd::analysis::dups(&ctx, a),
        Command::Reuse(a) => cmd::analysis::reuse(&ctx, a),
        Command::Diff(a) => cmd::diff::run(&ctx, a),
        Command::Family(a) => cmd::analysis::family(&ctx, a),
        Command::Stories(a) => cmd::analysis::stories(&ctx, a),
        Command::Quotes(a) => cmd::analysis::quotes(&ctx, a),
        Command::Facts(a) => cmd::analysis::facts(&ctx, a),
        Command::Digest(a) => cmd::analysis::digest(&ctx, a),
        Command::Serve(a) => cmd::serve::run(&ctx, a),
    };
    match result {
        Ok(status) => status.into(),
        Err(e) => {
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsfold: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("NEWSFOLD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).try_init();
}
