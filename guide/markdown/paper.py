"""What a printed page carries so a reader can find it again: its link, as text and as a QR code.

A printed worksheet or checklist carries them at its top right corner, beside
its title (a footer would cost a sheet more height than the title's corner:
the title and first lines wrap beside the code), and each cut-out card
carries its own at its foot, since cards are cut apart. The
link is the page's short link from data/links.yml (registry.page_link), else
its own URL: the same address as text and in the QR code, so a reader can type
what a phone camera opens. Plain text, not a link: paper is where it is read,
and an absolute link to SITE_URL would send the link checker to a host that
may not exist yet. Both are for paper only: the stylesheet hides them on
screen, and they are kept out of the search index.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.util import AtomicString

from guide.web import qr
from guide.sources import registry
from guide.markdown import page as pages

EXCLUDE = "data-search-exclude"
SCAN = "Or point your phone's camera at the code."


def printed_url(page: pages.PageContext) -> str:
    """The address printed on the page: its short link, else its own URL."""
    link = registry.load(page.root).page_link(page.src)
    return registry.short_url(page.site_url, link) if link else page.site_url + page.url


def print_link(page: pages.PageContext, words: str) -> etree.Element:
    """A printed sheet's link: the QR code, and beside it `words` and the address."""
    url = printed_url(page)
    box = etree.Element("div", {"class": "ws-print-url", EXCLUDE: "print"})
    box.append(qr.svg(url, "ws-qr"))
    beside = etree.SubElement(box, "div")
    line = etree.SubElement(beside, "p")
    line.text = f"{page.say(words)}: "
    etree.SubElement(line, "span").text = AtomicString(url)
    etree.SubElement(beside, "p").text = page.say(SCAN)
    return box


def add_print_link(root: etree.Element, page: pages.PageContext, words: str) -> None:
    """Put the sheet's link before its title, so the title wraps beside it on paper."""
    heading = next((index for index, child in enumerate(root) if child.tag == "h1"), 0)
    root.insert(heading, print_link(page, words))


def card_link(page: pages.PageContext) -> etree.Element:
    """A cut-out card's own link: its QR code, and the address right under it.

    A card is too narrow for the address on one line. It may break only after
    a '/' or a '.': a break at one of its hyphens would be typed as a space, so
    each piece between those places is kept whole (<wbr> marks the places)."""
    url = printed_url(page)
    box = etree.Element("div", {"class": "ws-card-link", EXCLUDE: "print"})
    box.append(qr.svg(url, "ws-qr"))
    address = etree.SubElement(box, "span", {"class": "ws-card-url"})
    pieces = re.findall(r"[^/.]*[/.]+|[^/.]+$", url)
    for number, piece in enumerate(pieces):
        etree.SubElement(address, "span").text = AtomicString(piece)
        if number < len(pieces) - 1:
            etree.SubElement(address, "wbr")
    return box
