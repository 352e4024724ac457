"""What a host must send with each file of the built site: security headers, caching and MIME types.

Read by the steps that write the host configuration (guide/steps/host_config.py)
and the compressed copies (guide/steps/compress.py), and by the tests; the
operators' guide (handbook/operators.md) says what each header is for. The
Content-Security-Policy itself is guide/web/policy.py.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

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
