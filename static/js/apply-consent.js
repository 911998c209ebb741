/* The apply page: the consent's 제공 항목 always names exactly the ticked profile items, and
   `shown` tells the server which items the statement named (recruiting.views.posting_apply
   asks again when they differ, e.g. without this script). */
(function () {
  "use strict";
  var form = document.querySelector("[data-apply-form]");
  if (!form) return;
  var target = form.querySelector("[data-consent-items]");
  var shown = form.querySelector("[data-shown]");
  var LETTER = "자기소개서 (지원 시점의 사본)";

  function update() {
    var labels = [LETTER];
    var keys = [];
    form.querySelectorAll("[data-item-choice]").forEach(function (box) {
      if (box.checked) {
        labels.push(box.dataset.label);
        keys.push(box.hasAttribute("data-required") ? null : box.value);
      }
    });
    target.textContent = labels.join(", ");
    // The required items lead the list; the keys of the ticked ones follow in the page's order.
    var required = shown.value.split(",").filter(function (k) {
      return !form.querySelector('input[name="items"][value="' + k + '"]');
    });
    shown.value = required.concat(keys.filter(Boolean)).join(",");
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches("[data-item-choice]")) update();
  });
})();
