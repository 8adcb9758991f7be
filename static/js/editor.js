// The Markdown editor's toolbar (bold, link, list, quote) and its "Cite a
// source" dialog, which searches the source library and writes
// [@key, locator] where the cursor was. Progressive enhancement: without
// JavaScript the toolbar stays hidden and the textarea, its help and the
// source picker's page are enough. Loaded from our origin (strict CSP: no
// inline script, no inline handlers).
(function () {
  "use strict";
  if (window.carreEditor) {
    return;
  }
  window.carreEditor = true;

  // Where the cursor was in each textarea when its cite dialog opened.
  var carets = {};

  function reveal(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("[data-editor-toolbar][hidden], [data-copy][hidden]").forEach(function (element) {
      element.hidden = false;
    });
    // Buttons only needed without JavaScript (their work is done live).
    root.querySelectorAll("[data-js-hidden]").forEach(function (element) {
      element.hidden = true;
    });
  }

  // Replace [start, end) of the textarea by `text`, keeping the browser's
  // undo history where it can, then select [selectFrom, selectTo) of it.
  function replace(textarea, start, end, text, selectFrom, selectTo) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (error) {
      done = false;
    }
    if (!done || textarea.value.slice(start, start + text.length) !== text) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (selectFrom !== undefined) {
      textarea.setSelectionRange(start + selectFrom, start + selectTo);
    }
  }

  function wrap(textarea, before, after, sample) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var selected = textarea.value.slice(start, end) || sample;
    replace(textarea, start, end, before + selected + after, before.length, before.length + selected.length);
  }

  // Prefix every line the selection touches ("- ", "> ").
  function prefixLines(textarea, prefix, sample) {
    var value = textarea.value;
    var start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var end = textarea.selectionEnd;
    var selected = value.slice(start, end);
    if (!selected.trim()) {
      var text = prefix + sample;
      var lead = start > 0 && value.slice(start - 2, start) !== "\n\n" ? "\n" : "";
      replace(textarea, start, end, lead + text, lead.length + prefix.length, lead.length + text.length);
      return;
    }
    var lines = selected.split("\n").map(function (line) {
      return line.trim() ? prefix + line : line;
    });
    var result = lines.join("\n");
    replace(textarea, start, end, result, 0, result.length);
  }

  function link(textarea, sample) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var selected = textarea.value.slice(start, end) || sample;
    var text = "[" + selected + "](https://)";
    var url = text.length - "https://)".length;
    replace(textarea, start, end, text, url, url + "https://".length);
  }

  function openCite(textarea) {
    var dialog = document.getElementById("cite-dialog-" + textarea.id);
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    carets[textarea.id] = [textarea.selectionStart, textarea.selectionEnd];
    dialog.showModal();
    var search = dialog.querySelector(".cite-search");
    if (search) {
      search.focus();
      search.select();
    }
  }

  function citation(dialog, key) {
    var locatorField = dialog.querySelector(".cite-locator");
    var locator = locatorField ? locatorField.value.trim().replace(/[\[\]]/g, "") : "";
    return "[@" + key + (locator ? ", " + locator : "") + "]";
  }

  // The result buttons say what they will write: "Insert [@key, p. 3]".
  function relabel(dialog) {
    dialog.querySelectorAll(".source-pick[data-key] .pick-citation").forEach(function (span) {
      span.textContent = citation(dialog, span.closest(".source-pick").dataset.key);
    });
  }

  function cite(dialog, key) {
    var textarea = document.getElementById(dialog.dataset.target);
    if (!textarea) {
      return;
    }
    var locatorField = dialog.querySelector(".cite-locator");
    var text = citation(dialog, key);
    var caret = carets[textarea.id] || [textarea.value.length, textarea.value.length];
    var before = textarea.value.slice(0, caret[0]);
    if (before && !/\s$/.test(before)) {
      text = " " + text;
    }
    dialog.close();
    replace(textarea, caret[0], caret[1], text, text.length, text.length);
    if (locatorField) {
      locatorField.value = "";
      relabel(dialog);
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-md]");
    if (button) {
      var bar = button.closest("[data-editor-toolbar]");
      var textarea = bar && document.getElementById(bar.dataset.editorToolbar);
      if (!textarea) {
        return;
      }
      var sample = button.dataset.sample || "";
      switch (button.dataset.md) {
        case "bold":
          wrap(textarea, "**", "**", sample);
          break;
        case "link":
          link(textarea, sample);
          break;
        case "list":
          prefixLines(textarea, "- ", sample);
          break;
        case "quote":
          prefixLines(textarea, "> ", sample);
          break;
        case "cite":
          openCite(textarea);
          break;
      }
      return;
    }
    var pick = event.target.closest(".cite-dialog .source-pick");
    if (pick) {
      cite(pick.closest(".cite-dialog"), pick.dataset.key);
      return;
    }
    var close = event.target.closest("[data-cite-close]");
    if (close) {
      close.closest("dialog").close();
    }
  });

  // Enter in the locator field must not close anything or submit anything.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches(".cite-locator")) {
      event.preventDefault();
      var search = event.target.closest(".cite-dialog").querySelector(".cite-search");
      if (search) {
        search.focus();
      }
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(".cite-locator")) {
      relabel(event.target.closest(".cite-dialog"));
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var dialog = event.target.closest && event.target.closest(".cite-dialog");
    if (dialog) {
      relabel(dialog);
    }
  });

  document.addEventListener("htmx:load", function (event) {
    reveal(event.detail.elt);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      reveal(document);
    });
  } else {
    reveal(document);
  }
})();
