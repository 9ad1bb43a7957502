//! Byte-level helpers: gzip detection and error tagging, bounded reads.

use crate::error::{IngestError, Origin};
use std::io::{self, BufRead, Read};

/// Marker inside an `io::Error` raised by the gzip decoder, so readers can
/// tell "the compressed stream is damaged" from other read errors.
#[derive(Debug)]
pub(crate) struct GzipDamage(pub String);

impl std::fmt::Display for GzipDamage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GzipDamage {}

/// Wraps the gzip decoder and tags every error it returns with [`GzipDamage`].
pub(crate) struct GzTagged<R>(pub R);

impl<R: Read> Read for GzTagged<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            let msg = match e.kind() {
                io::ErrorKind::UnexpectedEof => "unexpected end of compressed data (file truncated?)".to_string(),
                _ => e.to_string(),
            };
            io::Error::new(e.kind(), GzipDamage(msg))
        })
    }
}

/// Turn an I/O error into the matching [`IngestError`] (gzip damage or plain I/O).
pub(crate) fn io_error(e: io::Error, origin: Origin) -> IngestError {
    if let Some(g) = e.get_ref().and_then(|x| x.downcast_ref::<GzipDamage>()) {
        return IngestError::Gzip { origin, message: g.0.clone() };
    }
    IngestError::Io { origin, source: e }
}

/// The result of reading one line with a length cap.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// End of input, nothing read.
    Eof,
    /// A line (in the caller's buffer, newline stripped).
    Ok,
    /// The line was longer than the cap; it was skipped up to its newline.
    /// Holds its full length in bytes.
    TooLong(u64),
}

/// Read one `\n`-terminated line into `buf` (cleared first), holding at most
/// `cap` bytes in memory: a longer line is consumed and discarded. A final
/// `\r` is stripped. Hand-written because `BufRead::read_until` has no cap.
pub(crate) fn read_line_capped<R: BufRead + ?Sized>(r: &mut R, buf: &mut Vec<u8>, cap: usize) -> io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match memchr_nl(chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let data = chunk.get(..take).unwrap_or(chunk);
        let data_no_nl = if done { data.get(..take - 1).unwrap_or(data) } else { data };
        total += data_no_nl.len() as u64;
        if total <= cap as u64 {
            buf.extend_from_slice(data_no_nl);
        } else if !buf.is_empty() {
            buf.clear();
            buf.shrink_to(64 * 1024);
        }
        r.consume(take);
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if total > cap as u64 {
        return Ok(Line::TooLong(total));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Ok)
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// Read everything up to `cap` bytes. `Ok(Err(n))` when the input is larger
/// than `cap` (n = bytes seen, a lower bound), without reading the rest.
pub(crate) fn read_all_capped<R: Read + ?Sized>(r: &mut R, cap: usize) -> io::Result<Result<Vec<u8>, u64>> {
    let mut out = Vec::new();
    let limit = (cap as u64).saturating_add(1);
    r.take(limit).read_to_end(&mut out)?;
    if out.len() as u64 > cap as u64 { Ok(Err(out.len() as u64)) } else { Ok(Ok(out)) }
}

/// Read up to `n` bytes (fewer only at end of input or on an error). An
/// error after some bytes were read is returned beside them, so callers can
/// still use the bytes and report the error where it happened.
pub(crate) fn read_prefix<R: Read + ?Sized>(r: &mut R, n: usize) -> (Vec<u8>, Option<io::Error>) {
    let mut out = vec![0u8; n];
    let mut filled = 0;
    let mut err = None;
    while filled < n {
        match r.read(out.get_mut(filled..).unwrap_or(&mut [])) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    out.truncate(filled);
    (out, err)
}

/// A reader that returns a stored error once (then end of input), used to
/// replay an error met while sniffing after the bytes read before it.
pub(crate) struct Failed(pub Option<io::Error>);

impl Read for Failed {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines() {
        let mut r = io::Cursor::new(b"short\r\nthis line is long\nok\nlast".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut r, &mut buf, 8).unwrap(), Line::Ok);
        assert_eq!(buf, b"short");
        assert_eq!(read_line_capped(&mut r, &mut buf, 8).unwrap(), Line::TooLong(17));
        assert_eq!(read_line_capped(&mut r, &mut buf, 8).unwrap(), Line::Ok);
        assert_eq!(buf, b"ok");
        assert_eq!(read_line_capped(&mut r, &mut buf, 8).unwrap(), Line::Ok);
        assert_eq!(buf, b"last");
        assert_eq!(read_line_capped(&mut r, &mut buf, 8).unwrap(), Line::Eof);
    }

    #[test]
    fn capped_whole() {
        let data = [b'x'; 100];
        assert_eq!(read_all_capped(&mut &data[..], 100).unwrap().unwrap().len(), 100);
        assert_eq!(read_all_capped(&mut &data[..], 99).unwrap(), Err(100));
    }
}
