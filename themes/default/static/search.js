/* Annals search runtime (classic script; no fetch, Worker or WASM, so it
 * works from file:// and under any URL prefix).
 *
 *   annals.search(query, { lang, year, kind, topic, limit }) -> Promise<[
 *     { url, title, excerpt, lang, year, kind, topics, score } ]>
 *   annals.facets(results) -> { year: {..: n}, kind, topic, lang }
 *
 * `url` is relative to the current page; `title` and `excerpt` are HTML:
 * escaped text with matches wrapped in <mark>. The returned array also has
 * `.total` and `.hits` (all matches, without text) so facets count the whole
 * result set while only `limit` excerpts are loaded.
 *
 * Index files (written by src/search/) are scripts calling
 * annals_register(key, payload); we insert them as <script> elements under
 * the site root, found from data-root or from this script's own src.
 */
(function (window, document) {
  "use strict";
  var annals = (window.annals = window.annals || {});
  var me = document.currentScript;
  var attr = function (n) { return me && me.getAttribute(n); };
  var root = attr("data-root");
  if (root == null) root = (attr("src") || "").replace(/[?#].*$/, "").replace(/[^\/]*$/, "");

  /* ---- loading ---- */
  var registered = {}, waiting = {};
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
  window.annals_register = function (key, payload) {
    registered[key] = payload;
    if (waiting[key]) { waiting[key].resolve(payload); delete waiting[key]; }
  };
  function insert(src, onload, onerror) {
    var el = document.createElement("script");
    el.async = true;
    el.onload = onload;
    el.onerror = onerror;
    el.src = root + src;
    (document.head || document.documentElement).appendChild(el);
  }
  function load(key, file) {
    if (has(registered, key)) return Promise.resolve(registered[key]);
    if (waiting[key]) return waiting[key].promise;
    var w = (waiting[key] = {});
    w.promise = new Promise(function (resolve, reject) {
      w.resolve = resolve;
      var fail = function (why) {
        if (waiting[key] !== w) return;
        delete waiting[key];
        reject(new Error("annals search: " + why + " search/" + file));
      };
      insert("search/" + file, function () { fail("no data in"); }, function () { fail("cannot load"); });
    });
    return w.promise;
  }
  /* The tokenizer and its folding table (search-fold.js, 14 KB, loaded with
   * the first query rather than with every page). */
  var tokenizerReady;
  function script(name, ready) {
    if (ready()) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      insert(name, resolve, function () { reject(new Error("annals search: cannot load " + name)); });
    });
  }
  function tokenizer() {
    return (tokenizerReady = tokenizerReady || Promise.all([
      script("search-tokenize.js", function () { return !!annals.tokenizer; }),
      script("search-fold.js", function () { return !!annals.foldData; })
    ]).then(function () { return annals.tokenizer; }));
  }

  /* ---- decoding (see src/search/encode.rs) ---- */
  var B85 = new Uint8Array(128);
  "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvw".split("").forEach(function (c, i) { B85[c.charCodeAt(0)] = i; });
  /* Base85: 5 digits per 4 bytes; a short last group is padded with 84s. */
  function base85(s) {
    var n = s.length, full = Math.floor(n / 5), rest = n % 5;
    var out = new Uint8Array(full * 4 + Math.max(0, rest - 1)), o = 0;
    for (var i = 0; i < n; i += 5) {
      var v = 0;
      for (var k = 0; k < 5; k++) v = v * 85 + (i + k < n ? B85[s.charCodeAt(i + k)] : 84);
      for (k = 0; k < 4 && o < out.length; k++) out[o++] = (v >>> (24 - 8 * k)) & 255;
    }
    return out;
  }
  function Reader(bytes, at) { this.b = bytes; this.i = at || 0; }
  Reader.prototype.v = function () {
    var v = this.b[this.i++], shift = 7, b = v;
    if (b < 128) return v;
    v &= 127;
    do { b = this.b[this.i++]; v += (b & 127) * Math.pow(2, shift); shift += 7; } while (b >= 128);
    return v;
  };
  /* Bit stream, most significant bit first: Rice and Elias gamma codes. */
  function Bits(bytes, at) { this.b = bytes; this.i = at * 8; }
  Bits.prototype.bits = function (n) {
    for (var v = 0; n > 0; n--, this.i++) v = (v << 1) | ((this.b[this.i >> 3] >> (7 - (this.i & 7))) & 1);
    return v;
  };
  Bits.prototype.rice = function (k) {
    var q = 0;
    while ((this.b[this.i >> 3] >> (7 - (this.i & 7))) & 1) { q++; this.i++; }
    this.i++;
    return (q << k) | this.bits(k);
  };
  Bits.prototype.gamma = function () {
    var n = 0;
    while (!((this.b[this.i >> 3] >> (7 - (this.i & 7))) & 1)) { n++; this.i++; }
    return this.bits(n + 1);
  };
  /* Rice parameter for gaps of mean range / count (encode.rs `rice_k`). */
  function riceK(range, count) {
    var m = (Math.floor(range * 11 / 16) / (count > 1 ? count : 1)) >>> 0;
    return m <= 1 ? 0 : 31 - Math.clz32(m);
  }
  /* Raw deflate, inflated natively (works from file:// too); browsers
   * without DecompressionStream load search-inflate.js instead. */
  var fallback;
  function inflate(bytes) {
    if (typeof DecompressionStream === "undefined") {
      return (fallback = fallback || new Promise(function (resolve, reject) {
        if (annals.inflate) return resolve(annals.inflate);
        insert("search-inflate.js", function () { resolve(annals.inflate); },
          function () { reject(new Error("annals search: cannot load search-inflate.js")); });
      })).then(function (f) { return f(bytes); });
    }
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer()
      .then(function (b) { return new Uint8Array(b); });
  }
  /* Code point order, as Rust sorts the terms. */
  function cmp(a, b) {
    if (a === b) return 0;
    var n = Math.min(a.length, b.length), i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === n) return a.length - b.length;
    return a.codePointAt(i) - b.codePointAt(i);
  }

  /* ---- per-language index ---- */
  var langs = {};
  function language(lang) {
    if (langs[lang]) return langs[lang];
    var meta;
    return (langs[lang] = load(lang + "/meta", lang + "/meta.js").then(function (m) {
      meta = m;
      return inflate(base85(m.docs));
    }).then(function (table) {
      var m = meta, r = new Reader(table), docs = [], sum = [0, 0, 0];
      for (var d = 0; d < m.n; d++) {
        var spans = [r.v(), r.v(), r.v()], y = r.v(), kind = m.kinds[r.v()], topics = [];
        for (var t = r.v(); t > 0; t--) topics.push(m.topics[r.v()]);
        sum[0] += spans[0]; sum[1] += spans[1]; sum[2] += spans[2];
        docs.push({ id: d, lang: lang, spans: spans, len: spans[0] + spans[1] + spans[2], year: y ? m.years[y - 1] : null, kind: kind, topics: topics });
      }
      /* Pieces of body text are numbered through the language (store.rs). */
      for (var d2 = 0, piece = 0; d2 < m.n; d2++) { docs[d2].piece0 = piece; docs[d2].pieces = r.v(); piece += docs[d2].pieces; }
      var runs = function (b85) {
        var starts = [0];
        for (var cr = new Reader(base85(b85)); cr.i < cr.b.length;) starts.push(starts[starts.length - 1] + cr.v());
        return starts;
      };
      return {
        lang: lang, meta: m, docs: docs, starts: runs(m.chunks), heads: runs(m.heads), shards: {}, postings: {}, chunks: {}, headFiles: {},
        avg: sum.map(function (s) { return Math.max(1, s / Math.max(1, m.n)); })
      };
    }));
  }
  function shardOf(L, term) {
    var f = L.meta.shards, lo = 0, hi = f.length - 1, ans = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(f[mid], term) <= 0) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }
  function shard(L, i) {
    if (L.shards[i]) return L.shards[i];
    return (L.shards[i] = load(L.lang + "/t/" + i, L.lang + "/t" + i + ".js").then(function (p) {
      var bytes = base85(p[1]), r = new Reader(bytes), at = {};
      for (var k = 0; k < p[0].length; k++) {
        var len = r.v();
        at[p[0][k]] = r.i;
        r.i += len;
      }
      return { terms: p[0], bytes: bytes, at: at };
    }));
  }
  /* Postings of one term: Map(doc id -> sorted positions); format in
   * src/search/shards.rs `encode_range`. */
  function decodePostings(L, S, term) {
    var r = new Reader(S.bytes, S.at[term]), df = r.v(), bits = new Bits(S.bytes, r.i);
    var map = new Map(), kd = riceK(L.meta.n, df), doc = -1;
    for (var n = df; n > 0; n--) {
      doc += bits.rice(kd) + 1;
      var ps = new Array(bits.gamma()), k = riceK(L.docs[doc].len, ps.length), p = -1;
      for (var i = 0; i < ps.length; i++) { p += bits.rice(k) + 1; ps[i] = p; }
      map.set(doc, ps);
    }
    return map;
  }
  function postings(L, term) {
    if (has(L.postings, term)) return Promise.resolve(L.postings[term]);
    var i = shardOf(L, term);
    if (i < 0) return Promise.resolve(new Map());
    return shard(L, i).then(function (S) {
      return (L.postings[term] = has(S.at, term) ? decodePostings(L, S, term) : new Map());
    });
  }
  /* All terms starting with `prefix` (at most `cap`), from a contiguous range of shards. */
  function prefixTerms(L, prefix, cap) {
    var f = L.meta.shards, first = Math.max(0, shardOf(L, prefix)), last = first;
    while (last + 1 < f.length && f[last + 1].slice(0, prefix.length) === prefix) last++;
    var loads = [];
    for (var i = first; i <= last; i++) loads.push(shard(L, i));
    return Promise.all(loads).then(function (shards) {
      var out = [];
      shards.forEach(function (S) {
        S.terms.forEach(function (t) { if (out.length < cap && t.slice(0, prefix.length) === prefix) out.push(t); });
      });
      return out;
    });
  }
  function union(maps) {
    var out = new Map();
    maps.forEach(function (m) {
      m.forEach(function (ps, d) { var o = out.get(d); out.set(d, o ? o.concat(ps) : ps); });
    });
    if (maps.length > 1) out.forEach(function (ps, d) {
      out.set(d, ps.slice().sort(function (a, b) { return a - b; }).filter(function (p, k, a) { return !k || a[k - 1] !== p; }));
    });
    return out;
  }
  /* Resolves a query token to {terms, map}: a lone Han character stands for
   * every term starting with it; a partly typed last word falls back to a
   * prefix search. */
  function resolveToken(L, q) {
    if (q.single) {
      return prefixTerms(L, q.t, 1e9).then(function (terms) {
        return Promise.all(terms.map(function (t) { return postings(L, t); })).then(function (maps) {
          return { terms: null, map: union(maps) };
        });
      });
    }
    return postings(L, q.t).then(function (map) {
      if (map.size || !q.prefix) return { terms: [q.t], map: map };
      return prefixTerms(L, q.raw, 30).then(function (terms) {
        return Promise.all(terms.map(function (t) { return postings(L, t); })).then(function (maps) {
          return { terms: terms, map: union(maps) };
        });
      });
    });
  }

  /* ---- queries ---- */
  /* Groups: a stretch of the query without spaces or punctuation (a Chinese
   * run, a number, a Latin term and the Han characters it touches) or a
   * quoted part is one phrase group (its tokens must sit at their relative
   * positions, as the tokenizer numbers them). All groups must match (AND). */
  function parseQuery(tk, query) {
    var q = String(query == null ? "" : query), groups = [], parts = q.split(/["\u201c\u201d]/);
    parts.forEach(function (part, idx) {
      var toks = tk.queryTokens(part), cur = null;
      if (!toks.length) return;
      if (idx % 2 === 1) { groups.push({ toks: toks, quoted: true }); return; }
      /* Tokens that touch in the query (no space or punctuation between:
       * overlapping bigrams, `6 . 5 %`, `1953 年`) are one phrase. */
      toks.forEach(function (t) {
        if (cur && t.s <= cur.end) cur.toks.push(t);
        else groups.push((cur = { toks: [t] }));
        cur.end = t.e;
      });
    });
    var last = groups[groups.length - 1];
    if (last && !last.quoted && last.toks.length === 1 && !last.toks[0].han && !/[\s"\u201c\u201d]$/.test(q)) {
      var raw = (new RegExp("[\\p{Alphabetic}\\p{N}]+$", "u").exec(q.normalize("NFKC").toLowerCase()) || [""])[0];
      var chars = Array.from(raw);
      while (chars.length && tk.isHan(chars[0])) chars.shift();
      if (chars.length) { last.toks[0].prefix = true; last.toks[0].raw = chars.join(""); }
    }
    groups.forEach(function (g) {
      g.toks.forEach(function (t) { t.rel = t.p - g.toks[0].p; });
    });
    return { groups: groups, quoted: parts.length > 1 };
  }
  function contains(sorted, x) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === x) return true;
      if (sorted[mid] < x) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }
  /* Docs where all `maps` hold positions at offsets `rel` from a common start;
   * Map(doc -> starts). Exact phrase verification by positions. */
  function matchAll(maps, rel, only) {
    var out = new Map(), b = 0;
    maps.forEach(function (m, k) { if (m.size < maps[b].size) b = k; });
    maps[b].forEach(function (psB, doc) {
      if (only && !only(doc)) return;
      var lists = [];
      for (var k = 0; k < maps.length; k++) { var l = maps[k].get(doc); if (!l) return; lists.push(l); }
      var starts = [];
      for (var i = 0; i < psB.length; i++) {
        var s = psB[i] - rel[b], ok = true;
        for (k = 0; k < lists.length && ok; k++) if (k !== b) ok = contains(lists[k], s + rel[k]);
        if (ok) starts.push(s);
      }
      if (starts.length) out.set(doc, starts);
    });
    return out;
  }
  var WEIGHT = [5, 2, 1], B = [0.5, 0.75, 0.75], K1 = 1.2, PHRASE_BONUS = 1.5;
  function searchLang(L, parsed, opts) {
    var all = [];
    parsed.groups.forEach(function (g) { g.toks.forEach(function (t) { all.push(t); }); });
    return Promise.all(all.map(function (t) { return resolveToken(L, t); })).then(function (res) {
      var i = 0, docs = L.docs, n = L.meta.n;
      var keep = function (d) {
        var doc = docs[d];
        return (opts.year == null || opts.year === "" || String(doc.year) === String(opts.year)) &&
          (!opts.kind || doc.kind === opts.kind) && (!opts.topic || doc.topics.indexOf(opts.topic) >= 0);
      };
      var groups = parsed.groups.map(function (g) {
        var maps = g.toks.map(function () { return res[i++].map; });
        return matchAll(maps, g.toks.map(function (t) { return t.rel; }), keep);
      });
      var hits = [];
      /* Docs where the whole query occurs as a phrase, found once. */
      var whole = all.length > 1 && parsed.groups.length > 1 && !parsed.quoted ?
        matchAll(res.map(function (r) { return r.map; }), all.map(function (t) { return t.p - all[0].p; }), keep) : null;
      var first = groups.reduce(function (a, g) { return g.size < a.size ? g : a; }, groups[0]);
      first.forEach(function (_, d) {
        if (!groups.every(function (g) { return g.has(d); })) return;
        var doc = docs[d], score = 0;
        groups.forEach(function (g) {
          var tf = [0, 0, 0], df = g.size;
          g.get(d).forEach(function (p) { tf[p < doc.spans[0] ? 0 : p < doc.spans[0] + doc.spans[1] ? 1 : 2]++; });
          var w = 0;
          for (var f = 0; f < 3; f++) if (tf[f]) w += WEIGHT[f] * tf[f] / (1 - B[f] + B[f] * doc.spans[f] / L.avg[f]);
          score += Math.log(1 + (n - df + 0.5) / (df + 0.5)) * w * (K1 + 1) / (w + K1);
        });
        if (whole && whole.has(d)) score *= PHRASE_BONUS;
        hits.push({
          L: L, id: d, lang: L.lang, year: doc.year, kind: doc.kind, topics: doc.topics, score: score,
          at: groups.map(function (g) { return g.get(d); }), whole: whole && whole.get(d)
        });
      });
      hits.matchers = parsed.groups.map(function (g, gi) {
        return g.toks.map(function (t, k) {
          var r = res[all.indexOf(t)];
          return { ch: !!t.single, t: t.t, terms: r.terms ? new Set(r.terms) : null, rel: t.rel, g: gi, k: k };
        });
      });
      return hits;
    });
  }

  /* ---- results: titles and excerpts ---- */
  function escape(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  /* Masks are private-use characters in the index text (src/markdown/text.rs
   * `mask_search_text`); shown as the page shows them. */
  var MASK_CHARS = { "\ue000": "*", "\ue001": "\uff0a", "\ue002": "\u00d7", "\ue003": "X" };
  var MASKS = /[\ue000-\ue003]+/g;
  function escapeText(s) {
    var label = escape(attr("data-redacted") || "redacted");
    return escape(s).replace(MASKS, function (m) {
      return '<span class="redacted" role="img" aria-label="' + label + '">' + m.replace(/./g, function (c) { return MASK_CHARS[c]; }) + "</span>";
    });
  }
  function tokenMatches(m, t) { return m.ch ? t.ch && t.t === m.t : !t.ch && m.terms.has(t.t); }
  /* Whole matches of the query's phrase groups in `text`: [{s, e, g}]. */
  function matchSpans(tk, text, matchers) {
    var at = new Map(), spans = [];
    /* Only tokens that some query token matches can be part of a match. */
    var toks = tk.tokensWithOffsets(text).filter(function (t) {
      return matchers.some(function (g) { return g.some(function (m) { return tokenMatches(m, t); }); });
    });
    toks.forEach(function (t) { at.set(t.p * 2 + (t.ch ? 1 : 0), t); });
    matchers.forEach(function (g) {
      toks.forEach(function (t) {
        if (!tokenMatches(g[0], t)) return;
        var s = t.p - g[0].rel, lo = t.s, hi = t.e;
        for (var k = 1; k < g.length; k++) {
          var o = at.get((s + g[k].rel) * 2 + (g[k].ch ? 1 : 0));
          if (!o || !tokenMatches(g[k], o)) return;
          lo = Math.min(lo, o.s); hi = Math.max(hi, o.e);
        }
        spans.push({ s: lo, e: hi, g: g[0].g });
      });
    });
    return spans.sort(function (a, b) { return a.s - b.s || b.e - a.e; });
  }
  /* Characters a window must not cut between: letters and digits of a
   * number or Latin term with their joining characters, mask runs, and
   * surrogate pairs. */
  /* Built with RegExp(): \p{…} literals are ES2018 syntax. */
  var RUN = new RegExp("[\\p{L}\\p{N}.%\\-\\/:]", "u"), HANC = new RegExp("\\p{Script=Han}", "u");
  function inRun(text, i) {
    if (i <= 0 || i >= text.length) return false;
    var a = text.charAt(i - 1), b = text.charAt(i);
    if (/[\ud800-\udbff]/.test(a)) return true;
    if (/[\ue000-\ue003]/.test(a) && /[\ue000-\ue003]/.test(b)) return true;
    return RUN.test(a) && RUN.test(b) && !HANC.test(a) && !HANC.test(b);
  }
  /* Moves a cut at `i` out of a run, toward `dir` (-1: start earlier, 1: end
   * later), or the other way if the run is long. */
  function uncut(text, i, dir) {
    var j = i;
    while (inRun(text, j) && Math.abs(j - i) < 40) j += dir;
    if (!inRun(text, j)) return j;
    j = i;
    while (inRun(text, j) && Math.abs(j - i) < 40) j -= dir;
    return j;
  }
  /* Escaped `text` with whole matches in <mark>; with `win`, only a window
   * of characters centred on the best match ({before, after}: whether the
   * text is itself cut from a longer one). */
  function highlight(tk, text, matchers, win) {
    text = String(text == null ? "" : text);
    var spans = matchSpans(tk, text, matchers);
    var start = 0, end = text.length;
    if (win) {
      var anchor = spans.length ? spans[0] : null, best = -1;
      var han = HANC.test(anchor ? text.slice(anchor.s, anchor.e) : text.slice(0, 200)) || !/[a-z]{3}/i.test(text.slice(0, 200));
      var width = han ? 100 : 200;
      /* The best match: the one with the most of the query's groups around it. */
      spans.forEach(function (a) {
        var seen = {}, count = 0;
        spans.forEach(function (b) { if (Math.abs(b.s - a.s) <= width / 2 && !seen[b.g]) { seen[b.g] = 1; count++; } });
        if (count > best) { best = count; anchor = a; }
      });
      if (anchor) start = Math.max(0, Math.round((anchor.s + anchor.e - width) / 2));
      else start = 0;
      end = Math.min(text.length, start + width);
      if (end === text.length) start = Math.max(0, end - width);
      start = uncut(text, start, -1);
      end = uncut(text, end, 1);
      if (anchor && end < anchor.e) end = anchor.e;
    }
    var html = start > 0 || (win && win.before) ? "\u2026" : "", pos = start;
    spans.forEach(function (sp) {
      var s = Math.max(sp.s, pos), e = Math.min(sp.e, end);
      if (e <= s) return;
      html += escapeText(text.slice(pos, s)) + "<mark>" + escapeText(text.slice(s, e)) + "</mark>";
      pos = e;
    });
    html += escapeText(text.slice(pos, end)) + (end < text.length || (win && win.after) ? "\u2026" : "");
    return html.replace(/\s+/g, " ").trim();
  }
  /* Doc store files are deflate streams that continue the dictionary's
   * (src/search/encode.rs `Deflater`): inflate both, drop the dictionary. */
  function dictionary(L) {
    return (L.dict = L.dict || load(L.lang + "/z", L.lang + "/z.js").then(base85));
  }
  function fileOf(starts, i) {
    var lo = 0, hi = starts.length - 2;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= i) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function pieceFile(L, c) {
    return (L.chunks[c] = L.chunks[c] || Promise.all([dictionary(L), load(L.lang + "/d/" + c, L.lang + "/d" + c + ".js")]).then(function (p) {
      var z = base85(p[1]), all = new Uint8Array(p[0].length + z.length);
      all.set(p[0]);
      all.set(z, p[0].length);
      return inflate(all);
    }).then(function (b) { return JSON.parse(new TextDecoder().decode(b.subarray(L.meta.z))); }));
  }
  /* Pieces `from`..`to` (global numbers) joined. */
  function pieces(L, from, to) {
    var files = [];
    for (var c = fileOf(L.starts, from); c <= fileOf(L.starts, to); c++) files.push(c);
    return Promise.all(files.map(function (c) { return pieceFile(L, c); })).then(function (rows) {
      var text = "";
      files.forEach(function (c, k) {
        rows[k].forEach(function (piece, i) { var g = L.starts[c] + i; if (g >= from && g <= to) text += piece; });
      });
      return text;
    });
  }
  function head(L, d) {
    var c = fileOf(L.heads, d);
    L.headFiles[c] = L.headFiles[c] || load(L.lang + "/h/" + c, L.lang + "/h" + c + ".js");
    return L.headFiles[c].then(function (rows) { return rows[d - L.heads[c]]; });
  }
  /* Body position of the best match: the whole query as a phrase, else
   * where most of its groups occur close together, else the body's start. */
  function bestAt(h) {
    var doc = h.L.docs[h.id], body = doc.spans[0] + doc.spans[1], occ = [], i, best = -1, at = 0;
    if (h.whole) for (i = 0; i < h.whole.length; i++) if (h.whole[i] >= body) return h.whole[i] - body;
    h.at.forEach(function (ps, g) { ps.forEach(function (p) { if (p >= body) occ.push([p - body, g]); }); });
    occ.sort(function (a, b) { return a[0] - b[0]; });
    for (i = 0; i < occ.length; i++) {
      var seen = {}, count = 0;
      for (var j = i; j < occ.length && occ[j][0] < occ[i][0] + 48; j++) if (!seen[occ[j][1]]) { seen[occ[j][1]] = 1; count++; }
      if (count > best) { best = count; at = occ[i][0]; }
    }
    return at;
  }
  function render(tk, h, matchers) {
    var L = h.L, doc = L.docs[h.id], P = L.meta.piece || 64;
    var k = Math.min(doc.pieces - 1, Math.floor(bestAt(h) / P));
    var from = Math.max(0, k - 1), to = Math.min(doc.pieces - 1, k + 1);
    return Promise.all([head(L, h.id), pieces(L, doc.piece0 + from, doc.piece0 + to)]).then(function (p) {
      return {
        url: root + p[0][0], title: highlight(tk, p[0][1], matchers, null),
        excerpt: highlight(tk, p[1], matchers, { before: from > 0, after: to < doc.pieces - 1 }),
        lang: h.lang, year: h.year, kind: h.kind, topics: h.topics.slice(), score: h.score
      };
    });
  }

  /* ---- public API ---- */
  function pageLang() {
    var el = document.documentElement;
    return (el && ((el.dataset && el.dataset.lang) || el.getAttribute("lang"))) || "";
  }
  function languagesFor(opt) {
    return load("languages", "languages.js").then(function (all) {
      if (opt === "all") return all;
      var want = String(opt || pageLang()), primary = want.toLowerCase().split(/[-_]/)[0];
      if (all.indexOf(want) >= 0) return [want];
      for (var i = 0; i < all.length; i++) if (all[i].toLowerCase().split(/[-_]/)[0] === primary) return [all[i]];
      return opt ? [] : all;
    });
  }
  annals.search = function (query, opts) {
    opts = opts || {};
    return tokenizer().then(function (tk) {
      var parsed = parseQuery(tk, query);
      var finish = function (results, hits) {
        results.total = hits.length;
        results.hits = hits.map(function (h) {
          return { lang: h.lang, year: h.year, kind: h.kind, topics: h.topics.slice(), score: h.score };
        });
        return results;
      };
      if (!parsed.groups.length) return finish([], []);
      return languagesFor(opts.lang).then(function (list) {
        return Promise.all(list.map(function (l) {
          return language(l).then(function (L) { return searchLang(L, parsed, opts); });
        }));
      }).then(function (per) {
        var hits = [].concat.apply([], per), matchers = {};
        per.forEach(function (p) { if (p.length) matchers[p[0].lang] = p.matchers; });
        hits.sort(function (a, b) { return b.score - a.score || cmp(a.lang, b.lang) || a.id - b.id; });
        var limit = opts.limit == null ? 10 : Math.max(0, opts.limit);
        return Promise.all(hits.slice(0, limit).map(function (h) { return render(tk, h, matchers[h.lang]); }))
          .then(function (results) { return finish(results, hits); });
      });
    });
  };
  annals.facets = function (results) {
    var list = (results && results.hits) || results || [];
    var f = { year: Object.create(null), kind: Object.create(null), topic: Object.create(null), lang: Object.create(null) };
    var inc = function (o, k) { o[k] = (o[k] || 0) + 1; };
    list.forEach(function (r) {
      if (r.year != null) inc(f.year, r.year);
      if (r.kind) inc(f.kind, r.kind);
      (r.topics || []).forEach(function (t) { inc(f.topic, t); });
      if (r.lang) inc(f.lang, r.lang);
    });
    return f;
  };
  annals.languages = function () { return load("languages", "languages.js").then(function (l) { return l.slice(); }); };
  annals.root = root;
})(typeof window !== "undefined" ? window : globalThis, document);
