//! Named-entity heuristics for one article: capitalised-name mentions, their
//! resolution to the fullest name in the article ("Alec" → "Alec Baldwin"),
//! salience (the main subject), gender evidence from nearby pronouns and kin
//! words, and resolution of descriptors such as "the actor".
//!
//! Hand-written: no NER model is allowed (pure, dependency-light library), and
//! news prose is regular enough that capitalisation plus a few lexicons gives
//! precise person names for the fact patterns.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use std::borrow::Cow;

use crate::lex::{Tok, lex};

/// Capitalised words that never start or form a name.
static NON_NAME: crate::text::WordSet = crate::text::WordSet::new(&[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "i",
    "we",
    "they",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "its",
    "but",
    "and",
    "or",
    "on",
    "in",
    "at",
    "for",
    "with",
    "as",
    "after",
    "before",
    "when",
    "while",
    "if",
    "so",
    "then",
    "there",
    "what",
    "who",
    "no",
    "not",
    "yes",
    "oh",
    "ok",
    "by",
    "from",
    "to",
    "of",
    "during",
    "nonetheless",
    "however",
    "meanwhile",
    "also",
    "according",
    "speaking",
    "although",
    "though",
    "because",
    "since",
    "until",
    "some",
    "many",
    "more",
    "most",
    "one",
    "two",
    "all",
    "both",
    "each",
    "every",
    "just",
    "now",
    "here",
    "where",
    "why",
    "how",
    "do",
    "did",
    "does",
    "is",
    "was",
    "are",
    "were",
    "be",
    "let",
    "me",
    "him",
    "them",
    "us",
    "sometimes",
    "nothing",
    "anything",
    "someone",
    "everyone",
    "adding",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
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
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "instagram",
    "twitter",
    "facebook",
    "tiktok",
    "youtube",
    "christmas",
    "easter",
    "god",
    "tv",
    "ceo",
    "ptsd",
    "gov",
    "sen",
    "rep",
    "gen",
    "lt",
    "col",
    "capt",
    "sgt",
    "st",
    "mp",
    "mps",
    "uk",
    "us",
    "eu",
    "un",
    "bbc",
    "abc",
    "nbc",
    "cbs",
    "cnn",
    "fox",
    "reuters",
    "ap",
    "emmy",
    "oscar",
    "republican",
    "republicans",
    "democrat",
    "democrats",
    "democratic",
    "gop",
    "labour",
    "tory",
    "tories",
    "conservative",
    "conservatives",
    "liberal",
    "liberals",
    "independent",
    "american",
    "americans",
    "british",
    "european",
    "senate",
    "congress",
    "parliament",
    "government",
    "police",
    "court",
    "washington",
]);

/// Role and title words (lowercase) that may precede a name.
pub(crate) static ROLE_WORDS: crate::text::WordSet = crate::text::WordSet::new(&[
    "actor",
    "actress",
    "director",
    "cinematographer",
    "producer",
    "writer",
    "author",
    "singer",
    "rapper",
    "star",
    "president",
    "minister",
    "secretary",
    "chancellor",
    "senator",
    "governor",
    "mayor",
    "judge",
    "chairman",
    "chairwoman",
    "chair",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "anchor",
    "host",
    "presenter",
    "reporter",
    "journalist",
    "photographer",
    "armorer",
    "armourer",
    "coach",
    "manager",
    "captain",
    "chief",
    "executive",
    "leader",
    "officer",
    "detective",
    "sheriff",
    "inspector",
    "sergeant",
    "lawyer",
    "attorney",
    "prosecutor",
    "comedian",
    "model",
    "designer",
    "economist",
    "analyst",
    "founder",
    "boss",
    "commissioner",
    "ambassador",
    "congressman",
    "congresswoman",
    "candidate",
    "nominee",
    "rep",
    "sen",
    "gov",
    "general",
    "colonel",
    "professor",
    "dr",
    "mr",
    "mrs",
    "ms",
    "sir",
    "dame",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "bishop",
    "chef",
    "dancer",
    "musician",
    "guitarist",
    "drummer",
    "footballer",
    "striker",
    "midfielder",
    "goalkeeper",
    "player",
    "editor",
    "publisher",
    "novelist",
    "poet",
    "artist",
    "filmmaker",
    "screenwriter",
    "driver",
    "pilot",
    "passenger",
    "worker",
    "soldier",
    "student",
    "teacher",
    "nurse",
    "doctor",
    "farmer",
    "councillor",
    "councilor",
]);

/// Portfolio words that make a title with a following "Minister"/"Secretary"
/// ("Interior Minister"); also how role extraction widens a title before a name.
pub(crate) static PORTFOLIO_WORDS: crate::text::WordSet = crate::text::WordSet::new(&[
    "interior",
    "foreign",
    "home",
    "defence",
    "defense",
    "health",
    "finance",
    "justice",
    "education",
    "culture",
    "trade",
    "environment",
    "transport",
    "treasury",
]);

/// Honorifics that are stripped from a name without being a role.
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "rep", "sen", "gov"];

static FEMALE_CUES: crate::text::WordSet = crate::text::WordSet::new(&[
    "wife",
    "mother",
    "mom",
    "mum",
    "daughter",
    "sister",
    "actress",
    "mrs",
    "ms",
    "girlfriend",
    "woman",
    "girl",
    "aunt",
    "grandmother",
    "queen",
    "princess",
    "dame",
    "lady",
    "spokeswoman",
    "chairwoman",
    "congresswoman",
    "niece",
    "widow",
    "fiancee",
]);
static MALE_CUES: crate::text::WordSet = crate::text::WordSet::new(&[
    "husband",
    "father",
    "dad",
    "son",
    "brother",
    "actor",
    "mr",
    "boyfriend",
    "man",
    "boy",
    "uncle",
    "grandfather",
    "king",
    "prince",
    "sir",
    "lord",
    "spokesman",
    "chairman",
    "congressman",
    "nephew",
    "widower",
    "fiance",
]);

/// Gender evidence for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Female,
    Male,
    Unknown,
}

/// One name mention in the text (never in the title).
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    /// Index of the first and one-past-last token of the name in its sentence's token list.
    pub canonical: String,
    /// Role word written right before the name ("cinematographer"), if any.
    pub role: Option<String>,
    pub sentence: usize,
}

/// Entity knowledge about one article.
#[derive(Debug, Default)]
pub(crate) struct Entities {
    pub mentions: Vec<Mention>,
    /// surface (space-joined tokens) → canonical.
    canon: HashMap<String, String>,
    /// canonical names that could not be resolved uniquely (single surnames shared by several people).
    pub ambiguous: HashSet<String>,
    pub salience: HashMap<String, f32>,
    pub gender: HashMap<String, Gender>,
    pub roles: HashMap<String, Vec<String>>,
    /// People who appear in lists of children or with an age under 18.
    pub minors: HashSet<String>,
}

/// Raw name found by [`scan_names`]: byte span, name tokens, role word before it.
#[derive(Debug, Clone)]
pub(crate) struct RawName {
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<String>,
    pub role: Option<String>,
    /// Index (in the token list) of the first and last+1 token of the name.
    pub ti: usize,
    pub tj: usize,
    /// A lone capitalised word opening a sentence ("Prosecutors said"): kept
    /// only if the article also capitalises it elsewhere.
    pub initial_single: bool,
}

fn is_sentence_start(toks: &[Tok<'_>], i: usize) -> bool {
    toks[..i].iter().all(|t| t.kind == crate::lex::Kind::Punct)
}

/// A token list with each token's folded form ([`Tok::lower`]), made once
/// per sentence: name scanning asks for a token's folded word and folded
/// base several times, and a capitalised token costs an allocation each time.
pub(crate) struct Words<'s, 't> {
    pub toks: &'s [Tok<'t>],
    pub low: &'s [Cow<'t, str>],
}

impl<'s> Words<'s, '_> {
    /// `fold_word(toks[i].s)`.
    fn low(&self, i: usize) -> &'s str {
        self.low.get(i).map_or("", |l| l.as_ref())
    }
    /// `fold_word(toks[i].base())`: folding is char by char, so the folded
    /// base is the folded word less its folded possessive suffix.
    fn base_low(&self, i: usize) -> &'s str {
        let l = self.low(i);
        match self.toks.get(i) {
            Some(t) if t.is_possessive() => {
                let suffix = crate::lex::fold_word(&t.s[t.base().len()..]).len();
                l.get(..l.len().saturating_sub(suffix)).unwrap_or(l)
            }
            _ => l,
        }
    }
    /// `toks[i].base().to_lowercase()`, borrowed where that equals the
    /// folded base (ASCII without a backtick).
    fn base_lowercase(&self, i: usize) -> Cow<'s, str> {
        match self.toks.get(i) {
            Some(t) if !t.base().bytes().all(|b| b.is_ascii() && b != b'`') => Cow::Owned(t.base().to_lowercase()),
            _ => Cow::Borrowed(self.base_low(i)),
        }
    }
}

/// One sentence's folded tokens ([`fold_all`]).
pub(crate) type SentLow<'t> = Vec<Cow<'t, str>>;

/// Each token's folded form, for [`Words`].
pub(crate) fn fold_all<'t>(toks: &[Tok<'t>]) -> Vec<Cow<'t, str>> {
    toks.iter().map(|t| t.lower()).collect()
}

/// Find capitalised names in a token list. `common` holds words seen in
/// lowercase elsewhere in the article: a sentence-initial capitalised word
/// that is also common ("During") is not a name.
pub(crate) fn scan_names(w: &Words<'_, '_>, common: &CommonWords<'_>) -> Vec<RawName> {
    let toks = w.toks;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let lw = w.low(i);
        let lb = w.base_low(i);
        let startable = t.is_cap()
            && !NON_NAME.contains(&lb)
            && !crate::text::is_stopword(lw)
            && !(is_sentence_start(toks, i) && (common.contains(lb) || crate::text::is_stopword(lb)));
        // role or honorific prefix, possibly capitalised ("Director Joel Souza", "Mr Blair")
        // a portfolio before a title ("Interior Minister Ana Ruiz", "Foreign Secretary Jack Straw")
        let portfolio_here = PORTFOLIO_WORDS.contains(&lb)
            && toks
                .get(i + 1)
                .is_some_and(|n| n.is_cap() && matches!(w.low(i + 1), "minister" | "secretary" | "chancellor"))
            && toks.get(i + 2).is_some_and(|n| n.is_cap() && !n.glued);
        if portfolio_here {
            if let Some(mut rn) = take_name(w, i + 2, common) {
                rn.role = Some(format!("{lw} {}", w.low(i + 1)));
                i = rn.tj;
                out.push(rn);
                continue;
            }
        }
        let role_here = ROLE_WORDS.contains(&lb) && !t.is_possessive();
        if role_here && toks.get(i + 1).is_some_and(|n| n.is_cap() && !n.glued) {
            // let the loop below see the name; remember the role
            let mut j = i + 1;
            let mut role = Cow::Borrowed(lw);
            // "Assistant Director" / "Prime Minister": swallow one more role word
            if toks.get(j).is_some() {
                let nl = w.low(j);
                if ROLE_WORDS.contains(&nl) && toks.get(j + 1).is_some_and(|m| m.is_cap()) {
                    role = Cow::Owned(format!("{lw} {nl}"));
                    j += 1;
                }
            }
            if let Some(mut rn) = take_name(w, j, common) {
                if !HONORIFICS.contains(&lb) || role.contains(' ') {
                    rn.role = Some(role.to_lowercase());
                } else {
                    rn.role = None;
                }
                i = rn.tj;
                out.push(rn);
                continue;
            }
        }
        if startable {
            if let Some(rn) = take_name(w, i, common) {
                i = rn.tj;
                out.push(rn);
                continue;
            }
        }
        i += 1;
    }
    out
}

fn take_name(w: &Words<'_, '_>, i: usize, common: &CommonWords<'_>) -> Option<RawName> {
    let toks = w.toks;
    let first = toks.get(i)?;
    let fl = w.base_low(i);
    // "Three people were killed": a number word is never a name
    if !first.is_cap()
        || NON_NAME.contains(&fl)
        || crate::text::is_stopword(w.low(i))
        || crate::lex::number_word(fl).is_some()
    {
        return None;
    }
    if is_sentence_start(toks, i) && (common.contains(fl) || crate::text::is_stopword(fl)) {
        return None;
    }
    let initial_single = is_sentence_start(toks, i) && !toks.get(i + 1).is_some_and(|n| n.is_cap());
    let mut tokens = vec![first.base().to_string()];
    let mut j = i + 1;
    let mut end = first.start + first.base().len();
    if !first.is_possessive() {
        while let Some(t) = toks.get(j) {
            let lw = w.low(j);
            let particle = matches!(lw, "de" | "da" | "van" | "von" | "der" | "bin" | "al" | "del" | "la" | "le");
            if t.is_cap() && !NON_NAME.contains(&&*w.base_lowercase(j)) {
                tokens.push(t.base().to_string());
                end = t.start + t.base().len();
                j += 1;
                if t.is_possessive() {
                    break;
                }
            } else if particle && toks.get(j + 1).is_some_and(|n| n.is_cap()) {
                tokens.push(t.s.to_string());
                j += 1;
            } else {
                break;
            }
            if tokens.len() >= 4 {
                break;
            }
        }
    }
    Some(RawName { start: first.start, end, tokens, role: None, ti: i, tj: j, initial_single })
}

/// Words of an article seen in lowercase, used to reject sentence-initial
/// common words ([`Entities::build`] collects them).
pub(crate) type CommonWords<'a> = HashSet<std::borrow::Cow<'a, str>>;

fn join(tokens: &[String]) -> String {
    tokens.join(" ")
}

impl Entities {
    /// Build entity knowledge from the title and the sentences of the text.
    #[cfg(test)]
    pub fn build(title: &str, text: &str, sentences: &[(usize, usize)]) -> Entities {
        Self::build_lexed(title, text, sentences).0
    }

    /// Entity knowledge from the title and the sentences of the text, and
    /// each sentence's tokens (`lex(text, s, e)`) and their folded forms,
    /// which the fact extractor needs as well. The text is lexed once: the
    /// article's lowercase and capitalised words come from the sentences'
    /// tokens, plus any text between sentences lexed on its own.
    pub(crate) fn build_lexed<'t>(
        title: &str,
        text: &'t str,
        sentences: &[(usize, usize)],
    ) -> (Entities, Vec<Vec<Tok<'t>>>, Vec<SentLow<'t>>) {
        // each sentence's tokens and their folded forms, made once
        let sent_toks: Vec<Vec<Tok<'t>>> = sentences.iter().map(|&(s, e)| lex(text, s, e)).collect();
        let sent_low: Vec<Vec<Cow<'t, str>>> = sent_toks.iter().map(|t| fold_all(t)).collect();
        // the article's lowercase words and its capitalised ones: the
        // sentences' tokens, and any text between sentences lexed on its own
        let mut common = CommonWords::default();
        let mut text_caps: HashSet<&'t str> = HashSet::default();
        let mut note = |t: &Tok<'t>, low: &Cow<'t, str>| {
            if t.is_cap() {
                text_caps.insert(t.base());
            } else if t.is_word() {
                common.insert(low.clone());
            }
        };
        let mut covered = 0;
        for (&(s, e), (toks, low)) in sentences.iter().zip(sent_toks.iter().zip(&sent_low)) {
            if s > covered {
                for t in lex(text, covered, s) {
                    let l = t.lower();
                    note(&t, &l);
                }
            }
            for (t, l) in toks.iter().zip(low) {
                note(t, l);
            }
            covered = covered.max(e);
        }
        if covered < text.len() {
            for t in lex(text, covered, text.len()) {
                let l = t.lower();
                note(&t, &l);
            }
        }
        let mut raw: Vec<(RawName, Option<usize>)> = Vec::new();
        let ttoks = lex(title, 0, title.len());
        let tlow = fold_all(&ttoks);
        let mut title_cues: Vec<(Vec<String>, Gender)> = Vec::new();
        for r in scan_names(&Words { toks: &ttoks, low: &tlow }, &common) {
            // title case ("Emotional Post in Response"): keep runs of words the text also capitalises
            let mut run: Vec<String> = Vec::new();
            let mut runs = Vec::new();
            for w in &r.tokens {
                if text_caps.contains(w.as_str()) {
                    run.push(w.clone());
                } else if !run.is_empty() {
                    runs.push(std::mem::take(&mut run));
                }
            }
            if !run.is_empty() {
                runs.push(run);
            }
            let cue = r.ti.checked_sub(1).and_then(|p| tlow.get(p));
            for tokens in runs {
                if let Some(c) = cue {
                    if FEMALE_CUES.contains(&&**c) {
                        title_cues.push((tokens.clone(), Gender::Female));
                    } else if MALE_CUES.contains(&&**c) {
                        title_cues.push((tokens.clone(), Gender::Male));
                    }
                }
                raw.push((RawName { tokens, ..r.clone() }, None));
            }
        }
        let mut body: Vec<(RawName, Option<usize>)> = Vec::new();
        for (si, (toks, low)) in sent_toks.iter().zip(&sent_low).enumerate() {
            for r in scan_names(&Words { toks, low }, &common) {
                body.push((r, Some(si)));
            }
        }
        let elsewhere: HashSet<String> = body
            .iter()
            .chain(raw.iter())
            .filter(|(r, _)| !r.initial_single)
            .flat_map(|(r, _)| r.tokens.iter().cloned())
            .collect();
        raw.extend(body.into_iter().filter(|(r, _)| !r.initial_single || elsewhere.contains(&r.tokens[0])));
        // all distinct surface names
        let surfaces: HashSet<Vec<String>> = raw.iter().map(|(r, _)| r.tokens.clone()).collect();
        let mut count: HashMap<String, f32> = HashMap::default();
        for (r, si) in &raw {
            *count.entry(join(&r.tokens)).or_default() += if si.is_none() { 2.0 } else { 1.0 };
        }
        let mut ents = Entities::default();
        // resolve each surface to the fullest containing name
        for s in &surfaces {
            let cands: Vec<&Vec<String>> = surfaces
                .iter()
                .filter(|m| m.len() > s.len() && (m.starts_with(s) || m.ends_with(s)))
                .filter(|m| !(m.len() >= 2 && s.len() == 1 && m.iter().any(|w| w.len() <= 1)))
                .collect();
            // keep maximal candidates only
            let maximal: Vec<&Vec<String>> = cands
                .iter()
                .copied()
                .filter(|m| !cands.iter().any(|o| o.len() > m.len() && (o.starts_with(m) || o.ends_with(m))))
                .collect();
            let key = join(s);
            let canon = match maximal.len() {
                0 => key.clone(),
                1 => join(maximal[0]),
                _ => {
                    let by_first: Vec<&&Vec<String>> = maximal.iter().filter(|m| m.starts_with(s)).collect();
                    if by_first.len() == 1 {
                        join(by_first[0])
                    } else {
                        let mut sal: Vec<(f32, String)> = maximal
                            .iter()
                            .map(|m| {
                                let k = join(m);
                                (count.get(&k).copied().unwrap_or(0.0), k)
                            })
                            .collect();
                        sal.sort_by(|a, b| b.0.total_cmp(&a.0));
                        if sal.len() >= 2 && sal[0].0 >= 2.0 * sal[1].0 && sal[0].0 >= 3.0 {
                            sal[0].1.clone()
                        } else {
                            ents.ambiguous.insert(key.clone());
                            key.clone()
                        }
                    }
                }
            };
            ents.canon.insert(key, canon);
        }
        for (r, si) in &raw {
            let c = ents.canonical(&join(&r.tokens));
            *ents.salience.entry(c.clone()).or_default() += if si.is_none() { 3.0 } else { 1.0 };
            if let Some(role) = &r.role {
                ents.roles.entry(c.clone()).or_default().push(role.clone());
            }
            if let Some(si) = si {
                ents.mentions.push(Mention {
                    start: r.start,
                    end: r.end,
                    canonical: c,
                    role: r.role.clone(),
                    sentence: *si,
                });
            }
        }
        ents.mentions.sort_by_key(|m| m.start);
        let cues: Vec<(String, Gender)> = title_cues.iter().map(|(t, g)| (ents.canonical(&join(t)), *g)).collect();
        ents.compute_gender(&sent_toks, &sent_low, &cues);
        (ents, sent_toks, sent_low)
    }

    /// Canonical (fullest) form of a surface name.
    pub fn canonical(&self, surface: &str) -> String {
        self.canon.get(surface).cloned().unwrap_or_else(|| surface.to_string())
    }

    fn compute_gender(
        &mut self,
        sent_toks: &[Vec<Tok<'_>>],
        sent_low: &[Vec<Cow<'_, str>>],
        title_cues: &[(String, Gender)],
    ) {
        let mut f: HashMap<String, i32> = HashMap::default();
        let mut m: HashMap<String, i32> = HashMap::default();
        for (c, g) in title_cues {
            match g {
                Gender::Female => *f.entry(c.clone()).or_default() += 2,
                Gender::Male => *m.entry(c.clone()).or_default() += 2,
                Gender::Unknown => {}
            }
        }
        // each sentence's mentions, in text order, gathered in one pass
        let mut by_sent: Vec<Vec<&Mention>> = vec![Vec::new(); sent_toks.len()];
        for x in &self.mentions {
            if let Some(v) = by_sent.get_mut(x.sentence) {
                v.push(x);
            }
        }
        let no_low = Vec::new();
        for (si, toks) in sent_toks.iter().enumerate() {
            let ments = &by_sent[si];
            let low = sent_low.get(si).unwrap_or(&no_low);
            let word = |i: usize| low.get(i).map_or("", |l| l.as_ref());
            for (k, men) in ments.iter().enumerate() {
                // kin/role cue right before the name ("wife Hilaria", "her husband, Alec")
                let before: Vec<usize> =
                    (0..toks.len()).filter(|&i| toks[i].end <= men.start && toks[i].is_word()).collect();
                if let Some(w) = before.last().map(|&i| word(i)) {
                    if FEMALE_CUES.contains(&w) {
                        *f.entry(men.canonical.clone()).or_default() += 2;
                    }
                    if MALE_CUES.contains(&w) {
                        *m.entry(men.canonical.clone()).or_default() += 2;
                    }
                }
                if let Some(r) = &men.role {
                    let r = r.rsplit(' ').next().unwrap_or("");
                    if FEMALE_CUES.contains(&r) {
                        *f.entry(men.canonical.clone()).or_default() += 2;
                    }
                    if MALE_CUES.contains(&r) {
                        *m.entry(men.canonical.clone()).or_default() += 2;
                    }
                }
                if k != 0 {
                    continue;
                }
                // the sentence's first name: possessives up to the next name, and
                // subject pronouns anywhere after it when it opens the sentence
                let limit = ments.get(1).map(|n| n.start).unwrap_or(usize::MAX);
                let opens = before.len() <= 1;
                for (t, w) in toks.iter().zip(low).filter(|(t, _)| t.start >= men.end && t.is_word()) {
                    let near = t.end <= limit;
                    match w.as_ref() {
                        "she" | "she's" | "herself" if near || opens => {
                            *f.entry(men.canonical.clone()).or_default() += 1
                        }
                        "he" | "he's" | "himself" if near || opens => *m.entry(men.canonical.clone()).or_default() += 1,
                        "her" | "hers" if near => *f.entry(men.canonical.clone()).or_default() += 1,
                        "his" if near => *m.entry(men.canonical.clone()).or_default() += 1,
                        _ => {}
                    }
                }
                // "He also claims ..." opening the next sentence, which names nobody
                if opens {
                    if let Some(next) = sent_toks.get(si + 1) {
                        if by_sent.get(si + 1).is_none_or(|v| v.is_empty()) {
                            match next.iter().find(|t| t.is_word()).map(|t| t.lower()).as_deref() {
                                Some("she") => *f.entry(men.canonical.clone()).or_default() += 1,
                                Some("he") => *m.entry(men.canonical.clone()).or_default() += 1,
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
        for c in self.salience.keys() {
            let fv = f.get(c).copied().unwrap_or(0);
            let mv = m.get(c).copied().unwrap_or(0);
            let g = if fv > mv {
                Gender::Female
            } else if mv > fv {
                Gender::Male
            } else {
                Gender::Unknown
            };
            self.gender.insert(c.clone(), g);
        }
    }

    /// Gender evidence for a canonical name.
    pub fn gender_of(&self, canonical: &str) -> Gender {
        self.gender.get(canonical).copied().unwrap_or(Gender::Unknown)
    }

    /// People ranked by salience, most salient first (ties by name for determinism).
    pub fn ranked(&self) -> Vec<(String, f32)> {
        let mut v: Vec<(String, f32)> = self.salience.iter().map(|(k, v)| (k.clone(), *v)).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    /// The article's main subject: the most salient multi-word name, when it
    /// clearly dominates (≥ 1.5× the next person).
    pub fn main_subject(&self) -> Option<String> {
        let persons: Vec<(String, f32)> =
            self.ranked().into_iter().filter(|(k, _)| k.contains(' ') && self.is_person(k)).collect();
        let first = persons.first()?;
        let second = persons.get(1).map(|p| p.1).unwrap_or(0.0);
        (first.1 >= 1.5 * second && first.1 >= 2.0).then(|| first.0.clone())
    }

    /// Some evidence that a canonical name is a person (gender or a role).
    pub fn is_person(&self, c: &str) -> bool {
        self.gender_of(c) != Gender::Unknown || self.roles.contains_key(c) || self.minors.contains(c)
    }

    /// Resolve a descriptor noun ("actor", "actress", "author") used as "the
    /// actor" to a person, with a confidence; None when ambiguous.
    pub fn resolve_descriptor(&self, noun: &str) -> Option<(String, f32)> {
        // explicit role link ("actor Alec Baldwin")
        let with_role: Vec<&String> =
            self.roles.iter().filter(|(_, rs)| rs.iter().any(|r| r.ends_with(noun))).map(|(k, _)| k).collect();
        if with_role.len() == 1 {
            return Some((with_role[0].clone(), 0.9));
        }
        if with_role.len() > 1 {
            return None;
        }
        let want = if FEMALE_CUES.contains(&noun) {
            Gender::Female
        } else if MALE_CUES.contains(&noun) {
            Gender::Male
        } else {
            Gender::Unknown
        };
        // adults with a name of 2+ words, no conflicting role
        let cands: Vec<(String, f32)> = self
            .ranked()
            .into_iter()
            .filter(|(k, _)| k.contains(' ') && !self.minors.contains(k) && !self.roles.contains_key(k))
            .filter(|(k, _)| {
                let g = self.gender_of(k);
                if want == Gender::Unknown { g != Gender::Unknown } else { g == want }
            })
            .collect();
        let first = cands.first()?;
        let second = cands.get(1).map(|c| c.1).unwrap_or(0.0);
        if want != Gender::Unknown && first.1 >= 1.5 * second {
            return Some((first.0.clone(), if second == 0.0 { 0.85 } else { 0.7 }));
        }
        if want == Gender::Unknown && first.1 >= 2.5 * second && first.1 >= 3.0 {
            return Some((first.0.clone(), 0.6));
        }
        None
    }

    /// The most recent mention (before byte `pos`) of a person with gender `g`.
    pub fn last_of_gender(&self, pos: usize, g: Gender) -> Option<String> {
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.start < pos)
            .find(|m| self.gender_of(&m.canonical) == g && !self.minors.contains(&m.canonical))
            .map(|m| m.canonical.clone())
    }

    /// Family (last) name of a canonical name.
    pub fn family_of(canonical: &str) -> String {
        canonical.rsplit(' ').next().unwrap_or(canonical).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(title: &str, text: &str) -> Entities {
        let sents: Vec<(usize, usize)> =
            newsfold_core::sentences(text).iter().map(|s| (s.span.start, s.span.end)).collect();
        Entities::build(title, text, &sents)
    }

    #[test]
    fn resolves_short_names_to_full() {
        let e = build(
            "Maria Oduya wins award",
            "Maria thanked her husband, Tom Oduya. During the night he said Tom was proud. Oduya left early.",
        );
        assert_eq!(e.canonical("Maria"), "Maria Oduya");
        assert_eq!(e.canonical("Tom"), "Tom Oduya");
        // "Oduya" is shared by two people: resolved only if one dominates
        assert!(e.ambiguous.contains("Oduya") || e.canonical("Oduya") == "Maria Oduya");
        assert!(!e.salience.contains_key("During"));
        assert_eq!(e.gender_of("Tom Oduya"), Gender::Male);
    }

    #[test]
    fn role_prefix_is_recorded() {
        let e = build("", "The shot hit cinematographer Lena Park and Director Sam Ortiz.");
        assert_eq!(e.roles.get("Lena Park").map(|v| v[0].as_str()), Some("cinematographer"));
        assert_eq!(e.roles.get("Sam Ortiz").map(|v| v[0].as_str()), Some("director"));
    }
}
