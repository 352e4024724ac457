"""Page weight: what a first view of a page loads, measured from the built files' sizes.

Chromium records the requests; the sizes are those of the built files, gzipped
at level 9 (what a production host sends), so the figures do not move with the
machine's load. tests/test_weight_budget.py holds the home page to the budget;
scripts/bench.py (`make bench`) prints the figures and the heaviest page.
"""
from __future__ import annotations

import gzip
from pathlib import Path

from guide.checks.browser import first_view

# The weight budget (docs: handbook/developers.md, "Quality gates"; enforced by tests/test_weight_budget.py):
# the home page's HTML fits the first round trip (TCP's initial window, ~14 KB),
# and its whole first view stays small on a phone's slow connection.
HTML_BUDGET_GZIP = 14 * 1024
FIRST_VIEW_BUDGET_GZIP = 80 * 1024


def site_file(base_url: str, url: str, site: Path) -> Path | None:
    """The built file that the local server answers `url` with (None: not ours, or missing)."""
    if not url.startswith(base_url):
        return None
    path = url[len(base_url):].split("#")[0].split("?")[0]
    file = site / path
    if path == "" or path.endswith("/"):
        file = file / "index.html"
    return file if file.is_file() else None


def gzip_size(file: Path) -> int:
    return len(gzip.compress(file.read_bytes(), compresslevel=9))


def page_weight(browser, base_url: str, path: str, site: Path) -> dict:
    """Everything a first view of the page loads, by type, raw and gzip, from the built files' sizes."""
    context = browser.new_context()  # a fresh profile: nothing cached
    try:
        requests = first_view(context.new_page(), base_url + path)
    finally:
        context.close()
    files: dict[Path, str] = {}
    unmapped = []
    for kind, url in requests:
        file = site_file(base_url, url, site)
        if file is None:
            unmapped.append(url)
        else:
            files.setdefault(file, kind)
    html = [f for f, kind in files.items() if kind == "document"][:1]
    code = [f for f, kind in files.items() if kind in ("stylesheet", "script")]
    return {
        "requests": len(requests),
        "html_bytes": sum(f.stat().st_size for f in html),
        "html_gzip_bytes": sum(map(gzip_size, html)),
        "css_js_bytes": sum(f.stat().st_size for f in code),
        "css_js_gzip_bytes": sum(map(gzip_size, code)),
        "all_bytes": sum(f.stat().st_size for f in files),
        "all_gzip_bytes": sum(map(gzip_size, files)),
        "search_loaded": any(f.name == "search_index.json" or "/workers/" in f.as_posix() for f in files),
        "files": sorted(f.relative_to(site).as_posix() for f in files),
        "unmapped": unmapped,
    }


def summary(weight: dict) -> dict:
    return {k: v for k, v in weight.items() if k not in ("files", "unmapped")}


def content_pages(site: Path) -> list[str]:
    """URL paths of every page but redirect stubs."""
    return sorted(
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html")
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:4000]
    )


