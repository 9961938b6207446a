// Shared helpers of the browser tests: the real annals binary, a static HTTP
// server, and headless Chromium (Debian's /usr/bin/chromium) via playwright-core.
import { spawnSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, statSync, cpSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = process.env.ANNALS_BIN || join(REPO, "target", "release", "annals");

/** Runs `annals` with arguments; throws with stderr on failure. */
export function annals(args, opts = {}) {
  const r = spawnSync(BIN, args, { encoding: "utf8", ...opts });
  if (r.status !== 0) throw new Error(`annals ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return r;
}

/** Temp folders of this test file, removed when its process exits. */
const made = [];
process.on("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Copies the repository's example site into a temp folder and builds it. */
export function buildExample(extra = []) {
  const dir = mkdtempSync(join(tmpdir(), "annals-browser-"));
  made.push(dir);
  cpSync(join(REPO, "content"), join(dir, "content"), { recursive: true });
  cpSync(join(REPO, "site.toml"), join(dir, "site.toml"));
  cpSync(join(REPO, "themes"), join(dir, "themes"), { recursive: true });
  annals(["build", "--quiet", "--root", dir, ...extra]);
  return { root: dir, output: join(dir, "output") };
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8", ".png": "image/png",
  ".svg": "image/svg+xml", ".json": "application/json",
};

/** Serves a folder over HTTP under an optional URL prefix. */
export async function serveStatic(dir, prefix = "/") {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    path = normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, "");
    let file = join(dir, path);
    try { if (statSync(file).isDirectory()) file = join(file, "index.html"); } catch {}
    if (!existsSync(file)) { res.writeHead(404); res.end("not found"); return; }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}

/** Headless Chromium with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--allow-file-access-from-files"],
  });
}

/** Collects requests that leave the site's origin (must stay empty). */
export function watchExternalRequests(page, allowedPrefix) {
  const external = [];
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(allowedPrefix) && !u.startsWith("data:") && !u.startsWith("about:")) external.push(u);
  });
  return external;
}

export { spawn };
