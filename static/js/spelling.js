/* 맞춤법·띄어쓰기 hints under each answer (coverletters/spelling). The analysis runs on
   LifeMento's server (Kiwi); the text goes nowhere else. It never blocks typing: requests are
   background fetches, and a reply for a text the member has changed since is dropped (the
   check runs again after the next pause). Hints only propose: 바꾸기 edits the textarea the way
   typing does (an input event), so editor.js counts, keeps the draft and autosaves as usual.
   Offsets from the server count characters (code points); Array.from counts the same way. */
(function () {
  "use strict";
  var PAUSE = 4000;  // a long typing pause: check again by itself once the member has asked
  var TEXT = {
    button: "맞춤법 검사",
    checking: "맞춤법을 검사하고 있어요…",
    none: "고칠 곳을 찾지 못했어요.",
    found: function (n) { return "고칠 만한 곳이 " + n + "군데 있어요."; },
    failed: "맞춤법 검사를 하지 못했어요. 잠시 뒤 다시 눌러 주세요.",
    signedOut: "로그인이 만료되어 맞춤법을 검사하지 못했어요.",
    empty: "답변을 쓰면 맞춤법을 검사해 드려요.",
    changed: "그사이 글이 바뀌어서 이 제안은 맞지 않아요. 다시 검사할게요.",
    apply: "바꾸기",
    applied: "바꿨어요.",
    note: "라이프멘토 서버에서 검사해요. 글이 다른 곳으로 가지 않아요."
  };

  function csrfToken(form) {
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function init(box) {
    var textarea = document.getElementById(box.dataset.for);
    var form = textarea && textarea.form;
    if (!textarea || !form) return;
    var url = box.dataset.url;
    var seq = 0;              // the newest request; older replies are dropped
    var hints = [];           // the hints on screen, for shown.text
    var shownFor = null;      // the text the hints on screen were computed for
    var asked = false;        // the member pressed the button once: keep hints current
    var timer = null, applying = false;

    var button = el("button", "button secondary", TEXT.button);
    button.type = "button";
    button.setAttribute("data-spelling-check", "");
    var status = el("p", "spelling-status meta");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = el("ul", "spelling-hints");
    var note = el("p", "spelling-note meta", TEXT.note);
    box.appendChild(button);
    box.appendChild(status);
    box.appendChild(list);
    box.appendChild(note);

    function render(found) {
      list.textContent = "";
      found.forEach(function (hint, index) {
        var item = el("li", "spelling-hint");
        item.setAttribute("data-hint", index);
        item.appendChild(el("span", "tag", hint.kind));
        item.appendChild(el("del", "spelling-original", hint.original));
        item.appendChild(document.createTextNode(" → "));
        item.appendChild(el("ins", "spelling-suggestion", hint.suggestion));
        var apply = el("button", "button link", TEXT.apply);
        apply.type = "button";
        apply.setAttribute("data-apply", "");
        apply.addEventListener("click", function () { applyHint(hint, item); });
        item.appendChild(apply);
        list.appendChild(item);
      });
    }

    function check() {
      var text = textarea.value;
      if (!text.trim()) {
        hints = []; shownFor = text; render([]);
        status.textContent = TEXT.empty;
        return;
      }
      var mine = ++seq;
      status.textContent = TEXT.checking;
      var body = new URLSearchParams();
      body.set("text", text);
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: {
          "Accept": "application/json",
          "X-CSRFToken": csrfToken(form),
          "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"
        },
        body: body.toString()
      })
        .then(function (response) {
          if (response.type === "opaqueredirect" || response.status === 401) {
            return { error: TEXT.signedOut };
          }
          return response.json().then(
            function (data) { return response.ok ? data : { error: (data && data.error) || TEXT.failed }; },
            function () { return { error: TEXT.failed }; }
          );
        }, function () { return { error: TEXT.failed }; })
        .then(function (data) {
          if (mine !== seq) return;  // a newer request is on its way
          if (textarea.value !== text) {
            // Stale: the member typed meanwhile. The pause after it checks again.
            if (asked) schedule();
            return;
          }
          if (data.error) {
            status.textContent = data.error;
            return;
          }
          hints = data.hints || [];
          shownFor = text;
          render(hints);
          status.textContent = hints.length ? TEXT.found(hints.length) : TEXT.none;
        });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(check, PAUSE);
    }

    function applyHint(hint, item) {
      var chars = Array.from(textarea.value);
      if (textarea.value !== shownFor && chars.slice(hint.start, hint.end).join("") !== hint.original) {
        status.textContent = TEXT.changed;
        check();
        return;
      }
      // Code points to the textarea's UTF-16 positions.
      var from = chars.slice(0, hint.start).join("").length;
      var to = from + hint.original.length;
      applying = true;
      textarea.setRangeText(hint.suggestion, from, to, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      applying = false;
      // The hints after this one move by the change in length; this one is done.
      var delta = Array.from(hint.suggestion).length - (hint.end - hint.start);
      hints = hints.filter(function (other) { return other !== hint; });
      hints.forEach(function (other) {
        if (other.start >= hint.end) { other.start += delta; other.end += delta; }
      });
      shownFor = textarea.value;
      render(hints);
      status.textContent = TEXT.applied + " " + (hints.length ? TEXT.found(hints.length) : "");
      textarea.focus();
    }

    button.addEventListener("click", function () {
      asked = true;
      clearTimeout(timer);
      check();
    });
    textarea.addEventListener("input", function () {
      if (applying) return;
      seq++;  // any reply still on its way is for an older text
      if (asked) schedule();
    });
  }

  document.querySelectorAll("[data-spelling]").forEach(init);
})();
