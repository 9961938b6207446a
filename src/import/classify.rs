//! Line classifier: which lines of an official document are headings.
//!
//! Chinese official documents (GB/T 9704) number their structure with a
//! fixed set of markers — `一、`, `（一）`, `1.`, `（1）` — instead of
//! typographic headings, and plain-text exports lose everything else. The
//! markers are therefore our only structural signal, but they are also used
//! for list items and appear inside ordinary sentences (`1.5万吨`), so a
//! marker alone is not enough. A line is a heading when:
//!
//! * it starts with a marker (half- or full-width brackets, dots, digits), the
//!   digits are not the start of a decimal or a year;
//! * its heading part — the text up to the first `。` — is at most
//!   [`MAX_HEADING_CHARS`] characters and does not read like a list item
//!   (contains `；`, or ends with `，`/`、`).
//!
//! Text after the first `。` is the run-in body paragraph that GB/T 9704
//! allows on the same line (`（一）坚持勤学立德。我始终…`). The heading *level*
//! is not decided here: documents skip levels freely, so `convert` assigns
//! levels in the order marker types first appear.

/// Headings longer than this (in characters, marker excluded) are paragraphs.
pub(crate) const MAX_HEADING_CHARS: usize = 60;

/// The numbering styles of GB/T 9704, plus a bare numeral on its own line
/// (older documents use `一` alone as a section separator).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    /// `一、`
    Chapter,
    /// `（一）` / `(一)`
    ParenChinese,
    /// `1.` `1．` `１．` `1、`
    Arabic,
    /// `（1）` / `(1)` / `（１）`
    ParenArabic,
    /// A line that is only `一`, `二`, … `十二`.
    Bare,
}

/// A classified line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// `text` is the heading including its numbering; `rest` the run-in body.
    Heading {
        marker: Marker,
        text: String,
        rest: Option<String>,
    },
    Text,
}

pub(crate) fn is_cn_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇' | '零' | '百')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Value of a well-formed Chinese numeral up to 99 (`三`, `十二`, `二十一`);
/// `None` for sequences like `十三五` (the 13th Five-Year Plan) or `〇`.
pub(crate) fn cn_number(s: &str) -> Option<u32> {
    let digit = |c: char| "一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', o] => Some(10 + digit(*o)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', o] => Some(digit(*t)? * 10 + digit(*o)?),
        _ => None,
    }
}

/// The number a heading starts with (`（十二）…` → 12, `３．…` → 3).
pub(crate) fn heading_number(text: &str) -> Option<u32> {
    let inner = text.trim_start_matches(['（', '(']);
    let (cn_b, _) = run(inner, is_cn_numeral);
    if cn_b > 0 {
        return cn_number(&inner[..cn_b]);
    }
    let mut n: u32 = 0;
    let mut any = false;
    for c in inner.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        n = n.checked_mul(10)?.checked_add(d)?;
        any = true;
    }
    any.then_some(n)
}

/// Byte length of the leading run of chars satisfying `f`, and its char count.
fn run(s: &str, f: impl Fn(char) -> bool) -> (usize, usize) {
    let mut bytes = 0;
    let mut chars = 0;
    for c in s.chars() {
        if !f(c) {
            break;
        }
        bytes += c.len_utf8();
        chars += 1;
    }
    (bytes, chars)
}

/// Recognises a numbering marker at the start of `line` and returns it with
/// the byte length of the marker.
pub(crate) fn marker(line: &str) -> Option<(Marker, usize)> {
    let first = line.chars().next()?;
    if first == '（' || first == '(' {
        let inner = &line[first.len_utf8()..];
        let (cn_b, cn_n) = run(inner, is_cn_numeral);
        let (dg_b, dg_n) = run(inner, is_digit);
        let (kind, len) = if cn_n > 0 && cn_n <= 3 {
            (Marker::ParenChinese, cn_b)
        } else if dg_n > 0 && dg_n <= 2 {
            (Marker::ParenArabic, dg_b)
        } else {
            return None;
        };
        let close = inner[len..].chars().next()?;
        if close == '）' || close == ')' {
            return Some((kind, first.len_utf8() + len + close.len_utf8()));
        }
        return None;
    }
    let (cn_b, cn_n) = run(line, is_cn_numeral);
    if cn_n > 0 && cn_n <= 3 {
        if line[cn_b..].starts_with('、') {
            return Some((Marker::Chapter, cn_b + '、'.len_utf8()));
        }
        if cn_b == line.len() && cn_number(line).is_some() {
            return Some((Marker::Bare, cn_b));
        }
        return None;
    }
    let (dg_b, dg_n) = run(line, is_digit);
    if dg_n > 0 && dg_n <= 2 {
        let mut rest = line[dg_b..].chars();
        let dot = rest.next()?;
        if matches!(dot, '.' | '．' | '、') {
            // `1.5万吨` is a decimal, not a heading.
            match rest.next() {
                Some(c) if is_digit(c) => return None,
                _ => return Some((Marker::Arabic, dg_b + dot.len_utf8())),
            }
        }
    }
    None
}

/// Classifies one trimmed line.
pub(crate) fn classify(line: &str) -> Class {
    let Some((marker, len)) = marker(line) else {
        return Class::Text;
    };
    if marker == Marker::Bare {
        return Class::Heading { marker, text: line.to_string(), rest: None };
    }
    let body = line[len..].trim_start();
    if body.is_empty() {
        return Class::Text;
    }
    let (head, rest) = match body.find(['。', '！', '？']) {
        Some(i) => {
            let stop = body[i..].chars().next().map_or(0, char::len_utf8);
            let rest = body[i + stop..].trim();
            (&body[..i], (!rest.is_empty()).then(|| rest.to_string()))
        }
        None => (body, None),
    };
    let list_like = head.contains(['；', ';']) || head.ends_with(['，', '、', ',']);
    if head.is_empty() || list_like || head.chars().count() > MAX_HEADING_CHARS {
        return Class::Text;
    }
    Class::Heading { marker, text: format!("{}{}", &line[..len], head), rest }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(marker: Marker, text: &str, rest: Option<&str>) -> Class {
        Class::Heading { marker, text: text.into(), rest: rest.map(Into::into) }
    }

    #[test]
    fn table() {
        use Marker::*;
        let cases: Vec<(&str, Class)> = vec![
            ("一、述责述廉情况", h(Chapter, "一、述责述廉情况", None)),
            ("十二、其他", h(Chapter, "十二、其他", None)),
            ("一、 过去五年工作回顾", h(Chapter, "一、过去五年工作回顾", None)),
            ("（一）坚持学习", h(ParenChinese, "（一）坚持学习", None)),
            ("(二)坚持学习", h(ParenChinese, "(二)坚持学习", None)),
            ("（三)混合括号", h(ParenChinese, "（三)混合括号", None)),
            ("1.加强领导", h(Arabic, "1.加强领导", None)),
            ("1．加强领导", h(Arabic, "1．加强领导", None)),
            ("１．加强领导", h(Arabic, "１．加强领导", None)),
            ("1、加强领导", h(Arabic, "1、加强领导", None)),
            ("12. 第十二项", h(Arabic, "12.第十二项", None)),
            ("（1）具体措施", h(ParenArabic, "（1）具体措施", None)),
            ("(2)具体措施", h(ParenArabic, "(2)具体措施", None)),
            ("（３）全角数字", h(ParenArabic, "（３）全角数字", None)),
            ("三", h(Bare, "三", None)),
            ("十三五", Class::Text),
            // Run-in heading: split at the first 。
            (
                "（一）坚持勤学立德，不断提升个人政治素养。我始终牢记要求。",
                h(ParenChinese, "（一）坚持勤学立德，不断提升个人政治素养", Some("我始终牢记要求。")),
            ),
            ("二、存在的问题。", h(Chapter, "二、存在的问题", None)),
            // Decimals, years, quantities and masks are not headings.
            ("1.5万吨垃圾得到处理。", Class::Text),
            ("１．５万吨", Class::Text),
            ("2022年，在市委的领导下", Class::Text),
            ("100.加强", Class::Text),
            ("**次专题学习", Class::Text),
            ("××市城市管理局", Class::Text),
            ("XX%的群众满意", Class::Text),
            ("（RCEP）生效实施", Class::Text),
            ("（2022年）", Class::Text),
            ("第一，坚持党的领导。", Class::Text),
            ("一是强化理论学习。", Class::Text),
            ("一年来，我们主要做了以下工作：", Class::Text),
            ("十分重要。", Class::Text),
            ("一、", Class::Text),
            // List items: semicolons, trailing commas, over-long heading part.
            ("一、继续坚持改革不合理的价格体系；", Class::Text),
            ("（1）对全国科技人员，", Class::Text),
            (
                "一、这是一个非常非常长的句子没有句号而且远远超过六十个字符的限制所以它应当被当作普通段落处理而不是标题因为标题不会这么长的吧再加一些字确保超过",
                Class::Text,
            ),
        ];
        for (line, want) in cases {
            assert_eq!(classify(line), want, "line: {line}");
        }
    }

    #[test]
    fn numbers() {
        for (s, n) in [("一、", 1), ("（十二）", 12), ("二十一、", 21), ("３．", 3), ("(10)", 10)] {
            assert_eq!(heading_number(s), Some(n), "{s}");
        }
        assert_eq!(cn_number("十三五"), None);
        assert_eq!(heading_number("、"), None);
    }

    #[test]
    fn markers_report_their_length() {
        assert_eq!(marker("（一）x"), Some((Marker::ParenChinese, 9)));
        assert_eq!(marker("1.x"), Some((Marker::Arabic, 2)));
        assert_eq!(marker("一二三四、x"), None);
        assert_eq!(marker(""), None);
        assert_eq!(marker("（"), None);
    }
}
