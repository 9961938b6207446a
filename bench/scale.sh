#!/usr/bin/env bash
# How Annals grows with the site, against Hugo in the same run.
#
#   bash bench/scale.sh                      # 1,000 / 10,000 / 100,000 pages
#   SIZES="1000 10000" bash bench/scale.sh   # any list of page counts
#   RUNS=3 SERVE=0 bash bench/scale.sh       # builds per size (median), no serve
#   RUNS_LARGE=1                             # builds per size from 50,000 pages (default 1)
#   OUT=/dev/shm/scale                       # where the outputs go (default $WORK): a
#                                            # tmpfs keeps file-system noise out of the figures
#   FRESH=1                                  # every build into an empty folder (see below)
#   PAGEFIND=/path/to/pagefind               # also index Hugo's output with Pagefind (npm
#                                            # `pagefind`) after each Hugo build, up to
#   PAGEFIND_MAX=10000                       # this many pages (5 GB resident at 10,000)
#
# Per size: generates the corpus (bench/gen_corpus.py, both layouts), then
# RUNS times each: `annals build` (ANNALS_TIMINGS=1 for the stages) and
# `hugo`, alternating, under /usr/bin/time -v (wall, CPU, peak RSS). Reports
# medians, output and search index bytes, and, unless SERVE=0, the resident
# memory of `annals serve` after its first build, and Annals' time before its
# first page is rendered (loading, Markdown, search index) against Hugo's
# whole build; with PAGEFIND, also Hugo + Pagefind. The table goes to stdout
# and to $WORK/scale.md.
#
# By default each build rewrites the previous one's output, as a user's
# next build does: Hugo overwrites its folder, Annals reuses its spare
# folder and leaves files that already hold their bytes unwritten (only
# marked modified), which on a corpus that did not change is every file.
# FRESH=1 deletes both outputs (and Annals' spare) before every build, so
# both tools create every file. Not a timed test: it prints figures, never fails on
# them. Needs python3, hugo (apt-get install -y hugo) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-1000 10000 100000}
RUNS=${RUNS:-3}
RUNS_LARGE=${RUNS_LARGE:-1}
SERVE=${SERVE:-1}
BIN=$(readlink -f "${ANNALS_BIN:-${CARGO_TARGET_DIR:-target}/release/annals}")
WORK=${WORK:-/tmp/annals-scale}
OUT=${OUT:-$WORK}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release, or set ANNALS_BIN)" >&2; exit 1; }
command -v hugo >/dev/null || { echo "hugo is missing (apt-get install -y hugo)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }
FRESH=${FRESH:-0}
PAGEFIND=${PAGEFIND:-}
PAGEFIND_MAX=${PAGEFIND_MAX:-10000}
[ -z "$PAGEFIND" ] || [ -x "$PAGEFIND" ] || { echo "PAGEFIND=$PAGEFIND is not an executable" >&2; exit 1; }
mkdir -p "$WORK" "$OUT"

exec python3 - "$BIN" "$WORK" "$RUNS" "$SERVE" "$RUNS_LARGE" "$OUT" "$FRESH" "$PAGEFIND" "$PAGEFIND_MAX" $SIZES <<'PY'
import os, re, shutil, socket, statistics, subprocess, sys, time

bin_, work, runs, serve = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
runs_large = int(sys.argv[5])
outdir = sys.argv[6]
fresh = sys.argv[7] == "1"
pagefind, pagefind_max = sys.argv[8], int(sys.argv[9])
sizes = [int(n) for n in sys.argv[10:]]
STAGES = ["load", "parse", "model", "markdown", "commitments", "search index", "pages", "rest", "swap"]
# The stages before the first page is rendered: what the build costs with
# its search index, however fast the pages were.
BEFORE_PAGES = STAGES[:STAGES.index("pages")]

def timed(cmd, env=None):
    """Runs cmd under GNU time; returns (wall s, cpu s, peak MB, stderr)."""
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    def field(name):
        return re.search(rf"{name}: (.*)", r.stderr).group(1).strip()
    wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)")
    parts = [float(p) for p in wall.split(":")]
    wall_s = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(field("User time \\(seconds\\)")) + float(field("System time \\(seconds\\)"))
    peak = int(field(r"Maximum resident set size \(kbytes\)")) / 1024
    return wall_s, cpu, peak, r.stderr

def du(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            total += os.lstat(os.path.join(d, f)).st_size
    return total

def serve_rss(site):
    """Resident memory of `annals serve` once the first build is served and the search index is in."""
    p = subprocess.Popen([bin_, "serve", "--root", site, "--port", "0"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in p.stderr:
            m = re.search(r"Serving on http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            return None
        # A request for the search meta file waits for nothing; give the
        # background index a moment by polling until RSS is stable.
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
            while s.recv(65536):
                pass
        last, stable = 0, 0
        for _ in range(600):
            with open(f"/proc/{p.pid}/status") as f:
                rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
            stable = stable + 1 if abs(rss - last) < 2 else 0
            last = rss
            if stable >= 10:
                break
            time.sleep(0.1)
        with open(f"/proc/{p.pid}/status") as f:
            hwm = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024
        return last, hwm
    finally:
        # As Ctrl-C would: the server removes its private build folder.
        p.terminate()
        p.wait()

rows = []
for n in sizes:
    a_site, h_site = f"{work}/annals-{n}", f"{work}/hugo-{n}"
    a_out, h_out = f"{outdir}/out-annals-{n}", f"{outdir}/out-hugo-{n}"
    for fmt, d in (("annals", a_site), ("hugo", h_site)):
        subprocess.run([sys.executable, "bench/gen_corpus.py", "--pages", str(n), "--out", d, "--format", fmt, "--force"],
                       check=True, stdout=subprocess.DEVNULL)
    print(f"== {n} pages", file=sys.stderr)
    a, h, pf = [], [], []
    pf_out = f"{outdir}/pagefind-{n}"
    env = dict(os.environ, ANNALS_TIMINGS="1")
    for r in range(runs if n < 50000 else runs_large):
        if fresh:
            for d in (a_out, f"{outdir}/.out-annals-{n}.spare", h_out, pf_out):
                shutil.rmtree(d, ignore_errors=True)
            subprocess.run(["sync"])
        a.append(timed([bin_, "build", "--quiet", "--root", a_site, "--output", a_out], env))
        h.append(timed(["hugo", "--quiet", "-s", h_site, "-d", h_out]))
        line = f"   run {r + 1}: annals {a[-1][0]:.2f} s, hugo {h[-1][0]:.2f} s"
        if pagefind and n <= pagefind_max:
            pf.append(timed([pagefind, "--site", h_out, "--output-path", pf_out]))
            line += f", pagefind {pf[-1][0]:.2f} s"
        print(line, file=sys.stderr)
    stages = {}
    for s in STAGES:
        vals = [float(m.group(1)) for *_, err in a for m in [re.search(rf"timing: {re.escape(s)}\s+([\d.]+) ms", err)] if m]
        if vals:
            stages[s] = statistics.median(vals)
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    rss = serve_rss(a_site) if serve else None
    # Hugo and Pagefind run one after the other: their sum, run by run.
    hp = [(x[0] + y[0], x[1] + y[1], max(x[2], y[2])) for x, y in zip(h, pf)]
    rows.append(dict(n=n, a_wall=med(a, 0), a_cpu=med(a, 1), a_peak=max(x[2] for x in a),
                     h_wall=med(h, 0), h_cpu=med(h, 1), h_peak=max(x[2] for x in h),
                     hp=(med(hp, 0), med(hp, 1), max(x[2] for x in hp)) if hp else None,
                     a_bytes=du(a_out), s_bytes=du(f"{a_out}/search"), h_bytes=du(h_out),
                     stages=stages, serve=rss))

mb = lambda b: f"{b / 1e6:,.0f} MB"
out = []
out.append(f"Annals `{bin_}` against Hugo (`hugo version`: "
           f"{subprocess.run(['hugo', 'version'], capture_output=True, text=True).stdout.split()[1]}), "
           f"{os.cpu_count()} CPUs, median of {runs} alternating runs ({runs_large} from 50,000 pages); Annals builds its search index, Hugo none; "
           f"{'every build into an empty folder (FRESH=1)' if fresh else 'each build over the previous one'}.\n")
out.append("| pages | annals wall | hugo wall | wall ratio | annals CPU | hugo CPU | CPU ratio | annals peak | hugo peak | annals output | search index | hugo output | serve RSS (peak) |")
out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    srv = f"{r['serve'][0]:,.0f} MB ({r['serve'][1]:,.0f})" if r["serve"] else "–"
    out.append(f"| {r['n']:,} | {r['a_wall']:.2f} s | {r['h_wall']:.2f} s | {r['a_wall'] / r['h_wall']:.2f}× | "
               f"{r['a_cpu']:.2f} s | {r['h_cpu']:.2f} s | {r['a_cpu'] / r['h_cpu']:.2f}× | "
               f"{r['a_peak']:,.0f} MB | {r['h_peak']:,.0f} MB | {mb(r['a_bytes'])} | {mb(r['s_bytes'])} | {mb(r['h_bytes'])} | {srv} |")
out.append("")
out.append("Annals stages, ms (median; `search index` includes writing the index, `pages` rendering and writing them):\n")
out.append("| pages | " + " | ".join(STAGES) + " |")
out.append("|---|" + "---|" * len(STAGES))
for r in rows:
    out.append(f"| {r['n']:,} | " + " | ".join(f"{r['stages'].get(s, 0):,.0f}" for s in STAGES) + " |")
out.append("")
out.append("Before the first page is rendered (" + ", ".join(BEFORE_PAGES) + "), against Hugo's whole build:\n")
for r in rows:
    before = sum(r["stages"].get(s, 0) for s in BEFORE_PAGES) / 1000
    out.append(f"- {r['n']:,}: {before:.2f} s, {before / r['h_wall']:.2f}× Hugo's wall time "
               f"(search index alone {r['stages'].get('search index', 0) / 1000 / r['h_wall']:.2f}×)")
if any(r["hp"] for r in rows):
    out.append("")
    out.append("Against Hugo followed by Pagefind on Hugo's output (a static site with a search index):\n")
    out.append("| pages | annals wall | hugo + pagefind wall | wall ratio | annals CPU | hugo + pagefind CPU | CPU ratio | hugo + pagefind peak |")
    out.append("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if r["hp"]:
            w, c, pk = r["hp"]
            out.append(f"| {r['n']:,} | {r['a_wall']:.2f} s | {w:.2f} s | {r['a_wall'] / w:.2f}× | "
                       f"{r['a_cpu']:.2f} s | {c:.2f} s | {r['a_cpu'] / c:.2f}× | {pk:,.0f} MB |")
if len(rows) > 1:
    out.append("")
    out.append("Growth between consecutive sizes (time ratio / page ratio; 1.0 is linear):\n")
    for p, q in zip(rows, rows[1:]):
        k = q["n"] / p["n"]
        out.append(f"- {p['n']:,} → {q['n']:,}: annals wall ×{q['a_wall'] / p['a_wall']:.1f}, CPU ×{q['a_cpu'] / p['a_cpu']:.1f}"
                   f" ({q['a_cpu'] / p['a_cpu'] / k:.2f} of linear); hugo wall ×{q['h_wall'] / p['h_wall']:.1f}, CPU ×{q['h_cpu'] / p['h_cpu']:.1f}")
text = "\n".join(out) + "\n"
print(text)
open(f"{work}/scale.md", "w").write(text)
PY
