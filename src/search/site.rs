//! The site's pages as search documents.

use std::borrow::Cow;

use super::{IndexOptions, SearchDoc, build_index};
use crate::model::Site;
use crate::output::Output;

/// Builds the search index of every language from the rendered pages.
pub fn index_site(site: &Site) -> Output {
    build_index(&documents(site), &IndexOptions::default())
}

/// One document per page: title, headings and visible text, masks as in
/// [`crate::markdown::text::mask_search_text`].
pub fn documents(site: &Site) -> Vec<SearchDoc<'_>> {
    let mut docs: Vec<SearchDoc<'_>> = site
        .pages
        .iter()
        .map(|p| SearchDoc {
            lang: p.lang.as_str().into(),
            // URLs are built from it in the browser: encoded like every link.
            path: crate::render::urls::encode_path(&p.path).into(),
            title: masked(&p.title),
            headings: p.rendered.headings.iter().map(|h| masked(&h.title)).collect(),
            text: p.rendered.text.as_str().into(),
            year: p.year,
            kind: p.kind.as_str().into(),
            topics: p.fm.topics.iter().map(|t| t.as_str().into()).collect(),
        })
        .collect();
    docs.extend(crate::commitments::pages::search_documents(site));
    docs
}

/// `text` with its masks as the search text writes them.
fn masked(text: &str) -> Cow<'_, str> {
    use crate::markdown::text::{Segment, mask_search_text, split_masks};
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
