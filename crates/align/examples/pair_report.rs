//! Print the alignment analysis of two articles given as JSONL lines
//! (`{"id","title","text","date"}`), one per file: relation, rewrite statistics
//! and passages. `cargo run -p newsfold-align --example pair_report -- A.json B.json`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let read = |p: &String| -> newsfold_core::Article {
        serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("article JSON")
    };
    let (a, b) = (read(&args[0]), read(&args[1]));
    let pa = newsfold_align::analyze_pair_always(&a, &b, &newsfold_align::AlignParams::default());
    println!("relation {:?}\n{:#?}", pa.relation, pa.rewrite);
    for p in &pa.passages {
        println!("passage a {}..{} b {}..{}", p.a_start, p.a_end, p.b_start, p.b_end);
    }
}
