// Screenshots of the default theme for docs/screenshots/ (PNG).
//
//   node tests/browser/screenshots.mjs            # home and report, 390 and 1280 px
//   node tests/browser/screenshots.mjs --all      # also English, parallel view, search, case study, dark
//
// Builds the example site with the release binary (ANNALS_BIN, default
// target/release/annals) and shoots it in headless Chromium. Chinese text
// needs a CJK system font on the machine (Debian: fonts-noto-cjk; the 楷体
// headings use fonts-arphic-ukai when no Kaiti is installed).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildExample, serveStatic, launch, REPO } from "./harness.mjs";

const OUT = join(REPO, "docs", "screenshots");
const all = process.argv.includes("--all");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);

const SHOTS = [
  ["home", ""],
  ["report", "reports/2022/duty-report/"],
];
const EXTRA = [
  ["home-en", "en/"],
  ["report-en", "en/reports/2022/duty-report/"],
  ["case", "cases/garbage-sorting/"],
  ["parallel", "reports/2022/duty-report/parallel.html"],
  ["search", "search/?q=" + encodeURIComponent("垃圾分类")],
];
const WIDTHS = [390, 1280];

const site = buildExample();
const server = await serveStatic(site.output, "/");
const browser = await launch();
mkdirSync(OUT, { recursive: true });
try {
  const list = (all ? SHOTS.concat(EXTRA) : SHOTS).filter(([n]) => !only || only.split(",").includes(n));
  const schemes = all ? ["light", "dark"] : ["light"];
  for (const [name, path] of list) {
    for (const width of WIDTHS) {
      for (const scheme of schemes) {
        if (scheme === "dark" && !(name === "home" || name === "report")) continue;
        // Long documents: the first ~two screens, as a reader sees them.
        const full = name.startsWith("home") || name === "search";
        const height = full ? (width < 600 ? 844 : 900) : (width < 600 ? 1700 : 1500);
        const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(server.url + path, { waitUntil: "networkidle" });
        if (path.startsWith("search/")) await page.waitForSelector(".search-results li", { timeout: 10000 });
        const file = join(OUT, `${name}-${width}${scheme === "dark" ? "-dark" : ""}.png`);
        await page.screenshot({ path: file, fullPage: full });
        console.log(file);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
