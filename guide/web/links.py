"""Every link and #anchor in a built site, checked from the files themselves.

The link-check step (guide/steps/link_check.py) runs this over site/ on every
build. It reads each page once with lxml's HTML parser (libxml2), and
resolves each link the way a browser would against the page's own URL and
the site's base path; no server, no crawl. Work grows with the number of
links: a URL is split once however many pages write it, a path is looked up
once however many folders link to it (every page repeats the menu, relatively,
and with folder URLs every page is a folder of its own), and each page is
parsed once, for its links and its ids alike.

What counts as broken:
- a link to a path under the site's base path with no file there (a folder
  URL needs its index.html), or to a path outside the base path;
- a #fragment that no element of the target page carries as its id (or an
  <a name>); an empty fragment (#) is the top of the page and always there;
- the same, for the site's own address written out in full (site_url + path).

Links to other hosts, and mailto:, tel: and data: URLs are not followed
(LinkChecker does that on request: `make linkcheck-external`). LinkChecker
also crawls each engine's build as nginx serves it in `make test`.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from guide.web import html

# Attributes that hold a URL a reader's browser would load or follow.
URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",), "img": ("src",),
    "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "iframe": ("src",), "embed": ("src",), "object": ("data",), "form": ("action",),
}
# <link rel> values that name a document or a file the browser fetches.
FOLLOWED_RELS = {"stylesheet", "icon", "canonical", "alternate", "manifest", "preload", "prefetch", "next", "prev", "apple-touch-icon"}
NOT_FOLLOWED_SCHEMES = ("mailto:", "tel:", "data:", "sms:", "blob:", "about:")


@dataclass(frozen=True)
class Link:
    line: int
    tag: str
    url: str


# libxml2's HTML parser (lxml, html.tree), not Python's: this step reads every page of the site
# whole, and at an agency's size (2,136 pages) the step took 17.9 s with Python's parser, 5.3 s
# with lxml, which reads the same links and ids four times as fast (0.84 s to 0.21 s for today's
# 278 pages). It gives no offsets, which the steps that edit pages need; this one only reads.


def read(text: str) -> tuple[list[Link], set[str]]:
    """The links of an HTML document and the ids (and <a name>s) its elements carry. A link's line
    is where its start tag ends (the same line but for a start tag written over several)."""
    links: list[Link] = []
    ids: set[str] = set()
    root = html.tree(text)
    if root is None:
        return links, ids
    for element in root.iter(tag=etree.Element):  # elements only: no comment or entity
        values = element.attrib
        if not values:  # no attribute, so no link and no id
            continue
        tag = element.tag
        ident = values.get("id")
        if ident:
            ids.add(ident)
        if tag == "a" and values.get("name"):
            ids.add(values["name"])
        if tag == "link" and not FOLLOWED_RELS & set((values.get("rel") or "").lower().split()):
            continue
        for attr in URL_ATTRS.get(tag, ()):
            url = values.get(attr)
            if url is not None and url.strip():
                links.append(Link(element.sourceline, tag, url.strip()))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            _, _, target = (values.get("content") or "").partition("=")
            if target.strip():
                links.append(Link(element.sourceline, "meta refresh", target.strip().strip("'\"")))
    return links, ids


@dataclass(frozen=True)
class Broken:
    page: str  # site-relative path of the file that holds the link, like during/index.html
    line: int
    url: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}, line {self.line}: link '{self.url}' {self.why}"


class SiteLinks:
    """The built site at `site`, served under `base_path` ('/' or like '/help/'), at `site_url`."""

    def __init__(self, site: Path, base_path: str = "/", site_url: str = "") -> None:
        self.site = site
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        self.site_url = site_url
        self.files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        self.folders = {posixpath.dirname(f) for f in self.files}
        self._ids: dict[str, set[str]] = {}
        # Links of pages parsed early for their ids (a link pointed into them), kept for their own check.
        self._links: dict[str, list[Link]] = {}
        self._urls: dict[str, tuple[str, str, str]] = {}
        self._paths: dict[str, tuple[str | None, str | None]] = {}

    def html_files(self) -> list[str]:
        return sorted(f for f in self.files if f.endswith(".html"))

    def _read(self, relative: str) -> tuple[list[Link], set[str]]:
        links, ids = read((self.site / relative).read_text(encoding="utf-8"))
        self._ids[relative] = ids
        return links, ids

    def ids(self, relative: str) -> set[str]:
        if relative not in self._ids:
            self._links[relative] = self._read(relative)[0]
        return self._ids[relative]

    def resolve(self, folder: str, url: str) -> tuple[str | None, str, str | None]:
        """(site-relative file or None when not ours to check, fragment, problem or None)."""
        if url not in self._urls:
            self._urls[url] = self._split(url)
        kind, path, fragment = self._urls[url]
        if kind == "other":
            return None, "", None
        if kind == "here":
            return folder + "/index.html" if folder else "index.html", fragment, None  # "#x" or "?q": this page
        absolute = path if path.startswith("/") else posixpath.join("/", self.base_path.strip("/"), folder, path)
        normal = posixpath.normpath(absolute) + ("/" if path.endswith("/") and absolute != "/" else "")
        if normal not in self._paths:
            self._paths[normal] = self._target(normal)
        target, problem = self._paths[normal]
        return target, fragment, problem

    def _split(self, url: str) -> tuple[str, str, str]:
        """What a URL says wherever it is written: ("other", "", ""), ("here", "", fragment) or ("path", path, fragment)."""
        if url.lower().startswith(NOT_FOLLOWED_SCHEMES):
            return "other", "", ""
        if self.site_url and url.startswith(self.site_url):
            url = self.base_path + url[len(self.site_url):]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return "other", "", ""  # another host: `make linkcheck-external`
        fragment = unquote(parts.fragment)
        if not parts.path:
            return "here", "", fragment
        return "path", unquote(parts.path), fragment

    def _target(self, normal: str) -> tuple[str | None, str | None]:
        """(the site-relative file an absolute, normalised URL path is served from, or the problem)."""
        if normal.startswith("//"):
            normal = normal[1:]
        if not (normal + ("" if normal.endswith("/") else "/")).startswith(self.base_path):
            return None, f"points outside the site's base path {self.base_path}"
        relative = normal[len(self.base_path):] if normal.startswith(self.base_path) else ""
        if relative == "" or relative.endswith("/"):
            target = relative + "index.html"
        elif relative in self.files:
            target = relative
        elif relative in self.folders and relative + "/index.html" in self.files:
            target = relative + "/index.html"  # hosts answer a folder without its slash with a redirect
        else:
            target = relative
        if target not in self.files:
            return None, f"points to {self.base_path}{relative}, which is not in the site"
        return target, None

    def check_page(self, relative: str) -> list[Broken]:
        links = self._links.pop(relative, None)
        if links is None:
            links = self._read(relative)[0]
        folder = posixpath.dirname(relative)
        broken = []
        for link in links:
            target, fragment, problem = self.resolve(folder, link.url)
            if problem:
                broken.append(Broken(relative, link.line, link.url, problem))
            elif target and fragment and target.endswith(".html") and fragment not in self.ids(target):
                broken.append(Broken(relative, link.line, link.url, f"points to #{fragment}, which {self.base_path}{target} does not have"))
        return broken

    def check(self, pages: Iterable[str] | None = None) -> list[Broken]:
        return [problem for page in (pages if pages is not None else self.html_files()) for problem in self.check_page(page)]


def check(site: Path, base_path: str = "/", site_url: str = "") -> list[Broken]:
    """Every broken link and anchor in the built site (empty when all resolve)."""
    return SiteLinks(site, base_path, site_url).check()
