"""Branch offices on the pages, from data/branches.yml (guide.sources.branches).

Three markers, each on a line of its own, that this extension replaces:

    <!-- branches:list -->   on docs/branches/index.md only: every branch, with
                            a filter box (town or postcode) and a count that
                            screen readers hear as it changes;
    <!-- branches:page -->   on docs/branches/SLUG.md only: that branch's page;
    <!-- branches:yours -->  on any page that says to call your branch: "Your
                            branch: NAME, PHONE" once the reader's branch is
                            known (docs/assets/branches/branch.js), else a link
                            to the list.

The pages are committed Markdown files, so both engines build them (Zensical
cannot add pages); the registry fills them, so an office's new number is one
edit. Without JavaScript the list is the whole list and every number is a
tap-to-call link; the script adds the filter, "This is my branch" and the
remembered branch. "Save contact" links to the branch's .vcf, which the
branch-files step makes (guide.steps.branches); like every link to a file
the build makes, it goes through PageContext.link.

Controls, and the box whose words change per reader, carry
data-search-exclude: they are not advice. The offices' own details (towns,
addresses) stay searchable, so "riverside office" finds the branch.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from guide.sources import branches as registry
from guide.errors import GuideError
from guide.markdown import page as pages
from guide.markdown.page import text

MARKERS = pages.Markers(
    "branches", {"list": "<!-- branches:list -->", "page": "<!-- branches:page -->", "yours": "<!-- branches:yours -->"}
)
STYLESHEET = "assets/branches/branches.css"
FINDER = "assets/branches/finder.js"  # the filter box: the list page only
EXCLUDE = "data-search-exclude"


def marker_page(src: str) -> str | None:
    """Which page marker `src` must carry: 'list', 'page', or None."""
    if src == registry.LIST_PAGE:
        return "list"
    if src.startswith(registry.FOLDER + "/") and src.count("/") == 1:
        return "page"
    return None


class SwapMarkers(Preprocessor):
    """Swap each marker line for a placeholder block (pages.Markers), checking each is on a
    page it belongs on."""

    def run(self, lines: list[str]) -> list[str]:
        page = pages.context(self.md)
        found = MARKERS.found(lines)
        wanted = marker_page(page.src)
        for name in ("list", "page"):
            if name in found and wanted != name:
                where = registry.LIST_PAGE if name == "list" else f"{registry.FOLDER}/SLUG.md"
                raise GuideError(
                    f"{page.where}: the marker {MARKERS.markers[name]} belongs on docs/{where} only. Fix: remove it here."
                )
        if wanted and wanted not in found:
            raise GuideError(
                f"{page.where}: the marker {MARKERS.markers[wanted]} is missing, so the branch details from "
                f"{registry.REGISTRY} would not appear. Fix: put {MARKERS.markers[wanted]} on a line of its own "
                "after the front matter."
            )
        return MARKERS.swap(lines) if found else lines


def fill(name: str, parent: etree.Element, page: pages.PageContext) -> None:
    """The elements where a marker stood (pages.MarkerBlock calls this)."""
    offices = registry.load(page.root)
    if name == "list":
        add_list(parent, offices, page)
    elif name == "page":
        slug = page.src[len(registry.FOLDER) + 1 : -len(".md")]
        branch = offices.by_slug().get(slug)
        if branch is None:  # guide.build.check_sources says so first, with the fix
            raise GuideError(f"{page.where}: no branch \"{slug}\" in {registry.REGISTRY}.")
        add_page(parent, branch, page)
    else:
        add_yours(parent, page)


def hidden_words(parent: etree.Element, words: str) -> None:
    """Words for screen readers only: which branch a repeated button is for."""
    text(parent, "span", words, {"class": "br-sr"})


def listing(items: tuple[str, ...], page: pages.PageContext) -> str:
    """Riverside, Old Quay and Fenwick."""
    return items[0] if len(items) == 1 else page.say("{first} and {last}", first=", ".join(items[:-1]), last=items[-1])


def sentence(line: str) -> str:
    return line if line.endswith((".", "!", "?")) else line + "."


def add_example_note(parent: etree.Element, branch: registry.Branch, page: pages.PageContext) -> None:
    if branch.example:
        note = etree.SubElement(parent, "p", {"class": "br-example"})
        text(note, "strong", page.say("Example office.")).tail = " " + page.say(
            "These details are made up, to show the page. They are replaced before the site goes live."
        )


def add_address(parent: etree.Element, branch: registry.Branch) -> None:
    address = etree.SubElement(parent, "address")
    address.text = AtomicString(branch.address[0])
    for line in branch.address[1:]:
        etree.SubElement(address, "br").tail = AtomicString(line)


def add_actions(parent: etree.Element, branch: registry.Branch, page: pages.PageContext) -> None:
    """Call, email, save the contact, make it my branch: the same row on the list and the page."""
    row = etree.SubElement(parent, "p", {"class": "br-actions", EXCLUDE: "control"})
    call = text(row, "a", page.say("Call {phone}", phone=branch.phone), {"class": "md-button md-button--primary", "href": f"tel:{branch.dial}"})
    hidden_words(call, f" ({branch.name})")
    call.tail = "\n"
    email = text(row, "a", page.say("Email {email}", email=branch.email), {"class": "md-button", "href": f"mailto:{branch.email}"})
    email.tail = "\n"
    save = page.link(text(row, "a", page.say("Save contact"), {"class": "md-button", "download": f"{branch.slug}.vcf"}), branch.card)
    hidden_words(save, " " + page.say("of {name}", name=branch.name))
    save.tail = "\n"
    choose = text(
        row, "button", page.say("This is my branch"),
        {"type": "button", "class": "md-button", "data-br-choose": branch.slug, "hidden": "hidden"},
    )
    hidden_words(choose, f": {branch.name}")
    choose.tail = "\n"
    text(row, "span", "", {"class": "br-said", "role": "status"})


def add_list(parent: etree.Element, offices: registry.Branches, page: pages.PageContext) -> None:
    finder = etree.SubElement(parent, "div", {"class": "br-finder", EXCLUDE: "control"})
    # Hidden until the script runs: without it the filter could not filter, and
    # the reader gets the whole list, which is what they need then.
    box = etree.SubElement(finder, "div", {"class": "br-filter", "hidden": "hidden"})
    text(box, "label", page.say("Type your town or postcode"), {"for": "br-filter"})
    etree.SubElement(box, "input", {
        "type": "search", "id": "br-filter", "autocomplete": "off", "spellcheck": "false",
        "aria-describedby": "br-count", "aria-controls": "br-list",
    })
    # A polite live region: the number of offices that match, said when the reader pauses.
    count = len(offices)
    text(finder, "p", page.say("Showing all {count} branch offices.", count=count) if count != 1 else page.say("Showing the one branch office."),
         {"id": "br-count", "class": "br-count", "role": "status", "aria-live": "polite"})
    items = etree.SubElement(parent, "ul", {"class": "br-list", "id": "br-list"})
    for branch in offices:
        item = etree.SubElement(items, "li", {
            "class": "br-branch",
            "data-br-slug": branch.slug,
            # What the filter matches: the office's name and towns, and its postcodes.
            "data-br-places": "|".join(place.lower() for place in (branch.name, *branch.towns)),
            "data-br-postcodes": "|".join(branch.postcodes),
        })
        # The name links to the office's own page, the one its emails and signatures give.
        heading = etree.SubElement(item, "h2", {"id": branch.slug})
        page.link(text(heading, "a", branch.name), branch.url)
        add_example_note(item, branch, page)
        add_address(item, branch)
        hours = etree.SubElement(item, "p")
        text(hours, "strong", page.say("Open:")).tail = AtomicString(" " + " ".join(sentence(line) for line in branch.hours))
        serves = etree.SubElement(item, "p")
        text(serves, "strong", page.say("Serves:")).tail = AtomicString(" " + page.say(
            "{towns}. Postcodes {postcodes}.", towns=listing(branch.towns, page), postcodes=listing(branch.postcodes, page)
        ))
        add_actions(item, branch, page)
    none = text(parent, "p", "", {"class": "br-none", "hidden": "hidden", EXCLUDE: "control"})
    none.text = AtomicString(page.say(
        "No branch office lists that town or postcode. Try a town nearby, or call any office above: they will put you through."
    ))


def add_page(parent: etree.Element, branch: registry.Branch, page: pages.PageContext) -> None:
    text(parent, "h1", branch.name)
    add_example_note(parent, branch, page)
    intro = text(parent, "p", page.say(
        "Call or email us to talk to a recruiter. We can help you after a hard interview, "
        "and with your next job search."
    ))
    intro.tail = "\n"
    add_actions(parent, branch, page)
    text(parent, "h2", page.say("Address"), {"id": "address"})
    add_address(parent, branch)
    text(parent, "h2", page.say("Opening hours"), {"id": "hours"})
    hours = etree.SubElement(parent, "ul")
    for line in branch.hours:
        text(hours, "li", line)
    text(parent, "h2", page.say("Who we help"), {"id": "serves"})
    text(parent, "p", page.say("We help people in {towns}.", towns=listing(branch.towns, page)))
    text(parent, "p", page.say("Postcodes: {postcodes}.", postcodes=listing(branch.postcodes, page)))
    more = etree.SubElement(parent, "p")
    more.text = page.say("Another office may be closer to you. See") + " "
    page.link(text(more, "a", page.say("every branch office")), registry.LIST_PAGE.removesuffix("index.md")).tail = "."


def add_yours(parent: etree.Element, page: pages.PageContext) -> None:
    """The reader's branch, filled in by docs/assets/branches/branch.js; a link to the list until then."""
    box = etree.SubElement(parent, "div", {"class": "br-yours", "data-br-yours": "", EXCLUDE: "your branch"})
    find = etree.SubElement(box, "p", {"class": "br-find"})
    find.text = page.say("Not sure which branch office to call?") + " "
    page.link(text(find, "a", page.say("Find your branch office"), {"data-br-list": ""}), registry.LIST_PAGE.removesuffix("index.md"))
    find[-1].tail = "."
    text(box, "span", "", {"class": "br-said", "role": "status"})


class Assets(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        page = pages.context(self.md)
        if MARKERS.kind not in page.filled:
            return
        src = page.src
        pages.add_assets(self.md, root, STYLESHEET, FINDER if src == registry.LIST_PAGE else None)


class BranchesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(SwapMarkers(md), "guide_branch_markers", 29)
        md.parser.blockprocessors.register(pages.MarkerBlock(md.parser, MARKERS, fill), "guide_branches", 87)
        md.treeprocessors.register(Assets(md), "guide_branch_assets", 19)
        pages.register_late_links(md)


def makeExtension(**kwargs) -> BranchesExtension:  # noqa: N802 - Python-Markdown's entry point
    return BranchesExtension(**kwargs)
