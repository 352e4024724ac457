"""Write site/go/ALIAS/index.html for every short link in data/links.yml.

Each page is a redirect that works without JavaScript (meta refresh, canonical
link, a plain link), keeps the target's #section (or the reader's own, when
the target has none) and, with JavaScript, the reader's ?query (a branch's
?from=SLUG, which the target page reads), and carries the target's preview tags, because most
chat and email preview crawlers read the page they are given and do not
follow redirects. A static host answering /go/ALIAS (no slash) redirects to
/go/ALIAS/ by itself.

Before writing, every target #section is checked against the built page's
ids: a renamed heading fails the build, naming the entry and the sections
the page does have.
"""
from __future__ import annotations

import html as _html
import json

from guide.web import html
from guide.sources import pages, registry
from guide.errors import problems_error


def run(build) -> None:
    links = build.registry
    problems, stubs = [], {}
    for link in links.links:
        text = build.page_file(link.page).read_text(encoding="utf-8")
        if link.anchor and not html.has_id(text, link.anchor):
            sections = ", ".join(f"#{ident}" for ident in section_ids(html.scan(text))) or "(none)"
            problems.append(
                f"{link.name}: section #{link.anchor} is not on docs/{link.page} (heading renamed or removed?). "
                f"Fix: in {registry.REGISTRY}, set `target` to one of its sections: {sections}; or give the heading "
                f"its old id back with `{{#{link.anchor}}}` after the heading text."
            )
            continue
        stubs[link.alias] = redirect_page(build, link)
    if problems:
        raise problems_error("Short links point at sections that do not exist:", problems)
    for alias, page in stubs.items():
        build.write(build.site_dir / registry.GO / alias / "index.html", page)


def section_ids(elements: list[html.Element]) -> list[str]:
    return [e.attrs["id"] for e in elements if e.name in ("h2", "h3", "h4", "h5", "h6") and e.attrs.get("id")]


def redirect_page(build, link: registry.Link) -> str:
    project = build.project
    fragment = f"#{link.anchor}" if link.anchor else ""
    url = pages.url_of(link.page)
    # Root-relative, under the site's base path: works whether the host serves
    # /go/ALIAS/ or /go/ALIAS, and on any port in tests.
    location = project.root_relative(url) + fragment
    canonical = project.absolute_url(url) + fragment
    title = registry.link_title(project.docs_dir, link)
    description = build.sources[link.page].description or project.site_description
    card = project.absolute_url("assets/social-card.png")
    esc = _html.escape
    # The reader's ?query goes along (a branch's ?from=SLUG: docs/assets/branches/branch.js),
    # before the #section; the target's own #section wins, else the one the reader's link carried.
    script = (
        f"var t={json.dumps(location)},i=t.indexOf('#'),"
        "p=i<0?t:t.slice(0,i),h=i<0?location.hash:t.slice(i);"
        "location.replace(p+location.search+h);"
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)} - {esc(project.site_name)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<meta name="description" content="{esc(description)}">
<link rel="canonical" href="{esc(canonical)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{esc(project.site_name)}">
<meta property="og:title" content="{esc(title)}">
<meta property="og:description" content="{esc(description)}">
<meta property="og:url" content="{esc(canonical)}">
<meta property="og:image" content="{esc(card)}">
<meta name="twitter:card" content="summary_large_image">
<script>{script}</script>
<meta http-equiv="refresh" content="0; url={esc(location)}">
</head>
<body>
<p>Taking you to <a href="{esc(location)}">{esc(title)}</a>.</p>
</body>
</html>
"""
