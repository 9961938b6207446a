//! Site-wide lists, computed once per render: pages by topic, by year, the
//! newest reports and case studies of each language.
//!
//! Why: list pages, the home page and every report ("related case studies")
//! show slices of these lists. Computing them on demand meant scanning every
//! page of the site for each page rendered, so the build grew with the square
//! of the site. Here one pass buckets the pages and one sort orders each
//! bucket (newest first, [`Site::sort_pages`]); a page then reads its slice.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::model::{PageKind, Site};

/// Reports and case studies of one year, newest first.
#[derive(Debug, Default, Clone)]
pub(crate) struct YearPages {
    pub(crate) reports: Vec<usize>,
    pub(crate) cases: Vec<usize>,
}

/// The lists of one language; page lists are newest first.
#[derive(Debug, Default, Clone)]
pub(crate) struct LangLists {
    /// Topic slug → pages tagged with it.
    pub(crate) topics: BTreeMap<String, Vec<usize>>,
    /// Topic slug → case studies tagged with it.
    pub(crate) cases_by_topic: BTreeMap<String, Vec<usize>>,
    pub(crate) years: BTreeMap<i32, YearPages>,
    pub(crate) reports: Vec<usize>,
    pub(crate) cases: Vec<usize>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Lists {
    langs: BTreeMap<String, LangLists>,
    empty: LangLists,
}

impl Lists {
    pub(crate) fn new(site: &Site) -> Lists {
        let mut langs: BTreeMap<String, LangLists> =
            site.languages.iter().map(|l| (l.code.clone(), LangLists::default())).collect();
        for (i, p) in site.pages.iter().enumerate() {
            let Some(l) = langs.get_mut(&p.lang) else { continue };
            for t in &p.fm.topics {
                l.topics.entry(t.clone()).or_default().push(i);
                if p.kind == PageKind::Case {
                    l.cases_by_topic.entry(t.clone()).or_default().push(i);
                }
            }
            match p.kind.as_str() {
                "report" => l.reports.push(i),
                "case" => l.cases.push(i),
                _ => {}
            }
            if let (Some(y), "report" | "case") = (p.year, p.kind.as_str()) {
                let year = l.years.entry(y).or_default();
                if p.kind == PageKind::Case { year.cases.push(i) } else { year.reports.push(i) }
            }
        }
        let mut lists = Lists { langs, empty: LangLists::default() };
        lists.every_list().into_par_iter().for_each(|list| site.sort_pages(list));
        lists
    }

    /// These lists after a batch that changed the titles of `retitled` (and
    /// nothing else of any page but bodies and summaries): the same pages in
    /// the same lists; those holding a retitled page are sorted again, since
    /// a title orders pages of one date.
    pub(crate) fn retitled(&self, site: &Site, retitled: &BTreeSet<usize>) -> Lists {
        let mut lists = self.clone();
        lists
            .every_list()
            .into_par_iter()
            .filter(|list| list.iter().any(|i| retitled.contains(i)))
            .for_each(|list| site.sort_pages(list));
        lists
    }

    fn every_list(&mut self) -> Vec<&mut Vec<usize>> {
        let mut all: Vec<&mut Vec<usize>> = Vec::new();
        for l in self.langs.values_mut() {
            all.extend(l.topics.values_mut());
            all.extend(l.cases_by_topic.values_mut());
            for y in l.years.values_mut() {
                all.push(&mut y.reports);
                all.push(&mut y.cases);
            }
            all.push(&mut l.reports);
            all.push(&mut l.cases);
        }
        all
    }

    pub(crate) fn lang(&self, code: &str) -> &LangLists {
        self.langs.get(code).unwrap_or(&self.empty)
    }
}

impl LangLists {
    /// The first `n` case studies sharing a topic with `topics`, newest
    /// first. The first `n` of a union are among the first `n` of each list.
    pub(crate) fn newest_cases_on(&self, topics: &[String], n: usize, site: &Site) -> Vec<usize> {
        let mut out: Vec<usize> =
            topics.iter().filter_map(|t| self.cases_by_topic.get(t)).flat_map(|l| l.iter().take(n).copied()).collect();
        out.sort_unstable();
        out.dedup();
        site.sort_pages(&mut out);
        out.truncate(n);
        out
    }
}
