//! Paragraph and character styles (`styles.xml`): which styles are headings,
//! titles or captions, which are bold, and which carry automatic numbering.
//!
//! Word documents mark structure with styles rather than with text: a
//! heading is a paragraph in style "heading 2" (shown as 标题 2 in a Chinese
//! Word), or in any style whose paragraph properties give an outline level.
//! Style ids are localised and arbitrary (`Heading2`, `2`, `a3`), so we read
//! the style *name* and the outline level, following `basedOn` chains.

use std::collections::HashMap;

use super::numbering::NumRef;
use super::xml::{Element, Ns};

/// What a paragraph style means for the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Body,
    /// Heading of outline level 1–9 (Word's Heading 1 is 1).
    Heading(u8),
    Title,
    Caption,
    /// A table-of-contents entry (`toc 1`): generated, not imported.
    TocEntry,
}

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<NumRef>,
    bold: Option<bool>,
    hidden: Option<bool>,
}

#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    default_para: Option<String>,
}

impl Styles {
    pub(crate) fn parse(root: Option<&Element>) -> Styles {
        let mut out = Styles::default();
        let Some(root) = root else { return out };
        for s in root.elements().filter(|e| e.is(Ns::W, "style")) {
            let Some(id) = s.attr(Ns::W, "styleId") else { continue };
            let ppr = s.child(Ns::W, "pPr");
            let rpr = s.child(Ns::W, "rPr");
            let style = Style {
                name: s.child(Ns::W, "name").and_then(|n| n.val()).unwrap_or(id).to_string(),
                based_on: s.child(Ns::W, "basedOn").and_then(|b| b.val()).map(str::to_string),
                outline: ppr
                    .and_then(|p| p.child(Ns::W, "outlineLvl"))
                    .and_then(|o| o.val())
                    .and_then(|v| v.parse::<u8>().ok()),
                num: ppr.and_then(NumRef::parse),
                bold: rpr.and_then(|r| r.flag("b")),
                hidden: rpr.and_then(|r| r.flag("vanish")),
            };
            if s.attr(Ns::W, "type") == Some("paragraph")
                && s.attr(Ns::W, "default").is_some_and(|d| d == "1" || d == "true")
            {
                out.default_para = Some(id.to_string());
            }
            out.styles.insert(id.to_string(), style);
        }
        out
    }

    /// The style chain from `id` up through `basedOn` (cycles cut).
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut next = id.or(self.default_para.as_deref());
        while let Some(id) = next {
            let Some(s) = self.styles.get(id) else { break };
            if out.len() >= 16 {
                break;
            }
            out.push(s);
            next = s.based_on.as_deref();
        }
        out
    }

    pub(crate) fn role(&self, id: Option<&str>) -> Role {
        let chain = self.chain(id);
        // The style's own name decides first: `heading 2` based on `heading 1`
        // is level 2.
        for s in &chain {
            if let Some(role) = role_from_name(&s.name) {
                return role;
            }
            if let Some(level) = s.outline {
                return if level < 9 { Role::Heading(level + 1) } else { Role::Body };
            }
        }
        Role::Body
    }

    /// Automatic numbering inherited from the paragraph style.
    pub(crate) fn num(&self, id: Option<&str>) -> Option<NumRef> {
        self.chain(id).iter().find_map(|s| s.num.clone())
    }

    /// Bold from a paragraph or character style.
    pub(crate) fn bold(&self, id: Option<&str>) -> bool {
        if id.is_none() {
            return false;
        }
        self.chain(id).iter().find_map(|s| s.bold).unwrap_or(false)
    }

    pub(crate) fn hidden(&self, id: Option<&str>) -> bool {
        id.is_some() && self.chain(id).iter().find_map(|s| s.hidden).unwrap_or(false)
    }
}

/// Built-in style names, English (as stored by Word in every language) and
/// Chinese (as written by WPS and by hand-made templates).
fn role_from_name(name: &str) -> Option<Role> {
    let lower = name.trim().to_lowercase();
    let level = |prefix: &str| {
        lower.strip_prefix(prefix).map(str::trim).and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=9).contains(n))
    };
    if let Some(n) = level("heading").or_else(|| level("标题")) {
        return Some(Role::Heading(n));
    }
    if let Some(n) = level("toc").or_else(|| level("目录")) {
        let _ = n;
        return Some(Role::TocEntry);
    }
    match lower.as_str() {
        "title" | "标题" => Some(Role::Title),
        "caption" | "题注" => Some(Role::Caption),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(role_from_name("heading 2"), Some(Role::Heading(2)));
        assert_eq!(role_from_name("标题 3"), Some(Role::Heading(3)));
        assert_eq!(role_from_name("Title"), Some(Role::Title));
        assert_eq!(role_from_name("toc 1"), Some(Role::TocEntry));
        assert_eq!(role_from_name("题注"), Some(Role::Caption));
        assert_eq!(role_from_name("Normal"), None);
        assert_eq!(role_from_name("heading 12"), None);
    }
}
