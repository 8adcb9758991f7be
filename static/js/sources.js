// Source picker: a click on "Insert [@key]" writes the citation into the
// textarea named by data-target, at the cursor. Without JavaScript the
// results still show each key, to be typed by hand.
(function () {
  "use strict";
  if (window.carreSourcePicker) {
    return;
  }
  window.carreSourcePicker = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".source-pick");
    if (!button) {
      return;
    }
    var target = document.getElementById(button.dataset.target || "");
    if (!target) {
      return;
    }
    var cite = "[@" + button.dataset.key + "]";
    var start = target.selectionStart || 0;
    var end = target.selectionEnd || 0;
    var text = target.value;
    target.value = text.slice(0, start) + cite + text.slice(end);
    target.focus();
    target.selectionStart = target.selectionEnd = start + cite.length;
    target.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
