//! HTML page → [`Article`]: main text with rs-trafilatura, metadata from the
//! page's `<meta>`, JSON-LD and `<link rel=canonical>`.

use crate::error::{IngestError, Origin};
use dom_query::Document;
use newsfold_core::{Article, parse_date};
use serde_json::Value;

/// Metadata found in a page's head.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub site_name: Option<String>,
    pub canonical: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
}

/// Main-text extraction of one page: the cleaned body text, or `None` when
/// the page has no article text.
pub(crate) fn extract_text(html: &str, url: Option<&str>) -> Option<String> {
    let opts = rs_trafilatura::Options { url: url.map(str::to_string), ..rs_trafilatura::Options::default() };
    let res = rs_trafilatura::extract_with_options(html, &opts).ok()?;
    let text = clean_text(&res.content_text);
    if looks_like_article_text(&text) { Some(text) } else { None }
}

/// Words of a text (`\w+` runs).
fn word_count(s: &str) -> usize {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).count()
}

/// Minimum number of words of an article body.
pub(crate) const MIN_ARTICLE_WORDS: usize = 10;

/// Extractors return something for almost any page (a site name, a menu);
/// an article body has at least [`MIN_ARTICLE_WORDS`] words and at least one
/// line that reads like a sentence (six words or more).
fn looks_like_article_text(text: &str) -> bool {
    word_count(text) >= MIN_ARTICLE_WORDS && text.lines().any(|l| word_count(l) >= 6)
}

/// Normalise extracted text: one paragraph a line, whitespace runs inside a
/// line collapsed to one space, blank lines dropped.
pub(crate) fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let mut first = true;
        for w in line.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()) {
            if first {
                if !out.is_empty() {
                    out.push('\n');
                }
                first = false;
            } else {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

fn non_empty(s: Option<impl AsRef<str>>) -> Option<String> {
    let s = s?;
    let t = clean_text(s.as_ref()).replace('\n', " ");
    if t.is_empty() { None } else { Some(t) }
}

/// Read title, date, site name, canonical URL, author and language from the
/// page's metadata. Order of preference, most specific first: Open Graph /
/// article meta tags, JSON-LD, then plain HTML (`<title>`, `<time>`).
pub(crate) fn page_meta(doc: &Document) -> PageMeta {
    let meta = |names: &[&str]| -> Option<String> {
        for n in names {
            for attr in ["property", "name", "itemprop"] {
                let sel = format!("meta[{attr}=\"{n}\" i]");
                if let Some(v) = doc.select(&sel).iter().find_map(|m| non_empty(m.attr("content"))) {
                    return Some(v);
                }
            }
        }
        None
    };
    let ld = json_ld(doc);
    let title = meta(&["og:title", "twitter:title"])
        .or_else(|| ld.headline.clone())
        .or_else(|| non_empty(Some(doc.select("title").text())));
    let date = meta(&[
        "article:published_time",
        "og:article:published_time",
        "datePublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "parsely-pub-date",
        "sailthru.date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "date",
    ])
    .filter(|d| parse_date(d).is_some())
    .or_else(|| ld.date_published.clone().filter(|d| parse_date(d).is_some()))
    .or_else(|| {
        doc.select("time[datetime]")
            .iter()
            .find_map(|t| non_empty(t.attr("datetime")).filter(|d| parse_date(d).is_some()))
    });
    let site_name = meta(&["og:site_name", "application-name", "twitter:site"])
        .map(|s| s.trim_start_matches('@').to_string())
        .or_else(|| ld.publisher.clone());
    let canonical = doc
        .select("link[rel=\"canonical\" i]")
        .iter()
        .find_map(|l| non_empty(l.attr("href")).filter(|h| h.starts_with("http")))
        .or_else(|| meta(&["og:url"]).filter(|h| h.starts_with("http")));
    let author = meta(&["author", "article:author", "parsely-author"]).or_else(|| ld.author.clone());
    let language = non_empty(doc.select("html").attr("lang"));
    PageMeta { title, date, site_name, canonical, author, language }
}

#[derive(Default)]
struct LdInfo {
    headline: Option<String>,
    date_published: Option<String>,
    publisher: Option<String>,
    author: Option<String>,
}

/// Collect the first article-like object's fields from every JSON-LD block.
fn json_ld(doc: &Document) -> LdInfo {
    let mut info = LdInfo::default();
    for s in doc.select("script[type=\"application/ld+json\" i]").iter() {
        let raw = s.text();
        let Ok(v) = serde_json::from_str::<Value>(raw.trim()) else { continue };
        walk_ld(&v, &mut info, 0);
    }
    info
}

fn walk_ld(v: &Value, info: &mut LdInfo, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk_ld(x, info, depth + 1)),
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                walk_ld(g, info, depth + 1);
            }
            let is_article = match o.get("@type") {
                Some(Value::String(t)) => t.contains("Article") || t == "BlogPosting" || t == "Report",
                Some(Value::Array(ts)) => {
                    ts.iter().any(|t| t.as_str().is_some_and(|t| t.contains("Article") || t == "BlogPosting"))
                }
                _ => false,
            };
            if !is_article {
                return;
            }
            let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
            info.headline = info.headline.take().or_else(|| non_empty(s("headline")));
            info.date_published = info.date_published.take().or_else(|| non_empty(s("datePublished")));
            let name_of = |x: &Value| -> Option<String> {
                match x {
                    Value::String(n) => non_empty(Some(n)),
                    Value::Object(p) => non_empty(p.get("name").and_then(Value::as_str)),
                    Value::Array(a) => a.iter().find_map(|p| non_empty(p.get("name").and_then(Value::as_str))),
                    _ => None,
                }
            };
            info.publisher = info.publisher.take().or_else(|| o.get("publisher").and_then(name_of));
            info.author = info.author.take().or_else(|| o.get("author").and_then(name_of));
        }
        _ => {}
    }
}

/// HTML page → Article: main text via rs-trafilatura, plus title, date,
/// outlet (site name, else URL host) and canonical URL from the metadata.
///
/// `url` is where the page was fetched from, if known; it wins over the
/// page's canonical link for `Article::url` (the canonical link is kept in
/// `meta.canonical_url` when it differs). Errors with
/// [`IngestError::NoArticleText`] when no main text is found; the error's
/// origin path is `id`.
pub fn article_from_html(id: &str, html: &str, url: Option<&str>) -> Result<Article, IngestError> {
    article_from_html_at(id, html, url, &Origin::file(id))
}

pub(crate) fn article_from_html_at(
    id: &str,
    html: &str,
    url: Option<&str>,
    origin: &Origin,
) -> Result<Article, IngestError> {
    let doc = Document::from(html);
    let pm = page_meta(&doc);
    drop(doc);
    let url = url.map(str::trim).filter(|u| !u.is_empty());
    let text = extract_text(html, url.or(pm.canonical.as_deref()))
        .ok_or_else(|| IngestError::NoArticleText { origin: origin.clone() })?;
    let mut a = Article {
        id: id.to_string(),
        title: pm.title.clone(),
        text,
        date: pm.date.as_deref().and_then(parse_date),
        outlet: pm.site_name.clone(),
        url: url.map(str::to_string).or_else(|| pm.canonical.clone()),
        meta: serde_json::Map::new(),
    };
    if let Some(c) = &pm.canonical {
        if a.url.as_deref() != Some(c.as_str()) {
            a.meta.insert("canonical_url".into(), Value::String(c.clone()));
        }
    }
    if let Some(au) = pm.author {
        a.meta.insert("author".into(), Value::String(au));
    }
    if let Some(l) = pm.language {
        a.meta.insert("language".into(), Value::String(l));
    }
    a.fill_outlet_from_url();
    Ok(a)
}
