"""The build, in the order it runs (handbook/developers.md, "How the build works"):

1. check the sources: mkdocs.yml and SITE_URL, every page's front matter, the
   link registry and its target pages, the candidate emails (data/candidate-emails.yml),
   the branch registry and its pages (no example branch in a build for a public
   address), page URLs and the redirect map;
2. run the generator, strict: MkDocs + Material (the default) or Zensical;
   the Markdown extensions in guide.markdown transform each page as it renders;
3. run the named steps over site/ (guide.steps), in their listed order.

It writes only site/ and build/ (caches), never a tracked file, whether it
passes or fails. New URLs enter data/published-urls.txt through
`python -m guide record-urls` (`make record-urls`), reviewed like any change.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from guide.sources import branches, candidate_emails, editions, frontmatter, pages, registry, review
from guide import steps
from guide.sources.config import Project, load_project
from guide.errors import GuideError, problems_error

ENGINES = ("mkdocs", "zensical")
ZENSICAL_CONFIG = ".guide-zensical.yml"  # untracked: only when site/ goes elsewhere (see _zensical)
# Zensical builds only inside the project folder: a --site-dir elsewhere is built here (untracked), then moved.
ZENSICAL_STAGING = "build/zensical-elsewhere"
log = logging.getLogger("guide")


def check_sources(project: Project) -> dict[str, frontmatter.Source]:
    """Step 1: everything that can be checked before a page is rendered."""
    srcs = pages.source_pages(project.docs_dir)
    sources = frontmatter.check_all(project.docs_dir, srcs)
    review.care_team_email(project.extra, project.config_file.name)
    registry.check_targets(registry.load(project.root), set(srcs), Path(os.path.relpath(project.docs_dir, project.root)).as_posix())
    candidate_emails.load(project.docs_dir.parent)  # its problems before any page renders, on either engine
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
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner (handbook/developers.md, "Engines")
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
    from zensical.config import ConfigurationError

    config = project.config_file
    root, target = project.root.resolve(), project.site_dir.resolve()
    default_site = (root / str(project.config.get("site_dir") or "site")).resolve()
    # Zensical refuses a site_dir outside the project folder ("site_dir must be within
    # project root"), so a --site-dir elsewhere is built under build/ and moved there after.
    site = target if target.is_relative_to(root) else root / ZENSICAL_STAGING
    if site != target:
        _check_replaceable(target)  # before the build, not after it has taken its time
    if site != default_site:
        # Zensical takes site_dir only from the config file, whose folder is the
        # project root: a two-line file there inherits mkdocs.yml and moves site/.
        config = project.root / ZENSICAL_CONFIG
        config.write_text(
            f"INHERIT: {project.config_file.name}\nsite_dir: {os.path.relpath(site, root)}\n", encoding="utf-8"
        )
    output = _HeldOutput()
    try:
        # clean: Zensical caches rendered pages by their Markdown, but the recruiters'
        # page and printed short links also depend on data/links.yml.
        with output:
            zensical.build(str(config), {"strict": True, "clean": True})
    except ConfigurationError as error:
        output.show()
        raise GuideError(
            f"{project.config_file.name}: Zensical cannot use this configuration ({error}). "
            f"Fix: correct {project.config_file.name}; a build with the default engine (MkDocs) names the setting."
        ) from None
    except RuntimeError as error:
        # Zensical hands on an extension's exception as "Python error: NAME: message" and
        # its traceback. An editor's mistake (a GuideError) is its message alone: it names the file and the fix.
        message = str(error).split("\nTraceback (most recent call last):")[0].rstrip()
        head, guide_error, rest = message.partition("GuideError: ")
        if guide_error:
            # Zensical's warnings before it ("page does not exist" for each link to the page
            # it could not render) are consequences of this one mistake, not more: not shown.
            raise GuideError(rest) from None
        output.show()
        raise GuideError(f"Zensical: {message} (the messages above name each file).") from None
    finally:
        if config.name == ZENSICAL_CONFIG:
            config.unlink(missing_ok=True)
    output.show()
    if site != target:
        _move_site(site, target)


def _check_replaceable(target: Path) -> None:
    """--site-dir is replaced whole: only when it is new, empty or an earlier build (never someone's files)."""
    if target.exists() and not (target.is_dir() and (not any(target.iterdir()) or (target / "index.html").is_file())):
        raise GuideError(
            f"--site-dir {target} is not empty and holds no built site, so the build will not replace it. "
            "Fix: give a new or empty folder, or one an earlier build wrote."
        )


def _move_site(built: Path, target: Path) -> None:
    """Put the site Zensical built under build/ at --site-dir (checked by _check_replaceable)."""
    _check_replaceable(target)
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), str(target))


class _HeldOutput(contextlib.AbstractContextManager):
    """Zensical's output, held until the build is over (it writes to the process's stdout
    and stderr itself, so this swaps the file descriptors): shown as it came when the build
    passes or Zensical fails on its own, left out when an editor's GuideError ended it."""

    files: dict = {}

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.files = {fd: tempfile.TemporaryFile() for fd in (1, 2)}
        self.saved = {fd: os.dup(fd) for fd in self.files}
        for fd, file in self.files.items():
            os.dup2(file.fileno(), fd)
        return self

    def __exit__(self, *exc) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, saved in self.saved.items():
            os.dup2(saved, fd)
            os.close(saved)

    def show(self) -> None:
        for fd, file in self.files.items():
            file.seek(0)
            with open(fd, "wb", closefd=False) as out:  # the real stdout or stderr again (see __exit__)
                shutil.copyfileobj(file, out)
            file.close()
        self.files = {}


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
    languages = editions.editions(project)
    for edition in languages:
        sources = check_sources(editions.edition_project(project, edition))
        translations = [
            editions.check_translation(project.root, edition, src, source.as_typed(editions.TRANSLATED_FROM))
            for src, source in sources.items()
        ]
        if any(translations):
            raise problems_error(f"The {edition.name} edition's pages:", [problem for problem in translations if problem])
    timings["sources"] = time.perf_counter() - started
    started = time.perf_counter()
    # English first: its generator empties site/, where the other editions go (site/es/).
    for edition in languages:
        generate_edition(project, edition, engine)
    timings[engine] = time.perf_counter() - started
    log.info("step %-15s %5.2f s  %s", engine, timings[engine], "the generator wrote site/, each edition in its folder")
    timings.update(steps.run(steps.Build(project, engine), skip=skip))
    return timings


def generate_edition(project: Project, edition: editions.Edition, engine: str) -> None:
    if edition.is_main:
        generate(project, engine)
        return
    config = editions.write_config(project, edition, project.site_dir / edition.folder)
    try:
        generate(editions.edition_project(project, edition), engine)
    finally:
        config.unlink(missing_ok=True)
    # The site's own scripts, styles and images, kept once in docs/assets/ for every edition
    # (a link in es/docs/ would do on MkDocs, but Zensical does not follow links).
    shutil.copytree(project.docs_dir / "assets", project.site_dir / edition.folder / "assets", dirs_exist_ok=True)
