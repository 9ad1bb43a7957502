//! Quality bar on the seed articles (skipped when the shared data is absent).

mod common;

use std::collections::HashMap;

use newsfold_facts::{
    DigestArticle, DigestInput, DigestQuote, Fact, QuoteInput, QuoteVariant, Value, build_digest, extract_facts,
    find_disagreements, quote_disagreements, render_text,
};

const IDS: [&str; 4] = ["000_6e3d2f9f0fac14e2", "001_dfdaf65a32723934", "002_5e487084cbe5aa7d", "003_7aa5588fcb85d1d7"];

fn load() -> Option<Vec<newsfold_core::Article>> {
    let dir = newsfold_testdata::data_dir_or_skip("seeds", "facts seeds test")?;
    Some(common::read_articles(&dir, &IDS))
}

fn facts_and_dates(
    arts: &[newsfold_core::Article],
) -> (Vec<Fact>, HashMap<String, Option<chrono::DateTime<chrono::Utc>>>) {
    let facts: Vec<Fact> = arts.iter().flat_map(extract_facts).collect();
    let dates = arts.iter().map(|a| (a.id.clone(), a.date)).collect();
    (facts, dates)
}

#[test]
fn seed_facts_are_extracted() {
    let Some(arts) = load() else { return };
    let (facts, _) = facts_and_dates(&arts);
    for f in &facts {
        eprintln!("{} | {} | {} | {} | {:?}", &f.article[..3], f.entity, f.attribute, f.value.display(), f.text);
    }
    let has = |art: &str, ent: &str, attr: &str, v: &Value| {
        facts.iter().any(|f| f.article.starts_with(art) && f.entity == ent && f.attribute == attr && &f.value == v)
    };
    let years = |y: f32| Value::Age { months: y * 12.0, approx: false, in_years: true };
    assert!(has("002", "Alec Baldwin", "age", &years(63.0)), "002: the actor, 63");
    assert!(has("003", "Alec Baldwin", "age", &years(63.0)), "003: the 63-year-old actor");
    assert!(has("003", "Eduardo", "age", &years(1.0)));
    assert!(has("002", "Eduardo", "age", &Value::Age { months: 15.0, approx: false, in_years: false }));
    assert!(has("003", "Lucia", "age", &Value::Age { months: 9.0, approx: false, in_years: false }));
    for a in ["000", "002", "003"] {
        assert!(has(a, "Baldwin family", "count:children", &Value::Count(6)), "{a} six children");
    }
    assert!(has("003", "Halyna Hutchins", "role", &Value::Role("cinematographer".into())));
    assert!(has("002", "Joel Souza", "role", &Value::Role("director".into())));
    assert!(facts.iter().any(|f| f.entity == "Halyna Hutchins" && f.attribute == "casualty"));
    assert!(facts.iter().any(|f| f.entity == "Joel Souza"
        && f.value == Value::Casualty { kind: "injured".into(), count: None, approx: false, at_least: false }));
    // no age for the wrong person from "the 37-year-old author" (Hilaria, not Alec)
    assert!(!facts.iter().any(|f| f.entity == "Alec Baldwin" && f.attribute == "age" && f.value == years(37.0)));
    // char offsets point at the surface text
    for f in &facts {
        let a = arts.iter().find(|a| a.id == f.article).unwrap();
        let s: String = a.text.chars().skip(f.start).take(f.end - f.start).collect();
        assert_eq!(s, f.text);
    }
}

#[test]
fn seed_disagreements() {
    let Some(arts) = load() else { return };
    let (facts, dates) = facts_and_dates(&arts);
    let ds = find_disagreements(&facts, &dates);
    for d in &ds {
        eprintln!(
            "{} [{}] conf {:.2}: {:?} | {}",
            d.about,
            d.attribute,
            d.confidence,
            d.values.iter().map(|v| (&v.value, &v.articles)).collect::<Vec<_>>(),
            d.note
        );
    }
    let youngest = ds.iter().find(|d| d.attribute == "youngest").expect("youngest child disagreement");
    let vals: Vec<&str> = youngest.values.iter().map(|v| v.value.as_str()).collect();
    assert!(vals.contains(&"Eduardo, 15 months") && vals.contains(&"Lucia, 9 months"), "{vals:?}");
    let count = ds.iter().find(|d| d.attribute == "count:children").expect("six vs five listed");
    assert!(count.note.contains("Lucia"), "{}", count.note);
    assert!(
        count.values.iter().any(|v| v.value.starts_with('6')) && count.values.iter().any(|v| v.value.starts_with('5'))
    );
    assert!(!ds.iter().any(|d| d.attribute == "age"), "no age disagreement (Alec 63, Eduardo 1 vs 15 months)");
    let proud = ds.iter().find(|d| d.attribute == "proud_of").expect("proud_of disagreement");
    assert_eq!(proud.entity, "Hilaria Baldwin");
    // nothing else
    assert_eq!(ds.len(), 3, "unexpected extra disagreements");
}

fn find_quote(a: &newsfold_core::Article, q: &str) -> Option<String> {
    a.text.contains(q).then(|| q.to_string())
}

#[test]
fn seed_quote_wording_and_digest() {
    let Some(arts) = load() else { return };
    let (facts, dates) = facts_and_dates(&arts);
    // quote clusters as the integrator would pass them (hand-built here)
    let lose = "I don’t want to lose you.";
    let let_down = "I don’t want to let you down.";
    let mut variants = Vec::new();
    for a in &arts {
        if let Some(t) = find_quote(a, lose).or_else(|| find_quote(a, let_down)) {
            variants.push(QuoteVariant { article: a.id.clone(), text: t, speaker: Some("Hilaria Baldwin".into()) });
        }
    }
    let q = QuoteInput { cluster: "lose-you".into(), canonical: lose.into(), variants };
    let mut ds = quote_disagreements(&[q]);
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0].values[1].articles, ["002_5e487084cbe5aa7d"]);
    ds.extend(find_disagreements(&facts, &dates));

    let shared = [
        ("I am here, I love you, and I will take care of you", "Hilaria Baldwin"),
        ("I remember saying that phrase over and over again.", "Hilaria Baldwin"),
        ("I’m lucky. Sometimes it doesn’t seem that way to me.", "Alec Baldwin"),
        ("didn’t pull the trigger", "Alec Baldwin"),
    ];
    let quotes = shared
        .iter()
        .map(|(t, s)| DigestQuote {
            text: t.to_string(),
            speaker: Some(s.to_string()),
            articles: arts.iter().filter(|a| a.text.contains(t)).map(|a| a.id.clone()).collect(),
        })
        .collect();
    let input = DigestInput {
        story_id: "seeds-000-003".into(),
        articles: arts
            .iter()
            .map(|a| DigestArticle {
                id: a.id.clone(),
                title: a.title.clone().unwrap_or_default(),
                text: a.text.clone(),
                date: a.date,
                outlet: a.outlet.clone(),
                url: a.url.clone(),
                role: if a.id.starts_with("002") { "copy".into() } else { "independent".into() },
            })
            .collect(),
        quotes,
        disagreements: ds,
    };
    let d = build_digest(&input);
    println!("{}", render_text(&d));
    assert!((3..=5).contains(&d.summary.len()));
    assert!(d.summary.iter().all(|s| s.supporting_articles.len() >= 2));
    assert!(d.headline.contains("Baldwin"));
    assert_eq!(d.disagreements.len(), 4);
}
