//! Integration tests of the analysis commands: the real binary on the bundled
//! example corpus (examples/news, gold in examples/expected.json).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> String {
    root().join("examples/news").display().to_string()
}

fn newsfold(args: &[&str], db: &Path) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_newsfold"))
        .env_remove("NEWSFOLD_DB")
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(db)
        .arg("-q")
        .args(args)
        .output()
        .expect("spawn newsfold");
    assert!(o.status.success(), "newsfold {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    o
}

fn lines(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).expect("valid JSONL")).collect()
}

/// The object's field names, sorted (serde_json's map does not keep order;
/// `cli.rs` checks the order on the raw lines of `extract`).
fn keys(v: &Value) -> Vec<String> {
    v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

fn sorted(k: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = k.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("examples/expected.json")).unwrap()).unwrap()
}

/// Article texts as `extract` prints them (the offsets' reference).
fn texts(db: &Path) -> HashMap<String, Vec<char>> {
    lines(&newsfold(&["extract", &examples(), "--format", "jsonl"], db))
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["text"].as_str().unwrap().chars().collect()))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b { (a.into(), b.into()) } else { (b.into(), a.into()) }
}

#[test]
fn dups_finds_the_syndicated_copies_and_the_rewrite_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let got: HashMap<(String, String), String> = lines(&newsfold(&["dups", &examples(), "--format", "jsonl"], &db))
        .iter()
        .map(|r| {
            assert_eq!(keys(r), sorted(&["a", "b", "relation", "jaccard", "containment"]));
            assert!(r["a"].as_str() < r["b"].as_str(), "a < b");
            let j = r["jaccard"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&j));
            (pair(r["a"].as_str().unwrap(), r["b"].as_str().unwrap()), r["relation"].as_str().unwrap().to_string())
        })
        .collect();
    let want: HashMap<(String, String), String> = expected()["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| matches!(p["relation"].as_str(), Some("exact" | "near_duplicate" | "rewrite")))
        .map(|p| (pair(p["a"].as_str().unwrap(), p["b"].as_str().unwrap()), p["relation"].as_str().unwrap().into()))
        .collect();
    assert_eq!(got, want);

    let clusters = lines(&newsfold(&["dups", &examples(), "--clusters", "--format", "jsonl"], &db));
    assert_eq!(clusters.len(), 1, "one cluster of syndicated copies: {clusters:?}");
    assert_eq!(clusters[0]["members"].as_array().unwrap().len(), 3);
    assert!(clusters[0]["cluster"].as_str().unwrap().starts_with('d'));
}

#[test]
fn reuse_passages_are_in_range_and_the_family_has_the_wire_as_original() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let t = texts(&db);
    let recs = lines(&newsfold(&["reuse", &examples(), "--format", "jsonl"], &db));
    assert!(!recs.is_empty());
    for r in &recs {
        let (a, b) = (&t[r["a"].as_str().unwrap()], &t[r["b"].as_str().unwrap()]);
        for p in r["passages"].as_array().unwrap() {
            let g = |k: &str| p[k].as_u64().unwrap() as usize;
            assert!(g("a_start") < g("a_end") && g("a_end") <= a.len(), "{r}");
            assert!(g("b_start") < g("b_end") && g("b_end") <= b.len(), "{r}");
        }
    }
    // the ledger copy is near-identical to the wire text: a long passage covers it
    let ledger = recs
        .iter()
        .find(|r| {
            pair(r["a"].as_str().unwrap(), r["b"].as_str().unwrap())
                == pair("hw-20260314-kestrel-queen-collision", "text/northgate-ledger-ferry-collision")
        })
        .expect("wire/ledger pair");
    let covered: u64 = ledger["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["b_end"].as_u64().unwrap() - p["b_start"].as_u64().unwrap())
        .sum();
    assert!(covered > 1500, "{covered}");

    // the ledger credits Harbour Wire and is dated only by day: the wire is the original
    let fam = newsfold(&["family", "text/northgate-ledger-ferry-collision", &examples(), "--format", "json"], &db);
    let fam: Value = serde_json::from_slice(&fam.stdout).unwrap();
    assert_eq!(fam["original"], "hw-20260314-kestrel-queen-collision", "{fam}");
    assert_eq!(fam["members"].as_array().unwrap().len(), 4);
}

#[test]
fn passage_clusters_gather_every_reprint_with_the_wire_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let t = texts(&db);
    let cs = lines(&newsfold(&["reuse", &examples(), "--clusters", "--format", "jsonl"], &db));
    assert!(!cs.is_empty());
    for c in &cs {
        assert_eq!(keys(c), sorted(&["cluster", "articles", "outlets", "text", "occurrences"]), "{c}");
        let occ = c["occurrences"].as_array().unwrap();
        let arts: HashSet<&str> = occ.iter().map(|o| o["article"].as_str().unwrap()).collect();
        assert!(arts.len() >= 2 && arts.len() as u64 == c["articles"].as_u64().unwrap(), "{c}");
        for o in occ {
            let text = &t[o["article"].as_str().unwrap()];
            let (s, e) = (o["start"].as_u64().unwrap() as usize, o["end"].as_u64().unwrap() as usize);
            assert!(s < e && e <= text.len(), "{c}");
        }
        // the cluster's text is its first occurrence, as written
        let first = &occ[0];
        let text = &t[first["article"].as_str().unwrap()];
        let slice: String =
            text[first["start"].as_u64().unwrap() as usize..first["end"].as_u64().unwrap() as usize].iter().collect();
        let shown = c["text"].as_str().unwrap().trim_end_matches('…');
        assert!(slice.trim().starts_with(shown), "{shown:?} vs {slice:?}");
    }
    // the ferry report is reprinted by the syndicated copies and the rewrite:
    // one cluster, biggest first, the wire (earliest) first
    let big = &cs[0];
    let members: HashSet<&str> =
        big["occurrences"].as_array().unwrap().iter().map(|o| o["article"].as_str().unwrap()).collect();
    assert_eq!(big["occurrences"][0]["article"], "hw-20260314-kestrel-queen-collision", "{big}");
    assert!(members.contains("text/northgate-ledger-ferry-collision"), "{big}");
    assert!(members.len() >= 4, "{big}");
}

#[test]
fn quotes_offsets_point_at_the_quoted_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let t = texts(&db);
    let recs = lines(&newsfold(&["quotes", &examples(), "--format", "jsonl"], &db));
    assert!(recs.len() >= 30, "{}", recs.len());
    for r in &recs {
        assert_eq!(keys(r), sorted(&["id", "quote_start", "quote_end", "quote", "speaker"]));
        let text = &t[r["id"].as_str().unwrap()];
        let (s, e) = (r["quote_start"].as_u64().unwrap() as usize, r["quote_end"].as_u64().unwrap() as usize);
        let slice: String = text[s..e].iter().collect();
        assert_eq!(slice, r["quote"].as_str().unwrap());
    }
    let clusters = lines(&newsfold(&["quotes", &examples(), "--clusters", "--format", "jsonl"], &db));
    assert!(clusters.iter().any(|c| c["n_articles"].as_u64() >= Some(3)), "a quote carried by several outlets");
    assert!(
        clusters.iter().any(|c| c["variants"].as_array().is_some_and(|v| !v.is_empty())),
        "a mutated quote is reported with its variants"
    );
}

#[test]
fn stories_cover_every_article_and_store_runs_agree_with_stateless_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let stateless = lines(&newsfold(&["stories", &examples(), "--format", "jsonl"], &db));
    assert_eq!(stateless.len(), 19);
    for r in &stateless {
        assert_eq!(keys(r), sorted(&["id", "story", "story_title"]));
    }
    // the three syndicated copies and the rewrite always share a story
    let story: HashMap<&str, &str> =
        stateless.iter().map(|r| (r["id"].as_str().unwrap(), r["story"].as_str().unwrap())).collect();
    let family: HashSet<&str> = [
        "hw-20260314-kestrel-queen-collision",
        "text/northgate-ledger-ferry-collision",
        "html/tidewater-today-ferry-collision",
        "text/coastal-digest-ferry-rewrite",
    ]
    .iter()
    .map(|id| story[id])
    .collect();
    assert_eq!(family.len(), 1);
    // budget and ferry stories never merge
    assert_ne!(story["text/linden-vale-gazette-budget"], story["hw-20260314-kestrel-queen-collision"]);

    // ingest (which analyses) then the same command on the store: same assignment
    newsfold(&["ingest", &examples()], &db);
    let stored = lines(&newsfold(&["stories", "--format", "jsonl"], &db));
    let a: HashSet<(String, String)> =
        stateless.iter().map(|r| (r["id"].to_string(), r["story"].to_string())).collect();
    let b: HashSet<(String, String)> = stored.iter().map(|r| (r["id"].to_string(), r["story"].to_string())).collect();
    assert_eq!(a, b, "stable story ids across runs and between stateless and stored analysis");

    let summary = lines(&newsfold(&["stories", "--summary", "--format", "jsonl"], &db));
    let total: u64 = summary.iter().map(|s| s["articles"].as_u64().unwrap()).sum();
    assert_eq!(total, 19);
}

#[test]
fn digest_diff_and_facts_render() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    newsfold(&["ingest", &examples()], &db);
    let md = String::from_utf8(newsfold(&["digest", "--format", "markdown"], &db).stdout).unwrap();
    assert!(md.starts_with('#'), "{md}");
    assert!(md.contains("Kestrel Queen") || md.contains("ferry"), "the biggest story is the ferry collision: {md}");
    let d: Value = serde_json::from_slice(&newsfold(&["digest", "--format", "json"], &db).stdout).unwrap();
    assert!(d["sources"].as_array().unwrap().len() >= 4);

    let diff = newsfold(
        &["diff", "hw-20260314-kestrel-queen-collision", "text/coastal-digest-ferry-rewrite", "--format", "json"],
        &db,
    );
    let diff: Value = serde_json::from_slice(&diff.stdout).unwrap();
    let chunks = diff["chunks"].as_array().unwrap();
    assert!(chunks.iter().any(|c| c["kind"] == "replace"), "a spun rewrite has substitutions");
    let text = String::from_utf8(
        newsfold(&["diff", "hw-20260314-kestrel-queen-collision", "text/northgate-ledger-ferry-collision"], &db).stdout,
    )
    .unwrap();
    assert!(text.contains("{+Recommended Videos+}") || text.contains("Recommended Videos"), "{text}");

    let facts = lines(&newsfold(&["facts", "--format", "jsonl"], &db));
    assert!(!facts.is_empty());
    for f in &facts {
        assert_eq!(keys(f), sorted(&["id", "entity", "attribute", "value", "normalized", "start", "end", "sentence"]));
    }
}
