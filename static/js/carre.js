// Carré's own script: progressive enhancement only; every page works without it.
// Loaded from our origin (the CSP forbids inline script).
(function () {
  "use strict";
  // After htmx swaps a fragment in, move keyboard focus to the element the
  // server marked with data-autofocus, so keyboard users keep their place.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt.querySelector("[data-autofocus]");
    if (target) {
      target.focus();
    }
  });
})();
