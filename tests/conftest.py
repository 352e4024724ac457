"""Shared fixtures: the built site served over HTTP, a headless Chromium, and
throw-away copies of the project for tests that break things on purpose."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
# SITE_DIR lets a developer test a build made elsewhere (e.g. mkdocs build -d /tmp/x).
SITE = Path(os.environ.get("SITE_DIR", ROOT / "site")).resolve()
sys.path.insert(0, str(ROOT / "scripts"))

from browser import launch  # noqa: E402
from serve_site import serve  # noqa: E402

# What a build needs; a copy of these is a complete project.
PROJECT_PARTS = ["mkdocs.yml", "docs", "overrides", "hooks", "data"]


def built_pages() -> list[Path]:
    """Every HTML page of the built site (redirect stubs included)."""
    return sorted(SITE.rglob("*.html"))


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail("site/ is not built: run the tests with 'make test', which builds first.")
    return SITE


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
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
    """Copy the project's sources into folder.

    The worksheet PDF cache comes along when a build left one: it is keyed by
    content, so it changes no result, but it spares each copy's build from
    rendering every PDF again (seconds each).
    """
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, folder / part)
        elif source.is_file():
            shutil.copy2(source, folder / part)
    cache = ROOT / "build" / "worksheet-pdfs"
    if cache.is_dir():
        shutil.copytree(cache, folder / "build" / "worksheet-pdfs")
    return folder


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's sources to break on purpose."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def site_on_its_own_url(tmp_path_factory) -> str:
    """The site built for the port it is served on.

    Material's instant navigation only takes over links whose host and port match
    the sitemap's URLs (it copies protocol and host from the page, not the port),
    so the shared test build, made for port 8000, never navigates instantly.
    """
    project = copy_project(tmp_path_factory.mktemp("instant"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    patch = pytest.MonkeyPatch()
    patch.setenv("SITE_URL", f"http://127.0.0.1:{port}/")
    try:
        result = mkdocs_build(project)
    finally:
        patch.undo()
    assert result.returncode == 0, result.stderr
    with serve(project / "site", port=port) as url:
        yield url


def mkdocs_build(project: Path, site: Path | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` on a project folder; return the finished process."""
    site = site or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
    )
