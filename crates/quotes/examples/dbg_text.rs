fn main() {
    let t = std::env::args().nth(1).unwrap_or_default();
    for q in newsfold_quotes::extract_quotes(&t) {
        println!(
            "{:?} -> {:?} cue={:?} mention={:?}",
            q.text,
            q.speaker,
            q.cue.map(|c| c.text),
            q.speaker_mention.map(|m| m.text)
        );
    }
}
