//! Answering one HTTP request from the in-memory output.
//!
//! Files are looked up in the [`Output`](crate::output::Output) map, never on
//! disk, so no request can reach the site's sources. Request paths are still
//! validated strictly (percent-decoding first, then refusing `..`, `.`, empty
//! segments, backslashes and NUL) so that the server stays safe if it ever
//! serves from disk, and so that odd URLs fail loudly instead of matching.
//!
//! tiny_http parses the requests, but responses are written here, on the
//! connection's raw writer, each closing its connection. tiny_http runs every
//! connection on a pooled thread until the client closes it, and its pool can
//! leave a new connection queued behind busy ones when a browser opens several
//! at once: with keep-alive, two of a page's scripts waited in Chromium until
//! the tab was closed. tiny_http drops a `Connection: close` header from its
//! own responses, hence the raw writer. With one request per connection every
//! pooled thread is free again within milliseconds; on loopback the extra
//! handshakes cost nothing measurable.
//!
//! HTML responses get the live-reload snippet; nothing else is changed, and
//! `annals build` output never contains it.

use std::sync::Arc;

use std::io::Write;

use tiny_http::{Method, Request, StatusCode};

use super::State;

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
    let path = String::from_utf8(percent_decode(encoded)?).ok()?;
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

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Content-Type by file extension; text types name their charset.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Writes a complete response and closes the connection (see the module docs).
fn respond(request: Request, status: u16, ctype: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let head_only = *request.method() == Method::Head;
    let reason = StatusCode(status).default_reason_phrase();
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = request.into_writer();
    let written = out.write_all(head.as_bytes()).and_then(|()| if head_only { Ok(()) } else { out.write_all(&body) });
    // The client may be gone already; nothing to do about it.
    let _ = written.and_then(|()| out.flush());
}

fn text(request: Request, status: u16, body: &str) {
    respond(request, status, "text/plain; charset=utf-8", body.as_bytes().to_vec(), &[]);
}

/// Answers one request; runs on its own thread.
pub(crate) fn handle(state: &Arc<State>, request: Request) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        respond(request, 405, "text/plain; charset=utf-8", b"method not allowed\n".to_vec(), &[("Allow", "GET, HEAD")]);
        return;
    }
    let Some(target) = site_path(request.url()) else {
        text(request, 400, "bad request\n");
        return;
    };
    match target.path.as_str() {
        "__annals/events" => {
            // Subscribe before reading the generation: a rebuild in between
            // is then either in `hello` or on the channel, never lost.
            let rx = state.hub.subscribe();
            let generation = state.read().generation;
            return state.hub.stream(request, rx, generation);
        }
        "__annals/live.js" => {
            respond(request, 200, content_type("live.js"), LIVE_JS.as_bytes().to_vec(), &[]);
            return;
        }
        p if p.starts_with(&PREFIX[1..]) => return text(request, 404, "not found\n"),
        _ => {}
    }
    let (found, generation) = {
        let site = state.read();
        (site.project.as_ref().map(|p| lookup(p.output(), &target)), site.generation)
    };
    match found {
        None => {
            // The first build failed: every page shows the error until it is fixed.
            let body = inject(FAILED_PAGE.as_bytes(), &snippet(state, generation));
            respond(request, 500, content_type(".html"), body, &[]);
        }
        Some(Lookup::File(key, bytes)) => {
            let ctype = content_type(&key);
            let body = if ctype.starts_with("text/html") { inject(&bytes, &snippet(state, generation)) } else { bytes };
            respond(request, 200, ctype, body, &[]);
        }
        Some(Lookup::Redirect(location)) => {
            respond(request, 301, "text/plain; charset=utf-8", b"moved\n".to_vec(), &[("Location", &location)]);
        }
        Some(Lookup::Missing(Some(page))) => {
            let body = inject(&page, &snippet(state, generation));
            respond(request, 404, content_type(".html"), body, &[]);
        }
        Some(Lookup::Missing(None)) => text(request, 404, "not found\n"),
    }
}

#[derive(Debug)]
enum Lookup {
    File(String, Vec<u8>),
    Redirect(String),
    /// The theme's 404 page, when there is one.
    Missing(Option<Vec<u8>>),
}

fn lookup(output: &crate::output::Output, target: &SitePath) -> Lookup {
    let path = &target.path;
    let key = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    if let Some(bytes) = output.files.get(&key) {
        return Lookup::File(key, bytes.clone());
    }
    if !path.is_empty() && !path.ends_with('/') && output.files.contains_key(&format!("{path}/index.html")) {
        return Lookup::Redirect(format!("{}/{}", target.raw, target.query));
    }
    // `/<lang>/…` gets that language's 404 page.
    let lang_page = path.split_once('/').and_then(|(first, _)| output.files.get(&format!("{first}/404.html")));
    Lookup::Missing(lang_page.or_else(|| output.files.get("404.html")).cloned())
}

/// What goes before `</body>` of a served page: the current build error as
/// inert JSON (so a reload does not hide it) and the live-reload script.
fn snippet(state: &State, generation: u64) -> String {
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
    let lower: Vec<u8> = html.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(7).rposition(|w| w == b"</body>").unwrap_or(html.len());
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
        let p = site_path("/reports?x=1").expect("valid");
        assert_eq!((p.raw.as_str(), p.query.as_str()), ("/reports", "?x=1"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("search/x.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("logo.SVG"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn injects_before_last_body_close() {
        assert_eq!(inject(b"<p>a</p></BODY></html>", "S"), b"<p>a</p>S</BODY></html>");
        assert_eq!(inject(b"<p></body>x</body>", "S"), b"<p></body>xS</body>");
        assert_eq!(inject(b"<p>", "S"), b"<p>S");
    }
}
