// Recall on real documents: import the dated government work reports of the
// corpus with the real binary, build, and check that for a set of Chinese
// phrases the search returns exactly the reports whose text contains them.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { load, repo } from "./harness.mjs";

const BIN = process.env.ANNALS_BIN || path.join(repo, "target/release/annals");
const PHRASES = ["垃圾分类", "生态文明", "改革开放", "脱贫攻坚", "一带一路", "粮食安全", "信用", "人民代表大会", "知识产权保护", "营商环境", "乡村振兴战略", "廉政"];

let site;
const texts = new Map(); // site path → visible body text

function run(args) {
  const r = spawnSync(BIN, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`annals ${args.join(" ")}: ${r.stderr}`);
}

function visibleText(html) {
  const start = html.indexOf('<h1');
  const body = html.slice(start, html.indexOf("</article>", start));
  return body
    .replace(/<span class="redacted"[^>]*>[^<]*<\/span>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

before(() => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), "annals-recall-"));
  fs.writeFileSync(path.join(site, "site.toml"), 'title = "政府工作报告"\ndefault_language = "zh"\n');
  fs.mkdirSync(path.join(site, "content"));
  const incoming = path.join(site, "incoming");
  fs.mkdirSync(incoming);
  const rows = fs.readFileSync(path.join(repo, "tests/fixtures/government_work_reports.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  let n = 0;
  rows.forEach((row, i) => {
    if (!row.year) return;
    const file = path.join(incoming, `r${i}.txt`);
    fs.writeFileSync(file, `${row.title}\n\n${row.content}`);
    run(["import", file, "--root", site, "--year", String(row.year), "--slug", `work-report-${i}`]);
    n++;
  });
  assert.ok(n >= 50, `imported ${n} reports`);
  run(["build", "--quiet", "--root", site]);
  const reports = path.join(site, "output", "reports");
  for (const year of fs.readdirSync(reports)) {
    const dir = path.join(reports, year);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const slug of fs.readdirSync(dir)) {
      const file = path.join(dir, slug, "index.html");
      if (fs.existsSync(file)) texts.set(`reports/${year}/${slug}/`, visibleText(fs.readFileSync(file, "utf8")));
    }
  }
  assert.ok(texts.size >= 50);
});

for (const phrase of PHRASES) {
  test(`"${phrase}" finds exactly the reports containing it`, async () => {
    const { annals } = load({ site: path.join(site, "output"), page: "" });
    const results = await annals.search(phrase, { lang: "zh", limit: 1000 });
    const found = new Set(results.map((r) => r.url.replace(/^\.\//, "")).filter((u) => u.startsWith("reports/")));
    const expected = new Set([...texts].filter(([, t]) => t.includes(phrase)).map(([p]) => p));
    const missing = [...expected].filter((p) => !found.has(p));
    const extra = [...found].filter((p) => !expected.has(p));
    assert.ok(phrase !== "改革开放" || expected.size > 20, "the corpus is really searched");
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${phrase}: ${expected.size} expected`);
  });
}
