// Search in a browser without DecompressionStream (Chromium < 103, Firefox
// < 113): the API is deleted before any page script runs, so search.js must
// load search-inflate.js and still show results with excerpts, over http and
// from file://.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { buildExample, serveStatic, launch, watchExternalRequests } from "./harness.mjs";

let site, server, browser;
before(async () => {
  site = buildExample();
  server = await serveStatic(site.output, "/intranet/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function oldBrowserPage() {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    delete window.DecompressionStream;
  });
  const scripts = [];
  page.on("request", (r) => scripts.push(r.url()));
  return { page, scripts };
}

for (const mode of ["http", "file"]) {
  test(`${mode}: search works without DecompressionStream`, async () => {
    const { page, scripts } = await oldBrowserPage();
    const base = mode === "http" ? server.url : pathToFileURL(site.output).href + "/";
    const external = watchExternalRequests(page, mode === "http" ? server.url : "file://");
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base + "search/" + (mode === "file" ? "index.html" : "") + "?q=" + encodeURIComponent("垃圾分类"));
    assert.equal(await page.evaluate(() => typeof window.DecompressionStream), "undefined");
    await page.waitForSelector(".search-results li", { timeout: 15000 });
    const marks = await page.$$eval(".search-results mark", (m) => m.map((x) => x.textContent));
    assert.ok(marks.some((m) => m.includes("垃圾")), `excerpts inflated and marked: ${marks.slice(0, 5)}`);
    // The API's excerpts and titles come from the doc store, which is deflated.
    const api = await page.evaluate(() => window.annals.search("credit commitment", { lang: "all", limit: 5 }));
    assert.ok(api.length > 0, "English results");
    assert.ok(api.every((r) => r.title && r.excerpt), "every result has its title and excerpt");
    assert.ok(scripts.some((u) => u.endsWith("/search-inflate.js")), "the fallback was loaded");
    assert.deepEqual(errors, []);
    assert.deepEqual(external, [], "no request leaves the site");
    await page.close();
  });
}

test("a browser with DecompressionStream never loads the fallback", async () => {
  const page = await browser.newPage();
  const scripts = [];
  page.on("request", (r) => scripts.push(r.url()));
  await page.goto(server.url + "search/?q=" + encodeURIComponent("垃圾分类"));
  await page.waitForSelector(".search-results li mark", { timeout: 15000 });
  assert.ok(!scripts.some((u) => u.includes("search-inflate")), scripts.join("\n"));
  await page.close();
});
