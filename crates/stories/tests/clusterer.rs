//! Behaviour of the online clusterer on invented articles.

use chrono::{DateTime, TimeZone, Utc};
use newsfold_core::Article;
use newsfold_stories::{StoryClusterer, StoryParams, cluster_articles, processing_order};
use proptest::prelude::*;

fn at(h: i64, s: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 4, 8, 0, 0).single().unwrap()
        + chrono::Duration::hours(h)
        + chrono::Duration::seconds(s)
}

fn art(id: &str, title: &str, date: Option<DateTime<Utc>>) -> Article {
    Article {
        id: id.into(),
        title: Some(title.into()),
        date,
        outlet: Some(format!("outlet-{id}")),
        ..Default::default()
    }
}

fn corpus() -> Vec<Article> {
    vec![
        art("a1", "Harbor ferry halts night crossings after engine fire", Some(at(0, 1))),
        art("b1", "Valdoria central bank raises interest rates to curb inflation", Some(at(0, 2))),
        art("a2", "Engine fire forces harbor ferry to halt night crossings", Some(at(0, 40))),
        art("b2", "Valdoria raises interest rates again as inflation bites", Some(at(0, 90))),
        art("a3", "Night crossings halted: harbor ferry engine fire probe begins", Some(at(1, 0))),
        art("b3", "Inflation fight: Valdoria central bank lifts rates", Some(at(2, 0))),
    ]
}

#[test]
fn separates_two_stories_and_keeps_input_order() {
    let (recs, sums) = cluster_articles(&corpus(), &StoryParams::default());
    let ids: Vec<&str> = recs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a1", "b1", "a2", "b2", "a3", "b3"]);
    assert_eq!(recs[0].story, recs[2].story);
    assert_eq!(recs[0].story, recs[4].story);
    assert_eq!(recs[1].story, recs[3].story);
    assert_eq!(recs[1].story, recs[5].story);
    assert_ne!(recs[0].story, recs[1].story);
    assert_eq!(sums.len(), 2);
    let ferry = sums.iter().find(|s| s.story == recs[0].story).unwrap();
    assert_eq!(ferry.articles, 3);
    assert_eq!(ferry.outlets, 3);
    assert!(ferry.key_terms.iter().any(|t| t == "ferry"), "{:?}", ferry.key_terms);
    assert_eq!(ferry.first, Some(at(0, 1)));
    assert_eq!(ferry.last, Some(at(1, 0)));
    assert!(ferry.title.to_lowercase().contains("ferry"));
}

#[test]
fn ids_are_stable_and_derived_from_the_founding_article() {
    let (r1, _) = cluster_articles(&corpus(), &StoryParams::default());
    let (r2, _) = cluster_articles(&corpus(), &StoryParams::default());
    assert_eq!(r1, r2);
    let want = format!("s{:016x}", newsfold_core::hash_str("story\u{1}a1"));
    assert_eq!(r1[0].story, want);
}

#[test]
fn hint_forces_one_story() {
    let mut c = StoryClusterer::new(StoryParams::default());
    let a = c.assign(&art("x1", "Harbor ferry halts night crossings after engine fire", Some(at(0, 0))), Some("fam"));
    let b = c.assign(&art("x2", "Completely unrelated cooking column about soup", Some(at(0, 5))), Some("fam"));
    assert!(a.is_new);
    assert!(!b.is_new);
    assert_eq!(a.story, b.story);
    let d = c.assign(&art("x3", "Completely unrelated cooking column about soup", Some(at(0, 6))), None);
    assert_eq!(d.story, a.story, "the same headline now matches the story");
}

#[test]
fn idle_story_closes_unless_very_similar() {
    let mut c = StoryClusterer::new(StoryParams::default());
    let a = c.assign(&art("y1", "Harbor ferry halts night crossings after engine fire", Some(at(0, 0))), None);
    c.assign(&art("y2", "Harbor ferry night crossings halted by engine fire", Some(at(0, 30))), None);
    let later = c.assign(&art("y3", "Harbor ferry resumes crossings", Some(at(24 * 5, 0))), None);
    assert!(later.is_new, "five idle days close the story for a loosely similar article");
    let same = c.assign(&art("y4", "Harbor ferry halts night crossings after engine fire", Some(at(24 * 5, 60))), None);
    assert_eq!(same.story, a.story, "an identical headline reopens it");
}

#[test]
fn merge_redirects_and_snapshot_roundtrip() {
    let p = StoryParams { threshold: 0.99, merge_threshold: 0.3, burst_weight: 0.0, ..StoryParams::default() };
    let mut c = StoryClusterer::new(p);
    let a = c.assign(&art("m1", "Harbor ferry halts night crossings after engine fire", Some(at(0, 0))), None);
    let b = c.assign(&art("m2", "Harbor ferry engine fire: night crossings suspended", Some(at(0, 30))), None);
    assert_ne!(a.story, b.story, "threshold 0.99 keeps them apart online");
    assert_eq!(c.story_count(), 2);
    let snap = c.snapshot().unwrap();
    assert_eq!(c.merge_pass(), 1);
    assert_eq!(c.story_count(), 1);
    assert_eq!(c.resolve(&b.story), Some(a.story.as_str()), "younger id redirects to the older story");
    assert_eq!(c.resolve("nope"), None);
    let mut r = StoryClusterer::restore(&snap).unwrap();
    // the restored state writes the same snapshot (features keep their ids)
    let value = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert_eq!(value(&r.snapshot().unwrap()), value(&snap));
    assert_eq!(r.story_count(), 2);
    assert_eq!(r.merge_pass(), 1);
    assert_eq!(r.summaries(), c.summaries());
    assert!(StoryClusterer::restore("{not json").is_err());
}

#[test]
fn undated_articles_come_last_and_match_on_content() {
    let mut arts = corpus();
    arts[2].date = None;
    arts.swap(0, 5);
    let order = processing_order(&arts);
    // input: b3 (2 h), b1 (2 s), a2 (undated), b2, a3, a1 (1 s)
    assert_eq!(order, [5, 1, 3, 4, 0, 2], "dated by date, then the undated a2");
    let (recs, sums) = cluster_articles(&arts, &StoryParams::default());
    assert_eq!(recs.len(), arts.len());
    assert!(recs.iter().all(|r| !r.story.is_empty() && !r.story_title.is_empty()));
    assert_eq!(recs[2].story, recs[5].story, "undated a2 joins the ferry story on content");
    assert_ne!(recs[2].story, recs[1].story);
    // an undated member does not stretch the story's time span
    let ferry = sums.iter().find(|s| s.story == recs[5].story).unwrap();
    assert_eq!((ferry.first, ferry.last), (Some(at(0, 1)), Some(at(1, 0))));
}

#[test]
fn undated_article_is_not_closed_out_by_time() {
    // a story idle for days is closed to dated latecomers, but an undated
    // article carries no time and is judged on content alone
    let mut c = StoryClusterer::new(StoryParams::default());
    let a = c.assign(&art("u1", "Harbor ferry halts night crossings after engine fire", Some(at(0, 0))), None);
    c.assign(&art("u2", "Harbor ferry night crossings halted by engine fire", Some(at(0, 30))), None);
    c.assign(&art("u3", "Valdoria central bank raises interest rates", Some(at(24 * 6, 0))), None);
    let late = c.assign(
        &art("u4", "Harbor ferry resumes night crossings after engine fire repairs", Some(at(24 * 6, 60))),
        None,
    );
    assert!(late.is_new, "six idle days close the ferry story to a dated article");
    let undated = c.assign(&art("u5", "Harbor ferry engine fire halts night crossings", None), None);
    assert!(!undated.is_new);
    assert_eq!(undated.story, a.story, "the older, closer story wins on content");
}

#[test]
fn headline_only_without_any_dates() {
    let mut arts = corpus();
    for a in &mut arts {
        a.date = None;
    }
    let (recs, sums) = cluster_articles(&arts, &StoryParams::default());
    assert_eq!(recs[0].story, recs[2].story);
    assert_ne!(recs[0].story, recs[1].story);
    assert!(sums.iter().all(|s| s.first.is_none() && s.last.is_none()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn never_panics_and_labels_every_article(
        items in proptest::collection::vec(("\\PC{0,60}", "\\PC{0,200}", proptest::option::of(0i64..1_000_000_000)), 0..12)
    ) {
        let arts: Vec<Article> = items
            .iter()
            .enumerate()
            .map(|(i, (t, b, d))| Article {
                id: format!("p{i}"),
                title: Some(t.clone()),
                text: b.clone(),
                date: d.and_then(|s| Utc.timestamp_opt(s, 0).single()),
                url: Some(format!("https://ex.example/{}", t.replace(' ', "-"))),
                ..Default::default()
            })
            .collect();
        let (recs, sums) = cluster_articles(&arts, &StoryParams::default());
        prop_assert_eq!(recs.len(), arts.len());
        let total: usize = sums.iter().map(|s| s.articles).sum();
        prop_assert_eq!(total, arts.len());
        for r in &recs {
            prop_assert!(sums.iter().any(|s| s.story == r.story));
        }
    }
}

/// The batch path extracts features in parallel chunks ahead of the
/// sequential assignment: it must give what assigning one by one gives,
/// across chunk boundaries.
#[test]
fn batch_matches_one_by_one_assignment_across_feature_chunks() {
    const W: [&str; 13] = [
        "ferry", "budget", "strike", "flood", "council", "election", "bridge", "hospital", "festival", "airport",
        "harbour", "school", "museum",
    ];
    let arts: Vec<Article> = (0..4500usize)
        .map(|i| {
            let title = format!("{} {} {} report", W[i % 13], W[(i / 13) % 13], W[(i / 169) % 13]);
            art(&format!("x{i}"), &title, Some(at((i / 50) as i64, (i % 60) as i64)))
        })
        .collect();
    let p = StoryParams::default();
    let (recs, _) = cluster_articles(&arts, &p);
    let mut c = StoryClusterer::new(p.clone());
    let mut got = vec![String::new(); arts.len()];
    for (n, i) in processing_order(&arts).into_iter().enumerate() {
        got[i] = c.assign(&arts[i], None).story;
        if (n + 1) % p.merge_every.max(1) == 0 {
            c.merge_pass();
        }
    }
    while c.merge_pass() > 0 {}
    for (r, s) in recs.iter().zip(&got) {
        assert_eq!(r.story, c.resolve(s).unwrap_or(s), "{}", r.id);
    }
}

#[test]
fn compact_summaries_are_the_summaries() {
    // merged stories, related ones (shared entities), several titles
    let p = StoryParams {
        merge_threshold: 0.3,
        related_threshold: 0.05,
        related_min_entities: 1,
        ..StoryParams::default()
    };
    let mut c = StoryClusterer::new(p);
    for a in corpus() {
        c.assign(&a, None);
    }
    c.assign(&art("m1", "Harbor ferry halts night crossings after engine fire", Some(at(0, 0))), None);
    c.assign(&art("m2", "Harbor ferry engine fire: night crossings suspended", Some(at(0, 30))), None);
    c.assign(&art("m3", "Harbor Authority chief Dana Reyes visits ferry", None), None);
    c.merge_pass();
    let want = c.summaries();
    assert!(want.len() > 1);
    let compact = c.clone().into_compact_summaries();
    assert_eq!(compact.len(), want.len());
    assert!(!compact.is_empty());
    assert_eq!(compact.iter().collect::<Vec<_>>(), want);
    assert_eq!(compact.get(want.len()), None);
    assert_eq!(c.into_summaries(), want);
}
