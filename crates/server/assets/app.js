// newsfold UI: small progressive enhancements; every page works without this.
(function () {
  "use strict";
  // Diff page: switching the compared article navigates to its diff.
  document.querySelectorAll("form.pick select").forEach(function (sel) {
    sel.addEventListener("change", function () {
      var base = sel.form.getAttribute("data-diff-base");
      if (base) { window.location.href = base + "/diff/" + encodeURIComponent(sel.value); }
    });
  });
  // Story page: hovering a graph node highlights its timeline row, and back.
  function mark(id, on) {
    document.querySelectorAll('[data-article]').forEach(function (el) {
      if (el.getAttribute("data-article") === id) { el.classList.toggle("hot", on); }
    });
  }
  document.querySelectorAll("[data-article]").forEach(function (el) {
    var id = el.getAttribute("data-article");
    el.addEventListener("mouseenter", function () { mark(id, true); });
    el.addEventListener("mouseleave", function () { mark(id, false); });
  });
})();
