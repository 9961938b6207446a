// Search quality on the imported corpus (tests/js/corpus.mjs): precision
// and recall per query class against the ground truth, bytes each cold
// query loads (fresh page, limit 10), and warm query time (runtime and meta
// loaded; a cold query includes search-fold.js when the runtime loads it).
// Prints one table; the same measure before/after a change:
//   node bench/search_quality.mjs            (uses target/release/annals)
//   ANNALS_BIN=… node bench/search_quality.mjs
import { load } from "../tests/js/harness.mjs";
import { QUERIES, buildCorpus, expected, folder } from "../tests/js/corpus.mjs";

const fold = folder(process.env.FOLD_STATIC || undefined);
const { output, texts } = buildCorpus();
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const rows = [];
const allBytes = [], allWarm = [];
const { annals: warmAnnals } = load({ site: output, page: "" });
await warmAnnals.search("政府", { limit: 10 });
for (const [cls, queries] of Object.entries(QUERIES)) {
  let p = 0, r = 0;
  const bad = [];
  for (const q of queries) {
    const want = expected(texts, q, fold);
    const { annals, stats } = load({ site: output, page: "", fold: false });
    await annals.search(q, { lang: "zh", limit: 10 });
    allBytes.push(stats.bytes);
    const t0 = performance.now();
    await warmAnnals.search(q, { lang: "zh", limit: 10 });
    allWarm.push(performance.now() - t0);
    const res = await annals.search(q, { lang: "zh", limit: 1000 });
    const found = new Set(Array.from(res, (x) => x.url.replace(/^\.\//, "")).filter((u) => u.startsWith("reports/")));
    const tp = [...found].filter((x) => want.has(x)).length;
    const prec = found.size ? tp / found.size : want.size ? 0 : 1;
    const rec = want.size ? tp / want.size : 1;
    p += prec; r += rec;
    if (prec < 1 || rec < 1) bad.push(`${q} (${found.size} found, ${want.size} expected, ${tp} right)`);
  }
  rows.push(`| ${cls} | ${queries.length} | ${(p / queries.length).toFixed(3)} | ${(r / queries.length).toFixed(3)} | ${bad.join("; ")} |`);
}
console.log("| class | queries | precision | recall | misses |\n|---|---|---|---|---|\n" + rows.join("\n"));
console.log(`cold-query bytes median ${(median(allBytes) / 1e3).toFixed(1)} KB (min ${(Math.min(...allBytes) / 1e3).toFixed(1)}, max ${(Math.max(...allBytes) / 1e3).toFixed(1)}), warm median ${median(allWarm).toFixed(1)} ms over ${allBytes.length} queries`);
