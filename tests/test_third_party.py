"""No third parties: a reader's browser talks to our host only.

Two checks that catch different mistakes:
- In headless Chromium, every page as nginx serves it, on both engines (search
  opened too), makes zero requests to any host but the test server's: the
  watch in tests/test_csp_browser.py, which loads every page anyway, counts
  every request of its tab.
- The built HTML and CSS reference no other host in anything the browser loads
  by itself: src, srcset, poster, link href, form actions, meta refresh,
  url() and @import in CSS and style attributes, SVG <use>. Open Graph and
  canonical URLs may name only the site's own host (site_url). Plain <a href>
  links to other sites are the reader's choice and are allowed, and XML
  namespace strings (xmlns) are names, not requests.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE, built_pages

PAGES = built_pages()
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)
# Attributes whose URL the browser fetches without the reader asking.
FETCHED = {"src", "srcset", "poster", "data", "action", "formaction", "background", "href", "xlink:href", "manifest", "ping"}


@functools.cache
def own_hosts() -> frozenset[str]:
    from guide.sources.config import load_project

    site_url = load_project(ROOT / "mkdocs.yml").site_url
    return frozenset({"127.0.0.1", "localhost", urlparse(site_url).hostname or "127.0.0.1"})


def foreign(url: str, hosts: set[str]) -> bool:
    """True when `url` would be fetched from another host (relative URLs and data: are ours)."""
    url = url.strip()
    if not url or url.startswith(("#", "data:", "blob:", "about:", "javascript:", "mailto:", "tel:")):
        return False
    parsed = urlparse(urljoin("http://127.0.0.1/", url))
    return parsed.hostname not in hosts


def references(html: str):
    """(where, url) for every URL in the page that the browser fetches or shares on its own."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            if isinstance(value, list):
                value = " ".join(value)
            if attr == "href" and tag.name == "a":
                continue  # a link the reader chooses to follow
            if attr in FETCHED:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if attr == "srcset" else [value]
                for url in urls:
                    yield f"<{tag.name} {attr}>", url
            if attr == "style":
                for match in CSS_URL.finditer(value):
                    yield f"<{tag.name} style>", match.group(1) or match.group(2)
        if tag.name == "meta":
            content = tag.get("content", "")
            if (tag.get("http-equiv") or "").lower() == "refresh" and "url=" in content.lower():
                yield "<meta refresh>", content.split("=", 1)[1]
            elif content.startswith(("http://", "https://", "//")):
                yield f"<meta {tag.get('property') or tag.get('name')}>", content
        if tag.name == "style":
            for match in CSS_URL.finditer(tag.get_text()):
                yield "<style>", match.group(1) or match.group(2)


@pytest.mark.needs_site
def test_site_has_pages():
    assert PAGES, f"no HTML pages under {SITE}: build the site first ('make test' does)"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(SITE)) for p in PAGES])
def test_html_references_no_other_host(page: Path):
    hosts = own_hosts()
    bad = [f"{where} {url}" for where, url in references(page.read_text(encoding="utf-8")) if foreign(url, hosts)]
    assert not bad, f"{page.relative_to(SITE)} makes the browser contact another host:\n  " + "\n  ".join(bad)


def test_css_references_no_other_host(site_dir: Path):
    hosts = own_hosts()
    bad = []
    for css in sorted(site_dir.rglob("*.css")):
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if foreign(url, hosts):
                bad.append(f"{css.relative_to(site_dir)}: {url}")
    assert not bad, "CSS loads from another host (web fonts? a CDN?):\n  " + "\n  ".join(bad)


def test_scanner_catches_foreign_references():
    hosts = {"127.0.0.1"}
    html = ('<link rel="stylesheet" href="https://fonts.example/css"><img srcset="a.png 1x, https://cdn.example/b.png 2x">'
            '<div style="background:url(//cdn.example/x.png)"></div><meta http-equiv="refresh" content="0; url=https://elsewhere.example/">'
            '<meta property="og:image" content="https://cdn.example/card.png"><a href="https://ok.example/">fine</a>'
            '<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    found = {url for _, url in references(html) if foreign(url, hosts)}
    assert found == {"https://fonts.example/css", "https://cdn.example/b.png", "//cdn.example/x.png",
                     "https://elsewhere.example/", "https://cdn.example/card.png"}
