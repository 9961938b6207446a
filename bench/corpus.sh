# Shared set-up of the benchmarks that edit a generated site (sourced by
# watch_bench.sh and serve_bench.sh after they set PAGES, N and WORK):
# checks the binary and writes the corpus into $WORK/site.
BIN=${ANNALS_BIN:-${CARGO_TARGET_DIR:-target}/release/annals}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release, or set ANNALS_BIN)" >&2; exit 1; }
echo "== corpus: $PAGES pages in $WORK/site"
python3 bench/gen_corpus.py --pages "$PAGES" --out "$WORK/site" --format annals --force >/dev/null
