"""Reading built HTML with a real parser: text, ids, elements and their exact place in the file.

The build steps read and repair pages the generator wrote. They never match
HTML with regular expressions (an attribute order or an extra class defeats
those silently); they ask Python's HTML parser where each element starts and
ends, then edit the text at those places, so everything else in the file stays
byte for byte as the generator wrote it.
"""
from __future__ import annotations

import html as _html
from dataclasses import dataclass, field
from html.parser import HTMLParser

from lxml import etree

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    name: str
    attrs: dict[str, str | None]
    start: int  # offset of '<'
    start_end: int  # offset just after the start tag's '>'
    end: int = -1  # offset just after the end tag's '>' (start_end for void elements)
    inner_end: int = -1  # offset of the end tag's '<'
    children: list["Element"] = field(default_factory=list, repr=False)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def has_class(self, name: str) -> bool:
        return name in self.classes


class _Scanner(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.lines = [0]
        for line in text.split("\n"):
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.elements: list[Element] = []
        self.stack: list[Element] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        element = Element(tag, dict(attrs), start, start + len(self.get_starttag_text() or ""))
        if self.stack:
            self.stack[-1].children.append(element)
        self.elements.append(element)
        if tag in VOID:
            element.end = element.inner_end = element.start_end
        else:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        element = self.elements[-1]
        if self.stack and self.stack[-1] is element:
            self.stack.pop()
        element.end = element.inner_end = element.start_end

    def handle_endtag(self, tag):
        start = self._offset()
        end = self.text.index(">", start) + 1
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].name == tag:
                # Elements left open inside (a <p> or <li> closed by its parent) end here too.
                for element in self.stack[depth:]:
                    element.inner_end, element.end = start, end
                del self.stack[depth:]
                return


# libxml2's HTML parser, for steps that only read: a third to a quarter of the time of Python's
# (guide/web/links.py reads every page with it), but without the offsets scan() gives.
_TREE_PARSER = etree.HTMLParser(recover=True, no_network=True, remove_comments=True, remove_pis=True)


def tree(text: str):
    """An HTML document's (or a fragment's) element tree read by lxml; None for an empty one,
    which lxml refuses."""
    return None if text.isspace() or not text else etree.fromstring(text, _TREE_PARSER)


def scan(text: str) -> list[Element]:
    """Every element of an HTML document, in document order, with its place in `text`."""
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    for element in scanner.stack:  # never closed: runs to the end
        element.inner_end = element.end = len(text)
    return scanner.elements


class _OneTag(HTMLParser):
    """Reads the start tag at the beginning of its input, then stops."""

    class Done(Exception):
        pass

    def handle_starttag(self, tag, attrs):
        self.found = (tag, dict(attrs), len(self.get_starttag_text() or ""))
        raise self.Done

    handle_startendtag = handle_starttag


def start_tag_at(text: str, start: int) -> Element | None:
    """The element whose start tag begins at text[start] ('<'), read by the parser; None if it is not one."""
    parser = _OneTag(convert_charrefs=False)
    parser.found = None
    position = start
    try:
        while position < len(text):  # the parser waits for the rest of a tag cut by a chunk's end
            parser.feed(text[position : position + 512])
            position += 512
    except _OneTag.Done:
        pass
    if parser.found is None:
        return None
    name, attrs, length = parser.found
    return Element(name, attrs, start, start + length)


def start_tags(text: str, name: str, containing: str = ""):
    """Every <name ...> start tag in a document, found by its name and read by the parser.

    For steps that change a few known tags of a large page: much quicker than
    parsing the whole document, and exact about attributes all the same.
    `containing` skips, unread, the tags whose text up to the first '>' lacks it."""
    opening = "<" + name
    at = text.find(opening)
    while at >= 0:
        after = text[at + len(opening) : at + len(opening) + 1]
        if after in (" ", ">", "/", "\n", "\t", "\r") and containing in text[at : text.find(">", at) + 1]:
            element = start_tag_at(text, at)
            if element is not None and element.name == name:
                yield element
        at = text.find(opening, at + 1)


def has_id(text: str, ident: str) -> bool:
    """Whether any element of the document carries id=ident (each candidate read by the parser)."""
    needle = f'id="{ident}"'
    at = text.find(needle)
    while at >= 0:
        start = text.rfind("<", 0, at)
        element = start_tag_at(text, start) if start >= 0 else None
        if element is not None and element.attrs.get("id") == ident:
            return True
        at = text.find(needle, at + 1)
    # Written another way (id='x', id=x): rare enough to read the whole page.
    return (f"id='{ident}'" in text or f"id={ident}" in text) and ident in ids(text)


def find(elements: list[Element], name: str, cls: str | None = None) -> Element | None:
    return next((e for e in elements if e.name == name and (cls is None or e.has_class(cls))), None)


def inner(text: str, element: Element) -> str:
    return text[element.start_end : element.inner_end]


def outer(text: str, element: Element) -> str:
    return text[element.start : element.end]


def cut(text: str, elements: list[Element], offset: int = 0) -> str:
    """`text` without the given elements (their spans shifted by `offset`); nested ones are cut once."""
    spans = sorted((e.start - offset, e.end - offset) for e in elements)
    out, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        out.append(text[position:start])
        position = end
    out.append(text[position:])
    return "".join(out)


def edit(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace each (start, end) span of `text` with its new text; spans must not overlap."""
    out, position = [], 0
    for start, end, new in sorted(edits):
        out.append(text[position:start])
        out.append(new)
        position = end
    out.append(text[position:])
    return "".join(out)


def start_tag(name: str, attrs: dict[str, str | None]) -> str:
    """A start tag written out again, for an element whose attributes a step changed."""
    parts = [name]
    for key, value in attrs.items():
        parts.append(key if value is None else f'{key}="{_html.escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


# Elements whose edges separate words ("<li>one</li><li>two</li>" is "one two");
# inline ones do not ("<em>re</em>do" is "redo").
BREAKS = {"br", "p", "div", "li", "dt", "dd", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "label", "pre"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside <script> or <style>: code, not words

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        if tag in BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style") and self.hidden > 0
        if tag in BREAKS:
            self.parts.append(" ")


def text(fragment: str) -> str:
    """The words of an HTML fragment, entities decoded and whitespace collapsed."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def ids(text: str) -> set[str]:
    return {e.attrs["id"] for e in scan(text) if e.attrs.get("id")}
