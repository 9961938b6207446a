//! The theme: templates, static files and UI strings.
//!
//! The default theme is compiled into the binary, so a site without a
//! `themes/` folder builds anywhere; `themes/<name>/` on disk wins when present
//! (that is how the theme itself is developed). A site's own `templates/`,
//! `static/` and `i18n/` override the theme file by file.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::error::SiteError;
use crate::load::{is_ignored_name, read_text, rel_slash};

pub static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

#[derive(Debug, Default, Clone)]
pub struct Theme {
    /// Template name (`page.html`) → source.
    pub templates: BTreeMap<String, String>,
    /// Path relative to the output root → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Language → key → string.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Where each string table came from, for messages.
    pub string_files: BTreeMap<String, String>,
    /// Problems worth a warning, not a failed build (unknown UI string keys).
    pub warnings: Vec<SiteError>,
    /// Keys of the site's UI strings that nothing uses (see `warnings`).
    pub unknown_keys: std::collections::BTreeSet<String>,
}

pub fn load(root: &Path, name: &str) -> Result<Theme, SiteError> {
    let mut theme = Theme::default();
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        read_dir_into(&mut theme, root, &dir)?;
    } else if name == "default" {
        embedded_into(&mut theme, &DEFAULT_THEME)?;
    } else {
        return Err(SiteError::new(
            root.join("site.toml"),
            format!("theme `{name}` not found: no folder themes/{name}/ (the built-in theme is `default`)"),
        ));
    }
    // The site's own files override the theme's.
    let theme_keys: std::collections::BTreeSet<String> =
        theme.strings.values().flat_map(|t| t.keys().cloned()).collect();
    read_dir_into(&mut theme, root, root)?;
    let unknown = unknown_site_strings(&theme, root, &theme_keys);
    theme.unknown_keys = unknown.iter().map(|(k, _)| k.clone()).collect();
    theme.warnings = unknown.into_iter().map(|(_, w)| w).collect();
    Ok(theme)
}

/// Keys of the site's `i18n/<code>.toml` that neither the theme defines nor
/// any template names: most likely typos, which would otherwise do nothing.
fn unknown_site_strings(
    theme: &Theme,
    root: &Path,
    theme_keys: &std::collections::BTreeSet<String>,
) -> Vec<(String, SiteError)> {
    let mut out = Vec::new();
    let dir = root.join("i18n");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return out;
    };
    let mut files: Vec<std::path::PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(table) = toml::from_str::<toml::Table>(&text) else {
            continue;
        };
        let display = path.strip_prefix(root).unwrap_or(&path);
        for key in table.keys() {
            let quoted = format!("\"{key}\"");
            if theme_keys.contains(key) || theme.templates.values().any(|t| t.contains(&quoted)) {
                continue;
            }
            let line = text
                .lines()
                .position(|l| {
                    l.trim_start().strip_prefix(key.as_str()).is_some_and(|r| r.trim_start().starts_with('='))
                })
                .map(|i| i + 1)
                .unwrap_or(1);
            let hint = match crate::model::suggest::close(key, theme_keys.iter().map(String::as_str)) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => String::new(),
            };
            let message = format!("unknown UI string key `{key}`: no template uses it, so it has no effect{hint}");
            out.push((key.clone(), SiteError::at(display, line, message)));
        }
    }
    out
}

fn read_dir_into(theme: &mut Theme, site_root: &Path, dir: &Path) -> Result<(), SiteError> {
    for (sub, what) in [("templates", 0), ("static", 1), ("i18n", 2)] {
        let base = dir.join(sub);
        if !base.is_dir() {
            continue;
        }
        let walker = WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
        for entry in walker {
            let entry = entry.map_err(|e| SiteError::new(&base, e.to_string()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let rel = rel_slash(path.strip_prefix(&base).unwrap_or(path));
            let display = path.strip_prefix(site_root).unwrap_or(path);
            match what {
                0 => {
                    theme.templates.insert(rel, read_text(path, display)?);
                }
                1 => {
                    let bytes = std::fs::read(path).map_err(|e| SiteError::io(display, &e))?;
                    theme.static_files.insert(rel, bytes);
                }
                _ => {
                    if let Some(code) = rel.strip_suffix(".toml") {
                        let text = read_text(path, display)?;
                        merge_strings(theme, code, &text, &display.display().to_string())?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn embedded_into(theme: &mut Theme, dir: &Dir<'_>) -> Result<(), SiteError> {
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for f in d.files() {
            let p = rel_slash(f.path());
            if let Some(rel) = p.strip_prefix("templates/") {
                theme.templates.insert(rel.to_string(), String::from_utf8_lossy(f.contents()).into_owned());
            } else if let Some(rel) = p.strip_prefix("static/") {
                theme.static_files.insert(rel.to_string(), f.contents().to_vec());
            } else if let Some(rel) = p.strip_prefix("i18n/")
                && let Some(code) = rel.strip_suffix(".toml")
            {
                let text = String::from_utf8_lossy(f.contents());
                merge_strings(theme, code, &text, &format!("(built-in theme) i18n/{rel}"))?;
            }
        }
        stack.extend(d.dirs());
    }
    Ok(())
}

fn merge_strings(theme: &mut Theme, code: &str, text: &str, file: &str) -> Result<(), SiteError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| crate::error::line_of(text, s.start)).unwrap_or(1);
        SiteError::at(file, line, e.message().trim().to_string())
    })?;
    let entry = theme.strings.entry(code.to_string()).or_default();
    for (k, v) in table {
        match v {
            toml::Value::String(s) => {
                entry.insert(k, s);
            }
            other => {
                return Err(SiteError::new(
                    file,
                    format!("UI string `{k}` must be a string, not {}", other.type_str()),
                ));
            }
        }
    }
    theme.string_files.insert(code.to_string(), file.to_string());
    Ok(())
}
