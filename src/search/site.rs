//! The site's pages as search documents.

use super::{IndexOptions, SearchDoc, build_index};
use crate::model::Site;
use crate::output::Output;

/// Builds the search index of every language from the rendered pages.
pub fn index_site(site: &Site) -> Output {
    build_index(&documents(site), &IndexOptions::default())
}

/// One document per page: title, headings and visible text without masks.
pub fn documents(site: &Site) -> Vec<SearchDoc<'_>> {
    site.pages
        .iter()
        .map(|p| SearchDoc {
            lang: p.lang.as_str().into(),
            // URLs are built from it in the browser: encoded like every link.
            path: crate::render::urls::encode_path(&p.path).into(),
            title: p.title.as_str().into(),
            headings: p.rendered.headings.iter().map(|h| strip(&h.title).into()).collect(),
            text: p.rendered.text.as_str().into(),
            year: p.year,
            kind: p.kind.as_str().into(),
            topics: p.fm.topics.iter().map(|t| t.as_str().into()).collect(),
        })
        .collect()
}

fn strip(title: &str) -> String {
    crate::markdown::text::split_masks(title)
        .into_iter()
        .filter_map(|s| match s {
            crate::markdown::text::Segment::Text(t) => Some(t),
            crate::markdown::text::Segment::Mask(_) => None,
        })
        .collect()
}
