//! The invented repository corpus `examples/news` against
//! `examples/expected.json` (see `examples/EXPECTED.md`): attributed quotes
//! with their speakers, quotes shared word for word across outlets clustered
//! together, the mutated quotes clustered with their mutation reported, and
//! scare quotes not extracted.

use std::collections::HashMap;

use newsfold_core::Article;
use newsfold_quotes::cluster::norm_words;
use newsfold_quotes::{ArticleRef, Quote, QuoteCluster, cluster_quotes, extract_quotes};
use serde_json::Value;

const NEWS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/news");
const EXPECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/expected.json");

struct Corpus {
    articles: Vec<Article>,
    quotes: HashMap<String, Vec<Quote>>,
    clusters: Vec<QuoteCluster>,
    expected: Value,
}

fn corpus() -> Corpus {
    let opts = newsfold_ingest::ReadOptions::default();
    let articles: Vec<Article> =
        newsfold_ingest::read_inputs(&[NEWS.to_string()], &opts).filter_map(|r| r.ok()).map(|r| r.article).collect();
    assert_eq!(articles.len(), 19, "examples/news holds 19 articles");
    let quotes: HashMap<String, Vec<Quote>> =
        articles.iter().map(|a| (a.id.clone(), extract_quotes(&a.text))).collect();
    let items: Vec<(ArticleRef, Vec<Quote>)> =
        articles.iter().map(|a| (ArticleRef::from(a), quotes.get(&a.id).cloned().unwrap_or_default())).collect();
    let clusters = cluster_quotes(&items);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(EXPECTED).expect("expected.json")).expect("expected.json parses");
    Corpus { articles, quotes, clusters, expected }
}

fn norm(s: &str) -> String {
    norm_words(s).join(" ")
}

/// The extracted quote of article `id` whose text is `want` (compared after
/// normalisation: marks, case and trailing punctuation do not matter).
fn find<'a>(c: &'a Corpus, id: &str, want: &str) -> Option<&'a Quote> {
    let w = norm(want);
    let qs = c.quotes.get(id)?;
    // the expected text is the whole quote, or its first sentences ("…, and I will." of a longer quote)
    qs.iter()
        .find(|q| norm(&q.text) == w)
        .or_else(|| qs.iter().find(|q| w.split(' ').count() >= 4 && norm(&q.text).starts_with(&format!("{w} "))))
}

fn dump(c: &Corpus, id: &str) -> String {
    c.quotes
        .get(id)
        .map(|qs| qs.iter().map(|q| format!("  {:?} <- {:?}\n", q.text, q.speaker)).collect())
        .unwrap_or_default()
}

#[test]
fn attributed_quotes_have_the_right_speakers() {
    let c = corpus();
    let entries = c.expected["quotes"].as_array().expect("quotes");
    assert!(!entries.is_empty());
    for e in entries {
        let id = e["id"].as_str().expect("id");
        let speaker = e["speaker"].as_str().expect("speaker");
        let mut parts = vec![e["quote"].as_str().expect("quote")];
        if let Some(cont) = e["continuation"].as_str() {
            parts.push(cont);
        }
        for want in parts {
            let q = find(&c, id, want).unwrap_or_else(|| panic!("{id}: quote {want:?} not found in\n{}", dump(&c, id)));
            assert_eq!(q.speaker.as_deref(), Some(speaker), "{id}: speaker of {want:?} ({})", e["attribution"]);
            let text: Vec<char> = c.articles.iter().find(|a| a.id == id).expect("article").text.chars().collect();
            let at: String = text.get(q.start..q.end).expect("offsets in range").iter().collect();
            assert_eq!(at, q.text, "{id}: char offsets slice the quote");
        }
    }
}

/// The cluster holding article `id`'s occurrence of `want`.
fn cluster_of<'a>(c: &'a Corpus, id: &str, want: &str) -> Option<&'a QuoteCluster> {
    let w = norm(want);
    c.clusters.iter().find(|k| k.occurrences.iter().any(|o| o.article == id && norm(&o.text).contains(&w)))
}

#[test]
fn shared_quotes_cluster_together_with_their_speaker() {
    let c = corpus();
    let entries = c.expected["quotes_shared"].as_array().expect("quotes_shared");
    assert!(!entries.is_empty());
    for e in entries {
        let quote = e["quote"].as_str().expect("quote");
        let speaker = e["speaker"].as_str().expect("speaker");
        let ids: Vec<&str> = e["ids"].as_array().expect("ids").iter().filter_map(Value::as_str).collect();
        let first = ids.first().expect("ids");
        let k = cluster_of(&c, first, quote)
            .unwrap_or_else(|| panic!("{first}: no cluster for {quote:?}; quotes:\n{}", dump(&c, first)));
        for id in &ids {
            assert!(
                k.occurrences.iter().any(|o| o.article == *id),
                "{quote:?}: {id} not in the cluster of {first} ({:?}); quotes of {id}:\n{}",
                k.occurrences.iter().map(|o| (&o.article, &o.text)).collect::<Vec<_>>(),
                dump(&c, id)
            );
        }
        assert_eq!(k.speaker.as_deref(), Some(speaker), "{quote:?}: cluster speaker");
        assert!(!k.speaker_conflict, "{quote:?}: speakers agree");
    }
}

#[test]
fn mutated_quotes_are_one_cluster_with_the_mutation() {
    let c = corpus();
    let entries = c.expected["quotes_mutated"].as_array().expect("quotes_mutated");
    assert!(!entries.is_empty());
    for e in entries {
        let original = e["original"].as_str().expect("original");
        let variant = e["variant"].as_str().expect("variant");
        let speaker = e["speaker"].as_str().expect("speaker");
        let ids_o: Vec<&str> = e["ids_original"].as_array().expect("ids").iter().filter_map(Value::as_str).collect();
        let ids_v: Vec<&str> = e["ids_variant"].as_array().expect("ids").iter().filter_map(Value::as_str).collect();
        let first = ids_o.first().expect("ids");
        let k = cluster_of(&c, first, original).unwrap_or_else(|| panic!("no cluster for {original:?}"));
        for id in ids_o.iter().chain(&ids_v) {
            assert!(k.occurrences.iter().any(|o| o.article == *id), "{original:?}: {id} missing from its cluster");
        }
        assert_eq!(k.speaker.as_deref(), Some(speaker), "{original:?}: cluster speaker");
        // the variant is listed with word-level mutations against the canonical text
        let (vo, vv) = (norm(original), norm(variant));
        assert!(k.canonical_normalized.contains(&vo), "canonical {:?} is the original", k.canonical_normalized);
        let v = k
            .variants
            .iter()
            .find(|v| v.text.contains(&vv))
            .unwrap_or_else(|| panic!("variant {variant:?} not listed: {:?}", k.variants));
        assert!(!v.mutations.is_empty(), "{variant:?}: mutations reported");
        for id in &ids_v {
            assert!(v.articles.iter().any(|a| a == id), "{variant:?}: carried by {id}");
        }
        // every reported change is a real word difference between the two
        let ow: Vec<String> = norm_words(original);
        let nw: Vec<String> = norm_words(variant);
        for m in &v.mutations {
            assert!(m.from.split(' ').filter(|w| !w.is_empty()).all(|w| ow.iter().any(|x| x == w)), "{m:?}");
            assert!(m.to.split(' ').filter(|w| !w.is_empty()).all(|w| nw.iter().any(|x| x == w)), "{m:?}");
        }
    }
}

#[test]
fn scare_quotes_are_not_extracted() {
    let c = corpus();
    let entries = c.expected["not_quotes"].as_array().expect("not_quotes");
    assert!(!entries.is_empty());
    for e in entries {
        let id = e["id"].as_str().expect("id");
        let text = e["text"].as_str().expect("text");
        assert!(c.quotes.contains_key(id), "{id} read");
        assert!(find(&c, id, text).is_none(), "{id}: {text:?} extracted as a quote:\n{}", dump(&c, id));
    }
}
