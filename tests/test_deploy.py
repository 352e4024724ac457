"""Deploying: a site under a sub-path, the build's refusal of inline code a strict policy
would block, and the MDN HTTP Observatory's grade of the served site (handbook/operators.md).
"""
from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, guide_build, wait_until
from guide.checks import nginx, observatory
from guide.web import policy
from guide.sources.registry import load as load_registry
from guide.steps.published_urls import RECORD, read_record
from test_csp_browser import Watched

REGISTRY = load_registry(ROOT)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


# --- a sub-path ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory):
    """The site built for http://127.0.0.1:PORT/help/guide/ (link check included) and served there by nginx."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("subpath"))
    port = nginx.free_port()
    patch = pytest.MonkeyPatch()
    patch.setenv("SITE_URL", f"http://127.0.0.1:{port}/help/guide/")
    try:
        # Every step but compress (conftest, TEST_BUILD_SKIPS): it knows nothing of the base path,
        # and nginx serves a file without its .br or .gz copy as it is (tests/test_served.py checks
        # the compressed copies on the shared builds). Its PDFs are printed again: their QR codes
        # carry this address.
        result = guide_build(project)
    finally:
        patch.undo()
    assert result.returncode == 0, result.stderr
    assert "step link-check" in result.stderr
    with nginx.serve(project / "site", "/help/guide/", port=port) as served:
        yield project / "site", served.url


def test_a_sub_path_site_builds_passes_the_link_check_and_serves_there(sub_path_site) -> None:
    site, base = sub_path_site
    assert urlsplit(base).path == "/help/guide/"
    for url in read_record(ROOT / RECORD):
        if not url.startswith(("/go/", "/es/go/")):  # short links answer 301, below
            assert fetch(base.rstrip("/") + url)[0] == 200, url
    link = next(link for link in REGISTRY.links if link.anchor)
    status, headers, _ = fetch(f"{base}go/{link.alias}?from=email")
    assert status == 301
    assert headers["location"].startswith("/help/guide/") and headers["location"].endswith(f"?from=email#{link.anchor}")
    assert fetch(base + "during")[1]["location"] == "/help/guide/during/"
    status, _, body = fetch(base + "no-such-page/")
    assert status == 404 and b"We can't find that page" in body
    assert b'href="/help/guide/assets/not-found.css"' in body  # the 404 page's own stylesheet, under the sub-path
    status, _, body = fetch(base + "es/no-such-page/")  # the Spanish edition's own 404 page, under the sub-path
    assert status == 404 and b'lang="es"' in body and b'href="/help/guide/es/assets/not-found.css"' in body
    # robots.txt names the sitemap by its absolute URL, under the sub-path.
    status, _, body = fetch(base + "robots.txt")
    assert status == 200 and f"Sitemap: {base}sitemap.xml".encode() in body.splitlines()
    # Nothing answers outside the sub-path but the 404 page.
    assert fetch(base.replace("/help/guide/", "/during/"))[0] == 404


def test_instant_navigation_under_the_served_policy_raises_no_violation(sub_path_site, browser) -> None:
    # Served on the port it was built for, so Material's instant navigation takes over
    # the clicks, swapping pages in place under the first page's policy.
    _, base = sub_path_site
    tab = Watched(browser)
    try:
        page = tab.page
        page.goto(base, wait_until="load")
        page.evaluate("window.sameDocument = true")
        for name in ("During the interview", "Worksheets & checklists", "For recruiters"):
            before = page.url
            page.locator(".md-sidebar--primary").get_by_role("link", name=name, exact=True).first.click()
            wait_until(page, f"location.href !== {before!r}")
            page.wait_for_load_state("load")
        # Still the first document: the pages were swapped in place, not loaded afresh.
        assert page.evaluate("window.sameDocument === true")
        tab.collect("instant navigation")
        assert tab.found == []
    finally:
        tab.close()


# --- inline code the policy cannot allow ----------------------------------------------


# A page's Markdown is checked where it is converted, naming its file and line
# (tests/test_no_script.py). The csp step's own refusal is the backstop for what the
# templates write: here, markup in an override of Material's announce block.


def announce(project: Path, markup: str) -> None:
    main = project / "overrides" / "main.html"
    main.write_text(main.read_text() + "\n{% block announce %}" + markup + "{% endblock %}\n")


TEMPLATE_MARKUP = [
    ('<button type="button" onclick="alert(1)">Hi</button>', 'onclick="..."> is an inline event handler'),
    ('<p style="color:red">Red</p>', '<p style="color:red">: move the style into a CSS file'),
    ('<a href="javascript:void(0)">x</a>', "a javascript: URL"),
]


@pytest.mark.parametrize(("markup", "says"), TEMPLATE_MARKUP)
def test_the_policy_names_each_kind_of_inline_code_it_cannot_allow(markup: str, says: str) -> None:
    page = f"<!doctype html><html><head><meta charset=utf-8></head><body>{markup}</body></html>"
    assert [line for line in policy.unhashable(page) if says in line], policy.unhashable(page)


def test_inline_code_no_hash_can_allow_in_a_template_fails_the_build_naming_the_page(english_copy: Path) -> None:
    # One build for all three kinds: the step lists every problem before it fails (the message
    # of each kind is checked above, without a build).
    announce(english_copy, "".join(markup for markup, _ in TEMPLATE_MARKUP))
    result = guide_build(english_copy)
    assert result.returncode == 1
    assert "Content-Security-Policy cannot allow" in result.stderr
    lines = result.stderr.splitlines()
    for _, says in TEMPLATE_MARKUP:
        assert any("about/index.html: " in line and says in line for line in lines), (says, result.stderr[-3000:])


def test_a_templates_inline_script_is_hashed_into_the_policy(english_copy: Path) -> None:
    # Issue 18: only the templates' scripts are; one in a page's Markdown fails the build.
    announce(english_copy, "<script>window.guideProbe = 1;</script>")
    assert guide_build(english_copy).returncode == 0
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(b"window.guideProbe = 1;").digest()).decode()
    assert f"'sha256-{digest}'" in (english_copy / "site" / "nginx.conf").read_text()
    assert f"'sha256-{digest}'" in (english_copy / "site" / "index.html").read_text()  # the site's one policy


# --- the MDN HTTP Observatory ----------------------------------------------------------


def test_the_observatory_grades_the_served_site_a_plus(engine_site) -> None:
    _, site = engine_site
    report = observatory.scan(site)
    failed = {name: test["result"] for name, test in report["tests"].items() if not test["pass"]}
    assert failed == {}
    assert report["scan"]["grade"] == "A+", report["scan"]
    assert report["tests"]["redirection"]["result"] == "redirection-to-https"
    assert report["tests"]["content-security-policy"]["result"] == "csp-implemented-with-no-unsafe-default-src-none"
