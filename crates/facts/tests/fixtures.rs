//! Invented stories with consistent and inconsistent numbers.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use newsfold_core::Article;
use newsfold_facts::{Disagreement, Fact, FactRecord, Value, extract_facts, find_disagreements};

fn load(ids: &[&str]) -> Vec<Article> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    common::read_articles(&dir, ids)
}

fn run(ids: &[&str]) -> (Vec<Fact>, Vec<Disagreement>) {
    let arts = load(ids);
    let facts: Vec<Fact> = arts.iter().flat_map(extract_facts).collect();
    let dates: HashMap<_, _> = arts.iter().map(|a| (a.id.clone(), a.date)).collect();
    let ds = find_disagreements(&facts, &dates);
    for d in &ds {
        eprintln!(
            "{} [{}] {:?} {}",
            d.about,
            d.attribute,
            d.values.iter().map(|v| (&v.value, &v.articles)).collect::<Vec<_>>(),
            d.note
        );
    }
    (facts, ds)
}

#[test]
fn ferry_casualties_disagree_money_and_ages_agree() {
    let (facts, ds) = run(&["ferry_a", "ferry_b", "ferry_c"]);
    let killed = ds.iter().find(|d| d.attribute == "killed").expect("3 vs 4 killed");
    let vals: Vec<&str> = killed.values.iter().map(|v| v.value.as_str()).collect();
    assert!(vals.contains(&"3 killed") && vals.contains(&"4 killed"), "{vals:?}");
    assert!(killed.note.contains("different days"));
    // $1.5bn vs $1,500m: same amount; $1.9bn is in a different context (not compared)
    assert!(!ds.iter().any(|d| d.attribute.starts_with("money")), "{ds:#?}");
    // Vale 52 (May) and 53 (September); Ines 19 months vs 1
    assert!(!ds.iter().any(|d| d.attribute == "age"), "{ds:#?}");
    let vale: Vec<&Fact> = facts.iter().filter(|f| f.entity == "Oren Vale" && f.attribute == "age").collect();
    assert!(vale.len() >= 3, "{vale:#?}");
    assert!(facts.iter().any(|f| f.attribute == "money:profit"
        && f.value == Value::Money { currency: "$".into(), amount: 1.5e9, precision: 1e6 }));
    assert!(facts.iter().any(|f| f.entity == "Oren Vale" && f.value == Value::Role("captain".into())));
    assert!(facts.iter().any(|f| f.attribute == "place" && f.value == Value::Place("Port Haven, Calder".into())));
    assert_eq!(ds.len(), 1);
}

#[test]
fn family_list_count_and_youngest() {
    let (facts, ds) = run(&["family_a", "family_b"]);
    assert!(ds.iter().any(|d| d.attribute == "youngest"), "Juno vs Ezra");
    let c = ds.iter().find(|d| d.attribute == "count:children").expect("four stated, three listed");
    assert!(c.note.contains("Juno"), "{}", c.note);
    // "her staff" vs "her kitchen team" is not a disagreement; Talia 41 twice is consistent
    assert!(!ds.iter().any(|d| d.attribute == "proud_of" || d.attribute == "age"));
    assert_eq!(ds.len(), 2);
    // the JSONL record carries char offsets of the surface text
    let arts = load(&["family_a"]);
    for f in facts.iter().filter(|f| f.article == "family_a") {
        let r = FactRecord::from(f);
        let s: String = arts[0].text.chars().skip(r.start).take(r.end - r.start).collect();
        assert_eq!(s, f.text);
        assert!(r.normalized.get("type").is_some());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    #[test]
    fn extraction_never_panics_and_offsets_are_in_range(text in "(\\PC|[0-9 ,.()$£-]|\\n){0,200}") {
        let a = Article { id: "p".into(), text: text.clone(), title: Some("Ann Lee".into()), ..Default::default() };
        let n = text.chars().count();
        let facts = extract_facts(&a);
        for f in &facts {
            proptest::prop_assert!(f.start <= f.end && f.end <= n);
            proptest::prop_assert!(f.sentence_start <= f.start && f.end <= f.sentence_end);
        }
        let _ = find_disagreements(&facts, &HashMap::new());
    }

    #[test]
    fn title_tolls_never_panic_and_offsets_are_in_the_title(
        title in "(\\PC|[0-9 ,.()-]|dead|hurt|killed){0,80}",
        text in "(\\PC|[0-9 ,.]){0,80}",
    ) {
        let a = Article { id: "p".into(), text: text.clone(), title: Some(title.clone()), ..Default::default() };
        for f in extract_facts(&a) {
            let n = if f.in_title { title.chars().count() } else { text.chars().count() };
            proptest::prop_assert!(f.start <= f.end && f.end <= n);
            if f.in_title {
                proptest::prop_assert_eq!(&f.sentence, &title);
            }
        }
    }

    #[test]
    fn shares_and_tallies_are_well_formed(
        a in "[A-Z][a-z]{2,6}( [A-Z][a-z]{2,8})?",
        b in "[A-Z][a-z]{2,8}",
        n in 0u32..100,
        d in 0u32..10,
        m in 0u32..5000,
        pct in proptest::sample::select(vec!["%", " percent", " per cent", " points", ""]),
        verb in proptest::sample::select(vec!["had", "won", "has at least", "now has a total of", "fell to", "took"]),
    ) {
        let text = format!(
            "{a} {verb} {n}.{d}{pct} to {b}'s {n}{pct}. {a} {verb} {m}, while {b} has {m}. {b} won the state with {n}{pct} of the vote."
        );
        let art = Article { id: "p".into(), text: text.clone(), ..Default::default() };
        let chars: Vec<char> = text.chars().collect();
        let facts = extract_facts(&art);
        for f in facts.iter().filter(|f| f.attribute == "share" || f.attribute == "tally") {
            proptest::prop_assert!(f.start <= f.end && f.end <= chars.len());
            let surface: String = chars[f.start..f.end].iter().collect();
            proptest::prop_assert_eq!(&surface, &f.text);
            if let newsfold_facts::Value::Percent { value, precision } = f.value {
                proptest::prop_assert!((0.0..=100.0).contains(&value) && precision > 0.0);
            }
        }
        // comparing an article with itself never flags anything
        let mut twice = facts.clone();
        twice.extend(facts.iter().cloned().map(|mut f| {
            f.article = "q".into();
            f
        }));
        proptest::prop_assert!(find_disagreements(&twice, &HashMap::new()).iter().all(|x| x.attribute != "share" && x.attribute != "tally"));
    }

    #[test]
    fn news_like_text_never_panics(
        name in "[A-Z][a-z]{2,6}( [A-Z][a-z]{2,8})?",
        n in 0u32..200,
        unit in proptest::sample::select(vec!["", " months", " years old", "-year-old", "bn", "m"]),
    ) {
        let text = format!("{name}, {n}{unit}, said ${n}{unit} and {n} people were killed. The {n}-month-old {name} and six children ({name}, {n}, {name}, 3).");
        let a = Article { id: "p".into(), text: text.clone(), ..Default::default() };
        let n_chars = text.chars().count();
        for f in extract_facts(&a) {
            proptest::prop_assert!(f.end <= n_chars);
        }
    }
}
