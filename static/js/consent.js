/* Consent page (templates/socialaccount/signup.html): 모두 동의 ticks every purpose, and
   follows them when they are ticked one by one. Without script each box is ticked by hand. */
(function () {
  "use strict";
  var all = document.querySelector("[data-agree-all]");
  if (!all) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-consent]"));
  function sync() { all.checked = boxes.every(function (b) { return b.checked; }); }
  all.addEventListener("change", function () { boxes.forEach(function (b) { b.checked = all.checked; }); });
  boxes.forEach(function (b) { b.addEventListener("change", sync); });
  sync();
})();
