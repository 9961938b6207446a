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

    /// The string for `key` in `lang` itself, without fallback and without
    /// recording anything.
    pub fn exact(&self, lang: &str, key: &str) -> Option<&str> {
        self.tables.get(lang).and_then(|t| t.get(key)).map(String::as_str)
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

impl tera::Function<tera::TeraResult<String>> for Translate {
    fn call(&self, args: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
        let key = args
            .get::<&str>("key")
            .ok()
            .flatten()
            .ok_or_else(|| tera::Error::message("t() needs a string argument `key`, as in t(key=\"search\")"))?;
        let lang = args.get::<&str>("lang")?.unwrap_or(&self.lang);
        Ok(self.strings.get(lang, key))
    }
}

/// `source` with every `t(key="…")` call inside a template tag replaced by
/// the string itself, as a Tera string literal, where `lookup` has it.
///
/// Why: a theme asks for about forty strings per page, and each `t()` is a
/// Tera function call (an argument map built, the string looked up and
/// copied) on every page, for a value fixed per language. Templates are
/// compiled once per language, so the strings are put in at compile time.
/// A call is left as it is where the string is missing in that language
/// (so the fallback and its warning happen as before), holds a line break
/// (lines in template errors stay the same) or holds all three of Tera's
/// quote characters; so are calls with any other argument, and anything
/// in comments and `{% raw %}` blocks.
pub(crate) fn inline_strings<'s>(source: &str, lookup: impl Fn(&str) -> Option<&'s str>) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(open) = ["{{", "{%", "{#"].iter().filter_map(|o| rest.find(o)).min() {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let close = match &rest[..2] {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let end = rest[2..].find(close).map_or(rest.len(), |j| j + 2 + close.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        if close == "#}" {
            out.push_str(tag);
        } else if tag.trim_start_matches(['{', '%', '-', ' ']).starts_with("raw") {
            // Everything up to the end of `{% endraw %}` is text.
            out.push_str(tag);
            let stop = rest.find("endraw").and_then(|i| rest[i..].find("%}").map(|j| i + j + 2)).unwrap_or(rest.len());
            out.push_str(&rest[..stop]);
            rest = &rest[stop..];
        } else {
            inline_calls(tag, &lookup, &mut out);
        }
    }
    out.push_str(rest);
    out
}

/// Writes `tag` to `out` with its `t(key="…")` calls inlined.
fn inline_calls<'s>(tag: &str, lookup: &impl Fn(&str) -> Option<&'s str>, out: &mut String) {
    const CALL: &str = "t(key=";
    let mut rest = tag;
    while let Some(i) = rest.find(CALL) {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + CALL.len()..];
        let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''));
        let call = quote.and_then(|q| {
            let key_end = after[1..].find(q)? + 1;
            let key = &after[1..key_end];
            after[key_end + 1..].starts_with(')').then_some((key, CALL.len() + key_end + 2))
        });
        let literal =
            call.filter(|_| !before.is_some_and(|c| c.is_alphanumeric() || c == '_')).and_then(|(key, len)| {
                let value = lookup(key)?;
                let q = ['"', '\'', '`'].into_iter().find(|q| !value.contains(*q))?;
                (!value.contains('\n')).then(|| (format!("{q}{value}{q}"), len))
            });
        match literal {
            Some((literal, len)) => {
                out.push_str(&rest[..i]);
                out.push_str(&literal);
                rest = &rest[i + len..];
            }
            None => {
                out.push_str(&rest[..i + CALL.len()]);
                rest = &rest[i + CALL.len()..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_inlined_in_tags_only() {
        let lookup = |k: &str| match k {
            "search" => Some("搜索"),
            "quote" => Some("say \"hi\""),
            "all" => Some("\"'`"),
            "lines" => Some("a\nb"),
            _ => None,
        };
        let src = "<b>t(key=\"search\")</b>{{ t(key=\"search\") }}{% set x = t(key='search') | upper %}\
                   {{ t(key=\"quote\") }}{{ t(key=\"all\") }}{{ t(key=\"lines\") }}{{ t(key=\"nope\") }}\
                   {{ t(key=\"search\", lang=\"en\") }}{{ at(key=\"search\") }}{# t(key=\"search\") #}\
                   {% raw %}{{ t(key=\"search\") }}{% endraw %}{{ t(key=k) }}";
        let out = inline_strings(src, lookup);
        assert_eq!(
            out,
            "<b>t(key=\"search\")</b>{{ \"搜索\" }}{% set x = \"搜索\" | upper %}\
             {{ 'say \"hi\"' }}{{ t(key=\"all\") }}{{ t(key=\"lines\") }}{{ t(key=\"nope\") }}\
             {{ t(key=\"search\", lang=\"en\") }}{{ at(key=\"search\") }}{# t(key=\"search\") #}\
             {% raw %}{{ t(key=\"search\") }}{% endraw %}{{ t(key=k) }}"
        );
    }

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
