#!/usr/bin/env bash
# `annals build --watch` on a generated site: time from saving one page to
# the output folder holding the new page, next to a full `annals build` of
# the same site measured in the same run.
#
#   bench/watch_bench.sh            # 10,000 pages, 10 edits
#   PAGES=1000 N=5 bench/watch_bench.sh
#
# Two figures per edit: when the edited page's HTML in the output folder has
# the new text (polled every 2 ms; debounce + incremental rebuild + write),
# and when the watcher reports the batch done ("rebuilt in … ms"), which
# includes bringing the search index up to date. Not a timed test: it prints
# figures and never fails on them.
set -euo pipefail
cd "$(dirname "$0")/.."

PAGES=${PAGES:-10000}
N=${N:-10}
WORK=${WORK:-bench/work/watch-$PAGES}
source bench/corpus.sh

exec python3 - "$BIN" "$WORK" "$N" <<'PY'
import os, re, statistics, subprocess, sys, threading, time

bin_, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
site = os.path.join(work, "site")
out = os.path.join(work, "output")

def full_build():
    t = time.monotonic()
    subprocess.run([bin_, "build", "--quiet", "--root", site, "--output", out], check=True)
    return time.monotonic() - t

print(f"== full build: {full_build():.2f} s")

t_start = time.monotonic()
watcher = subprocess.Popen([bin_, "build", "--watch", "--root", site, "--output", out],
                           stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
log, ready, done = [], threading.Event(), threading.Condition()

def read_stderr():
    for line in watcher.stderr:
        with done:
            log.append(line.rstrip("\n"))
            done.notify_all()
        if line.startswith("Watching "):
            ready.set()

threading.Thread(target=read_stderr, daemon=True).start()
try:
    if not ready.wait(600):
        sys.exit("watcher did not start:\n" + "\n".join(log))
    print(f"== build --watch: first build done after {time.monotonic() - t_start:.2f} s")

    year = os.path.join(site, "content", "reports", "2013")
    name = sorted(f for f in os.listdir(year) if f.endswith(".md") and not f.startswith("_") and f.count(".") == 1)[0]
    page = os.path.join(year, name)
    html = os.path.join(out, "reports", "2013", name[:-3], "index.html")
    original = open(page, encoding="utf-8").read()
    to_page, to_done = [], []
    for i in range(n):
        marker = f"第{i}次修改。"
        with done:
            seen = len([l for l in log if l.startswith("rebuilt in")])
        with open(page, "w", encoding="utf-8") as f:
            f.write(original + f"\n\n{marker}\n")
        t = time.monotonic()
        deadline = t + 120
        while time.monotonic() < deadline:
            try:
                if marker in open(html, encoding="utf-8").read():
                    break
            except OSError:
                pass
            time.sleep(0.002)
        else:
            sys.exit("the page was not rebuilt:\n" + "\n".join(log[-5:]))
        to_page.append(time.monotonic() - t)
        with done:
            done.wait_for(lambda: len([l for l in log if l.startswith("rebuilt in")]) > seen or
                          any(l.startswith("error") for l in log), timeout=120)
        to_done.append(time.monotonic() - t)
        time.sleep(0.3)
    with open(page, "w", encoding="utf-8") as f:
        f.write(original)

    ms = lambda xs: [round(x * 1000) for x in xs]
    print(f"== edit -> page in output/, {n} edits of {os.path.relpath(page, site)}")
    print(f"   median {statistics.median(ms(to_page))} ms   min {min(ms(to_page))}   max {max(ms(to_page))}   all {ms(to_page)}")
    print(f"== edit -> batch done (pages + search index)")
    print(f"   median {statistics.median(ms(to_done))} ms   all {ms(to_done)}")
    for l in log:
        if l.startswith("rebuilt in"):
            print("   " + l)
    rss = 0
    with open(f"/proc/{watcher.pid}/status") as f:
        for l in f:
            if l.startswith("VmHWM:"):
                rss = int(l.split()[1]) // 1024
    print(f"   build --watch peak RSS {rss} MB")
finally:
    watcher.kill()
    watcher.wait()
PY
