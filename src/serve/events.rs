//! Server-Sent Events at `/__annals/events`: how the browser learns that a
//! rebuild finished.
//!
//! SSE rather than WebSocket because it is plain HTTP: it passes reverse
//! proxies that drop `Upgrade`, and `EventSource` reconnects by itself after a
//! server restart. Each client gets its own channel; a rebuild broadcasts one
//! pre-formatted frame to all of them, and a channel whose client went away is
//! dropped on the next broadcast.
//!
//! tiny_http sends a streamed response body through an 8 KB chunk buffer that
//! is only flushed when full or at the end, which would hold events back
//! indefinitely. So the stream takes the connection's raw writer
//! (`Request::into_writer`), writes the response head itself, and flushes
//! after every frame. The body ends when the connection closes.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How often an idle stream sends a comment, so proxies and the browser keep it open.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Subscribers, the current build error, and this server's identity.
pub(crate) struct Hub {
    /// Changes at every start, so a page can tell a restarted server from a reconnect.
    instance: String,
    clients: Mutex<Vec<Sender<Arc<str>>>>,
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
        Hub { instance, clients: Mutex::new(Vec::new()), error: Mutex::new(None) }
    }

    pub(crate) fn instance(&self) -> &str {
        &self.instance
    }

    pub(crate) fn subscribe(&self) -> Receiver<Arc<str>> {
        let (tx, rx) = channel();
        lock(&self.clients).push(tx);
        rx
    }

    /// Sends an event to every connected page.
    pub(crate) fn broadcast(&self, event: &str, data: &str) {
        let frame: Arc<str> = frame(event, data).into();
        lock(&self.clients).retain(|tx| tx.send(frame.clone()).is_ok());
    }

    #[cfg(test)]
    fn clients(&self) -> usize {
        lock(&self.clients).len()
    }

    pub(crate) fn set_error(&self, json: Option<String>) -> Option<String> {
        std::mem::replace(&mut *lock(&self.error), json)
    }

    pub(crate) fn error(&self) -> Option<String> {
        lock(&self.error).clone()
    }

    /// Serves one event stream until the client goes away. `hello` names this
    /// server and the build generation current when `rx` was subscribed.
    pub(crate) fn stream(&self, request: tiny_http::Request, rx: Receiver<Arc<str>>, generation: u64) {
        let mut out = request.into_writer();
        let mut head = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
             Cache-Control: no-cache, no-transform\r\nX-Accel-Buffering: no\r\nConnection: close\r\n\r\n\
             retry: 1000\n\n",
        );
        head.push_str(&frame("hello", &format!("{} {generation}", self.instance)));
        if let Some(err) = self.error() {
            head.push_str(&frame("error", &err));
        }
        if send(&mut out, &head).is_err() {
            return;
        }
        loop {
            let text = match rx.recv_timeout(HEARTBEAT) {
                Ok(frame) => frame,
                Err(RecvTimeoutError::Timeout) => Arc::from(": heartbeat\n\n"),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if send(&mut out, &text).is_err() {
                return;
            }
        }
    }
}

fn send(out: &mut Box<dyn Write + Send>, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// One SSE frame; every line of `data` gets its own `data:` field.
fn frame(event: &str, data: &str) -> String {
    let mut s = format!("event: {event}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line.trim_end_matches('\r'));
        s.push('\n');
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_multiline_data() {
        assert_eq!(frame("reload", ""), "event: reload\ndata: \n\n");
        assert_eq!(frame("error", "a\nb"), "event: error\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn broadcast_drops_dead_clients() {
        let hub = Hub::new();
        let alive = hub.subscribe();
        drop(hub.subscribe());
        assert_eq!(hub.clients(), 2);
        hub.broadcast("reload", "");
        assert_eq!(hub.clients(), 1);
        assert_eq!(&*alive.recv().expect("frame"), "event: reload\ndata: \n\n");
    }
}
