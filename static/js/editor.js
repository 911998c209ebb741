/* Cover-letter editor: live counter, autosave, conflict handling, local drafts, copy.
   Nothing typed is lost: every keystroke is mirrored to localStorage until the server confirms
   it; a failed save keeps the text and retries with backoff; a stale tab gets a conflict
   instead of overwriting (the server also keeps the losing text in version history). */
(function () {
  "use strict";
  var SAVE_DELAY = 1200;
  var RETRY_FIRST = 2000;
  var RETRY_MAX = 30000;

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function initAnswer(form) {
    var textarea = form.querySelector("[data-answer]");
    var revisionInput = form.querySelector("[data-revision]");
    var state = form.querySelector("[data-save-state]");
    var counter = form.querySelector("[data-counter]");
    var overLabel = form.querySelector("[data-over-label]");
    var conflictBox = form.querySelector("[data-conflict]");
    var conflictMessage = form.querySelector("[data-conflict-message]");
    var copyButton = form.querySelector("[data-copy]");
    var limit = parseInt(form.dataset.limit || "0", 10) || 0;
    var unit = form.dataset.unit;
    var draftKey = "lifemento:answer-draft:" + form.dataset.question;
    var store = storage();
    var lastSaved = textarea.value;
    var timer = null, inFlight = false, retryDelay = RETRY_FIRST, conflict = null;

    function setState(text, kind) {
      state.textContent = text;
      state.className = "save-state" + (kind ? " " + kind : "");
    }

    function updateCounter() {
      var counts = window.LifementoCounter.count(textarea.value);
      counter.querySelectorAll("[data-count]").forEach(function (el) {
        el.textContent = counts[el.dataset.count];
      });
      var over = limit > 0 && counts[unit] > limit;
      counter.classList.toggle("over", over);
      if (overLabel) overLabel.textContent = over ? "· " + (counts[unit] - limit) + " 초과했어요" : "";
    }

    function keepDraft() {
      if (!store) return;
      try {
        store.setItem(draftKey, JSON.stringify({ text: textarea.value, revision: +revisionInput.value }));
      } catch (e) { /* storage full or blocked: the server save still runs */ }
    }

    function dropDraft() {
      if (store) store.removeItem(draftKey);
    }

    function schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(save, delay);
    }

    function showConflict(data) {
      conflict = data;
      conflictMessage.textContent = data.message;
      conflictBox.hidden = false;
      setState("저장하지 않았어요 — 아래에서 어느 글을 남길지 골라 주세요", "error");
    }

    function save(keepalive) {
      clearTimeout(timer);
      if (conflict) return;
      if (inFlight) { schedule(300); return; }
      if (textarea.value === lastSaved) return;
      var sending = textarea.value;
      var body = new FormData(form);
      inFlight = true;
      setState("저장 중…", "saving");
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        keepalive: !!keepalive,
        headers: { "Accept": "application/json" }
      })
        .then(function (response) {
          return response.json().then(function (data) { return { status: response.status, data: data }; });
        })
        .then(function (result) {
          inFlight = false;
          if (result.status === 200) {
            revisionInput.value = result.data.revision;
            lastSaved = sending;
            retryDelay = RETRY_FIRST;
            if (textarea.value === sending) {
              dropDraft();
              setState("저장됨 · " + result.data.saved_at, "saved");
            } else {
              keepDraft();
              schedule(SAVE_DELAY);
            }
          } else if (result.status === 409) {
            showConflict(result.data);
          } else if (result.status === 400) {
            setState("저장 실패 — " + result.data.error + " (쓴 글은 그대로 있어요)", "error");
          } else {
            throw new Error("HTTP " + result.status);
          }
        })
        .catch(function () {
          inFlight = false;
          setState("저장 실패 — 다시 시도할게요. 쓴 글은 이 기기에 보관 중이에요.", "error");
          schedule(retryDelay);
          retryDelay = Math.min(retryDelay * 2, RETRY_MAX);
        });
    }

    textarea.addEventListener("input", function () {
      updateCounter();
      keepDraft();
      if (!conflict) {
        setState("저장 중…", "saving");
        schedule(SAVE_DELAY);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save();
    });
    form.querySelector("[data-keep-mine]").addEventListener("click", function () {
      revisionInput.value = conflict.revision;
      conflict = null;
      conflictBox.hidden = true;
      lastSaved = null;
      save();
    });
    form.querySelector("[data-take-theirs]").addEventListener("click", function () {
      textarea.value = conflict.answer;
      revisionInput.value = conflict.revision;
      lastSaved = conflict.answer;
      conflict = null;
      conflictBox.hidden = true;
      dropDraft();
      updateCounter();
      setState("저장된 글을 불러왔어요. 쓰던 글은 버전 기록에 있어요.", "saved");
    });
    if (copyButton && navigator.clipboard) {
      copyButton.hidden = false;
      copyButton.addEventListener("click", function () {
        navigator.clipboard.writeText(window.LifementoCounter.normalizeNewlines(textarea.value)).then(
          function () { setState("답변을 클립보드에 복사했어요", "saved"); },
          function () { setState("복사하지 못했어요. 글을 길게 눌러 직접 복사해 주세요.", "error"); }
        );
      });
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && textarea.value !== lastSaved) save(true);
    });
    window.addEventListener("beforeunload", function (event) {
      if (textarea.value !== lastSaved) {
        keepDraft();
        event.preventDefault();
        event.returnValue = "";
      }
    });

    // A draft left from a closed tab, a crash or a failed save: bring it back and save it.
    var draft = null;
    try { draft = store && JSON.parse(store.getItem(draftKey) || "null"); } catch (e) { draft = null; }
    if (draft && typeof draft.text === "string" && draft.text !== textarea.value) {
      textarea.value = draft.text;
      revisionInput.value = draft.revision;
      setState("저장하지 못한 글을 이 기기에서 복구했어요. 저장할게요.", "saving");
      lastSaved = null;
      schedule(0);
    } else if (draft) {
      dropDraft();
    }
    updateCounter();
  }

  document.querySelectorAll("[data-answer-form]").forEach(initAnswer);
})();
