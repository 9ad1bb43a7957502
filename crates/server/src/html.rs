//! HTML building blocks: escaping, the page shell and small renderers shared
//! by the UI pages. Plain string building (no template engine) keeps the
//! binary small and every escape visible.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Escape text for HTML element content and quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encode a path segment or query value (RFC 3986 unreserved kept).
pub(crate) fn url_enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A whole page: landmarks, embedded stylesheet and script.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{t} · newsfold</title><link rel=\"stylesheet\" href=\"/assets/style.css\">\
<script src=\"/assets/app.js\" defer></script></head><body>\
<a class=\"skip\" href=\"#main\">Skip to content</a>\
<header class=\"site\"><nav aria-label=\"Site\"><a class=\"brand\" href=\"/\">news<b>fold</b></a>\
<a href=\"/\">Stories</a><a href=\"/outlets\">Outlets</a><a href=\"/openapi.json\">API</a></nav>\
<form class=\"search\" role=\"search\" action=\"/\" method=\"get\"><label class=\"sr\" for=\"q\">Search stories</label>\
<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search stories…\"></form></header>\
<main id=\"main\">{body}</main>\
<footer class=\"site\"><p>newsfold: who published first, who copied, what changed.</p></footer>\
</body></html>\n",
        t = esc(title),
    )
}

/// `2026-03-14 08:10` (UTC), or an em dash.
pub(crate) fn fmt_date(d: Option<DateTime<Utc>>) -> String {
    d.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "—".into())
}

/// A date string from a JSON blob, shortened for display.
pub(crate) fn fmt_date_str(s: Option<&str>) -> String {
    match s {
        None => "—".into(),
        Some(s) => fmt_date(newsfold_core::parse_date(s)).replace('—', s),
    }
}

/// A coloured badge for a role (`original`, `copy`, `rewrite`, ...).
pub(crate) fn badge(role: &str) -> String {
    let class = match role {
        "original" => "b-orig",
        "copy" | "near_duplicate" | "exact" | "syndicated" => "b-copy",
        "rewrite" => "b-rew",
        _ => "b-other",
    };
    format!("<span class=\"badge {class}\">{}</span>", esc(&role.replace('_', " ")))
}

/// `/articles/{id}` link.
pub(crate) fn article_href(id: &str) -> String {
    format!("/articles/{}", url_enc(id))
}

/// `/stories/{id}` link.
pub(crate) fn story_href(id: &str) -> String {
    format!("/stories/{}", url_enc(id))
}

/// The string value of `v[key]`, if it is a string.
pub(crate) fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The array at `v[key]`, or an empty slice.
pub(crate) fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// A JSON scalar as display text (strings unquoted).
pub(crate) fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Kind of an edit operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    Eq,
    Sub,
    Ins,
    Del,
}

/// One edit operation, normalised from either `{"op","a","b"}` or
/// `{"op","from","to"}` (`a`/`from` is the earlier or left text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Op {
    pub kind: OpKind,
    pub a: String,
    pub b: String,
}

/// Parse an ops array; unknown entries are skipped.
pub(crate) fn parse_ops(v: &Value) -> Vec<Op> {
    let Some(list) = v.as_array() else { return Vec::new() };
    list.iter()
        .filter_map(|o| {
            let kind = match s(o, "op")? {
                "eq" | "equal" | "=" => OpKind::Eq,
                "sub" | "replace" => OpKind::Sub,
                "ins" | "insert" => OpKind::Ins,
                "del" | "delete" => OpKind::Del,
                _ => return None,
            };
            let a = s(o, "a").or_else(|| s(o, "from")).unwrap_or("").to_string();
            let b = s(o, "b").or_else(|| s(o, "to")).unwrap_or("").to_string();
            let (a, b) = match kind {
                // An `eq` may carry its text on one side only.
                OpKind::Eq if a.is_empty() => (b.clone(), b),
                OpKind::Eq if b.is_empty() => (a.clone(), a),
                _ => (a, b),
            };
            Some(Op { kind, a, b })
        })
        .collect()
}

/// Render ops as one inline text: deletions struck, insertions marked.
pub(crate) fn ops_inline(ops: &[Op]) -> String {
    let mut out = String::new();
    for (i, op) in ops.iter().enumerate() {
        if i > 0 && !out.ends_with(' ') {
            out.push(' ');
        }
        match op.kind {
            OpKind::Eq => out.push_str(&esc(&op.b)),
            OpKind::Sub => {
                let _ = write!(
                    out,
                    "<del class=\"sub\" title=\"replaced\">{}</del> <ins class=\"sub\" title=\"replacement\">{}</ins>",
                    esc(&op.a),
                    esc(&op.b)
                );
            }
            OpKind::Ins => {
                let _ = write!(out, "<ins title=\"inserted\">{}</ins>", esc(&op.b));
            }
            OpKind::Del => {
                let _ = write!(out, "<del title=\"deleted\">{}</del>", esc(&op.a));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc("<b a=\"x\">'&'</b>"), "&lt;b a=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;");
        assert_eq!(url_enc("a/b c?é"), "a%2Fb%20c%3F%C3%A9");
    }

    #[test]
    fn ops_in_both_shapes() {
        let ops = parse_ops(&json!([
            {"op": "eq", "a": "we will", "b": "we will"},
            {"op": "sub", "from": "never", "to": "not"},
            {"op": "ins", "to": "<script>"},
            {"op": "del", "a": "ever"},
            {"op": "bogus"},
            "junk"
        ]));
        assert_eq!(ops.len(), 4);
        assert_eq!(ops[1], Op { kind: OpKind::Sub, a: "never".into(), b: "not".into() });
        let h = ops_inline(&ops);
        assert!(h.contains("<del class=\"sub\" title=\"replaced\">never</del>"), "{h}");
        assert!(h.contains("<ins title=\"inserted\">&lt;script&gt;</ins>"), "{h}");
        assert!(!h.contains("<script>"));
        assert!(parse_ops(&json!(null)).is_empty());
    }
}
