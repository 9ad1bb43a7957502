//! `newsfold diff A B`: a coloured word diff of two articles in the terminal.
//!
//! `A` and `B` are stored article ids, or files (the first article each one
//! holds). Deleted words are red and struck through, inserted words green,
//! boilerplate lines (widgets, newsletter blurbs, captions, author bios) dimmed.
//! Without colour (piped output, `--color never`, `NO_COLOR`) the markers are
//! `[-deleted-]` and `{+inserted+}`. `--format json` prints the chunks with
//! their char offsets and the boilerplate spans.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use newsfold_align::DiffKind;
use newsfold_core::Article;
use serde::Serialize;

use super::{Ctx, Status};
use crate::output::{self, Format};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// First article: a stored id or a file.
    pub a: String,
    /// Second article: a stored id or a file.
    pub b: String,
    /// Output format: text (coloured inline diff) or json.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// When to colour: auto (a terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Serialize)]
struct DiffJson<'a> {
    a: &'a str,
    b: &'a str,
    chunks: Vec<newsfold_align::DiffChunk>,
    a_boilerplate: Vec<newsfold_dedup::BoilerplateSpan>,
    b_boilerplate: Vec<newsfold_dedup::BoilerplateSpan>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Status> {
    let a = resolve(ctx, &args.a)?;
    let b = resolve(ctx, &args.b)?;
    let chunks = newsfold_align::diff(&a.text, &b.text);
    let model = newsfold_dedup::BoilerplateModel::new(u32::MAX, 1.0);
    let a_bp = model.spans(&newsfold_dedup::outlet_key(&a), &a.text);
    let b_bp = model.spans(&newsfold_dedup::outlet_key(&b), &b.text);
    if matches!(args.format, Format::Json | Format::Jsonl) {
        output::json(&DiffJson { a: &a.id, b: &b.id, chunks, a_boilerplate: a_bp, b_boilerplate: b_bp })?;
        return Ok(Status::Ok);
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let ac: Vec<char> = a.text.chars().collect();
    let bc: Vec<char> = b.text.chars().collect();
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::new(out.lock());
    let (mut same, mut changed) = (0usize, 0usize);
    writeln!(w, "--- {}  {}", a.id, a.display_title())?;
    writeln!(w, "+++ {}  {}", b.id, b.display_title())?;
    for c in &chunks {
        let ta = slice(&ac, c.a_start, c.a_end);
        let tb = slice(&bc, c.b_start, c.b_end);
        match c.kind {
            DiffKind::Equal => {
                same += tb.split_whitespace().count();
                // boilerplate lines are dimmed, the rest printed plain
                let mut i = c.b_start;
                while i < c.b_end.min(bc.len()) {
                    let dim = in_boilerplate(&b_bp, i);
                    let mut j = i + 1;
                    while j < c.b_end.min(bc.len()) && in_boilerplate(&b_bp, j) == dim {
                        j += 1;
                    }
                    paint(&mut w, &slice(&bc, i, j), if dim { "\x1b[2m" } else { "" }, color)?;
                    i = j;
                }
            }
            DiffKind::Delete => {
                changed += ta.split_whitespace().count();
                mark(&mut w, &ta, Side::Del, color)?;
            }
            DiffKind::Insert => {
                changed += tb.split_whitespace().count();
                mark(&mut w, &tb, Side::Ins, color)?;
            }
            DiffKind::Replace => {
                changed += tb.split_whitespace().count().max(ta.split_whitespace().count());
                mark(&mut w, &ta, Side::Del, color)?;
                mark(&mut w, &tb, Side::Ins, color)?;
            }
        }
    }
    writeln!(w)?;
    w.flush()?;
    if !ctx.quiet {
        let total = (same + changed).max(1);
        eprintln!("{same} words unchanged, {changed} changed ({:.0}% identical)", 100.0 * same as f64 / total as f64);
    }
    Ok(Status::Ok)
}

enum Side {
    Del,
    Ins,
}

/// Write a changed span; trailing whitespace stays outside the markers.
fn mark(w: &mut impl Write, s: &str, side: Side, color: bool) -> std::io::Result<()> {
    let body = s.trim_end();
    let tail = &s[body.len()..];
    if body.is_empty() {
        return write!(w, "{s}");
    }
    match (side, color) {
        (Side::Del, true) => write!(w, "\x1b[31;9m{body}\x1b[0m")?,
        (Side::Ins, true) => write!(w, "\x1b[32;1m{body}\x1b[0m")?,
        (Side::Del, false) => write!(w, "[-{body}-]")?,
        (Side::Ins, false) => write!(w, "{{+{body}+}}")?,
    }
    write!(w, "{tail}")
}

fn paint(w: &mut impl Write, s: &str, style: &str, color: bool) -> std::io::Result<()> {
    if color && !style.is_empty() { write!(w, "{style}{s}\x1b[0m") } else { write!(w, "{s}") }
}

fn in_boilerplate(spans: &[newsfold_dedup::BoilerplateSpan], i: usize) -> bool {
    spans.iter().any(|s| s.start <= i && i < s.end)
}

fn slice(chars: &[char], start: usize, end: usize) -> String {
    chars.get(start.min(chars.len())..end.min(chars.len())).map(|c| c.iter().collect()).unwrap_or_default()
}

/// A stored id, or else a file holding an article.
fn resolve(ctx: &Ctx, what: &str) -> Result<Article> {
    if ctx.db.exists() {
        let store = ctx.open_store()?;
        if let Some(a) = store.get(what)? {
            return Ok(a);
        }
    }
    if Path::new(what).exists() {
        let opts = newsfold_ingest::ReadOptions::default();
        let mut it = newsfold_ingest::read_inputs(&[what.to_string()], &opts);
        return match it.next() {
            Some(Ok(r)) => Ok(r.article),
            Some(Err(e)) => Err(e).with_context(|| format!("reading {what}")),
            None => bail!("{what} holds no article"),
        };
    }
    bail!("{what:?} is neither an article id in {} nor a file", ctx.db.display())
}
