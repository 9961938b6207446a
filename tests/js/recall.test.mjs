// Recall and precision on real documents: the dated government work reports
// imported with the real binary and built (tests/js/corpus.mjs); for Chinese
// phrases, numbers, Latin terms, full-width and traditional spellings the
// search returns exactly the reports whose text contains the query (ground
// truth in corpus.mjs), and excerpts quote whole matches.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { load } from "./harness.mjs";
import { QUERIES, buildCorpus, expected, folder } from "./corpus.mjs";

let corpus;
const fold = folder();
before(() => { corpus = buildCorpus(); });

const marks = (html) => [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1].replace(/<[^>]+>/g, "").replace(/&amp;/g, "&"));

for (const [cls, queries] of Object.entries(QUERIES)) {
  for (const q of queries) {
    test(`${cls}: "${q}" finds exactly the reports containing it`, async () => {
      const { annals } = load({ site: corpus.output, page: "" });
      const results = await annals.search(q, { lang: "zh", limit: 1000 });
      const found = new Set(Array.from(results, (r) => r.url.replace(/^\.\//, "")).filter((u) => u.startsWith("reports/")));
      const want = expected(corpus.texts, q, fold);
      const missing = [...want].filter((p) => !found.has(p));
      const extra = [...found].filter((p) => !want.has(p));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${q}: ${want.size} expected`);
      if (q === "改革开放") assert.ok(want.size > 20, "the corpus is really searched");
      if (q === "經濟") assert.ok(want.size > 50, "traditional queries find simplified text");
      // Excerpts: every highlight is a whole match of the query.
      const phrase = fold(q).replace(/\s+/g, "");
      for (const r of Array.from(results).slice(0, 10)) {
        for (const m of marks(r.excerpt)) assert.equal(fold(m), phrase, `${q}: highlighted ${m} in ${r.excerpt}`);
        if (want.size && r.url.startsWith("./reports/")) assert.ok(marks(r.excerpt + r.title).length > 0, `${q}: no highlight in ${r.excerpt}`);
      }
    });
  }
}

const RUNC = /[0-9A-Za-z０-９Ａ-Ｚａ-ｚ.．%％]/;
test("excerpts are centred on a match and never start or end inside a number", async () => {
  const { annals } = load({ site: corpus.output, page: "" });
  let checked = 0;
  for (const q of ["6.5%", "PM2.5", "2020年", "10%", "C919"]) {
    const results = await annals.search(q, { lang: "zh", limit: 10 });
    assert.ok(results.length > 0, q);
    for (const r of Array.from(results)) {
      const source = corpus.texts.get(r.url.replace(/^\.\//, ""));
      const plain = r.excerpt.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
      const body = plain.replace(/^\u2026/, "").replace(/\u2026$/, "");
      const head = body.slice(0, 8), tail = body.slice(-8);
      const i = /\s|\*|×/.test(head) ? -1 : source.indexOf(head);
      if (plain.startsWith("\u2026") && i > 0) {
        assert.ok(!(RUNC.test(source[i - 1]) && RUNC.test(source[i])), `${q}: starts inside a number: …${source.slice(i - 5, i)}|${head}`);
        checked++;
      }
      const j = /\s|\*|×/.test(tail) ? -1 : source.indexOf(tail);
      if (plain.endsWith("\u2026") && j >= 0 && j + 8 < source.length) {
        assert.ok(!(RUNC.test(source[j + 7]) && RUNC.test(source[j + 8])), `${q}: ends inside a number: ${tail}|${source.slice(j + 8, j + 12)}`);
      }
      const m = marks(r.excerpt)[0];
      if (m && plain.startsWith("\u2026") && plain.endsWith("\u2026")) {
        const at = plain.indexOf(m) / Math.max(1, plain.length - m.length);
        assert.ok(plain.length < 60 || (at > 0.1 && at < 0.9), `${q}: match not centred (${at.toFixed(2)}): ${plain}`);
      }
    }
  }
  assert.ok(checked > 10, `${checked} excerpt starts checked against the source`);
});

test("a cold query loads excerpt-sized pieces, not whole reports", async () => {
  const sizes = [];
  for (const q of Object.values(QUERIES).flat()) {
    const { annals, stats } = load({ site: corpus.output, page: "" });
    await annals.search(q, { lang: "zh", limit: 10 });
    sizes.push(stats.files.filter((f) => path.basename(f).startsWith("d")).length);
  }
  // 10 results load at most a few piece files each (often fewer: neighbours share files).
  assert.ok(Math.max(...sizes) <= 30, `piece files per query: ${sizes}`);
});
