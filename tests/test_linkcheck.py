"""LinkChecker finds no broken link or anchor in the built site, and catches one when there is."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

CHECK = [sys.executable, "-m", "guide", "check-links", "-f", str(ROOT / "mkdocs.yml")]


def test_built_site_has_no_broken_links(site_dir: Path) -> None:
    result = subprocess.run([*CHECK, str(site_dir)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_linkchecker_reports_a_broken_anchor_with_its_page(site_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site_dir, broken)
    about = broken / "about" / "index.html"
    about.write_text(about.read_text().replace("<h1", '<a href="../during/#gone-section">x</a><h1', 1))
    result = subprocess.run([*CHECK, str(broken)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "/about/" in result.stderr
    assert "#gone-section" in result.stderr
