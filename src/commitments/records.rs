//! The ledger as records: what `annals commitments` prints and the JSON files
//! the build writes (`commitments.json` at the root, one per report beside
//! its commitments page). Plain data, in the default language, so scripts
//! and other tools can follow the links without reading HTML.

use serde::Serialize;

use super::{Ledger, ReportCommitments, page_path};
use crate::model::Site;

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

/// `path#anchor`, or `path` without an anchor.
pub(crate) fn with_anchor(path: &str, anchor: Option<&String>) -> String {
    match anchor {
        Some(a) => format!("{path}#{a}"),
        None => path.to_string(),
    }
}

/// Every link of the site (default language), report by report in path order.
pub fn records(site: &Site, ledger: &Ledger) -> Vec<Record> {
    let mut reports: Vec<(&usize, &ReportCommitments)> = ledger.reports.iter().collect();
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
pub fn json_files(site: &Site, ledger: &Ledger) -> Vec<(String, String)> {
    let all = records(site, ledger);
    let mut out = Vec::new();
    if ledger.reports.is_empty() {
        return out;
    }
    out.push(("commitments.json".to_string(), to_json(&all)));
    for &i in ledger.reports.keys() {
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
