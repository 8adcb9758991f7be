// Dossier pages: progressive enhancement of the inline editor (htmx does the rest).
(function () {
  "use strict";
  // The server answers a refused save with a 4xx carrying the form (errors, the
  // typed text kept) or the conflict view: swap it in like a success.
  var SWAPPABLE = { 400: true, 403: true, 409: true };
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (SWAPPABLE[event.detail.xhr.status] && target && target.closest(".dossier-section, #section-add, #dossier-sections")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
