//! Annals: a static-site generator for bilingual public accountability reports.
//!
//! See `docs/architecture.md` for the pipeline and the contracts between stages.

pub mod archive;
pub mod build;
pub mod check;
pub mod cmd;
pub mod config;
pub mod error;
pub mod import;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod project;
pub mod render;
pub(crate) mod script;
pub mod search;
pub mod serve;
pub mod watch;
