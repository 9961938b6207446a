#!/usr/bin/env bash
# Runs the integration suite (`cargo test --release --test it`) N times in a
# row (default 20) and counts passes, failures and hangs: the check that the
# suite is not flaky. A run that takes longer than the per-run limit (default
# 900 s, for a loaded machine; an idle one needs well under a minute) counts
# as a hang and is killed. Extra arguments go to the test binary, e.g.
#   tests/repeat.sh 50 serve::
# Logs of failed or hung runs are kept in target/repeat/.
# Env: REPEAT_LIMIT (seconds per run).
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${1:-20}
shift || true
limit=${REPEAT_LIMIT:-900}
logs=target/repeat
mkdir -p "$logs"

# Build once and run that test binary each time (as `cargo test` does, from
# the repository root), so every run tests the same code even if files are
# edited meanwhile, and measures the tests, not the compiler.
bin=$(cargo test --release --test it --no-run --message-format=json --quiet \
  | grep '"kind":\["test"\]' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "cannot build the integration tests"; exit 1; }
echo "== $bin, $runs runs"

pass=0 fail=0 hang=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  timeout --kill-after=10 "$limit" "$bin" --quiet "$@" >"$logs/run-$i.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  if [ $rc -eq 0 ]; then
    pass=$((pass + 1)); verdict=pass; rm -f "$logs/run-$i.log"
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    hang=$((hang + 1)); verdict="HANG (killed after ${limit} s, log: $logs/run-$i.log)"
  else
    fail=$((fail + 1)); verdict="FAIL (log: $logs/run-$i.log)"
    grep -E '^test .* FAILED$|panicked at' "$logs/run-$i.log" | head -5
  fi
  echo "run $i/$runs: $verdict, ${secs} s"
done
echo "== $runs runs: $pass passed, $fail failed, $hang hung"
[ $fail -eq 0 ] && [ $hang -eq 0 ]
