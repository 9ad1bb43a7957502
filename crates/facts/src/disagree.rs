//! Disagreement detection across the articles of one story.
//!
//! Facts are grouped by (entity key, attribute). Entity keys are lowercase
//! canonical names; a one-word name ("Eduardo") is merged with the only
//! longer name across the story that starts or ends with it. Values in a group
//! are partitioned into classes of mutually compatible values; two or more
//! classes make a disagreement. Precision rules:
//! - a group is skipped when one article holds values in two classes (the
//!   attribute is ambiguous there, e.g. two different profits);
//! - story-level counts, casualties and money are only compared when the two
//!   sentences say the same thing otherwise (content-word Jaccard ≥
//!   [`MIN_CONTEXT_SIM`]);
//! - facts whose entity link is weak (confidence < [`MIN_ENTITY_CONF`]) are ignored.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text::{bag, jaccard};
use crate::{Fact, Value};

/// Minimum content-word Jaccard between two sentences for story-level
/// numbers (counts, casualties, money) to be compared.
pub const MIN_CONTEXT_SIM: f32 = 0.3;
/// Minimum entity-link confidence of a fact to take part.
pub const MIN_ENTITY_CONF: f32 = 0.6;

/// One side of a disagreement: a value and who states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisagreementValue {
    /// The value as displayed ("15 months", "Lucia, 9 months").
    pub value: String,
    /// Article ids stating it.
    pub articles: Vec<String>,
    /// Their outlets (deduplicated; empty when unknown).
    pub outlets: Vec<String>,
    /// The sentences stating it (one per article, same order as `articles`).
    pub sentences: Vec<String>,
}

/// Articles of one story disagree about an entity's attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// Human description ("age of Eduardo", "youngest child (Baldwin family)").
    pub about: String,
    /// Canonical entity.
    pub entity: String,
    /// Attribute (`age`, `youngest`, `count:children`, `role`, `killed`, `proud_of`, `quote_wording`, `quote_speaker`, ...).
    pub attribute: String,
    /// The incompatible values, each with its supporting articles.
    pub values: Vec<DisagreementValue>,
    /// 0..1: how sure we are that this is a real disagreement about the same thing.
    pub confidence: f32,
    /// Explanation (what differs, omitted items, time allowance).
    pub note: String,
}

fn months_since_epoch(d: &DateTime<Utc>) -> f64 {
    d.timestamp() as f64 / (86400.0 * 30.4375)
}

/// Month interval `[lo, hi)` an age value covers.
fn age_interval(v: &Value) -> Option<(f64, f64)> {
    if let Value::Age { months, approx, in_years } = v {
        let m = f64::from(*months);
        let (mut lo, mut hi) = if *in_years { (m, m + 12.0) } else { (m, m + 1.0) };
        if *approx {
            lo -= 12.0;
            hi += 12.0;
        }
        Some((lo, hi))
    } else {
        None
    }
}

/// Tunable thresholds of [`find_disagreements_with`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DisagreementParams {
    /// Minimum content-word Jaccard between sentences for story-level numbers.
    pub min_context_sim: f32,
    /// Minimum entity-link confidence of a fact.
    pub min_entity_conf: f32,
}

impl Default for DisagreementParams {
    fn default() -> Self {
        DisagreementParams { min_context_sim: MIN_CONTEXT_SIM, min_entity_conf: MIN_ENTITY_CONF }
    }
}

struct Ctx<'a> {
    dates: &'a HashMap<String, Option<DateTime<Utc>>>,
}

impl Ctx<'_> {
    fn date_of(&self, a: &str) -> Option<f64> {
        self.dates.get(a).copied().flatten().map(|d| months_since_epoch(&d))
    }

    fn compatible(&self, a: &Fact, b: &Fact) -> bool {
        match (&a.value, &b.value) {
            (Value::Age { .. }, Value::Age { .. }) => {
                let (Some((alo, ahi)), Some((blo, bhi))) = (age_interval(&a.value), age_interval(&b.value)) else {
                    return true;
                };
                // express b at a's date: an age grows with time
                let shift = match (self.date_of(&a.article), self.date_of(&b.article)) {
                    (Some(da), Some(db)) => db - da,
                    _ => 0.0,
                };
                let (blo, bhi) = (blo - shift, bhi - shift);
                let tol = 0.5;
                alo < bhi + tol && blo < ahi + tol
            }
            (Value::Count(x), Value::Count(y)) => x == y,
            (
                Value::Casualty { count: Some(x), approx: ax, kind: ka, at_least: lx },
                Value::Casualty { count: Some(y), approx: ay, kind: kb, at_least: ly },
            ) => {
                // two different lower bounds ("at least 23,000" / "at least 25,000") are
                // both true but one is a revision a reader should see
                ka != kb || !(*lx && *ly && x != y) && counts_compatible((*x, *ax, *lx), (*y, *ay, *ly))
            }
            (
                Value::Money { currency: ca, amount: xa, precision: pa },
                Value::Money { currency: cb, amount: xb, precision: pb },
            ) => {
                if ca != cb {
                    return true;
                }
                let tol = (pa.max(*pb)) / 2.0 + 1e-9 + xa.abs().max(xb.abs()) * 0.005;
                (xa - xb).abs() <= tol
            }
            (Value::Percent { value: xa, precision: pa }, Value::Percent { value: xb, precision: pb }) => {
                (xa - xb).abs() <= pa.max(*pb) / 2.0 + 1e-9
            }
            (Value::Person { name: na, .. }, Value::Person { name: nb, .. }) => {
                newsfold_core::fold(na) == newsfold_core::fold(nb)
            }
            // free-text objects ("her staff" vs "her kitchen team") cannot be told apart
            // reliably: only a named person against something else counts
            (Value::Text(_), Value::Text(_)) => true,
            (Value::Role(x), Value::Role(y)) => !crate::extract::roles_conflict(x, y),
            (Value::Person { .. }, Value::Text(_)) | (Value::Text(_), Value::Person { .. }) => false,
            _ => true,
        }
    }
}

/// Two casualty counts `(n, approx, at_least)`: exact counts must be equal; "at
/// least n" admits anything from n up; "about n" admits ±30% (at least ±2).
fn counts_compatible(a: (u64, bool, bool), b: (u64, bool, bool)) -> bool {
    let range = |(n, approx, at_least): (u64, bool, bool)| -> (f64, f64) {
        let n = n as f64;
        if at_least {
            (n, f64::INFINITY)
        } else if approx {
            let d = (n * 0.3).max(2.0);
            (n - d, n + d)
        } else {
            (n, n)
        }
    };
    let ((alo, ahi), (blo, bhi)) = (range(a), range(b));
    alo <= bhi && blo <= ahi
}

/// Which attributes are compared at all.
fn comparable(attr: &str) -> bool {
    attr == "age"
        || attr == "youngest"
        || attr == "proud_of"
        || attr == "killed"
        || attr == "injured"
        || attr == "role"
        || attr == "share"
        || attr == "tally"
        || attr.starts_with("count:")
        || attr.starts_with("money:")
}

/// Capitalised words not at the start of a sentence (lowercased), for the
/// proper-name anchor of two toll sentences.
fn inner_names(s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut sentence_start = true;
    for w in s.split_whitespace() {
        let core: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
        if !sentence_start && core.chars().count() >= 3 && core.chars().next().is_some_and(char::is_uppercase) {
            let l = core.to_lowercase();
            let calendar = [
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
                "january",
                "february",
                "march",
                "april",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ];
            if !calendar.contains(&l.as_str()) {
                out.insert(l);
            }
        }
        sentence_start = w.ends_with(['.', '!', '?', ':', '"', '“', '”']);
    }
    out
}

fn shares_name(a: &str, b: &str) -> bool {
    !inner_names(a).is_disjoint(&inner_names(b))
}

/// Digit groups of `s` ("49.6", "1,353"), except those inside `skip`.
fn figures(s: &str, skip: &str) -> BTreeSet<String> {
    let own: BTreeSet<String> = figures_in(skip);
    figures_in(s).into_iter().filter(|x| !own.contains(x)).collect()
}

fn figures_in(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|w| w.trim_matches(['.', ',']).replace(',', ""))
        .filter(|w| !w.is_empty() && w.chars().any(|c| c.is_ascii_digit()))
        .collect()
}

/// The two facts' sentences state a common figure besides the facts' own, or
/// say the same thing otherwise (content-word Jaccard >= 0.5).
fn share_anchored(a: &Fact, b: &Fact) -> bool {
    !figures(&a.sentence, &a.text).is_disjoint(&figures(&b.sentence, &b.text))
        || jaccard(&bag(&a.sentence), &bag(&b.sentence)) >= 0.5
}

/// A counted casualty statement ("three people were killed").
fn is_toll(f: &Fact) -> bool {
    matches!(f.value, Value::Casualty { count: Some(_), .. }) && matches!(f.attribute.as_str(), "killed" | "injured")
}

/// Story-level attributes whose facts must come from similar sentences.
fn needs_context(f: &Fact) -> bool {
    f.entity == "(story)"
        || f.attribute.starts_with("money:")
        || f.attribute == "share"
        || f.attribute == "tally"
        || f.attribute.starts_with("count:") && !f.entity.ends_with(" family")
}

/// Map entity names to story-wide keys (see module docs).
fn entity_keys(facts: &[&Fact]) -> HashMap<String, String> {
    let names: BTreeSet<String> = facts.iter().map(|f| f.entity.to_lowercase()).collect();
    let multi: Vec<&String> = names.iter().filter(|n| n.contains(' ') && !n.ends_with(" family")).collect();
    let mut out = HashMap::new();
    for n in &names {
        let key = if !n.contains(' ') && !n.starts_with('(') {
            let c: Vec<&&String> = multi
                .iter()
                .filter(|m| m.split(' ').next() == Some(n.as_str()) || m.rsplit(' ').next() == Some(n.as_str()))
                .collect();
            if c.len() == 1 { (*c[0]).clone() } else { n.clone() }
        } else {
            n.clone()
        };
        out.insert(n.clone(), key);
    }
    out
}

fn describe(entity: &str, attr: &str) -> String {
    match attr {
        "age" => format!("age of {entity}"),
        "youngest" => format!("youngest child ({entity})"),
        "proud_of" => format!("what {entity} is proud of"),
        "role" => format!("role of {entity}"),
        "share" => format!("share (percent) of {entity}"),
        "tally" => format!("running total of {entity}"),
        "killed" => "number of people killed".to_string(),
        "injured" => "number of people injured".to_string(),
        a if a.starts_with("count:children") => format!("number of children ({entity})"),
        a if a.starts_with("count:") => format!("number of {}", &a[6..]),
        a if a.starts_with("money:") => {
            if entity == "(story)" {
                format!("amount ({})", &a[6..])
            } else {
                format!("{} of {entity}", &a[6..])
            }
        }
        a => format!("{a} of {entity}"),
    }
}

fn value_entry(members: &[&Fact], display: String) -> DisagreementValue {
    let mut articles = Vec::new();
    let mut outlets = Vec::new();
    let mut sentences = Vec::new();
    for f in members {
        if !articles.contains(&f.article) {
            articles.push(f.article.clone());
            sentences.push(f.sentence.clone());
            if let Some(o) = &f.outlet {
                if !outlets.contains(o) {
                    outlets.push(o.clone());
                }
            }
        }
    }
    DisagreementValue { value: display, articles, outlets, sentences }
}

/// Find disagreements among the facts of one story's articles. `dates` maps
/// article id → publication date (used to let ages grow between articles).
pub fn find_disagreements(facts: &[Fact], dates: &HashMap<String, Option<DateTime<Utc>>>) -> Vec<Disagreement> {
    find_disagreements_with(facts, dates, &DisagreementParams::default())
}

/// [`find_disagreements`] with explicit thresholds (for precision reviews).
pub fn find_disagreements_with(
    facts: &[Fact],
    dates: &HashMap<String, Option<DateTime<Utc>>>,
    params: &DisagreementParams,
) -> Vec<Disagreement> {
    let ctx = Ctx { dates };
    let usable: Vec<&Fact> = facts.iter().filter(|f| f.confidence >= params.min_entity_conf).collect();
    let keys = entity_keys(&usable);
    // the lead toll of each article: its first stated count of each casualty kind
    let mut lead: HashMap<(&str, &str), &Fact> = HashMap::new();
    for f in usable.iter().filter(|f| is_toll(f) && !f.in_title) {
        let e = lead.entry((f.article.as_str(), f.attribute.as_str())).or_insert(f);
        if f.start < e.start {
            *e = f;
        }
    }
    let mut groups: BTreeMap<(String, String, bool), Vec<&Fact>> = BTreeMap::new();
    for f in &usable {
        if !comparable(&f.attribute) {
            continue;
        }
        // later tolls in an article are often other events, partial counts or history
        if is_toll(f)
            && !f.in_title
            && !lead.get(&(f.article.as_str(), f.attribute.as_str())).is_some_and(|l| std::ptr::eq(*l, *f))
        {
            continue;
        }
        let k = keys.get(&f.entity.to_lowercase()).cloned().unwrap_or_else(|| f.entity.to_lowercase());
        groups.entry((k, f.attribute.clone(), f.in_title)).or_default().push(f);
    }
    let mut out = Vec::new();
    for ((_, attr, in_title), members) in &groups {
        let arts: BTreeSet<&str> = members.iter().map(|f| f.article.as_str()).collect();
        if arts.len() < 2 {
            continue;
        }
        // partition into classes of mutually compatible values
        let mut classes: Vec<Vec<&Fact>> = Vec::new();
        for f in members {
            match classes.iter_mut().find(|c| c.iter().all(|g| ctx.compatible(f, g))) {
                Some(c) => c.push(f),
                None => classes.push(vec![f]),
            }
        }
        if classes.len() < 2 {
            continue;
        }
        // three or more different story-level figures for one noun are a list of
        // different things (costs, savings, states), not one fact told differently
        if classes.len() > 2 && members.iter().any(|f| needs_context(f)) {
            continue;
        }
        // an article in two classes: the attribute is ambiguous there
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut self_conflict = false;
        for (ci, c) in classes.iter().enumerate() {
            for f in c {
                if let Some(prev) = seen.insert(f.article.as_str(), ci) {
                    if prev != ci {
                        self_conflict = true;
                    }
                }
            }
        }
        if self_conflict {
            continue;
        }
        // similar sentences required for story-level numbers; lead tolls may be
        // worded differently but must share a proper name (the ship, the town)
        let mut sim_best = 1.0f32;
        if members.iter().any(|f| needs_context(f)) {
            sim_best = 0.0;
            for (i, a) in classes.iter().enumerate() {
                for b in classes.iter().skip(i + 1) {
                    for fa in a {
                        for fb in b {
                            let mut sim = jaccard(&bag(&fa.sentence), &bag(&fb.sentence));
                            if is_toll(fa) && is_toll(fb) && sim < params.min_context_sim {
                                let anchored = shares_name(&fa.sentence, &fb.sentence);
                                if anchored && sim >= params.min_context_sim / 3.0 {
                                    sim = params.min_context_sim;
                                }
                            }
                            sim_best = sim_best.max(sim);
                        }
                    }
                }
            }
            if sim_best < params.min_context_sim {
                continue;
            }
        }
        // a share differs only between sentences that also agree on another figure
        // (the rival's share) or are close paraphrases (Jaccard >= 0.5): "84 percent of
        // young voters" is a share of something else
        if (attr == "share" || attr == "tally")
            && !classes.iter().enumerate().any(|(i, a)| {
                classes.iter().skip(i + 1).any(|b| a.iter().any(|fa| b.iter().any(|fb| share_anchored(fa, fb))))
            })
        {
            continue;
        }
        // the other side's sentence states this value too (a second figure about
        // something else was picked up there): not a disagreement
        let numeric = attr.starts_with("money:") || attr.starts_with("count:") || attr == "share" || attr == "tally";
        if numeric
            && classes.iter().enumerate().any(|(i, a)| {
                classes.iter().enumerate().any(|(j, b)| {
                    i != j
                        && a.iter()
                            .all(|fa| b.iter().any(|fb| !fa.text.is_empty() && fb.sentence.contains(fa.text.as_str())))
                })
            })
        {
            continue;
        }
        let entity = members
            .iter()
            .map(|f| f.entity.clone())
            .max_by_key(|e| (e.len(), std::cmp::Reverse(e.clone())))
            .unwrap_or_default();
        let mut values: Vec<DisagreementValue> = classes.iter().map(|c| value_entry(c, c[0].value.display())).collect();
        values.sort_by(|a, b| a.articles.cmp(&b.articles));
        let conf_entity = members.iter().map(|f| f.confidence).fold(1.0f32, f32::min);
        let mut confidence = conf_entity * if sim_best < 1.0 { 0.5 + sim_best / 2.0 } else { 1.0 };
        let mut note = String::new();
        if attr == "age" {
            let ds: Vec<f64> = arts.iter().filter_map(|a| ctx.date_of(a)).collect();
            if ds.len() >= 2 {
                let span = ds.iter().cloned().fold(f64::MIN, f64::max) - ds.iter().cloned().fold(f64::MAX, f64::min);
                if span >= 1.0 {
                    note = format!("articles are {span:.0} months apart; ages compared after allowing for that");
                }
            }
        }
        if attr == "role" {
            confidence *= 0.85;
            note = "the articles give this person different jobs in the same story".into();
        }
        if attr == "proud_of" {
            confidence *= 0.7;
            note = "the statements may refer to different moments; check the sources".into();
        }
        if attr == "killed" || attr == "injured" {
            let ds: BTreeSet<i64> = arts.iter().filter_map(|a| ctx.date_of(a)).map(|d| (d * 30.4375) as i64).collect();
            if ds.len() > 1 {
                confidence *= 0.8;
                note = "published on different days: the toll may have been updated".into();
            }
            let all_lower_bounds = members.iter().all(|f| matches!(f.value, Value::Casualty { at_least: true, .. }));
            if all_lower_bounds {
                confidence *= 0.8;
                note = "different lower bounds (\"at least\"): the toll was revised between the articles".into();
            }
        }
        let mut about = describe(&entity, attr);
        if *in_title {
            about.push_str(" (headlines)");
            note = if note.is_empty() { "headlines only".into() } else { format!("headlines only; {note}") };
        }
        out.push(Disagreement {
            about,
            entity,
            attribute: attr.clone(),
            values,
            confidence: confidence.clamp(0.0, 1.0),
            note,
        });
    }
    out.extend(listed_vs_stated(&usable));
    out.extend(toll_vs_named(&usable, &lead));
    out.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then_with(|| a.about.cmp(&b.about)));
    out
}

/// "at least four people died" but "the dead were named as" three people, in
/// the same article (an internal inconsistency).
fn toll_vs_named(facts: &[&Fact], lead: &HashMap<(&str, &str), &Fact>) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for l in facts.iter().filter(|f| f.attribute == "killed_named") {
        let Value::Count(named) = l.value else { continue };
        let Some(toll) = lead.get(&(l.article.as_str(), "killed")) else { continue };
        let Value::Casualty { count: Some(n), approx, at_least, .. } = toll.value else { continue };
        let inconsistent = if at_least { n > named } else { !approx && n != named };
        if !inconsistent {
            continue;
        }
        out.push(Disagreement {
            about: "number of people killed (toll against the named dead)".into(),
            entity: "(story)".into(),
            attribute: "killed".into(),
            values: vec![
                value_entry(&[*toll], toll.value.display()),
                value_entry(&[*l], format!("{named} dead named")),
            ],
            confidence: 0.7 * toll.confidence.min(l.confidence).max(0.8),
            note: format!("{} gives a toll of {} but names {named} dead", l.article, toll.value.display()),
        });
    }
    out
}

/// "says six children but lists five": a stated kin count against the number of
/// names listed in the same sentence.
fn listed_vs_stated(facts: &[&Fact]) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for l in facts.iter().filter(|f| f.attribute == "children_listed") {
        let Value::Count(listed) = l.value else { continue };
        let stated = facts.iter().find(|f| {
            f.article == l.article && f.attribute == "count:children" && f.sentence_start == l.sentence_start
        });
        let Some(stated) = stated else { continue };
        let Value::Count(n) = stated.value else { continue };
        if n == listed {
            continue;
        }
        let fam_lower = l.entity.to_lowercase();
        let same_fam = |f: &&&Fact| f.entity.to_lowercase() == fam_lower;
        let stating: Vec<&Fact> = facts
            .iter()
            .filter(same_fam)
            .filter(|f| f.attribute == "count:children" && f.value == Value::Count(n))
            .copied()
            .collect();
        // names listed here vs in other articles' lists
        let names_in = |lf: &Fact| -> BTreeSet<String> {
            facts
                .iter()
                .filter(|f| f.article == lf.article && f.attribute == "age" && f.start >= lf.start && f.end <= lf.end)
                .map(|f| f.entity.split(' ').next().unwrap_or(&f.entity).to_string())
                .collect()
        };
        let here = names_in(l);
        let mut missing = BTreeSet::new();
        let mut full_lists = Vec::new();
        for o in facts.iter().filter(same_fam).filter(|f| f.attribute == "children_listed" && f.article != l.article) {
            if o.value == Value::Count(n) {
                full_lists.push(*o);
            }
            for nm in names_in(o) {
                if !here.contains(&nm) {
                    missing.insert(nm);
                }
            }
        }
        let mut values = vec![value_entry(&stating, format!("{n} children (stated)"))];
        let mut listed_facts = vec![*l];
        listed_facts.extend(full_lists.iter().filter(|f| f.value == l.value));
        values.push(value_entry(&[*l], format!("{listed} children named")));
        let mut note = format!(
            "{} says {n} children but names only {listed}: {}",
            l.article,
            here.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        if !missing.is_empty() {
            let by: Vec<&str> = full_lists.iter().map(|f| f.article.as_str()).collect();
            note.push_str(&format!(
                "; omits {} (named in {})",
                missing.into_iter().collect::<Vec<_>>().join(", "),
                if by.is_empty() { "another article".to_string() } else { by.join(", ") }
            ));
        }
        out.push(Disagreement {
            about: format!("number of children ({})", l.entity),
            entity: l.entity.clone(),
            attribute: "count:children".into(),
            values,
            confidence: 0.9 * l.confidence.min(stated.confidence).max(0.8),
            note,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(article: &str, entity: &str, attr: &str, value: Value, sentence: &str) -> Fact {
        Fact {
            article: article.into(),
            outlet: None,
            entity: entity.into(),
            attribute: attr.into(),
            value,
            text: String::new(),
            start: 0,
            end: 0,
            sentence: sentence.into(),
            sentence_start: 0,
            sentence_end: 0,
            confidence: 0.9,
            in_title: false,
        }
    }

    fn age(m: f32, y: bool) -> Value {
        Value::Age { months: m, approx: false, in_years: y }
    }

    #[test]
    fn ages_with_rounding_and_time() {
        let d = HashMap::new();
        // 1 year vs 15 months: consistent
        let f =
            vec![fact("a", "Eduardo", "age", age(12.0, true), "x"), fact("b", "Eduardo", "age", age(15.0, false), "y")];
        assert!(find_disagreements(&f, &d).is_empty());
        // 9 vs 15 months: disagreement
        let f = vec![fact("a", "Lu", "age", age(9.0, false), "x"), fact("b", "Lu", "age", age(15.0, false), "y")];
        assert_eq!(find_disagreements(&f, &d).len(), 1);
        // 63 vs 64 years, one year apart: consistent
        let mut d = HashMap::new();
        d.insert("a".to_string(), newsfold_core::parse_date("2021-01-10"));
        d.insert("b".to_string(), newsfold_core::parse_date("2022-03-10"));
        let f = vec![fact("a", "Al Bo", "age", age(756.0, true), "x"), fact("b", "Al", "age", age(768.0, true), "y")];
        assert!(find_disagreements(&f, &d).is_empty());
    }

    #[test]
    fn roles_conflict_only_for_incompatible_jobs() {
        let d = HashMap::new();
        let r = |x: &str| Value::Role(x.into());
        // director vs cinematographer for the same person: flagged
        let f = vec![
            fact("a", "Nora Vale", "role", r("cinematographer"), "x"),
            fact("b", "Nora Vale", "role", r("director"), "y"),
        ];
        let ds = find_disagreements(&f, &d);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(ds[0].attribute, "role");
        assert_eq!(ds[0].about, "role of Nora Vale");
        // several roles at once are fine; a one-word surname merges with the full name
        let f = vec![
            fact("a", "Pia Lund", "role", r("actress"), "x"),
            fact("a", "Pia Lund", "role", r("producer"), "x"),
            fact("b", "Lund", "role", r("producer"), "y"),
            fact("c", "Pia Lund", "role", r("republican nominee"), "z"),
            fact("c", "Pia Lund", "role", r("businesswoman"), "z"),
        ];
        assert!(find_disagreements(&f, &d).is_empty());
        // an article giving both jobs is ambiguous: no flag
        let f = vec![
            fact("a", "Nora Vale", "role", r("cinematographer"), "x"),
            fact("a", "Nora Vale", "role", r("director"), "x"),
            fact("b", "Nora Vale", "role", r("director"), "y"),
        ];
        assert!(find_disagreements(&f, &d).is_empty());
    }

    #[test]
    fn money_units_and_context() {
        let d = HashMap::new();
        let m = |a: f64, p: f64| Value::Money { currency: "$".into(), amount: a, precision: p };
        let s1 = "Acme said its annual profit rose to $1.5bn on strong sales.";
        let s2 = "Acme said its annual profit rose to $1,500m on strong sales.";
        let f = vec![
            fact("a", "Acme", "money:profit", m(1.5e9, 1e8), s1),
            fact("b", "Acme", "money:profit", m(1.5e9, 1e6), s2),
        ];
        assert!(find_disagreements(&f, &d).is_empty());
        let f = vec![
            fact("a", "Acme", "money:profit", m(1.5e9, 1e8), s1),
            fact("b", "Acme", "money:profit", m(1.8e9, 1e8), s2),
        ];
        assert_eq!(find_disagreements(&f, &d).len(), 1);
        // different sentences: not compared
        let f = vec![
            fact("a", "Acme", "money:profit", m(1.5e9, 1e8), s1),
            fact("b", "Acme", "money:profit", m(1.8e9, 1e8), "Rival Bolt expects profit of $1.8bn next year."),
        ];
        assert!(find_disagreements(&f, &d).is_empty());
    }

    #[test]
    fn shares_compare_at_their_written_precision() {
        let d = HashMap::new();
        let p = |v: f64, prec: f64| Value::Percent { value: v, precision: prec };
        let s1 = "Ruiz had 50.4 percent to Lange's 48.1 percent.";
        let s2 = "Ruiz appears to have won the primary with 50.3 percent of the count to Lange's 48.1 percent.";
        let with_text = |mut f: Fact, t: &str| {
            f.text = t.into();
            f
        };
        let f = vec![
            with_text(fact("a", "Marta Ruiz", "share", p(50.4, 0.1), s1), "50.4 percent"),
            with_text(fact("b", "Ruiz", "share", p(50.3, 0.1), s2), "50.3 percent"),
        ];
        let ds = find_disagreements(&f, &d);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(ds[0].about, "share (percent) of Marta Ruiz");
        // 50% is 50.4% rounded: no disagreement
        let g = vec![fact("a", "Marta Ruiz", "share", p(50.4, 0.1), s1), fact("b", "Ruiz", "share", p(50.0, 1.0), s2)];
        assert!(find_disagreements(&g, &d).is_empty());
        // a share of something else (different sentence): not compared
        let h = vec![
            with_text(fact("a", "Marta Ruiz", "share", p(50.4, 0.1), s1), "50.4 percent"),
            with_text(
                fact("b", "Ruiz", "share", p(84.0, 1.0), "Among voters under 30, Ruiz won 84 percent."),
                "84 percent",
            ),
        ];
        assert!(find_disagreements(&h, &d).is_empty());
        // without a common second figure, close paraphrases are still compared
        let k = vec![
            with_text(fact("a", "Marta Ruiz", "share", p(50.4, 0.1), "Ruiz had 50.4 percent in Tarn."), "50.4 percent"),
            with_text(fact("b", "Ruiz", "share", p(41.0, 1.0), "Ruiz had 41 percent in Tarn."), "41 percent"),
        ];
        assert_eq!(find_disagreements(&k, &d).len(), 1);
        // running totals: the same sentence, updated
        let t =
            |a: &str, n: u64, sent: &str| with_text(fact(a, "Ruiz", "tally", Value::Count(n), sent), &n.to_string());
        let u = vec![
            t("a", 1353, "Ruiz now has a total of at least 1353, while Lange has at least 625."),
            t("b", 1410, "Ruiz now has a total of at least 1410, while Lange has at least 653."),
        ];
        let ds = find_disagreements(&u, &d);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(ds[0].about, "running total of Ruiz");
    }

    fn toll(n: u64, approx: bool, at_least: bool) -> Value {
        Value::Casualty { kind: "killed".into(), count: Some(n), approx, at_least }
    }

    #[test]
    fn toll_bounds_lead_and_headlines() {
        assert!(counts_compatible((3, false, false), (3, false, false)));
        assert!(!counts_compatible((3, false, false), (4, true, true)), "at least 4 vs exactly 3");
        assert!(counts_compatible((5, false, false), (4, true, true)));
        assert!(counts_compatible((100, true, false), (120, false, false)), "about 100 vs 120");
        let d = HashMap::new();
        let s1 = "Three people were killed when the ferry Kestrel hit a barge.";
        let s2 = "At least four people died after the Kestrel sank near Tarn.";
        let f = vec![fact("a", "(story)", "killed", toll(3, false, false), s1), {
            let mut x = fact("b", "(story)", "killed", toll(4, true, true), s2);
            x.start = 10;
            x
        }];
        assert_eq!(find_disagreements(&f, &d).len(), 1, "lead tolls sharing a name");
        // no shared name, dissimilar sentences: different events
        let mut g = f.clone();
        g[1].sentence = "At least four people died in an unrelated blaze last year.".into();
        assert!(find_disagreements(&g, &d).is_empty());
        // a later toll in the same article is not its lead
        let mut h = f.clone();
        h.push({
            let mut x = fact("b", "(story)", "killed", toll(3, false, false), s2);
            x.start = 0;
            x
        });
        assert!(find_disagreements(&h, &d).is_empty(), "b's lead toll agrees");
        // headline vs body: not compared
        let mut t = f;
        t[1].in_title = true;
        assert!(find_disagreements(&t, &d).is_empty());
        // two different lower bounds: a revision, flagged with a note
        let r = vec![
            fact(
                "a",
                "(story)",
                "killed",
                toll(230, true, true),
                "At least 230 people were killed by the Kestrel wave.",
            ),
            fact(
                "b",
                "(story)",
                "killed",
                toll(250, true, true),
                "At least 250 people were killed by the Kestrel wave.",
            ),
        ];
        let ds = find_disagreements(&r, &d);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert!(ds[0].note.contains("revised"));
        // three different story-level figures for one noun: a list of different things
        let c =
            |a: &str, n: u64| fact(a, "(story)", "count:states", Value::Count(n), "Voters in many states will vote.");
        assert!(find_disagreements(&[c("a", 11), c("b", 15), c("c", 4)], &d).is_empty());
        assert_eq!(find_disagreements(&[c("a", 11), c("b", 15)], &d).len(), 1);
    }

    #[test]
    fn article_with_two_values_is_skipped() {
        let d = HashMap::new();
        let f = vec![
            fact("a", "X Y", "age", age(120.0, true), "x"),
            fact("a", "X Y", "age", age(240.0, true), "x"),
            fact("b", "X Y", "age", age(240.0, true), "y"),
        ];
        assert!(find_disagreements(&f, &d).is_empty());
    }
}
