//! `newsfold show ID`: one stored article.

use anyhow::{Result, bail};

use super::{Ctx, Status};
use crate::output::{self, Format};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Article id (as printed by `newsfold ls`).
    pub id: String,
    /// Output format: text or json.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Status> {
    let store = ctx.open_existing_store()?;
    let Some(a) = store.get(&args.id)? else {
        bail!("no article with id {:?} in {}", args.id, ctx.db.display());
    };
    match args.format {
        Format::Json | Format::Jsonl => output::json(&super::extract::ExtractRecord::from(&a))?,
        Format::Text | Format::Table => super::extract::print_article(&a),
    }
    Ok(Status::Ok)
}
