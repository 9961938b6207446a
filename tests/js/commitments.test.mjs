// The commitments page of the example site is in the search index: a phrase
// only found in a commitment and its follow-up finds the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { load, repo } from "./harness.mjs";

const BIN = process.env.ANNALS_BIN || path.join(repo, "target/release/annals");
let out;

before(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "annals-commitments-"));
  const r = spawnSync(BIN, ["build", "--quiet", "--root", repo, "--output", path.join(out, "site")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
});
after(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

test("commitments pages are searchable in both languages", async () => {
  const { annals } = load({ site: path.join(out, "site"), page: "" });
  const zh = await annals.search("机关统战", { lang: "zh", limit: 20 });
  assert.ok(zh.some((r) => r.url.replace(/^\.\//, "") === "reports/2022/duty-report/commitments/"), JSON.stringify(zh.map((r) => r.url)));
  const en = await annals.search("united front", { lang: "en", limit: 20 });
  assert.ok(en.some((r) => r.url.replace(/^\.\//, "") === "en/reports/2022/duty-report/commitments/"), JSON.stringify(en.map((r) => r.url)));
});
