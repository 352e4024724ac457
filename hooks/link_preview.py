"""Make page titles and descriptions safe inside HTML attributes while templates render.

Material writes `<meta name="description" content="{{ page.meta.description }}">`
and MkDocs renders templates without autoescaping, so a description with a
double quote (like: a "no" may not be about you) cut the tag short, and link
previews showed half a sentence. Turning both values into escaped Markup just
for the template fixes every template that prints them: Markup prints as is,
and `| e` (used in overrides/partials/link-preview.html) leaves it alone
instead of escaping twice. Once the page is rendered the plain text goes back,
so hooks that read page.meta later (PDFs, search data) never see entities.
"""
from __future__ import annotations

from markupsafe import Markup, escape

KEYS = ("title", "description")


def on_page_context(context, page, config, nav, **kwargs):
    for key in KEYS:
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = escape(value)
    return context


def on_post_page(output, page, config, **kwargs):
    for key in KEYS:
        value = page.meta.get(key)
        if isinstance(value, Markup):
            page.meta[key] = value.unescape()
    return output
