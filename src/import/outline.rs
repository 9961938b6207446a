//! Heading levels from numbering.
//!
//! Levels come from the order in which marker *types* first appear, not
//! from a fixed table: documents skip levels (`一、` straight to `1.`) and
//! older ones start at `（一）`, and a fixed table would leave holes in the
//! outline. The first type seen becomes `##` (the page title is the `h1`),
//! the next new type `###`, and so on down to `######`.
//!
//! One refinement keeps long reports sane: when a type's numbering *restarts*
//! at 1 inside a section of the same type (`二、…` then a list `一、…二、…`
//! before `三、` resumes), the restarted run is a nested sequence, treated
//! as a new type for level assignment. Which run a number belongs to is
//! decided by continuity — `三、` after the nested `五、` continues the outer
//! `二、`. A heading of a higher level closes all deeper sequences, so
//! `（一）` under each `一、`/`二、` stays at the same level.

use super::classify::Marker;

/// Deepest nesting of restarted sequences of one marker type that gets a
/// level of its own. Levels stop at 6 (five below the title), so a deeper
/// sequence could not be told apart anyway; without the bound, a document of
/// thousands of `一、` headings (each a "restart") built a stack and a level
/// table as long as itself, and the level computation went cubic.
const MAX_NESTING: usize = 5;

#[derive(Default)]
pub(crate) struct Outline {
    /// Level keys (marker type, nesting depth) in order of first appearance.
    order: Vec<(Marker, usize)>,
    /// Per marker type, the last number of each open sequence, outermost first.
    open: Vec<(Marker, Vec<u32>)>,
}

impl Outline {
    /// The Markdown level (2–6) of a heading with `marker` and `number`.
    pub(crate) fn level(&mut self, marker: Marker, number: Option<u32>) -> u8 {
        let stack = match self.open.iter().position(|(m, _)| *m == marker) {
            Some(i) => &mut self.open[i].1,
            None => {
                self.open.push((marker, Vec::new()));
                let last = self.open.len() - 1;
                &mut self.open[last].1
            }
        };
        let n = number.unwrap_or(0);
        let depth = if stack.is_empty() {
            stack.push(n);
            0
        } else if let Some(d) = stack.iter().rposition(|last| last.checked_add(1) == Some(n)) {
            stack.truncate(d + 1);
            stack[d] = n;
            d
        } else if n == 1 && stack.len() < MAX_NESTING {
            stack.push(1);
            stack.len() - 1
        } else {
            // A gap or repeated number: assume it continues the innermost run.
            let d = stack.len() - 1;
            stack[d] = n;
            d
        };
        let key = (marker, depth);
        let idx = self.order.iter().position(|k| *k == key).unwrap_or_else(|| {
            self.order.push(key);
            self.order.len() - 1
        });
        // Close every sequence that sits at a deeper level than this heading.
        let order = &self.order;
        for (m, stack) in self.open.iter_mut() {
            let keep = (0..stack.len())
                .take_while(|d| {
                    let k = (*m, *d);
                    k == key || order.iter().position(|o| *o == k).is_none_or(|i| i <= idx)
                })
                .count();
            stack.truncate(keep);
        }
        (idx + 2).min(6) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Marker::*;

    fn levels(seq: &[(Marker, u32)]) -> Vec<u8> {
        let mut o = Outline::default();
        seq.iter().map(|(m, n)| o.level(*m, Some(*n))).collect()
    }

    #[test]
    fn first_appearance_order() {
        assert_eq!(levels(&[(Chapter, 1), (Arabic, 1), (Arabic, 2), (Chapter, 2)]), [2, 3, 3, 2]);
        assert_eq!(levels(&[(ParenChinese, 1), (ParenChinese, 2), (ParenArabic, 1), (ParenChinese, 3)]), [2, 2, 3, 2]);
    }

    #[test]
    fn sub_sequences_restart_under_each_section() {
        let seq =
            [(Chapter, 1), (ParenChinese, 1), (ParenChinese, 2), (Chapter, 2), (ParenChinese, 1), (ParenChinese, 2)];
        assert_eq!(levels(&seq), [2, 3, 3, 2, 3, 3]);
    }

    #[test]
    fn restarted_numbering_nests() {
        // 1986: 一、二、 then a list 一、…五、 inside 二、, then 三、 resumes.
        let seq = [
            (Chapter, 1),
            (Chapter, 2),
            (Chapter, 1),
            (Chapter, 2),
            (Chapter, 5),
            (Chapter, 3),
            (Chapter, 1),
            (Chapter, 4),
        ];
        assert_eq!(levels(&seq), [2, 2, 3, 3, 3, 2, 3, 2]);
    }

    #[test]
    fn repeated_restarts_stay_bounded() {
        let mut o = Outline::default();
        for _ in 0..10_000 {
            assert!(o.level(Chapter, Some(1)) <= 6);
        }
        assert!(o.order.len() <= MAX_NESTING);
        assert!(o.open.iter().all(|(_, s)| s.len() <= MAX_NESTING));
    }

    #[test]
    fn deep_documents_clamp_at_six() {
        let seq = [(Bare, 1), (Chapter, 1), (ParenChinese, 1), (Arabic, 1), (ParenArabic, 1)];
        assert_eq!(levels(&seq), [2, 3, 4, 5, 6]);
        let mut o = Outline::default();
        for d in 0..10 {
            assert!(o.level(Chapter, Some(1)) <= 6, "depth {d}");
        }
    }
}
