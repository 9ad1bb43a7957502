//! The analysis commands: `dups`, `reuse`, `family`, `stories`, `quotes`,
//! `facts` and `digest`.
//!
//! Each one works statelessly on its inputs, or, when no input is given, on
//! every article in the store (`--db`). Both paths run the same pure engine
//! ([`newsfold_engine::compute`]), so a stateless run and a store run over the
//! same articles print the same records. The JSONL shapes are the public
//! contract documented in docs/FORMATS.md.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, bail};
use newsfold_core::Article;
use newsfold_engine::Results;
use serde::Serialize;
use serde_json::Value;

use super::{Ctx, Status};
use crate::input::InputArgs;
use crate::output::{self, Format};

/// Articles from the inputs, or from the store when none are given.
fn load(ctx: &Ctx, input: &InputArgs) -> Result<(Vec<Article>, Status)> {
    input.load_or_store(ctx)
}

fn progress(ctx: &Ctx, n: usize, what: &str) {
    if !ctx.quiet {
        eprintln!("newsfold: analysing {n} articles for {what}…");
    }
}

/// Load and run the whole engine.
fn analyse(ctx: &Ctx, input: &InputArgs, what: &str) -> Result<(Vec<Article>, Results, Status)> {
    let (articles, status) = load(ctx, input)?;
    progress(ctx, articles.len(), what);
    let res = newsfold_engine::compute(&articles);
    Ok((articles, res, status))
}

// ---------------------------------------------------------------- dups

#[derive(clap::Args, Debug)]
pub struct DupsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print duplicate clusters instead of pairs.
    #[arg(long)]
    pub clusters: bool,
    /// Output format: table, json or jsonl.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// `dups --format jsonl`: one verified pair a line.
#[derive(Serialize)]
struct DupRecord<'a> {
    a: &'a str,
    b: &'a str,
    relation: &'a str,
    jaccard: Option<f64>,
    containment: Option<f64>,
}

/// Relations `dups` reports (shared passages are `reuse`'s business).
const DUP_RELATIONS: [&str; 3] = ["exact", "near_duplicate", "rewrite"];

pub fn dups(ctx: &Ctx, args: DupsArgs) -> Result<Status> {
    if args.clusters {
        let (articles, status) = load(ctx, &args.input)?;
        progress(ctx, articles.len(), "duplicate clusters");
        let rep = newsfold_dedup::find_duplicates(&articles, &newsfold_dedup::DedupParams::default());
        match args.format {
            Format::Jsonl => output::jsonl(&rep.clusters)?,
            Format::Json => output::json(&rep.clusters)?,
            Format::Table | Format::Text => {
                let rows: Vec<Vec<String>> = rep
                    .clusters
                    .iter()
                    .map(|c| {
                        vec![
                            c.cluster.clone(),
                            c.members.len().to_string(),
                            output::clip(&c.representative, 40),
                            output::clip(&c.members.join(" "), 80),
                        ]
                    })
                    .collect();
                output::table(&["cluster", "size", "representative", "members"], &rows)?;
            }
        }
        return Ok(status);
    }
    let (_, res, status) = analyse(ctx, &args.input, "duplicates")?;
    let recs: Vec<DupRecord> = res
        .pairs
        .iter()
        .filter(|p| DUP_RELATIONS.contains(&p.relation.as_str()))
        .map(|p| DupRecord { a: &p.a, b: &p.b, relation: &p.relation, jaccard: p.jaccard, containment: p.containment })
        .collect();
    match args.format {
        Format::Jsonl => output::jsonl(&recs)?,
        Format::Json => output::json(&recs)?,
        Format::Table | Format::Text => {
            let rows: Vec<Vec<String>> = recs
                .iter()
                .map(|r| {
                    vec![
                        output::clip(r.a, 40),
                        output::clip(r.b, 40),
                        r.relation.to_string(),
                        num(r.jaccard),
                        num(r.containment),
                    ]
                })
                .collect();
            output::table(&["a", "b", "relation", "jaccard", "containment"], &rows)?;
        }
    }
    Ok(status)
}

fn num(x: Option<f64>) -> String {
    x.map(|x| format!("{x:.3}")).unwrap_or_else(|| "-".into())
}

// ---------------------------------------------------------------- reuse

#[derive(clap::Args, Debug)]
pub struct ReuseArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print passage clusters (a passage reprinted by several articles, with
    /// every occurrence) instead of pairs.
    #[arg(long)]
    pub clusters: bool,
    /// Output format: table, json or jsonl.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// `reuse --format jsonl`: one related pair a line with its aligned passages.
#[derive(Serialize)]
struct ReuseRecord<'a> {
    a: &'a str,
    b: &'a str,
    relation: &'a str,
    passages: &'a [newsfold_align::PassageRecord],
}

pub fn reuse(ctx: &Ctx, args: ReuseArgs) -> Result<Status> {
    let (_, res, status) = analyse(ctx, &args.input, "text reuse")?;
    if args.clusters {
        let cs = &res.passage_clusters;
        match args.format {
            Format::Jsonl => output::jsonl(cs)?,
            Format::Json => output::json(cs)?,
            Format::Table | Format::Text => {
                let rows: Vec<Vec<String>> = cs
                    .iter()
                    .map(|c| {
                        let first = c.occurrences.first().map(|o| o.article.as_str()).unwrap_or("");
                        vec![
                            c.cluster.clone(),
                            c.articles.to_string(),
                            c.outlets.to_string(),
                            output::clip(first, 30),
                            output::clip(&c.text.replace('\n', " "), 70),
                        ]
                    })
                    .collect();
                output::table(&["cluster", "articles", "outlets", "first", "passage"], &rows)?;
            }
        }
        return Ok(status);
    }
    let recs: Vec<ReuseRecord> = res
        .pairs
        .iter()
        .map(|p| ReuseRecord { a: &p.a, b: &p.b, relation: &p.relation, passages: &p.passages })
        .collect();
    match args.format {
        Format::Jsonl => output::jsonl(&recs)?,
        Format::Json => output::json(&recs)?,
        Format::Table | Format::Text => {
            let rows: Vec<Vec<String>> = recs
                .iter()
                .map(|r| {
                    let ps = r.passages;
                    let chars: usize = ps.iter().map(|p| p.a_end.saturating_sub(p.a_start)).sum();
                    vec![
                        output::clip(r.a, 40),
                        output::clip(r.b, 40),
                        r.relation.to_string(),
                        ps.len().to_string(),
                        chars.to_string(),
                    ]
                })
                .collect();
            output::table(&["a", "b", "relation", "passages", "shared chars"], &rows)?;
        }
    }
    Ok(status)
}

// ---------------------------------------------------------------- family

#[derive(clap::Args, Debug)]
pub struct FamilyArgs {
    /// Article id whose copy family to show.
    pub id: String,
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format: text or json.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

pub fn family(ctx: &Ctx, args: FamilyArgs) -> Result<Status> {
    let (articles, res, status) = analyse(ctx, &args.input, "copy families")?;
    let Some(r) = res.per_article.get(&args.id) else {
        bail!("no article with id {:?} among the {} articles read", args.id, articles.len());
    };
    let Some(fid) = r.family.as_deref() else {
        if !ctx.quiet {
            eprintln!("{} is {} and belongs to no copy family", args.id, r.role.as_deref().unwrap_or("independent"));
        }
        if matches!(args.format, Format::Json | Format::Jsonl) {
            output::json(&Value::Null)?;
        }
        return Ok(status);
    };
    let fam = res
        .stories
        .iter()
        .filter_map(|s| match s.detail_value() {
            Value::Object(mut d) => d.remove("families"),
            _ => None,
        })
        .filter_map(|f| match f {
            Value::Array(v) => Some(v),
            _ => None,
        })
        .flatten()
        .find(|f| f.get("id").and_then(Value::as_str) == Some(fid))
        .unwrap_or(Value::Null);
    match args.format {
        Format::Json | Format::Jsonl => output::json(&fam)?,
        Format::Text | Format::Table => {
            let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
            let label = |id: &str| {
                let a = by_id.get(id);
                format!(
                    "{id}  [{}; {}; {}]",
                    a.and_then(|a| a.outlet.as_deref()).unwrap_or("unknown outlet"),
                    output::date(a.and_then(|a| a.date)),
                    res.per_article.get(id).and_then(|r| r.role.as_deref()).unwrap_or("?")
                )
            };
            let original = fam.get("original").and_then(Value::as_str).unwrap_or_default();
            let edges = fam.get("edges").and_then(Value::as_array).cloned().unwrap_or_default();
            let mut children: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
            for e in &edges {
                if let Some(s) = e.get("source").and_then(Value::as_str) {
                    children.entry(s).or_default().push(e);
                }
            }
            println!("family {fid}: {} articles", fam.get("members").and_then(Value::as_array).map_or(0, Vec::len));
            println!("{}", label(original));
            print_tree(original, &children, &label, 1);
        }
    }
    Ok(status)
}

fn print_tree(node: &str, children: &BTreeMap<&str, Vec<&Value>>, label: &dyn Fn(&str) -> String, depth: usize) {
    let Some(kids) = children.get(node) else { return };
    for e in kids {
        let copy = e.get("copy").and_then(Value::as_str).unwrap_or_default();
        let conf = e.get("confidence").and_then(Value::as_f64).unwrap_or(0.0);
        let basis: Vec<&str> = e
            .get("basis")
            .and_then(Value::as_array)
            .map(|b| b.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        println!("{}└─ {}  (confidence {:.2}: {})", "   ".repeat(depth - 1), label(copy), conf, basis.join("; "));
        if depth < 32 {
            print_tree(copy, children, label, depth + 1);
        }
    }
}

// ---------------------------------------------------------------- stories

#[derive(clap::Args, Debug)]
pub struct StoriesArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// One line per story instead of one per article.
    #[arg(long)]
    pub summary: bool,
    /// Output format: table, json or jsonl.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// `stories --format jsonl`: one line per input article.
#[derive(Serialize)]
struct StoryOfArticle<'a> {
    id: &'a str,
    story: &'a str,
    story_title: &'a str,
}

/// `stories --summary --format jsonl`: one line per story.
#[derive(Serialize)]
struct StorySummaryRecord<'a> {
    story: &'a str,
    title: &'a str,
    articles: usize,
    outlets: usize,
    first: Option<String>,
    last: Option<String>,
    key_terms: &'a Value,
    entities: &'a Value,
    related: &'a Value,
}

pub fn stories(ctx: &Ctx, args: StoriesArgs) -> Result<Status> {
    let (articles, res, status) = analyse(ctx, &args.input, "stories")?;
    let titles: HashMap<&str, &str> = res.stories.iter().map(|s| (s.id.as_str(), s.title.as_str())).collect();
    if args.summary {
        let null = Value::Null;
        let mut stories: Vec<_> = res.stories.iter().collect();
        stories.sort_by(|a, b| b.articles.cmp(&a.articles).then(b.last.cmp(&a.last)).then(a.id.cmp(&b.id)));
        let recs: Vec<StorySummaryRecord> = stories
            .iter()
            .map(|s| StorySummaryRecord {
                story: &s.id,
                title: &s.title,
                articles: s.articles,
                outlets: s.outlets,
                first: s.first.map(|d| d.to_rfc3339()),
                last: s.last.map(|d| d.to_rfc3339()),
                key_terms: s.summary.get("key_terms").unwrap_or(&null),
                entities: s.summary.get("entities").unwrap_or(&null),
                related: s.summary.get("related").unwrap_or(&null),
            })
            .collect();
        match args.format {
            Format::Jsonl => output::jsonl(&recs)?,
            Format::Json => output::json(&recs)?,
            Format::Table | Format::Text => {
                let rows: Vec<Vec<String>> = stories
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
                output::table(&["story", "articles", "outlets", "first", "title"], &rows)?;
            }
        }
        return Ok(status);
    }
    let recs: Vec<StoryOfArticle> = articles
        .iter()
        .filter_map(|a| {
            let story = res.per_article.get(&a.id)?.story.as_deref()?;
            Some(StoryOfArticle { id: &a.id, story, story_title: titles.get(story).copied().unwrap_or_default() })
        })
        .collect();
    match args.format {
        Format::Jsonl => output::jsonl(&recs)?,
        Format::Json => output::json(&recs)?,
        Format::Table | Format::Text => {
            let rows: Vec<Vec<String>> = recs
                .iter()
                .map(|r| vec![output::clip(r.id, 40), r.story.to_string(), output::clip(r.story_title, 70)])
                .collect();
            output::table(&["id", "story", "story title"], &rows)?;
        }
    }
    Ok(status)
}

// ---------------------------------------------------------------- quotes

#[derive(clap::Args, Debug)]
pub struct QuotesArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print quote clusters across articles, with their variants and mutations.
    #[arg(long)]
    pub clusters: bool,
    /// Output format: table, json or jsonl.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn quotes(ctx: &Ctx, args: QuotesArgs) -> Result<Status> {
    let (articles, status) = load(ctx, &args.input)?;
    progress(ctx, articles.len(), "quotes");
    if !args.clusters {
        use rayon::prelude::*;
        let recs: Vec<newsfold_quotes::QuoteRecord> =
            articles.par_iter().map(newsfold_quotes::quotes_for).collect::<Vec<_>>().into_iter().flatten().collect();
        match args.format {
            Format::Jsonl => output::jsonl(&recs)?,
            Format::Json => output::json(&recs)?,
            Format::Table | Format::Text => {
                let rows: Vec<Vec<String>> = recs
                    .iter()
                    .map(|q| {
                        vec![
                            output::clip(&q.id, 32),
                            output::clip(q.speaker.as_deref().unwrap_or("-"), 24),
                            output::clip(&q.quote, 90),
                        ]
                    })
                    .collect();
                output::table(&["id", "speaker", "quote"], &rows)?;
            }
        }
        return Ok(status);
    }
    let items: Vec<(newsfold_quotes::ArticleRef, Vec<newsfold_quotes::Quote>)> = articles
        .iter()
        .map(|a| (newsfold_quotes::ArticleRef::from(a), newsfold_quotes::extract_quotes(&a.text)))
        .filter(|(_, q)| !q.is_empty())
        .collect();
    let clusters = newsfold_quotes::cluster_quotes_owned(items);
    match args.format {
        Format::Jsonl => output::jsonl(&clusters)?,
        Format::Json => output::json(&clusters)?,
        Format::Table | Format::Text => {
            for c in clusters.iter().filter(|c| c.n_articles > 1 || !c.variants.is_empty()) {
                println!(
                    "{}  \"{}\"\n    speaker: {}{}  ·  {} articles  ·  first: {} ({})",
                    c.id,
                    output::clip(&c.canonical, 110),
                    c.speaker.as_deref().unwrap_or("unattributed"),
                    if c.speaker_conflict { " (sources disagree)" } else { "" },
                    c.n_articles,
                    c.first_article,
                    output::date(c.first_date)
                );
                for v in &c.variants {
                    let muts: Vec<String> = v
                        .mutations
                        .iter()
                        .map(|m| match m.op.as_str() {
                            "ins" => format!("+\"{}\"", m.to),
                            "del" => format!("-\"{}\"", m.from),
                            _ => format!("\"{}\" → \"{}\"", m.from, m.to),
                        })
                        .collect();
                    println!("    variant in {}: {}", v.articles.join(", "), muts.join("; "));
                }
            }
            if !ctx.quiet {
                let multi = clusters.iter().filter(|c| c.n_articles > 1).count();
                eprintln!("{} quote clusters, {} carried by more than one article", clusters.len(), multi);
            }
        }
    }
    Ok(status)
}

// ---------------------------------------------------------------- facts

#[derive(clap::Args, Debug)]
pub struct FactsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print the disagreements between sources (per story) instead of the facts.
    #[arg(long)]
    pub disagreements: bool,
    /// Output format: table, json or jsonl.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn facts(ctx: &Ctx, args: FactsArgs) -> Result<Status> {
    if args.disagreements {
        let (_, res, status) = analyse(ctx, &args.input, "disagreements")?;
        let mut recs: Vec<Value> = Vec::new();
        for s in &res.stories {
            let detail = s.detail_value();
            for d in detail.get("disagreements").and_then(Value::as_array).into_iter().flatten() {
                let mut d = d.clone();
                if let Some(o) = d.as_object_mut() {
                    o.insert("story".into(), Value::String(s.id.clone()));
                }
                recs.push(d);
            }
        }
        match args.format {
            Format::Jsonl => output::jsonl(&recs)?,
            Format::Json | Format::Table | Format::Text => output::json(&recs)?,
        }
        return Ok(status);
    }
    let (articles, status) = load(ctx, &args.input)?;
    progress(ctx, articles.len(), "facts");
    use rayon::prelude::*;
    let recs: Vec<newsfold_facts::FactRecord> = articles
        .par_iter()
        .map(|a| newsfold_facts::extract_facts(a).iter().map(newsfold_facts::FactRecord::from).collect::<Vec<_>>())
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    match args.format {
        Format::Jsonl => output::jsonl(&recs)?,
        Format::Json => output::json(&recs)?,
        Format::Table | Format::Text => {
            let rows: Vec<Vec<String>> = recs
                .iter()
                .map(|f| {
                    vec![
                        output::clip(&f.id, 32),
                        output::clip(&f.entity, 28),
                        f.attribute.clone(),
                        output::clip(&f.value, 30),
                        output::clip(&f.sentence, 70),
                    ]
                })
                .collect();
            output::table(&["id", "entity", "attribute", "value", "sentence"], &rows)?;
        }
    }
    Ok(status)
}

// ---------------------------------------------------------------- digest

#[derive(clap::Args, Debug)]
pub struct DigestArgs {
    /// Story id (from `newsfold stories --summary`); with no id and inputs, the biggest story.
    pub story: Option<String>,
    /// Inputs to analyse instead of the store.
    #[arg(long = "input", value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output format: text, json or markdown.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DigestFormat,
}

/// How to render a digest.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestFormat {
    /// Plain text for the terminal.
    Text,
    /// The digest as JSON.
    Json,
    /// Markdown.
    Markdown,
}

pub fn digest(ctx: &Ctx, args: DigestArgs) -> Result<Status> {
    let input = InputArgs { inputs: args.inputs.clone(), ..InputArgs::default() };
    let (_, res, status) = analyse(ctx, &input, "the digest")?;
    let story = match &args.story {
        Some(id) => res.stories.iter().find(|s| &s.id == id),
        None => res.stories.iter().max_by(|a, b| a.articles.cmp(&b.articles).then(b.id.cmp(&a.id))),
    };
    let Some(story) = story else {
        match &args.story {
            Some(id) => bail!("no story {id:?} (list them with `newsfold stories --summary`)"),
            None => bail!("no stories: nothing was read"),
        }
    };
    let detail = story.detail_value();
    let Some(d) = detail.get("digest") else {
        bail!("story {} has a single article ({}); digests need two or more", story.id, story.title);
    };
    let d: newsfold_facts::Digest = serde_json::from_value(d.clone())?;
    match args.format {
        DigestFormat::Json => output::json(&d)?,
        DigestFormat::Markdown => print!("{}", newsfold_facts::render_markdown(&d)),
        DigestFormat::Text => print!("{}", newsfold_facts::render_text(&d)),
    }
    Ok(status)
}
