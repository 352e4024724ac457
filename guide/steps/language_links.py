"""Point each page's language switcher at the same page in each edition.

The theme writes the editions from mkdocs.yml's `extra.alternate` twice on
every page, both pointing at each edition's home page: the switcher's links
(<a class="md-select__link" hreflang="es">) and <link rel="alternate"
hreflang="es"> in the head. A reader on "I arrived late" who picks Español
wants "Llegué tarde", not the Spanish home page, so each switcher link goes to
the page's twin (the same file in that edition's docs/), root-relative under
the site's base path; a page with no twin, and pages that are no page of an
edition (404, redirect stubs, short links), keep it at that edition's home.

The head links stay at each edition's home (put under the base path here), on
purpose. The theme's script fetches sitemap.xml next to every <link
rel="alternate"> on each page load (mkdocs-material#6582, zensical#908): a link
to each page's twin would cost every reader two requests for sitemaps that do
not exist, and an absolute one breaks the page's connect-src 'self' wherever
the site is served from another host than site_url (a preview, the tests).
Search engines get each page's own twins from the sitemap's xhtml:link
alternates instead (guide.steps.sitemap), which is one of the three ways
Google documents for them, and the one that does not weigh on readers.
"""
from __future__ import annotations

from pathlib import Path

from guide.sources import pages
from guide.web import html


def edition_pages(each) -> dict[Path, str]:
    """Each built page file of an edition -> its source file under that edition's docs/."""
    return {each.page_file(src): src for src in each.sources}


def links_for(src: str | None, editions) -> dict[str, tuple[str, str]]:
    """lang -> (switcher href, head link href) for the page built from `src` (None: not a page)."""
    found = {}
    for each in editions:
        twin = src is not None and src in each.sources
        found[each.edition.lang] = (each.project.root_relative(pages.url_of(src) if twin else ""), each.project.root_relative(""))
    return found


def rewrite(text: str, wanted: dict[str, tuple[str, str]]) -> str:
    edits = []
    for element in html.start_tags(text, "a", containing="md-select__link"):
        lang = element.attrs.get("hreflang")
        if element.has_class("md-select__link") and lang in wanted:
            # target="_self" keeps the theme's click handler off the link: it would send the reader
            # to the page it finds in the other edition's sitemap, or to that edition's home when its
            # guess of the path misses (it did, one click in four in the tests).
            attrs = {**element.attrs, "href": wanted[lang][0], "target": "_self"}
            edits.append((element.start, element.start_end, html.start_tag("a", attrs)))
    for element in html.start_tags(text, "link", containing="hreflang"):
        lang = element.attrs.get("hreflang")
        if element.attrs.get("rel") == "alternate" and lang in wanted:
            edits.append((element.start, element.start_end, html.start_tag("link", {**element.attrs, "href": wanted[lang][1]})))
    return html.edit(text, edits) if edits else text


def run(build) -> None:
    editions = build.editions
    if len(editions) < 2 or not all(each.site_dir.is_dir() for each in editions):
        return  # one edition, or `mkdocs serve`'s preview of the English one alone
    for each in editions:
        built = edition_pages(each)
        for path in each.own_files("*.html"):  # site/es/ is the Spanish edition's own pass
            text = path.read_text(encoding="utf-8")
            changed = rewrite(text, links_for(built.get(path), editions))
            if changed != text:
                each.write(path, changed)
