// The consultant's engagement page: selecting text in a question's answer fills that
// question's comment form with the selection (its quote and its offsets).
//
// Offsets are counted in the answer element's textContent, which the server renders as exactly
// the answer, in Unicode code points (Python str characters), not UTF-16 units: an emoji is one
// character to the server and two to JavaScript. The server checks that the offsets span the
// quote and otherwise looks the quote up itself (consulting.feedback.selection_in), so a stale
// offset can never anchor a comment to other words. Without this script, the consultant pastes
// the sentence into the form.
(function () {
  "use strict";

  function codePoints(text) {
    return Array.from(text).length;
  }

  function answerOf(node) {
    while (node && node.nodeType !== Node.ELEMENT_NODE) node = node.parentNode;
    return node ? node.closest("[data-answer]") : null;
  }

  function offsetIn(answer, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(answer);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function formFor(answer) {
    return document.querySelector('[data-comment-form="' + answer.dataset.answer + '"]');
  }

  function onSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    // A selection that runs past the answer (a triple click, a drag beyond its end) is cut to
    // the answer; one that does not touch an answer is none of ours.
    var answer = answerOf(range.startContainer) || answerOf(range.endContainer);
    if (!answer) return;
    var form = formFor(answer);
    if (!form) return;
    var text = Array.from(answer.textContent);
    var start = answer.contains(range.startContainer)
      ? offsetIn(answer, range.startContainer, range.startOffset)
      : 0;
    var end = answer.contains(range.endContainer)
      ? offsetIn(answer, range.endContainer, range.endOffset)
      : text.length;
    if (end <= start) return;
    form.elements.start.value = start;
    form.elements.end.value = end;
    form.elements.quote.value = text.slice(start, end).join("");
    form.classList.add("has-selection");
  }

  function onQuoteTyped(event) {
    // A quote changed by hand no longer matches the offsets: let the server look it up.
    if (event.target.name !== "quote") return;
    var form = event.target.form;
    form.elements.start.value = "";
    form.elements.end.value = "";
  }

  document.addEventListener("mouseup", onSelection);
  document.addEventListener("keyup", onSelection);
  document.addEventListener("touchend", onSelection);
  document.addEventListener("input", onQuoteTyped);
})();
