// Forum enhancements: quoting (a whole post or the selected text), @mention
// suggestions, and showing refused replies in place. Everything here has a
// plain-HTML fallback: the quote link opens the reply page with the quote,
// the mention list is a page of its own, forms post normally.
(function () {
  "use strict";

  var lastSelection = null; // {postId, text}

  function postBodyOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element ? element.closest(".post-body") : null;
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      // Kept: a click on the link collapses the selection before it acts.
      return;
    }
    var start = postBodyOf(selection.anchorNode);
    var end = postBodyOf(selection.focusNode);
    if (start && start === end) {
      var article = start.closest("article.post");
      lastSelection = {
        postId: article ? article.id.replace("post-", "") : null,
        text: selection.toString()
      };
    } else {
      lastSelection = null;
    }
    labelQuoteLinks();
  });

  // The quote link of a message says when it will quote the selected text
  // rather than the whole message.
  function labelQuoteLinks() {
    var selected = lastSelection && lastSelection.text.trim() ? lastSelection.postId : null;
    document.querySelectorAll("a.quote-link[data-selection-label]").forEach(function (link) {
      var label = link.dataset.postId === selected ? link.dataset.selectionLabel : link.dataset.label;
      if (label && link.textContent !== label) {
        link.textContent = label;
      }
    });
  }

  function insertAtCaret(textarea, text) {
    var start = textarea.selectionStart || textarea.value.length;
    var end = textarea.selectionEnd || start;
    var before = textarea.value.slice(0, start);
    if (before && !/\n\n$/.test(before)) {
      before += /\n$/.test(before) ? "\n" : "\n\n";
    }
    textarea.value = before + text + textarea.value.slice(end);
    var caret = (before + text).length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    textarea.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  function quoteBlock(postId, text) {
    var clean = text.replace(/\s+$/, "").replace(/^\s+/, "");
    return "[quote=" + postId + "]\n" + clean + "\n[/quote]\n\n";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.quote-link");
    if (!link) {
      return;
    }
    var textarea = document.getElementById("reply-body");
    if (!textarea) {
      return; // No reply form on this page: follow the link.
    }
    event.preventDefault();
    var postId = link.dataset.postId;
    if (lastSelection && lastSelection.postId === postId && lastSelection.text.trim()) {
      insertAtCaret(textarea, quoteBlock(postId, lastSelection.text));
      lastSelection = null;
      return;
    }
    fetch(link.dataset.quoteUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (text) {
        insertAtCaret(textarea, text);
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });

  // @mention suggestions: ask the server for names starting with what follows "@".
  var MENTION_AT_CARET = /(^|\s)@([\w.\-]{1,30})$/;

  document.addEventListener("input", function (event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("textarea[data-mention-url]")) {
      return;
    }
    var target = document.querySelector(textarea.dataset.mentionTarget);
    if (!target) {
      return;
    }
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = MENTION_AT_CARET.exec(before);
    if (!match || !window.htmx) {
      target.innerHTML = "";
      return;
    }
    target.dataset.textarea = textarea.id;
    window.htmx.ajax(
      "GET",
      textarea.dataset.mentionUrl + "?q=" + encodeURIComponent(match[2]),
      { target: target, swap: "innerHTML" }
    );
  });

  document.addEventListener("click", function (event) {
    var choice = event.target.closest(".mention-suggestions .mention-choice");
    if (!choice) {
      return;
    }
    var box = choice.closest(".mention-suggestions");
    var textarea = document.getElementById(box.dataset.textarea);
    if (!textarea) {
      return;
    }
    var caret = textarea.selectionStart;
    var before = textarea.value.slice(0, caret);
    var match = MENTION_AT_CARET.exec(before);
    if (match) {
      var start = caret - match[2].length - 1;
      var inserted = "@" + choice.dataset.username + " ";
      textarea.value = textarea.value.slice(0, start) + inserted + textarea.value.slice(caret);
      textarea.focus();
      textarea.setSelectionRange(start + inserted.length, start + inserted.length);
    }
    box.innerHTML = "";
  });

  // A refused reply (locked thread, too many posts a minute) comes back with
  // the form, the typed text and the reason: show it in place.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if ((status === 403 || status === 429) && source && source.closest && source.closest(".post-form")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
