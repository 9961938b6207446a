#!/usr/bin/env bash
# The full offline install, end to end: vendor into a copy of the tree, then
# build it with the network cut and an empty cargo home, and run the binary.
# Takes a full release compile (minutes); run by hand or in a nightly job:
#   bash tests/offline.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/annals"
(cd "$repo" && cp -r --parents Cargo.toml Cargo.lock README.md src themes tests/it examples scripts "$work/annals/")
cd "$work/annals"
bash scripts/vendor.sh
mkdir "$work/cargo-home"
CARGO_HOME="$work/cargo-home" bash scripts/offline-build.sh
test ! -e "$work/cargo-home/registry" || { echo "error: something came from a registry" >&2; exit 1; }
echo "offline build OK"
