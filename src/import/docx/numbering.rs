//! Automatic numbering (`numbering.xml`) resolved into the visible label.
//!
//! In a Word report the `一、` and `（一）` of GB/T 9704 are usually not
//! typed: the heading style points at a numbering definition and Word draws
//! the label. The text is then just `总体要求`, and an importer that reads
//! only `w:t` loses the document's structure. We replay Word's counters:
//!
//! * a paragraph's `w:numPr` (or its style's) names a numbering instance
//!   (`w:num`) and a level (`w:ilvl`);
//! * the instance points at an abstract definition whose levels give the
//!   start value, the format (`chineseCounting` → 一, `decimal` → 1, …) and
//!   the label template (`%1、`, `（%2）`, `%1.%2`);
//! * counters belong to the abstract definition, so instances sharing it
//!   continue one list, except where an instance overrides a level's start
//!   (`w:lvlOverride/w:startOverride`) — that is how Word restarts a list;
//! * using a level resets the deeper levels (unless `w:lvlRestart` says
//!   otherwise), so `（一）` starts again under every `一、`.

use std::collections::{HashMap, HashSet};

use super::xml::{Element, Ns};

/// A paragraph's reference to a numbering instance and level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NumRef {
    pub num_id: String,
    pub ilvl: Option<usize>,
}

impl NumRef {
    /// Reads `w:numPr` from paragraph properties (`w:pPr`).
    pub(crate) fn parse(ppr: &Element) -> Option<NumRef> {
        let num_pr = ppr.child(Ns::W, "numPr")?;
        let num_id = num_pr.child(Ns::W, "numId").and_then(|n| n.val())?.to_string();
        let ilvl = num_pr.child(Ns::W, "ilvl").and_then(|l| l.val()).and_then(|v| v.parse::<usize>().ok());
        Some(NumRef { num_id, ilvl })
    }
}

/// Number formats (`w:numFmt`) that reports use; others fall back to decimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Decimal,
    DecimalZero,
    DecimalFullWidth,
    DecimalEnclosedCircle,
    ChineseCounting,
    ChineseLegal,
    IdeographTraditional,
    UpperLetter,
    LowerLetter,
    UpperRoman,
    LowerRoman,
    Bullet,
    None,
}

impl Format {
    fn parse(s: &str) -> Format {
        match s {
            "decimalZero" => Format::DecimalZero,
            "decimalFullWidth" | "decimalFullWidth2" => Format::DecimalFullWidth,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => Format::DecimalEnclosedCircle,
            "chineseCounting"
            | "chineseCountingThousand"
            | "ideographDigital"
            | "japaneseCounting"
            | "taiwaneseCounting"
            | "taiwaneseCountingThousand" => Format::ChineseCounting,
            "chineseLegalSimplified" => Format::ChineseLegal,
            "ideographTraditional" => Format::IdeographTraditional,
            "upperLetter" => Format::UpperLetter,
            "lowerLetter" => Format::LowerLetter,
            "upperRoman" => Format::UpperRoman,
            "lowerRoman" => Format::LowerRoman,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            _ => Format::Decimal,
        }
    }

    pub(crate) fn format(self, n: u32) -> String {
        match self {
            Format::Decimal | Format::Bullet => n.to_string(),
            Format::DecimalZero => format!("{n:02}"),
            Format::DecimalFullWidth => n
                .to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                .collect(),
            Format::DecimalEnclosedCircle if (1..=20).contains(&n) => {
                char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
            }
            Format::DecimalEnclosedCircle => n.to_string(),
            Format::ChineseCounting => chinese(n, "零一二三四五六七八九", "十百千万"),
            Format::ChineseLegal => chinese(n, "零壹贰叁肆伍陆柒捌玖", "拾佰仟万"),
            Format::IdeographTraditional => {
                let stems: Vec<char> = "甲乙丙丁戊己庚辛壬癸".chars().collect();
                stems[(n.max(1) as usize - 1) % 10].to_string()
            }
            Format::UpperLetter => letters(n).to_uppercase(),
            Format::LowerLetter => letters(n),
            Format::UpperRoman => roman(n),
            Format::LowerRoman => roman(n).to_lowercase(),
            Format::None => String::new(),
        }
    }
}

/// Chinese counting numerals as Word prints them: 十, 十一, 二十, 一百零五.
fn chinese(n: u32, digits: &str, units: &str) -> String {
    let d: Vec<char> = digits.chars().collect();
    let u: Vec<char> = units.chars().collect();
    if n == 0 {
        return d[0].to_string();
    }
    if n >= 100_000 {
        return n.to_string();
    }
    let mut out = String::new();
    let mut zero = false;
    let places = [(10_000, Some(u[3])), (1000, Some(u[2])), (100, Some(u[1])), (10, Some(u[0])), (1, None)];
    for (value, unit) in places {
        let digit = (n / value) % 10;
        if digit == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push(d[0]);
            zero = false;
        }
        // 十一, not 一十一, when ten is the leading place.
        if !(value == 10 && digit == 1 && out.is_empty()) {
            out.push(d[digit as usize]);
        }
        if let Some(unit) = unit {
            out.push(unit);
        }
    }
    out
}

fn letters(n: u32) -> String {
    // Word repeats the letter: a … z, aa … zz.
    let n = n.max(1) - 1;
    let c = (b'a' + (n % 26) as u8) as char;
    std::iter::repeat_n(c, (n / 26) as usize + 1).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[derive(Clone, Debug)]
struct Level {
    start: u32,
    format: Format,
    text: String,
    /// `w:lvlRestart`: restart after this (1-based) level is used; 0 never.
    restart: Option<usize>,
    legal: bool,
}

impl Level {
    fn parse(l: &Element) -> Level {
        let val = |name: &str| l.child(Ns::W, name).and_then(|e| e.val());
        Level {
            start: val("start").and_then(|v| v.parse().ok()).unwrap_or(1),
            format: val("numFmt").map_or(Format::Decimal, Format::parse),
            text: val("lvlText").unwrap_or("").to_string(),
            restart: val("lvlRestart").and_then(|v| v.parse().ok()),
            legal: l.flag("isLgl").unwrap_or(false),
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: String,
    /// Per level: start override and replaced level definition.
    overrides: HashMap<usize, (Option<u32>, Option<Level>)>,
}

/// The visible label of one numbered paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    /// `一、`, `（二）`, `1.2`.
    Text(String),
    /// A bullet: a list item, not a number.
    Bullet,
}

/// The numbering definitions plus the running counters of one document.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    nums: HashMap<String, Num>,
    abstracts: HashMap<String, Vec<Level>>,
    /// Counters per abstract definition, per level (`None`: not used yet).
    counters: HashMap<String, [Option<u32>; 9]>,
    /// Instances whose start overrides have been applied.
    started: HashSet<String>,
}

impl Numbering {
    pub(crate) fn parse(root: Option<&Element>) -> Numbering {
        let mut out = Numbering::default();
        let Some(root) = root else { return out };
        for a in root.elements().filter(|e| e.is(Ns::W, "abstractNum")) {
            let Some(id) = a.attr(Ns::W, "abstractNumId") else { continue };
            let mut levels =
                vec![Level { start: 1, format: Format::None, text: String::new(), restart: None, legal: false }; 9];
            for l in a.elements().filter(|e| e.is(Ns::W, "lvl")) {
                if let Some(i) = l.attr(Ns::W, "ilvl").and_then(|v| v.parse::<usize>().ok()).filter(|i| *i < 9) {
                    levels[i] = Level::parse(l);
                }
            }
            out.abstracts.insert(id.to_string(), levels);
        }
        for n in root.elements().filter(|e| e.is(Ns::W, "num")) {
            let (Some(id), Some(abs)) = (n.attr(Ns::W, "numId"), n.child(Ns::W, "abstractNumId").and_then(|a| a.val()))
            else {
                continue;
            };
            let mut num = Num { abstract_id: abs.to_string(), overrides: HashMap::new() };
            for o in n.elements().filter(|e| e.is(Ns::W, "lvlOverride")) {
                let Some(i) = o.attr(Ns::W, "ilvl").and_then(|v| v.parse::<usize>().ok()).filter(|i| *i < 9) else {
                    continue;
                };
                let start = o.child(Ns::W, "startOverride").and_then(|s| s.val()).and_then(|v| v.parse().ok());
                let level = o.child(Ns::W, "lvl").map(Level::parse);
                num.overrides.insert(i, (start, level));
            }
            out.nums.insert(id.to_string(), num);
        }
        out
    }

    /// Advances the counters for a paragraph numbered `r` and returns its
    /// label; `None` for `numId` 0 (numbering removed) or unknown ids.
    pub(crate) fn next(&mut self, r: &NumRef) -> Option<Label> {
        let num = self.nums.get(&r.num_id)?.clone();
        let mut levels = self.abstracts.get(&num.abstract_id)?.clone();
        for (i, (_, lvl)) in &num.overrides {
            if let Some(l) = lvl {
                levels[*i] = l.clone();
            }
        }
        let ilvl = r.ilvl.unwrap_or(0).min(8);
        let counters = self.counters.entry(num.abstract_id.clone()).or_insert([None; 9]);
        if self.started.insert(r.num_id.clone()) {
            for (i, (start, _)) in &num.overrides {
                if let Some(s) = start {
                    // The counter is one before the start so the next use prints it.
                    counters[*i] = Some(s.saturating_sub(1));
                }
            }
            // An instance that restarts a level restarts its deeper levels too.
            if let Some(min) = num.overrides.iter().filter(|(_, (s, _))| s.is_some()).map(|(i, _)| *i).min() {
                for c in counters.iter_mut().skip(min + 1) {
                    *c = None;
                }
            }
        }
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => n + 1,
            None => levels[ilvl].start,
        });
        for (d, c) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            // lvlRestart is 1-based: restart after level `r` is used; 0 never.
            let reset = match levels[d].restart {
                None => true,
                Some(0) => false,
                Some(r) => r > ilvl,
            };
            if reset {
                *c = None;
            }
        }
        let level = &levels[ilvl];
        if level.format == Format::Bullet {
            return Some(Label::Bullet);
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d))
            {
                chars.next();
                let i = d as usize - 1;
                let value = counters[i].unwrap_or(levels[i].start);
                let format = if level.legal && i < ilvl { Format::Decimal } else { levels[i].format };
                out.push_str(&format.format(value));
            } else {
                out.push(c);
            }
        }
        Some(Label::Text(out))
    }
}

#[cfg(test)]
mod tests {
    use super::super::xml;
    use super::*;

    #[test]
    fn chinese_numerals() {
        let f = |n| Format::ChineseCounting.format(n);
        assert_eq!(
            [f(1), f(10), f(11), f(20), f(21), f(100), f(105), f(110)],
            ["一", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十"]
        );
        assert_eq!(Format::DecimalEnclosedCircle.format(3), "③");
        assert_eq!(Format::UpperRoman.format(14), "XIV");
        assert_eq!(Format::LowerLetter.format(28), "bb");
        assert_eq!(Format::DecimalFullWidth.format(12), "１２");
    }

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn numbering(body: &str) -> Numbering {
        let x = format!("<w:numbering {W}>{body}</w:numbering>");
        Numbering::parse(Some(&xml::parse(x.as_bytes()).unwrap()))
    }

    fn lvl(i: u8, fmt: &str, text: &str) -> String {
        format!(
            "<w:lvl w:ilvl=\"{i}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/></w:lvl>"
        )
    }

    #[test]
    fn multilevel_restarts() {
        let abs = format!(
            "<w:abstractNum w:abstractNumId=\"0\">{}{}{}</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>",
            lvl(0, "chineseCounting", "%1、"),
            lvl(1, "chineseCounting", "（%2）"),
            lvl(2, "decimal", "%3.")
        );
        let mut n = numbering(&abs);
        let mut at = |id: &str, i: usize| match n.next(&NumRef { num_id: id.into(), ilvl: Some(i) }) {
            Some(Label::Text(t)) => t,
            other => panic!("{other:?}"),
        };
        let got: Vec<String> = [("1", 0), ("1", 1), ("1", 1), ("1", 2), ("1", 0), ("1", 1), ("1", 2), ("1", 0)]
            .iter()
            .map(|(id, i)| at(id, *i))
            .collect();
        assert_eq!(got, ["一、", "（一）", "（二）", "1.", "二、", "（一）", "1.", "三、"]);
        // A second instance with a start override restarts the list.
        assert_eq!(at("2", 0), "一、");
        assert_eq!(at("2", 1), "（一）");
        assert_eq!(at("1", 0), "二、");
        assert_eq!(n.next(&NumRef { num_id: "0".into(), ilvl: Some(0) }), None);
    }

    #[test]
    fn legal_and_bullets() {
        let abs = format!(
            "<w:abstractNum w:abstractNumId=\"3\">{}<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:isLgl/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%2\"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId=\"4\">{}</w:abstractNum><w:num w:numId=\"7\"><w:abstractNumId w:val=\"3\"/></w:num><w:num w:numId=\"8\"><w:abstractNumId w:val=\"4\"/></w:num>",
            lvl(0, "chineseCounting", "第%1章"),
            lvl(0, "bullet", "\u{f0b7}")
        );
        let mut n = numbering(&abs);
        n.next(&NumRef { num_id: "7".into(), ilvl: Some(0) });
        assert_eq!(n.next(&NumRef { num_id: "7".into(), ilvl: Some(1) }), Some(Label::Text("1.1".into())));
        assert_eq!(n.next(&NumRef { num_id: "8".into(), ilvl: None }), Some(Label::Bullet));
    }
}
