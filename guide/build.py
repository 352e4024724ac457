"""The build, in the order it runs (README, "How the build works"):

1. check the sources: mkdocs.yml and SITE_URL, every page's front matter, the
   link registry and its target pages, the branch registry and its pages (no
   example branch in a build for a public address), page URLs and the redirect map;
2. run the generator, strict: MkDocs + Material (the default) or Zensical;
   the Markdown extensions in guide.markdown transform each page as it renders;
3. run the named steps over site/ (guide.steps), in their listed order.

It writes only site/ and build/ (caches), never a tracked file, whether it
passes or fails. New URLs enter data/published-urls.txt through
`python -m guide record-urls` (`make record-urls`), reviewed like any change.
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from guide.sources import branches, frontmatter, pages, registry, review
from guide import steps
from guide.sources.config import Project, load_project
from guide.errors import GuideError, problems_error

ENGINES = ("mkdocs", "zensical")
ZENSICAL_CONFIG = ".guide-zensical.yml"  # untracked: only when site/ goes elsewhere (see _zensical)
log = logging.getLogger("guide")


def check_sources(project: Project) -> dict[str, frontmatter.Source]:
    """Step 1: everything that can be checked before a page is rendered."""
    srcs = pages.source_pages(project.docs_dir)
    sources = frontmatter.check_all(project.docs_dir, srcs)
    review.care_team_email(project.extra, project.config_file.name)
    registry.check_targets(registry.load(project.root), set(srcs))
    offices = branches.load(project.root)
    branches.check_examples(offices, project.site_url)
    branches.check_pages(offices, project.docs_dir)
    problems = [
        f"docs/{src}: its URL {pages.path_of(src)} is not email-proof. Fix: rename the file "
        "with lowercase words joined by hyphens, like during/keep-calm.md."
        for src in srcs
        if not pages.EMAIL_PROOF_PATH.match(pages.path_of(src))
    ]
    by_path = {pages.path_of(src): src for src in srcs}
    for old in project.redirect_maps:
        if pages.path_of(old) in by_path:
            problems.append(
                f"mkdocs.yml redirect_maps: the redirect from {pages.path_of(old)} would overwrite the page "
                f"docs/{by_path[pages.path_of(old)]}. Fix: remove that redirect line, since the page is back."
            )
    if problems:
        raise problems_error("Page URLs would break links:", problems)
    return sources


def generate(project: Project, engine: str) -> None:
    """Step 2: the generator writes site/; a warning fails it (strict)."""
    if engine == "mkdocs":
        _mkdocs(project)
    elif engine == "zensical":
        _zensical(project)
    else:
        raise GuideError(f"Unknown engine {engine!r}. Fix: use one of {', '.join(ENGINES)}.")


def _mkdocs(project: Project) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner (README, "Engines")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    config = load_config(config_file=str(project.config_file), strict=True, site_dir=str(project.site_dir))
    try:
        mkdocs_build(config)
    except Abort as error:
        raise GuideError(f"MkDocs: {error.message} (the messages above name each file).") from None


def _zensical(project: Project) -> None:
    import zensical

    config = project.config_file
    default_site = (project.root / str(project.config.get("site_dir") or "site")).resolve()
    if project.site_dir.resolve() != default_site:
        # Zensical takes site_dir only from the config file, whose folder is the
        # project root: a two-line file there inherits mkdocs.yml and moves site/.
        config = project.root / ZENSICAL_CONFIG
        site = os.path.relpath(project.site_dir, project.root)
        config.write_text(f"INHERIT: {project.config_file.name}\nsite_dir: {site}\n", encoding="utf-8")
    try:
        # clean: Zensical caches rendered pages by their Markdown, but the recruiters'
        # page and printed short links also depend on data/links.yml.
        zensical.build(str(config), {"strict": True, "clean": True})
    except RuntimeError as error:
        raise GuideError(f"Zensical: {error} (the messages above name each file).") from None
    finally:
        if config.name == ZENSICAL_CONFIG:
            config.unlink(missing_ok=True)


def build(
    config_file: Path | str | None = None,
    *,
    engine: str = "mkdocs",
    site_dir: Path | str | None = None,
    skip: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """Steps 1 to 3; each stage's seconds. Raises GuideError at the first stage that fails."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    project = load_project(config_file, site_dir)
    check_sources(project)
    timings["sources"] = time.perf_counter() - started
    started = time.perf_counter()
    generate(project, engine)
    timings[engine] = time.perf_counter() - started
    log.info("step %-15s %5.2f s  %s", engine, timings[engine], "the generator wrote site/")
    timings.update(steps.run(steps.Build(project, engine), skip=skip))
    return timings
