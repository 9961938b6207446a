//! Annals: a static-site generator for bilingual public accountability reports.
//!
//! See `docs/architecture.md` for the pipeline and the contracts between stages.
//! The command line (`src/cmd/`) belongs to the binary, `src/main.rs`: the
//! library never depends on it.

pub mod archive;
pub mod build;
pub mod check;
pub mod commitments;
pub mod config;
pub mod error;
pub mod import;
pub mod index;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod output;
pub mod packed;
pub mod parse;
pub mod plan;
pub mod project;
pub mod render;
pub mod scaffold;
pub(crate) mod script;
pub mod search;
pub mod serve;
pub mod watch;
