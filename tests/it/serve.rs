//! `annals serve` and `annals build --watch` as a user runs them: the real
//! binary on a fixture site, spoken to over plain TCP. Timeouts are generous
//! and every wait polls, so a slow shared machine only makes the tests slower.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::fixture::{BIN, Fixture};

const WAIT: Duration = Duration::from_secs(60);
const PAGE: &str = "content/reports/2022/duty-report.md";
const PAGE_URL: &str = "/reports/2022/duty-report/";

/// The report with a new opening; it keeps the heading the case study links to
/// (`#二存在的问题`), since a link to a missing heading fails the build.
fn page_text(opening: &str) -> String {
    format!(
        "+++\ntitle = \"2022年度述责述廉报告\"\ndate = 2023-01-15\n+++\n\n{opening}\n\n## 二、存在的问题\n\n不足。\n"
    )
}

/// A port nobody listens on right now (the server falls back if it gets taken).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port()
}

fn poll(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

/// A running `annals` child with its stderr collected; killed on drop.
struct Running {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Running {
    fn spawn(f: &Fixture, args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(f.root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start annals");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut s = sink.lock().expect("log");
                s.push_str(&line);
                s.push('\n');
            }
        });
        Running { child, log }
    }

    fn log(&self) -> String {
        self.log.lock().expect("log").clone()
    }

    fn wait_log(&self, needle: &str) {
        poll(&format!("`{needle}` in the log"), || self.log().contains(needle));
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Server {
    run: Running,
    port: u16,
}

struct Resp {
    status: u16,
    head: String,
    body: String,
}

impl Resp {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

impl Server {
    fn start(f: &Fixture, port: u16) -> Server {
        let port_arg = port.to_string();
        let run = Running::spawn(f, &["serve", "--port", &port_arg]);
        poll("the server to start", || run.log().contains("Serving on http://127.0.0.1:"));
        let log = run.log();
        let tail = log.split("Serving on http://127.0.0.1:").nth(1).unwrap_or("");
        let port = tail.split('/').next().and_then(|p| p.parse().ok()).expect("port in log");
        Server { run, port }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(WAIT)).expect("timeout");
        s
    }

    /// One request with a raw target (sent exactly as given).
    fn request(&self, method: &str, target: &str) -> Resp {
        let mut s = self.connect();
        write!(s, "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("send");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        let text = String::from_utf8_lossy(&raw).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        Resp { status, head: head.to_string(), body: body.to_string() }
    }

    fn get(&self, target: &str) -> Resp {
        self.request("GET", target)
    }

    fn events(&self) -> Events {
        let mut s = self.connect();
        write!(s, "GET /__annals/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let (mut name, mut data) = (String::new(), String::new());
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data = d.to_string();
                } else if line.is_empty()
                    && !name.is_empty()
                    && tx.send((std::mem::take(&mut name), std::mem::take(&mut data))).is_err()
                {
                    break;
                }
            }
        });
        let events = Events { rx, hello: String::new() };
        let hello = events.wait("hello");
        Events { hello, ..events }
    }
}

struct Events {
    rx: Receiver<(String, String)>,
    /// `<server instance> <build generation>`.
    hello: String,
}

impl Events {
    /// Waits for the next event named `name`, skipping others; returns its data.
    fn wait(&self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((n, d)) if n == name => return d,
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => panic!("no `{name}` event"),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("event stream closed before `{name}`")
                }
            }
        }
    }

    fn none_within(&self, d: Duration) {
        if let Ok(e) = self.rx.recv_timeout(d) {
            panic!("unexpected event {e:?}");
        }
    }
}

#[test]
fn edit_reloads_and_delete_gives_the_theme_404() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    let events = s.events();
    assert!(s.get(PAGE_URL).body.contains("开篇。"));
    f.write(PAGE, page_text("新的开篇。"));
    events.wait("reload");
    let page = s.get(PAGE_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("新的开篇。"), "new text served after reload");
    assert!(s.run.log().contains("rebuilt in "), "one line per rebuild:\n{}", s.run.log());
    // Pages and new streams carry the build generation, so a page that loaded
    // before a rebuild but connects after its `reload` still reloads.
    let (instance, generation) = events.hello.split_once(' ').expect("hello <instance> <generation>");
    assert_eq!(s.events().hello, format!("{instance} {}", generation.parse::<u64>().expect("number") + 1));
    assert!(page.body.contains(&format!("data-generation=\"{}\"", generation.parse::<u64>().expect("n") + 1)));

    f.remove("content/cases/garbage-sorting.md");
    events.wait("reload");
    let gone = s.get("/cases/garbage-sorting/");
    assert_eq!(gone.status, 404);
    assert!(gone.body.contains("页面未找到"), "theme 404 page: {}", gone.body);
    assert!(gone.body.contains("/__annals/live.js"), "404 page reloads too");
    let en = s.get("/en/no-such-page/");
    assert_eq!(en.status, 404);
    assert!(en.body.contains("Page not found"), "English 404 under /en/");
}

#[test]
fn atomic_saves_count_and_editor_droppings_do_not() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    let events = s.events();
    f.write("content/reports/2022/.duty-report.md.swp", "swap");
    f.write("content/reports/2022/4913", "");
    f.remove("content/reports/2022/4913");
    f.write("content/reports/2022/duty-report.md~", "backup");
    events.none_within(Duration::from_millis(1500));
    assert!(!s.run.log().contains("rebuilt"), "droppings rebuilt:\n{}", s.run.log());

    f.write("content/reports/2022/duty-report.md.tmp", page_text("原子保存。"));
    std::fs::rename(f.root().join("content/reports/2022/duty-report.md.tmp"), f.root().join(PAGE)).expect("rename");
    events.wait("reload");
    assert!(s.get(PAGE_URL).body.contains("原子保存。"));
}

#[test]
fn broken_edit_shows_the_error_and_keeps_the_last_good_page() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    let events = s.events();
    f.write(PAGE, "+++\ntitle = \"x\"\ndate = not-a-date\n+++\n\n坏了。\n");
    let data = events.wait("error");
    let json: serde_json::Value = serde_json::from_str(&data).expect("error JSON");
    let first = &json["errors"][0];
    assert_eq!(first["file"], PAGE, "{data}");
    assert!(first["line"].as_u64().is_some(), "line given: {data}");
    assert!(first["message"].as_str().is_some_and(|m| !m.is_empty()));
    s.run.wait_log(&format!("{PAGE}:"));

    let old = s.get(PAGE_URL);
    assert_eq!(old.status, 200);
    assert!(old.body.contains("开篇。") && !old.body.contains("坏了"), "last good build served");
    assert!(old.body.contains("annals-live-error"), "error injected into newly loaded pages");
    // A client connecting now hears about the error at once.
    s.events().wait("error");

    f.write(PAGE, page_text("修好了。"));
    events.wait("reload");
    let fixed = s.get(PAGE_URL);
    assert!(fixed.body.contains("修好了。") && !fixed.body.contains("annals-live-error"));
}

#[test]
fn stylesheet_only_changes_send_css() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    let events = s.events();
    f.write("static/extra.css", "body { color: #123456 }\n");
    let data = events.wait("css");
    assert!(data.contains("extra.css"), "{data}");
    let css = s.get("/extra.css");
    assert_eq!(css.header("content-type").as_deref(), Some("text/css; charset=utf-8"));
    assert!(css.body.contains("#123456"));
}

#[test]
fn refuses_paths_out_of_the_site() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    for target in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2e%2e/site.toml",
        "/..%2fsite.toml",
        "/a\\..\\site.toml",
        "/a%5c..%5csite.toml",
        "/%00",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/reports/../../site.toml",
    ] {
        let r = s.get(target);
        assert!(r.status == 400 || r.status == 404, "{target}: status {}", r.status);
        assert!(!r.body.contains("default_language"), "{target} leaked site.toml");
    }
    assert!(!s.get("/site.toml").body.contains("default_language"));
    assert_eq!(s.request("POST", "/").status, 405);
}

#[test]
fn content_types_redirects_and_injection() {
    let f = Fixture::small();
    f.write("content/cases/logo.png", b"\x89PNG\r\n\x1a\nfake");
    let s = Server::start(&f, free_port());
    let ctype = |target: &str| {
        let r = s.get(target);
        assert_eq!(r.status, 200, "{target}");
        r.header("content-type").unwrap_or_default()
    };
    assert_eq!(ctype("/"), "text/html; charset=utf-8");
    assert_eq!(ctype("/style.css"), "text/css; charset=utf-8");
    assert_eq!(ctype("/theme.js"), "text/javascript; charset=utf-8");
    assert_eq!(ctype("/sitemap.xml"), "application/xml; charset=utf-8");
    assert_eq!(ctype("/robots.txt"), "text/plain; charset=utf-8");
    assert_eq!(ctype("/cases/logo.png"), "image/png");
    assert_eq!(ctype("/__annals/live.js"), "text/javascript; charset=utf-8");

    let moved = s.get("/reports?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location").as_deref(), Some("/reports/?x=1"));

    let home = s.get("/");
    let script = home.body.find("/__annals/live.js").expect("live script in served HTML");
    assert!(script < home.body.rfind("</body>").expect("body end"), "injected before </body>");
    assert!(!s.get("/style.css").body.contains("__annals"), "only HTML is changed");
    assert!(home.body.contains("http://127.0.0.1:"), "base_url points at the server");
    assert_eq!(s.request("HEAD", "/").body, "", "HEAD has no body");
    assert_eq!(home.header("connection").as_deref(), Some("close"), "one request per connection");
    assert_eq!(home.header("content-length"), Some(home.body.len().to_string()));

    // `annals build` output never carries the script, and serve leaves output/ alone.
    assert!(!f.root().join("output").exists(), "serve does not write output/");
    f.build();
    assert!(!f.read("index.html").contains("__annals"));
}

#[test]
fn idle_connections_do_not_hold_up_requests() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    let _events: Vec<Events> = (0..3).map(|_| s.events()).collect();
    // Like a browser's preconnected sockets: open, but no request yet.
    let _idle: Vec<TcpStream> = (0..8).map(|_| s.connect()).collect();
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let port = s.port;
            std::thread::spawn(move || {
                let mut c = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                c.set_read_timeout(Some(WAIT)).expect("timeout");
                write!(c, "GET /style.css?{i} HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
                // A browser reads Content-Length bytes, then closes as told.
                let mut r = BufReader::new(c);
                let mut status = String::new();
                r.read_line(&mut status).expect("status line");
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    r.read_line(&mut line).expect("header");
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        len = v.trim().parse().expect("length");
                    }
                }
                let mut body = vec![0; len];
                r.read_exact(&mut body).expect("body");
                status.starts_with("HTTP/1.1 200")
            })
        })
        .collect();
    for h in handles {
        assert!(h.join().expect("thread"), "request answered");
    }
}

#[test]
fn taken_port_falls_back_to_the_next() {
    let f = Fixture::small();
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let s = Server::start(&f, port);
    assert_ne!(s.port, port);
    assert!(s.run.log().contains(&format!("(port {port} was taken)")), "{}", s.run.log());
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn build_watch_rebuilds_output_and_survives_errors() {
    let f = Fixture::small();
    let run = Running::spawn(&f, &["build", "--watch"]);
    run.wait_log("Watching ");
    let page = "reports/2022/duty-report/index.html";
    assert!(f.read(page).contains("开篇。"));
    f.write(PAGE, page_text("监视中。"));
    poll("output/ to be rebuilt", || std::fs::read_to_string(f.out(page)).is_ok_and(|s| s.contains("监视中。")));
    f.write(PAGE, "+++\ntitle = \n+++\n");
    run.wait_log(&format!("error: {PAGE}:2:"));
    f.write(PAGE, page_text("又好了。"));
    poll("output/ after the fix", || std::fs::read_to_string(f.out(page)).is_ok_and(|s| s.contains("又好了。")));
    assert!(!f.read(page).contains("__annals"));
}
