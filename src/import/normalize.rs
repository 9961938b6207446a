//! Cleaning raw text into logical lines before any structure is inferred.
//!
//! Plain-text exports differ in everything that carries no meaning: line
//! endings (LF, CRLF, old Mac CR), indentation with full-width spaces
//! (`　　`, the traditional two-character paragraph indent), stray control
//! characters, zero-width characters. Scraped text adds its own noise: web
//! pages split a sentence wherever the original had a link, leaving
//! fragments like `…加入` / `全面与进步跨太平洋伙伴关系协定` / `（CPTPP）等…`
//! on separate lines, and Wikisource appends a licence footer.
//!
//! We normalise all of that here so the classifier only ever sees one
//! trimmed logical line per paragraph or heading.

use super::classify::{Class, Marker, classify, marker};
use super::runin;

/// Splits into trimmed lines with normalised line endings; blank lines are "".
pub(crate) fn lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.split('\n')
        .map(|line| {
            let cleaned: String = line
                .chars()
                .filter(|&c| !c.is_control() || c == '\t')
                .filter(|&c| !matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}'))
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            cleaned.trim().to_string()
        })
        .collect()
}

/// Lines that are wiki editing leftovers, not text: the placeholder the
/// MediaWiki bold button inserts, and stray quote marks of `'''bold'''`.
const WIKI_LEFTOVERS: [&str; 4] = ["粗体文字", "'", "''", "'''"];

/// Drops wiki leftovers: placeholder lines and `'` quote marks stuck to the
/// end of a sentence (`——改革开放进一步深化。'`). Returns how many were dropped.
pub(crate) fn strip_wiki(lines: &mut Vec<String>) -> usize {
    let before = lines.iter().filter(|l| !l.is_empty()).count();
    lines.retain(|l| !WIKI_LEFTOVERS.contains(&l.as_str()));
    let mut fixed = 0;
    for l in lines.iter_mut() {
        let trimmed = l.trim_end_matches('\'');
        if trimmed.len() != l.len() && trimmed.ends_with(['。', '！', '？', '；', '：']) {
            *l = trimmed.to_string();
            fixed += 1;
        }
    }
    before - lines.iter().filter(|l| !l.is_empty()).count() + fixed
}

/// Licence boilerplate that scrapers append (Wikisource templates).
const FOOTERS: [&str; 3] = ["本作品是中华人民共和国", "本作品来自", "本作品在全世界都属于公有领域"];

/// Cuts a trailing licence footer. Returns how many lines were dropped.
pub(crate) fn strip_footer(lines: &mut Vec<String>) -> usize {
    let Some(i) = lines.iter().rposition(|l| FOOTERS.iter().any(|f| l.starts_with(f))) else {
        return 0;
    };
    let dropped = lines[i..].iter().filter(|l| !l.is_empty()).count();
    lines.truncate(i);
    dropped
}

/// Does the line end a sentence (so the next line is a new paragraph)?
pub(crate) fn ends_sentence(line: &str) -> bool {
    let mut rev = line.chars().rev();
    let Some(last) = rev.next() else {
        return true;
    };
    let last = if matches!(last, '”' | '’' | '」' | '』' | '"' | '）' | ')') {
        match rev.next() {
            Some(c) => c,
            None => return false,
        }
    } else {
        last
    };
    matches!(last, '。' | '！' | '？' | '；' | '：' | '…' | '!' | '?' | ';' | ':')
}

fn is_heading(line: &str) -> bool {
    matches!(classify(line), Class::Heading { .. })
}

/// A marker with nothing after it (`一、`, `（一）`), as left by scrapers.
fn marker_only(line: &str) -> bool {
    matches!(marker(line), Some((m, len)) if m != Marker::Bare && len == line.len())
}

/// Joins pieces of at most two characters (`告` of a split `政府工作报告`, the
/// `2` of `M2`) to the unterminated line right above them. Runs before title
/// detection, unlike [`join_fragments`], so a split title is whole again.
pub(crate) fn join_tiny(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let tiny = !line.is_empty()
            && line.chars().count() <= 2
            && marker(&line).is_none()
            && !line.starts_with(|c: char| c.is_ascii_punctuation());
        if let Some(prev) = out.last_mut()
            && tiny
            && !prev.is_empty()
            && !ends_sentence(prev)
            && !is_heading(prev)
        {
            prev.push_str(&line);
            continue;
        }
        out.push(line);
    }
    out
}

/// Punctuation that cannot open a paragraph: a line starting with it
/// continues the previous one.
const CONTINUATION: [char; 15] = ['，', '。', '、', '；', '：', '）', '》', '」', '』', '”', '！', '？', ',', '.', ')'];

/// Rejoins lines that were split in the middle of a sentence.
///
/// Adjacent non-blank lines are joined when neither is a heading, the first
/// does not end a sentence, and there is positive evidence of a cut: the
/// second starts with punctuation that cannot open a paragraph, the first
/// ends with opening or continuing punctuation, or the first is clearly a
/// sentence (has internal commas or is long). A short unpunctuated line
/// (an unnumbered heading, a signature) is left alone. A bare marker line
/// (`一、`) is joined with whatever follows.
pub(crate) fn join_fragments(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // Whether the last line of `out` may take a continuation.
    let mut open = false;
    let mut lines = lines.into_iter().peekable();
    while let Some(line) = lines.next() {
        // A short piece whose successor starts with `。`/`》`/… sits inside a
        // sentence (a link text cut out by a scraper).
        let inside_sentence = lines.peek().is_some_and(|n| n.starts_with(CONTINUATION)) && line.chars().count() <= 30;
        if line.is_empty() {
            out.push(line);
            open = false;
            continue;
        }
        if let Some(prev) = out.last_mut().filter(|_| open) {
            if marker_only(prev) {
                prev.push_str(&line);
                open = !is_heading(prev) && !ends_sentence(prev);
                continue;
            }
            let next_heading = is_heading(&line);
            let next_runin = runin::enumerator(&line).is_some();
            let cut = line.starts_with(CONTINUATION)
                || inside_sentence
                || prev.ends_with(['《', '「', '『', '“', '（', '，', '、', '(', ','])
                || prev.ends_with(['的', '了', '和', '与', '及', '在', '对', '把', '被', '将'])
                || prev.contains(['，', '、'])
                || runin::enumerator(prev).is_some_and(|(len, _)| prev[len..].chars().count() <= 1)
                || prev.ends_with(|c: char| c.is_ascii_alphanumeric())
                || prev.chars().count() > 40
                || line.starts_with(['（', '(']);
            // A run-in (`二是…`) starts a new paragraph unless the previous
            // line is its own dangling lead-in (`第一，`).
            let runin_ok = !next_runin || prev.ends_with(['，', ',']);
            if cut && !next_heading && runin_ok {
                prev.push_str(&line);
                open = !ends_sentence(prev);
                continue;
            }
        }
        open = marker_only(&line) || (!is_heading(&line) && !ends_sentence(&line));
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn line_endings_and_indent() {
        assert_eq!(lines("a\r\nb\rc\n\u{3000}\u{3000}d\u{3000}\n\u{feff}e\x07"), v(&["a", "b", "c", "d", "e"]));
    }

    #[test]
    fn wiki_leftovers() {
        let mut l = v(&["——改革开放进一步深化。'", "粗体文字", "重点领域改革。", "'"]);
        assert_eq!(strip_wiki(&mut l), 3);
        assert_eq!(l, v(&["——改革开放进一步深化。", "重点领域改革。"]));
    }

    #[test]
    fn footer() {
        let mut l = v(&["正文。", "", "本作品是中华人民共和国的", "法律", "", "Public domain", "false"]);
        assert_eq!(strip_footer(&mut l), 4);
        assert_eq!(l, v(&["正文。", ""]));
    }

    #[test]
    fn joins_scraped_fragments() {
        let got = join_fragments(v(&[
            "——改革开放持续深化。简政放权、放管结合不断",
            "区域全面经济伙伴关系协定",
            "（RCEP）生效实施，建成全球最大自由贸易区。",
            "第一，",
            "农业生产连续增产。",
            "通过了《",
            "中华人民共和国宪法",
            "》，接着通过了法律。",
            "国务院总理李强所作的",
            "政府工作报告",
            "。会议充分肯定。",
            "一、",
            "国家的总任务",
        ]));
        assert_eq!(
            got,
            v(&[
                "——改革开放持续深化。简政放权、放管结合不断区域全面经济伙伴关系协定（RCEP）生效实施，建成全球最大自由贸易区。",
                "第一，农业生产连续增产。",
                "通过了《中华人民共和国宪法》，接着通过了法律。",
                "国务院总理李强所作的政府工作报告。会议充分肯定。",
                "一、国家的总任务",
            ])
        );
    }

    #[test]
    fn joins_tiny_pieces() {
        let got = join_tiny(v(&["政府工作报", "告", "", "广义货币M", "2", "三", "一、甲", "乙"]));
        assert_eq!(got, v(&["政府工作报告", "", "广义货币M2", "三", "一、甲", "乙"]));
        let got = join_fragments(v(&[
            "以下几个方面：",
            "一是",
            "按照法制统一的原则。",
            "广义货币M2",
            "和社会融资规模增长。",
        ]));
        assert_eq!(got, v(&["以下几个方面：", "一是按照法制统一的原则。", "广义货币M2和社会融资规模增长。"]));
    }

    #[test]
    fn keeps_structure_apart() {
        let input = v(&[
            "一、述责述廉情况",
            "（一）坚持勤学立德。我始终牢记",
            "一是强化理论学习。",
            "过去五年的回顾",
            "今后五年的主要任务",
            "段落，没有句号",
            "二、存在的问题",
        ]);
        assert_eq!(join_fragments(input.clone()), input);
    }
}
