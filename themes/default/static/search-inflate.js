/* Annals: raw deflate (RFC 1951) for browsers without
 * DecompressionStream("deflate-raw") (Chromium < 103, Firefox < 113).
 * search.js loads this file only when that API is missing.
 *   annals.inflate(Uint8Array) -> Uint8Array
 * A stream may end without a final block (search index chunks continue a
 * dictionary stream cut at a sync flush). Plain ES2017, no dependencies. */
(function (window) {
  "use strict";
  var annals = (window.annals = window.annals || {});
  var ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  var LBASE = [], LEXT = [], DBASE = [], DEXT = [], i, b;
  for (i = 0, b = 3; i < 29; i++) { LEXT[i] = i < 8 || i > 27 ? 0 : (i - 4) >> 2; LBASE[i] = i === 28 ? 258 : b; b += 1 << LEXT[i]; }
  for (i = 0, b = 1; i < 30; i++) { DEXT[i] = i < 4 ? 0 : (i >> 1) - 1; DBASE[i] = b; b += 1 << DEXT[i]; }

  /* Canonical Huffman code from code lengths: count per length, symbols by code. */
  function huffman(lens, n) {
    var count = new Uint16Array(16), offs = new Uint16Array(16), sym = new Uint16Array(n), k;
    for (k = 0; k < n; k++) count[lens[k]]++;
    count[0] = 0;
    for (k = 1; k < 16; k++) offs[k] = offs[k - 1] + count[k - 1];
    for (k = 0; k < n; k++) if (lens[k]) sym[offs[lens[k]]++] = k;
    return { count: count, sym: sym };
  }
  var fixedLit, fixedDist;
  function fixed() {
    var l = new Uint8Array(288), k;
    for (k = 0; k < 288; k++) l[k] = k < 144 ? 8 : k < 256 ? 9 : k < 280 ? 7 : 8;
    fixedLit = huffman(l, 288);
    fixedDist = huffman(new Uint8Array(30).fill(5), 30);
  }

  function inflate(src) {
    var pos = 0, bit = 0, out = new Uint8Array(src.length * 4 + 1024), len = 0;
    function fail(why) { throw new Error("annals inflate: " + why); }
    function bits(n) {
      var v = 0, k;
      for (k = 0; k < n; k++) {
        if (pos >= src.length) fail("unexpected end of data");
        v |= ((src[pos] >> bit) & 1) << k;
        if (++bit === 8) { bit = 0; pos++; }
      }
      return v;
    }
    function room(n) {
      if (len + n <= out.length) return;
      var bigger = new Uint8Array(Math.max(out.length * 2, len + n));
      bigger.set(out.subarray(0, len));
      out = bigger;
    }
    function decode(h) {
      var code = 0, first = 0, index = 0, l, c;
      for (l = 1; l < 16; l++) {
        code |= bits(1);
        c = h.count[l];
        if (code - first < c) return h.sym[index + code - first];
        index += c;
        first = (first + c) << 1;
        code <<= 1;
      }
      return fail("bad code");
    }
    function stored() {
      if (bit) { bit = 0; pos++; }
      if (pos + 4 > src.length) fail("unexpected end of data");
      var n = src[pos] | (src[pos + 1] << 8);
      if ((n ^ 0xffff) !== (src[pos + 2] | (src[pos + 3] << 8))) fail("bad stored block");
      pos += 4;
      if (pos + n > src.length) fail("unexpected end of data");
      room(n);
      out.set(src.subarray(pos, pos + n), len);
      len += n;
      pos += n;
    }
    function dynamic() {
      var nlit = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4, lens = new Uint8Array(320), k, s, prev, r;
      for (k = 0; k < ncode; k++) lens[ORDER[k]] = bits(3);
      var code = huffman(lens, 19);
      lens = new Uint8Array(320);
      for (k = 0; k < nlit + ndist;) {
        s = decode(code);
        if (s < 16) { lens[k++] = s; continue; }
        prev = 0;
        if (s === 16) { if (!k) fail("repeat with no length"); prev = lens[k - 1]; r = 3 + bits(2); }
        else r = s === 17 ? 3 + bits(3) : 11 + bits(7);
        if (k + r > nlit + ndist) fail("too many lengths");
        while (r--) lens[k++] = prev;
      }
      return [huffman(lens, nlit), huffman(lens.subarray(nlit), ndist)];
    }
    function codes(lit, dist) {
      for (;;) {
        var s = decode(lit), n, d, from;
        if (s < 256) { room(1); out[len++] = s; continue; }
        if (s === 256) return;
        s -= 257;
        if (s > 28) fail("bad length");
        n = LBASE[s] + bits(LEXT[s]);
        s = decode(dist);
        if (s > 29) fail("bad distance");
        d = DBASE[s] + bits(DEXT[s]);
        if (d > len) fail("distance too far back");
        room(n);
        for (from = len - d; n > 0; n--) out[len++] = out[from++];
      }
    }
    for (var last = 0; !last && pos < src.length;) {
      last = bits(1);
      var type = bits(2);
      if (type === 0) stored();
      else if (type === 1) { if (!fixedLit) fixed(); codes(fixedLit, fixedDist); }
      else if (type === 2) { var h = dynamic(); codes(h[0], h[1]); }
      else fail("bad block type");
      /* A sync flush ends the data when only padding is left. */
      if (!last && pos === src.length - 1 && bit) pos++;
    }
    return out.slice(0, len);
  }
  annals.inflate = inflate;
})(window);
