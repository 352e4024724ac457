"""Repair the few bits of invalid markup that the theme writes on every page.

The Nu Html Checker (tests/test_html_valid.py) reports them as errors, and
none lives in a template block that overrides/main.html could replace; copying
the theme's partials to fix one attribute would drift on every upgrade. Each
repair names the element it looks for and changes only that start tag; when
the theme stops writing it, the repair finds nothing to do.

1. <label class="md-nav__link" tabindex=""> (nav-item.html with
   navigation.indexes): an empty tabindex is not an integer. Browsers treat it
   as absent, so dropping it changes nothing.
2. <input class="md-toggle" type="checkbox" autocomplete="off"> (base.html's
   drawer and search toggles): autocomplete is not allowed on checkboxes. The
   theme adds it so Firefox does not restore a toggle after a reload; without
   it, the worst case is a drawer left open after a reload, one tap to close.
3. <label class="md-nav__title" for="__toc"> (toc.html) on pages with no
   `__toc` checkbox (section index pages): the label points at nothing.
   Without `for` it is the same visible heading.
4. <div class="md-search" role="dialog"> (search.html) has no accessible name,
   so a screen reader announces an unnamed dialog (Lighthouse:
   aria-dialog-name). It gets the search box's own label.
5. <label class="md-overlay" for="__drawer" aria-hidden="true"> (Zensical's
   base.html): aria-hidden is not allowed on a label that belongs to a form
   control. The label is empty (the dimmed page behind the open drawer, a
   click target that closes it), so it has nothing to hide; Material's own
   base.html writes the same label without it.
"""
from __future__ import annotations

from guide.web import html


def repairs(text: str) -> list[tuple[html.Element, dict]]:
    """(element, its new attributes) for each start tag to change."""
    changes = []
    has_toc = html.has_id(text, "__toc")
    for name in ("label", "input", "div"):
        for element in html.start_tags(text, name, containing="md-"):  # each repaired tag has an md- class
            attrs = dict(element.attrs)
            if name == "label" and element.has_class("md-nav__link") and attrs.get("tabindex") == "":
                del attrs["tabindex"]
            elif name == "input" and element.has_class("md-toggle") and attrs.get("type") == "checkbox":
                attrs.pop("autocomplete", None)
            elif name == "label" and element.has_class("md-nav__title") and attrs.get("for") == "__toc" and not has_toc:
                del attrs["for"]
            elif name == "label" and element.has_class("md-overlay") and "for" in attrs:
                attrs.pop("aria-hidden", None)
            elif name == "div" and element.has_class("md-search") and attrs.get("role") == "dialog":
                attrs.setdefault("aria-label", "Search")
            if attrs != element.attrs:
                changes.append((element, attrs))
    return changes


def run(build) -> None:
    for path in sorted(build.site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        changes = repairs(text)
        if changes:
            build.write(path, html.edit(text, [(e.start, e.start_end, html.start_tag(e.name, a)) for e, a in changes]))
