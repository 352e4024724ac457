/* The recruiters' branch picker: with a branch chosen, every short link and
   every ready-to-paste email on the page carries ?from=SLUG, so a candidate
   who opens it sees that branch's name and number (docs/assets/branches/branch.js).
   The choice is kept on this device (localStorage) for the next visit.

   Each printed short link carries data-go-url, its address without a branch
   (guide/markdown/recruiters.py): link text, the plain-text emails' links and
   the formatted emails' links. A link's href keeps its own form (relative or
   absolute) and gets the same query. The copy buttons (copy.js) copy what
   is shown, so they copy the branch's links too.

   Loaded in the page body on the recruiters' page only; Material's instant
   navigation runs it again on arrival, and document$ covers a page it has
   already run on. */
(function () {
  "use strict";
  // In the page's language: store.js is on every page, before this (mkdocs.yml, extra_javascript).
  var say = window.irgStore ? window.irgStore.say : function (english, values) {
    return english.replace(/\{(\w+)\}/g, function (all, name) { return values ? values[name] : all; });
  };
  var KEY = "links-branch";  // "irg:links-branch", through window.irgStore (docs/assets/store.js)
  var store = window.irgStore;

  function apply(slug) {
    var query = slug ? "?from=" + encodeURIComponent(slug) : "";
    Array.prototype.forEach.call(document.querySelectorAll("[data-go-url]"), function (el) {
      el.textContent = el.getAttribute("data-go-url") + query;
      if (el.tagName === "A") {
        if (!el.hasAttribute("data-go-href")) el.setAttribute("data-go-href", el.getAttribute("href"));
        el.setAttribute("href", el.getAttribute("data-go-href") + query);
      }
    });
  }

  function init() {
    var select = document.getElementById("go-branch");
    if (!select || select.hasAttribute("data-go-bound")) return;
    select.setAttribute("data-go-bound", "");
    var box = select.parentNode;
    var status = box.querySelector(".go-status");
    var kept = store && store.get(KEY);
    if (kept && Array.prototype.some.call(select.options, function (o) { return o.value === kept; })) {
      select.value = kept;
    }
    box.hidden = false;
    apply(select.value);
    select.addEventListener("change", function () {
      if (store) {
        if (select.value) store.set(KEY, select.value); else store.remove(KEY);
      }
      apply(select.value);
      var name = select.options[select.selectedIndex].text;
      status.textContent = select.value
        ? say("Every link and email on this page now shows {name} to the candidate.", { name: name })
        : say("The links on this page are plain again.");
    });
  }

  if (window.document$ && window.document$.subscribe && !window.__irgPicker) {
    window.__irgPicker = true;
    window.document$.subscribe(init);
  }
  init();
})();
