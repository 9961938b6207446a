//! Yearly snapshots: frozen, self-contained, verifiable copies of the site.
//!
//! `annals snapshot <year>` builds the site as it stands, limited to content
//! up to that year, with relative `index.html` links, its own CSS, JS and
//! search index, into `archive/<year>/` beside `content/`. A `MANIFEST.sha256`
//! in `sha256sum` format lists every file, so anyone can check later — with
//! `annals snapshot --verify` or plain `sha256sum -c` — that the copy is
//! unchanged. `annals build` only ever copies snapshots, byte for byte.
//!
//! This module knows where snapshots live and how they are written, listed
//! and verified; it does not build. [`crate::build::take_snapshot`] builds
//! one and hands the output to [`write_snapshot`], so `build` depends on
//! `archive` and never the reverse.

mod manifest;
mod publish;
mod snapshot;

pub use manifest::{Verification, verify};
pub use publish::{INFO, MANIFEST, publish_snapshots, published_snapshots};
pub use snapshot::{Frozen, SnapshotOptions, prepare_snapshot, snapshot_dirs, today, write_snapshot};
