//! # newsfold-core
//!
//! The pure core every other newsfold crate builds on. It does no I/O: it turns
//! strings into normalised text, tokens, sentences and paragraphs, and defines
//! the [`Article`] model that readers produce and analyses consume.
//!
//! Offsets: everything in this crate works on **byte** offsets into the
//! article's `text` (cheap slicing). Public machine-readable outputs use
//! Unicode scalar value offsets (Python string indices); convert with
//! [`CharMap`].

pub mod article;
pub mod hash;
pub mod normalize;
pub mod sentence;
pub mod sorted;
pub mod source;
pub mod span;
mod swar;
pub mod token;
pub mod words;

pub use article::{Article, ChronoKey, chrono_key, host_of, is_day_only, parse_date};
pub use hash::{hash_bytes, hash_str};
pub use normalize::{fold, fold_char, fold_normalized, nfkc, normalize_punct};
pub use sentence::{Paragraph, Sentence, paragraphs, sentences};
pub use sorted::sorted_intersection;
pub use source::{ArticleSource, LoadedSet, index_chunks};
pub use span::{CharMap, CharText, Span};
pub use token::{Token, tokenize, tokenize_into, tokens_text};
pub use words::WordSet;
