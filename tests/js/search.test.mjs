import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { load, plain, repo } from "./harness.mjs";

const docs = JSON.parse(fs.readFileSync(path.join(repo, "tests/fixtures/search/docs.json"), "utf8"));
const norm = (s) => s.normalize("NFKC").toLowerCase();
const containing = (lang, phrase) =>
  docs
    .filter((d) => d.lang === lang && [d.title, d.text, ...d.headings].some((f) => norm(f).includes(phrase)))
    .map((d) => d.path)
    .sort();
const page = "zh/cases/garbage-sorting/";
const paths = (results) => plain(results).map((r) => r.url.replace("../../../", "")).sort();

test("Chinese phrases find exactly the pages containing them (recall and precision)", async () => {
  const { annals } = load({ page });
  for (const q of ["垃圾分类", "圾分类", "分类垃圾", "一网统管", "信用承诺", "廉政", "垃圾", "廉", "类", "2022年", "统管"]) {
    const results = await annals.search(q, { limit: 100 });
    assert.deepEqual(paths(results), containing("zh", q), `query ${q}`);
    assert.equal(results.total, containing("zh", q).length);
  }
  assert.deepEqual(plain(await annals.search("不存在的词")), []);
});

test("ranking: title and headings beat body, phrase beats scattered words", async () => {
  const { annals } = load({ page });
  const zh = plain(await annals.search("垃圾分类"));
  assert.equal(zh[0].url, "../../../zh/cases/garbage-sorting/");
  assert.ok(zh.findIndex((r) => r.url.endsWith("regulation/")) < zh.findIndex((r) => r.url.endsWith("xss/")));
  const en = plain(await annals.search("credit commitment", { lang: "en" }));
  assert.deepEqual(en.map((r) => r.url.replace("../../../", "")), [
    "en/reports/2022/duty-report/",
    "en/cases/garbage-sorting/",
    "en/about/",
  ]);
  assert.ok(en[0].score > en[1].score && en[1].score > en[2].score);
});

test("results carry metadata, relative urls and escaped, marked excerpts", async () => {
  const { annals } = load({ page });
  const [r] = plain(await annals.search("一网统管"));
  assert.equal(r.url, "../../../zh/reports/2022/duty-report/");
  assert.equal(r.lang, "zh");
  assert.equal(r.year, 2022);
  assert.equal(r.kind, "report");
  assert.deepEqual(r.topics, ["治理", "廉政"]);
  assert.match(r.excerpt, /<mark>一网统管<\/mark>平台建设/);
  const xss = plain(await annals.search("测试转义"))[0];
  assert.equal(xss.title, "&lt;img src=x onerror=alert(1)&gt;");
  assert.ok(!xss.excerpt.includes("<script"));
  assert.match(xss.excerpt, /<mark>测试转义<\/mark> &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; 垃圾分类/);
  const en = plain(await annals.search("garbage", { lang: "en" }));
  const x = en.find((e) => e.url.endsWith("xss/"));
  assert.equal(x.title, "&lt;img src=x onerror=alert(1)&gt;");
  assert.match(x.excerpt, /&lt;b&gt;bold&lt;\/b&gt; &amp; &quot;quotes&quot; for <mark>garbage<\/mark>/);
});

test("excerpts are windows around the best match", async () => {
  const { annals } = load({ page });
  const [r] = plain(await annals.search("廉政风险"));
  assert.ok(r.excerpt.startsWith("\u2026"), r.excerpt);
  assert.ok(r.excerpt.endsWith("\u2026"), r.excerpt);
  assert.match(r.excerpt, /<mark>廉政风险<\/mark>防控/);
  assert.ok(r.excerpt.replace(/<\/?mark>/g, "").length <= 102);
  const one = plain(await annals.search("廉", { limit: 50 }));
  for (const x of one) assert.match(x.excerpt + x.title, /<mark>廉<\/mark>/);
});

test("filters, facets, languages and root detection", async () => {
  const { annals } = load({ page, dataRoot: false });
  const all = await annals.search("垃圾");
  const f = plain(annals.facets(all));
  assert.deepEqual(f.year, { 2020: 3, 2021: 1, 2022: 1 });
  assert.deepEqual(f.kind, { case: 5 });
  assert.equal(f.topic["环境"], 4);
  const y = plain(await annals.search("垃圾", { year: 2020 }));
  assert.equal(y.length, 3);
  assert.ok(y.every((r) => r.year === 2020));
  assert.equal((await annals.search("垃圾", { topic: "法治" })).length, 1);
  assert.equal((await annals.search("垃圾", { kind: "report" })).length, 0);
  const both = await annals.search("2022", { lang: "all", limit: 100 });
  assert.deepEqual(plain(annals.facets(both)).lang, { en: 2, zh: 3 });
  assert.equal(plain(both)[0].url.slice(0, 9), "../../../");
  assert.equal((await annals.search("garbage")).length, 0, "page language zh-Hans searches zh only");
  assert.equal((await annals.search("garbage", { lang: "en" })).length, 2);
  const limited = await annals.search("垃圾", { limit: 2 });
  assert.equal(limited.length, 2);
  assert.equal(limited.total, 5);
});

test("as-you-type prefix for the last English word, full-width input", async () => {
  const { annals } = load({ page: "en/about/", lang: "en" });
  assert.ok((await annals.search("garba")).length >= 1);
  assert.equal((await annals.search("garba ")).length, 0);
  assert.equal(plain(await annals.search("ＣＲＥＤＩＴ"))[0].url.slice(0, 6), "../../");
});

test("quoted English phrases must be adjacent", async () => {
  const { annals } = load({ page: "en/about/", lang: "en" });
  const r = plain(await annals.search('"credit commitment"'));
  assert.deepEqual(r.map((x) => x.url).sort(), ["../../en/cases/garbage-sorting/", "../../en/reports/2022/duty-report/"]);
});
