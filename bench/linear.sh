#!/usr/bin/env bash
# Linear-time check: each stage fed generated input of size N and 4N.
#
#   bash bench/linear.sh [target/release/annals]
#
# For each case it prints the two times and their ratio, and fails (exit 1)
# when a ratio exceeds LIMIT (default 7: linear is 4, quadratic 16, cubic 64;
# the margin absorbs fixed start-up costs and a shared, noisy machine).
# A benchmark, not a timed test: run it by hand or in a benchmark job.
set -euo pipefail
BIN=$(realpath "${1:-target/release/annals}")
LIMIT=${LIMIT:-7}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail=0

now() { date +%s.%N; }

# Median of three runs of a command, in seconds.
time3() {
  local ts=()
  for _ in 1 2 3; do
    local t0 t1
    t0=$(now)
    "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; exit 1; }
    t1=$(now)
    ts+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${ts[@]}" | sort -g | sed -n 2p
}

site() { # site folder with site.toml
  mkdir -p "$1/content"
  printf 'title = "bench"\nbase_url = "https://example.org/"\n' >"$1/site.toml"
}

report() { # name small large
  local ratio
  ratio=$(echo "$3 / $2" | bc -l)
  printf '%-34s N: %7.3f s   4N: %7.3f s   ratio %5.2f\n' "$1" "$2" "$3" "$ratio"
  if (($(echo "$ratio > $LIMIT" | bc -l))); then
    echo "  FAIL: ratio above $LIMIT (not linear)"
    fail=1
  fi
}

# 1. Markdown: one page with many headings (line numbers per heading).
headings_page() { # count file
  python3 - "$1" "$2" <<'EOF'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    f.write("+++\ntitle = \"long\"\n+++\n\n")
    for i in range(n):
        f.write(f"## Heading {i}\n\nParagraph {i} of text under the heading, 工作报告第{i}节。\n\n")
EOF
}
for n in 6000 24000; do
  site "$WORK/md$n"
  headings_page "$n" "$WORK/md$n/content/long.md"
done
a=$(time3 "$BIN" build --quiet --root "$WORK/md6000")
b=$(time3 "$BIN" build --quiet --root "$WORK/md24000")
report "build: page with 6k/24k headings" "$a" "$b"

# 2. Import: thousands of 一、 headings (outline levels).
chapters() { # count file
  python3 - "$1" "$2" <<'EOF'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    f.write("2022年度工作报告\n\n")
    for i in range(n):
        f.write(f"一、第{i}项工作\n这一项工作做得很好，取得了成效。\n")
EOF
}
for n in 4000 16000; do
  site "$WORK/im$n"
  chapters "$n" "$WORK/im$n.txt"
done
imp() { rm -rf "$1/content/reports"; "$BIN" import --root "$1" --year 2022 --slug x "$2"; }
a=$(time3 imp "$WORK/im4000" "$WORK/im4000.txt")
b=$(time3 imp "$WORK/im16000" "$WORK/im16000.txt")
report "import: 4k/16k 一、 headings" "$a" "$b"

# 3. Import: a large report (the seed repeated) of 5 MB and 20 MB.
seed=$(dirname "$0")/../tests/fixtures/report-2022.txt
[ -f "$seed" ] || seed=/work/shared/seeds/report-2022.txt
grow() { # bytes file
  python3 - "$1" "$seed" "$2" <<'EOF'
import sys
size, seed, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
text = open(seed, encoding="utf-8").read()
body = text.split("\n", 1)[1]
with open(out, "w", encoding="utf-8") as f:
    f.write(text.split("\n", 1)[0] + "\n")
    written = 0
    while written < size:
        f.write(body)
        written += len(body.encode())
EOF
}
site "$WORK/big5"
site "$WORK/big20"
grow 5000000 "$WORK/big5.txt"
grow 20000000 "$WORK/big20.txt"
a=$(time3 imp "$WORK/big5" "$WORK/big5.txt")
b=$(time3 imp "$WORK/big20" "$WORK/big20.txt")
report "import: 5 MB / 20 MB report" "$a" "$b"

# 4. Build of the 20 MB imported report.
a=$(time3 "$BIN" build --quiet --root "$WORK/big5")
b=$(time3 "$BIN" build --quiet --root "$WORK/big20")
report "build: 5 MB / 20 MB report" "$a" "$b"

exit $fail
