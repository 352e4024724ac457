"""The one front-matter reader, and the rules every page's metadata must follow.

Branch offices paste links into emails and chat; the preview card shows the
page's `title` and `description`, so every page needs both, and the
description must be one short sentence. `search_phrases` (handbook/editors.md, "Search
phrases") must be a list of short pieces of text. `reviewed` is the date an
editor last checked the page (handbook/editors.md, "Review dates"): the page shows it, and
the next review is due `review_every` months later (12 unless the page says
otherwise). Everything that reads front
matter (the source checks, the Markdown extensions, the build steps, the tests)
reads it here, so a mistake gets one message that names the file and the fix,
never a traceback from somewhere else.
"""
from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

from guide.errors import GuideError, problems_error
from guide.sources import schemas

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
PHRASES_EXAMPLE = "search_phrases:\n  - sweaty palms\n  - clammy hands"


REVIEWED_KEY = "reviewed"
REVIEW_EVERY_KEY = "review_every"
DEFAULT_REVIEW_MONTHS = 12
# Advice goes stale: a page is checked at least every two years.
MAX_REVIEW_MONTHS = 24
REVIEWED_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REVIEW_EVERY_FORMAT = re.compile(r"^(\d+) months?$")
# schemas/front-matter.schema.json lists every key a page may use (a misspelt one
# fails with a did-you-mean); these keys are also checked by hand below, with
# messages that say more than a schema can, so the schema's own verdict on them is not shown.
SCHEMA = "front-matter"
CHECKED_BY_HAND = {"title", "description", REVIEWED_KEY, REVIEW_EVERY_KEY, PHRASES_KEY}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def latest_today() -> date:
    """Today's date where the day is furthest on (UTC+14).

    A `reviewed:` date later than this is a typo wherever the editor is; one
    that is "tomorrow" for a build server in UTC may be today for an editor in
    New Zealand, and must not fail."""
    return datetime.now(timezone(timedelta(hours=14))).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def long_date(day: date) -> str:
    """3 November 2026: no leading zero, the month in words (never the machine's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Source:
    """One Markdown page: its front matter, its body and where the body starts in the file."""

    src: str  # path under docs/, like during/keep-calm.md
    meta: dict
    body: str
    body_line: int  # the file's line number of the body's first line
    front_matter: str = ""  # the YAML as written
    folder: str = "docs"  # where the page is: docs, or es/docs for the Spanish edition

    @property
    def where(self) -> str:
        return f"{self.folder}/{self.src}"

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

    @property
    def reviewed(self) -> date | None:
        """The `reviewed:` date, or None when it is missing or malformed (check_review says which)."""
        typed = self.as_typed(REVIEWED_KEY)
        if not isinstance(typed, str) or not REVIEWED_FORMAT.match(typed.strip()):
            return None
        try:
            return date.fromisoformat(typed.strip())
        except ValueError:
            return None

    @property
    def review_months(self) -> int:
        """Months between reviews: `review_every: N months`, else 12 (also while it is malformed)."""
        typed = self.as_typed(REVIEW_EVERY_KEY)
        match = REVIEW_EVERY_FORMAT.match(" ".join(typed.split())) if isinstance(typed, str) else None
        months = int(match.group(1)) if match else 0
        return months if 1 <= months <= MAX_REVIEW_MONTHS else DEFAULT_REVIEW_MONTHS

    @property
    def next_review(self) -> date | None:
        reviewed = self.reviewed
        return add_months(reviewed, self.review_months) if reviewed else None

    def as_typed(self, key: str):
        """The value of `key` with every scalar as the text the editor typed (a bare no stays 'no')."""
        return _as_typed(self.front_matter).get(key)


@functools.lru_cache(maxsize=512)
def _as_typed(front_matter: str) -> dict:
    # Read again for each key of every page otherwise (the review dates ask several times).
    return yaml.load(front_matter, Loader=_TEXT_LOADER) or {}  # noqa: S506 - BaseLoader


def parse(text: str, src: str, folder: str = "docs") -> Source:
    """Split a page into front matter and body; GuideError naming the file when the YAML is broken."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return Source(src, {}, text, 1, folder=folder)
    try:
        meta = yaml.load(match.group(1), Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        # YAML counts from the front matter's first line, the file's line 2 (after '---').
        described = re.sub(r"\bline (\d+)", lambda m: f"line {int(m[1]) + 1}", " ".join(str(error).split()))
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f"{folder}/{src}, line {mark.line + 2}" if mark else f"{folder}/{src}"
        raise GuideError(
            f"{where}: the front matter is not valid YAML ({described}). "
            "Fix: put quotes around a value that contains ': ' or starts with a special "
            'character, e.g. `title: "Before: what to do"`.'
        ) from None
    except ValueError as error:
        # YAML reads YYYY-MM-DD as a date, and stops at one that does not exist (2026-02-30).
        raise GuideError(
            f"{folder}/{src}: the front matter has a date that does not exist ({error}). "
            f"Fix: write a real day as YYYY-MM-DD, like `{REVIEWED_KEY}: 2026-11-25`."
        ) from None
    if not isinstance(meta, dict):
        raise GuideError(f"{folder}/{src}: the front matter must be `key: value` lines. Fix, for example:\n      {EXAMPLE}")
    rest = text[match.end():]
    body = rest.lstrip("\n")
    body_line = text[: match.end()].count("\n") + (len(rest) - len(body)) + 1
    return Source(src, meta, body, body_line, match.group(1), folder)


@functools.lru_cache(maxsize=512)
def _read(path: str, _stamp: tuple[int, int], src: str, folder: str) -> Source:
    return parse(Path(path).read_text(encoding="utf-8"), src, folder)


def folder_of(docs_dir: Path) -> str:
    """How messages name a docs folder: docs, or es/docs for an edition's (guide.sources.editions)."""
    docs_dir = Path(docs_dir)
    return f"{docs_dir.parent.name}/docs" if (docs_dir.parent / "edition.yml").is_file() else "docs"


def read(docs_dir: Path, src: str) -> Source:
    """The page docs/SRC, read once per change of the file (the cache key is its size and time)."""
    path = Path(docs_dir) / src
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise GuideError(f"{folder_of(docs_dir)}/{src} does not exist.") from None
    return _read(str(path), (stat.st_mtime_ns, stat.st_size), src, folder_of(docs_dir))


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


def check_keys(source: Source) -> list[str]:
    """Keys the schema does not list (with a did-you-mean), and wrong types of the keys not checked by hand.

    Both engines accept any key without a word, so a misspelt `serach_phrases:`
    or `review_evrey:` would ship silently and the default would be used."""
    problems = []
    for problem in schemas.check(SCHEMA, source.meta, source.front_matter, first_line=2):
        line = f"line {problem.line}: " if problem.line else ""
        if problem.key is not None:
            problems.append(f"{line}front matter key `{problem.key}:`{problem.under} is not read by anything. {problem.fix}")
        elif problem.rule != "required" and (not problem.path or problem.path[0] not in CHECKED_BY_HAND):
            key = " ".join(f"`{step}:`" if isinstance(step, str) else f"item {step + 1}" for step in problem.path)
            problems.append(
                f"{line}{key or 'the front matter'}: {problem.message}. Fix: write it as schemas/{SCHEMA}.schema.json describes "
                "(your editor shows the description when the pointer is on the key)."
            )
    return problems


def check_phrases(source: Source) -> list[str]:
    meta, problems = source.meta, []
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


def check_review(source: Source, today: date | None = None) -> list[str]:
    """What is wrong with `reviewed:` and `review_every:`. Only a typo can fail: a date
    that has merely grown old never does (handbook/editors.md, "Review dates"), so a commit that
    builds today still builds next year."""
    today = today or latest_today()
    meta, problems = source.meta, []
    example = f"`{REVIEWED_KEY}: {min(today, date.today()).isoformat()}` (the day you checked it)"
    typed = source.as_typed(REVIEWED_KEY)
    if REVIEWED_KEY not in meta:
        problems.append(
            f"no `{REVIEWED_KEY}:` date in the front matter. Fix: check the page is still right, then add "
            f"{example} between the `---` lines at the top."
        )
    elif not isinstance(typed, str) or not REVIEWED_FORMAT.match(typed.strip()) or source.reviewed is None:
        problems.append(
            f"`{REVIEWED_KEY}: {typed if isinstance(typed, str) else ''}` is not a date written as YYYY-MM-DD. "
            f"Fix: write it like {example}."
        )
    elif source.reviewed > today:
        problems.append(
            f"`{REVIEWED_KEY}: {source.reviewed.isoformat()}` is in the future: it is not that day yet anywhere "
            "in the world. "
            f"Fix: write the day you last checked the page, today or earlier, like {example}."
        )
    if REVIEW_EVERY_KEY in meta:
        every = source.as_typed(REVIEW_EVERY_KEY)
        match = REVIEW_EVERY_FORMAT.match(" ".join(every.split())) if isinstance(every, str) else None
        if not match or not 1 <= int(match.group(1)) <= MAX_REVIEW_MONTHS:
            problems.append(
                f"`{REVIEW_EVERY_KEY}: {every if isinstance(every, str) else ''}` is not a number of months "
                f"from 1 to {MAX_REVIEW_MONTHS}. Fix: write it like `{REVIEW_EVERY_KEY}: 6 months`, or delete "
                f"the line to review the page every {DEFAULT_REVIEW_MONTHS} months."
            )
    return problems


CHECKS = (check_keys, check_meta, check_phrases, check_review)


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
        # A problem that knows its line starts "line N: " (check_keys): "docs/x.md, line N: ...".
        problems.extend(
            f"{source.where}, {problem}" if problem.startswith("line ") else f"{source.where}: {problem}"
            for check in CHECKS
            for problem in check(source)
        )
    if problems:
        raise problems_error(
            "Page front matter has problems (titles and descriptions make link previews; phrases feed "
            "search; review dates tell readers how fresh a page is):",
            problems,
        )
    return sources
