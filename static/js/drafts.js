/* Local drafts belong to one member on this device (accounts/drafts.py).
   A draft is text the server has not confirmed yet. Its key carries an opaque per-member
   namespace the page gives in <meta name="lifemento-drafts">, never the member id. On a shared
   PC a draft must not outlive its member's visit: signing out clears that member's drafts
   (here, as the form is sent, and again on the page after, which names them in
   <meta name="lifemento-drafts-clear">), and so does the page after withdrawal. */
(function () {
  "use strict";
  var PREFIX = "lifemento:draft:";
  // Drafts written before they were namespaced: nobody can tell whose they are, so any
  // sign-out or withdrawal on this device clears them.
  var LEGACY_PREFIX = "lifemento:answer-draft:";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function metaContents(name) {
    return Array.prototype.map.call(
      document.querySelectorAll('meta[name="' + name + '"]'),
      function (meta) { return meta.content; }
    ).filter(Boolean);
  }

  var store = storage();
  var namespace = metaContents("lifemento-drafts")[0] || "";
  var closed = false;

  function keysOf(ns) {
    var keys = [];
    if (!store) return keys;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && ((ns && key.indexOf(PREFIX + ns + ":") === 0) || key.indexOf(LEGACY_PREFIX) === 0)) {
        keys.push(key);
      }
    }
    return keys;
  }

  function clear(ns) {
    keysOf(ns).forEach(function (key) { store.removeItem(key); });
  }

  metaContents("lifemento-drafts-clear").forEach(clear);

  // Signing out: clear before the request leaves (the page after may never load, or the
  // session may already have expired so the server cannot name the member), and refuse new
  // drafts from this page, so an editor's last-moment save to this device does not bring
  // one back.
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("[data-signout]")) {
      closed = true;
      clear(namespace);
    }
  }, true);

  // The withdrawal page says when this device still holds unsaved text that will go too.
  var notice = document.querySelector("[data-local-drafts-notice]");
  if (notice && namespace && keysOf(namespace).length) notice.hidden = false;

  window.LifementoDrafts = {
    // The storage key for a draft, or null when this page keeps none (signed out, storage
    // blocked, or signing out now).
    key: function (kind, id) {
      if (!store || !namespace || closed) return null;
      return PREFIX + namespace + ":" + kind + ":" + id;
    },
    read: function (key) {
      if (!store || !key) return null;
      try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
    },
    write: function (key, value) {
      if (!store || !key || closed) return false;
      try {
        store.setItem(key, JSON.stringify(value));
        return true;
      } catch (e) {
        return false;  // storage full or blocked
      }
    },
    remove: function (key) {
      if (store && key) store.removeItem(key);
    },
    legacyKey: function (kind, id) {
      return kind === "answer" ? LEGACY_PREFIX + id : null;
    }
  };
})();
