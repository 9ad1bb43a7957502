//! The repository's invented example corpus (`examples/news`, gold in
//! `examples/expected.json`): every listed disagreement is found, nothing the
//! articles agree on is flagged, and nothing else is flagged either.

use std::collections::{BTreeSet, HashMap};

use newsfold_core::Article;
use newsfold_facts::{
    DigestArticle, DigestInput, DigestQuote, Disagreement, Fact, QuoteInput, QuoteVariant, build_digest, extract_facts,
    find_disagreements, quote_disagreements, render_text,
};
use newsfold_ingest::{ReadOptions, read_inputs};
use newsfold_quotes::{ArticleRef, cluster_quotes, extract_quotes};
use serde_json::Value as J;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

fn load() -> (Vec<Article>, J) {
    let path = format!("{ROOT}/news");
    let arts: Vec<Article> =
        read_inputs(&[path], &ReadOptions::default()).filter_map(Result::ok).map(|r| r.article).collect();
    let gold: J = serde_json::from_str(&std::fs::read_to_string(format!("{ROOT}/expected.json")).unwrap()).unwrap();
    (arts, gold)
}

type StoryResult = (Vec<String>, Vec<Disagreement>, Vec<Fact>, Vec<DigestQuote>);

/// Disagreements per story, as the engine computes them (facts, then quotes).
fn story_disagreements(arts: &[Article], gold: &J) -> Vec<StoryResult> {
    let by_id: HashMap<&str, &Article> = arts.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut out = Vec::new();
    for story in gold["stories"].as_array().unwrap() {
        let ids: Vec<String> = story.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
        let members: Vec<&Article> =
            ids.iter().map(|i| *by_id.get(i.as_str()).unwrap_or_else(|| panic!("{i}"))).collect();
        let facts: Vec<Fact> = members.iter().flat_map(|a| extract_facts(a)).collect();
        let dates = members.iter().map(|a| (a.id.clone(), a.date)).collect();
        let mut ds = find_disagreements(&facts, &dates);
        let items: Vec<(ArticleRef, Vec<newsfold_quotes::Quote>)> =
            members.iter().map(|a| (ArticleRef::from(*a), extract_quotes(&a.text))).collect();
        let clusters = cluster_quotes(&items);
        let key_quotes = clusters
            .iter()
            .map(|c| {
                let mut articles: Vec<String> = c.occurrences.iter().map(|o| o.article.clone()).collect();
                articles.dedup();
                DigestQuote { text: c.canonical.clone(), speaker: c.speaker.clone(), articles }
            })
            .collect();
        let inputs: Vec<QuoteInput> = clusters
            .iter()
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
        ds.extend(quote_disagreements(&inputs));
        out.push((ids, ds, facts, key_quotes));
    }
    out
}

/// Index of the value class of `d` that `article` is in.
fn class_of(d: &Disagreement, article: &str) -> Option<usize> {
    d.values.iter().position(|v| v.articles.iter().any(|a| a == article))
}

fn dump(ds: &[Disagreement]) -> String {
    let mut s = String::new();
    for d in ds {
        s.push_str(&format!("- {} [{}] conf {:.2} {}\n", d.about, d.attribute, d.confidence, d.note));
        for v in &d.values {
            s.push_str(&format!("    {} <- {:?}\n", v.value, v.articles));
            for t in &v.sentences {
                s.push_str(&format!("        | {t}\n"));
            }
        }
    }
    s
}

/// Numbers in a phrase, as digits ("seven" → "7", "3,800" → "3800").
fn numbers(p: &str) -> Vec<String> {
    const WORDS: [&str; 13] =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    p.split(|c: char| !(c.is_alphanumeric() || c == ',' || c == '.'))
        .map(|w| w.trim_matches([',', '.']).replace(',', "").to_lowercase())
        .filter_map(|w| {
            if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                Some(w)
            } else {
                WORDS.iter().position(|x| *x == w).map(|i| i.to_string())
            }
        })
        .collect()
}

#[test]
fn example_disagreements_found_and_consistent_values_not_flagged() {
    let (arts, gold) = load();
    assert_eq!(arts.len(), 19, "all 19 example articles read");
    let stories = story_disagreements(&arts, &gold);
    let all: Vec<&Disagreement> = stories.iter().flat_map(|(_, d, _, _)| d.iter()).collect();
    if std::env::var_os("FACTS_DUMP").is_some() {
        for f in stories.iter().flat_map(|(_, _, f, _)| f.iter()) {
            eprintln!("FACT {} | {} | {} | {} | {:?}", f.article, f.entity, f.attribute, f.value.display(), f.text);
        }
    }
    let listing = dump(&all.iter().map(|d| (*d).clone()).collect::<Vec<_>>());
    eprintln!("{listing}");

    // 1. every expected disagreement: the odd article is in another class than the majority
    let mut explained: BTreeSet<usize> = BTreeSet::new();
    for exp in gold["disagreements"].as_array().unwrap() {
        let vals = exp["values"].as_object().unwrap();
        let mut by_value: HashMap<String, Vec<&str>> = HashMap::new();
        for (id, v) in vals {
            by_value.entry(v.to_string()).or_default().push(id);
        }
        let (odd, rest): (Vec<_>, Vec<_>) = by_value.values().partition(|v| v.len() == 1);
        let odd = odd[0][0];
        let majority: Vec<&str> = rest.iter().flat_map(|v| v.iter().copied()).collect();
        let hit = all.iter().position(|d| {
            let Some(co) = class_of(d, odd) else { return false };
            let separated = majority.iter().filter(|m| class_of(d, m).is_some_and(|c| c != co)).count();
            let wrong = majority.iter().filter(|m| class_of(d, m) == Some(co)).count();
            separated >= 2 && wrong == 0
        });
        assert!(hit.is_some(), "not found: {}\n{listing}", exp["about"]);
        explained.insert(hit.unwrap());
    }

    // 2. nothing the articles agree on is flagged: no disagreement about one of
    //    its numbers puts two evidence sentences of a consistent fact into different classes
    for c in gold["consistent"].as_array().unwrap() {
        let ev = c["evidence"].as_object().unwrap();
        let nums: BTreeSet<String> = ev.values().flat_map(|p| numbers(p.as_str().unwrap())).collect();
        for d in &all {
            let about_it = d.values.iter().any(|v| numbers(&v.value).iter().any(|n| nums.contains(n)));
            if !about_it && !nums.is_empty() {
                continue;
            }
            let mut classes = BTreeSet::new();
            for (id, phrase) in ev {
                let phrase = phrase.as_str().unwrap();
                for (ci, v) in d.values.iter().enumerate() {
                    for (a, s) in v.articles.iter().zip(&v.sentences) {
                        if a == id && s.contains(phrase) {
                            classes.insert(ci);
                        }
                    }
                }
            }
            assert!(classes.len() < 2, "consistent fact flagged: {}\n{}", c["fact"], dump(&[(*d).clone()]));
        }
    }

    // 3. everything else flagged must be a known quote mutation or the internal inconsistency
    let mutated: Vec<String> = gold["quotes_mutated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["variant"]["quote"].as_str().or(m["variant"].as_str()).unwrap_or("").to_lowercase())
        .collect();
    for (i, d) in all.iter().enumerate() {
        if explained.contains(&i) {
            continue;
        }
        let quote_ok = d.attribute.starts_with("quote")
            && d.values.iter().any(|v| {
                let t = v.value.to_lowercase();
                mutated.iter().any(|m| !m.is_empty() && (t.contains(m.trim_end_matches(['.', ','])) || m.contains(&t)))
            });
        let internal = d.values.iter().all(|v| v.articles == ["text/eastbank-observer-kestrel-queen-safety"]);
        assert!(quote_ok || internal, "unexpected disagreement:\n{}", dump(&[(*d).clone()]));
    }
}

#[test]
fn example_internal_inconsistency_found() {
    let (arts, gold) = load();
    let stories = story_disagreements(&arts, &gold);
    let obs = "text/eastbank-observer-kestrel-queen-safety";
    let found = stories.iter().flat_map(|(_, d, _, _)| d.iter()).any(|d| {
        d.values.len() >= 2 && d.values.iter().all(|v| v.articles.iter().any(|a| a == obs)) && d.note.contains("names")
    });
    assert!(found, "the Observer says four died but names three");
}

#[test]
fn example_ferry_digest() {
    let (arts, gold) = load();
    let stories = story_disagreements(&arts, &gold);
    let (ids, ds, _, quotes) = stories.iter().max_by_key(|s| s.0.len()).unwrap();
    let by_id: HashMap<&str, &Article> = arts.iter().map(|a| (a.id.as_str(), a)).collect();
    let input = DigestInput {
        story_id: "A".into(),
        articles: ids
            .iter()
            .map(|i| {
                let a = by_id[i.as_str()];
                let role = gold["articles"][i]["role"].as_str().unwrap_or("independent");
                DigestArticle::of(a, if role == "syndicated copy" { "copy" } else { role })
            })
            .collect(),
        quotes: quotes.clone(),
        disagreements: ds.clone(),
    };
    let d = build_digest(&input);
    let text = render_text(&d);
    println!("{text}");
    let titles: Vec<String> = input.articles.iter().map(|a| a.title.clone()).collect();
    assert!(titles.contains(&d.headline));
    assert!((3..=5).contains(&d.summary.len()));
    assert!(d.summary.iter().all(|s| s.supporting_articles.len() >= 2));
    assert!(d.disagreements.iter().any(|x| x.attribute == "killed"));
    assert!(!text.contains("text/eastbank-observer-kestrel-queen-safety gives"), "notes use source numbers");
}
