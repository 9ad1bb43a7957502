//! The five seed articles (a news saga): 000-003 report one event and must
//! form one story; 004 reports an earlier event of the same saga and must be
//! a different story listed as related.

use chrono::{TimeZone, Utc};
use newsfold_core::Article;
use newsfold_stories::{StoryParams, cluster_articles};

/// Parse a seed file: an optional first line ` date YYYY-MM-DD Title`, else
/// the first non-empty line is the title; the rest is the body.
fn parse_seed(id: &str, raw: &str) -> Article {
    let mut lines = raw.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next().unwrap_or("").trim();
    let body: String = lines.collect::<Vec<_>>().join("\n");
    let (date, title) = match first.strip_prefix("date ") {
        Some(rest) => {
            let (d, t) = rest.split_once(' ').unwrap_or((rest, ""));
            let date = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| Utc.from_utc_datetime(&d));
            (date, t.trim().to_string())
        }
        None => (None, first.to_string()),
    };
    Article { id: id.to_string(), title: Some(title), text: body.trim().to_string(), date, ..Default::default() }
}

fn load() -> Option<Vec<Article>> {
    let dir = newsfold_testdata::data_dir_or_skip("seeds", "seed story test")?;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    Some(
        files
            .iter()
            .map(|p| {
                let id = p.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
                parse_seed(&id, &std::fs::read_to_string(p).unwrap())
            })
            .collect(),
    )
}

#[test]
fn seeds_online_similarities() {
    let Some(articles) = load() else { return };
    let mut c = newsfold_stories::StoryClusterer::new(StoryParams::default());
    let order = newsfold_stories::processing_order(&articles);
    // dated articles by date (ties in input order), then the undated 001 and 004
    assert_eq!(order, [0, 3, 2, 1, 4]);
    let mut first = None;
    for i in order {
        let a = c.assign(&articles[i], None);
        eprintln!("{} -> {} new={} sim={:.3}", articles[i].id, a.story, a.is_new, a.similarity);
        if i == 0 {
            assert!(a.is_new);
            first = Some(a.story.clone());
        }
        if (1..4).contains(&i) {
            assert_eq!(Some(&a.story), first.as_ref());
        }
    }
}

#[test]
fn seed_header_parsing() {
    let a = parse_seed("x", " date 2021-12-03 Harbour ferry halted\n\nBody line.\nSecond.");
    assert_eq!(a.title.as_deref(), Some("Harbour ferry halted"));
    assert_eq!(a.date.map(|d| d.to_rfc3339()).as_deref(), Some("2021-12-03T00:00:00+00:00"));
    assert_eq!(a.text, "Body line.\nSecond.");
    let b = parse_seed("y", "\nJust a lede sentence here.\nMore.");
    assert_eq!(b.title.as_deref(), Some("Just a lede sentence here."));
    assert!(b.date.is_none());
}

#[test]
fn seeds_same_story_and_related() {
    let Some(articles) = load() else { return };
    assert_eq!(articles.len(), 5);
    let (records, summaries) = cluster_articles(&articles, &StoryParams::default());
    for r in &records {
        eprintln!("{} -> {} ({})", r.id, r.story, r.story_title);
    }
    let s0 = &records[0].story;
    for r in &records[1..4] {
        assert_eq!(&r.story, s0, "{} must be in the story of 000", r.id);
    }
    let s4 = &records[4].story;
    assert_ne!(s4, s0, "004 (earlier event) must be a different story");
    let main = summaries.iter().find(|s| &s.story == s0).expect("summary of the main story");
    let early = summaries.iter().find(|s| &s.story == s4).expect("summary of 004's story");
    eprintln!("{main:#?}\n{early:#?}");
    assert!(main.related.contains(s4), "004's story must be related to 000-003's");
    assert!(early.related.contains(s0), "relatedness is symmetric here");
    assert_eq!(main.articles, 4);
    assert!(main.entities.iter().any(|e| e.contains("Baldwin")), "{:?}", main.entities);
}
