"""Every URL the site has published keeps working: data/published-urls.txt.

Links to this site sit in candidates' inboxes for years. The record lists every
page URL and short link (/go/ALIAS/) the site has ever published, oldest
first. The build only reads it; `make record-urls` (`python -m guide
record-urls`) appends what is new, and that change is reviewed and committed
like any other. After the generator, this step fails, naming the URL and the
fix, when:
  - a recorded URL has no page, redirect or short link in site/ (the one
    redirect map is `redirect_maps` in mkdocs.yml; a short link is kept by its
    entry in data/links.yml);
  - a page or short link is not in the record yet (run `make record-urls`).
"""
from __future__ import annotations

from pathlib import Path

from guide.sources import pages, registry
from guide.errors import GuideError, problems_error

RECORD = "data/published-urls.txt"
RECORD_COMMAND = "make record-urls"
HEADER = """\
# Every URL this site has published, one per line, oldest first.
# The build only reads this file; `make record-urls` appends new pages and
# short links. Never delete a line: emails with these links are still in
# inboxes. When a page moves or goes, add a redirect from its old file in
# mkdocs.yml (plugins > redirects > redirect_maps).
# Short links (/go/ALIAS/) stay working through their entry in data/links.yml.
"""


def read_record(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def current_urls(editions: dict[str, list[str]], links: registry.Registry) -> list[str]:
    """URL paths the site publishes now: every page and every short link, of every edition
    (`editions`: each edition's URL prefix, '' or 'es/', -> its pages' files)."""
    return sorted(
        {f"/{prefix}{pages.url_of(src)}" for prefix, srcs in editions.items() for src in srcs}
        | {f"/{prefix}{link.path}" for prefix in editions for link in links.links}
    )


def guess_source(url: str, record: list[str]) -> str:
    """The Markdown file that used to build `url` (a folder's page was its index.md)."""
    path = url.strip("/")
    if not path:
        return "index.md"
    has_children = any(other != url and other.startswith(url) for other in record)
    return f"{path}/index.md" if has_children else f"{path}.md"


def run(build) -> None:
    record_path = build.project.root / RECORD
    record = read_record(record_path)
    problems = [
        f"{RECORD}: line '{url}' is not a URL path like /during/keep-calm/. "
        "Fix: correct the line (a leading and trailing '/', lowercase words and hyphens)."
        for url in record
        if not pages.EMAIL_PROOF_PATH.match(url)
    ]
    for url in record:
        if not pages.EMAIL_PROOF_PATH.match(url) or pages.html_file(build.site_dir, url).is_file():
            continue
        if url.startswith(f"/{registry.GO}/"):
            alias = url.split("/")[2]
            problems.append(
                f"{RECORD}: the short link {url} was published, but alias '{alias}' is gone from {registry.REGISTRY}, "
                f"so emails that carry it would break. Fix: put the entry for '{alias}' back in {registry.REGISTRY} "
                "(point its target at a page that exists; `retired: true` hides it from the recruiters page)."
            )
        else:
            problems.append(
                f"{RECORD}: {url} was published, but no page builds there now, so links to it in emails "
                "would break. Fix: in mkdocs.yml, under plugins > redirects > redirect_maps, add a line "
                f"from the old file to the page that replaces it:\n"
                f"        '{guess_source(url, record)}': 'section/new-page.md'\n"
                f"    (If that URL never went live, you may delete its line from {RECORD} instead.)"
            )
    if problems:
        raise problems_error("Published URLs would break:", problems)
    published = {each.edition.prefix: list(each.sources) for each in build.editions}
    new = [url for url in current_urls(published, build.registry) if url not in set(record)]
    if new:
        raise GuideError(
            f"{RECORD} does not list {len(new)} URL(s) this build publishes: {', '.join(new)}. "
            f"Fix: run `{RECORD_COMMAND}`, check the new lines, and commit {RECORD} with your change."
        )


def record_new(root: Path, docs_srcs: dict[str, list[str]], links: registry.Registry) -> list[str]:
    """Append the URLs the site publishes now but the record lacks; return them (the record only grows)."""
    path = root / RECORD
    present = set(read_record(path))
    add = [url for url in current_urls(docs_srcs, links) if url not in present]
    if add:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        text = text if text.strip() else HEADER
        if not text.endswith("\n"):
            text += "\n"
        path.write_text(text + "".join(f"{url}\n" for url in add), encoding="utf-8")
    return add
