"""Fill the page of ready emails a candidate can send, from data/candidate-emails.yml.

The page (set as `page:` in mkdocs.yml) holds one marker on a line of its own,
<!-- emails:all -->, which this extension replaces with a jump list and, for
each message (guide.sources.candidate_emails):

    <h2 id=ID>          its title: the #section its short link points at
    <p>                 when to send it
    Subject: <span>     the subject, as text
    <pre>               the body, as text: without JavaScript the reader selects it
    Copy message, Copy subject
                        buttons for docs/assets/links/copy.js (data-copy="ELEMENT ID"),
                        the recruiters' page's script; they start hidden, and
                        the script shows them, so no reader sees a button that
                        does nothing
    Open in my email app
                        a mailto: link with no address, built from the same
                        subject and body (candidate_emails.mailto_url)

The words are written once, in the data file, so the text on the page and
the text the email app opens with cannot differ.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from guide.errors import GuideError
from guide.markdown import page as pages
from guide.markdown.page import text
from guide.sources import candidate_emails as emails_data

MARKERS = pages.Markers("emails", {"all": "<!-- emails:all -->"})
ASSETS = ("assets/links/copy.css", "assets/links/copy.js")
EXCLUDE = "data-search-exclude"  # controls are not advice: keep them out of search


def subject_id(email: emails_data.CandidateEmail) -> str:
    return f"{email.id}-subject"


def body_id(email: emails_data.CandidateEmail) -> str:
    return f"{email.id}-body"


class SwapMarkers(Preprocessor):
    """Swap the marker line for a placeholder block (pages.Markers) on the emails page only."""

    def __init__(self, md: Markdown, page: str) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        here = pages.context(self.md)
        marker = MARKERS.markers["all"]
        found = MARKERS.found(lines)
        if here.src == self.page and not found:
            raise GuideError(
                f"docs/{self.page}: the marker {marker} is missing, so the emails in {emails_data.DATA} "
                f"would not appear. Fix: put {marker} on a line of its own where they belong."
            )
        if found and here.src != self.page:
            raise GuideError(
                f"{here.where}: the marker {marker} belongs on docs/{self.page} only. Fix: remove it here, "
                f"and link to that page instead (like [Ready emails](../{self.page}#thank-you)), "
                "or set `page:` under guide.markdown.candidate_emails in mkdocs.yml."
            )
        return MARKERS.swap(lines) if found else lines


def fill(name: str, parent: etree.Element, page: pages.PageContext) -> None:
    """The elements where the marker stood (pages.MarkerBlock calls this)."""
    emails = emails_data.load(page.edition_root)
    # On a phone the table of contents hides in the menu: a jump list saves scrolling.
    # A list, not one line joined by dots: each title is read (and checked) on its own.
    text(parent, "p", page.say("Jump to an email:"), {EXCLUDE: "control"})
    jump = etree.SubElement(parent, "ul", {"class": "ce-jump", EXCLUDE: "control"})
    for email in emails:
        text(etree.SubElement(jump, "li"), "a", email.title, {"href": f"#{email.id}"})
    for email in emails:
        add_email(parent, email, page)


def add_email(parent: etree.Element, email: emails_data.CandidateEmail, page: pages.PageContext) -> None:
    text(parent, "h2", email.title, {"id": email.id})
    text(parent, "p", email.when)
    box = etree.SubElement(parent, "div", {"class": "ce-email"})
    subject = etree.SubElement(box, "p", {"class": "ce-subject"})
    text(subject, "strong", page.say("Subject:")).tail = " "
    text(subject, "span", email.subject, {"id": subject_id(email)})
    text(box, "pre", email.body, {"class": "go-email-text", "id": body_id(email)})
    row = etree.SubElement(box, "p", {"class": "ce-actions", EXCLUDE: "control"})
    copy_button(row, body_id(email), page.say("Copy message"), f": {email.title}", page)
    copy_button(row, subject_id(email), page.say("Copy subject"), f": {email.title}", page)
    mail = text(row, "a", page.say("Open in my email app"), {"class": "md-button md-button--primary", "href": email.mailto})
    text(mail, "span", f": {email.title}", {"class": "go-sr"})
    mail.tail = "\n"
    etree.SubElement(row, "span", {"class": "go-status", "role": "status"})


def copy_button(parent: etree.Element, target: str, caption: str, hidden_words: str, page: pages.PageContext) -> None:
    attrs = {"type": "button", "class": "md-button go-copy", "data-copy": target, "hidden": "hidden", **pages.copy_words(page)}
    button = text(parent, "button", caption, attrs)
    text(button, "span", hidden_words, {"class": "go-sr"})  # which message, for screen readers
    button.tail = "\n"


class _Assets(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        if MARKERS.kind in pages.context(self.md).filled:
            pages.add_assets(self.md, root, *ASSETS)


class CandidateEmailsExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {"page": [emails_data.PAGE, "The page (under docs/) that holds <!-- emails:all -->."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(SwapMarkers(md, self.getConfig("page")), "guide_candidate_email_markers", 29)
        md.parser.blockprocessors.register(pages.MarkerBlock(md.parser, MARKERS, fill), "guide_candidate_emails", 87)
        pages.register_late_links(md)
        md.treeprocessors.register(_Assets(md), "guide_candidate_email_assets", 19)


def makeExtension(**kwargs) -> CandidateEmailsExtension:  # noqa: N802 - Python-Markdown's entry point
    return CandidateEmailsExtension(**kwargs)
