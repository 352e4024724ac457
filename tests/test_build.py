"""The strict build passes, with every step logged, and fails loudly, naming file and link, when a link breaks."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_project, guide_build
from guide import steps


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory):
    """An unchanged copy of the project, built with every step: (project, finished build).
    One build for the checks below, which read it and change nothing."""
    project = copy_project(tmp_path_factory.mktemp("unchanged"))
    return project, guide_build(project, skip=())


def test_strict_build_passes(unchanged) -> None:
    project, result = unchanged
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "go" / "now" / "index.html").is_file()  # a short link's page


def test_each_step_logs_its_name_and_time(unchanged) -> None:
    _, result = unchanged
    logged = re.findall(r"step (\S+) +(\d+\.\d\d) s", result.stderr)
    assert [name for name, _ in logged] == ["mkdocs", *(s.name for s in steps.steps())]


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
