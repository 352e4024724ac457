/* "Find your branch office": the filter box narrows the list by town or
   postcode as the reader types, and the polite live region under it says how
   many offices match once they pause. Without this script the box stays
   hidden and the page is the whole list.

   Each office (li.br-branch, made by guide/markdown/branches.py) carries the
   places it serves, lowercased (data-br-places: its name and towns), and its
   postcodes, uppercased (data-br-postcodes). A place matches when one of its
   words starts with what was typed ("hale" finds Upper Hale). A postcode
   matches while it is being typed ("NG" finds NG9, NG10, NG11), or when a
   whole postcode begins with it ("NG9 1QP" finds NG9, but "NG10 2AB" does not).

   Loaded in the page body on this page only, so Material's instant navigation
   runs it again on arrival; document$ covers a page it has already run on. */
(function () {
  "use strict";
  // In the page's language: store.js is on every page, before this (mkdocs.yml, extra_javascript).
  var say = window.irgStore ? window.irgStore.say : function (english, values) {
    return english.replace(/\{(\w+)\}/g, function (all, name) { return values ? values[name] : all; });
  };
  var WAIT = 400; // ms after the last key before the count is announced

  function words(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  function placeMatches(places, typed) {
    return places.some(function (place) {
      var name = words(place);
      return name.indexOf(typed) === 0 || name.indexOf(" " + typed) >= 0;
    });
  }

  function postcodeMatches(postcodes, typed) {
    var upper = typed.toUpperCase().replace(/\s+/g, " ").trim();
    var compact = upper.replace(/ /g, "");
    return postcodes.some(function (code) {
      var plain = code.replace(/ /g, "");
      return plain.indexOf(compact) === 0 || upper.indexOf(code + " ") === 0;
    });
  }

  function init() {
    var input = document.getElementById("br-filter");
    if (!input || input.hasAttribute("data-br-bound")) return;
    input.setAttribute("data-br-bound", "");
    var items = Array.prototype.slice.call(document.querySelectorAll(".br-branch"));
    var count = document.getElementById("br-count");
    var none = document.querySelector(".br-none");
    var timer = null;
    var all = count.textContent; // "Showing all N branch offices.", as the page was built
    input.parentNode.hidden = false;

    function filter() {
      var typed = input.value.trim();
      var plain = words(typed);
      var shown = 0;
      items.forEach(function (item) {
        var places = (item.getAttribute("data-br-places") || "").split("|");
        var postcodes = (item.getAttribute("data-br-postcodes") || "").split("|");
        var match = !typed || (plain && placeMatches(places, plain)) || postcodeMatches(postcodes, typed);
        item.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown > 0;
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (!typed) count.textContent = all;
        else if (shown === 0) count.textContent = say("No branch office matches “{typed}”.", { typed: typed });
        else if (shown === 1) count.textContent = say("1 branch office matches “{typed}”.", { typed: typed });
        else count.textContent = say("{count} branch offices match “{typed}”.", { count: shown, typed: typed });
      }, WAIT);
    }

    input.addEventListener("input", filter);
    if (input.value) filter(); // a value the browser restored on Back
  }

  if (window.document$ && window.document$.subscribe && !window.__irgFinder) {
    window.__irgFinder = true;
    window.document$.subscribe(init);
  }
  init();
})();
