// Search in real headless Chromium: the header box over http (under a URL
// prefix) and from file://, with the case study of each topic ranked first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildExample, serveStatic, launch, watchExternalRequests } from "./harness.mjs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

let site, server, browser;
before(async () => {
  site = buildExample();
  server = await serveStatic(site.output, "/duty-reports/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const CASES = [
  ["垃圾分类", "zh", "cases/garbage-sorting/"],
  ["一网统管", "zh", "cases/unified-city-operations/"],
  ["信用承诺", "zh", "cases/credit-commitment/"],
  ["credit commitment", "en", "en/cases/credit-commitment/"],
];

async function typeInHeader(page, query) {
  await page.keyboard.press("/");
  await page.keyboard.type(query);
  await page.waitForSelector("#search-dropdown a[role=option]", { timeout: 10000 });
  return page.$$eval("#search-dropdown a[role=option]", (as) => as.map((a) => a.href));
}

for (const mode of ["http", "file"]) {
  for (const [query, lang, expected] of CASES) {
    test(`${mode}: header search for "${query}" ranks the case study first`, async () => {
      const page = await browser.newPage();
      const base = mode === "http" ? server.url : pathToFileURL(site.output).href + "/";
      const external = watchExternalRequests(page, mode === "http" ? server.url : "file://");
      const start = lang === "en" ? "en/reports/2022/duty-report/" : "reports/2022/duty-report/";
      await page.goto(base + start + (mode === "file" ? "index.html" : ""));
      const hrefs = await typeInHeader(page, query);
      assert.ok(hrefs.length > 0, "results shown");
      assert.ok(hrefs[0].includes(expected), `first result ${hrefs[0]} should be ${expected}`);
      // Enter opens the highlighted result.
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.waitForURL((u) => u.href.includes(expected));
      if (mode === "file") assert.ok(page.url().endsWith(expected + "index.html"), `from disk a folder link opens its index.html: ${page.url()}`);
      assert.deepEqual(external, [], "no request leaves the site");
      await page.close();
    });
  }
}

test("search page reads ?q=, filters, and escapes result text", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/?q=" + encodeURIComponent("垃圾分类"));
  await page.waitForSelector(".search-results li", { timeout: 10000 });
  const n = await page.$$eval(".search-results li", (l) => l.length);
  assert.ok(n >= 2);
  const marks = await page.$$eval(".search-results mark", (m) => m.map((x) => x.textContent));
  assert.ok(marks.some((m) => m.includes("垃圾")), "matches are marked");
  const api = await page.evaluate(() => window.annals.search("credit commitment", { lang: "all", limit: 5 }));
  assert.ok(api.length > 0);
  for (const r of api) for (const k of ["url", "title", "excerpt", "lang", "kind", "topics", "score"]) assert.ok(k in r, k);
  await page.close();
});

test("output opened from disk: folder links open index.html", async () => {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(site.output).href + "/index.html");
  await page.click(".main-nav a[href='reports/']");
  await page.waitForURL(/\/reports\/index\.html$/);
  await page.click(".breadcrumbs a");
  await page.waitForURL(/\/output\/index\.html$/);
  await page.close();
});
