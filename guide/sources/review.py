"""Keeping pages current: which pages are due for review, and the reader's way to report a problem.

Every page says when an editor last checked it (`reviewed:` in its front
matter, read by guide.sources.frontmatter) and when the next check is due. The page's
foot shows both, with a "Report a problem with this page" email link
(guide.markdown.page_foot); `python -m guide review` (`make review`) lists the
pages that are overdue or due soon. A date that has merely grown old never
fails anything: the list is for editors, and a commit that built today builds
next year too (handbook/editors.md, "Review dates").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from guide.sources import frontmatter, pages
from guide.sources.branches import EMAIL_RE  # one rule for an email address, for the offices and the care team
from guide.errors import GuideError

# mkdocs.yml, `extra: care_team_email:` the one place the address is set; the
# page foot and the 404 page both read it.
CARE_TEAM_KEY = "care_team_email"
# A plain address: the link is written into every page, and a space or a '?'
# would break it in ways a reader only finds out by trying.
DUE_SOON_DAYS = 30


def care_team_email(extra: dict, where: str = "mkdocs.yml") -> str:
    """The candidate care team's address from `extra:`; GuideError naming the setting and the fix."""
    value = (extra or {}).get(CARE_TEAM_KEY)
    fix = f"Fix: under `extra:` in {where}, set `{CARE_TEAM_KEY}: candidate.care@example.org` (the team's real address)."
    if not isinstance(value, str) or not value.strip():
        raise GuideError(f"{where}: no `{CARE_TEAM_KEY}` under `extra:`, so readers could not report a problem. {fix}")
    if not EMAIL_RE.match(value.strip()):
        raise GuideError(f"{where}: `{CARE_TEAM_KEY}: {value}` is not an email address. {fix}")
    return value.strip()


# The words of the report email, which the edition's interface.yml translates.
REPORT_WORDS = ("Problem with a page:", "Page:", "Link:", "What is wrong on this page?")


def report_mailto(email: str, title: str, url: str, words: dict[str, str] | None = None) -> str:
    """A mailto: link with the page's title and address in the subject and body.

    Percent-encoded as RFC 6068 asks (a space is %20, never '+'; a line
    break is %0D%0A), so every mail app reads it the same way."""
    say = (words or {}).get
    subject = f"{say('Problem with a page:', 'Problem with a page:')} {title}"
    body = (
        f"{say('Page:', 'Page:')} {title}\r\n{say('Link:', 'Link:')} {url}\r\n\r\n"
        f"{say('What is wrong on this page?', 'What is wrong on this page?')}\r\n"
    )
    return f"mailto:{email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


@dataclass(frozen=True)
class Due:
    src: str
    title: str
    reviewed: date
    due: date

    def days_left(self, today: date) -> int:
        return (self.due - today).days


def due_pages(sources: dict[str, frontmatter.Source], today: date, within_days: int = DUE_SOON_DAYS) -> list[Due]:
    """Pages whose next review is past or within `within_days` of today, the most overdue first."""
    found = [
        Due(src, source.title, source.reviewed, source.next_review)
        for src, source in sources.items()
        if source.next_review and (source.next_review - today).days <= within_days
    ]
    return sorted(found, key=lambda due: (due.due, due.src))


def report(docs_dir: Path, today: date | None = None, within_days: int = DUE_SOON_DAYS) -> str:
    """What `python -m guide review` prints: the pages to check, or that none is due.

    A page whose review date is missing or mistyped is listed too, with the
    build's message for it, instead of stopping the list: an editor running
    this wants every page that needs attention, in one go."""
    today = today or date.today()
    sources: dict[str, frontmatter.Source] = {}
    unreadable: list[str] = []
    for src in pages.source_pages(docs_dir):
        try:
            source = frontmatter.read(docs_dir, src)
        except GuideError as error:
            unreadable.append(error.message)
            continue
        problems = frontmatter.check_review(source)
        if problems:
            unreadable.append(f"{source.where}: " + " ".join(problems))
        else:
            sources[src] = source
    due = due_pages(sources, today, within_days)
    total = len(sources) + len(unreadable)
    lines = []
    if unreadable:
        lines += [f"{len(unreadable)} page(s) have no review date the build accepts:"]
        lines += [f"  {problem}" for problem in unreadable] + [""]
    if not due:
        upcoming = min((s.next_review for s in sources.values() if s.next_review), default=None)
        after = f" The next is due on {frontmatter.long_date(upcoming)}." if upcoming else ""
        lines.append(f"No page is overdue or due within {within_days} days ({total} pages checked).{after}")
        return "\n".join(lines)
    lines.append(f"{len(due)} of {total} pages are overdue or due within {within_days} days (today is {today.isoformat()}):")
    for item in due:
        left = item.days_left(today)
        when = f"OVERDUE by {-left} day{'s' * (left != -1)}" if left < 0 else "due today" if left == 0 else f"due in {left} day{'s' * (left != 1)}"
        lines.append(f"  {frontmatter.folder_of(docs_dir) + '/' + item.src:<50} {when:<22} due {item.due.isoformat()}, last reviewed {item.reviewed.isoformat()}  ({item.title})")
    lines += [
        "",
        "For each page: check the advice is still right, fix what is not, then set `reviewed:` in its",
        'front matter to the day you checked it (handbook/editors.md, "Review dates").',
    ]
    return "\n".join(lines)
