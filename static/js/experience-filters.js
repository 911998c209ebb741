/* Experience list filters (templates/experiences/list.html): leave empty fields out of the
   htmx request, so the pushed URL reads /experiences/?kind=intern rather than ?q=&kind=intern&tag=.
   (A listener here rather than hx-on: htmx runs with allowEval off under our CSP.) */
(function () {
  "use strict";
  var form = document.getElementById("xp-filters");
  if (!form) return;
  form.addEventListener("htmx:configRequest", function (event) {
    var parameters = event.detail.parameters;
    for (var key of Object.keys(parameters)) {
      if (!parameters[key]) delete parameters[key];
    }
  });
})();
