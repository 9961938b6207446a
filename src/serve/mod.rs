//! `annals serve`: the site built into a private folder
//! ([`crate::output::private`]), served over HTTP, rebuilt when a file
//! changes, and reloaded in the browser when the rebuild is done.
//!
//! Two sides share one [`State`]:
//!
//! * the main thread (plain std, like `build --watch`) waits for change
//!   batches from [`crate::watch`] and calls [`Project::apply`] under the
//!   write lock, then publishes a [`LiveEvent`] while still holding it, so
//!   every page requested after a `reload` is already the new build;
//! * a tokio runtime with two worker threads runs the HTTP server
//!   ([`server`]: axum on hyper): site files ([`pages`]) and the event stream
//!   ([`events`]). Handlers wait for the lock asynchronously, so a rebuild in
//!   progress holds up page requests, never the runtime's threads, and never
//!   the event streams.
//!
//! The lock is a `tokio::sync::RwLock`: async for the handlers, and
//! `blocking_read`/`blocking_write` on the std threads (rebuild, search index).
//!
//! A failed rebuild leaves the previous output in place (that is
//! `Project::apply`'s contract), so the last good build stays browsable while
//! the error is shown on top of it. A failed *first* build leaves no output
//! at all; every page then shows the error until a change fixes it.
//!
//! The output folder is never touched (the private folder is removed when
//! the server stops), and `base_url` points at this server, so canonical
//! links, feeds and the sitemap work locally.

mod events;
mod pages;
mod server;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::RwLock;

use crate::build::BuildOptions;
use crate::error::BuildError;
use crate::output::private::PrivateFolder;
use crate::project::{Applied, Change, Project};
use crate::watch::Watch;
use events::LiveEvent;

/// How many ports after the requested one are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// What `annals serve` needs from its command line.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
}

/// Quiet time after a rebuild before the search index is brought up to date.
const SEARCH_SETTLE: std::time::Duration = std::time::Duration::from_millis(700);

pub(crate) struct State {
    pub(crate) site: RwLock<Site>,
    pub(crate) hub: events::Hub,
    /// Number of the latest search-index update started; older ones give way.
    pub(crate) search_seq: std::sync::atomic::AtomicU64,
    /// Output files of list pages a rebuild renders after the reload
    /// ([`crate::project::Deferred`]); requests for them wait for
    /// `lists_ready`. Changed only under the write lock of `site`.
    stale: std::sync::Mutex<BTreeSet<String>>,
    lists_ready: tokio::sync::Notify,
}

/// The served build and its number. Pages carry the number they were built
/// with, and the event stream's `hello` names the current one, so a page
/// that loaded just before a rebuild but connected just after its `reload`
/// still notices that it is out of date.
pub(crate) struct Site {
    /// `None` until the first successful build.
    pub(crate) project: Option<Project>,
    pub(crate) generation: u64,
}

impl State {
    /// For the std threads; handlers use `site.read().await`.
    fn read(&self) -> tokio::sync::RwLockReadGuard<'_, Site> {
        self.site.blocking_read()
    }

    fn write(&self) -> tokio::sync::RwLockWriteGuard<'_, Site> {
        self.site.blocking_write()
    }

    fn stale(&self) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
        self.stale.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the output file `key` is not a list page still to be
    /// rendered, then runs `f` under the read lock.
    pub(crate) async fn read_fresh<T>(&self, key: &str, f: impl Fn(&Site) -> T) -> T {
        loop {
            // Made before the check, so a notification after it is not missed.
            let ready = self.lists_ready.notified();
            {
                let site = self.site.read().await;
                if !self.stale().contains(key) {
                    return f(&site);
                }
            }
            ready.await;
        }
    }
}

pub fn run(opts: &ServeOptions) -> Result<()> {
    // Two workers are plenty: handlers never block (they await the lock),
    // and rebuilds run on this thread, outside the runtime.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("annals-http")
        .enable_all()
        .build()
        .context("cannot start the HTTP server's runtime")?;
    let (listener, taken) = runtime.block_on(bind(opts.bind, opts.port))?;
    let addr = listener.local_addr().context("cannot read the listening address")?;
    let url = format!("http://{}/", SocketAddr::new(opts.bind, addr.port()));
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        ..Default::default()
    };
    // Watch before the first build, so that no edit made during it is lost.
    let mut watch = Watch::start(&opts.root)?;
    let state = Arc::new(State {
        site: RwLock::new(Site { project: None, generation: 0 }),
        hub: events::Hub::new(),
        search_seq: std::sync::atomic::AtomicU64::new(0),
        stale: std::sync::Mutex::new(BTreeSet::new()),
        lists_ready: tokio::sync::Notify::new(),
    });
    let private = PrivateFolder::create(&std::env::temp_dir())
        .map_err(|e| anyhow::anyhow!("cannot create the folder the preview is built into: {e}"))?;
    let site_dir = private.site();
    eprintln!("Building {} …", watch.root().display());
    let start = Instant::now();
    match open(&build_opts, &site_dir) {
        Ok((p, files)) => {
            eprintln!("Built {files} files in {} ms", start.elapsed().as_millis());
            let mut site = state.write();
            site.project = Some(p);
            site.generation = 1;
            drop(site);
            crate::memory::release_free_memory();
        }
        Err(e) => report_error(&state, &e),
    }
    // Connections that arrived during the build wait in the listen queue.
    runtime.spawn(server::serve(listener, server::router(Arc::clone(&state))));
    let note = match taken {
        Some(p) => format!(" (port {p} was taken)"),
        None => String::new(),
    };
    eprintln!("Serving on {url}{note}");
    if !opts.bind.is_loopback() {
        eprintln!("warning: listening on {}: other machines can reach this preview", opts.bind);
    }
    if opts.open {
        // A failure only means the user opens the printed address themselves.
        if let Err(e) = opener::open_browser(&url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }
    while let Some(changes) = watch.next_batch() {
        rebuild(&state, &build_opts, &site_dir, &changes);
        // The search index follows in the background, so the next edit is
        // not held up by it.
        let seq = state.search_seq.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let bg = Arc::clone(&state);
        let _ = std::thread::Builder::new().name("annals-search".into()).spawn(move || update_search(&bg, seq));
    }
    drop(private);
    Ok(())
}

/// The first build (or the first that succeeds), into `dir`; returns the
/// project and how many files it wrote. Its list pages are rendered after
/// each reload ([`render_lists`]).
fn open(opts: &BuildOptions, dir: &std::path::Path) -> Result<(Project, usize), BuildError> {
    Project::open_on_disk(opts.clone(), dir.to_path_buf(), &|_, _| {}).map(|(mut p, summary)| {
        p.defer_lists(true);
        (p, summary.files)
    })
}

/// Binds the port, or the next free one; returns the taken port if it moved.
async fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, Option<u16>)> {
    let mut last_err = None;
    for p in (0..PORT_TRIES).filter_map(|i| port.checked_add(i)) {
        let addr = SocketAddr::new(ip, p);
        match listen(addr) {
            Ok(l) => return Ok((l, (p != port).then_some(port))),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => last_err = Some(e),
            Err(e) => return Err(e).with_context(|| format!("cannot listen on {addr}")),
        }
    }
    let e = last_err.map(|e| e.to_string()).unwrap_or_default();
    anyhow::bail!(
        "cannot listen on {ip}: ports {port} to {} are taken ({e}); use --port",
        port.saturating_add(PORT_TRIES - 1)
    )
}

/// A listening socket with a long accept queue, so a burst of connections
/// (a browser opening a page and its assets) is never refused.
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    // As std does on Unix: a port in TIME_WAIT from an earlier run is free.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(server::BACKLOG)
}

/// Applies one change batch and tells the pages. The events are sent under
/// the write lock, so a page requested afterwards is already the new build.
fn rebuild(state: &State, opts: &BuildOptions, dir: &std::path::Path, changes: &[Change]) {
    let start = Instant::now();
    let mut site = state.write();
    let result: Result<Applied, BuildError> = match site.project.as_mut() {
        Some(project) => project.apply(changes),
        None => open(opts, dir).map(|(p, _)| {
            let changed = p.paths();
            site.project = Some(p);
            Applied { changed, ..Default::default() }
        }),
    };
    let ms = start.elapsed().as_millis();
    match result {
        Ok(applied) => {
            let had_error = state.hub.set_error(None).is_some();
            let n = applied.changed.len();
            let s = if n == 1 { "" } else { "s" };
            eprintln!("rebuilt in {ms} ms: {n} file{s} changed");
            if n > 0 {
                site.generation += 1;
            }
            if applied.css_only && !had_error {
                let data = serde_json::json!({ "generation": site.generation, "changed": applied.changed });
                state.hub.broadcast(LiveEvent::Css { json: data.to_string() });
            } else if n > 0 || had_error {
                state.hub.broadcast(LiveEvent::Reload { generation: site.generation });
            }
            if let Some(deferred) = applied.deferred {
                state.stale().extend(deferred.files().iter().cloned());
                drop(site);
                render_lists(state, &deferred);
            }
        }
        Err(e) => {
            eprintln!("rebuild failed after {ms} ms ({}):", crate::watch::describe(changes));
            report_error(state, &e);
        }
    }
}

/// Renders the list pages a rebuild left for after the reload, and lets the
/// requests waiting for them go. Rendering needs only the read lock, so other
/// pages are served meanwhile.
fn render_lists(state: &State, deferred: &crate::project::Deferred) {
    let start = Instant::now();
    let rendered = state.read().project.as_ref().map(|p| p.render_deferred(deferred));
    let mut site = state.write();
    let merged = match (rendered, site.project.as_mut()) {
        (Some(Ok(out)), Some(project)) => project.merge_deferred(out),
        (Some(Err(e)), _) => Err(e),
        _ => Ok(Vec::new()),
    };
    state.stale().clear();
    drop(site);
    state.lists_ready.notify_waiters();
    let ms = start.elapsed().as_millis();
    match merged {
        Ok(changed) => eprintln!("lists rendered in {ms} ms: {} files changed", changed.len()),
        Err(e) => {
            eprintln!("rendering the list pages failed after {ms} ms:");
            report_error(state, &e);
        }
    }
}

/// Brings the search index up to date after the pages have reloaded. The
/// index is built without holding the lock, so pages keep being served.
fn update_search(state: &State, seq: u64) {
    let newest = || state.search_seq.load(std::sync::atomic::Ordering::SeqCst) == seq;
    // Let a burst of saves settle first: only the last one needs indexing.
    std::thread::sleep(SEARCH_SETTLE);
    if !newest() {
        return;
    }
    let source = state.read().project.as_ref().and_then(|project| project.search_source());
    let Some(source) = source else { return };
    let docs = source.documents();
    if !newest() {
        return; // a later edit will index its own state
    }
    let start = Instant::now();
    // One thread, so a rebuild for the next edit always finds a free core.
    let index = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        Ok(pool) => pool.install(|| crate::search::build_index(&docs, &crate::search::IndexOptions::default())),
        Err(_) => crate::search::build_index(&docs, &crate::search::IndexOptions::default()),
    };
    let mut site = state.write();
    if !newest() {
        return;
    }
    if let Some(project) = site.project.as_mut() {
        match project.install_search(index) {
            Ok(n) => {
                let ms = start.elapsed().as_millis();
                drop(site);
                drop(docs);
                crate::memory::release_free_memory();
                // Said once the memory the update used is handed back, so
                // that whoever waits for this line (the serve benchmark)
                // sees the server as it stays.
                eprintln!("search index updated in {ms} ms: {n} files changed");
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}

/// Prints the errors and shows them in every open page.
fn report_error(state: &State, err: &BuildError) {
    eprintln!("{err}");
    let json = serde_json::to_string(err).unwrap_or_else(|_| "{\"errors\":[]}".into());
    state.hub.set_error(Some(json.clone()));
    state.hub.broadcast(LiveEvent::Error { json });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Arc<State> {
        Arc::new(State {
            site: RwLock::new(Site { project: None, generation: 7 }),
            hub: events::Hub::new(),
            search_seq: std::sync::atomic::AtomicU64::new(0),
            stale: std::sync::Mutex::new(BTreeSet::new()),
            lists_ready: tokio::sync::Notify::new(),
        })
    }

    #[test]
    fn a_request_for_a_list_page_still_to_render_waits_for_it() {
        let state = state();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        // As `rebuild` does it: under the write lock.
        drop((state.write(), state.stale().insert("topics/x/index.html".into())));
        let s = Arc::clone(&state);
        let waiting = rt.spawn(async move { s.read_fresh("topics/x/index.html", |site| site.generation).await });
        let s = Arc::clone(&state);
        let other = rt.block_on(async move { s.read_fresh("reports/index.html", |site| site.generation).await });
        assert_eq!(other, 7, "other pages are served meanwhile");
        rt.block_on(async {
            for _ in 0..20 {
                tokio::task::yield_now().await;
            }
        });
        assert!(!waiting.is_finished(), "held back while stale");
        // As `render_lists` does it: merged under the write lock, then told.
        {
            let mut site = state.write();
            site.generation = 8;
            state.stale().clear();
        }
        state.lists_ready.notify_waiters();
        assert_eq!(rt.block_on(waiting).expect("task"), 8, "served as rendered");
    }
}
