/* Checklist ticks and worksheet answers, kept in this browser only (localStorage).
   Loaded only on pages with a checklist or a worksheet (the guide.markdown
   extensions put the tag in the page body, so Material's instant navigation runs it again
   on arrival). Each control carries data-ws-key="page#slug-of-its-words", so
   editing one item never moves another's tick. */
(function () {
  "use strict";
  var PREFIX = "irg:";

  function storage() {
    try {
      var s = window.localStorage, probe = PREFIX + "probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null; // private mode or blocked storage: the page still works, it just forgets
    }
  }

  function isTick(el) { return el.type === "checkbox"; }

  function restore(el, s) {
    var saved = s.getItem(PREFIX + el.getAttribute("data-ws-key"));
    if (saved === null) return;
    if (isTick(el)) el.checked = saved === "1"; else el.value = saved;
  }

  function save(el, s) {
    var key = PREFIX + el.getAttribute("data-ws-key");
    var value = isTick(el) ? (el.checked ? "1" : "0") : el.value;
    if (!isTick(el) && value === "") s.removeItem(key); else s.setItem(key, value);
  }

  function init() {
    var s = storage();
    var fields = document.querySelectorAll("[data-ws-key]");
    Array.prototype.forEach.call(fields, function (el) {
      if (el.hasAttribute("data-ws-bound")) return;
      el.setAttribute("data-ws-bound", "");
      if (!s) return;
      restore(el, s);
      el.addEventListener(isTick(el) ? "change" : "input", function () { save(el, s); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-ws-clear]"), function (button) {
      if (button.hasAttribute("data-ws-bound") || !s) return;
      button.setAttribute("data-ws-bound", "");
      button.hidden = false;
      button.addEventListener("click", function () {
        Array.prototype.forEach.call(document.querySelectorAll("[data-ws-key]"), function (el) {
          s.removeItem(PREFIX + el.getAttribute("data-ws-key"));
          if (isTick(el)) el.checked = el.defaultChecked; else el.value = "";
        });
        var status = button.parentNode.querySelector(".ws-status");
        if (status) status.textContent = status.getAttribute("data-ws-done");
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-ws-print]"), function (button) {
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
