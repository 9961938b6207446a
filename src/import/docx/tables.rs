//! Word tables → Markdown (GFM) tables.
//!
//! Markdown tables are a plain grid with one header row, so Word's merged
//! cells are flattened: a cell spanning columns (`w:gridSpan`) keeps its
//! text in the first column and leaves the others empty, and a cell merged
//! downwards (`w:vMerge`) is empty in the rows below. A note under the table
//! tells the reader, because the grid then reads differently from print.
//! The first row is the header — reports put column titles there — and
//! paragraphs inside a cell are kept apart with `<br>`.

use super::Table;

/// Renders `table` with `cell` rendering one cell paragraph's Markdown (told
/// whether it is in the header row); the second value says whether merged
/// cells were flattened.
pub(crate) fn render(table: &Table, cell: &mut dyn FnMut(&[super::Inline], bool) -> String) -> (String, bool) {
    let width = table.rows.iter().map(|r| r.iter().map(|c| c.span).sum::<usize>()).max().unwrap_or(0);
    if width == 0 {
        return (String::new(), false);
    }
    let mut merged = false;
    let mut lines = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        let mut texts: Vec<String> = Vec::with_capacity(width);
        for c in row {
            let text = if c.merged_below {
                merged = true;
                String::new()
            } else {
                let parts: Vec<String> = c.paras.iter().map(|p| cell(p, i == 0)).filter(|s| !s.is_empty()).collect();
                parts.join("<br>")
            };
            texts.push(text.replace('|', "\\|"));
            if c.span > 1 {
                merged = true;
                texts.extend(std::iter::repeat_n(String::new(), c.span - 1));
            }
        }
        texts.resize(width, String::new());
        lines.push(format!("| {} |", texts.join(" | ")));
        if i == 0 {
            lines.push(format!("|{}", " --- |".repeat(width)));
        }
    }
    (lines.join("\n"), merged)
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, Inline};
    use super::*;

    fn cell(text: &str, span: usize, merged_below: bool) -> Cell {
        Cell { paras: vec![vec![Inline::Text { text: text.into(), bold: false }]], span, merged_below }
    }

    #[test]
    fn grid_with_merges() {
        let t = Table {
            rows: vec![
                vec![cell("项目", 1, false), cell("数量", 2, false)],
                vec![cell("甲", 1, false), cell("**", 1, false), cell("a|b", 1, false)],
                vec![cell("", 1, true), cell("3", 1, false)],
            ],
        };
        let mut r = |p: &[Inline], _header: bool| match &p[0] {
            Inline::Text { text, .. } => text.clone(),
            _ => String::new(),
        };
        let (md, merged) = render(&t, &mut r);
        assert!(merged);
        assert_eq!(md, "| 项目 | 数量 |  |\n| --- | --- | --- |\n| 甲 | ** | a\\|b |\n|  | 3 |  |");
    }
}
