/* Annals default theme: text size (大/中/小), table of contents (open on wide
 * screens, current section marked), copy-link on heading anchors, absolute
 * link targets for print, and labels for unlabelled search filters.
 * Classic script, no requests, no dependencies. */
(function () {
  var KEY = "annals-text-size";
  var root = document.documentElement;
  try {
    var saved = localStorage.getItem(KEY);
    if (saved === "small" || saved === "large") root.setAttribute("data-text-size", saved);
  } catch (e) {}

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  function each(list, fn) { for (var i = 0; i < list.length; i++) fn(list[i], i); }

  /* Opened from disk (file://), a link to a folder shows a directory listing,
   * not its index.html. Links in the built site point to folders (pretty
   * URLs), so add index.html when a link is followed — also for links that
   * scripts insert later, such as search results. */
  function folderToIndex(href) {
    var m = /^([^?#]*)([?#].*)?$/.exec(href);
    var path = m[1], rest = m[2] || "";
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) && path.indexOf("file:") !== 0) return href;
    if (path === "" && rest.charAt(0) === "#") return href;
    if (path === "" || /\/$/.test(path) || path === "." || path === "..") {
      return (path === "" || /\/$/.test(path) ? path : path + "/") + "index.html" + rest;
    }
    return href;
  }
  if (location.protocol === "file:") {
    window.annalsFileHref = folderToIndex;
    document.addEventListener("click", function (e) {
      var a = e.target && e.target.closest ? e.target.closest("a[href]") : null;
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      var href = a.getAttribute("href");
      var fixed = folderToIndex(href);
      if (fixed !== href) a.setAttribute("href", fixed);
    }, true);
  }

  var toastTimer;
  function announce(text) {
    var t = document.querySelector(".toast");
    if (!t) return;
    t.textContent = text;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.textContent = ""; }, 2500);
  }

  function textSize() {
    var buttons = document.querySelectorAll(".text-size button");
    function update(size, store) {
      if (size === "medium") root.removeAttribute("data-text-size");
      else root.setAttribute("data-text-size", size);
      each(buttons, function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-size") === size)); });
      if (store) try { localStorage.setItem(KEY, size); } catch (e) {}
    }
    each(buttons, function (b) {
      b.addEventListener("click", function () { update(b.getAttribute("data-size"), true); });
    });
    update(root.getAttribute("data-text-size") || "medium", false);
  }

  function copyLinks() {
    var body = document.body;
    var copied = body.getAttribute("data-link-copied") || "Link copied";
    var label = body.getAttribute("data-copy-link");
    each(document.querySelectorAll(".heading-anchor"), function (a) {
      if (label) a.setAttribute("title", label);
      a.addEventListener("click", function () {
        var url = location.href.split("#")[0] + a.getAttribute("href");
        var done = function () {
          a.classList.add("copied");
          setTimeout(function () { a.classList.remove("copied"); }, 1500);
          announce(copied);
        };
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(done, function () {});
      });
    });
  }

  function toc() {
    var details = document.querySelector(".toc-details");
    if (!details) return;
    var wide = window.matchMedia("(min-width: 68rem)");
    var sync = function () { details.open = wide.matches; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
    var summary = details.querySelector("summary");
    summary.addEventListener("click", function (e) { if (wide.matches) e.preventDefault(); });
    // Mark the section being read.
    var links = details.querySelectorAll("a[href^='#']");
    if (!("IntersectionObserver" in window) || !links.length) return;
    var byId = {}, heads = [];
    each(links, function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      var h = document.getElementById(id);
      if (h) { byId[id] = a; heads.push(h); }
    });
    var current = null;
    var mark = function () {
      var pick = null;
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].getBoundingClientRect().top < window.innerHeight * 0.35) pick = heads[i];
        else break;
      }
      var a = pick ? byId[pick.id] : null;
      if (a === current) return;
      if (current) current.removeAttribute("aria-current");
      if (a) a.setAttribute("aria-current", "location");
      current = a;
    };
    var io = new IntersectionObserver(mark, { rootMargin: "0px 0px -60% 0px" });
    each(heads, function (h) { io.observe(h); });
    var ticking = false;
    window.addEventListener("scroll", function () {
      if (ticking) return;
      ticking = true;
      requestAnimationFrame(function () { ticking = false; mark(); });
    }, { passive: true });
  }

  function printTargets() {
    // Printed pages show where links lead, as absolute URLs of the published site.
    var canon = document.querySelector("link[rel=canonical]");
    var base = canon ? canon.href : location.href;
    each(document.querySelectorAll(".prose a[href], .facts a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.classList.contains("heading-anchor")) return;
      try { a.setAttribute("data-print-href", new URL(href, base).href); } catch (e) {}
    });
  }

  function labelFilters() {
    // Search filters are built by search-ui.js; give any unnamed <select> a name.
    var page = document.getElementById("search-page");
    if (!page || !("MutationObserver" in window)) return;
    var fix = function () {
      each(page.querySelectorAll("select"), function (s) {
        if (s.hasAttribute("aria-label") || s.hasAttribute("aria-labelledby") || (s.labels && s.labels.length)) return;
        var name = page.getAttribute("data-filter-" + s.name);
        if (name) s.setAttribute("aria-label", name);
      });
    };
    new MutationObserver(fix).observe(page, { childList: true, subtree: true });
    fix();
  }

  function combobox() {
    // search-ui.js turns the header box into a combobox with a listbox popup
    // (aria-expanded, aria-controls); give it the matching role. Without the
    // script it stays a plain search box.
    var input = document.getElementById("search-input");
    if (input && input.hasAttribute("aria-controls") && !input.hasAttribute("role")) {
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
    }
  }

  ready(function () {
    combobox();
    textSize();
    copyLinks();
    toc();
    printTargets();
    labelFilters();
  });
})();
