//! The parallel view: a document beside its translation, aligned by headings.
//!
//! Both versions are cut at their level-2 and level-3 headings
//! ([`crate::markdown::cuts`], which the commitments stage uses too); a cut is
//! identified by its position in the heading tree (`2.3` = third subsection of
//! the second section), which is what "the same numbered sections" means
//! across languages. Cuts present on one side only are shown unmatched, and
//! the page says the structures differ.

use super::Renderer;
use super::build_ctx::Twin;
use super::context::*;
use super::urls::place_content;
use crate::markdown::cuts;

impl Renderer<'_> {
    pub(crate) fn parallel_context(&self, i: usize, path: &str, root: &str) -> ParallelContext {
        let site = self.site;
        let p = &site.pages[i];
        let twin_i = site.page_translations(i).first().copied().unwrap_or(i);
        let t = &site.pages[twin_i];
        let page_path = &p.path;
        let twins: Vec<Twin> = site
            .languages
            .iter()
            .map(|l| match site.page_translations(i).iter().find(|&&x| site.pages[x].lang == l.code) {
                Some(&x) => Twin::new(&l.code, site.pages[x].path.clone(), false),
                None => Twin::new(&l.code, site.lang_prefix(&l.code), false),
            })
            .collect();
        let mut crumbs = self.crumbs(p.section, root, true);
        crumbs.push(super::context::Link { title: p.title.clone(), url: self.href(root, page_path) });
        crumbs.push(super::context::Link {
            title: self.strings.get(&p.lang, "parallel_view"),
            url: self.href(root, path),
        });
        let common = self.common(&p.lang, path, &twins, crumbs);

        let left_html = place_content(p.rendered.html.unpack(), root, self.opts.index_links);
        let right_html = place_content(t.rendered.html.unpack(), root, self.opts.index_links);
        let left = cuts(&left_html, &p.rendered.headings);
        let right = cuts(&right_html, &t.rendered.headings);
        let mut rows = Vec::new();
        let mut unmatched = 0;
        for l in &left {
            let r = right.iter().find(|r| r.key == l.key);
            if r.is_none() {
                unmatched += 1;
            }
            rows.push(ParallelRow {
                id: format!("p-{}", l.key.replace('.', "-")),
                label: l.heading.map(|h| h.title.clone()).unwrap_or_default(),
                left: l.html.to_string(),
                right: r.map(|r| r.html.to_string()).unwrap_or_default(),
                matched: r.is_some(),
            });
        }
        for r in right.iter().filter(|r| !left.iter().any(|l| l.key == r.key)) {
            unmatched += 1;
            rows.push(ParallelRow {
                id: format!("p-{}", r.key.replace('.', "-")),
                label: r.heading.map(|h| h.title.clone()).unwrap_or_default(),
                left: String::new(),
                right: r.html.to_string(),
                matched: false,
            });
        }
        ParallelContext {
            common,
            page: self.page_link(i, root),
            twin: self.page_link(twin_i, root),
            twin_lang: site.language(&t.lang).clone(),
            aligned: unmatched == 0,
            unmatched,
            rows,
        }
    }
}
