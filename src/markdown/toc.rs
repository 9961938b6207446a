//! The heading tree of a rendered document: the table of contents, the tree
//! positions of sections (`1`, `1.2`), and the HTML cut at those sections.
//! The parallel view pairs two translations by these positions, `annals
//! check` compares them, and the commitments stage addresses the blocks of a
//! report by them; they belong with the headings, not with any one user.

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
    let mut keys = OutlineKeys::new(cuts.iter().map(|h| h.level).min());
    cuts.into_iter().map(|h| (keys.next(h.level), h)).collect()
}

/// Numbers level-2/3 headings as `1`, `1.1`, `1.2`, `2`: the shallowest
/// level present counts sections, the other their subsections.
struct OutlineKeys {
    top: u8,
    section: usize,
    subsection: usize,
}

impl OutlineKeys {
    fn new(top: Option<u8>) -> OutlineKeys {
        OutlineKeys { top: top.unwrap_or(2), section: 0, subsection: 0 }
    }

    fn next(&mut self, level: u8) -> String {
        if level == self.top {
            self.section += 1;
            self.subsection = 0;
            self.section.to_string()
        } else {
            self.subsection += 1;
            format!("{}.{}", self.section, self.subsection)
        }
    }
}

/// One cut of a rendered document: its tree position, heading and HTML.
pub struct Cut<'a> {
    pub key: String,
    pub heading: Option<&'a Heading>,
    pub html: &'a str,
}

/// Cuts rendered HTML before each heading of level 2 or 3.
pub fn cuts<'a>(html: &'a str, headings: &'a [Heading]) -> Vec<Cut<'a>> {
    let mut cuts: Vec<(usize, &Heading)> = Vec::new();
    let mut from = 0;
    for h in headings {
        if let Some((pos, len)) = find_heading(html, from, h) {
            if h.level <= 3 {
                cuts.push((pos, h));
            }
            from = pos + len;
        }
    }
    let mut keys = OutlineKeys::new(cuts.iter().map(|(_, h)| h.level).min());
    let mut out = Vec::new();
    let first = cuts.first().map(|c| c.0).unwrap_or(html.len());
    if !html[..first].trim().is_empty() {
        out.push(Cut { key: "0".to_string(), heading: None, html: &html[..first] });
    }
    for (n, &(start, h)) in cuts.iter().enumerate() {
        let end = cuts.get(n + 1).map(|c| c.0).unwrap_or(html.len());
        out.push(Cut { key: keys.next(h.level), heading: Some(h), html: &html[start..end] });
    }
    out
}

/// Where the tag `<hN id="ID"` of heading `h` starts in `html` at or after
/// `from`, and its length. Called per heading of every parallel view and
/// report, so it looks for `<` (a byte search) rather than building the
/// tag as a string and searching for that.
fn find_heading(html: &str, from: usize, h: &Heading) -> Option<(usize, usize)> {
    let id = super::text::escaped(&h.id);
    let level = b'0' + h.level;
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = html.get(at..)?.find('<') {
        let start = at + i;
        let tag = &bytes[start..];
        if tag.len() > 8 && tag[1] == b'h' && tag[2] == level && tag[3..].starts_with(b" id=\"") {
            let rest = &tag[8..];
            if rest.starts_with(id.as_bytes()) && rest.get(id.len()) == Some(&b'"') {
                return Some((start, 8 + id.len() + 1));
            }
        }
        at = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading { level, id: id.into(), title: id.into(), html: id.into(), line: 1 }
    }

    #[test]
    fn cuts_by_tree_position() {
        let html = "<p>intro</p><h2 id=\"a\">a</h2><p>x</p><h3 id=\"b\">b</h3><p>y</p><h2 id=\"c\">c</h2>";
        let hs = [h(2, "a"), h(3, "b"), h(2, "c")];
        let segs = cuts(html, &hs);
        let keys: Vec<_> = segs.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["0", "1", "1.1", "2"]);
        assert!(segs[2].html.starts_with("<h3 id=\"b\""));
    }

    #[test]
    fn cuts_match_whole_ids_and_levels() {
        // `a` must not match the tag of `ab`, nor an `<h3>` with the same id;
        // ids are matched as the HTML writes them (escaped).
        let html = "<p>x</p><h2 id=\"ab\">ab</h2><h3 id=\"a\">a3</h3><h2 id=\"a\">a</h2><h2 id=\"r&amp;d\">r</h2>";
        let hs = [h(2, "a"), h(2, "r&d")];
        let segs = cuts(html, &hs);
        assert_eq!(segs.len(), 3);
        assert!(segs[0].html.ends_with("a3</h3>"));
        assert_eq!(segs[1].html, "<h2 id=\"a\">a</h2>");
        assert_eq!(segs[2].html, "<h2 id=\"r&amp;d\">r</h2>");
        assert!(cuts("<h2 id=\"a\"", &[h(2, "a")])[0].heading.is_some());
        assert!(cuts("<h2 id=\"a", &[h(2, "a")])[0].heading.is_none(), "a tag cut short is no heading");
    }
}
