/* Loads branch.js on the pages that have work for it, and only there.

   Any page can be opened with ?from=SLUG, so this runs on every page
   (mkdocs.yml, extra_javascript); it is a few hundred bytes. branch.js (the
   reader's branch: remembering it, the "Your branch" boxes, "This is my
   branch") comes only when the address carries ?from=, the page has a
   "This is my branch" button, or it has a "Your branch" box and a branch is
   already saved. The home page's first view stays without it (README,
   "Quality gates": the weight budget). Material's instant navigation swaps
   the page without reloading this file: document$ runs the check again. */
(function () {
  "use strict";
  if (window.__irgBranchLoader) return;
  window.__irgBranchLoader = true;
  var full = new URL("branch.js", document.currentScript.src).href;
  var loading = false;

  // docs/assets/store.js comes just before this file (mkdocs.yml, extra_javascript).
  function saved() {
    return !!window.irgStore && window.irgStore.get("branch") !== null;
  }

  function check() {
    if (loading) return;
    var wanted = /[?&]from=/.test(location.search) ||
      document.querySelector("[data-br-choose]") ||
      (document.querySelector("[data-br-yours]") && saved());
    if (!wanted) return;
    loading = true;  // branch.js then follows document$ itself
    var script = document.createElement("script");
    script.src = full;
    document.body.appendChild(script);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(check);
  else check();
})();
