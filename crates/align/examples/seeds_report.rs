//! Print every seed pair's relation, passages and ops:
//! `cargo run --release -p newsfold-align --example seeds_report`.

use newsfold_align::{AlignParams, analyze_pair};
use newsfold_core::{Article, parse_date};

fn main() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("seeds", "seeds report") else { return };
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().to_string()).collect())
        .unwrap_or_default();
    ids.retain(|f| f.ends_with(".txt"));
    ids.sort();
    let arts: Vec<Article> = ids
        .iter()
        .map(|f| {
            let raw = std::fs::read_to_string(dir.join(f)).unwrap_or_default();
            let (text, date) = match raw.strip_prefix(" date ") {
                Some(rest) => {
                    (rest.split_once('\n').map(|x| x.1).unwrap_or("").to_string(), rest.get(..10).and_then(parse_date))
                }
                None => (raw.clone(), None),
            };
            Article { id: f.trim_end_matches(".txt").to_string(), text, date, ..Default::default() }
        })
        .collect();
    let p = AlignParams::default();
    for i in 0..arts.len() {
        for j in i + 1..arts.len() {
            let Some(x) = analyze_pair(&arts[i], &arts[j], &p) else {
                println!("{} {}: none", &arts[i].id[..3], &arts[j].id[..3]);
                continue;
            };
            println!(
                "{} {}: {} cov {:.2}/{:.2} sentences matched {:.2} order {:.2}",
                &arts[i].id[..3],
                &arts[j].id[..3],
                x.relation.as_str(),
                x.coverage_a,
                x.coverage_b,
                x.rewrite.matched_fraction,
                x.rewrite.order_fraction
            );
            for q in &x.passages {
                println!(
                    "  passage a {}..{} b {}..{} score {} matched {}",
                    q.a_start, q.a_end, q.b_start, q.b_end, q.score, q.matched_words
                );
                for o in &q.ops {
                    println!("    {}", serde_json::to_string(o).unwrap_or_default());
                }
            }
        }
    }
}
