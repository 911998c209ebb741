/* Cookie banner (templates/notices/banners.html): send the choice without reloading the page.
   Without script, or if the request fails, the form posts normally and the server redirects
   back to the same page. No inline script or style: the Content-Security-Policy refuses them. */
(function () {
  "use strict";
  var banner = document.querySelector("[data-cookie-banner]");
  if (!banner || !window.fetch || !window.FormData) return;
  var form = banner.querySelector("[data-cookie-form]");
  var status = banner.querySelector("[data-cookie-status]");

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.name) return; // let the browser post it
    event.preventDefault();
    var data = new FormData(form);
    data.append(button.name, button.value);
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = true; });
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      form.hidden = true;
      banner.querySelector("p.small").hidden = true;
      status.textContent = "쿠키 설정을 저장했어요. 바닥글의 ‘쿠키 설정’에서 바꿀 수 있어요.";
      banner.classList.add("is-done");
      window.setTimeout(function () { banner.hidden = true; }, 4000);
    }).catch(function () {
      // Fall back to the ordinary form post (the server answers with a redirect back).
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = button.name;
      field.value = button.value;
      form.appendChild(field);
      form.submit();
    });
  });
})();
