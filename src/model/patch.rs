//! The model of a live-rebuild batch that changed only page bodies, titles
//! or summaries.
//!
//! Why: a live rebuild re-assembles the model from every kept parse result,
//! 270 ms of a one-page edit at 100,000 pages, though an edit of a page's
//! text (the common case while writing) changes nothing the model is made
//! of but that page's body: URLs, dates, years, sections, translations and
//! topics come from front matter and file names. A new title or summary
//! changes that page and where its title orders it among pages of the same
//! date, nothing else. When every changed file is a published page whose
//! front matter reads the same as before but for `title` and `summary`, the
//! previous model is cloned and the new bodies and front matter put in, and
//! the sections of retitled pages are sorted again; the Markdown stage then
//! re-renders the changed bodies alone, as after a full re-assembly.
//! Anything else (a new, removed or drafted file, a section's `_index.md`,
//! any other front matter change) takes the full path.

use std::sync::Arc;

use super::assemble::page_title;
use super::{Parsed, Site};
use crate::parse::FrontMatter;

/// One changed file: its parse result before and after the batch.
pub struct BodyEdit<'a> {
    pub old: &'a Parsed,
    pub new: &'a Parsed,
}

/// The previous model with a batch's edits put in.
pub struct Patched {
    pub site: Site,
    /// A page's title changed: lists that order pages of one date by title
    /// may show them in another order.
    pub retitled: bool,
}

/// Front matter but for what [`Site::with_edits`] puts in.
fn structure(fm: &FrontMatter) -> FrontMatter {
    FrontMatter { title: None, summary: None, ..fm.clone() }
}

impl Site {
    /// This model with the bodies, titles and summaries of `edits` put in,
    /// when each edit changed nothing else of a published page (see the
    /// module docs); `None` when the model must be assembled again.
    pub fn with_edits(&self, edits: &[BodyEdit<'_>]) -> Option<Patched> {
        let mut pages = Vec::with_capacity(edits.len());
        for e in edits {
            let (old, new) = (&e.old.src, &e.new.src);
            let same_file = old.rel == new.rel && old.kind == new.kind && old.key == new.key && old.lang == new.lang;
            if !same_file || (e.old.fm != e.new.fm && structure(&e.old.fm) != structure(&e.new.fm)) {
                return None;
            }
            let &i = self.page_index.get(&(new.key.clone(), new.lang.clone()))?;
            if self.pages[i].file != new.display {
                return None;
            }
            pages.push((i, e.new));
        }
        // Pages are shared (`Arc`): only the edited ones are copied below.
        let mut site = self.clone();
        let mut sections = std::collections::BTreeSet::new();
        for (i, new) in pages {
            let page = Arc::make_mut(&mut site.pages[i]);
            page.body = new.body.clone();
            page.body_line = new.body_line;
            if page.fm != new.fm {
                page.fm = new.fm.clone();
                let title = page_title(&new.fm, &page.content_key);
                if title != page.title {
                    page.title = title;
                    sections.insert(page.section);
                }
            }
        }
        for &s in &sections {
            let mut list = std::mem::take(&mut site.sections[s].pages);
            // The section's sort_by was checked when the model was assembled.
            site.sort_section_pages(s, &mut list).ok()?;
            site.sections[s].pages = list;
        }
        Some(Patched { site, retitled: !sections.is_empty() })
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::config::SiteConfig;
    use crate::load::read_source;
    use crate::model::{AssembleOptions, parse_file};

    fn parse(root: &Path, rel: &str) -> Parsed {
        let codes = vec!["zh".to_string(), "en".to_string()];
        parse_file(read_source(root, rel.to_string(), &codes, "zh").expect("read")).expect("parse")
    }

    fn site(root: &Path, files: &[&str]) -> (Site, Vec<Parsed>) {
        let config = SiteConfig::load(root).expect("site.toml");
        let parsed: Vec<Parsed> = files.iter().map(|f| parse(root, f)).collect();
        let site = Site::assemble_parsed(config, parsed.clone(), &AssembleOptions::default()).expect("model");
        (site, parsed)
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    #[test]
    fn body_and_title_edits_patch_the_model_and_other_front_matter_edits_do_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(
            root.join("site.toml"),
            "title = \"T\"\ndefault_language = \"zh\"\n[languages.zh]\ntitle = \"T\"\n[languages.en]\ntitle = \"T\"\n",
        )
        .expect("site.toml");
        write(root, "cases/a.md", "+++\ntitle = \"甲\"\n+++\n旧的正文。\n");
        write(root, "cases/b.md", "+++\ntitle = \"乙\"\n+++\n另一页。\n");
        let files = ["cases/a.md", "cases/b.md"];
        let (old_site, old) = site(root, &files);

        // The body changes, and a blank line in the front matter moves it down.
        write(root, "cases/a.md", "+++\ntitle = \"甲\"\n\n+++\n新的正文。\n");
        let new = parse(root, "cases/a.md");
        let patched = old_site.with_edits(&[BodyEdit { old: &old[0], new: &new }]).expect("a body edit");
        assert!(!patched.retitled);
        let patched = patched.site;
        let (assembled, _) = site(root, &files);
        let shape = |s: &Site| {
            s.pages
                .iter()
                .map(|p| (p.path.clone(), p.title.clone(), p.body.to_string(), p.body_line, p.file.clone()))
                .collect::<Vec<(String, String, String, usize, PathBuf)>>()
        };
        assert_eq!(shape(&patched), shape(&assembled));
        assert_eq!(patched.page_index, assembled.page_index);
        assert!(shape(&old_site) != shape(&patched));

        // Both pages have no date: the title orders them, and a new title
        // moves `a` after `b` in their section, as assembling would.
        write(root, "cases/a.md", "+++\ntitle = \"丙\"\nsummary = \"新\"\n+++\n新的正文。\n");
        let retitled = parse(root, "cases/a.md");
        let patched = old_site.with_edits(&[BodyEdit { old: &old[0], new: &retitled }]).expect("a title edit");
        assert!(patched.retitled);
        let (assembled, _) = site(root, &files);
        assert_eq!(shape(&patched.site), shape(&assembled));
        let order = |s: &Site| s.sections.iter().map(|s| s.pages.clone()).collect::<Vec<_>>();
        assert_eq!(order(&patched.site), order(&assembled));
        assert!(order(&patched.site) != order(&old_site), "the section is sorted again");
        assert_eq!(patched.site.pages[0].fm, assembled.pages[0].fm);

        // A date moves the page between lists: the model is assembled again.
        write(root, "cases/a.md", "+++\ntitle = \"甲\"\ndate = 2024-01-01\n+++\n新的正文。\n");
        let dated = parse(root, "cases/a.md");
        assert!(old_site.with_edits(&[BodyEdit { old: &old[0], new: &dated }]).is_none());
    }
}
