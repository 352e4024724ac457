"""The foot of every page: when it was last reviewed, when the next review is due,
and a way to report a problem with it.

    Page last reviewed: 25 November 2026 · Next review due: 25 November 2027
    Report a problem with this page

The dates come from the page's `reviewed:` (and `review_every:`) front matter,
computed here in Python, so both engines show the same words: Zensical runs
no hooks, and the date arithmetic would need template code that Jinja2 and
MiniJinja do not share. The link is a plain mailto: to the candidate care
team (mkdocs.yml, `extra: care_team_email:`), with the page's title and public
address in the subject and body (guide.sources.review.report_mailto): the reader's
own mail app sends it, and the page makes no request.

The foot is not advice: it carries `data-search-exclude`, so search neither
indexes nor shows it, and docs/assets/site.css hides it on paper (printed
pages, worksheet PDFs). Every Markdown page gets one; the 404 page is a
template with no front matter, and gets its own report link (handbook/editors.md,
"Review dates").
"""
from __future__ import annotations

import json

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from guide.sources import editions, frontmatter, review
from guide.errors import GuideError
from guide.markdown import page as pages

EXCLUDE = "data-search-exclude"
CLASS = "guide-page-foot"


def _time(parent: etree.Element, day, page: pages.PageContext) -> etree.Element:
    element = etree.SubElement(parent, "time", {"datetime": day.isoformat()})
    month = page.say(frontmatter.MONTHS[day.month - 1])
    element.text = page.say("{day} {month} {year}", day=day.day, month=month, year=day.year)
    return element


class PageFoot(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        page = pages.context(self.md)
        source = page.source()
        problems = frontmatter.check_review(source)
        if problems:  # `make build` reports these before rendering; `mkdocs serve` of a draft may not
            raise GuideError(f"{page.where}: " + " ".join(problems))
        email = review.care_team_email(page.extra)
        foot = etree.SubElement(root, "footer", {"class": CLASS, EXCLUDE: "page foot"})
        if page.lang != editions.DEFAULT_LANG:
            # What the page scripts say, in this page's language (docs/assets/store.js, say).
            foot.set("data-guide-words", json.dumps({english: page.say(english) for english in editions.SCRIPT_WORDS}, ensure_ascii=False))
        dates = etree.SubElement(foot, "p", {"class": "guide-reviewed"})
        dates.text = page.say("Page last reviewed:") + " "
        _time(dates, source.reviewed, page).tail = " "
        dot = etree.SubElement(dates, "span", {"aria-hidden": "true"})
        dot.text = "·"
        dot.tail = " " + page.say("Next review due:") + " "
        _time(dates, source.next_review, page)
        report = etree.SubElement(foot, "p", {"class": "guide-report"})
        words = {english: page.say(english) for english in review.REPORT_WORDS}
        link = etree.SubElement(report, "a", {"href": review.report_mailto(email, source.title, page.site_url + page.url, words)})
        link.text = page.say("Report a problem with this page")


class PageFootExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the worksheets' furniture (19), so the foot ends the page.
        md.treeprocessors.register(PageFoot(md), "guide_page_foot", 18)


def makeExtension(**kwargs) -> PageFootExtension:  # noqa: N802 - Python-Markdown's entry point
    return PageFootExtension(**kwargs)
