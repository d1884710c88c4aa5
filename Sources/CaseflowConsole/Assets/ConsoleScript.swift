/// The console's only script, an enhancement: the pages work without it. It shows, next to each
/// deadline, the wall-clock time until it (or since it passed), updated every second, and marks
/// a row overdue the moment its deadline passes.
enum ConsoleScript {
    static let text = #"""
    "use strict";
    (function () {
      function span(ms) {
        var s = Math.floor(Math.abs(ms) / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
            m = Math.floor(s % 3600 / 60), r = s % 60;
        if (d > 0) return d + "d " + h + "h";
        if (h > 0) return h + "h " + m + "m";
        return m + "m " + r + "s";
      }
      function tick() {
        var now = Date.now();
        document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
          var due = Date.parse(el.getAttribute("data-deadline"));
          if (isNaN(due)) return;
          var live = el.nextElementSibling;
          if (!live || !live.classList.contains("live")) {
            live = document.createElement("span");
            live.className = "live";
            live.setAttribute("aria-hidden", "true");
            el.parentNode.insertBefore(live, el.nextSibling);
          }
          var left = due - now;
          live.textContent = left >= 0 ? " (" + span(left) + ")" : " (+" + span(left) + ")";
          if (left < 0) { var row = el.closest("tr"); if (row) row.classList.add("overdue"); }
        });
      }
      document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
    })();
    """#
}
