//! Plan: which outputs to render. A full build renders everything
//! ([`Plan::all`]); a live rebuild renders what a change affects
//! ([`Plan::affected`]). Either way the render stage
//! ([`crate::build::render`]) does the work, so the two cannot drift apart.
//!
//! Deciding what an edit affects is the subtle part. An edited page shows on
//! itself, its translations and its parallel view. Its title shows on more:
//! the previous and next reports of its series name it, and case studies
//! name the reports that mention their topics. How it shows in lists
//! ([`Listing`]) decides which lists follow:
//!
//! * a new date, kind, year, topics, weight, URL or aliases may move it into,
//!   out of or within any list ("structural"): every list renders (home,
//!   sections, years, topics, feeds, sitemap, alias redirects);
//! * a new title or summary changes the words of the lists that show it, and
//!   (by the title) its order among pages of the same date there: only its
//!   section and those above it, its year and its topics render, and the
//!   feeds. On the 10,000-page benchmark site a report's new title renders
//!   6 list pages instead of 70 (the topic pages, the largest, 2 of 10).
//!
//! Reports list the newest case studies on their topics, and case studies
//! list the report sections that mention their topics, so those pages follow
//! when the relation they show changed.

use std::collections::BTreeSet;

use crate::commitments::Ledger;
use crate::model::{Page, PageKind, Site};
use crate::parse::Date;
use crate::render::relations::{MentionIndex, RELATED_SHOWN};
use crate::render::{Extras, Job};

/// What the render stage produces.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Pages rendered through templates.
    pub jobs: Vec<Job>,
    /// Sitemap, feeds, alias redirects, robots.txt, commitments' JSON files.
    pub extras: Extras,
    /// Pages may enter, leave or move in lists, and output paths may change:
    /// false when every list shows the same pages in the same places.
    pub structural: bool,
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
        Plan {
            jobs,
            extras: Extras::All,
            structural: true,
            statics: true,
            assets: true,
            snapshots: true,
            search: SearchPlan::Build,
        }
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
        let listing =
            change.touched.iter().map(|rel| listing_change(change.old, change.new, rel)).max().unwrap_or(Listing::Same);
        let structural = !change.same_urls
            || change.templates
            || change.new_ledger != change.old_ledger
            || listing == Listing::Places;
        let jobs =
            if !change.same_urls || change.templates { all.to_vec() } else { affected_jobs(change, all, structural) };
        Plan {
            jobs,
            extras: if structural {
                Extras::All
            } else if listing == Listing::Words {
                // Feeds show titles and summaries too.
                Extras::Feeds
            } else {
                Extras::Skip
            },
            structural,
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
        self.structural || self.statics || self.assets || self.snapshots || self.search != SearchPlan::Skip
    }

    /// Whether lists may show something new (the set of pages to remove must
    /// then be recomputed).
    pub fn is_structural(&self) -> bool {
        self.structural
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

/// How an edit changes what lists show of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Listing {
    /// Lists show the page as before (a body edit that keeps its opening paragraph).
    Same,
    /// The same lists show it in other words: its title or summary. The title
    /// may also move it among pages of the same date, within those lists.
    Words,
    /// It enters, leaves or moves between lists, or a section changed: every
    /// list is rendered.
    Places,
}

/// What lists show of a page, and where they show it.
#[derive(PartialEq)]
struct ListedAs<'a> {
    words: (&'a str, &'a str),
    places: Places<'a>,
}

/// The front matter that decides which lists show a page, and in which order.
#[derive(PartialEq)]
struct Places<'a> {
    date: Option<Date>,
    updated: Option<Date>,
    year: Option<i32>,
    kind: PageKind,
    topics: &'a [String],
    weight: Option<i64>,
    path: &'a str,
    /// Alias redirects are written with the lists (extras).
    aliases: &'a [String],
}

fn listed_as(p: &Page) -> ListedAs<'_> {
    ListedAs {
        words: (&p.title, p.fm.summary.as_deref().unwrap_or(&p.rendered.first_paragraph)),
        places: Places {
            date: p.date,
            updated: p.updated,
            year: p.year,
            kind: p.kind,
            topics: &p.fm.topics,
            weight: p.fm.weight,
            path: &p.path,
            aliases: &p.fm.aliases,
        },
    }
}

/// How an edit of `rel` changes the way lists show its page or section.
fn listing_change<'a>(old: &'a Site, new: &'a Site, rel: &str) -> Listing {
    if rel.ends_with("_index.md") || rel.contains("/_index.") {
        return Listing::Places;
    }
    let section_title = |site: &Site| {
        site.sections.iter().find(|s| s.file.as_ref().is_some_and(|f| f.ends_with(rel))).map(|s| s.fm.title.clone())
    };
    if section_title(new) != section_title(old) {
        return Listing::Places;
    }
    let find = |site: &'a Site| site.page_of_file(rel).map(|i| listed_as(&site.pages[i]));
    match (find(old), find(new)) {
        (None, None) => Listing::Same,
        (Some(a), Some(b)) if a.places != b.places => Listing::Places,
        (Some(a), Some(b)) if a.words != b.words => Listing::Words,
        (Some(_), Some(_)) => Listing::Same,
        _ => Listing::Places,
    }
}

/// A topic as shown by pages of one kind in one language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct TopicOf {
    lang: String,
    topic: String,
    kind: PageKind,
}

/// The lists that show a page whose words changed (its title or summary):
/// the sections from its own up to the home page, its year and its topics,
/// in its language. A page of a series may also show, by its title, in the
/// commitments entries of every topic page of its language.
#[derive(Default)]
struct ListsShowing {
    sections: BTreeSet<usize>,
    years: BTreeSet<(String, i32)>,
    topics: BTreeSet<(String, String)>,
    every_topic_of: BTreeSet<String>,
}

impl ListsShowing {
    fn add(&mut self, site: &Site, ledger: &Ledger, i: usize) {
        let p = &site.pages[i];
        let mut s = Some(p.section);
        while let Some(at) = s {
            if !self.sections.insert(at) {
                break;
            }
            s = site.sections[at].parent;
        }
        if let Some(y) = p.year {
            self.years.insert((p.lang.clone(), y));
        }
        self.topics.extend(p.fm.topics.iter().map(|t| (p.lang.clone(), t.clone())));
        if ledger.places.contains_key(&i) {
            self.every_topic_of.insert(p.lang.clone());
        }
    }

    fn shows(&self, job: &Job) -> bool {
        match job {
            Job::Section(s) => self.sections.contains(s),
            Job::Year(lang, y) => self.years.contains(&(lang.clone(), *y)),
            Job::Topic(lang, t) => {
                self.every_topic_of.contains(lang) || self.topics.contains(&(lang.clone(), t.clone()))
            }
            _ => false,
        }
    }
}

/// Jobs that show something of the touched files: the pages themselves and
/// their translations and parallel views; the series neighbours that name
/// them, and every page whose place in a series changed; case studies whose
/// list of mentioning report sections changed or names a retitled report;
/// when the edit moves pages in lists (`structural`), every list page plus
/// the reports whose "related case studies" may now differ; when it changes
/// only their words, the lists that show them.
fn affected_jobs(change: &ContentChange<'_>, all: &[Job], structural: bool) -> Vec<Job> {
    let (site, old) = (change.new, change.old);
    let touched_in =
        |s: &Site| -> BTreeSet<usize> { change.touched.iter().filter_map(|rel| s.page_of_file(rel)).collect() };
    let (touched_old, touched_new) = (touched_in(old), touched_in(site));
    let topics_of = |p: &Page| {
        p.fm.topics.iter().map(|t| TopicOf { lang: p.lang.clone(), topic: t.clone(), kind: p.kind }).collect::<Vec<_>>()
    };
    let mut pages: BTreeSet<usize> = BTreeSet::new();
    // Topics of the touched pages, before and after the edit.
    let mut topics: BTreeSet<TopicOf> = BTreeSet::new();
    // Touched pages whose listing changed (URLs are the same, so indices are too).
    let mut relisted: BTreeSet<usize> = BTreeSet::new();
    let mut showing = ListsShowing::default();
    for (i, p) in touched_old.iter().map(|&i| (i, &old.pages[i])) {
        topics.extend(topics_of(p));
        if site.pages.get(i).is_some_and(|n| listed_as(n) != listed_as(p)) {
            relisted.insert(i);
            showing.add(old, change.old_ledger, i);
        }
    }
    for (i, p) in touched_new.iter().map(|&i| (i, &site.pages[i])) {
        pages.insert(i);
        pages.extend(site.page_translations(i));
        topics.extend(topics_of(p));
        if relisted.contains(&i) {
            showing.add(site, change.new_ledger, i);
        }
    }
    // Series navigation names the previous and next reports.
    for ledger in [change.old_ledger, change.new_ledger] {
        for i in &relisted {
            let place = ledger.places.get(i);
            pages.extend(place.into_iter().flat_map(|p| p.prev.into_iter().chain(p.next)));
        }
    }
    let (a, b) = (&change.old_ledger.places, &change.new_ledger.places);
    if a != b {
        let moved = a.keys().chain(b.keys()).filter(|i| a.get(i) != b.get(i));
        pages.extend(moved.copied().filter(|&i| i < site.pages.len()));
    }
    let of_kind = |s: &Site, kind: PageKind, t: &TopicOf| -> Vec<usize> {
        (0..s.pages.len())
            .filter(|&i| {
                s.pages[i].kind == kind && s.pages[i].lang == t.lang && s.pages[i].fm.topics.contains(&t.topic)
            })
            .collect()
    };
    let names_relisted = |m: &MentionIndex, key: &(String, String)| {
        m.get(key).is_some_and(|e| e.iter().any(|e| relisted.contains(&e.report)))
    };
    for t in &topics {
        let key = (t.lang.clone(), t.topic.clone());
        if t.kind == PageKind::Report
            && (change.old_mentions.get(&key) != change.new_mentions.get(&key)
                || names_relisted(change.old_mentions, &key)
                || names_relisted(change.new_mentions, &key))
        {
            pages.extend(of_kind(site, PageKind::Case, t));
        }
        if t.kind == PageKind::Case && (structural || !relisted.is_empty()) {
            // Reports list the newest case studies on their topics.
            let newest = |s: &Site, touched: &BTreeSet<usize>| {
                let mut c = of_kind(s, PageKind::Case, t);
                s.sort_pages(&mut c);
                c.truncate(RELATED_SHOWN);
                c.into_iter().any(|i| touched.contains(&i))
            };
            if newest(site, &touched_new) || newest(old, &touched_old) {
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
            _ => structural || showing.shows(job),
        })
        .cloned()
        .collect()
}
