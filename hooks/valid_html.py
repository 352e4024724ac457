"""Repair three bits of invalid HTML, and one unnamed dialog, that Material 9.8
writes on every page.

The Nu Html Checker (tests/test_html_valid.py) reports them as errors, and
none of them lives in a template block that main.html could override; copying
Material's partials to fix one attribute would drift on every upgrade. Each
fix is an exact pattern; when Material changes its markup the pattern stops
matching and the HTML test names the new error, so nothing is hidden.

1. `<label class="md-nav__link" ... tabindex="">` (partials/nav-item.html with
   navigation.indexes): an empty tabindex is not an integer. Browsers treat it
   as absent, so dropping it changes nothing.
2. `<input ... type="checkbox" ... autocomplete="off">` (base.html's drawer and
   search toggles): autocomplete is not allowed on checkboxes. Material adds it
   so Firefox does not restore a toggle after a reload; without it, the worst
   case is a drawer or search left open after a reload, one tap to close.
3. `<label class="md-nav__title" for="__toc">` (partials/toc.html) on pages
   whose navigation has no `__toc` checkbox (section index pages): the label
   points at nothing. Without `for` it is the same visible heading.
4. `<div class="md-search" ... role="dialog">` (partials/search.html) has no
   accessible name, so a screen reader announces an unnamed dialog
   (Lighthouse: aria-dialog-name). It gets the search box's own label.
"""
from __future__ import annotations

import re

EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*"[^>]*?) tabindex=""')
CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
TOC_LABEL = '<label class="md-nav__title" for="__toc">'
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output: str, page, config) -> str:
    output = EMPTY_TABINDEX.sub(r"\1", output)
    output = CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = output.replace(TOC_LABEL, '<label class="md-nav__title">')
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">')


def on_post_template(output_content: str, template_name: str, config) -> str:
    # 404.html is rendered from a theme template, not from a page.
    if template_name.endswith(".html"):
        return on_post_page(output_content, None, config)
    return output_content
