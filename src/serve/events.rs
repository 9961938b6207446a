//! Server-Sent Events at `/__annals/events`: how the browser learns that a
//! rebuild finished.
//!
//! SSE rather than WebSocket because it is plain HTTP: it passes reverse
//! proxies that drop `Upgrade`, and `EventSource` reconnects by itself after a
//! server restart. The rebuild thread (a plain std thread) publishes each
//! [`LiveEvent`] on a `tokio::sync::broadcast` channel; every open stream is a
//! receiver of it, turned into an [`axum::response::sse`] body. A stream whose
//! client went away ends when hyper fails to write to it (at the latest at the
//! next heartbeat), which drops its receiver. A client too slow to keep up
//! with the channel gets a `reload`: whatever it missed, the page it shows is
//! out of date.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, HeaderName};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::{self, error::RecvError};

use super::State as ServeState;

/// How often an idle stream sends a comment, so proxies and the browser keep it open.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// How long `EventSource` waits before reconnecting after the server went away.
const RETRY: Duration = Duration::from_secs(1);
/// Events a slow stream may fall behind before it is told to reload.
const BACKLOG: usize = 64;

/// What a rebuild tells the open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LiveEvent {
    /// The pages changed: reload. Carries the new build generation.
    Reload { generation: u64 },
    /// Only stylesheets changed: swap them in place.
    /// JSON `{"generation": n, "changed": [paths]}`.
    Css { json: String },
    /// The rebuild failed: JSON of the [`BuildError`](crate::error::BuildError).
    Error { json: String },
}

impl LiveEvent {
    fn to_sse(&self) -> Event {
        // Browsers drop events without data, so every event carries some.
        match self {
            LiveEvent::Reload { generation } => Event::default().event("reload").data(generation.to_string()),
            LiveEvent::Css { json } => Event::default().event("css").data(json),
            LiveEvent::Error { json } => Event::default().event("error").data(json),
        }
    }
}

/// Subscribers, the current build error, and this server's identity.
pub(crate) struct Hub {
    /// Changes at every start, so a page can tell a restarted server from a reconnect.
    instance: String,
    sender: broadcast::Sender<LiveEvent>,
    /// JSON of the failed build being shown, `None` after a good build.
    error: Mutex<Option<String>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Hub {
    pub(crate) fn new() -> Hub {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let instance = format!("{:x}-{:x}", std::process::id(), nanos);
        Hub { instance, sender: broadcast::channel(BACKLOG).0, error: Mutex::new(None) }
    }

    pub(crate) fn instance(&self) -> &str {
        &self.instance
    }

    fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }

    /// Sends an event to every connected page; never blocks.
    pub(crate) fn broadcast(&self, event: LiveEvent) {
        // An error only means that no page is listening.
        let _ = self.sender.send(event);
    }

    pub(crate) fn set_error(&self, json: Option<String>) -> Option<String> {
        std::mem::replace(&mut *lock(&self.error), json)
    }

    pub(crate) fn error(&self) -> Option<String> {
        lock(&self.error).clone()
    }
}

/// `GET /__annals/events`: `hello <instance> <generation>`, the current error
/// if any, then every [`LiveEvent`] until the client goes away.
pub(crate) async fn stream(State(state): State<Arc<ServeState>>) -> impl IntoResponse {
    // Subscribe before reading the generation: a rebuild in between is then
    // either in `hello` or on the channel, never lost.
    let rx = state.hub.subscribe();
    let generation = state.site.read().await.generation;
    let hello = Event::default().retry(RETRY).event("hello").data(format!("{} {generation}", state.hub.instance()));
    let error = state.hub.error().map(|json| LiveEvent::Error { json }.to_sse());
    let head = stream::iter(std::iter::once(hello).chain(error));
    let events = head.chain(follow(rx)).map(Ok::<Event, Infallible>);
    let headers = [
        (CACHE_CONTROL, "no-cache, no-transform"),
        // nginx and others buffer responses unless told not to.
        (HeaderName::from_static("x-accel-buffering"), "no"),
    ];
    (headers, Sse::new(events).keep_alive(KeepAlive::new().interval(HEARTBEAT).text("heartbeat")))
}

/// The events of one receiver, as SSE events.
fn follow(rx: broadcast::Receiver<LiveEvent>) -> impl Stream<Item = Event> {
    stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok(event) => event.to_sse(),
            // Missed events: whatever they were, the page is out of date.
            Err(RecvError::Lagged(_)) => Event::default().event("reload").data("lagged"),
            Err(RecvError::Closed) => return None,
        };
        Some((event, rx))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn slow_streams_are_told_to_reload() {
        let hub = Hub::new();
        let mut events = Box::pin(follow(hub.subscribe()));
        hub.broadcast(LiveEvent::Reload { generation: 2 });
        let first = events.next().await.expect("event");
        assert_eq!(format!("{first:?}"), format!("{:?}", LiveEvent::Reload { generation: 2 }.to_sse()));
        for generation in 0..(BACKLOG as u64 + 5) {
            hub.broadcast(LiveEvent::Reload { generation });
        }
        let lagged = events.next().await.expect("event");
        assert_eq!(format!("{lagged:?}"), format!("{:?}", Event::default().event("reload").data("lagged")));
    }

    #[test]
    fn broadcast_without_listeners_is_fine() {
        let hub = Hub::new();
        hub.broadcast(LiveEvent::Css { json: "{}".into() });
        assert_eq!(hub.set_error(Some("e".into())), None);
        assert_eq!(hub.error().as_deref(), Some("e"));
    }
}
