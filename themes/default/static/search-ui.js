/* Annals search UI (classic script, needs search.js loaded first).
 *
 * Header box: <form role="search" action="{root}search/"><input type="search"
 * id="search-input" name="q"></form>. "/" focuses it; results drop down as
 * you type; ↑/↓ choose, Enter opens, Esc closes.
 *
 * Search page: an element #search-page. Shows full results with filters
 * (year, kind, topic, this language / all languages) and counts; the query
 * and filters live in the URL (?q=&year=&kind=&topic=&lang=all).
 *
 * No dead ends: with no result in the page's language, both offer the other
 * languages' results ("2 results in English", a link to that language's
 * search page with the query) and suggest what to try; the dropdown ends
 * with a link to all results; the language switcher of the search page keeps
 * the query; a filter from the URL that no result has is shown (count 0),
 * and each filter's counts take the other filters into account.
 *
 * All UI strings come from data attributes (on #search-page, or on the form
 * for the dropdown) so templates localize them: data-no-results,
 * data-results ("{n} results"), data-all-results ("All {n} results"),
 * data-results-in ("{n} results in {lang}"), data-suggest (what to try),
 * data-placeholder, data-any-year, data-any-kind, data-any-topic,
 * data-this-language, data-all-languages, data-more, data-kind-<kind> (label
 * of a kind); on the header form data-search-langs ("code|search page
 * URL|name;…"). Titles and excerpts from annals.search are escaped HTML;
 * everything else is set as text.
 */
(function (window, document) {
  "use strict";
  var annals = window.annals;
  if (!annals || !annals.search) return;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function label(host, name, fallback, n) {
    var v = (host && host.getAttribute("data-" + name)) || fallback;
    return n == null ? v : v.replace("{n}", String(n));
  }
  function debounce(fn, ms) {
    var t;
    return function () { var a = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, a); }, ms); };
  }
  function withQuery(action, q) {
    if (location.protocol === "file:" && /\/$/.test(action)) action += "index.html";
    return action + "?q=" + encodeURIComponent(q);
  }
  function searchPageUrl(form, q) { return withQuery(form.getAttribute("action") || "search/", q); }
  /* Other languages' search pages, from the header form: [{code, url, name}]. */
  function otherLanguages() {
    var f = document.querySelector("form.header-search[data-search-langs]");
    var here = (document.documentElement.getAttribute("data-lang") || "").toLowerCase();
    return ((f && f.getAttribute("data-search-langs")) || "").split(";").map(function (x) {
      var p = x.split("|");
      return { code: p[0], url: p[1], name: p[2] };
    }).filter(function (l) { return l.code && l.code.toLowerCase() !== here; });
  }
  /* With no result here: the counts in the other languages, as links. */
  function elsewhere(q, host) {
    var langs = otherLanguages();
    if (!langs.length) return Promise.resolve([]);
    return annals.search(q, { lang: "all", limit: 0 }).then(function (r) {
      var counts = annals.facets(r).lang, out = [];
      langs.forEach(function (l) {
        var n = counts[l.code];
        if (n) out.push(el("a", { href: withQuery(l.url, q), hreflang: l.code, class: "search-elsewhere" },
          label(host, "results-in", "{n} results in {lang}", n).replace("{lang}", l.name)));
      });
      return out;
    }, function () { return []; });
  }

  /* ---- header box with dropdown ---- */
  var input = document.getElementById("search-input");
  var form = input && input.form;
  if (input && form) {
    var list = el("ul", { id: "search-dropdown", role: "listbox", class: "search-dropdown", hidden: "" });
    input.parentNode.insertBefore(list, input.nextSibling);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", "search-dropdown");
    input.setAttribute("aria-expanded", "false");
    var active = -1, seq = 0;
    var items = function () { return list.querySelectorAll("a[role=option]"); };
    var close = function () {
      list.hidden = true; active = -1;
      var all = items();
      for (var k = 0; k < all.length; k++) all[k].setAttribute("aria-selected", "false");
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };
    var select = function (i) {
      var all = items();
      if (!all.length) return;
      active = (i + all.length) % all.length;
      for (var k = 0; k < all.length; k++) all[k].setAttribute("aria-selected", k === active ? "true" : "false");
      input.setAttribute("aria-activedescendant", all[active].id);
    };
    var show = function (results, q, others) {
      list.textContent = "";
      if (!results.length) {
        list.appendChild(el("li", { class: "search-empty", role: "option", "aria-disabled": "true", "aria-selected": "false" }, label(form, "no-results", "No results")));
        (others || []).forEach(function (a, i) {
          var li = el("li", { role: "none" });
          a.setAttribute("role", "option"); a.setAttribute("id", "search-option-lang-" + i);
          a.setAttribute("aria-selected", "false"); a.setAttribute("tabindex", "-1");
          li.appendChild(a); list.appendChild(li);
        });
        if (!(others || []).length) list.appendChild(el("li", { class: "search-suggest", role: "option", "aria-disabled": "true", "aria-selected": "false" }, label(form, "suggest", "Try fewer or other words.")));
      }
      results.forEach(function (r, i) {
        // The option is the link itself (an interactive element may not sit
        // inside an option); the list item is presentational.
        var li = el("li", { role: "none" });
        var a = el("a", { href: r.url, role: "option", id: "search-option-" + i, "aria-selected": "false", tabindex: "-1" });
        var t = el("span", { class: "search-title" });
        t.innerHTML = r.title; // escaped by search.js
        var x = el("span", { class: "search-excerpt" });
        x.innerHTML = r.excerpt; // escaped by search.js
        a.appendChild(t); a.appendChild(x); li.appendChild(a); list.appendChild(li);
      });
      if (results.length) {
        var li = el("li", { role: "none", class: "search-all" });
        li.appendChild(el("a", { href: searchPageUrl(form, q), role: "option", id: "search-option-all", "aria-selected": "false", tabindex: "-1" },
          label(form, "all-results", "All {n} results", results.total)));
        list.appendChild(li);
      }
      list.hidden = false; active = -1;
      input.setAttribute("aria-expanded", "true");
    };
    var search = function () {
      var q = input.value.trim(), mine = ++seq;
      if (!q) return close();
      annals.search(q, { limit: 8 }).then(function (r) {
        return (r.length ? Promise.resolve([]) : elsewhere(q, form)).then(function (others) {
          if (mine === seq && document.activeElement === input) show(r, q, others);
        });
      }, close);
    };
    var run = debounce(search, 120);
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { if (input.value.trim()) run(); });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) {
          // ↓ on a closed list opens it again (after Esc).
          if (e.key === "ArrowDown" && input.value.trim()) { e.preventDefault(); search(); }
          return;
        }
        e.preventDefault();
        select(active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); } else input.blur();
      } else if (e.key === "Enter") {
        e.preventDefault();
        var link = active >= 0 && items()[active];
        if (link) link.click();
        else if (input.value.trim() && !document.getElementById("search-page")) location.href = searchPageUrl(form, input.value.trim());
        else if (pageInput) { pageInput.value = input.value; pageInput.dispatchEvent(new Event("input")); close(); }
      }
    });
    document.addEventListener("keydown", function (e) {
      var t = e.target, tag = t && t.tagName;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  /* ---- search page ---- */
  var page = document.getElementById("search-page");
  var pageInput = null;
  if (!page) return;
  var params = new URLSearchParams(location.search);
  pageInput = page.querySelector("input[type=search]");
  if (!pageInput) {
    pageInput = el("input", { type: "search", name: "q", class: "search-page-input", placeholder: label(page, "placeholder", "") });
    page.appendChild(pageInput);
  }
  pageInput.value = params.get("q") || "";
  var filters = el("div", { class: "search-filters" });
  var status = el("p", { class: "search-status", role: "status", "aria-live": "polite" });
  var results = el("ol", { class: "search-results" });
  var more = el("button", { type: "button", class: "search-more", hidden: "" }, label(page, "more", "More results"));
  [filters, status, results, more].forEach(function (n) { page.appendChild(n); });
  var state = { year: params.get("year") || "", kind: params.get("kind") || "", topic: params.get("topic") || "", lang: params.get("lang") === "all" ? "all" : "" };
  var limit = 50, pageSeq = 0;
  // Topic slugs to names in the page's language: data-topic-names="slug=名称;…".
  var topicNames = {};
  (page.getAttribute("data-topic-names") || "").split(";").forEach(function (pair) {
    var i = pair.indexOf("=");
    if (i > 0) topicNames[pair.slice(0, i)] = pair.slice(i + 1);
  });
  function topicName(slug) { return topicNames[slug] || slug; }

  function selectFor(name, anyLabel, counts, labelOf) {
    var s = el("select", { name: name, "aria-label": anyLabel });
    s.appendChild(el("option", { value: "" }, anyLabel));
    // A value from the URL that no result has is shown with its 0, not
    // applied out of sight.
    if (state[name] && !(state[name] in counts)) counts[state[name]] = 0;
    Object.keys(counts).sort(function (a, b) { return name === "year" ? b - a : a < b ? -1 : a > b ? 1 : 0; }).forEach(function (v) {
      var o = el("option", { value: v }, (labelOf ? labelOf(v) : v) + " (" + counts[v] + ")");
      if (String(state[name]) === v) o.selected = true;
      s.appendChild(o);
    });
    s.addEventListener("change", function () { state[name] = s.value; limit = 50; update(); });
    return s;
  }
  function renderFilters(f) {
    filters.textContent = "";
    filters.appendChild(selectFor("year", label(page, "any-year", "Any year"), f.year));
    filters.appendChild(selectFor("kind", label(page, "any-kind", "Any kind"), f.kind, function (k) { return label(page, "kind-" + k, k); }));
    filters.appendChild(selectFor("topic", label(page, "any-topic", "Any topic"), f.topic, topicName));
    var l = el("select", { name: "lang" });
    l.appendChild(el("option", { value: "" }, label(page, "this-language", "This language")));
    var all = el("option", { value: "all" }, label(page, "all-languages", "All languages"));
    if (state.lang === "all") all.selected = true;
    l.appendChild(all);
    l.addEventListener("change", function () { state.lang = l.value; limit = 50; update(); });
    filters.appendChild(l);
  }
  /* Facet counts of `hits`, each facet under the other filters. */
  function facets(hits) {
    var pass = function (h, except) {
      return (except === "year" || !state.year || String(h.year) === String(state.year)) &&
        (except === "kind" || !state.kind || h.kind === state.kind) &&
        (except === "topic" || !state.topic || h.topics.indexOf(state.topic) >= 0);
    };
    var f = {};
    ["year", "kind", "topic"].forEach(function (k) {
      f[k] = annals.facets(hits.filter(function (h) { return pass(h, k); }))[k];
    });
    return f;
  }
  /* The language switcher of the search page keeps the query. */
  function syncSwitcher(q) {
    var links = document.querySelectorAll(".lang-switch a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i], href = a.getAttribute("href").replace(/[?#].*$/, "");
      a.setAttribute("href", q ? href + "?q=" + encodeURIComponent(q) : href);
    }
  }
  function syncUrl(q) {
    syncSwitcher(q);
    var p = new URLSearchParams();
    if (q) p.set("q", q);
    ["year", "kind", "topic", "lang"].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    var s = p.toString();
    try { history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash); } catch (e) { /* file:// in some browsers */ }
  }
  function update() {
    var q = pageInput.value.trim(), mine = ++pageSeq, lang = state.lang || undefined;
    syncUrl(q);
    if (!q) { filters.textContent = ""; results.textContent = ""; status.textContent = ""; more.hidden = true; return; }
    Promise.all([
      annals.search(q, { lang: lang, limit: 0 }),
      annals.search(q, { lang: lang, limit: limit, year: state.year || null, kind: state.kind, topic: state.topic })
    ]).then(function (r) {
      if (mine !== pageSeq) return;
      renderFilters(facets(r[0].hits));
      results.textContent = "";
      r[1].forEach(function (x) {
        var li = el("li", { class: "search-result", lang: x.lang });
        var a = el("a", { href: x.url });
        a.innerHTML = x.title; // escaped by search.js
        var p = el("p", { class: "search-excerpt" });
        p.innerHTML = x.excerpt; // escaped by search.js
        var meta = [x.year, label(page, "kind-" + x.kind, x.kind)].concat(x.topics.map(topicName)).filter(function (v) { return v != null && v !== ""; });
        li.appendChild(a); li.appendChild(p);
        li.appendChild(el("p", { class: "search-meta" }, meta.join(" · ")));
        results.appendChild(li);
      });
      status.textContent = r[1].total ? label(page, "results", "{n} results", r[1].total) : label(page, "no-results", "No results");
      more.hidden = r[1].total <= r[1].length;
      if (!r[1].total) {
        var empty = el("li", { class: "search-empty" });
        results.appendChild(empty);
        (state.lang === "all" || r[0].total ? Promise.resolve([]) : elsewhere(q, page)).then(function (others) {
          if (mine !== pageSeq) return;
          others.forEach(function (a) { var p = el("p"); p.appendChild(a); empty.appendChild(p); });
          empty.appendChild(el("p", { class: "search-suggest" }, label(page, "suggest", "Try fewer or other words.")));
        });
      }
    }, function (e) { if (mine === pageSeq) status.textContent = String(e && e.message || e); });
  }
  more.addEventListener("click", function () { limit += 50; update(); });
  pageInput.addEventListener("input", debounce(update, 120));
  var pf = pageInput.form;
  if (pf) pf.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  if (input && !input.value) input.value = pageInput.value;
  update();
})(window, document);
