//! JSON API handlers (`/api/*`), documented in `openapi.json`.

use std::collections::HashMap;

use axum::Json;
use axum::body::Body;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use newsfold_core::Article;
use newsfold_engine::read::{self, StorySort};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::cache::{Cached, Kind};
use crate::error::ApiError;
use crate::state::AppState;

type Params = Query<HashMap<String, String>>;

/// Largest `limit` any list endpoint accepts.
const MAX_LIMIT: usize = 1000;

/// A non-negative integer query parameter, with a default and a cap.
pub(crate) fn param_usize(q: &HashMap<String, String>, name: &str, default: usize) -> Result<usize, ApiError> {
    match q.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .map(|n| n.min(MAX_LIMIT.max(default)))
            .map_err(|_| ApiError::bad_request(format!("query parameter `{name}` must be a non-negative integer"))),
    }
}

/// The `sort` query parameter.
pub(crate) fn param_sort(q: &HashMap<String, String>) -> Result<StorySort, ApiError> {
    match q.get("sort").map(String::as_str) {
        None | Some("") | Some("latest") => Ok(StorySort::Latest),
        Some("biggest") => Ok(StorySort::Biggest),
        Some(other) => Err(ApiError::bad_request(format!("unknown sort {other:?}: use `latest` or `biggest`"))),
    }
}

/// `GET /api/stories`
pub(crate) async fn list_stories(State(st): State<AppState>, Query(q): Params) -> Result<Json<Value>, ApiError> {
    let sort = param_sort(&q)?;
    let limit = param_usize(&q, "limit", 50)?;
    let offset = q
        .get("offset")
        .map(|v| v.trim().parse::<usize>())
        .transpose()
        .map_err(|_| ApiError::bad_request("query parameter `offset` must be a non-negative integer"))?;
    let offset = offset.unwrap_or(0);
    let query = q.get("q").cloned().filter(|s| !s.trim().is_empty());
    let sort_name = if sort == StorySort::Biggest { "biggest" } else { "latest" };
    let counter = st.clone();
    st.read(move |s| {
        let stories = read::stories(s, sort, query.as_deref(), limit, offset)?;
        let (total, _) = counter.counts(s)?;
        Ok(Json(json!({
            "sort": sort_name, "q": query, "limit": limit, "offset": offset,
            "total": total, "stories": stories
        })))
    })
    .await
}

/// `GET /api/stories/{id}`: serialised once per write generation, then
/// served from the page cache (see [`crate::cache`]).
pub(crate) async fn get_story(
    State(st): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let answer = st.cached((Kind::StoryJson, id.clone()), move |s| match read::story(s, &id)? {
        Some(d) => {
            let body = serde_json::to_vec(&d).map_err(|e| ApiError::internal(e.to_string()))?;
            Ok(Cached::new(body, "application/json"))
        }
        None => Err(ApiError::not_found(format!("no story {id:?}"))),
    });
    Ok(answer.await?.respond(&headers, st.public()))
}

/// `GET /api/articles/{id}`
pub(crate) async fn get_article(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    st.read(move |s| match read::article(s, &id)? {
        Some(d) => Ok(Json(serde_json::to_value(d).map_err(|e| ApiError::internal(e.to_string()))?)),
        None => Err(ApiError::not_found(format!("no article {id:?}"))),
    })
    .await
}

/// `GET /api/articles/{id}/related`
pub(crate) async fn get_related(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    st.read(move |s| {
        if s.get(&id)?.is_none() {
            return Err(ApiError::not_found(format!("no article {id:?}")));
        }
        let rel = read::related(s, &id)?;
        Ok(Json(json!({"article": id, "related": rel})))
    })
    .await
}

/// `GET /api/search?q=`
pub(crate) async fn search(State(st): State<AppState>, Query(q): Params) -> Result<Json<Value>, ApiError> {
    let query = q
        .get("q")
        .cloned()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("query parameter `q` is required"))?;
    let limit = param_usize(&q, "limit", 50)?;
    st.read(move |s| {
        let hits = s.search(&query, limit)?;
        Ok(Json(json!({"q": query, "hits": hits})))
    })
    .await
}

/// `GET /api/quotes?story=&limit=&offset=`
pub(crate) async fn quotes(State(st): State<AppState>, Query(q): Params) -> Result<Json<Value>, ApiError> {
    let story = q.get("story").cloned().filter(|s| !s.is_empty());
    let limit = param_usize(&q, "limit", 50)?;
    let offset = param_usize(&q, "offset", 0)?;
    st.read(move |s| {
        let clusters = read::quote_clusters(s, story.as_deref(), limit, offset)?;
        Ok(Json(json!({"story": story, "clusters": clusters})))
    })
    .await
}

/// `GET /api/passages?article=&limit=&offset=`: passage clusters (a passage
/// reprinted by several articles, with every occurrence), biggest first.
pub(crate) async fn passages(State(st): State<AppState>, Query(q): Params) -> Result<Json<Value>, ApiError> {
    let article = q.get("article").cloned().filter(|s| !s.is_empty());
    let limit = param_usize(&q, "limit", 50)?;
    let offset = param_usize(&q, "offset", 0)?;
    st.read(move |s| {
        if let Some(id) = &article
            && s.get(id)?.is_none()
        {
            return Err(ApiError::not_found(format!("no article {id:?}")));
        }
        let clusters = read::passage_clusters(s, article.as_deref(), limit, offset)?;
        Ok(Json(json!({"article": article, "clusters": clusters})))
    })
    .await
}

/// `GET /api/status`: article counts, the background analysis state and the
/// page cache's counters.
pub(crate) async fn status(State(st): State<AppState>) -> Result<Json<Value>, ApiError> {
    let analysis = st.status();
    let cache = st.cache_stats();
    st.read(move |s| {
        let (articles, analysed): (i64, i64) = s
            .conn()
            .query_row("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM analysis)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|e| ApiError::internal(format!("database error: {e}")))?;
        let mut v = serde_json::to_value(&analysis).map_err(|e| ApiError::internal(e.to_string()))?;
        if let Some(o) = v.as_object_mut() {
            o.insert("articles".into(), json!(articles));
            o.insert("analysed".into(), json!(analysed));
            o.insert("page_cache".into(), json!(cache));
        }
        Ok(Json(v))
    })
    .await
}

/// `GET /api/outlets`
pub(crate) async fn outlets(State(st): State<AppState>) -> Result<Json<Value>, ApiError> {
    st.read(|s| Ok(Json(json!({"outlets": read::outlets(s)?})))).await
}

/// `GET /openapi.json`
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI_JSON).into_response()
}

/// Unknown `/api/*` path.
pub(crate) async fn not_found(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::not_found(format!("no such endpoint: {method} {}", uri.path()))
}

/// A known `/api/*` path with the wrong method (405, JSON like every error).
pub(crate) async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, format!("{method} is not allowed on {}", uri.path()))
}

/// An article as accepted by `POST /api/articles`: the [`Article`] fields,
/// with `date` in any format `parse_date` reads and unknown fields kept in `meta`.
#[derive(Debug, Deserialize)]
struct Incoming {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    meta: Map<String, Value>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// Turn one JSON value into an article; `at` names it in errors (`item 3`, `line 7`).
fn to_article(v: Value, at: &str) -> Result<Article, ApiError> {
    if !v.is_object() {
        return Err(ApiError::bad_request(format!("{at}: expected a JSON object with at least `text`"))
            .with_detail(json!({"at": at})));
    }
    let inc: Incoming = serde_json::from_value(v)
        .map_err(|e| ApiError::bad_request(format!("{at}: {e}")).with_detail(json!({"at": at})))?;
    if inc.text.trim().is_empty() {
        return Err(ApiError::bad_request(format!("{at}: field `text` is empty"))
            .with_detail(json!({"at": at, "field": "text"})));
    }
    let date = match inc.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(newsfold_core::parse_date(d).ok_or_else(|| {
            ApiError::bad_request(format!("{at}: field `date` is not a date: {d:?}"))
                .with_detail(json!({"at": at, "field": "date"}))
        })?),
    };
    let mut meta = inc.meta;
    meta.extend(inc.extra);
    let mut a =
        Article { id: String::new(), title: inc.title, text: inc.text, date, outlet: inc.outlet, url: inc.url, meta };
    a.id = match inc.id.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
        Some(id) => id,
        // No id: the URL identifies a web page; otherwise the content does.
        None => match a.url.as_deref() {
            Some(u) => format!("url:{u}"),
            None => format!("h{:016x}", a.content_hash()),
        },
    };
    a.fill_outlet_from_url();
    Ok(a)
}

/// Parse a JSON body: one object or an array of objects.
fn parse_json_body(bytes: &[u8]) -> Result<Vec<Article>, ApiError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request(format!("body is not valid JSON: {e}"))
            .with_detail(json!({"line": e.line(), "column": e.column()}))
    })?;
    match v {
        Value::Array(items) => {
            items.into_iter().enumerate().map(|(i, v)| to_article(v, &format!("item {i}"))).collect()
        }
        v @ Value::Object(_) => Ok(vec![to_article(v, "body")?]),
        _ => Err(ApiError::bad_request("body must be a JSON object or an array of objects")),
    }
}

/// Parse a JSONL body: one object per non-empty line.
fn parse_jsonl_body(bytes: &[u8]) -> Result<Vec<Article>, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ApiError::bad_request(format!("body is not UTF-8: {e}")))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at = format!("line {}", i + 1);
        let v: Value = serde_json::from_str(line).map_err(|e| {
            ApiError::bad_request(format!("{at}: not valid JSON: {e}"))
                .with_detail(json!({"line": i + 1, "column": e.column()}))
        })?;
        out.push(to_article(v, &at)?);
    }
    Ok(out)
}

/// Turn an HTML page into an article with `newsfold_ingest::article_from_html`
/// (main text, title, date and outlet from the page). The id is `?id=`, else
/// `url:<URL>`, as for a JSON article with a URL and no id.
fn html_to_article(id: Option<&str>, html: &str, url: &str) -> Result<Article, ApiError> {
    let id = id.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).unwrap_or_else(|| format!("url:{url}"));
    let mut a = newsfold_ingest::article_from_html(&id, html, Some(url)).map_err(|e| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("no article found in the HTML page: {e}"))
    })?;
    a.id = id;
    a.fill_outlet_from_url();
    Ok(a)
}

/// `POST /api/articles`: JSON, JSONL or HTML in; per-article results out (201).
pub(crate) async fn post_articles(
    State(st): State<AppState>,
    Query(q): Params,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let limit = st.max_body_bytes();
    let too_big = || {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("request body is larger than the limit of {limit} bytes"))
    };
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_big());
    }
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        if e.to_string().contains("length limit")
            || std::error::Error::source(&e).is_some_and(|s| s.to_string().contains("length limit"))
        {
            too_big()
        } else {
            ApiError::bad_request(format!("could not read the request body: {e}"))
        }
    })?;
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let articles = match ctype.as_str() {
        "application/json" | "text/json" | "" => parse_json_body(&bytes)?,
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" | "application/jsonlines" => {
            parse_jsonl_body(&bytes)?
        }
        "text/html" | "application/xhtml+xml" => {
            let html = std::str::from_utf8(&bytes)
                .map_err(|e| ApiError::bad_request(format!("HTML body is not UTF-8: {e}")))?;
            let url = q
                .get("url")
                .map(String::as_str)
                .or_else(|| headers.get("x-source-url").and_then(|v| v.to_str().ok()))
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .ok_or_else(|| {
                    ApiError::bad_request("HTML bodies need the page URL: `?url=` or an X-Source-URL header")
                })?;
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(ApiError::bad_request(format!("the page URL must be http(s): {url:?}")));
            }
            vec![html_to_article(q.get("id").map(String::as_str), html, url)?]
        }
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("unsupported Content-Type {other:?}: use application/json, application/x-ndjson or text/html"),
            ));
        }
    };
    if articles.is_empty() {
        return Err(ApiError::bad_request("the body holds no articles"));
    }
    let results = st.ingest(articles).await?;
    Ok((StatusCode::CREATED, Json(json!({"count": results.len(), "results": results}))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_the_item_and_field() {
        let e = parse_json_body(br#"[{"id":"a","text":"ok"},{"id":"b"}]"#).unwrap_err();
        assert!(e.message.starts_with("item 1:") && e.message.contains("text"), "{}", e.message);
        let e = parse_json_body(br#"{"id":"a","text":"x","date":"yesterday-ish"}"#).unwrap_err();
        assert!(e.message.contains("`date`"), "{}", e.message);
        let e = parse_jsonl_body(b"{\"id\":\"a\",\"text\":\"x\"}\n\n{oops\n").unwrap_err();
        assert!(e.message.starts_with("line 3:"), "{}", e.message);
        let e = parse_json_body(b"42").unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn json_articles_get_ids_dates_and_meta() {
        let got = parse_json_body(
            br#"{"text":"Body.","url":"https://harbourwire.example/x","date":"14 March 2026","section":"local"}"#,
        )
        .unwrap();
        assert_eq!(got[0].id, "url:https://harbourwire.example/x");
        assert_eq!(got[0].outlet.as_deref(), Some("harbourwire.example"));
        assert!(got[0].date.is_some());
        assert_eq!(got[0].meta.get("section"), Some(&json!("local")));
        let got = parse_jsonl_body(b"{\"text\":\"One.\"}\r\n{\"id\":\"z\",\"text\":\"Two.\"}").unwrap();
        assert_eq!(got.len(), 2);
        assert!(got[0].id.starts_with('h'));
    }
}
