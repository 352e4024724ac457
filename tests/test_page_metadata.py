"""Every page has a title and a one-sentence description; the build names the file and fix otherwise.

(The real pages passing is covered by test_build.py: the hook runs in every build.)"""
from __future__ import annotations

import re
from pathlib import Path

from conftest import guide_build


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
    assert "about.md: the front matter is not valid YAML" in result.stderr
    assert "put quotes around a value" in result.stderr
