//! Render: the site model through Tera templates into output files.
//!
//! Each output page is an independent job, rendered in parallel with rayon.
//! Templates get typed contexts (see `context.rs`), never string-keyed maps.
//! The renderer reads the site and the commitments ledger, both computed by
//! earlier stages; it computes neither.

mod build_ctx;
mod chrome;
pub(crate) use build_ctx::Twin;
pub mod commitments;
pub mod context;
mod extras;
pub mod i18n;
mod jobs;
mod lists;
pub mod parallel;
pub mod relations;
pub mod theme;
pub mod urls;

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::Tera;

use crate::commitments::Ledger;
use crate::error::SiteError;
use crate::model::Site;
use crate::output::Output;
pub use context::SnapshotInfo;
pub use extras::Extras;
pub use i18n::Strings;
pub use jobs::Job;
use theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Links name `index.html` (for `file://` use and snapshots).
    pub index_links: bool,
    pub snapshot: Option<SnapshotInfo>,
    /// Snapshots published under `archive/`, oldest first.
    pub snapshots: Vec<PublishedSnapshot>,
}

/// The site-wide lists of a renderer ([`Renderer::site_lists`]), shared.
#[derive(Debug, Clone, Default)]
pub struct SiteLists(std::sync::Arc<lists::Lists>);

impl SiteLists {
    /// The lists of a site whose pages differ from this one's in bodies,
    /// summaries and the titles of `retitled` alone: the same lists, those
    /// holding a retitled page sorted again.
    pub fn retitled(&self, site: &Site, retitled: &std::collections::BTreeSet<usize>) -> SiteLists {
        SiteLists(std::sync::Arc::new(self.0.retitled(site, retitled)))
    }
}

/// A snapshot found in the archive folder, as the archive page lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PublishedSnapshot {
    pub year: i32,
    /// The day it was taken (`YYYY-MM-DD`), empty when unknown.
    pub date: String,
    /// Files listed in its manifest.
    pub files: usize,
}

/// Templates compiled once, with one Tera per language for `t()`.
pub struct Renderer<'a> {
    pub site: &'a Site,
    /// The commitments of the site's reports (the commitments stage).
    pub ledger: &'a Ledger,
    pub strings: Strings,
    pub opts: RenderOptions,
    teras: Templates,
    mention_index: std::sync::OnceLock<relations::MentionIndex>,
    lists: std::sync::OnceLock<SiteLists>,
    site_infos: std::sync::OnceLock<BTreeMap<String, std::sync::Arc<context::SiteInfo>>>,
    /// Shared fragments rendered so far (`templates/shared/`).
    chrome: chrome::ChromeCache,
}

/// Compiled templates, one Tera per language (each with its own `t()`).
/// Compiling is the costly part, so `annals serve` keeps them between rebuilds.
#[derive(Clone)]
pub struct Templates {
    teras: std::sync::Arc<BTreeMap<String, Tera>>,
    /// Shared with every `t()`, so missing keys are reported once per build.
    strings: Strings,
    /// The site has `static/custom.css`.
    custom_css: bool,
}

/// Compiles the theme's templates for every language of the site.
pub fn compile_templates(site: &Site, theme: &Theme) -> Result<Templates, SiteError> {
    for required in ["index.html", "section.html", "page.html", "404.html"] {
        if !theme.templates.contains_key(required) {
            return Err(SiteError::new(
                format!("templates/{required}"),
                "required template is missing from the theme and the site",
            ));
        }
    }
    let strings = Strings::new(theme.strings.clone(), site.default_lang());
    let mut teras = BTreeMap::new();
    for lang in &site.languages {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        // Functions are known before templates: Tera checks every call it compiles.
        tera.register_function("t", i18n::Translate { strings: strings.clone(), lang: lang.code.clone() });
        // Each language's own strings are put in at compile time
        // (`i18n::inline_strings`); `t()` serves the rest.
        let templates: Vec<(String, String)> = theme
            .templates
            .iter()
            .map(|(k, v)| (k.clone(), i18n::inline_strings(v, |key| strings.exact(&lang.code, key))))
            .collect();
        tera.add_raw_templates(templates).map_err(|e| template_error(&e, None))?;
        teras.insert(lang.code.clone(), tera);
    }
    let custom_css = theme.static_files.contains_key("custom.css");
    Ok(Templates { teras: std::sync::Arc::new(teras), strings, custom_css })
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        ledger: &'a Ledger,
        theme: &Theme,
        opts: RenderOptions,
    ) -> Result<Renderer<'a>, SiteError> {
        let teras = compile_templates(site, theme)?;
        Ok(Renderer::with_templates(site, ledger, teras, opts))
    }

    /// A renderer reusing compiled templates.
    pub fn with_templates(
        site: &'a Site,
        ledger: &'a Ledger,
        templates: Templates,
        opts: RenderOptions,
    ) -> Renderer<'a> {
        Renderer {
            site,
            ledger,
            strings: templates.strings.clone(),
            opts,
            teras: templates,
            mention_index: std::sync::OnceLock::new(),
            lists: std::sync::OnceLock::new(),
            site_infos: std::sync::OnceLock::new(),
            chrome: chrome::ChromeCache::default(),
        }
    }

    /// Topic, year and newest-first lists of the site, built on first use.
    pub(crate) fn lists(&self) -> &lists::Lists {
        &self.lists.get_or_init(|| SiteLists(std::sync::Arc::new(lists::Lists::new(self.site)))).0
    }

    /// The site-wide lists, shared, for a live rebuild to hand to the next
    /// renderer of a site whose lists cannot have changed.
    pub fn site_lists(&self) -> SiteLists {
        self.lists();
        self.lists.get().cloned().unwrap_or_default()
    }

    /// Uses `lists`, built by an earlier renderer, instead of building them:
    /// only for a site whose pages differ from that one's in bodies alone
    /// (the lists are made of front matter, file names and page order).
    pub fn use_lists(&self, lists: SiteLists) {
        // Already built: those are of this very site.
        let _ = self.lists.set(lists);
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.teras.teras.values().next().is_some_and(|t| t.get_template_names().any(|n| n == name))
    }

    /// Renders the given jobs in parallel into output files.
    pub fn render_jobs(&self, jobs: &[Job], progress: &(dyn Fn() + Sync)) -> Result<Output, Vec<SiteError>> {
        // One stealable task per job: jobs differ a hundredfold in cost (a
        // topic page lists thousands of pages), and rayon otherwise splits a
        // slice by count, so one thread could be left with all the lists
        // while the other waits at the end of the piece.
        let results: Vec<Result<(String, Vec<u8>), SiteError>> = jobs
            .par_iter()
            .with_max_len(1)
            .map(|job| {
                let r = self.render_job(job);
                progress();
                r
            })
            .collect();
        let mut out = Output::default();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok((path, html)) => out.insert(path, crate::output::text::xml_safe_bytes(html)),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() { Ok(out) } else { Err(errors) }
    }

    /// Renders a page template: `ctx`, and the fields fixed for its kind of
    /// page with the theme's shared fragments as `shared` ([`chrome`]).
    pub(crate) fn render_template(
        &self,
        lang: &str,
        template: &str,
        ctx: &impl context::WithCommon,
        source: Option<&std::path::Path>,
    ) -> Result<Vec<u8>, SiteError> {
        let fixed = self.chrome(ctx.common(), source)?;
        self.render_with(lang, template, ctx, Some(&fixed), source)
    }

    /// Renders a template with `ctx` on top of `fixed`, when given.
    fn render_with(
        &self,
        lang: &str,
        template: &str,
        ctx: &impl serde::Serialize,
        fixed: Option<&chrome::FixedContext>,
        source: Option<&std::path::Path>,
    ) -> Result<Vec<u8>, SiteError> {
        let tera = self
            .teras
            .teras
            .get(lang)
            .or_else(|| self.teras.teras.values().next())
            .ok_or_else(|| SiteError::new("site.toml", "no language configured"))?;
        let mut context = tera::Context::from_serialize(ctx).map_err(|e| template_error(&e, source))?;
        if let Some(fixed) = fixed {
            fixed.add_to(&mut context);
        }
        // Kept as bytes: Tera writes UTF-8, and `Tera::render` would check
        // every page's bytes again only to make a `String` of them.
        let mut html = Vec::with_capacity(32 * 1024);
        tera.render_to(template, &context, &mut html).map_err(|e| template_error(&e, source))?;
        Ok(html)
    }
}

/// Said under errors about Tera 1's macros, which themes written for
/// earlier versions of Annals use.
const TERA2_HINT: &str = "\n  = note: templates are Tera 2: a macro is now a component, \
     `{% component card(p, h=3) %}…{% endcomponent card %}` in any template, called as \
     `{{ <card p={p}/> }}`, with no `import` (README, Templates and their context)";

/// A Tera error with its whole cause chain, naming the template (and the
/// line, where Tera points at one).
fn template_error(err: &tera::Error, source: Option<&std::path::Path>) -> SiteError {
    let mut parts = vec![err.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(err);
    while let Some(e) = cur {
        parts.push(e.to_string());
        cur = e.source();
    }
    let mut message = parts.join(": ");
    if ["{% macro", "{%- macro", "{% import", "{%- import", "::"].iter().any(|old| message.contains(old)) {
        message.push_str(TERA2_HINT);
    }
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let template = report
        .map(|r| r.filename().to_string())
        .or_else(|| message.split(['\'', '`']).nth(1).map(str::to_string))
        .filter(|n| n.ends_with(".html") || n.ends_with(".xml"))
        .map(|n| format!("templates/{n}"));
    let (file, message) = match (template, source) {
        (Some(t), Some(src)) => (std::path::PathBuf::from(t), format!("{message} (rendering {})", src.display())),
        (Some(t), None) => (std::path::PathBuf::from(t), message),
        (None, Some(src)) => (src.to_path_buf(), message),
        (None, None) => (std::path::PathBuf::from("templates"), message),
    };
    let line = report.map(|r| r.span().start_line).filter(|&l| l > 0);
    SiteError { file, line, message }
}

/// Escapes what HTML needs escaped, and leaves `/` alone (Tera's default
/// writes `&#x2F;`, which bloats every URL).
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::markdown::text::escape_to(input, out)
}
