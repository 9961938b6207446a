// Every theme script parses as ES2017 (classic script): government desktops
// run old Chromium-based browsers and Firefox ESR.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { parse } from "acorn";
import { repo } from "./harness.mjs";

const themes = path.join(repo, "themes");
const scripts = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".js")) scripts.push(p);
  }
})(themes);

test("theme scripts exist", () => {
  assert.ok(scripts.some((s) => s.endsWith("search-inflate.js")), scripts.join(", "));
  assert.ok(scripts.length >= 5);
});

for (const file of scripts) {
  test(`${path.relative(repo, file)} is ES2017`, () => {
    const code = fs.readFileSync(file, "utf8");
    parse(code, { ecmaVersion: 2017, sourceType: "script" });
  });
}

test("the check rejects later syntax", () => {
  for (const code of ["a?.b", "a ?? b", "try {} catch {}", "const {...r} = o", "1_000"]) {
    assert.throws(() => parse(code, { ecmaVersion: 2017, sourceType: "script" }), code);
  }
});
