//! The output of a build: files keyed by site-relative path, written to disk
//! atomically (`annals build`) or kept in memory (`annals serve`).
//!
//! The guarantees that keep a build from touching anything but its output
//! live in their own modules: [`path`] (every written path is made of
//! validated segments), [`claims`] (two producers of one path are an error),
//! [`folder`] (only a folder Annals created is ever replaced), [`cleanup`]
//! (temporary folders do not outlive an interrupted build) and [`text`]
//! (no character XML or HTML forbids in a generated file).

pub mod claims;
pub(crate) mod cleanup;
pub use cleanup::exit_if_interrupted;
pub mod folder;
pub mod packed;
pub mod path;
pub mod private;
pub mod text;

pub use folder::{MARKER, check_output_dir};
pub use path::OutPath;

use std::collections::{BTreeMap, BTreeSet};
use std::io::ErrorKind;

/// Generated files, keyed by site-relative path with forward slashes.
#[derive(Debug, Default, Clone)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
    }
}

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::SiteError;

impl Output {
    /// Writes all files into `dir` atomically: into a sibling temporary folder
    /// first, swapped in only when complete. A failed write leaves the
    /// previous contents of `dir` untouched.
    pub fn write_atomic(&self, dir: &Path, kind: Publish) -> Result<(), SiteError> {
        let mut writer = DiskWriter::begin(dir, kind)?;
        writer.put(self)?;
        writer.finish()
    }
}

/// What a [`DiskWriter`] publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// A site output: carries the [`MARKER`]; the replaced build is kept as
    /// `.<name>.spare` for reuse.
    Output,
    /// A snapshot under `archive/`: exactly the files given (its manifest
    /// lists them all), the replaced one deleted.
    Snapshot,
}

/// Writes a build into a temporary folder beside the output, piece by piece
/// as it is rendered (so a large site never sits in memory whole), and swaps
/// it in at [`DiskWriter::finish`]. Dropped unfinished, or interrupted by
/// Ctrl-C/SIGTERM, it leaves the output untouched and deletes its temporary
/// folder. The replaced build is kept as `.<name>.spare` and overwritten in
/// place next time: rewriting existing files costs far less than creating
/// twenty thousand new ones and unlinking as many old ones, and a file that
/// already holds the bytes to write is only marked modified ([`Held`]). A
/// file that is hard-linked from elsewhere is replaced, never rewritten.
///
/// Every file is named by an [`OutPath`], so nothing is written outside the
/// temporary folder; a reused spare folder is first cleared of symbolic
/// links, so nothing is written through one either.
pub struct DiskWriter {
    dir: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    spare: PathBuf,
    /// What a reused spare folder held when the build began (`None`: a new
    /// folder): walked once, for links at the start and for leftovers at
    /// the end.
    previous: Option<Previous>,
    /// Folders known to stand in the temporary folder (site-relative): those
    /// of a reused spare and those made since, so that each is made once
    /// rather than asked for again with every file put in it.
    folders: BTreeSet<String>,
    kind: Publish,
    written: BTreeSet<String>,
    done: bool,
}

impl DiskWriter {
    /// `dir` must have passed [`check_output_dir`] (outputs) or be a snapshot
    /// folder under the archive.
    pub fn begin(dir: &Path, kind: Publish) -> Result<DiskWriter, SiteError> {
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, &e))?;
        let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
        cleanup::remove_stale(parent, &name);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let spare = parent.join(format!(".{name}.spare"));
        if tmp.exists() && folder::is_ours_or_empty(&tmp) {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        cleanup::register(&tmp);
        let reusable = kind == Publish::Output && spare.is_dir() && spare.join(MARKER).is_file();
        let previous = if reusable && std::fs::rename(&spare, &tmp).is_ok() { Previous::read(&tmp).ok() } else { None };
        if previous.is_none() {
            if tmp.exists() {
                let _ = std::fs::remove_dir_all(&tmp);
            }
            std::fs::create_dir(&tmp).map_err(|e| SiteError::io(&tmp, &e))?;
        }
        // First thing in the folder, so a stale one is recognized as ours.
        // Made anew rather than rewritten: a reused spare's marker may be
        // hard-linked from a backup.
        let marker = tmp.join(MARKER);
        let _ = std::fs::remove_file(&marker);
        std::fs::write(&marker, folder::MARKER_TEXT).map_err(|e| SiteError::io(&marker, &e))?;
        let (previous, folders) = match previous {
            Some((files, folders)) => (Some(files), folders),
            None => (None, BTreeSet::new()),
        };
        Ok(DiskWriter {
            dir: dir.to_path_buf(),
            tmp,
            old,
            spare,
            previous,
            folders,
            kind,
            written: std::iter::once(MARKER.to_string()).collect(),
            done: false,
        })
    }

    pub fn put(&mut self, out: &Output) -> Result<(), SiteError> {
        let mut files = Vec::with_capacity(out.files.len());
        for (rel, bytes) in &out.files {
            let path = OutPath::parse(rel).map_err(|e| SiteError::new(&self.dir, e.to_string()))?;
            files.push((path, bytes));
        }
        write_files(&self.tmp, &files, self.previous.as_ref(), &mut self.folders)?;
        self.written.extend(out.files.keys().cloned());
        Ok(())
    }

    /// Removes what a reused folder held beyond this build, then swaps it in.
    pub fn finish(mut self) -> Result<(), SiteError> {
        if let Some(previous) = self.previous.take() {
            previous.remove_unwritten(&self.tmp, &self.written, &self.folders)?;
        }
        if self.kind == Publish::Snapshot {
            let marker = self.tmp.join(MARKER);
            std::fs::remove_file(&marker).map_err(|e| SiteError::io(&marker, &e))?;
        }
        // No signal handler runs between taking the old output away and
        // putting the new one in.
        let guard = cleanup::hold();
        let had_old = self.dir.exists();
        if had_old {
            std::fs::rename(&self.dir, &self.old).map_err(|e| SiteError::io(&self.dir, &e))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.dir) {
            let _ = std::fs::rename(&self.old, &self.dir);
            return Err(SiteError::io(&self.dir, &e));
        }
        self.done = true;
        drop(guard);
        cleanup::unregister(&self.tmp);
        let keep = self.kind == Publish::Output && !self.spare.exists();
        if had_old && !(keep && std::fs::rename(&self.old, &self.spare).is_ok()) {
            remove_in_background(&self.old);
        }
        Ok(())
    }
}

impl Drop for DiskWriter {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
            cleanup::unregister(&self.tmp);
        }
    }
}

/// The files and folders of a reused spare folder, read in one walk that
/// also deletes its symbolic links (the links, never their targets), so that
/// files written into it stay inside it, and whatever else is neither a
/// plain file nor a folder (a named pipe would block a build that reads it).
struct Previous {
    /// Files, by site-relative path.
    files: BTreeSet<String>,
}

impl Previous {
    /// The files of `dir`, and its folders (site-relative paths).
    fn read(dir: &Path) -> std::io::Result<(Previous, BTreeSet<String>)> {
        let mut previous = Previous { files: BTreeSet::new() };
        let mut dirs = BTreeSet::new();
        for entry in walkdir::WalkDir::new(dir).min_depth(1) {
            let entry = entry.map_err(std::io::Error::other)?;
            let rel = path::rel_slash(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            // Links are not followed: a link's type is the link's own.
            if entry.file_type().is_dir() {
                dirs.insert(rel);
            } else if entry.file_type().is_file() {
                previous.files.insert(rel);
            } else {
                // A link, or a pipe, socket or device, which opening could
                // block on or write through: never anything of a build.
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok((previous, dirs))
    }

    /// Deletes the files this build did not write, then those of `folders`
    /// left empty (a folder that holds a written file is kept without
    /// asking). In reverse order, a folder comes after its contents.
    fn remove_unwritten(
        &self,
        dir: &Path,
        written: &BTreeSet<String>,
        folders: &BTreeSet<String>,
    ) -> Result<(), SiteError> {
        for rel in self.files.iter().filter(|f| !written.contains(*f)) {
            let p = dir.join(rel);
            match std::fs::remove_file(&p) {
                // Gone with a folder a written file replaced, or a folder now.
                Err(e)
                    if !matches!(
                        e.kind(),
                        ErrorKind::NotFound | ErrorKind::NotADirectory | ErrorKind::IsADirectory
                    ) =>
                {
                    return Err(SiteError::io(&p, &e));
                }
                _ => {}
            }
        }
        let mut needed: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for f in written {
            let mut rest = f.as_str();
            while let Some((parent, _)) = rest.rsplit_once('/') {
                if !needed.insert(parent) {
                    break;
                }
                rest = parent;
            }
        }
        for d in folders.iter().rev().filter(|d| !needed.contains(d.as_str())) {
            let _ = std::fs::remove_dir(dir.join(d)); // kept when not empty
        }
        Ok(())
    }
}

/// Writes files under `dir`. Into a reused spare folder (`previous`),
/// whatever stands in the way (a file where a folder must go, a folder where
/// a file must go) is removed, and a file that already holds its bytes is
/// left as it is ([`Held`]).
/// `folders` are the folders known to stand under `dir`: only the others
/// are made (and then added), and a folder a file replaces leaves it.
fn write_files(
    dir: &Path,
    files: &[(OutPath, &Vec<u8>)],
    previous: Option<&Previous>,
    folders: &mut BTreeSet<String>,
) -> Result<(), SiteError> {
    let replace = previous.is_some();
    // Folders a file of this batch replaces: they, and what they held, are
    // no longer known to stand.
    let mut in_the_way = BTreeSet::new();
    for (rel, _) in files {
        if folders.contains(rel.as_str()) {
            let below = format!("{}/", rel.as_str());
            folders.retain(|f| f != rel.as_str() && !f.starts_with(&below));
            in_the_way.insert(rel.as_str());
        }
    }
    let mut dirs: Vec<&str> = files.iter().filter_map(|(k, _)| k.as_str().rsplit_once('/').map(|(d, _)| d)).collect();
    dirs.sort_unstable();
    dirs.dedup();
    dirs.retain(|d| !folders.contains(*d));
    let interrupted = || SiteError::new(dir, "interrupted: nothing was published");
    for rel in dirs {
        if cleanup::stopping() {
            return Err(interrupted());
        }
        let d = dir.join(rel);
        if let Err(e) = std::fs::create_dir_all(&d) {
            if !replace {
                return Err(SiteError::io(&d, &e));
            }
            let mut p = d.as_path();
            while p != dir {
                if p.is_file() {
                    std::fs::remove_file(p).map_err(|e| SiteError::io(p, &e))?;
                }
                p = p.parent().unwrap_or(dir);
            }
            std::fs::create_dir_all(&d).map_err(|e| SiteError::io(&d, &e))?;
        }
        let mut rest = rel;
        while folders.insert(rest.to_owned()) {
            let Some((parent, _)) = rest.rsplit_once('/') else { break };
            rest = parent;
        }
    }
    files.par_iter().try_for_each(|(rel, bytes)| {
        if cleanup::stopping() {
            return Err(interrupted());
        }
        let path = rel.under(dir);
        if in_the_way.contains(&rel.as_str()) {
            std::fs::remove_dir_all(&path).map_err(|e| SiteError::io(&path, &e))?;
        } else if previous.is_some_and(|p| p.files.contains(rel.as_str())) {
            match Held::at(&path, bytes) {
                Held::Same => return Ok(()),
                // Rewritten in place, a file linked from elsewhere (a
                // backup made with `cp -al`) would change there too.
                Held::Shared => std::fs::remove_file(&path).map_err(|e| SiteError::io(&path, &e))?,
                Held::Other => {}
            }
        }
        std::fs::write(&path, bytes).map_err(|e| SiteError::io(&path, &e))
    })
}

/// What a reused spare folder holds where a file is to be written.
enum Held {
    /// The very bytes, now marked modified as a rewrite would have left
    /// them: nothing to write.
    Same,
    /// A file with other links (hard links from elsewhere), whatever it
    /// holds: to be replaced, so that the other links keep their bytes and
    /// times.
    Shared,
    /// Other bytes, or nothing readable.
    Other,
}

impl Held {
    /// Most of a rebuild's files are the bytes the spare already holds. On
    /// the benchmark machine's ext4, overwriting them (truncating,
    /// allocating and writing the blocks back) took longer than the rest of
    /// a 10,000-page build (6.3 against 2.9 s a build); reading and
    /// comparing them costs about a tenth of that. The modification time is
    /// set as a rewrite would, so tools that copy what is newer see no
    /// difference.
    fn at(path: &Path, bytes: &[u8]) -> Held {
        use std::io::Read;
        let Ok(mut f) = std::fs::File::open(path) else { return Held::Other };
        let Ok(meta) = f.metadata() else { return Held::Other };
        #[cfg(unix)]
        let shared = std::os::unix::fs::MetadataExt::nlink(&meta) > 1;
        #[cfg(not(unix))]
        let shared = false;
        if shared {
            return Held::Shared;
        }
        if meta.len() != bytes.len() as u64 {
            return Held::Other;
        }
        let mut old = Vec::with_capacity(bytes.len() + 1);
        if f.read_to_end(&mut old).is_ok() && old == bytes && f.set_modified(std::time::SystemTime::now()).is_ok() {
            Held::Same
        } else {
            Held::Other
        }
    }
}

/// Deletes the replaced output without making the build wait for it: on a
/// large site unlinking twenty thousand files costs as much as writing them.
/// A detached `rm` finishes the job after we exit (a thread reaps it if we
/// live longer, as `annals serve` does); elsewhere, delete inline.
pub(crate) fn remove_in_background(dir: &Path) {
    #[cfg(unix)]
    {
        let spawned = std::process::Command::new("rm")
            .arg("-rf")
            .arg(dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if let Ok(mut child) = spawned {
            let _ = std::thread::Builder::new().name("annals-rm".into()).spawn(move || child.wait());
            return;
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}
