"""Make page titles and descriptions safe inside HTML attributes.

Material writes `<meta name="description" content="{{ page.meta.description }}">`
and MkDocs renders templates without autoescaping, so a description with a
double quote (like: a "no" may not be about you) cut the tag short, and link
previews showed half a sentence. Turning both values into escaped Markup here
fixes every template that prints them: Markup prints as is, and `| e` (used in
overrides/partials/link-preview.html) leaves it alone instead of escaping twice.
"""
from __future__ import annotations

from markupsafe import Markup, escape


def on_page_context(context, page, config, nav, **kwargs):
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = escape(value)
    return context
