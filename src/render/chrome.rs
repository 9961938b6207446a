//! Shared fragments of the page chrome, rendered once per kind of page.
//!
//! Why: a page's header, main navigation and footer depend on its language,
//! its depth (links are relative) and the top-level section it is in, not on
//! the page. Rendered with every page, the default theme's chrome cost about
//! 36 µs a page, a third of Tera's time on a 10,000-page site. A theme puts
//! such parts in `templates/shared/<name>.html`; each is rendered once per
//! distinct [`ChromeKey`] (a few dozen on a large site) and every page gets
//! the results as `shared.<name>`.
//!
//! A fragment sees only a [`ChromeContext`]: the key's fields and the
//! language's site fields, all fixed within a key. So a fragment cannot come
//! out differently for two pages of one key; a fragment that names a
//! per-page field (`permalink`, `breadcrumbs`, `page`) fails to render, and
//! the error names the fragment.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use super::Renderer;
use super::context::{Common, SiteInfo, SiteLinks};
use crate::config::Language;
use crate::error::SiteError;

/// Rendered fragments by name (`shared/head.html` → `head`).
pub(crate) type Fragments = BTreeMap<String, String>;

/// Prefix of the templates that are shared fragments.
const SHARED_DIR: &str = "shared/";

/// What a page's shared fragments depend on: its [`SiteLinks`], and where
/// the page is among the main navigation's entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ChromeKey {
    #[serde(skip)]
    lang: String,
    #[serde(flatten)]
    pub links: SiteLinks,
    /// URL of the top-level section the page is in (`breadcrumbs.1.url`),
    /// for marking its main-navigation entry; null on the home page.
    pub current_section: Option<String>,
    /// The page is the home page (`breadcrumbs` has one entry at most).
    pub at_home: bool,
    /// The page is the top-level section page itself (two breadcrumbs).
    pub at_section: bool,
}

impl ChromeKey {
    fn of(common: &Common) -> ChromeKey {
        let crumbs = &common.breadcrumbs;
        ChromeKey {
            lang: common.lang.code.clone(),
            links: common.links.clone(),
            current_section: crumbs.get(1).map(|c| c.url.clone()),
            at_home: crumbs.len() <= 1,
            at_section: crumbs.len() == 2,
        }
    }
}

/// The context of a shared fragment.
#[derive(Debug, Serialize)]
pub struct ChromeContext<'k> {
    pub site: Arc<SiteInfo>,
    pub lang: Language,
    #[serde(flatten)]
    pub key: &'k ChromeKey,
}

/// The common fields that are fixed within a [`ChromeKey`]: the site, the
/// language and the links ([`Common`] leaves them out of its own fields).
#[derive(Serialize)]
struct FixedFields<'c> {
    site: &'c SiteInfo,
    lang: &'c Language,
    #[serde(flatten)]
    links: &'c SiteLinks,
    shared: &'c Fragments,
}

/// What every page of one [`ChromeKey`] gets besides its own context: the
/// fields fixed within the key and the shared fragments, as Tera values.
/// Tera's values are reference-counted, so adding them to a page's context
/// costs a pointer per field, where converting them for every page took
/// about 1.5% of a build.
pub(crate) struct FixedContext {
    values: Vec<(Cow<'static, str>, tera::Value)>,
}

/// Names of the fields of [`FixedFields`] (`SiteLinks` flattened): borrowed
/// as context keys instead of allocated for every page. A name missing here
/// still works, as an allocated key.
const FIXED_NAMES: [&str; 12] = [
    "site",
    "lang",
    "shared",
    "root",
    "nav",
    "custom_menu",
    "home_url",
    "search_url",
    "topics_url",
    "archive_url",
    "feed_url",
    "snapshot",
];

impl FixedContext {
    fn new(fields: &FixedFields<'_>) -> tera::TeraResult<Self> {
        let map = tera::Value::try_from_serializable(fields)?.into_map().unwrap_or_default();
        let values = map
            .into_iter()
            .filter_map(|(k, v)| {
                let name = k.as_str()?;
                let key = match FIXED_NAMES.iter().find(|n| **n == name) {
                    Some(n) => Cow::Borrowed(*n),
                    None => Cow::Owned(name.to_string()),
                };
                Some((key, v))
            })
            .collect();
        Ok(FixedContext { values })
    }

    /// Adds the fixed fields to a page's own context.
    pub(crate) fn add_to(&self, context: &mut tera::Context) {
        for (k, v) in &self.values {
            context.insert_value(k.clone(), v.clone());
        }
    }
}

/// The fixed contexts made so far in one render, by key.
#[derive(Default)]
pub(crate) struct ChromeCache {
    names: std::sync::OnceLock<Vec<String>>,
    rendered: Mutex<HashMap<ChromeKey, Arc<FixedContext>>>,
}

impl Renderer<'_> {
    /// The fixed context (shared fragments included) of a page with these
    /// common fields.
    pub(crate) fn chrome(&self, common: &Common, source: Option<&Path>) -> Result<Arc<FixedContext>, SiteError> {
        let names = self.chrome.names.get_or_init(|| self.fragment_names());
        let key = ChromeKey::of(common);
        if let Some(found) = self.chrome.rendered.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(found.clone());
        }
        // Rendered outside the lock: two threads may render the same key
        // once each, with the same result.
        let ctx = ChromeContext { site: common.site.clone(), lang: common.lang.clone(), key: &key };
        let mut fragments = Fragments::new();
        for name in names {
            let html = self.render_with(&key.lang, name, &ctx, None, source)?;
            let mut html = String::from_utf8_lossy(&html).into_owned();
            // The file's last line break, as Jinja drops it: the page's
            // template places the fragment, line breaks included.
            if html.ends_with('\n') {
                html.pop();
            }
            let short = name.trim_start_matches(SHARED_DIR).trim_end_matches(".html");
            fragments.insert(short.to_string(), html);
        }
        let fixed = FixedFields { site: &common.site, lang: &common.lang, links: &key.links, shared: &fragments };
        let fixed = Arc::new(FixedContext::new(&fixed).map_err(|e| super::template_error(&e, source))?);
        self.chrome.rendered.lock().unwrap_or_else(|e| e.into_inner()).insert(key, fixed.clone());
        Ok(fixed)
    }

    fn fragment_names(&self) -> Vec<String> {
        let Some(tera) = self.teras.teras.values().next() else { return Vec::new() };
        let mut names: Vec<String> = tera
            .get_template_names()
            .filter(|n| n.starts_with(SHARED_DIR) && n.ends_with(".html"))
            .map(str::to_string)
            .collect();
        names.sort();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixed_field_is_a_borrowed_key() {
        let lang = Language {
            code: "zh".into(),
            name: "中文".into(),
            html_lang: "zh-Hans".into(),
            title: String::new(),
            description: String::new(),
            organization: String::new(),
            year_format: "{year}年".into(),
            is_default: true,
        };
        let links = SiteLinks {
            root: "../".into(),
            nav: Vec::new(),
            custom_menu: false,
            home_url: "../".into(),
            search_url: "../search/".into(),
            topics_url: "../topics/".into(),
            archive_url: "../archive/".into(),
            feed_url: "../atom.xml".into(),
            snapshot: None,
        };
        let shared = Fragments::from([("footer".to_string(), "<footer></footer>".to_string())]);
        let site = SiteInfo::default();
        let fixed =
            FixedContext::new(&FixedFields { site: &site, lang: &lang, links: &links, shared: &shared }).unwrap();
        let mut names: Vec<&str> = fixed.values.iter().map(|(k, _)| k.as_ref()).collect();
        names.sort_unstable();
        let mut expected = FIXED_NAMES.to_vec();
        expected.sort_unstable();
        assert_eq!(names, expected, "FIXED_NAMES lists the fields of FixedFields");
        assert!(fixed.values.iter().all(|(k, _)| matches!(k, Cow::Borrowed(_))));
        let mut context = tera::Context::new();
        fixed.add_to(&mut context);
        assert_eq!(context.get("root").and_then(|v| v.as_str()), Some("../"));
    }
}
