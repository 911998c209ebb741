/* Cover-letter editor: live counter, autosave, conflict handling, local drafts, copy.
   Nothing typed is lost: every keystroke is mirrored to this device (drafts.js: under the
   member's own namespace, cleared at sign-out) until the server confirms it; a failed save
   keeps the text and retries with backoff, a bounded number of times; a stale tab gets a
   conflict instead of overwriting (the server also keeps the losing text in version history).
   When the session has expired (401) saving stops for the whole page and says so, with a way
   to sign in that comes back here; after a 403 (stale CSRF token) a fresh token is fetched and
   the save tried once more. Nothing is sent by itself while stopped: when the member signs in
   again, comes back to the tab or presses 지금 저장, the kept text is sent, with the conflict
   dialog if the server copy moved on meanwhile. */
(function () {
  "use strict";
  var SAVE_DELAY = 1200;
  var RETRY_FIRST = 2000;
  var RETRY_MAX = 30000;
  // About a minute and a half of automatic retries (2+4+8+16+30 s); then the member decides.
  var RETRY_LIMIT = 6;
  var RETRY_AFTER_MAX = 120000;
  var TEXT = {
    saving: "저장 중…",
    retrying: "저장 실패 — 다시 시도할게요. 쓴 글은 이 기기에 보관 중이에요.",
    givenUp: "저장하지 못하고 있어요. 인터넷 연결을 확인하고 ‘지금 저장’을 눌러 주세요. 쓴 글은 이 기기에 보관 중이에요.",
    signedOut: "로그인이 만료되었어요. 다시 로그인하면 이어서 저장돼요.",
    csrf: "보안 확인이 만료되어 저장하지 못했어요. 새로 고치면 이어서 저장돼요. 쓴 글은 이 기기에 보관 중이에요."
  };
  var drafts = window.LifementoDrafts || null;

  // One session for the whole page: a 401 on one answer stops them all, and one successful
  // check (after signing in again) resumes them all.
  var page = {
    state: "ok",  // "ok" | "signed_out" (401) | "csrf" (403 even with a fresh token)
    answers: [],
    checking: null,
    leaving: false,  // going to sign in, or reloading, with the text kept on this device
    sessionUrl: null
  };

  function setTokens(token) {
    document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(function (input) {
      input.value = token;
    });
    // htmx reads its token from <body hx-headers>.
    var headers = document.body.getAttribute("hx-headers");
    if (headers) {
      try {
        var parsed = JSON.parse(headers);
        parsed["X-CSRFToken"] = token;
        document.body.setAttribute("hx-headers", JSON.stringify(parsed));
      } catch (e) { /* not ours to repair */ }
    }
  }

  // Is the session alive? On "ok" every form on the page holds a fresh CSRF token.
  // "unknown" (network trouble, a 5xx) decides nothing.
  function checkSession() {
    if (page.checking) return page.checking;
    page.checking = fetch(page.sessionUrl, {
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) return "signed_out";
        if (response.status !== 200) return "unknown";
        return response.json().then(function (data) {
          if (!data || typeof data.csrf_token !== "string") return "unknown";
          setTokens(data.csrf_token);
          return "ok";
        });
      })
      .catch(function () { return "unknown"; })
      .then(function (result) {
        page.checking = null;
        return result;
      });
    return page.checking;
  }

  function stop(state) {
    page.state = state;
    page.answers.forEach(function (answer) { answer.stopped(); });
  }

  function resume() {
    page.state = "ok";
    page.answers.forEach(function (answer) { answer.resumed(); });
  }

  // The member acted (came back to the tab, pressed 지금 저장): can saving go on? Never on a
  // timer, so a signed-out page sends nothing by itself.
  function tryResume() {
    if (page.state === "ok" || !page.sessionUrl) return;
    checkSession().then(function (result) {
      if (result === "ok") resume();
      else if (result === "signed_out" && page.state !== "signed_out") stop("signed_out");
    });
  }

  // What a reply says, whatever its shape: JSON from our views, an HTML error page from a
  // proxy or from Django, or a redirect (to the sign-in page: the session is gone).
  function readReply(response) {
    if (response.type === "opaqueredirect") return { status: 401, data: null, retryAfter: 0 };
    var reply = {
      status: response.status,
      data: null,
      retryAfter: parseInt(response.headers.get("Retry-After") || "0", 10) || 0
    };
    if ((response.headers.get("Content-Type") || "").indexOf("application/json") === -1) {
      return reply;
    }
    return response.json().then(
      function (data) { reply.data = data; return reply; },
      function () { return reply; }
    );
  }

  // The parts only this script uses (sign in again, reload, copy, the conflict choice) are in
  // the page once (#answer-parts) and copied into each answer's form here, so fifty answers do
  // not carry fifty copies of hidden markup (issue 16: the editor's size).
  var parts = document.getElementById("answer-parts");
  function addParts(form) {
    if (!parts || form.querySelector("[data-conflict]")) return;
    var copy = parts.content.cloneNode(true);
    var saveNow = form.querySelector("[data-save-now]");
    var conflictBox = copy.querySelector("[data-conflict]");
    copy.removeChild(conflictBox);
    saveNow.parentNode.insertBefore(copy, saveNow);
    form.appendChild(conflictBox);
  }

  function initAnswer(form) {
    addParts(form);
    var textarea = form.querySelector("[data-answer]");
    var revisionInput = form.querySelector("[data-revision]");
    var state = form.querySelector("[data-save-state]");
    var counter = form.querySelector("[data-counter]");
    var overLabel = form.querySelector("[data-over-label]");
    var conflictBox = form.querySelector("[data-conflict]");
    var conflictMessage = form.querySelector("[data-conflict-message]");
    var copyButton = form.querySelector("[data-copy]");
    var signinLink = form.querySelector("[data-signin]");
    var reloadButton = form.querySelector("[data-reload]");
    var limit = parseInt(form.dataset.limit || "0", 10) || 0;
    var unit = form.dataset.unit;
    var draftKey = drafts ? drafts.key("answer", form.dataset.question) : null;
    var lastSaved = textarea.value;
    var timer = null, inFlight = false, conflict = null;
    var failures = 0, csrfRetried = false, showingStop = false;

    if (!page.sessionUrl) page.sessionUrl = form.dataset.sessionUrl || null;

    function setState(text, kind) {
      state.textContent = text;
      state.className = "save-state" + (kind ? " " + kind : "");
    }

    function unsaved() {
      return textarea.value !== lastSaved;
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

    // True when the text is kept on this device.
    function keepDraft() {
      if (!drafts) return false;
      return drafts.write(draftKey, { text: textarea.value, revision: +revisionInput.value });
    }

    function dropDraft() {
      if (drafts) drafts.remove(draftKey);
    }

    // Panels beside the answer (coverletters/panels.py: consulting's feedback) follow the
    // stored text: tell them it changed.
    function announceSaved(revision) {
      form.dispatchEvent(new CustomEvent("lifemento:answer-saved", {
        bubbles: true,
        detail: { question: form.dataset.question, revision: revision }
      }));
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

    function showStop() {
      showingStop = true;
      setState(page.state === "csrf" ? TEXT.csrf : TEXT.signedOut, "error");
      if (signinLink) signinLink.hidden = page.state !== "signed_out";
      if (reloadButton) reloadButton.hidden = page.state !== "csrf";
    }

    function hideStop() {
      showingStop = false;
      if (signinLink) signinLink.hidden = true;
      if (reloadButton) reloadButton.hidden = true;
    }

    function retryLater(reply) {
      failures += 1;
      if (failures >= RETRY_LIMIT) {
        setState(TEXT.givenUp, "error");
        return;
      }
      setState(TEXT.retrying, "error");
      var delay = Math.min(RETRY_FIRST * Math.pow(2, failures - 1), RETRY_MAX);
      // 429 and 503 say when to come back.
      if (reply && reply.retryAfter) delay = Math.max(delay, Math.min(reply.retryAfter * 1000, RETRY_AFTER_MAX));
      schedule(delay);
    }

    function handle(reply, sending) {
      var data = reply.data;
      if (reply.status !== 403) csrfRetried = false;
      if (reply.status === 200 && data) {
        failures = 0;
        revisionInput.value = data.revision;
        lastSaved = sending;
        announceSaved(data.revision);
        if (textarea.value === sending) {
          dropDraft();
          setState("저장됨 · " + data.saved_at, "saved");
        } else {
          keepDraft();
          schedule(SAVE_DELAY);
        }
      } else if (reply.status === 409 && data && data.conflict) {
        failures = 0;
        showConflict(data);
      } else if (reply.status === 400 && data && data.error) {
        failures = 0;
        setState("저장 실패 — " + data.error + " (쓴 글은 그대로 있어요)", "error");
      } else if (reply.status === 401) {
        stop("signed_out");
      } else if (reply.status === 403) {
        // A stale CSRF token: JSON ({"error": "csrf"}) from the CSRF failure view, or an HTML
        // 403 page. Fetch a fresh token and try once more; a second 403 stops.
        if (csrfRetried) {
          stop("csrf");
          return;
        }
        csrfRetried = true;
        checkSession().then(function (result) {
          if (result === "ok") {
            save();
          } else if (result === "signed_out") {
            stop("signed_out");
          } else {
            csrfRetried = false;
            retryLater(reply);
          }
        });
      } else {
        retryLater(reply);
      }
    }

    function save(keepalive) {
      clearTimeout(timer);
      if (conflict || page.state !== "ok") return;
      if (inFlight) { schedule(300); return; }
      if (!unsaved()) return;
      var sending = textarea.value;
      var body = new FormData(form);
      inFlight = true;
      setState(TEXT.saving, "saving");
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        keepalive: !!keepalive,
        redirect: "manual",
        headers: { "Accept": "application/json" }
      })
        .then(readReply)
        .then(
          function (reply) {
            inFlight = false;
            handle(reply, sending);
          },
          function () {
            inFlight = false;
            retryLater(null);
          }
        );
    }

    var answer = {
      stopped: function () {
        clearTimeout(timer);
        if (unsaved()) {
          keepDraft();
          showStop();
        }
      },
      resumed: function () {
        var wasShowing = showingStop;
        hideStop();
        failures = 0;
        csrfRetried = false;
        if (conflict) return;
        if (unsaved()) {
          setState(TEXT.saving, "saving");
          schedule(0);
        } else if (wasShowing) {
          setState("저장됨", "saved");
        }
      },
      saveIfUnsaved: function () {
        if (unsaved()) {
          failures = 0;
          save();
        }
      }
    };
    page.answers.push(answer);

    textarea.addEventListener("input", function () {
      updateCounter();
      keepDraft();
      if (page.state !== "ok") {
        showStop();
      } else if (!conflict) {
        setState(TEXT.saving, "saving");
        schedule(SAVE_DELAY);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      failures = 0;
      if (page.state !== "ok") tryResume();
      else save();
    });
    if (signinLink) {
      signinLink.addEventListener("click", function () {
        keepDraft();
        page.leaving = true;
      });
    }
    if (reloadButton) {
      reloadButton.addEventListener("click", function () {
        keepDraft();
        page.leaving = true;
        window.location.reload();
      });
    }
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
      announceSaved(+revisionInput.value);
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
      if (document.visibilityState === "hidden" && unsaved()) save(true);
    });
    window.addEventListener("beforeunload", function (event) {
      if (!unsaved()) return;
      var kept = keepDraft();
      if (page.leaving && kept) return;
      event.preventDefault();
      event.returnValue = "";
    });

    // A draft left from a closed tab, a crash, a failed save or an expired session: bring it
    // back and save it (a server copy that moved on meanwhile gets the conflict dialog).
    var draft = drafts ? drafts.read(draftKey) : null;
    var legacyKey = drafts ? drafts.legacyKey("answer", form.dataset.question) : null;
    var legacy = legacyKey ? drafts.read(legacyKey) : null;
    if (legacy) {
      // Written before drafts were namespaced; this editor is its member's, so adopt it.
      drafts.remove(legacyKey);
      if (!draft) draft = legacy;
    }
    if (draft && typeof draft.text === "string" && draft.text !== textarea.value) {
      textarea.value = draft.text;
      if (typeof draft.revision === "number" && isFinite(draft.revision)) {
        revisionInput.value = draft.revision;
      }
      lastSaved = null;
      keepDraft();
      setState("저장하지 못한 글을 이 기기에서 복구했어요. 저장할게요.", "saving");
      schedule(0);
    } else if (draft) {
      dropDraft();
    }
    updateCounter();
  }

  document.querySelectorAll("[data-answer-form]").forEach(initAnswer);

  if (page.answers.length) {
    // Coming back to this tab (perhaps after signing in in another one), or online again.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") tryResume();
    });
    window.addEventListener("focus", tryResume);
    window.addEventListener("pageshow", tryResume);
    window.addEventListener("online", function () {
      if (page.state === "ok") page.answers.forEach(function (answer) { answer.saveIfUnsaved(); });
      else tryResume();
    });
  }
})();
