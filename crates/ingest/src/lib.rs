//! # newsfold-ingest
//!
//! Streaming readers that turn files into [`newsfold_core::Article`]s:
//! plain text, JSON Lines, HTML pages, WARC/WARC.gz crawls and RSS/Atom feeds.
//!
//! ## Pipeline
//! [`read_inputs`] expands its inputs (files, directories recursively in name
//! order skipping dot-files, glob patterns, `-` for standard input) and opens
//! them one at a time. For each file:
//! 1. the first 8 KiB are read; a gzip magic number (or `.gz`) switches to a
//!    multi-member gunzip stream (so `.warc.gz` with one member per record works);
//! 2. the format comes from [`ReadOptions::format`], else the file name
//!    ([`Format::from_name`]), else content sniffing ([`Format::sniff`]);
//! 3. empty (all-whitespace) files and, except for WARC, files with NUL bytes
//!    are rejected;
//! 4. the format's reader yields one `Result<Record, IngestError>` per
//!    article or rejected record. JSONL and WARC are read record by record
//!    (memory is bounded by the largest record, itself capped by
//!    [`ReadOptions::max_article_bytes`]); a text, HTML or feed file is one
//!    record and is read whole, up to the same cap.
//!
//! A bad record never stops the others: a malformed JSONL line rejects that
//! line, a damaged WARC header skips to the next `WARC/` line, and a gzip
//! stream that breaks off keeps every record decoded before the break.
//!
//! ## Choices
//! - **Invalid UTF-8**: a JSONL line with invalid UTF-8 is rejected (the other
//!   lines go on); a plain-text file with invalid UTF-8 is rejected whole with
//!   the byte offset and line of the first bad byte, rather than decoded
//!   lossily, so that no replacement characters leak into stored text and
//!   offsets. HTML (files and WARC records) honours the declared charset and
//!   is decoded lossily, as browsers do.
//! - **Text layout**: see [`text`](crate::text) — ` date YYYY-MM-DD Title`
//!   first line, else a first line of at most
//!   [`MAX_TITLE_CHARS`] characters is the title.
//! - **Ids**: JSONL `id` (numbers stringified; else `path:line`); WARC:
//!   WARC-Record-ID without `<>`; feeds: the item guid/id; text and HTML: the
//!   path relative to the input directory (or glob base) without extension,
//!   or the file stem for a file given directly.
//! - Dates are normalised with [`newsfold_core::parse_date`]; a date that does
//!   not parse is kept as `meta.date_raw`. Outlets missing from the source are
//!   filled from the URL host.
//!
//! HTML main text comes from rs-trafilatura, normalised to one paragraph a
//! line; metadata from Open Graph/article meta tags, JSON-LD and
//! `<link rel=canonical>` (see [`article_from_html`]).

mod error;
mod feed;
mod format;
mod html;
mod io;
mod jsonl;
pub mod text;
mod warc;

pub use error::{IngestError, Origin};
pub use format::{Format, UnknownFormat};
pub use html::article_from_html;
pub use text::MAX_TITLE_CHARS;

use newsfold_core::Article;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

/// Default cap on one record (64 MiB).
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 64 << 20;

/// How much of a file is read to detect compression and format.
const SNIFF_BYTES: usize = 8 * 1024;

/// Options for every reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Kept for the CLI (it decides what to do with rejections); readers ignore it.
    pub strict: bool,
    /// Force a format instead of detecting it from the name or content.
    pub format: Option<Format>,
    /// Largest record (JSONL line, WARC record block, whole text/HTML/feed
    /// file, after decompression) accepted; larger ones are rejected with
    /// [`IngestError::TooLarge`] without being held in memory.
    pub max_article_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { strict: false, format: None, max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES }
    }
}

/// One article and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The article.
    pub article: Article,
    /// Its file, line or record.
    pub origin: Origin,
}

/// The stream returned by [`read_inputs`].
pub type Records = Box<dyn Iterator<Item = Result<Record, IngestError>> + Send>;

type RecordIter<'a> = Box<dyn Iterator<Item = Result<Record, IngestError>> + Send + 'a>;

/// Expand inputs (files, directories recursively, glob patterns, `-` for
/// stdin) and stream every record.
///
/// Each item is one good article or one rejected record/file; a bad record
/// never stops the others. Inputs are expanded lazily, in order; a missing
/// path or a glob matching nothing yields a fatal [`IngestError::NotFound`]
/// item (see [`IngestError::is_fatal`]) and reading goes on with the next input.
pub fn read_inputs(inputs: &[String], opts: &ReadOptions) -> Records {
    Box::new(Inputs {
        inputs: inputs.iter().cloned().collect(),
        files: VecDeque::new(),
        errors: VecDeque::new(),
        current: None,
        opts: opts.clone(),
    })
}

/// Same as [`read_inputs`] for an in-memory body (HTTP server use): `name` is
/// used in the [`Origin`], for format detection by extension (`.gz` is
/// honoured, and gzip is also detected by its magic number) and, without its
/// extension, as the id of a text or HTML article.
pub fn read_bytes(name: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<Result<Record, IngestError>> {
    let spec = Spec { display: name.to_string(), id_base: stem_id(name), name: name.to_string() };
    open_stream(Box::new(Cursor::new(bytes)), spec, opts).collect()
}

/// How a source is named.
struct Spec {
    /// Shown in origins.
    display: String,
    /// Id of a single-article file (text, HTML).
    id_base: String,
    /// Used for format detection by extension.
    name: String,
}

struct Inputs {
    inputs: VecDeque<String>,
    /// Files still to open, with the root their ids are relative to.
    files: VecDeque<(PathBuf, Option<PathBuf>)>,
    errors: VecDeque<IngestError>,
    current: Option<RecordIter<'static>>,
    opts: ReadOptions,
}

impl Iterator for Inputs {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(e) = self.errors.pop_front() {
                return Some(Err(e));
            }
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            if let Some((path, root)) = self.files.pop_front() {
                self.current = Some(open_path(&path, root.as_deref(), &self.opts));
                continue;
            }
            let input = self.inputs.pop_front()?;
            self.expand(&input);
        }
    }
}

fn has_glob_meta(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

impl Inputs {
    fn expand(&mut self, input: &str) {
        if input == "-" {
            let spec = Spec { display: "<stdin>".into(), id_base: "stdin".into(), name: String::new() };
            self.current = Some(open_stream(Box::new(std::io::stdin()), spec, &self.opts));
            return;
        }
        let path = Path::new(input);
        if path.is_dir() {
            self.walk(path, path);
        } else if path.exists() {
            self.files.push_back((path.to_path_buf(), None));
        } else if has_glob_meta(input) {
            self.glob(input);
        } else {
            self.errors.push_back(IngestError::NotFound { origin: Origin::file(input) });
        }
    }

    fn glob(&mut self, pattern: &str) {
        let entries = match glob::glob(pattern) {
            Ok(e) => e,
            Err(e) => {
                self.errors
                    .push_back(IngestError::BadPattern { origin: Origin::file(pattern), message: e.to_string() });
                return;
            }
        };
        let base: PathBuf =
            Path::new(pattern).components().take_while(|c| !has_glob_meta(&c.as_os_str().to_string_lossy())).collect();
        let mut any = false;
        for entry in entries {
            any = true;
            match entry {
                Ok(p) if p.is_dir() => self.walk(&p, &base),
                Ok(p) => self.files.push_back((p, Some(base.clone()))),
                Err(e) => {
                    let origin = Origin::file(e.path().display().to_string());
                    self.errors.push_back(IngestError::Io { origin, source: e.into() });
                }
            }
        }
        if !any {
            self.errors.push_back(IngestError::NotFound { origin: Origin::file(pattern) });
        }
    }

    /// Queue every file under `dir` (sorted by name, dot-files skipped).
    fn walk(&mut self, dir: &Path, root: &Path) {
        let mut stack = vec![dir.to_path_buf()];
        let mut found = Vec::new();
        while let Some(d) = stack.pop() {
            let rd = match std::fs::read_dir(&d) {
                Ok(rd) => rd,
                Err(e) => {
                    self.errors.push_back(IngestError::Io { origin: Origin::file(d.display().to_string()), source: e });
                    continue;
                }
            };
            let mut subdirs = Vec::new();
            for entry in rd.flatten() {
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let p = entry.path();
                if p.is_dir() {
                    subdirs.push(p);
                } else {
                    found.push(p);
                }
            }
            subdirs.sort();
            stack.extend(subdirs.into_iter().rev());
        }
        found.sort();
        self.files.extend(found.into_iter().map(|p| (p, Some(root.to_path_buf()))));
    }
}

/// Strip `.gz` and then one extension from a file name.
fn strip_ext(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    let name = if lower.ends_with(".gz") { name.get(..name.len() - 3).unwrap_or(name) } else { name };
    match name.rfind('.') {
        Some(i) if i > 0 && name.get(..i).is_some_and(|p| !p.ends_with('/')) => name.get(..i).unwrap_or(name),
        _ => name,
    }
}

/// The id of an in-memory or single file: its file name without extension.
fn stem_id(name: &str) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let id = strip_ext(file);
    if id.is_empty() { name.to_string() } else { id.to_string() }
}

/// The id of a file found under `root`: relative path without extension.
fn path_id(path: &Path, root: Option<&Path>) -> String {
    match root.and_then(|r| path.strip_prefix(r).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => {
            let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            strip_ext(&parts.join("/")).to_string()
        }
        _ => stem_id(&path.to_string_lossy()),
    }
}

fn open_path(path: &Path, root: Option<&Path>, opts: &ReadOptions) -> RecordIter<'static> {
    let display = path.display().to_string();
    let spec = Spec { display: display.clone(), id_base: path_id(path, root), name: display.clone() };
    match std::fs::File::open(path) {
        Ok(f) => open_stream(Box::new(f), spec, opts),
        Err(source) => one(Err(IngestError::Io { origin: Origin::file(display), source })),
    }
}

fn one<'a>(item: Result<Record, IngestError>) -> RecordIter<'a> {
    Box::new(std::iter::once(item))
}

/// Detect compression and format of one stream and hand it to its reader.
fn open_stream<'a>(mut raw: Box<dyn Read + Send + 'a>, spec: Spec, opts: &ReadOptions) -> RecordIter<'a> {
    let origin = Origin::file(spec.display.clone());
    let (head, err) = io::read_prefix(&mut raw, SNIFF_BYTES);
    if let Some(e) = err {
        return one(Err(io::io_error(e, origin)));
    }
    let gz = head.starts_with(&[0x1f, 0x8b]);
    let (prefix, stream): (Vec<u8>, Box<dyn Read + Send + 'a>) = if gz {
        let joined = BufReader::with_capacity(1 << 16, Cursor::new(head).chain(raw));
        let mut dec: Box<dyn Read + Send + 'a> = Box::new(io::GzTagged(flate2::read::MultiGzDecoder::new(joined)));
        match io::read_prefix(&mut dec, SNIFF_BYTES) {
            (p, None) => (p, dec),
            // damage inside the first 8 KiB: keep what decoded, replay the error after it
            (p, Some(e)) if !p.is_empty() => (p, Box::new(io::Failed(Some(e)))),
            (_, Some(e)) => return one(Err(io::io_error(e, origin))),
        }
    } else {
        (head, raw)
    };
    if prefix.iter().all(u8::is_ascii_whitespace) && prefix.len() < SNIFF_BYTES {
        return one(Err(IngestError::Empty { origin }));
    }
    let format = opts.format.or_else(|| Format::from_name(&spec.name)).unwrap_or_else(|| Format::sniff(&prefix));
    if format != Format::Warc && prefix.contains(&0) {
        return one(Err(IngestError::Binary {
            origin,
            reason: "it contains NUL bytes (UTF-16 text is not supported either)".into(),
        }));
    }
    let cap = opts.max_article_bytes;
    let reader: Box<dyn BufRead + Send + 'a> =
        Box::new(BufReader::with_capacity(1 << 16, Cursor::new(prefix).chain(stream)));
    match format {
        Format::Jsonl => {
            Box::new(JsonlRecords { r: reader, path: spec.display, line: 0, cap, done: false, buf: Vec::new() })
        }
        Format::Warc => Box::new(warc::WarcRecords::new(reader, spec.display, cap)),
        Format::Text | Format::Html | Format::Feed => {
            let mut reader = reader;
            let bytes = match io::read_all_capped(&mut reader, cap) {
                Ok(Ok(b)) => b,
                Ok(Err(size)) => return one(Err(IngestError::TooLarge { origin, size, limit: cap })),
                Err(e) => return one(Err(io::io_error(e, origin))),
            };
            match format {
                Format::Text => one(text_record(&bytes, &spec, origin)),
                Format::Html => {
                    let html = warc::decode_html(&bytes, None);
                    one(html::article_from_html_at(&spec.id_base, &html, None, &origin)
                        .map(|article| Record { article, origin }))
                }
                _ => Box::new(feed::feed_records(&bytes, &spec.display).into_iter()),
            }
        }
    }
}

fn text_record(bytes: &[u8], spec: &Spec, origin: Origin) -> Result<Record, IngestError> {
    if bytes.contains(&0) {
        return Err(IngestError::Binary { origin, reason: "it contains NUL bytes".into() });
    }
    let s = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let offset = e.valid_up_to();
            let line = bytes.get(..offset).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()) as u64 + 1;
            return Err(IngestError::InvalidUtf8 { origin, offset, line: Some(line) });
        }
    };
    let article = text::article_from_text(&spec.id_base, s);
    if article.text.trim().is_empty() {
        return Err(IngestError::Empty { origin });
    }
    Ok(Record { article, origin })
}

/// Streaming JSONL reader: one line in memory at a time.
struct JsonlRecords<'a> {
    r: Box<dyn BufRead + Send + 'a>,
    path: String,
    line: u64,
    cap: usize,
    done: bool,
    buf: Vec<u8>,
}

impl Iterator for JsonlRecords<'_> {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let res = io::read_line_capped(&mut self.r, &mut self.buf, self.cap);
            let origin = Origin::at_line(self.path.clone(), self.line + 1);
            match res {
                Err(e) => {
                    self.done = true;
                    return Some(Err(io::io_error(e, origin)));
                }
                Ok(io::Line::Eof) => self.done = true,
                Ok(io::Line::TooLong(size)) => {
                    self.line += 1;
                    return Some(Err(IngestError::TooLarge { origin, size, limit: self.cap }));
                }
                Ok(io::Line::Ok) => {
                    self.line += 1;
                    let bytes = if self.line == 1 {
                        self.buf.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&self.buf)
                    } else {
                        &self.buf
                    };
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let s = match std::str::from_utf8(bytes) {
                        Ok(s) => s,
                        Err(e) => {
                            return Some(Err(IngestError::InvalidUtf8 { origin, offset: e.valid_up_to(), line: None }));
                        }
                    };
                    return Some(
                        jsonl::article_from_line(s, &self.path, &origin).map(|article| Record { article, origin }),
                    );
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_paths() {
        assert_eq!(stem_id("data/a.txt"), "a");
        assert_eq!(stem_id("data/a.warc.gz"), "a");
        assert_eq!(stem_id("a.b.txt.gz"), "a.b");
        assert_eq!(stem_id(".hidden"), ".hidden");
        assert_eq!(path_id(Path::new("root/sub/x.html"), Some(Path::new("root"))), "sub/x");
        assert_eq!(path_id(Path::new("root/x.txt"), None), "x");
    }
}
