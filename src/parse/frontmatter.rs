//! Front matter in TOML (`+++`) or YAML (`---`).
//!
//! Both syntaxes are read into one typed struct with `deny_unknown_fields`, so
//! a typo such as `titel` is an error with the file and line, not a page that
//! silently lacks its title. Values of its own go under `[extra]`.

use std::path::Path;

use serde::Deserialize;

use crate::error::SiteError;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub kind: Option<PageKind>,
    pub year: Option<i32>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Pairs translations whose file names differ.
    pub translation_key: Option<String>,
    /// Groups reports of one body over the years when their file names differ.
    pub series: Option<String>,
    /// Template to render this page or section with, instead of the default.
    pub template: Option<String>,
    /// Sections: `date` (newest first, the default), `weight` or `title`.
    pub sort_by: Option<String>,
    /// Languages this page exists in by design (`["zh"]`: Chinese only). On
    /// `_index.md` it applies to the whole section. `check --strict` does not
    /// ask for translations into other languages.
    pub languages: Option<Vec<String>>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// What a page is; decides where it is listed (home, years, topics) and which
/// relations it shows. Serialized lower-case (`report`), as in front matter
/// and templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// A yearly report (`reports/`).
    Report,
    /// A case study (`cases/`).
    Case,
    /// Anything else.
    #[default]
    Page,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Report => "report",
            PageKind::Case => "case",
            PageKind::Page => "page",
        }
    }

    /// The kind implied by the first folder of a content path
    /// (`reports/…` → report, `cases/…` → case).
    pub fn from_path(key: &str) -> PageKind {
        match key.split('/').next() {
            Some("reports") => PageKind::Report,
            Some("cases") => PageKind::Case,
            _ => PageKind::Page,
        }
    }
}

impl std::fmt::Display for PageKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PageKind {
    type Err = String;

    fn from_str(s: &str) -> Result<PageKind, String> {
        match s {
            "report" => Ok(PageKind::Report),
            "case" => Ok(PageKind::Case),
            "page" => Ok(PageKind::Page),
            _ => Err(format!("kind must be `report`, `case` or `page`, not `{s}`")),
        }
    }
}

/// The front matter and the body, with the line on which the body starts.
pub struct Split<'a> {
    pub front: Option<(Syntax, &'a str)>,
    pub body: &'a str,
    /// 1-based line of the first front-matter line (after the fence).
    pub front_line: usize,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

pub fn split_front_matter<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, SiteError> {
    let (fence, syntax) = if text.starts_with("+++") {
        ("+++", Syntax::Toml)
    } else if text.starts_with("---") {
        ("---", Syntax::Yaml)
    } else {
        return Ok(Split { front: None, body: text, front_line: 1, body_line: 1 });
    };
    let first_nl = match text.find('\n') {
        Some(i) => i,
        None => {
            return Err(SiteError::at(file, 1, format!("front matter opened with `{fence}` is never closed")));
        }
    };
    if text[..first_nl].trim_end() != fence {
        return Ok(Split { front: None, body: text, front_line: 1, body_line: 1 });
    }
    let rest = &text[first_nl + 1..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == fence {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let front_lines = front.matches('\n').count();
            return Ok(Split { front: Some((syntax, front)), body, front_line: 2, body_line: front_lines + 3 });
        }
        offset += line.len();
    }
    Err(SiteError::at(file, 1, format!("front matter opened with `{fence}` is never closed")))
}

impl FrontMatter {
    pub fn parse(split: &Split<'_>, file: &Path) -> Result<FrontMatter, SiteError> {
        let Some((syntax, text)) = split.front else {
            return Ok(FrontMatter::default());
        };
        let base = split.front_line;
        match syntax {
            Syntax::Toml => {
                let table: toml::Table = toml::from_str(text).map_err(|e| {
                    let line = e.span().map(|s| crate::error::line_of(text, s.start) + base - 1).unwrap_or(base);
                    SiteError::at(file, line, format!("invalid TOML front matter: {}", e.message().trim()))
                })?;
                let json = toml_to_json(toml::Value::Table(table));
                serde_json::from_value(json).map_err(|e| typed_error(&e.to_string(), text, base, file))
            }
            Syntax::Yaml => {
                if text.trim().is_empty() {
                    return Ok(FrontMatter::default());
                }
                let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
                    let line = e.location().map(|l| l.line() + base - 1).unwrap_or(base);
                    SiteError::at(file, line, format!("invalid YAML front matter: {}", strip_location(&e.to_string())))
                })?;
                let json = serde_json::to_value(&value)
                    .map_err(|e| SiteError::at(file, base, format!("invalid YAML front matter: {e}")))?;
                serde_json::from_value(json).map_err(|e| typed_error(&e.to_string(), text, base, file))
            }
        }
    }
}

/// serde_json reports no useful line for a value tree; find the offending key.
fn typed_error(msg: &str, text: &str, base: usize, file: &Path) -> SiteError {
    let key = msg.split('`').nth(1).unwrap_or("");
    let line = if key.is_empty() {
        None
    } else {
        // The key itself (`titel = …`), else the value (`kind = "memo"`).
        text.lines()
            .position(|l| {
                let t = l.trim_start();
                t.starts_with(key) && t[key.len()..].trim_start().starts_with(['=', ':'])
            })
            .or_else(|| text.lines().position(|l| l.contains(key)))
    };
    let msg = format!("front matter: {msg}");
    match line {
        Some(i) => SiteError::at(file, base + i, msg),
        None => SiteError::at(file, base, msg),
    }
}

fn strip_location(s: &str) -> String {
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// TOML dates become ISO strings; everything else maps one to one.
fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map(J::Number).unwrap_or(J::Null),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<(FrontMatter, usize), SiteError> {
        let split = split_front_matter(text, Path::new("x.md"))?;
        let fm = FrontMatter::parse(&split, Path::new("x.md"))?;
        Ok((fm, split.body_line))
    }

    #[test]
    fn toml_front_matter() {
        let (fm, body) =
            parse("+++\ntitle = \"报告\"\ndate = 2023-01-15\ntopics = [\"a\"]\n[extra]\nx = 1\n+++\n正文\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("报告"));
        assert_eq!(fm.date.as_deref(), Some("2023-01-15"));
        assert_eq!(fm.topics, vec!["a"]);
        assert_eq!(fm.extra["x"], 1);
        assert_eq!(body, 8);
    }

    #[test]
    fn yaml_front_matter() {
        let (fm, _) = parse("---\ntitle: Report\ndate: 2023-01-15\nyear: 2022\n---\nbody").unwrap();
        assert_eq!(fm.title.as_deref(), Some("Report"));
        assert_eq!(fm.year, Some(2022));
    }

    #[test]
    fn unknown_key_has_line() {
        let err = parse("+++\ntitle = \"a\"\ntitel = \"b\"\n+++\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("titel"));
    }

    #[test]
    fn unknown_kind_has_line() {
        let (fm, _) = parse("+++\ntitle = \"a\"\nkind = \"case\"\n+++\n").unwrap();
        assert_eq!(fm.kind, Some(PageKind::Case));
        let err = parse("+++\ntitle = \"a\"\nkind = \"memo\"\n+++\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("memo") && err.message.contains("report"), "{err}");
        let err = parse("---\ntitle: a\nkind: memo\n---\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
    }

    #[test]
    fn syntax_error_has_line() {
        let err = parse("+++\ntitle = \"a\"\ndate = = 3\n+++\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let err = parse("---\ntitle: [a\n---\n").unwrap_err();
        assert!(err.line.is_some());
    }

    #[test]
    fn unclosed_is_error() {
        assert!(parse("+++\ntitle = \"a\"\n").is_err());
    }

    #[test]
    fn no_front_matter() {
        let (fm, body) = parse("# Hi\n").unwrap();
        assert!(fm.title.is_none());
        assert_eq!(body, 1);
    }
}
