"""The strict build passes, and fails loudly, naming file and link, when a link breaks."""
from __future__ import annotations

from pathlib import Path

from conftest import guide_build


def test_strict_build_passes(project_copy: Path) -> None:
    result = guide_build(project_copy)
    assert result.returncode == 0, result.stderr
    assert (project_copy / "site" / "index.html").is_file()


def test_broken_link_fails_the_build_and_names_file_and_link(project_copy: Path) -> None:
    page = project_copy / "docs" / "during" / "keep-calm.md"
    page.write_text(page.read_text() + "\nSee [the missing page](no-such-page.md).\n")
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert "during/keep-calm.md" in result.stderr
    assert "no-such-page.md" in result.stderr


def test_broken_anchor_fails_the_build_and_names_file_and_anchor(project_copy: Path) -> None:
    page = project_copy / "docs" / "after" / "debrief.md"
    page.write_text(page.read_text() + "\nSee [calm down](../during/keep-calm.md#no-such-section).\n")
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert "after/debrief.md" in result.stderr
    assert "no-such-section" in result.stderr
