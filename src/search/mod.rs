//! Search index: built at build time in Rust, queried in the browser by
//! `themes/default/static/search.js` with the same tokenizer.

mod site;

pub use site::index_site;
