// The imported corpus of the recall test and the quality benchmark: the 52
// dated government work reports of tests/fixtures/government_work_reports.jsonl
// imported with the real binary and built into a site, and the ground truth
// of a query on it.
//
// Ground truth: a page matches a query when its visible text (title,
// headings, body; a redaction mask counts as a separator, never as text)
// contains every whitespace-separated segment of the query, after NFKC,
// lower-casing and traditional-to-simplified folding of both, and a segment
// that starts (ends) with a letter or digit is not preceded (followed) by
// one: `5G` is not found in `15G`, as words are not found inside words.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { repo } from "./harness.mjs";

export const BIN = process.env.ANNALS_BIN || path.join(repo, "target/release/annals");

export const QUERIES = {
  chinese: ["垃圾分类", "生态文明", "改革开放", "脱贫攻坚", "一带一路", "粮食安全", "信用", "人民代表大会", "知识产权保护", "营商环境", "乡村振兴战略", "廉政"],
  number: ["6.5%", "7%", "10%", "2.5", "1998年", "2020年", "8%左右", "增长7%", "1953年", "3.5%"],
  latin: ["PM2.5", "5G", "C919", "RCEP", "H1N1", "CPTPP", "pm2.5"],
  fullwidth: ["ＰＭ２．５", "６．５％", "１０％", "５Ｇ", "Ｃ９１９", "１９９８年"],
  traditional: ["經濟", "經濟發展", "國務院", "改革開放", "環境保護", "人民代表大會", "糧食安全", "脫貧攻堅"],
};

function run(args) {
  const r = spawnSync(BIN, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`annals ${args.join(" ")}: ${r.stderr}`);
}

const MASK = "\u0000";
function visibleText(html) {
  const start = html.indexOf("<h1");
  const body = html.slice(start, html.indexOf("</article>", start));
  return body
    .replace(/<span class="redacted"[^>]*>[^<]*<\/span>/g, MASK)
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

/** Traditional-to-simplified folding with the theme's table (search-fold.js). */
export function folder(staticDir = path.join(repo, "themes/default/static")) {
  const ctx = vm.createContext({});
  vm.runInContext(fs.readFileSync(path.join(staticDir, "search-fold.js"), "utf8"), ctx);
  const map = new Map();
  let cp = 0, delta = 0;
  for (const c of ctx.annals.foldData) {
    if (c >= "0" && c <= "9") delta = delta * 10 + Number(c);
    else { cp += delta; delta = 0; map.set(String.fromCodePoint(cp), c); }
  }
  return (s) => Array.from(s.normalize("NFKC").toLowerCase(), (c) => map.get(c) || c).join("");
}

/** Imports and builds the corpus; returns { output, texts: Map(site path -> text) }. */
export function buildCorpus() {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), "annals-corpus-"));
  // Removed when the test file's process exits.
  process.on("exit", () => fs.rmSync(site, { recursive: true, force: true }));
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
  if (n < 50) throw new Error(`imported ${n} reports`);
  run(["build", "--quiet", "--root", site]);
  const texts = new Map();
  const reports = path.join(site, "output", "reports");
  for (const year of fs.readdirSync(reports)) {
    const dir = path.join(reports, year);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const slug of fs.readdirSync(dir)) {
      const file = path.join(dir, slug, "index.html");
      if (fs.existsSync(file)) texts.set(`reports/${year}/${slug}/`, visibleText(fs.readFileSync(file, "utf8")));
    }
  }
  return { root: site, output: path.join(site, "output"), texts };
}

const ALNUM = /[\p{L}\p{N}]/u;
const isWordChar = (c) => c !== undefined && ALNUM.test(c) && !/[\p{Script=Han}\u3005\u3007]/u.test(c);

/** Pages whose folded text contains every segment of the query. */
export function expected(texts, query, fold) {
  const segs = fold(query).split(/\s+/).filter(Boolean);
  const out = new Set();
  for (const [p, raw] of texts) {
    const t = fold(raw);
    const ok = segs.every((seg) => {
      const chars = Array.from(seg);
      const wordStart = isWordChar(chars[0]), wordEnd = isWordChar(chars[chars.length - 1]);
      for (let i = t.indexOf(seg); i >= 0; i = t.indexOf(seg, i + 1)) {
        const before = i > 0 ? String.fromCodePoint(t.codePointAt(i - 1) >= 0xdc00 && t.codePointAt(i - 1) <= 0xdfff ? t.codePointAt(i - 2) : t.codePointAt(i - 1)) : undefined;
        const after = t[i + seg.length] === undefined ? undefined : String.fromCodePoint(t.codePointAt(i + seg.length));
        if ((!wordStart || !isWordChar(before)) && (!wordEnd || !isWordChar(after))) return true;
      }
      return false;
    });
    if (ok) out.add(p);
  }
  return out;
}
