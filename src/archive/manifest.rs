//! `MANIFEST.sha256`: one `<hex>  <path>` line per file, sorted by path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use super::MANIFEST;
use crate::error::SiteError;
use crate::load::rel_slash;
use crate::output::Output;

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The manifest of a set of files (the manifest itself excluded).
pub fn manifest_of(output: &Output) -> String {
    let mut s = String::new();
    for (path, bytes) in &output.files {
        if path != MANIFEST {
            s.push_str(&sha256_hex(bytes));
            s.push_str("  ");
            s.push_str(path);
            s.push('\n');
        }
    }
    s
}

/// Differences between a snapshot folder and its manifest.
#[derive(Debug, Default, Clone)]
pub struct Verification {
    pub files: usize,
    pub modified: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.modified.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

pub fn verify(dir: &Path) -> Result<Verification, SiteError> {
    let manifest_path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| SiteError::io(&manifest_path, &e))?;
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (hash, path) = line
            .split_once("  ")
            .filter(|(h, p)| h.len() == 64 && !p.is_empty())
            .ok_or_else(|| SiteError::at(&manifest_path, i + 1, "not a `sha256sum` line"))?;
        expected.insert(path.to_string(), hash.to_ascii_lowercase());
    }
    let mut seen = BTreeSet::new();
    let mut v = Verification { files: expected.len(), ..Default::default() };
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| SiteError::new(dir, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = rel_slash(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        if rel == MANIFEST {
            continue;
        }
        match expected.get(&rel) {
            None => v.extra.push(rel),
            Some(hash) => {
                let bytes = std::fs::read(entry.path()).map_err(|e| SiteError::io(entry.path(), &e))?;
                if sha256_hex(&bytes) != *hash {
                    v.modified.push(rel.clone());
                }
                seen.insert(rel);
            }
        }
    }
    v.missing = expected.keys().filter(|k| !seen.contains(*k)).cloned().collect();
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
