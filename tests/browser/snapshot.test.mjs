// A snapshot opened from disk (file://) in headless Chromium navigates and searches.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO, annals, launch, watchExternalRequests } from "./harness.mjs";

let root, browser;
before(async () => {
  root = mkdtempSync(join(tmpdir(), "annals-snap-"));
  cpSync(join(REPO, "content"), join(root, "content"), { recursive: true });
  cpSync(join(REPO, "site.toml"), join(root, "site.toml"));
  annals(["snapshot", "2022", "--date", "2023-12-31", "--root", root]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

test("snapshot from file:// navigates by links and searches", async () => {
  const page = await browser.newPage();
  const base = pathToFileURL(join(root, "archive", "2022")).href + "/";
  const external = watchExternalRequests(page, base);
  await page.goto(base + "index.html");
  assert.match(await page.textContent(".snapshot-banner"), /2022/);
  // Follow links: home → case study → the report it links to.
  await page.click("a[href$='cases/garbage-sorting/index.html']");
  await page.waitForURL(/cases\/garbage-sorting\/index\.html$/);
  await page.click(".doc-body a[href*='reports/2022/duty-report/index.html']");
  await page.waitForURL(/reports\/2022\/duty-report\/index\.html/);
  assert.match(await page.textContent("h1"), /2022年度述责述廉报告/);
  // Search from the header box.
  await page.keyboard.press("/");
  await page.keyboard.type("一网统管");
  await page.waitForSelector("#search-dropdown a[role=option]", { timeout: 10000 });
  const first = await page.$eval("#search-dropdown a[role=option]", (a) => a.href);
  assert.ok(first.startsWith(base) && first.includes("cases/unified-city-operations/"), first);
  // The language switcher works inside the snapshot too.
  await page.click(".lang-switch a[hreflang=en]");
  await page.waitForURL(/\/en\/reports\/2022\/duty-report\/index\.html/);
  assert.deepEqual(external, [], "nothing loaded from outside the snapshot");
  await page.close();
});
