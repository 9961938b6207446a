//! The site kept compressed in memory, behind `annals serve`.
//!
//! Why: the preview holds every output file so that a request never reads
//! the disk and an edit swaps pages in place. Held as plain bytes, a
//! 10,000-page site took about 470 MB of output alone (pages are mostly the
//! same chrome around a few kilobytes of text). Each file is deflated once
//! when it is rendered (fast level: a page costs tens of microseconds) and
//! inflated when it is served; HTML compresses four to eight times.
//!
//! Compression is deterministic, so two files are equal exactly when their
//! packed bytes are: a live rebuild finds what changed without inflating.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Output;

/// Below this size a file is kept as it is (a deflate stream would not pay).
const MIN_PACKED: usize = 256;
/// Fast deflate: most of the gain, a fraction of the time of the default level.
const LEVEL: u8 = 1;

/// One output file, deflated or stored as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Blob {
    Stored(Box<[u8]>),
    Deflated { data: Box<[u8]>, len: usize },
}

impl Blob {
    fn pack(bytes: Vec<u8>) -> Blob {
        if bytes.len() < MIN_PACKED {
            return Blob::Stored(bytes.into_boxed_slice());
        }
        let data = miniz_oxide::deflate::compress_to_vec(&bytes, LEVEL);
        if data.len() >= bytes.len() {
            Blob::Stored(bytes.into_boxed_slice())
        } else {
            Blob::Deflated { data: data.into_boxed_slice(), len: bytes.len() }
        }
    }

    /// `None` only if our own stream did not inflate (a bug, not input).
    fn unpack(&self) -> Option<Vec<u8>> {
        match self {
            Blob::Stored(b) => Some(b.to_vec()),
            Blob::Deflated { data, len } => miniz_oxide::inflate::decompress_to_vec_with_limit(data, *len).ok(),
        }
    }

    fn packed_len(&self) -> usize {
        match self {
            Blob::Stored(b) => b.len(),
            Blob::Deflated { data, .. } => data.len(),
        }
    }
}

/// Output files by site-relative path, compressed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packed {
    files: BTreeMap<String, Blob>,
}

/// What [`Packed::put`] did to one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    Added,
    Changed,
    Same,
}

impl Packed {
    /// Packs a rendered output (files in parallel).
    pub fn from_output(out: Output) -> Packed {
        let mut packed = Packed::default();
        packed.extend(out);
        packed
    }

    /// Adds or replaces the files of `out`; returns the paths whose bytes changed.
    pub fn extend(&mut self, out: Output) -> Vec<String> {
        let blobs: Vec<(String, Blob)> = out.files.into_par_iter().map(|(k, v)| (k, Blob::pack(v))).collect();
        let mut changed = Vec::new();
        for (path, blob) in blobs {
            if self.files.get(&path) != Some(&blob) {
                changed.push(path.clone());
                self.files.insert(path, blob);
            }
        }
        changed
    }

    /// Adds or replaces one file.
    pub fn put(&mut self, path: &str, bytes: Vec<u8>) -> Put {
        let blob = Blob::pack(bytes);
        match self.files.insert(path.to_string(), blob.clone()) {
            None => Put::Added,
            Some(old) if old == blob => Put::Same,
            Some(_) => Put::Changed,
        }
    }

    /// The bytes of a file.
    pub fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.files.get(path).and_then(Blob::unpack)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn remove(&mut self, path: &str) -> bool {
        self.files.remove(path).is_some()
    }

    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Bytes held (compressed), for the benchmarks' figures.
    pub fn packed_bytes(&self) -> usize {
        self.files.values().map(Blob::packed_len).sum()
    }

    /// Paths whose bytes differ between two packed outputs, including added
    /// and removed ones, sorted.
    pub fn diff(&self, new: &Packed) -> Vec<String> {
        let mut out: Vec<String> =
            new.files.iter().filter(|(k, v)| self.files.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect();
        out.extend(self.files.keys().filter(|k| !new.files.contains_key(*k)).cloned());
        out.sort();
        out
    }

    /// Every file inflated (tests compare it with a full build).
    pub fn unpack(&self) -> Output {
        Output { files: self.files.iter().filter_map(|(k, v)| Some((k.clone(), v.unpack()?))).collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_finds_changes() {
        let page = "<html><body>".to_string() + &"工作报告正文。".repeat(300) + "</body></html>";
        let mut out = Output::default();
        out.insert("a/index.html", page.clone());
        out.insert("tiny.txt", "x");
        let mut packed = Packed::from_output(out);
        assert_eq!(packed.get("a/index.html").as_deref(), Some(page.as_bytes()));
        assert_eq!(packed.get("tiny.txt").as_deref(), Some(&b"x"[..]));
        assert!(packed.packed_bytes() < page.len() / 4, "{}", packed.packed_bytes());
        let old = packed.clone();
        assert_eq!(packed.put("a/index.html", page.clone().into_bytes()), Put::Same);
        assert_eq!(packed.put("a/index.html", (page + " ").into_bytes()), Put::Changed);
        assert_eq!(packed.put("b.css", b"p{}".to_vec()), Put::Added);
        assert!(packed.remove("tiny.txt"));
        assert_eq!(old.diff(&packed), ["a/index.html", "b.css", "tiny.txt"]);
        assert_eq!(packed.unpack().files.len(), 2);
    }
}
