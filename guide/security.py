"""What a host must send with the built site: security headers, the Content-Security-Policy,
caching and MIME types. One place, read by the build steps that write the host
configuration (guide/steps/host_config.py), the CSP step (guide/steps/csp.py),
the compression step and the tests; README "Deploying" says what each header is for.

The CSP allows no inline code but the exact inline scripts the built site
holds: each is allowed by its sha256 hash, computed from site/ at build time,
so a Material or Zensical upgrade that changes one updates the policy by itself.
Markup that a hash cannot allow (an onclick="" handler, a javascript: URL, a
style="" attribute) fails the build instead, naming the file and the fix.
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from guide import html

# Two years: the Observatory asks for at least six months. No includeSubDomains
# (the agency's other hosts under this name are not ours to switch to HTTPS-only)
# and no preload (a list entry is slow to undo).
HSTS = "max-age=63072000"
# A page's path names the reader's situation ("didnt-get-the-job"): no other
# site learns it. Same-site links keep their referrer (nothing uses it today).
REFERRER_POLICY = "same-origin"
# Features the guide never uses, switched off for every page and anything it embeds.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Sent with every response; the CSP and Cache-Control depend on the file (below).
SECURITY_HEADERS = {
    "Strict-Transport-Security": HSTS,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": REFERRER_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# Material and Zensical name their own CSS and JS after the content's hash
# (bundle.a5f9d56c.min.js, main.57a0d79d.min.css, and the source maps): a new
# version gets a new name, so a browser may keep these for a year. Nothing else
# is fingerprinted: our docs/assets files keep their names from one build to
# the next, so they revalidate (a 304 when unchanged) rather than stay stale.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")

# Every file type the site may hold, with the type hosts must send. The build
# fails on a file whose extension is missing here (guide/steps/host_config.py),
# so a new kind of asset is never served as application/octet-stream.
MIME_TYPES = {
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "mjs": "text/javascript",
    "json": "application/json",
    "map": "application/json",
    "webmanifest": "application/manifest+json",
    "xml": "application/xml",
    "txt": "text/plain",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "ico": "image/x-icon",
    "woff2": "font/woff2",
    "woff": "font/woff",
    "pdf": "application/pdf",
    # A branch office's "Save contact" card (guide/steps/branches.py): phones open it in Contacts.
    "vcf": "text/vcard",
    "gz": "application/gzip",
}
# Files without an extension (Zensical ships a LICENSE beside its bundle).
DEFAULT_TYPE = "text/plain"
TEXT_TYPES = {"application/json", "application/manifest+json", "application/xml", "image/svg+xml"}

# The host configuration files sit in site/ so that they travel with the pages
# whose hashes they carry; hosts do not serve them (and the nginx block refuses to).
HOST_FILES = ("_headers", "_redirects", "nginx.conf")
COMPRESSED = (".gz", ".br")

# Scripts whose type makes them run. Anything else (Material's
# <script type="application/json" id="__config">) is a data block: CSP ignores it.
JS_TYPES = {
    "", "module", "text/javascript", "application/javascript", "application/ecmascript",
    "application/x-javascript", "text/ecmascript", "text/jscript", "text/livescript",
}


def mime_type(path: str | Path) -> str | None:
    suffix = PurePosixPath(str(path)).suffix.lower().lstrip(".")
    return MIME_TYPES.get(suffix) if suffix else DEFAULT_TYPE


def is_text_type(kind: str) -> bool:
    return kind.startswith("text/") or kind in TEXT_TYPES


def is_text(path: str | Path) -> bool:
    return is_text_type(mime_type(path) or "")


def cache_control(path: str) -> str:
    """Cache-Control for a site-relative file path like assets/javascripts/bundle.x.min.js."""
    return IMMUTABLE if FINGERPRINTED.search(path) else REVALIDATE


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
    end = text.lower().find("</" + element.name, element.start_end)
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


# Zensical's search panel lives in a shadow root and brings its stylesheet
# along: the bundle creates `<style>` with a constant it defines as
# `var NAME='...'`. The policy allows that text by its hash, read from the
# bundle here, so the panel keeps its styles without 'unsafe-inline'.
_STYLE_ELEMENT = re.compile(r'\bC\("style",\{\},(?P<name>[A-Za-z_$][\w$]*)\.toString\(\)\)')


def js_string(code: str, start: int) -> str:
    """The value of the JavaScript string literal that starts at code[start] (a quote)."""
    quote, out, i = code[start], [], start + 1
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
    while code[i] != quote:
        char = code[i]
        if char == "\\":
            following = code[i + 1]
            if following == "u" and code[i + 2] == "{":
                end = code.index("}", i)
                out.append(chr(int(code[i + 3 : end], 16)))
                i = end + 1
                continue
            if following in "ux":
                width = 4 if following == "u" else 2
                out.append(chr(int(code[i + 2 : i + 2 + width], 16)))
                i += 2 + width
                continue
            if following == "\n":  # a line continuation
                i += 2
                continue
            out.append(simple.get(following, following))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


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
