"""Read the built site the way a reader does: which pages there are, and their prose.

Shared by the plain-language check, the originality test and the cross-link test,
so all three agree on what a page is and what counts as its text.

Why the built HTML and not the Markdown: the HTML is what readers get. It has
the text that the Markdown extensions and data files generate, admonitions rendered, and no
Markdown syntax (link targets, attribute lists, front matter) to strip by hand.
Only the page's <article> is read: the menu, header and footer are the same on
every page and are not the page's prose.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import normpath
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from guide.web import html

# Elements that start and end a unit of text (a sentence-like piece).
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "nav", "ol", "option", "p",
    "section", "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
# Never prose: the permalink sign after headings, scripts, drawings and buttons'
# icons. Inline <code> holds URLs and file names, which are not read as words.
SKIP_SELECTORS = ["a.headerlink", "script", "style", "svg", "template", "noscript", "code:not(pre code)", "[hidden]"]
# Fragments, not sentences: a field label ("Date", "Role"), a table heading, a button.
# textstat drops "sentences" of two words or less but keeps their words, so
# fragments would raise the words-per-sentence figure with nothing hard to read.
FRAGMENT_TAGS = {"button", "label", "legend", "th", "caption", "option"}
# Tokens that are addresses, not words (a short link printed for copying).
URL_TOKEN = re.compile(r"\S*(?:://|www\.)\S*|\S+\.(?:html|pdf)\b|(?<!\S)/\S+")
# Spanish too: a sentence may open with ¿ or ¡ and a capital with an accent; a word has accents.
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'\u2019\u201d»)\]]*\s+(?=[\"'\u2018\u201c«(\[¿¡]?[A-Z0-9ÁÉÍÓÚÑÜ])")
SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d»)\]]*$")
WORD = re.compile(r"[^\W_][\w'\u2019-]*")


@dataclass
class Unit:
    text: str
    fragment: bool  # a label or table heading, not a sentence


@dataclass
class SitePage:
    path: str  # relative to the site root, e.g. "during/keep-calm/index.html"
    url: str  # site-relative URL, e.g. "during/keep-calm/"
    soup: BeautifulSoup
    redirect: bool
    article: Tag | None
    units: list[Unit] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        return [s for unit in self.units for s in split_sentences(unit.text)]

    def all_text(self) -> str:
        """Every word on the page a reader can see: article (code included), title, description."""
        parts = []
        if self.soup.title:
            parts.append(self.soup.title.get_text(" "))
        description = self.soup.find("meta", attrs={"name": "description"})
        if description and description.get("content"):
            parts.append(description["content"])
        if self.article is not None:
            article = BeautifulSoup(str(self.article), "html.parser")
            for sign in article.select("a.headerlink, script, style"):
                sign.decompose()
            parts.append(article.get_text(" "))
        return "\n".join(parts)


def page_url(path: str) -> str:
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def language_of(text: str) -> str:
    """A page's language from its <html lang> (a page that names none is English)."""
    root = next(html.start_tags(text, "html"), None)
    return ((root.attrs.get("lang") if root else None) or "en").split("-")[0].lower()


def load_site(site: Path, lang: str | None = None) -> list[SitePage]:
    """Every HTML page of the built site (or only those in `lang`), with its article prose split into units."""
    pages = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        text = file.read_text(encoding="utf-8")
        # Only the <html> tag is read to leave out the other edition: parsing every page whole is this check's cost.
        if lang is not None and language_of(text) != lang:
            continue
        # Only the head (title, description, a redirect) and the article are parsed, each from where
        # it starts: the menu and the table of contents between them were two thirds of every page,
        # and most of the time of the three checks that read the site this way.
        body = next(html.start_tags(text, "body"), None)
        soup = BeautifulSoup(text[: body.start] if body else text, "html.parser")
        refresh = soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)})
        article = None
        for start in html.start_tags(text, "article", containing="md-content__inner"):
            if start.has_class("md-content__inner"):
                article = BeautifulSoup(text[start.start :], "html.parser").find("article")
                break
        page = SitePage(rel, page_url(rel), soup, redirect=refresh is not None, article=article)
        if article is not None:
            page.units = prose_units(article)
        pages.append(page)
    return pages


def prose_units(article: Tag) -> list[Unit]:
    """The article's text as units, one per block (paragraph, list item, cell, line of a <pre>)."""
    article = copy.copy(article)  # a deep copy, which the page's own article is not cut from
    for element in article.select(", ".join(SKIP_SELECTORS)):  # one pass over the tree, not one a selector
        if not element.decomposed:  # not already gone with an element around it
            element.decompose()
    units: list[Unit] = []
    buffer: list[str] = []

    def flush(fragment: bool = False) -> None:
        text = clean("".join(buffer))
        buffer.clear()
        if text:
            units.append(Unit(text, fragment))

    def walk(node: Tag, in_fragment: bool) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                buffer.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "pre" or child.name == "textarea":
                    # Ready-to-paste text (an email template) is prose too: one unit a line.
                    flush(in_fragment)
                    for line in child.get_text().splitlines():
                        buffer.append(line)
                        flush(in_fragment)
                elif child.name in BLOCK_TAGS:
                    flush(in_fragment)
                    walk(child, in_fragment or child.name in FRAGMENT_TAGS)
                    flush(in_fragment or child.name in FRAGMENT_TAGS)
                else:
                    walk(child, in_fragment)

    walk(article, False)
    flush()
    return units


def clean(text: str) -> str:
    text = URL_TOKEN.sub(" ", text)
    text = " ".join(text.split())
    if not WORD.search(text):
        return ""
    return text


def as_sentence_text(unit: str) -> str:
    """End a unit like a sentence, so a heading or list item is not read as part of the next one."""
    unit = unit.rstrip(" :;,-\u2013\u2014")
    return unit if SENTENCE_END.search(unit) else unit + "."


def split_sentences(unit: str) -> list[str]:
    return [s.strip() for s in SENTENCE_SPLIT.split(as_sentence_text(unit)) if WORD.search(s)]


def count_words(sentence: str) -> int:
    return len(WORD.findall(sentence))


def article_links(page: SitePage) -> set[str]:
    """Site-relative URLs of the other pages this page's article links to (anchors dropped)."""
    targets = set()
    if page.article is None:
        return targets
    base = "http://site.invalid/" + page.url
    for link in page.article.find_all("a", href=True):
        if "headerlink" in (link.get("class") or []):
            continue
        absolute = urlparse(urljoin(base, link["href"]))
        if absolute.netloc != "site.invalid" or absolute.scheme not in ("http", "https"):
            continue
        path = normpath(absolute.path.lstrip("/")) if absolute.path.strip("/") else ""
        path = "" if path == "." else path
        if path and not path.endswith(".html") and not path.rsplit("/", 1)[-1].count("."):
            path += "/"
        if path.endswith("index.html"):
            path = page_url(path)
        if path != page.url:
            targets.add(path)
    return targets
