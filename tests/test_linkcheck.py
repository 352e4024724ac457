"""Links and anchors: the build's own check of the files, and LinkChecker crawling each engine's
build as nginx serves it. Each checker is tested on a planted broken link too."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from guide.checks import linkcheck
from guide.web import links

CHECK = [sys.executable, "-m", "guide", "check-links", "-f", str(ROOT / "mkdocs.yml")]


def test_linkchecker_finds_nothing_broken_as_nginx_serves_each_build(nginx_url) -> None:
    engine, base_url = nginx_url
    assert linkcheck.crawl(base_url) == [], engine


def test_linkchecker_reports_a_broken_anchor_with_its_page(tmp_path: Path) -> None:
    # A three-page site: this checks the checker (its anchor plugin loads and reports), not the guide.
    # /during/ is reached only through links with an #anchor, which LinkChecker reads once for
    # all of them (linkcheck.once_per_document): the good anchor passes, the missing one is
    # reported, and so is the broken link the page itself holds, under the page's own address.
    site = tmp_path / "site"
    (site / "during").mkdir(parents=True)
    (site / "index.html").write_text('<html><body><a href="about/">about</a></body></html>')
    (site / "during" / "index.html").write_text('<html><body><h2 id="here">x</h2><a href="../gone/">y</a></body></html>')
    (site / "about").mkdir()
    (site / "about" / "index.html").write_text(
        '<html><body><a href="../during/#here">ok</a> <a href="../during/#gone-section">x</a></body></html>')
    result = subprocess.run([*CHECK, str(site)], capture_output=True, text=True)
    assert result.returncode == 1
    broken = [line for line in result.stderr.splitlines() if "is broken" in line]
    assert len(broken) == 2, result.stderr
    assert any(line.strip().startswith("/about/: link '../during/#gone-section'") for line in broken), broken
    assert any(line.strip().startswith("/during/: link '../gone/'") for line in broken), broken
    assert "#here" not in result.stderr


def site_with(tmp_path: Path, html: str) -> Path:
    site = tmp_path / "site"
    for relative in ("index.html", "during/index.html", "during/keep-calm/index.html", "assets/site.css"):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text('<html><body><h2 id="breathe">x</h2></body></html>')
    (site / "about" / "index.html").parent.mkdir(parents=True)
    (site / "about" / "index.html").write_text(f"<html><head></head><body>\n{html}\n</body></html>")
    return site


def broken_in(site: Path, base_path: str = "/", site_url: str = "") -> list[str]:
    return [str(problem) for problem in links.check(site, base_path, site_url)]


def test_the_build_check_accepts_what_resolves(tmp_path: Path) -> None:
    site = site_with(tmp_path, "\n".join([
        '<a href="../during/keep-calm/#breathe">ok</a>',
        '<a href="../during/">folder</a>', '<a href="../during">no slash</a>', '<a href="/">root</a>',
        '<a href="#">top</a>', '<a href="?q=late">query</a>', '<link rel="stylesheet" href="../assets/site.css">',
        '<a href="mailto:x@example.org">mail</a>', '<a href="tel:+12025550142">call</a>',
        '<a href="https://elsewhere.example/">another host</a>', '<img src="data:image/png;base64,AAAA">',
        '<a href="https://guide.example.org/during/keep-calm/#breathe">our own address</a>',
    ]))
    assert broken_in(site, "/", "https://guide.example.org/") == []


def test_the_build_check_names_the_page_line_and_what_is_missing(tmp_path: Path) -> None:
    site = site_with(tmp_path, '<a href="../during/keep-calm/#breathx">a</a>\n<a href="../during/gone/">b</a>\n'
                               '<script src="../assets/gone.js"></script>\n<meta http-equiv="refresh" content="0; url=../nowhere/">')
    problems = broken_in(site)
    assert problems == [
        "about/index.html, line 2: link '../during/keep-calm/#breathx' points to #breathx, which /during/keep-calm/index.html does not have",
        "about/index.html, line 3: link '../during/gone/' points to /during/gone/, which is not in the site",
        "about/index.html, line 4: link '../assets/gone.js' points to /assets/gone.js, which is not in the site",
        "about/index.html, line 5: link '../nowhere/' points to /nowhere/, which is not in the site",
    ]


def test_the_build_check_reads_what_a_browser_follows_and_nothing_else() -> None:
    # A link in a comment or in a script's text is no link; a preconnect is not fetched as a page;
    # an entity in an attribute is what the browser decodes; an <a name> is a place to jump to.
    found, ids = links.read(
        '<html><head><link rel="preconnect" href="../gone-1/"><script>const a = \'<a href="../gone-2/">\';</script>\n'
        '</head><body><!-- <a href="../gone-3/">old</a> -->\n<a href="../during/?a=1&amp;b=2">x</a>\n'
        '<a name="old-place"></a><h2 id="here">y</h2>\n<a\n  class="button"\n  href="../during/keep-calm/">z</a>\n'
        '<img src="../assets/photo.png" alt=""></body></html>')
    assert [(link.line, link.tag, link.url) for link in found] == [
        (3, "a", "../during/?a=1&b=2"),
        (7, "a", "../during/keep-calm/"),  # a start tag over lines 5 to 7: the line it ends on
        (8, "img", "../assets/photo.png"),
    ]
    assert ids == {"old-place", "here"}
    assert links.read("") == ([], set())


def test_the_build_check_keeps_links_under_the_base_path(tmp_path: Path) -> None:
    site = site_with(tmp_path, '<a href="/help/during/">in</a>\n<a href="/during/">outside</a>\n<a href="../../..">above</a>')
    problems = broken_in(site, "/help/")
    assert len(problems) == 2 and all("outside the site's base path /help/" in p for p in problems), problems
