//! Typed template contexts.
//!
//! Every template receives one of these `#[derive(Serialize)]` structs; the
//! README documents their fields. URLs in them (`url`) are already relative to
//! the page being rendered, so the output works under any URL prefix;
//! `permalink` is absolute (from `base_url`) for canonical links and feeds.

use serde::Serialize;

use crate::config::Language;
use crate::markdown::{Heading, TocEntry};

#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub default_language: String,
    pub languages: Vec<Language>,
    pub extra: serde_json::Value,
    /// `[theme]` of site.toml: `name`, `accent`, `body_font`, `indent`.
    pub theme: crate::config::ThemeConfig,
    /// True when the site has `static/custom.css`, linked after the theme's CSS.
    pub custom_css: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub hreflang: String,
    pub permalink: String,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct SwitchLink {
    pub code: String,
    pub name: String,
    pub html_lang: String,
    pub url: String,
    pub current: bool,
    /// False when the twin is missing and the link leads to the nearest page instead.
    pub exact: bool,
}

/// Fields every template gets. `site`, `lang` and `links` are the same for
/// every page of one kind (`chrome.rs`): they reach the template from that
/// kind's fixed context, converted once, so they are not serialized here.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    /// Shared by every page of a language.
    #[serde(skip)]
    pub site: std::sync::Arc<SiteInfo>,
    #[serde(skip)]
    pub lang: Language,
    /// Site-relative URL path of this page.
    pub path: String,
    pub permalink: String,
    pub alternates: Vec<Alternate>,
    pub x_default: Option<String>,
    pub switcher: Vec<SwitchLink>,
    pub breadcrumbs: Vec<Link>,
    #[serde(skip)]
    pub links: SiteLinks,
}

/// The fields of [`Common`] that depend on the page's language and depth
/// only, not on the page: what the theme's shared fragments read
/// (`chrome.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SiteLinks {
    /// Relative path from this page to the site root (`../../`, or `./`).
    pub root: String,
    pub nav: Vec<Link>,
    /// True when `nav` comes from `[[languages.<code>.menu]]` (no fixed entries added).
    pub custom_menu: bool,
    pub home_url: String,
    pub search_url: String,
    pub topics_url: String,
    pub archive_url: String,
    /// Atom feed of this language.
    pub feed_url: String,
    /// Present when this page is rendered inside an archived snapshot.
    pub snapshot: Option<SnapshotInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SnapshotInfo {
    pub year: i32,
    pub date: String,
    pub date_display: String,
    pub live_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicLink {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A page as it appears in lists.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub title: String,
    pub url: String,
    pub lang: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub year: Option<i32>,
    pub kind: crate::model::PageKind,
    pub summary: String,
    pub topics: Vec<TopicLink>,
    /// Set when the page is listed outside its own language (a fallback).
    pub lang_name: Option<String>,
}

/// A page to render, with its body.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    #[serde(flatten)]
    pub link: PageLink,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub headings: Vec<Heading>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub masks: usize,
    pub extra: serde_json::Value,
    /// The same document in other languages.
    pub translations: Vec<SwitchLink>,
    /// Languages in which this document does not exist.
    pub missing_in: Vec<SwitchLink>,
    /// Side-by-side view with the first translation, when there is one.
    pub parallel_url: Option<String>,
    /// For case studies: where reports mention its topics.
    pub mentions: Vec<Mention>,
    /// For reports: case studies on the same topics.
    pub related: Vec<PageLink>,
    pub section: Link,
    /// Reports in a series: previous and next report, commitments pages.
    pub series: Option<super::commitments::SeriesView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub report: PageLink,
    pub topic: String,
    /// Heading numbering path, e.g. `一（三）`, and its link.
    pub section_label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub pages: Vec<PageLink>,
    pub subsections: Vec<SectionLink>,
    pub extra: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    pub title: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearGroup {
    pub year: i32,
    pub url: String,
    pub reports: Vec<PageLink>,
    pub cases: Vec<PageLink>,
    /// Counts before any truncation of the lists.
    pub total_reports: usize,
    pub total_cases: usize,
}

#[derive(Debug, Serialize)]
pub struct PageContext {
    #[serde(flatten)]
    pub common: Common,
    pub page: PageView,
}

#[derive(Debug, Serialize)]
pub struct SectionContext {
    #[serde(flatten)]
    pub common: Common,
    pub section: SectionView,
}

#[derive(Debug, Serialize)]
pub struct HomeContext {
    #[serde(flatten)]
    pub common: Common,
    pub section: SectionView,
    pub latest: Option<PageLink>,
    pub years: Vec<YearGroup>,
    pub cases: Vec<PageLink>,
    pub topics: Vec<TopicLink>,
}

#[derive(Debug, Serialize)]
pub struct TopicContext {
    #[serde(flatten)]
    pub common: Common,
    pub topic: TopicLink,
    /// Timeline: years newest first, each with reports and case studies.
    pub years: Vec<YearGroup>,
    /// Commitments on this topic, report by report, newest first.
    pub commitments: Vec<super::commitments::CommitmentsView>,
}

#[derive(Debug, Serialize)]
pub struct ListContext {
    #[serde(flatten)]
    pub common: Common,
    pub title: String,
    pub topics: Vec<TopicLink>,
    pub years: Vec<YearGroup>,
    pub snapshots: Vec<SnapshotLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SnapshotLink {
    pub year: i32,
    pub url: String,
    pub date_display: String,
    pub files: usize,
}

#[derive(Debug, Serialize)]
pub struct YearContext {
    #[serde(flatten)]
    pub common: Common,
    pub year: YearGroup,
}

#[derive(Debug, Serialize)]
pub struct ParallelContext {
    #[serde(flatten)]
    pub common: Common,
    pub page: PageLink,
    pub twin: PageLink,
    pub twin_lang: Language,
    pub rows: Vec<ParallelRow>,
    /// True when both versions have the same heading structure.
    pub aligned: bool,
    pub unmatched: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParallelRow {
    pub id: String,
    pub label: String,
    pub left: String,
    pub right: String,
    pub matched: bool,
}

/// A page template's context: it has the [`Common`] fields.
pub trait WithCommon: Serialize {
    fn common(&self) -> &Common;
}

macro_rules! with_common {
    ($($t:ty),*) => {$(
        impl WithCommon for $t {
            fn common(&self) -> &Common {
                &self.common
            }
        }
    )*};
}

with_common!(
    PageContext,
    SectionContext,
    HomeContext,
    TopicContext,
    ListContext,
    YearContext,
    ParallelContext,
    super::commitments::CommitmentsContext
);
