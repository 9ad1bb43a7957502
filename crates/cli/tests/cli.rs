//! Integration tests: run the real `newsfold` binary on real files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsfold"));
    c.env_remove("NEWSFOLD_DB").env("NO_COLOR", "1");
    c
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> String {
    repo_root().join("examples/news").display().to_string()
}

fn run(args: &[&str], db: &Path) -> Output {
    bin().arg("--db").arg(db).args(args).output().expect("spawn newsfold")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).expect("valid JSONL line")).collect()
}

const GOOD_LINE: &str = r#"{"id":"good-1","title":"Harbour reopens after storm","text":"The harbour at Port Calder reopened on Tuesday after a two-day closure.\nFerries resumed at noon.","date":"2026-03-18","outlet":"Harbour Wire","url":"https://harbourwire.example/reopen"}"#;

#[test]
fn extract_examples_jsonl_has_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["extract", &examples(), "--format", "jsonl"], &dir.path().join("x.db"));
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let recs = jsonl(&o);
    assert_eq!(recs.len(), 19, "the example corpus has 19 articles");
    // field order is part of the contract: check it on the raw lines
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let pos: Vec<usize> = ["\"id\":", "\"title\":", "\"date\":", "\"outlet\":", "\"url\":", "\"text\":"]
            .iter()
            .map(|k| line.find(k).unwrap_or_else(|| panic!("{k} missing in {line}")))
            .collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "field order is the contract: {line}");
    }
    let orig = recs.iter().find(|r| r["id"] == "hw-20260314-kestrel-queen-collision").unwrap();
    assert_eq!(orig["date"], "2026-03-14T08:10:00Z");
    // a plain-text file: id is its path relative to the input root, without extension
    let copy = recs.iter().find(|r| r["id"] == "text/northgate-ledger-ferry-collision").expect("text id");
    assert!(copy["text"].as_str().unwrap().contains("Recommended Videos"));
    // extract never creates a database
    assert!(!dir.path().join("x.db").exists());
}

#[test]
fn ingest_is_idempotent_and_ls_show_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    let o = run(&["ingest", &examples()], &db);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    assert!(stderr(&o).contains("new 19"), "summary: {}", stderr(&o));
    let again = run(&["ingest", &examples()], &db);
    assert!(again.status.success());
    assert!(stderr(&again).contains("new 0, already known 19"), "second run: {}", stderr(&again));
    let ls = run(&["ls", "--format", "jsonl", "--limit", "100"], &db);
    assert_eq!(jsonl(&ls).len(), 19);
    let show = run(&["show", "hw-20260314-kestrel-queen-collision", "--format", "json"], &db);
    assert!(show.status.success());
    let v: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(v["outlet"], "Harbour Wire");
    let missing = run(&["show", "nope"], &db);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no article with id \"nope\""));
}

#[test]
fn ls_without_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["ls"], &dir.path().join("absent.db"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
}

/// Write `name` with `bytes` in `dir`, plus a good JSONL file, ingest the directory,
/// and check that the bad file is reported by name while the good record lands.
fn bad_input_case(name: &str, bytes: &[u8], expect_in_msg: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.jsonl"), format!("{GOOD_LINE}\n")).unwrap();
    std::fs::write(input.join(name), bytes).unwrap();
    let db = dir.path().join("n.db");
    let o = run(&["ingest", input.to_str().unwrap()], &db);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "some records rejected → exit 1; stderr: {err}");
    assert!(err.contains(name), "message names the file {name}: {err}");
    assert!(err.to_lowercase().contains(&expect_in_msg.to_lowercase()), "message says {expect_in_msg:?}: {err}");
    let ls = run(&["ls", "--format", "jsonl"], &db);
    let ids: Vec<String> = jsonl(&ls).iter().map(|r| r["id"].as_str().unwrap_or("").to_string()).collect();
    assert!(ids.contains(&"good-1".to_string()), "good record still ingested: {ids:?}");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn bad_truncated_gzip() {
    let full = gzip(format!("{}\n", GOOD_LINE.replace("good-1", "gz-1")).repeat(50).as_bytes());
    bad_input_case("cut.jsonl.gz", &full[..full.len() / 2], "gzip");
}

#[test]
fn bad_malformed_jsonl_line_keeps_other_lines() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mixed.jsonl");
    let body = format!(
        "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
        GOOD_LINE,
        GOOD_LINE.replace("good-1", "good-2").replace("/reopen", "/reopen-2")
    );
    std::fs::write(&f, body).unwrap();
    let db = dir.path().join("n.db");
    let o = run(&["ingest", f.to_str().unwrap()], &db);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("mixed.jsonl:2"), "names file and line: {}", stderr(&o));
    let ls = jsonl(&run(&["ls", "--format", "jsonl"], &db));
    assert_eq!(ls.len(), 2);
    // --strict stops at the first bad record
    let strict = run(&["ingest", "--strict", f.to_str().unwrap()], &dir.path().join("s.db"));
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("mixed.jsonl:2"));
}

#[test]
fn bad_invalid_utf8_text_file() {
    bad_input_case(
        "latin1.txt",
        b"Caf\xe9 owner says \xabno\xbb to rent rise\n\nThe owner of the caf\xe9 said no.\n",
        "utf-8",
    );
}

#[test]
fn bad_binary_file() {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    b.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    bad_input_case("photo.txt", &b, "binary");
}

#[test]
fn bad_empty_file() {
    bad_input_case("empty.txt", b"", "empty");
}

#[test]
fn bad_html_without_article() {
    let html = "<html><head><title>Login</title></head><body><nav><a href='/'>Home</a></nav><form><input name=u></form></body></html>";
    bad_input_case("login.html", html.as_bytes(), "no article");
}

#[test]
fn bad_truncated_warc_record() {
    let page = "<html><head><title>Ferry service resumes</title></head><body><article><p>Ferry services between Port Calder and Skerra Island resumed on Monday morning after engineers cleared the damaged pier, the operator said in a statement.</p><p>Passengers queued from dawn, and the first sailing left twelve minutes late as crews checked tickets by hand because the booking system was still offline.</p><p>The operator said a full timetable would return by the weekend.</p></body></html>";
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{}",
        page.len(),
        page
    );
    let rec = |id: &str, body: &str| {
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2026-03-16T09:00:00Z\r\nWARC-Target-URI: https://harbourwire.example/{id}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{}\r\n\r\n",
            body.len(),
            body
        )
    };
    let mut warc = rec("00000000-0000-0000-0000-000000000001", &http);
    let second = rec("00000000-0000-0000-0000-000000000002", &http);
    warc.push_str(&second[..second.len() - 200]);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("crawl.warc");
    std::fs::write(&f, &warc).unwrap();
    let db = dir.path().join("n.db");
    let o = run(&["ingest", f.to_str().unwrap()], &db);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("crawl.warc"), "{}", stderr(&o));
    let ls = jsonl(&run(&["ls", "--format", "jsonl"], &db));
    assert_eq!(ls.len(), 1, "the complete record is ingested");
    assert_eq!(ls[0]["id"], "urn:uuid:00000000-0000-0000-0000-000000000001");
}

#[test]
fn huge_single_article_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let para =
        "The council met again on Thursday and the debate over the harbour budget continued late into the night.\n";
    let text = para.repeat(50 * 1024 * 1024 / para.len());
    let rec = serde_json::json!({"id": "huge", "title": "A very long transcript", "text": text});
    let f = dir.path().join("huge.jsonl");
    std::fs::write(&f, format!("{}\n{}\n", rec, GOOD_LINE)).unwrap();
    let db = dir.path().join("n.db");
    // storage only: this test is about the readers and the store, not analysis speed
    let o = run(&["ingest", "-q", "--no-analyze", f.to_str().unwrap()], &db);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(jsonl(&run(&["ls", "--format", "jsonl"], &db)).len(), 2);
}

#[test]
fn stdin_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = bin()
        .args(["extract", "-", "--input-format", "jsonl", "--format", "jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{GOOD_LINE}\n").as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(jsonl(&o)[0]["id"], "good-1");
    drop(dir);
}

#[test]
fn killed_ingest_leaves_usable_database() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("many.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&f).unwrap());
    let n = 60_000;
    for i in 0..n {
        let rec = serde_json::json!({"id": format!("a{i}"), "title": format!("Item {i}"),
            "text": format!("Report number {i} on the harbour. The council discussed item {i} at length.")});
        writeln!(w, "{rec}").unwrap();
    }
    drop(w);
    let db = dir.path().join("n.db");
    let mut child =
        bin().arg("--db").arg(&db).args(["ingest", "-q", "--no-analyze", "--batch", "500"]).arg(&f).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    // the database opens and whatever was committed is intact
    let ls = run(&["ls", "--format", "jsonl", "--limit", "1"], &db);
    assert!(ls.status.success(), "db usable after kill: {}", stderr(&ls));
    // re-running completes the job without duplicates
    let o = run(&["ingest", "-q", "--no-analyze", f.to_str().unwrap()], &db);
    assert!(o.status.success(), "{}", stderr(&o));
    let all = run(&["ls", "--format", "jsonl", "--limit", "100000"], &db);
    assert_eq!(jsonl(&all).len(), n);
}
