//! UI strings with fallback.
//!
//! A key missing in one language falls back to the default language and is
//! reported as a warning at build time: never a crash, never an empty string.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Strings {
    tables: Arc<BTreeMap<String, BTreeMap<String, String>>>,
    default_lang: String,
    missing: Arc<Mutex<BTreeSet<(String, String)>>>,
}

impl Strings {
    pub fn new(tables: BTreeMap<String, BTreeMap<String, String>>, default_lang: &str) -> Strings {
        Strings { tables: Arc::new(tables), default_lang: default_lang.to_string(), missing: Arc::default() }
    }

    /// The string for `key` in `lang`, else in the default language, else the key.
    pub fn get(&self, lang: &str, key: &str) -> String {
        if let Some(s) = self.tables.get(lang).and_then(|t| t.get(key)) {
            return s.clone();
        }
        self.note_missing(lang, key);
        if let Some(s) = self.tables.get(&self.default_lang).and_then(|t| t.get(key)) {
            return s.clone();
        }
        self.note_missing(&self.default_lang, key);
        self.tables.values().find_map(|t| t.get(key)).cloned().unwrap_or_else(|| key.to_string())
    }

    fn note_missing(&self, lang: &str, key: &str) {
        if let Ok(mut m) = self.missing.lock() {
            m.insert((lang.to_string(), key.to_string()));
        }
    }

    /// (language, key) pairs that were asked for and missing.
    pub fn missing(&self) -> Vec<(String, String)> {
        self.missing.lock().map(|m| m.iter().cloned().collect()).unwrap_or_default()
    }

    /// Keys present in some language but not in `lang`.
    pub fn keys_missing_in(&self, lang: &str) -> Vec<String> {
        let all: BTreeSet<&String> = self.tables.values().flat_map(|t| t.keys()).collect();
        let have = self.tables.get(lang);
        all.into_iter().filter(|k| !have.is_some_and(|t| t.contains_key(*k))).cloned().collect()
    }
}

/// The `t(key="…")` template function, bound to one language.
pub struct Translate {
    pub strings: Strings,
    pub lang: String,
}

impl tera::Function for Translate {
    fn call(&self, args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args
            .get("key")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("t() needs a string argument `key`, as in t(key=\"search\")"))?;
        let lang = args.get("lang").and_then(|v| v.as_str()).unwrap_or(&self.lang);
        Ok(tera::Value::String(self.strings.get(lang, key)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_and_records() {
        let mut t = BTreeMap::new();
        t.insert("zh".to_string(), BTreeMap::from([("a".to_string(), "甲".to_string()), ("b".into(), "乙".into())]));
        t.insert("en".to_string(), BTreeMap::from([("a".to_string(), "A".to_string())]));
        let s = Strings::new(t, "zh");
        assert_eq!(s.get("en", "a"), "A");
        assert_eq!(s.get("en", "b"), "乙");
        assert_eq!(s.get("en", "zzz"), "zzz");
        assert!(s.missing().contains(&("en".to_string(), "b".to_string())));
        assert_eq!(s.keys_missing_in("en"), vec!["b".to_string()]);
    }
}
