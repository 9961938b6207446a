//! Import of Word documents (`.docx`, as written by Word and WPS).
//!
//! Bureaus hand over reports as Word files. Converting them to plain text
//! first loses what Word knew — heading styles, automatic `一、`/`（一）`
//! numbering, bold lead-ins, tables, footnotes, images — so `annals import`
//! reads the package itself and produces the same kind of page as the text
//! importer, through the same heading, run-in and escaping rules
//! ([`super::page`]). The reader works in two steps:
//!
//! 1. **Read** the package into a small model of what was printed
//!    ([`Doc`]: paragraphs of styled text, tables, footnotes, images), with
//!    automatic numbering resolved into visible labels, tracked deletions,
//!    comments, fields and hidden text dropped, and everything that cannot
//!    be carried over recorded as [`Lost`] with its place.
//! 2. **Assemble** the model into Markdown ([`assemble`]): headings from
//!    styles, typed numbers and bold-only lines, levels from the shared
//!    outline rules, tables, footnotes and image links.
//!
//! | module | noun |
//! |---|---|
//! | `xml` | element tree over quick-xml with namespaces resolved |
//! | `package` | the zip package, its parts and relationships |
//! | `styles` | heading/title/caption roles and bold from `styles.xml` |
//! | `numbering` | automatic numbering replayed into labels |
//! | `paragraphs` | the body walker: runs, fields, revisions, drawings |
//! | `tables` | tables flattened into Markdown tables |
//! | `assemble` | the Markdown page |

mod assemble;
mod fields;
mod inlines;
mod numbering;
mod package;
mod paragraphs;
mod runs;
mod styles;
mod tables;
mod xml;

pub use assemble::{DocxImport, convert_docx};
pub use package::{is_docx, is_zip};

/// What a paragraph style says about the paragraph.
pub(crate) use styles::Role;

/// A piece of paragraph text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Inline {
    Text {
        text: String,
        bold: bool,
    },
    /// A footnote or endnote reference, by its number in the page (1-based).
    Note(usize),
    /// An image, by index into [`Doc::images`].
    Image(usize),
}

#[derive(Clone, Debug)]
pub(crate) struct Para {
    pub role: Role,
    /// Visible automatic numbering (`一、`), already resolved.
    pub label: Option<String>,
    /// A bulleted list item.
    pub bullet: bool,
    pub inlines: Vec<Inline>,
}

impl Para {
    /// The printed text: label plus text, without notes and images.
    pub(crate) fn plain(&self) -> String {
        let mut s = self.label.clone().unwrap_or_default();
        for i in &self.inlines {
            if let Inline::Text { text, .. } = i {
                s.push_str(text);
            }
        }
        s
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Cell {
    pub paras: Vec<Vec<Inline>>,
    /// Grid columns covered (`w:gridSpan`).
    pub span: usize,
    /// Continuation of a vertically merged cell (`w:vMerge` without restart).
    pub merged_below: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Debug)]
pub(crate) enum Block {
    Para(Para),
    Table(Table),
}

/// An image extracted from the package.
#[derive(Clone, Debug)]
pub(crate) struct Image {
    /// File name in the page bundle (`image1.png`).
    pub name: String,
    pub bytes: Vec<u8>,
    /// Description from the drawing (`wp:docPr/@descr`), if any.
    pub alt: String,
}

/// Something the page cannot show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LostKind {
    TextBox,
    Shape,
    Equation,
    EmbeddedObject,
    Chart,
    /// An image whose data is missing or external.
    MissingImage,
}

impl LostKind {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            LostKind::TextBox => "text box",
            LostKind::Shape => "shape or drawing",
            LostKind::Equation => "equation",
            LostKind::EmbeddedObject => "embedded object",
            LostKind::Chart => "chart",
            LostKind::MissingImage => "image without data (linked or missing)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Lost {
    pub kind: LostKind,
    /// Index of the block it belongs to.
    pub block: usize,
}

/// What was read from a package.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    pub blocks: Vec<Block>,
    /// Footnotes and endnotes in order of first reference (number = index + 1).
    pub notes: Vec<Vec<Inline>>,
    pub images: Vec<Image>,
    pub lost: Vec<Lost>,
}

/// An image file to write next to the page (`index.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    pub name: String,
    pub bytes: Vec<u8>,
}
