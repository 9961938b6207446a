// Loads the browser scripts into a `vm` context with a fake window/document.
// Inserted <script> elements are read from `siteDir` (resolved against the
// fake page's directory) and evaluated in the same context, which is how the
// real loader works in a browser.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const staticDir = path.join(repo, "themes/default/static");
export const fixtureSite = path.join(repo, "tests/fixtures/search/site");

/**
 * @param {object} o
 * @param {string} o.site    directory holding search/ (the site root)
 * @param {string} o.page    page path relative to the site root, e.g. "zh/cases/x/"
 * @param {string} [o.lang]  <html lang>
 * @param {boolean} [o.dataRoot] give search.js a data-root attribute (else root from src)
 * @param {boolean} [o.fold]  run search-fold.js up front (else search.js loads it, counted in stats)
 */
export function load({ site = fixtureSite, page = "", lang = "zh-Hans", dataRoot = true, fold = true } = {}) {
  const pageDir = path.join(site, page);
  const up = page.split("/").filter(Boolean).map(() => "../").join("");
  const stats = { files: [], bytes: 0 };
  const document = {
    currentScript: null,
    documentElement: {
      dataset: {},
      getAttribute: (n) => (n === "lang" ? lang : null),
    },
    head: {
      appendChild(el) {
        setTimeout(() => {
          const file = path.resolve(pageDir, el.src);
          let code;
          try {
            code = fs.readFileSync(file, "utf8");
          } catch {
            el.onerror && el.onerror(new Error("404 " + el.src));
            return;
          }
          stats.files.push(path.relative(site, file));
          stats.bytes += Buffer.byteLength(code);
          vm.runInContext(code, ctx, { filename: file });
          el.onload && el.onload();
        }, 0);
        return el;
      },
    },
    createElement: () => ({ setAttribute() {}, remove() {} }),
  };
  const ctx = vm.createContext({
    document, setTimeout, clearTimeout, console,
    // What a browser has and the runtime uses to inflate raw deflate.
    Blob, Response, DecompressionStream, TextDecoder,
  });
  ctx.window = ctx;
  const run = (name, attrs) => {
    document.currentScript = { getAttribute: (n) => (n in attrs ? attrs[n] : null) };
    vm.runInContext(fs.readFileSync(path.join(staticDir, name), "utf8"), ctx, { filename: name });
    document.currentScript = null;
  };
  // The folding table is loaded by search.js with the first query; by default
  // it is run up front so that the tokenizer can be called directly.
  if (fold) run("search-fold.js", { src: up + "search-fold.js" });
  run("search-tokenize.js", { src: up + "search-tokenize.js" });
  run("search.js", dataRoot ? { src: up + "search.js", "data-root": up } : { src: up + "search.js" });
  return { annals: ctx.annals, window: ctx, stats };
}

/** Plain-JSON copy of a value from the vm context (deepEqual-friendly). */
export const plain = (v) => JSON.parse(JSON.stringify(v));
