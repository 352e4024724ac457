"""Check that no run of 8 words on the built site is copied from a seed article.

    .venv/bin/python scripts/check_originality.py [SITE_DIR]

The site must say everything in its own words. Both the page text and the
seeds are lower-cased, apostrophes dropped ("don't" -> "dont") and other
punctuation turned into spaces; then every run of 8 consecutive words on a page
is looked up among the seeds' runs. The text read is all a reader can see on
the page: its article (code and email templates included), its title and its
description. Exit 1 names each page and copied run.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project folder: guide/checks/ is two below it
# The seed articles live beside the project (../shared/seeds), as in the
# workplace checkout and in CI; SEEDS_DIR points elsewhere for a clone kept apart.
SEEDS = Path(os.environ.get("SEEDS_DIR", ROOT.parent / "shared" / "seeds")).resolve()
RUN_LENGTH = 8

from guide.checks.prose import load_site

APOSTROPHES = re.compile(r"['\u2019\u2018`]")
NON_WORD = re.compile(r"[^a-z0-9]+")


def words(text: str) -> list[str]:
    text = APOSTROPHES.sub("", text.lower())
    return NON_WORD.sub(" ", text).split()


def runs(tokens: list[str], length: int = RUN_LENGTH) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + length]) for i in range(len(tokens) - length + 1)]


def seed_runs(seeds: Path = SEEDS) -> set[tuple[str, ...]]:
    files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    if not files:
        raise FileNotFoundError(
            f"No seed articles in {seeds}: the originality check compares the site with them. "
            "Fix: put the seeds (*.txt) there, next to this project's folder."
        )
    found: set[tuple[str, ...]] = set()
    for file in files:
        found.update(runs(words(file.read_text(encoding="utf-8"))))
    return found


def copied_runs(text: str, seeds: set[tuple[str, ...]]) -> list[str]:
    """Each copied stretch of the text, merged when copied runs overlap."""
    tokens = words(text)
    hits = [i for i, run in enumerate(runs(tokens)) if run in seeds]
    stretches: list[str] = []
    start = end = None
    for i in hits:
        if start is not None and i <= end:
            end = i + RUN_LENGTH
            continue
        if start is not None:
            stretches.append(" ".join(tokens[start:end]))
        start, end = i, i + RUN_LENGTH
    if start is not None:
        stretches.append(" ".join(tokens[start:end]))
    return stretches


def check(site: Path, seeds: Path = SEEDS) -> list[str]:
    known = seed_runs(seeds)
    failures = []
    for page in load_site(site):
        for stretch in copied_runs(page.all_text(), known):
            failures.append(f"{page.path}: copied from a seed: \"{stretch}\"")
    return failures


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else os.environ.get("SITE_DIR", ROOT / "site"))
    if not (site / "index.html").is_file():
        print(f"{site}/index.html not found: build the site first (python -m guide build --site-dir {site}).")
        return 2
    failures = check(site)
    if failures:
        print(f"Originality check FAILED: {len(failures)} stretch(es) of {RUN_LENGTH}+ words match a seed.")
        print("Fix: say it in new words (different order, different words), not a light edit.")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    print(f"Originality check passed: no run of {RUN_LENGTH} words matches a seed.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
