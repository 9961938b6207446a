//! Index stage: the site's pages and commitments as search documents, and
//! the search index built from them.
//!
//! Why it is its own stage, apart from [`crate::search`]: the search engine
//! (tokenizer, postings, shards, document store) knows documents, not sites;
//! it is tested against the browser's tokenizer and benchmarked on synthetic
//! documents, and must not change when the site model does. This stage is
//! where the model meets it: one document per page (title, headings and
//! visible text, masks as [`crate::markdown::text::mask_search_text`] writes
//! them) and one per commitments page, so that promises and what became of
//! them are found. A full build runs it right before the pages
//! ([`index_site_into`]: each language handed to the output as soon as it is
//! encoded); a live rebuild ([`crate::project::Project::search_source`])
//! runs it after a batch. The documents share each page's packed text with
//! the model (see [`crate::packed`]): the index unpacks one page at a time.

use std::borrow::Cow;
use std::sync::Arc;

use crate::commitments::Ledger;
use crate::commitments::aligned::Aligned;
use crate::commitments::page_path;
use crate::markdown::Rendered;
use crate::markdown::text::{Segment, mask_search_text, split_masks};
use crate::model::{PageKind, Site};
use crate::output::Output;
use crate::output::path::encode_path;
use crate::search::{IndexOptions, SearchDoc, build_index_into};

/// Builds the search index of every language from the rendered pages,
/// handing each language's files to `sink` as they are encoded; returns the
/// paths written, for the output's claims.
pub fn index_site_into<E>(
    site: &Site,
    ledger: &Ledger,
    sink: &mut dyn FnMut(Output) -> Result<(), E>,
) -> Result<Vec<String>, E> {
    index_documents_into(documents(site, ledger), sink)
}

fn index_documents_into<E>(
    docs: Vec<SearchDoc<'_>>,
    sink: &mut dyn FnMut(Output) -> Result<(), E>,
) -> Result<Vec<String>, E> {
    let mut paths = Vec::new();
    build_index_into(docs, &IndexOptions::default(), &mut |part: Output| {
        paths.extend(part.files.keys().cloned());
        sink(part)
    })?;
    Ok(paths)
}

/// One document per page, then one per commitments page.
pub fn documents<'a>(site: &'a Site, ledger: &Ledger) -> Vec<SearchDoc<'a>> {
    let mut docs: Vec<SearchDoc<'_>> = site
        .pages
        .iter()
        .map(|p| {
            page_doc(&p.lang, encode_path(&p.path).into(), masked(&p.title), &p.rendered, p.year, p.kind, &p.fm.topics)
        })
        .collect();
    docs.extend(commitments_documents(site, ledger));
    docs
}

/// The search document of one page.
fn page_doc<'a>(
    lang: &'a str,
    path: Cow<'a, str>,
    title: Cow<'a, str>,
    rendered: &'a Rendered,
    year: Option<i32>,
    kind: PageKind,
    topics: &'a [String],
) -> SearchDoc<'a> {
    SearchDoc {
        lang: lang.into(),
        // URLs are built from it in the browser: encoded like every link.
        path,
        title,
        headings: rendered.headings.iter().map(|h| masked(&h.title)).collect(),
        text: rendered.text.clone(),
        year,
        kind: kind.as_str().into(),
        topics: topics.iter().map(|t| t.as_str().into()).collect(),
    }
}

/// A site's search documents without the site, for a live rebuild to index
/// after letting go of the project. Rendered bodies are shared with the
/// model (one `Arc` per page), not copied: copying every page's text made
/// each search update of `annals serve` hold the site's text twice.
pub struct SearchSource {
    pages: Vec<PageSource>,
    commitments: Vec<SearchDoc<'static>>,
}

/// What a page's search document is made of.
struct PageSource {
    lang: String,
    /// Percent-encoded.
    path: String,
    /// Masks as the search text writes them.
    title: String,
    rendered: Arc<Rendered>,
    year: Option<i32>,
    kind: PageKind,
    topics: Vec<String>,
}

impl SearchSource {
    pub fn of(site: &Site, ledger: &Ledger) -> SearchSource {
        let pages = site
            .pages
            .iter()
            .map(|p| PageSource {
                lang: p.lang.clone(),
                path: encode_path(&p.path),
                title: masked(&p.title).into_owned(),
                rendered: Arc::clone(&p.rendered),
                year: p.year,
                kind: p.kind,
                topics: p.fm.topics.clone(),
            })
            .collect();
        SearchSource { pages, commitments: commitments_documents(site, ledger) }
    }

    /// The same documents as [`documents`] gives for the site.
    pub fn documents(&self) -> Vec<SearchDoc<'_>> {
        let pages = self.pages.iter().map(|p| {
            page_doc(&p.lang, p.path.as_str().into(), p.title.as_str().into(), &p.rendered, p.year, p.kind, &p.topics)
        });
        pages.chain(self.commitments.iter().cloned()).collect()
    }
}

/// `text` with its masks as the search text writes them.
fn masked(text: &str) -> Cow<'_, str> {
    let segs = split_masks(text);
    if !segs.iter().any(|s| matches!(s, Segment::Mask(_))) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        segs.into_iter()
            .map(|s| match s {
                Segment::Text(t) => Cow::Borrowed(t),
                Segment::Mask(m) => Cow::Owned(mask_search_text(m)),
            })
            .collect(),
    )
}

/// Title of the commitments page in search results (templates use the
/// theme's `commitments_title`; the index is built without the theme).
fn commitments_title(lang: &str) -> &'static str {
    if lang == "zh" { "承诺与落实" } else { "Commitments & follow-up" }
}

/// One search document per commitments page, so that promises and what became of them are found.
fn commitments_documents(site: &Site, ledger: &Ledger) -> Vec<SearchDoc<'static>> {
    (0..site.pages.len())
        .filter_map(|i| {
            let (path, text) = commitments_text(site, ledger, i)?;
            let p = &site.pages[i];
            let src = ledger.source_of(site, i)?;
            let mut topics: Vec<String> =
                ledger.reports.get(&src)?.items.iter().flat_map(|c| c.topics.clone()).collect();
            topics.sort();
            topics.dedup();
            Some(SearchDoc {
                lang: p.lang.clone().into(),
                // A URL path, percent-encoded like every other page's.
                path: encode_path(&path).into(),
                title: format!("{} · {}", commitments_title(&p.lang), p.title).into(),
                headings: Vec::new(),
                text: text.into(),
                year: p.year,
                kind: p.kind.as_str().into(),
                topics: topics.into_iter().map(Into::into).collect(),
            })
        })
        .collect()
}

/// Text of a commitments page for search: every commitment and follow-up.
fn commitments_text(site: &Site, ledger: &Ledger, page: usize) -> Option<(String, String)> {
    let view = Aligned::new(site, ledger, page)?;
    let mut text = String::new();
    for c in &view.rc.items {
        text.push_str(&view.commitment(c).0.plain());
        text.push('\n');
        if let Some(f) = &c.followup {
            text.push_str(&view.followup(f).0.plain());
            text.push('\n');
        }
    }
    Some((page_path(site, page), text))
}
