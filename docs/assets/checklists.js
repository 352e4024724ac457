/* Checklist ticks and worksheet answers, kept in this browser only (window.irgStore,
   docs/assets/store.js). Loaded only on pages with a checklist or a worksheet (the
   guide.markdown extensions put the tag in the page body, so Material's instant
   navigation runs it again on arrival).

   Each control carries data-ws-key="page#slug-of-its-words", so editing one item
   never moves another's tick, and may carry (guide/markdown/worksheets.py, storage_attrs):
   - data-ws-old="old/page ...": the ids its page had before it moved (mkdocs.yml's
     redirect_maps). What a reader saved there moves to this page's id on their next
     visit, and the old keys are removed.
   - data-ws-was="page#old-slug ...": the keys of its earlier wordings (`was:` in the
     Markdown). An answer saved under one moves to the control, if it has none yet.
   "Clear" removes every key of the page and of its old ids, not just the keys of the
   controls shown: answers under labels since renamed are private too. */
(function () {
  "use strict";
  var store = window.irgStore;

  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  function words(el, name) { return (el.getAttribute(name) || "").split(/\s+/).filter(Boolean); }
  function isTick(el) { return el.type === "checkbox"; }
  function pageOf(el) { var key = el.getAttribute("data-ws-key"); return key.slice(0, key.indexOf("#")); }

  // Move one saved answer, unless the new key has its own; keep the old one if the copy failed.
  function move(from, to) {
    var value = store.get(from);
    if (value === null) return;
    if (store.get(to) === null && !store.set(to, value)) return;
    store.remove(from);
  }

  function adopt(controls) {
    var moved = {};
    controls.forEach(function (el) {
      var page = pageOf(el);
      words(el, "data-ws-old").forEach(function (old) {
        if (moved[old]) return;
        moved[old] = true;
        store.keys(old + "#").forEach(function (key) { move(key, page + key.slice(old.length)); });
      });
    });
    controls.forEach(function (el) {
      var key = el.getAttribute("data-ws-key");
      words(el, "data-ws-was").forEach(function (was) {
        if (store.get(key) === null) move(was, key);
      });
    });
  }

  // Every page id whose keys this page owns: its own and the ones it had before moving.
  function pageIds(controls) {
    var ids = {};
    controls.forEach(function (el) {
      ids[pageOf(el)] = true;
      words(el, "data-ws-old").forEach(function (old) { ids[old] = true; });
    });
    return Object.keys(ids);
  }

  function restore(el) {
    var saved = store.get(el.getAttribute("data-ws-key"));
    if (saved === null) return;
    if (isTick(el)) el.checked = saved === "1"; else el.value = saved;
  }

  // Where the "not kept" notice goes: under a worksheet's action bar, else before the first list.
  function noticePlace(controls) {
    var bar = document.querySelector(".ws-actions#print");
    if (bar && bar.nextElementSibling) return bar.nextElementSibling;
    var first = controls[0];
    return first && (first.closest("ul, ol, .ws-row, .ws-field") || first);
  }

  function save(el, controls) {
    var key = el.getAttribute("data-ws-key");
    var value = isTick(el) ? (el.checked ? "1" : "0") : el.value;
    if (!isTick(el) && value === "") { store.remove(key); return; }
    // Full storage (QuotaExceededError) or storage that stopped working: say so, once.
    if (!store.set(key, value)) store.notice(noticePlace(controls));
  }

  function init() {
    var controls = all("[data-ws-key]");
    var fresh = controls.filter(function (el) { return !el.hasAttribute("data-ws-bound"); });
    var keeps = !!store && store.works();
    if (fresh.length) {
      fresh.forEach(function (el) { el.setAttribute("data-ws-bound", ""); });
      if (keeps) {
        adopt(fresh);
        fresh.forEach(function (el) {
          restore(el);
          el.addEventListener(isTick(el) ? "change" : "input", function () { save(el, controls); });
        });
      } else if (store) {
        store.notice(noticePlace(controls));
      }
    }
    all("[data-ws-clear]").forEach(function (button) {
      if (button.hasAttribute("data-ws-bound") || !keeps) return; // a Clear that clears nothing stays hidden
      button.setAttribute("data-ws-bound", "");
      button.hidden = false;
      button.addEventListener("click", function () {
        var here = all("[data-ws-key]");
        pageIds(here).forEach(function (page) {
          store.keys(page + "#").forEach(function (key) { store.remove(key); });
        });
        here.forEach(function (el) {
          words(el, "data-ws-was").forEach(function (was) { store.remove(was); });
          if (isTick(el)) el.checked = el.defaultChecked; else el.value = "";
        });
        var status = button.parentNode.querySelector(".ws-status");
        if (status) status.textContent = status.getAttribute("data-ws-done");
      });
    });
    all("[data-ws-print]").forEach(function (button) {
      if (button.hasAttribute("data-ws-bound")) return;
      button.setAttribute("data-ws-bound", "");
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // Material's document$ emits on first load and after every instant navigation.
  if (window.document$ && !window.__irgChecklists) {
    window.__irgChecklists = true;
    window.document$.subscribe(init);
  }
  init();
})();
