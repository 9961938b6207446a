//! Document metadata: title line, closing signature and date, year, slug,
//! summary.
//!
//! These come from conventions rather than markup: the title is a short
//! unpunctuated first line; the signature and date (`××市城市管理局党组书记、局长`
//! / `2024年1月15日`) close the document; the year is stated in the title or
//! early in the text. Every guess is conservative — when a convention is not
//! met we derive a neutral value and `convert` records a warning instead of
//! inventing content.

use super::classify::{Class, classify};
use crate::parse::PageKind;

/// Title-like words: a short first line containing one of them is a title.
const TITLE_WORDS: [&str; 6] = ["报告", "总结", "讲话", "通知", "决议", "述职"];

fn ends_with_punct(s: &str) -> bool {
    s.ends_with(['。', '！', '？', '；', '：', '，', '、', '!', '?', ';', ':', ',', '.'])
}

/// Removes and returns a leading title line, if the document has one.
pub(crate) fn take_title(lines: &mut Vec<String>) -> Option<String> {
    let first = lines.iter().position(|l| !l.is_empty())?;
    let line = &lines[first];
    let followed_by_blank = lines.get(first + 1).is_none_or(|l| l.is_empty());
    let looks_like = line.chars().count() <= 60
        && !ends_with_punct(line)
        && !line.contains('。')
        && classify(line) == Class::Text
        && (TITLE_WORDS.iter().any(|w| line.contains(w)) || followed_by_blank)
        && lines[first + 1..].iter().any(|l| !l.is_empty());
    if !looks_like {
        return None;
    }
    Some(lines.remove(first))
}

/// Unnumbered closing sections of a speech, headings in print.
const CLOSING_HEADINGS: [&str; 5] = ["结束语", "結束語", "结语", "結語", "结束语："];

/// Is `line` an unnumbered heading that always is one (`结束语`)?
pub(crate) fn closing_heading(line: &str) -> bool {
    CLOSING_HEADINGS.contains(&line)
}

/// A short line without any punctuation, digits or Latin letters: in a
/// document without numbered chapters, such a line standing alone is a part
/// title.
pub(crate) fn part_title(line: &str) -> bool {
    let n = line.chars().count();
    (4..=24).contains(&n)
        && line.chars().all(|c| c.is_alphabetic() && !c.is_ascii() && !('\u{ff01}'..='\u{ff5e}').contains(&c))
        && !is_date_line(line)
}

/// Removes and returns the dateline under a speech's title
/// (`——2023年3月5日在第十四届全国人民代表大会第一次会议上`) with the speaker
/// lines that follow it (`国务院总理` / `李克强`); its date is the speech's.
pub(crate) fn take_dateline(lines: &mut Vec<String>) -> Option<Closing> {
    let first = lines.iter().position(|l| !l.is_empty())?;
    let line = &lines[first];
    let looks_like = line.starts_with('—')
        && line.chars().count() <= 60
        && !line.contains('。')
        && line.contains('年')
        && line.contains('日');
    if !looks_like {
        return None;
    }
    let inner = line.trim_start_matches(['—', ' ']);
    let date = inner.find('日').and_then(|i| parse_date(&inner[..i + '日'.len_utf8()]));
    let mut taken = vec![first];
    let mut speaker: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(first + 1) {
        if l.is_empty() {
            continue;
        }
        let short = l.chars().count() <= 12 && !l.chars().any(|c| "，。：；！？、,.:;!?".contains(c));
        if !short || speaker.len() == 2 || classify(l) != Class::Text {
            break;
        }
        speaker.push(l.trim_matches('\u{3000}').to_string());
        taken.push(i);
    }
    let mut out = vec![line.clone()];
    if !speaker.is_empty() {
        out.push(speaker.join("\u{3000}"));
    }
    for i in taken.into_iter().rev() {
        lines.remove(i);
    }
    Some(Closing { lines: out, date })
}

/// The closing block: signature lines and the date line.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Closing {
    pub lines: Vec<String>,
    pub date: Option<String>,
}

/// Removes and returns a trailing signature/date block.
pub(crate) fn take_closing(lines: &mut Vec<String>) -> Option<Closing> {
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let last = lines.last()?;
    if !is_date_line(last) {
        return None;
    }
    let date = parse_date(last);
    let mut start = lines.len() - 1;
    // Up to two signature lines directly above the date.
    while start > 0 && lines.len() - 1 - start < 2 && signature_like(&lines[start - 1]) {
        start -= 1;
    }
    // A document that is only a signature has no closing, it is the body.
    if lines[..start].iter().all(|l| l.is_empty()) {
        return None;
    }
    Some(Closing { lines: lines.split_off(start), date })
}

fn signature_like(l: &str) -> bool {
    !l.is_empty()
        && l.chars().count() <= 40
        && !ends_with_punct(l)
        && !l.contains(['。', '；'])
        && classify(l) == Class::Text
}

/// Is the whole line a date (`2024年1月15日`, `二〇二四年一月十五日`)?
fn is_date_line(t: &str) -> bool {
    let n = t.chars().count();
    (8..=16).contains(&n)
        && t.ends_with('日')
        && t.contains('年')
        && t.contains('月')
        && t.chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇○零一二三四五六七八九十年月日 ".contains(c))
}

fn digit_value(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    if ('０'..='９').contains(&c) {
        return Some(c as u32 - '０' as u32);
    }
    "〇一二三四五六七八九".chars().position(|d| d == c || (c == '○' || c == '零') && d == '〇').map(|p| p as u32)
}

/// Parses a number written with digits or Chinese numerals up to 99 (`十五`).
fn small_number(s: &str) -> Option<u32> {
    if let Some(i) = s.find('十') {
        let tens = if i == 0 { 1 } else { small_number(&s[..i])? };
        let rest = &s[i + '十'.len_utf8()..];
        let ones = if rest.is_empty() { 0 } else { small_number(rest)? };
        return Some(tens * 10 + ones);
    }
    let mut v: u32 = 0;
    for c in s.chars() {
        v = v.checked_mul(10)?.checked_add(digit_value(c)?)?;
    }
    (!s.is_empty()).then_some(v)
}

/// `2024年1月15日` → `2024-01-15`; `None` if the date is not valid.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s: String = s.chars().filter(|c| *c != ' ').collect();
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    let y = small_number(y).filter(|_| y.chars().count() == 4)?;
    let (m, d) = (small_number(m)?, small_number(d)?);
    let valid = (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d);
    valid.then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The first year written as `2022年`, `２０２２年` or `一九五八年` in `s`.
pub(crate) fn find_year(s: &str) -> Option<i32> {
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != '年' || i < 4 {
            continue;
        }
        let digits = &chars[i - 4..i];
        if i > 4 && digit_value(chars[i - 5]).is_some() {
            continue;
        }
        let mut y: i32 = 0;
        let mut ok = true;
        for d in digits {
            match digit_value(*d) {
                Some(v) => y = y * 10 + v as i32,
                None => ok = false,
            }
        }
        if ok && (1900..=2100).contains(&y) {
            return Some(y);
        }
    }
    None
}

/// Default slug: by document type, else from an ASCII file stem, else a
/// neutral word.
pub(crate) fn default_slug(title: &str, text: &str, stem: Option<&str>, kind: PageKind) -> String {
    let has = |w: &str| title.contains(w) || text.contains(w);
    if kind == PageKind::Report && has("述责述廉") {
        return "duty-report".into();
    }
    if kind == PageKind::Report && has("工作报告") {
        return "work-report".into();
    }
    if let Some(slug) = stem.and_then(ascii_slug) {
        return slug;
    }
    if kind == PageKind::Case { "case" } else { "report" }.into()
}

/// Lower-case ASCII slug of `s`, if it contains ASCII letters.
pub(crate) fn ascii_slug(s: &str) -> Option<String> {
    if !s.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    Some(out.trim_end_matches('-').to_string())
}

/// Whether `s` is usable as a file-name slug.
pub(crate) fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['-', '.'])
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !s.contains("..")
}

/// Document types whose name alone makes a title, in both scripts. A title
/// that is only such a name (`政府工作报告`) gets the year in front.
const GENERIC_TITLES: [&str; 8] = ["报告", "報告", "总结", "總結", "讲话", "講話", "述职", "述職"];

/// `政府工作报告` + 2019 → `2019年政府工作报告`: a title that is only a
/// document type and lacks the year, so that fifty reports do not share one
/// title in lists and search results. Other titles are kept as written.
pub(crate) fn title_with_year(title: &str, year: Option<i32>) -> String {
    let generic = title.chars().count() <= 12
        && GENERIC_TITLES.iter().any(|w| title.ends_with(w))
        && !title.chars().any(|c| c.is_ascii_alphanumeric())
        && find_year(title).is_none()
        && !title.contains(['第', '关', '關', '的']);
    match year {
        Some(y) if generic && title.starts_with("年") => format!("{y}{title}"),
        Some(y) if generic => format!("{y}年{title}"),
        _ => title.to_string(),
    }
}

/// Derives a title when the document has no title line, using the words of
/// the document as written (simplified or traditional).
pub(crate) fn derive_title(text: &str, year: Option<i32>, lang: &str) -> String {
    let en = lang.starts_with("en");
    if !en && let Some(t) = resolution_title(text) {
        return t;
    }
    let y = year.map(|y| y.to_string());
    // (phrases that must all occur in the text, title suffix, English name),
    // most specific first. A speech of the State Council to the congress
    // (`我代表国务院…`) is a government work report whatever it calls itself.
    let kinds: [(&[&str], &str, &str); 14] = [
        (&["述责述廉"], "年度述责述廉报告", "Duty report"),
        (&["述責述廉"], "年度述責述廉報告", "Duty report"),
        (&["政府工作报告"], "年政府工作报告", "Government work report"),
        (&["政府工作報告"], "年政府工作報告", "Government work report"),
        (&["报告政府工作"], "年政府工作报告", "Government work report"),
        (&["報告政府工作"], "年政府工作報告", "Government work report"),
        (&["政府作工作報告"], "年政府工作報告", "Government work report"),
        (&["代表国务院"], "年政府工作报告", "Government work report"),
        (&["国务院的委托"], "年政府工作报告", "Government work report"),
        (&["国务院向"], "年政府工作报告", "Government work report"),
        (&["国务院", "各位代表"], "年政府工作报告", "Government work report"),
        (&["工作报告"], "年工作报告", "Work report"),
        (&["工作報告"], "年工作報告", "Work report"),
        (&["報告"], "年報告", "Report"),
    ];
    let (cn, en_name) = kinds
        .iter()
        .find(|(needles, _, _)| needles.iter().all(|w| text.contains(w)))
        .map(|(_, cn, en)| (*cn, *en))
        .unwrap_or(("年报告", "Report"));
    match (en, y) {
        (true, Some(y)) => format!("{en_name} {y}"),
        (true, None) => en_name.to_string(),
        (false, Some(y)) => format!("{y}{cn}"),
        (false, None) => cn.trim_start_matches("年度").trim_start_matches('年').to_string(),
    }
}

/// `第十四届全国人民代表大会第三次会议听取和审议了…政府工作报告。…` → the
/// resolution's title, `第十四届全国人民代表大会第三次会议关于政府工作报告的决议`.
fn resolution_title(text: &str) -> Option<String> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let (body, _) = first.split_once("听取").or_else(|| first.split_once("聽取"))?;
    let body = body.trim_end_matches(['，', ',']);
    let traditional = first.contains("聽取");
    let session = body.ends_with(['议', '議']) && body.chars().count() <= 40 && !body.contains(['，', '。']);
    let about = text.chars().take(400).collect::<String>();
    let on_report = about.contains("政府工作报告") || about.contains("政府工作報告");
    (session && on_report).then(|| {
        if traditional {
            format!("{body}關於政府工作報告的決議")
        } else {
            format!("{body}关于政府工作报告的决议")
        }
    })
}

/// The first sentence of `para`, at most 120 characters.
pub(crate) fn summary(para: &str) -> String {
    let end = para
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '！' | '？'))
        .map_or(para.len(), |(i, c)| i + c.len_utf8());
    let sentence = &para[..end];
    if sentence.chars().count() <= 120 {
        return sentence.to_string();
    }
    let mut s: String = sentence.chars().take(119).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn titles() {
        let mut l = v(&["2023年度述责述廉报告", "正文。"]);
        assert_eq!(take_title(&mut l).as_deref(), Some("2023年度述责述廉报告"));
        let mut l = v(&["关于垃圾分类", "", "正文。"]);
        assert_eq!(take_title(&mut l).as_deref(), Some("关于垃圾分类"));
        for first in ["各位代表：", "一、述责述廉情况", "2022年，在市委的领导下。"] {
            let mut l = v(&[first, "", "正文。"]);
            assert_eq!(take_title(&mut l), None, "{first}");
        }
    }

    #[test]
    fn datelines() {
        let mut l = v(&[
            "",
            "——2023年3月5日在第十四届全国人民代表大会第一次会议上",
            "",
            "国务院总理",
            "李克强",
            "",
            "各位代表：",
            "正文。",
        ]);
        let d = take_dateline(&mut l).unwrap();
        assert_eq!(d.lines, v(&["——2023年3月5日在第十四届全国人民代表大会第一次会议上", "国务院总理\u{3000}李克强"]));
        assert_eq!(d.date.as_deref(), Some("2023-03-05"));
        assert_eq!(l, v(&["", "", "", "各位代表：", "正文。"]));
        let mut l = v(&["各位代表：", "正文。"]);
        assert_eq!(take_dateline(&mut l), None);
        assert!(
            part_title("国民经济的成就和今后的建设任务")
                && !part_title("国务院总理李克强。")
                && !part_title("2024年1月15日")
        );
    }

    #[test]
    fn closings() {
        let mut l = v(&["正文。", "", "××市城市管理局党组书记、局长", "2024年1月15日"]);
        let c = take_closing(&mut l).unwrap();
        assert_eq!(c.lines, v(&["××市城市管理局党组书记、局长", "2024年1月15日"]));
        assert_eq!(c.date.as_deref(), Some("2024-01-15"));
        assert_eq!(l, v(&["正文。", ""]));
        let mut l = v(&["正文。", "二〇二三年十二月三十一日"]);
        assert_eq!(take_closing(&mut l).unwrap().date.as_deref(), Some("2023-12-31"));
        let mut l = v(&["正文。", "我们要继续努力"]);
        assert_eq!(take_closing(&mut l), None);
    }

    #[test]
    fn dates_and_years() {
        assert_eq!(parse_date("２０２４年１月５日").as_deref(), Some("2024-01-05"));
        assert_eq!(parse_date("2024年13月5日"), None);
        assert_eq!(find_year("在2022年，"), Some(2022));
        assert_eq!(find_year("一九五八年的计划"), Some(1958));
        assert_eq!(find_year("12022年 3年"), None);
        assert_eq!(find_year("年"), None);
    }

    #[test]
    fn slugs_and_titles() {
        assert_eq!(default_slug("", "述责述廉", None, PageKind::Report), "duty-report");
        assert_eq!(default_slug("", "x", Some("Report 2022_final"), PageKind::Report), "report-2022-final");
        assert_eq!(default_slug("", "x", Some("报告"), PageKind::Report), "report");
        assert_eq!(derive_title("述责述廉", Some(2022), "zh"), "2022年度述责述廉报告");
        assert_eq!(derive_title("工作报告", Some(2021), "zh"), "2021年工作报告");
        assert_eq!(derive_title("x", None, "zh"), "报告");
        assert_eq!(derive_title("我代表国务院，向大会报告政府工作", Some(2019), "zh"), "2019年政府工作报告");
        assert_eq!(derive_title("現在，向大會作政府工作報告。", Some(1954), "zh"), "1954年政府工作報告");
        assert_eq!(
            derive_title("第二届全国人民代表大会第三次会议听取了周恩来总理代表国务院所作的政府工作报告。", None, "zh"),
            "第二届全国人民代表大会第三次会议关于政府工作报告的决议"
        );
        assert_eq!(title_with_year("政府工作报告", Some(2019)), "2019年政府工作报告");
        assert_eq!(title_with_year("年度述责述廉报告", Some(2023)), "2023年度述责述廉报告");
        assert_eq!(title_with_year("政府工作報告", Some(1954)), "1954年政府工作報告");
        for kept in ["2023年度述责述廉报告", "关于垃圾分类", "关于政府工作报告的决议", "Annual report"]
        {
            assert_eq!(title_with_year(kept, Some(2020)), kept);
        }
        assert!(valid_slug("duty-report") && !valid_slug("../x") && !valid_slug("a/b"));
    }

    #[test]
    fn summaries() {
        assert_eq!(summary("学习**次。其余"), "学习**次。");
        assert_eq!(summary(&"长".repeat(200)).chars().count(), 120);
    }
}
