//! Shared test helpers: reading plain-text articles with an optional
//! ` date YYYY-MM-DD Title` first line (the seeds' format) or a title line.

#![allow(dead_code)]

use std::path::Path;

use newsfold_core::Article;

/// Parse a plain-text article: ` date YYYY-MM-DD Title` first line, or a short
/// unpunctuated first line followed by a blank line as the title.
pub fn parse_article(id: &str, raw: &str) -> Article {
    let (first, rest) = raw.split_once('\n').unwrap_or((raw, ""));
    let mut a = Article { id: id.to_string(), ..Default::default() };
    if let Some(r) = first.trim_start().strip_prefix("date ") {
        let (d, title) = r.split_once(' ').unwrap_or((r, ""));
        a.date = newsfold_core::parse_date(d);
        a.title = Some(title.trim().to_string());
        a.text = rest.to_string();
    } else if rest.starts_with('\n')
        && !first.trim_end().ends_with(['.', '"', '”'])
        && first.split_whitespace().count() < 25
    {
        a.title = Some(first.trim().to_string());
        a.text = rest.to_string();
    } else {
        a.text = raw.to_string();
    }
    a
}

/// Read `dir/<id>.txt` for each id.
pub fn read_articles(dir: &Path, ids: &[&str]) -> Vec<Article> {
    ids.iter()
        .map(|id| {
            let raw = std::fs::read_to_string(dir.join(format!("{id}.txt"))).expect("read article");
            parse_article(id, &raw)
        })
        .collect()
}
