//! Who writes each output path: two producers of one path are an error.
//!
//! An output path can come from many places — a page, a section, a generated
//! list, an alias, a theme or site static file, a content asset, a published
//! snapshot, the search index. Before this check, the last one written won in
//! silence: an alias could turn a page into a redirect, and a `static/index.html`
//! replaced the home page. Every path a build writes is claimed here first,
//! through [`OutPath::parse`], so a collision (or an unsafe path) fails the
//! build naming both sources.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use super::path::OutPath;
use crate::error::SiteError;

/// What produces an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Producer {
    /// A page or section written from a content file.
    Content(PathBuf),
    /// A section or list generated without a file of its own (`topics/x/`, `years/2022/`).
    Generated(String),
    /// An alias in the front matter of a page.
    Alias { page: PathBuf, alias: String },
    /// A file of the theme's or the site's `static/` folder.
    Static(String),
    /// A non-Markdown file of `content/`.
    Asset(PathBuf),
    /// A file of a published snapshot.
    Snapshot(PathBuf),
    /// The search index, sitemap, feeds, robots.txt, the output marker.
    Machine(&'static str),
}

impl Producer {
    /// The user's file to name in an error, if there is one.
    fn file(&self) -> Option<PathBuf> {
        match self {
            Producer::Content(f) | Producer::Asset(f) | Producer::Snapshot(f) => Some(f.clone()),
            Producer::Alias { page, .. } => Some(page.clone()),
            Producer::Static(rel) => Some(PathBuf::from("static").join(rel)),
            Producer::Generated(_) | Producer::Machine(_) => None,
        }
    }
}

impl fmt::Display for Producer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Producer::Content(p) => write!(f, "{}", p.display()),
            Producer::Generated(what) => write!(f, "the generated {what}"),
            Producer::Alias { page, alias } => write!(f, "alias `{alias}` of {}", page.display()),
            Producer::Static(rel) => write!(f, "static file {rel} (site static/ or theme)"),
            Producer::Asset(p) => write!(f, "{}", p.display()),
            Producer::Snapshot(p) => write!(f, "snapshot file {}", p.display()),
            Producer::Machine(what) => write!(f, "the generated {what}"),
        }
    }
}

/// Output paths claimed so far by one build.
#[derive(Debug, Default)]
pub struct Claims {
    owners: HashMap<OutPath, Producer>,
    errors: Vec<SiteError>,
}

impl Claims {
    /// Claims `rel` for `producer`; a refused path or a second producer is
    /// recorded as an error (see [`Claims::finish`]).
    pub fn claim(&mut self, rel: &str, producer: Producer) {
        let path = match OutPath::parse(rel) {
            Ok(p) => p,
            Err(e) => {
                let file = producer.file().unwrap_or_else(|| PathBuf::from("site.toml"));
                self.errors.push(SiteError::new(file, format!("{e} (written for {producer})")));
                return;
            }
        };
        if let Some(first) = self.owners.get(&path) {
            let file = producer.file().or_else(|| first.file()).unwrap_or_else(|| PathBuf::from("site.toml"));
            self.errors.push(SiteError::new(
                file,
                format!(
                    "two sources write output/{}: {first} and {producer}; rename one of them",
                    path.as_str().escape_debug()
                ),
            ));
            return;
        }
        self.owners.insert(path, producer);
    }

    pub fn is_claimed(&self, rel: &str) -> bool {
        OutPath::parse(rel).is_ok_and(|p| self.owners.contains_key(&p))
    }

    /// The errors found so far, if any, and paths that need a file where
    /// another producer writes a folder (`slug = "index.html"` in a section
    /// whose own page is `index.html`).
    pub fn finish(&mut self) -> Result<(), Vec<SiteError>> {
        let mut paths: Vec<&OutPath> = self.owners.keys().collect();
        paths.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        for path in paths {
            let s = path.as_str();
            for (i, _) in s.match_indices('/') {
                let Some(file_owner) = OutPath::parse(&s[..i]).ok().and_then(|d| self.owners.get(&d)) else {
                    continue;
                };
                let producer = &self.owners[path];
                let file = producer.file().or_else(|| file_owner.file()).unwrap_or_else(|| PathBuf::from("site.toml"));
                self.errors.push(SiteError::new(
                    file,
                    format!(
                        "output/{} is a file written by {file_owner}, but {producer} writes output/{} inside it; \
                         rename one of them",
                        s[..i].escape_debug(),
                        s.escape_debug()
                    ),
                ));
            }
        }
        if self.errors.is_empty() { Ok(()) } else { Err(std::mem::take(&mut self.errors)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_producer_names_both() {
        let mut c = Claims::default();
        c.claim("index.html", Producer::Content("content/_index.md".into()));
        c.claim("index.html", Producer::Static("index.html".into()));
        c.claim("../x", Producer::Generated("topic page".into()));
        let errs = c.finish().unwrap_err();
        assert_eq!(errs.len(), 2);
        let msg = errs[0].to_string();
        assert!(msg.contains("content/_index.md") && msg.contains("static file index.html"), "{msg}");
        assert!(errs[1].to_string().contains("refused"), "{}", errs[1]);
        assert!(c.finish().is_ok());
    }

    #[test]
    fn a_file_where_a_folder_is_needed_is_refused() {
        let mut c = Claims::default();
        c.claim("reports/2022/index.html", Producer::Generated("year page".into()));
        c.claim("reports/2022/index.html/index.html", Producer::Content("content/reports/2022/x.md".into()));
        let errs = c.finish().unwrap_err();
        assert_eq!(errs.len(), 1);
        let msg = errs[0].to_string();
        assert!(msg.contains("content/reports/2022/x.md") && msg.contains("year page"), "{msg}");
    }
}
