//! The private folder `annals serve` builds into.
//!
//! Why on disk: keeping the built site in memory, even compressed, made the
//! preview of a 10,000-page site hold 670 MB, most of it pages nobody was
//! looking at. The server now builds into a folder of its own with the same
//! disk target as `build --watch` (atomic full build, each changed file
//! renamed into place) and reads a file per request; what stays resident is
//! the model the live rebuild keeps.
//!
//! Why not the output folder: the preview's `base_url` points at the local
//! server, and drafts may be shown, so it must never be mistaken for the
//! site to publish. The folder is `.annals-serve.tmp-<pid>` in the system's
//! temporary folder (`TMPDIR`): removed when the server exits or is stopped
//! by a signal, and by the next server if the process was killed outright
//! (same rules as a build's temporary folder, see [`super::cleanup`]).

use std::path::{Path, PathBuf};

use super::MARKER;
use super::cleanup;
use crate::error::SiteError;

const NAME: &str = "annals-serve";

/// A folder only this process uses; removed on drop.
pub struct PrivateFolder {
    dir: PathBuf,
}

impl PrivateFolder {
    /// Creates `.annals-serve.tmp-<pid>` in `parent` (the system's temporary
    /// folder in `annals serve`), removing those of processes that are gone.
    pub fn create(parent: &Path) -> Result<PrivateFolder, SiteError> {
        cleanup::remove_stale(parent, NAME);
        let dir = parent.join(format!(".{NAME}.tmp-{}", std::process::id()));
        if dir.exists() && super::folder::is_ours_or_empty(&dir) {
            // Left by an earlier process that had this pid.
            std::fs::remove_dir_all(&dir).map_err(|e| SiteError::io(&dir, &e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| SiteError::io(&dir, &e))?;
        std::fs::write(dir.join(MARKER), b"").map_err(|e| SiteError::io(&dir, &e))?;
        cleanup::register_private(&dir);
        Ok(PrivateFolder { dir })
    }

    /// Where the site is built, inside the folder.
    pub fn site(&self) -> PathBuf {
        self.dir.join("site")
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for PrivateFolder {
    fn drop(&mut self) {
        cleanup::unregister_private(&self.dir);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_marked_and_removed_on_drop() {
        let parent = std::env::temp_dir().join(format!("annals-private-test-{}", std::process::id()));
        std::fs::create_dir_all(&parent).expect("parent");
        // A folder left by a process that is gone (pid 0 never runs user code).
        let stale = parent.join(".annals-serve.tmp-999999999");
        std::fs::create_dir_all(stale.join("site")).expect("stale");
        std::fs::write(stale.join(MARKER), b"").expect("marker");
        let folder = PrivateFolder::create(&parent).expect("create");
        assert!(folder.path().join(MARKER).is_file());
        assert!(folder.site().starts_with(folder.path()));
        let dir = folder.path().to_path_buf();
        drop(folder);
        assert!(!dir.exists(), "removed on drop");
        // The stale one is removed in the background: wait for it.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while stale.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(!stale.exists(), "stale folder of a dead process removed");
        std::fs::remove_dir_all(&parent).expect("clean up");
    }
}
