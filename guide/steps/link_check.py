"""Check every link and #anchor in site/ with LinkChecker, over HTTP (guide.linkcheck)."""
from __future__ import annotations

from guide import linkcheck
from guide.errors import problems_error


def run(build) -> None:
    found = linkcheck.check(build.site_dir, build.project.base_path)
    if found:
        raise problems_error(
            f"LinkChecker found {len(found)} broken link(s) in {build.site_dir}/ "
            "(fix the link in the page's Markdown source under docs/):",
            found,
        )
