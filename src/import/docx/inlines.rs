//! Sequences of inlines seen as plain text: the heading rules read the
//! plain text of a paragraph and cut it (a number, a run-in lead-in), and
//! the cut must fall at the same place in the inlines, bold and notes kept.

use super::{Inline, Para};

/// The inlines of a paragraph with its label as leading text.
pub(super) fn full_inlines(p: &Para) -> Vec<Inline> {
    let mut v = Vec::with_capacity(p.inlines.len() + 1);
    if let Some(l) = &p.label {
        v.push(Inline::Text { text: l.clone(), bold: false });
    }
    v.extend(p.inlines.iter().cloned());
    v
}

pub(super) fn plain_of(inl: &[Inline]) -> String {
    inl.iter().filter_map(|i| if let Inline::Text { text, .. } = i { Some(text.as_str()) } else { None }).collect()
}

/// The inlines covering bytes `from..to` of their plain text.
pub(super) fn slice(inl: &[Inline], from: usize, to: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut pos = 0;
    for i in inl {
        match i {
            Inline::Text { text, bold } => {
                let (s, e) = (pos, pos + text.len());
                let (a, b) = (from.max(s), to.min(e));
                if a < b {
                    out.push(Inline::Text { text: text[a - s..b - s].to_string(), bold: *bold });
                }
                pos = e;
            }
            other => {
                if (from <= pos && pos < to) || (pos == to && to == plain_len(inl)) {
                    out.push(other.clone());
                }
            }
        }
    }
    out
}

fn plain_len(inl: &[Inline]) -> usize {
    inl.iter().map(|i| if let Inline::Text { text, .. } = i { text.len() } else { 0 }).sum()
}
