//! The web UI: server-rendered pages over the engine's read model. Every
//! section renders only when its data is present, so the pages work today
//! (one story per article, empty details) and show more as analyses land.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::OnceLock;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use newsfold_core::CharMap;
use newsfold_engine::read::{self, ArticleBrief, Related, StoryDetail, StoryItem, StorySort};
use serde_json::Value;

use crate::cache::{Cached, Kind};
use crate::error::ApiError;
use crate::html::{
    arr, article_href, badge, bag_overlap, common_words, diff_marks, esc, fmt_date, nice_date, ops_inline, page, s,
    same_words, short, story_href, text_of, url_enc, word_diff, word_keys,
};
use crate::state::AppState;

const CSS: &str = include_str!("../assets/style.css");
const JS: &str = include_str!("../assets/app.js");

/// An embedded asset: its body, content type, ETag and versioned URL.
struct Asset {
    body: &'static str,
    content_type: &'static str,
    path: &'static str,
    etag: OnceLock<(HeaderValue, String)>,
}

static STYLE: Asset =
    Asset { body: CSS, content_type: "text/css; charset=utf-8", path: "/assets/style.css", etag: OnceLock::new() };
static SCRIPT: Asset =
    Asset { body: JS, content_type: "text/javascript; charset=utf-8", path: "/assets/app.js", etag: OnceLock::new() };

impl Asset {
    /// The ETag (xxh3 of the body) and the URL with `?v=` the first 12 hex digits of it.
    fn tag(&self) -> &(HeaderValue, String) {
        self.etag.get_or_init(|| {
            let tag = crate::cache::etag_of(self.body.as_bytes());
            let v: String = tag.to_str().unwrap_or("").chars().filter(char::is_ascii_hexdigit).take(12).collect();
            (tag, format!("{}?v={v}", self.path))
        })
    }

    /// The answer: pages link the versioned URL, whose content never changes
    /// (`immutable`, a year); the bare URL (or an old version) may be cached
    /// an hour. Either way a matching `If-None-Match` gets 304.
    fn respond(&self, req: &HeaderMap, version: Option<&str>) -> Response {
        let (etag, href) = self.tag();
        let current = version.is_some_and(|v| href.ends_with(&format!("?v={v}")));
        let cache = if current { "public, max-age=31536000, immutable" } else { "public, max-age=3600" };
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static(self.content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::ETAG, etag.clone()),
        ];
        if req.get(header::IF_NONE_MATCH).is_some_and(|v| crate::cache::etag_matches(v, etag)) {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        (headers, self.body).into_response()
    }
}

/// The stylesheet's versioned URL (`/assets/style.css?v=…`).
pub(crate) fn style_href() -> &'static str {
    &STYLE.tag().1
}

/// The script's versioned URL (`/assets/app.js?v=…`).
pub(crate) fn script_href() -> &'static str {
    &SCRIPT.tag().1
}

/// The embedded stylesheet.
pub(crate) async fn css(headers: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Response {
    STYLE.respond(&headers, q.get("v").map(String::as_str))
}

/// The embedded script.
pub(crate) async fn js(headers: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Response {
    SCRIPT.respond(&headers, q.get("v").map(String::as_str))
}

/// An HTML error page.
fn error_page(e: ApiError) -> Response {
    let body = format!(
        "<section class=\"notice\"><h1>{}</h1><p>{}</p><p><a href=\"/\">Back to the stories</a></p></section>",
        esc(e.status.canonical_reason().unwrap_or("Error")),
        esc(&e.message)
    );
    (e.status, Html(page(e.status.canonical_reason().unwrap_or("Error"), &body))).into_response()
}

/// Unknown page.
pub(crate) async fn not_found() -> Response {
    error_page(ApiError::new(StatusCode::NOT_FOUND, "There is no page at this address."))
}

fn respond(r: Result<String, ApiError>) -> Response {
    match r {
        Ok(h) => Html(h).into_response(),
        Err(e) => error_page(e),
    }
}

/// Chips for a list of strings.
fn chips(label: &str, items: &[Value], max: usize) -> String {
    let words: Vec<String> = items.iter().filter_map(Value::as_str).take(max).map(esc).collect();
    if words.is_empty() {
        return String::new();
    }
    format!(
        "<ul class=\"chips\" aria-label=\"{}\">{}</ul>",
        esc(label),
        words.iter().map(|w| format!("<li>{w}</li>")).collect::<String>()
    )
}

fn story_card(it: &StoryItem) -> String {
    let span = match (it.first, it.last) {
        (Some(f), Some(l)) if f.date_naive() != l.date_naive() => {
            format!("{} – {}", f.format("%d %b %Y"), l.format("%d %b %Y"))
        }
        (Some(f), Some(l)) if f != l => format!("{}–{}", f.format("%d %b %Y %H:%M"), l.format("%H:%M")),
        (_, Some(l)) => l.format("%d %b %Y %H:%M").to_string(),
        (Some(f), None) => f.format("%d %b %Y").to_string(),
        _ => "undated".into(),
    };
    format!(
        "<li class=\"card\"><a class=\"title\" href=\"{}\">{}</a><p class=\"meta\"><span class=\"num\">{} article{}</span> · {} outlet{} · <time>{}</time></p>{}</li>",
        story_href(&it.id),
        esc(&it.title),
        it.articles,
        if it.articles == 1 { "" } else { "s" },
        it.outlets,
        if it.outlets == 1 { "" } else { "s" },
        esc(&span),
        chips("Key terms", arr(&it.summary, "key_terms"), 6),
    )
}

fn story_list(items: &[StoryItem]) -> String {
    if items.is_empty() {
        return "<p class=\"empty\">No stories yet.</p>".into();
    }
    format!("<ol class=\"cards\">{}</ol>", items.iter().map(story_card).collect::<String>())
}

/// `GET /` (and `/?q=` for search).
pub(crate) async fn front(State(st): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let query = q.get("q").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let counter = st.clone();
    respond(
        st.read(move |db| {
            let (stories, articles) = counter.counts(db)?;
            let mut b = String::new();
            let _ = write!(
                b,
                "<section class=\"hero\"><h1>Stories</h1><p class=\"counts\"><span><b>{stories}</b> stories</span>\
                 <span><b>{articles}</b> articles</span><a href=\"/outlets\">by outlet</a></p>\
                 <form class=\"bigsearch\" role=\"search\" action=\"/\" method=\"get\"><label for=\"q2\">Search titles and text</label>\
                 <div><input id=\"q2\" name=\"q\" type=\"search\" value=\"{}\" placeholder=\"e.g. ferry collision\"><button>Search</button></div></form></section>",
                esc(query.as_deref().unwrap_or(""))
            );
            match &query {
                Some(qs) => {
                    let hits = read::stories(db, StorySort::Biggest, Some(qs), 100, 0)?;
                    let _ = write!(
                        b,
                        "<section aria-labelledby=\"res\"><h2 id=\"res\">{} stor{} matching “{}”</h2>{}</section>",
                        hits.len(),
                        if hits.len() == 1 { "y" } else { "ies" },
                        esc(qs),
                        story_list(&hits)
                    );
                }
                None => {
                    let latest = read::stories(db, StorySort::Latest, None, 25, 0)?;
                    let biggest = read::stories(db, StorySort::Biggest, None, 10, 0)?;
                    let _ = write!(
                        b,
                        "<div class=\"cols\"><section aria-labelledby=\"latest\"><h2 id=\"latest\">Latest</h2>{}</section>\
                         <section aria-labelledby=\"biggest\"><h2 id=\"biggest\">Biggest</h2>{}</section></div>",
                        story_list(&latest),
                        story_list(&biggest)
                    );
                }
            }
            Ok(page("Stories", &b))
        })
        .await,
    )
}

/// One source of a story page: an article of the story, or one that the
/// story's quotes or digest cite from elsewhere.
struct Src {
    n: usize,
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    date: Option<chrono::DateTime<chrono::Utc>>,
}

/// Index of the sources of a story page, for labels and `[n]` citations.
struct Index {
    by_id: HashMap<String, Src>,
}

/// Most articles from outside the story that one page looks up.
const MAX_EXTERNAL: usize = 300;

impl Index {
    fn new(list: &[ArticleBrief]) -> Self {
        let by_id = list
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let src = Src {
                    n: i + 1,
                    title: a.title.clone(),
                    outlet: a.outlet.clone(),
                    url: a.url.clone(),
                    date: a.date,
                };
                (a.id.clone(), src)
            })
            .collect();
        Index { by_id }
    }

    /// Number and describe the articles that `v` cites but the story lacks
    /// (at most [`MAX_EXTERNAL`] looked up, in one query).
    fn add_cited(&mut self, db: &newsfold_store::Store, v: &Value) -> Result<(), ApiError> {
        let mut cited = Vec::new();
        collect_ids(v, &mut cited);
        let mut seen = HashSet::new();
        let wanted: Vec<String> = cited
            .into_iter()
            .filter(|id| !self.by_id.contains_key(id) && seen.insert(id.clone()))
            .take(MAX_EXTERNAL)
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let mut found = article_sources(db, &wanted)?;
        // numbered in citation order, as before the lookups were batched
        for id in wanted {
            if let Some(mut src) = found.remove(&id) {
                src.n = self.by_id.len() + 1;
                self.by_id.insert(id, src);
            }
        }
        Ok(())
    }

    fn get(&self, id: &str) -> Option<&Src> {
        self.by_id.get(id)
    }

    /// `[3]`-style source link, with the outlet and title as its tooltip.
    fn cite(&self, id: &str) -> String {
        match self.by_id.get(id) {
            Some(a) => format!(
                "<a class=\"cite\" href=\"{}\" title=\"{}\">[{}]</a>",
                article_href(id),
                esc(&format!("{} — {}", self.label(id), a.title.as_deref().unwrap_or(id))),
                a.n
            ),
            None => format!("<a class=\"cite\" href=\"{}\" title=\"{}\">[↗]</a>", article_href(id), esc(id)),
        }
    }

    /// Citations for several articles, in source order, each once.
    fn cites(&self, ids: &[String]) -> String {
        let mut v: Vec<&String> = ids.iter().collect::<HashSet<_>>().into_iter().collect();
        v.sort_by_key(|i| (self.by_id.get(i.as_str()).map(|s| s.n).unwrap_or(usize::MAX), (*i).clone()));
        v.into_iter().map(|i| self.cite(i)).collect()
    }

    /// The outlet (or web host) of a source, if known.
    fn outlet(&self, id: &str) -> Option<String> {
        let a = self.get(id)?;
        a.outlet.clone().filter(|o| !o.trim().is_empty()).or_else(|| a.url.as_deref().and_then(newsfold_core::host_of))
    }

    /// A short name for a source: its outlet, else its web host, else its
    /// title shortened, else its id.
    fn label(&self, id: &str) -> String {
        match self.get(id) {
            Some(a) => a
                .outlet
                .clone()
                .filter(|o| !o.trim().is_empty())
                .or_else(|| a.url.as_deref().and_then(newsfold_core::host_of))
                .or_else(|| a.title.as_deref().map(|t| short(t, 32)))
                .unwrap_or_else(|| short(id, 32)),
            None => short(id, 32),
        }
    }
}

/// A database error in a query of this module.
fn db_error(e: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "database error");
    ApiError::internal(format!("database error: {e}"))
}

/// Title, outlet, URL and date of each stored article of `ids`, in one
/// query (`json_each` over the id list); `n` is left 0 for the caller.
fn article_sources(db: &newsfold_store::Store, ids: &[String]) -> Result<HashMap<String, Src>, ApiError> {
    let list = serde_json::to_string(ids).map_err(|e| ApiError::internal(e.to_string()))?;
    let mut st = db
        .conn()
        .prepare_cached(
            "SELECT id, title, outlet, url, date FROM articles WHERE id IN (SELECT value FROM json_each(?1))",
        )
        .map_err(db_error)?;
    let rows = st
        .query_map([list], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Src {
                    n: 0,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    url: r.get(3)?,
                    date: r.get::<_, Option<String>>(4)?.and_then(|d| newsfold_core::parse_date(&d)),
                },
            ))
        })
        .map_err(db_error)?;
    rows.collect::<Result<HashMap<_, _>, _>>().map_err(db_error)
}

/// The titles of the stored stories among `ids`, in one query.
fn story_titles(db: &newsfold_store::Store, ids: &[String]) -> Result<HashMap<String, String>, ApiError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = serde_json::to_string(ids).map_err(|e| ApiError::internal(e.to_string()))?;
    let mut st = db
        .conn()
        .prepare_cached("SELECT id, title FROM stories WHERE id IN (SELECT value FROM json_each(?1))")
        .map_err(db_error)?;
    let rows = st.query_map([list], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(db_error)?;
    rows.collect::<Result<HashMap<_, _>, _>>().map_err(db_error)
}

/// A short name for an article: its outlet, else its web host, else its
/// title shortened to `max` chars.
fn source_name(a: &newsfold_core::Article, max: usize) -> String {
    a.outlet
        .clone()
        .filter(|o| !o.trim().is_empty())
        .or_else(|| a.url.as_deref().and_then(newsfold_core::host_of))
        .unwrap_or_else(|| short(&a.display_title(), max))
}

/// Every article id a JSON blob cites (`article`, `first_article`, and the
/// arrays `articles`, `supporting_articles`, `members`).
fn collect_ids(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("article" | "first_article", Value::String(s)) => out.push(s.clone()),
                    ("articles" | "supporting_articles" | "members", Value::Array(a)) => {
                        out.extend(a.iter().filter_map(Value::as_str).map(str::to_string))
                    }
                    _ => collect_ids(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_ids(x, out)),
        _ => {}
    }
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().map(text_of).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
}

fn digest_section(d: &Value, ix: &Index) -> String {
    if !d.is_object() {
        return String::new();
    }
    let mut b = String::from("<section class=\"digest\" aria-labelledby=\"digest\">");
    let _ = write!(b, "<h2 id=\"digest\">{}</h2>", esc(s(d, "headline").unwrap_or("Digest")));
    let summary = arr(d, "summary");
    if !summary.is_empty() {
        b.push_str("<ul class=\"summary\">");
        for p in summary {
            let text = s(p, "text").map(str::to_string).unwrap_or_else(|| text_of(p));
            let cites = ix.cites(&ids(p.get("supporting_articles").unwrap_or(&Value::Null)));
            let _ = write!(b, "<li>{} {cites}</li>", esc(&text));
        }
        b.push_str("</ul>");
    }
    let kq = arr(d, "key_quotes");
    if !kq.is_empty() {
        b.push_str("<h3>Key quotes</h3><ul class=\"keyquotes\">");
        for q in kq {
            let cites = ix.cites(&ids(q.get("articles").unwrap_or(&Value::Null)));
            let _ = write!(
                b,
                "<li><q>{}</q> <span class=\"who\">— {}</span> {cites}</li>",
                esc(s(q, "text").unwrap_or("")),
                esc(s(q, "speaker").unwrap_or("unattributed"))
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");
    b
}

/// Role of each article: the stored role, else the digest's source role, else
/// derived from the families (an original, or a copy of one).
fn roles(detail: &StoryDetail) -> HashMap<String, String> {
    let mut r: HashMap<String, String> = HashMap::new();
    for f in arr(&detail.detail, "families") {
        if let Some(o) = f.get("original").map(text_of).filter(|s| !s.is_empty()) {
            r.insert(o, "original".into());
        }
        for e in arr(f, "edges") {
            if let Some(c) = e.get("copy").map(text_of) {
                r.entry(c).or_insert_with(|| "copy".into());
            }
        }
    }
    if let Some(d) = detail.detail.get("digest") {
        for src in arr(d, "sources") {
            if let (Some(a), Some(role)) = (src.get("article").map(text_of), s(src, "role")) {
                r.insert(a, role.to_string());
            }
        }
    }
    for a in &detail.article_list {
        if let Some(role) = &a.role {
            r.insert(a.id.clone(), role.clone());
        }
    }
    r
}

fn timeline_section(detail: &StoryDetail, ix: &Index, roles: &HashMap<String, String>) -> String {
    let digest_tl = detail.detail.get("digest").map(|d| arr(d, "timeline")).unwrap_or(&[]);
    // The digest's order and event kinds ("first report", "new development")
    // when it has a timeline; the story's articles by date otherwise.
    let mut entries: Vec<(String, Option<String>)> = digest_tl
        .iter()
        .filter_map(|t| {
            Some((t.get("article").map(text_of).filter(|s| !s.is_empty())?, s(t, "kind").map(str::to_string)))
        })
        .collect();
    if entries.is_empty() {
        let mut list: Vec<&ArticleBrief> = detail.article_list.iter().collect();
        list.sort_by_key(|a| (a.date.is_none(), a.date, a.id.clone()));
        entries = list.iter().map(|a| (a.id.clone(), None)).collect();
    }
    let mut rows = String::new();
    for (id, kind) in &entries {
        let src = ix.get(id);
        let title = src.and_then(|b| b.title.clone()).unwrap_or_else(|| id.clone());
        let role = roles.get(id).map(String::as_str);
        // The event kind is worth showing when it says more than the role.
        let note = kind.as_deref().filter(|k| Some(*k) != role && !matches!(*k, "original" | "copy" | "rewrite"));
        rows.push_str(&format!(
            "<li data-article=\"{}\"><time>{}</time>{}<span class=\"roles\">{}{}</span><a href=\"{}\">{}</a></li>",
            esc(id),
            esc(&nice_date(src.and_then(|b| b.date))),
            match ix.outlet(id) {
                Some(o) => format!("<span class=\"outlet\" title=\"{}\">{}</span>", esc(&o), esc(&o)),
                None => "<span class=\"outlet unknown\">outlet unknown</span>".to_string(),
            },
            role.map(badge).unwrap_or_default(),
            note.map(|k| format!("<span class=\"kind\">{}</span>", esc(k))).unwrap_or_default(),
            article_href(id),
            esc(&title)
        ));
    }
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "<section aria-labelledby=\"tl\"><h2 id=\"tl\">Timeline of sources</h2><ol class=\"timeline\">{rows}</ol></section>"
    )
}

/// Split a label into at most two lines of about `width` chars (the second
/// shortened with `…` when needed).
fn wrap2(label: &str, width: usize) -> Vec<String> {
    if label.chars().count() <= width {
        return vec![label.to_string()];
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let (mut k, mut len) = (0, 0);
    while k < words.len() {
        let add = words[k].chars().count() + usize::from(k > 0);
        if len + add > width && k > 0 {
            break;
        }
        len += add;
        k += 1;
    }
    let first = words[..k].join(" ");
    if first.chars().count() > width {
        return vec![short(label, width)];
    }
    let rest = words[k..].join(" ");
    if rest.is_empty() { vec![first] } else { vec![first, short(&rest, width)] }
}

/// The copy graph: nodes are articles laid out left to right by date, one
/// lane per family; arrows go from the source to the copy, labelled with the
/// confidence. Hand-laid-out SVG (no JS graph library, no build step).
fn graph_section(detail: &StoryDetail, ix: &Index, roles: &HashMap<String, String>) -> String {
    const MAX_NODES: usize = 80;
    let families = arr(&detail.detail, "families");
    let mut lane: HashMap<String, usize> = HashMap::new();
    let mut edges: Vec<(String, String, Option<f64>, String)> = Vec::new();
    for (fi, f) in families.iter().enumerate() {
        for m in ids(f.get("members").unwrap_or(&Value::Null)) {
            lane.entry(m).or_insert(fi);
        }
        for e in arr(f, "edges") {
            let (Some(src), Some(cp)) = (e.get("source").map(text_of), e.get("copy").map(text_of)) else { continue };
            lane.entry(src.clone()).or_insert(fi);
            lane.entry(cp.clone()).or_insert(fi);
            let basis = ids(e.get("basis").unwrap_or(&Value::Null)).join(", ");
            edges.push((src, cp, e.get("confidence").and_then(Value::as_f64), basis));
        }
    }
    if lane.is_empty() || edges.is_empty() {
        return String::new();
    }
    // Order by date (undated last), then by the story's article order.
    let mut nodes: Vec<String> = lane.keys().cloned().collect();
    nodes.sort_by_key(|id| {
        let b = ix.get(id);
        (
            b.and_then(|b| b.date).is_none(),
            b.and_then(|b| b.date),
            ix.get(id).map(|x| x.n).unwrap_or(usize::MAX),
            id.clone(),
        )
    });
    let truncated = nodes.len() > MAX_NODES;
    nodes.truncate(MAX_NODES);
    let mut lanes: Vec<usize> =
        nodes.iter().filter_map(|n| lane.get(n).copied()).collect::<HashSet<_>>().into_iter().collect();
    lanes.sort_unstable();
    let lane_row: HashMap<usize, usize> = lanes.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let row_of = |n: &str| lane.get(n).and_then(|l| lane_row.get(l)).copied().unwrap_or(0);
    // Same-lane arrows between non-neighbours bow upwards, more for longer
    // spans, so that they never run through the nodes in between.
    let bow_of = |a: &str, b: &str| -> f64 {
        match (index.get(a), index.get(b)) {
            (Some(&i), Some(&j)) if row_of(a) == row_of(b) => -((i.abs_diff(j).saturating_sub(1)).min(4) as f64) * 60.0,
            _ => 0.0,
        }
    };
    let max_bow = edges.iter().map(|(a, b, _, _)| -bow_of(a, b)).fold(0.0, f64::max);
    let r = 20.0;
    // Drawn twice: left to right for wide screens, top to bottom for narrow
    // ones (CSS shows one), so that phones need no sideways scrolling.
    let draw = |vertical: bool| -> String {
        let suffix = if vertical { "v" } else { "h" };
        let (top, left, step, lane_gap) = if vertical {
            (36.0, 40.0 + r + max_bow / 2.0, 84.0, 260.0)
        } else {
            (40.0 + max_bow / 2.0, 100.0, 200.0, 150.0)
        };
        let pos: HashMap<&str, (f64, f64)> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let (along, across) = (i as f64 * step, row_of(n) as f64 * lane_gap);
                (n.as_str(), if vertical { (left + across, top + along) } else { (left + along, top + across) })
            })
            .collect();
        let (along, across) =
            ((nodes.len().saturating_sub(1)) as f64 * step, (lanes.len().saturating_sub(1)) as f64 * lane_gap);
        let (width, height) = if vertical {
            (left + across + 250.0, top * 2.0 + along)
        } else {
            (left * 2.0 + along, top + across + 92.0)
        };
        let mut g = format!(
            "<svg class=\"graph graph-{suffix}\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"cg-t-{suffix}\">\
             <title id=\"cg-t-{suffix}\">Copy graph: {} articles, {} copy edges</title>\
             <defs><marker id=\"arrow-{suffix}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>",
            nodes.len(),
            edges.len()
        );
        for (src, cp, conf, basis) in &edges {
            let (Some(&(x1, y1)), Some(&(x2, y2))) = (pos.get(src.as_str()), pos.get(cp.as_str())) else { continue };
            let (ddx, ddy) = (x2 - x1, y2 - y1);
            let len = (ddx * ddx + ddy * ddy).sqrt().max(1.0);
            let (ux, uy) = (ddx / len, ddy / len);
            let (sx, sy, ex, ey) = (x1 + ux * r, y1 + uy * r, x2 - ux * (r + 2.0), y2 - uy * (r + 2.0));
            let bow = bow_of(src, cp);
            let (cx, cy) = if vertical {
                ((sx + ex) / 2.0 + bow, (sy + ey) / 2.0)
            } else {
                ((sx + ex) / 2.0, (sy + ey) / 2.0 + bow)
            };
            let (lx, ly, anchor) = if vertical {
                ((sx + ex) / 2.0 + bow / 2.0 - 8.0, (sy + ey) / 2.0 + 4.0, " style=\"text-anchor:end\"")
            } else {
                ((sx + ex) / 2.0, (sy + ey) / 2.0 + bow / 2.0 - 8.0, "")
            };
            let label = conf.map(|c| format!("{:.0}%", c * 100.0)).unwrap_or_default();
            let tip =
                format!("{} → {}{}{}", ix.label(src), ix.label(cp), if basis.is_empty() { "" } else { ": " }, basis);
            let _ = write!(
                g,
                "<g class=\"edge\"><title>{}</title><path d=\"M{sx:.1},{sy:.1} Q{cx:.1},{cy:.1} {ex:.1},{ey:.1}\" marker-end=\"url(#arrow-{suffix})\"/>\
                 <text x=\"{lx:.1}\" y=\"{ly:.1}\" class=\"conf\"{anchor}>{}</text></g>",
                esc(&tip),
                esc(&label)
            );
        }
        for n in &nodes {
            let Some(&(x, y)) = pos.get(n.as_str()) else { continue };
            let b = ix.get(n);
            let role = roles.get(n).map(String::as_str).unwrap_or("other");
            let class = match role {
                "original" => "n-orig",
                "copy" => "n-copy",
                "rewrite" => "n-rew",
                _ => "n-other",
            };
            let date = b.and_then(|b| b.date).map(|d| nice_date(Some(d))).unwrap_or_default();
            let title = b.and_then(|b| b.title.clone()).unwrap_or_else(|| n.clone());
            // The label wraps onto two lines of about 22 characters: under
            // the node left to right, beside it top to bottom.
            let lines = wrap2(&ix.label(n), if vertical { 28 } else { 22 });
            let (tx, ty0, anchor) =
                if vertical { (x + r + 10.0, y - 3.0, " style=\"text-anchor:start\"") } else { (x, y + r + 18.0, "") };
            let mut label = String::new();
            for (k, line) in lines.iter().enumerate() {
                let _ = write!(
                    label,
                    "<text x=\"{tx:.1}\" y=\"{:.1}\" class=\"lbl\"{anchor}>{}</text>",
                    ty0 + k as f64 * 17.0,
                    esc(line)
                );
            }
            let _ = write!(
                g,
                "<a href=\"{}\" class=\"node {class}\" data-article=\"{}\"><title>{} ({role}): {}</title>\
                 <circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\"/>{label}<text x=\"{tx:.1}\" y=\"{:.1}\" class=\"sub\"{anchor}>{}</text></a>",
                article_href(n),
                esc(n),
                esc(&ix.label(n)),
                esc(&title),
                ty0 + 2.0 + lines.len() as f64 * 17.0 - 2.0,
                esc(&date)
            );
        }
        g.push_str("</svg>");
        g
    };
    let g = format!("{}{}", draw(false), draw(true));
    format!(
        "<section aria-labelledby=\"cg\"><h2 id=\"cg\">Copy graph</h2>\
         <p class=\"legend\"><span class=\"dot n-orig\"></span>original <span class=\"dot n-copy\"></span>copy \
         <span class=\"dot n-rew\"></span>rewrite <span class=\"dot n-other\"></span>other · arrows run from source to copy, labelled with confidence{}</p>\
         <div class=\"graphwrap\">{g}</div></section>",
        if truncated { format!(" · showing the first {MAX_NODES} articles") } else { String::new() }
    )
}

/// One occurrence of a quote, as the page shows it.
struct Occ {
    article: String,
    text: String,
    speaker: Option<String>,
    /// Set when the UI (not the quote clusterer) matched it as a rewording.
    reworded: bool,
}

fn occurrences(c: &Value) -> Vec<Occ> {
    arr(c, "occurrences")
        .iter()
        .filter_map(|o| {
            Some(Occ {
                article: o.get("article").map(text_of).filter(|s| !s.is_empty())?,
                text: s(o, "text").unwrap_or("").to_string(),
                speaker: s(o, "speaker").map(str::to_string),
                reworded: false,
            })
        })
        .collect()
}

/// Smallest word similarity for the page to show a separate one-source quote
/// as a rewording of a bigger one (the rewrite's "We won't stop until each
/// family has answers" against "We will not rest until every family has
/// answers" scores 0.59), and the fewest words they must share.
const REWORDING_MIN_SIMILARITY: f64 = 0.5;
const REWORDING_MIN_SHARED: usize = 4;

/// Clusters to show on a story page.
const MAX_QUOTE_CLUSTERS: usize = 40;

fn quotes_section(clusters: &[Value], ix: &Index) -> String {
    if clusters.is_empty() {
        return String::new();
    }
    let canon: Vec<String> = clusters.iter().map(|c| s(c, "canonical").unwrap_or("").to_string()).collect();
    // words as small integers (compared often), and each quote's sorted bag of them
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let keys: Vec<Vec<u32>> = canon
        .iter()
        .map(|c| {
            word_keys(c)
                .into_iter()
                .map(|w| {
                    let next = vocab.len() as u32;
                    *vocab.entry(w).or_insert(next)
                })
                .collect()
        })
        .collect();
    let bags: Vec<Vec<u32>> = keys
        .iter()
        .map(|k| {
            let mut b = k.clone();
            b.sort_unstable();
            b
        })
        .collect();
    let mut occ: Vec<Vec<Occ>> = clusters.iter().map(occurrences).collect();
    // A quote seen in one or two articles that closely rewords a quote seen in
    // more is shown as a variant of it: the quote clusterer keeps only close
    // variants together, and a rewrite's reworded quote is exactly what a
    // reader of the story wants to see next to the original.
    let mut merged = vec![false; clusters.len()];
    for i in 0..clusters.len() {
        if occ[i].is_empty() || occ[i].len() > 2 {
            continue;
        }
        let best = (0..clusters.len())
            .filter(|&j| j != i && !merged[j] && occ[j].len() > occ[i].len())
            .filter_map(|j| {
                let (na, nb) = (keys[i].len(), keys[j].len());
                // bounds first: the shared words are at most the shorter
                // quote, and at most the words the two have in common as bags
                let too_few = |most: usize| {
                    most < REWORDING_MIN_SHARED || 2.0 * most as f64 / ((na + nb) as f64) < REWORDING_MIN_SIMILARITY
                };
                if too_few(na.min(nb)) || too_few(bag_overlap(&bags[i], &bags[j])) {
                    return None;
                }
                let shared = common_words(&keys[i], &keys[j]);
                let sim = 2.0 * shared as f64 / (na + nb) as f64;
                (sim >= REWORDING_MIN_SIMILARITY && shared >= REWORDING_MIN_SHARED && !same_words(&canon[i], &canon[j]))
                    .then_some((j, sim))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((j, _)) = best {
            let moved: Vec<Occ> =
                std::mem::take(&mut occ[i]).into_iter().map(|o| Occ { reworded: true, ..o }).collect();
            occ[j].extend(moved);
            merged[i] = true;
        }
    }
    // Quotes that changed come first, then the most repeated.
    let mut order: Vec<usize> = (0..clusters.len()).filter(|&i| !merged[i]).collect();
    let changed: Vec<bool> =
        (0..clusters.len()).map(|i| occ[i].iter().any(|o| !same_words(&o.text, &canon[i]))).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(changed[i]), std::cmp::Reverse(occ[i].len()), i));
    let hidden = order.len().saturating_sub(MAX_QUOTE_CLUSTERS);
    order.truncate(MAX_QUOTE_CLUSTERS);
    let mut b = String::from(
        "<section aria-labelledby=\"qs\"><h2 id=\"qs\">Quotes</h2>\
         <p class=\"legend\">Each quote once, with where it appeared; altered versions show <del>removed</del> and <ins>new</ins> words.</p>",
    );
    for i in order {
        let c = &clusters[i];
        let occ = &occ[i];
        let canonical = &canon[i];
        let arts: Vec<String> = occ.iter().map(|o| o.article.clone()).collect();
        let n_arts = arts.iter().collect::<HashSet<_>>().len();
        let first_id = s(c, "first_article")
            .map(str::to_string)
            .or_else(|| c.get("first").and_then(|f| f.get("article")).map(text_of))
            .filter(|s| !s.is_empty());
        let first_txt = first_id
            .map(|a| {
                format!(
                    " · first in <b>{}</b>, {} {}",
                    esc(&ix.label(&a)),
                    esc(&nice_date(ix.get(&a).and_then(|x| x.date))),
                    ix.cite(&a)
                )
            })
            .unwrap_or_default();
        let _ = write!(
            b,
            "<article class=\"quote\"><blockquote><p>{}</p></blockquote><p class=\"who\">— <b>{}</b> · in {} article{}{}</p>",
            esc(canonical),
            esc(s(c, "speaker").unwrap_or("unattributed")),
            n_arts,
            if n_arts == 1 { "" } else { "s" },
            first_txt
        );
        // Who the articles say spoke, when they disagree.
        let mut speakers: Vec<(String, usize)> = Vec::new();
        for o in occ.iter().filter(|o| !o.reworded) {
            if let Some(sp) = &o.speaker {
                match speakers.iter_mut().find(|x| &x.0 == sp) {
                    Some(x) => x.1 += 1,
                    None => speakers.push((sp.clone(), 1)),
                }
            }
        }
        if speakers.len() > 1 {
            let list: Vec<String> = speakers.iter().map(|(sp, n)| format!("{} ({n})", esc(sp))).collect();
            let _ = write!(b, "<p class=\"conflict\">Attributed to different people: {}</p>", list.join(" · "));
        }
        let same: Vec<&Occ> = occ.iter().filter(|o| same_words(&o.text, canonical)).collect();
        if !same.is_empty() {
            b.push_str("<p class=\"same\"><span class=\"lead\">Word for word in</span> ");
            let mut seen = HashSet::new();
            for o in same.iter().filter(|o| seen.insert(o.article.clone())) {
                let _ =
                    write!(b, "<span class=\"srcchip\">{}{}</span> ", esc(&ix.label(&o.article)), ix.cite(&o.article));
            }
            b.push_str("</p>");
        }
        let variants: Vec<&Occ> = occ.iter().filter(|o| !same_words(&o.text, canonical)).collect();
        if !variants.is_empty() {
            let _ = write!(
                b,
                "<p class=\"mutnote\">{} altered version{}</p><ul class=\"variants\">",
                variants.len(),
                if variants.len() == 1 { "" } else { "s" }
            );
            for o in variants {
                let _ = write!(
                    b,
                    "<li class=\"mut\" data-article=\"{}\"><span class=\"src\"><b>{}</b> <time>{}</time> {}</span><q>{}</q>{}</li>",
                    esc(&o.article),
                    esc(&ix.label(&o.article)),
                    esc(&nice_date(ix.get(&o.article).and_then(|x| x.date))),
                    ix.cite(&o.article),
                    ops_inline(&word_diff(canonical, &o.text)),
                    if o.reworded {
                        " <span class=\"badge b-rew\" title=\"Matched by wording on this page; the quote analysis keeps it as a separate quote\">reworded</span>"
                    } else {
                        " <span class=\"badge b-rew\">altered</span>"
                    }
                );
            }
            b.push_str("</ul>");
        }
        b.push_str("</article>");
    }
    if hidden > 0 {
        let _ =
            write!(b, "<p class=\"legend\">{hidden} more quotes are in the API: <code>/api/quotes?story=…</code></p>");
    }
    b.push_str("</section>");
    b
}

fn disagreements_section(ds: &[Value], ix: &Index) -> String {
    if ds.is_empty() {
        return String::new();
    }
    let mut b = String::from(
        "<section aria-labelledby=\"dis\"><h2 id=\"dis\">Disagreements</h2><div class=\"tablewrap\"><table class=\"dis\">\
         <thead><tr><th scope=\"col\">About</th><th scope=\"col\">Reported values</th><th scope=\"col\">Confidence</th><th scope=\"col\">Note</th></tr></thead><tbody>",
    );
    for d in ds {
        let about = s(d, "about").map(str::to_string).unwrap_or_else(|| {
            [s(d, "entity"), s(d, "attribute")].into_iter().flatten().collect::<Vec<_>>().join(" · ")
        });
        let mut vals = String::from("<ul class=\"vals\">");
        for v in arr(d, "values") {
            let outlets = ids(v.get("outlets").unwrap_or(&Value::Null)).join(", ");
            let cites = ix.cites(&ids(v.get("articles").unwrap_or(&Value::Null)));
            let _ = write!(
                vals,
                "<li><b>{}</b> <span class=\"outlets\">{}</span> {cites}</li>",
                esc(&v.get("value").map(text_of).unwrap_or_default()),
                esc(&outlets)
            );
        }
        vals.push_str("</ul>");
        let conf =
            d.get("confidence").and_then(Value::as_f64).map(|c| format!("{:.0}%", c * 100.0)).unwrap_or_default();
        let _ = write!(
            b,
            "<tr><th scope=\"row\">{}</th><td>{vals}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&about),
            esc(&conf),
            esc(s(d, "note").unwrap_or(""))
        );
    }
    b.push_str("</tbody></table></div></section>");
    b
}

/// `GET /stories/{id}`: rendered once per write generation, then served
/// from the page cache (see [`crate::cache`]).
pub(crate) async fn story(State(st): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let page = st.cached((Kind::StoryPage, id.clone()), move |db| {
        Ok(Cached::new(render_story(db, &id)?, "text/html; charset=utf-8"))
    });
    match page.await {
        Ok(c) => c.respond(&headers, st.public()),
        Err(e) => error_page(e),
    }
}

/// The story page's HTML.
fn render_story(db: &newsfold_store::Store, id: &str) -> Result<String, ApiError> {
    let id = id.to_string();
    let Some(detail) = read::story(db, &id)? else {
        return Err(ApiError::not_found(format!("There is no story {id:?}.")));
    };
    let roles = roles(&detail);
    let mut clusters: Vec<Value> = arr(&detail.detail, "quotes").to_vec();
    if clusters.is_empty() {
        clusters = read::quote_clusters(db, Some(&id), 50, 0)?;
    }
    let mut ix = Index::new(&detail.article_list);
    ix.add_cited(db, &detail.detail)?;
    ix.add_cited(db, &Value::Array(clusters.clone()))?;
    let it = &detail.item;
    let mut b = String::new();
    let _ = write!(
        b,
        "<article class=\"story\"><header class=\"storyhead\"><p class=\"kicker\">Story</p><h1>{}</h1>\
                 <p class=\"meta\">{} article{} · {} outlet{} · {}</p>{}{}",
        esc(&it.title),
        it.articles,
        if it.articles == 1 { "" } else { "s" },
        it.outlets,
        if it.outlets == 1 { "" } else { "s" },
        match (it.first, it.last) {
            (Some(f), Some(l)) if f != l => format!("{} – {}", nice_date(Some(f)), nice_date(Some(l))),
            (f, l) => nice_date(f.or(l)),
        },
        chips("Key terms", arr(&it.summary, "key_terms"), 12),
        chips("Entities", arr(&it.summary, "entities"), 12),
    );
    let related = ids(it.summary.get("related").unwrap_or(&Value::Null));
    if !related.is_empty() {
        b.push_str("<details class=\"related\"><summary>Related stories (");
        let _ = write!(b, "{})</summary><ul>", related.len());
        let shown = related.get(..related.len().min(30)).unwrap_or_default();
        let titles = story_titles(db, shown)?;
        for r in shown {
            let title = titles.get(r).unwrap_or(r);
            let _ = write!(b, "<li><a href=\"{}\">{}</a></li>", story_href(r), esc(title));
        }
        b.push_str("</ul></details>");
    }
    b.push_str("</header>");
    if let Some(d) = detail.detail.get("digest") {
        b.push_str(&digest_section(d, &ix));
    }
    b.push_str(&timeline_section(&detail, &ix, &roles));
    b.push_str(&graph_section(&detail, &ix, &roles));
    b.push_str(&quotes_section(&clusters, &ix));
    b.push_str(&disagreements_section(arr(&detail.detail, "disagreements"), &ix));
    b.push_str("</article>");
    Ok(page(&it.title, &b))
}

/// A char range of a text as a byte range, clamped.
fn char_slice<'t>(text: &'t str, cm: &CharMap, start: usize, end: usize) -> &'t str {
    let (a, b) = (cm.byte_offset(start), cm.byte_offset(end.max(start)));
    text.get(a..b).unwrap_or("")
}

/// One aligned passage seen from this article (`mine`) and the other (`theirs`).
struct Passage {
    mine: (usize, usize),
    theirs: (usize, usize),
}

fn passages(r: &Related) -> Vec<Passage> {
    let mut v: Vec<Passage> = r
        .passages
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| {
            let g = |k: &str| p.get(k).and_then(Value::as_u64).map(|x| x as usize);
            let a = (g("a_start")?, g("a_end")?);
            let b = (g("b_start")?, g("b_end")?);
            let mine_is_a = !r.other_is_a;
            let (mine, theirs) = if mine_is_a { (a, b) } else { (b, a) };
            (mine.0 <= mine.1 && theirs.0 <= theirs.1).then_some(Passage { mine, theirs })
        })
        .collect();
    v.sort_by_key(|p| p.mine);
    v
}

fn relation_class(rel: &str) -> &'static str {
    match rel {
        "exact" | "near_duplicate" => "hl-dup",
        "rewrite" => "hl-rew",
        _ => "hl-share",
    }
}

/// The article text with every shared passage marked (`<mark>`), by char offsets.
fn highlighted_text(text: &str, related: &[Related]) -> String {
    let cm = CharMap::new(text);
    let n = text.chars().count();
    // Marks by start; overlapping ranges are merged, keeping the strongest relation.
    let mut ranges: Vec<(usize, usize, &'static str, String)> = Vec::new();
    for r in related {
        for p in passages(r) {
            let (s0, e0) = (p.mine.0.min(n), p.mine.1.min(n));
            if s0 < e0 {
                ranges.push((s0, e0, relation_class(&r.relation), r.other.clone()));
            }
        }
    }
    ranges.sort_by_key(|r| (r.0, std::cmp::Reverse(r.1)));
    let mut out = String::new();
    let mut pos = 0;
    for (s0, e0, class, other) in ranges {
        if e0 <= pos {
            continue;
        }
        let s0 = s0.max(pos);
        out.push_str(&esc(char_slice(text, &cm, pos, s0)));
        let _ = write!(
            out,
            "<mark class=\"{class}\" title=\"shared with {}\">{}</mark>",
            esc(&other),
            esc(char_slice(text, &cm, s0, e0))
        );
        pos = e0;
    }
    out.push_str(&esc(char_slice(text, &cm, pos, n)));
    out
}

/// `GET /articles/{id}`
pub(crate) async fn article(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    respond(
        st.read(move |db| {
            let Some(d) = read::article(db, &id)? else {
                return Err(ApiError::not_found(format!("There is no article {id:?}.")));
            };
            let a = &d.article;
            let title = a.display_title();
            let mut b = String::new();
            let _ = write!(
                b,
                "<article class=\"art\"><header><p class=\"kicker\">{}</p><h1>{}</h1><p class=\"meta\"><time>{}</time>{}{}{}</p>{}</header>",
                esc(a.outlet.as_deref().unwrap_or("Unknown outlet")),
                esc(&title),
                fmt_date(a.date),
                d.role.as_deref().map(|r| format!(" {}", badge(r))).unwrap_or_default(),
                d.story.as_deref().map(|st| format!(" · <a href=\"{}\">View the story</a>", story_href(st))).unwrap_or_default(),
                a.url.as_deref().map(|u| format!(" · <a href=\"{}\" rel=\"noopener noreferrer nofollow\">Original page</a>", esc(u))).unwrap_or_default(),
                if d.related.iter().any(|r| r.passages.as_array().is_some_and(|p| !p.is_empty())) {
                    "<p class=\"legend\"><mark class=\"hl-dup\">copied verbatim</mark> <mark class=\"hl-rew\">rewritten</mark> <mark class=\"hl-share\">shared passage</mark></p>"
                } else { "" }
            );
            let _ = write!(b, "<div class=\"body\">{}</div>", highlighted_text(&a.text, &d.related));
            b.push_str("</article>");
            b = format!("<div class=\"artgrid\">{b}");
            if !d.related.is_empty() {
                b.push_str("<aside aria-labelledby=\"rel\"><h2 id=\"rel\">Related articles</h2><ul class=\"rellist\">");
                for r in &d.related {
                    let pct = |x: Option<f64>| x.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or_else(|| "—".into());
                    let _ = write!(
                        b,
                        "<li><a class=\"t\" href=\"{}\">{}</a><span class=\"outlet\">{}</span><span class=\"line\">{} <span class=\"num\" title=\"Jaccard / containment\">{} / {}</span> <a class=\"btn\" href=\"{}/diff/{}\">Compare side by side</a></span></li>",
                        article_href(&r.other),
                        esc(r.other_title.as_deref().unwrap_or(&r.other)),
                        esc(r.other_outlet.as_deref().unwrap_or("")),
                        badge(&r.relation),
                        pct(r.jaccard),
                        pct(r.containment),
                        article_href(&id),
                        url_enc(&r.other)
                    );
                }
                b.push_str("</ul><p class=\"legend\">Overlap: Jaccard / containment of shared word shingles.</p></aside>");
            }
            b.push_str("</div>");
            if let Some(qs) = d.quotes.as_array().filter(|q| !q.is_empty()) {
                b.push_str("<section aria-labelledby=\"aq\"><h2 id=\"aq\">Quotes in this article</h2><ul class=\"keyquotes\">");
                for q in qs {
                    let _ = write!(
                        b,
                        "<li><q>{}</q> <span class=\"who\">— {}</span></li>",
                        esc(&s(q, "text").map(str::to_string).unwrap_or_else(|| text_of(q))),
                        esc(s(q, "speaker").unwrap_or("unattributed"))
                    );
                }
                b.push_str("</ul></section>");
            }
            if d.facts.as_array().is_some_and(|f| !f.is_empty()) || d.facts.as_object().is_some_and(|f| !f.is_empty()) {
                let _ = write!(
                    b,
                    "<section aria-labelledby=\"af\"><h2 id=\"af\">Facts extracted</h2><details><summary>Show</summary><pre>{}</pre></details></section>",
                    esc(&serde_json::to_string_pretty(&d.facts).unwrap_or_default())
                );
            }
            Ok(page(&title, &b))
        })
        .await,
    )
}

/// `GET /articles/{id}/diff/{other}`: side-by-side aligned diff.
pub(crate) async fn diff(State(st): State<AppState>, Path((id, other)): Path<(String, String)>) -> Response {
    respond(
        st.read(move |db| {
            let Some(me) = db.get(&id)? else { return Err(ApiError::not_found(format!("There is no article {id:?}."))) };
            let Some(them) = db.get(&other)? else {
                return Err(ApiError::not_found(format!("There is no article {other:?}.")));
            };
            let related = read::related(db, &id)?;
            let rel = related.iter().find(|r| r.other == other);
            let (mt, tt) = (me.display_title(), them.display_title());
            let mut b = format!(
                "<header class=\"diffhead\"><p class=\"kicker\">Compare</p><h1>{} <span class=\"vs\">vs</span> {}</h1>",
                esc(&source_name(&me, 40)),
                esc(&source_name(&them, 40))
            );
            if related.len() > 1 {
                b.push_str("<form class=\"pick\" method=\"get\" action=\"\" data-diff-base=\"");
                b.push_str(&esc(&article_href(&id)));
                b.push_str("\"><label for=\"other\">Compare with</label> <select id=\"other\" name=\"other\">");
                for r in &related {
                    let _ = write!(
                        b,
                        "<option value=\"{}\"{}>{}{} ({})</option>",
                        esc(&r.other),
                        if r.other == other { " selected" } else { "" },
                        r.other_outlet.as_deref().filter(|o| !o.is_empty()).map(|o| format!("{} — ", esc(o))).unwrap_or_default(),
                        esc(&short(r.other_title.as_deref().unwrap_or(&r.other), 80)),
                        esc(&r.relation.replace('_', " "))
                    );
                }
                b.push_str("</select> <noscript>(choose a Compare link on the article page)</noscript></form>");
            }
            match rel {
                Some(r) => {
                    let _ = write!(b, "<p class=\"meta\">{} · Jaccard {} · containment {}</p>", badge(&r.relation),
                        r.jaccard.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or_else(|| "—".into()),
                        r.containment.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or_else(|| "—".into()));
                }
                None => b.push_str("<p class=\"meta\">These articles are not recorded as related.</p>"),
            }
            b.push_str("<p class=\"legend\"><span class=\"gapdemo\">dimmed: not in the other article</span> <mark class=\"chg\">changed wording</mark></p></header>");
            let (cm_me, cm_them) = (CharMap::new(&me.text), CharMap::new(&them.text));
            let (n_me, n_them) = (me.text.chars().count(), them.text.chars().count());
            let _ = write!(
                b,
                "<div class=\"diff\" role=\"table\" aria-label=\"Aligned passages\"><div class=\"row head\" role=\"row\">\
                 <div role=\"columnheader\"><a href=\"{}\">{}</a><br><small>{} · {}</small></div>\
                 <div role=\"columnheader\"><a href=\"{}\">{}</a><br><small>{} · {}</small></div></div>",
                article_href(&me.id), esc(&mt), esc(me.outlet.as_deref().unwrap_or("outlet unknown")), nice_date(me.date),
                article_href(&them.id), esc(&tt), esc(them.outlet.as_deref().unwrap_or("outlet unknown")), nice_date(them.date)
            );
            let ps = rel.map(passages).unwrap_or_default();
            let row = |b: &mut String, class: &str, l: String, r: String| {
                let _ = write!(b, "<div class=\"row {class}\" role=\"row\"><div role=\"cell\">{l}</div><div role=\"cell\">{r}</div></div>");
            };
            if ps.is_empty() {
                b.push_str("</div><p class=\"notice\">No aligned passages are stored for this pair; both texts are shown in full.</p><div class=\"diff\">");
                row(&mut b, "plain", esc(&me.text), esc(&them.text));
            } else {
                let (mut lp, mut rp) = (0usize, 0usize);
                for p in &ps {
                    let (ls, le) = (p.mine.0.min(n_me), p.mine.1.min(n_me));
                    let (rs, re) = (p.theirs.0.min(n_them), p.theirs.1.min(n_them));
                    let lgap = if ls > lp { char_slice(&me.text, &cm_me, lp, ls).trim() } else { "" };
                    let rgap = if rs > rp { char_slice(&them.text, &cm_them, rp, rs).trim() } else { "" };
                    if !lgap.is_empty() || !rgap.is_empty() {
                        row(&mut b, "gap", esc(lgap), esc(rgap));
                    }
                    // Overlapping passages: show each stretch of text once.
                    let ls = ls.max(lp).min(le);
                    let rs = if rs >= rp { rs.max(rp).min(re) } else { rs };
                    // A clipped overlap can leave a lone full stop: show words only.
                    let (lt, rt) = (char_slice(&me.text, &cm_me, ls, le), char_slice(&them.text, &cm_them, rs, re));
                    let lt = if lt.chars().any(char::is_alphanumeric) { lt } else { "" };
                    let rt = if rt.chars().any(char::is_alphanumeric) { rt } else { "" };
                    let (l, r) = diff_marks(lt, rt, "chg");
                    if l.trim().is_empty() && r.trim().is_empty() {
                        continue;
                    }
                    let changed = l.contains("<mark") || r.contains("<mark");
                    row(&mut b, if changed { "pass changed" } else { "pass" }, l, r);
                    lp = lp.max(le);
                    rp = rp.max(re);
                }
                let lgap = char_slice(&me.text, &cm_me, lp, n_me).trim();
                let rgap = char_slice(&them.text, &cm_them, rp, n_them).trim();
                if !lgap.is_empty() || !rgap.is_empty() {
                    row(&mut b, "gap", esc(lgap), esc(rgap));
                }
            }
            b.push_str("</div>");
            Ok(page(&format!("{mt} vs {tt}"), &b))
        })
        .await,
    )
}

/// `GET /outlets`
pub(crate) async fn outlets(State(st): State<AppState>) -> Response {
    respond(
        st.read(|db| {
            let list = read::outlets(db)?;
            let mut b = String::from("<h1>Outlets</h1><p class=\"meta\">How often each outlet published an original, a copy or a rewrite.</p>");
            if list.is_empty() {
                b.push_str("<p class=\"empty\">No articles yet.</p>");
            } else {
                b.push_str("<div class=\"tablewrap\"><table class=\"outlets\"><thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Articles</th><th scope=\"col\">Originals</th><th scope=\"col\">Copies</th><th scope=\"col\">Rewrites</th><th scope=\"col\">Mix</th></tr></thead><tbody>");
                for o in &list {
                    let t = o.articles.max(1) as f64;
                    let w = |n: usize| n as f64 / t * 100.0;
                    let _ = write!(
                        b,
                        "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                         <td><span class=\"bar\" aria-hidden=\"true\"><i class=\"n-orig\" style=\"width:{:.1}%\"></i><i class=\"n-copy\" style=\"width:{:.1}%\"></i><i class=\"n-rew\" style=\"width:{:.1}%\"></i></span></td></tr>",
                        esc(&o.outlet), o.articles, o.originals, o.copies, o.rewrites,
                        w(o.originals), w(o.copies), w(o.rewrites)
                    );
                }
                b.push_str("</tbody></table></div>");
            }
            Ok(page("Outlets", &b))
        })
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn rel(passages: Value, other_is_a: bool) -> Related {
        Related {
            other: "o".into(),
            other_title: None,
            other_outlet: None,
            relation: "rewrite".into(),
            jaccard: None,
            containment: None,
            other_is_a,
            passages,
        }
    }

    fn strip_marks(h: &str) -> String {
        let mut out = String::new();
        let mut rest = h;
        while let Some(i) = rest.find("<mark") {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            rest = &after[after.find('>').unwrap() + 1..];
        }
        out.push_str(rest);
        out.replace("</mark>", "")
    }

    #[test]
    fn marks_use_char_offsets() {
        let text = "Ça va — «oui». Done.";
        let r = rel(json!([{"a_start": 8, "a_end": 13, "b_start": 0, "b_end": 5}]), false);
        let h = highlighted_text(text, &[r]);
        assert!(h.contains("<mark class=\"hl-rew\" title=\"shared with o\">«oui»</mark>"), "{h}");
    }

    proptest! {
        /// Whatever offsets the passages hold, the rendered text is the whole
        /// escaped text, marks only added around it.
        #[test]
        fn highlighting_keeps_the_text(text in "[a-zé—<>& \n]{0,60}", spans in prop::collection::vec((0usize..80, 0usize..80), 0..5), a in any::<bool>()) {
            let ps: Vec<Value> = spans.iter().map(|(s, e)| json!({"a_start": s, "a_end": e, "b_start": s, "b_end": e})).collect();
            let h = highlighted_text(&text, &[rel(Value::Array(ps), a)]);
            prop_assert_eq!(strip_marks(&h), esc(&text));
        }

        #[test]
        fn char_slices_never_panic(text in "\\PC{0,30}", s in 0usize..50, e in 0usize..50) {
            let cm = CharMap::new(&text);
            let got = char_slice(&text, &cm, s, e);
            prop_assert!(text.contains(got));
        }
    }
}
