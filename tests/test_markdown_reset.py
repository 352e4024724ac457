"""One Markdown instance may convert many pages (md.reset() between them): nothing of one page
may leak into the next. Before the extensions registered themselves, the second page below got
the first page's worksheet stylesheet and script, and kept the first page's name."""
from __future__ import annotations

import markdown

from conftest import ROOT
from guide.markdown.page import PageContext


def page(src: str) -> PageContext:
    return PageContext(src=src, docs_dir=ROOT / "docs", root=ROOT, site_url="https://guide.example.org/")


def test_reset_forgets_the_last_page_and_its_fields() -> None:
    md = markdown.Markdown(extensions=["attr_list", "toc", "guide.markdown.worksheets", "guide.markdown.checklists"])
    md.guide_page = page("worksheets/example.md")
    sheet = md.convert("# Example\n\n[[line: Your name]]\n")
    md.reset()
    assert not hasattr(md, "guide_page")
    md.guide_page = page("about.md")
    plain = md.convert("# About\n\nJust words.\n")
    assert "ws-field" in sheet and "worksheets.css" in sheet
    assert "worksheets.css" not in plain and "ws-" not in plain
