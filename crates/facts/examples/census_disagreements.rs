//! Extractor-independent census of numeric and quote disagreements.
//!
//! The precision review (`review_disagreements`) can only show what the fact
//! extractor extracts. This census bounds the genuine disagreements in the
//! corpora WITHOUT the extractor: for every pair of articles the review could
//! compare, it aligns sentences by content words and lists every aligned
//! sentence pair whose numbers conflict, and every aligned quoted span whose
//! wording differs.
//!
//! Article pairs: every pair inside the widest review groups
//! (`REVIEW_WIDE=1 REVIEW_COMPONENTS=1 REVIEW_QUOTE_LINK=1` of
//! `review_disagreements`: bbc-dups judged `near_duplicate`/`same_story` pairs
//! and unjudged same-category pairs sharing 4+ capitalised two-word names,
//! joined into components; PolNeAR articles up to 3 days apart sharing 3+
//! such names, or up to 7 days apart printing the same 8-word quote, joined
//! into components; extraction reference texts sharing 3+ names), plus every
//! judged bbc-dups pair whatever its label.
//!
//! Sentence alignment: each sentence is paired with the sentence of the other
//! article with the highest Jaccard of stemmed content words (numbers and
//! number words excluded, so that a changed figure does not lower the score);
//! pairs with Jaccard ≥ `CENSUS_MIN_SIM` (default 0.3; 0.5 gives a tighter list) and at least 3 content
//! words a side are aligned (best match in either direction).
//!
//! Numbers: digit groups (`1,500`, `4.4`) with a scale word (`m`, `bn`,
//! `million`) or `%`/`per cent`, currency signs, and English number words
//! (`two` .. `ninety-nine`, `hundred`, `a dozen`; `one` and `a` are left out:
//! mostly pronouns/articles). A number conflict is an aligned pair where EACH
//! side states a number the other side does not (a figure only one side gives
//! is an omission, counted separately, not a conflict). A pair is skipped when
//! either article also prints the other's sentence verbatim (live blogs carry
//! each update's figure in every copy).
//!
//! Quotes: spans between quotation marks (straight or curly) of at least 4
//! words, paired with the other article's most similar quoted span (word
//! Jaccard ≥ 0.5, function words included); a pair whose folded word
//! sequences differ, and where neither is a contiguous part of the other
//! (a trimmed quote), is a wording difference.
//!
//! Each hit also lists the facts `extract_facts` finds in the two sentences
//! and whether the default detector flags the pair (`flagged`: both texts, up to
//! punctuation and case, among the sentences or wordings of one flag), to see where
//! the detector misses.
//!
//! Run: `cargo run --release -p newsfold-facts --example census_disagreements`.
//! Hits are deduplicated by sentence text (copies of one report give one hit)
//! and printed in a fixed order; `CENSUS_SAMPLE=n` prints a seeded random
//! sample of n hits instead of all.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use newsfold_core::Article;
use newsfold_facts::{
    DisagreementParams, QuoteInput, QuoteParams, QuoteVariant, extract_facts, find_disagreements_with,
    quote_disagreements_with,
};
use newsfold_quotes::{ArticleRef, cluster_quotes, extract_quotes};

const STOP: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "him", "his", "i", "if", "in",
    "into", "is", "it", "its", "me", "more", "my", "no", "not", "now", "of", "on", "or", "our", "out", "over", "said",
    "says", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "up", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "you", "mr",
    "mrs", "ms", "s", "t",
];

const UNITS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// English number word value (`one` .. `ninety-nine`, `hundred`, `thousand`, `dozen`).
fn word_number(w: &str) -> Option<f64> {
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return Some(i as f64 + 1.0);
    }
    if let Some(i) = TENS.iter().position(|u| *u == w) {
        return Some((i as f64 + 2.0) * 10.0);
    }
    if let Some((t, u)) = w.split_once('-') {
        let (Some(ti), Some(ui)) = (TENS.iter().position(|x| *x == t), UNITS.iter().position(|x| *x == u)) else {
            return None;
        };
        if ui < 9 {
            return Some((ti as f64 + 2.0) * 10.0 + ui as f64 + 1.0);
        }
    }
    match w {
        "dozen" => Some(12.0),
        "hundred" => Some(100.0),
        "thousand" => Some(1000.0),
        _ => None,
    }
}

fn scale(w: &str) -> Option<f64> {
    match w {
        "k" | "thousand" => Some(1e3),
        "m" | "mn" | "million" | "millions" => Some(1e6),
        "bn" | "b" | "billion" | "billions" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

/// Lowercased words and single non-space symbols of `s` (digits keep inner `,`/`.`).
fn lex(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().map(newsfold_core::fold_char).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if c.is_whitespace() {
            k += 1;
        } else if c.is_ascii_digit() {
            let mut w = String::new();
            while k < chars.len() {
                let d = chars[k];
                if d.is_ascii_digit() {
                    w.push(d);
                    k += 1;
                } else if (d == ',' || d == '.') && chars.get(k + 1).is_some_and(char::is_ascii_digit) {
                    if d == '.' {
                        w.push('.');
                    }
                    k += 1;
                } else {
                    break;
                }
            }
            out.push(w);
        } else if c.is_alphabetic() {
            let mut w = String::new();
            while k < chars.len() && (chars[k].is_alphabetic() || chars[k] == '-' || chars[k] == '\'') {
                w.push(chars[k]);
                k += 1;
            }
            for (i, part) in w.trim_matches(['-', '\'']).split('-').enumerate() {
                // keep "twenty-five" whole
                if i == 0 && w.split('-').count() == 2 && word_number(w.trim_matches(['-', '\''])).is_some() {
                    out.push(w.trim_matches(['-', '\'']).to_lowercase());
                    break;
                }
                if !part.is_empty() {
                    out.push(part.to_lowercase());
                }
            }
        } else {
            out.push(c.to_string());
            k += 1;
        }
    }
    out
}

/// Normalised numbers of a sentence ("$4.4e9", "12%", "6").
fn numbers(s: &str) -> Vec<String> {
    let toks = lex(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let digit = t.chars().next().is_some_and(|c| c.is_ascii_digit());
        let mut val = if digit {
            t.parse::<f64>().ok()
        } else if t == "one" || (t == "dozen" && i > 0 && toks[i - 1] != "a") || t == "hundred" || t == "thousand" {
            // "one" is mostly a pronoun; a bare "hundred"/"thousand" is handled as a scale
            None
        } else {
            word_number(t)
        };
        if t == "dozen" && i > 0 && toks[i - 1] == "a" {
            val = Some(12.0);
        }
        let Some(mut v) = val else {
            i += 1;
            continue;
        };
        let cur = if i > 0 && ["$", "£", "€"].contains(&toks[i - 1].as_str()) {
            toks[i - 1].clone()
        } else {
            String::new()
        };
        let mut j = i + 1;
        while let Some(sc) = toks.get(j).and_then(|w| scale(w).or(if w == "hundred" { Some(100.0) } else { None })) {
            v *= sc;
            j += 1;
        }
        let mut suffix = String::new();
        if toks.get(j).is_some_and(|w| w == "%") {
            suffix.push('%');
            j += 1;
        } else if toks.get(j).is_some_and(|w| w == "per") && toks.get(j + 1).is_some_and(|w| w == "cent") {
            suffix.push('%');
            j += 2;
        } else if toks.get(j).is_some_and(|w| w == "percent") {
            suffix.push('%');
            j += 1;
        }
        out.push(format!("{cur}{}{suffix}", trim_num(v)));
        i = j;
    }
    out
}

fn trim_num(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn stem(w: &str) -> String {
    for (suf, rep) in [("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")] {
        if w.len() > suf.len() + 3 {
            if let Some(b) = w.strip_suffix(suf) {
                return format!("{b}{rep}");
            }
        }
    }
    w.to_string()
}

/// Stemmed content words without numbers.
fn bag(s: &str) -> HashSet<String> {
    lex(s)
        .into_iter()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .filter(|w| {
            !STOP.contains(&w.as_str()) && word_number(w).is_none() && !["dozen", "per", "cent"].contains(&w.as_str())
        })
        .map(|w| stem(w.trim_end_matches("'s")))
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let i = a.intersection(b).count();
    let u = a.len() + b.len() - i;
    if u == 0 { 0.0 } else { i as f32 / u as f32 }
}

/// Quoted spans of a paragraph-separated text (straight quotes pair up within a paragraph).
fn quoted_spans(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut open: Option<usize> = None;
        for (i, c) in para.char_indices() {
            match c {
                '“' => open = Some(i + c.len_utf8()),
                '”' | '"' if open.is_some() => {
                    if let Some(s) = open.take() {
                        if let Some(q) = para.get(s..i) {
                            out.push(q.to_string());
                        }
                    }
                }
                '"' => open = Some(i + 1),
                _ => {}
            }
        }
    }
    // one entry per sentence of the quote, so that a changed sentence of a long quote is compared on its own
    let mut sents = Vec::new();
    for q in out {
        let mut cur = String::new();
        let chars: Vec<char> = q.chars().collect();
        for (k, c) in chars.iter().enumerate() {
            cur.push(*c);
            let next_upper = chars.get(k + 2).is_some_and(|d| d.is_uppercase());
            if matches!(c, '.' | '!' | '?') && chars.get(k + 1) == Some(&' ') && next_upper {
                sents.push(std::mem::take(&mut cur));
            }
        }
        sents.push(cur);
    }
    sents.into_iter().map(|q| q.trim().to_string()).filter(|q| q.split_whitespace().count() >= 4).collect()
}

fn words(s: &str) -> Vec<String> {
    lex(s).into_iter().filter(|w| w.chars().next().is_some_and(char::is_alphanumeric)).collect()
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

struct Sent {
    text: String,
    start: usize,
    bag: HashSet<String>,
    nums: Vec<String>,
}

fn sentences_of(a: &Article) -> Vec<Sent> {
    let cm = newsfold_core::CharMap::new(&a.text);
    newsfold_core::sentences(&a.text)
        .iter()
        .filter_map(|s| {
            let t = a.text.get(s.span.start..s.span.end)?;
            Some(Sent { text: t.to_string(), start: cm.char_offset(s.span.start), bag: bag(t), nums: numbers(t) })
        })
        .collect()
}

/// A corpus label, its articles and the groups of related articles.
type Corpus<'a> = (&'a str, Vec<Article>, Vec<Vec<usize>>);

/// One census hit (deduplicated by its two texts).
struct Hit {
    kind: &'static str,
    a: String,
    b: String,
    a_extra: Vec<String>,
    b_extra: Vec<String>,
    sim: f32,
    pairs: BTreeSet<(String, String)>,
    a_start: (String, usize),
    b_start: (String, usize),
}

#[path = "common/mod.rs"]
mod common;
use common::{article, caps_bigrams, components, read_jsonl};

fn main() {
    let Some(data) = newsfold_testdata::data_dir_or_skip("", "census_disagreements") else { return };
    let min_sim: f32 = std::env::var("CENSUS_MIN_SIM").ok().and_then(|v| v.parse().ok()).unwrap_or(0.3);
    // (corpus, articles, groups)
    let mut corpora: Vec<Corpus<'_>> = Vec::new();

    // bbc-dups: judged pairs (any label) + the widest review components
    let bbc: Vec<Article> = read_jsonl(&data.join("bbc-dups/articles.jsonl")).iter().map(article).collect();
    let idx: HashMap<&str, usize> = bbc.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let mut edges = Vec::new();
    let mut judged = Vec::new();
    for p in read_jsonl(&data.join("bbc-dups/pairs.jsonl")) {
        let l = p["label"].as_str().unwrap_or("");
        if let (Some(&a), Some(&b)) = (idx.get(p["a"].as_str().unwrap_or("")), idx.get(p["b"].as_str().unwrap_or(""))) {
            judged.push(vec![a, b]);
            if l == "near_duplicate" || l == "same_story" {
                edges.push((a, b));
            }
        }
    }
    let bb: Vec<BTreeSet<String>> = bbc.iter().map(|a| caps_bigrams(&a.text)).collect();
    let cat = |a: &Article| a.id.split('-').next().unwrap_or("").to_string();
    for i in 0..bbc.len() {
        for j in i + 1..bbc.len() {
            if cat(&bbc[i]) == cat(&bbc[j]) && bb[i].intersection(&bb[j]).count() >= 4 && !edges.contains(&(i, j)) {
                edges.push((i, j));
            }
        }
    }
    let mut groups = components(bbc.len(), &edges);
    let n_review_groups = groups.len();
    groups.extend(judged);
    eprintln!("bbc-dups: {n_review_groups} review components + judged pairs");
    corpora.push(("bbc", bbc, groups));

    // quotes (PolNeAR): up to 3 days apart sharing 3+ names, or up to 7 days apart sharing an 8-word quote
    let q: Vec<Article> = read_jsonl(&data.join("quotes/articles.jsonl")).iter().map(article).collect();
    let bigrams: Vec<BTreeSet<String>> = q.iter().map(|a| caps_bigrams(&a.text)).collect();
    let shingles: Vec<BTreeSet<u64>> = q
        .iter()
        .map(|a| {
            let mut out = BTreeSet::new();
            for qu in extract_quotes(&a.text) {
                let w: Vec<String> = newsfold_core::fold(&qu.text)
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect();
                for win in w.windows(8) {
                    out.insert(newsfold_core::hash_str(&win.join(" ")));
                }
            }
            out
        })
        .collect();
    let day = |a: &Article| a.date.map(|d| d.timestamp() / 86400);
    let mut qedges = Vec::new();
    for i in 0..q.len() {
        for j in i + 1..q.len() {
            let (Some(di), Some(dj)) = (day(&q[i]), day(&q[j])) else { continue };
            let gap = (di - dj).abs();
            if (gap <= 3 && bigrams[i].intersection(&bigrams[j]).count() >= 3)
                || (gap <= 7 && !shingles[i].is_disjoint(&shingles[j]))
            {
                qedges.push((i, j));
            }
        }
    }
    let qgroups = components(q.len(), &qedges);
    eprintln!("quotes: {} components", qgroups.len());
    corpora.push(("quotes", q, qgroups));

    // extraction reference texts sharing 3+ names
    let ex: Vec<Article> = read_jsonl(&data.join("extraction/ground-truth.jsonl")).iter().map(article).collect();
    let eb: Vec<BTreeSet<String>> = ex.iter().map(|a| caps_bigrams(&a.text)).collect();
    let mut egroups = Vec::new();
    for i in 0..ex.len() {
        for j in i + 1..ex.len() {
            if eb[i].intersection(&eb[j]).count() >= 3 {
                egroups.push(vec![i, j]);
            }
        }
    }
    eprintln!("extraction: {} pairs", egroups.len());
    corpora.push(("extraction", ex, egroups));

    let mut hits: BTreeMap<(String, String, &'static str), Hit> = BTreeMap::new();
    let (mut n_pairs, mut n_aligned, mut n_omission, mut n_quote_pairs, mut n_trimmed, mut n_internal) =
        (0, 0, 0, 0, 0, 0);
    // sentences flagged by the default detector, per group
    let mut flagged: HashSet<(String, String)> = HashSet::new();
    let mut facts_by_sentence: HashMap<(String, usize), Vec<String>> = HashMap::new();
    for (label, arts, groups) in &corpora {
        let sents: Vec<Vec<Sent>> = arts.iter().map(sentences_of).collect();
        let quotes: Vec<Vec<String>> = arts.iter().map(|a| quoted_spans(&a.text)).collect();
        let mut facts_cache: HashMap<usize, Vec<newsfold_facts::Fact>> = HashMap::new();
        let mut seen_pairs: HashSet<(usize, usize)> = HashSet::new();
        for g in groups {
            // the default detector over the group, as review_disagreements runs it
            let facts: Vec<_> = g
                .iter()
                .flat_map(|&i| facts_cache.entry(i).or_insert_with(|| extract_facts(&arts[i])).clone())
                .collect();
            let dates = g.iter().map(|&i| (arts[i].id.clone(), arts[i].date)).collect();
            let mut ds = find_disagreements_with(&facts, &dates, &DisagreementParams::default());
            let items: Vec<(ArticleRef, Vec<newsfold_quotes::Quote>)> =
                g.iter().map(|&i| (ArticleRef::from(&arts[i]), extract_quotes(&arts[i].text))).collect();
            let inputs: Vec<QuoteInput> = cluster_quotes(&items)
                .iter()
                .filter(|c| c.n_articles >= 2)
                .map(|c| QuoteInput {
                    cluster: c.id.clone(),
                    canonical: c.canonical.clone(),
                    variants: c
                        .occurrences
                        .iter()
                        .map(|o| QuoteVariant {
                            article: o.article.clone(),
                            text: o.text.clone(),
                            speaker: o.speaker.clone(),
                        })
                        .collect(),
                })
                .collect();
            ds.extend(quote_disagreements_with(&inputs, &QuoteParams::default()));
            for d in &ds {
                let all: Vec<&String> =
                    d.values.iter().flat_map(|v| v.sentences.iter().chain(std::iter::once(&v.value))).collect();
                for x in &all {
                    for y in &all {
                        flagged.insert((words(x).join(" "), words(y).join(" ")));
                    }
                }
            }
            for f in &facts {
                facts_by_sentence.entry((f.article.clone(), f.sentence_start)).or_default().push(format!(
                    "{}/{}={}",
                    f.entity,
                    f.attribute,
                    f.value.display()
                ));
            }
            for (x, &i) in g.iter().enumerate() {
                for &j in &g[x + 1..] {
                    let key = (i.min(j), i.max(j));
                    if !seen_pairs.insert(key) {
                        continue;
                    }
                    let (i, j) = key;
                    n_pairs += 1;
                    let (sa, sb) = (&sents[i], &sents[j]);
                    // best match in either direction
                    let mut aligned: BTreeSet<(usize, usize)> = BTreeSet::new();
                    let best = |s: &Sent, other: &[Sent]| -> Option<(usize, f32)> {
                        if s.bag.len() < 3 {
                            return None;
                        }
                        other
                            .iter()
                            .enumerate()
                            .filter(|(_, o)| o.bag.len() >= 3)
                            .map(|(k, o)| (k, jaccard(&s.bag, &o.bag)))
                            .max_by(|a, b| a.1.total_cmp(&b.1))
                    };
                    for (ka, s) in sa.iter().enumerate() {
                        if let Some((kb, sim)) = best(s, sb) {
                            if sim >= min_sim {
                                aligned.insert((ka, kb));
                            }
                        }
                    }
                    for (kb, s) in sb.iter().enumerate() {
                        if let Some((ka, sim)) = best(s, sa) {
                            if sim >= min_sim {
                                aligned.insert((ka, kb));
                            }
                        }
                    }
                    for (ka, kb) in aligned {
                        let (x, y) = (&sa[ka], &sb[kb]);
                        if x.text == y.text {
                            continue;
                        }
                        n_aligned += 1;
                        // an article that also prints the other side's sentence carries both
                        // figures (a live blog's successive updates): no difference between them
                        if sb.iter().any(|o| o.text == x.text) || sa.iter().any(|o| o.text == y.text) {
                            n_internal += 1;
                            continue;
                        }
                        let a_extra: Vec<String> = x.nums.iter().filter(|n| !y.nums.contains(n)).cloned().collect();
                        let b_extra: Vec<String> = y.nums.iter().filter(|n| !x.nums.contains(n)).cloned().collect();
                        if a_extra.is_empty() && b_extra.is_empty() {
                            continue;
                        }
                        if a_extra.is_empty() || b_extra.is_empty() {
                            n_omission += 1;
                            continue;
                        }
                        let (ta, tb, ea, eb, ida, idb, sta, stb) = if x.text <= y.text {
                            (&x.text, &y.text, a_extra, b_extra, &arts[i].id, &arts[j].id, x.start, y.start)
                        } else {
                            (&y.text, &x.text, b_extra, a_extra, &arts[j].id, &arts[i].id, y.start, x.start)
                        };
                        let h = hits.entry((ta.clone(), tb.clone(), "number")).or_insert_with(|| Hit {
                            kind: "number",
                            a: ta.clone(),
                            b: tb.clone(),
                            a_extra: ea,
                            b_extra: eb,
                            sim: jaccard(&x.bag, &y.bag),
                            pairs: BTreeSet::new(),
                            a_start: (ida.clone(), sta),
                            b_start: (idb.clone(), stb),
                        });
                        h.pairs.insert((format!("{label}:{ida}"), format!("{label}:{idb}")));
                    }
                    // quoted sentences
                    let (qa, qb) = (&quotes[i], &quotes[j]);
                    for qx in qa {
                        let wx = words(qx);
                        let sx: HashSet<String> = wx.iter().cloned().collect();
                        let Some((qy, sim)) = qb
                            .iter()
                            .map(|qy| {
                                let sy: HashSet<String> = words(qy).into_iter().collect();
                                (qy, jaccard(&sx, &sy))
                            })
                            .max_by(|a, b| a.1.total_cmp(&b.1))
                        else {
                            continue;
                        };
                        if sim < 0.5 {
                            continue;
                        }
                        n_quote_pairs += 1;
                        let wy = words(qy);
                        if wx == wy {
                            continue;
                        }
                        if contains_seq(&wx, &wy) || contains_seq(&wy, &wx) {
                            n_trimmed += 1;
                            continue;
                        }
                        let ((ta, wa, ida), (tb, wb, idb)) = if qx <= qy {
                            ((qx, &wx, &arts[i].id), (qy, &wy, &arts[j].id))
                        } else {
                            ((qy, &wy, &arts[j].id), (qx, &wx, &arts[i].id))
                        };
                        let h = hits.entry((ta.clone(), tb.clone(), "quote")).or_insert_with(|| Hit {
                            kind: "quote",
                            a: ta.clone(),
                            b: tb.clone(),
                            a_extra: wa.iter().filter(|w| !wb.contains(w)).cloned().collect(),
                            b_extra: wb.iter().filter(|w| !wa.contains(w)).cloned().collect(),
                            sim,
                            pairs: BTreeSet::new(),
                            a_start: (String::new(), 0),
                            b_start: (String::new(), 0),
                        });
                        h.pairs.insert((format!("{label}:{ida}"), format!("{label}:{idb}")));
                    }
                }
            }
        }
    }
    let n_num = hits.values().filter(|h| h.kind == "number").count();
    let n_quote = hits.values().filter(|h| h.kind == "quote").count();
    println!(
        "article pairs {n_pairs}; aligned non-identical sentence pairs {n_aligned} (Jaccard >= {min_sim}), \
         {n_internal} of them printed by both articles; number omissions (one side only) {n_omission}; \
         NUMBER CONFLICTS {n_num} distinct; \
         aligned quote pairs {n_quote_pairs}, trimmed {n_trimmed}; QUOTE WORDING DIFFERENCES {n_quote} distinct\n"
    );
    let mut list: Vec<&Hit> = hits.values().collect();
    if let Some(n) = std::env::var("CENSUS_SAMPLE").ok().and_then(|v| v.parse::<usize>().ok()) {
        // seeded shuffle (xorshift), reproducible
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        for k in (1..list.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            list.swap(k, (s % (k as u64 + 1)) as usize);
        }
        list.truncate(n);
    }
    for (n, h) in list.iter().enumerate() {
        let fl = flagged.contains(&(words(&h.a).join(" "), words(&h.b).join(" ")));
        println!(
            "#{} {} sim {:.2} flagged={} {:?}",
            n + 1,
            h.kind,
            h.sim,
            fl,
            h.pairs.iter().take(4).collect::<Vec<_>>()
        );
        println!("   A {:?}: {}", h.a_extra, h.a);
        println!("   B {:?}: {}", h.b_extra, h.b);
        if h.kind == "number" {
            let fa = facts_by_sentence.get(&h.a_start).cloned().unwrap_or_default();
            let fb = facts_by_sentence.get(&h.b_start).cloned().unwrap_or_default();
            println!("   facts A {fa:?}\n   facts B {fb:?}");
        }
    }
}
