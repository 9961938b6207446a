//! The HTTP stack of `annals serve`: hyper's HTTP/1 connections on a small
//! tokio runtime, an axum router, tower-http layers.
//!
//! Every connection is a tokio task, so an idle or slow connection costs a
//! few kilobytes and no thread: 200 browsers' preconnected sockets or
//! half-sent requests do not hold up a request on another connection, and
//! keep-alive is safe (the hand-written server before this one had to close
//! every connection because its thread pool queued new ones behind idle ones).
//!
//! The accept loop is ours rather than `axum::serve` because the limits live
//! in hyper's connection builder:
//!
//! * the request line and headers together may be [`MAX_HEAD`] bytes; more is
//!   answered `431 Request Header Fields Too Large` and the connection closed,
//!   so a client streaming endless headers costs at most [`MAX_BUFFER`] of memory;
//! * a request target longer than [`MAX_URI`] is answered `414 URI Too Long`;
//! * a request with a body is answered `413 Content Too Large`: the preview
//!   only answers GET and HEAD, and never reads a body;
//! * a connection that has not sent a complete request head within
//!   [`HEAD_TIMEOUT`] (a new one, or a kept-alive one between requests) is
//!   closed;
//! * at most [`MAX_CONNECTIONS`] connections are served at once; more wait in
//!   the kernel's listen queue until one closes.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use super::{State, events, pages};

/// Request line plus headers, in bytes (browsers send well under 8 KiB).
pub(crate) const MAX_HEAD: usize = 32 * 1024;
/// Read and write buffer of one connection.
const MAX_BUFFER: usize = 64 * 1024;
/// Request target (path and query), in bytes.
pub(crate) const MAX_URI: usize = 8 * 1024;
/// Request body, in bytes: none is ever needed.
const MAX_BODY: usize = 0;
/// Time a connection has to send a complete request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at the same time.
const MAX_CONNECTIONS: usize = 1024;
/// Length of the kernel's queue of connections not yet accepted.
pub(crate) const BACKLOG: u32 = 1024;

/// The routes and layers, independent of any socket.
pub(crate) fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/__annals/events", get(events::stream))
        .route("/__annals/live.js", get(pages::live_js))
        .fallback(pages::answer)
        .layer(middleware::from_fn(limit_uri))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        // A preview is never cached: every request sees the latest build.
        .layer(SetResponseHeaderLayer::if_not_present(CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .with_state(state)
}

/// Answers 414 for request targets over [`MAX_URI`] (hyper's own limit is 64 KiB).
async fn limit_uri(request: Request, next: Next) -> Response {
    let len = request.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if len > MAX_URI {
        return (StatusCode::URI_TOO_LONG, "URI too long\n").into_response();
    }
    next.run(request).await
}

/// Accepts connections for ever, each served on its own task.
pub(crate) async fn serve(listener: TcpListener, app: Router) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(HEAD_TIMEOUT).max_header_size(MAX_HEAD).max_buf_size(MAX_BUFFER);
    let http = Arc::new(http);
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: let other connections finish, then go on.
                eprintln!("warning: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let http = Arc::clone(&http);
        tokio::spawn(async move {
            // Errors here are the client's (gone, malformed, too slow); hyper
            // has already answered what deserved an answer.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
            drop(slot);
        });
    }
}
