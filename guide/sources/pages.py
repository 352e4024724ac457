"""Source file -> URL, the way both engines lay out the site (directory URLs).

docs/index.md is the home page (''), docs/during/index.md is 'during/', and
docs/during/keep-calm.md is 'during/keep-calm/'. URLs here are site-relative:
no leading slash, no host, no base path.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

# Lowercase words joined by hyphens, in folders: survives email clients, print and dictation.
EMAIL_PROOF_PATH = re.compile(r"^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*$")

# The folder (site-relative) of every file a browser shows in a document of its own
# making rather than as a page: worksheet PDFs, the print packs, branch contact cards.
# One folder, so that the hosts' header rules can leave the pages' policy off it with
# one pattern that no page matches (guide/steps/host_config.py); their URLs are the
# old ones under it: worksheets/debrief-a4.pdf is now downloads/worksheets/debrief-a4.pdf.
DOWNLOADS = "downloads"


def download(relative: str) -> str:
    """The site-relative URL of a download: worksheets/debrief-a4.pdf -> downloads/worksheets/debrief-a4.pdf."""
    return f"{DOWNLOADS}/{relative}"


def url_of(src: str) -> str:
    """The site-relative URL of a docs/ file: during/keep-calm.md -> during/keep-calm/."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def path_of(src: str) -> str:
    """The URL path from the site root: during/keep-calm.md -> /during/keep-calm/."""
    return "/" + url_of(src)


def html_file(site_dir: Path, url: str) -> Path:
    """The built file that serves a site-relative URL (a page's index.html)."""
    url = url.split("#")[0].lstrip("/")
    return site_dir / url / "index.html" if url.endswith("/") or not url else site_dir / url


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both site-relative), as the browser resolves it."""
    base = posixpath.dirname("/" + from_url) if not from_url.endswith("/") and from_url else "/" + from_url
    target = "/" + to_url
    relative = posixpath.relpath(target, base or "/")
    if (to_url.endswith("/") or not to_url) and not relative.endswith("/"):
        relative += "/"  # a folder URL keeps its slash: ../ not .., ./ not .
    return relative


def is_hidden(src: str) -> bool:
    return any(part.startswith(".") for part in src.split("/"))


def source_pages(docs_dir: Path) -> list[str]:
    """Every Markdown page under docs/, as a path like during/keep-calm.md, sorted."""
    return sorted(
        path.relative_to(docs_dir).as_posix()
        for path in Path(docs_dir).rglob("*.md")
        if not is_hidden(path.relative_to(docs_dir).as_posix())
    )
