// Query latency and bytes loaded in headless Chromium on a built site:
//   node bench/search_browser_bench.mjs OUTPUT_DIR
// For each query: a fresh page (cold: the index meta is loaded by the query)
// and the same query again on a warm page; bytes are the sizes of every
// search script the page loaded for the query. Prints medians over 5 runs.
import { serveStatic, launch } from "../tests/browser/harness.mjs";
import { statSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) { console.error("usage: node bench/search_browser_bench.mjs OUTPUT_DIR"); process.exit(2); }
const QUERIES = [["垃圾分类", "zh"], ["一网统管", "zh"], ["信用承诺", "zh"], ["廉政", "zh"], ["credit commitment", "en"], ["garbage sorting", "en"]];
const server = await serveStatic(dir, "/");
const browser = await launch();
const median = (v) => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log("query | hits | bytes loaded (first query on a fresh page) | cold ms | warm ms (index meta already loaded)");
for (const [q, lang] of QUERIES) {
  const cold = [], warm = [], bytes = [];
  let hits = 0;
  for (let run = 0; run < 5; run++) {
    const page = await browser.newPage();
    const loaded = new Set();
    page.on("requestfinished", (r) => { const u = new URL(r.url()); if (u.pathname.includes("search")) loaded.add(u.pathname); });
    await page.goto(server.url + (lang === "en" ? "en/" : ""));
    await page.waitForFunction(() => window.annals && window.annals.search);
    loaded.clear();
    const t = await page.evaluate(async (q) => { const s = performance.now(); const r = await window.annals.search(q, { limit: 10 }); return [performance.now() - s, r.total || r.length]; }, q);
    cold.push(t[0]); hits = t[1];
    bytes.push([...loaded].reduce((n, p) => n + statSync(join(dir, decodeURIComponent(p))).size, 0));
    await page.close();
    // Warm: a page whose runtime and index meta are loaded by an unrelated
    // query; this query's own shards and excerpts still load.
    const page2 = await browser.newPage();
    await page2.goto(server.url + (lang === "en" ? "en/" : ""));
    await page2.waitForFunction(() => window.annals && window.annals.search);
    const w = await page2.evaluate(async ([q, other]) => { await window.annals.search(other, { limit: 10 }); const s = performance.now(); await window.annals.search(q, { limit: 10 }); return performance.now() - s; }, [q, lang === "en" ? "annual plan" : "工作"]);
    warm.push(w);
    await page2.close();
  }
  console.log(`${q} | ${hits} | ${Math.round(median(bytes) / 1024)} KB | ${median(cold).toFixed(0)} | ${median(warm).toFixed(0)}`);
}
await browser.close();
await server.close();
