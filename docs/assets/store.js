/* window.irgStore: the one way the page scripts keep things in this browser
   (localStorage, keys "irg:..."; nothing is sent anywhere). checklists.js
   (ticks and answers), branches/branch-loader.js, branches/branch.js (the
   reader's branch) and branches/picker.js use it.

   Storage can be missing (blocked site data: reading localStorage throws),
   refuse every write (some private modes) or be full (QuotaExceededError on
   a big answer). Every call here catches that, so no keystroke ends in an
   error; set() says whether the value was kept, so a page never claims
   "Saved" for nothing, and notice() tells the reader once per page that
   answers will not be kept.

   On every page through mkdocs.yml's extra_javascript, listed before
   branch-loader.js; the page scripts added in the content (checklists.js,
   picker.js) are deferred, so they run after it on a first load, and after
   Material's instant navigation it is already in place. */
(function () {
  "use strict";
  if (window.irgStore) return;
  var PREFIX = "irg:";
  var NOTICE = "This browser is not keeping your answers, so they will be gone when you leave this page. " +
    "You can still print the page.";

  function area() {
    try { return window.localStorage || null; } catch (e) { return null; }
  }

  // Whether a write sticks now: a probe, since blocked or read-only storage looks like storage.
  function works() {
    var s = area(), probe = PREFIX + "probe";
    try {
      s.setItem(probe, "1");
      s.removeItem(probe);
      return true;
    } catch (e) {
      return false;
    }
  }

  function get(key) {
    try { return area().getItem(PREFIX + key); } catch (e) { return null; }
  }

  // false when the browser did not keep it (blocked, or full: QuotaExceededError).
  function set(key, value) {
    try {
      area().setItem(PREFIX + key, String(value));
      return true;
    } catch (e) {
      return false;
    }
  }

  function remove(key) {
    try { area().removeItem(PREFIX + key); } catch (e) { /* nothing was kept to remove */ }
  }

  // Every kept key that starts with `start` (without the "irg:").
  function keys(start) {
    var s = area(), found = [];
    try {
      for (var i = 0; i < s.length; i++) {
        var key = s.key(i);
        if (key && key.indexOf(PREFIX + start) === 0) found.push(key.slice(PREFIX.length));
      }
    } catch (e) { /* blocked: nothing is kept */ }
    return found;
  }

  /* Say once on this page (a polite status, read out by screen readers) that
     answers are not kept, just before `place`. Material's instant navigation
     brings a new page body, which gets its own one notice. */
  function notice(place, words) {
    if (!place || !place.parentNode || document.querySelector("[data-irg-notice]")) return;
    var note = document.createElement("p");
    note.className = "irg-notice";
    note.setAttribute("role", "status");
    note.setAttribute("data-irg-notice", "");
    place.parentNode.insertBefore(note, place);
    // Filled after it is in the page, so screen readers announce it.
    window.setTimeout(function () { note.textContent = words || say(NOTICE); }, 50);
  }

  /* The words the page scripts say, in the page's language: on a translated page the foot
     carries them (data-guide-words, from LANG/data/interface.yml: guide/markdown/page_foot.py),
     read afresh for each page body; values fill the {placeholders} of the words. */
  function say(english, values) {
    var holder = document.querySelector("[data-guide-words]"), words = {};
    try { words = holder ? JSON.parse(holder.getAttribute("data-guide-words")) : {}; } catch (e) { words = {}; }
    var text = Object.prototype.hasOwnProperty.call(words, english) ? words[english] : english;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  window.irgStore = { works: works, get: get, set: set, remove: remove, keys: keys, notice: notice, say: say };
})();
