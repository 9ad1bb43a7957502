//! # newsfold-facts
//!
//! Checkable facts, disagreements between articles of one story, quote
//! disagreements, and an extractive story digest. Pure library: no I/O.
//!
//! ## Algorithm
//!
//! 1. **Entities** (module `entities`): capitalised-name mentions per sentence
//!    (sentence-initial words that also occur in lowercase in the article are
//!    not names), each resolved to the fullest name in the article and its
//!    title ("Alec" → "Alec Baldwin"; a surname shared by several people stays
//!    ambiguous unless one of them dominates). Salience = mention count (title
//!    mentions ×3); gender evidence from kin words ("her husband, X") and
//!    pronouns after a sentence's first name. Descriptors ("the actor") resolve
//!    to an explicit role holder, else to the clearly most salient adult of the
//!    descriptor's gender; otherwise they are dropped (precision first).
//! 2. **Extraction** ([`extract_facts`]): hand-written token patterns per
//!    sentence: ages (`63-year-old`, `Name, 63,`, `Name, 15 months`,
//!    `9-month-old Name`), lists of aged names after a kin count ("six children
//!    (Carmen, 8, ...)") giving derived facts `children_listed` and `youngest`,
//!    counts (`six children`, `three people`), casualties (`were killed`,
//!    `left X dead`), money (`$1.13bn`, `£600m`, `1,500 million dollars`),
//!    shares held by a name (`Ruiz had 50.4 percent`, `to Lange's 48.1
//!    percent`, `won the state with 51%`), running totals whose unit the story
//!    gives (`Ruiz now has a total of at least 1,353,`),
//!    dates (`on Friday, December 3`, `Thursday night`), places (`in
//!    Manchester, Vermont`), places of the event (`event_place`: the dateline,
//!    and places in a sentence stating a casualty), roles (`cinematographer
//!    Halyna Hutchins`, `assistant director Dave Halls`, `Interior Minister
//!    X`, `Halyna Hutchins, the film's director of photography,` →
//!    cinematographer, `the director, Joel Souza,`) and `proud_of` statements
//!    (with first-person quotes attributed to the nearest preceding speaker).
//!    Counts skip quoted speech, proportions (`four in 10`) and codes (`G8`).
//! 3. **Disagreements** ([`find_disagreements`]): facts grouped by (entity
//!    key, attribute) across articles; values partitioned into compatible
//!    classes. Ages compare as month intervals (a whole-year age `1` covers 12 to
//!    24 months, so it agrees with `15 months`), shifted by the time between the
//!    articles' dates. Money compares as intervals given the written precision
//!    (`$1.5bn` = `$1,500m`). Counts and casualties must come from similar
//!    sentences (content-word Jaccard ≥ [`disagree::MIN_CONTEXT_SIM`]) to be
//!    compared. Casualty tolls ("three people were killed", "17 injured", "lost
//!    their lives", "taken three lives", "at least four died") compare as
//!    intervals ("at least 4" excludes 3; "about" allows ±30%); only each
//!    article's first (lead) toll of a kind takes part, and two lead tolls need
//!    similar sentences or a shared proper name. Headline tolls (facts with
//!    `in_title`) are compared only with other headlines. A toll against a
//!    complete list of the named dead in the same article ("the dead were named
//!    as A, 71; B, 29; and C, 52") is an internal inconsistency. A number the
//!    other side's sentence also states is not a disagreement; three or more
//!    different story-level figures for one noun are a list, not a
//!    disagreement; two different "at least" tolls are flagged as a revision.
//!    Shares compare at their written precision (`50%` agrees with `50.4%`);
//!    shares and running totals are compared only between sentences that
//!    also state a common other figure (the rival's share) or are close
//!    paraphrases (Jaccard ≥ 0.5).
//!    Roles are multi-valued: only clearly incompatible jobs conflict
//!    (director vs cinematographer in one production; anything `former`, and
//!    "senator"/"candidate", never). Dates and places are extracted but not
//!    compared.
//! 4. **Quotes** ([`quote_disagreements`]): variants of a quote cluster whose
//!    content words differ from the canonical wording and from every other
//!    article's wording (spelling variants ignored; more than
//!    [`quotes::MAX_CHANGED_WORDS`] changed words is another statement; two
//!    wordings attributed to different named speakers are two statements), or
//!    exactly two name-like personal speakers (not a party, company or paper)
//!    each carried by at least [`quotes::MIN_SPEAKER_ARTICLES`] articles
//!    (attribution errors are common; [`quote_disagreements_with`] lowers the
//!    gate for reviews, with a confidence that grows with the support).
//! 5. **Digest** ([`build_digest`]): headline = title most similar to the
//!    others; summary = 3-5 sentences with the widest support across articles
//!    (content-word overlap), early sentences preferred, deduplicated, in story
//!    order; timeline, sources, key quotes and disagreements. Renderers:
//!    [`render_markdown`], [`render_text`].
//!
//! All public offsets are char (Unicode scalar) offsets into the article text.

#![warn(missing_docs)]

pub mod digest;
pub mod disagree;
pub(crate) mod entities;
pub mod extract;
pub(crate) mod lex;
pub mod quotes;
pub(crate) mod text;

use serde::Serialize;

pub use digest::{
    Digest, DigestArticle, DigestInput, DigestQuote, DigestSentence, SourceEntry, TimelineEntry, build_digest,
    render_markdown, render_text,
};
pub use disagree::{Disagreement, DisagreementParams, DisagreementValue, find_disagreements, find_disagreements_with};
pub use extract::extract_facts;
pub use quotes::{QuoteInput, QuoteParams, QuoteVariant, quote_disagreements, quote_disagreements_with};

/// A normalised fact value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    /// An age in months; `in_years` when written as whole years (so `1` covers 12..24 months).
    Age {
        /// Age in months.
        months: f32,
        /// "about", "in his 60s": compared loosely.
        approx: bool,
        /// Written as whole years.
        in_years: bool,
    },
    /// A count of things.
    Count(u64),
    /// An amount of money in whole currency units; `precision` is the size of
    /// the last written digit (`$1.13bn` → 1e7).
    Money {
        /// Currency sign (`$`, `£`, `€`).
        currency: String,
        /// Amount in whole units.
        amount: f64,
        /// Size of the last written digit, in whole units.
        precision: f64,
    },
    /// A percentage held by someone (a vote share, a stake); `precision` is the
    /// size of the last written digit (`49.9` → 0.1).
    Percent {
        /// The figure, in percent.
        value: f64,
        /// Size of the last written digit, in percent.
        precision: f64,
    },
    /// A date or time expression, normalised (`Friday, December 3`, `Thursday night`).
    Date(String),
    /// A place (`Manchester, Vermont`).
    Place(String),
    /// A title or role, lowercase, with its modifiers (`cinematographer`,
    /// `assistant director`, `interior minister`, `former senator`,
    /// `director of communications`).
    Role(String),
    /// A casualty statement: `kind` is `killed` or `injured`; `count` when a number is given.
    Casualty {
        /// `killed` or `injured`.
        kind: String,
        /// Number of people, when given.
        count: Option<u64>,
        /// The number is qualified ("at least", "about").
        approx: bool,
        /// The number is a lower bound ("at least", "more than", "over").
        at_least: bool,
    },
    /// A person with an optional age (derived facts such as the youngest child).
    Person {
        /// Canonical name.
        name: String,
        /// Age in months, when known.
        age_months: Option<f32>,
    },
    /// Free text (the object of `proud_of`).
    Text(String),
}

impl Value {
    /// Human-readable form of the value.
    pub fn display(&self) -> String {
        match self {
            Value::Age { months, in_years, approx } => {
                let a = if *approx { "about " } else { "" };
                if *in_years {
                    format!("{a}{} years", (*months / 12.0).round())
                } else {
                    format!("{a}{} months", months.round())
                }
            }
            Value::Count(n) => n.to_string(),
            Value::Percent { value, .. } => {
                format!("{}%", format!("{value:.3}").trim_end_matches('0').trim_end_matches('.'))
            }
            Value::Money { currency, amount, .. } => format_money(currency, *amount),
            Value::Date(s) | Value::Place(s) | Value::Role(s) | Value::Text(s) => s.clone(),
            Value::Casualty { kind, count, approx, at_least } => match count {
                Some(n) => {
                    let q = if *at_least {
                        "at least "
                    } else if *approx {
                        "about "
                    } else {
                        ""
                    };
                    format!("{q}{n} {kind}")
                }
                None => kind.clone(),
            },
            Value::Person { name, age_months } => match age_months {
                Some(m) if *m < 12.0 || (*m % 12.0).abs() > 0.01 => format!("{name}, {} months", m.round()),
                Some(m) => format!("{name}, {}", (m / 12.0).round()),
                None => name.clone(),
            },
        }
    }
}

fn format_money(currency: &str, amount: f64) -> String {
    let (v, suf) = if amount >= 1e9 {
        (amount / 1e9, "bn")
    } else if amount >= 1e6 {
        (amount / 1e6, "m")
    } else {
        (amount, "")
    };
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{currency}{s}{suf}")
}

/// One extracted fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Article id.
    pub article: String,
    /// Outlet of the article, when known.
    pub outlet: Option<String>,
    /// Canonical entity name ("Alec Baldwin", "Baldwin family", "(story)").
    pub entity: String,
    /// Attribute: `age`, `count:<noun>` (`count:children` on a family,
    /// `count:siblings` on a person), `children_listed`, `youngest`,
    /// `money:<keyword>`, `share` (a percentage held by the entity), `tally` (a running total with the unit left
    /// to the story: "X now has at least 1,353"), `killed`, `injured`, `killed_named`, `casualty`,
    /// `date`, `place`, `event_place` (entity `(story)`), `role`, `proud_of`.
    pub attribute: String,
    /// Normalised value.
    pub value: Value,
    /// Surface text of the fact as written.
    pub text: String,
    /// Char offsets of `text` in the article text.
    pub start: usize,
    /// End char offset (exclusive).
    pub end: usize,
    /// The sentence containing the fact.
    pub sentence: String,
    /// Char offsets of the sentence in the article text.
    pub sentence_start: usize,
    /// End char offset of the sentence (exclusive).
    pub sentence_end: usize,
    /// How sure the entity link is (0..1): 1 for a name next to the value,
    /// lower for descriptors and pronouns.
    pub confidence: f32,
    /// The fact comes from the article's title, not its text: `start`/`end`
    /// and `sentence_start`/`sentence_end` are then char offsets into the
    /// title and `sentence` is the title. Title facts are only compared with
    /// other titles (headlines are often rounded or updated on their own).
    pub in_title: bool,
}

/// The JSONL record the CLI prints for `newsfold facts`. For a title fact
/// (`Fact::in_title`) `start` = `end` = 0 and `sentence` is the title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactRecord {
    /// Article id.
    pub id: String,
    /// Canonical entity.
    pub entity: String,
    /// Attribute name.
    pub attribute: String,
    /// Display string of the value.
    pub value: String,
    /// The normalised value as JSON.
    pub normalized: serde_json::Value,
    /// Char offset of the fact's surface text in the article text.
    pub start: usize,
    /// End char offset (exclusive).
    pub end: usize,
    /// The sentence containing the fact.
    pub sentence: String,
}

impl From<&Fact> for FactRecord {
    fn from(f: &Fact) -> Self {
        FactRecord {
            id: f.article.clone(),
            entity: f.entity.clone(),
            attribute: f.attribute.clone(),
            value: f.value.display(),
            normalized: serde_json::to_value(&f.value).unwrap_or(serde_json::Value::Null),
            start: if f.in_title { 0 } else { f.start },
            end: if f.in_title { 0 } else { f.end },
            sentence: f.sentence.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_display_and_json() {
        assert_eq!(Value::Age { months: 15.0, approx: false, in_years: false }.display(), "15 months");
        assert_eq!(Value::Age { months: 756.0, approx: false, in_years: true }.display(), "63 years");
        assert_eq!(Value::Money { currency: "$".into(), amount: 1.13e9, precision: 1e7 }.display(), "$1.13bn");
        assert_eq!(serde_json::to_value(Value::Count(6)).unwrap(), serde_json::json!({"type": "count", "value": 6}));
    }
}
