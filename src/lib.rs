//! Annals: a static-site generator for bilingual public accountability reports.
//!
//! See `docs/architecture.md` for the pipeline and the contracts between stages.

pub mod cmd;
pub mod import;
pub mod output;
pub mod search;
