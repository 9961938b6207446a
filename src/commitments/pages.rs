//! The ledger as pages, topic entries, search documents and JSON.
//!
//! A report with a successor gets `<report>/commitments/` in every language
//! its report exists in. A page in another language than the default shows
//! the twin's block at the same heading-tree address ([`super::text::Addr`]);
//! where there is none (a split target, a missing twin) it quotes the Chinese
//! text, marked `lang`, so screen readers and fonts do the right thing.

use std::collections::BTreeMap;

use serde::Serialize;

use super::text::{Addr, Block, Excerpt};
use super::{Commitment, Ledger};
use crate::model::Site;
use crate::render::Renderer;
use crate::render::Twin;
use crate::render::context::{Common, Link, PageLink, SwitchLink, TopicLink};

/// Folder of the commitments page under its report.
pub const FOLDER: &str = "commitments/";

/// Path of a report's commitments page.
pub fn page_path(site: &Site, page: usize) -> String {
    format!("{}{FOLDER}", site.pages[page].path)
}

/// One link of the site, as `annals commitments --json` prints it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Record {
    pub series: String,
    pub promise_year: Option<i32>,
    pub promise_text: String,
    pub promise_url: String,
    pub followup_year: Option<i32>,
    pub followup_text: Option<String>,
    pub followup_url: String,
    pub score: f64,
    pub status: String,
    pub confirmed: bool,
}

fn with_anchor(path: &str, anchor: Option<&String>) -> String {
    match anchor {
        Some(a) => format!("{path}#{a}"),
        None => path.to_string(),
    }
}

/// Every link of the site (default language), report by report in path order.
pub fn records(site: &Site) -> Vec<Record> {
    let ledger = &site.commitments;
    let mut reports: Vec<(&usize, &super::ReportCommitments)> = ledger.reports.iter().collect();
    reports.sort_by(|a, b| site.pages[*a.0].path.cmp(&site.pages[*b.0].path));
    let mut out = Vec::new();
    for (&i, rc) in reports {
        let p = &site.pages[i];
        let next = &site.pages[rc.next];
        let series = ledger.places.get(&i).map(|s| s.name.clone()).unwrap_or_default();
        for c in &rc.items {
            out.push(Record {
                series: series.clone(),
                promise_year: p.year,
                promise_text: c.excerpt.text(),
                promise_url: with_anchor(&p.path, c.anchor.as_ref()),
                followup_year: next.year,
                followup_text: c.followup.as_ref().map(|f| f.excerpt.text()),
                followup_url: with_anchor(&next.path, c.followup.as_ref().and_then(|f| f.anchor.as_ref())),
                score: c.score,
                status: c.status.as_str().to_string(),
                confirmed: c.confirmed,
            });
        }
    }
    out
}

/// The JSON files written beside the pages: `commitments.json` at the root
/// (every link) and one per report in its commitments folder.
pub fn json_files(site: &Site) -> Vec<(String, String)> {
    let all = records(site);
    let mut out = Vec::new();
    if site.commitments.reports.is_empty() {
        return out;
    }
    out.push(("commitments.json".to_string(), to_json(&all)));
    for &i in site.commitments.reports.keys() {
        let path = &site.pages[i].path;
        let mine: Vec<Record> = all.iter().filter(|r| r.promise_url.starts_with(path.as_str())).cloned().collect();
        out.push((format!("{}commitments.json", page_path(site, i)), to_json(&mine)));
    }
    out
}

pub fn to_json(records: &[Record]) -> String {
    let mut s = serde_json::to_string_pretty(records).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// Title of the commitments page in search results (templates use the
/// theme's `commitments_title`; the index is built without the theme).
fn search_title(lang: &str) -> &'static str {
    if lang == "zh" { "承诺与落实" } else { "Commitments & follow-up" }
}

/// One search document per commitments page, so that promises and what became of them are found.
pub fn search_documents(site: &Site) -> Vec<crate::search::SearchDoc<'static>> {
    (0..site.pages.len())
        .filter_map(|i| {
            let (path, text) = search_text(site, i)?;
            let p = &site.pages[i];
            let src = site.commitments.source_of(site, i)?;
            let mut topics: Vec<String> =
                site.commitments.reports.get(&src)?.items.iter().flat_map(|c| c.topics.clone()).collect();
            topics.sort();
            topics.dedup();
            Some(crate::search::SearchDoc {
                lang: p.lang.clone().into(),
                path: path.into(),
                title: format!("{} · {}", search_title(&p.lang), p.title).into(),
                headings: Vec::new(),
                text: text.into(),
                year: p.year,
                kind: p.kind.as_str().into(),
                topics: topics.into_iter().map(Into::into).collect(),
            })
        })
        .collect()
}

/// Text of a commitments page for search: every commitment and follow-up.
fn search_text(site: &Site, page: usize) -> Option<(String, String)> {
    let view = Aligned::new(site, page)?;
    let mut text = String::new();
    for c in &view.rc.items {
        text.push_str(&view.commitment(c).0.plain());
        text.push('\n');
        if let Some(f) = &c.followup {
            text.push_str(&view.followup(f).0.plain());
            text.push('\n');
        }
    }
    Some((page_path(site, page), text))
}

/// A report's commitments as seen from one of its language versions.
struct Aligned<'a> {
    page: usize,
    /// The series' next report in this page's language, if it exists.
    next: Option<usize>,
    rc: &'a super::ReportCommitments,
    src: usize,
    blocks: BTreeMap<Addr, Block>,
    next_blocks: BTreeMap<Addr, Block>,
}

impl<'a> Aligned<'a> {
    fn new(site: &'a Site, page: usize) -> Option<Aligned<'a>> {
        let ledger: &Ledger = &site.commitments;
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

    fn translated(&self) -> bool {
        self.src != self.page
    }

    /// The commitment's text in this language (or the original), its anchor, and whether it is the original.
    fn commitment(&self, c: &Commitment) -> (Excerpt, Option<String>, bool) {
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
    fn followup(&self, f: &super::FollowUp) -> (Excerpt, usize, Option<String>, bool) {
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

/// Commitment counts shown at the top of the page.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub total: usize,
    pub found: usize,
    pub not_found: usize,
    pub confirmed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    /// HTML, masks as masks.
    pub html: String,
    /// `html_lang` of the quote when it is not in the page's language.
    pub lang: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView {
    pub n: usize,
    pub promise: QuoteView,
    pub followup: Option<QuoteView>,
    pub score: f64,
    /// `found`, `not-found`, `done`, `partial`, `not-reported`, `carried-over`.
    pub status: String,
    pub status_label: String,
    pub confirmed: bool,
    pub note: Option<String>,
    /// `html_lang` of the note when the page is in another language (notes are written in the default language).
    pub note_lang: Option<String>,
    pub topics: Vec<TopicLink>,
}

/// A report's commitments page, or its entry on a topic page.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentsView {
    pub url: String,
    pub report: PageLink,
    pub next: Option<PageLink>,
    /// The report's year, the next report's year and title, as text (empty when unknown).
    pub year: String,
    pub next_year: String,
    pub next_title: String,
    pub counts: Counts,
    pub items: Vec<CommitmentView>,
    pub json_url: String,
}

#[derive(Debug, Serialize)]
pub struct CommitmentsContext {
    #[serde(flatten)]
    pub common: Common,
    pub title: String,
    pub commitments: CommitmentsView,
    /// Languages in which the report has no twin (the page is shown in this language only).
    pub missing_in: Vec<SwitchLink>,
}

/// Links between a report and its series, for `page.html`.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesView {
    pub name: String,
    pub previous: Option<PageLink>,
    pub next: Option<PageLink>,
    /// This report's commitments page (when it has a successor).
    pub commitments_url: Option<String>,
    /// The previous report's commitments page, where this report's follow-ups show.
    pub followups_url: Option<String>,
}

impl Renderer<'_> {
    /// The series of a report page, for its template.
    pub(crate) fn series_view(&self, i: usize, root: &str) -> Option<SeriesView> {
        let site = self.site;
        let place = site.commitments.places.get(&i)?;
        let has = |p: usize| site.commitments.has_page(site, p);
        Some(SeriesView {
            name: place.name.clone(),
            previous: place.prev.map(|p| self.page_link(p, root)),
            next: place.next.map(|n| self.page_link(n, root)),
            commitments_url: has(i).then(|| self.href(root, &page_path(site, i))),
            followups_url: place.prev.filter(|&p| has(p)).map(|p| self.href(root, &page_path(site, p))),
        })
    }

    fn commitments_view(&self, i: usize, root: &str, filter: &dyn Fn(&Commitment) -> bool) -> Option<CommitmentsView> {
        let site = self.site;
        let view = Aligned::new(site, i)?;
        let lang = &site.pages[i].lang;
        let mask = self.strings.get(lang, "redacted");
        let src_lang = site.language(&site.pages[view.src].lang).html_lang.clone();
        let page_url = self.href(root, &site.pages[i].path);
        let quote = |(e, anchor, original): (Excerpt, Option<String>, bool), base: &str| QuoteView {
            html: e.html(&mask),
            lang: original.then(|| src_lang.clone()),
            url: with_anchor(base, anchor.as_ref()),
        };
        let mut items = Vec::new();
        for (n, c) in view.rc.items.iter().enumerate() {
            if !filter(c) {
                continue;
            }
            let followup = c.followup.as_ref().map(|f| {
                let (e, on, anchor, original) = view.followup(f);
                quote((e, anchor, original), &self.href(root, &site.pages[on].path))
            });
            items.push(CommitmentView {
                n: n + 1,
                promise: quote(view.commitment(c), &page_url),
                followup,
                score: c.score,
                status: c.status.as_str().to_string(),
                status_label: self.strings.get(lang, &format!("commitment_{}", c.status.as_str().replace('-', "_"))),
                confirmed: c.confirmed,
                note: c.note.clone(),
                note_lang: view.translated().then(|| src_lang.clone()),
                topics: c.topics.iter().map(|t| self.topic_link(t, lang, root, 0)).collect(),
            });
        }
        let all = &view.rc.items;
        let found = all.iter().filter(|c| c.followup.is_some() && c.status != super::Status::CarriedOver).count();
        Some(CommitmentsView {
            url: self.href(root, &page_path(site, i)),
            report: self.page_link(i, root),
            next: view.next.map(|n| self.page_link(n, root)),
            year: site.pages[i].year.map(|y| y.to_string()).unwrap_or_default(),
            next_year: site.pages[view.rc.next].year.map(|y| y.to_string()).unwrap_or_default(),
            next_title: view
                .next
                .map(|n| site.pages[n].title.clone())
                .unwrap_or_else(|| site.pages[view.rc.next].title.clone()),
            counts: Counts {
                total: all.len(),
                found,
                not_found: all.len() - found,
                confirmed: all.iter().filter(|c| c.confirmed).count(),
            },
            items,
            json_url: self
                .href(root, &format!("{}commitments.json", page_path(site, view.src)))
                .trim_end_matches("index.html")
                .to_string(),
        })
    }

    /// The context of `<report>/commitments/`.
    pub(crate) fn commitments_context(&self, i: usize, path: &str, root: &str) -> Option<CommitmentsContext> {
        let site = self.site;
        let p = &site.pages[i];
        let commitments = self.commitments_view(i, root, &|_| true)?;
        let translations = site.page_translations(i);
        let twins: Vec<Twin> = site
            .languages
            .iter()
            .map(|l| {
                let twin = translations.iter().copied().find(|&t| site.pages[t].lang == l.code);
                match twin {
                    Some(t) if site.commitments.has_page(site, t) => Twin::new(&l.code, page_path(site, t), true),
                    Some(t) => Twin::new(&l.code, site.pages[t].path.clone(), false),
                    None => {
                        let near = site.nearest_section(crate::model::parent_dir(&p.content_key), &l.code);
                        Twin::new(&l.code, site.sections[near].path.clone(), false)
                    }
                }
            })
            .collect();
        let title = self.strings.get(&p.lang, "commitments_title");
        let mut crumbs = self.crumbs(p.section, root, true);
        crumbs.push(Link { title: p.title.clone(), url: self.href(root, &p.path) });
        crumbs.push(Link { title: title.clone(), url: self.href(root, path) });
        let common = self.common(&p.lang, path, &twins, crumbs);
        let missing_in = common.switcher.iter().filter(|s| !s.current && !s.exact).cloned().collect();
        Some(CommitmentsContext { common, title, commitments, missing_in })
    }

    /// Commitments on a topic in one language, newest report first.
    pub(crate) fn topic_commitments(&self, lang: &str, slug: &str, root: &str) -> Vec<CommitmentsView> {
        let site = self.site;
        let mut pages: Vec<usize> = (0..site.pages.len())
            .filter(|&i| site.pages[i].lang == lang && site.commitments.has_page(site, i))
            .collect();
        site.sort_pages(&mut pages);
        pages
            .into_iter()
            .filter_map(|i| self.commitments_view(i, root, &|c| c.topics.iter().any(|t| t == slug)))
            .filter(|v| !v.items.is_empty())
            .collect()
    }
}
