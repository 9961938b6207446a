// Live reload of `annals serve` in real headless Chromium: a Markdown edit
// reloads the page, a stylesheet edit swaps styles in place, a broken edit
// shows an error overlay that the fix removes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, cpSync, readFileSync, writeFileSync, appendFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { once } from "node:events";
import { join } from "node:path";
import { BIN, REPO, launch, spawn } from "./harness.mjs";

const PAGE_MD = "content/cases/garbage-sorting.en.md";
const PAGE_URL = "en/cases/garbage-sorting/";
const WAIT = 30000;

let root, child, url, browser;

/** Starts `annals serve` on a port ("0": any free one); resolves to its URL. */
function startServer(port) {
  let log = "";
  child = spawn(BIN, ["serve", "--root", root, "--port", port], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60000);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = log.match(/Serving on (http:\/\/\S+\/)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => reject(new Error(`annals serve exited (${code}):\n${log}`)));
  });
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), "annals-serve-"));
  cpSync(join(REPO, "content"), join(root, "content"), { recursive: true });
  cpSync(join(REPO, "site.toml"), join(root, "site.toml"));
  cpSync(join(REPO, "themes"), join(root, "themes"), { recursive: true });
  url = await startServer("0");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  child?.kill();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Opens the page and waits until its event stream is connected. */
async function open(path) {
  const page = await browser.newPage();
  const connected = page.waitForResponse((r) => r.url().endsWith("/__annals/events"), { timeout: WAIT });
  await page.goto(url + path);
  await connected;
  return page;
}

const edit = (rel, f) => writeFileSync(join(root, rel), f(readFileSync(join(root, rel), "utf8")));

test("a Markdown edit reloads the page with the new text", async () => {
  const page = await open(PAGE_URL);
  await page.evaluate(() => { window.__beforeEdit = true; });
  edit(PAGE_MD, (s) => s + "\n\nLive edit number one.\n");
  await page.waitForFunction(
    () => !window.__beforeEdit && document.body.innerText.includes("Live edit number one."),
    null, { timeout: WAIT },
  );
  await page.close();
});

test("a stylesheet edit applies without a reload", async () => {
  const page = await open(PAGE_URL);
  await page.evaluate(() => { window.__kept = 42; });
  appendFileSync(join(root, "themes/default/static/style.css"), "\nbody { outline: 7px solid rgb(1, 2, 3); }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).outlineWidth === "7px", null, { timeout: WAIT });
  assert.equal(await page.evaluate(() => window.__kept), 42, "page state survives: no reload");
  const sheets = await page.$$eval('link[rel~="stylesheet"]', (ls) => ls.map((l) => l.getAttribute("href")));
  assert.ok(sheets.some((h) => h.includes("annals-reload=")), `cache-busted: ${sheets}`);
  await page.close();
});

test("a broken edit shows an overlay naming file and line; the fix removes it", async () => {
  const page = await open(PAGE_URL);
  const good = readFileSync(join(root, PAGE_MD), "utf8");
  writeFileSync(join(root, PAGE_MD), "+++\ntitle = \"Broken\"\n+++\n\nBroken body [x](@/<b>nowhere</b>.md).\n");
  const overlay = await page.waitForSelector("#annals-live-overlay", { timeout: WAIT });
  const text = await overlay.innerText();
  assert.match(text, /content\/cases\/garbage-sorting\.en\.md:5: /);
  assert.ok(text.includes("<b>nowhere</b>"), `message shown as text: ${text}`);
  assert.equal(await page.$$eval("#annals-live-overlay b", (b) => b.length), 0, "error text is escaped");
  // The last good page is still served, and a reload keeps showing the error.
  await page.reload();
  await page.waitForSelector("#annals-live-overlay", { timeout: WAIT });
  assert.ok(!(await page.evaluate(() => document.body.innerText.includes("Broken body."))));
  writeFileSync(join(root, PAGE_MD), good + "\n\nFixed again.\n");
  await page.waitForFunction(
    () => !document.getElementById("annals-live-overlay") && document.body.innerText.includes("Fixed again."),
    null, { timeout: WAIT },
  );
  await page.close();
});

test("after a server restart the page reloads once", async () => {
  const page = await open(PAGE_URL);
  await page.evaluate(() => { window.__oldServer = true; });
  const exited = once(child, "exit");
  child.kill();
  await exited;
  const again = await startServer(new URL(url).port);
  assert.equal(again, url, "same address after the restart");
  await page.waitForFunction(() => !window.__oldServer, null, { timeout: WAIT });
  await page.waitForLoadState("load");
  await page.evaluate(() => { window.__newServer = true; });
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(await page.evaluate(() => window.__newServer), true, "reloaded only once");
  await page.close();
});
