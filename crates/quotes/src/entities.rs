//! Person mentions in an article, for resolving short names and pronouns.
//!
//! A light, rule-based stand-in for NER + coreference (hand-written: no
//! pure-Rust NER fits a dependency-free library): runs of capitalised words,
//! titles stripped, grouped into entities by surname; gender from first names
//! and honorifics.

use crate::lexicon::{Gender, first_name_gender, is_particle, is_title, not_name, title_gender};
use crate::text::Tok;

/// One person (or name-like entity) of the article.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    /// Display forms seen, with counts (titles stripped).
    pub forms: Vec<(String, usize)>,
    /// Lowercase tokens of the fullest form.
    pub last: String,
    pub first: Option<String>,
    pub gender: Gender,
    /// Has a known first name or an honorific: surely a person.
    pub person: bool,
}

impl Entity {
    /// The name to report: the most frequent multi-word form (ties: shorter),
    /// else the most frequent form.
    pub fn name(&self) -> String {
        let mut best: Option<&(String, usize)> = None;
        for f in &self.forms {
            let multi = f.0.contains(' ');
            best = match best {
                None => Some(f),
                Some(b) => {
                    let bm = b.0.contains(' ');
                    let better = (multi && !bm)
                        || (multi == bm && (f.1 > b.1 || (f.1 == b.1 && f.0.chars().count() < b.0.chars().count())));
                    if better { Some(f) } else { Some(b) }
                }
            };
        }
        best.map(|b| b.0.clone()).unwrap_or_default()
    }
}

/// A mention of an entity at a char position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mention {
    pub s: usize,
    pub e: usize,
    pub entity: usize,
}

/// All entities and their mentions, in text order.
#[derive(Debug, Default)]
pub(crate) struct Entities {
    pub list: Vec<Entity>,
    pub mentions: Vec<Mention>,
}

/// A name run found in a token slice: token index range, title-stripped.
#[derive(Debug, Clone)]
pub(crate) struct NameRun {
    pub a: usize,
    pub b: usize,
    pub title_gender: Option<Gender>,
    pub titled: bool,
}

fn is_name_tok(t: &Tok) -> bool {
    // reporting verbs break runs in Title Case headlines ("Clinton Says Russians…")
    t.word
        && t.cap
        && !not_name(&t.lower)
        && crate::lexicon::cue_kind(&t.lower).is_none()
        && t.lower.chars().any(|c| c.is_alphabetic())
}

/// Name runs in `toks`: maximal sequences of capitalised words (initials and
/// particles allowed inside), leading titles stripped.
pub(crate) fn name_runs(toks: &[Tok], chars: &[char]) -> Vec<NameRun> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let title_start = t.word && t.cap && is_title(&t.lower);
        if !(is_name_tok(t) || title_start) {
            i += 1;
            continue;
        }
        let a = i;
        let mut b = i + 1;
        while b < toks.len() {
            let u = &toks[b];
            // only whitespace between tokens (no punctuation)
            let gap_ok = toks
                .get(b - 1)
                .is_some_and(|p| p.e <= u.s && (p.e..u.s).all(|k| chars.get(k).is_some_and(|c| c.is_whitespace())));
            // a possessive ends the name: "Colorado's Kendal Unruh", "CNBC's Becky Quick"
            let after_possessive = toks.get(b - 1).is_some_and(|p| p.lower.ends_with("'s") || p.lower.ends_with("s'"));
            if !gap_ok || after_possessive {
                break;
            }
            let inner_particle = is_particle(&u.lower) && toks.get(b + 1).is_some_and(is_name_tok);
            if is_name_tok(u) || inner_particle || (u.cap && is_title(&u.lower) && b == a + 1) {
                b += 1;
            } else {
                break;
            }
        }
        // strip titles and descriptors: keep what follows the last title
        // that still has a name token after it ("Ohio Gov. John Kasich")
        let mut s = a;
        let mut tg = None;
        let mut titled = false;
        for k in a..b {
            let Some(t) = toks.get(k) else { break };
            let after_ok = (k + 1..b).any(|m| toks.get(m).is_some_and(|u| !is_title(&u.lower)));
            if is_title(&t.lower) && after_ok {
                if let Some(g) = title_gender(&t.lower) {
                    tg = Some(g);
                }
                titled = true;
                s = k + 1;
            }
        }
        // "Mexican Felipe Calderon"-style leftovers: start at a known first name
        if b - s >= 3 {
            if let Some(k) =
                (s + 1..b - 1).find(|&k| toks.get(k).is_some_and(|t| first_name_gender(&t.lower).is_some()))
            {
                s = k;
            }
        }
        if s < b {
            out.push(NameRun { a: s, b, title_gender: tg, titled });
        }
        i = b;
    }
    out
}

/// Display form of tokens `[a, b)`: original text, a trailing possessive dropped.
pub(crate) fn form_of(toks: &[Tok], chars: &[char], a: usize, b: usize) -> String {
    let (Some(first), Some(last)) = (toks.get(a), toks.get(b.saturating_sub(1))) else {
        return String::new();
    };
    let s: String = crate::text::slice(chars, first.s, last.e);
    strip_possessive(&s)
}

fn strip_possessive(s: &str) -> String {
    for suf in ["'s", "’s", "'", "’"] {
        if let Some(x) = s.strip_suffix(suf) {
            return x.to_string();
        }
    }
    s.to_string()
}

fn lower_tokens(form: &str) -> Vec<String> {
    form.split_whitespace().map(|w| w.to_lowercase().replace('’', "'")).collect()
}

const RELATIONS: &[&str] = &["wife", "husband", "son", "daughter", "brother", "sister", "mother", "father", "widow"];

impl Entities {
    /// Build from the tokens of the whole text outside quotations. Name runs
    /// that end before char `title_case_end` (a Title Case headline: "ESPN
    /// Fires Schilling Over Post") define no entity; they only mention ones
    /// defined by the body.
    pub fn build(toks: &[Tok], chars: &[char], title_case_end: usize) -> Entities {
        let runs = name_runs(toks, chars);
        let in_headline = |r: &NameRun| toks.get(r.b - 1).is_some_and(|t| t.e <= title_case_end);
        let mut ents = Entities::default();
        // pass 1: multi-word names define entities
        for r in &runs {
            // 2-3 words (initials and particles not counted): longer runs are
            // Title Case headlines or organisations, not person names
            let core = (r.a..r.b)
                .filter(|&k| {
                    toks.get(k)
                        .is_some_and(|t| t.lower.trim_end_matches('.').chars().count() > 1 && !is_particle(&t.lower))
                })
                .count();
            if r.b - r.a >= 2 && core <= 3 && !in_headline(r) {
                let form = form_of(toks, chars, r.a, r.b);
                ents.add(&form, r, toks, chars, true);
            }
        }
        // "Alec Baldwin’s wife Hilaria" → Hilaria Baldwin
        for (k, r) in runs.iter().enumerate() {
            let last = toks.get(r.b - 1);
            let possessive = last.is_some_and(|t| t.lower.ends_with("'s"));
            let rel = toks.get(r.b).is_some_and(|t| RELATIONS.contains(&t.lower.as_str()));
            if let (true, true, Some(next)) = (possessive, rel, runs.get(k + 1)) {
                if next.a == r.b + 1 && next.b == next.a + 1 {
                    let sur = form_of(toks, chars, r.a, r.b);
                    let sur = sur.split_whitespace().last().unwrap_or("").to_string();
                    let first = form_of(toks, chars, next.a, next.b);
                    if !sur.is_empty() && !first.is_empty() {
                        let full = format!("{first} {sur}");
                        let fake = NameRun { a: next.a, b: next.b, title_gender: None, titled: false };
                        ents.add(&full, &fake, toks, chars, false);
                    }
                }
            }
        }
        // pass 2: every run becomes a mention (single words linked by surname / first name)
        for r in &runs {
            let form = form_of(toks, chars, r.a, r.b);
            let id = if r.b - r.a >= 2 { ents.find_full(&form) } else { ents.find_short(&form) };
            let id = match id {
                Some(id) => Some(id),
                None if r.b - r.a == 1 && r.titled && !in_headline(r) => Some(ents.add(&form, r, toks, chars, false)),
                None => None,
            };
            if let (Some(id), Some(a), Some(b)) = (id, toks.get(r.a), toks.get(r.b - 1)) {
                ents.mentions.push(Mention { s: a.s, e: b.e, entity: id });
            }
        }
        ents.mentions.sort_by_key(|m| m.s);
        ents
    }

    fn add(&mut self, form: &str, r: &NameRun, toks: &[Tok], _chars: &[char], count: bool) -> usize {
        let lt = lower_tokens(form);
        let last = lt.last().cloned().unwrap_or_default();
        let first = if lt.len() >= 2 { lt.first().cloned() } else { None };
        let fg = first.as_deref().and_then(first_name_gender);
        let g = r.title_gender.or(fg);
        let _ = toks;
        // merge with an entity of the same surname and compatible first name
        for (i, e) in self.list.iter_mut().enumerate() {
            let same_first = match (&e.first, &first) {
                (Some(a), Some(b)) => a == b || a.starts_with(b.as_str()) || b.starts_with(a.as_str()),
                _ => true,
            };
            if e.last == last && same_first {
                if let Some(f) = e.forms.iter_mut().find(|f| f.0 == form) {
                    f.1 += usize::from(count);
                } else {
                    e.forms.push((form.to_string(), usize::from(count)));
                }
                if e.first.is_none() {
                    e.first = first.clone();
                }
                if e.gender == Gender::Unknown {
                    if let Some(g) = g {
                        e.gender = g;
                    }
                }
                e.person |= g.is_some() || r.titled;
                return i;
            }
        }
        self.list.push(Entity {
            forms: vec![(form.to_string(), usize::from(count))],
            last,
            first,
            gender: g.unwrap_or(Gender::Unknown),
            person: g.is_some() || r.titled,
        });
        self.list.len() - 1
    }

    /// Entity for a multi-word form.
    pub fn find_full(&self, form: &str) -> Option<usize> {
        let lt = lower_tokens(form);
        let last = lt.last()?;
        let first = lt.first()?;
        self.list.iter().position(|e| {
            &e.last == last && e.first.as_ref().is_none_or(|f| f == first || f.starts_with(first.as_str()))
        })
    }

    /// Entity for a single word: unique surname match, else unique first-name match.
    pub fn find_short(&self, form: &str) -> Option<usize> {
        let w = lower_tokens(form).into_iter().next()?;
        let by_last: Vec<usize> = (0..self.list.len()).filter(|&i| self.list[i].last == w).collect();
        if by_last.len() == 1 {
            return by_last.first().copied();
        }
        if by_last.len() > 1 {
            return None;
        }
        let by_first: Vec<usize> =
            (0..self.list.len()).filter(|&i| self.list[i].first.as_deref() == Some(w.as_str())).collect();
        if by_first.len() == 1 { by_first.first().copied() } else { None }
    }

    /// Resolve a name as written to the fullest form of its entity (or itself).
    pub fn resolve_name(&self, form: &str) -> String {
        let n = form.split_whitespace().count();
        let id = if n >= 2 { self.find_full(form) } else { self.find_short(form) };
        match id.and_then(|i| self.list.get(i)) {
            Some(e) => {
                let name = e.name();
                // never trade a longer written name for a shorter one
                if name.split_whitespace().count() >= n { name } else { form.to_string() }
            }
            None => form.to_string(),
        }
    }

    /// The first person mention of gender `g` (or of unknown gender but surely
    /// a person) inside `[from, pos)`.
    pub fn first_in_span(&self, from: usize, pos: usize, g: Gender) -> Option<usize> {
        if g == Gender::Unknown || from >= pos {
            return None;
        }
        self.mentions
            .iter()
            .filter(|m| m.s >= from && m.e <= pos)
            .find(|m| {
                self.list.get(m.entity).is_some_and(|e| e.gender == g || (e.gender == Gender::Unknown && e.person))
            })
            .map(|m| m.entity)
    }

    /// The entity a pronoun of gender `g` at char `pos` most likely refers to:
    /// the closest preceding person mention of compatible gender, preferring
    /// `preferred` entities (recent speakers) within `window` chars.
    pub fn resolve_pronoun(&self, pos: usize, g: Gender, speakers: &[(usize, usize)], window: usize) -> Option<usize> {
        let is_speaker = |id: usize| speakers.iter().any(|(e, _)| *e == id);
        let ok = |id: usize| {
            self.list.get(id).is_some_and(|e| match g {
                Gender::Unknown => false,
                _ => e.gender == g || (e.gender == Gender::Unknown && (e.person || is_speaker(id))),
            })
        };
        // the most recent speaker wins when still in view
        if let Some(&(ent, at)) = speakers.iter().rev().find(|(_, at)| *at <= pos) {
            let mentioned_since = self.mentions.iter().any(|m| {
                m.s > at
                    && m.e <= pos
                    && m.entity != ent
                    && ok(m.entity)
                    && self
                        .list
                        .get(m.entity)
                        .is_some_and(|e| e.gender == g || (e.gender == Gender::Unknown && e.person))
            });
            if ok(ent) && pos - at <= window && !mentioned_since {
                return Some(ent);
            }
        }
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.e <= pos && pos - m.e <= window)
            .find(|m| ok(m.entity))
            .map(|m| m.entity)
    }
}
