//! Workload generator for the dedup benchmarks.
//!
//! `cargo run --release -p newsfold-dedup --example gen_corpus -- N OUT.jsonl [SEED]`
//!
//! Builds `N` articles from the real bbc-dups DEV articles (read from the
//! shared data; nothing is written into the repository):
//! * the real articles themselves (first, up to 1313);
//! * "unrelated" synthetic articles: paragraphs drawn from random real
//!   articles with about half of their words replaced from the corpus
//!   vocabulary, so they share almost no 5-shingles with anything;
//! * ~25% planted copies of earlier articles, each with one transformation:
//!   `exact` (case/whitespace changed), `wrapper` (another outlet's
//!   boilerplate lines around and inside the body), `truncate` (the first
//!   60–90% of paragraphs), `drop_para` (one paragraph removed) or `edit`
//!   (a few words changed).
//!
//! Output lines: `{"id","text","outlet","dup_of"?,"op"?}`; `dup_of` names the
//! article a planted copy was made from.

use std::io::Write;

use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Src {
    text: String,
}

#[derive(Serialize)]
struct Out<'a> {
    id: String,
    text: String,
    outlet: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dup_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    op: Option<&'static str>,
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const OUTLETS: &[&str] = &["harbourgazette.example", "dailyvalley.example", "metrowire.example", "northpost.example"];

/// Invented wrapper lines (no corpus text) per outlet.
fn wrapper(outlet: &str, rng: &mut Rng) -> (Vec<String>, Vec<String>, String) {
    let name = outlet.split('.').next().unwrap_or(outlet);
    let authors = ["Mara Quill", "Tomas Reyne", "Ada Pell", "Jory Vance"];
    let author = authors[rng.below(authors.len())];
    let head = vec![format!("By {author} for {name}")];
    let tail = vec![
        format!(
            "{name} is supported by our audience. When you purchase through links on our site, we may earn an affiliate commission."
        ),
        "Related Content".to_string(),
        format!("Image of {author}"),
        author.to_string(),
        format!(
            "{author} is a staff writer at {name} who covers business, politics and whatever else lands on the desk."
        ),
        format!("Sign up for the {name} newsletter to get our top stories every morning."),
    ];
    (head, tail, "Recommended Videos".to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let out = args.get(2).cloned().unwrap_or_else(|| format!("/tmp/newsfold_dedup_{n}.jsonl"));
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    let Some(dir) = newsfold_testdata::data_dir_or_skip("bbc-dups", "gen_corpus") else { return };
    let src: Vec<String> = std::fs::read_to_string(dir.join("articles.jsonl"))
        .expect("articles.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Src>(l).expect("json").text)
        .collect();
    let paras: Vec<Vec<String>> =
        src.iter().map(|t| t.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()).collect();
    let vocab: Vec<&str> = {
        let mut v: Vec<&str> = src.iter().flat_map(|t| t.split_whitespace()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut docs: Vec<(String, String, &str)> = Vec::with_capacity(n); // id, text, outlet
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out).expect("create output"));
    let mut counts = std::collections::BTreeMap::new();
    for i in 0..n {
        let outlet = OUTLETS[rng.below(OUTLETS.len())];
        let id = format!("g{i:07}");
        let (text, dup_of, op) = if i < src.len().min(n) {
            (src[i].clone(), None, None)
        } else if !docs.is_empty() && rng.chance(0.25) {
            let (oid, otext, _) = &docs[rng.below(docs.len())];
            let ps: Vec<&str> = otext.lines().filter(|l| !l.trim().is_empty()).collect();
            let (op, text) = match rng.below(5) {
                0 => ("exact", otext.to_uppercase().replace(". ", ".  ")),
                1 => {
                    let (head, tail, mid) = wrapper(outlet, &mut rng);
                    let mut v: Vec<String> = head;
                    for (k, p) in ps.iter().enumerate() {
                        v.push(p.to_string());
                        if k == 0 {
                            v.push(mid.clone());
                        }
                    }
                    v.extend(tail);
                    ("wrapper", v.join("\n"))
                }
                2 => {
                    let keep = ((ps.len() as f64) * (0.6 + 0.3 * rng.below(100) as f64 / 100.0)).ceil() as usize;
                    ("truncate", ps[..keep.clamp(1, ps.len())].join("\n"))
                }
                3 if ps.len() > 3 => {
                    let drop = 1 + rng.below(ps.len() - 1);
                    let v: Vec<&str> = ps.iter().enumerate().filter(|(k, _)| *k != drop).map(|(_, p)| *p).collect();
                    ("drop_para", v.join("\n"))
                }
                _ => {
                    let mut w: Vec<String> = otext.split(' ').map(str::to_string).collect();
                    for _ in 0..3 {
                        let k = rng.below(w.len());
                        w[k] = vocab[rng.below(vocab.len())].to_string();
                    }
                    ("edit", w.join(" "))
                }
            };
            (text, Some(oid.clone()), Some(op))
        } else {
            // unrelated synthetic article
            let np = 4 + rng.below(8);
            let mut v = Vec::with_capacity(np);
            for _ in 0..np {
                let sp = &paras[rng.below(paras.len())];
                if sp.is_empty() {
                    continue;
                }
                let p = &sp[rng.below(sp.len())];
                let words: Vec<&str> =
                    p.split(' ').map(|w| if rng.chance(0.5) { vocab[rng.below(vocab.len())] } else { w }).collect();
                v.push(words.join(" "));
            }
            (v.join("\n"), None, None)
        };
        *counts.entry(op.unwrap_or("original")).or_insert(0usize) += 1;
        let rec = Out { id: id.clone(), text: text.clone(), outlet, dup_of, op };
        serde_json::to_writer(&mut f, &rec).expect("write");
        f.write_all(b"\n").expect("write");
        if op.is_none() {
            docs.push((id, text, outlet));
        }
    }
    f.flush().expect("flush");
    eprintln!("wrote {n} articles to {out}: {counts:?}");
}
