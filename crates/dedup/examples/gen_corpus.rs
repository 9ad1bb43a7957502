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
//! Output lines: `{"id","title","date","text","outlet","dup_of"?,"op"?}`;
//! `dup_of` names the article a planted copy was made from. Dates spread the
//! corpus over 60 days in id order (a copy is dated 1–12 hours after its
//! original); titles are the real titles for real articles and their copies,
//! and the first words of the text for unrelated ones. Dates and titles come
//! from a hash of the index, not from the generator's random stream, so the
//! texts are the same as before they were added.

use std::io::Write;

use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Src {
    #[serde(default)]
    title: String,
    text: String,
}

#[derive(Serialize)]
struct Out<'a> {
    id: String,
    title: String,
    date: String,
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

/// Seconds after 2026-01-01T00:00:00Z for article `i` of `n`: 60 days in id
/// order with up to an hour of jitter.
fn offset_secs(i: usize, n: usize) -> i64 {
    let span = 60 * 86_400i64;
    let base = (i as i64).saturating_mul(span) / n.max(1) as i64;
    base + (newsfold_core::hash_str(&format!("date{i}")) % 3600) as i64
}

/// RFC 3339 UTC date of `secs` after 2026-01-01T00:00:00Z (days to a civil
/// date by Howard Hinnant's algorithm; chrono is not a dependency here).
fn rfc3339(secs: i64) -> String {
    let t = 1_767_225_600 + secs;
    let (days, rem) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let out = args.get(2).cloned().unwrap_or_else(|| format!("/tmp/newsfold_dedup_{n}.jsonl"));
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    let Some(dir) = newsfold_testdata::data_dir_or_skip("bbc-dups", "gen_corpus") else { return };
    let src_recs: Vec<Src> = std::fs::read_to_string(dir.join("articles.jsonl"))
        .expect("articles.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Src>(l).expect("json"))
        .collect();
    let src: Vec<String> = src_recs.iter().map(|r| r.text.clone()).collect();
    let paras: Vec<Vec<String>> =
        src.iter().map(|t| t.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()).collect();
    let vocab: Vec<&str> = {
        let mut v: Vec<&str> = src.iter().flat_map(|t| t.split_whitespace()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut docs: Vec<(String, String, &str, String, i64)> = Vec::with_capacity(n); // id, text, outlet, title, date
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out).expect("create output"));
    let mut counts = std::collections::BTreeMap::new();
    for i in 0..n {
        let outlet = OUTLETS[rng.below(OUTLETS.len())];
        let id = format!("g{i:07}");
        let mut date = offset_secs(i, n);
        let mut title = String::new();
        let (text, dup_of, op) = if i < src.len().min(n) {
            title.clone_from(&src_recs[i].title);
            (src[i].clone(), None, None)
        } else if !docs.is_empty() && rng.chance(0.25) {
            let (oid, otext, _, otitle, odate) = &docs[rng.below(docs.len())];
            title.clone_from(otitle);
            date = odate + 3600 + (newsfold_core::hash_str(&format!("copy{i}")) % (11 * 3600)) as i64;
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
        if title.is_empty() {
            title = text.split_whitespace().take(9).collect::<Vec<_>>().join(" ");
        }
        *counts.entry(op.unwrap_or("original")).or_insert(0usize) += 1;
        let rec =
            Out { id: id.clone(), title: title.clone(), date: rfc3339(date), text: text.clone(), outlet, dup_of, op };
        serde_json::to_writer(&mut f, &rec).expect("write");
        f.write_all(b"\n").expect("write");
        if op.is_none() {
            docs.push((id, text, outlet, title, date));
        }
    }
    f.flush().expect("flush");
    eprintln!("wrote {n} articles to {out}: {counts:?}");
}
