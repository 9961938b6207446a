//! Writing imported pages so that a failure changes nothing.
//!
//! Editors fix imported pages by hand, so losing one is losing work. A page
//! used to be written in place: on a full disk `--force` truncated the
//! existing page and then failed, and without `--force` a partial page was
//! left that the next build published and that blocked re-importing. Now
//! every page is first written in full to a temporary file beside its target
//! (a dot-file ending in `.tmp`, which the build ignores) and flushed to
//! disk; only when all pages of the run are staged are they moved into place
//! by `rename` (with `--force`) or by a hard link that fails if the target
//! appeared meanwhile (without). Any error before that removes the temporary
//! files: the content folder is as it was.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::SiteError;

/// A page written to a temporary file, waiting to be moved into place.
pub struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    /// A folder created for the page, removed again if the run fails.
    created_dir: Option<PathBuf>,
}

/// Pages of one import run, committed together.
#[derive(Default)]
pub struct Transaction {
    staged: Vec<Staged>,
}

impl Transaction {
    /// Writes `bytes` beside `target` and flushes it to disk.
    pub fn stage(&mut self, target: &Path, bytes: &[u8]) -> Result<(), SiteError> {
        let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let created_dir = if dir.exists() {
            None
        } else {
            fs::create_dir_all(dir).map_err(|e| SiteError::io(dir, &e))?;
            Some(dir.to_path_buf())
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dir.join(format!(".{name}.import-{}.tmp", std::process::id()));
        let staged = Staged { tmp, target: target.to_path_buf(), created_dir };
        let written = (|| -> std::io::Result<()> {
            let _ = fs::remove_file(&staged.tmp);
            let mut f = fs::OpenOptions::new().write(true).create_new(true).open(&staged.tmp)?;
            f.write_all(bytes)?;
            f.sync_all()
        })();
        self.staged.push(staged);
        written.map_err(|e| SiteError::io(target, &e))
    }

    /// Moves every staged page into place; `replace` allows overwriting.
    pub fn commit(mut self, replace: bool) -> Result<(), SiteError> {
        let staged = std::mem::take(&mut self.staged);
        for (i, s) in staged.iter().enumerate() {
            let moved = if replace { fs::rename(&s.tmp, &s.target) } else { link_new(&s.tmp, &s.target) };
            if let Err(e) = moved {
                let err = SiteError::io(&s.target, &e);
                self.staged = staged.into_iter().skip(i).collect();
                return Err(err);
            }
            if let Some(dir) = s.target.parent().and_then(|d| fs::File::open(d).ok()) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    }
}

/// Puts `tmp` at `target` unless something is there: a hard link fails if
/// the target exists, atomically; where hard links are not supported, a
/// check then a rename.
fn link_new(tmp: &Path, target: &Path) -> std::io::Result<()> {
    match fs::hard_link(tmp, target) {
        Ok(()) => fs::remove_file(tmp),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if target.exists() => Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists)),
        Err(_) => fs::rename(tmp, target),
    }
}

impl Drop for Transaction {
    /// Uncommitted pages leave no trace.
    fn drop(&mut self) {
        for s in &self.staged {
            let _ = fs::remove_file(&s.tmp);
            if let Some(dir) = &s.created_dir {
                let _ = fs::remove_dir(dir); // only when empty
            }
        }
    }
}
