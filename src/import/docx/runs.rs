//! The characters of one paragraph, as Word's runs deliver them, joined
//! into inlines.
//!
//! Word splits text into runs wherever formatting, proofing or revision
//! marks change, often inside a word or a mask. The walker feeds every run
//! here character by character; tabs and manual line breaks are kept as
//! *gaps* and decided only at the end, when both neighbours are known: a gap
//! between Chinese characters is layout and vanishes, elsewhere it becomes
//! one space. Runs of the same weight are then merged, so bold lead-ins and
//! split masks come out whole.

use super::Inline;

/// Builder for one paragraph's inlines.
#[derive(Default)]
pub(super) struct Runs {
    pub(super) toks: Vec<Tok>,
}

pub(super) enum Tok {
    Char(char, bool),
    /// A tab or manual line break: a space or nothing, decided at the end.
    Gap,
    Other(Inline),
}

impl Runs {
    pub(super) fn text(&mut self, s: &str, bold: bool) {
        for c in s.chars() {
            match c {
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' => {}
                '\t' | '\n' | '\r' => self.toks.push(Tok::Gap),
                c if c.is_control() => {}
                c => self.toks.push(Tok::Char(c, bold)),
            }
        }
    }

    /// Resolves gaps, trims, and groups characters into inlines.
    pub(super) fn finish(self) -> Vec<Inline> {
        let is_space = |c: char| c.is_whitespace() || c == '\u{3000}';
        let chars_at = |toks: &[Tok], i: usize, back: bool| -> Option<char> {
            let mut j = i;
            loop {
                if back {
                    j = j.checked_sub(1)?;
                } else {
                    j += 1;
                }
                match toks.get(j)? {
                    Tok::Char(c, _) => return Some(*c),
                    Tok::Gap => continue,
                    Tok::Other(_) => return None,
                }
            }
        };
        let wide = |c: char| c as u32 >= 0x2e80;
        let mut resolved: Vec<Tok> = Vec::with_capacity(self.toks.len());
        for (i, t) in self.toks.iter().enumerate() {
            match t {
                Tok::Gap => {
                    let (p, n) = (chars_at(&self.toks, i, true), chars_at(&self.toks, i, false));
                    let joins =
                        matches!((p, n), (Some(p), Some(n)) if !wide(p) && !wide(n) && !is_space(p) && !is_space(n));
                    let prev_space = matches!(resolved.last(), Some(Tok::Char(c, _)) if is_space(*c));
                    if joins && !prev_space {
                        resolved.push(Tok::Char(' ', false));
                    }
                }
                Tok::Char(c, b) => resolved.push(Tok::Char(*c, *b)),
                Tok::Other(inl) => resolved.push(Tok::Other(inl.clone())),
            }
        }
        // Trim layout whitespace (full-width indents) at both ends.
        while matches!(resolved.first(), Some(Tok::Char(c, _)) if is_space(*c)) {
            resolved.remove(0);
        }
        while matches!(resolved.last(), Some(Tok::Char(c, _)) if is_space(*c)) {
            resolved.pop();
        }
        let mut out: Vec<Inline> = Vec::new();
        for t in resolved {
            match t {
                Tok::Char(c, bold) => {
                    // Spaces take the weight of the text before them, so a
                    // bold phrase is not cut at a space.
                    let bold =
                        if is_space(c) { matches!(out.last(), Some(Inline::Text { bold: true, .. })) } else { bold };
                    match out.last_mut() {
                        Some(Inline::Text { text, bold: b }) if *b == bold => text.push(c),
                        _ => out.push(Inline::Text { text: c.to_string(), bold }),
                    }
                }
                Tok::Other(i) => out.push(i),
                Tok::Gap => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(toks: Vec<Tok>) -> Vec<Inline> {
        Runs { toks }.finish()
    }

    fn t(s: &str, bold: bool) -> Vec<Tok> {
        s.chars().map(|c| if c == '|' { Tok::Gap } else { Tok::Char(c, bold) }).collect()
    }

    #[test]
    fn gaps_between_chinese_vanish() {
        let mut toks = t("\u{3000}\u{3000}经济|发展", false);
        toks.extend(t("and|more ", false));
        assert_eq!(finish(toks), vec![Inline::Text { text: "经济发展and more".into(), bold: false }]);
    }

    #[test]
    fn bold_groups() {
        let mut toks = t("一是", true);
        toks.extend(t("强化学习", true));
        toks.extend(t("。正文", false));
        assert_eq!(
            finish(toks),
            vec![
                Inline::Text { text: "一是强化学习".into(), bold: true },
                Inline::Text { text: "。正文".into(), bold: false }
            ]
        );
    }
}
