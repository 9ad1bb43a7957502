//! `newsfold run`: the main job. Ingest the inputs, analyse everything
//! (duplicates, reuse, stories, quotes, facts), print a summary and the
//! biggest stories; with `--serve`, open the web UI on the result.

use anyhow::Result;
use newsfold_engine::read::{self, StorySort};

use super::{Ctx, Status};
use crate::input::InputArgs;
use crate::output::{self, Format};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Stories to list at the end.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
    /// Print the analysis summary as JSON instead of text.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Then serve the API and web UI on the result (public, on --addr).
    #[arg(long)]
    pub serve: bool,
    /// Address for --serve.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Status> {
    let mut store = ctx.open_store()?;
    let ing = super::ingest::Args { input: args.input, batch: 1000, no_analyze: true };
    let (sum, (status, rej)) = super::ingest::ingest(ctx, &mut store, &ing)?;
    if !ctx.quiet {
        eprintln!("newsfold: analysing {} stored articles…", store.count()?);
    }
    let an = newsfold_engine::analyze(&mut store)?;
    if matches!(args.format, Format::Json | Format::Jsonl) {
        output::json(&serde_json::json!({"ingest": sum, "rejected": rej, "analysis": an}))?;
    } else {
        println!(
            "Ingested {} articles into {} ({} new, {} already known, {} updated, {}).",
            sum.read,
            ctx.db.display(),
            sum.new,
            sum.known,
            sum.updated,
            rej
        );
        let rel = |k: &str| an.relations.get(k).copied().unwrap_or(0);
        println!(
            "Analysed {} articles in {:.1}s: {} stories, {} duplicate clusters; pairs: {} exact, {} near-duplicate, {} rewrite, {} sharing passages; {} quotes in {} clusters; {} disagreements.",
            an.articles,
            an.seconds,
            an.stories,
            an.duplicate_clusters,
            rel("exact"),
            rel("near_duplicate"),
            rel("rewrite"),
            rel("shares_passages"),
            an.quotes,
            an.quote_clusters,
            an.disagreements
        );
        println!();
        let top = read::stories(&store, StorySort::Biggest, None, args.top, 0)?;
        let t: Vec<Vec<String>> = top
            .iter()
            .map(|s| {
                vec![
                    s.id.clone(),
                    s.articles.to_string(),
                    s.outlets.to_string(),
                    output::date(s.first),
                    output::clip(&s.title, 80),
                ]
            })
            .collect();
        output::table(&["story", "articles", "outlets", "first", "title"], &t)?;
        let total = read::story_count(&store)?;
        if total > top.len() {
            println!("… and {} more (newsfold stories --summary)", total - top.len());
        }
        println!();
        println!(
            "Next: newsfold stories --summary · newsfold dups · newsfold quotes --clusters · newsfold digest STORY · newsfold serve --public"
        );
    }
    drop(store);
    if args.serve {
        let serve = super::serve::Args { addr: args.addr, public: true, ..super::serve::Args::default() };
        super::serve::run(ctx, serve)?;
    }
    Ok(status)
}
