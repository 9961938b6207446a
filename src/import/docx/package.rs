//! The `.docx` package: a zip archive of XML parts tied by relationships.
//!
//! Only the parts that carry the printed text are read — the main document,
//! its styles, numbering definitions, footnotes and the media its drawings
//! point to. Headers, footers and comments live in parts of their own and
//! are simply never opened, which is how they are dropped. Every part is
//! read with a size cap so a crafted archive cannot exhaust memory.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::xml::{self, Element, Ns};

/// Largest uncompressed part we read (a 100-page report's document.xml is
/// well under 10 MB; images are capped the same way).
const MAX_PART_BYTES: u64 = 64 << 20;

/// Is `bytes` a Word document? Zip magic plus a `word/document.xml` part (or
/// whatever `_rels/.rels` names as the main document).
pub fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && Package::open(bytes).is_ok_and(|mut p| p.main_part().is_ok())
}

/// Is `bytes` a zip archive of any kind (to reject other office files clearly)?
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a readable zip archive: {e}"))?;
        Ok(Package { zip })
    }

    /// The bytes of part `name` (no leading `/`), `None` if absent.
    pub(crate) fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let mut file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(format!("{name}: {e}")),
        };
        if file.size() > MAX_PART_BYTES {
            return Err(format!("{name}: part larger than {} MB", MAX_PART_BYTES >> 20));
        }
        let mut buf = Vec::new();
        file.by_ref().take(MAX_PART_BYTES + 1).read_to_end(&mut buf).map_err(|e| format!("{name}: {e}"))?;
        if buf.len() as u64 > MAX_PART_BYTES {
            return Err(format!("{name}: part larger than {} MB", MAX_PART_BYTES >> 20));
        }
        Ok(Some(buf))
    }

    /// Part `name` parsed as XML, `None` if absent.
    pub(crate) fn xml(&mut self, name: &str) -> Result<Option<Element>, String> {
        match self.bytes(name)? {
            Some(b) => xml::parse(&b).map(Some).map_err(|e| format!("{name}: {e}")),
            None => Ok(None),
        }
    }

    /// The main document part: the target of the officeDocument relationship
    /// of `_rels/.rels`, else `word/document.xml`.
    pub(crate) fn main_part(&mut self) -> Result<String, String> {
        let from_rels = self.xml("_rels/.rels")?.and_then(|rels| {
            rels.elements()
                .filter(|r| r.is(Ns::Rel, "Relationship"))
                .find(|r| r.attr(Ns::None, "Type").is_some_and(|t| t.ends_with("/officeDocument")))
                .and_then(|r| r.attr(Ns::None, "Target").map(|t| t.trim_start_matches('/').to_string()))
        });
        let name = from_rels.unwrap_or_else(|| "word/document.xml".into());
        if self.zip.index_for_name(&name).is_some() { Ok(name) } else { Err(format!("no main document part ({name})")) }
    }

    /// Relationships of part `part`: id → (type suffix, resolved target).
    pub(crate) fn relationships(&mut self, part: &str) -> Result<Rels, String> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
        let mut map = HashMap::new();
        if let Some(rels) = self.xml(&rels_name)? {
            for r in rels.elements().filter(|r| r.is(Ns::Rel, "Relationship")) {
                let (Some(id), Some(kind), Some(target)) =
                    (r.attr(Ns::None, "Id"), r.attr(Ns::None, "Type"), r.attr(Ns::None, "Target"))
                else {
                    continue;
                };
                let external = r.attr(Ns::None, "TargetMode") == Some("External");
                let kind = kind.rsplit('/').next().unwrap_or(kind).to_string();
                let target = if external { target.to_string() } else { resolve(dir, target) };
                map.insert(id.to_string(), Rel { kind, target, external });
            }
        }
        Ok(Rels { map, dir: dir.to_string() })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Rel {
    /// Last segment of the relationship type (`image`, `footnotes`, `styles`).
    pub kind: String,
    /// Part name inside the package, or the URL of an external target.
    pub target: String,
    pub external: bool,
}

pub(crate) struct Rels {
    map: HashMap<String, Rel>,
    /// Folder of the source part, for defaults (`word`).
    pub dir: String,
}

impl Rels {
    pub(crate) fn get(&self, id: &str) -> Option<&Rel> {
        self.map.get(id)
    }

    /// The part of the first relationship of `kind`, else `<dir>/<default>`.
    pub(crate) fn part_of(&self, kind: &str, default: &str) -> String {
        let mut hits: Vec<&Rel> = self.map.values().filter(|r| r.kind == kind && !r.external).collect();
        hits.sort_by(|a, b| a.target.cmp(&b.target));
        hits.first().map_or_else(|| join(&self.dir, default), |r| r.target.clone())
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") }
}

/// Resolves a relationship target relative to the source part's folder.
fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = if dir.is_empty() { Vec::new() } else { dir.split('/').collect() };
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(resolve("word", "../media/a.png"), "media/a.png");
        assert_eq!(resolve("word", "/word/x.xml"), "word/x.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn sniffing() {
        assert!(!is_docx(b"PK\x03\x04garbage"));
        assert!(!is_docx("2023年报告".as_bytes()));
        assert!(is_zip(b"PK\x03\x04"));
    }
}
