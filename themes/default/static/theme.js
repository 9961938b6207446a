/* Text size control (大/中/小) and heading link copying. Classic script, no requests. */
(function () {
  var key = "annals-text-size";
  var root = document.documentElement;
  try {
    var saved = localStorage.getItem(key);
    if (saved) root.setAttribute("data-text-size", saved);
  } catch (e) {}
  document.addEventListener("DOMContentLoaded", function () {
    var current = root.getAttribute("data-text-size") || "medium";
    var buttons = document.querySelectorAll(".text-size button");
    function update(size) {
      root.setAttribute("data-text-size", size);
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-size") === size));
      }
      try { localStorage.setItem(key, size); } catch (e) {}
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () { update(this.getAttribute("data-size")); });
    }
    update(current);
    var anchors = document.querySelectorAll(".heading-anchor");
    for (var j = 0; j < anchors.length; j++) {
      anchors[j].addEventListener("click", function () {
        var url = location.href.split("#")[0] + this.getAttribute("href");
        if (navigator.clipboard && location.protocol !== "file:") {
          navigator.clipboard.writeText(url).catch(function () {});
        }
      });
    }
  });
})();
