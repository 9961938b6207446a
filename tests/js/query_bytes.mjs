// Bytes of index files each query loads (fresh page per query, limit 10).
//   node tests/js/query_bytes.mjs <site-dir> [query...]
import { load } from "./harness.mjs";

const site = process.argv[2];
const queries = process.argv.length > 3 ? process.argv.slice(3) : ["垃圾分类", "一网统管", "信用承诺", "廉政", "credit commitment"];
for (const q of queries) {
  const lang = /[\u4e00-\u9fff]/.test(q) ? "zh" : "en";
  const { annals, stats } = load({ site, page: `${lang}/cases/c00000/`, lang });
  const t0 = performance.now();
  const results = await annals.search(q, { limit: 10 });
  const ms = performance.now() - t0;
  console.log(
    `${q}\t${results.total} hits\t${(stats.bytes / 1e3).toFixed(1)} KB in ${stats.files.length} files\t${ms.toFixed(0)} ms\t` +
      stats.files.filter((f) => !f.includes("/d")).join(" ")
  );
}
