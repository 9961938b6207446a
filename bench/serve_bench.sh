#!/usr/bin/env bash
# Edit-to-reload latency of `annals serve` on a generated site, next to a full
# `annals build` of the same site measured in the same run.
#
#   bench/serve_bench.sh            # 10,000 pages, 20 edits
#   PAGES=1000 N=5 bench/serve_bench.sh
#   EDIT=title bench/serve_bench.sh   # edit the page's title (front matter) instead of its body
#
# The latency is measured as a browser sees it: from the moment the edited
# Markdown file is written and closed to the moment the `reload` event arrives
# on /__annals/events (debounce + rebuild + swap + event). The server's own
# "rebuilt in … ms" lines are reported beside it, and the server's resident
# memory after its first build and after the edits. Not a timed test: it prints
# figures and never fails on them.
set -euo pipefail
cd "$(dirname "$0")/.."

PAGES=${PAGES:-10000}
N=${N:-20}
EDIT=${EDIT:-body}
WORK=${WORK:-bench/work/serve-$PAGES}
source bench/corpus.sh

exec python3 - "$BIN" "$WORK" "$N" "$EDIT" <<'PY'
import os, re, socket, statistics, subprocess, sys, threading, time

bin_, work, n, edit = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if edit not in ("body", "title"):
    sys.exit(f"EDIT={edit}: expected body or title")
site = os.path.join(work, "site")

def full_build():
    out = os.path.join(work, "output")
    t = time.monotonic()
    subprocess.run([bin_, "build", "--quiet", "--root", site, "--output", out], check=True)
    return time.monotonic() - t

print(f"== full build: {full_build():.2f} s")

t_start = time.monotonic()
server = subprocess.Popen([bin_, "serve", "--root", site, "--port", "0"],
                          stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
log, ready = [], threading.Event()
port = None

def read_stderr():
    global port
    for line in server.stderr:
        log.append(line.rstrip("\n"))
        m = re.search(r"Serving on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            ready.set()

threading.Thread(target=read_stderr, daemon=True).start()
try:
    if not ready.wait(600):
        sys.exit("server did not start:\n" + "\n".join(log))
    print(f"== serve: first build and listening after {time.monotonic() - t_start:.2f} s")

    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /__annals/events HTTP/1.1\r\nHost: x\r\n\r\n")
    stream = sock.makefile("rb")

    def next_event(timeout):
        sock.settimeout(timeout)
        name = None
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line == "" and name:
                return name
        raise EOFError("event stream closed")

    while next_event(60) != "hello":
        pass

    def mem(field):
        with open(f"/proc/{server.pid}/status") as f:
            return next(int(l.split()[1]) // 1024 for l in f if l.startswith(field + ":"))

    rss_first = mem("VmRSS")

    page = os.path.join(site, "content", "reports", "2013")
    page = os.path.join(page, sorted(f for f in os.listdir(page) if f.endswith(".md") and not f.startswith("_"))[0])
    original = open(page, encoding="utf-8").read()
    times = []
    for i in range(n):
        if edit == "body":
            edited = original + f"\n\n第{i}次修改。\n"
        else:
            # A front-matter edit: the title shows in lists, feeds and the search index.
            edited = re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)} ({i})"',
                            original, count=1, flags=re.M)
            assert edited != original, "no title line in " + page
        with open(page, "w", encoding="utf-8") as f:
            f.write(edited)
        t = time.monotonic()
        while True:
            ev = next_event(600)
            if ev == "reload":
                break
            if ev == "error":
                sys.exit("the edit broke the build:\n" + "\n".join(log[-5:]))
        times.append(time.monotonic() - t)
        time.sleep(0.3)
    indexed = lambda: sum("search index updated" in l for l in log)
    before_restore = indexed()
    with open(page, "w", encoding="utf-8") as f:
        f.write(original)

    ms = [round(x * 1000) for x in times]
    rebuilt = [int(m.group(1)) for l in log if (m := re.match(r"rebuilt in (\d+) ms", l))]
    # The search index follows the last edit in the background; let it land.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and indexed() <= before_restore:
        time.sleep(0.2)
    rss_after, rss = mem("VmRSS"), mem("VmHWM")
    print(f"== edit -> reload event, {n} {edit} edits of {os.path.relpath(page, site)}")
    print(f"   median {statistics.median(ms)} ms   min {min(ms)} ms   max {max(ms)} ms   all {ms}")
    if rebuilt:
        print(f"   server 'rebuilt in' median {statistics.median(rebuilt)} ms ({len(rebuilt)} rebuilds)")
    print(f"   serve resident: {rss_first} MB after the first build, {rss_after} MB after {n} edits, peak {rss} MB")
    print(f"== full build again (warm cache): {full_build():.2f} s")
finally:
    # Stopped as a user stops it (Ctrl-C), so it removes its private folder.
    server.send_signal(2)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
PY
