// Accessibility and weight of the default theme in headless Chromium:
// axe-core reports no violation (light and dark colour schemes, narrow and
// wide viewports) on the home page, a report, a case study, the search page
// with results and the parallel view; each of those pages loads at most
// 100 KB of CSS and JS (search index shards excluded), all from its own origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildExample, serveStatic, launch, watchExternalRequests, REPO } from "./harness.mjs";

const AXE = join(REPO, "node_modules", "axe-core", "axe.min.js");
const BUDGET = 100 * 1024;
const PREFIX = "/duty-reports/";

let site, server, browser;
before(async () => {
  site = buildExample();
  server = await serveStatic(site.output, PREFIX);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = [
  ["home", ""],
  ["home (en)", "en/"],
  ["report", "reports/2022/duty-report/"],
  ["report (en)", "en/reports/2022/duty-report/"],
  ["case study", "cases/garbage-sorting/"],
  ["search with results", "search/?q=" + encodeURIComponent("垃圾分类")],
  ["parallel view", "reports/2022/duty-report/parallel.html"],
];

/** Opens a page, counting the bytes of its CSS and JS (index shards excluded). */
async function open(path, opts) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  const external = watchExternalRequests(page, server.url);
  const assets = [];
  page.on("response", async (res) => {
    const url = new URL(res.url());
    const rel = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname;
    if (!/\.(css|js)$/.test(rel) || rel.startsWith("search/")) return;
    assets.push(res.body().then((b) => [rel, b.length], () => [rel, 0]));
  });
  await page.goto(server.url + path, { waitUntil: "load" });
  if (path.startsWith("search/")) await page.waitForSelector(".search-results li", { timeout: 10000 });
  return { context, page, external, assets };
}

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + n.failureSummary.replace(/\s+/g, " ")),
    }));
  });
}

const VARIANTS = [
  ["light, 1280 px", { colorScheme: "light", viewport: { width: 1280, height: 900 } }],
  ["dark, 390 px", { colorScheme: "dark", viewport: { width: 390, height: 844 } }],
];

for (const [name, path] of PAGES) {
  for (const [variant, opts] of VARIANTS) {
    test(`axe: ${name} (${variant}) has no violations`, async () => {
      const { context, page } = await open(path, opts);
      const violations = await axe(page);
      await context.close();
      const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`).join("\n");
      assert.equal(violations.length, 0, `${name}, ${variant}:\n${report}`);
    });
  }
  test(`budget: ${name} loads ≤ 100 KB of CSS+JS, nothing external`, async () => {
    const { context, page, external, assets } = await open(path, { viewport: { width: 1280, height: 900 } });
    await page.waitForLoadState("networkidle");
    const sizes = await Promise.all(assets);
    await context.close();
    const total = sizes.reduce((s, [, n]) => s + n, 0);
    console.log(`# ${name}: ${total} bytes of CSS+JS (${sizes.map(([p, n]) => `${p} ${n}`).join(", ")})`);
    assert.ok(sizes.some(([p]) => p.endsWith("style.css")), "style.css counted");
    assert.ok(total <= BUDGET, `${name}: ${total} bytes of CSS+JS > ${BUDGET}`);
    assert.deepEqual(external, [], "no request leaves the site");
  });
}

test("keyboard: skip link, text size and heading copy-link work without a mouse", async () => {
  const { context, page } = await open("reports/2022/duty-report/", { viewport: { width: 1280, height: 900 } });
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => location.hash), "#main");
  // Text size buttons are reachable and toggle aria-pressed.
  await page.focus(".text-size button[data-size=large]");
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute("html", "data-text-size"), "large");
  assert.equal(await page.getAttribute(".text-size button[data-size=large]", "aria-pressed"), "true");
  await page.focus(".text-size button[data-size=medium]");
  await page.keyboard.press("Space");
  assert.equal(await page.getAttribute("html", "data-text-size"), "medium");
  // A heading anchor is focusable and keeps the link to its section.
  const href = await page.getAttribute("h2 .heading-anchor", "href");
  await page.focus("h2 .heading-anchor");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), decodeURIComponent(href));
  // Focus is visible: the focused control has an outline.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await context.close();
});
