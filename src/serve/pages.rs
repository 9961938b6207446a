//! Answering a request for a site file from the project's output.
//!
//! Files are read from the project's output only (the server's private
//! folder, [`crate::output::private`]), never from the site's sources.
//! Request paths are validated strictly (percent-decoding first, then
//! refusing `..`, `.`, empty segments, backslashes and NUL) before they are
//! joined to that folder, and the project reads plain files only, so no
//! request reaches outside it; odd URLs fail loudly instead of matching.
//!
//! HTML responses get the live-reload snippet; nothing else is changed, and
//! `annals build` output never contains it.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{ALLOW, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use super::State as ServeState;
use crate::project::Project;

/// Where the live-reload script and the event stream live; no site path starts like this.
pub(crate) const PREFIX: &str = "/__annals/";
const LIVE_JS: &str = include_str!("live.js");
/// Served for every page while the site has never built.
const FAILED_PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Build failed</title></head>\
    <body><h1>Build failed</h1><p>Fix the error shown; this page reloads when the site builds.</p></body></html>";

/// A request path that passed validation: site-relative, without leading slash.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SitePath {
    /// Decoded path (`reports/2022/`, `style.css`, `` for the home page).
    pub(crate) path: String,
    /// The raw path as requested, for redirects.
    raw: String,
    /// The raw query with its `?`, or empty.
    query: String,
}

/// Validates a request target; `None` means 400 Bad Request.
pub(crate) fn site_path(url: &str) -> Option<SitePath> {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (raw, rest) = url.split_at(end);
    let query = if rest.starts_with('?') { rest.split('#').next().unwrap_or("").to_string() } else { String::new() };
    let encoded = raw.strip_prefix('/')?;
    // A `%` not followed by two hex digits is malformed, not literal text.
    let bytes = encoded.as_bytes();
    let malformed = bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'%' && !bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)));
    if malformed {
        return None;
    }
    let path = percent_decode_str(encoded).decode_utf8().ok()?.into_owned();
    if path.contains(['\0', '\\']) {
        return None;
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        if (seg.is_empty() && i != last) || *seg == "." || *seg == ".." {
            return None;
        }
    }
    Some(SitePath { path, raw: raw.to_string(), query })
}

/// Content-Type by file extension (`mime_guess`); text types name their charset,
/// since every text file Annals writes is UTF-8.
pub(crate) fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let subtype = mime.subtype().as_str();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(subtype, "javascript" | "json" | "xml")
        || mime.suffix().is_some_and(|s| matches!(s.as_str(), "json" | "xml"));
    if textual && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

fn respond(status: StatusCode, ctype: &str, body: impl Into<Body>) -> Response {
    let mut response = (status, body.into()).into_response();
    if let Ok(value) = HeaderValue::from_str(ctype) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    response
}

fn text(status: StatusCode, body: &'static str) -> Response {
    respond(status, "text/plain; charset=utf-8", body)
}

/// `GET /__annals/live.js`.
pub(crate) async fn live_js() -> Response {
    respond(StatusCode::OK, &content_type("live.js"), LIVE_JS)
}

/// Every request that is not for `/__annals/…`: a file of the site.
pub(crate) async fn answer(State(state): State<Arc<ServeState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        response.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let target = uri.path_and_query().map(|p| p.as_str()).and_then(site_path);
    let Some(target) = target else {
        return text(StatusCode::BAD_REQUEST, "bad request\n");
    };
    if target.path.starts_with(&PREFIX[1..]) {
        return text(StatusCode::NOT_FOUND, "not found\n");
    }
    // Copy the file out and let the lock go before anything else happens.
    let (found, generation) = state
        .read_fresh(&file_key(&target.path), |site| {
            (site.project.as_ref().map(|p| lookup(p, &target)), site.generation)
        })
        .await;
    let html = content_type(".html");
    match found {
        None => {
            // The first build failed: every page shows the error until it is fixed.
            let body = inject(FAILED_PAGE.as_bytes(), &snippet(&state, generation));
            respond(StatusCode::INTERNAL_SERVER_ERROR, &html, body)
        }
        Some(Lookup::File(key, bytes)) => {
            let ctype = content_type(&key);
            let body =
                if ctype.starts_with("text/html") { inject(&bytes, &snippet(&state, generation)) } else { bytes };
            respond(StatusCode::OK, &ctype, body)
        }
        Some(Lookup::Redirect(location)) => match HeaderValue::from_str(&location) {
            Ok(value) => {
                let mut response = text(StatusCode::MOVED_PERMANENTLY, "moved\n");
                response.headers_mut().insert(LOCATION, value);
                response
            }
            Err(_) => text(StatusCode::BAD_REQUEST, "bad request\n"),
        },
        Some(Lookup::Missing(Some(page))) => {
            respond(StatusCode::NOT_FOUND, &html, inject(&page, &snippet(&state, generation)))
        }
        Some(Lookup::Missing(None)) => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

#[derive(Debug)]
enum Lookup {
    /// The output key and its bytes.
    File(String, Vec<u8>),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    /// The theme's 404 page, when there is one.
    Missing(Option<Vec<u8>>),
}

/// The output file a request path names first.
fn file_key(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

fn lookup(output: &Project, target: &SitePath) -> Lookup {
    let path = &target.path;
    let key = file_key(path);
    if let Some(bytes) = output.read(&key) {
        return Lookup::File(key, bytes);
    }
    if !path.is_empty() && !path.ends_with('/') && output.contains(&format!("{path}/index.html")) {
        return Lookup::Redirect(format!("{}/{}", target.raw, target.query));
    }
    // `/<lang>/…` gets that language's 404 page.
    let lang_page = path.split_once('/').and_then(|(first, _)| output.read(&format!("{first}/404.html")));
    Lookup::Missing(lang_page.or_else(|| output.read("404.html")))
}

/// What goes before `</body>` of a served page: the current build error as
/// inert JSON (so a reload does not hide it) and the live-reload script.
fn snippet(state: &ServeState, generation: u64) -> String {
    let mut s = String::new();
    if let Some(err) = state.hub.error() {
        // `<` only occurs inside JSON strings, where `\u003c` means the same.
        let safe = err.replace('<', "\\u003c");
        s.push_str(&format!("<script type=\"application/json\" id=\"annals-live-error\">{safe}</script>"));
    }
    s.push_str(&format!(
        "<script src=\"{PREFIX}live.js\" data-instance=\"{}\" data-generation=\"{generation}\"></script>",
        state.hub.instance()
    ));
    s
}

/// Inserts `snippet` before the last `</body>` (any case), or appends it.
pub(crate) fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(url: &str) -> Option<String> {
        site_path(url).map(|p| p.path)
    }

    #[test]
    fn refuses_escapes() {
        for bad in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/..%2fsite.toml",
            "/..%2Fsite.toml",
            "/a/../../site.toml",
            "/a\\..\\site.toml",
            "/a%5c..%5csite.toml",
            "/a%00.html",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/./index.html",
            "http://example.com/site.toml",
            "*",
            "/%zz",
            "/%e4",
            "/%2",
            "/a%",
        ] {
            assert_eq!(path(bad), None, "{bad}");
        }
    }

    #[test]
    fn decodes_good_paths() {
        assert_eq!(path("/"), Some(String::new()));
        assert_eq!(path("/reports/2022/?q=1#x"), Some("reports/2022/".into()));
        assert_eq!(path("/%E6%8A%A5%E5%91%8A/"), Some("报告/".into()));
        assert_eq!(path("/a..b/c.d"), Some("a..b/c.d".into()));
        assert_eq!(path("/a%20b%23c"), Some("a b#c".into()));
        let p = site_path("/reports?x=1").expect("valid");
        assert_eq!((p.raw.as_str(), p.query.as_str()), ("/reports", "?x=1"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("search/x.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("search/x.json"), "application/json; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("logo.SVG"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("site.webmanifest"), "application/manifest+json; charset=utf-8");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn injects_before_last_body_close() {
        assert_eq!(inject(b"<p>a</p></BODY></html>", "S"), b"<p>a</p>S</BODY></html>");
        assert_eq!(inject(b"<p></body>x</body>", "S"), b"<p></body>xS</body>");
        assert_eq!(inject(b"<p>", "S"), b"<p>S");
    }
}
