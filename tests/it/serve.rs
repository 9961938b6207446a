//! `annals serve` and `annals build --watch` as a user runs them: the real
//! binary on a fixture site, spoken to over plain TCP (raw, so that malformed,
//! oversized, idle and half-sent requests can be sent as a client would).
//! Every wait is for an event (a line in the server's log, an SSE event, a
//! response) with a generous deadline, so a slow shared machine only makes
//! the tests slower.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex};
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

/// A running `annals` child with its stderr collected; stopped on drop.
struct Running {
    child: Child,
    log: Arc<(Mutex<String>, Condvar)>,
    /// Its `TMPDIR` (where `annals serve` keeps its private folder), when
    /// the child has one of its own; removed after the child.
    _tmp: Option<tempfile::TempDir>,
}

impl Running {
    fn spawn(f: &Fixture, args: &[&str]) -> Running {
        let tmp = tempfile::tempdir().expect("TMPDIR for the child");
        let mut run = Running::spawn_with_tmp(f, args, tmp.path());
        run._tmp = Some(tmp);
        run
    }

    fn spawn_with_tmp(f: &Fixture, args: &[&str], tmp: &std::path::Path) -> Running {
        let mut child = Command::new(BIN)
            .args(args)
            .env("TMPDIR", tmp)
            .current_dir(f.root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start annals");
        let log = Arc::new((Mutex::new(String::new()), Condvar::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut s = sink.0.lock().expect("log");
                s.push_str(&line);
                s.push('\n');
                sink.1.notify_all();
            }
        });
        Running { child, log, _tmp: None }
    }

    fn log(&self) -> String {
        self.log.0.lock().expect("log").clone()
    }

    /// Waits until the log contains `needle`; returns the log.
    fn wait_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut log = self.log.0.lock().expect("log");
        while !log.contains(needle) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out waiting for `{needle}` in the log:\n{log}");
            log = self.log.1.wait_timeout(log, left).expect("log").0;
        }
        log.clone()
    }
}

impl Drop for Running {
    /// SIGTERM first, as a user's Ctrl-C would: the server removes its
    /// private folder and exits; killed outright if it has not within the deadline.
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).stderr(Stdio::null()).status();
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
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
        header(&self.head, name)
    }
}

fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

/// Reads a response head (status line and headers); returns the status and the head.
fn read_head(r: &mut impl BufRead) -> std::io::Result<(u16, String)> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, format!("head cut short: {head}")));
        }
        if line.trim_end().is_empty() {
            break;
        }
        head.push_str(&line);
    }
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Ok((status, head))
}

/// Reads one whole response as a browser does: the head, then a body of
/// Content-Length bytes, or chunks, or up to the end of the connection.
/// `head_only` for the answer to HEAD, which should have no body whatever its
/// Content-Length says: whatever comes until the connection closes is returned.
fn read_response(r: &mut impl BufRead, head_only: bool) -> std::io::Result<Resp> {
    let (status, head) = read_head(r)?;
    let mut body = Vec::new();
    if head_only {
        r.read_to_end(&mut body)?;
    } else if let Some(len) = header(&head, "content-length") {
        body.resize(len.parse().expect("length"), 0);
        r.read_exact(&mut body)?;
    } else if header(&head, "transfer-encoding").as_deref() == Some("chunked") {
        Dechunk { inner: r, left: 0, done: false }.read_to_end(&mut body)?;
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok(Resp { status, head, body: String::from_utf8_lossy(&body).to_string() })
}

/// The body of a `Transfer-Encoding: chunked` response, as a plain reader.
struct Dechunk<R> {
    inner: R,
    /// Bytes left in the current chunk.
    left: usize,
    done: bool,
}

impl<R: BufRead> Read for Dechunk<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            // The CRLF that ends the previous chunk, then the next size line.
            let mut line = String::new();
            while line.trim().is_empty() {
                line.clear();
                if self.inner.read_line(&mut line)? == 0 {
                    self.done = true;
                    return Ok(0);
                }
            }
            let size = line.trim().split(';').next().unwrap_or_default();
            self.left = usize::from_str_radix(size, 16).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("chunk size {line:?}: {e}"))
            })?;
            if self.left == 0 {
                self.done = true;
                return Ok(0);
            }
        }
        let max = buf.len().min(self.left);
        let n = self.inner.read(&mut buf[..max])?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        self.left -= n;
        Ok(n)
    }
}

impl Server {
    fn start(f: &Fixture, port: u16) -> Server {
        let port_arg = port.to_string();
        let run = Running::spawn(f, &["serve", "--port", &port_arg]);
        let log = run.wait_log("Serving on http://127.0.0.1:");
        let tail = log.split("Serving on http://127.0.0.1:").nth(1).unwrap_or("");
        let port = tail.split('/').next().and_then(|p| p.parse().ok()).expect("port in log");
        Server { run, port }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(WAIT)).expect("timeout");
        s
    }

    /// One request with a raw target (sent exactly as given), and extra header lines.
    fn request_with(&self, method: &str, target: &str, headers: &str) -> Resp {
        let mut s = self.connect();
        // The server may answer (431) and close before it has read it all:
        // then writing fails, and the answer is still there to read.
        let sent = write!(s, "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n");
        read_response(&mut BufReader::new(s), method == "HEAD")
            .unwrap_or_else(|e| panic!("{method} {:.80}: no response ({e}; sending: {sent:?})", target))
    }

    fn request(&self, method: &str, target: &str) -> Resp {
        self.request_with(method, target, "")
    }

    fn get(&self, target: &str) -> Resp {
        self.request("GET", target)
    }

    fn events(&self) -> Events {
        let mut s = self.connect();
        write!(s, "GET /__annals/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
        let mut r = BufReader::new(s);
        let (status, head) = read_head(&mut r).expect("event stream head");
        assert_eq!(status, 200, "{head}");
        assert!(header(&head, "content-type").is_some_and(|t| t.starts_with("text/event-stream")), "{head}");
        let body: Box<dyn Read + Send> = if header(&head, "transfer-encoding").as_deref() == Some("chunked") {
            Box::new(Dechunk { inner: r, left: 0, done: false })
        } else {
            Box::new(r)
        };
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let (mut name, mut data) = (String::new(), String::new());
            for line in BufReader::new(body).lines() {
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
    s.run.wait_log("rebuilt in "); // one line per rebuild
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
fn a_new_title_is_on_every_list_page_served_after_the_reload() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    let events = s.events();
    let lists = ["/reports/2022/", "/years/2022/", "/topics/garbage-sorting/"];
    for url in lists {
        assert!(s.get(url).body.contains("2022年度述责述廉报告"), "{url} lists the report");
    }
    let text = std::fs::read_to_string(f.root().join(PAGE)).expect("read page");
    f.write(PAGE, text.replace("title = \"2022年度述责述廉报告\"", "title = \"二〇二二年度述责述廉报告\""));
    events.wait("reload");
    // Requested at once: a list page not rendered yet is held back until it
    // is, never served as it was.
    for url in lists {
        let page = s.get(url);
        assert_eq!(page.status, 200, "{url}");
        assert!(page.body.contains("二〇二二年度述责述廉报告"), "{url} shows the new title");
    }
    assert!(s.get(PAGE_URL).body.contains("二〇二二年度述责述廉报告"));
    // The list pages came after the reload, not before it.
    s.run.wait_log("lists rendered in ");
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

/// `.annals-serve.tmp-<pid>` folders in `tmp`.
fn private_folders(tmp: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(tmp)
        .expect("TMPDIR")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".annals-serve.tmp-")))
        .collect();
    found.sort();
    found
}

/// The preview is built into a private folder in `TMPDIR` and served from
/// there, never from or into the output folder; the folder goes when the
/// server is stopped, and the folder of a server killed outright goes when
/// the next one starts.
#[test]
fn serves_from_a_private_folder_that_goes_with_the_server() {
    let f = Fixture::small();
    let tmp = tempfile::tempdir().expect("tmp");
    let start = |tmp: &std::path::Path| {
        let run = Running::spawn_with_tmp(&f, &["serve", "--port", "0"], tmp);
        let log = run.wait_log("Serving on http://127.0.0.1:");
        let tail = log.split("Serving on http://127.0.0.1:").nth(1).unwrap_or("");
        let port = tail.split('/').next().and_then(|p| p.parse().ok()).expect("port in log");
        Server { run, port }
    };
    let mut first = start(tmp.path());
    let folders = private_folders(tmp.path());
    assert_eq!(folders.len(), 1, "{folders:?}");
    let site = folders[0].join("site");
    assert!(site.join("index.html").is_file());
    assert_eq!(first.get("/").status, 200);
    // What is served is what is in the folder, live-reload script added.
    let page = "reports/2022/duty-report/index.html";
    let file = String::from_utf8(std::fs::read(site.join(page)).expect("page in the folder")).expect("utf-8");
    let served = first.get(&format!("/{page}")).body;
    let cut = served.find("<script src=\"/__annals/live.js\"").expect("live-reload script");
    let end = cut + served[cut..].find("</script>").expect("script end") + "</script>".len();
    assert_eq!(format!("{}{}", &served[..cut], &served[end..]), file);
    // The folder's marker is not part of the site.
    assert_eq!(first.get("/.annals-output").status, 404);
    assert!(!f.root().join("output").exists(), "the output folder is not touched");
    // Killed outright, it cannot clean up; the next server does.
    first.run.child.kill().expect("kill");
    first.run.child.wait().expect("wait");
    assert!(folders[0].exists());
    let second = start(tmp.path());
    poll("the dead server's folder to go", || !folders[0].exists());
    let mine = private_folders(tmp.path());
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_ne!(mine[0], folders[0]);
    // Stopped as by Ctrl-C or SIGTERM: it removes its folder and exits.
    drop(second);
    assert!(private_folders(tmp.path()).is_empty(), "{:?}", private_folders(tmp.path()));
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
    assert_eq!(ctype("/sitemap.xml"), "text/xml; charset=utf-8");
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
    let head = s.request("HEAD", "/");
    assert_eq!((head.status, head.body.as_str()), (200, ""), "HEAD has no body");
    assert_eq!(home.header("content-length"), Some(home.body.len().to_string()));
    assert_eq!(home.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(home.header("x-content-type-options").as_deref(), Some("nosniff"));

    // Keep-alive: a browser sends several requests on one connection.
    let mut c = BufReader::new(s.connect());
    for target in ["/", "/style.css", "/no-such-page", "/__annals/live.js"] {
        write!(c.get_mut(), "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
        let r = read_response(&mut c, false).expect("response on a kept-alive connection");
        assert_ne!(r.status, 0, "{target}");
        assert_ne!(r.header("connection").as_deref(), Some("close"), "{target}: {}", r.head);
    }

    // `annals build` output never carries the script, and serve leaves output/ alone.
    assert!(!f.root().join("output").exists(), "serve does not write output/");
    f.build();
    assert!(!f.read("index.html").contains("__annals"));
}

/// How long any one request may take in the tests below before it counts as
/// hung (on an idle machine they take milliseconds).
const REQUEST_DEADLINE: Duration = Duration::from_secs(30);

/// One GET on a fresh connection, with a deadline; the status and the time taken.
fn timed_get(port: u16, target: &str) -> (u16, usize, Duration) {
    let start = Instant::now();
    let mut c = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    c.set_read_timeout(Some(REQUEST_DEADLINE)).expect("timeout");
    c.set_write_timeout(Some(REQUEST_DEADLINE)).expect("timeout");
    write!(c, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
    // Reads Content-Length bytes as a browser does, without waiting for the close.
    let r = read_response(&mut BufReader::new(c), false).unwrap_or_else(|e| panic!("{target}: {e}"));
    let took = start.elapsed();
    assert!(took < REQUEST_DEADLINE, "{target} took {took:?}");
    (r.status, r.body.len(), took)
}

#[test]
fn idle_and_slow_connections_do_not_hold_up_requests() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    let _events: Vec<Events> = (0..3).map(|_| s.events()).collect();
    // 100 like a browser's preconnected sockets: open, nothing sent yet;
    // 100 like slow clients that stopped in the middle of their headers.
    let opened = Instant::now();
    let mut idle: Vec<TcpStream> = (0..200).map(|_| s.connect()).collect();
    for c in idle.iter_mut().skip(100) {
        write!(c, "GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag").expect("half a request");
    }
    let expected = s.get("/style.css").body.len();
    let handles: Vec<_> = (0..50)
        .map(|i| {
            let port = s.port;
            std::thread::spawn(move || timed_get(port, &format!("/style.css?{i}")))
        })
        .collect();
    let mut times: Vec<Duration> = handles
        .into_iter()
        .map(|h| {
            let (status, len, took) = h.join().expect("request thread");
            assert_eq!((status, len), (200, expected), "complete answer");
            took
        })
        .collect();
    times.sort();
    eprintln!(
        "50 requests beside 200 idle connections: median {:?}, slowest {:?}",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    // The half-sent requests were kept waiting, not dropped: finished now,
    // they are answered (unless the server's 30 s head timeout passed on a
    // very slow machine, when it may have closed them, as it should).
    let finished_in_time = opened.elapsed() < Duration::from_secs(25);
    for mut c in idle.drain(100..120) {
        write!(c, "ent: slow\r\nConnection: close\r\n\r\n").expect("rest of the request");
        match read_response(&mut BufReader::new(c), false) {
            Ok(r) => assert_eq!((r.status, r.body.len()), (200, expected)),
            Err(e) => assert!(!finished_in_time, "half-sent request dropped: {e}"),
        }
    }
}

/// Resident memory of a process in KiB, from /proc.
#[cfg(target_os = "linux")]
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmRSS in kB")
}

#[test]
fn oversized_requests_are_refused() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    // 414: a request target over 8 KiB.
    let long = format!("/{}", "a".repeat(16 * 1024));
    assert_eq!(s.get(&long).status, 414);
    assert_eq!(s.get(&format!("/{}", "a".repeat(4 * 1024))).status, 404, "long but allowed");
    // 431: headers over 32 KiB, as one header or as many.
    let big = format!("X-Big: {}\r\n", "b".repeat(40 * 1024));
    assert_eq!(s.request_with("GET", "/", &big).status, 431);
    let many: String = (0..2000).map(|i| format!("X-H{i}: v\r\n")).collect();
    assert_eq!(s.request_with("GET", "/", &many).status, 431);
    assert_eq!(s.request_with("GET", "/", "X-Small: v\r\n").status, 200, "normal headers pass");
    // 413: a body, announced and never sent; the answer does not wait for it.
    assert_eq!(s.request_with("POST", "/", "Content-Length: 1000000000\r\n").status, 413);
    assert_eq!(s.request_with("GET", "/", "Content-Length: 1000000000\r\n").status, 413);
    assert_eq!(s.request("POST", "/").status, 405);
}

#[test]
fn endless_headers_cost_bounded_memory() {
    let f = Fixture::small();
    let s = Server::start(&f, free_port());
    assert_eq!(s.get("/").status, 200);
    #[cfg(target_os = "linux")]
    let before = rss_kib(s.run.child.id());
    // 8 clients each try to send 32 MiB of headers (256 MiB in all, the
    // attack that grew the old server by 225 MB). Each is answered 431 and
    // cut off after the first 32 KiB it sends.
    const PER_CLIENT: usize = 32 << 20;
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let mut c = s.connect();
            std::thread::spawn(move || {
                let writer = c.try_clone().expect("clone");
                let sender = std::thread::spawn(move || {
                    let mut w = writer;
                    let mut sent = 0;
                    let line = format!("X-Fill: {}\r\n", "f".repeat(1014));
                    if w.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").is_err() {
                        return sent;
                    }
                    while sent < PER_CLIENT && w.write_all(line.as_bytes()).is_ok() {
                        sent += line.len();
                    }
                    sent
                });
                let mut r = BufReader::new(&mut c);
                let (status, _) = read_head(&mut r).expect("an answer before the headers end");
                // Unblock the sender if the server is (wrongly) still reading.
                let _ = c.shutdown(std::net::Shutdown::Both);
                (status, sender.join().expect("sender"))
            })
        })
        .collect();
    let mut total = 0;
    for h in handles {
        let (status, sent) = h.join().expect("client");
        assert_eq!(status, 431);
        assert!(sent < PER_CLIENT, "the server read all {sent} bytes of headers");
        total += sent;
    }
    eprintln!("8 clients sent {} KiB of headers before being cut off", total / 1024);
    assert_eq!(s.get("/").status, 200, "still serving");
    #[cfg(target_os = "linux")]
    {
        let grown = rss_kib(s.run.child.id()).saturating_sub(before);
        eprintln!("server memory after 8 x 32 MiB of headers: +{grown} KiB");
        assert!(grown < 32 * 1024, "server memory grew by {grown} KiB");
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
