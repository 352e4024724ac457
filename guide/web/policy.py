"""The Content-Security-Policy: inline code found in built pages, its hashes, and what no hash can allow.

The policy allows no inline code but the inline scripts the theme and the
project's own templates write, each by its sha256 hash, computed from site/
at build time, so a Material or Zensical upgrade that changes one updates the
policy by itself. Markup that a hash cannot allow (an onclick="" handler, a
javascript: URL, a style="" attribute) fails the build instead, naming the
file and the fix (guide/steps/csp.py).

Which inline scripts are the templates'? Those outside the page content:
Material's and Zensical's <div class="md-content" data-md-component="content">,
which holds the Markdown's HTML (content_span). Templates are code a
developer reviews (the pinned theme and overrides/); the content is what
editors write. The boundary is a place in the page, not a list of known
scripts: a list of the theme's script texts or shapes would need editing on
every theme upgrade, and the build would be tempted to bless whatever it
does not recognise. An inline script or <style> inside the content is never
hashed: the csp step refuses it, as a backstop to the check where the
Markdown is converted (guide/markdown/no_script.py), which names the source
file and line. (Raw HTML can close the content <div> early; that check,
which reads the Markdown's own raw HTML, catches a script placed that way.)
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from guide.web import html
from guide.web.jsstring import js_string

# Scripts whose type makes them run. Anything else (Material's
# <script type="application/json" id="__config">) is a data block: CSP ignores it.
JS_TYPES = {
    "", "module", "text/javascript", "application/javascript", "application/ecmascript",
    "application/x-javascript", "text/ecmascript", "text/jscript", "text/livescript",
}


def sha256_source(code: str) -> str:
    """The CSP source for an inline script or style: its text as the browser reads it."""
    # The HTML parser turns CRLF and CR into LF before a script's text exists.
    text = code.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@dataclass(frozen=True)
class Inline:
    """An inline script or style element of a page: its hash source and where it starts."""

    kind: str  # "script" or "style"
    source: str
    start: int


def raw_text(text: str, element: html.Element) -> str:
    """The text of a <script> or <style> element: up to the first end tag, as HTML parses it."""
    # Each "</" is compared on its own: lowering the whole page for every script cost a page's
    # length per script, and lower() can change a string's length, moving the offsets.
    closing = "</" + element.name
    end = text.find("</", element.start_end)
    while end >= 0 and text[end : end + len(closing)].lower() != closing:
        end = text.find("</", end + 2)
    return text[element.start_end : end if end >= 0 else len(text)]


def inline_code(text: str) -> list[Inline]:
    """The page's inline scripts that run and its <style> elements, in document order."""
    found = []
    for name in ("script", "style"):
        for element in html.start_tags(text, name):
            if name == "script" and ("src" in element.attrs or (element.attrs.get("type") or "").strip().lower() not in JS_TYPES):
                continue
            found.append(Inline(name, sha256_source(raw_text(text, element)), element.start))
    return sorted(found, key=lambda inline: inline.start)


def content_start(text: str) -> html.Element | None:
    """The start tag of the page content's <div> (the Markdown's HTML); None on a page without
    one (the 404 page, a redirect stub): everything there is the templates'."""
    for element in html.start_tags(text, "div", containing="md-content"):
        if element.has_class("md-content") and element.attrs.get("data-md-component") == "content":
            return element
    return None


def content_span(text: str) -> tuple[int, int] | None:
    """Where the page content starts and ends (see content_start)."""
    start = content_start(text)
    if start is None:
        return None
    # Only the rest of the page is parsed, from the content's own start tag.
    return start.start, start.start + html.scan(text[start.start :])[0].end


def split_inline_code(text: str) -> tuple[list[Inline], list[Inline]]:
    """(the templates' inline code, the inline code inside the page content)."""
    found = inline_code(text)
    start = content_start(text) if found else None
    later = [i for i in found if start is not None and i.start > start.start]
    if not later:
        return found, []
    inside = _inside_by_tree(text, start, later)
    if inside is None:
        span = content_span(text)
        inside = [i for i in later if i.start < span[1]]
    return [i for i in found if i not in inside], inside


def _inside_by_tree(text: str, start: html.Element, later: list[Inline]) -> list[Inline] | None:
    """Which of `later` (the inline code after the content's start tag) lie inside the content,
    read with libxml2's parser (lxml), which gives no offsets; None unless it finds the very same
    code in the same order, so that content_span's exact reading decides instead.

    Every page has inline code after the content (the theme's #target restore), and content_span
    parses the rest of the page with Python's parser to find where the content ends: 60% of the
    csp step (0.41 s of today's build, 278 pages). lxml reads the same text in a third of that."""
    root = html.tree(text[start.start :])
    content = next(root.iter("div"), None) if root is not None else None
    if content is None or content.get("data-md-component") != "content":
        return None
    read = [
        (sha256_source(element.text or ""), content in element.iterancestors())
        for element in root.iter("script", "style")
        if element.tag == "style" or ("src" not in element.attrib and (element.get("type") or "").strip().lower() in JS_TYPES)
    ]
    if [source for source, _ in read] != [i.source for i in later]:
        return None
    return [i for i, (_, within) in zip(later, read) if within]


# Zensical's search panel lives in a shadow root and brings its stylesheet
# along: the bundle creates `<style>` with a constant it defines as
# `var NAME='...'`. The policy allows that text by its hash, read from the
# bundle here, so the panel keeps its styles without 'unsafe-inline'.
_STYLE_ELEMENT = re.compile(r'\bC\("style",\{\},(?P<name>[A-Za-z_$][\w$]*)\.toString\(\)\)')


def script_styles(code: str) -> list[str]:
    """The text of each <style> element a theme bundle makes from a string constant."""
    found = []
    for match in _STYLE_ELEMENT.finditer(code):
        definition = re.search(r"\b" + re.escape(match["name"]) + r"=(['\"])", code)
        if definition is None:
            raise ValueError(f"the bundle makes a <style> from {match['name']}, whose text it does not define")
        found.append(js_string(code, definition.start(1)))
    return found


# Inline code a hash cannot allow without 'unsafe-hashes' or 'unsafe-inline'.
_JS_URL = re.compile(r"^\s*javascript:", re.I)
_URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href")


def unhashable(text: str) -> list[str]:
    """What on the page only 'unsafe-inline' would allow: one line each (empty when none)."""
    found = []
    # Only the start tags around a word that could begin such an attribute are read by the parser
    # (an attribute's name follows white space, so " on" finds every onclick but few of "button").
    for element in _tags_with(text, (" on", "\non", "\ton", "style", "javascript:")):
        for name, value in element.attrs.items():
            if name.startswith("on") and len(name) > 2:
                found.append(f"<{element.name} {name}=\"...\"> is an inline event handler: attach it from a .js file instead")
            elif name == "style" and value is not None:
                found.append(f"<{element.name} style=\"{value}\">: move the style into a CSS file (docs/assets/site.css) and give the element a class")
            elif name in _URL_ATTRS and value and _JS_URL.match(value):
                found.append(f"<{element.name} {name}=\"{value[:40]}\">: a javascript: URL; use a button and a .js file")
    return found


def _tags_with(text: str, needles: tuple[str, ...]):
    """The start tags that contain one of `needles` (text between tags is skipped unread)."""
    starts = set()
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            start = text.rfind("<", 0, at)
            if start >= 0 and text.rfind(">", start, at) < 0:  # no '>' between: inside the tag
                starts.add(start)
            at = text.find(needle, at + 1)
    for start in sorted(starts):
        element = html.start_tag_at(text, start)
        if element is not None:
            yield element


@dataclass(frozen=True)
class Policy:
    """A Content-Security-Policy: 'self' for every kind of file, plus the hashes of inline code."""

    scripts: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()

    def directives(self, meta: bool = False) -> list[str]:
        parts = [
            # Nothing is allowed unless a directive below says so.
            "default-src 'none'",
            "script-src " + " ".join(("'self'", *self.scripts)),
            "style-src " + " ".join(("'self'", *self.styles)),
            # data: for the icons Material's CSS draws as data: SVG images.
            "img-src 'self' data:",
            "font-src 'self'",
            # Instant navigation and search fetch pages and the index from this host.
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
        # A <meta> policy cannot say who may frame the page; browsers ignore the
        # directive there and Chromium logs an error for it. The header carries it.
        if not meta:
            parts.append("frame-ancestors 'none'")
        return parts

    def header(self) -> str:
        return "; ".join(self.directives())

    def meta(self) -> str:
        return "; ".join(self.directives(meta=True))

    def allows(self, inline: Inline) -> bool:
        return inline.source in (self.scripts if inline.kind == "script" else self.styles)


def policy_for(inlines: list[Inline]) -> Policy:
    scripts = sorted({i.source for i in inlines if i.kind == "script"})
    styles = sorted({i.source for i in inlines if i.kind == "style"})
    return Policy(tuple(scripts), tuple(styles))
