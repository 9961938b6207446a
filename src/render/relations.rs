//! Where case studies and reports meet: mentions and related pages.
//!
//! A case study lists the report sections that mention its topics ("2022
//! report, section 一（三）"), linking to the heading. Only reports tagged with
//! the topic are scanned, once per build, so this stays cheap on large sites.

use std::collections::{BTreeMap, BTreeSet};

use super::Renderer;
use super::context::*;
use super::lists::Lists;
use crate::markdown::cuts;
use crate::model::{PageKind, Site};

/// How many related case studies a report lists.
pub const RELATED_SHOWN: usize = 4;

/// How many report sections a case study lists.
pub const MENTIONS_SHOWN: usize = 30;

/// (language, topic) → report sections mentioning the topic, newest first.
pub type MentionIndex = BTreeMap<(String, String), Vec<MentionEntry>>;

/// A report section that mentions a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionEntry {
    /// The report's page index.
    pub report: usize,
    pub heading_id: String,
    /// The section's numbering (`一（三）`).
    pub label: String,
}

/// A mention index and the reports whose bodies it read.
#[derive(Debug, Clone, Default)]
pub struct MentionScan {
    pub index: MentionIndex,
    /// Page indices of the reports scanned: an edit of any other page's
    /// body leaves the index as it is.
    pub read: BTreeSet<usize>,
}

/// Mentions shown on case studies: per language and topic, the first
/// [`MENTIONS_SHOWN`] report sections mentioning it, newest report first.
/// Only as many reports are scanned as needed to fill the list; the
/// reports of a topic are taken, newest first, from the site-wide lists.
fn scan_mentions(site: &Site, lists: &Lists) -> MentionScan {
    let mut read = BTreeSet::new();
    let mut by_topic: Vec<((String, String), Vec<usize>)> = Vec::new();
    for l in &site.languages {
        for (slug, pages) in &lists.lang(&l.code).topics {
            let reports = pages.iter().copied().filter(|&i| site.pages[i].kind == PageKind::Report).collect();
            by_topic.push(((l.code.clone(), slug.clone()), reports));
        }
    }
    let mut index: MentionIndex = BTreeMap::new();
    for ((lang, slug), reports) in by_topic {
        let mut words: Vec<String> = site.config.topics.get(&slug).map(|t| t.keywords.clone()).unwrap_or_default();
        words.push(site.config.topic_name(&slug, &lang));
        let words: Vec<String> = words.into_iter().map(|w| w.to_lowercase()).filter(|w| !w.is_empty()).collect();
        let mut entries = Vec::new();
        for i in reports {
            if entries.len() >= MENTIONS_SHOWN {
                break;
            }
            let p = &site.pages[i];
            read.insert(i);
            let mut parents: Vec<String> = Vec::new();
            let html = p.rendered.html.unpack();
            for seg in cuts(&html, &p.rendered.headings) {
                let Some(h) = seg.heading else { continue };
                if seg.key.contains('.') {
                    parents.truncate(1);
                } else {
                    parents.clear();
                }
                parents.push(numbering(&h.title));
                let lower = seg.html.to_lowercase();
                if words.iter().any(|w| lower.contains(w.as_str())) && entries.len() < MENTIONS_SHOWN {
                    let label = parents.join(if p.lang == "zh" { "" } else { " " });
                    entries.push(MentionEntry { report: i, heading_id: h.id.clone(), label });
                }
            }
        }
        if !entries.is_empty() {
            index.insert((lang, slug), entries);
        }
    }
    MentionScan { index, read }
}

/// The numbering of a heading: `一、述责…` → `一`, `（三）坚持…` → `（三）`, `I. Duty` → `I`.
pub fn numbering(title: &str) -> String {
    let t = title.trim();
    if let Some(open) = t.chars().next().filter(|c| *c == '（' || *c == '(') {
        let close = if open == '（' { '）' } else { ')' };
        if let Some(end) = t.find(close) {
            return t[..end + close.len_utf8()].to_string();
        }
    }
    let end = t.find(['、', '．', '.', ' ']).unwrap_or(t.len());
    let head = &t[..end];
    if head.chars().count() <= 6 { head.to_string() } else { t.chars().take(12).collect() }
}

impl Renderer<'_> {
    /// The mention index of this renderer's site, with the reports it read.
    pub fn scan_mentions(&self) -> MentionScan {
        scan_mentions(self.site, self.lists())
    }

    /// Hands over the mention index of this renderer's site when the caller
    /// has it already (a live rebuild builds it to plan).
    pub fn use_mentions(&self, index: MentionIndex) {
        // Already built: that one is of the same site.
        let _ = self.mention_index.set(index);
    }

    pub(crate) fn mentions(&self, i: usize, root: &str) -> Vec<Mention> {
        let site = self.site;
        let p = &site.pages[i];
        if p.kind != PageKind::Case {
            return Vec::new();
        }
        let index = self.mention_index.get_or_init(|| self.scan_mentions().index);
        let mut out = Vec::new();
        for slug in &p.fm.topics {
            for entry in index.get(&(p.lang.clone(), slug.clone())).into_iter().flatten().take(MENTIONS_SHOWN) {
                let link = self.page_link(entry.report, root);
                out.push(Mention {
                    url: format!("{}#{}", link.url, entry.heading_id),
                    report: link,
                    topic: site.config.topic_name(slug, &p.lang),
                    section_label: entry.label.clone(),
                });
            }
        }
        out
    }

    /// Case studies sharing a topic with a report, newest first.
    pub(crate) fn related(&self, i: usize, root: &str) -> Vec<PageLink> {
        let site = self.site;
        let p = &site.pages[i];
        if p.kind != PageKind::Report || p.fm.topics.is_empty() {
            return Vec::new();
        }
        let cases = self.lists().lang(&p.lang).newest_cases_on(&p.fm.topics, RELATED_SHOWN, site);
        cases.into_iter().map(|c| self.page_link(c, root)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::numbering;

    #[test]
    fn numbering_prefixes() {
        assert_eq!(numbering("一、述责述廉情况"), "一");
        assert_eq!(numbering("（三）坚持总揽全局"), "（三）");
        assert_eq!(numbering("I. Duty Performance"), "I");
        assert_eq!(numbering("(3) Taking charge"), "(3)");
    }
}
