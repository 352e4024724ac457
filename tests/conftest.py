"""Shared fixtures: the built sites (MkDocs + Material in site/, Zensical in
build/zensical/site/) served over HTTP, a headless Chromium, and throw-away
copies of the project for tests that break things on purpose."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from guide.checks import scale
from guide.checks.browser import goto_settled, launch, settle, wait_for_events, wait_until  # noqa: F401 - the tests import them from here
from guide.web.serve import serve

ROOT = Path(__file__).resolve().parent.parent
# SITE_DIR lets a developer test a build made elsewhere (python -m guide build --site-dir /tmp/x).
SITE = Path(os.environ.get("SITE_DIR", ROOT / "site")).resolve()
# `make test` builds the same sources with Zensical here (Makefile, ZENSICAL_SITE).
ZENSICAL_SITE = Path(os.environ.get("ZENSICAL_SITE_DIR", ROOT / "build" / "zensical" / "site")).resolve()
ENGINES = {"mkdocs": SITE, "zensical": ZENSICAL_SITE}



def built_pages() -> list[Path]:
    """Every HTML page of the built site (redirect stubs included)."""
    return sorted(SITE.rglob("*.html"))


REFRESH = re.compile(r'<meta http-equiv="refresh"[^>]*>', re.I)


def is_stub(page: Path) -> bool:
    """A redirect stub: a short link under /go/ or a moved page's old address."""
    return bool(REFRESH.search(page.read_text(encoding="utf-8")[:4000]))


def url_path(page: Path) -> str:
    """The page's address below the site's root, as a link names it: "during/keep-calm/"."""
    return page.relative_to(SITE).as_posix().removesuffix("index.html")


def content_pages() -> list[Path]:
    """Every built page but the redirect stubs: what tests/test_accessibility.py loads."""
    return [page for page in built_pages() if not is_stub(page)]


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail("site/ is not built: run the tests with 'make test', which builds first.")
    return SITE


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session", params=sorted(ENGINES))
def engine_site(request) -> tuple[str, Path]:
    """(engine, built site) for each engine: the checks both engines must pass."""
    site = ENGINES[request.param]
    if not (site / "index.html").is_file():
        pytest.fail(f"{site} is not built: run the tests with 'make test', which builds it with {request.param}.")
    return request.param, site


@pytest.fixture(scope="session")
def engine_url(engine_site):
    """(engine, base URL) of each engine's build, served over HTTP."""
    engine, site = engine_site
    with serve(site) as url:
        yield engine, url


@pytest.fixture(scope="session")
def nginx_url(engine_site):
    """(engine, base URL) of each engine's build served by Debian's nginx with the
    build's own site/nginx.conf, from a temporary prefix (guide/checks/nginx.py)."""
    from guide.checks import nginx

    engine, site = engine_site
    with nginx.serve(site) as served:
        yield engine, served.url


# The tests' browser runs pages' JavaScript without V8's optimising compilers (TurboFan, Maglev):
# a page's scripts run for a moment and go with the page, and compiling them hot on the spare core
# cost more CPU than it saved. axe on every page: 208 to 186 s of CPU; page loads and typed searches
# cost the same either way. What the tests check does not depend on how fast JavaScript runs; the
# bench and the search harness launch the browser as it is, since their timings are a reader's.
TEST_BROWSER_ARGS = ("--js-flags=--no-opt --no-maglev",)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright, TEST_BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname == "127.0.0.1"


def copy_project(folder: Path) -> Path:
    """Copy the project's sources into folder, with the caches keyed by content (the worksheet
    PDFs and the compressed copies), which change no result but spare each copy's build from
    rendering every PDF and compressing every file again."""
    return scale.copy_project(ROOT, folder)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's sources to break on purpose."""
    return copy_project(tmp_path)


def english_only(project: Path) -> Path:
    """Make a copy of the project a guide in English alone: no `extra.alternate` in mkdocs.yml, no
    edition folder, and none of the editions' URLs in the published record (a guide in one
    language is a configuration the build supports: guide/sources/editions.py).

    For a test of what the build does with an English page or a shared template: every edition
    is built by the same code, and the others were half of such a test's build (6.0 to 3.3 s of
    CPU). Both editions are built by `make test`'s own builds, and by the tests of branches,
    editions, failed builds, a site elsewhere, a sub-path and 500 offices."""
    from guide.sources import editions
    from guide.sources.config import load_project
    from guide.steps.published_urls import RECORD

    others = [each for each in editions.editions(load_project(project / "mkdocs.yml")) if not each.is_main]
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    listed = re.search(r"^  alternate:\n(?:    .*\n)+", text, re.M)
    assert others and listed, "mkdocs.yml lists no other edition under extra.alternate: english_only() has nothing to do"
    config.write_text(text.replace(listed.group(0), "", 1), encoding="utf-8")
    for each in others:
        shutil.rmtree(project / each.folder)
    record = project / RECORD
    prefixes = tuple(f"/{each.prefix}" for each in others)
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    record.write_text("".join(line for line in lines if not line.startswith(prefixes)), encoding="utf-8")
    return project


@pytest.fixture
def english_copy(project_copy: Path) -> Path:
    """A copy of the project in English alone (english_only), to break on purpose."""
    return english_only(project_copy)


def render_markdown(text: str, src: str, extensions: list[str], site_url: str = "https://guide.example.org/") -> str:
    """Convert Markdown with the project's extensions outside any engine, as if it were docs/SRC."""
    import markdown

    from guide.markdown.page import PageContext

    md = markdown.Markdown(extensions=["attr_list", "toc", *extensions])
    md.guide_page = PageContext(src=src, docs_dir=ROOT / "docs", root=ROOT, site_url=site_url)
    return md.convert(text)


# What a test's build of a project copy leaves out unless it asks: Brotli at quality 11 over
# every page whose HTML changed (a menu entry or a new SITE_URL changes them all) was most of
# those builds' time, and it cannot fail on what an editor writes. `make test`'s own builds
# compress, the served tests read their .br and .gz copies, and the sub-path build compresses.
TEST_BUILD_SKIPS = ("compress",)


def guide_build(project: Path, engine: str = "mkdocs", skip: tuple[str, ...] = TEST_BUILD_SKIPS) -> subprocess.CompletedProcess:
    """Run the build (`python -m guide build`) on a project folder, but the steps in `skip`;
    return the finished process."""
    command = [sys.executable, "-m", "guide", "build", "-f", str(project / "mkdocs.yml"), "--engine", engine]
    command += [argument for step in skip for argument in ("--skip", step)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=project)
    # An editor's mistake gets its message, never a traceback.
    assert "Traceback (most recent call last)" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


# Every test gets one marker by what it needs, from the fixtures it asks for
# (so none can be forgotten): `make test-fast` runs the `unit` ones, which need
# no build, no browser and no server. Registered in pyproject.toml.
NEEDS = (
    ("served", {"nginx_url", "observatory_report", "served_url"}),
    ("browser", {"browser", "page"}),
    # vnu_jar: a quality tool `make test` installs (make node), which `make test-fast` does not.
    ("build", {"site_dir", "base_url", "engine_site", "engine_url", "project_copy", "site_on_its_own_url", "sub_path_site", "built", "unchanged",
               "vnu_jar"}),
)


# The modules that take longest on one worker, longest first (measured in a full run on two cores).
# `make test` hands out whole modules in collection order (--dist loadfile --no-loadscope-reorder),
# so these start at once; xdist's own order, by number of tests, started test_linkcheck.py's two
# crawls (6 tests, 3 minutes) last, and one worker ran them alone while the other core idled.
LONGEST_FIRST = (
    "test_accessibility.py", "test_links_build.py", "test_deploy.py", "test_linkcheck.py", "test_qr_codes.py",
    "test_csp_browser.py", "test_search_quality.py", "test_branches_browser.py", "test_host_files.py",
    "test_pipeline.py", "test_worksheets_pdf.py", "test_editions.py", "test_engines.py", "test_checklists.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    rank = {name: number for number, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        kind = next((name for name, fixtures in NEEDS if needs & fixtures), "unit")
        if kind == "unit" and any(mark.name == "needs_site" for mark in item.iter_markers()):
            kind = "build"
        item.add_marker(getattr(pytest.mark, kind))
