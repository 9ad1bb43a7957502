//! WARC (ISO 28500, versions 0.17–1.1) reader.
//!
//! Hand-written rather than the `warc` crate because we need three things it
//! does not give: (1) a size cap per record that skips an oversized body
//! without buffering it, (2) resynchronisation after garbage or a bad header
//! (scan to the next `WARC/` line) so one damaged record does not end the
//! file, and (3) exact "truncated at byte N" errors naming the record. The
//! format itself is small: a version line, `Name: value` headers, a blank
//! line, `Content-Length` bytes of block, then `\r\n\r\n`.
//!
//! Every `response` (or `resource`) record whose HTTP payload is HTML with a
//! 2xx status becomes an article: id = WARC-Record-ID without its angle
//! brackets, url = WARC-Target-URI, date = the page's own publication date,
//! else WARC-Date. Other records are skipped silently.

use crate::error::{IngestError, Origin};
use crate::io::{Line, io_error, read_line_capped};
use crate::{Record, html};
use newsfold_core::parse_date;
use std::io::{self, BufRead, Read};

const MAX_HEADER_LINE: usize = 64 * 1024;
const MAX_HEADER_LINES: usize = 1000;

/// A `BufRead` that counts the bytes consumed, for error offsets.
pub(crate) struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// Streaming iterator over the article records of one WARC file.
pub(crate) struct WarcRecords<R> {
    r: Counting<R>,
    path: String,
    cap: usize,
    done: bool,
    /// A `WARC/` version line already consumed while resynchronising.
    have_version: bool,
    line: Vec<u8>,
}

struct Header {
    start: u64,
    fields: Vec<(String, String)>,
}

impl Header {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl<R: BufRead> WarcRecords<R> {
    pub(crate) fn new(r: R, path: String, cap: usize) -> Self {
        WarcRecords { r: Counting { inner: r, pos: 0 }, path, cap, done: false, have_version: false, line: Vec::new() }
    }

    fn at_byte(&self, pos: u64) -> Origin {
        Origin::at_record(self.path.clone(), format!("at byte {pos}"))
    }

    fn fail(&mut self, e: io::Error, origin: Origin) -> Option<Result<Record, IngestError>> {
        self.done = true;
        Some(Err(io_error(e, origin)))
    }

    /// Skip to the line after the next `WARC/` version line. False at EOF.
    fn resync(&mut self) -> io::Result<bool> {
        loop {
            match read_line_capped(&mut self.r, &mut self.line, MAX_HEADER_LINE)? {
                Line::Eof => return Ok(false),
                Line::Ok if self.line.starts_with(b"WARC/") => return Ok(true),
                _ => {}
            }
        }
    }

    /// Read the next record header. `Ok(None)` at a clean end of file.
    fn next_header(&mut self) -> Result<Option<Header>, IngestError> {
        let mut start;
        if !self.have_version {
            loop {
                start = self.r.pos;
                match read_line_capped(&mut self.r, &mut self.line, MAX_HEADER_LINE) {
                    Err(e) => return Err(io_error(e, self.at_byte(start))),
                    Ok(Line::Eof) => return Ok(None),
                    Ok(Line::Ok) if self.line.iter().all(u8::is_ascii_whitespace) => continue,
                    Ok(Line::Ok) if self.line.starts_with(b"WARC/") => break,
                    Ok(_) => {
                        let shown: String = String::from_utf8_lossy(&self.line).chars().take(40).collect();
                        let origin = self.at_byte(start);
                        match self.resync() {
                            Ok(true) => self.have_version = true,
                            Ok(false) => self.done = true,
                            Err(e) => return Err(io_error(e, origin)),
                        }
                        return Err(IngestError::Warc {
                            origin,
                            message: format!(
                                "not a WARC record header (expected `WARC/1.x`, found {shown:?}); skipped to the next record"
                            ),
                        });
                    }
                }
            }
        } else {
            start = self.r.pos.saturating_sub(self.line.len() as u64 + 1);
        }
        self.have_version = false;
        let mut fields: Vec<(String, String)> = Vec::new();
        loop {
            let at = self.r.pos;
            match read_line_capped(&mut self.r, &mut self.line, MAX_HEADER_LINE) {
                Err(e) => return Err(io_error(e, self.at_byte(at))),
                Ok(Line::Eof) => {
                    self.done = true;
                    return Err(IngestError::Warc {
                        origin: self.at_byte(start),
                        message: "truncated WARC record: the file ends inside the record header".into(),
                    });
                }
                Ok(Line::TooLong(n)) => {
                    return Err(self.bad_header(start, format!("header line of {n} bytes is too long")));
                }
                Ok(Line::Ok) => {}
            }
            if self.line.is_empty() {
                break;
            }
            if fields.len() >= MAX_HEADER_LINES {
                return Err(self.bad_header(start, "too many header lines".into()));
            }
            let text = String::from_utf8_lossy(&self.line).into_owned();
            if text.starts_with([' ', '\t']) {
                if let Some(last) = fields.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((k, v)) => fields.push((k.trim().to_string(), v.trim().to_string())),
                None => return Err(self.bad_header(start, format!("malformed header line {text:?}"))),
            }
        }
        Ok(Some(Header { start, fields }))
    }

    fn bad_header(&mut self, start: u64, what: String) -> IngestError {
        let origin = self.at_byte(start);
        let message = self.resync_message(&what);
        IngestError::Warc { origin, message }
    }

    /// Skip to the next record and describe the header problem `what`.
    fn resync_message(&mut self, what: &str) -> String {
        match self.resync() {
            Ok(true) => self.have_version = true,
            _ => self.done = true,
        }
        format!("malformed WARC record header: {what}; skipped to the next record")
    }
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            let h = match self.next_header() {
                Ok(Some(h)) => h,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    if matches!(e, IngestError::Gzip { .. } | IngestError::Io { .. }) {
                        self.done = true;
                    }
                    return Some(Err(e));
                }
            };
            let rec_id = h.get("WARC-Record-ID").unwrap_or("").to_string();
            let origin = if rec_id.is_empty() {
                self.at_byte(h.start)
            } else {
                Origin::at_record(self.path.clone(), rec_id.clone())
            };
            let Some(len) = h.get("Content-Length").and_then(|v| v.trim().parse::<u64>().ok()) else {
                let message = self.resync_message("missing or invalid Content-Length");
                return Some(Err(IngestError::Warc { origin, message }));
            };
            let wtype = h.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
            let wanted = wtype == "response" || wtype == "resource";
            if !wanted || len > self.cap as u64 {
                match io::copy(&mut (&mut self.r).take(len), &mut io::sink()) {
                    Err(e) => return self.fail(e, origin),
                    Ok(n) if n < len => {
                        self.done = true;
                        return Some(Err(truncated(origin, len, n)));
                    }
                    Ok(_) => {}
                }
                if wanted {
                    return Some(Err(IngestError::TooLarge { origin, size: len, limit: self.cap }));
                }
                continue;
            }
            let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
            match (&mut self.r).take(len).read_to_end(&mut block) {
                Err(e) => return self.fail(e, origin),
                Ok(n) if (n as u64) < len => {
                    self.done = true;
                    return Some(Err(truncated(origin, len, n as u64)));
                }
                Ok(_) => {}
            }
            match record_article(&h, &block, &wtype, &origin, self.cap) {
                Some(r) => return Some(r),
                None => continue,
            }
        }
    }
}

fn truncated(origin: Origin, want: u64, got: u64) -> IngestError {
    IngestError::Warc {
        origin,
        message: format!("truncated WARC record: Content-Length is {want} bytes but the file ends after {got}"),
    }
}

/// Status, lower-cased headers and body of an HTTP response.
type HttpResponse<'a> = (u16, Vec<(String, String)>, &'a [u8]);

/// Split an HTTP response into (status, headers, body). `None` when the
/// block does not start with an HTTP status line.
fn split_http(block: &[u8]) -> Option<HttpResponse<'_>> {
    if !block.starts_with(b"HTTP/") {
        return None;
    }
    let limit = block.len().min(256 * 1024);
    let head = block.get(..limit)?;
    let (end, sep) = match head.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => (head.windows(2).position(|w| w == b"\n\n")?, 2),
    };
    let text = String::from_utf8_lossy(block.get(..end)?);
    let mut lines = text.lines();
    let status = lines.next()?.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())))
        .collect();
    Some((status, headers, block.get(end + sep..).unwrap_or(&[])))
}

/// Undo HTTP chunked transfer coding (best effort: stops at the first bad chunk).
fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some(nl) = rest.iter().position(|&b| b == b'\n') {
        let size_line = String::from_utf8_lossy(rest.get(..nl).unwrap_or(&[])).into_owned();
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else { break };
        rest = rest.get(nl + 1..).unwrap_or(&[]);
        if size == 0 {
            break;
        }
        let take = size.min(rest.len());
        out.extend_from_slice(rest.get(..take).unwrap_or(&[]));
        rest = rest.get(take..).unwrap_or(&[]);
        rest = rest.strip_prefix(b"\r\n".as_slice()).or_else(|| rest.strip_prefix(b"\n".as_slice())).unwrap_or(rest);
    }
    out
}

fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// Decode page bytes: declared charset (HTTP header) first, then UTF-8, then
/// the page's own `<meta charset>` (rs-trafilatura's detector, lossy).
pub(crate) fn decode_html(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some(enc) = content_type.and_then(charset_of).and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        return enc.decode(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => rs_trafilatura::encoding::transcode_to_utf8(bytes),
    }
}

fn record_article(
    h: &Header,
    block: &[u8],
    wtype: &str,
    origin: &Origin,
    cap: usize,
) -> Option<Result<Record, IngestError>> {
    let (ctype, payload): (String, std::borrow::Cow<'_, [u8]>) = match split_http(block) {
        Some((status, headers, body)) => {
            if !(200..300).contains(&status) {
                return None;
            }
            let get = |k: &str| headers.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            let mut body: std::borrow::Cow<'_, [u8]> = body.into();
            if get("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
                body = dechunk(&body).into();
            }
            match get("content-encoding").map(str::to_ascii_lowercase).as_deref() {
                None | Some("identity") | Some("") => {}
                Some("gzip") | Some("x-gzip") => {
                    body = match inflate(flate2::read::MultiGzDecoder::new(&body[..]), cap) {
                        Some(b) => b.into(),
                        None => return Some(Err(bad_payload(origin, "cannot decompress gzip-encoded page"))),
                    }
                }
                Some("deflate") => {
                    body = match inflate(flate2::read::ZlibDecoder::new(&body[..]), cap) {
                        Some(b) => b.into(),
                        None => return Some(Err(bad_payload(origin, "cannot decompress deflate-encoded page"))),
                    }
                }
                Some(other) => {
                    let other = other.to_string();
                    return Some(Err(bad_payload(origin, &format!("unsupported Content-Encoding `{other}`"))));
                }
            }
            (get("content-type").unwrap_or("").to_string(), body)
        }
        None if wtype == "resource" => (h.get("Content-Type").unwrap_or("").to_string(), block.into()),
        None => return None,
    };
    let ct = ctype.to_ascii_lowercase();
    let is_html = ct.contains("html") || (ct.is_empty() && crate::Format::sniff(&payload) == crate::Format::Html);
    if !is_html {
        return None;
    }
    let html_text = decode_html(&payload, Some(&ctype));
    let id = h.get("WARC-Record-ID").unwrap_or("").trim().trim_start_matches('<').trim_end_matches('>').to_string();
    let id = if id.is_empty() { origin.to_string() } else { id };
    let url = h.get("WARC-Target-URI").map(|u| u.trim().trim_start_matches('<').trim_end_matches('>'));
    let mut a = match html::article_from_html_at(&id, &html_text, url, origin) {
        Ok(a) => a,
        Err(e) => return Some(Err(e)),
    };
    if a.date.is_none() {
        a.date = h.get("WARC-Date").and_then(parse_date);
    }
    if let Some(d) = h.get("WARC-Date") {
        a.meta.insert("warc_date".into(), serde_json::Value::String(d.to_string()));
    }
    Some(Ok(Record { article: a, origin: origin.clone() }))
}

fn bad_payload(origin: &Origin, what: &str) -> IngestError {
    IngestError::BadRecord { origin: origin.clone(), message: what.to_string() }
}

fn inflate<R: Read>(r: R, cap: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    r.take(cap as u64).read_to_end(&mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_split_and_dechunk() {
        let (st, hs, body) = split_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>").unwrap();
        assert_eq!(st, 200);
        assert_eq!(hs, vec![("content-type".to_string(), "text/html".to_string())]);
        assert_eq!(body, b"<html>");
        assert_eq!(dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), b"hello world");
        assert!(split_http(b"<html>").is_none());
    }

    #[test]
    fn charset_param() {
        assert_eq!(charset_of("text/html; charset=\"ISO-8859-1\""), Some("ISO-8859-1"));
        assert_eq!(charset_of("text/html"), None);
        assert_eq!(decode_html(b"caf\xe9", Some("text/html; charset=latin1")), "café");
    }
}
