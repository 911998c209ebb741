/* Experience form (templates/experiences/form.html).
   진행 중인 경험에는 종료일이 없어요: 체크하는 동안 종료일을 잠가 둬요. 잠긴 칸은 전송되지
   않고, 체크를 풀면 적어 둔 날짜가 그대로 돌아와요. (서버도 같은 규칙을 검사해요.)
   The field ids come from the <script> tag's data-ongoing / data-end attributes. */
(function (script) {
  "use strict";
  if (!script) return;
  var ongoing = document.getElementById(script.dataset.ongoing);
  var end = document.getElementById(script.dataset.end);
  if (!ongoing || !end) return;
  function sync() { end.disabled = ongoing.checked; }
  ongoing.addEventListener("change", sync);
  sync();
})(document.currentScript);
