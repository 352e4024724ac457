"""What an extension needs to know about the page it renders, from whichever engine runs it.

Python-Markdown does not tell an extension which file it is converting. Both
engines do, each its own way, and this module is the one place that knows
both (handbook/developers.md, "Engines"):

- MkDocs registers a tree processor named `relpath` that holds the page's
  File and the config;
- Zensical registers a `rendering_context` preprocessor that holds its Page
  and the config, found with its public `ContextPreprocessor.from_markdown`.

Tests that convert Markdown without an engine set `md.guide_page` themselves.
"""
from __future__ import annotations

import functools
import os
import posixpath
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from guide.sources import frontmatter, pages
from guide.sources import editions, worksheets
from guide.sources.config import CONFIG_FILE, SITE_URL_VARIABLE, check_site_url, load_project
from guide.errors import GuideError

# The engines treat a relative URL in a page differently. MkDocs rewrites an
# <a href> from "relative to the source file" to "relative to the page's URL"
# in its `relpath` tree processor (priority 0), and reports a link to a file
# it does not know (a PDF, a /go/ page) as broken; it leaves <link> and
# <script> alone. Zensical rewrites every relative URL in the finished HTML
# the same way, and checks only links to pages. So the extensions give the
# URLs they make to PageContext.link(), and LateLinks writes them after
# MkDocs' rewriting: relative to the page's URL for MkDocs, relative to the
# source file for Zensical.
LATE_LINKS_PRIORITY = -10


@dataclass
class PageContext:
    src: str  # the page's file under docs/, like worksheets/debrief.md
    docs_dir: Path
    root: Path  # the project folder (where mkdocs.yml is)
    site_url: str  # the public address, ending in '/'
    engine: str = "mkdocs"  # or "zensical": see LATE_LINKS_PRIORITY
    lang: str = "en"  # the edition's language (theme.language): guide.sources.editions
    extra: dict = field(default_factory=dict)  # mkdocs.yml's `extra:`, as the engine read it
    late_links: list[tuple[etree.Element, str, str]] = field(default_factory=list)
    assets: set[str] = field(default_factory=set)
    filled: set[str] = field(default_factory=set)  # kinds of Markers filled on this page (MarkerBlock)
    # Every saved-answer key on this page -> where it is written ("line 12, the field 'Date'"):
    # worksheet fields and checklist items share one key space, so two of them with the same
    # words would tick together (guide.markdown.worksheets and .checklists check it).
    keys: dict[str, str] = field(default_factory=dict)
    was_keys: dict[str, str] = field(default_factory=dict)  # old wordings' keys (`was:`) -> where

    def claim_key(self, key: str, where: str, fix: str, old: bool = False) -> None:
        """Record a control's key (or, `old`, a key it takes answers over from after a reword);
        GuideError naming both places on a clash. `where` is like "line 12, the field 'Date'"."""
        mine, other = (self.was_keys, self.keys) if old else (self.keys, self.was_keys)
        if key in mine and not old:
            raise GuideError(
                f"{self.where}: {mine[key]} and {where} have the same words, so they would share one "
                f"saved answer (ticking one would tick the other). Fix: {fix}"
            )
        if key in other:
            using, naming = (other[key], where) if old else (where, other[key])
            raise GuideError(
                f"{self.where}: {naming} gives '{key}' as its old words (`was:`), but {using} still has "
                "those words, so it would take that control's saved answers. Fix: drop the `was:`, or reword one of them."
            )
        mine.setdefault(key, where)

    @property
    def url(self) -> str:
        return pages.url_of(self.src)

    @property
    def where(self) -> str:
        return f"{self.docs_dir.relative_to(self.root).as_posix()}/{self.src}" if self.docs_dir.is_relative_to(self.root) else f"docs/{self.src}"

    @property
    def edition_prefix(self) -> str:
        """The URL prefix of this page's edition: '' for English, 'es/' for Spanish."""
        return "" if self.edition_root.resolve() == self.root.resolve() else f"{self.edition_root.name}/"

    @property
    def edition_root(self) -> Path:
        """The folder of this edition's docs/ and data/: the project, or es/ for the Spanish edition."""
        return self.docs_dir.parent

    def say(self, english: str, **values) -> str:
        """Words the build writes on the page, in the page's language (LANG/data/interface.yml)."""
        return editions.say(self.root, self.lang, english, **values)

    def source(self) -> frontmatter.Source:
        return frontmatter.read(self.docs_dir, self.src)

    def link(self, element: etree.Element, target: str, attr: str = "href") -> etree.Element:
        """Point `element` at a site-relative URL, like go/now/ or assets/site.css."""
        element.set(attr, "#")  # MkDocs' link check wants an href now; LateLinks sets the real one
        self.late_links.append((element, attr, target))
        return element

    def old_storage_pages(self) -> list[str]:
        """The storage ids this page had before it moved (mkdocs.yml's redirect_maps)."""
        return worksheets.old_storage_pages(_redirect_maps(self.root / CONFIG_FILE), self.src)

    def relative(self, target: str) -> str:
        path, hash_, fragment = target.partition("#")
        if self.engine == "zensical":
            relative = posixpath.relpath(path or ".", posixpath.dirname(self.src) or ".")
            relative += "/" if path.endswith("/") and not relative.endswith("/") else ""
        else:
            relative = pages.relative_url(self.url, path)
        return relative + hash_ + fragment


@functools.lru_cache(maxsize=8)
def _redirect_maps_at(config_file: Path, mtime: float) -> dict[str, str]:
    return load_project(config_file).redirect_maps


def _redirect_maps(config_file: Path) -> dict[str, str]:
    """mkdocs.yml's redirect map, read once per build rather than once per page."""
    if not config_file.is_file():
        return {}
    return _redirect_maps_at(config_file, config_file.stat().st_mtime)


def _site_url(value) -> str:
    if SITE_URL_VARIABLE in os.environ:
        return check_site_url(os.environ[SITE_URL_VARIABLE], f"The environment variable {SITE_URL_VARIABLE}")
    return check_site_url(value, "site_url in mkdocs.yml")


def _zensical_context(md: Markdown):
    """Zensical's rendering context (its page and config), found the way Zensical's own extensions find it."""
    try:
        from zensical.extensions.context import ContextPreprocessor
    except ImportError:  # Zensical is not installed: MkDocs, or a test without an engine
        return None
    return ContextPreprocessor.from_markdown(md)


def _language(theme) -> str:
    try:
        return str(theme["language"] or editions.DEFAULT_LANG)
    except (KeyError, TypeError):
        return editions.DEFAULT_LANG


def _from_engine(md: Markdown) -> PageContext:
    if "relpath" in md.treeprocessors:  # MkDocs
        processor = md.treeprocessors["relpath"]
        config = processor.config
        return PageContext(
            src=processor.file.src_uri,
            docs_dir=Path(config.docs_dir),
            root=Path(config.config_file_path).parent,
            site_url=_site_url(config.site_url),
            engine="mkdocs",
            lang=_language(config.theme),
            extra=dict(config.extra or {}),
        )
    processor = _zensical_context(md)
    if processor is not None:
        config = processor.config
        root = Path(config["root_dir"])
        return PageContext(
            src=processor.page.path,
            docs_dir=root / config.get("docs_dir", "docs"),
            root=root,
            site_url=_site_url(config.get("site_url")),
            engine="zensical",
            lang=_language(config.get("theme") or {}),
            extra=dict(config.get("extra") or {}),
        )
    raise GuideError(
        "A guide.markdown extension ran outside MkDocs and Zensical, so it cannot tell which page it is on. "
        "Fix: build with `make build` (or set md.guide_page to a PageContext)."
    )


def context(md: Markdown) -> PageContext:
    """The page being converted (found once per conversion, then kept on the Markdown instance)."""
    page = getattr(md, "guide_page", None)
    if page is None:
        page = md.guide_page = _from_engine(md)
    return page


class LateLinks(Treeprocessor):
    """Sets the href of links to build-made files, after the engine's own link checks."""

    def run(self, root: etree.Element) -> None:
        page = context(self.md)
        for element, attr, target in page.late_links:
            element.set(attr, page.relative(target))
        page.late_links.clear()


class PageReset:
    """Forgets the page on md.reset(), so a Markdown instance reused for the next page finds that page."""

    def __init__(self, md: Markdown) -> None:
        self.md = md

    def reset(self) -> None:
        if hasattr(self.md, "guide_page"):
            del self.md.guide_page


def register_late_links(md: Markdown) -> None:
    if "guide_late_links" not in md.treeprocessors:
        md.treeprocessors.register(LateLinks(md), "guide_late_links", LATE_LINKS_PRIORITY)
        md.registerExtension(PageReset(md))


def add_assets(md: Markdown, root: etree.Element, stylesheet: str | None, script: str | None) -> None:
    """Load a stylesheet and a script on this page only, once however many extensions ask.

    The stylesheet goes first in the content, before anything it styles: the
    browser then lays out what follows with it from the start (after the
    fields, or after a printed sheet's QR code, they were drawn unstyled and
    then moved or hidden: Lighthouse's layout shift up to 0.79). A <link> is
    an empty element, so Material's search indexer, which takes any other
    element before the title for a nameless first section, passes over it.
    The script goes at the end, since Material's instant navigation runs it
    again when a reader arrives from another page."""
    page = context(md)
    for kind, asset in (("link", stylesheet), ("script", script)):
        if not asset or asset in page.assets:
            continue
        page.assets.add(asset)
        if kind == "link":
            root.insert(0, page.link(etree.Element("link", {"rel": "stylesheet"}), asset, "href"))
        else:
            root.append(page.link(etree.Element("script", {"defer": "defer"}), asset, "src"))


def copy_words(page: PageContext) -> dict[str, str]:
    """What a Copy button (docs/assets/links/copy.js) says once pressed, in the page's language."""
    return {"data-copied": page.say("Copied."), "data-selected": page.say("Selected. Press Ctrl+C (or Cmd+C) to copy.")}


def text(parent: etree.Element, tag: str, words: str, attrs: dict | None = None) -> etree.Element:
    """A child element holding `words` as they are (never read again as Markdown)."""
    element = etree.SubElement(parent, tag, attrs or {})
    element.text = AtomicString(words)
    return element


class Markers:
    """Marker lines (HTML comments like <!-- go:links -->) that an extension fills from a registry.

    A preprocessor swaps each marker line for a block of its own holding a
    placeholder, after whitespace is normalised (priority 30, which would strip
    the placeholder's control characters) and before HTML comments are put aside
    (20); the extension's block processor then builds the elements there."""

    def __init__(self, kind: str, markers: dict[str, str]) -> None:
        self.kind = kind
        self.markers = markers
        self.placeholders = {name: f"\x02guide-{kind}:{name}\x03" for name in markers}

    def found(self, lines: list[str]) -> set[str]:
        stripped = {line.strip() for line in lines}
        return {name for name, marker in self.markers.items() if marker in stripped}

    def swap(self, lines: list[str]) -> list[str]:
        swapped = {marker: self.placeholders[name] for name, marker in self.markers.items()}
        out: list[str] = []
        for line in lines:
            if line.strip() in swapped:
                out.extend(["", swapped[line.strip()], ""])
            else:
                out.append(line)
        return out

    def named(self, block: str) -> str | None:
        """Which marker's placeholder the block is (None: not one)."""
        return next((name for name, held in self.placeholders.items() if block.strip() == held), None)


class MarkerBlock(BlockProcessor):
    """Builds the elements where a Markers placeholder stands: fill(name, parent, page)."""

    def __init__(self, parser, markers: Markers, fill) -> None:
        super().__init__(parser)
        self.markers = markers
        self.fill = fill

    def test(self, parent, block: str) -> bool:
        return self.markers.named(block) is not None

    def run(self, parent, blocks: list[str]) -> None:
        page = context(self.parser.md)
        self.fill(self.markers.named(blocks.pop(0)), parent, page)
        page.filled.add(self.markers.kind)


def body_first_line(md: Markdown, lines: list[str]) -> int:
    """The file's line number of `lines[0]`, the body the engine passed after the front matter."""
    page = context(md)
    if not (page.docs_dir / page.src).is_file():
        return 1  # converted outside a project (a test): the text given is the whole file
    source = page.source()
    head = next((line for line in lines if line.strip()), None)
    if head is None:
        return source.body_line
    skipped = lines.index(head)
    raw = source.body.split("\n")
    at = raw.index(head) if head in raw else skipped
    return source.body_line + at - skipped
