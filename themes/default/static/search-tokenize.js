/* Annals search tokenizer: the JavaScript twin of src/search/tokenize/mod.rs.
 *
 * Both sides must cut text into exactly the same tokens, or queries miss what
 * the build indexed; tests/search_vectors.json and tests/stem_vectors.tsv are
 * checked against both. Rules: NFKC + toLowerCase, then traditional
 * characters folded to simplified (search-fold.js); runs of Han-like
 * characters (Han, kana, hangul, 〇 々) become overlapping bigrams (a run of
 * one character is that character), and the position counter skips one slot
 * after every run unless a word touches it; other runs of
 * \p{Alphabetic}\p{N} are words, stemmed with the English Snowball (Porter2)
 * stemmer when they are plain a-z; `. % - / :` between word characters (`%`
 * after one) are tokens of their own, and a separator between a word and a
 * Han run costs a gap slot, so numbers and Latin terms are phrases as
 * written (`6.5%`, `PM2.5`, `1953年`). See src/search/tokenize/mod.rs.
 *
 * Classic script, no dependencies: defines window.annals.tokenizer.
 */
(function (window) {
  "use strict";
  var annals = (window.annals = window.annals || {});

  function isHanCp(cp) {
    return (
      cp === 0x3005 || cp === 0x3007 ||
      (cp >= 0x3040 && cp <= 0x309f) ||
      (cp >= 0x30a0 && cp <= 0x30fa) ||
      (cp >= 0x30fc && cp <= 0x30ff) ||
      (cp >= 0x31f0 && cp <= 0x31ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xac00 && cp <= 0xd7af) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x20000 && cp <= 0x2fa1f) ||
      (cp >= 0x30000 && cp <= 0x323af)
    );
  }
  /* Property escapes are ES2018 syntax: built from strings, so the script
   * parses as ES2017 (tests/js/syntax.test.mjs). */
  var WORD = new RegExp("^[\\p{Alphabetic}\\p{N}]$", "u");
  var MARK = new RegExp("^\\p{M}$", "u");
  function isWordCp(cp, c) {
    if (cp < 128) return (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90);
    return !isHanCp(cp) && WORD.test(c);
  }

  /* ---- English Snowball (Porter2) stemmer, the variant in rust-stemmers 1.2.
   * Written from the algorithm's description; regions p1/p2 are indices into
   * the word, "R1"/"R2" mean a suffix starts at or after them. */
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos",
    bias: "bias", andes: "andes"
  };
  var AFTER_1A = ["succeed", "proceed", "exceed", "canning", "inning", "earring", "herring", "outing"];
  var STEP2 = [
    ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"],
    ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"],
    ["entli", "ent"], ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"],
    ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
    ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""]
  ];
  var STEP3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]
  ];
  var STEP4 = [
    "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti",
    "ous", "ive", "ize", "ion", "al", "er", "ic"
  ];
  function isV(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }
  function ends(s, suf) { return s.length >= suf.length && s.slice(s.length - suf.length) === suf; }
  function longest(s, list) {
    for (var i = 0; i < list.length; i++) {
      var suf = typeof list[i] === "string" ? list[i] : list[i][0];
      if (ends(s, suf)) return list[i];
    }
    return null;
  }
  /* The region after the first non-vowel that follows a vowel, from `from`. */
  function region(s, from) {
    var i = from, n = s.length;
    while (i < n && !isV(s[i])) i++;
    while (i < n && isV(s[i])) i++;
    return i < n ? i + 1 : n;
  }
  /* A short syllable ends at index k (exclusive). */
  function shortV(s, k) {
    if (k >= 3 && "aeiouywxY".indexOf(s[k - 1]) < 0 && isV(s[k - 2]) && !isV(s[k - 3])) return true;
    return k === 2 && isV(s[0]) && !isV(s[1]);
  }
  var stems = new Map();
  function stem(w) {
    var s = stems.get(w);
    if (s === undefined) {
      if (stems.size > 50000) stems.clear();
      stems.set(w, (s = porter2(w)));
    }
    return s;
  }
  function porter2(w) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, w)) return EXCEPTIONS[w];
    if (w.length < 3) return w;
    var a = w.split(""), i;
    if (a[0] === "y") a[0] = "Y";
    for (i = 1; i < a.length; i++) if (a[i] === "y" && isV(a[i - 1])) a[i] = "Y";
    var s = a.join("");
    var m = /^(gener|commun|arsen)/.exec(s);
    var p1 = m ? m[0].length : region(s, 0);
    var p2 = region(s, p1);
    // Step 1a
    if (ends(s, "sses")) s = s.slice(0, -2);
    else if (ends(s, "ied") || ends(s, "ies")) s = s.length > 4 ? s.slice(0, -2) : s.slice(0, -1);
    else if (ends(s, "us") || ends(s, "ss")) { /* keep */ }
    else if (ends(s, "s") && /[aeiouy]/.test(s.slice(0, -2))) s = s.slice(0, -1);
    if (AFTER_1A.indexOf(s) < 0) {
      // Step 1b
      var suf = longest(s, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
      if (suf === "eed" || suf === "eedly") {
        if (s.length - suf.length >= p1) s = s.slice(0, s.length - suf.length) + "ee";
      } else if (suf) {
        var st = s.slice(0, s.length - suf.length);
        if (/[aeiouy]/.test(st)) {
          s = st;
          if (ends(s, "at") || ends(s, "bl") || ends(s, "iz")) s += "e";
          else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(s)) s = s.slice(0, -1);
          else if (s.length === p1 && shortV(s, s.length)) s += "e";
        }
      }
      // Step 1c
      var last = s[s.length - 1];
      if ((last === "y" || last === "Y") && s.length > 2 && !isV(s[s.length - 2])) s = s.slice(0, -1) + "i";
      // Step 2
      var r = longest(s, STEP2), k;
      if (r && (k = s.length - r[0].length) >= p1) {
        if (r[0] === "ogi") { if (s[k - 1] === "l") s = s.slice(0, k) + "og"; }
        else if (r[0] === "li") { if ("cdeghkmnrt".indexOf(s[k - 1]) >= 0 && k > 0) s = s.slice(0, k); }
        else s = s.slice(0, k) + r[1];
      }
      // Step 3
      r = longest(s, STEP3);
      if (r && (k = s.length - r[0].length) >= p1 && (r[0] !== "ative" || k >= p2)) s = s.slice(0, k) + r[1];
      // Step 4
      var f = longest(s, STEP4);
      if (f && (k = s.length - f.length) >= p2) {
        if (f !== "ion" || s[k - 1] === "s" || s[k - 1] === "t") s = s.slice(0, k);
      }
      // Step 5
      k = s.length - 1;
      if (s[k] === "e") {
        if (k >= p2 || (k >= p1 && !shortV(s, k))) s = s.slice(0, k);
      } else if (s[k] === "l") {
        if (k >= p2 && s[k - 1] === "l") s = s.slice(0, k);
      }
    }
    return s.replace(/Y/g, "y");
  }

  /* Splits original text into normalized characters, each remembering the
   * [s, e) range of the original text it came from (for excerpts). A base
   * character is normalized together with its combining marks. */
  /* Code units that NFKC and lower-casing leave alone, except for ASCII
   * case, and that are never combining marks: ASCII and URO Han. */
  function plain(u) { return u < 0x80 || (u >= 0x4e00 && u <= 0x9fff); }
  function charsWithOffsets(text) {
    var out = [], i = 0, n = text.length;
    while (i < n) {
      var u = text.charCodeAt(i);
      if (plain(u) && (i + 1 === n || plain(text.charCodeAt(i + 1)))) {
        out.push({ c: u >= 65 && u <= 90 ? String.fromCharCode(u + 32) : text[i], s: i, e: i + 1 });
        i++;
        continue;
      }
      var j = i + (text.codePointAt(i) > 0xffff ? 2 : 1);
      while (j < n) {
        var cp = text.codePointAt(j);
        if (!MARK.test(String.fromCodePoint(cp))) break;
        j += cp > 0xffff ? 2 : 1;
      }
      var norm = text.slice(i, j).normalize("NFKC").toLowerCase();
      for (var c of norm) out.push({ c: c, s: i, e: j });
      i = j;
    }
    return out;
  }

  /* Traditional-to-simplified folding (search-fold.js, OpenCC's table,
   * decoded once; the same table src/search/fold.rs reads). */
  var foldMap = null;
  function fold(c) {
    if (!foldMap) {
      var data = annals.foldData;
      if (!data) return c;
      foldMap = new Map();
      var cp = 0, delta = 0;
      for (var ch of data) {
        var d = ch.charCodeAt(0) - 48;
        if (d >= 0 && d <= 9) delta = delta * 10 + d;
        else { cp += delta; delta = 0; foldMap.set(String.fromCodePoint(cp), ch); }
      }
    }
    return foldMap.get(c) || c;
  }
  /* Joining characters of a number or Latin run (tokenize/mod.rs `is_joiner`). */
  function isJoiner(c) { return c === "." || c === "%" || c === "-" || c === "/" || c === ":"; }

  /* The token state machine over normalized characters (tokenize/mod.rs
   * `Scanner::push`, step for step). Tokens are {t, p, s, e, ch}; with
   * `withChars`, every Han-like character is also emitted as a character
   * token (ch: true) at its character position. */
  function run(chars, withChars) {
    var out = [], pos = 0, n = chars.length;
    var word = "", ws = 0, we = 0, prev = null, runLen = 0, pending = null, afterWord = false, spaced = false;
    function endWord() {
      if (!word) return;
      out.push({ t: /^[a-z]+$/.test(word) ? stem(word) : word, p: pos, s: ws, e: we, ch: false });
      word = "";
      pos++;
      afterWord = true;
      spaced = false;
    }
    function joiner(j) {
      out.push({ t: j.c, p: pos, s: j.s, e: j.e, ch: false });
      pos++;
      afterWord = true;
      spaced = false;
    }
    for (var i = 0; i <= n; i++) {
      var x = i < n ? chars[i] : { c: " ", s: 0, e: 0 }, c = x.c, cp = c.codePointAt(0);
      var han = isHanCp(cp), wc = !han && isWordCp(cp, c);
      if (pending) {
        var j = pending;
        pending = null;
        endWord();
        if (wc) { joiner(j); word = c; ws = x.s; we = x.e; continue; }
        else if (j.c === "%") joiner(j);
        else spaced = true;
      }
      if (han) {
        c = fold(c);
        endWord();
        if (runLen === 0 && spaced) { pos++; spaced = false; }
        afterWord = false;
        if (runLen > 0) {
          out.push({ t: prev.c + c, p: pos, s: prev.s, e: x.e, ch: false });
          if (withChars) out.push({ t: prev.c, p: pos, s: prev.s, e: prev.e, ch: true });
          pos++;
        }
        prev = { c: c, s: x.s, e: x.e };
        runLen++;
        continue;
      }
      if (runLen > 0) {
        if (runLen === 1 || withChars) out.push({ t: prev.c, p: pos, s: prev.s, e: prev.e, ch: true });
        pos += wc ? 1 : 2;
        runLen = 0;
      }
      if (wc) {
        if (!word) ws = x.s;
        word += c;
        we = x.e;
      } else if (isJoiner(c) && word) {
        pending = x;
      } else {
        endWord();
        if (afterWord) spaced = true;
      }
    }
    return out;
  }

  /* Normalized characters; offsets count code units of the normalized text. */
  function normalizedChars(text) {
    var out = [], i = 0;
    for (var c of String(text).normalize("NFKC").toLowerCase()) { out.push({ c: c, s: i, e: i + c.length }); i += c.length; }
    return out;
  }

  annals.tokenizer = {
    /* [[text, position], ...], identical to the Rust tokenize(). */
    tokenize: function (text) {
      return run(normalizedChars(text), false).map(function (t) { return [t.t, t.p]; });
    },
    /* Tokens with original offsets and character tokens, for highlighting. */
    tokensWithOffsets: function (text) { return run(charsWithOffsets(String(text)), true); },
    /* Query tokens: {t, p, s, e, single} where `single` marks a lone
     * Han-like character; s and e are offsets in the normalized query. */
    queryTokens: function (text) {
      return run(normalizedChars(text), false).map(function (t) {
        return { t: t.t, p: t.p, s: t.s, e: t.e, single: t.ch, han: isHanCp(t.t.codePointAt(0)) };
      });
    },
    /* Normalized, folded text, as the index sees it (one character for one). */
    fold: function (text) {
      return Array.from(String(text).normalize("NFKC").toLowerCase(), fold).join("");
    },
    /* True once the folding table is there (search.js loads search-fold.js). */
    folds: function () { return !!annals.foldData; },
    stem: stem,
    isHan: function (c) { return isHanCp(c.codePointAt(0)); }
  };
})(typeof window !== "undefined" ? window : globalThis);
