//! Quote disagreements: within a cluster of the same quote found in several
//! articles, flag variants whose wording was materially altered (content
//! words substituted, or a negation added or dropped; not mere punctuation,
//! case or trimming) and clusters whose named speakers conflict.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::disagree::{Disagreement, DisagreementValue};
use crate::text::is_stopword;

/// One occurrence of a quote in an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVariant {
    /// Article id.
    pub article: String,
    /// The quote text as written there.
    pub text: String,
    /// Speaker as attributed there, if any.
    pub speaker: Option<String>,
}

/// A cluster of occurrences of one quote (filled by the integrator from the quotes crate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteInput {
    /// Cluster id.
    pub cluster: String,
    /// The canonical (majority) wording.
    pub canonical: String,
    /// Every occurrence.
    pub variants: Vec<QuoteVariant>,
}

/// Fewest distinct articles that must carry each of two conflicting speakers.
pub const MIN_SPEAKER_ARTICLES: usize = 3;

/// Most content words (removed + added) an altered quote may differ by; more is
/// another statement (two quotes sharing a clause) or a paraphrase.
pub const MAX_CHANGED_WORDS: usize = 6;

const NEGATIONS: &[&str] = &["not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "cannot"];

/// Folded alphanumeric words; negative contractions become `not`.
fn words(s: &str) -> Vec<String> {
    let f = newsfold_core::fold(s);
    let mut out = Vec::new();
    for w in f.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let w = w.trim_matches('\'');
        if w.is_empty() {
            continue;
        }
        // "2.6million" = "2.6 million"
        if let Some(p) =
            w.find(|c: char| c.is_alphabetic()).filter(|&p| p > 0 && w[..p].chars().all(|c| c.is_ascii_digit()))
        {
            out.push(w[..p].to_string());
            out.push(w[p..].to_string());
            continue;
        }
        if let Some(base) = w.strip_suffix("n't") {
            out.push(base.to_string());
            out.push("not".into());
        } else {
            out.push(w.to_string());
        }
    }
    out
}

/// Connectives and fillers that transcripts of one speech render differently
/// ("although"/"though"): not a change of substance.
const FILLERS: &[&str] = &[
    "although", "though", "yet", "also", "even", "still", "well", "really", "actually", "okay", "ok", "oh", "uh", "um",
    "like",
];

fn is_content(w: &str) -> bool {
    NEGATIONS.contains(&w) || !is_stopword(w) && !FILLERS.contains(&w)
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// How a variant's wording differs from the canonical one: (removed, added)
/// content words, or None when it is the same up to punctuation, case and trimming.
fn wording_change(canonical: &str, variant: &str) -> Option<(Vec<String>, Vec<String>)> {
    let (c, v) = (words(canonical), words(variant));
    if c == v || contains_seq(&c, &v) || contains_seq(&v, &c) {
        return None;
    }
    let cs: BTreeSet<&String> = c.iter().filter(|w| is_content(w)).collect();
    let vs: BTreeSet<&String> = v.iter().filter(|w| is_content(w)).collect();
    let mut removed: Vec<String> = cs.difference(&vs).map(|s| s.to_string()).collect();
    let mut added: Vec<String> = vs.difference(&cs).map(|s| s.to_string()).collect();
    // spelling variants ("judgment"/"judgement", "tyres"/"tires") are not changes
    removed.retain(|r| {
        let pos = added.iter().position(|a| spelling_variant(r, a));
        if let Some(p) = pos {
            added.remove(p);
        }
        pos.is_none()
    });
    // many content words replaced: another statement or a paraphrase, not an alteration
    if removed.len() + added.len() > MAX_CHANGED_WORDS.min(cs.len().max(vs.len())) {
        return None;
    }
    let neg = |x: &[String]| x.iter().filter(|w| NEGATIONS.contains(&w.as_str())).count();
    // a negation added or dropped, the rest (nearly) unchanged
    let others = removed.iter().chain(&added).filter(|w| !NEGATIONS.contains(&w.as_str())).count();
    // (a negation adds a word or two; a longer difference is a clause added at an end: "..., I don't know")
    let negation_changed = neg(&c) != neg(&v) && others <= 2 && c.len().abs_diff(v.len()) <= 2;
    // substitution: both sides have words the other lacks
    if (!removed.is_empty() && !added.is_empty()) || negation_changed { Some((removed, added)) } else { None }
}

/// Two spellings of one word: same first letter, both at least 4 letters,
/// edit distance at most 2. Hand-written Levenshtein (tiny inputs).
fn spelling_variant(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() < 4 || b.len() < 4 || a.first() != b.first() || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= 2
}

/// A speaker string that looks like a name ("Ken Livingstone", "Dr Fox"), not
/// a phrase the attribution step picked up ("At his weekly press conference").
fn name_like(s: &str) -> bool {
    let toks: Vec<&str> = s.split_whitespace().collect();
    (1..=4).contains(&toks.len())
        && toks.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(*w, "de" | "da" | "van" | "von" | "der" | "bin" | "al" | "del" | "la" | "le" | "of")
        })
        && !toks.first().is_some_and(|w| {
            matches!(
                *w,
                "At" | "In"
                    | "On"
                    | "The"
                    | "According"
                    | "As"
                    | "However"
                    | "But"
                    | "And"
                    | "Meanwhile"
                    | "Earlier"
                    | "Later"
                    | "Speaking"
                    | "Monday"
                    | "Tuesday"
                    | "Wednesday"
                    | "Thursday"
                    | "Friday"
                    | "Saturday"
                    | "Sunday"
            )
        })
}

/// Words that make a speaker a group, a party, a company or a publication
/// rather than a person ("Labour", "the Law Lords", "Munich Re").
const COLLECTIVE_WORDS: &[&str] = &[
    "party",
    "labour",
    "tories",
    "tory",
    "conservatives",
    "democrats",
    "republicans",
    "gop",
    "mps",
    "lords",
    "commission",
    "committee",
    "council",
    "campaign",
    "government",
    "ministry",
    "department",
    "office",
    "re",
    "inc",
    "ltd",
    "plc",
    "corp",
    "group",
    "bank",
    "association",
    "union",
    "federation",
    "agency",
    "court",
    "police",
    "board",
    "institute",
    "foundation",
    "authority",
    "administration",
    "senate",
    "congress",
    "parliament",
    "ballot",
    "telegraph",
    "times",
    "guardian",
    "post",
    "journal",
    "news",
    "bbc",
    "cnn",
    "reuters",
];

/// A speaker string naming a collective, not a person.
fn collective(s: &str) -> bool {
    newsfold_core::fold(s).split(|c: char| !c.is_alphanumeric()).any(|w| COLLECTIVE_WORDS.contains(&w))
}

fn speaker_key(s: &str) -> Option<String> {
    let f = newsfold_core::fold(s);
    let toks: Vec<&str> = f.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let first = toks.first()?;
    // pronouns and descriptions carry no name
    if matches!(*first, "he" | "she" | "they" | "i" | "we" | "it" | "the" | "a" | "an" | "his" | "her" | "their") {
        return None;
    }
    let caps = s.split_whitespace().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    if caps == 0 {
        return None;
    }
    toks.last().map(|s| s.to_string())
}

/// Keys of the name-like speakers (people or collectives) of `vs`: "Goldsmith"
/// and "Lord Goldsmith" share the key `goldsmith`.
fn named_speakers(vs: &[&QuoteVariant]) -> BTreeSet<String> {
    vs.iter().filter_map(|v| v.speaker.as_deref()).filter(|s| name_like(s)).filter_map(speaker_key).collect()
}

/// An altered wording: folded key, its variants, removed and added words.
type Altered<'a> = (String, Vec<&'a QuoteVariant>, Vec<String>, Vec<String>);

/// Tunable gates of [`quote_disagreements_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteParams {
    /// Fewest distinct articles that must carry each of two conflicting speakers.
    pub min_speaker_articles: usize,
}

impl Default for QuoteParams {
    fn default() -> Self {
        QuoteParams { min_speaker_articles: MIN_SPEAKER_ARTICLES }
    }
}

/// Disagreements inside quote clusters: altered wording and conflicting speakers.
pub fn quote_disagreements(quotes: &[QuoteInput]) -> Vec<Disagreement> {
    quote_disagreements_with(quotes, &QuoteParams::default())
}

/// [`quote_disagreements`] with explicit gates (for precision reviews).
pub fn quote_disagreements_with(quotes: &[QuoteInput], params: &QuoteParams) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for q in quotes {
        // wording classes
        let mut same = Vec::new();
        let mut altered: Vec<Altered<'_>> = Vec::new();
        for v in &q.variants {
            // altered only against the canonical and against every other article's wording
            // (a partial quote "lack of trust" and "lack of trust in him" are one quote)
            let matches_other = q.variants.iter().any(|o| {
                o.article != v.article
                    && wording_change(&q.canonical, &o.text).is_none()
                    && wording_change(&o.text, &v.text).is_none()
            });
            match wording_change(&q.canonical, &v.text).filter(|_| !matches_other) {
                None => same.push(v),
                Some((rem, add)) => {
                    let key = words(&v.text).join(" ");
                    match altered.iter_mut().find(|a| a.0 == key) {
                        Some(a) => a.1.push(v),
                        None => altered.push((key, vec![v], rem, add)),
                    }
                }
            }
        }
        // an article that carries both wordings holds two quotes, not an alteration
        let same_arts: BTreeSet<&str> = same.iter().map(|v| v.article.as_str()).collect();
        altered.retain(|a| !a.1.iter().all(|v| same_arts.contains(v.article.as_str())));
        // the two wordings attributed to different named speakers (an economist's
        // "first and foremost a human tragedy" and an insurer's "primarily a human
        // tragedy"): two people's statements clustered together, not an alteration
        let same_speakers = named_speakers(&same);
        altered.retain(|a| {
            let alt = named_speakers(&a.1);
            same_speakers.is_empty() || alt.is_empty() || !same_speakers.is_disjoint(&alt)
        });
        if !altered.is_empty() {
            let entry = |vs: &[&QuoteVariant], text: &str| DisagreementValue {
                value: text.to_string(),
                articles: vs.iter().map(|v| v.article.clone()).collect(),
                outlets: Vec::new(),
                sentences: vs.iter().map(|v| v.text.clone()).collect(),
            };
            let mut values = vec![entry(&same, &q.canonical)];
            let mut notes = Vec::new();
            for (_, vs, rem, add) in &altered {
                values.push(entry(vs, &vs[0].text));
                notes.push(format!("\"{}\" replaced by \"{}\"", rem.join(" "), add.join(" ")));
            }
            let speaker =
                q.variants.iter().filter_map(|v| v.speaker.clone()).find(|s| name_like(s)).unwrap_or_default();
            out.push(Disagreement {
                about: format!(
                    "wording of a quote{}",
                    if speaker.is_empty() { String::new() } else { format!(" by {speaker}") }
                ),
                entity: speaker,
                attribute: "quote_wording".into(),
                values,
                confidence: if same.is_empty() { 0.6 } else { 0.9 },
                note: notes.join("; "),
            });
        }
        // speaker conflicts
        let mut by_speaker: Vec<(String, String, Vec<&QuoteVariant>)> = Vec::new();
        for v in &q.variants {
            let Some(sp) = v.speaker.as_deref() else { continue };
            // a party, a company or a paper vs one of its people is not a conflict
            if !name_like(sp) || collective(sp) {
                continue;
            }
            let Some(k) = speaker_key(sp) else { continue };
            match by_speaker.iter_mut().find(|(kk, _, _)| *kk == k) {
                Some(e) => e.2.push(v),
                None => by_speaker.push((k, sp.to_string(), vec![v])),
            }
        }
        // exactly two named speakers: with three or more names for one quote the
        // attribution itself is unreliable (pronoun and proximity errors), not the outlets
        // each attribution must be carried by several articles: one article's (or one
        // copied pair's) speaker is too often a pronoun or proximity error of the attribution step
        let distinct = |vs: &[&QuoteVariant]| vs.iter().map(|v| v.article.as_str()).collect::<BTreeSet<_>>().len();
        let support = by_speaker.iter().map(|(_, _, vs)| distinct(vs)).min().unwrap_or(0);
        if by_speaker.len() == 2 && support >= params.min_speaker_articles.max(1) {
            let values = by_speaker
                .iter()
                .map(|(_, sp, vs)| DisagreementValue {
                    value: sp.clone(),
                    articles: vs.iter().map(|v| v.article.clone()).collect(),
                    outlets: Vec::new(),
                    sentences: vs.iter().map(|v| v.text.clone()).collect(),
                })
                .collect();
            out.push(Disagreement {
                about: format!("speaker of \"{}\"", short(&q.canonical)),
                entity: q.cluster.clone(),
                attribute: "quote_speaker".into(),
                values,
                // one article's attribution is weak evidence: confidence grows with the support
                confidence: (0.2 + 0.2 * support as f32).min(0.8),
                note: "the same quote is attributed to different people".into(),
            });
        }
    }
    out
}

fn short(s: &str) -> String {
    let w: Vec<&str> = s.split_whitespace().collect();
    if w.len() <= 12 { w.join(" ") } else { format!("{}…", w[..12].join(" ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &str, t: &str, s: Option<&str>) -> QuoteVariant {
        QuoteVariant { article: a.into(), text: t.into(), speaker: s.map(str::to_string) }
    }

    #[test]
    fn flags_substitution_not_punctuation_or_trimming() {
        let q = QuoteInput {
            cluster: "c".into(),
            canonical: "I don’t want to lose you.".into(),
            variants: vec![
                v("a", "I don’t want to lose you.", Some("Hilda Marsh")),
                v("b", "i don't want to LOSE you", Some("Marsh")),
                v("c", "want to lose you", None),
                v("d", "I don’t want to let you down.", Some("Hilda Marsh")),
            ],
        };
        let d = quote_disagreements(&[q]);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].values[0].articles, ["a", "b", "c"]);
        assert_eq!(d[0].values[1].articles, ["d"]);
        assert!(d[0].note.contains("lose"));
    }

    #[test]
    fn negation_change_is_material() {
        assert!(wording_change("We will raise taxes", "We will not raise taxes").is_some());
        assert!(wording_change("We will raise taxes.", "“We will raise taxes,”").is_none());
        // a connective rendered differently and a clause added at the end: not material
        assert!(
            wording_change(
                "Although the tax people, maybe there is.",
                "Though the tax people, maybe there is, I don't know."
            )
            .is_none()
        );
    }

    #[test]
    fn speaker_conflict() {
        let q = QuoteInput {
            cluster: "c".into(),
            canonical: "We won".into(),
            variants: vec![
                v("a", "We won", Some("Tom Reyes")),
                v("b", "We won", Some("he")),
                v("c", "We won", Some("Ana Silva")),
                v("d", "We won", Some("Reyes")),
                v("e", "We won", Some("Ana Silva")),
                v("f", "We won", Some("Tom Reyes")),
                v("g", "We won", Some("Ana Silva")),
            ],
        };
        let d = quote_disagreements(std::slice::from_ref(&q));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].attribute, "quote_speaker");
        // one article per side: an attribution error is likelier than a real conflict
        let mut one = q.clone();
        one.variants.truncate(3);
        assert!(quote_disagreements(&[one]).is_empty());
        // a phrase is not a speaker
        let mut junk = q.clone();
        junk.variants[2].speaker = Some("At his weekly press conference".into());
        junk.variants[4].speaker = Some("At his weekly press conference".into());
        assert!(quote_disagreements(&[junk.clone()]).is_empty());
        // a party vs its leader is not a conflict
        let mut party = junk;
        for i in [2, 4, 6] {
            party.variants[i].speaker = Some("Labour Party".into());
        }
        assert!(quote_disagreements(&[party]).is_empty());
        // looser gate: one article per side is flagged, with a low confidence
        let mut one = q.clone();
        one.variants.truncate(3);
        let d = quote_disagreements_with(&[one], &QuoteParams { min_speaker_articles: 1 });
        assert_eq!(d.len(), 1);
        assert!(d[0].confidence < 0.5, "{d:#?}");
        assert!((quote_disagreements(&[q])[0].confidence - 0.8).abs() < 1e-6);
    }

    #[test]
    fn wordings_of_different_named_speakers_are_two_statements() {
        let q = |alt_speaker: Option<&str>| QuoteInput {
            cluster: "c".into(),
            canonical: "Above all this is a national tragedy.".into(),
            variants: vec![
                v("a", "Above all this is a national tragedy.", Some("Ruth Okafor")),
                v("b", "This is primarily a national tragedy.", alt_speaker),
            ],
        };
        // an economist and a reinsurer each said it: not an alteration
        assert!(quote_disagreements(&[q(Some("Hanse Re"))]).is_empty());
        assert!(quote_disagreements(&[q(Some("Tomas Berg"))]).is_empty());
        // the same person (full name vs title + surname), or no attribution on one side: flagged
        assert_eq!(quote_disagreements(&[q(Some("Dr Okafor"))]).len(), 1);
        assert_eq!(quote_disagreements(&[q(None)]).len(), 1);
        // a pronoun is no name: still flagged
        assert_eq!(quote_disagreements(&[q(Some("she"))]).len(), 1);
    }

    #[test]
    fn spelling_and_double_quotes_are_not_alterations() {
        assert!(wording_change("studying the judgment carefully", "studying the judgement carefully").is_none());
        assert!(wording_change("kicking the tyres of firms", "kicking the tires of firms").is_none());
        // a wholly different statement clustered with the quote
        assert!(wording_change("I explained my view in March", "As I have always made clear, we set it out").is_none());
        // both wordings in the same article: two quotes
        let q = QuoteInput {
            cluster: "c".into(),
            canonical: "I don't know what to say.".into(),
            variants: vec![
                v("a", "I don't know what to say.", None),
                v("a", "I don't even know what to do.", None),
                v("b", "I don't know what to say.", None),
            ],
        };
        assert!(quote_disagreements(&[q]).is_empty());
    }
}
