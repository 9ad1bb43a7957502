//! Precision review: run fact extraction and disagreement detection over
//! groups of related real articles and print the flagged disagreements with
//! their sentences, for a human to judge.
//!
//! Pairs: bbc-dups (`near_duplicate`/`same_story` pairs), quotes (published the same or the next day, sharing at least 3
//! capitalised two-word names) and extraction reference texts (sharing at least 3 such names). Each related pair is checked on its own
//! (`REVIEW_COMPONENTS=1` checks connected components instead).
//!
//! Quote disagreements (altered wording, conflicting speakers) are computed
//! over each group's quotes clustered with `newsfold_quotes::cluster_quotes`,
//! as the engine does.
//!
//! Run: `cargo run --release -p newsfold-facts --example review_disagreements [max]`;
//! flags are printed ranked by confidence, the top `max` in full.
//! (`REVIEW_RELAXED=1`: context similarity 0.1 and entity confidence 0.3, to see
//! what the default gates reject; `REVIEW_RELAXED=2`: no context-similarity floor;
//! `REVIEW_SPEAKERS=n`: speaker conflicts need n articles a side (default 3);
//! `REVIEW_WIDE=1`: also unlisted same-category bbc pairs sharing 4+ names, and
//! quotes articles up to 3 days apart; `REVIEW_QUOTE_LINK=1`: also quotes articles
//! up to `REVIEW_QUOTE_DAYS` (7) days apart that print the same 8-word quote;
//! `REVIEW_FACTS=1` / `REVIEW_NEAR=1`: dump facts / every attribute with two values.)
//! The top-50 review in REVIEW.md uses
//! `REVIEW_RELAXED=2 REVIEW_SPEAKERS=1 REVIEW_QUOTE_LINK=1 REVIEW_WIDE=1 REVIEW_COMPONENTS=1`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use newsfold_core::Article;
use newsfold_facts::{
    Disagreement, DisagreementParams, QuoteInput, QuoteParams, QuoteVariant, extract_facts, find_disagreements_with,
    quote_disagreements_with,
};
use newsfold_quotes::{ArticleRef, cluster_quotes, extract_quotes};

fn run_groups(label: &str, arts: &[Article], groups: &[Vec<usize>], out: &mut Vec<(String, Disagreement)>) -> usize {
    let mut nfacts = 0;
    let mut cache: HashMap<usize, Vec<newsfold_facts::Fact>> = HashMap::new();
    for g in groups {
        let facts: Vec<_> =
            g.iter().flat_map(|&i| cache.entry(i).or_insert_with(|| extract_facts(&arts[i])).clone()).collect();
        nfacts += facts.len();
        if std::env::var_os("REVIEW_FACTS").is_some() {
            for f in &facts {
                println!("FACT\t{}\t{}\t{}\t{}\t{}", f.article, f.entity, f.attribute, f.value.display(), f.text);
            }
        }
        let dates: HashMap<String, Option<chrono::DateTime<chrono::Utc>>> =
            g.iter().map(|&i| (arts[i].id.clone(), arts[i].date)).collect();
        if std::env::var_os("REVIEW_NEAR").is_some() {
            let mut m: BTreeMap<(String, String), BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
            for f in &facts {
                if matches!(f.attribute.as_str(), "date" | "place" | "role" | "casualty") {
                    continue;
                }
                m.entry((
                    if f.attribute.starts_with("money") { String::new() } else { f.entity.to_lowercase() },
                    f.attribute.clone(),
                ))
                .or_default()
                .entry(f.value.display())
                .or_default()
                .insert(format!("{}: {}", f.article, f.sentence));
            }
            for ((e, a), vals) in m {
                let arts: BTreeSet<&str> = vals.values().flatten().map(|s| s.split(':').next().unwrap_or("")).collect();
                if vals.len() > 1 && arts.len() > 1 {
                    println!("NEAR {e} / {a}");
                    for (v, ss) in vals {
                        for s in ss {
                            println!("    {v} <- {s}");
                        }
                    }
                }
            }
        }
        // REVIEW_RELAXED=1: context similarity 0.1; REVIEW_RELAXED=2: none (both: entity confidence 0.3)
        let params = match std::env::var("REVIEW_RELAXED").ok().as_deref() {
            Some("2") => DisagreementParams { min_context_sim: 0.0, min_entity_conf: 0.3 },
            Some(_) => DisagreementParams { min_context_sim: 0.1, min_entity_conf: 0.3 },
            None => DisagreementParams::default(),
        };
        // quote disagreements over the group's quotes, clustered as the engine does
        let items: Vec<(ArticleRef, Vec<newsfold_quotes::Quote>)> =
            g.iter().map(|&i| (ArticleRef::from(&arts[i]), extract_quotes(&arts[i].text))).collect();
        let inputs: Vec<QuoteInput> = cluster_quotes(&items)
            .iter()
            .filter(|c| c.n_articles >= 2)
            .map(|c| QuoteInput {
                cluster: c.id.clone(),
                canonical: c.canonical.clone(),
                variants: c
                    .occurrences
                    .iter()
                    .map(|o| QuoteVariant {
                        article: o.article.clone(),
                        text: o.text.clone(),
                        speaker: o.speaker.clone(),
                    })
                    .collect(),
            })
            .collect();
        let mut ds = find_disagreements_with(&facts, &dates, &params);
        let qparams = match std::env::var("REVIEW_SPEAKERS").ok().and_then(|v| v.parse().ok()) {
            Some(n) => QuoteParams { min_speaker_articles: n },
            None => QuoteParams::default(),
        };
        ds.extend(quote_disagreements_with(&inputs, &qparams));
        for d in ds {
            let key = |x: &Disagreement| {
                format!("{}{:?}", x.about, x.values.iter().map(|v| (&v.value, &v.articles)).collect::<Vec<_>>())
            };
            if out.iter().any(|(_, o)| key(o) == key(&d)) {
                continue;
            }
            out.push((label.to_string(), d));
        }
    }
    nfacts
}

#[path = "common/mod.rs"]
mod common;
use common::{article, caps_bigrams, components, read_jsonl};

fn main() {
    let max: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(50);
    let Some(data) = newsfold_testdata::data_dir_or_skip("", "review_disagreements") else { return };
    let mut flagged = Vec::new();

    // bbc-dups
    let bbc: Vec<Article> = read_jsonl(&data.join("bbc-dups/articles.jsonl")).iter().map(article).collect();
    let idx: HashMap<&str, usize> = bbc.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let mut edges = Vec::new();
    for p in read_jsonl(&data.join("bbc-dups/pairs.jsonl")) {
        let l = p["label"].as_str().unwrap_or("");
        if l == "near_duplicate" || l == "same_story" {
            if let (Some(&a), Some(&b)) =
                (idx.get(p["a"].as_str().unwrap_or("")), idx.get(p["b"].as_str().unwrap_or("")))
            {
                edges.push((a, b));
            }
        }
    }
    // unlisted same-story pairs: same category, sharing >= 4 capitalised two-word names
    if std::env::var_os("REVIEW_WIDE").is_some() {
        let bb: Vec<BTreeSet<String>> = bbc.iter().map(|a| caps_bigrams(&a.text)).collect();
        let cat = |a: &Article| a.id.split('-').next().unwrap_or("").to_string();
        for i in 0..bbc.len() {
            for j in i + 1..bbc.len() {
                if cat(&bbc[i]) == cat(&bbc[j]) && bb[i].intersection(&bb[j]).count() >= 4 && !edges.contains(&(i, j)) {
                    edges.push((i, j));
                }
            }
        }
    }
    let groups: Vec<Vec<usize>> = if std::env::var_os("REVIEW_COMPONENTS").is_some() {
        components(bbc.len(), &edges)
    } else {
        edges.iter().map(|&(a, b)| vec![a, b]).collect()
    };
    let nf = run_groups("bbc", &bbc, &groups, &mut flagged);
    eprintln!("bbc-dups: {} groups, {} facts", groups.len(), nf);

    // quotes: same date + >= 3 shared capitalised bigrams
    let q: Vec<Article> = read_jsonl(&data.join("quotes/articles.jsonl")).iter().map(article).collect();
    let bigrams: Vec<BTreeSet<String>> = q.iter().map(|a| caps_bigrams(&a.text)).collect();
    let mut by_date: BTreeMap<Option<i64>, Vec<usize>> = BTreeMap::new();
    for (i, a) in q.iter().enumerate() {
        by_date.entry(a.date.map(|d| d.timestamp() / 86400)).or_default().push(i);
    }
    let mut qedges = Vec::new();
    let days: Vec<(i64, usize)> = by_date.iter().filter_map(|(d, v)| d.map(|d| (d, v.len()))).collect();
    let _ = days;
    let keys: Vec<Option<i64>> = by_date.keys().copied().collect();
    for (ki, k) in keys.iter().enumerate() {
        let v = &by_date[k];
        // same day, and the next day
        let mut others: Vec<usize> = Vec::new();
        if let (Some(d), Some(Some(n))) = (k, keys.get(ki + 1)) {
            if n - d == 1 {
                others.extend(&by_date[&Some(*n)]);
            }
        }
        if std::env::var_os("REVIEW_WIDE").is_some() {
            for n in keys.iter().skip(ki + 2).take(3).flatten() {
                if let Some(d) = k {
                    if n - d <= 3 {
                        others.extend(&by_date[&Some(*n)]);
                    }
                }
            }
        }
        for (x, &i) in v.iter().enumerate() {
            for &j in v[x + 1..].iter().chain(others.iter()) {
                if bigrams[i].intersection(&bigrams[j]).count() >= 3 {
                    qedges.push((i, j));
                }
            }
        }
    }
    // articles up to a week apart that print the same long quote (8 words in a row) cover the same event
    if std::env::var_os("REVIEW_QUOTE_LINK").is_some() {
        let quote_days: i64 = std::env::var("REVIEW_QUOTE_DAYS").ok().and_then(|v| v.parse().ok()).unwrap_or(7);
        let shingles: Vec<BTreeSet<u64>> = q
            .iter()
            .map(|a| {
                let mut out = BTreeSet::new();
                for qu in extract_quotes(&a.text) {
                    let w: Vec<String> = newsfold_core::fold(&qu.text)
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .map(str::to_string)
                        .collect();
                    for win in w.windows(8) {
                        out.insert(newsfold_core::hash_str(&win.join(" ")));
                    }
                }
                out
            })
            .collect();
        for i in 0..q.len() {
            for j in i + 1..q.len() {
                let near = match (q[i].date, q[j].date) {
                    (Some(a), Some(b)) => (a - b).num_days().abs() <= quote_days,
                    _ => false,
                };
                if near && !shingles[i].is_disjoint(&shingles[j]) && !qedges.contains(&(i, j)) {
                    qedges.push((i, j));
                }
            }
        }
    }
    let qgroups: Vec<Vec<usize>> = if std::env::var_os("REVIEW_COMPONENTS").is_some() {
        components(q.len(), &qedges)
    } else {
        qedges.iter().map(|&(a, b)| vec![a, b]).collect()
    };
    let nf = run_groups("quotes", &q, &qgroups, &mut flagged);
    eprintln!("quotes: {} groups, {} facts", qgroups.len(), nf);

    // extraction: reference texts of 120 pages from many sites; pairs sharing >= 3 capitalised bigrams
    let ex: Vec<Article> = read_jsonl(&data.join("extraction/ground-truth.jsonl")).iter().map(article).collect();
    let eb: Vec<BTreeSet<String>> = ex.iter().map(|a| caps_bigrams(&a.text)).collect();
    let mut eedges = Vec::new();
    for i in 0..ex.len() {
        for j in i + 1..ex.len() {
            if eb[i].intersection(&eb[j]).count() >= 3 {
                eedges.push((i, j));
            }
        }
    }
    let egroups: Vec<Vec<usize>> = eedges.iter().map(|&(a, b)| vec![a, b]).collect();
    let nf = run_groups("extraction", &ex, &egroups, &mut flagged);
    eprintln!("extraction: {} groups, {} facts", egroups.len(), nf);

    // ranked by confidence (stable: corpus order among equals)
    flagged.sort_by(|a, b| b.1.confidence.total_cmp(&a.1.confidence));
    println!("{} disagreements flagged in total; showing the top {max} by confidence\n", flagged.len());
    let mut by_attr: BTreeMap<String, usize> = BTreeMap::new();
    for (_, d) in &flagged {
        *by_attr.entry(d.attribute.split(':').next().unwrap_or("").to_string()).or_default() += 1;
    }
    println!("by attribute: {by_attr:?}\n");
    for (n, (label, d)) in flagged.iter().take(max).enumerate() {
        println!("#{} [{label}] {} ({}; confidence {:.2})", n + 1, d.about, d.attribute, d.confidence);
        for v in &d.values {
            println!("   = {} in {:?}", v.value, v.articles);
            for s in &v.sentences {
                println!("       \"{s}\"");
            }
        }
        if !d.note.is_empty() {
            println!("   note: {}", d.note);
        }
        println!();
    }
}
