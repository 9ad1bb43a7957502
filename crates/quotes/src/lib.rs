//! # newsfold-quotes
//!
//! Direct quotation extraction, speaker attribution, and clustering of a
//! quote's variants across outlets.
//!
//! ## Extraction ([`extract_quotes`])
//! Each paragraph (non-blank line) is scanned for double quotation marks
//! (`"`, `“ ”`, `„`, `''…''`, `‘‘ ’’`, `« »`). Straight marks are opening or
//! closing from the characters on either side; nested quotes stay part of the
//! outer quote; a paragraph that ends inside a quote closes it there (the
//! multi-paragraph convention); a closing mark with no opener is ignored. In a
//! headline (first paragraph of at most 40 words) single marks `‘…’` count too.
//! A stretch is kept when it has an attribution cue in its sentence, or has at
//! least 4 words; titles of works (after "film", "show", "titled", "appeared
//! on"...) are rejected.
//!
//! ## Attribution
//! The clause after the quote is searched first (`," Smith said`, `," said
//! Smith`, `," according to Smith`), then the clause before it (`Smith said:`,
//! `Clinton said she would "…"`, participles `…, saying "…"` take the clause
//! subject), then a colon introduction (`Trump: ‘…’`). Refinements: a quote
//! that ends its sentence with a full stop inside the marks is not attributed
//! by the next sentence (`“…claims.” He said …`) unless nothing else
//! attributes it; in nested attributions the outermost source wins
//! (`Carson said the department deemed them “top secret”` → Carson; a trailing
//! `according to X` → X); the reporting clause is looked for past earlier
//! quotes of the same sentence; parentheticals (`Reid (D-Nev.) told`),
//! descriptors (`spokesman Ivo Marsh said`), names in apposition (`his best
//! friend, Bruce Turry, said`), coordinated verbs (`… and added`), `as X put
//! it`, unlisted verbs next to a name (`Clinton cracked, “…”`) and a byline
//! paragraph after the quote (`- Sanders.`) are handled. In an interrupted
//! quote (`“A,” said X, who …. “B”`) a later cue without a name of its own,
//! or inside a subordinate clause, does not take the second part away from
//! X. A transcript line whose text opens with an upper-case label
//! (`“WALLACE: …”`) is the label's; a digest line `HEADING - Name: “…”` is
//! the name's. Time expressions before the verb (`Feinstein last week said`,
//! `but now said`) are skipped; a segment after the quote that opens with a
//! preposition (`” for Clinton, said Kunin`) is no subject; a possessive
//! (`Clinton's campaign`) is never the subject. A quote with no cue
//! inherits the previous attributed quote's speaker in the same sentence,
//! in the paragraph right after it, or — the news convention that a speaker
//! keeps the floor — in a later sentence of the same paragraph or a
//! paragraph that opens with the quote after up to two quote-less
//! paragraphs, unless another entity is named since the attribution's
//! sentence (such a carried-over speaker does not make a short fragment
//! count as speech). Failing that, a partial quote inside a clause whose
//! subject (a name or he/she, opening the clause or after an introductory
//! phrase and a comma) is followed by a verb is the subject's (`Rubio also
//! bemoaned a climate in which people “literally hate each other”`); a quote
//! that opens a new sentence is not. Speakers are resolved through the
//! article's person entities (capitalised-word runs grouped by surname):
//! surnames and first names to the fullest name, pronouns to the first
//! compatible person named earlier in their own sentence, else the closest
//! preceding person of matching gender (recent speakers preferred unless a
//! compatible person was named since). A Title Case headline defines no
//! entity (its runs only mention entities of the body), and a run ("Gingrich
//! Takes Talk") is cut to the part that names a known entity. A possessive
//! ends a name run (`Colorado's Kendal Unruh`). Titles
//! are dropped. Unresolvable pronouns give `None`.
//!
//! ## Clusters ([`cluster_quotes`])
//! See [`cluster`].

pub mod cluster;
mod entities;
mod extract;
mod lexicon;
mod marks;
pub mod score;
mod text;

pub use cluster::{
    ArticleRef, Mutation, Occurrence, QuoteCluster, QuoteClusterer, Sources, Variant, cluster_quotes,
    cluster_quotes_owned, cluster_quotes_owned_map, norm_key, norm_words, restore_stored,
};
pub use extract::{Mention, Quote, SpeakerKind, extract_quotes};

use newsfold_core::Article;
use serde::Serialize;

/// One quote of one article: the `newsfold quotes --format jsonl` record.
/// Offsets are Unicode scalar values into the article's `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteRecord {
    /// The article id.
    pub id: String,
    /// Start of the quoted text (marks excluded, whitespace trimmed).
    pub quote_start: usize,
    /// End (exclusive) of the quoted text.
    pub quote_end: usize,
    /// The quoted text.
    pub quote: String,
    /// The speaker (resolved name, nominal description, or null).
    pub speaker: Option<String>,
}

/// The quotes of an article's `text` as JSONL records.
pub fn quotes_for(article: &Article) -> Vec<QuoteRecord> {
    extract_quotes(&article.text)
        .into_iter()
        .map(|q| QuoteRecord {
            id: article.id.clone(),
            quote_start: q.start,
            quote_end: q.end,
            quote: q.text,
            speaker: q.speaker,
        })
        .collect()
}
