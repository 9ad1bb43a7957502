//! Evaluate quote extraction and attribution on the PolNeAR quotes corpus
//! (`../shared/data/quotes`), scored exactly as its README defines.
//!
//! `cargo run --release -p newsfold-quotes --example eval_polnear [-- --errors N]`
//! prints span P/R/F1 (overlap and exact), recall breakdowns, speaker accuracy
//! per speaker type and end-to-end F1; `--errors N` also prints N samples of
//! false positives, false negatives and speaker errors (`--only TYPE` keeps
//! the speaker errors of one gold `speaker_type`, `--ctx N` sets the context
//! width, `--errors all` prints every error). Each speaker error is tagged
//! with a category: `null` (no speaker), `fuller` (a fuller name whose
//! surname is the gold mention's and that is written in the article: the
//! silver `speaker_names` lack it), `other`. `--pairs FILE` writes one line
//! per matched pair with a gold speaker (id, start, type, correct, predicted,
//! gold), to diff two runs.

use std::collections::HashMap;
use std::io::BufRead;

use newsfold_quotes::extract_quotes;
use newsfold_quotes::score::{GoldQuote, PredQuote, Tally, f1, trim};
use serde_json::Value;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let n_err: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| if s == "all" { Some(usize::MAX) } else { s.parse().ok() })
        .unwrap_or(0);
    let pairs_path: Option<&str> =
        args.iter().position(|a| a == "--pairs").and_then(|i| args.get(i + 1)).map(|s| s.as_str());
    let mut pairs_out = String::new();
    let mut cats: HashMap<&'static str, usize> = HashMap::new();
    let only: Option<&str> = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).map(|s| s.as_str());
    let ctx_w: usize =
        args.iter().position(|a| a == "--ctx").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok()).unwrap_or(70);
    let Some(dir) = newsfold_testdata::data_dir_or_skip("quotes", "eval_polnear") else { return Ok(()) };
    let mut golds: HashMap<String, Vec<GoldQuote>> = HashMap::new();
    for line in std::io::BufReader::new(std::fs::File::open(dir.join("quotes.jsonl"))?).lines() {
        let v: Value = serde_json::from_str(&line?)?;
        let id = v["id"].as_str().unwrap_or_default().to_string();
        golds.entry(id).or_default().push(GoldQuote {
            start: v["quote_start"].as_u64().unwrap_or(0) as usize,
            end: v["quote_end"].as_u64().unwrap_or(0) as usize,
            speaker: v["speaker"].as_str().map(str::to_string),
            speaker_names: v["speaker_names"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default(),
            speaker_type: v["speaker_type"].as_str().unwrap_or("none").to_string(),
            mixed: v["mixed"].as_bool().unwrap_or(false),
            n_words: v["n_words"].as_u64().unwrap_or(0) as usize,
        });
    }
    let mut tally = Tally::default();
    let mut tally_written = Tally::default();
    let mut fps = Vec::new();
    let mut fns = Vec::new();
    let mut spk = Vec::new();
    let t0 = std::time::Instant::now();
    let mut n_articles = 0;
    for line in std::io::BufReader::new(std::fs::File::open(dir.join("articles.jsonl"))?).lines() {
        let v: Value = serde_json::from_str(&line?)?;
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let text = v["text"].as_str().unwrap_or_default();
        n_articles += 1;
        let quotes = extract_quotes(text);
        let preds: Vec<PredQuote> =
            quotes.iter().map(|q| PredQuote { start: q.start, end: q.end, speaker: q.speaker.clone() }).collect();
        let empty = Vec::new();
        let gold = golds.get(&id).unwrap_or(&empty);
        let pairs = tally.add(text, &preds, gold);
        let preds_w: Vec<PredQuote> = quotes
            .iter()
            .map(|q| PredQuote { start: q.start, end: q.end, speaker: q.speaker_as_written.clone() })
            .collect();
        tally_written.add(text, &preds_w, gold);
        if pairs_path.is_some() {
            for &(i, j) in &pairs {
                let (p, g) = (&preds[i], &gold[j]);
                if g.speaker.is_some() {
                    let ok = newsfold_quotes::score::speaker_correct(p.speaker.as_deref(), g);
                    pairs_out.push_str(&format!(
                        "{id}\t{}\t{}\t{}\t{:?}\t{:?}\n",
                        g.start,
                        g.speaker_type,
                        u8::from(ok),
                        p.speaker.as_deref().unwrap_or(""),
                        g.speaker.as_deref().unwrap_or("")
                    ));
                }
            }
        }
        if n_err > 0 {
            let chars: Vec<char> = text.chars().collect();
            let ctx = |a: usize, b: usize| -> String {
                let s = a.saturating_sub(ctx_w);
                let e = (b + ctx_w / 2).min(chars.len());
                format!(
                    "{}[[{}]]{}",
                    chars[s..a].iter().collect::<String>(),
                    chars[a..b].iter().collect::<String>(),
                    chars[b..e].iter().collect::<String>()
                )
                .replace('\n', "¶")
            };
            for (i, p) in preds.iter().enumerate() {
                if !pairs.iter().any(|x| x.0 == i) {
                    let (a, b) = trim(&chars, p.start, p.end);
                    fps.push(format!("{id}: {}", ctx(a, b)));
                }
            }
            for (j, g) in gold.iter().enumerate() {
                if !pairs.iter().any(|x| x.1 == j) {
                    let (a, b) = trim(&chars, g.start, g.end);
                    fns.push(format!("{id} mixed={} n={}: {}", g.mixed, g.n_words, ctx(a, b)));
                }
            }
            for &(i, j) in &pairs {
                let (p, g) = (&preds[i], &gold[j]);
                if g.speaker.is_some()
                    && !newsfold_quotes::score::speaker_correct(p.speaker.as_deref(), g)
                    && only.is_none_or(|t| t == g.speaker_type)
                {
                    let (a, b) = trim(&chars, g.start, g.end);
                    let w_ok = newsfold_quotes::score::speaker_correct(preds_w[i].speaker.as_deref(), g);
                    let cat = category(text, p.speaker.as_deref(), w_ok);
                    *cats.entry(cat).or_default() += 1;
                    spk.push(format!(
                        "{id} [{}] {cat} pred={:?}{} gold={:?} names={:?}: {}",
                        g.speaker_type,
                        p.speaker,
                        if w_ok { " (as written OK)" } else { "" },
                        g.speaker,
                        g.speaker_names,
                        ctx(a, b)
                    ));
                }
            }
        }
    }
    let el = t0.elapsed();
    if let Some(path) = pairs_path {
        std::fs::write(path, &pairs_out)?;
    }
    if n_err > 0 {
        let step = |v: &Vec<String>| (v.len() / n_err).max(1);
        println!("=== false positives ({})", fps.len());
        for s in fps.iter().step_by(step(&fps)).take(n_err) {
            println!("{s}");
        }
        println!("=== false negatives ({})", fns.len());
        for s in fns.iter().step_by(step(&fns)).take(n_err) {
            println!("{s}");
        }
        let mut cv: Vec<_> = cats.iter().collect();
        cv.sort();
        println!("=== speaker errors ({}) by category {cv:?}", spk.len());
        for s in spk.iter().step_by(step(&spk)).take(n_err) {
            println!("{s}");
        }
    }
    let (p, r) = (tally.precision(), tally.recall());
    println!(
        "articles {n_articles}, predicted {}, gold {}, matched {}, {:.1} ms",
        tally.pred,
        tally.gold,
        tally.matched,
        el.as_secs_f64() * 1e3
    );
    println!("span (r>=0.5): P {:.4} R {:.4} F1 {:.4}", p, r, f1(p, r));
    let (ep, er) = (
        newsfold_quotes::score::ratio(tally.exact, tally.pred),
        newsfold_quotes::score::ratio(tally.exact, tally.gold),
    );
    println!("span exact:    P {:.4} R {:.4} F1 {:.4}", ep, er, f1(ep, er));
    println!(
        "recall mixed=false {:.4} ({}/{})  mixed=true {:.4} ({}/{})  n_words>=4 {:.4} ({}/{})",
        newsfold_quotes::score::ratio(tally.matched_unmixed, tally.gold_unmixed),
        tally.matched_unmixed,
        tally.gold_unmixed,
        newsfold_quotes::score::ratio(tally.matched_mixed, tally.gold_mixed),
        tally.matched_mixed,
        tally.gold_mixed,
        newsfold_quotes::score::ratio(tally.matched_4w, tally.gold_4w),
        tally.matched_4w,
        tally.gold_4w
    );
    let mut types = tally.speaker.clone();
    types.sort();
    let total: usize = types.iter().map(|t| t.1).sum();
    println!("speaker accuracy overall {:.4} ({total} matched with gold speaker)", tally.speaker_acc(None));
    for (t, m, c) in &types {
        println!("  {t:8} {:.4} ({c}/{m})", newsfold_quotes::score::ratio(*c, *m));
    }
    let (a, b, c) = tally.e2e();
    println!("end-to-end: P {a:.4} R {b:.4} F1 {c:.4}");
    let mut types = tally_written.speaker.clone();
    types.sort();
    println!("-- with names as written (speaker_as_written: no surname->full-name expansion):");
    println!("speaker accuracy overall {:.4}", tally_written.speaker_acc(None));
    for (t, m, c) in &types {
        println!("  {t:8} {:.4} ({c}/{m})", newsfold_quotes::score::ratio(*c, *m));
    }
    let (a, b, c) = tally_written.e2e();
    println!("end-to-end: P {a:.4} R {b:.4} F1 {c:.4}");
    Ok(())
}

/// Category of a speaker error: no speaker; a fuller name of the gold mention
/// that the article writes out (correct, but absent from the silver names);
/// anything else.
fn category(text: &str, pred: Option<&str>, written_ok: bool) -> &'static str {
    match pred {
        None => "null",
        Some(p) if written_ok && p.contains(' ') && text.contains(p) => "fuller",
        Some(_) => "other",
    }
}
