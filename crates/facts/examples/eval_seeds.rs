//! Seeds evaluation: which of `seeds/expected.json`'s fact disagreements are
//! found, which consistent facts are (wrongly) flagged, and the 000-003 digest.
//!
//! Run: `cargo run --release -p newsfold-facts --example eval_seeds`

use std::collections::HashMap;

use newsfold_core::Article;
use newsfold_facts::{
    DigestArticle, DigestInput, Fact, build_digest, extract_facts, find_disagreements, render_markdown,
};

fn parse(id: &str, raw: &str) -> Article {
    let (first, rest) = raw.split_once('\n').unwrap_or((raw, ""));
    let mut a = Article { id: id.to_string(), ..Default::default() };
    if let Some(r) = first.trim_start().strip_prefix("date ") {
        let (d, t) = r.split_once(' ').unwrap_or((r, ""));
        a.date = newsfold_core::parse_date(d);
        a.title = Some(t.trim().to_string());
        a.text = rest.to_string();
    } else if rest.starts_with('\n') && !first.trim_end().ends_with('.') {
        a.title = Some(first.trim().to_string());
        a.text = rest.to_string();
    } else {
        a.text = raw.to_string();
    }
    a
}

fn main() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("seeds", "eval_seeds") else { return };
    let ids = ["000_6e3d2f9f0fac14e2", "001_dfdaf65a32723934", "002_5e487084cbe5aa7d", "003_7aa5588fcb85d1d7"];
    let arts: Vec<Article> = ids
        .iter()
        .map(|id| parse(id, &std::fs::read_to_string(dir.join(format!("{id}.txt"))).unwrap_or_default()))
        .collect();
    let facts: Vec<Fact> = arts.iter().flat_map(extract_facts).collect();
    let dates: HashMap<String, _> = arts.iter().map(|a| (a.id.clone(), a.date)).collect();
    let ds = find_disagreements(&facts, &dates);
    println!("{} facts from {} articles, {} disagreements\n", facts.len(), arts.len(), ds.len());
    // expected fact disagreements (the quote one needs quote clusters: see tests/seeds.rs)
    let expected = [
        ("youngest child", "youngest"),
        ("children named (six stated, five listed)", "count:children"),
        ("what Hilaria is proud of", "proud_of"),
    ];
    let mut found = 0;
    for (name, attr) in expected {
        let ok = ds.iter().any(|d| d.attribute == attr);
        found += usize::from(ok);
        println!("expected  {:<45} {}", name, if ok { "FOUND" } else { "missed" });
    }
    let age_flags = ds.iter().filter(|d| d.attribute == "age").count();
    println!("\nrecall {found}/3; consistent ages flagged (Alec 63, Eduardo 1 vs 15 months): {age_flags}");
    let extra = ds.iter().filter(|d| !expected.iter().any(|(_, a)| *a == d.attribute)).count();
    println!("unexpected disagreements: {extra}\n");
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
                url: None,
                role: if a.id.starts_with("002") { "copy".into() } else { "independent".into() },
            })
            .collect(),
        quotes: vec![],
        disagreements: ds,
    };
    println!("{}", render_markdown(&build_digest(&input)));
}
