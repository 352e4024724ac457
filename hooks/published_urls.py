"""Every URL the site has published keeps working: data/published-urls.txt.

Links to this site sit in candidates' inboxes for years. The record lists every
page URL and short link (/go/ALIAS/) the site has ever built, oldest first. The
build:
  - appends new page URLs and short links after a successful build (it never
    deletes, and writes only when something is new, so `mkdocs serve` settles);
  - fails, naming the old URL and the fix, when a recorded URL has neither a
    page nor a redirect: the one redirect map is mkdocs-redirects' `redirect_maps`
    in mkdocs.yml; a short link is kept by its entry in data/links.yml;
  - fails when a page URL is not email-proof (lowercase words and hyphens only),
    or when a redirect would overwrite a page that exists.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from short_links import GO, REGISTRY, load_registry

RECORD = "data/published-urls.txt"
URL_RE = re.compile(r"^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*$")
HEADER = """\
# Every URL this site has published, one per line, oldest first.
# The build appends new pages and short links. Never delete a line: emails with
# these links are still in inboxes. When a page moves or goes, add a redirect
# from its old file in mkdocs.yml (plugins > redirects > redirect_maps).
# Short links (/go/ALIAS/) stay working through their entry in data/links.yml.
"""

log = logging.getLogger("mkdocs.hooks.published_urls")
_state: dict = {}


def read_record(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def url_path(file: File) -> str:
    """The page's URL path from the site root: '/' for the home page, else like /during/keep-calm/."""
    return "/" + ("" if file.url in ("./", ".") else file.url)


def redirect_sources(config) -> dict[str, str]:
    """URL path (like /old/page/) -> redirect target, from mkdocs-redirects' redirect_maps."""
    plugin = config.plugins.get("redirects")
    maps = plugin.config.get("redirect_maps", {}) if plugin else {}
    return {
        url_path(File(old, "", "", config.use_directory_urls)): str(new) for old, new in maps.items()
    }


def on_config(config, **kwargs):
    _state.clear()
    _state["root"] = Path(config.config_file_path).resolve().parent
    return config


def on_files(files, config, **kwargs):
    root: Path = _state["root"]
    record = read_record(root / RECORD)
    problems = []
    for number, url in enumerate(record, 1):
        if not URL_RE.match(url):
            problems.append(
                f"{RECORD}: line '{url}' is not a URL path like /during/keep-calm/. "
                "Fix: correct the line (a leading and trailing '/', lowercase words and hyphens)."
            )
    pages = {}
    for file in files.documentation_pages():
        url = url_path(file)
        pages[url] = file.src_uri
        if not URL_RE.match(url):
            problems.append(
                f"docs/{file.src_uri}: its URL {url} is not email-proof. Fix: rename the file "
                "with lowercase words joined by hyphens, like during/keep-calm.md."
            )
    shorts = {f"/{GO}/{link.alias}/" for link in load_registry(root).links}
    redirects = redirect_sources(config)
    for url, target in redirects.items():
        if url in pages:
            problems.append(
                f"mkdocs.yml redirect_maps: the redirect from {url} would overwrite the page docs/{pages[url]}. "
                "Fix: remove that redirect line, since the page is back."
            )
    for url in record:
        if url in pages or url in shorts or url in redirects:
            continue
        if url.startswith(f"/{GO}/"):
            alias = url.split("/")[2]
            problems.append(
                f"{RECORD}: the short link {url} was published, but alias '{alias}' is gone from {REGISTRY}, "
                f"so emails that carry it would break. Fix: put the entry for '{alias}' back in {REGISTRY} "
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
        raise PluginError("Published URLs would break:\n  - " + "\n  - ".join(problems))
    known = set(record)
    _state["new"] = sorted(url for url in set(pages) | shorts if url not in known)
    return files


def guess_source(url: str, record: list[str]) -> str:
    """The Markdown file that used to build `url` (a folder's page was its index.md)."""
    path = url.strip("/")
    if not path:
        return "index.md"
    has_children = any(other != url and other.startswith(url) for other in record)
    return f"{path}/index.md" if has_children else f"{path}.md"


def on_post_build(config, **kwargs):
    # Only a build that passed records anything; re-read first, since another
    # build (a second terminal, `mkdocs serve`) may have appended meanwhile.
    new = _state.get("new")
    if not new:
        return
    path = _state["root"] / RECORD
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    text = text if text.strip() else HEADER
    present = set(read_record(path))
    add = [url for url in new if url not in present]
    if not add:
        return
    if not text.endswith("\n"):
        text += "\n"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text + "".join(f"{url}\n" for url in add), encoding="utf-8")
    os.replace(tmp, path)
    log.info("Recorded %d new published URL(s) in %s: commit that file with your change.", len(add), RECORD)
