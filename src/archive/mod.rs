//! Yearly snapshots: frozen, self-contained, verifiable copies of the site.
//!
//! `annals snapshot <year>` builds the site as it stands, limited to content
//! up to that year, with relative `index.html` links, its own CSS, JS and
//! search index, into `archive/<year>/` beside `content/`. A `MANIFEST.sha256`
//! in `sha256sum` format lists every file, so anyone can check later — with
//! `annals snapshot --verify` or plain `sha256sum -c` — that the copy is
//! unchanged. `annals build` only ever copies snapshots, byte for byte.

mod manifest;
mod publish;
mod snapshot;

pub use manifest::{Verification, verify};
pub use publish::{INFO, MANIFEST, publish_snapshots, published_snapshots};
pub use snapshot::{SnapshotOptions, snapshot_dirs, take_snapshot, today};
