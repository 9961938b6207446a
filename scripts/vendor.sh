#!/usr/bin/env bash
# Vendors every dependency into vendor/ and points cargo at it, so the source
# tree builds on a machine without a crates registry (scripts/offline-build.sh).
# Run it where crates.io (or a local cargo cache) is reachable.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cargo
# Cargo prints the source-replacement configuration to use the vendored tree.
cargo vendor --locked --versioned-dirs vendor > .cargo/config.toml.new
mv .cargo/config.toml.new .cargo/config.toml
echo "vendored $(ls vendor | wc -l) crates into vendor/; cargo now reads them from there (.cargo/config.toml)"
