//! The table of contents: the heading list folded into a tree.

use serde::Serialize;

use super::Heading;

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub html: String,
    pub children: Vec<TocEntry>,
}

/// Nests each heading under the nearest preceding heading of a lower level.
pub fn build(headings: &[Heading]) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            html: h.html.clone(),
            children: Vec::new(),
        };
        insert(&mut roots, entry);
    }
    roots
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

/// Tree positions of the level-2 and level-3 headings (`1`, `1.2`, `2`): how
/// the parallel view pairs the sections of two translations, and how
/// `annals check` tells where their structures part.
pub fn outline_keys(headings: &[Heading]) -> Vec<(String, &Heading)> {
    let cuts: Vec<&Heading> = headings.iter().filter(|h| h.level <= 3).collect();
    let top = cuts.iter().map(|h| h.level).min().unwrap_or(2);
    let mut counters = [0usize; 2];
    cuts.into_iter()
        .map(|h| {
            let key = if h.level == top {
                counters[0] += 1;
                counters[1] = 0;
                counters[0].to_string()
            } else {
                counters[1] += 1;
                format!("{}.{}", counters[0], counters[1])
            };
            (key, h)
        })
        .collect()
}
