//! Quality bar on the PolNeAR quotes corpus (../shared/data/quotes), scored
//! as its README defines (see `newsfold_quotes::score`). Skips when the data
//! is absent. Thresholds assert what the engine reaches (see the crate report).

use std::collections::HashMap;
use std::io::BufRead;

use newsfold_quotes::extract_quotes;
use newsfold_quotes::score::{GoldQuote, PredQuote, Tally};
use serde_json::Value;

#[test]
fn polnear_span_and_speaker_quality() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("quotes", "polnear quotes quality test") else { return };
    let mut golds: HashMap<String, Vec<GoldQuote>> = HashMap::new();
    let f = std::fs::File::open(dir.join("quotes.jsonl")).expect("quotes.jsonl");
    for line in std::io::BufReader::new(f).lines() {
        let v: Value = serde_json::from_str(&line.expect("line")).expect("json");
        golds.entry(v["id"].as_str().unwrap_or_default().to_string()).or_default().push(GoldQuote {
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
    let mut t = Tally::default();
    let mut tw = Tally::default();
    let f = std::fs::File::open(dir.join("articles.jsonl")).expect("articles.jsonl");
    for line in std::io::BufReader::new(f).lines() {
        let v: Value = serde_json::from_str(&line.expect("line")).expect("json");
        let id = v["id"].as_str().unwrap_or_default();
        let text = v["text"].as_str().unwrap_or_default();
        let qs = extract_quotes(text);
        let n = text.chars().count();
        for q in &qs {
            assert!(q.start < q.end && q.end <= n, "{id}: bad span {q:?}");
        }
        let preds: Vec<PredQuote> =
            qs.iter().map(|q| PredQuote { start: q.start, end: q.end, speaker: q.speaker.clone() }).collect();
        let predw: Vec<PredQuote> = qs
            .iter()
            .map(|q| PredQuote { start: q.start, end: q.end, speaker: q.speaker_as_written.clone() })
            .collect();
        let empty = Vec::new();
        let gold = golds.get(id).unwrap_or(&empty);
        t.add(text, &preds, gold);
        tw.add(text, &predw, gold);
    }
    let (p, r) = (t.precision(), t.recall());
    let name = t.speaker_acc(Some("name"));
    let name_w = tw.speaker_acc(Some("name"));
    let (_, _, e2e) = t.e2e();
    eprintln!("span P {p:.4} R {r:.4}; speaker(name) {name:.4} (as written {name_w:.4}); e2e F1 {e2e:.4}");
    assert!(p >= 0.95, "span precision {p}");
    assert!(r >= 0.95, "span recall {r}");
    // the bar is 0.90: measured 0.9119 resolved / 0.9427 as written.
    // About 110 name rows resolve to a fuller name written in the article
    // ("Ted Cruz" for "Cruz") that the silver `speaker_names` lack; the
    // eval's `--errors all` tags them `fuller`.
    assert!(name >= 0.90, "speaker accuracy on name speakers {name}");
    assert!(name_w >= 0.93, "speaker accuracy on name speakers, as written {name_w}");
    assert!(e2e >= 0.695, "end-to-end F1 {e2e}");
}
