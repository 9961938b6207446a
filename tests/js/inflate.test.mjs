// The fallback inflate (themes/default/static/search-inflate.js) against
// node's zlib: stored, fixed and dynamic Huffman blocks, long matches, a
// stream cut at a sync flush and continued (as search index chunks are), and
// corrupt input. Plus its size budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";
import { staticDir } from "./harness.mjs";

const FILE = path.join(staticDir, "search-inflate.js");
const ctx = vm.createContext({});
ctx.window = ctx;
vm.runInContext(fs.readFileSync(FILE, "utf8"), ctx, { filename: FILE });
const inflate = (bytes) => Buffer.from(ctx.annals.inflate(new Uint8Array(bytes)));

/** Deterministic text with Chinese, English and repeats (xorshift). */
function sample(n, seed = 1) {
  const words = ["垃圾分类", "一网统管", "信用承诺", "duty", "report", "城市管理局", "2022年", "，", "。", "\n", "the "];
  let x = seed, s = "";
  while (Buffer.byteLength(s) < n) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    s += words[(x >>> 0) % words.length];
  }
  return Buffer.from(s);
}

function random(n, seed = 7) {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x & 255; }
  return b;
}

test("inflates what zlib deflates: stored, fixed and dynamic blocks", () => {
  const inputs = [Buffer.alloc(0), Buffer.from("a"), sample(100), sample(70_000, 3), random(5000), Buffer.alloc(300_000, 65)];
  for (const input of inputs) {
    for (const opts of [{ level: 0 }, { level: 1 }, { level: 9 }, { strategy: zlib.constants.Z_FIXED }, { strategy: zlib.constants.Z_HUFFMAN_ONLY }]) {
      const z = zlib.deflateRawSync(input, opts);
      assert.ok(inflate(z).equals(input), `${input.length} bytes with ${JSON.stringify(opts)}`);
    }
  }
});

test("a stream cut at a sync flush, continued by a second part, like dictionary + chunk", () => {
  const dict = sample(20_000, 5), rest = sample(30_000, 5);
  const d = zlib.createDeflateRaw({ level: 9 });
  const parts = [];
  d.on("data", (c) => parts.push(c));
  d.write(dict);
  return new Promise((resolve) => {
    d.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      const head = Buffer.concat(parts.splice(0));
      assert.ok(inflate(head).equals(dict), "the dictionary part alone ends cleanly at the sync flush");
      d.end(rest);
      d.on("end", () => {
        const tail = Buffer.concat(parts);
        assert.ok(inflate(Buffer.concat([head, tail])).equals(Buffer.concat([dict, rest])));
        resolve();
      });
    });
  });
});

test("corrupt input throws instead of hanging or returning garbage", () => {
  const z = zlib.deflateRawSync(sample(10_000), { level: 9 });
  assert.throws(() => inflate(z.subarray(0, z.length >> 1)), /annals inflate/);
  assert.throws(() => inflate(Buffer.from([0x07])), /bad block type/);
  assert.throws(() => inflate(Buffer.from([0x01, 0x05, 0x00, 0x00, 0x00])), /bad stored block/);
});

test("the fallback stays under 5 KB", () => {
  const size = fs.statSync(FILE).size;
  assert.ok(size < 5 * 1024, `search-inflate.js is ${size} bytes`);
});
