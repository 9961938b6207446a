//! Temporary folders never outlive the build that made them.
//!
//! A build writes a whole copy of the output into `.output.tmp-<pid>` before
//! swapping it in; an interrupted build used to leave that copy behind (26
//! interrupted builds of a large site left 1.7 GB). Two mechanisms:
//!
//! * Ctrl-C and SIGTERM (and SIGHUP) run a handler (the `ctrlc` crate) that
//!   deletes the temporary folders of writers still in flight, then exits
//!   with status 130. The swap itself holds the same lock, so a signal never
//!   lands between taking the old output away and putting the new one in.
//! * SIGKILL cannot be caught: the next build removes `.<name>.tmp-<pid>` and
//!   `.<name>.old-<pid>` folders beside the output whose process is gone —
//!   only when they carry the output marker (or are empty), so nothing Annals
//!   did not create is ever deleted.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::Duration;

use super::folder::is_ours_or_empty;

/// Temporary folders of writers in flight.
static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Private folders kept for the life of the process (`annals serve`).
static PRIVATE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();
/// Set by the signal handler before it removes the temporary folders, so
/// that writers stop creating folders in them (see [`stopping`]).
static STOPPING: AtomicBool = AtomicBool::new(false);

/// True once a signal asked the process to stop: writers must not create
/// anything more, or a folder the handler just removed comes back.
pub(crate) fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// Called by the program before it reports an error and exits: when a
/// signal is being handled, the error is only a consequence of the handler
/// removing the temporary folder, so wait for the handler to finish and exit
/// with its status (130) instead of reporting a build failure.
pub fn exit_if_interrupted() {
    if !stopping() {
        return;
    }
    // The handler exits the process; this deadline is only a fallback.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::process::exit(130);
}

fn active() -> MutexGuard<'static, Vec<PathBuf>> {
    ACTIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Registers a temporary folder for deletion on Ctrl-C/SIGTERM.
pub(crate) fn register(tmp: &Path) {
    install_handler();
    active().push(tmp.to_path_buf());
}

fn install_handler() {
    HANDLER.call_once(|| {
        // Fails only if the program installed its own handler; then that one rules.
        let _ = ctrlc::set_handler(on_signal);
    });
}

fn private() -> MutexGuard<'static, Vec<PathBuf>> {
    PRIVATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Registers a folder the process keeps until it exits, removed on
/// Ctrl-C/SIGTERM too ([`super::private::PrivateFolder`]).
pub(crate) fn register_private(dir: &Path) {
    install_handler();
    private().push(dir.to_path_buf());
}

pub(crate) fn unregister_private(dir: &Path) {
    private().retain(|p| p != dir);
}

pub(crate) fn unregister(tmp: &Path) {
    active().retain(|p| p != tmp);
}

/// Holds off the signal handler while the output is swapped.
pub(crate) fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
    active()
}

fn on_signal() {
    STOPPING.store(true, Ordering::SeqCst);
    let dirs = std::mem::take(&mut *active());
    let in_flight = !dirs.is_empty();
    let dirs: Vec<PathBuf> = dirs.into_iter().chain(std::mem::take(&mut *private())).collect();
    for d in &dirs {
        for _ in 0..50 {
            let _ = std::fs::remove_dir_all(d);
            // A writer that passed its `stopping()` check just before the
            // flag was set may still create one folder: look again after it.
            std::thread::sleep(Duration::from_millis(10));
            if !d.exists() {
                break;
            }
        }
    }
    if in_flight {
        eprintln!("interrupted: nothing was published");
    }
    std::process::exit(130);
}

/// Removes `.<name>.tmp-<pid>` and `.<name>.old-<pid>` folders in `parent`
/// left by processes that no longer run.
pub(crate) fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes.iter().find_map(|p| file.strip_prefix(p.as_str())) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let path = e.path();
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if pid != std::process::id() && !alive(pid) && is_dir && is_ours_or_empty(&path) {
            super::remove_in_background(&path);
        }
    }
}

/// Whether a process runs (Linux: `/proc/<pid>`; elsewhere assume it does,
/// so nothing is removed that might be in use).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() { proc.join(pid.to_string()).exists() } else { true }
}
