"""What readers do across pages while Material's instant navigation swaps them in place
(a click that fetches the next page and replaces the body, without a full load): checklist
ticks are kept, the reader's branch office follows, and the copy buttons still copy.

The three share one build of the site for the port it is served on (site_on_its_own_url):
each used to be in its feature's module, and each module's worker built it again.
"""
from __future__ import annotations

import pytest

from conftest import TEST_BUILD_SKIPS, copy_project, english_only, goto_settled, guide_build, wait_until
from guide.checks import nginx
from guide.web.serve import serve
from test_branches_browser import FIRST, box_text, wait_for_branch, yours
from test_checklists import items, tick_box
from test_links_browser import ALIAS, CLIPBOARD, copy_button


@pytest.fixture(scope="module")
def site_on_its_own_url(tmp_path_factory) -> str:
    """The site built for the port it is served on.

    Material's instant navigation only takes over links whose host and port match
    the sitemap's URLs (it copies protocol and host from the page, not the port),
    so the shared test build, made for port 8000, never navigates instantly.
    Built without paper: the QR codes carry the site's URL, so every PDF would be
    made again for this port (most of the build's time), and no page script reads
    them; with no PDFs written, the link check would rightly fail, so it is left
    out too. The shared build checks both. In English alone (english_only): the tests walk
    English pages.
    """
    project = english_only(copy_project(tmp_path_factory.mktemp("instant")))
    port = nginx.free_port()
    patch = pytest.MonkeyPatch()
    patch.setenv("SITE_URL", f"http://127.0.0.1:{port}/")
    try:
        result = guide_build(project, skip=(*TEST_BUILD_SKIPS, "worksheet-pdfs", "link-check"))
    finally:
        patch.undo()
    assert result.returncode == 0, result.stderr
    with serve(project / "site", port=port) as url:
        yield url


def test_ticks_survive_instant_navigation_away_and_back(page, site_on_its_own_url: str) -> None:
    base_url = site_on_its_own_url
    here, there = items("in-the-room")[2], items("first-24-hours")[0]
    # Start on a page without the checklist script: it must arrive with the page.
    page.goto(base_url + "worksheets/")
    # A full page load would drop this marker; instant navigation keeps it.
    page.evaluate("window.__sameDocument = true")
    page.locator("article a", has_text="In the room").first.click()
    wait_until(page, "location.pathname.endsWith('/checklists/in-the-room/')")
    tick_box(page, here).wait_for()
    assert page.evaluate("window.__sameDocument === true"), "the link did not use instant navigation"
    size = tick_box(page, here).bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24, "the checklist stylesheet did not load"
    tick_box(page, here).check()
    page.locator("article a", has_text="Checklist: the first 24 hours").first.click()
    wait_until(page, "location.pathname.endsWith('/checklists/first-24-hours/')")
    tick_box(page, there).wait_for()
    tick_box(page, there).check()
    page.locator("a.md-footer__link--prev").click()
    wait_until(page, "location.pathname.endsWith('/checklists/in-the-room/')")
    tick_box(page, here).wait_for()
    assert page.evaluate("window.__sameDocument === true")
    assert tick_box(page, here).is_checked()
    # Both ticks were really stored, not just left in a page that stayed alive.
    page.goto(base_url + "checklists/first-24-hours/")
    assert tick_box(page, there).is_checked()
    page.goto(base_url + "checklists/in-the-room/")
    assert tick_box(page, here).is_checked()


def test_the_branch_follows_instant_navigation(browser, site_on_its_own_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_on_its_own_url}go/no-news/?from={FIRST.slug}")
        page.wait_for_url(lambda url: "/go/" not in url, timeout=10_000)
        wait_for_branch(page)
        page.evaluate("window.sameDocument = true")
        page.locator("article a[href$='talk-to-your-recruiter/#ask-for-feedback']").first.click()
        page.wait_for_url(lambda url: "talk-to-your-recruiter" in url)
        page.wait_for_selector("article .br-known", timeout=10_000)
        assert page.evaluate("window.sameDocument === true"), "the click did a full page load"
        assert yours(FIRST) in box_text(page)
    finally:
        context.close()


def test_copy_still_works_after_instant_navigation(browser, site_on_its_own_url: str) -> None:
    context = browser.new_context(permissions=CLIPBOARD)
    page = context.new_page()
    try:
        goto_settled(page, site_on_its_own_url + "about/")
        # The marker survives only if the click swapped the page body without a full load.
        page.evaluate("window.sameDocument = true")
        page.locator(".md-nav__link[href$='recruiters/']").first.click()
        page.wait_for_selector(f"#go-{ALIAS}")
        assert page.evaluate("window.sameDocument === true"), "the click did a full page load"
        wait_until(page, "window.goCopyReady === true")
        page.evaluate("navigator.clipboard.writeText('before')")
        copy_button(page, f"go-{ALIAS}").click()
        wait_until(page, "document.querySelector('#go-now ~ .go-status').textContent.length > 0")
        assert page.evaluate("navigator.clipboard.readText()") == page.locator(f"#go-{ALIAS}").inner_text().strip()
    finally:
        context.close()
