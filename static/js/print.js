/* Print view (templates/coverletters/print.html): the 인쇄하기 button. An answer over its
   limit (marked by the server, data-over) is named before printing, so it is not handed in
   by mistake. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      var over = document.querySelectorAll("[data-over]").length;
      if (over && !window.confirm("제한을 넘은 답변이 " + over + "개 있어요. 그래도 인쇄할까요?")) return;
      window.print();
    });
  });
})();
