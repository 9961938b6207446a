//! The commitments ledger in templates: each report's 承诺与落实 page
//! (`<report>/commitments/`), its entries on topic pages, and the series
//! links of a report page.
//!
//! A report with a successor gets its commitments page in every language its
//! report exists in; a version in another language than the default reads
//! the ledger through `commitments::aligned::Aligned`, which quotes the
//! original text (marked `lang`) where the twin has no matching block.

use serde::Serialize;

use super::Renderer;
use super::Twin;
use super::context::{Common, Link, PageLink, SwitchLink, TopicLink};
use crate::commitments::aligned::Aligned;
use crate::commitments::records::with_anchor;
use crate::commitments::text::Excerpt;
use crate::commitments::{Commitment, Status, page_path};

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
        let place = self.ledger.places.get(&i)?;
        let has = |p: usize| self.ledger.has_page(site, p);
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
        let view = Aligned::new(site, self.ledger, i)?;
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
        let found = all.iter().filter(|c| c.followup.is_some() && c.status != Status::CarriedOver).count();
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
                    Some(t) if self.ledger.has_page(site, t) => Twin::new(&l.code, page_path(site, t), true),
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
        let mut pages: Vec<usize> =
            (0..site.pages.len()).filter(|&i| site.pages[i].lang == lang && self.ledger.has_page(site, i)).collect();
        site.sort_pages(&mut pages);
        pages
            .into_iter()
            .filter_map(|i| self.commitments_view(i, root, &|c| c.topics.iter().any(|t| t == slug)))
            .filter(|v| !v.items.is_empty())
            .collect()
    }
}
