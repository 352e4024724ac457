"""The build pipeline: one order, stated in handbook/developers.md and in guide/steps; errors that name
the file and the fix (never a traceback); a build that changes no tracked file; and
`mkdocs serve`, which shows the whole site and records nothing.

Each of the first tests reproduces a bug the build had when it was a set of
MkDocs hooks (a crash on an empty SITE_URL, an error that named the wrong
file, "missing alias" for a numeric one, a search mark that read the markup
rather than the element), on a throw-away copy of the project.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from conftest import ROOT, guide_build
from guide import steps
from guide.checks import nginx


def one_line_error(result: subprocess.CompletedProcess) -> str:
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0]


# --- site_url -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "The environment variable SITE_URL is empty"),
        ("https://guide example.org/", "The environment variable SITE_URL is 'https://guide example.org/', which contains a space"),
        ("guide.example.org", "is 'guide.example.org', which is not a web address with a host"),
        ("https:///help/", "which is not a web address with a host"),
        ("   ", "The environment variable SITE_URL is empty"),
        ("https://guide.example.org/help/?x=1", "it cannot carry a '?' or '#' part"),
    ],
)
def test_a_malformed_site_url_fails_in_one_line_naming_the_variable(project_copy: Path, monkeypatch, value, says) -> None:
    # An empty SITE_URL= once crashed with "'NoneType' object has no attribute 'rstrip'".
    monkeypatch.setenv("SITE_URL", value)
    result = guide_build(project_copy)
    assert result.returncode == 1
    line = one_line_error(result)
    assert says in line
    assert "Fix: set it to the site's public address, like SITE_URL=https://guide.example.org/" in line


def test_a_missing_site_url_names_the_setting(project_copy: Path, monkeypatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    config = project_copy / "mkdocs.yml"
    config.write_text(re.sub(r"^site_url: .*\n", "", config.read_text(), count=1, flags=re.M))
    result = guide_build(project_copy)
    assert result.returncode == 1
    assert "site_url in mkdocs.yml is empty" in one_line_error(result)


# --- a bad title on a short link's target ---------------------------------------------


def test_a_bad_title_on_a_short_link_target_names_that_file(project_copy: Path) -> None:
    # Once: "Error reading page 'recruiters/index.md': mapping values are not allowed here".
    page = project_copy / "docs" / "during" / "keep-calm.md"
    page.write_text(re.sub(r"^title: .*$", "title: Before: keep calm", page.read_text(), count=1, flags=re.M))
    result = guide_build(project_copy)
    assert result.returncode == 1
    assert "docs/during/keep-calm.md, line 2: the front matter is not valid YAML" in result.stderr  # the file's line
    assert 'Fix: put quotes around a value that contains \': \'' in result.stderr
    assert "recruiters/index.md" not in result.stderr


# --- registry values YAML does not read as text ---------------------------------------


def test_a_numeric_alias_says_to_quote_it(project_copy: Path) -> None:
    # Once: "missing alias", for an alias that was there.
    path = project_copy / "data" / "links.yml"
    path.write_text(path.read_text().replace("  - alias: now\n", "  - alias: 2024\n", 1))
    result = guide_build(project_copy)
    assert result.returncode == 1
    assert "`alias: 2024` is read as a int, not text. Fix: put it in quotes: alias: \"2024\"" in result.stderr
    assert "missing" not in result.stderr


# --- search marks read the element, not its markup ------------------------------------


def test_a_read_next_heading_with_a_class_stays_out_of_search(english_copy: Path) -> None:
    # `{#read-next .compact}` renders as <h2 class="compact" id="read-next">, which the
    # old regex missed: the section's links went back into the search index.
    page = english_copy / "docs" / "during" / "keep-calm.md"
    text = page.read_text()
    assert "## What to read next {#read-next}" in text
    page.write_text(text.replace("## What to read next {#read-next}", "## What to read next {#read-next .compact}"))
    result = guide_build(english_copy)
    assert result.returncode == 0, result.stderr
    built = (english_copy / "site" / "during" / "keep-calm" / "index.html").read_text()
    assert 'class="compact"' in built
    index = json.loads((english_copy / "site" / "search" / "search_index.json").read_text())
    locations = [doc["location"] for doc in index["docs"] if doc["location"].startswith("during/keep-calm/")]
    assert locations and not [url for url in locations if url.endswith("#read-next")]
    page_text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("during/keep-calm/"))
    assert "What to read next" not in page_text


# --- one order, in one place ----------------------------------------------------------


def handbook_steps() -> list[str]:
    """The step names of handbook/developers.md, "How the build works", in their listed order."""
    text = (ROOT / "handbook" / "developers.md").read_text(encoding="utf-8")
    section = text.split("## How the build works", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\d+\. \*\*`?([a-z0-9-]+)`?\*\*", section, re.M)


def test_the_developers_handbook_lists_the_steps_in_the_order_the_code_runs_them() -> None:
    code = ["sources", "generator", *(step.name for step in steps.steps())]
    assert handbook_steps() == code


def test_python_m_guide_steps_prints_the_same_order() -> None:
    result = subprocess.run([sys.executable, "-m", "guide", "steps"], capture_output=True, text=True, check=True)
    printed = [line.split()[1] for line in result.stdout.splitlines()]
    assert printed == handbook_steps()


# The step log of a build with every step: tests/test_build.py, test_each_step_logs_its_name_and_time.


# --- the MkDocs hook ------------------------------------------------------------------


def test_plain_mkdocs_build_says_to_use_make_build(project_copy: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project_copy / "mkdocs.yml")],
        capture_output=True, text=True, cwd=project_copy, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "`mkdocs build` makes only the pages. Run `make build`" in result.stderr


def wait_for(url: str, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=5) as response:
                return response.status
        except (URLError, ConnectionError):
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_mkdocs_serve_shows_short_links_and_a_draft_page_and_records_nothing(project_copy: Path) -> None:
    record = project_copy / "data" / "published-urls.txt"
    before = record.read_text()
    (project_copy / "docs" / "moving-on" / "draft.md").write_text(
        "---\ntitle: Draft\ndescription: A draft page.\nreviewed: 2026-11-20\n---\n\n# Draft\n\nNot published yet.\n"
    )
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      - moving-on/index.md\n", "      - moving-on/index.md\n      - moving-on/draft.md\n", 1))
    port = nginx.free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}", "-f", str(config)],
        cwd=project_copy, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        assert wait_for(base + "moving-on/draft/") == 200
        assert wait_for(base + "go/now/") == 200  # the short-links step ran on the served site
        with urlopen(base + "downloads/worksheets/debrief-a4.pdf", timeout=10) as pdf:
            assert pdf.read(4) == b"%PDF"
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert record.read_text() == before


# --- Zensical ends like MkDocs: one "Error: ..." naming the file and the fix ----------------


def test_a_duplicate_worksheet_label_on_zensical_is_one_error_without_false_warnings(project_copy: Path) -> None:
    # It printed seven "page does not exist" warnings (every link to the page it could not
    # render), then Zensical's "Python error: GuideError" with a traceback.
    page = project_copy / "docs" / "worksheets" / "debrief.md"
    text = page.read_text(encoding="utf-8")
    assert "[[lines 2: What surprised you?]]" in text
    line = text[: text.index("[[lines 2: What surprised you?]]")].count("\n") + 1
    page.write_text(text.replace("[[lines 2: What surprised you?]]", "[[lines 2: What did not go well?]]", 1), encoding="utf-8")
    result = guide_build(project_copy, engine="zensical")
    assert result.returncode == 1
    error = one_line_error(result)
    assert error.startswith(f"Error: docs/worksheets/debrief.md, line {line}: the label 'What did not go well?' is already used")
    assert "Fix:" in error
    assert "page does not exist" not in result.stdout + result.stderr
    assert "Python error" not in result.stderr


def test_zensical_builds_into_a_site_dir_outside_the_project(project_copy: Path, tmp_path_factory) -> None:
    # Zensical itself refuses one ("site_dir must be within project root", with a traceback):
    # the build makes the site under build/ and moves it there.
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "site"
    command = [sys.executable, "-m", "guide", "build", "-f", str(project_copy / "mkdocs.yml"),
               "--engine", "zensical", "--site-dir", str(elsewhere), "--skip", "published-urls"]  # pages in progress
    result = subprocess.run(command, capture_output=True, text=True, cwd=project_copy)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "index.html").is_file() and (elsewhere / "sitemap.xml").is_file()
    assert not (project_copy / "site").exists() and not (project_copy / "build" / "zensical-elsewhere").exists()
    assert not (project_copy / ".guide-zensical.yml").exists()
    # A folder that holds something else is never emptied to make room.
    precious = tmp_path_factory.mktemp("precious")
    (precious / "notes.txt").write_text("mine")
    command[command.index(str(elsewhere))] = str(precious)
    result = subprocess.run(command, capture_output=True, text=True, cwd=project_copy)
    assert result.returncode == 1
    assert one_line_error(result).startswith(f"Error: --site-dir {precious} is not empty and holds no built site")
    assert (precious / "notes.txt").read_text() == "mine"


def test_the_published_urls_header_says_who_appends() -> None:
    # It said "The build appends new pages", but the build only reads it: `make record-urls` appends.
    from guide.steps.published_urls import HEADER, RECORD

    text = (ROOT / RECORD).read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    assert "`make record-urls` appends" in HEADER and "The build only reads this file" in HEADER
    assert "build appends" not in text.lower()
