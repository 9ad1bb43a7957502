//! Access control and the request time limit (middleware).

use std::collections::HashMap;

use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::error::ApiError;
use crate::html::{esc, page};
use crate::state::AppState;

/// Name of the cookie that carries the (hex-encoded) token for the UI.
pub(crate) const COOKIE: &str = "newsfold_token";

/// Equality that does not stop at the first differing byte (the token is a secret).
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// What the request presented.
enum Presented {
    None,
    Good,
    Bad,
}

fn presented(headers: &HeaderMap, token: &str, allow_cookie: bool) -> Presented {
    if let Some(b) = bearer(headers) {
        return if same(b.as_bytes(), token.as_bytes()) { Presented::Good } else { Presented::Bad };
    }
    if allow_cookie && let Some(c) = cookie(headers) {
        return if same(c.as_bytes(), hex(token).as_bytes()) { Presented::Good } else { Presented::Bad };
    }
    Presented::None
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/") || path == "/openapi.json"
}

fn deny(path: &str, status: StatusCode, message: &str) -> Response {
    let mut resp = if is_api(path) {
        ApiError::new(status, message).into_response()
    } else {
        let body = format!(
            "<section class=\"notice\"><h1>{}</h1><p>{}</p>\
             <p>Open this page once with <code>?token=YOUR_TOKEN</code> appended to the address; \
             the browser then keeps an HttpOnly cookie.</p></section>",
            esc(status.canonical_reason().unwrap_or("Denied")),
            esc(message)
        );
        (status, Html(page("Access denied", &body))).into_response()
    };
    if status == StatusCode::UNAUTHORIZED {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"newsfold\""));
    }
    resp
}

/// Enforce the token rules described in the crate docs.
pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/assets/") || path == "/healthz" {
        return next.run(req).await;
    }
    let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if write {
        let Some(token) = state.token() else {
            return deny(
                &path,
                StatusCode::FORBIDDEN,
                "write endpoints are disabled: start the server with --token or NEWSFOLD_TOKEN",
            );
        };
        return match presented(req.headers(), token, false) {
            Presented::Good => next.run(req).await,
            Presented::None => {
                deny(&path, StatusCode::UNAUTHORIZED, "missing token: send Authorization: Bearer <token>")
            }
            Presented::Bad => deny(&path, StatusCode::UNAUTHORIZED, "invalid token"),
        };
    }
    if state.public() {
        return next.run(req).await;
    }
    let Some(token) = state.token() else {
        return deny(
            &path,
            StatusCode::FORBIDDEN,
            "this server is private and has no token: start it with --public, or with --token",
        );
    };
    // UI: `?token=` once sets the cookie and redirects to the clean address.
    if !is_api(&path) {
        let q: HashMap<String, String> =
            Query::<HashMap<String, String>>::try_from_uri(req.uri()).map(|q| q.0).unwrap_or_default();
        if let Some(t) = q.get("token") {
            if !same(t.as_bytes(), token.as_bytes()) {
                return deny(&path, StatusCode::UNAUTHORIZED, "invalid token");
            }
            let rest: Vec<String> = req
                .uri()
                .query()
                .unwrap_or("")
                .split('&')
                .filter(|kv| !kv.is_empty() && !kv.starts_with("token="))
                .map(str::to_string)
                .collect();
            // `//host/...` would be a protocol-relative redirect off-site: keep one slash.
            let local = format!("/{}", path.trim_start_matches('/'));
            let target = if rest.is_empty() { local } else { format!("{local}?{}", rest.join("&")) };
            let mut resp = Redirect::to(&target).into_response();
            let c = format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", hex(token));
            if let Ok(v) = HeaderValue::from_str(&c) {
                resp.headers_mut().insert(header::SET_COOKIE, v);
            }
            return resp;
        }
    }
    match presented(req.headers(), token, true) {
        Presented::Good => next.run(req).await,
        Presented::None => deny(&path, StatusCode::UNAUTHORIZED, "this server is private: a token is required"),
        Presented::Bad => deny(&path, StatusCode::UNAUTHORIZED, "invalid token"),
    }
}

/// Answer 503 (JSON) when a request runs past the configured time limit.
pub(crate) async fn timeout(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.request_timeout();
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("request timed out after {:.1} s", limit.as_secs_f64()),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_and_cookie_parsing() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer s3cret"));
        assert!(matches!(presented(&h, "s3cret", false), Presented::Good));
        assert!(matches!(presented(&h, "other", false), Presented::Bad));
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(&format!("a=b; {COOKIE}={}", hex("s3cret"))).unwrap());
        assert!(matches!(presented(&h, "s3cret", true), Presented::Good));
        assert!(matches!(presented(&h, "s3cret", false), Presented::None));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}
