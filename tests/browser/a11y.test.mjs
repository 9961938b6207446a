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

/** Types a query into the search page's box and waits for the results. */
async function typeOnSearchPage(page) {
  await page.focus("#search-page-input");
  await page.keyboard.type("垃圾分类");
  await page.waitForSelector(".search-results li", { timeout: 10000 });
  await page.waitForSelector(".search-filters select");
}
/** Opens the header search dropdown with results. */
async function typeInHeader(page) {
  await page.keyboard.press("/");
  await page.keyboard.type("一网统管");
  await page.waitForSelector("#search-dropdown a[role=option]", { timeout: 10000 });
  await page.keyboard.press("ArrowDown");
}

const PAGES = [
  ["home", ""],
  ["home (en)", "en/"],
  ["report", "reports/2022/duty-report/"],
  ["report (en)", "en/reports/2022/duty-report/"],
  ["report, header search open", "reports/2022/duty-report/", typeInHeader],
  ["case study", "cases/garbage-sorting/"],
  ["case study (en)", "en/cases/garbage-sorting/"],
  ["search page with results", "search/", typeOnSearchPage],
  ["search page from ?q=", "search/?q=" + encodeURIComponent("credit commitment") + "&lang=all"],
  ["parallel view", "reports/2022/duty-report/parallel.html"],
  ["commitments", "reports/2022/duty-report/commitments/"],
  ["commitments (en)", "en/reports/2022/duty-report/commitments/"],
  ["topic with commitments", "topics/integrity/"],
];

/** Opens a page, counting the bytes of its CSS and JS (search data excluded). */
async function open(path, opts, prepare) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  const external = watchExternalRequests(page, server.url);
  const assets = [];
  page.on("response", async (res) => {
    const url = new URL(res.url());
    const rel = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname;
    // Search data is not page weight: the index under search/ and the
    // folding table search-fold.js, both loaded with the first query (their
    // bytes are a query's, measured by bench/search_quality.mjs).
    if (!/\.(css|js)$/.test(rel) || rel.startsWith("search/") || rel === "search-fold.js") return;
    assets.push(res.body().then((b) => [rel, b.length], () => [rel, 0]));
  });
  await page.goto(server.url + path, { waitUntil: "load" });
  if (path.startsWith("search/?")) await page.waitForSelector(".search-results li", { timeout: 10000 });
  if (prepare) await prepare(page);
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

for (const [name, path, prepare, todo] of PAGES) {
  for (const [variant, opts] of VARIANTS) {
    test(`axe: ${name} (${variant}) has no violations`, { todo }, async () => {
      const { context, page } = await open(path, opts, prepare);
      const violations = await axe(page);
      await context.close();
      const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`).join("\n");
      assert.equal(violations.length, 0, `${name}, ${variant}:\n${report}`);
    });
  }
  if (prepare) continue;
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

test("keyboard: skip link, visible focus, text size, TOC and heading links work without a mouse", async () => {
  const { context, page } = await open("reports/2022/duty-report/", {
    viewport: { width: 1280, height: 900 }, permissions: ["clipboard-read", "clipboard-write"],
  });
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return { cls: el.className, tag: el.tagName, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
  });
  await page.keyboard.press("Tab");
  let f = await focused();
  assert.equal(f.cls, "skip-link");
  assert.ok(f.outline !== "none" && f.width >= 2, "focus ring on the skip link");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => location.hash), "#main");
  // The next Tab lands inside the main content, with a visible focus ring.
  await page.keyboard.press("Tab");
  f = await focused();
  assert.ok(await page.evaluate(() => document.querySelector("main").contains(document.activeElement)), "focus moved into main");
  assert.ok(f.outline !== "none" && f.width >= 2, `focus ring on ${f.tag}.${f.cls}`);
  // Text size buttons toggle aria-pressed with Enter and Space, and the choice persists.
  await page.focus(".text-size button[data-size=large]");
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute("html", "data-text-size"), "large");
  assert.equal(await page.getAttribute(".text-size button[data-size=large]", "aria-pressed"), "true");
  await page.reload();
  assert.equal(await page.getAttribute("html", "data-text-size"), "large", "size kept across pages");
  await page.focus(".text-size button[data-size=medium]");
  await page.keyboard.press("Space");
  assert.equal(await page.getAttribute("html", "data-text-size"), null);
  assert.equal(await page.getAttribute(".text-size button[data-size=medium]", "aria-pressed"), "true");
  // The TOC is open beside the text on wide screens; its links move to the section.
  assert.equal(await page.evaluate(() => document.querySelector(".toc details").open), true);
  const target = await page.getAttribute(".toc a", "href");
  await page.focus(".toc a");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), decodeURIComponent(target));
  // A heading anchor is a focusable link to its own section, labelled for screen readers.
  const anchor = "h3 .heading-anchor";
  const href = await page.getAttribute(anchor, "href");
  assert.ok(await page.getAttribute(anchor, "aria-label"));
  await page.focus(anchor);
  await page.waitForFunction(() => getComputedStyle(document.activeElement).opacity === "1", null, { timeout: 2000 });
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), decodeURIComponent(href));
  // …and copies the section's address, announced in a live region.
  await page.waitForFunction(() => document.querySelector(".toast[role=status]").textContent !== "", null, { timeout: 2000 });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(copied.endsWith(href) && copied.startsWith("http"), copied);
  await context.close();
});

test("narrow screens: the TOC starts collapsed and opens from the keyboard", async () => {
  const { context, page } = await open("reports/2022/duty-report/", { viewport: { width: 390, height: 844 } });
  assert.equal(await page.evaluate(() => document.querySelector(".toc details").open), false);
  await page.focus(".toc summary");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.querySelector(".toc details").open), true);
  // Nothing is wider than the screen.
  for (const size of ["medium", "large"]) {
    await page.click(`.text-size button[data-size=${size}]`);
    for (const path of ["", "reports/2022/duty-report/parallel.html", "search/?q=%E5%9E%83%E5%9C%BE", "en/cases/garbage-sorting/"]) {
      await page.goto(server.url + path, { waitUntil: "load" });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path || "home"} (${size} text) overflows by ${overflow}px`);
    }
    await page.goto(server.url + "reports/2022/duty-report/");
  }
  await context.close();
});
