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

test("excerpts show masks as on the page, and mark whole matches only", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/?q=" + encodeURIComponent("开展谈心谈话"));
  await page.waitForSelector(".search-results li", { timeout: 10000 });
  const r = await page.$eval(".search-results li .search-excerpt", (p) => ({
    text: p.textContent,
    masks: [...p.querySelectorAll(".redacted")].map((m) => [m.textContent, m.getAttribute("aria-label")]),
    marks: [...p.querySelectorAll("mark")].map((m) => m.textContent),
  }));
  assert.ok(r.text.includes("开展谈心谈话***余人次"), r.text);
  assert.deepEqual(r.masks[0], ["***", "已隐去"]);
  assert.ok(r.marks.length > 0 && r.marks.every((m) => m === "开展谈心谈话"), JSON.stringify(r.marks));
  // On the page itself the same mask is the same element.
  const onPage = await page.evaluate(async () => {
    const res = await window.annals.search("开展谈心谈话", { limit: 1 });
    return res[0].url;
  });
  await page.goto(new URL(onPage, page.url()).href);
  const pageMask = await page.$$eval(".redacted", (ms) => ms.map((m) => m.outerHTML));
  assert.ok(pageMask.some((h) => h.includes(">***<") && h.includes('aria-label="已隐去"')), "page shows the mask the same way");
  await page.close();
});

test("no results in this language offers the other language, keeping the query", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/?q=garbage");
  const link = await page.waitForSelector(".search-results a.search-elsewhere", { timeout: 10000 });
  const text = await link.textContent();
  assert.match(text, /\d+/);
  assert.match(await link.getAttribute("href"), /en\/search\/\?q=garbage$/);
  assert.ok(await page.$(".search-results .search-suggest"), "the empty state suggests what to try");
  await link.click();
  await page.waitForSelector(".search-results li.search-result", { timeout: 10000 });
  assert.ok(page.url().includes("/en/search/?q=garbage"));
  // The header dropdown offers it too.
  await page.goto(server.url + "reports/2022/duty-report/");
  await page.keyboard.press("/");
  await page.keyboard.type("garbage");
  const offered = await page.waitForSelector("#search-dropdown a.search-elsewhere", { timeout: 10000 });
  assert.match(await offered.getAttribute("href"), /en\/search\/\?q=garbage$/);
  await page.close();
});

test("the language switcher of the search page keeps the query", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/?q=" + encodeURIComponent("垃圾分类"));
  await page.waitForSelector(".search-results li", { timeout: 10000 });
  const href = await page.$eval(".lang-switch a[hreflang]", (a) => a.getAttribute("href"));
  assert.ok(href.endsWith("?q=" + encodeURIComponent("垃圾分类")), href);
  await page.click(".lang-switch a[hreflang]");
  await page.waitForURL(/\/en\/search\/\?q=/);
  assert.equal(await page.$eval("#search-page-input", (i) => i.value), "垃圾分类");
  await page.close();
});

test("filters from the URL are shown, and counts narrow with the other filters", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/?q=" + encodeURIComponent("垃圾分类") + "&year=1999");
  await page.waitForSelector(".search-filters select[name=year]", { timeout: 10000 });
  const year = await page.$eval(".search-filters select[name=year]", (s) => ({ value: s.value, text: s.options[s.selectedIndex].textContent }));
  assert.deepEqual(year, { value: "1999", text: "1999 (0)" });
  assert.equal(await page.$$eval(".search-results li.search-result", (l) => l.length), 0);
  // Counts of one filter follow the others: pick a kind, the year counts shrink to it.
  await page.goto(server.url + "search/?q=" + encodeURIComponent("垃圾"));
  await page.waitForSelector(".search-filters select[name=kind]", { timeout: 10000 });
  const total = (sel) => page.$eval(sel, (s) => [...s.options].slice(1).reduce((n, o) => n + Number(/\((\d+)\)$/.exec(o.textContent)[1]), 0));
  const kinds = await page.$eval(".search-filters select[name=kind]", (s) => [...s.options].slice(1).map((o) => [o.value, Number(/\((\d+)\)$/.exec(o.textContent)[1])]));
  const [kind, n] = kinds.sort((a, b) => a[1] - b[1])[0];
  const before = await total(".search-filters select[name=year]");
  await page.selectOption(".search-filters select[name=kind]", kind);
  await page.waitForFunction((n) => {
    const s = document.querySelector(".search-filters select[name=year]");
    return s && [...s.options].slice(1).reduce((t, o) => t + Number(/\((\d+)\)$/.exec(o.textContent)[1]), 0) <= n;
  }, n, { timeout: 10000 });
  assert.ok(kinds.length < 2 || n < before, `kind ${kind} (${n}) narrows the year counts from ${before}`);
  await page.close();
});

test("dropdown keyboard: all-results link, Esc then ↓ reopens, a closed list keeps no selection", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "reports/2022/duty-report/");
  await page.keyboard.press("/");
  await page.keyboard.type("垃圾");
  await page.waitForSelector("#search-dropdown a[role=option]", { timeout: 10000 });
  const all = await page.$eval("#search-dropdown #search-option-all", (a) => [a.textContent, a.getAttribute("href")]);
  assert.match(all[0], /\d+/);
  assert.ok(all[1].endsWith("search/?q=" + encodeURIComponent("垃圾")), all[1]);
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.$$eval("#search-dropdown [aria-selected=true]", (l) => l.length), 1);
  await page.keyboard.press("Escape");
  assert.ok(await page.$eval("#search-dropdown", (l) => l.hidden));
  assert.equal(await page.$$eval("#search-dropdown [aria-selected=true]", (l) => l.length), 0);
  assert.equal(await page.$eval("#search-input", (i) => i.getAttribute("aria-activedescendant")), null);
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => !document.getElementById("search-dropdown").hidden, null, { timeout: 10000 });
  assert.equal(await page.$$eval("#search-dropdown [aria-selected=true]", (l) => l.length), 0);
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.$$eval("#search-dropdown [aria-selected=true]", (l) => l.length), 1);
  await page.close();
});
