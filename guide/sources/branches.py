"""The branch office registry, data/branches.yml: which office a candidate calls, and how.

The site tells candidates to "call your branch office". This file says which
offices there are, and everything that is built from it reads it here: the
"Find your branch office" page and one page per branch (guide.markdown.branches),
the .vcf contact cards and the list the ?from= script reads (guide.steps.branches),
the recruiters' branch picker (guide.markdown.recruiters).

A wrong phone number sends a worried candidate nowhere, so the file is checked
before anything is built (guide.build.check_sources), with every problem listed,
each naming the entry and the fix:
  - the file is malformed: an unknown or missing key, a value that is not text,
    a slug used twice or unfit for a URL, a phone number that is not E.164 or
    does not match the number as written, an email address that cannot be one;
  - an entry has made-up details (a reserved 555-01xx number, an example.org
    address) but is not marked `example: true`;
  - a build for a public address (SITE_URL not on this machine) still holds an
    example entry (check_examples), so invented numbers never reach a candidate;
  - a branch has no page in docs/branches/, or a page there has no branch
    (check_pages: Zensical cannot add pages, so each branch's page is a small
    committed Markdown file; `make branch-pages` writes the missing ones).

Read once per change of the file (the cache key is its time and size), like
data/links.yml (guide.sources.registry). Nothing here imports MkDocs or Zensical.
"""
from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from guide.sources import frontmatter, pages, schemas
from guide.errors import GuideError, problems_error

REGISTRY = "data/branches.yml"
FOLDER = "branches"  # docs/branches/: the list page (index.md) and one page per branch
LIST_PAGE = f"{FOLDER}/index.md"
BRANCH_PAGE_COMMAND = "make branch-pages"

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 30
RESERVED_SLUGS = {"index"}  # docs/branches/index.md is the list page
# E.164: a plus, a country code that does not start with 0, at most 15 digits.
E164_RE = re.compile(r"^\+[1-9][0-9]{6,14}$")
WRITTEN_PHONE_RE = re.compile(r"^\+?[0-9(][0-9 ()./-]*[0-9]$")
# One @, no spaces, a dotted domain: enough to catch a typo, without claiming to parse RFC 5322.
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
POSTCODE_RE = re.compile(r"^[A-Z0-9](?:[A-Z0-9 -]*[A-Z0-9])?$")
# Made-up details that must never reach a candidate: North America's numbers
# reserved for fiction (555-0100 to 555-0199, any area code) and the domains
# reserved for examples (RFC 2606).
FICTIONAL_PHONE_RE = re.compile(r"^\+1[0-9]{3}55501[0-9]{2}$")
EXAMPLE_DOMAIN_RE = re.compile(r"(?:^|\.)(?:example\.(?:org|com|net)|example|invalid|test)$", re.I)

# Every key an entry may have is in schemas/branches.schema.json (a misspelt one fails
# with a did-you-mean); these are the ones read below.
SCHEMA = "branches"
TEXT_KEYS = ("slug", "name", "phone", "dial", "email")
LIST_KEYS = ("address", "hours", "towns", "postcodes")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

EXAMPLE_ENTRY = """\
  - slug: riverside                    # lowercase words and hyphens: the page is /branches/riverside/
    name: Riverside branch office
    address:                           # the lines of the postal address, in order
      - 14 Mill Lane
      - Riverside RV1 2AB
    phone: (202) 555-0142              # as a candidate sees it written
    dial: "+12025550142"               # the same number in E.164, in quotes: what a phone dials
    email: riverside@example.org
    hours:
      - Monday to Friday, 9am to 5pm
    towns: [Riverside, Old Quay]       # what a candidate types into the filter box
    postcodes: [RV1, RV2]              # whole postcodes or their first part
    example: true                      # the details above are made up: replace them, then delete this line"""


@dataclass(frozen=True)
class Branch:
    number: int
    slug: str
    name: str
    address: tuple[str, ...]
    phone: str  # as written, for reading
    dial: str  # E.164, for tel: links and contact cards
    email: str
    hours: tuple[str, ...]
    towns: tuple[str, ...]
    postcodes: tuple[str, ...]
    example: bool = False

    @property
    def where(self) -> str:
        return f'{REGISTRY}, branch #{self.number} ("{self.slug}")'

    @property
    def src(self) -> str:
        """Its page under docs/, like branches/riverside.md."""
        return f"{FOLDER}/{self.slug}.md"

    @property
    def url(self) -> str:
        """Its page's site-relative URL, like branches/riverside/."""
        return pages.url_of(self.src)

    @property
    def card(self) -> str:
        """Its contact card's site-relative URL, downloads/branches/riverside.vcf (made by guide.steps.branches)."""
        return pages.download(f"{FOLDER}/{self.slug}.vcf")


@dataclass(frozen=True)
class Branches:
    branches: tuple[Branch, ...]

    def __iter__(self):
        return iter(self.branches)

    def __len__(self) -> int:
        return len(self.branches)

    def by_slug(self) -> dict[str, Branch]:
        return {branch.slug: branch for branch in self.branches}

    @property
    def examples(self) -> list[Branch]:
        return [branch for branch in self.branches if branch.example]


def load(root: Path) -> Branches:
    """data/branches.yml under `root`, checked; one GuideError listing every problem with its fix."""
    path = Path(root) / REGISTRY
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise GuideError(
            f"{REGISTRY} is missing. Fix: restore it from git (git checkout {REGISTRY}), "
            f"or write one with an entry like:\nbranches:\n{EXAMPLE_ENTRY}"
        ) from None
    return _load(str(path), (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _load(path: str, _stamp: tuple[int, int]) -> Branches:
    return parse(Path(path).read_text(encoding="utf-8"))


def parse(text: str) -> Branches:
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise GuideError(
            f"{REGISTRY} is not valid YAML: {' '.join(str(error).split())}. "
            "Fix: check the indentation, and quote any value that contains ': ' or starts with '+'."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("branches"), list) or not data["branches"]:
        raise GuideError(f"{REGISTRY} must hold a list under `branches:`. Fix: write each office like this:\nbranches:\n{EXAMPLE_ENTRY}")
    typed = yaml.load(text, Loader=_TEXT_LOADER)  # noqa: S506 - every value as the editor typed it, for messages
    typed_entries = typed.get("branches") if isinstance(typed.get("branches"), list) else []
    problems = []
    for problem in schemas.check(SCHEMA, data, text):
        if problem.key is None:
            continue  # the types and formats are checked by _entry, with messages that say more
        if len(problem.path) == 2:
            shown = typed_entries[problem.path[1]].get("slug") if problem.path[1] < len(typed_entries) and isinstance(typed_entries[problem.path[1]], dict) else None
            problems.append(problem.unknown_key(f"{REGISTRY}, branch #{problem.path[1] + 1}" + (f' ("{shown}")' if isinstance(shown, str) else "")))
        else:
            problems.append(problem.unknown_key(REGISTRY).replace("unknown key", "unknown top-level key", 1))
    branches: list[Branch] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(data["branches"], 1):
        entry_typed = typed_entries[number - 1] if number <= len(typed_entries) and isinstance(typed_entries[number - 1], dict) else {}
        branch = _entry(number, item, entry_typed, problems)
        if branch is None:
            continue
        if branch.slug in seen:
            problems.append(
                f"{branch.where}: the slug is already used by branch #{seen[branch.slug]}. "
                "Fix: give each branch its own slug; it is the branch's web address."
            )
            continue
        seen[branch.slug] = number
        branches.append(branch)
    if problems:
        raise problems_error("The branch office registry has problems:", problems)
    return Branches(tuple(branches))


def _entry(number: int, item, typed: dict, problems: list[str]) -> Branch | None:
    shown = typed.get("slug") if isinstance(typed.get("slug"), str) else None
    where = f"{REGISTRY}, branch #{number}" + (f' ("{shown}")' if shown else "")
    if not isinstance(item, dict):
        problems.append(f"{where}: each entry must be a mapping. Fix: start it `- slug: ...`, like:\n{EXAMPLE_ENTRY}")
        return None
    before = len(problems)
    for key in TEXT_KEYS:
        problem = _text_problem(where, key, item.get(key), typed.get(key))
        if problem:
            problems.append(problem)
    lists = {key: _list(where, key, item.get(key), typed.get(key), problems) for key in LIST_KEYS}
    example = item.get("example", False)
    if not isinstance(example, bool):
        problems.append(f"{where}: `example` must be true or false. Fix: write `example: true`, or leave it out for a real branch.")
    if len(problems) > before:
        return None
    slug, dial, email = item["slug"].strip(), item["dial"].strip(), item["email"].strip()
    phone = " ".join(item["phone"].split())
    if not SLUG_RE.match(slug) or len(slug) > MAX_SLUG or slug in RESERVED_SLUGS:
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")[:MAX_SLUG].rstrip("-")
        problems.append(
            f'{where}: slug "{slug}" cannot be a web address (lowercase letters, digits and single hyphens, '
            f'at most {MAX_SLUG} characters, not "index"). Fix: use something like "{suggestion or "riverside"}".'
        )
    if not E164_RE.match(dial):
        problems.append(
            f'{where}: dial "{dial}" is not an E.164 number. Fix: write + and the country code, then the number '
            'without its leading 0, spaces or brackets, in quotes: dial: "+442079460958" or dial: "+12025550142".'
        )
    elif not WRITTEN_PHONE_RE.match(phone):
        problems.append(
            f'{where}: phone "{phone}" is not a phone number as people write it. '
            "Fix: use digits, spaces, brackets, dots and hyphens only, like (202) 555-0142 or 020 7946 0958."
        )
    elif not same_number(phone, dial):
        problems.append(
            f'{where}: phone "{phone}" and dial "{dial}" are different numbers. '
            "Fix: make `dial` the same number as `phone`, with + and the country code, and the "
            "written number's leading 0 dropped."
        )
    if not EMAIL_RE.match(email):
        problems.append(f'{where}: email "{email}" is not an email address. Fix: write it like riverside@agency.example.')
    bad_postcodes = [code for code in lists["postcodes"] if not POSTCODE_RE.match(code.upper())]
    if bad_postcodes:
        problems.append(
            f"{where}: {', '.join(repr(c) for c in bad_postcodes)} in `postcodes` are not postcodes. "
            "Fix: write each as letters and digits (a space or hyphen inside is fine), like RV1 or 20001."
        )
    made_up = [
        words
        for words, fictional in (
            (f"the phone number {phone} is one reserved for fiction (555-0100 to 555-0199)", FICTIONAL_PHONE_RE.match(dial)),
            (f"the email address {email} is at a domain reserved for examples", EXAMPLE_DOMAIN_RE.search(email.rsplit("@", 1)[-1])),
        )
        if fictional
    ]
    if made_up and not example:
        problems.append(
            f"{where}: {' and '.join(made_up)}, but the entry is not marked `example: true`. "
            "Fix: put in the office's real details; if it is an example, add `example: true`."
        )
    if len(problems) > before:
        return None
    return Branch(
        number=number,
        slug=slug,
        name=" ".join(item["name"].split()),
        address=lists["address"],
        phone=phone,
        dial=dial,
        email=email,
        hours=lists["hours"],
        towns=lists["towns"],
        postcodes=tuple(code.upper() for code in lists["postcodes"]),
        example=example,
    )


def _text_problem(where: str, key: str, value, typed) -> str | None:
    return schemas.text_problem(where, key, value, typed, f"add it as a line of text (see the example at the top of {REGISTRY}).")


def _list(where: str, key: str, value, typed, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        problems.append(f"{where}: missing `{key}`. Fix: add it as a list, one item per line starting with '- '.")
        return ()
    if isinstance(value, str):
        value = [value]  # a single line is a list of one
        typed = [typed]
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: `{key}` must be a list. Fix: write one item per line starting with '- '.")
        return ()
    items = []
    typed = typed if isinstance(typed, list) else []
    for index, item in enumerate(value, 1):
        if not isinstance(item, str) or not item.strip():
            written = typed[index - 1] if index <= len(typed) and isinstance(typed[index - 1], str) else str(item)
            problems.append(
                f"{where}: `{key}` item {index} ({written!r}) is not a line of text. "
                f'Fix: write it as text, in quotes if it is a number or yes/no: - "{written}"'
            )
            continue
        items.append(" ".join(item.split()))
    return tuple(items)


def digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def same_number(written: str, dial: str) -> bool:
    """Is `written` the number `dial` (E.164), as people write it at home or abroad?

    Written with a +, every digit must match. Written the national way, the
    number without its trunk 0 must be the end of the E.164 number and the
    part before it a country code (1 to 3 digits): 020 7946 0958 is +44 20 7946
    0958, and (202) 555-0142 is +1 202 555 0142."""
    full = digits(dial)
    if written.startswith("+"):
        return digits(written) == full
    national = digits(written).lstrip("0")
    return len(national) >= 6 and full.endswith(national) and 1 <= len(full) - len(national) <= 3


def is_local(site_url: str) -> bool:
    """Is the site built for this machine (a preview), not for candidates?"""
    host = (urlsplit(site_url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_examples(branches: Branches, site_url: str) -> None:
    """A build for a public address must not publish made-up branches."""
    examples = branches.examples
    if not examples or is_local(site_url):
        return
    names = ", ".join(f'"{branch.slug}"' for branch in examples)
    raise GuideError(
        f"{REGISTRY} still holds example branch offices ({names}), with made-up phone numbers and "
        f"email addresses, and this build is for {site_url}, which candidates can reach. "
        f"Fix: in {REGISTRY}, replace the examples with your real branch offices (and remove `example: true`); "
        "a build for this machine (SITE_URL=http://127.0.0.1:8000/) may keep them for a preview."
    )


def branch_pages(docs_dir: Path) -> list[str]:
    """The branch pages in docs/branches/ (the list page aside), like branches/riverside.md."""
    folder = Path(docs_dir) / FOLDER
    return sorted(f"{FOLDER}/{path.name}" for path in folder.glob("*.md") if path.name != "index.md") if folder.is_dir() else []


def check_pages(branches: Branches, docs_dir: Path) -> None:
    """Every branch has its page, every branch page has its branch, and the list page is there."""
    problems = []
    folder = frontmatter.folder_of(docs_dir)
    pages = set(branch_pages(docs_dir))
    if not (Path(docs_dir) / LIST_PAGE).is_file():
        problems.append(
            f"{folder}/{LIST_PAGE} is missing: it is the \"Find your branch office\" page that other pages link to. "
            f"Fix: restore it from git (git checkout docs/{LIST_PAGE})."
        )
    for branch in branches:
        if branch.src not in pages:
            problems.append(
                f"{branch.where}: its page {folder}/{branch.src} is missing. "
                f"Fix: run `{BRANCH_PAGE_COMMAND}`, then `make record-urls`, and commit the new files."
            )
            continue
        source = frontmatter.read(docs_dir, branch.src)
        title = source.meta.get("title")
        # An edition's page names the office in its own language (es/docs: "Oficina de Riverside").
        if title != branch.name and frontmatter.folder_of(docs_dir) == "docs":
            problems.append(
                f"docs/{branch.src}: its title {title!r} is not the branch's name {branch.name!r} in {REGISTRY}, "
                f"so link previews would name another office. Fix: set `title: {branch.name}` in its front matter."
            )
    slugs = {branch.src for branch in branches}
    for src in sorted(pages - slugs):
        slug = src[len(FOLDER) + 1 : -len(".md")]
        problems.append(
            f'docs/{src} has no branch "{slug}" in {REGISTRY}, so it would be an empty page. Fix: put the '
            f"branch back in {REGISTRY}; or, if the office has closed, delete the page and send its old address "
            f"to the list in mkdocs.yml, under plugins > redirects > redirect_maps: '{src}': '{LIST_PAGE}'."
        )
    if problems:
        raise problems_error("Branch pages and the branch registry disagree:", problems)


STUB = """\
---
title: {name}
description: {description}
reviewed: {reviewed}
---

<!-- branches:page -->

## What to read next {{#read-next}}

- [Find your branch office](index.md): every branch, with its phone number and hours.
- [Talk to your recruiter](../follow-up/talk-to-your-recruiter.md): what to tell them after a hard interview.
"""


def stub(branch: Branch) -> str:
    """A new branch's page: front matter and the marker that guide.markdown.branches fills."""
    description = f"Address, phone number, email and opening hours of the {branch.name}."
    # A new page is reviewed the day it is written (handbook/editors.md, "Review dates").
    return STUB.format(name=_yaml_text(branch.name), description=_yaml_text(description), reviewed=date.today().isoformat())


def _yaml_text(value: str) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, width=1000, allow_unicode=True).strip()
    return dumped.removesuffix("\n...").removesuffix("...").strip()


# An edition's new branch page (es/data/branch-page.md): the same fields as STUB, and the
# version of the English page it stands for. Its title is the office's name as the registry
# writes it until an editor translates it.
EDITION_STUB = "data/branch-page.md"


def write_missing_pages(root: Path, docs_dir: Path, editions: list[str] = ()) -> list[str]:
    """`make branch-pages`: write docs/branches/SLUG.md for each branch that has none, and its page
    in each edition folder of `editions` (es); return them."""
    from guide.sources.editions import english_version, say

    written = []
    for branch in load(root):
        path = Path(docs_dir) / branch.src
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(stub(branch), encoding="utf-8")
            written.append(f"docs/{branch.src}")
        for folder in editions:
            twin = Path(root) / folder / "docs" / branch.src
            if twin.exists():
                continue
            template = (Path(root) / folder / EDITION_STUB).read_text(encoding="utf-8")
            description = say(root, folder, "Address, phone number, email and opening hours of the {name}.", name=branch.name)
            twin.parent.mkdir(parents=True, exist_ok=True)
            twin.write_text(template.format(
                name=_yaml_text(branch.name), description=_yaml_text(description),
                reviewed=date.today().isoformat(), translated_from=english_version(root, branch.src),
            ), encoding="utf-8")
            written.append(f"{folder}/docs/{branch.src}")
    return written


# ---- contact cards -------------------------------------------------------------------


def vcard(branch: Branch, page_url: str) -> str:
    """The branch as a vCard 3.0 (RFC 2426): the version every phone's contacts app imports.

    Lines end in CRLF and fold at 75 octets, as the RFC asks; text values escape
    backslash, comma, semicolon and newline. The whole address goes in the
    street part of ADR, since the registry keeps it as the lines people write."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:;;;;",  # an office, not a person: contacts apps show FN and ORG
        f"FN:{_escape(branch.name)}",
        f"ORG:{_escape(branch.name)}",
        "X-ABSHOWAS:COMPANY",
        f"TEL;TYPE=WORK,VOICE:{branch.dial}",
        f"EMAIL;TYPE=INTERNET,WORK:{branch.email}",
        f"ADR;TYPE=WORK:;;{_escape(chr(10).join(branch.address))};;;;",
        f"LABEL;TYPE=WORK:{_escape(chr(10).join(branch.address))}",
        f"URL:{page_url}",
        f"NOTE:{_escape('Opening hours: ' + '; '.join(branch.hours))}",
        "END:VCARD",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets go on, after CRLF and a space (never inside a UTF-8 character)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)
