/* The pre-submit check in the editor (coverletters.checks, templates/coverletters/_letter_check.html).
   After each pause in typing it sends the answers as they are in the editor (saved or not) to
   the check, which stores nothing, and lists what it finds: other companies' names, the old
   title, empty answers, answers over their limit, leftover placeholders. Each item links to its
   question; under an answer the offending words are shown marked in their sentence.
   Typing never waits for it: requests run in the background, a newer one cancels the older,
   and a failed one leaves the last list in place. */
(function () {
  "use strict";
  var DELAY = 1500;
  var CONTEXT = 18;  // characters shown on each side of a marked word
  var HINTED = { other_company: true, old_title: true, placeholder: true };
  var LABEL = { other_company: "다른 회사 이름", old_title: "예전 제목", placeholder: "자리 표시" };

  var panel = document.querySelector("[data-letter-check]");
  if (!panel || !window.fetch) return;
  var list = panel.querySelector("[data-check-list]");
  var summary = panel.querySelector("[data-check-summary]");
  var url = panel.dataset.checkUrl;
  var from = new URLSearchParams(window.location.search).get("from");
  if (from && /^\d+$/.test(from)) url += "?from=" + from;

  var answers = {};  // question id -> { textarea, hint }
  document.querySelectorAll("[data-answer-form]").forEach(function (form) {
    var textarea = form.querySelector("[data-answer]");
    if (!textarea) return;
    var hint = document.createElement("div");
    hint.className = "check-hint";
    hint.hidden = true;
    hint.setAttribute("data-check-hint", "");
    var counter = form.querySelector("[data-counter]");
    (counter || textarea).insertAdjacentElement("afterend", hint);
    answers[form.dataset.question] = { textarea: textarea, hint: hint };
    textarea.addEventListener("input", schedule);
  });

  var timer = null, controller = null;

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, DELAY);
  }

  function token() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function run() {
    timer = null;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var body = new FormData();
    var sent = {};
    body.append("csrfmiddlewaretoken", token());
    Object.keys(answers).forEach(function (id) {
      sent[id] = answers[id].textarea.value.replace(/\r\n?/g, "\n");
      body.append("answer-" + id, sent[id]);
    });
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: { Accept: "application/json", "X-CSRFToken": token() },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (response.status === 429) {
        // Checked too often: say so in the server's words and keep the last list.
        return response.json().then(function (data) {
          summary.textContent = data.error;
          return null;
        });
      }
      if (!response.ok) throw new Error("check " + response.status);
      return response.json();
    }).then(function (data) {
      if (data) render(data.findings || [], sent);
    }).catch(function (error) {
      if (error && error.name === "AbortError") return;
      // Keep the last list: it is still the best we know. Autosave says what is wrong.
      summary.textContent = "지금은 확인하지 못했어요. 잠시 뒤 다시 확인할게요.";
    });
  }

  function focusQuestion(finding, event) {
    var entry = finding.question_id && answers[finding.question_id];
    var section = finding.question_id ? document.getElementById("q-" + finding.question_id) : null;
    if (!section) return;  // the title: the link goes to the top of the page
    event.preventDefault();
    section.scrollIntoView({ block: "start" });
    if (entry && finding.where !== "prompt") {
      entry.textarea.focus({ preventScroll: true });
      var span = finding.spans && finding.spans[0];
      if (span) {
        var units = toUnits(entry.textarea.value, span);
        entry.textarea.setSelectionRange(units[0], units[1]);
      }
    }
  }

  // Spans are code-point offsets (Python's); the textarea counts UTF-16 units.
  function toUnits(text, span) {
    var chars = Array.from(text);
    var start = chars.slice(0, span[0]).join("").length;
    return [start, start + chars.slice(span[0], span[1]).join("").length];
  }

  function render(findings, sent) {
    list.textContent = "";
    panel.classList.toggle("clean", findings.length === 0);
    panel.classList.toggle("found", findings.length > 0);
    summary.textContent = findings.length
      ? "회사에 보내기 전에 고칠 곳이 " + findings.length + "군데 있어요."
      : "지금은 고칠 곳이 없어요.";
    var marks = {};
    findings.forEach(function (finding) {
      var item = document.createElement("li");
      item.className = "check-item check-" + finding.kind;
      var link = document.createElement("a");
      link.href = finding.question_id ? "#q-" + finding.question_id : "#";
      link.textContent = finding.message;
      link.addEventListener("click", function (event) { focusQuestion(finding, event); });
      item.appendChild(link);
      list.appendChild(item);
      if (finding.where === "answer" && HINTED[finding.kind] && finding.question_id) {
        (marks[finding.question_id] = marks[finding.question_id] || []).push(finding);
      }
    });
    Object.keys(answers).forEach(function (id) {
      showHint(answers[id].hint, marks[id] || [], sent[id] || "");
    });
  }

  function showHint(hint, findings, text) {
    hint.textContent = "";
    hint.hidden = findings.length === 0;
    if (!findings.length) return;
    var chars = Array.from(text);
    var spans = [];
    findings.forEach(function (finding) {
      (finding.spans || []).forEach(function (span) {
        spans.push({ start: span[0], end: span[1], label: LABEL[finding.kind] });
      });
    });
    spans.sort(function (a, b) { return a.start - b.start; });
    var title = document.createElement("strong");
    title.textContent = "이 답변에서 고칠 곳: ";
    hint.appendChild(title);
    var shownUpTo = -1;
    spans.forEach(function (span) {
      if (span.start < shownUpTo) return;  // overlapping: already shown
      var from = Math.max(shownUpTo, span.start - CONTEXT, 0);
      hint.appendChild(document.createTextNode(
        (from > 0 && from !== shownUpTo ? "…" : "") + chars.slice(from, span.start).join("")
      ));
      var mark = document.createElement("mark");
      mark.title = span.label;
      mark.textContent = chars.slice(span.start, span.end).join("");
      hint.appendChild(mark);
      var to = Math.min(chars.length, span.end + CONTEXT);
      var next = spans.filter(function (s) { return s.start >= span.end; })[0];
      if (next && next.start < to) to = next.start;
      hint.appendChild(document.createTextNode(chars.slice(span.end, to).join("") +
        (to < chars.length && !(next && next.start === to) ? "… " : "")));
      shownUpTo = to;
    });
  }

  run();
})();
