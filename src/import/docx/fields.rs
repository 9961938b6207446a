//! Complex fields (`w:fldChar begin … separate … end`).
//!
//! A field's instruction is never printed; its result is, except for page
//! furniture that Word generates (page numbers, tables of contents, index
//! entries), which means nothing on a web page.

/// Fields whose result is generated page furniture.
const DROPPED_FIELDS: [&str; 8] = ["PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "TOC", "INDEX", "XE", "TC"];

pub(super) struct Field {
    pub(super) instr: String,
    /// Past `w:fldChar separate`: runs are the field's result.
    pub(super) in_result: bool,
}

impl Field {
    pub(super) fn hides(&self) -> bool {
        !self.in_result
            || DROPPED_FIELDS.contains(&self.instr.split_whitespace().next().unwrap_or("").to_uppercase().as_str())
    }
}
