"""Every page, and what readers do on it, under the Content-Security-Policy nginx sends, in
real headless Chromium: zero violations, and not one request to another host.

Each document gets a `securitypolicyviolation` listener before its own
scripts run (an init script, which the policy does not govern), the
console is watched for Chromium's "Refused to ..." messages, and every
request the tab makes must go to the test server's host (the third-party
check: tests/test_third_party.py holds its static half). Control tests
break the policy, and call another host, on purpose, so the watch is known
to see both.
"""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, content_pages, goto_settled, is_local, url_path, wait_until
from guide.steps.published_urls import RECORD, read_record

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber);
});
// A real print dialog would wait for a person; the test only needs to know it was asked for.
window.print = function () { window.__printed = true; };
"""
# Short links are left out, in each edition: nginx answers them with a 301 to a page loaded here
# anyway (tests/test_served.py checks each answer), so a browser would load that page twice.
PAGES = [url for url in read_record(ROOT / RECORD) if not url.startswith(("/go/", "/es/go/"))]
AXE_LOADS = {"/" + url_path(page) for page in content_pages()}  # tests/test_accessibility.py loads these


class Watched:
    """A tab whose every document reports policy violations and CSP console messages."""

    def __init__(self, browser, permissions=(), **context_options):
        self.context = browser.new_context(permissions=list(permissions), **context_options)
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.found: list[str] = []
        self.requests: list[str] = []
        self.context.on("request", self._request)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.found.append(f"page error: {error}"))

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.found.append(f"console: {text}")

    def _request(self, request) -> None:
        self.requests.append(request.url)
        if not is_local(request.url):
            self.found.append(f"request to another host: {request.url}")

    def collect(self, where: str) -> None:
        for line in self.page.evaluate("window.__cspViolations || []"):
            self.found.append(f"{where}: {line}")
        self.page.evaluate("window.__cspViolations = []")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    tabs: list[Watched] = []

    def make(permissions=()):
        tabs.append(Watched(browser, permissions))
        return tabs[-1]

    yield make
    for tab in tabs:
        tab.close()


def test_the_watch_sees_a_violation(nginx_url, watched) -> None:
    _, base = nginx_url
    tab = watched()
    tab.page.goto(base, wait_until="load")
    tab.page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; document.head.append(s); }")
    tab.page.wait_for_timeout(200)
    tab.collect("/")
    assert any("script-src" in line for line in tab.found), tab.found


def test_the_watch_sees_a_request_to_another_host(nginx_url, watched) -> None:
    _, base = nginx_url
    tab = watched()
    # Answered here, never sent: a link followed to another site is a request the watch must see.
    tab.page.route("http://elsewhere.example/**", lambda route: route.fulfill(body="elsewhere", content_type="text/html"))
    tab.page.goto(base, wait_until="load")
    tab.page.goto("http://elsewhere.example/page", wait_until="load")
    assert tab.found == ["request to another host: http://elsewhere.example/page"]


# One page of each kind, whose scripts may fetch after the page has loaded (the branch list,
# the worksheet and copy scripts): the crawl waits on these until the network is quiet.
QUIET_PAGES = {"/", "/worksheets/debrief/", "/checklists/in-the-room/", "/branches/", "/branches/riverside/",
               "/recruiters/", "/scenarios/no-news-after-a-week/", "/es/", "/es/worksheets/debrief/", "/es/branches/"}


def crawled(engine: str) -> list[str]:
    """The pages the crawl loads on each engine. On the MkDocs build, every content page is loaded
    under this same watch by tests/test_accessibility.py, which checks axe and the policy on one
    load (a page load in Chromium is most of either check's time); here, the rest."""
    if engine == "zensical":
        return [*PAGES, "/no-such-page/"]
    return [url for url in PAGES if url not in AXE_LOADS] + ["/no-such-page/"]


def test_every_page_loads_without_a_violation(nginx_url, watched) -> None:
    engine, base = nginx_url
    tab = watched()
    assert len(PAGES) > 40
    urls = crawled(engine)
    for url in urls:
        address = base.rstrip("/") + url
        if url in QUIET_PAGES:
            goto_settled(tab.page, address)
        else:
            tab.page.goto(address, wait_until="load")
        assert tab.page.evaluate("Array.isArray(window.__cspViolations)"), url
        tab.collect(url)
    assert tab.found == []
    assert len(tab.requests) > len(urls), f"only {len(tab.requests)} requests: was anything loaded?"


def test_every_recorded_page_is_loaded_under_the_watch_on_each_engine() -> None:
    # What the MkDocs crawl leaves to the accessibility test must be what that test loads.
    left = set(PAGES) - set(crawled("mkdocs"))
    assert left <= AXE_LOADS, sorted(left - AXE_LOADS)
    assert left and len(crawled("mkdocs")) < len(PAGES) / 2, "the accessibility test should load most pages"
    assert set(PAGES) < set(crawled("zensical"))


def test_reading_and_using_the_site_raises_no_violation(nginx_url, watched) -> None:
    engine, base = nginx_url
    tab = watched(permissions=["clipboard-read", "clipboard-write"])
    page = tab.page

    # Search: the lazy loader, the index request and the worker all run under the policy
    # (Zensical's panel too, with the stylesheet it puts in its shadow root).
    page.goto(base, wait_until="load")
    if engine == "mkdocs":
        search, results = page.locator("input.md-search__input"), page.locator(".md-search-result__item")
        search.click()
    else:
        page.locator("button.md-search__button").first.click()
        search, results = page.locator("dialog input[aria-label='Search']"), page.locator("dialog a")
    search.press_sequentially("sweaty")
    results.filter(has_text=re.compile("sweaty", re.I)).first.wait_for(timeout=15_000)
    tab.collect("search")
    assert any(url.endswith(("/search_index.json", "/search.json")) for url in tab.requests), "search loaded no index"

    # The palette toggle: Material stores and applies the choice with its own scripts.
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.keyboard.press("Escape")
    page.goto(base, wait_until="load")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    wait_until(page, f"document.body.getAttribute('data-md-color-scheme') !== {before!r}")
    tab.collect("palette")

    # A checklist tick, kept in localStorage.
    page.goto(base + "checklists/in-the-room/", wait_until="load")
    box = page.locator(".md-typeset input[type='checkbox']").first
    box.check()
    assert box.is_checked()
    tab.collect("checklist")

    # Typing in a worksheet, then printing it (the print stylesheet and the print button).
    page.goto(base + "worksheets/debrief/", wait_until="load")
    field = page.locator(".md-typeset textarea, .md-typeset input[type='text']").first
    field.press_sequentially("I told the forklift story.")
    page.get_by_role("button", name="Print this sheet").click()
    assert page.evaluate("window.__printed === true")
    page.emulate_media(media="print")
    page.wait_for_timeout(200)
    page.emulate_media(media="screen")
    tab.collect("worksheet")

    # A copy button on the recruiters' page.
    page.goto(base + "recruiters/", wait_until="load")
    button = page.locator("button[data-copy]").first
    button.click()
    # The status beside the clicked button says what happened (copied, or selected to copy).
    wait_until(page, "[...document.querySelectorAll('.go-status')].some(status => status.textContent.length > 0)")
    tab.collect("copy")

    assert tab.found == [], engine
