"""Keep navigation sections out of the search index.

Every page ends with "What to read next" (heading id `read-next`), and the home
page has its doors (`doors`): lists of links to other pages. Indexed, their
words would make every page match every other page's title. Both engines'
search skips a section whose heading carries `data-search-exclude` (and
removes the mark from the page); this extension sets it on the headings with
the ids listed in mkdocs.yml:

    - guide.markdown.search_marks:
        sections: [read-next, doors]

Whatever else the heading carries (`{#read-next .compact}`) does not matter:
the id is read from the element, after attr_list and toc have set it.
Other blocks an editor wants out of search take `{ data-search-exclude }`.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class MarkSections(Treeprocessor):
    def __init__(self, md: Markdown, sections: set[str]) -> None:
        super().__init__(md)
        self.sections = sections

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in HEADINGS and element.get("id") in self.sections:
                # A value, not an empty attribute: Material only removes data-search-*="..." with one.
                element.set("data-search-exclude", "navigation")


class SearchMarksExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {"sections": [["read-next", "doors"], "Heading ids whose sections stay out of search."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After attr_list (8) and toc (5) have given every heading its id.
        md.treeprocessors.register(MarkSections(md, set(self.getConfig("sections"))), "guide_search_marks", 4)


def makeExtension(**kwargs) -> SearchMarksExtension:  # noqa: N802 - Python-Markdown's entry point
    return SearchMarksExtension(**kwargs)
