"""The one MkDocs hook module: only what the guide package cannot do without MkDocs.

Page transforms are Python-Markdown extensions (guide.markdown) and work on
the built site is the named steps in guide.steps, run by `python -m guide
build` (`make build`) after the generator, for both engines. What is left
needs MkDocs' own events. The pipeline, in the order MkDocs fires it:

  on_startup       remember the command: `serve`, or a plain `build`;
  on_config        under `mkdocs serve`, check the sources first
                   (guide.build.check_sources), so an editor sees the same
                   messages as `make build`; a plain `mkdocs build` stops here
                   (see below);
  on_env           keep compiled templates in build/jinja between builds;
  on_post_page     give page.meta its plain text back (the title and
                   description are escaped for the templates, on both
                   engines, where the Markdown is converted:
                   guide/markdown/no_script.py, EscapeMeta);
  on_post_build    under `mkdocs serve`, run the site steps that make what a
                   reader sees (short links, PDFs, search phrases) over the
                   served folder; the checks (published URLs, link check)
                   wait for `make build`, so a draft page records nothing.

Under `python -m guide build`, MkDocs is called without on_startup, and this
module only gives page.meta its plain text back: the runner checks the sources and runs the steps.
"""
from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup

from guide import steps
from guide.build import check_sources
from guide.sources.config import load_project

log = logging.getLogger("mkdocs.hooks.guide")
PREVIEW_KEYS = ("title", "description")
_command: list[str] = []


def on_startup(command: str, dirty: bool) -> None:
    _command[:] = [command]


def on_config(config):
    if _command == ["build"]:
        # strict: true turns this warning into a failed build, so a site without
        # its short links and PDFs is never published by mistake.
        log.warning(
            "`mkdocs build` makes only the pages. Run `make build` (python -m guide build): it also "
            "writes the short links and PDFs, fills the search index and runs the checks."
        )
    if _command == ["serve"]:
        check_sources(_project(config))
    return config


def on_env(env, config, files):
    # Compiled templates kept between builds (Jinja2 checks each against its
    # source): compiling Material's ~40 templates is a fifth of a small build.
    cache = Path(config.config_file_path).parent / "build" / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    return env


def on_post_page(output, page, config):
    # The page is written: what reads page.meta from here on gets the editor's text.
    for key in PREVIEW_KEYS:
        value = page.meta.get(key)
        if isinstance(value, Markup):
            page.meta[key] = value.unescape()
    return output


def on_post_build(config) -> None:
    if _command == ["serve"]:
        steps.run(steps.Build(_project(config)), serving=True)


def _project(config):
    return load_project(config.config_file_path, Path(config.site_dir))
