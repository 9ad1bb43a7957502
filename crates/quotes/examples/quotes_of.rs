//! Print the quotes the extractor finds in one article of the PolNeAR quotes
//! corpus, with speaker, source mention and cue, for error analysis.
//!
//! `cargo run --release -p newsfold-quotes --example quotes_of -- ARTICLE_ID [FROM_CHAR [TO_CHAR]]`

use std::io::BufRead;

use newsfold_quotes::extract_quotes;
use serde_json::Value;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let Some(want) = args.get(1) else {
        eprintln!("usage: quotes_of ARTICLE_ID [FROM_CHAR [TO_CHAR]]");
        return Ok(());
    };
    let from: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let to: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
    let Some(dir) = newsfold_testdata::data_dir_or_skip("quotes", "quotes_of") else { return Ok(()) };
    for line in std::io::BufReader::new(std::fs::File::open(dir.join("articles.jsonl"))?).lines() {
        let v: Value = serde_json::from_str(&line?)?;
        if v["id"].as_str() != Some(want.as_str()) {
            continue;
        }
        let text = v["text"].as_str().unwrap_or_default();
        for q in extract_quotes(text).iter().filter(|q| q.start >= from && q.start <= to) {
            let short: String = q.text.chars().take(60).collect();
            println!(
                "{} {:?} speaker={:?} written={:?} kind={:?} mention={:?} cue={:?}",
                q.start,
                short,
                q.speaker,
                q.speaker_as_written,
                q.speaker_kind,
                q.speaker_mention.as_ref().map(|m| &m.text),
                q.cue.as_ref().map(|m| &m.text)
            );
        }
    }
    Ok(())
}
