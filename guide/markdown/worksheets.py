"""Worksheets in Markdown: [[field]] lines become labelled form controls; a sheet gets its print bar.

The syntax is in guide/sources/worksheets.py (and handbook/editors.md, "How to write a worksheet").
Three stages, in the order Python-Markdown runs them:

1. `FieldLines` (a preprocessor) reads the source lines: it checks every
   field and card with the file's own line numbers, so a malformed one fails
   the build naming the line an editor sees, and puts each on a block of its
   own. A field that silently stayed "[[...]]" text would print as junk.
2. `FieldRow` and `Cards` (block processors) build the elements: a <label>
   and an <input>/<textarea> per field, keyed by the slug of its label, so the
   reader's typing is kept per field (docs/assets/checklists.js) and the same
   HTML prints from the browser and into the PDF (guide.steps.pdfs).
3. `SheetFurniture` (a tree processor) gives a worksheet page its action bar
   under the title (print, clear, PDF downloads; `#print` is its anchor), and
   the short link and its QR code printed beside the title (guide.markdown.paper);
   pages with fields load the worksheet stylesheet and script, and no other
   page does.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from guide.sources import candidate_emails, worksheets
from guide.errors import GuideError
from guide.markdown import page as pages
from guide.markdown import paper
from guide.sources.worksheets import MAX_CARDS, SIZES, Field, SyntaxProblem

FENCE_RE = re.compile(r"^\s*(```|~~~)")
HEADING_RE = re.compile(r"^\s{0,3}#")
# Editors' form controls and buttons are words to write next to, not advice:
# each element made here carries the mark that keeps it out of the search index.
EXCLUDE = "data-search-exclude"
KEY_FIX = (
    "reword one of them (to keep what readers saved under the old words, "
    "add `| was: Old label` to a field or `[[was: Old words]]` to a checklist item)."
)


class SheetState:
    """What the preprocessor learned about this page, for the tree processor."""

    def __init__(self) -> None:
        self.fields = 0
        self.labels: dict[str, str] = {}  # each field's label -> its key, for the page's `email_draft`


class FieldLines(Preprocessor):
    def __init__(self, md: Markdown, state: SheetState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        if not any("[[" in line for line in lines):
            return lines
        page = pages.context(self.md)
        first = pages.body_first_line(self.md, lines)
        out: list[str] = []
        seen: dict[str, int] = {}
        fence = None
        cards: tuple[int, int] | None = None  # (line, count) of an open [[cards N]]
        for number, line in enumerate(lines, start=first):
            where = f"{page.where}, line {number}"
            opened = FENCE_RE.match(line)
            if fence or opened:
                if fence and opened and opened.group(1) == fence:
                    fence = None
                elif not fence:
                    fence = opened.group(1)
                out.append(line)
                continue
            stripped = line.strip()
            if cards and HEADING_RE.match(line):
                raise GuideError(
                    f"{where}: a heading inside [[cards]] would be repeated on the sheet with the same link id. "
                    "Fix: use a bold line (**Like this**) for the card's title."
                )
            if "[[" not in stripped:
                out.append(line)
                continue
            if worksheets.ITEM_WAS_RE.search(stripped):
                # A checklist item's old words: guide.markdown.checklists reads them.
                if worksheets.TASK_LINE_RE.match(line) and "[[" not in worksheets.ITEM_WAS_RE.sub("", stripped):
                    out.append(line)
                    continue
                raise GuideError(
                    f"{where}: [[was: ...]] goes at the end of a checklist item (- [ ] New words [[was: Old words]]). "
                    "Fix: for a field, write the old label inside it: [[line: New label | was: Old label]]."
                )
            count = worksheets.cards_count(stripped)
            if count is not None:
                if cards:
                    raise GuideError(f"{where}: [[cards]] cannot be nested. Fix: close the first with [[/cards]].")
                if not 1 <= count <= MAX_CARDS:
                    raise GuideError(f"{where}: `{stripped}` asks for {count} cards. Fix: use 1 to {MAX_CARDS}.")
                cards = (number, count)
                out.extend(["", stripped, ""])
                continue
            if worksheets.is_cards_end(stripped):
                if not cards:
                    raise GuideError(f"{where}: [[/cards]] without an opening [[cards N]] above it.")
                cards = None
                out.extend(["", stripped, ""])
                continue
            if not stripped.startswith("[["):
                raise GuideError(
                    f"{where}: a field must be on a line of its own, but this line has text before it: "
                    f"`{stripped}`. {worksheets.SYNTAX_HELP}"
                )
            try:
                fields = worksheets.parse_row(stripped)
            except SyntaxProblem as problem:
                raise GuideError(f"{where}: {problem}") from None
            if cards:
                raise GuideError(
                    f"{where}: fields cannot go inside [[cards]] (each copy would need its own label). "
                    "Fix: put the field above [[cards N]] or below [[/cards]]."
                )
            for field in fields:
                if field.key in seen:
                    raise GuideError(
                        f"{where}: the label '{field.label}' is already used on line {seen[field.key]}. "
                        "Fix: add a word or a number to one of them; each field needs its own label, "
                        "because it is what the reader's answer is saved under."
                    )
                seen[field.key] = number
                page.claim_key(field.key, f"line {number} (the field '{field.label}')", KEY_FIX)
                for old in field.was:
                    page.claim_key(worksheets.field_key(old), f"line {number} (the field '{field.label}')", KEY_FIX, old=True)
            self.state.fields += len(fields)
            self.state.labels.update((field.label, field.key) for field in fields)
            out.extend(["", stripped, ""])
        if cards:
            raise GuideError(
                f"{page.where}, line {cards[0]}: [[cards {cards[1]}]] is never closed. Fix: add [[/cards]] after the card."
            )
        return out


def storage_attrs(page: pages.PageContext, key: str, was: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Where a control's answer is saved (data-ws-key), the keys it takes answers over from after
    a reword (data-ws-was), and the ids its page had before a move (data-ws-old), which
    docs/assets/checklists.js moves to the new key on a reader's next visit and "Clear" removes."""
    page_key = worksheets.storage_page(page.src)
    attrs = {"data-ws-key": f"{page_key}#{key}"}
    olds = [f"{page_key}#{worksheets.field_key(words)}" for words in was]
    if olds:
        attrs["data-ws-was"] = " ".join(dict.fromkeys(olds))
    moved = page.old_storage_pages()
    if moved:
        attrs["data-ws-old"] = " ".join(moved)
    return attrs


def field_element(field: Field, page: pages.PageContext) -> etree.Element:
    ident = f"ws-{field.key}"
    common = {"id": ident, "name": field.key, **storage_attrs(page, field.key, field.was)}
    classes = f"ws-field ws-{field.kind}" + (f" ws-rows-{field.rows}" if field.kind in ("lines", "box") else "")
    box = etree.Element("div", {"class": classes, EXCLUDE: "form"})
    label = etree.Element("label", {"for": ident})
    label.text = AtomicString(field.label)
    if field.kind == "tick":
        box.append(etree.Element("input", {"type": "checkbox", **common}))
        box.append(label)
    elif field.kind == "line":
        box.append(label)
        box.append(etree.Element("input", {"type": "text", **common, "autocomplete": "off"}))
    else:
        box.append(label)
        area = etree.SubElement(box, "textarea", {**common, "rows": str(field.rows)})
        area.text = AtomicString("")
    return box


class FieldRow(BlockProcessor):
    def test(self, parent, block: str) -> bool:
        line = block.strip()
        if "\n" in line or not line.startswith("[[") or worksheets.cards_count(line) is not None:
            return False
        try:
            worksheets.parse_row(line)
        except SyntaxProblem:
            return False
        return True

    def run(self, parent, blocks: list[str]) -> None:
        fields = worksheets.parse_row(blocks.pop(0))
        page = pages.context(self.parser.md)
        boxes = [field_element(field, page) for field in fields]
        if len(boxes) == 1:
            parent.append(boxes[0])
            return
        row = etree.SubElement(parent, "div", {"class": f"ws-row ws-row-{len(boxes)}", EXCLUDE: "form"})
        row.extend(boxes)


class Cards(BlockProcessor):
    """[[cards N]] ... [[/cards]]: the card once on screen, N times on paper (copies hidden from
    screen readers and from search)."""

    def test(self, parent, block: str) -> bool:
        return worksheets.cards_count(block.strip()) is not None

    def run(self, parent, blocks: list[str]) -> None:
        count = worksheets.cards_count(blocks.pop(0))
        inside: list[str] = []
        while blocks and not worksheets.is_cards_end(blocks[0]):
            inside.append(blocks.pop(0))
        if blocks:
            blocks.pop(0)
        group = etree.SubElement(parent, "div", {"class": f"ws-cards ws-cards-{count}"})
        for index in range(count):
            attrs = {"class": "ws-card"} if index == 0 else {"class": "ws-card ws-copy", "aria-hidden": "true", EXCLUDE: "copy"}
            card = etree.SubElement(group, "div", attrs)
            self.parser.parseBlocks(card, list(inside))
            # Cards are cut apart: each copy carries the sheet's link and QR code.
            card.append(paper.card_link(pages.context(self.parser.md)))


class SheetFurniture(Treeprocessor):
    def __init__(self, md: Markdown, state: SheetState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        page = pages.context(self.md)
        sheet = worksheets.is_worksheet(page.src)
        if not (sheet or self.state.fields):
            return
        if sheet:
            self.add_actions(root, page)
            paper.add_print_link(root, page, "Find this sheet again")
        pages.add_assets(self.md, root, worksheets.STYLESHEET, worksheets.SCRIPT)

    def add_actions(self, root: etree.Element, page: pages.PageContext) -> None:
        heading = next((index for index, child in enumerate(root) if child.tag == "h1"), None)
        if heading is None:
            raise GuideError(f"{page.where}: a worksheet needs a '# Title' line; it is the printed sheet's heading.")
        bar = etree.Element("div", {"class": "ws-actions ws-screen", "id": "print", EXCLUDE: "form"})
        downloads = etree.SubElement(bar, "span", {"class": "ws-download"})
        downloads.text = page.say("Download PDF:") + " "
        for number, (suffix, (_, text)) in enumerate(SIZES.items()):
            link = etree.SubElement(downloads, "a", {"download": ""})
            link.text = text
            if number:
                downloads[number - 1].tail = " · "
            page.link(link, worksheets.pdf_name(page.src, suffix))
        button = etree.SubElement(
            bar, "button", {"type": "button", "class": "md-button md-button--primary", "data-ws-print": "", "hidden": "hidden"}
        )
        button.text = page.say("Print this sheet")
        if self.state.fields:
            clear = etree.SubElement(bar, "button", {"type": "button", "class": "md-button", "data-ws-clear": "", "hidden": "hidden"})
            clear.text = page.say("Clear my answers")
        etree.SubElement(bar, "span", {"class": "ws-status", "role": "status", "data-ws-done": page.say("Your answers are cleared.")})
        root.insert(heading + 1, bar)
        draft = email_draft(page, self.state.labels)
        if self.state.fields:
            root.insert(heading + 2, keep_bar(page, draft))
        elif draft:
            raise GuideError(f"{page.where}: `email_draft` needs fields to draw on, and this sheet has none. Fix: remove it.")


# Readers keep their answers three ways, none of which sends anything anywhere
# (handbook/developers.md, "Answers readers keep"): the browser's own print to PDF
# of this very sheet, which is the layout the downloadable PDFs are made from (so
# it is as faithful as filling those PDFs, with no PDF library, no fetch and
# nothing new in the policy); the answers as text on the clipboard; and a mailto:
# link the reader's own email app opens. docs/assets/checklists.js does the work.
def keep_bar(page: pages.PageContext, draft: tuple[str, str] | None) -> etree.Element:
    bar = etree.Element("div", {"class": "ws-keep ws-screen", "id": "keep", EXCLUDE: "form", "data-ws-keep": "", "hidden": "hidden"})
    pages.text(bar, "span", page.say("Keep your answers:") + " ", {"class": "ws-keep-label"})
    button = {"type": "button", "class": "md-button"}
    pages.text(bar, "button", page.say("Save as PDF"), {**button, "data-ws-save-pdf": "", "data-ws-say": page.say(SAVE_PDF_HINT)})
    pages.text(bar, "button", page.say("Copy as text"), {**button, "data-ws-copy-answers": "", "data-ws-selected": page.say(SELECTED)})
    mail = {"class": "md-button", "href": "mailto:", "data-ws-mail": "", "data-ws-max": str(candidate_emails.MAX_MAILTO)}
    pages.text(bar, "a", page.say("Email them to me"), {**mail, "data-ws-subject": page.say("My answers:")})
    if draft:
        subject, body = draft
        pages.text(bar, "a", page.say("Open as email"), {**mail, "class": "md-button md-button--primary", "data-ws-draft": body, "data-ws-subject": subject})
    etree.SubElement(bar, "span", {"class": "ws-status", "role": "status", "data-ws-copied": page.say("Copied."), "data-ws-long": page.say(TOO_LONG)})
    return bar


SAVE_PDF_HINT = "In the print window, choose “Save as PDF” as the printer. Your answers are on the sheet."
SELECTED = "Selected. Press Ctrl+C (or Cmd+C) to copy."
TOO_LONG = "Too long for an email link. Press “Copy as text”, then paste it into an email."
PLACEHOLDER_RE = re.compile(r"\{([^{}]+)\}")


def email_draft(page: pages.PageContext, labels: dict[str, str]) -> tuple[str, str] | None:
    """The page's `email_draft` (subject and body), its {Field label}s turned into {key}s that
    checklists.js fills from the reader's answers; a label not on the page fails the build."""
    if not (page.docs_dir / page.src).is_file():
        return None  # Markdown converted on its own, as a test or an editor's tool does: no front matter
    draft = page.source().meta.get("email_draft")
    if not draft:
        return None
    body = draft["body"].strip()
    for label in PLACEHOLDER_RE.findall(body):
        if label not in labels:
            known = "; ".join(labels) or "none"
            raise GuideError(
                f"{page.where}: `email_draft` names the field {{{label}}}, which this sheet does not have. "
                f"Fix: write a field's label exactly, in curly brackets. The labels are: {known}."
            )
    return draft["subject"].strip(), PLACEHOLDER_RE.sub(lambda match: "{" + labels[match.group(1)] + "}", body)

class WorksheetExtension(Extension):
    """Registered with Markdown so that md.reset() between pages clears what it learned of the last
    page (an engine may convert many pages with one Markdown instance, as pymdown-extensions allow)."""

    def extendMarkdown(self, md: Markdown) -> None:
        self.state = state = SheetState()
        md.registerExtension(self)
        # After whitespace is normalised (30), before fenced code is put aside (25),
        # so fences are still visible and the line numbers are the file's.
        md.preprocessors.register(FieldLines(md, state), "guide_field_lines", 28)
        # Before indented code (80) would take an indented field line, after empty blocks.
        md.parser.blockprocessors.register(Cards(md.parser), "guide_cards", 86)
        md.parser.blockprocessors.register(FieldRow(md.parser), "guide_fields", 85)
        # Before MkDocs collects the page's anchors (5), so `#print` is one.
        md.treeprocessors.register(SheetFurniture(md, state), "guide_sheet", 19)
        pages.register_late_links(md)

    def reset(self) -> None:
        self.state.fields = 0
        self.state.labels = {}


def makeExtension(**kwargs) -> WorksheetExtension:  # noqa: N802 - Python-Markdown's entry point
    return WorksheetExtension(**kwargs)
