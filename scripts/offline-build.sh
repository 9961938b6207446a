#!/usr/bin/env bash
# Builds annals from a vendored tree (scripts/vendor.sh) with the network cut:
# CARGO_NET_OFFLINE=true and --offline make any attempt to reach a registry an
# error instead of a download. Installs nothing; the binary is target/release/annals.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d vendor ] || ! grep -q 'directory = "vendor"' .cargo/config.toml 2>/dev/null; then
    echo "error: no vendored dependencies here; run scripts/vendor.sh on a machine with network access first" >&2
    exit 1
fi
export CARGO_NET_OFFLINE=true
cargo build --release --locked --offline "$@"
./target/release/annals --version
