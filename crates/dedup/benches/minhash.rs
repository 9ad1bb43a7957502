//! Criterion benchmarks: sketching (tokenise + shingle + OPH MinHash) and
//! index insert (candidate lookup + verification) on invented news-like text.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use newsfold_core::Article;
use newsfold_dedup::{DedupIndex, DedupParams, sketch_text};

const WORDS: &[&str] = &[
    "council",
    "minister",
    "said",
    "the",
    "budget",
    "river",
    "vote",
    "market",
    "shares",
    "rose",
    "police",
    "court",
    "report",
    "on",
    "tuesday",
    "after",
    "talks",
    "with",
    "union",
    "leaders",
    "over",
    "pay",
    "and",
    "pensions",
    "in",
    "a",
    "statement",
    "bank",
    "rates",
    "growth",
    "film",
    "award",
    "festival",
    "election",
    "campaign",
    "party",
];

fn text(seed: u64, words: usize) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = String::new();
    for i in 0..words {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_str(WORDS[(x % WORDS.len() as u64) as usize]);
        out.push(if i % 40 == 39 { '\n' } else { ' ' });
    }
    out
}

fn bench(c: &mut Criterion) {
    let p = DedupParams::default();
    let t = text(7, 450);
    c.bench_function("sketch_450_words", |b| b.iter(|| sketch_text(black_box(&t), "", &p, None)));
    let mut idx = DedupIndex::new(DedupParams { learn_boilerplate: false, ..p.clone() });
    for i in 0..20_000u64 {
        let a = Article { id: format!("d{i}"), text: text(i, 300), ..Default::default() };
        idx.insert(&a.id, &a);
    }
    let probe = Article { id: "probe".into(), text: text(123_456, 300), ..Default::default() };
    c.bench_function("insert_into_20k", |b| {
        b.iter(|| {
            let m = idx.insert("probe", black_box(&probe));
            idx.remove("probe");
            m
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
