//! The article model shared by every reader, analysis and front end.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// One news article as read from any source.
///
/// `text` is the clean body text, paragraphs separated by newlines; every
/// offset newsfold reports is relative to it exactly as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: String,
    /// Publication time, UTC. Serialised as RFC 3339 (`2021-12-03T00:00:00Z`).
    #[serde(default)]
    pub date: Option<DateTime<Utc>>,
    /// Publication name or site host.
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Extra fields from the source (kept, never interpreted).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub meta: serde_json::Map<String, serde_json::Value>,
}

impl Article {
    /// Hash of the normalised title and text: two records with the same content
    /// (up to case, whitespace and typographic punctuation) get the same hash.
    pub fn content_hash(&self) -> u64 {
        let mut s = crate::normalize::fold(self.title.as_deref().unwrap_or(""));
        s.push('\u{1}');
        s.push_str(&crate::normalize::fold(&self.text));
        crate::hash::hash_str(&s)
    }

    /// Fill `outlet` from the URL's host when it is missing.
    pub fn fill_outlet_from_url(&mut self) {
        if self.outlet.as_deref().is_none_or(|o| o.trim().is_empty()) {
            self.outlet = self.url.as_deref().and_then(host_of);
        }
    }

    /// The title, or the first sentence of the text, for display.
    pub fn display_title(&self) -> String {
        if let Some(t) = self.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return t.trim().to_string();
        }
        let first = crate::sentence::sentences(&self.text).first().map(|s| s.span.slice(&self.text).to_string());
        let mut t = first.unwrap_or_default();
        if t.chars().count() > 120 {
            t = t.chars().take(117).collect::<String>() + "...";
        }
        t
    }
}

/// The host of a URL without `www.` (`https://www.bbc.co.uk/news/x` → `bbc.co.uk`).
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?; // strip userinfo
    let host = host.split(':').next()?; // strip port
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if host.is_empty() || !host.contains('.') { None } else { Some(host) }
}

/// Whether a publication date has no time of day: dates parsed from a bare
/// day ("2026-03-14") are stored as midnight UTC and mean "that day", not "00:00".
pub fn is_day_only(d: &DateTime<Utc>) -> bool {
    d.time() == chrono::NaiveTime::MIN
}

/// The chronological sort key every crate uses: earlier first, undated last,
/// and a day-only date ([`is_day_only`]) after the timed dates of the same day.
pub type ChronoKey = (bool, Option<NaiveDate>, bool, Option<DateTime<Utc>>);

/// The [`ChronoKey`] of an optional date.
pub fn chrono_key(d: Option<DateTime<Utc>>) -> ChronoKey {
    (d.is_none(), d.map(|d| d.date_naive()), d.as_ref().is_some_and(is_day_only), d)
}

/// Parse the date formats found in news metadata into UTC.
///
/// Accepts RFC 3339 / ISO 8601 (with or without zone or fraction; no zone means
/// UTC), RFC 2822 (feeds, WARC-Date variants), `YYYY-MM-DD`, `YYYY/MM/DD`,
/// compact `YYYYMMDD`, and English forms such as `December 3, 2021` and
/// `3 Dec 2021`. Returns `None` for anything else.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S %z"] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    let cleaned: String = s.replace(',', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = strip_ordinal_suffixes(&cleaned);
    for f in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y%m%d",
        "%B %d %Y",
        "%b %d %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%A %B %d %Y",
        "%a %b %d %Y",
        "%A %d %B %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(&cleaned, f) {
            return d.and_hms_opt(0, 0, 0).map(|d| Utc.from_utc_datetime(&d));
        }
    }
    // a date prefix of a longer string ("2021-12-03T10:00:00+0100 garbage")
    if s.len() >= 10 && s.is_char_boundary(10) && s.len() > 10 {
        if let Ok(d) = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d") {
            return d.and_hms_opt(0, 0, 0).map(|d| Utc.from_utc_datetime(&d));
        }
    }
    None
}

fn strip_ordinal_suffixes(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &w[digits.len()..];
            if !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
                && matches!(suffix, "st" | "nd" | "rd" | "th")
            {
                digits.to_string()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_dates() {
        let want = "2021-12-03T00:00:00+00:00";
        for s in [
            "2021-12-03",
            "2021/12/03",
            "20211203",
            "December 3, 2021",
            "Dec 3rd, 2021",
            "3 December 2021",
            "Friday, December 3, 2021",
        ] {
            assert_eq!(parse_date(s).map(|d| d.to_rfc3339()), Some(want.to_string()), "{s}");
        }
        assert_eq!(parse_date("2014-03-10T16:52:50.698Z").map(|d| d.timestamp_millis()), Some(1394470370698));
        assert_eq!(
            parse_date("Fri, 03 Dec 2021 10:00:00 +0100").map(|d| d.to_rfc3339()),
            Some("2021-12-03T09:00:00+00:00".into())
        );
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("").is_none());
    }

    #[test]
    fn host_from_url() {
        assert_eq!(host_of("https://www.BBC.co.uk:443/news/x?y").as_deref(), Some("bbc.co.uk"));
        assert_eq!(host_of("wegotthiscovered.com/movies").as_deref(), Some("wegotthiscovered.com"));
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn content_hash_ignores_typography() {
        let a = Article { id: "a".into(), text: "He said “yes”.".into(), ..Default::default() };
        let b = Article { id: "b".into(), text: "he  said \"YES\".".into(), ..Default::default() };
        assert_eq!(a.content_hash(), b.content_hash());
    }

    #[test]
    fn chrono_key_puts_day_only_after_timed_and_undated_last() {
        let day = parse_date("2026-03-14");
        let morning = parse_date("2026-03-14T08:10:00Z");
        let evening = parse_date("2026-03-14T22:00:00Z");
        let next = parse_date("2026-03-15T00:30:00Z");
        assert!(day.as_ref().is_some_and(is_day_only));
        assert!(!morning.as_ref().is_some_and(is_day_only));
        let mut v = vec![None, next, day, evening, morning];
        v.sort_by_key(|d| chrono_key(*d));
        assert_eq!(v, vec![morning, evening, day, next, None]);
    }
}
