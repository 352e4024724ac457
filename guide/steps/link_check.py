"""Check every link and #anchor in site/, from the built files (guide/web/links.py).

Each problem names the Markdown source of the page that holds the link (or
the built file, for pages no Markdown file makes: the 404 page, redirect
pages), the link as written and what is missing.
"""
from __future__ import annotations

from guide.errors import problems_error
from guide.sources import pages
from guide.web import links


def run(build) -> None:
    site_links = links.SiteLinks(build.site_dir, build.project.base_path, build.project.site_url)
    found = site_links.check()
    if not found:
        return
    by_file = {pages.html_file(build.site_dir, pages.url_of(src)).relative_to(build.site_dir).as_posix(): src
               for src in build.sources}
    problems = []
    for broken in found:
        src = by_file.get(broken.page)
        where = f"docs/{src} (built as {broken.page})" if src else f"{broken.page}, line {broken.line}"
        problems.append(f"{where}: link '{broken.url}' {broken.why}")
    raise problems_error(
        f"{len(found)} broken link(s) in {build.site_dir}/. Fix: correct the link in the Markdown source "
        "(or the template in overrides/) named first on each line:",
        problems,
    )
