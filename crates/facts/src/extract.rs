//! Fact extraction from one article: hand-written token patterns per sentence
//! (see the crate documentation for the list).

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

use newsfold_core::{Article, CharMap};

use crate::entities::{Entities, Gender, PORTFOLIO_WORDS, ROLE_WORDS};
use crate::lex::{Kind, Tok, parse_number};
use crate::{Fact, Value};

/// Plural kin nouns whose counts and lists describe a family's children.
const KIN_PLURALS: &[&str] = &["children", "kids", "sons", "daughters", "grandchildren", "siblings", "babies"];

/// Nouns that never head a countable "N things" fact (units, time spans).
static NOT_COUNT_NOUNS: crate::text::WordSet = crate::text::WordSet::new(&[
    "year",
    "month",
    "week",
    "day",
    "hour",
    "olds",
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "times",
    "percent",
    "points",
    "per",
    "miles",
    "kilometres",
    "kilometers",
    "km",
    "metres",
    "meters",
    "feet",
    "inches",
    "pounds",
    "dollars",
    "euros",
    "pence",
    "cents",
    "decades",
    "centuries",
    "nights",
    "mornings",
    "yards",
    "tonnes",
    "tons",
    "degrees",
    "goals",
    "seasons",
    "episodes",
    "things",
    "ways",
    "others",
    "ones",
    "bps",
    "basis",
    "is",
    "was",
    "has",
    "its",
    "this",
    "us",
    "pm",
    "am",
    "games",
    "laps",
    "sets",
    "rounds",
    "runs",
    "wickets",
    "overs",
]);

/// Words after a percentage that make it a change or a margin, not a share held.
const NOT_SHARE_NOUNS: &[&str] = &[
    "lead", "rise", "increase", "fall", "drop", "decline", "cut", "growth", "gain", "gains", "jump", "margin", "point",
    "points", "chance", "discount", "rate", "interest", "more", "less", "higher", "lower", "swing",
];

/// Words before a number that make it approximate.
static APPROX: crate::text::WordSet = crate::text::WordSet::new(&[
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "some",
    "over",
    "least",
    "than",
    "approximately",
    "estimated",
    "up",
    "under",
    "upwards",
    "dozens",
    "hundreds",
    "thousands",
    "several",
    "few",
    "reportedly",
    "possibly",
]);

static MONEY_KW: crate::text::WordSet = crate::text::WordSet::new(&[
    "profit",
    "profits",
    "revenue",
    "revenues",
    "sales",
    "turnover",
    "loss",
    "losses",
    "debt",
    "debts",
    "fine",
    "fined",
    "bid",
    "offer",
    "deal",
    "price",
    "cost",
    "costs",
    "budget",
    "spending",
    "tax",
    "taxes",
    "pay",
    "salary",
    "bonus",
    "investment",
    "funding",
    "valuation",
    "valued",
    "earnings",
    "income",
    "dividend",
    "savings",
    "compensation",
    "damages",
    "award",
    "prize",
    "fee",
    "fees",
    "takeover",
    "stake",
    "assets",
    "deficit",
    "surplus",
    "worth",
    "raised",
    "grossed",
    "gross",
    "takings",
    "settlement",
    "package",
    "contract",
    "loan",
    "bill",
]);

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
static MONTHS: crate::text::WordSet = crate::text::WordSet::new(&[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]);
const MONTH_ABBR: &[&str] = &["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];

static SPEECH_VERBS: crate::text::WordSet = crate::text::WordSet::new(&[
    "said",
    "says",
    "wrote",
    "writes",
    "added",
    "adds",
    "explained",
    "continued",
    "told",
    "saying",
    "writing",
    "stated",
    "penned",
    "posted",
    "captioned",
    "tweeted",
    "admitted",
    "revealed",
]);

fn month_of(w: &str) -> Option<usize> {
    const ABBR_MONTH: [usize; 12] = [0, 1, 2, 3, 5, 6, 7, 8, 8, 9, 10, 11];
    MONTHS.iter().position(|m| *m == w).or_else(|| MONTH_ABBR.iter().position(|m| *m == w).map(|p| ABBR_MONTH[p]))
}

/// Per-sentence working data.
struct Sent<'a> {
    start: usize,
    end: usize,
    toks: Vec<Tok<'a>>,
    /// token index → (mention index, end token index exclusive)
    starts: HashMap<usize, (usize, usize)>,
    /// Each token's folded form ([`Tok::lower`]), made once: the patterns
    /// ask for a token's word many times, and a capitalised one costs an
    /// allocation each time.
    low: Vec<Cow<'a, str>>,
}

impl<'a> Sent<'a> {
    /// The folded word at `i` (borrowed from the text when already lowercase).
    /// The folded text of token `i`, whatever its kind ("" past the end).
    fn lw(&self, i: usize) -> &str {
        self.low.get(i).map_or("", |w| w.as_ref())
    }
    fn word(&self, i: usize) -> Option<&str> {
        self.toks.get(i).filter(|t| t.is_word()).and_then(|_| self.low.get(i)).map(|w| w.as_ref())
    }
    fn is_p(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }
    /// Mention index ending right before token `j`.
    fn mention_ending(&self, j: usize) -> Option<(usize, usize)> {
        self.starts.iter().find(|(_, (_, e))| *e == j).map(|(s, (m, _))| (*m, *s))
    }
}

struct Ctx<'a> {
    article: &'a Article,
    text: &'a str,
    ents: Entities,
    cm: CharMap,
    sents: Vec<Sent<'a>>,
    facts: Vec<Fact>,
}

/// Age found next to a name (`Name, 8`, `9-month-old Name`).
struct NamedAge {
    mention: usize,
    months: f32,
    in_years: bool,
    start: usize,
    end: usize,
}

fn unit_months(w: &str) -> Option<(f32, bool)> {
    match w {
        "year" | "years" | "yr" | "yrs" => Some((12.0, true)),
        "month" | "months" => Some((1.0, false)),
        "week" | "weeks" => Some((12.0 / 52.0, false)),
        "day" | "days" => Some((12.0 / 365.0, false)),
        _ => None,
    }
}

/// Extract every fact of `article`: from its text (the title helps to resolve
/// names), plus headline casualty figures from its title (`in_title`, offsets
/// into the title). Never panics; other offsets are char offsets into `article.text`.
pub fn extract_facts(article: &Article) -> Vec<Fact> {
    let mut facts = Ctx::build(article, article.text.as_str());
    // headline casualty figures ("Three dead, 17 hurt as ..."), compared only between titles
    if let Some(title) = article.title.as_deref().filter(|t| !t.trim().is_empty()) {
        let mut ctx = Ctx::new(article, title);
        for si in 0..ctx.sents.len() {
            ctx.counts_and_casualties(si);
        }
        facts.extend(
            ctx.facts
                .into_iter()
                .filter(|f| f.entity == "(story)" && matches!(f.attribute.as_str(), "killed" | "injured"))
                .map(|mut f| {
                    f.in_title = true;
                    f.sentence = title.to_string();
                    f
                }),
        );
    }
    facts
}

impl<'a> Ctx<'a> {
    /// Working data for `text` (the article's text or its title).
    fn new(article: &'a Article, text: &'a str) -> Ctx<'a> {
        let spans: Vec<(usize, usize)> =
            newsfold_core::sentences(text).iter().map(|s| (s.span.start, s.span.end)).collect();
        let (ents, sent_toks, sent_low) = Entities::build_lexed(article.title.as_deref().unwrap_or(""), text, &spans);
        // each sentence's mentions, gathered in one pass
        let mut by_sent: Vec<Vec<usize>> = vec![Vec::new(); spans.len()];
        for (mi, m) in ents.mentions.iter().enumerate() {
            if let Some(v) = by_sent.get_mut(m.sentence) {
                v.push(mi);
            }
        }
        let mut sents = Vec::with_capacity(spans.len());
        for (((&(s, e), toks), low), ments) in spans.iter().zip(sent_toks).zip(sent_low).zip(&by_sent) {
            let mut starts = HashMap::default();
            for &mi in ments {
                let m = &ents.mentions[mi];
                if let Some(ti) = toks.iter().position(|t| t.start == m.start) {
                    let tj = toks.iter().position(|t| t.start >= m.end).unwrap_or(toks.len());
                    starts.insert(ti, (mi, tj.max(ti + 1)));
                }
            }
            sents.push(Sent { start: s, end: e, toks, starts, low });
        }
        Ctx { article, text, ents, cm: CharMap::new(text), sents, facts: Vec::new() }
    }

    /// Every fact of the article's text.
    fn build(article: &'a Article, text: &'a str) -> Vec<Fact> {
        let mut ctx = Ctx::new(article, text);
        // pass 1: ages next to names, to know who is a minor before resolving descriptors
        for si in 0..ctx.sents.len() {
            for a in named_ages(&ctx.sents[si]) {
                if a.months < 18.0 * 12.0 {
                    let c = ctx.ents.mentions[a.mention].canonical.clone();
                    ctx.ents.minors.insert(c);
                }
            }
        }
        for si in 0..ctx.sents.len() {
            ctx.sentence(si);
        }
        ctx.facts
    }
}

fn named_ages(s: &Sent<'_>) -> Vec<NamedAge> {
    let t = &s.toks;
    let mut out = Vec::new();
    // Name , NUM [unit [old]] followed by , ) . ; and <end>
    for (&ti, &(mi, tj)) in &s.starts {
        let prev = ti.checked_sub(1).and_then(|p| s.word(p));
        if prev.is_some_and(|w| matches!(w, "in" | "at" | "from" | "to" | "near" | "of" | "on")) {
            continue;
        }
        // "Name, 63," or "Name (aged 63)"; a bare "(10)" is too often a poll figure
        let paren = s.is_p(tj, '(');
        if !(s.is_p(tj, ',') || paren) {
            continue;
        }
        let mut k = tj + 1;
        if s.word(k) == Some("aged") {
            k += 1;
        } else if paren {
            continue;
        }
        let Some(tok) = t.get(k).filter(|x| x.kind == Kind::Num) else { continue };
        let Some(n) = parse_number(t, k) else { continue };
        if n.unit < 1.0
            || n.value > 110.0
            || t.get(k + 1).is_some_and(|x| {
                x.glued && !x.is_punct(',') && !x.is_punct(')') && !x.is_punct('.') && !x.is_punct(';')
            })
        {
            continue;
        }
        let mut end = tok.end;
        let mut k2 = k + 1;
        let (mut mult, mut in_years) = (12.0, true);
        if let Some((m, y)) = s.word(k2).and_then(unit_months) {
            mult = m;
            in_years = y;
            end = t[k2].end;
            k2 += 1;
            if s.word(k2) == Some("old") {
                end = t[k2].end;
                k2 += 1;
            }
        }
        let follow_ok = match t.get(k2) {
            None => true,
            Some(x) => {
                x.is_punct(',') && !t.get(k2 + 1).is_some_and(|y| y.kind == Kind::Num && y.s.len() == 4)
                    || x.is_punct(')')
                    || x.is_punct('.')
                    || x.is_punct(';')
                    || x.lower() == "and"
            }
        };
        if !follow_ok {
            continue;
        }
        out.push(NamedAge { mention: mi, months: (n.value as f32) * mult, in_years, start: t[ti].start, end });
    }
    // NUM-unit-old [lowercase words] Name
    for i in 0..t.len() {
        if let Some((months, in_years, after)) = hyphen_age(s, i) {
            let mut k = after;
            let mut steps = 0;
            while steps < 2 && s.word(k).is_some_and(|w| !t[k].is_cap() && !crate::text::is_stopword(w)) {
                k += 1;
                steps += 1;
            }
            if let Some(&(mi, tj)) = s.starts.get(&k) {
                // "68-year-old Oregon resident": a one-word name used as a modifier
                let one_word = !t[k..tj].iter().any(|x| x.start > t[k].start);
                let noun_next = s.word(tj).is_some_and(|w| {
                    !t[tj].is_cap()
                        && (is_descriptor(w)
                            || matches!(
                                w,
                                "resident"
                                    | "native"
                                    | "voter"
                                    | "supporter"
                                    | "retiree"
                                    | "veteran"
                                    | "fan"
                                    | "local"
                                    | "teenager"
                                    | "mum"
                                    | "youngster"
                                    | "pensioner"
                            ))
                });
                if one_word && noun_next {
                    continue;
                }
                let end = t.get(tj.saturating_sub(1)).map(|x| x.start + x.base().len()).unwrap_or(t[i].end);
                out.push(NamedAge { mention: mi, months, in_years, start: t[i].start, end });
            }
        }
    }
    out.sort_by_key(|a| a.start);
    out
}

/// `63-year-old` / `nine-month-old` at token `i`: (months, in_years, index after `old`).
fn hyphen_age(s: &Sent<'_>, i: usize) -> Option<(f32, bool, usize)> {
    let t = &s.toks;
    let n = parse_number(t, i)?;
    let j = i + n.ntoks;
    if !(s.is_p(j, '-') && t.get(j + 1).is_some_and(|x| x.glued)) {
        return None;
    }
    let (mult, in_years) = unit_months(s.word(j + 1)?)?;
    if s.is_p(j + 2, '-') && s.word(j + 3) == Some("old") {
        if n.value > 120.0 {
            return None;
        }
        return Some(((n.value as f32) * mult, in_years, j + 4));
    }
    None
}

impl Ctx<'_> {
    fn chars(&self, b: usize) -> usize {
        self.cm.char_offset(b)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(&mut self, si: usize, entity: String, attribute: &str, value: Value, start: usize, end: usize, conf: f32) {
        let s = &self.sents[si];
        let fact = Fact {
            article: self.article.id.clone(),
            outlet: self.article.outlet.clone(),
            entity,
            attribute: attribute.to_string(),
            value,
            text: self.text.get(start..end).unwrap_or("").to_string(),
            start: self.chars(start),
            end: self.chars(end),
            sentence: self.text.get(s.start..s.end).unwrap_or("").to_string(),
            sentence_start: self.chars(s.start),
            sentence_end: self.chars(s.end),
            confidence: conf,
            in_title: false,
        };
        if !self.facts.iter().any(|f| {
            f.start == fact.start && f.attribute == fact.attribute && f.entity == fact.entity && f.value == fact.value
        }) {
            self.facts.push(fact);
        }
    }

    fn canon(&self, mi: usize) -> String {
        self.ents.mentions.get(mi).map(|m| m.canonical.clone()).unwrap_or_default()
    }

    fn is_ambiguous(&self, c: &str) -> bool {
        self.ents.ambiguous.contains(c)
    }

    /// Nearest person mention before byte `pos` in sentence `si`.
    fn prev_person_in(&self, si: usize, pos: usize, exclude: &[String]) -> Option<String> {
        self.ents
            .mentions
            .iter()
            .rev()
            .filter(|m| m.sentence == si && m.end <= pos && !exclude.contains(&m.canonical))
            .find(|m| self.ents.is_person(&m.canonical) || m.canonical.contains(' '))
            .map(|m| m.canonical.clone())
    }

    /// Nearest unambiguous name mention before byte `pos` in sentence `si`.
    fn nearest_mention_before(&self, si: usize, pos: usize) -> Option<String> {
        self.ents
            .mentions
            .iter()
            .rev()
            .find(|m| m.sentence == si && m.end <= pos && !self.ents.ambiguous.contains(&m.canonical))
            .map(|m| m.canonical.clone())
    }

    fn first_mention_in(&self, si: usize) -> Option<String> {
        self.ents.mentions.iter().find(|m| m.sentence == si).map(|m| m.canonical.clone())
    }

    fn sentence(&mut self, si: usize) {
        self.named_dead(si);
        self.ages(si);
        self.counts_and_casualties(si);
        self.money(si);
        self.shares(si);
        self.tallies(si);
        self.dates_places(si);
        self.roles(si);
        self.roles_and_named_casualties(si);
        self.proud(si);
        self.event_places(si);
    }

    /// Place of the event: the article's dateline ("HARTLEY (Wire) -",
    /// "LONDON —") and every place named in a sentence that states a casualty
    /// ("three people died in a crash near Tarn"), as `(story)` facts
    /// `event_place`. Only these two cues: a place elsewhere is too often a
    /// home town, a venue of a reaction or history.
    fn event_places(&mut self, si: usize) {
        let mut found: Vec<(String, usize, usize)> = Vec::new();
        if si == 0 {
            let t = &self.sents[0].toks;
            let mut k = 0;
            let mut words = Vec::new();
            while let Some(x) = t.get(k).filter(|x| {
                x.is_word() && x.s.chars().count() >= 2 && x.s.chars().all(|c| c.is_uppercase() || c == '\'')
            }) {
                words.push(x.s.to_string());
                k += 1;
                if words.len() > 3 {
                    break;
                }
            }
            let opener =
                t.get(k).is_some_and(|x| x.is_punct('(') || x.is_punct('-') || x.is_punct('—') || x.is_punct('–'));
            // tags in capitals before a dash are no place ("EXCLUSIVE -", "UPDATE -")
            let tag = words.iter().any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "exclusive"
                        | "update"
                        | "updated"
                        | "breaking"
                        | "watch"
                        | "video"
                        | "analysis"
                        | "opinion"
                        | "live"
                        | "editorial"
                        | "review"
                        | "photos"
                        | "new"
                        | "just"
                        | "in"
                )
            }) && words.len() == 1;
            if !words.is_empty() && words.len() <= 3 && opener && !tag {
                let name: Vec<String> = words
                    .iter()
                    .map(|w| {
                        let l = w.to_lowercase();
                        let mut c = l.chars();
                        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
                    })
                    .collect();
                found.push((name.join(" "), t[0].start, t[k - 1].end));
            }
        }
        let (ss, se) = (self.sents[si].start, self.sents[si].end);
        let (cs, ce) = (self.chars(ss), self.chars(se));
        let in_sentence = |f: &Fact| !f.in_title && f.sentence_start == cs && f.sentence_end == ce;
        let casualty = self.facts.iter().any(|f| {
            in_sentence(f) && matches!(f.attribute.as_str(), "killed" | "injured" | "casualty" | "killed_named")
        });
        if casualty {
            for f in self.facts.iter().filter(|f| in_sentence(f) && f.attribute == "place") {
                if let Value::Place(p) = &f.value {
                    let b = self.cm.byte_offset(f.start);
                    let e = self.cm.byte_offset(f.end);
                    found.push((p.clone(), b, e));
                }
            }
        }
        for (p, st, en) in found {
            self.push(si, "(story)".into(), "event_place", Value::Place(p), st, en, 0.8);
        }
    }

    fn ages(&mut self, si: usize) {
        let named = named_ages(&self.sents[si]);
        for a in &named {
            let c = self.canon(a.mention);
            if self.is_ambiguous(&c) {
                continue;
            }
            let v = Value::Age { months: a.months, approx: false, in_years: a.in_years };
            self.push(si, c, "age", v, a.start, a.end, 0.95);
        }
        // descriptor ages: "the 63-year-old actor", "the actor, 63,"
        let s = &self.sents[si];
        let t = &s.toks;
        let mut desc: Vec<(String, f32, bool, usize, usize)> = Vec::new();
        for i in 0..t.len() {
            if let Some((months, in_years, after)) = hyphen_age(s, i) {
                if named.iter().any(|a| a.start == t[i].start) {
                    continue;
                }
                let det = i.checked_sub(1).and_then(|p| s.word(p));
                if !matches!(det, Some("the")) {
                    continue;
                }
                let mut noun = None;
                for (k, tk) in t.iter().enumerate().skip(after).take(2) {
                    let Some(w) = s.word(k).filter(|w| !tk.is_cap() && !crate::text::is_stopword(w)) else { break };
                    if is_descriptor(w) {
                        noun = Some((w, k));
                        break;
                    }
                }
                if let Some((n, k)) = noun {
                    desc.push((n.to_string(), months, in_years, t[i - 1].start, t[k].end));
                }
            }
            // the NOUN , NUM ,
            if s.word(i) == Some("the") {
                if let (Some(noun), true) = (s.word(i + 1), s.is_p(i + 2, ',')) {
                    if let Some(n) = parse_number(t, i + 3).filter(|n| !n.word && n.unit >= 1.0 && n.value <= 110.0) {
                        if s.is_p(i + 4, ',') && is_descriptor(noun) {
                            desc.push((noun.to_string(), (n.value as f32) * 12.0, true, t[i].start, t[i + 3].end));
                        }
                    }
                }
            }
        }
        for (noun, months, in_years, st, en) in desc {
            if let Some((who, conf)) = self.ents.resolve_descriptor(&noun) {
                let v = Value::Age { months, approx: false, in_years };
                self.push(si, who, "age", v, st, en, conf);
            }
        }
        // lists of children: 3+ aged names after a kin plural
        let s = &self.sents[si];
        let t = &s.toks;
        let kin = (0..t.len()).find(|&i| t[i].is_word() && KIN_PLURALS.contains(&s.lw(i)));
        if let Some(kpos) = kin {
            let items: Vec<&NamedAge> = named.iter().filter(|a| a.start > t[kpos].start).collect();
            // a list we could only partly parse ("Donald Trump, Jr., 38; ... and Barron 9") is not used
            let names_after = s.starts.keys().filter(|&&ti| t[ti].start > t[kpos].start).count();
            let last_end = items.last().map(|a| a.end).unwrap_or(0);
            let names_inside =
                s.starts.keys().filter(|&&ti| t[ti].start > t[kpos].start && t[ti].start < last_end).count();
            let complete = names_inside == items.len() && names_after <= items.len() + 2;
            if items.len() >= 3 && complete {
                let names: Vec<String> = items.iter().map(|a| self.canon(a.mention)).collect();
                let owner = self
                    .prev_person_in(si, t[kpos].start, &names)
                    .or_else(|| self.ents.main_subject())
                    .or_else(|| self.ents.ranked().into_iter().find(|(k, _)| k.contains(' ')).map(|(k, _)| k));
                if let Some(owner) = owner {
                    let fam = format!("{} family", Entities::family_of(&owner));
                    let (st, en) = (items[0].start, items[items.len() - 1].end);
                    self.push(si, fam.clone(), "children_listed", Value::Count(items.len() as u64), st, en, 0.9);
                    let mut sorted: Vec<&&NamedAge> = items.iter().collect();
                    sorted.sort_by(|a, b| a.months.total_cmp(&b.months));
                    let unique = sorted.len() < 2 || sorted[0].months < sorted[1].months;
                    if unique {
                        let y = sorted[0];
                        let v = Value::Person { name: self.canon(y.mention), age_months: Some(y.months) };
                        self.push(si, fam, "youngest", v, y.start, y.end, 0.85);
                    }
                }
            }
        }
        // explicit "the youngest (child|son|daughter)?,? Name"
        let mut explicit = Vec::new();
        let s = &self.sents[si];
        let t = &s.toks;
        for i in 0..t.len() {
            if s.word(i) == Some("youngest") {
                let mut k = i + 1;
                if s.word(k).is_some_and(|w| matches!(w, "child" | "son" | "daughter" | "kid" | "baby")) {
                    k += 1;
                }
                if s.is_p(k, ',') {
                    k += 1;
                }
                if let Some(&(mi, tj)) = s.starts.get(&k) {
                    let name = self.canon(mi);
                    let owner = self
                        .prev_person_in(si, t[i].start, std::slice::from_ref(&name))
                        .or_else(|| self.ents.main_subject());
                    if let Some(owner) = owner {
                        let fam = format!("{} family", Entities::family_of(&owner));
                        let age = named.iter().find(|a| a.mention == mi).map(|a| a.months);
                        let end = t.get(tj - 1).map(|x| x.end).unwrap_or(t[i].end);
                        explicit.push((fam, Value::Person { name, age_months: age }, t[i].start, end));
                    }
                }
            }
        }
        for (fam, v, st, en) in explicit {
            self.push(si, fam, "youngest", v, st, en, 0.9);
        }
    }

    /// "The dead were named as A, 71, ...; B, 29, ...; and C, 52": the number
    /// of people a complete list of the dead names (`killed_named`).
    fn named_dead(&mut self, si: usize) {
        let s = &self.sents[si];
        let t = &s.toks;
        let Some(trigger) = (0..t.len()).find(|&i| {
            let w = s.word(i).unwrap_or_default();
            matches!(w, "dead" | "victims" | "killed" | "deceased")
                && (i + 1..(i + 5).min(t.len())).any(|k| matches!(s.word(k), Some("named" | "identified")))
                && (i + 1..(i + 3).min(t.len())).any(|k| matches!(s.word(k), Some("were" | "are" | "have")))
        }) else {
            return;
        };
        let items: Vec<NamedAge> = named_ages(s).into_iter().filter(|a| a.start > t[trigger].start).collect();
        if items.len() < 2 {
            return;
        }
        let (st, en) = (items[0].start, items[items.len() - 1].end);
        self.push(si, "(story)".into(), "killed_named", Value::Count(items.len() as u64), st, en, 0.8);
    }

    fn counts_and_casualties(&mut self, si: usize) {
        let s = &self.sents[si];
        let t = &s.toks;
        let mut found: Vec<(String, String, Value, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < t.len() {
            let Some(mut n) = parse_number(t, i) else {
                i += 1;
                continue;
            };
            // "11 million people": the scale word belongs to the number
            let scale = s.word(i + n.ntoks).and_then(|w| match w {
                "thousand" => Some(1e3),
                "million" => Some(1e6),
                "billion" => Some(1e9),
                _ => None,
            });
            if let Some(m) = scale {
                n.value *= m;
                n.unit *= m;
                n.ntoks += 1;
            }
            let after = i + n.ntoks;
            let prev = i.checked_sub(1).map(|p| &t[p]);
            // "-5" / "#3" / "$5"; a spaced dash ("(Wire) - Three people") is punctuation
            // ... and a code glued to letters ("G8 nations", "F16 jets") is no count
            let bad_prev = prev.is_some_and(|p| {
                p.kind == Kind::Punct && (matches!(p.s, "$" | "£" | "€" | "#") || p.s == "-" && t[i].glued)
                    || p.is_word() && t[i].glued
            });
            let glued_next = t.get(after).is_some_and(|x| x.glued && !x.is_punct(',') && !x.is_punct('.'));
            let yearish = !n.word && n.value >= 1900.0 && n.value <= 2100.0 && n.unit >= 1.0;
            if bad_prev || glued_next || yearish || n.unit < 1.0 || n.value < 2.0 {
                i += after.max(i + 1) - i;
                continue;
            }
            let approx = t[i].lower() == "dozen"
                || (1..=2).any(|d| i.checked_sub(d).and_then(|p| s.word(p)).is_some_and(|w| APPROX.contains(&w)));
            let w1 = i.checked_sub(1).and_then(|p| s.word(p));
            let w2 = i.checked_sub(2).and_then(|p| s.word(p));
            let at_least = matches!(w1, Some("over" | "upwards"))
                || matches!((w2, w1), (Some("at"), Some("least")) | (Some("more"), Some("than")));
            // "17 injured", "three dead", "17 were hurt": a casualty word right after the number
            {
                let mut k = after;
                while s.word(k).is_some_and(|w| matches!(w, "were" | "was" | "are" | "have" | "had" | "been")) {
                    k += 1;
                }
                let kind = s.word(k).and_then(|w| casualty_kind(w));
                // "two injured workers": the word is an adjective
                let adjective = s.word(k + 1).is_some_and(|w| !t[k + 1].is_cap() && !crate::text::is_stopword(w));
                if let (Some(kind), false) = (kind, adjective) {
                    let v = Value::Casualty { kind: kind.to_string(), count: Some(n.value as u64), approx, at_least };
                    found.push(("(story)".into(), kind.to_string(), v, t[i].start, t[k].end));
                    i = k + 1;
                    continue;
                }
            }
            // optional adjectives then a plural noun
            let mut noun = None;
            for (k, tk) in t.iter().enumerate().skip(after).take(3) {
                let Some(w) = s.word(k) else { break };
                if tk.is_cap() || crate::text::is_stopword(w) || NOT_COUNT_NOUNS.contains(&w) {
                    break;
                }
                let plural = (w.ends_with('s') && w.len() > 3 && !w.ends_with("ss") && !w.ends_with("ous"))
                    || matches!(w, "children" | "people" | "men" | "women" | "police" | "staff" | "crew");
                if plural {
                    noun = Some((w, k));
                    break;
                }
            }
            let Some((noun, nk)) = noun else {
                i = after;
                continue;
            };
            let st = t[i].start;
            let en = t[nk].end;
            // casualty verb nearby ("were killed", "killing three people", "left 4 dead",
            // "are known to have died", "lost their lives", "the three people who died")
            let mut kind = None;
            for d in 1..=5 {
                if let Some(w) = s.word(nk + d) {
                    if let Some(k2) = casualty_kind(w) {
                        kind = Some(k2);
                        break;
                    }
                    if w == "lost" && s.word(nk + d + 2) == Some("lives") {
                        kind = Some("killed");
                        break;
                    }
                    if !matches!(
                        w,
                        "were"
                            | "was"
                            | "have"
                            | "had"
                            | "been"
                            | "are"
                            | "being"
                            | "reportedly"
                            | "also"
                            | "seriously"
                            | "critically"
                            | "fatally"
                            | "known"
                            | "believed"
                            | "confirmed"
                            | "feared"
                            | "thought"
                            | "reported"
                            | "now"
                            | "to"
                            | "who"
                    ) {
                        break;
                    }
                }
            }
            // "has taken three lives", "claimed 12 lives"
            if kind.is_none()
                && noun == "lives"
                && nk == after
                && matches!(w1, Some("taken" | "took" | "claimed" | "claiming" | "cost" | "costing"))
            {
                kind = Some("killed");
            }
            if kind.is_none() {
                if let Some(w) = i.checked_sub(1).and_then(|p| s.word(p)) {
                    if matches!(w, "killing" | "killed") {
                        kind = Some("killed");
                    } else if matches!(w, "injuring" | "wounding" | "injured" | "wounded") {
                        kind = Some("injured");
                    }
                }
            }
            let count = n.value as u64;
            if let Some(kind) = kind {
                let v = Value::Casualty { kind: kind.to_string(), count: Some(count), approx, at_least };
                found.push(("(story)".into(), kind.to_string(), v, st, en));
            } else if !approx {
                if KIN_PLURALS.contains(&noun) {
                    // a family's children: a small number, outside quoted speech; "his three
                    // siblings" counts the others, not the family's children
                    let owner = self.owner_before(si, st).filter(|_| count <= 30 && !in_quote(s, i));
                    if let Some(owner) = owner {
                        if noun == "siblings" {
                            found.push((owner, "count:siblings".into(), Value::Count(count), st, en));
                        } else {
                            let fam = format!("{} family", Entities::family_of(&owner));
                            found.push((fam, "count:children".into(), Value::Count(count), st, en));
                        }
                    }
                } else if !in_quote(s, i) && !proportion(s, i) {
                    // the nearest name before the number owns it ("Million Dollar Baby has seven nominations")
                    let attr = format!("count:{}", crate::text::stem(noun));
                    let owner = self.nearest_mention_before(si, st).unwrap_or_else(|| "(story)".into());
                    found.push((owner, attr, Value::Count(count), st, en));
                }
            }
            i = nk + 1;
        }
        for (e, a, v, st, en) in found {
            self.push(si, e, &a, v, st, en, 0.8);
        }
    }

    /// Owner of "her six children": nearest person before `pos` in the
    /// sentence, else a possessive pronoun's referent, else the main subject.
    fn owner_before(&self, si: usize, pos: usize) -> Option<String> {
        if let Some(p) = self.prev_person_in(si, pos, &[]) {
            if !self.ents.minors.contains(&p) {
                return Some(p);
            }
        }
        let s = &self.sents[si];
        let last_word = s.toks.iter().rev().find(|t| t.end <= pos && t.is_word()).map(|t| t.lower());
        let g = match last_word.as_deref() {
            Some("her") => Gender::Female,
            Some("his") => Gender::Male,
            _ => Gender::Unknown,
        };
        if g != Gender::Unknown {
            if let Some(c) = self.ents.last_of_gender(pos, g) {
                return Some(c);
            }
        }
        self.ents.main_subject()
    }

    fn money(&mut self, si: usize) {
        let s = &self.sents[si];
        let t = &s.toks;
        let mut found = Vec::new();
        for i in 0..t.len() {
            let cur = match t[i].s {
                "$" => "$",
                "£" => "£",
                "€" => "€",
                _ => continue,
            };
            let Some(n) = parse_number(t, i + 1).filter(|n| !n.word && t[i + 1].glued) else { continue };
            let mut k = i + 2;
            let mut mult = 1.0;
            let mut end = t[i + 1].end;
            if let Some(w) = s.word(k) {
                let m = match w {
                    "bn" | "billion" | "b" => 1e9,
                    "m" | "mn" | "million" => 1e6,
                    "k" | "thousand" => 1e3,
                    "tn" | "trn" | "trillion" => 1e12,
                    _ => 1.0,
                };
                if m > 1.0 && (t[k].glued || w.len() > 2) {
                    mult = m;
                    end = t[k].end;
                    k += 1;
                }
            }
            let _ = k;
            let prev_w = i.checked_sub(1).and_then(|p| s.word(p));
            if prev_w.is_some_and(|w| matches!(w, "from" | "than" | "versus" | "vs" | "compared")) {
                continue;
            }
            // inside brackets right after another amount: a currency conversion
            let converted = i >= 2 && t[i - 1].is_punct('(');
            if converted {
                continue;
            }
            let approx = (1..=2).any(|d| i.checked_sub(d).and_then(|p| s.word(p)).is_some_and(|w| APPROX.contains(&w)));
            if approx {
                continue;
            }
            // keyword: nearest money noun within 6 tokens before or 4 after
            let mut kw = None;
            for d in 1..=6usize {
                if let Some(w) = i.checked_sub(d).and_then(|p| s.word(p)) {
                    if MONEY_KW.contains(&w) {
                        kw = Some(crate::text::stem(w));
                        break;
                    }
                }
                if d <= 4 {
                    if let Some(w) = s.word(i + 1 + d) {
                        if MONEY_KW.contains(&w) {
                            kw = Some(crate::text::stem(w));
                            break;
                        }
                    }
                }
            }
            let Some(kw) = kw else { continue };
            let entity = self.nearest_mention_before(si, t[i].start).unwrap_or_else(|| "(story)".into());
            let v = Value::Money { currency: cur.into(), amount: n.value * mult, precision: n.unit * mult };
            found.push((entity, format!("money:{kw}"), v, t[i].start, end));
        }
        for (e, a, v, st, en) in found {
            self.push(si, e, &a, v, st, en, 0.8);
        }
    }

    /// Shares held by a named party ("Ruiz had 50.4 percent", "Ruiz won the
    /// primary with 50.3% of the vote", "to Lange's 48.1 percent"): `share` facts
    /// of that name, in percent. The holder is the nearest name before the figure
    /// when it is possessive right before it, or when the words between them hold
    /// a verb of holding or winning (`had`, `won`, `took`, `polled` ...) whose
    /// object the figure is (right after the verb, `only`/`just`, or `with`) and no
    /// clause break, modal ("would need to win"), other figure or other name. Approximate figures ("about",
    /// "nearly", "more than"), changes ("up 3%", "by 3%", "from"/"to" ranges) and
    /// quoted speech are skipped: precision first.
    fn shares(&mut self, si: usize) {
        const HOLD: &[&str] = &[
            "had", "has", "have", "won", "wins", "win", "took", "takes", "got", "gets", "received", "receives",
            "polled", "polls", "secured", "secures", "garnered", "captured", "leads", "led", "owns", "owned", "holds",
            "held",
        ];
        const BREAK: &[&str] = &[
            "while", "and", "but", "whereas", "compared", "than", "from", "by", "up", "down", "need", "needs",
            "needed", "would", "could", "must", "should", "if",
        ];
        let s = &self.sents[si];
        let t = &s.toks;
        let mut found = Vec::new();
        for i in 0..t.len() {
            let Some(n) = parse_number(t, i).filter(|n| !n.word) else { continue };
            let j = i + n.ntoks;
            let end = if t.get(j).is_some_and(|x| x.is_punct('%')) || s.word(j) == Some("percent") {
                t[j].end
            } else if s.word(j) == Some("per") && s.word(j + 1) == Some("cent") {
                t[j + 1].end
            } else {
                continue;
            };
            // "a 5% lead", "the 3% rise": a modifier of something else
            let before = i.checked_sub(1).and_then(|p| s.word(p));
            let after = s.word(t.iter().position(|x| x.start >= end).unwrap_or(t.len()));
            if in_quote(s, i)
                || before.is_some_and(|w| matches!(w, "a" | "an" | "the"))
                || after.is_some_and(|w| NOT_SHARE_NOUNS.contains(&w))
            {
                continue;
            }
            // the nearest name before the figure, at most 8 tokens back
            let Some((k, mi)) = (i.saturating_sub(8)..=i).rev().find_map(|k| s.mention_ending(k).map(|(m, _)| (k, m)))
            else {
                continue;
            };
            let between: Vec<&str> = (k..i).filter_map(|x| s.word(x)).collect();
            let possessive = k == i && k > 0 && t.get(k - 1).is_some_and(|x| x.is_possessive());
            let clause_break = (k..i).any(|x| {
                t[x].is_punct(',') || t[x].is_punct(';') || t[x].is_punct('(') || parse_number(t, x).is_some()
            }) || between.iter().any(|w| BREAK.contains(&&**w) || APPROX.contains(&&**w));
            let held = between.iter().any(|w| HOLD.contains(&&**w));
            // the figure is the verb's object: "had 49.9", "won only 27", "with 51%"
            let object = |w: Option<&str>| w.is_some_and(|w| HOLD.contains(&w) || w == "with");
            let direct = object(before)
                || before.is_some_and(|w| matches!(w, "only" | "just"))
                    && object(i.checked_sub(2).and_then(|p| s.word(p)));
            if clause_break || !(possessive || held && direct) {
                continue;
            }
            let entity = self.canon(mi);
            if entity.is_empty() || self.is_ambiguous(&entity) {
                continue;
            }
            found.push((entity, Value::Percent { value: n.value, precision: n.unit }, t[i].start, end));
        }
        for (e, v, st, en) in found {
            self.push(si, e, "share", v, st, en, 0.8);
        }
    }

    /// Running totals whose unit the story makes clear ("Ruiz now has a total of
    /// at least 1,353, while Lange has at least 625."): a name, `has`/`had`
    /// (optionally `now`, `a total of`, `at least`), a figure in digits and then
    /// a clause end (`,` `.` `;` or `while`), i.e. no noun after the figure (a
    /// noun makes it a `count:` fact). `tally` facts of that name; compared only
    /// between close sentences (see `disagree`).
    fn tallies(&mut self, si: usize) {
        let s = &self.sents[si];
        let t = &s.toks;
        let mut found = Vec::new();
        for i in 0..t.len() {
            let Some(n) = parse_number(t, i).filter(|n| !n.word && n.unit >= 1.0) else { continue };
            let j = i + n.ntoks;
            let clause_end = j >= t.len()
                || t[j].is_punct(',') && parse_number(t, j + 1).is_none()
                || t[j].is_punct('.')
                || t[j].is_punct(';')
                || s.word(j) == Some("while");
            if !clause_end || in_quote(s, i) {
                continue;
            }
            // walk back over "at least", "a total of", "now" to has/had and the name
            let mut k = i;
            let back = |k: usize, w: &str| k > 0 && s.word(k - 1) == Some(w);
            if back(k, "least") && back(k - 1, "at") {
                k -= 2;
            }
            if back(k, "of") && back(k - 1, "total") && back(k - 2, "a") {
                k -= 3;
            }
            if !(back(k, "has") || back(k, "had")) {
                continue;
            }
            k -= 1;
            if back(k, "now") {
                k -= 1;
            }
            let Some((mi, _)) = s.mention_ending(k) else { continue };
            let entity = self.canon(mi);
            if entity.is_empty() || self.is_ambiguous(&entity) {
                continue;
            }
            found.push((entity, Value::Count(n.value as u64), t[i].start, t[i + n.ntoks - 1].end));
        }
        for (e, v, st, en) in found {
            self.push(si, e, "tally", v, st, en, 0.8);
        }
    }

    fn dates_places(&mut self, si: usize) {
        let s = &self.sents[si];
        let t = &s.toks;
        let subject =
            self.first_mention_in(si).or_else(|| self.ents.main_subject()).unwrap_or_else(|| "(story)".into());
        let mut found = Vec::new();
        let mut i = 0;
        while i < t.len() {
            let w = s.lw(i);
            if t[i].is_cap() && WEEKDAYS.contains(&w) {
                let mut parts = vec![t[i].s.to_string()];
                let mut end = t[i].end;
                let mut k = i + 1;
                if let Some(p) = s.word(k).filter(|p| matches!(&**p, "night" | "morning" | "afternoon" | "evening")) {
                    parts[0] = format!("{} {p}", t[i].s);
                    end = t[k].end;
                    k += 1;
                }
                let k2 = if s.is_p(k, ',') { k + 1 } else { k };
                if let Some((md, e2, k3)) = month_day(s, k2) {
                    parts.push(md);
                    end = e2;
                    k = k3;
                }
                found.push((subject.clone(), "date", Value::Date(parts.join(", ")), t[i].start, end));
                i = k.max(i + 1);
                continue;
            }
            if let Some((md, e2, k3)) = month_day(s, i) {
                found.push((subject.clone(), "date", Value::Date(md), t[i].start, e2));
                i = k3;
                continue;
            }
            // in|at|near Place(, Region)
            if matches!(w, "in" | "near") {
                if let Some((place, e2, k3)) = self.place_at(s, i + 1) {
                    found.push((subject.clone(), "place", Value::Place(place), t[i + 1].start, e2));
                    i = k3;
                    continue;
                }
            }
            i += 1;
        }
        for (e, a, v, st, en) in found {
            self.push(si, e, a, v, st, en, 0.6);
        }
    }

    fn place_at(&self, s: &Sent<'_>, i: usize) -> Option<(String, usize, usize)> {
        let t = &s.toks;
        let take = |k: usize| -> Option<(String, usize, usize)> {
            let mut j = k;
            let mut words = Vec::new();
            while let Some(x) = t.get(j).filter(|x| x.is_cap()) {
                let l = x.lower();
                if WEEKDAYS.contains(&&*l) || month_of(&l).is_some() || (j == k && matches!(&*l, "the" | "a")) {
                    break;
                }
                words.push(x.base().to_string());
                j += 1;
                if x.is_possessive() || words.len() >= 4 {
                    break;
                }
            }
            if words.is_empty() {
                return None;
            }
            Some((words.join(" "), t[j - 1].end, j))
        };
        let (p1, e1, j1) = take(i)?;
        let c = self.ents.canonical(&p1);
        if self.ents.is_person(&c) || t.get(j1 - 1).is_some_and(|x| x.is_possessive()) {
            return None;
        }
        if s.is_p(j1, ',') {
            if let Some((p2, e2, j2)) = take(j1 + 1) {
                // a region after a comma, not the start of a new name list
                let not_person = !s.starts.contains_key(&(j1 + 1)) || !self.ents.is_person(&self.ents.canonical(&p2));
                if not_person && (s.is_p(j2, ',') || s.is_p(j2, '.') || j2 >= t.len() || s.word(j2).is_some()) {
                    return Some((format!("{p1}, {p2}"), e2, j2));
                }
            }
        }
        Some((p1, e1, j1))
    }

    /// Roles and titles of named people: a role before the name ("cinematographer
    /// Halyna Hutchins", "Interior Minister Ana Ruiz", "assistant director Dave
    /// Halls"), an appositive after it ("Halyna Hutchins, the film's
    /// cinematographer,") or before it ("the director, Joel Souza,").
    fn roles(&mut self, si: usize) {
        let mut found: Vec<(String, String, usize, usize)> = Vec::new();
        let s = &self.sents[si];
        let t = &s.toks;
        let mut starts: Vec<(usize, (usize, usize))> = s.starts.iter().map(|(&a, &b)| (a, b)).collect();
        starts.sort();
        for &(ti, (mi, tj)) in &starts {
            let m = &self.ents.mentions[mi];
            let c = m.canonical.clone();
            if self.is_ambiguous(&c) || !c.contains(' ') && !self.ents.is_person(&c) {
                continue;
            }
            let name_end = t.get(tj - 1).map(|x| x.start + x.base().len()).unwrap_or(t[ti].end);
            // the name's own role prefix (found by the entity scan), widened by modifiers before it
            if let Some(r) = &m.role {
                let nwords = r.split(' ').count();
                let mut first = ti.saturating_sub(nwords);
                let mut words: Vec<String> = r.split(' ').map(str::to_string).collect();
                while first > 0 && words.len() < 4 {
                    let Some(w) = s.word(first - 1) else { break };
                    let portfolio = t[first - 1].is_cap()
                        && PORTFOLIO_HEADS.contains(&words[0].as_str())
                        && !is_sentence_initial(t, first - 1)
                        || PORTFOLIO_WORDS.contains(&w) && PORTFOLIO_HEADS.contains(&words[0].as_str());
                    if !(ROLE_MODIFIERS.contains(&w) || portfolio) || t[first - 1].is_possessive() {
                        break;
                    }
                    words.insert(0, w.to_string());
                    first -= 1;
                }
                let st = t.get(first).map(|x| x.start).unwrap_or(t[ti].start);
                let role = normalize_role(&words.join(" "));
                // a bare "General"/"Star" before a capitalised word is usually part of a
                // name ("General Workers", "Star Wars"), not a title
                if !role.is_empty() && !matches!(role.as_str(), "general" | "star") {
                    found.push((c.clone(), role, st, name_end));
                }
            }
            // appositive after: "Name, (the|a) [film's] [assistant] director[,.;]"
            if s.is_p(tj, ',') {
                if let Some((roles, _, k_end)) = appositive_role(s, tj + 1) {
                    let end_tok = k_end.saturating_sub(1);
                    let en = t.get(end_tok).map(|x| x.start + x.base().len()).unwrap_or(name_end);
                    for r in roles {
                        found.push((c.clone(), r, t[ti].start, en));
                    }
                }
            }
            // appositive before: "the [film's] director, Name," (closed by a comma or the sentence end)
            if ti >= 3 && s.is_p(ti - 1, ',') && (s.is_p(tj, ',') || s.is_p(tj, '.') || tj >= t.len()) {
                let mut k = ti - 2;
                let head = s.word(k).filter(|w| is_role_head(w) && !t[k].is_cap() && !t[k].is_possessive());
                if let Some(head) = head {
                    let mut words = vec![head];
                    while k > 0 && words.len() < 4 {
                        let Some(w) = s.word(k - 1) else { break };
                        if !ROLE_MODIFIERS.contains(&w) || t[k - 1].is_cap() {
                            break;
                        }
                        words.insert(0, w);
                        k -= 1;
                    }
                    if k > 0 && t[k - 1].is_possessive() {
                        k -= 1;
                    }
                    if k > 0 && s.word(k - 1) == Some("the") {
                        found.push((c.clone(), normalize_role(&words.join(" ")), t[k - 1].start, name_end));
                    }
                }
            }
        }
        for (e, r, st, en) in found {
            self.push(si, e, "role", Value::Role(r), st, en, 0.9);
        }
    }

    fn roles_and_named_casualties(&mut self, si: usize) {
        let mut found = Vec::new();
        let s = &self.sents[si];
        let t = &s.toks;
        let mut starts: Vec<(&usize, &(usize, usize))> = s.starts.iter().collect();
        starts.sort();
        for (&ti, &(mi, tj)) in starts {
            let m = &self.ents.mentions[mi];
            let c = m.canonical.clone();
            if self.is_ambiguous(&c) {
                continue;
            }
            // killing/killed [role] Name
            let mut p = ti;
            if m.role.is_some() {
                p = p.saturating_sub(m.role.as_deref().map(|r| r.split(' ').count()).unwrap_or(0));
            }
            let end = t.get(tj - 1).map(|x| x.start + x.base().len()).unwrap_or(t[ti].end);
            if let Some(w) = p.checked_sub(1).and_then(|q| s.word(q)) {
                let kind = match w {
                    "killing" | "killed" => Some("killed"),
                    "injuring" | "wounding" => Some("injured"),
                    _ => None,
                };
                if let Some(kind) = kind {
                    found.push((c.clone(), "casualty", casualty(kind), t[p - 1].start, end));
                    continue;
                }
            }
            // Name (was|were|had been)? killed/died/dead/injured
            let mut k = tj;
            while s.word(k).is_some_and(|w| matches!(w, "was" | "were" | "had" | "has" | "been" | "is")) {
                k += 1;
            }
            if let Some(w) = s.word(k) {
                if let Some(kind) = casualty_kind(w) {
                    let passive = k > tj || matches!(w, "died" | "dead" | "injured" | "wounded");
                    let next_ok = k > tj
                        || t.get(k + 1)
                            .is_none_or(|x| x.kind == Kind::Punct || x.lower() == "and" || x.lower() == "in");
                    if passive && next_ok {
                        found.push((c.clone(), "casualty", casualty(kind), t[ti].start, t[k].end));
                    }
                }
            }
        }
        // "injuring him"
        for i in 0..t.len() {
            let kind = match s.lw(i) {
                "injuring" | "wounding" => "injured",
                "killing" => "killed",
                _ => continue,
            };
            let g = match s.word(i + 1) {
                Some("him") => Gender::Male,
                Some("her") if s.toks.get(i + 2).is_none_or(|x| x.kind == Kind::Punct) => Gender::Female,
                _ => continue,
            };
            let who = self.ents.mentions.iter().rev().find(|m| {
                m.sentence == si && m.end <= t[i].start && self.ents.gender_of(&m.canonical) != Gender::Female.flip(g)
            });
            if let Some(m) = who {
                found.push((m.canonical.clone(), "casualty", casualty(kind), t[i].start, t[i + 1].end));
            }
        }
        for (e, a, v, st, en) in found {
            self.push(si, e, a, v, st, en, 0.85);
        }
    }

    /// Who is speaking a first-person sentence: the subject of the nearest
    /// speech verb at or before sentence `si` (up to 6 sentences back).
    fn speaker_before(&self, si: usize) -> Option<String> {
        for back in 0..=6usize {
            let Some(k) = si.checked_sub(back) else { break };
            let s = &self.sents[k];
            let t = &s.toks;
            for (i, tok) in t.iter().enumerate() {
                if !tok.is_word() || !SPEECH_VERBS.contains(&s.lw(i)) {
                    continue;
                }
                // Name said / said Name / she said
                for d in 1..=3usize {
                    let Some(p) = i.checked_sub(d) else { break };
                    if let Some((mi, _)) = s.mention_ending(p + 1) {
                        return Some(self.canon(mi));
                    }
                    let g = match &*t[p].lower() {
                        "she" => Gender::Female,
                        "he" => Gender::Male,
                        _ => continue,
                    };
                    return self.ents.last_of_gender(t[p].start, g);
                }
                if let Some(&(mi, _)) = s.starts.get(&(i + 1)) {
                    return Some(self.canon(mi));
                }
            }
        }
        None
    }

    fn proud(&mut self, si: usize) {
        let s = &self.sents[si];
        let t = &s.toks;
        let mut found = Vec::new();
        for i in 0..t.len() {
            if s.lw(i) != "proud" {
                continue;
            }
            let mut k = i + 1;
            while t.get(k).is_some_and(|x| {
                x.kind == Kind::Punct
                    && matches!(newsfold_core::normalize_punct(x.s.chars().next().unwrap_or(' ')), '"' | '\'')
            }) {
                k += 1;
            }
            if s.word(k) != Some("of") {
                continue;
            }
            let obj_start = k + 1;
            // subject
            let before: Vec<Cow<'_, str>> = t[..i].iter().filter(|x| x.is_word()).map(|x| x.lower()).collect();
            let first_person = before.iter().rev().take(3).any(|w| matches!(&**w, "i" | "i'm" | "am"));
            let subject = if first_person {
                self.speaker_before(si)
            } else if let Some(p) = self.prev_person_in(si, t[i].start, &[]) {
                Some(p)
            } else {
                let g = before.iter().rev().find_map(|w| match &**w {
                    "she" => Some(Gender::Female),
                    "he" => Some(Gender::Male),
                    _ => None,
                });
                g.and_then(|g| self.ents.last_of_gender(t[i].start, g))
            };
            let Some(subject) = subject else { continue };
            // object
            let mut j = obj_start;
            let mut words = Vec::new();
            while let Some(x) = t.get(j) {
                if x.kind == Kind::Punct && !matches!(x.s, "-") {
                    break;
                }
                if x.is_word() && matches!(&*x.lower(), "and" | "for" | "because" | "that" | "as" | "who" | "when") {
                    break;
                }
                words.push(x.s);
                j += 1;
                if words.len() >= 6 {
                    break;
                }
            }
            if words.is_empty() {
                continue;
            }
            let obj_text = words.join(" ");
            let obj_lower = obj_text.to_lowercase();
            let value = if obj_lower == "you" {
                let addressee = self.ents.ranked().into_iter().find(|(k, _)| {
                    *k != subject && k.contains(' ') && self.ents.is_person(k) && !self.ents.minors.contains(k)
                });
                match addressee {
                    Some((a, _)) => a,
                    None => continue,
                }
            } else if obj_lower == "him" || obj_lower == "her" {
                let g = if obj_lower == "him" { Gender::Male } else { Gender::Female };
                match self.ents.last_of_gender(t[i].start, g).filter(|c| *c != subject) {
                    Some(c) => c,
                    None => continue,
                }
            } else if let Some(&(mi, _)) = s.starts.get(&obj_start) {
                self.canon(mi)
            } else {
                found.push((
                    subject,
                    Value::Text(obj_text.clone()),
                    t[i].start,
                    t.get(j.saturating_sub(1)).map(|x| x.end).unwrap_or(t[i].end),
                    0.8,
                ));
                continue;
            };
            let end = t.get(j.saturating_sub(1)).map(|x| x.end).unwrap_or(t[i].end);
            let conf = if first_person { 0.6 } else { 0.8 };
            found.push((subject, Value::Person { name: value, age_months: None }, t[i].start, end, conf));
        }
        for (e, v, st, en, c) in found {
            self.push(si, e, "proud_of", v, st, en, c);
        }
    }
}

impl Gender {
    /// The opposite gender (Unknown stays Unknown).
    fn flip(self, g: Gender) -> Gender {
        let _ = self;
        match g {
            Gender::Female => Gender::Male,
            Gender::Male => Gender::Female,
            Gender::Unknown => Gender::Unknown,
        }
    }
}

/// Nouns usable as "the <noun>" descriptors of a person.
fn is_descriptor(w: &str) -> bool {
    ROLE_WORDS.contains(&w)
        || matches!(
            w,
            "man"
                | "woman"
                | "boy"
                | "girl"
                | "mother"
                | "father"
                | "wife"
                | "husband"
                | "son"
                | "daughter"
                | "victim"
                | "alum"
                | "winner"
                | "veteran"
                | "mom"
                | "dad"
                | "grandmother"
                | "grandfather"
        )
}

fn casualty(kind: &str) -> Value {
    Value::Casualty { kind: kind.to_string(), count: None, approx: false, at_least: false }
}

fn casualty_kind(w: &str) -> Option<&'static str> {
    match w {
        "killed" | "dead" | "died" | "dies" => Some("killed"),
        "injured" | "wounded" | "hurt" => Some("injured"),
        _ => None,
    }
}

/// Token `i` lies inside quoted speech: an odd number of quotation marks
/// before it in the sentence, or none before it while the sentence closes a
/// quote opened earlier. Numbers in speech ("you can't have 30 people call")
/// are often hypothetical or rhetorical, not counts of the story.
fn in_quote(s: &Sent<'_>, i: usize) -> bool {
    let is_q =
        |x: &Tok<'_>| x.kind == Kind::Punct && newsfold_core::normalize_punct(x.s.chars().next().unwrap_or(' ')) == '"';
    let before = s.toks.iter().take(i).filter(|x| is_q(x)).count();
    let total = s.toks.iter().filter(|x| is_q(x)).count();
    before % 2 == 1 || before == 0 && total % 2 == 1
}

/// Token `i` is part of a proportion ("four in 10 voters", "one of two hunts"):
/// a number right after `in`/`of` + number, or followed by `in`/`out of` + number.
fn proportion(s: &Sent<'_>, i: usize) -> bool {
    let t = &s.toks;
    let linker = |w: Option<&str>| w.is_some_and(|w| matches!(w, "in" | "of" | "out"));
    let before = i >= 2
        && linker(s.word(i - 1))
        && (parse_number(t, i - 2).is_some()
            || i >= 3 && s.word(i - 2) == Some("out") && parse_number(t, i - 3).is_some());
    let n = parse_number(t, i).map(|n| n.ntoks).unwrap_or(1);
    let after = linker(s.word(i + n)) && (parse_number(t, i + n + 1).is_some() || s.word(i + n + 1) == Some("of"));
    before || after
}

/// Lowercase words kept in front of a role word ("assistant director").
static ROLE_MODIFIERS: crate::text::WordSet = crate::text::WordSet::new(&[
    "assistant",
    "executive",
    "deputy",
    "vice",
    "former",
    "acting",
    "interim",
    "associate",
    "co",
    "first",
    "senior",
    "chief",
    "lead",
    "head",
    "prime",
    "shadow",
    "junior",
    "managing",
    "creative",
    "artistic",
    "foreign",
    "interior",
    "home",
    "defence",
    "defense",
    "health",
    "finance",
    "justice",
    "education",
    "prop",
    "props",
    "line",
    "film",
    "movie",
    "police",
    "fire",
    "state",
    "county",
    "district",
    "then",
    "ex",
]);

/// Role heads that take a capitalised portfolio before them.
const PORTFOLIO_HEADS: &[&str] = &["minister", "secretary", "chancellor"];

/// Honorifics and vague words that are not a role of their own after a name.
fn is_role_head(w: &str) -> bool {
    ROLE_WORDS.contains(&w)
        && !matches!(
            w,
            "mr" | "mrs"
                | "ms"
                | "dr"
                | "sir"
                | "dame"
                | "lord"
                | "lady"
                | "rep"
                | "sen"
                | "gov"
                | "star"
                | "model"
                | "general"
                | "chief"
                | "executive"
                | "leader"
                | "boss"
                | "king"
                | "queen"
                | "prince"
                | "princess"
                | "passenger"
        )
}

fn is_sentence_initial(t: &[Tok<'_>], i: usize) -> bool {
    i == 0 || t.get(i - 1).is_some_and(|p| p.kind == Kind::Punct && !p.is_punct(','))
}

/// Normalised role: `director of photography` → `cinematographer`, British
/// spellings folded.
fn normalize_role(r: &str) -> String {
    let r = r.trim().to_lowercase();
    let r = r.replace("director of photography", "cinematographer").replace("armourer", "armorer");
    // honorifics swallowed after a role ("manager Sir Alex Ferguson") are not part of it
    r.split_whitespace()
        .filter(|w| !matches!(*w, "mr" | "mrs" | "ms" | "dr" | "sir" | "dame" | "lord" | "lady"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A role appositive starting at token `k` ("the film's cinematographer,",
/// "a director and producer."): the roles, the first and the end token
/// (exclusive). The role head must be lowercase and end the appositive (a
/// comma, full stop, semicolon, bracket, the sentence end, "who", or "of"
/// + up to three words that qualify it: "director of communications").
fn appositive_role(s: &Sent<'_>, k: usize) -> Option<(Vec<String>, usize, usize)> {
    let t = &s.toks;
    let first = k;
    let mut k = k;
    if s.word(k).is_some_and(|w| matches!(w, "the" | "a" | "an")) {
        k += 1;
    } else {
        return None;
    }
    // "the film's", "Rust's"
    if t.get(k).is_some_and(|x| x.is_word() && x.is_possessive()) {
        k += 1;
    }
    let mut roles = Vec::new();
    loop {
        let mut words = Vec::new();
        while let Some(w) = s.word(k).filter(|w| ROLE_MODIFIERS.contains(&&**w) && !t[k].is_cap()) {
            if words.len() >= 3 {
                break;
            }
            words.push(w.to_string());
            k += 1;
        }
        let head = s.word(k).filter(|w| is_role_head(w) && !t[k].is_cap() && !t[k].is_possessive())?;
        words.push(head.to_string());
        k += 1;
        // "director of photography", "director of communications": keep the qualifier
        if s.word(k) == Some("of") {
            let mut q = vec!["of".to_string()];
            let mut j = k + 1;
            while let Some(w) =
                s.word(j).filter(|w| !matches!(&**w, "and" | "who" | "whose" | "at" | "for" | "in" | "on" | "with"))
            {
                if q.len() > 3 {
                    return None;
                }
                q.push(w.to_string());
                j += 1;
            }
            words.extend(q);
            k = j;
        }
        // "a former secretary of state and senator": the modifier carries over
        if words.len() == 1 && roles.first().is_some_and(|r: &String| r.starts_with("former ")) {
            words.insert(0, "former".to_string());
        }
        roles.push(normalize_role(&words.join(" ")));
        if s.word(k) == Some("and") && s.word(k + 1).is_some_and(is_role_head) {
            k += 1;
            continue;
        }
        break;
    }
    let closed = k >= t.len()
        || [',', '.', ';', ')'].iter().any(|&c| s.is_p(k, c))
        || s.word(k).is_some_and(|w| matches!(w, "who" | "whose" | "at" | "for" | "in" | "on" | "with"));
    closed.then_some((roles, first, k))
}

/// Two roles of one person that cannot both be right in one story: distinct
/// jobs of a film or stage production ("director" vs "cinematographer") or a
/// goalkeeper vs an outfield position. Every other pair, and any role marked
/// `former`/`ex`/`then`, is compatible (people hold several roles at once or
/// over time: "senator" and "candidate").
pub(crate) fn roles_conflict(a: &str, b: &str) -> bool {
    const CREW: &[&str] = &[
        "director",
        "assistant director",
        "first assistant director",
        "cinematographer",
        "armorer",
        "actor",
        "actress",
        "producer",
        "screenwriter",
        "writer",
        "prop master",
        "camera operator",
        "editor",
    ];
    const COMPATIBLE: &[(&str, &str)] = &[
        ("actor", "producer"),
        ("actor", "director"),
        ("actor", "writer"),
        ("actor", "screenwriter"),
        ("director", "producer"),
        ("director", "writer"),
        ("director", "screenwriter"),
        ("director", "editor"),
        ("producer", "writer"),
        ("producer", "screenwriter"),
        ("writer", "screenwriter"),
        ("writer", "editor"),
        ("armorer", "prop master"),
        ("assistant director", "first assistant director"),
        ("cinematographer", "camera operator"),
    ];
    let norm = |r: &str| -> String {
        let r = r.replace("actress", "actor");
        r.trim_start_matches("film ").trim_start_matches("movie ").to_string()
    };
    let (a, b) = (norm(a), norm(b));
    if a == b {
        return false;
    }
    let crew = |r: &str| CREW.contains(&r);
    if crew(&a) && crew(&b) {
        return !COMPATIBLE.iter().any(|&(x, y)| (x == a && y == b) || (x == b && y == a));
    }
    let field = |r: &str| matches!(r, "striker" | "midfielder");
    (a == "goalkeeper" && field(&b)) || (b == "goalkeeper" && field(&a))
}

/// `December 3`, `Dec 3, 2021`, `3 December`, `in October` at token `i`.
fn month_day(s: &Sent<'_>, i: usize) -> Option<(String, usize, usize)> {
    let t = &s.toks;
    let x = t.get(i)?;
    if x.is_cap() {
        let l = s.lw(i);
        let m = month_of(l)?;
        let name = MONTHS[m];
        let cap_name = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
        if let Some(n) =
            parse_number(t, i + 1).filter(|n| !n.word && n.value >= 1.0 && n.value <= 31.0 && n.unit >= 1.0)
        {
            let mut end = t[i + 1].end;
            let mut k = i + 2;
            let mut out = format!("{cap_name} {}", n.value as u32);
            if s.is_p(k, ',') {
                if let Some(y) = parse_number(t, k + 1).filter(|y| !y.word && y.value >= 1900.0 && y.value <= 2100.0) {
                    out = format!("{out}, {}", y.value as u32);
                    end = t[k + 1].end;
                    k += 2;
                }
            }
            return Some((out, end, k));
        }
        // "in October" (not "May" alone: too ambiguous)
        let prev = i.checked_sub(1).and_then(|p| s.word(p));
        if l != "may" && matches!(prev, Some("in" | "since" | "until" | "last" | "early" | "late")) {
            return Some((cap_name, x.end, i + 1));
        }
        return None;
    }
    // 3 December
    let n = parse_number(t, i).filter(|n| !n.word && n.value >= 1.0 && n.value <= 31.0 && n.unit >= 1.0)?;
    let mo = t.get(i + 1).filter(|m| m.is_cap())?;
    let m = month_of(&mo.lower())?;
    let name = MONTHS[m];
    Some((format!("{}{} {}", name[..1].to_uppercase(), &name[1..], n.value as u32), mo.end, i + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(title: &str, text: &str) -> Article {
        Article { id: "t".into(), title: Some(title.into()), text: text.into(), ..Default::default() }
    }

    fn find<'a>(f: &'a [Fact], entity: &str, attr: &str) -> Vec<&'a Fact> {
        f.iter().filter(|x| x.entity == entity && x.attribute == attr).collect()
    }

    #[test]
    fn ages_next_to_names_and_descriptors() {
        let a = art(
            "Singer Dara Quill returns",
            "The 58-year-old singer thanked fans in Leeds, England on Friday, March 4. Dara Quill, 58, said she was proud of her band. Her daughter Mina, 15 months, and 9-month-old Rosa slept.",
        );
        let f = extract_facts(&a);
        let ages = find(&f, "Dara Quill", "age");
        assert!(ages.len() >= 2, "{f:#?}");
        assert!(ages.iter().all(|x| x.value == Value::Age { months: 696.0, approx: false, in_years: true }));
        assert!(
            find(&f, "Mina", "age")
                .iter()
                .any(|x| x.value == Value::Age { months: 15.0, approx: false, in_years: false })
        );
        assert!(
            find(&f, "Rosa", "age")
                .iter()
                .any(|x| x.value == Value::Age { months: 9.0, approx: false, in_years: false })
        );
        assert!(f.iter().any(|x| x.attribute == "place" && x.value == Value::Place("Leeds, England".into())));
        assert!(f.iter().any(|x| x.attribute == "date" && x.value == Value::Date("Friday, March 4".into())));
        assert!(find(&f, "Dara Quill", "proud_of").iter().any(|x| x.value == Value::Text("her band".into())), "{f:#?}");
        // offsets are char offsets of the surface text
        for x in &f {
            let s: String = a.text.chars().skip(x.start).take(x.end - x.start).collect();
            assert_eq!(s, x.text);
        }
    }

    #[test]
    fn list_of_children_gives_count_and_youngest() {
        let a = art(
            "",
            "Jonah Pell and his wife share five children, Ava, 9, Ben, 7, Cal, 4, and Dot, 2. He said it was hard.",
        );
        let f = extract_facts(&a);
        for x in &f {
            eprintln!("{} {} {:?} {}", x.entity, x.attribute, x.value, x.text);
        }
        let listed = find(&f, "Pell family", "children_listed");
        assert_eq!(listed.len(), 1, "{f:#?}");
        assert_eq!(listed[0].value, Value::Count(4));
        assert_eq!(find(&f, "Pell family", "count:children")[0].value, Value::Count(5));
        assert_eq!(
            find(&f, "Pell family", "youngest")[0].value,
            Value::Person { name: "Dot".into(), age_months: Some(24.0) }
        );
    }

    #[test]
    fn counts_skip_speech_and_proportions_and_scale_words() {
        let counts = |text: &str| -> Vec<(String, Value)> {
            extract_facts(&art("", text))
                .into_iter()
                .filter(|x| x.attribute.starts_with("count:"))
                .map(|x| (x.attribute, x.value))
                .collect()
        };
        assert!(counts("\"You can't have 30 people call me,\" he said.").is_empty());
        assert!(counts("Four in 10 voters backed the plan.").is_empty());
        assert!(counts("About four out of 10 voters backed the plan.").is_empty());
        assert!(counts("Ministers of the G8 nations met.").is_empty());
        assert!(counts("Police broke up one of two illegal hunts.").is_empty());
        assert_eq!(counts("Some 11 million undocumented workers live here."), vec![]);
        assert_eq!(
            counts("The port handled 11 million containers."),
            vec![("count:container".to_string(), Value::Count(11_000_000))]
        );
        assert_eq!(counts("Officials said 12 ships were stuck."), vec![("count:ship".to_string(), Value::Count(12))]);
        assert!(counts("Ada Mole said the plan would take 11 million children from home.").is_empty());
        assert_eq!(
            counts("Ada Mole, surrounded by her three siblings, spoke first."),
            vec![("count:siblings".to_string(), Value::Count(3))]
        );
    }

    #[test]
    fn event_places_from_datelines_and_casualty_sentences() {
        let places = |text: &str| -> Vec<String> {
            extract_facts(&art("", text))
                .into_iter()
                .filter(|x| x.attribute == "event_place")
                .filter_map(|x| match x.value {
                    Value::Place(p) => Some(p),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            places("PORT ELLIS (Wire) - Two people were killed when a bus hit a wall in Tarn, Norland."),
            vec!["Port Ellis", "Tarn, Norland"]
        );
        // a place in a sentence without a casualty is not the event's place
        assert!(places("The minister, who grew up in Tarn, visited the depot on Monday.").is_empty());
        assert!(places("EXCLUSIVE - Two people were killed in a crash.").is_empty());
        // "US officials said" is not a dateline
        assert!(places("US officials said the talks in Geneva went well.").is_empty());
    }

    fn roles_of(f: &[Fact], entity: &str) -> Vec<String> {
        f.iter()
            .filter(|x| x.entity == entity && x.attribute == "role")
            .filter_map(|x| match &x.value {
                Value::Role(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn role_prefixes_with_modifiers_and_portfolios() {
        let a = art(
            "",
            "The shot hit cinematographer Nora Vale on the set. Police questioned assistant director Ike Boden. \
             On Monday, Interior Minister Ana Ruiz visited the town.",
        );
        let f = extract_facts(&a);
        assert_eq!(roles_of(&f, "Nora Vale"), vec!["cinematographer"], "{f:#?}");
        assert_eq!(roles_of(&f, "Ike Boden"), vec!["assistant director"], "{f:#?}");
        assert!(roles_of(&f, "Ana Ruiz").iter().any(|r| r == "interior minister"), "{f:#?}");
        for x in f.iter().filter(|x| x.attribute == "role") {
            let s: String = a.text.chars().skip(x.start).take(x.end - x.start).collect();
            assert_eq!(s, x.text);
        }
    }

    #[test]
    fn role_appositives_after_and_before_the_name() {
        let a = art(
            "",
            "Nora Vale, the film's director of photography, was flown to hospital. \
             The film's director, Joel Sand, was treated for a wound. \
             Pia Lund, an actress and producer, said the set was calm. \
             Tom Reyes, the director of communications at the council, declined to comment.",
        );
        let f = extract_facts(&a);
        assert_eq!(roles_of(&f, "Nora Vale"), vec!["cinematographer"], "{f:#?}");
        assert_eq!(roles_of(&f, "Joel Sand"), vec!["director"], "{f:#?}");
        assert_eq!(roles_of(&f, "Pia Lund"), vec!["actress", "producer"], "{f:#?}");
        assert_eq!(roles_of(&f, "Tom Reyes"), vec!["director of communications"], "{f:#?}");
        let f = extract_facts(&art(
            "",
            "Ada Mole, a former secretary of state and senator, spoke. Fans cheered manager Sir Alf Rook. \
             The General Workers union voted.",
        ));
        assert_eq!(roles_of(&f, "Ada Mole"), vec!["former secretary of state", "former senator"], "{f:#?}");
        assert_eq!(roles_of(&f, "Alf Rook"), vec!["manager"], "{f:#?}");
        assert!(!f.iter().any(|x| x.attribute == "role" && x.value == Value::Role("general".into())), "{f:#?}");
    }

    #[test]
    fn no_role_from_unclosed_or_possessive_appositives() {
        let a = art(
            "",
            "Like the director, Joel Sand was shaken by the news. \
             Mara Olin, the actor's lawyer, spoke to reporters. Mara Olin, the winner of the prize said nothing.",
        );
        let f = extract_facts(&a);
        assert!(roles_of(&f, "Joel Sand").is_empty(), "{f:#?}");
        assert_eq!(roles_of(&f, "Mara Olin"), vec!["lawyer"], "{f:#?}");
    }

    #[test]
    fn role_conflicts_are_conservative() {
        assert!(roles_conflict("director", "cinematographer"));
        assert!(roles_conflict("assistant director", "director"));
        assert!(roles_conflict("armorer", "actress"));
        assert!(!roles_conflict("actor", "producer"));
        assert!(!roles_conflict("actress", "actor"));
        assert!(!roles_conflict("senator", "candidate"));
        assert!(!roles_conflict("republican nominee", "businessman"));
        assert!(!roles_conflict("former director", "cinematographer"));
        assert!(!roles_conflict("director of communications", "cinematographer"));
    }

    fn toll(f: &[Fact], attr: &str) -> Vec<(Option<u64>, bool, bool)> {
        f.iter()
            .filter(|x| x.attribute == attr && !x.in_title)
            .filter_map(|x| match &x.value {
                Value::Casualty { count, approx, at_least, .. } => Some((*count, *approx, *at_least)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn casualty_toll_phrasings() {
        let cases = [
            ("Four individuals lost their lives in the fire at the depot.", "killed", 4, false),
            ("The storm has taken three lives on the island.", "killed", 3, false),
            ("Police named the two people who died in the crash.", "killed", 2, false),
            ("Five people are known to have died in the blaze.", "killed", 5, false),
            ("At least six people died when the bridge fell.", "killed", 6, true),
            ("The blast left 14 injured and many homeless.", "injured", 14, false),
            ("HARTLEY (Wire) - Seven people were hurt in the crash.", "injured", 7, false),
        ];
        for (text, attr, n, at_least) in cases {
            let f = extract_facts(&art("", text));
            let t = toll(&f, attr);
            assert!(t.iter().any(|&(c, _, l)| c == Some(n) && l == at_least), "{text}: {t:?}");
        }
        // an adjective, not a toll; a number word is not a name
        let f = extract_facts(&art("", "Two injured workers were treated. Three people were killed."));
        assert_eq!(toll(&f, "injured"), vec![]);
        assert!(!f.iter().any(|x| x.entity == "Three"), "{f:#?}");
    }

    #[test]
    fn headline_tolls_and_named_dead() {
        let a = art(
            "Two dead, 9 hurt as bus hits wall",
            "At least three people died when the bus hit a wall in Tarn. The dead were named as Ola Berg, 40, a driver; and Piet Haas, 61.",
        );
        let f = extract_facts(&a);
        let title: Vec<&Fact> = f.iter().filter(|x| x.in_title).collect();
        assert_eq!(title.len(), 2, "{f:#?}");
        assert!(title.iter().all(|x| x.sentence == "Two dead, 9 hurt as bus hits wall"));
        assert!(title.iter().any(|x| x.attribute == "injured"
            && x.value == Value::Casualty { kind: "injured".into(), count: Some(9), approx: false, at_least: false }));
        let r = crate::FactRecord::from(title[0]);
        assert_eq!((r.start, r.end), (0, 0));
        assert_eq!(find(&f, "(story)", "killed_named")[0].value, Value::Count(2));
        // and the article contradicts itself: at least three, two named
        let d = crate::find_disagreements(&f, &std::collections::HashMap::new());
        assert!(d.iter().any(|x| x.note.contains("names 2 dead")), "{d:#?}");
    }

    fn shares_of(f: &[Fact], entity: &str) -> Vec<f64> {
        f.iter()
            .filter(|x| x.attribute == "share" && x.entity == entity)
            .filter_map(|x| if let Value::Percent { value, .. } = x.value { Some(value) } else { None })
            .collect()
    }

    #[test]
    fn vote_shares_of_named_holders() {
        let a = art(
            "",
            "Marta Ruiz won the Tarn primary. Ruiz had 50.4 percent to Lange's 48.1 percent with most precincts counted. \
             Ruiz took the county with 51% of the vote. In 2012 Ruiz won only 27 percent.",
        );
        let f = extract_facts(&a);
        assert_eq!(shares_of(&f, "Marta Ruiz"), [50.4, 51.0, 27.0], "{f:#?}");
        assert_eq!(shares_of(&f, "Lange"), [48.1], "{f:#?}");
        let p = f.iter().find(|x| x.attribute == "share").unwrap();
        assert_eq!(p.value, Value::Percent { value: 50.4, precision: 0.1 });
        assert_eq!(p.value.display(), "50.4%");
        assert_eq!(p.text, "50.4 percent");
        // changes, margins, approximations, clause breaks and quoted speech are not shares
        let b = art(
            "",
            "Shares in Bolt Ltd closed up 4.75% on Monday. Ruiz has a 5% lead over Lange. Ruiz won about 40% of the vote. \
             Ruiz won the state, and turnout reached 61%. \"Ruiz got 70 percent of my vote,\" said Lange. \
             Ruiz fell 3 percent in the poll. Ruiz has a law mandating that 2 percent go to charity. \
             Ruiz has left rates on hold at 4.75%. Ruiz would need to win 65 percent of the rest.",
        );
        let f = extract_facts(&b);
        assert!(f.iter().all(|x| x.attribute != "share"), "{f:#?}");
    }

    #[test]
    fn running_totals_without_a_noun() {
        let a = art(
            "",
            "Marta Ruiz won three more states on Tuesday. Ruiz now has a total of at least 1,353, while Lange has at least 625. \
             Ruiz had 14 delegates in Tarn. Ruiz has 3.5 million followers. Ruiz had 12, 14 and 9 in three polls.",
        );
        let f = extract_facts(&a);
        let tallies: Vec<(String, Value)> =
            f.iter().filter(|x| x.attribute == "tally").map(|x| (x.entity.clone(), x.value.clone())).collect();
        assert_eq!(
            tallies,
            [("Marta Ruiz".to_string(), Value::Count(1353)), ("Lange".to_string(), Value::Count(625))],
            "{f:#?}"
        );
    }

    #[test]
    fn casualties_money_and_roles() {
        let a = art(
            "",
            "Three people were killed and 12 injured when a bus crashed. The firm's profits rose to $1.5bn (£800m). The crash killed driver Amos Reed, police chief Lia Moss said.",
        );
        let f = extract_facts(&a);
        assert!(
            f.iter().any(|x| x.attribute == "killed"
                && x.value
                    == Value::Casualty { kind: "killed".into(), count: Some(3), approx: false, at_least: false }),
            "{f:#?}"
        );
        let m: Vec<&Fact> = f.iter().filter(|x| x.attribute == "money:profit").collect();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].value, Value::Money { currency: "$".into(), amount: 1.5e9, precision: 1e8 });
        assert!(find(&f, "Amos Reed", "casualty").len() == 1);
        assert!(
            find(&f, "Lia Moss", "role")
                .iter()
                .any(|x| x.value == Value::Role("police chief".into()) || x.value == Value::Role("chief".into()))
        );
    }
}
