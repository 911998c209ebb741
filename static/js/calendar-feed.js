// The calendar page's copy button for the feed address shown once (recruiting.tracker).
(function () {
  "use strict";
  var source = document.querySelector("[data-copy-source]");
  var button = document.querySelector("[data-copy-button]");
  var done = document.querySelector("[data-copy-done]");
  if (!source || !button) return;
  button.hidden = false;
  source.addEventListener("focus", function () { source.select(); });
  button.addEventListener("click", function () {
    var shown = function () { if (done) done.hidden = false; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(shown, function () {
        source.select();
      });
    } else {
      source.select();
      try { if (document.execCommand("copy")) shown(); } catch (e) { /* selected: copy by hand */ }
    }
  });
})();
