//! Where a record came from ([`Origin`]) and what can go wrong reading it ([`IngestError`]).

use serde::Serialize;
use std::fmt;

/// Where a record came from, for messages: file path and line (JSONL) /
/// record index / WARC-Record-ID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file path as given or found (`<stdin>` for standard input, the
    /// `name` passed to [`crate::read_bytes`] for in-memory bodies).
    pub path: String,
    /// 1-based line number (JSONL).
    pub line: Option<u64>,
    /// Record identifier inside a container file: the WARC-Record-ID, a feed
    /// item's id or `#n`, or `at byte N` when a damaged record has no id yet.
    pub record: Option<String>,
}

impl Origin {
    /// An origin naming a whole file.
    pub fn file(path: impl Into<String>) -> Self {
        Origin { path: path.into(), line: None, record: None }
    }

    /// An origin naming one line of a file.
    pub fn at_line(path: impl Into<String>, line: u64) -> Self {
        Origin { path: path.into(), line: Some(line), record: None }
    }

    /// An origin naming one record of a container file.
    pub fn at_record(path: impl Into<String>, record: impl Into<String>) -> Self {
        Origin { path: path.into(), line: None, record: Some(record.into()) }
    }
}

impl fmt::Display for Origin {
    /// `path:12` (line), `path (record <urn:uuid:..>)` (record), or `path`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(rec) = &self.record {
            write!(f, " (record {rec})")?;
        }
        Ok(())
    }
}

/// Everything that can reject an input file or one record of it.
///
/// Every variant's `Display` starts with the [`Origin`] and then says what is
/// wrong, e.g. `data/a.jsonl:17: invalid JSON: expected `,` at column 40`.
/// Only [`IngestError::NotFound`] and [`IngestError::BadPattern`] are fatal
/// (see [`IngestError::is_fatal`]); all others reject one record or one file
/// and reading goes on.
#[derive(thiserror::Error, Debug)]
pub enum IngestError {
    /// An input path (or glob with no match) does not exist.
    #[error("{origin}: no such file or directory")]
    NotFound {
        /// The input as given.
        origin: Origin,
    },
    /// A glob pattern that cannot be parsed.
    #[error("{origin}: invalid glob pattern: {message}")]
    BadPattern {
        /// The pattern as given.
        origin: Origin,
        /// What the glob parser said.
        message: String,
    },
    /// An I/O error while opening or reading (other than gzip damage).
    #[error("{origin}: read error: {source}")]
    Io {
        /// Where.
        origin: Origin,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A damaged or truncated gzip stream. Records read before the damage are kept.
    #[error("{origin}: corrupt or truncated gzip stream: {message}")]
    Gzip {
        /// Where (the file, plus the line/record being read when it broke).
        origin: Origin,
        /// What the decoder said.
        message: String,
    },
    /// A file with no content at all (or only whitespace).
    #[error("{origin}: empty file")]
    Empty {
        /// The file.
        origin: Origin,
    },
    /// A file that is not text (NUL bytes or other binary content).
    #[error("{origin}: binary file (not text): {reason}")]
    Binary {
        /// The file.
        origin: Origin,
        /// What gave it away.
        reason: String,
    },
    /// Bytes that are not valid UTF-8 where UTF-8 is required (plain text and JSONL).
    #[error("{origin}: invalid UTF-8 at byte {offset}{}", line_note(*line))]
    InvalidUtf8 {
        /// The file or line.
        origin: Origin,
        /// Byte offset of the first bad byte (in the file for text, in the line for JSONL).
        offset: usize,
        /// 1-based line of the bad byte inside a text file, when known.
        line: Option<u64>,
    },
    /// A JSONL line that is not a JSON object.
    #[error("{origin}: invalid JSON: {message}")]
    Json {
        /// The line.
        origin: Origin,
        /// What the JSON parser said.
        message: String,
    },
    /// A JSONL object whose fields cannot make an article.
    #[error("{origin}: {message}")]
    BadRecord {
        /// The line or record.
        origin: Origin,
        /// What is wrong (missing text, a field of the wrong type...).
        message: String,
    },
    /// A record or file larger than `ReadOptions::max_article_bytes`.
    #[error("{origin}: too large: {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The record or file.
        origin: Origin,
        /// Its size (or a lower bound of it when reading stopped at the limit).
        size: u64,
        /// The limit.
        limit: usize,
    },
    /// An HTML page (file, JSONL `html` field, WARC response) with no main text.
    #[error("{origin}: no article text found in the HTML page")]
    NoArticleText {
        /// The page.
        origin: Origin,
    },
    /// A malformed or truncated WARC record.
    #[error("{origin}: {message}")]
    Warc {
        /// The record (id when known, else its byte offset).
        origin: Origin,
        /// What is wrong.
        message: String,
    },
    /// A feed that cannot be parsed as RSS or Atom.
    #[error("{origin}: invalid RSS/Atom feed: {message}")]
    Feed {
        /// The file.
        origin: Origin,
        /// What the parser said.
        message: String,
    },
}

fn line_note(line: Option<u64>) -> String {
    match line {
        Some(l) => format!(" (line {l})"),
        None => String::new(),
    }
}

impl IngestError {
    /// Where the problem is.
    pub fn origin(&self) -> Option<&Origin> {
        use IngestError::*;
        match self {
            NotFound { origin }
            | BadPattern { origin, .. }
            | Io { origin, .. }
            | Gzip { origin, .. }
            | Empty { origin }
            | Binary { origin, .. }
            | InvalidUtf8 { origin, .. }
            | Json { origin, .. }
            | BadRecord { origin, .. }
            | TooLarge { origin, .. }
            | NoArticleText { origin }
            | Warc { origin, .. }
            | Feed { origin, .. } => Some(origin),
        }
    }

    /// True for errors about the inputs as given (a path that does not
    /// exist, a glob that matches nothing or does not parse) as opposed to a
    /// rejected file or record. The CLI exits 2 on these.
    pub fn is_fatal(&self) -> bool {
        matches!(self, IngestError::NotFound { .. } | IngestError::BadPattern { .. })
    }

    /// A short stable name of the kind of problem, for summaries
    /// ("rejected: 3 invalid-json, 1 empty-file"): `not-found`, `bad-pattern`,
    /// `io`, `gzip`, `empty-file`, `binary`, `invalid-utf8`, `invalid-json`,
    /// `bad-record`, `too-large`, `no-article-text`, `warc`, `feed`.
    pub fn kind(&self) -> &'static str {
        use IngestError::*;
        match self {
            NotFound { .. } => "not-found",
            BadPattern { .. } => "bad-pattern",
            Io { .. } => "io",
            Gzip { .. } => "gzip",
            Empty { .. } => "empty-file",
            Binary { .. } => "binary",
            InvalidUtf8 { .. } => "invalid-utf8",
            Json { .. } => "invalid-json",
            BadRecord { .. } => "bad-record",
            TooLarge { .. } => "too-large",
            NoArticleText { .. } => "no-article-text",
            Warc { .. } => "warc",
            Feed { .. } => "feed",
        }
    }
}
