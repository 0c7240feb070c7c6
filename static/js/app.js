// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
});

// A table that scrolls sideways can be scrolled from the keyboard too: it gets a
// tab stop and a name (axe: scrollable-region-focusable) only when it overflows.
(function () {
  function markScrollers() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          var table = box.querySelector("table");
          var caption = table && table.querySelector("caption");
          var heading = box.previousElementSibling;
          var name = (caption && caption.textContent) ||
            (heading && /^H[1-6]$/.test(heading.tagName) && heading.textContent) ||
            (table && table.getAttribute("aria-label")) || document.title;
          box.setAttribute("aria-label", name.trim());
          box.dataset.namedByScript = "1";
        }
      } else if (!overflows && box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        if (box.dataset.namedByScript) {
          box.removeAttribute("aria-label");
          delete box.dataset.namedByScript;
        }
      }
    });
  }
  var waiting = false;
  document.addEventListener("DOMContentLoaded", markScrollers);
  window.addEventListener("resize", function () {
    if (waiting) { return; }
    waiting = true;
    window.requestAnimationFrame(function () { waiting = false; markScrollers(); });
  });
})();
