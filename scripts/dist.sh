#!/usr/bin/env bash
# Packages a release: dist/annals-<version>-x86_64-linux.tar.gz holding the
# binary, README.md and SHA256SUMS (checksums of both), plus the tarball's own
# checksum beside it (<tarball>.sha256, for `sha256sum -c`).
#   DIST_DIR    where to write (default: dist/)
#   ANNALS_BIN  package this binary instead of building one (tests use it)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
[ -n "$version" ] || { echo "error: Cargo.toml: no version" >&2; exit 1; }
bin="${ANNALS_BIN:-}"
if [ -z "$bin" ]; then
    cargo build --release --locked
    bin="$root/target/release/annals"
fi
[ -x "$bin" ] || { echo "error: $bin: not an executable" >&2; exit 1; }
name="annals-$version-x86_64-linux"
dist="${DIST_DIR:-$root/dist}"
mkdir -p "$dist"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
install -m 0755 "$bin" "$stage/$name/annals"
install -m 0644 README.md "$stage/$name/README.md"
(cd "$stage/$name" && sha256sum annals README.md > SHA256SUMS)
# Reproducible archive: fixed order, owner and time.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00:00Z' \
    -C "$stage" -czf "$dist/$name.tar.gz" "$name"
(cd "$dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "$dist/$name.tar.gz"
