//! Plan: which outputs to render. A full build renders everything
//! ([`Plan::all`]); a live rebuild renders what a change affects
//! ([`Plan::affected`]). Either way the render stage
//! ([`crate::build::render`]) does the work, so the two cannot drift apart.
//!
//! Deciding what an edit affects is the subtle part. An edited page shows on
//! itself, its translations and its parallel view; when its title, date,
//! kind, topics, summary, weight, URL or aliases change it also shows in
//! lists (home, sections, years, topics, feeds, sitemap, alias redirects:
//! "structural"). Reports list the
//! newest case studies on their topics, and case studies list the report
//! sections that mention their topics, so those pages follow when the
//! relation they show changed.

use std::collections::BTreeSet;

use crate::commitments::Ledger;
use crate::model::{Page, PageKind, Site};
use crate::render::Job;
use crate::render::relations::{MentionIndex, RELATED_SHOWN};

/// What the render stage produces.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Pages rendered through templates.
    pub jobs: Vec<Job>,
    /// Sitemap, feeds, alias redirects and robots.txt.
    pub extras: bool,
    /// The theme's and the site's static files.
    pub statics: bool,
    /// The non-Markdown files of content/.
    pub assets: bool,
    /// The snapshots of the archive folder, copied byte for byte.
    pub snapshots: bool,
    /// The search index.
    pub search: SearchPlan,
}

/// What the render stage does about the search index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SearchPlan {
    /// Nothing: a live rebuild brings it up to date after the pages.
    #[default]
    Skip,
    /// Built before the pages and handed to the sink language by language.
    Build,
    /// Already handed to the sink by the index stage
    /// ([`crate::index::index_site_into`]; `annals build` runs it first and
    /// then drops the pages' search text): these are its files, claimed
    /// with everything else.
    Written(Vec<String>),
}

impl Plan {
    /// Everything: a full build.
    pub fn all(jobs: Vec<Job>) -> Plan {
        Plan { jobs, extras: true, statics: true, assets: true, snapshots: true, search: SearchPlan::Build }
    }

    /// Nothing yet; set what to render.
    pub fn none() -> Plan {
        Plan::default()
    }

    /// What a change of the content files `touched` (paths relative to
    /// content/) requires, given the site before (`old`) and after (`new`).
    /// `same_urls` is false when any URL changed: then every page is rendered,
    /// since links may resolve differently. The search index is left out: a
    /// live rebuild brings it up to date afterwards.
    pub fn affected(change: &ContentChange<'_>, all: &[Job]) -> Plan {
        let structural = !change.same_urls
            || change.templates
            || change.new_ledger != change.old_ledger
            || change.touched.iter().any(|rel| listing_changed(change.old, change.new, rel));
        let jobs =
            if !change.same_urls || change.templates { all.to_vec() } else { affected_jobs(change, all, structural) };
        Plan {
            jobs,
            extras: structural,
            statics: false,
            assets: change.assets,
            snapshots: false,
            search: SearchPlan::Skip,
        }
    }

    /// Whether output paths may appear, move or go: anything but pages
    /// re-rendered in place. The render stage checks that no two sources
    /// write one path only then.
    pub fn may_move_paths(&self) -> bool {
        self.extras || self.statics || self.assets || self.snapshots || self.search != SearchPlan::Skip
    }

    /// Whether lists may show something new (the set of pages to remove must
    /// then be recomputed).
    pub fn is_structural(&self) -> bool {
        self.extras
    }
}

/// A batch of content edits, described for planning.
pub struct ContentChange<'a> {
    pub old: &'a Site,
    pub new: &'a Site,
    /// The commitments before and after: a changed link shows on report
    /// pages (series), commitments pages, topics and the JSON files.
    pub old_ledger: &'a Ledger,
    pub new_ledger: &'a Ledger,
    /// Markdown files changed, relative to content/.
    pub touched: &'a BTreeSet<String>,
    pub same_urls: bool,
    /// Templates changed: every page renders differently.
    pub templates: bool,
    /// Non-Markdown files of content/ changed.
    pub assets: bool,
    pub old_mentions: &'a MentionIndex,
    pub new_mentions: &'a MentionIndex,
}

/// Whether an edit of `rel` changes how its page or section appears in lists.
fn listing_changed(old: &Site, new: &Site, rel: &str) -> bool {
    let sig = |site: &Site| {
        site.pages.iter().find(|p| p.file.ends_with(rel)).map(|p| {
            (
                p.title.clone(),
                p.date,
                p.updated,
                p.year,
                p.kind,
                p.fm.topics.clone(),
                p.fm.summary.clone().unwrap_or_else(|| p.rendered.first_paragraph.clone()),
                p.fm.weight,
                p.path.clone(),
                // Alias redirects are written with the lists (extras).
                p.fm.aliases.clone(),
            )
        })
    };
    let section_sig = |site: &Site| {
        site.sections.iter().find(|s| s.file.as_ref().is_some_and(|f| f.ends_with(rel))).map(|s| s.fm.clone().title)
    };
    sig(new) != sig(old)
        || section_sig(new) != section_sig(old)
        || rel.ends_with("_index.md")
        || rel.contains("/_index.")
}

/// A topic as shown by pages of one kind in one language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct TopicOf {
    lang: String,
    topic: String,
    kind: PageKind,
}

/// Jobs that show something of the touched files: the pages themselves and
/// their translations and parallel views; case studies whose list of
/// mentioning report sections changed; and when the edit shows in lists
/// (`structural`), every list page plus the reports whose "related case
/// studies" may now differ.
fn affected_jobs(change: &ContentChange<'_>, all: &[Job], structural: bool) -> Vec<Job> {
    let (site, old) = (change.new, change.old);
    let is_touched = |p: &Page| change.touched.iter().any(|rel| p.file.ends_with(rel));
    let topics_of = |p: &Page| {
        p.fm.topics.iter().map(|t| TopicOf { lang: p.lang.clone(), topic: t.clone(), kind: p.kind }).collect::<Vec<_>>()
    };
    let mut pages: BTreeSet<usize> = BTreeSet::new();
    // Topics of the touched pages, before and after the edit.
    let mut topics: BTreeSet<TopicOf> = BTreeSet::new();
    for p in old.pages.iter().filter(|p| is_touched(p)) {
        topics.extend(topics_of(p));
    }
    for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| is_touched(p)) {
        pages.insert(i);
        pages.extend(site.page_translations(i));
        topics.extend(topics_of(p));
    }
    let of_kind = |s: &Site, kind: PageKind, t: &TopicOf| -> Vec<usize> {
        (0..s.pages.len())
            .filter(|&i| {
                s.pages[i].kind == kind && s.pages[i].lang == t.lang && s.pages[i].fm.topics.contains(&t.topic)
            })
            .collect()
    };
    for t in &topics {
        let key = (t.lang.clone(), t.topic.clone());
        if t.kind == PageKind::Report && change.old_mentions.get(&key) != change.new_mentions.get(&key) {
            pages.extend(of_kind(site, PageKind::Case, t));
        }
        if t.kind == PageKind::Case && structural {
            // Reports list the newest case studies on their topics.
            let newest = |s: &Site| {
                let mut c = of_kind(s, PageKind::Case, t);
                s.sort_pages(&mut c);
                c.truncate(RELATED_SHOWN);
                c.into_iter().any(|i| is_touched(&s.pages[i]))
            };
            if newest(site) || newest(old) {
                pages.extend(of_kind(site, PageKind::Report, t));
            }
        }
    }
    // Each version's parallel view shows its translations too.
    let parallels: BTreeSet<usize> =
        pages.iter().flat_map(|&i| std::iter::once(i).chain(site.page_translations(i))).collect();
    all.iter()
        .filter(|job| match job {
            Job::Page(i) => pages.contains(i),
            Job::Parallel(i) => parallels.contains(i),
            // Few and cheap; they depend on two reports and an editor file.
            Job::Commitments(_) => true,
            _ => structural,
        })
        .cloned()
        .collect()
}
