// Dossier pages: progressive enhancement of the inline editor and of the
// conflict view (htmx does the rest; every form also works without this).
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

  // A save renumbers the footnotes of the other sections out of band; a
  // section open in an editor keeps its unsaved text instead.
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.classList && target.classList.contains("editing")) {
      event.detail.shouldSwap = false;
    }
  });

  // The conflict view. Each passage's radio buttons write the chosen version
  // into the merged text at once (the server does the same without
  // JavaScript, with the "Apply my choices" button). A passage's
  // data-shown names the version the merged text holds now.
  function passageText(fieldset, side) {
    var mine = fieldset.querySelector('[data-side="mine"]').dataset.text;
    var theirs = fieldset.querySelector('[data-side="theirs"]').dataset.text;
    if (side === "mine") {
      return mine;
    }
    if (side === "theirs") {
      return theirs;
    }
    return mine && theirs ? mine + "\n\n" + theirs : mine + theirs;
  }

  function mergedField(form) {
    return form.querySelector('textarea[name="text"]');
  }

  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (!radio.matches || !radio.matches(".conflict-block input[type=radio]")) {
      return;
    }
    var fieldset = radio.closest(".conflict-block");
    var form = radio.closest("form");
    var textarea = mergedField(form);
    var shown = fieldset.dataset.shown || "mine";
    var before = passageText(fieldset, shown);
    var after = passageText(fieldset, radio.value);
    var at = before ? textarea.value.indexOf(before) : -1;
    var status = form.querySelector(".conflict-status");
    if (at < 0) {
      // Edited by hand, or an empty passage: the server settles it on save.
      if (status) {
        status.textContent = status.dataset.manual;
      }
      return;
    }
    textarea.value = textarea.value.slice(0, at) + after + textarea.value.slice(at + before.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    fieldset.dataset.shown = radio.value;
    var choices = Array.prototype.map.call(form.querySelectorAll(".conflict-block"), function (block) {
      return block.dataset.shown || "mine";
    });
    var hidden = form.querySelector('input[name="draft_choices"]');
    if (hidden) {
      hidden.value = choices.join(",");
    }
    if (status) {
      status.textContent = status.dataset.applied;
    }
  });

  document.addEventListener("click", function (event) {
    var restore = event.target.closest("[data-restore-mine]");
    if (restore) {
      var mine = document.getElementById(restore.dataset.restoreMine);
      var textarea = mergedField(restore.closest("form"));
      if (mine && textarea) {
        event.preventDefault();
        textarea.value = mine.value;
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
        textarea.focus();
      }
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.getElementById(copy.dataset.copy);
      var said = copy.parentElement.querySelector(".copy-status");
      var done = function () {
        if (said) {
          said.textContent = copy.dataset.copied;
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, function () {
          source.select();
        });
      } else {
        source.select();
        if (document.execCommand("copy")) {
          done();
        }
      }
    }
  });
})();
