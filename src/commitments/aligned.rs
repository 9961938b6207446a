//! A report's commitments as seen from one of its language versions.
//!
//! Matching runs on the default language. A page in another language shows
//! the twin's block at the same heading-tree address ([`super::text::Addr`]);
//! where there is none (a split target, a missing twin) it quotes the
//! original text, and says so, so that the page can mark its language for
//! screen readers and fonts. The commitments pages and their search
//! documents both read the ledger through this view, so they agree.

use std::collections::BTreeMap;

use super::text::{Addr, Block, Excerpt};
use super::{Commitment, FollowUp, Ledger, ReportCommitments};
use crate::model::Site;

/// A report's commitments from the point of view of `page`, one of its versions.
pub(crate) struct Aligned<'a> {
    pub(crate) page: usize,
    /// The series' next report in this page's language, if it exists.
    pub(crate) next: Option<usize>,
    pub(crate) rc: &'a ReportCommitments,
    /// The default-language report whose commitments these are.
    pub(crate) src: usize,
    blocks: BTreeMap<Addr, Block>,
    next_blocks: BTreeMap<Addr, Block>,
}

impl<'a> Aligned<'a> {
    /// `None` when the page has no commitments page.
    pub(crate) fn new(site: &'a Site, ledger: &'a Ledger, page: usize) -> Option<Aligned<'a>> {
        if !ledger.has_page(site, page) {
            return None;
        }
        let src = ledger.source_of(site, page)?;
        let rc = ledger.reports.get(&src)?;
        let same = src == page;
        let next = if same {
            Some(rc.next)
        } else {
            let lang = &site.pages[page].lang;
            site.page_translations(rc.next).into_iter().find(|&t| &site.pages[t].lang == lang)
        };
        let index = |i: usize| -> BTreeMap<Addr, Block> {
            super::page_blocks(site, i).into_iter().map(|b| (b.addr.clone(), b)).collect()
        };
        let (blocks, next_blocks) =
            if same { (BTreeMap::new(), BTreeMap::new()) } else { (index(page), next.map(index).unwrap_or_default()) };
        Some(Aligned { page, next, rc, src, blocks, next_blocks })
    }

    /// Whether the page is another language's version of the report.
    pub(crate) fn translated(&self) -> bool {
        self.src != self.page
    }

    /// The commitment's text in this language (or the original), its anchor, and whether it is the original.
    pub(crate) fn commitment(&self, c: &Commitment) -> (Excerpt, Option<String>, bool) {
        if self.translated()
            && c.part.is_none()
            && let Some(b) = self.blocks.get(&c.addr)
        {
            return (b.excerpt.clone(), b.anchor.clone(), false);
        }
        let anchor = if self.translated() { None } else { c.anchor.clone() };
        (c.excerpt.clone(), anchor, self.translated())
    }

    /// The follow-up's text, the page it is on and its anchor, and whether it is the original.
    pub(crate) fn followup(&self, f: &FollowUp) -> (Excerpt, usize, Option<String>, bool) {
        if !self.translated() {
            return (f.excerpt.clone(), self.rc.next, f.anchor.clone(), false);
        }
        match self.next {
            Some(n) => match self.next_blocks.get(&f.addr) {
                Some(b) => (b.excerpt.clone(), n, b.anchor.clone(), false),
                None => (f.excerpt.clone(), n, None, true),
            },
            None => (f.excerpt.clone(), self.rc.next, f.anchor.clone(), true),
        }
    }
}
