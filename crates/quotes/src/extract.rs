//! Quote extraction and attribution for one text.

use serde::Serialize;

use crate::entities::{Entities, form_of, name_runs};
use crate::lexicon::{CueKind, Gender, cue_kind, is_adverb, is_np_break, is_title_intro, pronoun_gender};
use crate::marks::{Stretch, paragraph_stretches};
use crate::text::{Tok, paragraphs, slice, tokenize, trim_span};

/// A char span with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Start, in Unicode scalar values into the text.
    pub start: usize,
    /// End (exclusive), in Unicode scalar values.
    pub end: usize,
    /// The text of the span as written.
    pub text: String,
}

/// What kind of phrase the speaker mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A proper name ("Ted Cruz", "Trump").
    Name,
    /// A personal or relative pronoun ("she", "who").
    Pronoun,
    /// A description ("the campaign", "a spokesman").
    Nominal,
}

/// One direct quotation found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// Start of the quoted text (after the opening mark, whitespace trimmed),
    /// in Unicode scalar values into the text exactly as given.
    pub start: usize,
    /// End (exclusive) of the quoted text, before the closing mark.
    pub end: usize,
    /// The quoted text, `text[start..end]` in chars.
    pub text: String,
    /// Who said it: a full name where one can be resolved (pronouns and short
    /// names resolved through the article, titles dropped), a description as
    /// written for nominal sources ("the Clinton campaign"), or `None`.
    pub speaker: Option<String>,
    /// The speaker's name as written in the attribution, titles dropped
    /// ("Sanders" where `speaker` is the resolved "Bernie Sanders"); for
    /// pronouns and descriptions the same as `speaker`.
    pub speaker_as_written: Option<String>,
    /// The source phrase as written, if one was found.
    pub speaker_mention: Option<Mention>,
    /// The kind of source phrase.
    pub speaker_kind: Option<SpeakerKind>,
    /// The reporting cue (`said`, `according to`, `:`), if found.
    pub cue: Option<Mention>,
    /// The paragraph ended inside the quote (multi-paragraph quote convention).
    pub unclosed: bool,
    /// Quoted with single marks (headline style).
    pub single_marks: bool,
    /// Quotations nested inside this one (char spans into the text, trimmed).
    pub nested: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
struct Attr {
    np: Option<(usize, usize)>,  // token range in the context slice, resolved later
    cue: Option<(usize, usize)>, // char span
    np_chars: Option<(usize, usize)>,
    kind: Option<SpeakerKind>,
    speaker: Option<String>,
    written: Option<String>,
    entity: Option<usize>,
}

/// Extract the direct quotations of `text` with their speakers.
///
/// The first paragraph is treated as a headline (single marks count) when it
/// has at most 40 words.
pub fn extract_quotes(text: &str) -> Vec<Quote> {
    let chars: Vec<char> = text.chars().collect();
    let paras = paragraphs(&chars);
    // stretches per paragraph
    let mut stretches: Vec<(usize, Stretch)> = Vec::new();
    for (pi, &(ps, pe)) in paras.iter().enumerate() {
        let words =
            chars.get(ps..pe).map(|s| s.split(|c| c.is_whitespace()).filter(|w| !w.is_empty()).count()).unwrap_or(0);
        let headline = pi == 0 && words <= 40;
        for s in paragraph_stretches(&chars, ps, pe, headline) {
            stretches.push((pi, s));
        }
    }
    // tokens outside quotations (for entities and contexts)
    let all = tokenize(&chars, 0, chars.len());
    // stretches are in text order: one merge pass drops the tokens inside them
    let mut outside: Vec<Tok> = Vec::with_capacity(all.len());
    let mut si = 0;
    for t in all {
        while stretches.get(si).is_some_and(|(_, s)| s.after <= t.s) {
            si += 1;
        }
        let inside =
            stretches.iter().skip(si).take_while(|(_, s)| s.open <= t.s).any(|(_, s)| t.s >= s.open && t.s < s.after);
        if !inside {
            outside.push(t);
        }
    }
    let ents = Entities::build(&outside, &chars, title_case_headline_end(&chars, &paras));

    let mut out: Vec<Quote> = Vec::new();
    let mut speakers: Vec<(usize, usize)> = Vec::new(); // (entity, char pos) of resolved speakers
    let mut prev_attr: Option<(usize, Attr, bool)> = None; // (paragraph, attribution, ended paragraph)
    for k in 0..stretches.len() {
        let (pi, st) = match stretches.get(k) {
            Some((pi, st)) => (*pi, st.clone()),
            None => continue,
        };
        let (ps, pe) = paras.get(pi).copied().unwrap_or((0, 0));
        let (qs, qe) = trim_span(&chars, st.start, st.end);
        if qe <= qs {
            continue;
        }
        let prev_after =
            stretches.get(k.wrapping_sub(1)).filter(|(p, _)| *p == pi && k > 0).map(|(_, s)| s.after).unwrap_or(ps);
        let next_open = stretches.get(k + 1).filter(|(p, _)| *p == pi).map(|(_, s)| s.open).unwrap_or(pe);
        let left = clause_left(&outside, prev_after, st.open);
        let right = clause_right(&outside, st.after, next_open);
        let headline = pi == 0 && st.single;
        // `“… claims.” He said Nunberg …`: a quote that ends its sentence with a
        // full stop inside the marks, followed by a capitalised word, is not
        // attributed by the next sentence unless nothing else attributes it
        let ends_stop = slice(&chars, qs, qe).trim_end_matches(['\'', '\u{2019}']).trim_end().ends_with('.');
        let right_new_sentence =
            ends_stop && right.iter().find(|t| t.word).is_some_and(|t| t.cap) && right.first().is_some_and(|t| t.word);
        let mut attr = if right_new_sentence {
            attribute(&left, &[], &chars, headline)
        } else {
            attribute(&left, &right, &chars, headline)
        };
        // a transcript line inside the marks: `“WALLACE: Let's start …”`
        let label = transcript_label(&chars, qs, qe);
        if let Some(a) = label.clone() {
            attr = a;
        }
        let mut deferred_right = right_new_sentence && label.is_none();
        let mut inherited = false;
        let mut weak_cue = false;
        // interrupted quote: `“A,” said Elizabeth Arnold, 32, who said she would
        // march. “B”` / `“A,” Trump said, as the crowd applauded. “B”`: the text
        // between the quotes is the previous quote's attribution; a later cue
        // in it with no name of its own does not take the quote away
        if let Some((ppi, pa, _)) = &prev_attr {
            let prev_cue_here = pa.cue.is_some_and(|(c, _)| c >= prev_after && c < st.open)
                && left.first().is_some_and(|t| pa.cue.is_some_and(|(c, _)| t.s <= c));
            // a later cue inside a subordinate clause ("…, after de Blasio stated an interest")
            let subordinate = attr.cue.is_some_and(|(c, _)| {
                let ci = left.iter().position(|t| t.s == c).unwrap_or(0);
                left.get(..ci).unwrap_or(&[]).iter().rev().take_while(|t| !t.is_punct(',')).any(|t| {
                    t.word
                        && matches!(
                            t.lower.as_str(),
                            "after" | "before" | "when" | "as" | "while" | "since" | "because" | "until" | "if"
                        )
                })
            });
            let later_unnamed = match (attr.cue, pa.cue) {
                (Some((c, _)), Some((p, _))) => c == p || attr.kind != Some(SpeakerKind::Name) || subordinate,
                (None, _) => true,
                _ => false,
            };
            if *ppi == pi && prev_cue_here && later_unnamed {
                attr = pa.clone();
                inherited = true;
                deferred_right = false;
            }
        }
        // continuation: same paragraph, or the paragraph right after an attributed quote
        // the left clause was cut by an earlier quote of the same sentence
        // (`Acosta acknowledged she found the ''debt stack'' confusing and
        // called it ''a great example''`): look past it to the sentence start
        if !inherited && attr.speaker.is_none() && prev_after > ps {
            let mut from = ps;
            for j in (0..k).rev() {
                let Some((pj, sj)) = stretches.get(j) else { break };
                if *pj != pi {
                    break;
                }
                let ends = slice(&chars, sj.start, sj.end)
                    .trim_end_matches(['\'', '\u{2019}'])
                    .trim_end()
                    .ends_with(['.', '!', '?']);
                let next_cap = in_range(&outside, sj.after, st.open).first().is_some_and(|t| t.word && t.cap);
                if ends && next_cap {
                    from = sj.after;
                    break;
                }
            }
            let ext = clause_left(&outside, from, st.open);
            if ext.len() > left.len() {
                let a = attribute(&ext, &[], &chars, false);
                if a.speaker.is_some() {
                    attr = a;
                    deferred_right = false;
                }
            }
        }
        // fact-check / epigraph style: the quote paragraph is followed by a
        // byline paragraph "- Bernie Sanders."
        if attr.cue.is_none() && !inherited && next_open == pe && st.after + 2 >= pe {
            if let Some(&(nps, npe)) = paras.get(pi + 1) {
                let dash = chars.get(nps).is_some_and(|c| matches!(c, '-' | '\u{2014}' | '\u{2013}'));
                let nt = tokenize(&chars, nps, npe);
                let nwords = nt.iter().filter(|t| t.word).count();
                if dash && (1..=8).contains(&nwords) {
                    let a = nt.iter().position(|t| t.word).unwrap_or(0);
                    let mut b = a;
                    while b < nt.len() && nt.get(b).is_some_and(|t| !t.is_punct(',') && !t.is_punct('.')) {
                        b += 1;
                    }
                    let cand = Attr {
                        np: Some((a, b)),
                        np_chars: span_of(&nt, a, b),
                        cue: Some((nps, nps + 1)),
                        ..empty_attr()
                    }
                    .with_toks(&nt, &chars);
                    if cand.kind == Some(SpeakerKind::Name) {
                        attr = cand;
                        deferred_right = false;
                    }
                }
            }
        }
        if attr.cue.is_none() && !inherited {
            if let Some((ppi, pa, _)) = &prev_attr {
                let no_words = left.iter().all(|t| !t.word);
                let first_in_para = prev_after == ps && no_words;
                // same sentence as the previous quote: no boundary cut the left clause,
                // and the previous quote did not end a sentence before a capital
                let uncut = in_range(&outside, prev_after, st.open).first().map(|t| t.s) == left.first().map(|t| t.s);
                let prev_text_end = stretches
                    .get(k.wrapping_sub(1))
                    .map(|(_, p)| slice(&chars, p.start, p.end).trim_end().ends_with(['.', '!', '?']))
                    .unwrap_or(false);
                let new_sentence = prev_text_end && left.iter().find(|t| t.word).is_some_and(|t| t.cap);
                let same_sentence = uncut && !new_sentence;
                // "“…,” Trump said. Instead, “…”": only connectives before it
                let connective = left.iter().filter(|t| t.word).count() <= 2
                    && left.iter().filter(|t| t.word).all(|t| {
                        matches!(
                            t.lower.as_str(),
                            "instead"
                                | "but"
                                | "and"
                                | "then"
                                | "also"
                                | "still"
                                | "later"
                                | "so"
                                | "yet"
                                | "now"
                                | "again"
                                | "moreover"
                                | "however"
                                | "plus"
                                | "or"
                        )
                    });
                // a later sentence of the same paragraph (`“A,” said X, half
                // joking. He has worked there 24 years. “B.”`), or a paragraph
                // that opens with the quote after up to two quote-less
                // paragraphs: X keeps the floor unless someone else is named
                // since X's attribution sentence
                let later_sentence = *ppi == pi && {
                    // the sentence may end inside the previous quote (`“…candidate.” Romney fired back`)
                    let prev_ends = stretches
                        .get(k.wrapping_sub(1))
                        .map(|(_, p)| {
                            slice(&chars, p.start, p.end)
                                .trim_end_matches(['\'', '\u{2019}'])
                                .trim_end()
                                .ends_with(['.', '!', '?'])
                        })
                        .unwrap_or(false);
                    let from = if prev_ends { prev_after } else { sentence_end_after(&outside, prev_after, st.open) };
                    !names_other(&ents, from, st.open, pa.entity)
                };
                let gap_paras = pi.saturating_sub(*ppi + 1);
                let later_para = *ppi + 1 < pi
                    && gap_paras <= 2
                    && first_in_para
                    && !stretches.iter().any(|(p, _)| *p > *ppi && *p < pi)
                    && {
                        let from = paras.get(*ppi + 1).map(|p| p.0).unwrap_or(ps);
                        !names_other(&ents, from, ps, pa.entity)
                    };
                let strong =
                    (*ppi == pi && (no_words || same_sentence || connective)) || (*ppi + 1 == pi && first_in_para);
                if strong || later_sentence || later_para {
                    attr = pa.clone();
                    inherited = true;
                    // a speaker carried over from an earlier sentence does not
                    // make a short fragment speech (`The "plan" stalled`)
                    weak_cue = !strong;
                }
            }
        }
        if attr.cue.is_none() && prev_after == ps {
            // the paragraph before introduces it: ends with "He said:", or its
            // last sentence reports the same speaker ("Hilaria said she would…")
            if let Some(&(pps, ppe)) = paras.get(pi.wrapping_sub(1)).filter(|_| pi > 0) {
                let colon = chars.get(ppe.saturating_sub(1)) == Some(&':');
                let has_quote = stretches.iter().any(|(p, _)| *p == pi - 1);
                if colon || !has_quote {
                    let lt = clause_left(&outside, pps, ppe + 1);
                    let a = attribute(&lt, &[], &chars, false);
                    if a.cue.is_some() && (colon || a.kind == Some(SpeakerKind::Name)) {
                        attr = a;
                    }
                }
            }
        }
        if attr.cue.is_none() && deferred_right {
            deferred_right = false;
            attr = attribute(&left, &right, &chars, headline);
        }
        // a partial quote inside a sentence with no reporting verb (`Rubio also
        // bemoaned a climate in which people “literally hate each other”`):
        // the words are the clause subject's
        if attr.cue.is_none() && !inherited && !headline {
            if let Some(a) = clause_subject(&left, &chars) {
                attr = a;
                weak_cue = true;
            }
        }
        let _ = deferred_right;
        if !inherited {
            // the pronoun's own sentence: from the start of the left clause
            let clause_from = left.first().map(|t| t.s).unwrap_or(st.open);
            resolve(&mut attr, &ents, &speakers, &chars, clause_from);
        }
        // keep or reject
        let qtext = slice(&chars, qs, qe);
        let n_words = qtext.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count();
        let keep = if headline {
            true
        } else if attr.cue.is_some() && !weak_cue {
            !is_work_title(&left, &qtext, n_words)
        } else {
            n_words >= 4 && !is_work_title(&left, &qtext, n_words)
        };
        if !keep {
            continue;
        }
        if let Some(e) = attr.entity {
            speakers.push((e, qs));
        }
        let mention = attr.np_chars.map(|(a, b)| Mention { start: a, end: b, text: slice(&chars, a, b) });
        let cue = attr.cue.map(|(a, b)| Mention { start: a, end: b, text: slice(&chars, a, b) });
        let nested = st.inner.iter().map(|&(a, b)| trim_span(&chars, a, b)).filter(|(a, b)| b > a).collect();
        out.push(Quote {
            start: qs,
            end: qe,
            text: qtext,
            speaker: attr.speaker.clone(),
            speaker_as_written: attr.written.clone().or_else(|| attr.speaker.clone()),
            speaker_mention: mention,
            speaker_kind: attr.kind,
            cue,
            unclosed: st.unclosed,
            single_marks: st.single,
            nested,
        });
        if attr.cue.is_some() {
            prev_attr = Some((pi, attr, st.after >= pe));
        }
    }
    out
}

/// The char position after the first sentence end in `[from, to)` outside
/// quotations (`to` when the sentence runs on).
fn sentence_end_after(outside: &[Tok], from: usize, to: usize) -> usize {
    let toks = in_range(outside, from, to);
    for (i, t) in toks.iter().enumerate() {
        if (t.is_punct('.') && is_boundary(&toks, i)) || t.is_punct('!') || t.is_punct('?') {
            return t.e;
        }
    }
    to
}

/// True if `[from, to)` mentions a person other than `keep`.
fn names_other(ents: &Entities, from: usize, to: usize, keep: Option<usize>) -> bool {
    ents.mentions.iter().any(|m| {
        m.s >= from && m.e <= to && Some(m.entity) != keep && ents.list.get(m.entity).is_some_and(|e| e.person)
    })
}

/// A speaker label opening a quoted transcript line: one to three
/// upper-case words (`WALLACE`, `MR. O'NEILL`) and a colon. The label is
/// given title-cased as a name, the colon as the cue.
fn transcript_label(chars: &[char], qs: usize, qe: usize) -> Option<Attr> {
    let toks = tokenize(chars, qs, qe.min(qs + 60));
    let c = toks.iter().take(5).position(|t| t.is_punct(':'))?;
    let words = toks.get(..c)?;
    let upper = |t: &Tok| {
        let letters: Vec<char> = slice(chars, t.s, t.e).chars().filter(|ch| ch.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|ch| ch.is_uppercase())
    };
    if words.is_empty() || words.len() > 3 || !words.iter().all(|t| t.word && upper(t)) {
        return None;
    }
    if words.iter().any(|t| {
        matches!(t.lower.as_str(), "update" | "note" | "breaking" | "editor" | "warning" | "question" | "answer" | "ps")
    }) {
        return None;
    }
    let runs = name_runs(words, chars);
    let run = runs.last()?;
    let written = form_of(words, chars, run.a, run.b);
    let titled: String = written
        .split(' ')
        .map(|w| {
            let mut out = String::new();
            let mut up = true;
            for ch in w.chars() {
                if up {
                    out.extend(ch.to_uppercase())
                } else {
                    out.extend(ch.to_lowercase())
                }
                up = matches!(ch, '\'' | '\u{2019}' | '-');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ");
    let colon = toks.get(c)?;
    Some(Attr {
        np: Some((run.a, run.b)),
        np_chars: span_of(words, run.a, run.b),
        cue: Some((colon.s, colon.e)),
        kind: Some(SpeakerKind::Name),
        speaker: Some(titled),
        ..empty_attr()
    })
}

/// End of the first paragraph when it is a Title Case headline (at least
/// four words of four letters or more, 80% of them capitalised), else 0.
fn title_case_headline_end(chars: &[char], paras: &[(usize, usize)]) -> usize {
    let Some(&(a, b)) = paras.first() else { return 0 };
    let toks = tokenize(chars, a, b);
    let long: Vec<&Tok> =
        toks.iter().filter(|t| t.word && t.lower.chars().filter(|c| c.is_alphabetic()).count() >= 4).collect();
    let caps = long.iter().filter(|t| t.cap).count();
    if long.len() >= 4 && caps * 5 >= long.len() * 4 { b } else { 0 }
}

/// Title of a work or a label rather than speech: Title-Case words after a
/// word such as "film", "show", "titled", "author of", a possessive outlet
/// ("NBC's “Today”") or "told"/"on" ("told “Fox and Friends”").
fn is_work_title(left: &[Tok], q: &str, n_words: usize) -> bool {
    let words: Vec<&str> = q.split_whitespace().collect();
    let ends_sentence = q.trim_end().ends_with(['.', '!', '?', '\u{2026}']);
    let prev: Vec<&Tok> = left.iter().rev().take(3).collect();
    let right_before = left.last().is_some_and(|t| t.word);
    let intro_near = prev.iter().any(|t| t.word && is_title_intro(&t.lower));
    let intro = right_before && left.last().is_some_and(|t| is_title_intro(&t.lower));
    let possessive = right_before && left.last().is_some_and(|t| t.lower.ends_with("'s") && t.cap);
    let after_verb = right_before
        && left.last().is_some_and(|t| {
            matches!(t.lower.as_str(), "told" | "on" | "of" | "in" | "to" | "from" | "at" | "watching" | "according")
        });
    let title_case = n_words <= 12
        && words.iter().all(|w| {
            let f = w.chars().find(|c| c.is_alphanumeric());
            f.is_none_or(|c| c.is_uppercase() || c.is_ascii_digit())
                || matches!(
                    *w,
                    "of" | "the" | "a" | "an" | "and" | "in" | "on" | "to" | "for" | "with" | "at" | "by" | "or" | "is"
                )
        });
    (intro && !ends_sentence && n_words <= 12)
        || (title_case && !ends_sentence && (intro_near || possessive || after_verb))
}

/// Tokens of the clause before a quote: from the last sentence end outside
/// quotes (or `from`) to `to`.
fn in_range(outside: &[Tok], from: usize, to: usize) -> Vec<&Tok> {
    let a = outside.partition_point(|t| t.s < from);
    outside.get(a..).unwrap_or(&[]).iter().take_while(|t| t.s < to).filter(|t| t.e <= to).collect()
}

fn clause_left(outside: &[Tok], from: usize, to: usize) -> Vec<Tok> {
    let toks: Vec<&Tok> = in_range(outside, from, to);
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if (t.is_punct('.') || t.is_punct('!') || t.is_punct('?')) && i + 1 < toks.len() && is_boundary(&toks, i) {
            start = i + 1;
        }
    }
    toks.get(start..).map(|s| s.iter().map(|t| (*t).clone()).collect()).unwrap_or_default()
}

/// A full stop at `i` ends a sentence unless a comma or a lowercase word follows.
fn is_boundary(toks: &[&Tok], i: usize) -> bool {
    match toks.get(i + 1) {
        None => true,
        Some(n) => {
            !(n.is_punct(',')
                || n.is_punct(')')
                || (n.word && !n.cap && !n.lower.chars().next().is_some_and(|c| c.is_ascii_digit())))
        }
    }
}

/// Tokens of the clause after a quote, up to the first sentence end.
fn clause_right(outside: &[Tok], from: usize, to: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let toks: Vec<&Tok> = in_range(outside, from, to);
    for (i, t) in toks.iter().enumerate() {
        if (t.is_punct('.') && is_boundary(&toks, i)) || t.is_punct('!') || t.is_punct('?') || t.is_punct(';') {
            break;
        }
        out.push((*t).clone());
    }
    out
}

fn empty_attr() -> Attr {
    Attr { np: None, cue: None, np_chars: None, kind: None, speaker: None, written: None, entity: None }
}

/// Find the cue and the source phrase around a quote.
fn attribute(left: &[Tok], right: &[Tok], chars: &[char], allow_colon_np: bool) -> Attr {
    let left_owned = put_it_as_cue(left);
    let left = left_owned.as_slice();
    // 1. right side: `," Smith said` / `," said Smith` / `," according to Smith`
    let r: Vec<Tok> = put_it_as_cue(right).into_iter().skip_while(|t| !t.word).collect();
    // `," Clinton said Monday, according to audio provided by X`: the outermost
    // source is the one the quote is attributed to
    if let Some(a) = according_to(&r, chars, 3).or_else(|| according_to(&r, chars, 20)) {
        return a;
    }
    let mut pending_cue = None;
    // a capitalised cue word followed by another cue is a name ("Read said")
    let is_cue = |i: usize| {
        r.get(i).is_some_and(|t| {
            t.word
                && cue_kind(&t.lower).is_some()
                && !(t.cap && r.get(i + 1).is_some_and(|u| u.word && cue_kind(&u.lower).is_some()))
        })
    };
    let first_cue = (0..r.len()).find(|&i| is_cue(i));
    let words_seen = r.iter().take(first_cue.unwrap_or(r.len())).filter(|t| t.word).count();
    if let Some(k) = first_cue {
        // `" since so many cases …, said Lee Epstein`: an inverted attribution
        // after a comma may close a longer clause
        let inverted_far = k > 0
            && r.get(k - 1).is_some_and(|t| t.is_punct(','))
            && np_after(&r, k + 1).is_some_and(|(a, b)| {
                Attr { np: Some((a, b)), np_chars: span_of(&r, a, b), ..empty_attr() }.with_toks(&r, chars).kind
                    == Some(SpeakerKind::Name)
            });
        if (words_seen <= 12 || (inverted_far && words_seen <= 40))
            && !r.iter().take(k).any(|t| t.is_punct('\u{201C}') || t.is_punct('"'))
        {
            let cue = r.get(k).map(|t| (t.s, t.e));
            // a Title Case headline `‘…’ Could Address Clean Energy, Lindsey
            // Graham Says`: the capitalised run right before the verb, after a comma
            let headline_np = if allow_colon_np && k > 0 {
                let mut m = k;
                while m > 0 && r.get(m - 1).is_some_and(|t| t.word && t.cap) {
                    m -= 1;
                }
                let opens = m == 0 || r.get(m - 1).is_some_and(|t| t.is_punct(','));
                (m < k && k - m <= 4 && opens && m > 0).then_some((m, k))
            } else {
                None
            };
            let np = if let Some(x) = headline_np {
                Some(x)
            } else if k == 0 {
                np_after(&r, 1)
            } else {
                subject_segments(&r, k).or_else(|| if inverted_far { np_after(&r, k + 1) } else { None })
            };
            if let Some((a, b)) = np {
                return Attr { np: Some((a, b)), np_chars: span_of(&r, a, b), cue, ..empty_attr() }
                    .with_toks(&r, chars);
            }
            if k == 0 {
                // `," adding: …` with no subject after it: the left clause's subject
                pending_cue = cue;
            }
        }
    }
    if let Some(a) = unlisted_verb(&r, chars) {
        return a;
    }
    // 2. left side: `Smith said: "` / `Smith said she would "` / `according to Smith, "`
    if let Some(a) = according_to(left, chars, usize::MAX) {
        return a;
    }
    // "Asked whether …, Mr. Smith shot back:": a clause-opening participle is no cue
    let opener = |i: usize| {
        i == 0
            && left.first().is_some_and(|t| t.cap && (t.lower.ends_with("ed") || t.lower == "told"))
            && left.get(1).is_some_and(|u| !u.word || !u.cap)
    };
    let cue_at = left.iter().enumerate().rev().find(|(i, t)| t.word && cue_kind(&t.lower).is_some() && !opener(*i));
    if let Some(k) = cue_at.map(|(i, _)| i) {
        let cue = left.get(k).map(|t| (t.s, t.e));
        let kind = left.get(k).and_then(|t| cue_kind(&t.lower));
        let np = if kind == Some(CueKind::Participle) {
            // "While predicting X would lose, Ms. Kovner sighed:": the
            // participle sits in an opening clause; the main clause's name
            // and verb introduce the quote
            if first_subject(left, k).is_none() {
                if let Some(a) = left_unlisted_verb(left, chars) {
                    return a;
                }
            }
            // "…, Spicer said, adding, “…”": the subject of the reporting verb
            // right before the participle, not the sentence's first name
            let after_said = k >= 2
                && left.get(k - 1).is_some_and(|t| t.is_punct(','))
                && left.get(k - 2).is_some_and(|t| t.word && cue_kind(&t.lower) == Some(CueKind::Finite));
            let said_np = if after_said {
                np_before(left, k - 2)
                    .filter(|&np| first_word_cap(left, np) || np.1 == np.0 + 1)
                    .or_else(|| np_after(left, k - 1).filter(|&np| first_word_cap(left, np)))
            } else {
                None
            };
            said_np.or_else(|| first_subject(left, k))
        } else {
            // an NP right after a preposition is no subject ("who has in the past described")
            // coordinated verbs: "Lazar said he … and added, “…”" — the subject of
            // the earlier reporting verb of the clause
            let coord =
                k > 0 && left.get(k - 1).is_some_and(|t| t.word && matches!(t.lower.as_str(), "and" | "but" | "then"));
            let earlier = if coord {
                left.iter()
                    .take(k - 1)
                    .rposition(|t| t.word && cue_kind(&t.lower) == Some(CueKind::Finite))
                    .filter(|&kk| np_before(left, kk).is_some())
            } else {
                None
            };
            // "Carson took the stage … and called the system “…”": the clause subject
            if coord && earlier.is_none() {
                if let Some((a, b)) = first_subject(left, k).filter(|&np| first_word_cap(left, np)) {
                    return Attr { np: Some((a, b)), np_chars: span_of(left, a, b), cue, ..empty_attr() }
                        .with_toks(left, chars);
                }
            }
            let k = if let Some(kk) = earlier {
                // "Lazar said he welcomed extradition and added": the outermost
                // reporting verb of the clause
                outermost_cue(left, kk)
            } else if coord {
                k
            } else {
                outermost_cue(left, k)
            };
            let before = np_before(left, k).filter(|&(a, _)| {
                a == 0
                    || !left.get(a - 1).is_some_and(|t| {
                        t.word
                            && matches!(
                                t.lower.as_str(),
                                "in" | "on"
                                    | "at"
                                    | "of"
                                    | "for"
                                    | "by"
                                    | "with"
                                    | "from"
                                    | "to"
                                    | "about"
                                    | "over"
                                    | "into"
                                    | "during"
                                    | "through"
                                    | "against"
                            )
                    })
            });
            // after the verb only an inverted name ("said Smith:"), not an object ("told reporters")
            before
                .or_else(|| {
                    // "said Smith:" but not the subject of a reported clause
                    // ("now said Trump had …")
                    np_after(left, k + 1).filter(|&(a, b)| {
                        first_word_cap(left, (a, b))
                            && !left.get(b).is_some_and(|t| {
                                t.word && (crate::lexicon::is_verb_after_subject(&t.lower) || t.lower == "would")
                            })
                    })
                })
                .or_else(|| first_subject(left, k))
        };
        if let Some((a, b)) = np {
            return Attr { np: Some((a, b)), np_chars: span_of(left, a, b), cue, ..empty_attr() }
                .with_toks(left, chars);
        }
        return Attr { cue, ..empty_attr() };
    }
    // `Hillary Clinton cracked, “…”` / `Mr. Smith shot back: “…”`: a name and a
    // verb not in the cue list right before the opening mark
    if let Some(a) = left_unlisted_verb(left, chars) {
        return a;
    }
    if pending_cue.is_some() {
        let np = first_subject(left, left.len());
        return match np {
            Some((a, b)) => Attr { np: Some((a, b)), np_chars: span_of(left, a, b), cue: pending_cue, ..empty_attr() }
                .with_toks(left, chars),
            None => Attr { cue: pending_cue, ..empty_attr() },
        };
    }
    // 3. colon introduction: `Trump: "…"` / headline `Trump: Cruz Has ‘…’`
    if let Some(c) = left.iter().position(|t| t.is_punct(':')) {
        let nwords = left.iter().take(c).filter(|t| t.word).count();
        if nwords > 5 && c + 1 == left.len() {
            // "POLLS NOT WRONG, JUST EARLY - Mark Blumenthal: “…”": a digest
            // heading, a dash, then the source
            let dash = left
                .iter()
                .take(c)
                .rposition(|t| t.is_punct('-') || t.is_punct('\u{2013}') || t.is_punct('\u{2014}'))
                .filter(|&d| {
                    let ws: Vec<&Tok> = left.get(d + 1..c).unwrap_or(&[]).iter().filter(|t| t.word).collect();
                    (1..=5).contains(&ws.len()) && ws.first().is_some_and(|t| t.cap)
                });
            if let Some(d) = dash {
                let cue = left.get(c).map(|t| (t.s, t.e));
                let a = Attr { np: Some((d + 1, c)), np_chars: span_of(left, d + 1, c), cue, ..empty_attr() }
                    .with_toks(left, chars);
                if a.kind == Some(SpeakerKind::Name) {
                    return a;
                }
            }
            // "President Clinton released the following statement: “…”"
            if let Some((a, b)) = first_subject(left, c) {
                let cue = left.get(c).map(|t| (t.s, t.e));
                return Attr { np: Some((a, b)), np_chars: span_of(left, a, b), cue, ..empty_attr() }
                    .with_toks(left, chars);
            }
        }
    }
    if let Some(c) = left.iter().position(|t| t.is_punct(':')) {
        let before: Vec<&Tok> = left.iter().take(c).collect();
        let nwords = before.iter().filter(|t| t.word).count();
        let at_end = c + 1 == left.len();
        if (1..=5).contains(&nwords) && (at_end || allow_colon_np) {
            let cue = left.get(c).map(|t| (t.s, t.e));
            // "Ana Ortiz disagreed:" → the name before the trailing verb
            let mut e = c;
            while e > 1
                && left.get(e - 1).is_some_and(|t| t.word && !t.cap)
                && left.get(..e - 1).is_some_and(|x| x.iter().any(|t| t.cap))
            {
                e -= 1;
            }
            return Attr { np: Some((0, e)), np_chars: span_of(left, 0, e), cue, ..empty_attr() }
                .with_toks(left, chars);
        }
    }
    if allow_colon_np {
        let runs = name_runs(left, chars);
        if let Some(run) = runs.first() {
            if run.a <= 1 {
                let np = (run.a, run.b);
                return Attr { np: Some(np), np_chars: span_of(left, run.a, run.b), cue: None, ..empty_attr() }
                    .with_toks(left, chars);
            }
        }
    }
    empty_attr()
}

/// Nested attribution `Carson said the State Department deemed the emails
/// “top secret”`: the quote is reported by the outermost source, so an
/// earlier reporting verb of the same clause whose subject is a name or a
/// personal pronoun wins over the last one (not across `, and` / `, but` / `;`).
fn outermost_cue(left: &[Tok], k: usize) -> usize {
    for kk in 0..k {
        let Some(t) = left.get(kk) else { break };
        if !(t.word && cue_kind(&t.lower) == Some(CueKind::Finite)) {
            continue;
        }
        let Some((a, b)) = np_before(left, kk) else { continue };
        let named = first_word_cap(left, (a, b))
            || (b == a + 1 && left.get(a).is_some_and(|t| matches!(t.lower.as_str(), "he" | "she")));
        let split = left.get(kk..k).unwrap_or(&[]).windows(2).any(|w| {
            w[0].is_punct(';')
                || (w[0].is_punct(',')
                    && w[1].word
                    && matches!(w[1].lower.as_str(), "and" | "but" | "while" | "whereas" | "as" | "who" | "which"))
        });
        if named && !split {
            return kk;
        }
    }
    k
}

/// "as Van Jackson, a professor, puts it": the idiom reports speech like
/// "says". The tokens are copied with `put`/`puts` read as `said` (offsets
/// unchanged, so the cue still points at the text as written).
fn put_it_as_cue(toks: &[Tok]) -> Vec<Tok> {
    let mut out = toks.to_vec();
    for i in 0..out.len() {
        let idiom = out.get(i).is_some_and(|t| t.word && matches!(t.lower.as_str(), "put" | "puts"))
            && out.get(i + 1).is_some_and(|t| t.word && t.lower == "it")
            && out.get(i + 2).is_none_or(|t| !t.word);
        if idiom {
            if let Some(t) = out.get_mut(i) {
                t.lower = "said".to_string();
            }
        }
    }
    out
}

/// `," Toomey fumed` / `," scoffed Arianna Gil`: a short clause right after a
/// quote made of a name and a past-tense or present verb not in the cue list.
fn unlisted_verb(r: &[Tok], chars: &[char]) -> Option<Attr> {
    let ws: Vec<(usize, &Tok)> = r.iter().enumerate().filter(|(_, t)| t.word).take(6).collect();
    // irregular past tenses of speaking ("Trump went on", "Cruz shot back")
    let verbish = |t: &Tok| {
        !t.cap
            && ((t.lower.len() > 3 && (t.lower.ends_with("ed") || t.lower.ends_with('s')) && !is_np_break(&t.lower))
                || matches!(t.lower.as_str(), "went" | "shot" | "wrote" | "spoke" | "began"))
    };
    let first = ws.first()?;
    if verbish(first.1) && first.0 == 0 {
        // inverted: verb then name
        let (a, b) = np_after(r, 1)?;
        let cue = Some((first.1.s, first.1.e));
        let attr = Attr { np: Some((a, b)), np_chars: span_of(r, a, b), cue, ..empty_attr() }.with_toks(r, chars);
        // "advises psychologist Mary Alvord": a description ending in a name counts too
        if first_word_cap(r, (a, b)) || attr.kind == Some(SpeakerKind::Name) {
            return Some(attr);
        }
        return None;
    }
    // name (or pronoun) then verb
    let mut k = 0;
    while k < r.len() && r.get(k).is_some_and(|t| t.word && (t.cap || crate::lexicon::is_particle(&t.lower))) {
        k += 1;
    }
    let pron = k == 0 && r.first().is_some_and(|t| t.word && matches!(t.lower.as_str(), "he" | "she"));
    if pron {
        k = 1;
    }
    let v = r.get(k)?;
    if k > 0 && k <= 4 && v.word && verbish(v) {
        let cue = Some((v.s, v.e));
        return Some(Attr { np: Some((0, k)), np_chars: span_of(r, 0, k), cue, ..empty_attr() }.with_toks(r, chars));
    }
    None
}

/// `… , Hillary Clinton cracked, “` / `Mr. Smith shot back: “`: the left clause
/// ends with a capitalised name, a past-tense verb (and at most one particle)
/// and a comma or colon.
fn left_unlisted_verb(left: &[Tok], chars: &[char]) -> Option<Attr> {
    let n = left.len();
    let last = left.last()?;
    if !(last.is_punct(',') || last.is_punct(':')) || n < 3 {
        return None;
    }
    let mut v = n - 2;
    // optional particle ("back", "in", "up")
    if left.get(v).is_some_and(|t| t.word && matches!(t.lower.as_str(), "back" | "in" | "up" | "out" | "on")) {
        v = v.checked_sub(1)?;
    }
    let verb = left.get(v)?;
    let past = verb.word
        && !verb.cap
        && (verb.lower.ends_with("ed")
            || matches!(
                verb.lower.as_str(),
                "shot" | "wrote" | "spoke" | "put" | "went" | "struck" | "began" | "fired"
            ));
    if !past || v == 0 {
        return None;
    }
    let mut a = v;
    while a > 0 && left.get(a - 1).is_some_and(|t| t.word && (t.cap || crate::lexicon::is_particle(&t.lower))) {
        a -= 1;
    }
    // the name opens its clause (sentence start or after a comma)
    let opens = a == 0 || left.get(a - 1).is_some_and(|t| t.is_punct(',') || t.is_punct(';'));
    if a == v || v - a > 5 || !opens || !first_word_cap(left, (a, v)) {
        return None;
    }
    let cue = Some((verb.s, verb.e));
    let attr = Attr { np: Some((a, v)), np_chars: span_of(left, a, v), cue, ..empty_attr() }.with_toks(left, chars);
    (attr.kind == Some(SpeakerKind::Name)).then_some(attr)
}

impl Attr {
    /// Classify the NP and fill `kind` and a provisional `speaker`.
    fn with_toks(mut self, toks: &[Tok], chars: &[char]) -> Attr {
        let Some((a, b)) = self.np else { return self };
        let np: Vec<Tok> = toks.get(a..b).map(|s| s.to_vec()).unwrap_or_default();
        let words: Vec<&Tok> = np.iter().filter(|t| t.word).collect();
        if words.len() == 1
            && words
                .first()
                .is_some_and(|t| pronoun_gender(t.lower.trim_end_matches("'s")).is_some() || t.lower == "who")
        {
            self.kind = Some(SpeakerKind::Pronoun);
            self.speaker = words.first().map(|t| t.lower.trim_end_matches("'s").to_string());
            return self;
        }
        // the head part: before the first preposition ("the author of the Method")
        let head_end = np
            .iter()
            .position(|t| t.word && matches!(t.lower.as_str(), "of" | "for" | "at" | "from" | "with" | "in" | "on"))
            .unwrap_or(np.len());
        let head = np.get(..head_end).unwrap_or(&[]);
        let runs = name_runs(head, chars);
        let last_word = head.iter().rev().find(|t| t.word);
        if let Some(run) = runs.last() {
            let ends_head = last_word.is_some_and(|lw| head.get(run.b - 1).is_some_and(|t| t.s == lw.s));
            let run_last_possessive = head.get(run.b - 1).is_some_and(|t| t.lower.ends_with("'s"));
            if ends_head && !run_last_possessive {
                self.kind = Some(SpeakerKind::Name);
                self.speaker = Some(form_of(head, chars, run.a, run.b));
                return self;
            }
        }
        // appositive name after a nominal head ("a spokesman, Brian Fallon")
        let all_runs = name_runs(&np, chars);
        if head_end == np.len() && all_runs.is_empty() || head.is_empty() {
            // fallthrough to nominal
        }
        // a description with a name in apposition: "his best friend at Lehigh,
        // Bruce Turry, said" / "Sam Lau, the communications director, said"
        if let Some((na, nb)) = appositive_name(toks, chars, a, b) {
            self.np = Some((na, nb));
            self.np_chars = span_of(toks, na, nb);
            self.kind = Some(SpeakerKind::Name);
            self.speaker = Some(form_of(toks, chars, na, nb));
            return self;
        }
        self.kind = Some(SpeakerKind::Nominal);
        let (sa, sb) = self.np_chars.unwrap_or((0, 0));
        self.speaker = Some(slice(chars, sa, sb));
        self
    }
}

/// A bare name (1-4 capitalised words, titles allowed) set off by commas
/// right after or right before the description `[a, b)`.
fn appositive_name(toks: &[Tok], chars: &[char], a: usize, b: usize) -> Option<(usize, usize)> {
    let is_name_seg = |x: usize, y: usize| -> bool {
        let ws = toks.get(x..y).unwrap_or(&[]);
        !ws.is_empty()
            && ws.len() <= 5
            && ws.iter().all(|t| t.word && (t.cap || crate::lexicon::is_particle(&t.lower)))
            && first_word_cap(toks, (x, y))
            && name_runs(ws, chars).first().is_some_and(|r| r.b == ws.len())
    };
    // after: `, Name,` / `, Name who` / `, Name` at the end
    if toks.get(b).is_some_and(|t| t.is_punct(',')) {
        let mut e = b + 1;
        while e < toks.len() && toks.get(e).is_some_and(|t| t.word && (t.cap || crate::lexicon::is_particle(&t.lower)))
        {
            e += 1;
        }
        let closes = toks.get(e).is_none_or(|t| !t.word || t.lower == "who");
        if e > b + 1 && closes && is_name_seg(b + 1, e) {
            let r = name_runs(toks.get(b + 1..e).unwrap_or(&[]), chars);
            if let Some(r) = r.last() {
                return Some((b + 1 + r.a, b + 1 + r.b));
            }
        }
    }
    // before: `Name, description said`
    if a >= 2 && toks.get(a - 1).is_some_and(|t| t.is_punct(',')) {
        let mut s = a - 1;
        while s > 0 && toks.get(s - 1).is_some_and(|t| t.word && (t.cap || crate::lexicon::is_particle(&t.lower))) {
            s -= 1;
        }
        let opens = s == 0 || toks.get(s - 1).is_some_and(|t| !t.word);
        if s < a - 1 && opens && is_name_seg(s, a - 1) {
            let r = name_runs(toks.get(s..a - 1).unwrap_or(&[]), chars);
            if let Some(r) = r.last() {
                return Some((s + r.a, s + r.b));
            }
        }
    }
    None
}

fn span_of(toks: &[Tok], a: usize, b: usize) -> Option<(usize, usize)> {
    let first = toks.get(a)?;
    let last = toks.get(b.checked_sub(1)?)?;
    Some((first.s, last.e))
}

/// `according to X` within the first `max_start` tokens.
fn according_to(toks: &[Tok], chars: &[char], max_start: usize) -> Option<Attr> {
    let i = toks.windows(2).position(|w| w[0].lower == "according" && w[1].lower == "to")?;
    if i > max_start {
        return None;
    }
    let (a, b) = np_after(toks, i + 2)?;
    let cue = Some((toks.get(i)?.s, toks.get(i + 1)?.e));
    Some(Attr { np: Some((a, b)), np_chars: span_of(toks, a, b), cue, ..empty_attr() }.with_toks(toks, chars))
}

/// The noun phrase starting at token `i` (after a verb): up to a comma, full
/// stop or clause word; an appositive after a comma is not included.
fn np_after(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    while j < toks.len() {
        let t = toks.get(j)?;
        if !t.word {
            if t.is_punct('\'') || t.is_punct('\u{2019}') {
                j += 1;
                continue;
            }
            break;
        }
        if j > i
            && (is_np_break(&t.lower) || cue_kind(&t.lower).is_some())
            && !matches!(t.lower.as_str(), "of" | "for" | "at")
        {
            break;
        }
        if j == i && matches!(t.lower.as_str(), "in" | "on" | "during" | "to" | "that" | "at") {
            return None;
        }
        j += 1;
        if j - i >= 12 {
            break;
        }
    }
    (j > i).then_some((i, j))
}

/// Subject before verb `k` in a right context: the comma-separated segments
/// before the verb; the first one holding a name, else the first one.
fn subject_segments(toks: &[Tok], k: usize) -> Option<(usize, usize)> {
    let mut segs: Vec<(usize, usize)> = Vec::new();
    let mut a = 0;
    for (i, t) in toks.iter().enumerate().take(k) {
        if t.is_punct(',') || t.is_punct('(') || t.is_punct(')') || t.is_punct('\u{2014}') || t.is_punct('\u{2013}') {
            if i > a {
                segs.push((a, i));
            }
            a = i + 1;
        }
    }
    if k > a {
        segs.push((a, k));
    }
    // a segment opening with a preposition is no subject (`” of Trump, whom
    // he called`, `” for Clinton, said Kunin`)
    let preposition = |&(a, b): &(usize, usize)| {
        toks.get(a..b).and_then(|x| x.iter().find(|t| t.word)).is_some_and(|t| {
            !t.cap
                && matches!(
                    t.lower.as_str(),
                    "of" | "for"
                        | "to"
                        | "in"
                        | "on"
                        | "at"
                        | "with"
                        | "from"
                        | "about"
                        | "by"
                        | "than"
                        | "over"
                        | "into"
                )
        })
    };
    segs.retain(|s| !preposition(s));
    // prefer a segment that is a bare name ("the White House spokesman, Josh Earnest, said")
    let first = *segs.first()?;
    let seg_is_np = |&(a, b): &(usize, usize)| {
        let ws: Vec<&Tok> = toks.get(a..b).unwrap_or(&[]).iter().filter(|t| t.word).collect();
        !ws.is_empty()
            && ws.len() <= 10
            && !ws.iter().any(|t| {
                is_np_break(&t.lower)
                    && !matches!(t.lower.as_str(), "of" | "for" | "at" | "in" | "on" | "with" | "from" | "who")
            })
    };
    let starts_np = toks.get(first.0..first.1).and_then(|x| x.iter().find(|t| t.word)).is_some_and(|t| {
        t.cap
            || pronoun_gender(&t.lower).is_some()
            || matches!(
                t.lower.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "one"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "another"
                    | "two"
                    | "three"
                    | "several"
                    | "many"
                    | "some"
                    | "both"
                    | "this"
                    | "that"
                    | "who"
                    | "which"
                    | "officials"
                    | "aides"
                    | "sources"
                    | "critics"
                    | "supporters"
            )
    });
    // "spokesman Stuart Roy said", "warm-and-fuzzy Trump said": lowercase
    // descriptors before a name
    let ends_name = toks.get(first.0..first.1).is_some_and(|x| {
        let ws: Vec<&Tok> = x.iter().filter(|t| t.word).collect();
        ws.len() <= 6
            && ws.last().is_some_and(|t| t.cap && !crate::lexicon::not_name(&t.lower))
            && ws.first().is_some_and(|t| !is_np_break(&t.lower))
    });
    let starts_np = starts_np || ends_name;
    if !seg_is_np(&first) || !starts_np {
        // `," as his father dreamed, Mr. Turry said`: the segment right before the verb
        let last = *segs.last()?;
        if segs.len() > 1 && seg_is_np(&last) && first_word_cap(toks, last) {
            return Some(last);
        }
        return None;
    }
    let first_has_name = first_word_cap(toks, first)
        || ends_name
        || toks.get(first.0..first.1).is_some_and(|s| s.iter().filter(|t| t.word).count() == 1);
    let chosen = if first_has_name {
        first
    } else {
        segs.iter()
            .skip(1)
            .find(|s| {
                seg_is_np(s)
                    && first_word_cap(toks, **s)
                    && toks.get(s.0..s.1).is_some_and(|x| x.iter().filter(|t| t.word).all(|t| t.cap))
            })
            .copied()
            .unwrap_or(first)
    };
    let (a, mut b) = chosen;
    // drop trailing adverbs ("Trump then said")
    while b > a && toks.get(b - 1).is_some_and(|t| t.word && is_adverb(&t.lower) && !t.cap) {
        b -= 1;
    }
    (b > a).then_some((a, b))
}

fn first_word_cap(toks: &[Tok], (a, b): (usize, usize)) -> bool {
    toks.get(a..b).and_then(|s| s.iter().find(|t| t.word)).is_some_and(|t| t.cap && !crate::lexicon::not_name(&t.lower))
}

/// Subject immediately before verb `k` in a left context.
fn np_before(toks: &[Tok], k: usize) -> Option<(usize, usize)> {
    let mut j = k;
    loop {
        while j > 0 && toks.get(j - 1).is_some_and(|t| t.word && is_adverb(&t.lower) && !t.cap) {
            j -= 1;
        }
        // "Feinstein last week said", "Massie, but now said", "Smith on Monday said"
        let t = skip_time_back(toks, j);
        if t == j {
            break;
        }
        j = t;
    }
    // a parenthetical between subject and verb: "Harry Reid (D-Nev.) told"
    if j > 1 && toks.get(j - 1).is_some_and(|t| t.is_punct(')')) {
        if let Some(o) = (j.saturating_sub(10)..j - 1).rev().find(|&m| toks.get(m).is_some_and(|t| t.is_punct('('))) {
            j = o;
        }
        while j > 0 && toks.get(j - 1).is_some_and(|t| t.word && is_adverb(&t.lower) && !t.cap) {
            j -= 1;
        }
    }
    // relative clause: "Trump, who said"
    if j > 0 && toks.get(j - 1).is_some_and(|t| t.lower == "who") {
        j -= 1;
        if j > 0 && toks.get(j - 1).is_some_and(|t| t.is_punct(',')) {
            j -= 1;
        }
    }
    // appositives: "Tom Fitton, the president of X, a group that ..., said" → the
    // first comma-delimited segment of the clause that is a bare name
    if j > 0 && toks.get(j - 1).is_some_and(|t| t.is_punct(',')) {
        let mut a = 0;
        for i in 0..j {
            if toks.get(i).is_some_and(|t| t.is_punct(',')) {
                if i > a
                    && (a..i).all(|m| {
                        toks.get(m).is_some_and(|t| t.word && (t.cap || crate::lexicon::is_particle(&t.lower)))
                    })
                    && first_word_cap(toks, (a, i))
                {
                    return Some((a, i));
                }
                a = i + 1;
            }
        }
    }
    if j > 0 && toks.get(j - 1).is_some_and(|t| t.is_punct(',')) {
        let mut m = j - 1;
        while m > 0 && !toks.get(m - 1).is_some_and(|t| t.is_punct(',')) {
            m -= 1;
        }
        if m > 0 {
            j = m - 1;
        } else {
            return None;
        }
    }
    if j > 0
        && toks
            .get(j - 1)
            .is_some_and(|t| t.word && matches!(t.lower.trim_end_matches("'s"), "he" | "she" | "they" | "i" | "we"))
    {
        return Some((j - 1, j));
    }
    let end = j;
    let mut i = j;
    while i > 0 {
        let Some(t) = toks.get(i - 1) else { break };
        if !t.word || is_np_break(&t.lower) || cue_kind(&t.lower).is_some() {
            break;
        }
        // a lowercase verb-like word ends the NP once we have a head
        i -= 1;
        if end - i >= 8 {
            break;
        }
    }
    // keep only the last name run if a capitalised run ends the NP
    (end > i).then_some((i, end))
}

/// Start of a time expression ending right before token `j` ("now", "last
/// week", "on Monday", "two weeks ago", "Tuesday night"), or `j` if none.
fn skip_time_back(toks: &[Tok], j: usize) -> usize {
    let w = |i: usize| toks.get(i).filter(|t| t.word).map(|t| t.lower.as_str());
    let Some(last) = j.checked_sub(1).and_then(w) else { return j };
    let unit = |x: &str| {
        matches!(
            x,
            "week"
                | "weeks"
                | "month"
                | "months"
                | "year"
                | "years"
                | "day"
                | "days"
                | "night"
                | "weekend"
                | "morning"
                | "afternoon"
                | "evening"
                | "summer"
                | "spring"
                | "fall"
                | "winter"
        )
    };
    let dated = |x: &str| crate::lexicon::is_weekday_or_month(x);
    if matches!(last, "now" | "today" | "yesterday" | "tonight" | "recently" | "earlier" | "previously") {
        return j - 1;
    }
    if last == "ago" {
        // "two weeks ago", "a year ago"
        let mut i = j - 1;
        if i > 0 && w(i - 1).is_some_and(unit) {
            i -= 1;
            if i > 0 && w(i - 1).is_some() {
                i -= 1;
            }
        }
        return i;
    }
    let mut i = j;
    if unit(last) {
        // "last week", "Tuesday night"
        match (j - 1).checked_sub(1).and_then(w) {
            Some("last" | "this" | "next" | "that" | "earlier" | "late" | "early") => i = j - 2,
            Some(x) if dated(x) => i = j - 2,
            _ => return j,
        }
    } else if dated(last) {
        i = j - 1;
    }
    if i < j && i > 0 && w(i - 1).is_some_and(|x| matches!(x, "on" | "in" | "last" | "this" | "early" | "late")) {
        i -= 1;
    }
    i
}

/// Subject of the clause for participial cues: the first name or pronoun,
/// skipping a leading prepositional phrase up to a comma.
fn first_subject(toks: &[Tok], k: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    if toks.first().is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "in" | "on"
                | "at"
                | "during"
                | "after"
                | "before"
                | "speaking"
                | "when"
                | "while"
                | "later"
                | "earlier"
                | "then"
        )
    }) {
        // the first comma followed by a capitalised word or a pronoun ("In a
        // wide-ranging, in-prison interview with X last year, Lazar said")
        let commas: Vec<usize> = (0..k).filter(|&i| toks.get(i).is_some_and(|t| t.is_punct(','))).collect();
        let good = commas.iter().copied().find(|&c| {
            toks.get(c + 1).is_some_and(|t| t.word && (t.cap || matches!(t.lower.as_str(), "he" | "she" | "they")))
        });
        if let Some(c) = good.or_else(|| commas.first().copied()) {
            start = c + 1;
        }
    }
    for i in start..k {
        let t = toks.get(i)?;
        if t.word
            && pronoun_gender(&t.lower).is_some()
            && matches!(t.lower.as_str(), "he" | "she" | "they" | "i" | "we")
        {
            return Some((i, i + 1));
        }
        if t.word && t.cap && !crate::lexicon::not_name(&t.lower) && cue_kind(&t.lower).is_none() {
            let mut j = i + 1;
            while j < k && toks.get(j).is_some_and(|u| u.word && u.cap && cue_kind(&u.lower).is_none()) {
                j += 1;
            }
            // a lone capitalised common word opening the clause ("Hours later,",
            // "Facing …") is skipped; a name followed by a verb-like word opens
            // the clause as its subject ("Clinton has since apologized", "Byrne
            // went on to say", "Carson did not mention")
            let verb_like = |u: &Tok| {
                u.lower.ends_with("ed")
                    || cue_kind(&u.lower).is_some()
                    || crate::lexicon::is_verb_after_subject(&u.lower)
                    // "Clinton clearly erred": an -ly adverb before the verb
                    || (u.lower.ends_with("ly") && u.lower.len() > 4)
                    // a present-tense verb ("Sullivan forwards an article"), not
                    // a plural noun followed by its verb ("Corporate lobbyists have")
                    || (u.lower.len() > 3
                        && u.lower.ends_with('s')
                        && !u.lower.ends_with("ss")
                        && !u.lower.ends_with("ous")
                        && !is_np_break(&u.lower)
                        && !toks.get(j + 1).is_some_and(|n| {
                            n.word
                                && !n.cap
                                && (crate::lexicon::is_verb_after_subject(&n.lower)
                                    || n.lower.ends_with("ed")
                                    || cue_kind(&n.lower).is_some()
                                    || matches!(n.lower.as_str(), "and" | "or" | "of"))
                        }))
            };
            let lone_opener = j == i + 1
                && i == start
                && (t.lower.ends_with("ing") || toks.get(j).is_some_and(|u| u.word && !u.cap && !verb_like(u)))
                && crate::lexicon::first_name_gender(&t.lower).is_none();
            // "Cruz's lawyers argued": a possessive is no subject
            let possessive = toks.get(j - 1).is_some_and(|u| u.lower.ends_with("'s") || u.lower.ends_with("s'"));
            if lone_opener || possessive {
                continue;
            }
            return Some((i, j));
        }
    }
    None
}

/// The subject of the clause before a quote when it opens the clause (after
/// an optional introductory phrase ending in a comma) and is a name or
/// `he`/`she` followed by a verb: `Gowdy referenced a report that “…”`,
/// `Mrs. Clinton has instead positioned her agenda around plans to “…”`. The
/// verb is given as the cue. Possessives (`Clinton's campaign slogan is`) and
/// subjects followed by anything but a verb are refused.
fn clause_subject(left: &[Tok], chars: &[char]) -> Option<Attr> {
    // the quote must continue the clause, not open a new sentence
    if left.last().is_some_and(|t| t.is_punct('.') || t.is_punct('!') || t.is_punct('?')) {
        return None;
    }
    // the subject opens the clause or follows an introductory phrase closed
    // by a comma ("Moreover, in the exchange with Clinton, Gowdy referenced")
    let starts = std::iter::once(0)
        .chain((0..left.len()).filter(|&i| left.get(i).is_some_and(|t| t.is_punct(','))).map(|i| i + 1));
    starts.take(4).find_map(|a| subject_verb_at(left, chars, a))
}

/// A name or `he`/`she` starting exactly at token `a`, followed by a verb
/// (possibly after adverbs or an auxiliary), as an attribution.
fn subject_verb_at(left: &[Tok], chars: &[char], a: usize) -> Option<Attr> {
    let sub = left.get(a..)?;
    // "the NRA was going into overdrive, whipping lawmakers against “…”"
    let det = usize::from(sub.first().is_some_and(|t| t.word && t.lower == "the"));
    let (s0, n) = first_subject(sub, sub.len())?;
    if s0 != det {
        return None;
    }
    let (a, b) = (a + s0, a + n);
    if left.get(b - 1).is_some_and(|t| t.lower.ends_with("'s") || t.lower.ends_with('\'')) {
        return None;
    }
    // the verb, possibly after an auxiliary or adverb ("has since", "also")
    let verbish = |t: &Tok| {
        t.word
            && !t.cap
            && (crate::lexicon::is_verb_after_subject(&t.lower)
                || ((t.lower.ends_with("ed") || t.lower.ends_with('s'))
                    && t.lower.len() > 3
                    && !is_np_break(&t.lower)
                    && !t.lower.ends_with("ss")))
    };
    let mut verb = None;
    for v in b..b + 3 {
        let t = left.get(v)?;
        if verbish(t) {
            verb = Some(t);
            break;
        }
        if !(t.word && !t.cap && is_adverb(&t.lower)) {
            break;
        }
    }
    let verb = verb?;
    let cue = Some((verb.s, verb.e));
    let attr = Attr { np: Some((a, b)), np_chars: span_of(left, a, b), cue, ..empty_attr() }.with_toks(left, chars);
    let ok = match attr.kind {
        Some(SpeakerKind::Name) => first_word_cap(left, (a, b)),
        Some(SpeakerKind::Pronoun) => matches!(attr.speaker.as_deref(), Some("he" | "she")),
        _ => false,
    };
    ok.then_some(attr)
}

/// Resolve names and pronouns of an attribution against the article's entities.
fn resolve(attr: &mut Attr, ents: &Entities, speakers: &[(usize, usize)], chars: &[char], clause_from: usize) {
    let Some(kind) = attr.kind else { return };
    let pos = attr.np_chars.map(|(a, _)| a).unwrap_or(0);
    match kind {
        SpeakerKind::Name => {
            if let Some(mut s) = attr.speaker.clone() {
                // a Title Case headline run ("Gingrich Takes Talk"): the longest
                // part of it that names an entity of the article
                let words: Vec<&str> = s.split_whitespace().collect();
                let known = |w: &str| {
                    if w.split_whitespace().count() >= 2 { ents.find_full(w) } else { ents.find_short(w) }
                };
                if words.len() >= 2 && known(&s).is_none() {
                    'outer: for len in (1..words.len()).rev() {
                        for i in 0..=words.len() - len {
                            let sub = words.get(i..i + len).unwrap_or(&[]).join(" ");
                            if known(&sub).is_some() {
                                s = sub;
                                break 'outer;
                            }
                        }
                    }
                }
                let full = ents.resolve_name(&s);
                attr.written = Some(s.clone());
                let n = full.split_whitespace().count();
                attr.entity = if n >= 2 { ents.find_full(&full) } else { ents.find_short(&full) };
                attr.speaker = Some(full);
            }
        }
        SpeakerKind::Pronoun => {
            let p = attr.speaker.clone().unwrap_or_default();
            let g = match p.as_str() {
                "who" => Gender::Unknown,
                other => pronoun_gender(other).unwrap_or(Gender::Unknown),
            };
            if p == "who" {
                // antecedent: the name right before ", who"
                let id = ents.mentions.iter().rev().find(|m| m.e <= pos && pos - m.e <= 4).map(|m| m.entity);
                attr.entity = id;
                attr.speaker = id.and_then(|i| ents.list.get(i)).map(|e| e.name());
                return;
            }
            if g == Gender::Unknown {
                attr.speaker = None;
                return;
            }
            // "Rubio said … of Trump, whom he called …": a pronoun refers back to
            // the first person named in its own sentence (its subject) when one fits
            let id = ents.first_in_span(clause_from, pos, g).or_else(|| ents.resolve_pronoun(pos, g, speakers, 3000));
            attr.entity = id;
            attr.speaker = id.and_then(|i| ents.list.get(i)).map(|e| e.name());
        }
        SpeakerKind::Nominal => {
            // "the 37-year-old author": an anaphoric description of the last person mentioned
            let text = attr.speaker.clone().unwrap_or_default().to_lowercase();
            let anaphoric = text.starts_with("the ") && text.contains("-year-old");
            if anaphoric {
                let id = ents
                    .mentions
                    .iter()
                    .rev()
                    .filter(|m| m.e <= pos)
                    .find(|m| ents.list.get(m.entity).is_some_and(|e| e.person))
                    .map(|m| m.entity);
                if let Some(e) = id.and_then(|i| ents.list.get(i)) {
                    attr.entity = id;
                    attr.speaker = Some(e.name());
                }
            }
            let _ = chars;
        }
    }
}
