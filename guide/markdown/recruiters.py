"""Fill the "For recruiters" page from the link registry (data/links.yml).

The page (set as `page:` in mkdocs.yml) holds three markers, each on a line
of its own, that this extension replaces:

    <!-- go:branches --> the branch picker (data/branches.yml): with a branch
                         chosen, every short link and email on the page carries
                         ?from=SLUG (docs/assets/branches/picker.js); and each
                         branch's own page, with a copy button, for signatures
    <!-- go:links -->    every live short link, grouped by moment, with a copy button
    <!-- go:emails -->   ready-to-paste emails, as plain text and as simple HTML

Every printed short link (link text, plain-text email, formatted email)
carries data-go-url, its address without a branch, which the picker adds
?from=SLUG to; without JavaScript the picker stays hidden and the page says
how to add it by hand.

Its target pages are checked before the generator runs (guide.build) and
its #sections after it (guide.steps.short_links), where a broken one is named
by its registry entry. The copy buttons need assets/links/copy.js and
copy.css, which only this page loads.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from guide.sources import branches
from guide.sources import pages as pages_module
from guide.sources import registry
from guide.errors import GuideError
from guide.markdown import page as pages
from guide.markdown.page import text

MARKERS = pages.Markers(
    "recruiters", {"branches": "<!-- go:branches -->", "links": "<!-- go:links -->", "emails": "<!-- go:emails -->"}
)
ASSETS = ("assets/links/copy.css", "assets/links/copy.js")
PICKER = "assets/branches/picker.js"
GO_URL = "data-go-url"  # the short link's address without a branch: what the picker adds ?from= to
EXCLUDE = "data-search-exclude"


class SwapMarkers(Preprocessor):
    """Swap each marker line for a placeholder block (pages.Markers) on the recruiters' page."""

    def __init__(self, md: Markdown, page: str) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        found = MARKERS.found(lines)
        if not found:
            if pages.context(self.md).src == self.page:
                raise GuideError(self.missing(MARKERS.markers["links"], "links"))
            return lines
        if pages.context(self.md).src != self.page:
            raise GuideError(
                f"{pages.context(self.md).where}: the registry markers belong on docs/{self.page} only. "
                "Fix: remove them here, or set `page:` under guide.markdown.recruiters in mkdocs.yml."
            )
        for name, marker in MARKERS.markers.items():
            if name not in found:
                raise GuideError(self.missing(marker, name))
        return MARKERS.swap(lines)

    def missing(self, marker: str, name: str) -> str:
        return (
            f"docs/{self.page}: the marker {marker} is missing, so the {name} from {registry.REGISTRY} "
            f"would not appear. Fix: put {marker} on a line of its own where they belong."
        )


def fill(name: str, parent: etree.Element, page: pages.PageContext) -> None:
    """The elements where a marker stood (pages.MarkerBlock calls this)."""
    links = registry.translated(page.root, page.edition_root)  # in the page's language
    if name == "links":
        add_links(parent, links, page)
    elif name == "branches":
        add_branches(parent, branches.load(page.root), page)
    else:
        add_emails(parent, links, page)


def copy_button(parent: etree.Element, target: str, caption: str, hidden_words: str, page: pages.PageContext, html_of: str = "") -> None:
    attrs = {"type": "button", "class": "md-button go-copy", "data-copy": target, EXCLUDE: "control", **pages.copy_words(page)}
    if html_of:
        attrs["data-copy-html"] = html_of
    button = text(parent, "button", caption, attrs)
    text(button, "span", hidden_words, {"class": "go-sr"})
    button.tail = "\n"


def status(parent: etree.Element) -> etree.Element:
    return etree.SubElement(parent, "span", {"class": "go-status", "role": "status"})


def add_links(parent: etree.Element, links: registry.Registry, page: pages.PageContext) -> None:
    groups = [(m, [l for l in links.links if l.moment == m.id and not l.retired]) for m in links.moments]
    groups = [(moment, items) for moment, items in groups if items]
    # On a phone the table of contents hides in the menu: a jump list saves scrolling.
    jumps = [(f"#{moment.id}", moment.title) for moment, _ in groups]
    if links.emails:
        jumps.append(("#emails", page.say("Ready-to-paste emails")))
    jump = etree.SubElement(parent, "p")
    jump.text = page.say("Jump to:") + " "
    for number, (href, words) in enumerate(jumps):
        text(jump, "a", words, {"href": href}).tail = " · " if number < len(jumps) - 1 else ""
    for moment, items in groups:
        text(parent, "h2", moment.title, {"id": moment.id})
        text(parent, "p", moment.intro)
        listing = etree.SubElement(parent, "ul")
        for link in items:
            add_link(etree.SubElement(listing, "li"), link, page)


def add_link(item: etree.Element, link: registry.Link, page: pages.PageContext) -> None:
    title = registry.link_title(page.docs_dir, link)
    strong = etree.SubElement(item, "strong")
    target = pages_module.url_of(link.page) + (f"#{link.anchor}" if link.anchor else "")
    page.link(text(strong, "a", title), target)
    etree.SubElement(item, "br").tail = link.description
    etree.SubElement(item, "br")
    url = registry.short_url(page.site_url, link)
    page.link(text(item, "a", url, {"class": "go-url", "id": f"go-{link.alias}", GO_URL: url}), link.path).tail = "\n"
    copy_button(item, f"go-{link.alias}", page.say("Copy link"), " " + page.say("to {title}", title=title), page)
    # On the English page, the same link in each other edition (mkdocs.yml's extra.alternate), for
    # candidates who read that language more easily; that edition's own page has its emails.
    for other in page.extra.get("alternate") or [] if not page.edition_prefix else []:
        prefix = str(other.get("link", "/")).strip("/") if isinstance(other, dict) else ""
        if not prefix:
            continue
        lang, url = str(other.get("lang")), page.site_url + f"{prefix}/{link.path}"
        etree.SubElement(item, "br").tail = f"{other.get('name')}: "
        alternate = {"class": "go-url", "id": f"go-{link.alias}-{lang}", GO_URL: url, "hreflang": lang, "lang": lang}
        page.link(text(item, "a", url, alternate), f"{prefix}/{link.path}").tail = "\n"
        copy_button(item, f"go-{link.alias}-{lang}", page.say("Copy link"), f" ({other.get('name')})", page)
    status(item)


def add_emails(parent: etree.Element, links: registry.Registry, page: pages.PageContext) -> None:
    aliases = links.by_alias()

    def url(alias: str) -> str:
        return registry.short_url(page.site_url, aliases[alias])

    for email in links.emails:
        base = f"email-{email.id}"
        text(parent, "h3", email.title, {"id": base})
        text(parent, "p", email.when)
        subject = etree.SubElement(parent, "p")
        text(subject, "strong", page.say("Subject:")).tail = f" {email.subject}"
        box = etree.SubElement(parent, "div", {"class": "go-email"})
        text(box, "p", page.say("Plain text"), {"class": "go-email-label"})
        email_text(etree.SubElement(box, "pre", {"class": "go-email-text", "id": f"{base}-text"}), email.body, url)
        row = etree.SubElement(box, "p")
        copy_button(row, f"{base}-text", page.say("Copy plain text"), f": {email.title}", page)
        status(row)
        text(box, "p", page.say("Formatted, for email programs"), {"class": "go-email-label"})
        email_html(etree.SubElement(box, "div", {"class": "go-email-html", "id": f"{base}-html"}), email.body, url)
        row = etree.SubElement(box, "p")
        copy_button(row, f"{base}-html", page.say("Copy formatted email"), f": {email.title}", page, html_of=f"{base}-text")
        status(row)


def email_text(pre: etree.Element, body: str, url) -> None:
    """The plain-text email, each short link in a span of its own for the branch picker."""
    last = None
    at = 0
    for match in registry.PLACEHOLDER_RE.finditer(body):
        _append(pre, last, body[at : match.start()])
        address = url(match.group(1))
        last = text(pre, "span", address, {GO_URL: address})
        at = match.end()
    _append(pre, last, body[at:])


def add_branches(parent: etree.Element, offices: branches.Branches, page: pages.PageContext) -> None:
    """The branch picker, then each branch's own page with a copy button."""
    picker = etree.SubElement(parent, "div", {"class": "go-branch", "hidden": "hidden", EXCLUDE: "control"})
    text(picker, "label", page.say("Your branch office"), {"for": "go-branch"})
    select = etree.SubElement(picker, "select", {"id": "go-branch"})
    text(select, "option", page.say("None: plain links"), {"value": ""})
    for branch in offices:
        text(select, "option", branch.name, {"value": branch.slug})
    status(picker)
    text(parent, "p", page.say("Your branch's own page, for your email signature:"))
    listing = etree.SubElement(parent, "ul")
    for branch in offices:
        item = etree.SubElement(listing, "li")
        page.link(text(etree.SubElement(item, "strong"), "a", branch.name), branch.url)
        etree.SubElement(item, "br")
        url = page.site_url + branch.url
        page.link(text(item, "a", url, {"class": "go-url", "id": f"branch-{branch.slug}"}), branch.url).tail = "\n"
        copy_button(item, f"branch-{branch.slug}", page.say("Copy link"), " " + page.say("to the {name} page", name=branch.name), page)
        status(item)


def email_html(parent: etree.Element, body: str, url) -> None:
    """Plain paragraphs and links, nothing else: what survives pasting into email clients.

    A link's lead-in (ending in ':') and a short greeting or sign-off (ending in
    ',') keep their line break; other lines join into one flowing paragraph.
    Each link shows its own URL, so it still works as plain text or on paper."""
    for block in re.split(r"\n\s*\n", body.strip()):
        paragraph = etree.SubElement(parent, "p")
        previous, last = None, None
        for line in (line.strip() for line in block.splitlines()):
            match = registry.PLACEHOLDER_RE.fullmatch(line)
            if previous is not None:
                if keeps_break(previous) or match:
                    last = etree.SubElement(paragraph, "br")
                else:
                    _append(paragraph, last, " ")
            if match:
                address = url(match.group(1))
                last = text(paragraph, "a", address, {"href": address, GO_URL: address})
            else:
                _append(paragraph, last, line)
            previous = line


def _append(paragraph: etree.Element, last: etree.Element | None, words: str) -> None:
    if last is None:
        paragraph.text = AtomicString((paragraph.text or "") + words)
    else:
        last.tail = AtomicString((last.tail or "") + words)


def keeps_break(line: str) -> bool:
    return line.endswith(":") or (line.endswith(",") and len(line.split()) <= 3)


class RecruitersExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {"page": ["recruiters/index.md", "The page (under docs/) that holds the markers."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(SwapMarkers(md, self.getConfig("page")), "guide_recruiter_markers", 29)
        md.parser.blockprocessors.register(pages.MarkerBlock(md.parser, MARKERS, fill), "guide_recruiters", 87)
        pages.register_late_links(md)
        md.treeprocessors.register(_Assets(md, self.getConfig("page")), "guide_recruiter_assets", 19)


class _Assets(Treeprocessor):
    def __init__(self, md: Markdown, page: str) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        if pages.context(self.md).src == self.page:
            pages.add_assets(self.md, root, *ASSETS)
            pages.add_assets(self.md, root, None, PICKER)


def makeExtension(**kwargs) -> RecruitersExtension:  # noqa: N802 - Python-Markdown's entry point
    return RecruitersExtension(**kwargs)
