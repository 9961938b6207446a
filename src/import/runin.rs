//! Run-in enumerations: `一是…。二是…。`, `一要…`, `第一，…`, `首先，…`.
//!
//! Chinese reports enumerate inside running text instead of using lists, and
//! a single "paragraph" often carries a whole numbered series. Readers scan
//! for these lead-ins, so we (a) start a new paragraph at each `一是`/`第一，`
//! that begins a sentence in the middle of a paragraph and (b) emphasise the
//! lead-in phrase: the text from the enumerator up to the first `。`/`；`/`：`
//! when that is short (≤ [`MAX_LEAD_CHARS`]), otherwise just the enumerator.
//!
//! The terminating punctuation stays *outside* the emphasis:
//! `**一是强化理论学习**。深入学习`. CommonMark's flanking rules do not close
//! `**` that follows punctuation and precedes a letter, so the form
//! `**一是强化理论学习。**深入` renders literally in pulldown-cmark (checked in
//! the tests below).

use super::classify::is_cn_numeral;

/// Longest lead-in phrase (in characters) that is emphasised as a whole.
pub(crate) const MAX_LEAD_CHARS: usize = 30;

/// A piece of paragraph text: literal, or an emphasised lead-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    Text(String),
    Lead(String),
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '：' | '!' | '?' | ':')
}

fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '；' | ';')
}

/// If an enumerator starts at the beginning of `s`, returns the byte length
/// of its word (`一是`, `第一`, `首先`) — the part emphasised at minimum — and
/// whether it opens a new paragraph when found mid-paragraph.
pub(crate) fn enumerator(s: &str) -> Option<(usize, bool)> {
    let (nb, nn) = numeral_run(s);
    // `一是…二是…`, and in older reports `一要…二要…`.
    if nn > 0 && nn <= 2 && s[nb..].starts_with(['是', '要']) {
        return Some((nb + '是'.len_utf8(), true));
    }
    if let Some(after) = s.strip_prefix('第') {
        let (nb, nn) = numeral_run(after);
        if nn > 0 && nn <= 2 && after[nb..].starts_with(['，', '、', ',']) {
            return Some(('第'.len_utf8() + nb, true));
        }
    }
    for word in ["首先", "其次", "再次", "最后"] {
        if s.strip_prefix(word).is_some_and(|r| r.starts_with(['，', ','])) {
            return Some((word.len(), false));
        }
    }
    None
}

fn numeral_run(s: &str) -> (usize, usize) {
    let mut b = 0;
    let mut n = 0;
    for c in s.chars() {
        if !is_cn_numeral(c) || c == '〇' || c == '零' || c == '百' {
            break;
        }
        b += c.len_utf8();
        n += 1;
    }
    (b, n)
}

/// Byte offsets where an enumerator starts a sentence (offset 0 included).
fn starts(s: &str, clause: bool) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        let at_start = match prev {
            None => true,
            Some(p) if clause => is_clause_end(p),
            Some(p) => is_sentence_end(p),
        };
        if at_start && let Some((word, splits)) = enumerator(&s[i..]) {
            out.push((i, word, splits));
        }
        prev = Some(c);
    }
    out
}

/// Splits a paragraph before every mid-paragraph enumerator that opens a
/// sentence. The sentence before stays in the previous paragraph.
pub(crate) fn split(para: &str) -> Vec<&str> {
    let mut cuts: Vec<usize> =
        starts(para, false).into_iter().filter(|&(i, _, splits)| splits && i > 0).map(|(i, _, _)| i).collect();
    cuts.push(para.len());
    let mut out = Vec::new();
    let mut from = 0;
    for cut in cuts {
        let piece = para[from..cut].trim();
        if !piece.is_empty() {
            out.push(piece);
        }
        from = cut;
    }
    out
}

/// Marks the lead-in phrase of every enumerator that starts a clause.
pub(crate) fn emphasize(para: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut from = 0;
    for (i, word, _) in starts(para, true) {
        if i < from {
            continue;
        }
        let rest = &para[i..];
        let end = rest.find(is_clause_end).unwrap_or(rest.len());
        let lead_len = if rest[..end].chars().count() <= MAX_LEAD_CHARS { end } else { word };
        if i > from {
            pieces.push(Piece::Text(para[from..i].to_string()));
        }
        pieces.push(Piece::Lead(rest[..lead_len].to_string()));
        from = i + lead_len;
    }
    if from < para.len() {
        pieces.push(Piece::Text(para[from..].to_string()));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use Piece::*;

    #[test]
    fn splits_at_sentence_start_only() {
        let p = "坚定理想信念。一是强化理论学习。深入学习。二是强化政治责任。严格落实。";
        assert_eq!(split(p), vec!["坚定理想信念。", "一是强化理论学习。深入学习。", "二是强化政治责任。严格落实。"]);
        let p = "突出表现在三个方面：一是管理不够紧。虽然注重。";
        assert_eq!(split(p), vec!["突出表现在三个方面：", "一是管理不够紧。虽然注重。"]);
        // Inside words, or after a semicolon: no split.
        assert_eq!(split("祖国统一是大势。第一次会议。"), vec!["祖国统一是大势。第一次会议。"]);
        assert_eq!(split("一是甲；二是乙。"), vec!["一是甲；二是乙。"]);
        assert_eq!(split("要稳。首先，要稳。"), vec!["要稳。首先，要稳。"]);
        assert_eq!(split("第一，甲。第二，乙。"), vec!["第一，甲。", "第二，乙。"]);
    }

    #[test]
    fn lead_ins() {
        let cases: Vec<(&str, Vec<Piece>)> = vec![
            ("一是强化理论学习。深入学习", vec![Lead("一是强化理论学习".into()), Text("。深入学习".into())]),
            (
                "一是甲；二是乙。",
                vec![Lead("一是甲".into()), Text("；".into()), Lead("二是乙".into()), Text("。".into())],
            ),
            (
                "第一，大力提高经济效益，积极扩大财源，这是一个很长的句子超过了三十个字的限制。",
                vec![
                    Lead("第一".into()),
                    Text("，大力提高经济效益，积极扩大财源，这是一个很长的句子超过了三十个字的限制。".into()),
                ],
            ),
            ("首先，要稳定经济大盘。", vec![Lead("首先，要稳定经济大盘".into()), Text("。".into())]),
            ("十是其他", vec![Lead("十是其他".into())]),
            ("一年来，我们", vec![Text("一年来，我们".into())]),
            ("统一是大势", vec![Text("统一是大势".into())]),
            ("一要加快发展服务消费。开展", vec![Lead("一要加快发展服务消费".into()), Text("。开展".into())]),
            ("统一要求", vec![Text("统一要求".into())]),
        ];
        for (p, want) in cases {
            assert_eq!(emphasize(p), want, "para: {p}");
        }
    }

    #[test]
    fn bold_form_renders() {
        let render = |md: &str| {
            let mut out = String::new();
            pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(md));
            out
        };
        assert!(render("**一是强化理论学习**。深入学习").contains("<strong>"));
        assert!(render("方面：**二是\\*\\*次**。深入").contains("<strong>二是**次</strong>"));
        // The form from the issue text does not render as bold:
        assert!(!render("**一是强化理论学习。**深入学习").contains("<strong>"));
    }
}
