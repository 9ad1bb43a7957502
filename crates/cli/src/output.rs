//! Rendering: tables for people, JSON and JSONL for machines.

use std::io::{self, Write};

use serde::Serialize;

/// Output format of a command.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned columns for the terminal.
    #[default]
    Table,
    /// Human-readable text.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line (the stable machine contract).
    Jsonl,
}

/// Write items as JSON lines to stdout.
pub fn jsonl<T: Serialize>(items: impl IntoIterator<Item = T>) -> io::Result<()> {
    let out = io::stdout();
    let mut w = io::BufWriter::new(out.lock());
    for it in items {
        serde_json::to_writer(&mut w, &it)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// Write one pretty JSON document to stdout.
pub fn json<T: Serialize>(value: &T) -> io::Result<()> {
    let out = io::stdout();
    let mut w = io::BufWriter::new(out.lock());
    serde_json::to_writer_pretty(&mut w, value)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// Truncate to `n` chars with an ellipsis.
pub fn clip(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\t'], " ");
    if s.chars().count() <= n { s } else { s.chars().take(n.saturating_sub(1)).collect::<String>() + "…" }
}

/// A simple left-aligned table with a header row.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
    }
    let out = io::stdout();
    let mut w = io::BufWriter::new(out.lock());
    let line = |w: &mut dyn Write, cells: &[String]| -> io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(c.chars().count());
                s.push_str(c);
                s.push_str(&" ".repeat(pad + 2));
            }
        }
        writeln!(w, "{}", s.trim_end())
    };
    line(&mut w, &header.iter().map(|h| h.to_uppercase()).collect::<Vec<_>>())?;
    for r in rows {
        line(&mut w, r)?;
    }
    w.flush()
}

/// A date as `YYYY-MM-DD HH:MM` or `-`.
pub fn date(d: Option<chrono::DateTime<chrono::Utc>>) -> String {
    d.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "-".into())
}
