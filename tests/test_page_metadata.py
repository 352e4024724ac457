"""Every page has a title and a one-sentence description; the build names the file and fix otherwise.

(The real pages passing is covered by test_build.py: the hook runs in every build.)"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, guide_build
from guide.sources import frontmatter


def set_front_matter(page: Path, front_matter: str) -> None:
    text = page.read_text()
    body = re.sub(r"\A---\n.*?\n---\n", "", text, count=1, flags=re.S)
    page.write_text(f"---\n{front_matter}\n---\n{body}")


def test_missing_description_fails_naming_file_and_fix(project_copy: Path) -> None:
    set_front_matter(project_copy / "docs" / "during" / "keep-calm.md", "title: Keep calm")
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert "during/keep-calm.md: no `description`" in result.stderr
    assert "Fix: add `description:" in result.stderr


def test_missing_title_fails(project_copy: Path) -> None:
    set_front_matter(project_copy / "docs" / "about.md", "description: Who publishes this guide.")
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert "about.md: no `title`" in result.stderr


def test_all_problems_reported_in_one_build(project_copy: Path) -> None:
    set_front_matter(project_copy / "docs" / "about.md", "title: About")
    set_front_matter(project_copy / "docs" / "after" / "debrief.md", "title: Debrief")
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert "about.md: no `description`" in result.stderr
    assert "after/debrief.md: no `description`" in result.stderr


def test_two_sentence_description_fails(project_copy: Path) -> None:
    set_front_matter(
        project_copy / "docs" / "about.md",
        "title: About\ndescription: Who we are. And when we last checked it.",
    )
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert "about.md: `description` has more than one sentence" in result.stderr


def test_too_long_description_fails(project_copy: Path) -> None:
    long = "This description goes on " + "and on " * 40 + "for ever."
    set_front_matter(project_copy / "docs" / "about.md", f"title: About\ndescription: {long}")
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert f"about.md: `description` is {len(long)} characters" in result.stderr


def test_invalid_yaml_front_matter_is_explained(project_copy: Path) -> None:
    # Unquoted ': ' makes the YAML invalid; MkDocs alone would ignore it silently.
    set_front_matter(
        project_copy / "docs" / "about.md",
        "title: About: who we are\ndescription: Who publishes this guide.",
    )
    result = guide_build(project_copy)
    assert result.returncode != 0
    # The title is on the file's line 2 (line 1 is '---'); YAML alone would count it as line 1.
    assert "docs/about.md, line 2: the front matter is not valid YAML" in result.stderr
    assert "line 1," not in result.stderr.split("not valid YAML", 1)[1].split("\n", 1)[0]
    assert "put quotes around a value" in result.stderr


# --- the schema: every key a page may use (schemas/front-matter.schema.json) -----------------


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_misspelt_front_matter_keys_fail_with_the_line_and_the_key_meant(project_copy: Path, engine: str) -> None:
    # Both engines accept any key: these shipped silently, and the default review interval was used.
    set_front_matter(
        project_copy / "docs" / "about.md",
        "title: About\ndescription: Who publishes this guide.\nreviewed: 2026-11-28\n"
        "serach_phrases:\n  - who writes this\nreview_evrey: 6 months",
    )
    result = guide_build(project_copy, engine=engine)
    assert result.returncode != 0
    assert (
        "docs/about.md, line 5: front matter key `serach_phrases:` is not read by anything. "
        "Fix: rename it to `search_phrases:`." in result.stderr
    )
    assert "docs/about.md, line 7: front matter key `review_evrey:` is not read by anything. Fix: rename it to `review_every:`." in result.stderr


def test_theme_keys_pass_and_their_values_are_checked() -> None:
    # Material's documented page keys are known; a wrong value in one is named, with the schema to read.
    ok = frontmatter.parse(
        "---\ntitle: T\ndescription: A page.\nreviewed: 2026-11-28\nhide: [toc, navigation]\n"
        "search:\n  boost: 2\n  exclude: false\ntemplate: home.html\nstatus: new\nicon: material/star\nsubtitle: S\n---\n",
        "x.md",
    )
    assert frontmatter.check_keys(ok) == []
    bad = frontmatter.parse("---\ntitle: T\nsearch:\n  boost: high\n  exlude: true\n---\n", "x.md")
    problems = frontmatter.check_keys(bad)
    assert any(p.startswith("line 4: `search:` `boost:`: 'high' is not of type 'number'") for p in problems), problems
    assert any("line 5: front matter key `exlude:` (under `search:`) is not read by anything. Fix: rename it to `exclude:`." in p for p in problems), problems


def test_every_page_uses_only_keys_the_schema_knows() -> None:
    for page in sorted((ROOT / "docs").rglob("*.md")):
        source = frontmatter.read(ROOT / "docs", page.relative_to(ROOT / "docs").as_posix())
        assert frontmatter.check_keys(source) == [], page


def test_the_hand_made_typo_lists_are_gone() -> None:
    # The schema's list of keys and difflib's did-you-mean replace them: one list to keep up to date.
    assert not hasattr(frontmatter, "PHRASES_TYPOS") and not hasattr(frontmatter, "REVIEW_TYPOS")
