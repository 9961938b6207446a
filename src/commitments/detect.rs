//! Finding the commitments of a report.
//!
//! Reports say what they will do in a forward-looking part: a section headed
//! 下步工作打算, 下一步工作, 工作打算, 2024年工作打算, 今年工作安排, 主要任务,
//! 重点工作 (duty reports) or, in the government work reports of the corpus,
//! 二、2015年工作总体部署 followed by topical sections (三、把改革开放扎实推向
//! 纵深…), 政策取向 / 政府工作任务 (2019–2022), 对今年政府工作的建议 (2023),
//! “十五”期间的奋斗目标 (2001). Hence the rule: a heading is forward-looking
//! by its words; a top-level section without telling words that follows a
//! forward-looking one is forward-looking too (the topical task sections);
//! review (回顾, 情况) and problem sections never are.
//!
//! Inside that part every paragraph or list item is a commitment, split
//! further where it enumerates (一是…二是…, 第一，第二，) and where one
//! sentence packs several quantitative targets (退出钢铁产能5000万吨左右，退出
//! 煤炭产能1.5亿吨以上): targets keep their numbers, so follow-up matching can
//! weigh them. Lead-in paragraphs that only announce a list (…以下三个方面工作：)
//! and the closing signature are not commitments.

use super::text::{Addr, Block, BlockKind, Excerpt, sentences};

/// One commitment as found in the text.
#[derive(Debug, Clone)]
pub struct Found {
    pub addr: Addr,
    /// Ordinal of the part when the block was split, else `None`.
    pub part: Option<usize>,
    pub anchor: Option<String>,
    pub excerpt: Excerpt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Forward,
    Review,
    Neutral,
}

const FORWARD_ZH: &[&str] = &[
    "打算",
    "下一步",
    "下步",
    "工作安排",
    "主要任务",
    "工作任务",
    "重点工作",
    "重点任务",
    "工作部署",
    "总体部署",
    "的建议",
    "奋斗目标",
    "目标任务",
    "主要目标",
    "政策取向",
    "总体要求",
    "工作思路",
    "今后",
    "展望",
    "计划",
    "工作要点",
];
const REVIEW_ZH: &[&str] = &["回顾", "过去", "成绩", "情况", "总结", "问题", "不足", "成效", "进展"];
const FORWARD_EN: &[&str] =
    &["next step", "next stage", "plan", "year ahead", "tasks for", "priorities", "outlook", "going forward"];
const REVIEW_EN: &[&str] =
    &["review", "problem", "performance", "achievement", "shortcoming", "progress", "results", "situation"];

fn tone(title: &str) -> Tone {
    let lower = title.to_lowercase();
    if FORWARD_ZH.iter().any(|w| title.contains(w)) || FORWARD_EN.iter().any(|w| lower.contains(w)) {
        return Tone::Forward;
    }
    if REVIEW_ZH.iter().any(|w| title.contains(w)) || REVIEW_EN.iter().any(|w| lower.contains(w)) {
        return Tone::Review;
    }
    // 2024年政府工作任务, 今年工作: a year's work not being reviewed.
    if (title.contains("今年") || year_then(title, "年")) && title.contains('工') {
        return Tone::Forward;
    }
    Tone::Neutral
}

fn year_then(title: &str, what: &str) -> bool {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(5).any(|w| w[..4].iter().all(|c| c.is_ascii_digit()) && what.starts_with(w[4]))
}

/// For each block, whether it lies in the forward-looking part.
pub fn forward_flags(blocks: &[Block]) -> Vec<bool> {
    let top = blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading(l) if l >= 2 => Some(l),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let mut stack: Vec<(u8, Tone)> = Vec::new();
    let mut after_forward = false;
    let mut flags = Vec::with_capacity(blocks.len());
    for b in blocks {
        if let BlockKind::Heading(level) = b.kind
            && level >= 2
        {
            stack.retain(|&(l, _)| l < level);
            let mut t = tone(&b.excerpt.plain());
            if level == top {
                match t {
                    Tone::Forward => after_forward = true,
                    Tone::Review => after_forward = false,
                    Tone::Neutral if after_forward => t = Tone::Forward,
                    Tone::Neutral => {}
                }
            }
            stack.push((level, t));
        }
        let forward = stack.iter().rev().find(|(_, t)| *t != Tone::Neutral).is_some_and(|(_, t)| *t == Tone::Forward);
        flags.push(forward);
    }
    flags
}

/// The commitments of a report, in reading order.
pub fn detect(blocks: &[Block]) -> Vec<Found> {
    let flags = forward_flags(blocks);
    let mut out = Vec::new();
    for (b, &fwd) in blocks.iter().zip(&flags) {
        if !fwd || b.kind != BlockKind::Text {
            continue;
        }
        let text = b.excerpt.text();
        let plain = b.excerpt.plain();
        if !is_commitment(&plain) {
            continue;
        }
        let parts = split_block(&text);
        if parts.len() == 1 {
            out.push(Found { addr: b.addr.clone(), part: None, anchor: b.anchor.clone(), excerpt: b.excerpt.clone() });
        } else {
            for (n, (from, to)) in parts.into_iter().enumerate() {
                let excerpt = b.excerpt.slice(from, to);
                if is_commitment(&excerpt.plain()) {
                    out.push(Found { addr: b.addr.clone(), part: Some(n), anchor: b.anchor.clone(), excerpt });
                }
            }
        }
    }
    out
}

/// Not a lead-in to a list, not a signature, not a fragment.
fn is_commitment(plain: &str) -> bool {
    let t = plain.trim();
    let n = t.chars().count();
    if n < 8 || t.ends_with('：') || t.ends_with(':') {
        return false;
    }
    // A closing signature and date: short, ending in a date.
    let dated = t.ends_with('日') && t.contains('月') && t.contains('年');
    !(dated && n < 80)
}

const ORDINALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/// Character ranges of the commitments inside one block's text.
pub fn split_block(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut items = enumeration(&chars);
    if items.is_empty() {
        items.push((0, chars.len()));
    }
    let mut out = Vec::new();
    for (a, b) in items {
        out.extend(targets(&chars, a, b));
    }
    out
}

/// 一是…二是…三是 / 第一，…第二， at sentence starts: at least two markers in order.
fn enumeration(chars: &[char]) -> Vec<(usize, usize)> {
    let text: String = chars.iter().collect();
    for (prefix, suffix) in [("", "是"), ("第", "，"), ("第", "、"), ("其", "，"), ("", "、")] {
        let mut starts = Vec::new();
        let mut from = 0usize;
        for ord in ORDINALS {
            let marker = format!("{prefix}{ord}{suffix}");
            let found = find_at_boundary(chars, &text, &marker, from);
            match found {
                Some(pos) => {
                    starts.push(pos);
                    from = pos + 1;
                }
                None => break,
            }
        }
        if starts.len() >= 2 {
            let mut out = Vec::new();
            if starts[0] > 0 {
                out.push((0, starts[0]));
            }
            for (i, &s) in starts.iter().enumerate() {
                out.push((s, starts.get(i + 1).copied().unwrap_or(chars.len())));
            }
            return out;
        }
    }
    Vec::new()
}

/// Char position of `marker` at or after `from`, at the start of the text or
/// after a sentence or clause end.
fn find_at_boundary(chars: &[char], text: &str, marker: &str, from: usize) -> Option<usize> {
    let mut byte_from = text.char_indices().nth(from).map(|(b, _)| b).unwrap_or(text.len());
    while let Some(off) = text[byte_from..].find(marker) {
        let byte = byte_from + off;
        let pos = text[..byte].chars().count();
        let before = pos.checked_sub(1).map(|i| chars[i]);
        if before.is_none_or(|c| matches!(c, '。' | '；' | '：' | '\n' | '，' | ' ')) {
            // `一是` must not be the tail of a word (`统一是`): the boundary check does that.
            return Some(pos);
        }
        byte_from = byte + marker.len();
    }
    None
}

fn has_number(chars: &[char]) -> bool {
    // Digits that are not just a year (`2023年`).
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let year = i - start == 4 && chars.get(i) == Some(&'年');
            if !year {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}

/// Splits a range into quantitative targets where one sentence holds several
/// (`A5.5%左右；B1100万人以上，C5.5%以内；D`); other sentences stay together.
fn targets(chars: &[char], a: usize, b: usize) -> Vec<(usize, usize)> {
    let text: String = chars[a..b].iter().collect();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut rest_start: Option<usize> = None;
    let mut rest_end = a;
    for (s, e) in sentences(&text) {
        let (s, e) = (a + s, a + e);
        let frags = fragments(chars, s, e);
        let numeric = frags.iter().filter(|&&(x, y, _)| has_number(&chars[x..y])).count();
        if numeric < 2 {
            rest_start.get_or_insert(s);
            rest_end = e;
            continue;
        }
        if let Some(rs) = rest_start.take() {
            out.push((rs, rest_end));
        }
        // Start a new target at `；`, or at `，` when both sides carry numbers.
        let mut cur: Option<(usize, usize, bool)> = None;
        for &(x, y, sep) in &frags {
            let num = has_number(&chars[x..y]);
            match cur {
                Some((cs, _, cnum)) if sep == '，' && !(num && cnum) => cur = Some((cs, y, cnum || num)),
                Some((cs, ce, _)) => {
                    out.push((cs, ce));
                    cur = Some((x, y, num));
                }
                None => cur = Some((x, y, num)),
            }
        }
        if let Some((cs, ce, _)) = cur {
            out.push((cs, ce));
        }
    }
    if let Some(rs) = rest_start {
        out.push((rs, rest_end));
    }
    out.sort();
    out
}

/// Clauses of a sentence, split at `；` and `，`; a preamble ending in `：`
/// without numbers is dropped. Each clause carries the separator before it.
fn fragments(chars: &[char], s: usize, e: usize) -> Vec<(usize, usize, char)> {
    let mut start = s;
    if let Some(colon) = (s..e).find(|&i| chars[i] == '：')
        && !has_number(&chars[s..colon])
    {
        start = colon + 1;
    }
    let mut out = Vec::new();
    let mut sep = '；';
    let mut from = start;
    for (i, &c) in chars.iter().enumerate().take(e).skip(start) {
        if matches!(c, '；' | '，') {
            if i > from {
                out.push((from, i + 1, sep));
            }
            sep = c;
            from = i + 1;
        }
    }
    if e > from {
        out.push((from, e, sep));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(t: &str) -> Vec<String> {
        split_block(t).into_iter().map(|(a, b)| t.chars().skip(a).take(b - a).collect()).collect()
    }

    #[test]
    fn enumerations_split() {
        let t = "重点抓好三项工作。一是深化理论武装。坚持学习。二是抓实基层基础。三是持续正风肃纪。";
        assert_eq!(
            parts(t),
            ["重点抓好三项工作。", "一是深化理论武装。坚持学习。", "二是抓实基层基础。", "三是持续正风肃纪。"]
        );
        // 统一是 is not an enumeration.
        assert_eq!(parts("坚持统一是原则。二是其他。").len(), 1);
    }

    #[test]
    fn targets_keep_numbers() {
        let t = "今年发展主要预期目标是：国内生产总值增长5.5%左右；城镇新增就业1100万人以上，城镇调查失业率全年控制在5.5%以内；居民收入增长与经济增长基本同步。";
        assert_eq!(
            parts(t),
            [
                "国内生产总值增长5.5%左右；",
                "城镇新增就业1100万人以上，",
                "城镇调查失业率全年控制在5.5%以内；",
                "居民收入增长与经济增长基本同步。"
            ]
        );
        let t = "化解过剩产能。今年退出钢铁产能5000万吨左右，退出煤炭产能1.5亿吨以上。";
        assert_eq!(parts(t), ["化解过剩产能。", "今年退出钢铁产能5000万吨左右，", "退出煤炭产能1.5亿吨以上。"]);
        // One number, or a year and a number: no split.
        assert_eq!(parts("今年赤字率拟按2.8%左右安排，有利于增强财政可持续性。").len(), 1);
        assert_eq!(parts("2023年，我将以学习为主线，推进100项工作。").len(), 1);
    }

    #[test]
    fn headings_set_the_tone() {
        assert_eq!(tone("三、下步工作打算"), Tone::Forward);
        assert_eq!(tone("二、2024年政府工作任务"), Tone::Forward);
        assert_eq!(tone("一、2023年工作回顾"), Tone::Review);
        assert_eq!(tone("二、存在的问题"), Tone::Review);
        assert_eq!(tone("III. Work Plan for the Next Stage"), Tone::Forward);
        assert_eq!(tone("三、把改革开放扎实推向纵深"), Tone::Neutral);
    }
}
