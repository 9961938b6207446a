/* Annals search tokenizer: the JavaScript twin of src/search/tokenize.rs.
 *
 * Both sides must cut text into exactly the same tokens, or queries miss what
 * the build indexed; tests/search_vectors.json and tests/stem_vectors.tsv are
 * checked against both. Rules: NFKC + toLowerCase; runs of Han-like
 * characters (Han, kana, hangul, 〇 々) become overlapping bigrams (a run of
 * one character is that character), and the position counter skips one slot
 * after every run; other runs of \p{Alphabetic}\p{N} are words, stemmed with
 * the English Snowball (Porter2) stemmer when they are plain a-z.
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

  /* The token state machine over normalized characters. Tokens are
   * {t, p, s, e, ch}; with `withChars`, every Han-like character is also
   * emitted as a character token (ch: true) at its character position. */
  function run(chars, withChars) {
    var out = [], pos = 0, i = 0, n = chars.length;
    while (i < n) {
      var c = chars[i].c, cp = c.codePointAt(0), start = i;
      if (isHanCp(cp)) {
        while (i < n && isHanCp(chars[i].c.codePointAt(0))) i++;
        if (i - start === 1) {
          out.push({ t: c, p: pos, s: chars[start].s, e: chars[start].e, ch: true });
          pos++;
        } else {
          for (var k = start; k < i - 1; k++, pos++) {
            out.push({ t: chars[k].c + chars[k + 1].c, p: pos, s: chars[k].s, e: chars[k + 1].e, ch: false });
            if (withChars) out.push({ t: chars[k].c, p: pos, s: chars[k].s, e: chars[k].e, ch: true });
          }
          if (withChars) out.push({ t: chars[i - 1].c, p: pos, s: chars[i - 1].s, e: chars[i - 1].e, ch: true });
        }
        pos++;
      } else if (isWordCp(cp, c)) {
        var word = "";
        while (i < n && isWordCp(chars[i].c.codePointAt(0), chars[i].c)) word += chars[i++].c;
        out.push({ t: /^[a-z]+$/.test(word) ? stem(word) : word, p: pos, s: chars[start].s, e: chars[i - 1].e, ch: false });
        pos++;
      } else {
        i++;
      }
    }
    return out;
  }

  function normalizedChars(text) {
    var out = [];
    for (var c of String(text).normalize("NFKC").toLowerCase()) out.push({ c: c, s: 0, e: 0 });
    return out;
  }

  annals.tokenizer = {
    /* [[text, position], ...], identical to the Rust tokenize(). */
    tokenize: function (text) {
      return run(normalizedChars(text), false).map(function (t) { return [t.t, t.p]; });
    },
    /* Tokens with original offsets and character tokens, for highlighting. */
    tokensWithOffsets: function (text) { return run(charsWithOffsets(String(text)), true); },
    /* Query tokens: {t, p, single} where `single` marks a lone Han-like character. */
    queryTokens: function (text) {
      return run(normalizedChars(text), false).map(function (t) {
        return { t: t.t, p: t.p, single: t.ch, han: isHanCp(t.t.codePointAt(0)) };
      });
    },
    stem: stem,
    isHan: function (c) { return isHanCp(c.codePointAt(0)); }
  };
})(typeof window !== "undefined" ? window : globalThis);
