"""No dead ends and no orphans: pages link to each other in their article text, not only the menu.

- every content page is linked from the articles of at least two other content pages;
- every content page links on to another page, under a "What to read next" heading.

Content pages are all built pages except redirect stubs (they only forward) and
those in NOT_CONTENT, each with its reason.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup

from guide.checks.prose import SitePage, article_links, load_site

MIN_INBOUND = 2
NEXT_HEADING = re.compile(r"^\s*(what to read next|qué leer después)", re.I)  # each edition's words
EDITIONS = ("es/",)  # an edition's pages follow the same rules, among themselves

# Built page -> why it is not held to these rules.
NOT_CONTENT = {
    "404.html": "readers reach it from a mistyped link; nothing links to it on purpose",
}
# Built page -> why it needs no "What to read next" heading (it must still link on).
NO_NEXT_HEADING = {
    "index.html": "the home page is a set of doors; every link on it is the next step",
}


def same_page(path: str) -> str:
    """The page's path in the English edition (es/404.html -> 404.html)."""
    return next((path[len(prefix):] for prefix in EDITIONS if path.startswith(prefix)), path)


def redirect_targets(pages: list[SitePage]) -> dict[str, str]:
    """Old URL -> the URL its stub forwards to, so a link to an old URL still counts."""
    targets = {}
    for page in pages:
        if not page.redirect:
            continue
        refresh = page.soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)})
        match = re.search(r"url=(.+)$", refresh.get("content", ""), re.I)
        if match:
            resolved = urlparse(urljoin("http://site.invalid/" + page.url, match.group(1).strip()))
            targets[page.url] = resolved.path.lstrip("/")
    return targets


def cross_link_problems(pages: list[SitePage]) -> list[str]:
    content = {page.url: page for page in pages if not page.redirect and same_page(page.path) not in NOT_CONTENT}
    forwards = redirect_targets(pages)
    problems = []
    inbound: dict[str, set[str]] = {url: set() for url in content}
    for url, page in content.items():
        if page.article is None:
            problems.append(f"{page.path}: no <article>; add it to NOT_CONTENT with a reason if it is not a page.")
            continue
        targets = {forwards.get(t, t) for t in article_links(page)} - {url}
        for target in targets & inbound.keys():
            inbound[target].add(page.path)
        if not targets & content.keys():
            problems.append(f"{page.path}: a dead end: its article links to no other page. Add a 'What to read next' section.")
        if same_page(page.path) not in NO_NEXT_HEADING and not next_section_links(page, content.keys(), forwards):
            problems.append(
                f"{page.path}: no 'What to read next' heading followed by links to other pages. "
                "Fix: end the page with '## What to read next' and a list of links."
            )
    for url, sources in sorted(inbound.items()):
        if len(sources) < MIN_INBOUND:
            got = ", ".join(sorted(sources)) or "none"
            problems.append(
                f"{content[url].path}: linked from {len(sources)} other page(s) ({got}); needs {MIN_INBOUND}. "
                "Fix: link to it from the articles of related pages (the menu does not count)."
            )
    return problems


def next_section_links(page: SitePage, content_urls, forwards: dict[str, str]) -> set[str]:
    """Links to other pages after the 'What to read next' heading (up to the next heading of its level)."""
    heading = next(
        (h for h in page.article.find_all(re.compile("^h[1-6]$")) if NEXT_HEADING.match(h.get_text())),
        None,
    )
    if heading is None:
        return set()
    section = []
    for sibling in heading.find_next_siblings():
        if sibling.name and re.fullmatch(r"h[1-6]", sibling.name) and sibling.name <= heading.name:
            break
        section.append(str(sibling))
    sub = SitePage(page.path, page.url, page.soup, False, BeautifulSoup("".join(section), "html.parser"))
    return {forwards.get(t, t) for t in article_links(sub)} & set(content_urls)


def test_every_page_is_linked_from_two_others_and_links_on(site_dir: Path) -> None:
    problems = cross_link_problems(load_site(site_dir))
    assert not problems, "\n".join(problems)


# Fixture sites prove the rules can fail.

def html(body: str, redirect_to: str | None = None) -> str:
    if redirect_to:
        return f'<html><head><meta http-equiv="refresh" content="0; url={redirect_to}"></head><body></body></html>'
    nav = '<nav class="md-nav"><a href="/orphan/">Orphan in the menu</a></nav>'
    return f'<html><body>{nav}<article class="md-content__inner">{body}</article></body></html>'


def next_links(*hrefs: str) -> str:
    items = "".join(f'<li><a href="{h}">next</a></li>' for h in hrefs)
    return f'<h2 id="what-to-read-next">What to read next</h2><ul>{items}</ul>'


def build(tmp_path: Path, pages: dict[str, str]) -> list[SitePage]:
    for rel, text in pages.items():
        file = tmp_path / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text)
    return load_site(tmp_path)


def test_well_linked_fixture_passes(tmp_path: Path) -> None:
    pages = build(tmp_path, {
        "index.html": html('<a href="a/">A</a> <a href="b/">B</a> <a href="c/">C</a>'),
        "a/index.html": html(next_links("../b/", "../c/", "../")),
        "b/index.html": html(next_links("../a/", "../c/#part", "../index.html")),
        "c/index.html": html(next_links("../a/", "../old-b/")),
        "old-b/index.html": html("", redirect_to="../b/"),
        "404.html": html("<p>Not found</p>"),
    })
    assert cross_link_problems(pages) == []


def test_orphan_only_in_the_menu_fails(tmp_path: Path) -> None:
    pages = build(tmp_path, {
        "index.html": html('<a href="a/">A</a> <a href="b/">B</a> <a href="orphan/">O</a>'),
        "a/index.html": html(next_links("../b/")),
        "b/index.html": html(next_links("../a/")),
        "orphan/index.html": html(next_links("../a/")),
    })
    problems = cross_link_problems(pages)
    assert "orphan/index.html: linked from 1 other page(s) (index.html); needs 2." in " ".join(problems)


def test_self_links_and_anchors_on_the_same_page_do_not_count(tmp_path: Path) -> None:
    pages = build(tmp_path, {
        "index.html": html('<a href="a/">A</a> <a href="b/">B</a>'),
        "a/index.html": html('<a href="#top">top</a> <a href="./">me</a>' + next_links("../b/")),
        "b/index.html": html(next_links("../index.html")),
    })
    problems = cross_link_problems(pages)
    assert any(p.startswith("a/index.html: linked from 1 other page(s)") for p in problems), problems


def test_dead_end_and_missing_next_section_fail(tmp_path: Path) -> None:
    pages = build(tmp_path, {
        "index.html": html('<a href="a/">A</a> <a href="b/">B</a>'),
        "a/index.html": html('<p>Nothing more to read.</p><a href="../b/">B</a>'),
        "b/index.html": html("<p>Dead end.</p>"),
    })
    problems = " ".join(cross_link_problems(pages))
    assert "b/index.html: a dead end" in problems
    assert "a/index.html: no 'What to read next' heading" in problems
