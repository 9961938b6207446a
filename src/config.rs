//! `site.toml`: the one configuration file of a site.
//!
//! Read with serde and `deny_unknown_fields`, so a mistyped key is an error
//! naming the key and the file rather than a silently ignored setting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::SiteError;

pub const CONFIG_FILE: &str = "site.toml";

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
    #[serde(default = "default_theme")]
    pub theme: String,
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
    /// Free-form values passed to templates as `config.extra`.
    #[serde(default)]
    pub extra: toml::Table,
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
fn default_theme() -> String {
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
    pub is_default: bool,
}

impl SiteConfig {
    pub fn load(root: &Path) -> Result<SiteConfig, SiteError> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| SiteError::io(&path, &e))?;
        Self::parse(&text, &path)
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
        if let Err(e) = crate::output::path::check_segment(&config.theme) {
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
                    is_default,
                    code,
                }
            })
            .collect()
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
