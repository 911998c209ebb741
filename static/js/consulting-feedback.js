/* Consultant feedback beside the answers in the cover-letter editor (consulting/editor/).
   After each autosave (editor.js announces "lifemento:answer-saved") the server places the
   comments again on the stored answer (consulting.anchoring.locate is the one reference) and
   sends both panels rendered again; replies being typed survive the swap. Replying and
   resolving post the panel's own forms and swap the answer in; on a refusal the message shows
   beside the form and the text stays. Without this script the same forms post and come back.
   "답변에서 이 문장 선택하기" selects the range in the textarea: the server gives UTF-16 offsets
   (start16/end16), which is what setSelectionRange counts (an emoji counts two). */
(function () {
  "use strict";
  var FAILED = "보내지 못했어요. 쓴 글은 그대로 있어요. 잠시 뒤 다시 시도해 주세요.";
  var SIGNED_OUT = "로그인이 만료되었어요. 다시 로그인한 뒤 보내 주세요. 쓴 글은 그대로 있어요.";

  function threadsOf(question) {
    return document.querySelector('[data-feedback-threads="' + question + '"]');
  }

  function readingOf(question) {
    return document.querySelector('[data-feedback-reading="' + question + '"]');
  }

  function reveal(root) {
    root.querySelectorAll("[data-select-range]").forEach(function (button) { button.hidden = false; });
  }

  function replaceWith(node, html) {
    if (!node) return null;
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.firstElementChild;
    if (fresh) node.replaceWith(fresh);
    else node.remove();
    return fresh;
  }

  // The answer's revision each question's panels were last rendered for: a slow answer about
  // an older save never replaces a newer one.
  var shownRevision = {};

  // Swap in the question's panels as the server rendered them now; `sent` is the textarea
  // whose text was just sent (not kept).
  function apply(data, sent) {
    var question = String(data.question);
    if (shownRevision[question] > data.revision) return;
    shownRevision[question] = data.revision;
    var threads = threadsOf(question);
    var kept = {};
    var active = document.activeElement;
    var focus = null;
    if (threads) {
      threads.querySelectorAll("textarea").forEach(function (area) {
        if (area !== sent && area.value) kept[area.id] = area.value;
        if (area === active) focus = { id: area.id, start: area.selectionStart, end: area.selectionEnd };
      });
    }
    replaceWith(readingOf(question), data.reading || "");
    var fresh = replaceWith(threads, data.threads || "");
    if (!fresh) return;
    reveal(fresh);
    Object.keys(kept).forEach(function (id) {
      var area = document.getElementById(id);
      if (area) area.value = kept[id];
    });
    if (focus && focus.id !== (sent && sent.id)) {
      var area = document.getElementById(focus.id);
      if (area) {
        area.focus();
        area.setSelectionRange(focus.start, focus.end);
      }
    }
  }

  function refresh(question) {
    var threads = threadsOf(question);
    if (!threads || !threads.dataset.placementsUrl) return;
    fetch(threads.dataset.placementsUrl, {
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) { return response.status === 200 ? response.json() : null; })
      .then(function (data) { if (data) apply(data, null); })
      .catch(function () { /* the next save tries again */ });
  }

  function showError(form, message) {
    var box = form.querySelector("[data-feedback-error]");
    if (!box) return;
    box.textContent = message;
    box.hidden = !message;
  }

  function submit(form) {
    var button = form.querySelector('button[type="submit"]');
    var area = form.querySelector("textarea");
    if (button) button.disabled = true;
    showError(form, "");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) return { error: SIGNED_OUT };
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") !== -1;
        if (!json) return { error: FAILED };
        return response.json().then(function (data) {
          if (response.status === 200) return { data: data };
          return { error: (data && data.error) || FAILED };
        });
      })
      .catch(function () { return { error: FAILED }; })
      .then(function (result) {
        if (button) button.disabled = false;
        if (result.data) apply(result.data, area);
        else showError(form, result.error);
      });
  }

  document.addEventListener("lifemento:answer-saved", function (event) {
    refresh(event.detail && event.detail.question);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-feedback-form]")) return;
    event.preventDefault();
    submit(form);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-select-range]");
    if (!button) return;
    var thread = button.closest("[data-thread]");
    var panel = button.closest("[data-feedback-threads]");
    var textarea = panel && document.getElementById("answer-" + panel.dataset.feedbackThreads);
    if (!thread || !textarea || thread.dataset.start16 === undefined) return;
    var start = parseInt(thread.dataset.start16, 10);
    var end = parseInt(thread.dataset.end16, 10);
    textarea.focus();
    textarea.setSelectionRange(start, end);
    textarea.scrollIntoView({ block: "center", behavior: "smooth" });
  });

  reveal(document);
})();
