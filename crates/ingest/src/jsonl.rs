//! JSON Lines: one article object a line.
//!
//! Fields `id, title, text, date, outlet, url`; `html` is accepted instead of
//! `text` (main text extracted as for HTML pages, the line's own fields win
//! over the page's metadata); every other field goes into `meta`. A numeric
//! `id` is stringified; a missing id becomes `path:line`. A record with a
//! title but no text is a headline-only article (empty body).

use crate::error::{IngestError, Origin};
use chrono::{TimeZone, Utc};
use newsfold_core::{Article, parse_date};
use serde_json::{Map, Value};

const KNOWN: [&str; 7] = ["id", "title", "text", "date", "outlet", "url", "html"];

/// A JSON parse error as `<what> at column N`.
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let what = full.rsplit_once(" at line ").map_or(full.as_str(), |(w, _)| w);
    format!("{what} at column {}", e.column())
}

/// A scalar field as an optional string: strings as they are (empty → None),
/// numbers and booleans written out, null → None; arrays/objects are an error.
fn opt_string(o: &Map<String, Value>, k: &str, origin: &Origin) -> Result<Option<String>, IngestError> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok((!s.trim().is_empty()).then(|| s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(_) => Err(IngestError::BadRecord {
            origin: origin.clone(),
            message: format!("field `{k}` must be a string, not an array or object"),
        }),
    }
}

/// Parse one JSONL line (already known to be UTF-8) into an article.
/// `path_id` is the path used for the `path:line` fallback id.
pub(crate) fn article_from_line(line: &str, path_id: &str, origin: &Origin) -> Result<Article, IngestError> {
    let v: Value = serde_json::from_str(line)
        .map_err(|e| IngestError::Json { origin: origin.clone(), message: json_message(&e) })?;
    let Value::Object(mut o) = v else {
        return Err(IngestError::Json { origin: origin.clone(), message: "expected a JSON object".into() });
    };
    let lineno = origin.line.unwrap_or(0);
    let id = opt_string(&o, "id", origin)?.unwrap_or_else(|| format!("{path_id}:{lineno}"));
    let title = opt_string(&o, "title", origin)?;
    let url = opt_string(&o, "url", origin)?;
    let outlet = opt_string(&o, "outlet", origin)?;
    let (date, date_raw) = match o.get("date") {
        Some(Value::Number(n)) => (n.as_i64().and_then(|s| Utc.timestamp_opt(s, 0).single()), None),
        _ => {
            let raw = opt_string(&o, "date", origin)?;
            (raw.as_deref().and_then(parse_date), raw)
        }
    };
    let text = opt_string(&o, "text", origin)?;
    let html = opt_string(&o, "html", origin)?;
    let mut a = match (text, html) {
        (Some(text), _) => Article { id, text, ..Default::default() },
        (None, Some(html)) => {
            let page = crate::html::article_from_html_at(&id, &html, url.as_deref(), origin)?;
            Article { id, ..page }
        }
        // headline-only records (news feeds, headline datasets) are articles with an empty body
        (None, None) if title.is_some() => Article { id, ..Default::default() },
        (None, None) => {
            return Err(IngestError::BadRecord {
                origin: origin.clone(),
                message: "no article: the object has no non-empty `text`, `html` or `title` field".into(),
            });
        }
    };
    if title.is_some() {
        a.title = title;
    }
    if url.is_some() {
        a.url = url;
    }
    if outlet.is_some() {
        a.outlet = outlet;
    }
    if date.is_some() {
        a.date = date;
    } else if let Some(raw) = date_raw {
        a.meta.insert("date_raw".into(), Value::String(raw));
    }
    for k in KNOWN {
        o.remove(k);
    }
    a.meta.extend(o);
    a.fill_outlet_from_url();
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(line: u64) -> Origin {
        Origin::at_line("f.jsonl", line)
    }

    #[test]
    fn full_record() {
        let a = article_from_line(
            r#"{"id":"a1","title":"T","text":"Body.","date":"Dec 3, 2021","url":"https://www.example.com/x","lang":"en"}"#,
            "f.jsonl",
            &o(1),
        )
        .unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.outlet.as_deref(), Some("example.com"));
        assert_eq!(a.date.map(|d| d.to_rfc3339()), Some("2021-12-03T00:00:00+00:00".into()));
        assert_eq!(a.meta.get("lang"), Some(&Value::String("en".into())));
        assert!(!a.meta.contains_key("text"));
    }

    #[test]
    fn numeric_and_missing_ids() {
        assert_eq!(article_from_line(r#"{"id":42,"text":"x"}"#, "f.jsonl", &o(3)).unwrap().id, "42");
        assert_eq!(article_from_line(r#"{"text":"x"}"#, "f.jsonl", &o(3)).unwrap().id, "f.jsonl:3");
    }

    #[test]
    fn errors_name_the_line() {
        let e = article_from_line(r#"{"id":1 "text":"x"}"#, "f.jsonl", &o(17)).unwrap_err();
        assert_eq!(e.to_string(), "f.jsonl:17: invalid JSON: expected `,` or `}` at column 9");
        let e = article_from_line(r#"{"id":1}"#, "f.jsonl", &o(2)).unwrap_err();
        assert!(e.to_string().starts_with("f.jsonl:2: no article"), "{e}");
        let headline = article_from_line(r#"{"id":"h","title":"Strike called off"}"#, "f.jsonl", &o(4)).unwrap();
        assert_eq!((headline.title.as_deref(), headline.text.as_str()), (Some("Strike called off"), ""));
        let e = article_from_line(r#"[1,2]"#, "f.jsonl", &o(2)).unwrap_err();
        assert_eq!(e.kind(), "invalid-json");
        let e = article_from_line(r#"{"text":"x","title":["a"]}"#, "f.jsonl", &o(5)).unwrap_err();
        assert_eq!(e.kind(), "bad-record");
    }

    #[test]
    fn epoch_dates_and_unparsed_dates() {
        let a = article_from_line(r#"{"text":"x","date":1638489600}"#, "f", &o(1)).unwrap();
        assert_eq!(a.date.map(|d| d.to_rfc3339()), Some("2021-12-03T00:00:00+00:00".into()));
        let a = article_from_line(r#"{"text":"x","date":"last week"}"#, "f", &o(1)).unwrap();
        assert_eq!(a.date, None);
        assert_eq!(a.meta.get("date_raw"), Some(&Value::String("last week".into())));
    }
}
