//! Calendar dates from front matter (`2023-01-15`, optionally with a time).
//!
//! Only the date part matters to a yearly archive; keeping our own tiny type
//! avoids a date-time dependency and keeps output free of time zones.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, ignoring any time part after it.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let year: i32 = s.get(0..4)?.parse().ok()?;
        let month: u32 = s.get(5..7)?.parse().ok()?;
        let day: u32 = s.get(8..10)?.parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date as readers of `lang` write it: 2022年3月5日 / 5 March 2022.
    pub fn display(&self, lang: &str) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const MONTHS_FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        let m = (self.month as usize).saturating_sub(1).min(11);
        match lang.split('-').next().unwrap_or(lang) {
            "zh" | "ja" => format!("{}年{}月{}日", self.year, self.month, self.day),
            "ko" => format!("{}년 {}월 {}일", self.year, self.month, self.day),
            "fr" => format!("{} {} {}", self.day, MONTHS_FR[m], self.year),
            "de" => format!("{}.{}.{}", self.day, self.month, self.year),
            "en" => format!("{} {} {}", self.day, MONTHS[m], self.year),
            _ => self.iso(),
        }
    }

    /// RFC 3339 timestamp at midnight UTC, for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self.iso())
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let d = Date::parse("2022-03-05").unwrap();
        assert_eq!(d.display("zh"), "2022年3月5日");
        assert_eq!(d.display("en"), "5 March 2022");
        assert_eq!(Date::parse("2022-03-05T10:00:00+08:00"), Some(d));
        assert_eq!(Date::parse("2022-02-30"), None);
        assert_eq!(Date::parse("March 5"), None);
    }
}
