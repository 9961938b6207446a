//! The `[theme]` table of `site.toml`: which theme, and the few styling
//! options a bureau sets without editing templates.
//!
//! `theme = "name"` (a plain string) is accepted as well as the table, so
//! sites written before the options existed keep working.

use serde::{Deserialize, Serialize};

use super::default_theme;

/// The theme and its styling options (`[theme]` in site.toml).
#[derive(Debug, Clone, Serialize)]
pub struct ThemeConfig {
    /// Theme name: `default` (built in) or a folder under `themes/`.
    pub name: String,
    /// Accent colour (`#9e1b20`, `rgb(…)`, a colour name).
    pub accent: Option<String>,
    /// `sans` (default) or `serif`.
    pub body_font: Option<String>,
    /// Indent the first line of paragraphs by two characters, as printed Chinese documents do.
    pub indent: Option<bool>,
}

impl Default for ThemeConfig {
    fn default() -> Self {
        ThemeConfig { name: default_theme(), accent: None, body_font: None, indent: None }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeTable {
    #[serde(default = "default_theme")]
    name: String,
    accent: Option<String>,
    body_font: Option<String>,
    indent: Option<bool>,
}

impl<'de> Deserialize<'de> for ThemeConfig {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ThemeConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a theme name or a [theme] table")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ThemeConfig, E> {
                Ok(ThemeConfig { name: v.to_string(), ..ThemeConfig::default() })
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<ThemeConfig, M::Error> {
                let t = ThemeTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(ThemeConfig { name: t.name, accent: t.accent, body_font: t.body_font, indent: t.indent })
            }
        }
        d.deserialize_any(V)
    }
}

/// A colour that is safe to put in a style attribute: `#rgb[a]`,
/// `#rrggbb[aa]`, a colour name, or `rgb()`/`hsl()` with numbers.
pub(super) fn is_css_colour(v: &str) -> bool {
    if let Some(hex) = v.strip_prefix('#') {
        return [3, 4, 6, 8].contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    let inner =
        ["rgb(", "rgba(", "hsl(", "hsla("].iter().find_map(|f| v.strip_prefix(f)).and_then(|r| r.strip_suffix(')'));
    inner.is_some_and(|i| i.chars().all(|c| c.is_ascii_digit() || " .,%/deg".contains(c)))
}
