/* The reader's branch office, kept on this device only (localStorage; nothing
   is sent anywhere).

   - A link from a branch carries it: any page opened with ?from=SLUG (a short
     link keeps the query through its redirect, and so does a server redirect
     that keeps query strings) remembers that branch. An unknown slug is
     ignored. The ?from= part then leaves the address bar, so "Forget" holds
     on a reload.
   - Wherever a page says to call your branch, its box (data-br-yours, made by
     guide/markdown/branches.py and overrides/404.html) shows
     "Your branch: NAME, PHONE" with a tap-to-call link, "Change" and "Forget".
   - "This is my branch" buttons (data-br-choose) on the branch pages save one.

   branch-loader.js (on every page, since any page can be a link's target)
   loads it where it has work; it fetches the list of branches
   (assets/branches/branches.json, made by the branch-files step) only when a
   page needs it. Material's instant navigation swaps the page without
   reloading this file: document$ runs it again on every arrival. */
(function () {
  "use strict";
  if (window.__irgBranch) return;
  window.__irgBranch = true;

  var KEY = "branch";  // "irg:branch" in localStorage, through window.irgStore (docs/assets/store.js)
  var store = window.irgStore;
  // In the page's language: store.js is on every page, before this (mkdocs.yml, extra_javascript).
  var say = window.irgStore ? window.irgStore.say : function (english, values) {
    return english.replace(/\{(\w+)\}/g, function (all, name) { return values ? values[name] : all; });
  };
  var script = document.currentScript;
  var base = script ? script.src : location.href;
  var listUrl = new URL("branches.json", base).href;
  var siteRoot = new URL("../../", base).href;
  var offices = null;   // the promise of the list, fetched once
  var visiting = null;  // a branch from this page's ?from=, kept even where storage is blocked

  function list() {
    if (!offices) {
      offices = fetch(listUrl, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
    }
    return offices;
  }

  function own(map, slug) {
    return slug && Object.prototype.hasOwnProperty.call(map, slug) ? map[slug] : null;
  }

  function saved() {
    return (store && store.get(KEY)) || visiting;
  }

  // Whether this device kept it: blocked or full storage keeps it for this visit only.
  function remember(slug) {
    visiting = slug;
    return !!store && store.set(KEY, slug);
  }

  function forget() {
    visiting = null;
    if (store) store.remove(KEY);
  }

  // ?from=SLUG: remember a known branch, then take the parameter out of the address.
  function readLink(map) {
    var params = new URLSearchParams(location.search);
    if (!params.has("from")) return;
    var slug = (params.get("from") || "").trim().toLowerCase();
    if (own(map, slug)) remember(slug);
    params.delete("from");
    var rest = params.toString();
    try {
      history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    } catch (e) { /* an old browser keeps the parameter: harmless */ }
  }

  function el(tag, attrs, words) {
    var node = document.createElement(tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (words) node.textContent = words;
    return node;
  }

  function tell(box, words) {
    var status = box.querySelector(".br-said");
    if (status) status.textContent = words;
  }

  function showBox(box, branch) {
    var find = box.querySelector(".br-find");
    var known = box.querySelector(".br-known");
    if (known) known.parentNode.removeChild(known);
    if (find) find.hidden = !!branch;
    if (!branch) return;
    var change = find && find.querySelector("a");
    known = el("p", { "class": "br-known" });
    known.appendChild(el("strong", {}, say("Your branch:")));
    known.appendChild(document.createTextNode(" "));
    known.appendChild(el("a", { href: siteRoot + branch.url }, branch.name));
    known.appendChild(document.createTextNode(", "));
    known.appendChild(el("a", { href: "tel:" + branch.dial, "class": "br-tel" }, branch.phone));
    var tools = el("span", { "class": "br-tools" });
    tools.appendChild(el("a", { href: change ? change.href : siteRoot + "branches/" }, say("Change")));
    tools.appendChild(document.createTextNode(" "));
    var button = el("button", { type: "button", "class": "br-forget" }, say("Forget"));
    button.addEventListener("click", function () {
      forget();
      render(null);
      tell(box, say("Your branch is forgotten on this device."));
      var link = box.querySelector(".br-find a");
      if (link) link.focus();
    });
    tools.appendChild(button);
    known.appendChild(document.createTextNode(" "));
    known.appendChild(tools);
    box.insertBefore(known, box.firstChild);
  }

  function render(branch) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-br-yours]"), function (box) {
      showBox(box, branch);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-br-choose]"), function (button) {
      var mine = !!branch && button.getAttribute("data-br-choose") === saved();
      button.setAttribute("aria-pressed", mine ? "true" : "false");
      button.classList.toggle("md-button--primary", mine); // filled in, like the theme's main buttons
    });
  }

  function bindChoosers(map) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-br-choose]"), function (button) {
      if (button.hasAttribute("data-br-bound")) return;
      button.setAttribute("data-br-bound", "");
      var branch = own(map, button.getAttribute("data-br-choose"));
      if (!branch) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var kept = remember(button.getAttribute("data-br-choose"));
        render(branch);
        var row = button.parentNode;
        var status = row && row.querySelector(".br-said");
        if (!status) return;
        // Never "Saved" when the browser kept nothing (blocked site data, or full storage).
        status.textContent = kept
          ? say("Saved: {name} is your branch on this device. Pages that say to call your branch now show its number.", { name: branch.name })
          : say("This browser is not keeping your branch, so it will be forgotten when you leave. {name}: {phone}.", { name: branch.name, phone: branch.phone });
      });
    });
  }

  function run() {
    var wanted = /[?&]from=/.test(location.search) ||
      document.querySelector("[data-br-choose]") ||
      (saved() && document.querySelector("[data-br-yours]"));
    if (!wanted) return; // most pages: no request at all
    list().then(function (map) {
      readLink(map);
      bindChoosers(map);
      render(own(map, saved()));
    });
  }

  // Material's document$ emits on the first load and after every instant navigation.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(run);
  else run();
})();
