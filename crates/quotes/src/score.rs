//! Scoring of predicted quotes against gold, exactly as the PolNeAR quotes
//! corpus README defines it (pure functions; the I/O lives in
//! `examples/eval_polnear.rs` and the integration test).
//!
//! 1. Trim spans: strip whitespace, quotation marks and `, . ; :` at both ends.
//! 2. Overlap `r = |P ∩ G| / max(|P|, |G|)` in chars after trimming.
//! 3. One-to-one greedy matching by descending `r`, keeping `r ≥ 0.5`
//!    (the exact variant pairs only identical trimmed spans).
//! 4. Speakers: `norm()` rules (a) literal mention, (b) a listed name,
//!    (c) surname-level token subset including the name's last token.

use unicode_normalization::UnicodeNormalization;

/// A gold quote with the fields scoring needs.
#[derive(Debug, Clone, Default)]
pub struct GoldQuote {
    /// Char span of the quote.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Gold source mention (null for no-source).
    pub speaker: Option<String>,
    /// Names that count as the same speaker.
    pub speaker_names: Vec<String>,
    /// `name`, `pronoun`, `nominal` or `none`.
    pub speaker_type: String,
    /// Content has words outside the marks.
    pub mixed: bool,
    /// `\w+` tokens in the quote.
    pub n_words: usize,
}

/// A predicted quote.
#[derive(Debug, Clone, Default)]
pub struct PredQuote {
    /// Char span.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Predicted speaker.
    pub speaker: Option<String>,
}

fn is_trim_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\u{201C}'
                | '\u{201D}'
                | '\u{201E}'
                | '\u{2018}'
                | '\u{2019}'
                | '\''
                | '\u{00AB}'
                | '\u{00BB}'
                | '\u{2033}'
                | ','
                | '.'
                | ';'
                | ':'
        )
}

/// Trim a char span of `chars` per the README.
pub fn trim(chars: &[char], mut a: usize, mut b: usize) -> (usize, usize) {
    b = b.min(chars.len());
    a = a.min(b);
    while a < b && chars.get(a).is_some_and(|c| is_trim_char(*c)) {
        a += 1;
    }
    while b > a && chars.get(b - 1).is_some_and(|c| is_trim_char(*c)) {
        b -= 1;
    }
    (a, b)
}

/// Overlap ratio of two trimmed spans.
pub fn overlap(p: (usize, usize), g: (usize, usize)) -> f64 {
    let inter = p.1.min(g.1).saturating_sub(p.0.max(g.0));
    let den = (p.1 - p.0).max(g.1 - g.0);
    if den == 0 { 0.0 } else { inter as f64 / den as f64 }
}

/// Greedy one-to-one matching; returns `(pred index, gold index)` pairs.
pub fn match_spans(chars: &[char], preds: &[PredQuote], golds: &[GoldQuote], exact: bool) -> Vec<(usize, usize)> {
    let pt: Vec<(usize, usize)> = preds.iter().map(|p| trim(chars, p.start, p.end)).collect();
    let gt: Vec<(usize, usize)> = golds.iter().map(|g| trim(chars, g.start, g.end)).collect();
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for (i, p) in pt.iter().enumerate() {
        for (j, g) in gt.iter().enumerate() {
            let r = overlap(*p, *g);
            let ok = if exact { p == g && p.1 > p.0 } else { r >= 0.5 };
            if ok {
                cands.push((r, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_p = vec![false; preds.len()];
    let mut used_g = vec![false; golds.len()];
    let mut out = Vec::new();
    for (_, i, j) in cands {
        if !used_p[i] && !used_g[j] {
            used_p[i] = true;
            used_g[j] = true;
            out.push((i, j));
        }
    }
    out
}

const LEADING: &[&str] = &[
    "the",
    "a",
    "an",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "secretary",
    "gen",
    "rev",
    "prof",
    "former",
];

/// The README's `norm()`.
pub fn norm(x: &str) -> String {
    let s: String = x.nfkc().collect::<String>().to_lowercase();
    let s = s.replace(['\u{2019}', '\u{2018}'], "'");
    let s = if let Some(t) = s.strip_suffix("'s") {
        t.to_string()
    } else if let Some(t) = s.strip_suffix('\'') {
        t.to_string()
    } else {
        s
    };
    let s: String =
        s.chars().map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'' { c } else { ' ' }).collect();
    let mut toks: Vec<&str> = s.split_whitespace().collect();
    while toks.first().is_some_and(|t| LEADING.contains(t)) {
        toks.remove(0);
    }
    toks.join(" ")
}

/// Is `pred` a correct speaker for `gold` (rules a, b, c)?
pub fn speaker_correct(pred: Option<&str>, gold: &GoldQuote) -> bool {
    let Some(p) = pred else { return false };
    let np = norm(p);
    if let Some(g) = &gold.speaker {
        if np == norm(g) {
            return true;
        }
    }
    let pt: Vec<&str> = np.split_whitespace().collect();
    for n in &gold.speaker_names {
        let nn = norm(n);
        if np == nn {
            return true;
        }
        let nt: Vec<&str> = nn.split_whitespace().collect();
        if let Some(last) = nt.last() {
            if !pt.is_empty() && pt.iter().all(|t| nt.contains(t)) && pt.contains(last) {
                return true;
            }
        }
    }
    false
}

/// Micro-averaged counts over articles.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Predictions.
    pub pred: usize,
    /// Gold quotes.
    pub gold: usize,
    /// Matched pairs (r ≥ 0.5).
    pub matched: usize,
    /// Exactly matched pairs.
    pub exact: usize,
    /// Gold `mixed == false` / matched.
    pub gold_unmixed: usize,
    /// Matched among `mixed == false`.
    pub matched_unmixed: usize,
    /// Gold `mixed == true`.
    pub gold_mixed: usize,
    /// Matched among `mixed == true`.
    pub matched_mixed: usize,
    /// Gold with at least 4 words.
    pub gold_4w: usize,
    /// Matched among those.
    pub matched_4w: usize,
    /// Per speaker type: (type, matched with gold speaker, correct).
    pub speaker: Vec<(String, usize, usize)>,
    /// Gold with a speaker.
    pub gold_with_speaker: usize,
    /// Predictions matched to a gold quote with a null speaker (left out of end-to-end).
    pub pred_on_null_gold: usize,
    /// Matched and speaker correct.
    pub e2e_tp: usize,
}

impl Tally {
    /// Score one article.
    pub fn add(&mut self, text: &str, preds: &[PredQuote], golds: &[GoldQuote]) -> Vec<(usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        let pairs = match_spans(&chars, preds, golds, false);
        self.pred += preds.len();
        self.gold += golds.len();
        self.matched += pairs.len();
        self.exact += match_spans(&chars, preds, golds, true).len();
        for g in golds {
            if g.mixed {
                self.gold_mixed += 1;
            } else {
                self.gold_unmixed += 1;
            }
            if g.n_words >= 4 {
                self.gold_4w += 1;
            }
            if g.speaker.is_some() {
                self.gold_with_speaker += 1;
            }
        }
        for &(i, j) in &pairs {
            let (Some(p), Some(g)) = (preds.get(i), golds.get(j)) else { continue };
            if g.mixed {
                self.matched_mixed += 1;
            } else {
                self.matched_unmixed += 1;
            }
            if g.n_words >= 4 {
                self.matched_4w += 1;
            }
            if g.speaker.is_none() {
                self.pred_on_null_gold += 1;
                continue;
            }
            let ok = speaker_correct(p.speaker.as_deref(), g);
            if ok {
                self.e2e_tp += 1;
            }
            match self.speaker.iter_mut().find(|s| s.0 == g.speaker_type) {
                Some(s) => {
                    s.1 += 1;
                    s.2 += usize::from(ok);
                }
                None => self.speaker.push((g.speaker_type.clone(), 1, usize::from(ok))),
            }
        }
        pairs
    }

    /// Span precision.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.pred)
    }
    /// Span recall.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    /// Speaker accuracy for one type (or all when `None`).
    pub fn speaker_acc(&self, ty: Option<&str>) -> f64 {
        let (m, c) = self
            .speaker
            .iter()
            .filter(|s| ty.is_none_or(|t| s.0 == t))
            .fold((0, 0), |acc, s| (acc.0 + s.1, acc.1 + s.2));
        ratio(c, m)
    }
    /// End-to-end (precision, recall, F1).
    pub fn e2e(&self) -> (f64, f64, f64) {
        let p = ratio(self.e2e_tp, self.pred - self.pred_on_null_gold);
        let r = ratio(self.e2e_tp, self.gold_with_speaker);
        (p, r, f1(p, r))
    }
}

/// `a / b`, 0 when `b == 0`.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Harmonic mean.
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_rules() {
        assert_eq!(norm("Sen. Ted Cruz’s"), "ted cruz");
        assert_eq!(norm("The former President Obama"), "obama");
        let g = GoldQuote {
            speaker: Some("he".into()),
            speaker_names: vec!["Donald J. Trump".into()],
            ..Default::default()
        };
        assert!(speaker_correct(Some("Trump"), &g));
        assert!(speaker_correct(Some("Donald Trump"), &g));
        assert!(speaker_correct(Some("He"), &g));
        let h = GoldQuote {
            speaker: Some("she".into()),
            speaker_names: vec!["Hillary Clinton".into()],
            ..Default::default()
        };
        assert!(!speaker_correct(Some("Bill Clinton"), &h));
        assert!(!speaker_correct(None, &h));
    }

    #[test]
    fn matching_is_one_to_one() {
        let t: Vec<char> = "“abcdefghij,” he said".chars().collect();
        let g = vec![GoldQuote { start: 1, end: 12, ..Default::default() }];
        let p = vec![PredQuote { start: 1, end: 11, speaker: None }, PredQuote { start: 2, end: 11, speaker: None }];
        let m = match_spans(&t, &p, &g, false);
        assert_eq!(m, vec![(0, 0)]);
        assert_eq!(match_spans(&t, &p, &g, true), vec![(0, 0)]);
    }
}
