//! Assignment latency benchmark on a synthetic corpus.
//!
//! Words come from the stories-headlines titles (or a small built-in list when
//! the data is absent); each synthetic story has its own topic words and two
//! names, and each article recombines them with random vocabulary into a
//! headline and a ~60-word body. About 50 stories are active at any time and
//! articles arrive 30 s apart. Reports p50/p99/max assignment time per
//! article (single thread) and the time spent in periodic merge passes.
//!
//! `cargo run --release -p newsfold-stories --example bench_assign [N...]`
//! (default: 10000 100000).

use std::time::Instant;

use chrono::{TimeZone, Utc};
use newsfold_core::Article;
use newsfold_stories::{StoryClusterer, StoryParams};

/// CPU time of this thread (ns): unlike wall time it excludes time the
/// scheduler gave to other processes (the dev machine is shared).
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes into the valid timespec we pass.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0;
    }
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, v: &'a [String]) -> &'a str {
        &v[(self.next() as usize) % v.len()]
    }
}

fn vocab() -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    if let Some(dir) = newsfold_testdata::data_dir_or_skip("stories-headlines", "bench vocabulary") {
        if let Ok(s) = std::fs::read_to_string(dir.join("articles.jsonl")) {
            for l in s.lines() {
                if let Ok(a) = serde_json::from_str::<Article>(l) {
                    for w in a.title.unwrap_or_default().split_whitespace() {
                        let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
                        if w.len() >= 3 {
                            words.push(w);
                        }
                    }
                }
            }
        }
    }
    if words.len() < 100 {
        words = "harbor council budget ferry storm vote mayor bridge court trial senate market shares profit \
                 recall engine launch phone studio album concert drought wildfire vaccine hospital school union \
                 strike merger airline tariff election minister protest rescue flood satellite rocket museum"
            .split(' ')
            .map(str::to_string)
            .collect();
    }
    words.sort();
    words.dedup();
    words
}

fn cap(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn run(n: usize, words: &[String]) {
    let mut rng = Lcg(42);
    let n_stories = n / 10 + 1;
    let topics: Vec<(Vec<String>, Vec<String>)> = (0..n_stories)
        .map(|_| {
            let t = (0..6).map(|_| rng.pick(words).to_string()).collect();
            let e = (0..2).map(|_| format!("{} {}", cap(rng.pick(words)), cap(rng.pick(words)))).collect();
            (t, e)
        })
        .collect();
    let t0 = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single().unwrap_or_default();
    let mut c = StoryClusterer::new(StoryParams::default());
    let mut lat: Vec<f64> = Vec::with_capacity(n);
    let mut cpu: Vec<f64> = Vec::with_capacity(n);
    let mut merge_ms = 0.0;
    let start = Instant::now();
    for i in 0..n {
        let s = ((i / 10) + (rng.next() as usize % 50)).min(n_stories - 1);
        let (topic, ents) = &topics[s];
        let mut title = Vec::new();
        for k in 0..7 {
            title.push(if k % 2 == 0 { topic[(rng.next() as usize) % 6].clone() } else { rng.pick(words).to_string() });
        }
        let mut body = String::new();
        for sent in 0..6 {
            body.push_str(&ents[sent % 2]);
            for _ in 0..9 {
                body.push(' ');
                body.push_str(if rng.next() % 3 == 0 { &topic[(rng.next() as usize) % 6] } else { rng.pick(words) });
            }
            body.push_str(". ");
        }
        let a = Article {
            id: format!("a{i}"),
            title: Some(cap(&title.join(" "))),
            text: body,
            date: Some(t0 + chrono::Duration::seconds(30 * i as i64 + 7)),
            outlet: Some(format!("outlet{}", rng.next() % 500)),
            ..Default::default()
        };
        let t = Instant::now();
        let c0 = thread_cpu_ns();
        std::hint::black_box(c.assign(&a, None));
        cpu.push((thread_cpu_ns().saturating_sub(c0)) as f64 / 1e6);
        lat.push(t.elapsed().as_secs_f64() * 1e3);
        if (i + 1) % 5000 == 0 {
            let t = Instant::now();
            c.merge_pass();
            merge_ms += t.elapsed().as_secs_f64() * 1e3;
        }
    }
    let total = start.elapsed().as_secs_f64();
    if std::env::var_os("BENCH_SLOW").is_some() {
        let slow: Vec<usize> = lat.iter().enumerate().filter(|(_, l)| **l > 5.0).map(|(i, _)| i).collect();
        println!("slow (>5 ms): {} e.g. {:?}", slow.len(), &slow[..slow.len().min(20)]);
    }
    lat.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let q = |p: f64| lat[((lat.len() as f64 - 1.0) * p) as usize];
    let qc = |p: f64| cpu[((cpu.len() as f64 - 1.0) * p) as usize];
    println!(
        "n={n:>8} stories={:>7} assign p50={:.3} ms p90={:.3} ms p99={:.3} ms max={:.3} ms | merge passes {:.0} ms total | wall {:.1} s",
        c.story_count(),
        q(0.5),
        q(0.9),
        q(0.99),
        lat.last().copied().unwrap_or(0.0),
        merge_ms,
        total
    );
    println!(
        "            thread CPU time per assign: p50={:.3} ms p90={:.3} ms p99={:.3} ms max={:.3} ms",
        qc(0.5),
        qc(0.9),
        qc(0.99),
        cpu.last().copied().unwrap_or(0.0)
    );
}

fn main() {
    let words = vocab();
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000] } else { sizes };
    for n in sizes {
        run(n, &words);
    }
}
