"""Checklists: a Markdown task list becomes real, labelled checkboxes whose ticks the browser keeps.

    - [ ] Take three slow breaths.
    - [x] Have a breath mint.

Each item becomes an enabled <input type=checkbox> with a <label> around its
words, keyed by the slug of those words (docs/assets/checklists.js keeps the
tick in localStorage): editing or moving one item never shifts another's
tick. A "Clear this checklist" button follows the page's last list, and the
printed page carries its link and QR code (guide.markdown.paper). This
extension makes the whole task list itself, so pymdownx.tasklist (which makes
disabled, unlabelled boxes) must not run beside it.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from guide.sources import worksheets
from guide.errors import GuideError
from guide.markdown import page as pages
from guide.markdown import paper
from guide.markdown import worksheets as sheets

TASK_RE = re.compile(r"^\s*\[(?P<mark>[ xX])\](?=\s|$)")
# A task item as written in the file, for the line number in a message (the tree has no lines).
ITEM_LINE_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\](?=\s|$)(?P<rest>.*)$")
EXCLUDE = "data-search-exclude"


def words(element: etree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


class TaskLists(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        page = None
        parents = {child: parent for parent in root.iter() for child in parent}
        seen: dict[str, str] = {}
        last_list = None
        for ul in [element for element in root.iter("ul")]:
            for li in [child for child in ul if child.tag == "li"]:
                holder = li[0] if not (li.text or "").strip() and len(li) and li[0].tag == "p" else li
                match = TASK_RE.match(holder.text or "")
                if not match:
                    continue
                page = page or pages.context(self.md)
                self.make_item(li, holder, match, page, seen)
                ul.set("class", "task-list")
                last_list = ul
        if last_list is None:
            return
        parent = parents[last_list]
        parent.insert(list(parent).index(last_list) + 1, clear_bar(page))
        if not worksheets.is_worksheet(page.src):  # a worksheet has its own footer
            paper.add_print_link(root, page, "Find this checklist again")
        pages.add_assets(self.md, root, worksheets.STYLESHEET, worksheets.SCRIPT)

    def make_item(self, li, holder, match, page, seen: dict[str, str]) -> None:
        nested = [child for child in holder if child.tag in ("ul", "ol")] + [
            child for child in li if child is not holder and child.tag in ("ul", "ol")
        ]
        text_so_far = (holder.text or "")[match.end():].strip()
        if nested:
            raise GuideError(
                f"{page.where}{item_line(page, worksheets.field_key(text_so_far), prefix=True)}: "
                f"the checklist item '{text_so_far[:60]}' has a list inside it. "
                "Fix: make each tick its own item; checklists are one level deep."
            )
        label = etree.Element("label")
        label.text = (holder.text or "")[match.end():].lstrip()
        for child in list(holder):
            holder.remove(child)
            label.append(child)
        olds = take_was(label)
        text = words(label)
        if "[[was:" in text.replace(" ", ""):
            raise GuideError(
                f"{page.where}{item_line(page, worksheets.field_key(text), prefix=True)}: the checklist item '{text[:60]}' "
                "has [[was: ...]] before its end. Fix: put [[was: Old words]] last, in plain words."
            )
        key = worksheets.field_key(text)
        if not key:
            raise GuideError(
                f"{page.where}{item_line(page, '')}: a checklist item has no words. Fix: write what to do after '- [ ]'."
            )
        if key in seen:
            raise GuideError(
                f"{page.where}{item_line(page, key, nth=2)}: two checklist items have the same words: '{text}'. "
                "Fix: reword one; a tick is saved under the item's words."
            )
        seen[key] = text
        spot = item_line(page, key)[len(", "):]
        where = f"{spot} (the checklist item '{text}')" if spot else f"the checklist item '{text}'"
        page.claim_key(key, where, sheets.KEY_FIX)
        for words_before in olds:
            page.claim_key(worksheets.field_key(words_before), where, sheets.KEY_FIX, old=True)
        ident = f"ck-{key}"
        box = etree.Element("input", {"type": "checkbox", "id": ident, **sheets.storage_attrs(page, key, olds)})
        if match["mark"] in "xX":
            box.set("checked", "checked")
        label.set("for", ident)
        holder.text = None
        holder.insert(0, box)
        holder.insert(1, label)
        li.set("class", "task-list-item")


def take_was(label: etree.Element) -> list[str]:
    """Take `[[was: Old words]]` off the end of an item's label: the old wordings whose
    ticks the item keeps (guide/sources/worksheets.py has the syntax)."""
    last = label[-1] if len(label) else None
    written = (last.tail if last is not None else label.text) or ""
    rest, olds = worksheets.split_item_was(written)
    if last is not None:
        last.tail = rest
    else:
        label.text = rest
    return olds


def item_line(page, key: str, nth: int = 1, prefix: bool = False) -> str:
    """', line N': the file's line of the nth task item whose words make `key` ('' when not found).

    prefix: the item's words start with `key` (its text before a nested list)."""
    path = page.docs_dir / page.src
    if not path.is_file():
        return ""  # converted outside a project (a test)
    found = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        item = ITEM_LINE_RE.match(line)
        if not item:
            continue
        written = worksheets.field_key(worksheets.split_item_was(item["rest"])[0])
        if written == key or (prefix and key and written.startswith(key)):
            found += 1
            if found == nth:
                return f", line {number}"
    return ""


def clear_bar(page: pages.PageContext) -> etree.Element:
    bar = etree.Element("div", {"class": "ws-actions ws-screen", EXCLUDE: "form"})
    button = etree.SubElement(bar, "button", {"type": "button", "class": "md-button", "data-ws-clear": "", "hidden": "hidden"})
    button.text = page.say("Clear this checklist")
    etree.SubElement(bar, "span", {"class": "ws-status", "role": "status", "data-ws-done": page.say("Checklist cleared.")})
    return bar


class TaskListGuard(Treeprocessor):
    """pymdownx.tasklist would turn the items into disabled boxes before this extension sees them."""

    def run(self, root: etree.Element) -> None:
        if "task-list" in self.md.treeprocessors:
            raise GuideError(
                "mkdocs.yml lists pymdownx.tasklist, which makes checklist boxes that cannot be ticked. "
                "Fix: remove it from `markdown_extensions:`; guide.markdown.checklists makes task lists."
            )


class ChecklistExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(TaskListGuard(md), "guide_task_list_guard", 30)
        # After inline Markdown (20), so a key is the item's words as the reader sees
        # them; before MkDocs collects ids (5).
        md.treeprocessors.register(TaskLists(md), "guide_task_lists", 15)
        pages.register_late_links(md)


def makeExtension(**kwargs) -> ChecklistExtension:  # noqa: N802 - Python-Markdown's entry point
    return ChecklistExtension(**kwargs)
