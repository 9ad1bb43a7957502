//! Helpers shared by the review and census examples: reading the corpora and
//! forming the candidate groups of articles (included with `#[path]`, so it is
//! not an example of its own).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use newsfold_core::Article;

pub fn read_jsonl(p: &Path) -> Vec<serde_json::Value> {
    let s = std::fs::read_to_string(p).unwrap_or_default();
    s.lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

pub fn article(v: &serde_json::Value) -> Article {
    Article {
        id: v["id"].as_str().unwrap_or("").to_string(),
        title: v["title"].as_str().map(str::to_string),
        text: v["text"].as_str().unwrap_or("").to_string(),
        date: v["date"].as_str().and_then(newsfold_core::parse_date),
        outlet: v["outlet"].as_str().map(str::to_string),
        ..Default::default()
    }
}

pub fn find(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    let mut y = x;
    while parent[y] != r {
        let n = parent[y];
        parent[y] = r;
        y = n;
    }
    r
}

pub fn components(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    for &(a, b) in edges {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra] = rb;
        }
    }
    let mut g: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        g.entry(r).or_default().push(i);
    }
    g.into_values().filter(|c| c.len() >= 2).collect()
}

pub fn caps_bigrams(text: &str) -> BTreeSet<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = BTreeSet::new();
    for w in words.windows(2) {
        let ok = |s: &str| {
            s.chars().next().is_some_and(char::is_uppercase)
                && s.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '’')
        };
        if ok(w[0]) && ok(w[1]) {
            out.insert(format!("{} {}", w[0], w[1]));
        }
    }
    out
}
