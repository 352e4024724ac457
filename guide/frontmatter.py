"""The one front-matter reader, and the rules every page's metadata must follow.

Branch offices paste links into emails and chat; the preview card shows the
page's `title` and `description`, so every page needs both, and the
description must be one short sentence. `search_phrases` (README, "Search
phrases") must be a list of short pieces of text. Everything that reads front
matter (the source checks, the Markdown extensions, the build steps, the tests)
reads it here, so a mistake gets one message that names the file and the fix,
never a traceback from somewhere else.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from guide.errors import GuideError, problems_error

# As MkDocs and Zensical find front matter: '---' lines around YAML at the top.
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every value as the text the editor typed

# Longer descriptions get cut off in email and chat previews (most cut near 200).
MAX_DESCRIPTION_CHARS = 200
# A sentence ends at . ! or ? (optionally followed by a closing quote or
# bracket); one followed by more text means a second sentence has started.
SENTENCE_BREAK = re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s+\S")
SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*$")
EXAMPLE = (
    "---\n"
    "      title: Short page title\n"
    "      description: One sentence that says what the page helps with.\n"
    "      ---"
)

PHRASES_KEY = "search_phrases"
MAX_PHRASE_CHARS = 80
# Near-misses of PHRASES_KEY that both engines would accept without a word.
PHRASES_TYPOS = {"search_phrase", "search-phrases", "search-phrase", "searchphrases", "phrases", "search_terms"}
PHRASES_EXAMPLE = "search_phrases:\n  - sweaty palms\n  - clammy hands"


@dataclass(frozen=True)
class Source:
    """One Markdown page: its front matter, its body and where the body starts in the file."""

    src: str  # path under docs/, like during/keep-calm.md
    meta: dict
    body: str
    body_line: int  # the file's line number of the body's first line
    front_matter: str = ""  # the YAML as written

    @property
    def where(self) -> str:
        return f"docs/{self.src}"

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        heading = re.search(r"^#\s+(.+?)\s*$", self.body, re.M)
        return heading.group(1) if heading else self.src

    @property
    def description(self) -> str:
        description = self.meta.get("description")
        return " ".join(description.split()) if isinstance(description, str) else ""

    def as_typed(self, key: str):
        """The value of `key` with every scalar as the text the editor typed (a bare no stays 'no')."""
        return (yaml.load(self.front_matter, Loader=_TEXT_LOADER) or {}).get(key)  # noqa: S506 - BaseLoader


def parse(text: str, src: str) -> Source:
    """Split a page into front matter and body; GuideError naming the file when the YAML is broken."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return Source(src, {}, text, 1)
    try:
        meta = yaml.load(match.group(1), Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise GuideError(
            f"docs/{src}: the front matter is not valid YAML ({' '.join(str(error).split())}). "
            "Fix: put quotes around a value that contains ': ' or starts with a special "
            'character, e.g. `title: "Before: what to do"`.'
        ) from None
    if not isinstance(meta, dict):
        raise GuideError(f"docs/{src}: the front matter must be `key: value` lines. Fix, for example:\n      {EXAMPLE}")
    rest = text[match.end():]
    body = rest.lstrip("\n")
    body_line = text[: match.end()].count("\n") + (len(rest) - len(body)) + 1
    return Source(src, meta, body, body_line, match.group(1))


@functools.lru_cache(maxsize=512)
def _read(path: str, _stamp: tuple[int, int], src: str) -> Source:
    return parse(Path(path).read_text(encoding="utf-8"), src)


def read(docs_dir: Path, src: str) -> Source:
    """The page docs/SRC, read once per change of the file (the cache key is its size and time)."""
    path = Path(docs_dir) / src
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise GuideError(f"docs/{src} does not exist.") from None
    return _read(str(path), (stat.st_mtime_ns, stat.st_size), src)


def check_meta(source: Source) -> list[str]:
    """What is wrong with one page's title and description, each with its fix."""
    meta, problems = source.meta, []
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(
            "no `title` in the front matter. Fix: add `title: Short page title` "
            "between the `---` lines at the top of the file."
        )
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        problems.append(
            "no `description` in the front matter. Fix: add `description: One sentence "
            "that says what the page helps with.` between the `---` lines at the top."
        )
        return problems
    description = description.strip()
    if len(description) > MAX_DESCRIPTION_CHARS:
        problems.append(
            f"`description` is {len(description)} characters; link previews cut it off "
            f"after about {MAX_DESCRIPTION_CHARS}. Fix: shorten it to one plain sentence."
        )
    if SENTENCE_BREAK.search(description):
        problems.append(
            f"`description` has more than one sentence: {description!r}. "
            "Fix: keep one sentence; move the rest into the page."
        )
    elif not SENTENCE_END.search(description):
        problems.append(
            f"`description` does not end like a sentence: {description!r}. "
            "Fix: write it as one full sentence ending with a full stop."
        )
    return problems


def phrases(source: Source) -> list[str]:
    """The page's search phrases, whitespace tidied (checked by check_phrases first)."""
    value = source.meta.get(PHRASES_KEY)
    if not isinstance(value, list):
        return []
    return [" ".join(item.split()) for item in value if isinstance(item, str) and item.strip()]


def check_phrases(source: Source) -> list[str]:
    meta, problems = source.meta, []
    for typo in sorted(PHRASES_TYPOS & set(meta)):
        problems.append(f"front matter key `{typo}:` is not read by anything. Fix: rename it to `{PHRASES_KEY}:`.")
    if PHRASES_KEY not in meta:
        return problems
    value = meta[PHRASES_KEY]
    if not isinstance(value, list) or not value:
        return problems + [
            f"`{PHRASES_KEY}:` must be a list of phrases, one per line, each starting with '- ', "
            f"got {type(value).__name__} {value!r}. Fix, for example:\n{PHRASES_EXAMPLE}"
        ]
    typed = source.as_typed(PHRASES_KEY) or []
    for number, phrase in enumerate(value, 1):
        if not isinstance(phrase, str):
            # YAML reads a bare no, yes, on, off or a number as something other than text.
            written = typed[number - 1] if number <= len(typed) and isinstance(typed[number - 1], str) else str(phrase)
            problems.append(
                f"`{PHRASES_KEY}:` item {number} ({written}) is read as a {type(phrase).__name__}, not text. "
                f'Fix: put it in quotes: - "{written}"'
            )
            continue
        phrase = " ".join(phrase.split())
        if not phrase:
            problems.append(f"`{PHRASES_KEY}:` item {number} is empty. Fix: delete the line.")
        elif len(phrase) > MAX_PHRASE_CHARS:
            problems.append(
                f"`{PHRASES_KEY}:` item {number} is {len(phrase)} characters long ({phrase[:40]!r}...). "
                f"Fix: keep each phrase under {MAX_PHRASE_CHARS} characters: the few words a reader would type."
            )
    return problems


CHECKS = (check_meta, check_phrases)


def check_all(docs_dir: Path, srcs: list[str]) -> dict[str, Source]:
    """Read every page; one GuideError listing every problem in every file, or the sources."""
    sources: dict[str, Source] = {}
    problems: list[str] = []
    for src in srcs:
        try:
            source = read(docs_dir, src)
        except GuideError as error:
            problems.append(error.message)
            continue
        sources[src] = source
        problems.extend(f"docs/{src}: {problem}" for check in CHECKS for problem in check(source))
    if problems:
        raise problems_error(
            "Page front matter has problems (titles and descriptions make link previews; phrases feed search):",
            problems,
        )
    return sources
