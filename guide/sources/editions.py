"""The guide's editions: one per language, each its own MkDocs project (Material's documented way).

English is the project itself: mkdocs.yml, docs/, data/. Every other language
listed under `extra.alternate` in mkdocs.yml has a folder named by its code
(es/) holding

- `edition.yml`: only what differs from mkdocs.yml (language, names, nav,
  search language). A key there replaces the same key of mkdocs.yml; a
  mapping is merged key by key, so `theme: {language: es}` keeps the rest of
  the theme; a plugin listed there replaces that plugin's settings only (the
  redirect map stays the one in mkdocs.yml); other lists (nav) are replaced whole.
- `docs/`: every page at the same path as its English page, so each page's
  twin is the same URL under /es/ and every relative link keeps working.
  The assets stay in docs/assets/ alone: the build copies them into site/es/.
- `data/`: the edition's own data files (candidate-emails.yml) and
  `interface.yml`, the words the build writes on pages (buttons, labels).

Each edition is built by the same generator into site/CODE/ from a full
configuration the build writes next to mkdocs.yml (.guide-CODE.yml, untracked,
removed after the build), because MkDocs and Zensical merge an INHERIT's lists
differently (MkDocs replaces, Zensical appends) and a nav cannot be appended.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml

from guide.errors import GuideError
from guide.sources.config import Project, read_yaml

DEFAULT_LANG = "en"
SETTINGS = "edition.yml"
INTERFACE = "interface.yml"


@dataclass(frozen=True)
class Edition:
    lang: str  # the language code: en, es
    name: str  # the language's own name, for the switcher: English, Español
    folder: str  # "" for English, "es" for Spanish: where its docs/ and data/ are

    @property
    def prefix(self) -> str:
        """The site-relative URL prefix of its pages: '' or 'es/'."""
        return f"{self.folder}/" if self.folder else ""

    @property
    def is_main(self) -> bool:
        return not self.folder

    def docs_dir(self, root: Path) -> Path:
        return root / self.folder / "docs" if self.folder else root / "docs"

    def data_dir(self, root: Path) -> Path:
        return root / self.folder / "data" if self.folder else root / "data"

    def config_file(self, root: Path) -> Path:
        """The full configuration the build writes for this edition (mkdocs.yml for English)."""
        return root / f".guide-{self.lang}.yml" if self.folder else root / "mkdocs.yml"


def editions(project: Project) -> list[Edition]:
    """The editions mkdocs.yml's `extra.alternate` lists, English first; just English without it."""
    alternates = project.extra.get("alternate") or []
    found: list[Edition] = []
    for number, item in enumerate(alternates, start=1):
        if not isinstance(item, dict) or not all(isinstance(item.get(key), str) for key in ("name", "lang", "link")):
            raise GuideError(
                f"mkdocs.yml: extra.alternate item {number} needs `name`, `lang` and `link`. "
                "Fix: write it like {name: Español, lang: es, link: /es/}."
            )
        lang = item["lang"]
        folder = "" if lang == project.config.get("theme", {}).get("language", DEFAULT_LANG) else lang
        expected = f"/{folder}/" if folder else "/"
        if item["link"] != expected:
            raise GuideError(
                f"mkdocs.yml: extra.alternate item {number} ({item['name']}) links to {item['link']!r}. "
                f"Fix: write link: {expected} (each edition lives at its language code)."
            )
        if folder and not (project.root / folder / SETTINGS).is_file():
            raise GuideError(
                f"mkdocs.yml lists the {item['name']} edition ({lang}), but {folder}/{SETTINGS} does not exist. "
                f"Fix: add {folder}/{SETTINGS} (handbook/editors.md, \"Editions\"), or remove the entry."
            )
        found.append(Edition(lang=lang, name=item["name"], folder=folder))
    if not found:
        return [Edition(lang=DEFAULT_LANG, name="English", folder="")]
    if not any(edition.is_main for edition in found):
        raise GuideError("mkdocs.yml: extra.alternate must list the main language (theme.language) too, with link: /.")
    return sorted(found, key=lambda edition: not edition.is_main)


def merged(base: dict, changes: dict) -> dict:
    """`base` with each key of `changes` in place: mappings merged key by key, anything else replaced."""
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if key == "plugins" and isinstance(value, list) and isinstance(result.get(key), list):
            result[key] = _plugins(result[key], value)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def _plugin_name(item) -> str:
    return item if isinstance(item, str) else next(iter(item))


def _plugins(base: list, changes: list) -> list:
    """mkdocs.yml's plugins, each one the edition lists replaced by the edition's settings."""
    mine = {_plugin_name(item): item for item in changes}
    result = [copy.deepcopy(mine.pop(_plugin_name(item), item)) for item in base]
    return result + [copy.deepcopy(item) for item in mine.values()]


def edition_config(project: Project, edition: Edition, site_dir: Path) -> dict:
    """The full configuration of an edition other than English, as its generator reads it."""
    settings_file = project.root / edition.folder / SETTINGS
    changes = read_yaml(settings_file)
    for key in ("docs_dir", "site_dir", "site_url", "extra_css", "extra_javascript", "hooks", "markdown_extensions"):
        if key in changes:
            raise GuideError(
                f"{edition.folder}/{SETTINGS}: `{key}` is set by the build for every edition. "
                f"Fix: remove it from {edition.folder}/{SETTINGS}; change it in mkdocs.yml for all editions."
            )
    config = merged(project.config, changes)
    config["docs_dir"] = posixpath.join(edition.folder, "docs")
    config["site_dir"] = str(site_dir)
    config["site_url"] = project.site_url + edition.prefix
    config.setdefault("theme", {})["language"] = edition.lang
    return config


def write_config(project: Project, edition: Edition, site_dir: Path) -> Path:
    path = edition.config_file(project.root)
    path.write_text(
        "# Written by `python -m guide build` for this build only (guide/sources/editions.py).\n"
        + yaml.safe_dump(edition_config(project, edition, site_dir), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def edition_project(project: Project, edition: Edition) -> Project:
    """The Project of one edition: its docs, its part of site/ and its address."""
    if edition.is_main:
        return project
    site_dir = project.site_dir / edition.folder
    return Project(
        root=project.root,
        config_file=edition.config_file(project.root),
        docs_dir=edition.docs_dir(project.root),
        site_dir=site_dir,
        site_url=project.site_url + edition.prefix,
        config=edition_config(project, edition, site_dir),
    )


# ---- the words the build writes on pages ----------------------------------------------------

# What the page scripts (docs/assets/) say, in English as written there: a translated page
# carries these words in its language (guide/markdown/page_foot.py), for irgStore.say.
SCRIPT_WORDS = (
    "This browser is not keeping your answers, so they will be gone when you leave this page. You can still print the page.",
    "Your branch:",
    "Change",
    "Forget",
    "Your branch is forgotten on this device.",
    "Saved: {name} is your branch on this device. Pages that say to call your branch now show its number.",
    "This browser is not keeping your branch, so it will be forgotten when you leave. {name}: {phone}.",
    "No branch office matches “{typed}”.",
    "1 branch office matches “{typed}”.",
    "{count} branch offices match “{typed}”.",
    "Every link and email on this page now shows {name} to the candidate.",
    "The links on this page are plain again.",
)


@functools.lru_cache(maxsize=16)
def _interface(path: Path, _stamp: tuple[int, int]) -> dict[str, str]:
    data = read_yaml(path)
    words = data.get("words")
    if not isinstance(words, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in words.items()):
        raise GuideError(f"{path}: `words:` must map each English text to its translation, one per line (\"English\": \"Traducción\").")
    return words


def interface(root: Path, lang: str) -> dict[str, str]:
    """English interface text -> this language's, from LANG/data/interface.yml ({} for English)."""
    if lang == DEFAULT_LANG:
        return {}
    path = root / lang / "data" / INTERFACE
    if not path.is_file():
        raise GuideError(f"{lang}/data/{INTERFACE} does not exist. Fix: add it; it translates the words the build writes on pages.")
    stat = path.stat()
    return _interface(path, (stat.st_mtime_ns, stat.st_size))


def say(root: Path, lang: str, english: str, **values) -> str:
    """The interface text `english` in `lang`, with its {placeholders} filled in."""
    words = interface(root, lang)
    if lang != DEFAULT_LANG:
        if english not in words:
            raise GuideError(
                f"{lang}/data/{INTERFACE} has no translation of {english!r}. "
                f"Fix: add the line  \"{english}\": \"...\"  under `words:`, keeping any {{placeholder}} as it is."
            )
        english = words[english]
    return english.format(**values) if values else english


# ---- translations never go silently stale --------------------------------------------------

TRANSLATED_FROM = "translated_from"


def english_version(root: Path, src: str) -> str:
    """The version of docs/SRC a translation records: the first 12 hex digits of its SHA-256,
    so any edit to the English page shows, with no git history needed."""
    return hashlib.sha256((root / "docs" / src).read_bytes()).hexdigest()[:12]


def check_translation(root: Path, edition: Edition, src: str, recorded) -> str | None:
    """A problem with a translated page's `translated_from` (None when it is fine, or stale)."""
    if edition.is_main:
        return None
    where = f"{edition.folder}/docs/{src}"
    if not (root / "docs" / src).is_file():
        return (
            f"{where} has no English page docs/{src}. Fix: give it the same path as the English page "
            "it translates, or remove it."
        )
    if not isinstance(recorded, str) or not recorded.strip():
        return (
            f"{where}: `{TRANSLATED_FROM}:` is missing, so nobody would know when docs/{src} changes. "
            f"Fix: add `{TRANSLATED_FROM}: {english_version(root, src)}` (the English page's version now) "
            "to its front matter, once the translation matches the English page."
        )
    return None


def translation_report(project: Project) -> list[str]:
    """Lines for `make review`: translations whose English page changed since, and English pages with no translation."""
    from guide.sources import frontmatter, pages

    lines: list[str] = []
    english = pages.source_pages(project.docs_dir)
    for edition in editions(project):
        if edition.is_main:
            continue
        docs = edition.docs_dir(project.root)
        translated = set(pages.source_pages(docs))
        for src in english:
            if src not in translated:
                lines.append(f"  {edition.folder}/docs/{src}: missing ({edition.name} has no page for docs/{src})")
                continue
            # As typed: a version of digits only would otherwise read as a number.
            recorded = frontmatter.read(docs, src).as_typed(TRANSLATED_FROM)
            now = english_version(project.root, src)
            if recorded != now:
                lines.append(
                    f"  {edition.folder}/docs/{src}: docs/{src} changed since it was translated "
                    f"(see `git log -p docs/{src}`); update the translation, then set {TRANSLATED_FROM}: {now}"
                )
    return lines
