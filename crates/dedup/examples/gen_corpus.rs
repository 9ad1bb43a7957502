//! Workload generator for the dedup and scale benchmarks.
//!
//! `cargo run --release -p newsfold-dedup --example gen_corpus -- N OUT.jsonl [SEED]`
//!
//! Builds `N` articles from the real articles of the shared data (read from
//! it; nothing is written into the repository): the bbc-dups articles and the
//! PolNeAR articles of `quotes/` (political reporting, dense in quotes).
//! * the real articles themselves (first);
//! * "unrelated" synthetic articles (about 3 in 4 of the rest): 4–11
//!   paragraphs of 2–5 sentences, each sentence a random real sentence used
//!   as a *template*: function words, punctuation, quote marks, reporting
//!   verbs ("said") and a few fact words ("year", "old", "million",
//!   "killed") are kept (a function word one time in three swapped for
//!   another), every other word is replaced by a word of the same shape
//!   (lowercase, Capitalised, CAPS, digits) drawn from the word occurrences
//!   of the real corpus, so word frequencies stay Zipfian. Sentence and quote
//!   structure is real, but two synthetic articles share no more text than
//!   two unrelated news reports do, at any corpus size;
//! * one synthetic article in ten also reprints one paragraph verbatim from a
//!   recent original (agency copy, a shared statement): shared passages at a
//!   rate that grows linearly with the corpus, as in a real news stream;
//! * ~25% planted copies of earlier articles, each with one transformation:
//!   `exact` (case/whitespace changed), `wrapper` (another outlet's
//!   boilerplate lines around and inside the body), `truncate` (the first
//!   60–90% of paragraphs), `drop_para` (one paragraph removed) or `edit`
//!   (a few words changed).
//!
//! `NF_GEN=v1` makes the previous corpora (bbc-dups only; unrelated articles
//! are real paragraphs with about half of their words replaced), on which the
//! older BENCHMARKS.md figures were measured. Their drawback, and the reason
//! for the change: every synthetic paragraph is a noisy derivative of one of
//! ~12k real paragraphs, so at 100k each real paragraph has ~40 derivatives
//! sharing words with it and with each other, and related pairs grow faster
//! than the corpus (×16.7 from 10k to 100k).
//!
//! Output lines: `{"id","title","date","text","outlet","real"?,"dup_of"?,"op"?}`;
//! `real` marks the real articles, `dup_of` names the article a planted copy
//! was made from. Dates spread the corpus over 60 days in id order (a copy is
//! dated 1–12 hours after its original); titles are the real titles for real
//! articles and their copies, and the first words of the text for synthetic
//! ones. Dates and titles come from a hash of the index, not from the
//! generator's random stream.

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
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    real: bool,
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

/// Words a synthetic article keeps from its template: function words,
/// reporting verbs and the words fact and quote patterns hang on.
const KEEP: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "as",
    "into",
    "about",
    "after",
    "before",
    "over",
    "under",
    "than",
    "then",
    "that",
    "this",
    "these",
    "those",
    "there",
    "here",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "me",
    "him",
    "her",
    "them",
    "us",
    "my",
    "his",
    "their",
    "our",
    "your",
    "who",
    "whom",
    "which",
    "what",
    "when",
    "where",
    "why",
    "how",
    "not",
    "no",
    "so",
    "also",
    "just",
    "very",
    "all",
    "any",
    "some",
    "such",
    "more",
    "most",
    "other",
    "up",
    "out",
    "while",
    "because",
    "per",
    "one",
    "own",
    "even",
    "still",
    "only",
    "much",
    "many",
    "said",
    "says",
    "say",
    "told",
    "added",
    "according",
    "year",
    "years",
    "old",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "million",
    "billion",
    "cent",
    "percent",
    "people",
    "killed",
    "died",
    "dead",
    "injured",
    "aged",
    "mr",
    "mrs",
    "ms",
    "it's",
    "don't",
    "i'm",
    "we're",
    "they're",
];

/// Function words a kept word may be swapped for.
const FUNCTION: &[&str] = &[
    "a", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "that", "this",
    "is", "are", "was", "were", "be", "has", "have", "had", "will", "would", "can", "could", "it", "he", "she", "they",
    "we", "his", "their", "who", "which", "not", "so", "also", "all", "some", "more", "up", "out", "after", "over",
];

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Word shapes a template word is replaced within.
#[derive(Clone, Copy)]
enum Shape {
    Lower,
    Capital,
    Caps,
    Digits,
}

fn shape(core: &str) -> Option<Shape> {
    let mut cs = core.chars();
    let first = cs.next()?;
    if core.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') && first.is_ascii_digit() {
        Some(Shape::Digits)
    } else if core.chars().all(|c| c.is_lowercase() || c == '\'') {
        Some(Shape::Lower)
    } else if first.is_uppercase() && cs.all(|c| c.is_lowercase() || c == '\'') {
        Some(Shape::Capital)
    } else if core.chars().all(|c| c.is_uppercase()) {
        Some(Shape::Caps)
    } else {
        None
    }
}

/// Leading punctuation, word, trailing punctuation of a whitespace token.
fn split_token(t: &str) -> (&str, &str, &str) {
    let start = t.find(|c: char| c.is_alphanumeric()).unwrap_or(t.len());
    let end =
        t.rfind(|c: char| c.is_alphanumeric()).map_or(start, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    (&t[..start], &t[start..end.max(start)], &t[end.max(start)..])
}

/// Word occurrences of the real corpus by shape (so draws follow word frequency).
struct Vocab {
    lower: Vec<String>,
    capital: Vec<String>,
    caps: Vec<String>,
}

impl Vocab {
    fn new(texts: &[String]) -> Self {
        let mut v = Vocab { lower: Vec::new(), capital: Vec::new(), caps: Vec::new() };
        for t in texts {
            for tok in t.split_whitespace() {
                for part in split_token(tok).1.split('-') {
                    if KEEP.contains(&part.to_lowercase().as_str()) {
                        continue;
                    }
                    match shape(part) {
                        Some(Shape::Lower) => v.lower.push(part.to_string()),
                        Some(Shape::Capital) => v.capital.push(part.to_string()),
                        Some(Shape::Caps) if part.len() > 1 => v.caps.push(part.to_string()),
                        _ => {}
                    }
                }
            }
        }
        v
    }

    /// A replacement for the word `w`: a KEEP word stays, or one time in
    /// three becomes another function word (so two articles made from one
    /// template do not share its skeleton of function words); a word of no
    /// plain shape stays.
    fn replace(&self, w: &str, rng: &mut Rng, out: &mut String) {
        let pick = |list: &Vec<String>, rng: &mut Rng| list.get(rng.below(list.len())).cloned();
        let keep = KEEP.contains(&w.to_lowercase().as_str());
        let rep = if keep {
            if rng.chance(0.35) {
                let f = FUNCTION[rng.below(FUNCTION.len())];
                Some(if w.starts_with(char::is_uppercase) { capitalise(f) } else { f.to_string() })
            } else {
                None
            }
        } else {
            match shape(w) {
                Some(Shape::Lower) => pick(&self.lower, rng),
                Some(Shape::Capital) => pick(&self.capital, rng),
                Some(Shape::Caps) => pick(&self.caps, rng),
                Some(Shape::Digits) => Some(
                    w.chars()
                        .enumerate()
                        .map(|(k, c)| {
                            if !c.is_ascii_digit() {
                                c
                            } else if k == 0 {
                                char::from(b'1' + rng.below(9) as u8)
                            } else {
                                char::from(b'0' + rng.below(10) as u8)
                            }
                        })
                        .collect(),
                ),
                None => None,
            }
        };
        out.push_str(rep.as_deref().unwrap_or(w));
    }

    /// `paragraph` with its words replaced (see the module doc).
    fn synthesize(&self, paragraph: &str, rng: &mut Rng) -> String {
        let mut out = String::with_capacity(paragraph.len() + 16);
        for (k, tok) in paragraph.split(' ').enumerate() {
            if k > 0 {
                out.push(' ');
            }
            let (pre, core, post) = split_token(tok);
            out.push_str(pre);
            for (m, part) in core.split('-').enumerate() {
                if m > 0 {
                    out.push('-');
                }
                self.replace(part, rng, &mut out);
            }
            out.push_str(post);
        }
        out
    }
}

/// The real source articles: bbc-dups, then (v2) the PolNeAR articles.
fn load_sources(v1: bool) -> Option<Vec<Src>> {
    let dir = newsfold_testdata::data_dir_or_skip("bbc-dups", "gen_corpus")?;
    let read = |p: std::path::PathBuf| -> Vec<Src> {
        std::fs::read_to_string(&p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str::<Src>(l).expect("json"))
            .collect()
    };
    let mut src = read(dir.join("articles.jsonl"));
    if !v1 && let Some(q) = newsfold_testdata::data_dir_or_skip("quotes", "gen_corpus (PolNeAR sources)") {
        src.extend(read(q.join("articles.jsonl")));
    }
    Some(src)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let out = args.get(2).cloned().unwrap_or_else(|| format!("/tmp/newsfold_dedup_{n}.jsonl"));
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    let v1 = std::env::var("NF_GEN").is_ok_and(|v| v == "v1");
    let Some(src_recs) = load_sources(v1) else { return };
    let src: Vec<String> = src_recs.iter().map(|r| r.text.clone()).collect();
    let synth = Vocab::new(&src);
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
        } else if v1 {
            // unrelated synthetic article (v1: real paragraphs, half of the words replaced)
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
        } else {
            // unrelated synthetic article: real sentences as templates, each
            // paragraph made of 2-5 sentences of different real articles
            let np = 4 + rng.below(8);
            let mut v = Vec::with_capacity(np + 1);
            for _ in 0..np {
                let ns = 2 + rng.below(4);
                let mut para: Vec<String> = Vec::with_capacity(ns);
                for _ in 0..ns {
                    let sp = &paras[rng.below(paras.len())];
                    let Some(p) = sp.get(rng.below(sp.len())) else { continue };
                    let sents: Vec<&str> = p.split_inclusive(". ").collect();
                    if let Some(t) = sents.get(rng.below(sents.len())) {
                        para.push(synth.synthesize(t.trim_end(), &mut rng));
                    }
                }
                if !para.is_empty() {
                    v.push(para.join(" "));
                }
            }
            // one in ten reprints a paragraph of a recent original verbatim
            if !docs.is_empty() && rng.chance(0.1) {
                let recent = docs.len().min(2000);
                let (_, otext, ..) = &docs[docs.len() - 1 - rng.below(recent)];
                let ps: Vec<&str> = otext.lines().filter(|l| l.split_whitespace().count() >= 15).collect();
                if !ps.is_empty() {
                    let at = rng.below(v.len() + 1);
                    v.insert(at, ps[rng.below(ps.len())].to_string());
                }
            }
            (v.join("\n"), None, None)
        };
        if title.is_empty() {
            title = text.split_whitespace().take(9).collect::<Vec<_>>().join(" ");
        }
        *counts.entry(op.unwrap_or("original")).or_insert(0usize) += 1;
        let real = i < src.len().min(n);
        let rec = Out {
            id: id.clone(),
            title: title.clone(),
            date: rfc3339(date),
            text: text.clone(),
            outlet,
            real,
            dup_of,
            op,
        };
        serde_json::to_writer(&mut f, &rec).expect("write");
        f.write_all(b"\n").expect("write");
        if op.is_none() {
            docs.push((id, text, outlet, title, date));
        }
    }
    f.flush().expect("flush");
    eprintln!("wrote {n} articles to {out}: {counts:?}");
}
