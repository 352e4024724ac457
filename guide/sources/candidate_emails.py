"""Ready emails a candidate can send, data/candidate-emails.yml.

Each message is written once here. The emails page (guide.markdown.candidate_emails)
shows its subject and body as text, and builds its "Open in my email app" link
(mailto_url) from the same words, so the two can never drift apart.

A candidate sends these to an employer, often minutes after a bad interview,
from a phone, so the file is checked before anything is built
(guide.build.check_sources) and every problem is listed with the entry and the fix:
  - the file is malformed: an unknown key (schemas/candidate-emails.schema.json,
    with a did-you-mean), a missing key, a value YAML reads as a number or yes/no;
  - an id is used twice or cannot be a #section of the page (its short link
    in data/links.yml points there);
  - a subject runs over more than one line (an email subject cannot);
  - a [place to fill in] is not closed, so the reader would not see where it ends;
  - the "Open in my email app" link would be too long for some email apps.

Read once per change of the file, like data/links.yml (guide.sources.registry).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

from guide.sources import schemas
from guide.errors import GuideError, problems_error

DATA = "data/candidate-emails.yml"
PAGE = "follow-up/emails.md"  # the page that shows them (mkdocs.yml can name another)
SCHEMA = "candidate-emails"
KEYS = ("id", "title", "when", "subject", "body")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 30
MAX_SUBJECT = 80  # a phone's inbox shows about this much of a subject line
# Outlook on Windows, and some Android mail apps, drop or cut a mailto: link
# longer than about 2,000 characters (Internet Explorer's old URL limit).
MAX_MAILTO = 2000
# The ids the page's own sections use: a message with one of them would share its #section.
RESERVED_IDS = {"read-next", "how-to-use", "emails"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

EXAMPLE_ENTRY = """\
  - id: thank-you                       # lowercase words and hyphens: the message's #section on the page
    title: Thank you, after a rough interview
    when: Send it the same day, or by the next morning.
    subject: Thank you for meeting me today
    body: |
      Dear [interviewer's name],

      Thank you for meeting me today."""


@dataclass(frozen=True)
class CandidateEmail:
    number: int
    id: str
    title: str
    when: str
    subject: str
    body: str  # lines joined by "\\n"; no line break at either end

    @property
    def where(self) -> str:
        return f'{DATA}, email #{self.number} ("{self.id}")'

    @property
    def mailto(self) -> str:
        return mailto_url(self.subject, self.body)


def mailto_url(subject: str, body: str) -> str:
    """A mailto: link with no address (the reader adds it), the subject and the body filled in.

    Percent-encoded as RFC 6068 asks: every character but letters, digits and
    -._~ is encoded (a space is %20, never '+', which some apps would show), and
    each line break is %0D%0A."""
    crlf = "\r\n".join(body.split("\n"))
    return f"mailto:?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"


def load(root: Path) -> list[CandidateEmail]:
    """data/candidate-emails.yml under `root`, checked; one GuideError listing every problem with its fix."""
    path = Path(root) / DATA
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise GuideError(
            f"{DATA} is missing, so the page of ready emails (docs/{PAGE}) would be empty. "
            f"Fix: restore it from git (git checkout {DATA})."
        ) from None
    return _load(str(path), (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _load(path: str, _stamp: tuple[int, int]) -> list[CandidateEmail]:
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
        typed = yaml.load(text, Loader=_TEXT_LOADER)  # noqa: S506 - every value as typed, for messages
    except yaml.YAMLError as error:
        raise GuideError(
            f"{DATA} is not valid YAML: {' '.join(str(error).split())}. "
            "Fix: check the indentation, and start each body with `body: |` on a line of its own."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("emails"), list) or not data["emails"]:
        raise GuideError(
            f"{DATA} must hold a list under `emails:`, each entry like:\n{EXAMPLE_ENTRY}\n"
            f"Fix: restore it from git (git checkout {DATA}) and make your change again."
        )
    problems = [_unknown_key(problem, typed) for problem in schemas.check(SCHEMA, data, text) if problem.key is not None]
    emails: list[CandidateEmail] = []
    seen: dict[str, int] = {}
    typed_entries = typed.get("emails") if isinstance(typed, dict) and isinstance(typed.get("emails"), list) else []
    for number, item in enumerate(data["emails"], 1):
        raw = typed_entries[number - 1] if number <= len(typed_entries) else None
        raw = raw if isinstance(raw, dict) else {}
        shown = raw.get("id") if isinstance(raw.get("id"), str) else None
        where = f"{DATA}, email #{number}" + (f' ("{shown}")' if shown else "")
        if not isinstance(item, dict):
            problems.append(f"{where}: each entry must be a mapping like:\n{EXAMPLE_ENTRY}")
            continue
        missing = [p for key in KEYS if (p := _text_problem(where, key, item.get(key), raw.get(key)))]
        if missing:
            problems.extend(missing)
            continue
        email = CandidateEmail(
            number=number,
            id=item["id"].strip(),
            title=" ".join(item["title"].split()),
            when=" ".join(item["when"].split()),
            subject=item["subject"].strip(),
            body="\n".join(line.rstrip() for line in item["body"].strip().splitlines()),
        )
        before = len(problems)
        problems.extend(_entry_problems(email, seen))
        seen.setdefault(email.id, number)
        if len(problems) == before:
            emails.append(email)
    if problems:
        raise problems_error("The ready emails have problems:", problems)
    return emails


def _entry_problems(email: CandidateEmail, seen: dict[str, int]) -> list[str]:
    where = email.where
    problems = []
    if not ID_RE.match(email.id) or len(email.id) > MAX_ID:
        suggestion = re.sub(r"[^a-z0-9]+", "-", email.id.lower()).strip("-")[:MAX_ID].rstrip("-") or "thank-you"
        problems.append(
            f'{where}: id "{email.id}" is not lowercase words joined by hyphens (at most {MAX_ID} characters); '
            f'it becomes the message\'s #section on the page. Fix: use something like "{suggestion}".'
        )
    elif email.id in RESERVED_IDS:
        problems.append(
            f'{where}: id "{email.id}" is already a section of docs/{PAGE}. Fix: choose another id.'
        )
    if email.id in seen:
        problems.append(
            f'{where}: id "{email.id}" is already used by email #{seen[email.id]}. '
            "Fix: give one of them another id (each is a #section, and short links point at it)."
        )
    if "\n" in email.subject:
        problems.append(f"{where}: `subject` is more than one line. Fix: write the subject on one line.")
    elif len(email.subject) > MAX_SUBJECT:
        problems.append(
            f"{where}: `subject` is {len(email.subject)} characters; a phone shows about {MAX_SUBJECT}. "
            "Fix: shorten it."
        )
    for key in ("subject", "body"):
        unclosed = _unclosed_bracket(getattr(email, key))
        if unclosed:
            problems.append(
                f"{where}: in `{key}`, the place to fill in that starts \"{unclosed}\" has no closing ']'. "
                "Fix: close it with ']' on the same line, so the reader sees where it ends."
            )
    length = len(email.mailto)
    if length > MAX_MAILTO:
        problems.append(
            f"{where}: its \"Open in my email app\" link is {length} characters, and some email apps drop a link "
            f"over {MAX_MAILTO}. Fix: shorten the body (about {len(email.body) * MAX_MAILTO // length} characters fits)."
        )
    return problems


def _unclosed_bracket(text: str) -> str:
    """The start of the first '[' that its line never closes ('' if every one is closed)."""
    for line in text.split("\n"):
        depth, start = 0, -1
        for at, char in enumerate(line):
            if char == "[":
                depth, start = depth + 1, at if depth == 0 else start
            elif char == "]" and depth:
                depth -= 1
        if depth:
            return line[start : start + 30]
    return ""


def _text_problem(where: str, key: str, value, typed) -> str | None:
    return schemas.text_problem(where, key, value, typed, f"add `{key}:` with its words (see the comment at the top of {DATA}).")


def _unknown_key(problem: schemas.Problem, typed) -> str:
    """An unknown key's message, naming the entry as the other messages do (email #2 ("feedback"))."""
    if len(problem.path) != 2 or problem.path[0] != "emails":
        return problem.unknown_key(DATA).replace("unknown key", "unknown top-level key", 1)
    index = problem.path[1]
    entries = typed.get("emails") if isinstance(typed, dict) else None
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    shown = entry.get("id") if isinstance(entry, dict) else None
    return problem.unknown_key(f"{DATA}, email #{index + 1}" + (f' ("{shown}")' if isinstance(shown, str) else ""))
