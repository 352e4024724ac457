"""The build refuses to break an emailed link, and says which entry is wrong and how to fix it.

Each test breaks a throw-away copy of the project (project_copy, or english_copy where only
an English page is concerned: tests/conftest.py) and builds it.
The build only reads data/published-urls.txt; `python -m guide record-urls`
(`make record-urls`) is the one thing that appends to it.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import guide_build
from guide.sources import frontmatter
from guide.sources.registry import heading_title
from guide.sources.registry import load as load_registry

RECORD = "data/published-urls.txt"


def insert_link(project: Path, entry: dict) -> None:
    """Add one entry at the end of the `links:` list, keeping the file's comments."""
    path = project / "data" / "links.yml"
    text = path.read_text(encoding="utf-8")
    # JSON strings are valid YAML scalars, quoted where needed.
    block = "".join(
        ("  - " if i == 0 else "    ") + f"{key}: {json.dumps(value)}\n" for i, (key, value) in enumerate(entry.items())
    )
    head, sep, tail = text.partition("\nemails:")
    assert sep, "data/links.yml has no `emails:` section to insert before"
    path.write_text(head.rstrip("\n") + "\n" + block + sep + tail, encoding="utf-8")


def build(project: Path):
    result = guide_build(project)
    return result.returncode, result.stderr


# An unchanged copy builds, its short links included: tests/test_build.py.


def test_deleted_target_page_fails_naming_the_entry(project_copy: Path) -> None:
    link = next(link for link in load_registry(project_copy).links if not link.anchor and link.page != "index.md")
    (project_copy / "docs" / link.page).unlink()
    code, err = build(project_copy)
    assert code != 0
    assert f'alias "{link.alias}"' in err
    assert f"target page docs/{link.page} does not exist" in err
    assert "point `target` at the page's new file" in err


def test_renamed_anchor_fails_naming_the_entry_and_listing_sections(english_copy: Path) -> None:
    link = next(link for link in load_registry(english_copy).links if link.anchor)
    page = english_copy / "docs" / link.page
    text = page.read_text()
    heading = heading_title(frontmatter.read(english_copy / "docs", link.page), link.anchor)
    assert heading, f"cannot find the heading for #{link.anchor} in {link.page}"
    renamed = re.sub(r"\{#" + re.escape(link.anchor) + r"\}", "{#renamed-section}", text)
    if renamed == text:  # the id came from the heading's words: change the words
        renamed = text.replace(heading, "A renamed section", 1)
    page.write_text(renamed)
    code, err = build(english_copy)
    assert code != 0
    assert f'alias "{link.alias}"' in err
    assert f"section #{link.anchor} is not on docs/{link.page}" in err
    assert "#renamed-section" in err or "#a-renamed-section" in err, "the fix should list the page's sections"


def test_duplicate_alias_fails_naming_both_entries(project_copy: Path) -> None:
    first = load_registry(project_copy).links[0]
    insert_link(project_copy, {"alias": first.alias, "target": "about.md", "moment": first.moment, "description": "A copy."})
    code, err = build(project_copy)
    assert code != 0
    assert f'alias "{first.alias}" is already used by link #{first.number}' in err
    assert "give one of them another alias" in err


def test_malformed_alias_fails_with_a_suggestion(project_copy: Path) -> None:
    insert_link(project_copy, {"alias": "Keep_Calm Now", "target": "about.md", "moment": "start", "description": "Bad."})
    code, err = build(project_copy)
    assert code != 0
    assert 'alias "Keep_Calm Now" breaks the format rules' in err
    assert 'use something like "keep-calm-now"' in err


def test_too_long_alias_fails(project_copy: Path) -> None:
    alias = "what-to-do-after-the-interview"
    insert_link(project_copy, {"alias": alias, "target": "about.md", "moment": "start", "description": "Too long."})
    code, err = build(project_copy)
    assert code != 0
    assert f'alias "{alias}" breaks the format rules' in err
    assert "at most 20 characters" in err


def test_misspelt_key_and_unknown_moment_fail(project_copy: Path) -> None:
    insert_link(
        project_copy,
        {"alias": "about-us", "target": "about.md", "moment": "later", "description": "About.", "titel": "x"},
    )
    code, err = build(project_copy)
    assert code != 0
    assert "unknown key 'titel'" in err
    assert 'moment "later" is not one of' in err


def test_email_with_unknown_alias_fails(project_copy: Path) -> None:
    path = project_copy / "data" / "links.yml"
    path.write_text(path.read_text().replace("{go:after}", "{go:no-such-alias}", 1))
    code, err = build(project_copy)
    assert code != 0
    assert "{go:no-such-alias} names no alias" in err


def add_page(project: Path, name: str = "new-page") -> None:
    """A new page under moving-on/, listed in nav so strict mode does not call it omitted."""
    (project / "docs" / "moving-on" / f"{name}.md").write_text(
        "---\ntitle: New page\ndescription: A page made by a test.\nreviewed: 2026-11-20\n---\n\n# New page\n\nHello.\n"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      - moving-on/index.md\n", f"      - moving-on/index.md\n      - moving-on/{name}.md\n", 1))


def record_urls(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "guide", "record-urls", "-f", str(project / "mkdocs.yml")],
        capture_output=True, text=True, cwd=project,
    )


def test_a_new_page_fails_the_build_until_record_urls_appends_it(english_copy: Path) -> None:
    record = english_copy / RECORD
    before = record.read_text()
    add_page(english_copy)
    code, err = build(english_copy)
    assert code != 0
    assert f"{RECORD} does not list 1 URL(s) this build publishes: /moving-on/new-page/" in err
    assert "run `make record-urls`" in err
    assert record.read_text() == before, "the build must never write the record"

    recorded = record_urls(english_copy)
    assert recorded.returncode == 0, recorded.stderr
    assert "/moving-on/new-page/" in recorded.stdout
    after = record.read_text()
    assert after == before + "/moving-on/new-page/\n", "record-urls only appends"
    code, err = build(english_copy)
    assert code == 0, err
    # Nothing new the second time: the file is left as it is.
    stamp = record.stat().st_mtime_ns
    assert record_urls(english_copy).returncode == 0
    assert record.stat().st_mtime_ns == stamp


def sources_state(project: Path) -> dict[str, bytes]:
    """Every file the project tracks (all but the build's own output folders)."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file() and p.relative_to(project).parts[0] not in ("site", "build", ".cache")
    }


def test_failed_builds_change_no_source_file(project_copy: Path) -> None:
    # A new page and a worksheet too long for one page: the build fails late, in the PDF step.
    add_page(project_copy, "draft")
    sheet = project_copy / "docs" / "worksheets" / "far-too-long.md"
    sheet.write_text(
        "---\ntitle: Long\ndescription: A sheet made by a test.\nreviewed: 2026-11-20\n---\n\n# Long\n\n"
        + "\n\n".join(f"[[lines 8: Question {n}]]" for n in range(1, 9)) + "\n"
    )
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      - Interview debrief: worksheets/debrief.md\n",
        "      - Interview debrief: worksheets/debrief.md\n      - worksheets/far-too-long.md\n", 1))
    before = sources_state(project_copy)
    code, err = build(project_copy)
    assert code != 0 and "runs to" in err
    assert sources_state(project_copy) == before
    # And a broken link, which fails in the generator.
    page = project_copy / "docs" / "about.md"
    page.write_text(page.read_text() + "\n[gone](no-such-page.md)\n")
    before = sources_state(project_copy)
    code, err = build(project_copy)
    assert code != 0 and "no-such-page.md" in err
    assert sources_state(project_copy) == before


def test_published_url_without_page_or_redirect_fails_then_redirect_fixes_it(english_copy: Path) -> None:
    record = english_copy / RECORD
    record.write_text(record.read_text() + "/old-section/old-page/\n")
    code, err = build(english_copy)
    assert code != 0
    assert "/old-section/old-page/ was published, but no page builds there now" in err
    assert "redirect_maps" in err and "'old-section/old-page.md'" in err

    config = english_copy / "mkdocs.yml"
    text = config.read_text()
    assert "redirect_maps: {}" in text, "expected the empty redirect map in mkdocs.yml"
    config.write_text(text.replace(
        "redirect_maps: {}", "redirect_maps:\n        old-section/old-page.md: during/keep-calm.md", 1))
    code, err = build(english_copy)
    assert code == 0, err
    stub = (english_copy / "site" / "old-section" / "old-page" / "index.html").read_text()
    assert 'http-equiv="refresh"' in stub and "during/keep-calm/" in stub


def test_removed_short_link_that_was_published_fails(project_copy: Path) -> None:
    registry = load_registry(project_copy)
    in_emails = " ".join(email.body for email in registry.emails)
    # Not a printed sheet's link: its QR code would change, and the build would print that sheet's
    # PDFs again (10 s) before it reaches the check this test is about.
    printed = ("worksheets/", "checklists/")
    link = next(link for link in reversed(registry.links)
                if f"{{go:{link.alias}}}" not in in_emails and not link.page.startswith(printed))
    for path in (project_copy / "data" / "links.yml", project_copy / "es" / "data" / "links.yml"):  # and its Spanish words
        text = path.read_text()
        entry = re.search(r"  - alias: " + re.escape(link.alias) + r"\n(?:    .*\n)+", text)
        assert entry, f"cannot find the entry for {link.alias} in {path}"
        path.write_text(text.replace(entry.group(0), ""))
    code, err = build(project_copy)
    assert code != 0
    assert f"the short link /go/{link.alias}/ was published, but alias '{link.alias}' is gone" in err


def test_redirect_over_an_existing_page_fails(project_copy: Path) -> None:
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "redirect_maps: {}", "redirect_maps:\n        about.md: index.md", 1))
    code, err = build(project_copy)
    assert code != 0
    assert "the redirect from /about/ would overwrite the page docs/about.md" in err


def test_page_url_that_is_not_email_proof_fails(project_copy: Path) -> None:
    (project_copy / "docs" / "moving-on" / "Next_Steps.md").write_text(
        "---\ntitle: Next steps\ndescription: A badly named page.\nreviewed: 2026-11-20\n---\n\n# Next steps\n")
    code, err = build(project_copy)
    assert code != 0
    assert "docs/moving-on/Next_Steps.md: its URL /moving-on/Next_Steps/ is not email-proof" in err


def test_recruiters_page_without_marker_fails(project_copy: Path) -> None:
    page = project_copy / "docs" / "recruiters" / "index.md"
    page.write_text(page.read_text().replace("<!-- go:links -->", ""))
    code, err = build(project_copy)
    assert code != 0
    assert "docs/recruiters/index.md: the marker <!-- go:links --> is missing" in err


def test_quotes_in_title_and_description_survive_in_previews(english_copy: Path) -> None:
    from bs4 import BeautifulSoup

    page = english_copy / "docs" / "about.md"
    title = 'About "this" guide & <you>'
    description = 'Who writes it, and why a "no" is not the end.'
    body = re.sub(r"\A---\n.*?\n---\n", "", page.read_text(), count=1, flags=re.S)
    page.write_text(f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(description)}\nreviewed: 2026-11-20\n---\n{body}")
    code, err = build(english_copy)
    assert code == 0, err
    soup = BeautifulSoup((english_copy / "site" / "about" / "index.html").read_text(), "html.parser")
    assert soup.find("meta", attrs={"name": "description"})["content"] == description
    assert soup.find("meta", property="og:description")["content"] == description
    assert soup.find("meta", property="og:title")["content"] == title
    assert soup.title.get_text().startswith(title)
