//! `site.toml`: the one configuration file of a site.
//!
//! Read with serde and `deny_unknown_fields`, so a mistyped key is an error
//! naming the key and the file rather than a silently ignored setting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::SiteError;

mod theme;
pub use theme::ThemeConfig;
use theme::is_css_colour;

pub const CONFIG_FILE: &str = "site.toml";

/// The `base_url` that `annals init` writes, to be replaced before publishing.
pub const PLACEHOLDER_BASE_URL: &str = "https://portal.example.gov.cn/duty-reports/";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Title of the site in the default language.
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Absolute URL of the published site; may carry a path prefix.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub default_language: String,
    /// Other languages (and optionally the default one) by code.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// `theme = "name"`, or a `[theme]` table with the name and styling options.
    #[serde(default)]
    pub theme: ThemeConfig,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    #[serde(default = "default_archive_dir")]
    pub archive_dir: PathBuf,
    /// Topic slugs with their names and the keywords that tag imported reports.
    #[serde(default)]
    pub topics: BTreeMap<String, TopicConfig>,
    /// URL of the live archive, linked from snapshot banners.
    #[serde(default)]
    pub archive_url: Option<String>,
    /// Contents of robots.txt; the default keeps an intranet site out of crawlers.
    #[serde(default)]
    pub robots: Option<String>,
    /// The publishing organisation, in the default language (masthead, footer, feeds).
    #[serde(default)]
    pub organization: Option<String>,
    /// Free-form values passed to templates as `config.extra`.
    #[serde(default)]
    pub extra: toml::Table,
    /// The site folder (set by [`SiteConfig::load`]); editor files beside reports are read from it.
    #[serde(skip)]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Name of the language in itself, shown in the language switcher.
    #[serde(default)]
    pub name: Option<String>,
    /// Value of `<html lang>`; defaults from the code (`zh` → `zh-Hans`).
    #[serde(default)]
    pub html_lang: Option<String>,
    /// The publishing organisation in this language.
    #[serde(default)]
    pub organization: Option<String>,
    /// Title of a year folder without `_index.md`: `{year}年` in Chinese, `{year}` elsewhere.
    #[serde(default)]
    pub year_format: Option<String>,
    /// `[[languages.<code>.menu]]`: the main navigation, replacing the computed one.
    #[serde(default)]
    pub menu: Vec<MenuEntry>,
}

/// One entry of a configured menu.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    pub name: String,
    /// A site path (`/reports/`), an `@/` content link or an absolute URL.
    pub url: String,
    /// Lower first; equal weights keep the order of the file.
    #[serde(default)]
    pub weight: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    /// Display name per language code.
    #[serde(default)]
    pub name: BTreeMap<String, String>,
    /// Words whose presence in an imported report tags it with this topic.
    #[serde(default)]
    pub keywords: Vec<String>,
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_language() -> String {
    "zh".to_string()
}
pub(crate) fn default_theme() -> String {
    "default".to_string()
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("output")
}
fn default_archive_dir() -> PathBuf {
    PathBuf::from("archive")
}

/// One configured language, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub html_lang: String,
    pub title: String,
    pub description: String,
    /// The publishing organisation in this language (empty when not configured).
    pub organization: String,
    /// `{year}年`, `{year}`: how a year is named (year folders without `_index.md`).
    pub year_format: String,
    pub is_default: bool,
}

impl Language {
    /// `2023年`, `2023`: the name of a year in this language.
    pub fn year_title(&self, year: &str) -> String {
        self.year_format.replace("{year}", year)
    }
}

impl SiteConfig {
    pub fn load(root: &Path) -> Result<SiteConfig, SiteError> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| SiteError::io(&path, &e))?;
        let mut config = Self::parse(&text, &path)?;
        config.root = root.to_path_buf();
        Ok(config)
    }

    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, SiteError> {
        let mut config: SiteConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| crate::error::line_of(text, s.start));
            let msg = e.message().trim().to_string();
            match line {
                Some(l) => SiteError::at(path, l, msg),
                None => SiteError::new(path, msg),
            }
        })?;
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        if config.default_language.is_empty()
            || !config.default_language.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(SiteError::new(path, "default_language must be a language code such as \"zh\""));
        }
        for code in config.languages.keys() {
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(SiteError::new(path, format!("invalid language code `{code}`")));
            }
        }
        let key_line = |key: &str| text.lines().position(|l| l.contains(key)).map(|i| i + 1).unwrap_or(1);
        for slug in config.topics.keys() {
            if let Err(e) = crate::output::path::check_segment(slug) {
                return Err(SiteError::at(
                    path,
                    key_line(&format!("topics.{slug}")),
                    format!(
                        "invalid topic `{}`: {e}; a topic is one plain name such as `garbage-sorting`",
                        slug.escape_debug()
                    ),
                ));
            }
        }
        if let Err(e) = crate::output::path::check_segment(&config.theme.name) {
            return Err(SiteError::at(path, key_line("theme"), format!("invalid theme name: {e}")));
        }
        let archive_inside = config.archive_dir.components().all(|c| matches!(c, std::path::Component::Normal(_)));
        if !archive_inside || config.archive_dir.as_os_str().is_empty() {
            return Err(SiteError::at(
                path,
                key_line("archive_dir"),
                "archive_dir must be a folder inside the site, such as \"archive\"",
            ));
        }
        let line_of_key = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')))
                .map(|i| i + 1)
                .unwrap_or(1)
        };
        if let Some(accent) = &config.theme.accent
            && !is_css_colour(accent)
        {
            return Err(SiteError::at(
                path,
                line_of_key("accent"),
                format!("[theme] accent must be a colour such as \"#9e1b20\" or \"rgb(158, 27, 32)\", not `{accent}`"),
            ));
        }
        if let Some(font) = &config.theme.body_font
            && font != "sans"
            && font != "serif"
        {
            return Err(SiteError::at(
                path,
                line_of_key("body_font"),
                format!("[theme] body_font must be \"sans\" or \"serif\", not `{font}`"),
            ));
        }
        for (code, lc) in &config.languages {
            for m in &lc.menu {
                if m.name.trim().is_empty() || m.url.trim().is_empty() {
                    return Err(SiteError::at(
                        path,
                        line_of_key("name").min(line_of_key("url")),
                        format!("[[languages.{code}.menu]] entries need a `name` and a `url`"),
                    ));
                }
            }
        }
        Ok(config)
    }

    /// All languages, the default first, then the others by code.
    pub fn languages(&self) -> Vec<Language> {
        let mut codes = vec![self.default_language.clone()];
        codes.extend(self.languages.keys().filter(|c| **c != self.default_language).cloned());
        codes
            .into_iter()
            .map(|code| {
                let lc = self.languages.get(&code).cloned().unwrap_or_default();
                let is_default = code == self.default_language;
                Language {
                    name: lc.name.unwrap_or_else(|| native_name(&code)),
                    html_lang: lc.html_lang.unwrap_or_else(|| html_lang(&code)),
                    title: lc.title.unwrap_or_else(|| self.title.clone()),
                    description: lc.description.unwrap_or_else(|| self.description.clone()),
                    organization: lc.organization.unwrap_or_else(|| self.default_organization(&code)),
                    year_format: lc.year_format.unwrap_or_else(|| default_year_format(&code).to_string()),
                    is_default,
                    code,
                }
            })
            .collect()
    }

    /// The organisation of the default language; other languages without
    /// their own get nothing rather than a name in the wrong language.
    fn default_organization(&self, code: &str) -> String {
        if code != self.default_language {
            return String::new();
        }
        self.organization
            .clone()
            .or_else(|| self.extra.get("organization").and_then(|v| v.as_str()).map(str::to_string))
            .unwrap_or_default()
    }

    pub fn language_codes(&self) -> Vec<String> {
        self.languages().into_iter().map(|l| l.code).collect()
    }

    /// Topic display name in a language, falling back to the default language and the slug.
    pub fn topic_name(&self, slug: &str, lang: &str) -> String {
        self.topics
            .get(slug)
            .and_then(|t| t.name.get(lang).or_else(|| t.name.get(&self.default_language)))
            .cloned()
            .unwrap_or_else(|| slug.replace('-', " "))
    }

    /// A warning while `base_url` is still the placeholder `annals init` writes.
    pub fn placeholder_warning(&self) -> Option<String> {
        self.base_url.starts_with(PLACEHOLDER_BASE_URL).then(|| {
            format!(
                "base_url in site.toml is still the placeholder {PLACEHOLDER_BASE_URL}: canonical links, hreflang, the sitemap and feeds name it; set it to where the site is published"
            )
        })
    }

    /// The menu of a language, sorted by weight (stable).
    pub fn menu(&self, lang: &str) -> Vec<MenuEntry> {
        let mut menu = self.languages.get(lang).map(|l| l.menu.clone()).unwrap_or_default();
        menu.sort_by_key(|m| m.weight);
        menu
    }

    /// The path part of `base_url` (`/duty-reports/`), used for absolute links.
    pub fn base_path(&self) -> String {
        let rest = match self.base_url.find("://") {
            Some(i) => &self.base_url[i + 3..],
            None => return self.base_url.clone(),
        };
        match rest.find('/') {
            Some(i) => rest[i..].to_string(),
            None => "/".to_string(),
        }
    }
}

fn default_year_format(code: &str) -> &'static str {
    match code.split('-').next().unwrap_or(code) {
        "zh" | "ja" => "{year}年",
        "ko" => "{year}년",
        _ => "{year}",
    }
}

fn html_lang(code: &str) -> String {
    match code {
        "zh" => "zh-Hans".to_string(),
        "zh-hant" | "zh-tw" => "zh-Hant".to_string(),
        other => other.to_string(),
    }
}

fn native_name(code: &str) -> String {
    match code {
        "zh" => "中文",
        "en" => "English",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "ja" => "日本語",
        "ko" => "한국어",
        "ru" => "Русский",
        "ar" => "العربية",
        "pt" => "Português",
        _ => code,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_and_file() {
        let err = SiteConfig::parse("title = \"x\"\nbase_ulr = \"/\"\n", Path::new("site.toml")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("site.toml:2"), "{text}");
        assert!(text.contains("base_ulr"), "{text}");
    }

    #[test]
    fn languages_default_first() {
        let c = SiteConfig::parse(
            "title = \"t\"\ndefault_language = \"zh\"\n[languages.en]\ntitle = \"T\"\n[languages.fr]\n",
            Path::new("site.toml"),
        )
        .unwrap();
        let codes = c.language_codes();
        assert_eq!(codes, vec!["zh", "en", "fr"]);
        assert_eq!(c.languages()[0].html_lang, "zh-Hans");
        assert_eq!(c.languages()[1].title, "T");
    }

    #[test]
    fn theme_as_name_or_table() {
        let c = SiteConfig::parse("title = \"t\"\ntheme = \"plain\"\n", Path::new("site.toml")).unwrap();
        assert_eq!(c.theme.name, "plain");
        let c = SiteConfig::parse(
            "title = \"t\"\n[theme]\naccent = \"#005a9c\"\nbody_font = \"serif\"\nindent = true\n",
            Path::new("site.toml"),
        )
        .unwrap();
        assert_eq!(c.theme.name, "default");
        assert_eq!(c.theme.accent.as_deref(), Some("#005a9c"));
        assert_eq!(c.theme.indent, Some(true));
        let err =
            SiteConfig::parse("title = \"t\"\n[theme]\naccent = \"red;}\"\n", Path::new("site.toml")).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let err = SiteConfig::parse("title = \"t\"\n[theme]\naccnet = \"red\"\n", Path::new("site.toml")).unwrap_err();
        assert!(err.to_string().contains("accnet"), "{err}");
    }

    #[test]
    fn base_path_from_prefix() {
        let c = SiteConfig::parse(
            "title = \"t\"\nbase_url = \"https://portal.example.gov.cn/duty-reports\"\n",
            Path::new("site.toml"),
        )
        .unwrap();
        assert_eq!(c.base_url, "https://portal.example.gov.cn/duty-reports/");
        assert_eq!(c.base_path(), "/duty-reports/");
    }
}
