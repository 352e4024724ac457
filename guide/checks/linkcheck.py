"""LinkChecker crawling a built site over HTTP, as a reader's browser would reach it.

The build checks every link and #anchor from the files themselves
(guide/web/links.py). LinkChecker, a second and independent checker, crawls
each engine's build as nginx serves it with its generated configuration in
the tests (tests/test_served.py), which also covers what only a server does:
redirects, short links answered by the host, the 404 page. `make
linkcheck-external` runs it over the site served by Python's server, also
following links to other hosts. LinkChecker checks anchors only through its
AnchorCheck plugin and only over HTTP. Each problem names the page that holds
the link and the link itself.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from guide.web.serve import serve

CONFIG = Path(__file__).resolve().parent / "linkcheckerrc"

def run_patched(argv: list[str]) -> int:
    """LinkChecker's command line (pinned 10.6.0 in pyproject.toml), with five changes that alter
    no result; `python -m guide.checks.linkcheck ARGS` runs it.

    - Run as root, it drops to user "nobody" before it loads its plugins; in a checkout
      "nobody" cannot read (a fresh clone under mktemp -d), AnchorCheck then fails to load
      and anchors go unchecked without a word. So it keeps the caller's user.
    - It throttles every host to 10 requests a second unless the server answers with a
      "LinkChecker" header, which the site's own nginx.conf rightly does not send (200 s a
      crawl instead of 20). We crawl our own site on 127.0.0.1, so the throttle is lifted for
      that host only (`make linkcheck-external` still spares other hosts).
    - It takes the text of every element of every page (the whole page's text for <html>,
      <body> and each <div> around the content) and keeps it only as the name of an <a>
      link. Here only <a> elements' text is taken.
    - Each of its debug lines, even with debug output off, looks its logger up under a lock.
      We never pass --debug, so they are dropped before that. This and the change above took
      a crawl of the MkDocs build from 59 s of CPU to 48 s, with the same 548 URLs and results.
    - It checks `page/#part` as a URL of its own, apart from `page/`: it downloads and parses the
      page again for each such link (every table of contents links each heading), and reads
      its links, its robots meta tag and its anchors again. A crawl of the MkDocs build parsed
      979 pages, 776 of them for an #anchor, out of 148 documents. What a document holds is the
      same whatever the fragment, so each is now read once per crawl (`once_per_document`):
      its links are queued once, and its anchor names and robots tag are remembered. A crawl
      then took 16 s of CPU on MkDocs, 15 s on Zensical, with the same URLs and results.
    Checked by tests/test_linkcheck.py: a planted broken anchor and a broken link are still found.
    """
    import linkcheck.command.linkchecker as lc
    import linkcheck.director.aggregator as ag
    from linkcheck import log
    from linkcheck.htmlutil import linkparse

    lc.drop_privileges = lambda: None
    throttle = ag.Aggregate.wait_for_host
    ag.Aggregate.wait_for_host = lambda self, host: None if host.startswith(("127.", "localhost")) else throttle(self, host)
    log.debug = lambda *args, **kwargs: None

    def find_links(soup, callback, tags):
        finder = linkparse.LinkFinder(callback, tags)
        for element in soup.find_all(True):
            text = element.text.strip() if element.name == "a" else ""
            finder.html_element(element.name, element.attrs, text, element.sourceline,
                                None if element.sourcepos is None else element.sourcepos + 1)

    linkparse.find_links = find_links
    once_per_document()
    sys.argv = ["linkchecker", *argv]
    return lc.linkchecker()


def once_per_document() -> None:
    """Read a document's links, anchors and robots tag once, whichever of its URLs (page/ or
    page/#part) LinkChecker meets first: a document's content does not depend on the fragment.
    A link it holds is then reported from the URL that read it, fragment and all (`problems`
    drops it). Its threads share the memo; a race only reads a document twice."""
    from urllib.parse import urldefrag

    import linkcheck.checker.httpurl as httpurl
    import linkcheck.parser as parser
    from linkcheck.htmlutil import linkparse
    from linkcheck.plugins import anchorcheck

    links_read: set[str] = set()
    anchors: dict[str, list] = {}
    robots: dict[str, bool] = {}
    parse_html = parser.parse_html

    def parse_once(url_data) -> None:
        document = urldefrag(url_data.url)[0]
        if document not in links_read:
            links_read.add(document)
            parse_html(url_data)

    def check_anchor(self, url_data) -> None:
        document = urldefrag(url_data.url)[0]
        if document not in anchors:
            found = anchorcheck.UrlAnchorCheck()
            linkparse.find_links(url_data.get_soup(), found.add_anchor, linkparse.AnchorTags)
            anchors[document] = found.anchors
        check = anchorcheck.UrlAnchorCheck()
        check.anchors = anchors[document]
        check.check_anchor(url_data)

    allows = httpurl.HttpUrl.content_allows_robots

    def allows_once(self) -> bool:
        document = urldefrag(self.url)[0]
        if document not in robots:
            robots[document] = allows(self)
        return robots[document]

    parser.parse_html = parse_once
    anchorcheck.AnchorCheck.check = check_anchor
    httpurl.HttpUrl.content_allows_robots = allows_once


def run_linkchecker(base_url: str, external: bool) -> list[dict[str, str]]:
    cmd = [sys.executable, "-m", "guide.checks.linkcheck", "--config", str(CONFIG), "--output", "csv", "--no-status"]
    if external:
        cmd.append("--check-extern")
    proc = subprocess.run([*cmd, base_url], capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    lines = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    if not lines:
        raise RuntimeError(f"LinkChecker printed no report (exit {proc.returncode}):\n{proc.stderr}")
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def problems(rows: list[dict[str, str]], base_url: str) -> list[str]:
    found = []
    for row in rows:
        if row["valid"] != "True" or "anchor" in row["warningstring"].lower():
            page = row["parentname"].split("#")[0].replace(base_url, "/") or "(start page)"
            why = (row["result"] + " " + row["warningstring"]).strip()
            found.append(f"{page}: link '{row['urlname']}' is broken: {why}")
    return sorted(set(found))


def crawl(base_url: str, external: bool = False) -> list[str]:
    """Every broken link LinkChecker finds from `base_url` (a served site), one line each."""
    return problems(run_linkchecker(base_url, external), base_url)


def check(site: Path, base_path: str = "/", external: bool = False) -> list[str]:
    """Every broken link in the built site served on 127.0.0.1, one line each (empty when all resolve)."""
    with serve(site, base_path=base_path) as base_url:
        return crawl(base_url, external)


if __name__ == "__main__":
    sys.exit(run_patched(sys.argv[1:]))
