"""Worksheets: which pages are printable sheets, their PDFs, and the field syntax editors write.

    [[line: Job and company]]          one line to write on
    [[lines 3: What went well?]]       3 ruled lines (1 to 10)
    [[box 4: Notes]]                   a box 4 lines tall (1 to 10)
    [[tick: I was on time]]            a tick box
    [[line: Date]] [[line: Time]]      several fields on one line sit side by side (up to 4)

    [[cards 6]]                        the Markdown up to [[/cards]] is one cut-out
    ...                                card; the printed sheet repeats it 6 times
    [[/cards]]                         (the screen shows it once)

A reader's answer is kept under its label's slug, on this page (see
storage_page). To reword a label or a checklist item without losing what
readers already wrote or ticked, give the old words once:

    [[line: Job title and company | was: Job and company]]
    - [ ] Take three slow breaths. [[was: Breathe slowly.]]

(several `was:` parts for several old wordings). A page that moved keeps its
readers' answers through mkdocs.yml's redirect_maps (old_storage_pages).

This module only reads the syntax; guide.markdown.worksheets turns it into
form controls and guide.steps.pdfs prints the sheets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify, slugify_unicode

from guide.sources import pages

WORKSHEETS_DIR = "worksheets/"
STYLESHEET = "assets/worksheets.css"
SCRIPT = "assets/checklists.js"
SIZES = {"a4": ("A4", "A4"), "letter": ("letter", "US Letter")}  # suffix: (CSS page size, link text)
MAX_ROWS = 10
MAX_PER_ROW = 4
MAX_CARDS = 12

KINDS = {"line": False, "lines": True, "box": True, "tick": False}  # kind -> takes a row count
FIELD_RE = re.compile(r"\[\[\s*(?P<kind>[a-z]+)(?:\s+(?P<rows>\d+))?\s*:\s*(?P<label>[^\[\]]*?)\s*\]\]")
# `| was: Old label` after a field's label; `[[was: Old words]]` at the end of a checklist item.
WAS_PART_RE = re.compile(r"^\s*was\s*:\s*(?P<old>.*?)\s*$")
ITEM_WAS_RE = re.compile(r"\[\[\s*was\s*:\s*(?P<old>[^\[\]]*?)\s*\]\]")
TASK_LINE_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\](?=\s|$)")
CARDS_OPEN_RE = re.compile(r"^\[\[\s*cards\s+(?P<count>\d+)\s*\]\]$")
CARDS_CLOSE_RE = re.compile(r"^\[\[\s*/cards\s*\]\]$")

SYNTAX_HELP = (
    "Write one of [[line: Label]], [[lines 3: Label]], [[box 4: Label]] or [[tick: Label]] "
    "on a line of its own (row counts 1 to 10; up to 4 fields on one line), "
    "or wrap a cut-out card in [[cards 6]] ... [[/cards]]. See handbook/editors.md, 'How to write a worksheet'."
)


class SyntaxProblem(ValueError):
    """A malformed field; the caller adds the file and line."""


@dataclass(frozen=True)
class Field:
    kind: str
    rows: int
    label: str
    was: tuple[str, ...] = ()  # earlier labels, whose saved answers this field takes over

    @property
    def key(self) -> str:
        return field_key(self.label)


def is_worksheet(src: str) -> bool:
    """Every page in worksheets/ except its index is a one-page printable worksheet."""
    return src.startswith(WORKSHEETS_DIR) and not src.endswith("index.md")


def pdf_name(src: str, suffix: str) -> str:
    """worksheets/debrief.md -> downloads/worksheets/debrief-a4.pdf (site-relative)."""
    return pages.download(f"{src[: -len('.md')]}-{suffix}.pdf")


def storage_page(src: str) -> str:
    """The page part of a saved answer's key: answers stay put when the site's address changes."""
    return src[: -len(".md")] if src.endswith(".md") else src


def old_storage_pages(redirect_maps: dict[str, str], src: str) -> list[str]:
    """The storage ids this page had before it moved: every old file in redirect_maps whose
    redirects lead here (a page moved twice has two). The page's script moves readers'
    answers from these to the page's own id, and "Clear" removes them too."""
    def target(old: str) -> str:
        new = redirect_maps[old].split("#", 1)[0]
        return new if new.endswith(".md") else ""

    found = []
    for old in redirect_maps:
        seen, here = {old}, target(old)
        while here in redirect_maps and here not in seen:  # old.md -> mid.md -> src
            seen.add(here)
            here = target(here)
        if here == src and old.endswith(".md"):
            found.append(storage_page(old))
    return sorted(found)


def was_labels(old: str, kind: str, label: str) -> str:
    """One old wording from a `| was: ...` part, or SyntaxProblem."""
    match = WAS_PART_RE.match(old)
    if not match or not field_key(match["old"]):
        raise SyntaxProblem(
            f"after '|' in [[{kind}: {label} | ...]] write the field's old label, like "
            f"[[{kind}: {label} | was: Old label]], so readers' answers under it are kept."
        )
    return match["old"]


def split_item_was(text: str) -> tuple[str, list[str]]:
    """A checklist item's words and the old wordings given at its end with [[was: Old words]]."""
    olds = [match["old"] for match in ITEM_WAS_RE.finditer(text)]
    return ITEM_WAS_RE.sub("", text).rstrip(), olds


def field_key(label: str) -> str:
    """The slug a reader's answer is saved under. ASCII labels keep the keys they have always
    had; a label with no ASCII letters (Chinese, say) keeps its own letters instead of none."""
    return slugify(label, "-") or slugify_unicode(label, "-")


def parse_row(line: str) -> list[Field]:
    """The fields on one line, or SyntaxProblem saying what is wrong and how to write it."""
    stripped = line.strip()
    fields: list[Field] = []
    position = 0
    for match in FIELD_RE.finditer(stripped):
        if stripped[position : match.start()].strip():
            break
        position = match.end()
        kind, rows, label = match["kind"], match["rows"], match["label"]
        label, *olds = [part.strip() for part in label.split("|")]
        if kind not in KINDS:
            raise SyntaxProblem(f"unknown field kind '{kind}' in `{match[0]}`. {SYNTAX_HELP}")
        if KINDS[kind]:
            if rows is None:
                raise SyntaxProblem(f"`{match[0]}` needs a number of lines, e.g. [[{kind} 3: {label or 'Label'}]].")
            if not 1 <= int(rows) <= MAX_ROWS:
                raise SyntaxProblem(f"`{match[0]}` asks for {rows} lines; use 1 to {MAX_ROWS}.")
        elif rows is not None:
            raise SyntaxProblem(f"`{match[0]}` takes no number; write [[{kind}: {label}]].")
        if not label or not field_key(label):
            raise SyntaxProblem(
                f"`{match[0]}` has no label. Every field needs words that say what to write, "
                f"e.g. [[{kind}{' 3' if KINDS[kind] else ''}: What went well?]]."
            )
        was = tuple(was_labels(old, kind, label) for old in olds)
        fields.append(Field(kind, int(rows or 1), label, was))
    if not fields or stripped[position:].strip():
        raise SyntaxProblem(f"malformed field `{stripped}`. {SYNTAX_HELP}")
    if len(fields) > MAX_PER_ROW:
        raise SyntaxProblem(f"{len(fields)} fields on one line; put at most {MAX_PER_ROW} side by side.")
    return fields


def cards_count(line: str) -> int | None:
    match = CARDS_OPEN_RE.match(line.strip())
    return int(match["count"]) if match else None


def is_cards_end(line: str) -> bool:
    return bool(CARDS_CLOSE_RE.match(line.strip()))
