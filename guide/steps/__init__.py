"""The named steps over site/ that follow the generator, in the order they run.

A step marked `each_edition` runs once per edition (guide.sources.editions),
English first, each over its own part of site/ (site/, then site/es/) with its
own pages; the others run once over the whole of site/.

Each step reads what the generator wrote (and the sources), adds to site/ or
checks it, and raises GuideError naming the file and the fix. No step reads
another's markers: each works from the sources, the registry and the pages'
HTML as the generator wrote it. They never write outside site/ (the PDF
cache under build/ aside), so a build never changes a tracked file.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from guide.sources import editions, frontmatter, pages, registry
from guide.sources.config import Project

log = logging.getLogger("guide")


@dataclass
class Build:
    """One build's context: the project, the engine that made site/, and what the steps share."""

    project: Project
    engine: str = "mkdocs"
    edition: editions.Edition = editions.Edition(editions.DEFAULT_LANG, "English", "")
    main: "Build | None" = None  # the whole site's Build, for an edition's own

    def __post_init__(self) -> None:
        self._once: dict[str, object] = {}

    @cached_property
    def editions(self) -> list["Build"]:
        """One Build per edition, the whole site's (English) first: the same list from any of them."""
        if self.main is not None:
            return self.main.editions
        return [self] + [
            Build(editions.edition_project(self.project, edition), self.engine, edition, main=self)
            for edition in editions.editions(self.project) if not edition.is_main
        ]

    def once(self, key: str, compute: Callable[[], object]):
        """A value computed from site/ that more than one step needs (the CSP policy), computed once."""
        if key not in self._once:
            self._once[key] = compute()
        return self._once[key]

    @property
    def site_dir(self) -> Path:
        return self.project.site_dir

    @cached_property
    def sources(self) -> dict[str, frontmatter.Source]:
        return frontmatter.check_all(self.project.docs_dir, pages.source_pages(self.project.docs_dir))

    @cached_property
    def registry(self) -> registry.Registry:
        return registry.load(self.project.root)

    def own_files(self, pattern: str) -> list[Path]:
        """The files of this edition's part of site/ matching `pattern`: for English, not those
        of the editions in its subfolders (site/es/)."""
        nested = [each.site_dir for each in self.editions if each.site_dir != self.site_dir and each.site_dir.is_relative_to(self.site_dir)]
        return sorted(path for path in self.site_dir.rglob(pattern) if not any(path.is_relative_to(n) for n in nested))

    def page_file(self, src: str) -> Path:
        return pages.html_file(self.site_dir, pages.url_of(src))

    def write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Build], None]
    why: str
    serve: bool = True  # also after each rebuild of `mkdocs serve`
    each_edition: bool = False  # once per edition, over its part of site/


def steps() -> list[Step]:
    """The steps, in the order they run."""
    # Imported here so that `import guide.steps` stays cheap for the hook and the tests.
    from guide.steps import branches, language_links, link_check, pdfs, published_urls, search_index, short_links, sitemap, theme_markup
    from guide.steps import compress, csp, host_config

    return [
        Step("theme-markup", theme_markup.run, "repair the theme's invalid markup"),
        Step("language-links", language_links.run, "point the language switcher at each page's twin, the head's hreflang at each edition's home"),
        Step("short-links", short_links.run, "write /go/ALIAS/ pages from data/links.yml", each_edition=True),
        Step("branch-files", branches.run, "write each branch's .vcf card and the list for ?from= links", each_edition=True),
        Step("worksheet-pdfs", pdfs.run, "print every worksheet to A4 and Letter PDFs, and the print packs", each_edition=True),
        Step("search-index", search_index.run, "put phrases and descriptions into the search index", each_edition=True),
        Step("sitemap", sitemap.run, "date each page in sitemap.xml by its review", each_edition=True),
        # Production serving (handbook/operators.md); not under `mkdocs serve`, whose
        # live-reload script no policy allows.
        Step("csp", csp.run, "hash every inline script into a Content-Security-Policy <meta> tag", serve=False, each_edition=True),
        Step("host-config", host_config.run, "write _redirects, _headers and nginx.conf from the links and pages", serve=False),
        # Last of the steps that write files, so every copy matches its original.
        Step("compress", compress.run, "write .br and .gz copies of every text file", serve=False),
        Step("published-urls", published_urls.run, "check every URL in data/published-urls.txt", serve=False),
        Step("link-check", link_check.run, "check every link and #anchor in site/, from the files", serve=False),
    ]


def run(build: Build, *, serving: bool = False, skip: frozenset[str] = frozenset()) -> dict[str, float]:
    """Run the steps in order; return each one's seconds. The first failure stops the build."""
    timings: dict[str, float] = {}
    for step in steps():
        if step.name in skip or (serving and not step.serve):
            continue
        started = time.perf_counter()
        # `mkdocs serve` previews the English edition alone: the others are not in its site.
        for each in build.editions if step.each_edition and not serving else [build]:
            step.run(each)
        timings[step.name] = time.perf_counter() - started
        log.info("step %-15s %5.2f s  %s", step.name, timings[step.name], step.why)
    return timings
