//! The output of a build: files keyed by site-relative path, written to disk
//! atomically (`annals build`) or kept in memory (`annals serve`).

use std::collections::BTreeMap;

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
