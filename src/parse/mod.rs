//! Parse: split a content file into its front matter and Markdown body.

pub mod date;
pub mod frontmatter;

pub use date::Date;
pub use frontmatter::{FrontMatter, PageKind, split_front_matter};
