//! Series: the reports of one body over the years.
//!
//! `reports/2022/duty-report.md` and `reports/2023/duty-report.md` belong
//! together because an editor files each year's report under the same name;
//! `series = "…"` in the front matter groups reports whose names differ.
//! Series are per language (a twin follows its own language's series), and the
//! successor is the next year present, so a missing year does not break it.

use std::collections::BTreeMap;

use crate::model::Site;

/// A page's place in its series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesPlace {
    /// The series name: the front-matter `series`, else the file name (`duty-report`).
    pub name: String,
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// The series key of a page: (language, group, name), or `None` when it is in no series.
fn key(site: &Site, i: usize) -> Option<(String, String, String)> {
    let p = &site.pages[i];
    let year = p.year?;
    if let Some(name) = &p.fm.series {
        return Some((p.lang.clone(), String::new(), name.clone()));
    }
    if p.kind != crate::model::PageKind::Report {
        return None;
    }
    let parts: Vec<&str> = p.content_key.split('/').collect();
    let at = parts.iter().position(|s| s.len() == 4 && s.parse::<i32>() == Ok(year))?;
    if at + 1 >= parts.len() {
        return None;
    }
    let mut group = parts.clone();
    group[at] = "*";
    let name = if parts.last() == Some(&"index") { parts[parts.len() - 2] } else { parts[parts.len() - 1] };
    Some((p.lang.clone(), group.join("/"), name.to_string()))
}

/// Every page in a series of at least two reports, with its neighbours.
pub fn places(site: &Site) -> BTreeMap<usize, SeriesPlace> {
    let mut groups: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    for i in 0..site.pages.len() {
        if let Some(k) = key(site, i) {
            groups.entry(k).or_default().push(i);
        }
    }
    let mut out = BTreeMap::new();
    for ((_, _, name), mut pages) in groups {
        pages.sort_by_key(|&i| (site.pages[i].year, site.pages[i].path.clone()));
        // One report per year: a second one of the same year stays out of the chain.
        pages.dedup_by_key(|&mut i| site.pages[i].year);
        if pages.len() < 2 {
            continue;
        }
        for (n, &i) in pages.iter().enumerate() {
            let prev = n.checked_sub(1).map(|m| pages[m]);
            let next = pages.get(n + 1).copied();
            out.insert(i, SeriesPlace { name: name.clone(), prev, next });
        }
    }
    out
}
