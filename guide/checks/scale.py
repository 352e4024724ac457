"""A copy of the project at a large agency's size, for the bench and the tests.

A real agency has hundreds of branch offices and pages; a build that is fast
for today's 60 pages may not be. `scale_copy` copies the project's sources and
adds BRANCHES branch offices (entries in data/branches.yml and their pages,
as `make branch-pages` writes them) and PAGES advice pages in the menu, then
records their URLs as `make record-urls` would. The pages are made from one
template with links into the real pages and to their neighbours, so the link
check, the search index and the menu all grow as they would.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from guide.sources.config import load_project

# What a build reads; a copy of these is a complete project. (Its `guide` is
# for mkdocs.yml's `watch:`; Python imports the one installed in .venv.)
PROJECT_PARTS = ("mkdocs.yml", "docs", "es", "overrides", "hooks", "data", "guide", "schemas")  # es: the Spanish edition; schemas: what guide/ validates with
# Caches keyed by content (worksheet PDFs, Brotli/gzip copies): they change no result.
CACHES = ("worksheet-pdfs", "compressed")
SECTION = "more"
PER_SECTION = 50

PAGE = """---
title: Extra advice {n}
description: Extra advice page {n}, one of many that a large agency publishes.
reviewed: 2026-11-30
search_phrases:
  - extra advice {n}
---

# Extra advice {n}

This page stands for one of the many pages a large agency writes. It has a few
sections, links into the guide, and links to the pages next to it.

## What to do now {{#now}}

- Take three slow breaths. See [Keep calm and reset](../during/keep-calm.md#breathe).
- Go back to a story you know well. See [Steer back to your strengths](../during/steer-to-your-strengths.md).

## Once you are out {{#after}}

Write down what went well and what did not, in [an honest debrief](../after/debrief.md).
Then plan your note with the [thank-you note planner](../worksheets/thank-you-note-planner.md).

## What to read next {{#read-next}}

- [Extra advice {prev}](page-{prev:03d}.md#now)
- [Extra advice {next}](page-{next:03d}.md#after)
- [All situations](../scenarios/index.md)
"""


def copy_project(root: Path, folder: Path) -> Path:
    """Copy the project's sources (and its content-keyed caches) into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, folder / part)
    for cache in CACHES:
        if (root / "build" / cache).is_dir():
            shutil.copytree(root / "build" / cache, folder / "build" / cache, copy_function=_link_or_copy)
    return folder


def _link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows one: a cache file is named by its content and never
    written again once made (a copy's build adds files and removes its own links, nothing more), so
    copies may share it, and thousands of test copies cost no copying of 60 MB each."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def branch_entry(number: int) -> str:
    line = 100 + number % 100  # the 555-0100 to 555-0199 range reserved for fiction
    return (
        f"  - slug: branch-{number:03d}\n"
        f"    name: Branch office {number:03d}\n"
        f"    address:\n      - {number} High Street\n      - Testtown TT{number % 90 + 1} 1AA\n"
        f"    phone: (202) 555-0{line}\n"
        f'    dial: "+1202555{line:04d}"\n'
        f"    email: branch-{number:03d}@example.org\n"
        f"    hours:\n      - Monday to Friday, 9am to 5pm\n"
        f"    towns: [Testtown {number:03d}]\n"
        f"    postcodes: [TT{number % 90 + 1}]\n"
        f"    example: true\n"
    )


def add_branches(project: Path, count: int) -> None:
    registry = project / "data" / "branches.yml"
    text = registry.read_text(encoding="utf-8").rstrip("\n") + "\n"
    registry.write_text(text + "".join(branch_entry(n) for n in range(1, count + 1)), encoding="utf-8")


def add_pages(project: Path, count: int) -> None:
    """`count` pages in the menu, each in English and in every other edition (the same words there:
    a translation costs the build the same), so the copy has an agency's size in both languages."""
    from guide.sources import editions

    folders = [""] + [e.folder for e in editions.editions(load_project(project / "mkdocs.yml")) if not e.is_main]
    nav = []
    for n in range(1, count + 1):
        prev, next_ = (n - 2) % count + 1, n % count + 1
        text = PAGE.format(n=n, prev=prev, next=next_)
        for edition in folders:
            folder = project / edition / "docs" / SECTION
            folder.mkdir(parents=True, exist_ok=True)
            twin = text if not edition else text.replace(
                "\n---\n", f"\ntranslated_from: {editions.english_version(project, f'{SECTION}/page-{n:03d}.md')}\n---\n", 1)
            (folder / f"page-{n:03d}.md").write_text(twin, encoding="utf-8")
        if (n - 1) % PER_SECTION == 0:
            nav.append(f"  - More advice {n // PER_SECTION + 1}:")
        nav.append(f"      - {SECTION}/page-{n:03d}.md")
    # nav: is the last key of mkdocs.yml (and of each edition.yml), so its list goes on at the end of the file.
    for config in [project / "mkdocs.yml"] + [project / edition / editions.SETTINGS for edition in folders if edition]:
        config.write_text(config.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(nav) + "\n", encoding="utf-8")


def guide_command(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "guide", *args, "-f", str(project / "mkdocs.yml")],
        cwd=project, capture_output=True, text=True, check=True,
    )


def scale_copy(root: Path, folder: Path, branches: int = 500, pages: int = 500) -> Path:
    """A copy of the project at `root` in `folder`, with `branches` more offices and `pages` more pages."""
    project = copy_project(root, folder)
    add_branches(project, branches)
    add_pages(project, pages)
    guide_command(project, "branch-pages")
    guide_command(project, "record-urls")
    return project
