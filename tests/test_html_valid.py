"""Every built HTML page is valid HTML: the Nu Html Checker (vnu-jar, pinned in
package-lock.json, run with Debian's Java) reports zero errors, on the MkDocs
build and on the Zensical build alike (Zensical's once had 54 errors).

vnu runs once, over both engines' whole sites and a broken control page;
each page is then its own test, so a failure names the engine, the page, the
line and the message. Warnings do not fail the build: they appear in pytest's
warnings summary (and in build/vnu-warnings.txt) so a reviewer sees them. No
error is filtered: Material's invalid bits are repaired by the theme-markup
build step (guide/steps/theme_markup.py) instead.

One kind of warning is left out: vnu's reading of each page's
Content-Security-Policy <meta> tag. It checks the files from disk, where
'self' matches no origin, so it reports every stylesheet and script of the
site; it takes Material's JSON data block for a script; and it hashes a
script that spans lines otherwise than browsers do. The policy is checked
where it applies, in Chromium over HTTP (tests/test_csp_browser.py: zero
violations on every page).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from conftest import ENGINES, ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# (engine, page) for every page of both builds.
PAGES = [(engine, page) for engine, site in sorted(ENGINES.items()) for page in sorted(site.rglob("*.html"))]


class VnuWarning(UserWarning):
    pass


# A page vnu must find errors in: the control that zero errors means valid.
BROKEN = '<!doctype html><html lang="en"><title>x</title><label for="nowhere" tabindex="">x</label><p><div></p>'


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    """The Nu Html Checker that `make node` installs (tests/conftest.py counts a test that needs it as `build`)."""
    if not VNU.is_file():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: run 'make node' (npm ci) or 'make test'.")
    return VNU


@pytest.fixture(scope="session")
def vnu_report(vnu_jar: Path, tmp_path_factory) -> dict[Path | str, list[dict]]:
    """vnu's messages by page, for every page of both builds and the broken control page, from one
    run: Java's start and warm-up was a third of each engine's run (31 s of CPU for two, 21 s for one)."""
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is missing (vnu.jar needs it): run 'sudo apt-get install default-jre-headless'.")
    broken = tmp_path_factory.mktemp("vnu") / "broken.html"
    broken.write_text(BROKEN)
    run = subprocess.run(
        # The JVM's quick compiler only (C1): in a run of ten seconds its optimising one spent as much
        # CPU as the checking (20.7 s of CPU in all, 10.4 s without it; the same report, byte for
        # byte). C1's frames are larger, and the HTML schema recurses deeply: hence the stack.
        [java, "-XX:TieredStopAtLevel=1", "-Xss8m", "-jar", str(vnu_jar), "--format", "json", "--exit-zero-always", "--skip-non-html",
         *(str(site) for site in ENGINES.values()), str(broken)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or run.stdout)
    by_page: dict[Path | str, list[dict]] = {broken.resolve(): []}
    for message in report["messages"]:
        if message["type"] != "error" and "violates Content Security Policy (meta tag)" in message.get("message", ""):
            continue
        path = Path(message.get("url", "").removeprefix("file:")).resolve()
        by_page.setdefault(path, []).append(message)
    for engine, site_dir in ENGINES.items():
        lines = []
        for path, messages in sorted(by_page.items()):
            if not path.is_relative_to(site_dir):
                continue
            for m in messages:
                if m["type"] != "error":
                    # vnu's JSON marks a warning as type "info", subType "warning".
                    kind = m.get("subType") or m["type"]
                    lines.append(f"{path.relative_to(site_dir)}:{m.get('lastLine', '?')}: {kind}: {m['message']}")
        out = ROOT / "build" / ("vnu-warnings.txt" if engine == "mkdocs" else f"vnu-warnings-{engine}.txt")
        out.parent.mkdir(exist_ok=True)
        out.write_text("".join(line + "\n" for line in lines))
        for line in lines:
            warnings.warn(line, VnuWarning, stacklevel=1)
    by_page["control"] = by_page.pop(broken.resolve())
    return by_page


def describe(message: dict) -> str:
    return f"line {message.get('lastLine', '?')}: {message['message']}\n    {message.get('extract', '').strip()!r}"


@pytest.mark.needs_site
def test_site_has_pages(engine_site):
    engine, site = engine_site  # fails, naming the build to make, when one is missing
    assert any(e == engine for e, _ in PAGES), f"no HTML pages under {site}: build the site first ('make test' does)"


@pytest.mark.needs_site  # PAGES is read from the built sites at import
@pytest.mark.parametrize("engine_page", PAGES, ids=[f"{e}:{p.relative_to(ENGINES[e])}" for e, p in PAGES])
def test_page_is_valid_html(engine_page: tuple[str, Path], vnu_report):
    engine, page = engine_page
    errors = [m for m in vnu_report.get(page.resolve(), []) if m["type"] == "error"]
    where = f"{engine}: {page.relative_to(ENGINES[engine])}"
    assert not errors, f"{where}: {len(errors)} vnu error(s):\n" + "\n".join(map(describe, errors))


def test_vnu_reports_errors(vnu_report):
    """The checker itself works: the broken control page, checked in the same run, yields errors (so zero means valid)."""
    errors = [m for m in vnu_report["control"] if m["type"] == "error"]
    assert len(errors) >= 2, vnu_report["control"]
