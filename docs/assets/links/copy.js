/* Copy buttons on the recruiters page and the ready emails page
   (data-copy="ID of the element to copy").
   One listener on the document: Material's instant navigation swaps the page
   body and re-runs this file, so the guard stops a second listener. Where the
   clipboard is not allowed, the text is selected so Ctrl+C / Cmd+C copies it. */
(function () {
  // A button that starts hidden (the emails page) would do nothing without this
  // script, so it shows only now; on every run, since each page body is new.
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy][hidden]"), function (button) {
    button.hidden = false;
  });
  if (window.goCopyReady) return;
  window.goCopyReady = true;

  function select(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function say(button, text) {
    var status = button.parentNode.querySelector(".go-status");
    if (status) status.textContent = text;
  }

  // The email as it should arrive: without the marks the branch picker (picker.js) keeps on its links.
  function emailHtml(el) {
    var copy = el.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("[data-go-url]"), function (link) {
      link.removeAttribute("data-go-url");
      link.removeAttribute("data-go-href");
    });
    return copy.innerHTML;
  }

  function write(el, button) {
    var clip = navigator.clipboard;
    if (!clip || !window.isSecureContext) return Promise.reject();
    var plainId = button.getAttribute("data-copy-html");
    if (plainId && window.ClipboardItem && clip.write) {
      var plain = document.getElementById(plainId).textContent;
      return clip.write([new ClipboardItem({
        "text/html": new Blob([emailHtml(el)], { type: "text/html" }),
        "text/plain": new Blob([plain], { type: "text/plain" })
      })]);
    }
    return clip.writeText(el.textContent.trim());
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) return;
    var el = document.getElementById(button.getAttribute("data-copy"));
    if (!el) return;
    var done = function () { say(button, button.getAttribute("data-copied") || "Copied."); };
    var fallback = function () {
      select(el);
      say(button, button.getAttribute("data-selected") || "Selected. Press Ctrl+C (or Cmd+C) to copy.");
    };
    try { write(el, button).then(done, fallback); } catch (e) { fallback(); }
  });
})();
