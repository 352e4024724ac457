"""python -m guide COMMAND: the project's commands (the Makefile's targets call these).

    build [--engine mkdocs|zensical] [--site-dir DIR] [--skip STEP ...]
    record-urls        append new page URLs and short links to data/published-urls.txt
    branch-pages       write docs/branches/SLUG.md for each branch in data/branches.yml that has none
    check-links [SITE] [--external]
    steps              list the build steps in the order they run
    review [--within DAYS] [--today YYYY-MM-DD]
                       list the pages overdue for review or due within 30 days (never fails on a date)

An editor's mistake ends the command with its message (naming the file and
the fix) and exit code 1, never a traceback.
"""
from __future__ import annotations

import argparse
import logging
import sys

from guide.errors import GuideError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="check the sources, run the generator, run the steps over site/")
    build.add_argument("--engine", default="mkdocs", choices=["mkdocs", "zensical"])
    build.add_argument("--site-dir", help="where to build (default: site_dir in mkdocs.yml, site/)")
    build.add_argument("--skip", action="append", default=[], metavar="STEP", help="leave out a step (see `steps`)")
    build.add_argument("-f", "--config-file", default=None)
    record = commands.add_parser("record-urls", help="append new URLs to data/published-urls.txt")
    record.add_argument("-f", "--config-file", default=None)
    pages = commands.add_parser("branch-pages", help="write the missing docs/branches/SLUG.md pages")
    pages.add_argument("-f", "--config-file", default=None)
    links = commands.add_parser("check-links", help="LinkChecker over a built site")
    links.add_argument("site", nargs="?", default="site")
    links.add_argument("--external", action="store_true", help="also check links to other hosts")
    links.add_argument("-f", "--config-file", default=None)
    commands.add_parser("steps", help="list the build steps in order")
    review = commands.add_parser("review", help="list the pages overdue for review or due soon")
    review.add_argument("--within", type=int, default=30, metavar="DAYS", help="also list pages due within DAYS (30)")
    review.add_argument("--today", type=_day, default=None, metavar="YYYY-MM-DD", help="as if today were this day")
    review.add_argument("-f", "--config-file", default=None)
    args = parser.parse_args(argv)

    # As MkDocs prints: its own and this package's progress, and only warnings from the libraries.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s", stream=sys.stderr)
    for name in ("guide", "mkdocs"):
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        return COMMANDS[args.command](args)
    except GuideError as error:
        print(f"Error: {error.message}", file=sys.stderr)
        return 1


def _build(args) -> int:
    from guide.build import build

    timings = build(args.config_file, engine=args.engine, site_dir=args.site_dir, skip=frozenset(args.skip))
    logging.getLogger("guide").info("Built in %.2f s (%s).", sum(timings.values()), args.engine)
    return 0


def _record(args) -> int:
    from guide.sources import editions, pages, registry
    from guide.sources.config import load_project
    from guide.steps.published_urls import RECORD, record_new

    project = load_project(args.config_file)
    published = {
        edition.prefix: pages.source_pages(edition.docs_dir(project.root)) for edition in editions.editions(project)
    }
    added = record_new(project.root, published, registry.load(project.root))
    print(f"{RECORD}: added {len(added)} URL(s)" + (":\n  " + "\n  ".join(added) if added else "."))
    if added:
        print(f"Check them, then commit {RECORD} with your change.")
    return 0


def _branch_pages(args) -> int:
    # An explicit command, never a side effect of the build: the build writes no tracked file.
    from guide.sources import branches
    from guide.sources.config import load_project

    from guide.sources import editions

    project = load_project(args.config_file)
    others = [edition.folder for edition in editions.editions(project) if not edition.is_main]
    written = branches.write_missing_pages(project.root, project.docs_dir, others)
    print(f"{branches.REGISTRY}: wrote {len(written)} branch page(s)" + (":\n  " + "\n  ".join(written) if written else "."))
    if written:
        print("Run `make record-urls`, then check and commit the new files.")
    return 0


def _check_links(args) -> int:
    from pathlib import Path

    from guide.checks import linkcheck
    from guide.sources.config import load_project

    project = load_project(args.config_file)
    found = linkcheck.check(Path(args.site), project.base_path, external=args.external)
    if found:
        print(f"LinkChecker found {len(found)} broken link(s) in {args.site}/:", file=sys.stderr)
        print("\n".join("  " + line for line in found), file=sys.stderr)
        return 1
    print(f"LinkChecker: every link and anchor in {args.site}/ resolves.")
    return 0


def _steps(args) -> int:
    from guide import steps

    print("1. sources         check mkdocs.yml, SITE_URL, front matter, data/links.yml, data/branches.yml, page URLs")
    print("2. generator       MkDocs + Material (default) or Zensical, strict, with guide.markdown's extensions")
    for number, step in enumerate(steps.steps(), 3):
        print(f"{number}. {step.name:<15} {step.why}")
    return 0


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written as YYYY-MM-DD") from None


def _review(args) -> int:
    from guide.sources import review
    from guide.sources.config import load_project

    from guide.sources import editions

    # Exit 0 however late a page is: the list is for editors, and CI must not turn red with the calendar.
    project = load_project(args.config_file)
    print(review.report(project.docs_dir, args.today, args.within))
    for edition in editions.editions(project)[1:]:
        print(f"\n{edition.name}: " + review.report(edition.docs_dir(project.root), args.today, args.within))
    stale = editions.translation_report(project)
    if stale:
        print("\nTranslations to update (the build never fails on these):")
        print("\n".join(stale))
    elif len(editions.editions(project)) > 1:
        print("\nEvery translation matches its English page.")
    return 0


COMMANDS = {
    "build": _build,
    "record-urls": _record,
    "branch-pages": _branch_pages,
    "check-links": _check_links,
    "steps": _steps,
    "review": _review,
}

if __name__ == "__main__":
    sys.exit(main())
