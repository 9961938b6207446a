import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { load, plain, repo } from "./harness.mjs";

const { annals } = load();

test("shared tokenizer vectors match the Rust tokenizer", () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(repo, "tests/search_vectors.json"), "utf8"));
  assert.ok(vectors.length >= 60);
  for (const v of vectors) {
    assert.deepEqual(plain(annals.tokenizer.tokenize(v.input)), v.tokens, `input ${JSON.stringify(v.input)}`);
  }
});

test("Porter2 stems match rust-stemmers on the Snowball vocabulary", () => {
  const lines = fs.readFileSync(path.join(repo, "tests/stem_vectors.tsv"), "utf8").split("\n");
  let n = 0;
  const bad = [];
  for (const line of lines) {
    if (!line || line.startsWith("#")) continue;
    const [word, stem] = line.split("\t");
    if (annals.tokenizer.stem(word) !== stem) bad.push(`${word}: ${annals.tokenizer.stem(word)} != ${stem}`);
    n++;
  }
  assert.ok(n > 20000);
  assert.deepEqual(bad.slice(0, 20), []);
});

test("offsets point into the original text", () => {
  const text = "ＡＢＣ公司 Credit";
  const toks = plain(annals.tokenizer.tokensWithOffsets(text));
  const abc = toks.find((t) => t.t === "abc");
  assert.equal(text.slice(abc.s, abc.e), "ＡＢＣ");
  const credit = toks.find((t) => t.t === "credit");
  assert.equal(text.slice(credit.s, credit.e), "Credit");
  const si = toks.find((t) => t.t === "司" && t.ch);
  assert.equal(si.p, 2);
});

test("joiners and folded characters keep offsets into the original text", () => {
  const text = "细颗粒物（ＰＭ２．５）與經濟增长6.5%";
  const toks = plain(annals.tokenizer.tokensWithOffsets(text)).filter((t) => !t.ch);
  const at = (t) => toks.filter((x) => x.t === t).map((x) => text.slice(x.s, x.e));
  assert.deepEqual(at("pm2"), ["ＰＭ２"]);
  assert.deepEqual(at("."), ["．", "."]);
  assert.deepEqual(at("%"), ["%"]);
  assert.deepEqual(at("经济"), ["經濟"]);
  assert.equal(annals.tokenizer.fold("經濟ＰＭ２．５"), "经济pm2.5");
  // Query tokens carry offsets in the normalized query: touching tokens are one phrase.
  const q = plain(annals.tokenizer.queryTokens("增长6.5%左右 PM2.5"));
  assert.deepEqual(q.map((t) => [t.t, t.s, t.e]), [["增长", 0, 2], ["6", 2, 3], [".", 3, 4], ["5", 4, 5], ["%", 5, 6], ["左右", 6, 8], ["pm2", 9, 12], [".", 12, 13], ["5", 13, 14]]);
});
