//! Commitments: what each report promised, and what the next report says.
//!
//! Why this exists: an accountability archive should let a reader hold a
//! body to its word. Reports of one body form a *series* (the same file name
//! in consecutive year folders, or `series = "…"` in the front matter); each
//! report's forward-looking part is cut into commitments ([`detect`]), and
//! each commitment is looked up in the series' next report ([`matching`]),
//! with a score and a threshold below which the honest answer is "no
//! follow-up found". The editor's file beside the report ([`editor`]) has the
//! last word.
//!
//! The result, a [`Ledger`], is a stage of its own: [`analyze`] runs once per
//! build right after Markdown, because it reads rendered text, masks
//! included (`build::commitments`). The ledger then travels beside the
//! [`Site`], not inside it: the build and the live rebuild hand it to the
//! render stage (the 承诺与落实 pages, topic entries, series links:
//! `render/commitments.rs`) and to the index stage (search documents), the
//! live rebuild compares the old and the new one to plan, and `annals check`
//! and `annals commitments` read it too, so all of them see the same links.
//! [`records`] is its plain-data form (JSON). Computing it from the site, and
//! never from anything rendered later, keeps this module below rendering.
//!
//! Matching runs on the default language; other languages are aligned
//! through the twins' heading structure (see [`text::Addr`], [`aligned`]), so
//! the English page shows the same links as the Chinese one.

pub mod aligned;
pub mod detect;
pub mod editor;
pub mod matching;
pub mod records;
pub mod series;
pub mod text;

use std::collections::BTreeMap;

use crate::error::SiteError;
use crate::model::Site;
pub use editor::Status;
pub use series::SeriesPlace;
use text::{Addr, Block, Excerpt};

/// A commitment of a report and its follow-up in the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct Commitment {
    pub addr: Addr,
    pub part: Option<usize>,
    /// Heading id of its place in the report.
    pub anchor: Option<String>,
    pub excerpt: Excerpt,
    pub topics: Vec<String>,
    pub followup: Option<FollowUp>,
    /// Score of the best candidate, even when below the threshold.
    pub score: f64,
    pub status: Status,
    /// An editor confirmed or set the link or status.
    pub confirmed: bool,
    pub note: Option<String>,
}

/// The passage of the next report that reports on a commitment.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub addr: Addr,
    pub anchor: Option<String>,
    pub excerpt: Excerpt,
}

/// The commitments of one report (in the default language).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportCommitments {
    /// The series' next report (page index).
    pub next: usize,
    pub items: Vec<Commitment>,
}

/// Everything this module knows about a site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// Page index → its place in its series (every language).
    pub places: BTreeMap<usize, SeriesPlace>,
    /// Report page (default language, with a successor) → its commitments.
    pub reports: BTreeMap<usize, ReportCommitments>,
}

impl Ledger {
    /// The default-language report whose commitments a page (or its twin) shows.
    pub fn source_of(&self, site: &Site, page: usize) -> Option<usize> {
        if self.reports.contains_key(&page) {
            return Some(page);
        }
        site.page_translations(page).into_iter().find(|t| self.reports.contains_key(t))
    }

    /// Whether a page gets a commitments page (its report has a successor in its language).
    pub fn has_page(&self, site: &Site, page: usize) -> bool {
        let Some(src) = self.source_of(site, page) else { return false };
        src == page || self.places.get(&page).is_some_and(|p| p.next.is_some())
    }
}

/// Folder of the commitments page under its report.
pub const FOLDER: &str = "commitments/";

/// Path of a report's commitments page.
pub fn page_path(site: &Site, page: usize) -> String {
    format!("{}{FOLDER}", site.pages[page].path)
}

/// The commitments stage: computes series, commitments and follow-ups from
/// the rendered bodies, and applies editor files.
pub fn analyze(site: &Site) -> Result<Ledger, Vec<SiteError>> {
    let places = series::places(site);
    let keywords: Vec<String> = site
        .config
        .topics
        .iter()
        .flat_map(|(slug, t)| {
            let mut k = t.keywords.clone();
            k.push(site.config.topic_name(slug, site.default_lang()));
            k
        })
        .collect();
    let default = site.default_lang();
    let work: Vec<(usize, usize)> = places
        .iter()
        .filter_map(|(&i, p)| p.next.map(|n| (i, n)))
        .filter(|&(i, _)| {
            let page = &site.pages[i];
            page.lang == default || !site.page_translations(i).iter().any(|&t| site.pages[t].lang == default)
        })
        .collect();
    use rayon::prelude::*;
    let results: Vec<Result<(usize, ReportCommitments), SiteError>> = work
        .par_iter()
        .map(|&(i, next)| {
            let items = report_commitments(site, i, next, &keywords)?;
            Ok((i, ReportCommitments { next, items }))
        })
        .collect();
    let mut reports = BTreeMap::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((i, rc)) => {
                reports.insert(i, rc);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(Ledger { places, reports }) } else { Err(errors) }
}

/// Blocks of a page's rendered body.
pub fn page_blocks(site: &Site, page: usize) -> Vec<Block> {
    let p = &site.pages[page];
    text::blocks(&p.rendered.html.unpack(), &p.rendered.headings)
}

fn report_commitments(site: &Site, i: usize, next: usize, keywords: &[String]) -> Result<Vec<Commitment>, SiteError> {
    let blocks = page_blocks(site, i);
    let next_blocks = page_blocks(site, next);
    let next_forward = detect::forward_flags(&next_blocks);
    let candidates = matching::Candidates::new(&next_blocks, &next_forward, keywords);
    let followup_of = |passage: usize| {
        let p = &candidates.passages[passage];
        let b = &next_blocks[p.block];
        FollowUp { addr: b.addr.clone(), anchor: b.anchor.clone(), excerpt: b.excerpt.slice(p.from, p.to) }
    };
    let mut items: Vec<Commitment> = detect::detect(&blocks)
        .into_iter()
        .map(|f| {
            let plain = f.excerpt.plain();
            let (followup, score, status) = match candidates.verdict(&plain) {
                matching::Verdict::Found(p, s) => (Some(followup_of(p)), s, Status::Found),
                matching::Verdict::CarriedOver(p, s) => (Some(followup_of(p)), s, Status::CarriedOver),
                matching::Verdict::None(s) => (None, s, Status::NotFound),
            };
            let lower = plain.to_lowercase();
            let topics = site
                .config
                .topics
                .iter()
                .filter(|(slug, t)| {
                    t.keywords
                        .iter()
                        .chain(std::iter::once(&site.config.topic_name(slug, &site.pages[i].lang)))
                        .any(|k| !k.is_empty() && lower.contains(&k.to_lowercase()))
                })
                .map(|(slug, _)| slug.clone())
                .collect();
            Commitment {
                status,
                addr: f.addr,
                part: f.part,
                anchor: f.anchor,
                excerpt: f.excerpt,
                topics,
                followup,
                score: round(score),
                confirmed: false,
                note: None,
            }
        })
        .collect();
    let page = &site.pages[i];
    let display = editor::path_for(&page.file);
    let entries = editor::load(&site.config.root.join(&display), &display)?;
    for e in entries {
        let hits: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, c)| c.excerpt.text().contains(&e.text) || c.excerpt.plain().contains(&e.text))
            .map(|(n, _)| n)
            .collect();
        let n = match hits.as_slice() {
            [n] => *n,
            [] => {
                return Err(e.error(format!(
                    "`{}` matches no commitment of {} (quote a part of one)",
                    e.text,
                    page.file.display()
                )));
            }
            many => {
                return Err(e.error(format!(
                    "`{}` matches {} commitments; quote more of the one you mean",
                    e.text,
                    many.len()
                )));
            }
        };
        if e.remove {
            items.remove(n);
            continue;
        }
        let c = &mut items[n];
        let plain = c.excerpt.plain();
        match &e.replace {
            Some(editor::Replacement::Anchor(id)) => {
                let Some(start) = next_blocks.iter().position(|b| b.anchor.as_deref() == Some(id.as_str())) else {
                    return Err(e.error(format!("no heading `#{id}` in {}", site.pages[next].file.display())));
                };
                let level = match next_blocks[start].kind {
                    text::BlockKind::Heading(l) => l,
                    text::BlockKind::Text => u8::MAX,
                };
                let end = next_blocks[start + 1..]
                    .iter()
                    .position(|b| matches!(b.kind, text::BlockKind::Heading(l) if l <= level))
                    .map(|k| start + 1 + k)
                    .unwrap_or(next_blocks.len());
                let Some((p, s)) = candidates.best_within(&plain, start..end) else {
                    return Err(e.error(format!("heading `#{id}` has no text under it")));
                };
                c.followup = Some(followup_of(p));
                c.score = round(s);
            }
            Some(editor::Replacement::Quote(q)) => {
                let Some(bi) = next_blocks.iter().position(|b| b.excerpt.text().contains(q.as_str())) else {
                    return Err(e.error(format!("the quoted follow-up is not in {}", site.pages[next].file.display())));
                };
                let b = &next_blocks[bi];
                let t = b.excerpt.text();
                let at = t[..t.find(q.as_str()).unwrap_or(0)].chars().count();
                let end = at + q.chars().count();
                let sents = text::sentences(&t);
                let from = sents.iter().find(|&&(a, z)| a <= at && at < z).map(|s| s.0).unwrap_or(at);
                let to = sents.iter().find(|&&(a, z)| a < end && end <= z).map(|s| s.1).unwrap_or(end);
                c.followup = Some(FollowUp {
                    addr: b.addr.clone(),
                    anchor: b.anchor.clone(),
                    excerpt: b.excerpt.slice(from, to),
                });
                c.score = round(candidates.best_within(&plain, bi..bi + 1).map(|x| x.1).unwrap_or(0.0));
            }
            None => {}
        }
        if e.confirm && c.followup.is_none() && e.status.is_none() {
            return Err(e.error(
                "nothing to confirm: no follow-up was found (give followup_anchor or followup_text, or a status)",
            ));
        }
        c.confirmed = e.confirm || e.replace.is_some() || e.status.is_some();
        if let Some(s) = e.status {
            c.status = s;
            if s == Status::NotReported {
                c.followup = None;
            }
        } else if e.replace.is_some() {
            c.status = Status::Found;
        }
        c.note = e.note.clone();
    }
    Ok(items)
}

/// Links scoring below this, unless confirmed, are listed by `annals check` for review.
pub const REVIEW_BELOW: f64 = 0.25;

/// What `annals check` lists: (file, line, message) of every commitment
/// without follow-up and every weak link no editor confirmed.
pub fn review(site: &Site, ledger: &Ledger) -> Vec<(std::path::PathBuf, usize, String)> {
    let mut out = Vec::new();
    for (&i, rc) in &ledger.reports {
        let p = &site.pages[i];
        let next = &site.pages[rc.next];
        for c in rc.items.iter().filter(|c| !c.confirmed) {
            let line = c
                .anchor
                .as_ref()
                .and_then(|a| p.rendered.headings.iter().find(|h| &h.id == a))
                .map(|h| h.line)
                .unwrap_or(p.body_line);
            let quote: String = c.excerpt.text().chars().take(40).collect();
            match (&c.followup, c.status) {
                (None, _) => out.push((
                    p.file.clone(),
                    line,
                    format!("no follow-up found in {} (best score {:.2}): {quote}", next.file.display(), c.score),
                )),
                (Some(_), Status::CarriedOver) => out.push((
                    p.file.clone(),
                    line,
                    format!("not reported on, only restated in the plans of {}: {quote}", next.file.display()),
                )),
                (Some(_), _) if c.score < REVIEW_BELOW => out.push((
                    p.file.clone(),
                    line,
                    format!("weak follow-up in {} (score {:.2}, not confirmed): {quote}", next.file.display(), c.score),
                )),
                _ => {}
            }
        }
    }
    out.sort();
    out
}

/// Scores rounded to 3 decimals: stable JSON and pages across platforms.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests;
