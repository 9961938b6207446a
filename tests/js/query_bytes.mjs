// Bytes of index files each query loads (fresh page per query, limit 10),
// and query times: `cold` on that fresh page (includes loading and
// compiling the runtime, the tokenizer and the meta file), `warm` on a page
// that already ran the other queries (runtime and meta loaded, but this
// query's shards and doc store chunks not), median of `runs` pages.
//   node tests/js/query_bytes.mjs <site-dir> [query...]
import { load } from "./harness.mjs";

const site = process.argv[2];
const queries = process.argv.length > 3 ? process.argv.slice(3) : ["垃圾分类", "一网统管", "信用承诺", "廉政", "credit commitment"];
const langOf = (q) => (/[\u4e00-\u9fff]/.test(q) ? "zh" : "en");
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const runs = 5;
const warm = new Map(queries.map((q) => [q, []]));
for (let r = 0; r < runs; r++) {
  for (const lang of ["zh", "en"]) {
    const { annals } = load({ site, page: `${lang}/cases/c00000/`, lang });
    const mine = queries.filter((q) => langOf(q) === lang);
    await annals.search(lang === "zh" ? "政府" : "government", { limit: 10 });
    for (const q of mine.slice(r % Math.max(1, mine.length)).concat(mine.slice(0, r % Math.max(1, mine.length)))) {
      const t0 = performance.now();
      await annals.search(q, { limit: 10 });
      warm.get(q).push(performance.now() - t0);
    }
  }
}
for (const q of queries) {
  const lang = langOf(q);
  const { annals, stats } = load({ site, page: `${lang}/cases/c00000/`, lang });
  const t0 = performance.now();
  const results = await annals.search(q, { limit: 10 });
  const ms = performance.now() - t0;
  console.log(
    `${q}\t${results.total} hits\t${(stats.bytes / 1e3).toFixed(1)} KB in ${stats.files.length} files\t` +
      `cold ${ms.toFixed(0)} ms\twarm ${median(warm.get(q)).toFixed(1)} ms\t` +
      stats.files.filter((f) => !f.includes("/d")).join(" ")
  );
}
