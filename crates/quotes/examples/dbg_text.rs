//! Print the quotes, speakers, cues and source mentions the extractor finds
//! in a text given on the command line (for trying out attribution rules on
//! invented sentences).
//!
//! `cargo run --release -p newsfold-quotes --example dbg_text -- "Title.\n\n“Hello there,” said Ann Lee."`

fn main() {
    let text = std::env::args().nth(1).unwrap_or_default().replace("\\n", "\n");
    for q in newsfold_quotes::extract_quotes(&text) {
        println!(
            "{:?} -> {:?} (cue {:?}, mention {:?})",
            q.text,
            q.speaker,
            q.cue.map(|c| c.text),
            q.speaker_mention.map(|m| m.text)
        );
    }
}
