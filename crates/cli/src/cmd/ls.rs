//! `newsfold ls`: list stored articles.

use anyhow::Result;

use super::{Ctx, Status};
use crate::output::{self, Format};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Maximum rows.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Rows to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output format: table or jsonl.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Status> {
    let store = ctx.open_existing_store()?;
    let rows = store.list(args.limit, args.offset)?;
    match args.format {
        Format::Jsonl => output::jsonl(&rows)?,
        Format::Json => output::json(&rows)?,
        Format::Table | Format::Text => {
            let total = store.count()?;
            let t: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        output::clip(&r.id, 40),
                        output::date(r.date),
                        output::clip(r.outlet.as_deref().unwrap_or("-"), 24),
                        r.words.to_string(),
                        output::clip(r.title.as_deref().unwrap_or("-"), 70),
                    ]
                })
                .collect();
            output::table(&["id", "date", "outlet", "words", "title"], &t)?;
            if !ctx.quiet {
                eprintln!("{} of {} articles in {}", rows.len(), total, ctx.db.display());
            }
        }
    }
    Ok(Status::Ok)
}
