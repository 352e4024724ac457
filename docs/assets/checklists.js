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
    all("[data-ws-keep]").forEach(bindKeep);
  }

  /* "Keep your answers" (guide/markdown/worksheets.py, keep_bar): the sheet as the browser
     prints it (Save as PDF), as text (Copy), or in a mailto: link the reader's own email app
     opens. All three read the fields as they are now; nothing is sent anywhere. */
  function fieldsOf(bar) {
    var content = bar.closest("article") || document;
    return Array.prototype.slice.call(content.querySelectorAll(".ws-field")).map(function (box) {
      var control = box.querySelector("input, textarea");
      var label = box.querySelector("label");
      return { control: control, label: label ? label.textContent.trim() : "" };
    }).filter(function (field) { return field.control; });
  }

  // The sheet's title without the heading's permalink mark.
  function titleOf(bar) {
    var heading = (bar.closest("article") || document).querySelector("h1");
    if (!heading) return document.title;
    var copy = heading.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (mark) { mark.remove(); });
    return copy.textContent.trim();
  }

  function sheetText(bar) {
    var blocks = [titleOf(bar) + "\n" + location.origin + location.pathname];
    var ticks = [];
    fieldsOf(bar).forEach(function (field) {
      if (isTick(field.control)) { ticks.push((field.control.checked ? "[x] " : "[ ] ") + field.label); return; }
      if (ticks.length) { blocks.push(ticks.join("\n")); ticks = []; }
      var value = field.control.value.trim();
      if (value) blocks.push(field.label + "\n" + value);
    });
    if (ticks.length) blocks.push(ticks.join("\n"));
    return blocks.join("\n\n");
  }

  // The draft note: each {key} is the answer in that field; a paragraph whose fields are all empty goes.
  function draftText(bar, template) {
    var content = bar.closest("article") || document;
    function answer(key) {
      var control = content.querySelector('[name="' + key + '"]');
      return control ? control.value.trim() : "";
    }
    return template.split(/\n\s*\n/).map(function (paragraph) {
      var keys = paragraph.match(/\{[^{}]+\}/g) || [];
      var filled = keys.filter(function (key) { return answer(key.slice(1, -1)); });
      if (keys.length && !filled.length) return null;
      return paragraph.replace(/\{([^{}]+)\}/g, function (_, key) { return answer(key); }).trim();
    }).filter(function (paragraph) { return paragraph; }).join("\n\n");
  }

  // As guide/sources/candidate_emails.mailto_url writes it: no address, CRLF line breaks.
  function mailto(subject, body) {
    return "mailto:?subject=" + encodeURIComponent(subject) +
      "&body=" + encodeURIComponent(body.replace(/\r?\n/g, "\r\n"));
  }

  function mailFor(bar, link) {
    var template = link.getAttribute("data-ws-draft");
    if (template !== null) return mailto(link.getAttribute("data-ws-subject"), draftText(bar, template));
    return mailto(link.getAttribute("data-ws-subject") + " " + titleOf(bar), sheetText(bar));
  }

  function copyText(bar, text, status) {
    function done() { status.textContent = status.getAttribute("data-ws-copied"); }
    function fallback() {
      var box = bar.querySelector("textarea.ws-keep-text");
      if (!box) {
        box = document.createElement("textarea");
        box.className = "ws-keep-text";
        box.readOnly = true;
        box.setAttribute("aria-label", bar.querySelector("[data-ws-copy-answers]").textContent);
        bar.appendChild(box);
      }
      box.value = text;
      box.select();
      status.textContent = bar.querySelector("[data-ws-copy-answers]").getAttribute("data-ws-selected");
    }
    var clip = navigator.clipboard;
    if (!clip || !window.isSecureContext) { fallback(); return; }
    try { clip.writeText(text).then(done, fallback); } catch (e) { fallback(); }
  }

  function bindKeep(bar) {
    if (bar.hasAttribute("data-ws-bound")) return;
    bar.setAttribute("data-ws-bound", "");
    bar.hidden = false;
    var status = bar.querySelector(".ws-status");
    var links = Array.prototype.slice.call(bar.querySelectorAll("a[data-ws-mail]"));
    function refresh() { links.forEach(function (link) { link.href = mailFor(bar, link); }); }
    refresh();
    (bar.closest("article") || document).addEventListener("input", refresh);
    (bar.closest("article") || document).addEventListener("change", refresh);
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        refresh();
        if (link.href.length > Number(link.getAttribute("data-ws-max"))) {
          event.preventDefault();
          status.textContent = status.getAttribute("data-ws-long");
        }
      });
    });
    bar.querySelector("[data-ws-save-pdf]").addEventListener("click", function (event) {
      status.textContent = event.currentTarget.getAttribute("data-ws-say");
      window.print();
    });
    bar.querySelector("[data-ws-copy-answers]").addEventListener("click", function () {
      copyText(bar, sheetText(bar), status);
    });
  }

  // Material's document$ emits on first load and after every instant navigation.
  if (window.document$ && !window.__irgChecklists) {
    window.__irgChecklists = true;
    window.document$.subscribe(init);
  }
  init();
})();
