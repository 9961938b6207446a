// Live reload for `annals serve`; injected into served HTML only, never into built sites.
// Listens to /__annals/events (Server-Sent Events):
//   hello <id> <generation>
//               sent on every connection. Another server id than the page's means the
//               server restarted; another build generation means a rebuild finished
//               while this page was loading or disconnected. Either way: reload once.
//   reload      a rebuild finished: reload the page
//   css         only stylesheets changed: swap them without losing page state
//               (data: {"generation": n, "changed": [paths]})
//   error       a rebuild failed: show the errors over the page (the last good build is served)
(function () {
  "use strict";
  if (window.__annalsLive) return;
  window.__annalsLive = true;
  var script = document.currentScript;
  var instance = script && script.getAttribute("data-instance");
  var generation = script && script.getAttribute("data-generation");
  var OVERLAY = "annals-live-overlay";

  function showErrors(report) {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
    var errors = (report && report.errors) || [];
    if (!errors.length) return;
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;" +
      "background:#fff5f5;color:#5c0011;border:2px solid #c00;border-radius:6px;padding:1rem 1.25rem;" +
      "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 4px 24px rgba(0,0,0,.25);white-space:pre-wrap";
    var title = document.createElement("strong");
    title.textContent = "Build failed — showing the last good build";
    box.appendChild(title);
    errors.forEach(function (e) {
      var line = document.createElement("div");
      line.className = "annals-live-error";
      // textContent: the message is user text and must never become markup.
      line.textContent = e.file + (e.line ? ":" + e.line : "") + ": " + e.message;
      box.appendChild(line);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.style.cssText = "position:absolute;top:.25rem;right:.5rem;border:0;background:none;font-size:1.25rem;cursor:pointer";
    close.onclick = function () { box.remove(); };
    box.appendChild(close);
    (document.body || document.documentElement).appendChild(box);
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("annals-reload", String(Date.now()));
      var next = link.cloneNode(false);
      next.href = url.href;
      // Remove the old sheet only once the new one applies, so nothing flashes.
      next.onload = next.onerror = function () { link.remove(); };
      link.after(next);
    });
  }

  function parse(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  var initial = document.getElementById("annals-live-error");
  if (initial) {
    var show = function () { showErrors(parse(initial.textContent)); };
    if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
  }

  if (!window.EventSource) return;
  var source = new EventSource("/__annals/events");
  source.addEventListener("hello", function (e) {
    var parts = String(e.data).split(" ");
    if (!instance) { instance = parts[0]; generation = parts[1]; }
    else if (parts[0] !== instance || parts[1] !== generation) location.reload();
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function (e) {
    var d = parse(e.data);
    if (d && d.generation != null) generation = String(d.generation);
    swapStylesheets();
  });
  // Named like the built-in connection-error event; only ours carries data.
  source.addEventListener("error", function (e) {
    if (typeof e.data === "string") showErrors(parse(e.data));
  });
})();
