//! `newsfold extract`: stateless; prints what would be stored.

use anyhow::Result;
use serde::Serialize;

use super::{Ctx, Status};
use crate::input::InputArgs;
use crate::output::{self, Format};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format: json (one array), jsonl (one article a line), text.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// The `extract --format jsonl` contract: exactly these fields, in this order.
#[derive(Serialize)]
pub struct ExtractRecord<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub date: Option<String>,
    pub outlet: Option<&'a str>,
    pub url: Option<&'a str>,
    pub text: &'a str,
}

impl<'a> From<&'a newsfold_core::Article> for ExtractRecord<'a> {
    fn from(a: &'a newsfold_core::Article) -> Self {
        ExtractRecord {
            id: &a.id,
            title: a.title.as_deref(),
            date: a.date.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            outlet: a.outlet.as_deref(),
            url: a.url.as_deref(),
            text: &a.text,
        }
    }
}

pub fn run(_ctx: &Ctx, args: Args) -> Result<Status> {
    match args.format {
        Format::Jsonl => {
            // streaming: constant memory whatever the input size
            let out = std::io::stdout();
            let mut w = std::io::BufWriter::new(out.lock());
            let rej = args.input.for_each(None, |r| {
                use std::io::Write;
                serde_json::to_writer(&mut w, &ExtractRecord::from(&r.article))?;
                w.write_all(b"\n")?;
                Ok(())
            })?;
            std::io::Write::flush(&mut w)?;
            Ok(rej.status())
        }
        Format::Json => {
            let (arts, rej) = args.input.load()?;
            output::json(&arts.iter().map(ExtractRecord::from).collect::<Vec<_>>())?;
            Ok(rej.status())
        }
        Format::Text | Format::Table => {
            let rej = args.input.for_each(None, |r| {
                print_article(&r.article);
                Ok(())
            })?;
            Ok(rej.status())
        }
    }
}

/// Human-readable rendering of one article (shared with `show`).
pub fn print_article(a: &newsfold_core::Article) {
    println!("id:     {}", a.id);
    println!("title:  {}", a.title.as_deref().unwrap_or("-"));
    println!("date:   {}", output::date(a.date));
    println!("outlet: {}", a.outlet.as_deref().unwrap_or("-"));
    println!("url:    {}", a.url.as_deref().unwrap_or("-"));
    println!();
    println!("{}", a.text);
    println!("{}", "-".repeat(72));
}
