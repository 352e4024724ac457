"""The link registry, data/links.yml: short links for branch offices, and ready-to-paste emails.

An emailed link lives for years, so the registry is checked before anything is
built, and every problem is reported with the entry and the fix:
  - the file is malformed (an alias breaks the format rules, a key is misspelt,
    a value is missing or is not text, an alias is used twice);
  - a target page is not in docs/ (guide.build checks this against the sources);
  - a target #section is not on the built page (guide.steps.short_links).

It is read once per change of the file: the Markdown extensions (recruiters'
page, printed short links), the build steps and the tests all call load().
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify

from guide.sources import frontmatter, schemas
from guide.errors import GuideError, problems_error

REGISTRY = "data/links.yml"
GO = "go"
MAX_ALIAS = 20
ALIAS_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TARGET_RE = re.compile(r"^(?P<page>[a-z0-9][a-z0-9_/.-]*\.md)(?:#(?P<anchor>[A-Za-z0-9_-]+))?$")
PLACEHOLDER_RE = re.compile(r"\{go:([^}]*)\}")
MAX_DESCRIPTION = 160

# The keys each entry may have are listed in schemas/links.schema.json (a misspelt one
# fails with a did-you-mean); these are the ones read below.
LINK_REQUIRED = ("alias", "target", "moment", "description")
EMAIL_KEYS = {"id", "title", "when", "subject", "body"}
MOMENT_KEYS = {"id", "title", "intro"}
SCHEMA = "links"
ENTRY_NAMES = {"links": "link", "moments": "moment", "emails": "email"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True)
class Link:
    number: int
    alias: str
    target: str
    page: str
    anchor: str
    moment: str
    description: str
    title: str = ""
    retired: bool = False

    @property
    def name(self) -> str:
        return f'{REGISTRY}, link #{self.number} (alias "{self.alias}")'

    @property
    def path(self) -> str:
        """The short link's site-relative URL, like go/now/."""
        return f"{GO}/{self.alias}/"


@dataclass(frozen=True)
class Email:
    id: str
    title: str
    when: str
    subject: str
    body: str


@dataclass(frozen=True)
class Moment:
    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class Registry:
    moments: list[Moment]
    links: list[Link]
    emails: list[Email] = field(default_factory=list)

    def by_alias(self) -> dict[str, Link]:
        return {link.alias: link for link in self.links}

    def page_link(self, src: str) -> Link | None:
        """The short link to a whole page (no #section), a live one before a retired one."""
        links = sorted((link for link in self.links if link.page == src and not link.anchor), key=lambda l: l.retired)
        return links[0] if links else None


def short_url(site_url: str, link: Link) -> str:
    return site_url.rstrip("/") + "/" + link.path


def suggest_alias(alias: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", alias.lower()).strip("-")
    return cleaned[:MAX_ALIAS].rstrip("-")


def load(root: Path) -> Registry:
    """data/links.yml under `root`, checked; one GuideError listing every problem with its fix."""
    path = Path(root) / REGISTRY
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise GuideError(f"{REGISTRY} is missing. Fix: restore it from git (git checkout {REGISTRY}).") from None
    return _load(str(path), (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _load(path: str, _stamp: tuple[int, int]) -> Registry:
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise GuideError(
            f"{REGISTRY} is not valid YAML: {' '.join(str(error).split())}. "
            "Fix: check the indentation and quote any value that contains ': '."
        ) from None
    if not isinstance(data, dict):
        raise GuideError(
            f"{REGISTRY} must be a mapping with the keys {', '.join(schemas.known_keys(SCHEMA))}. "
            f"Fix: restore it from git (git checkout {REGISTRY}) and make your change again."
        )
    typed = yaml.load(text, Loader=_TEXT_LOADER)  # noqa: S506 - every value as typed, for messages
    problems = [_unknown_key(problem, typed) for problem in schemas.check(SCHEMA, data, text) if problem.key is not None]
    moments = _moments(data.get("moments"), problems)
    links = _links(data.get("links"), typed.get("links") or [], {m.id for m in moments}, problems)
    emails = _emails(data.get("emails"), {link.alias for link in links}, problems)
    if problems:
        raise problems_error("The link registry has problems:", problems)
    return Registry(moments, links, emails)


def _unknown_key(problem: schemas.Problem, typed) -> str:
    """An unknown key's message, naming the entry as the other messages do (link #3 (alias "now"))."""
    if len(problem.path) != 2 or problem.path[0] not in ENTRY_NAMES:
        return problem.unknown_key(REGISTRY).replace("unknown key", "unknown top-level key", 1)
    group, index = problem.path
    where = f"{REGISTRY}, {ENTRY_NAMES[group]} #{index + 1}"
    entries = typed.get(group) if isinstance(typed, dict) else None
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    alias = entry.get("alias") if isinstance(entry, dict) and group == "links" else None
    return problem.unknown_key(where + (f' (alias "{alias}")' if isinstance(alias, str) else ""))


def _moments(raw, problems: list[str]) -> list[Moment]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{REGISTRY}: `moments` must be a list of {{id, title, intro}}.")
        return []
    moments = []
    for number, item in enumerate(raw, 1):
        where = f"{REGISTRY}, moment #{number}"
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) and item[k].strip() for k in MOMENT_KEYS
        ):
            problems.append(f"{where}: needs exactly the text keys id, title and intro.")
            continue
        moments.append(Moment(item["id"].strip(), item["title"].strip(), item["intro"].strip()))
    return moments


def _text_problem(where: str, key: str, value, typed) -> str | None:
    return schemas.text_problem(where, key, value, typed, "add it as a line of text.")


def _links(raw, typed_links, moment_ids: set[str], problems: list[str]) -> list[Link]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{REGISTRY}: `links` must be a list of entries (alias, target, moment, description).")
        return []
    links: list[Link] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(raw, 1):
        typed = typed_links[number - 1] if number <= len(typed_links) and isinstance(typed_links[number - 1], dict) else {}
        shown = typed.get("alias") if isinstance(typed.get("alias"), str) else None
        where = f"{REGISTRY}, link #{number}" + (f' (alias "{shown}")' if shown else "")
        if not isinstance(item, dict):
            problems.append(f"{where}: each entry must be a mapping like `- alias: now`.")
            continue
        missing = [p for k in LINK_REQUIRED if (p := _text_problem(where, k, item.get(k), typed.get(k)))]
        if missing:
            problems.extend(missing)
            continue
        alias, target = item["alias"], item["target"].strip()
        bad = len(problems)
        if not ALIAS_RE.match(alias) or len(alias) > MAX_ALIAS:
            problems.append(
                f'{where}: alias "{alias}" breaks the format rules (lowercase letters, digits and single '
                f"hyphens, at most {MAX_ALIAS} characters, so it survives email and print). "
                f'Fix: use something like "{suggest_alias(alias) or "keep-calm"}".'
            )
        if alias in seen:
            problems.append(
                f'{where}: alias "{alias}" is already used by link #{seen[alias]}. '
                "Fix: give one of them another alias (two targets cannot share a short URL)."
            )
        seen.setdefault(alias, number)
        match = TARGET_RE.match(target)
        if not match:
            problems.append(
                f'{where}: target "{target}" is not a page in docs/. Fix: write the Markdown file '
                "path, optionally with a section, like `during/keep-calm.md` or `follow-up/thank-you-note.md#what-to-add`."
            )
        if item["moment"] not in moment_ids:
            problems.append(
                f'{where}: moment "{item["moment"]}" is not one of {sorted(moment_ids)}. '
                "Fix: pick one of those, or add the moment under `moments`."
            )
        description = " ".join(item["description"].split())
        if len(description) > MAX_DESCRIPTION:
            problems.append(f"{where}: description is {len(description)} characters. Fix: keep it under {MAX_DESCRIPTION}, one line.")
        retired = item.get("retired", False)
        if not isinstance(retired, bool):
            problems.append(f"{where}: `retired` must be true or false.")
        title = item.get("title") or ""
        if not isinstance(title, str):
            problems.append(_text_problem(where, "title", title, typed.get("title")))
        if len(problems) > bad:
            continue
        links.append(
            Link(
                number=number,
                alias=alias,
                target=target,
                page=match["page"],
                anchor=match["anchor"] or "",
                moment=item["moment"],
                description=description,
                title=title.strip(),
                retired=retired,
            )
        )
    return links


def _emails(raw, aliases: set[str], problems: list[str]) -> list[Email]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(f"{REGISTRY}: `emails` must be a list of {{id, title, when, subject, body}}.")
        return []
    emails = []
    for number, item in enumerate(raw, 1):
        where = f"{REGISTRY}, email #{number}"
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item[k].strip() for k in EMAIL_KEYS):
            problems.append(f"{where}: needs exactly the text keys {sorted(EMAIL_KEYS)}.")
            continue
        for alias in PLACEHOLDER_RE.findall(item["body"]):
            if alias not in aliases:
                problems.append(
                    f'{where} ({item["id"]}): {{go:{alias}}} names no alias in `links`. '
                    "Fix: use an alias from the list, like {go:now}."
                )
        emails.append(Email(*(item[k].strip() for k in ("id", "title", "when", "subject", "body"))))
    return emails


def check_targets(registry: Registry, pages: set[str], docs: str = "docs") -> None:
    """Every link's target page is a page in `docs` (run before the generator, so this message comes first).

    An edition's docs (like es/docs) need the page too: its short link, /es/go/ALIAS/, opens it."""
    if docs == "docs":
        fix = (f"Fix: in {REGISTRY}, point `target` at the page's new file; if it is gone for good, "
               "point it at the page that replaces it. Keep the alias: it is already in emails.")
    else:
        fix = (f"Fix: if you moved the English page, move {docs}/{{old}} to the same new path; "
               f"if the page is new, translate it into {docs}/ (see es/TRANSLATING.md).")
    problems = [
        f"{link.name}: target page {docs}/{link.page} does not exist (moved or deleted?). " + fix.replace("{old}", link.page)
        for link in registry.links
        if link.page not in pages
    ]
    problems += [
        f"docs/{page}: pages cannot live under /{GO}/, which is kept for short links. Fix: move the page to another folder."
        for page in sorted(pages)
        if page.startswith(f"{GO}/")
    ]
    if problems:
        raise problems_error("Short links point at missing pages:", problems)


def heading_title(source: frontmatter.Source, anchor: str) -> str:
    """The words of the Markdown heading that carries `anchor` ('' if none)."""
    for match in re.finditer(r"^#{1,6}\s+(.+?)\s*(?:\{([^}]*)\})?\s*$", source.body, re.M):
        words, attrs = match.group(1).strip(" #"), match.group(2) or ""
        explicit = re.search(r"#([\w-]+)", attrs)
        if (explicit and explicit.group(1) == anchor) or (not explicit and slugify(words, "-") == anchor):
            return re.sub(r"[*_`]", "", words)
    return ""


def link_title(docs_dir: Path, link: Link) -> str:
    """What a link is called: its own title, else its page's title and section heading."""
    if link.title:
        return link.title
    source = frontmatter.read(docs_dir, link.page)
    section = heading_title(source, link.anchor) if link.anchor else ""
    return f"{source.title} \u2013 {section}" if section else source.title


# ---- an edition's words for the registry (es/data/links.yml) -------------------------------------


def translated(root: Path, edition_root: Path) -> Registry:
    """The registry with an edition's words (EDITION/data/links.yml): the same moments, links and
    emails, their titles, descriptions and emails in that language. The project's own is as it is."""
    english = load(root)
    path = Path(edition_root) / REGISTRY
    if Path(edition_root).resolve() == Path(root).resolve():
        return english
    where = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if not path.is_file():
        raise GuideError(f"{where} is missing: the recruiters' page of that edition shows its words. Fix: add it (see its English, {REGISTRY}).")
    stat = path.stat()
    return _translated(english, str(path), where, (stat.st_mtime_ns, stat.st_size))


def _translated(english: Registry, path: str, where: str, _stamp: tuple[int, int]) -> Registry:
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_LOADER) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise GuideError(f"{where} is not valid YAML: {' '.join(str(error).split())}.") from None
    # Misspelt keys first, with a did-you-mean (schemas/links-edition.schema.json).
    problems: list[str] = [problem.unknown_key(where) for problem in schemas.check("links-edition", data, text) if problem.key]

    def entries(kind: str, key: str, fields: tuple[str, ...], known: list[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        for number, item in enumerate(data.get(kind) or [], start=1):
            ident = item.get(key) if isinstance(item, dict) else None
            if ident not in known:
                problems.append(f"{where}, {kind} #{number}: {key} {ident!r} is not in {REGISTRY}. Fix: use {key} values from there, or remove this entry.")
                continue
            missing = [name for name in fields if not isinstance(item.get(name), str) or not item[name].strip()]
            if missing:
                problems.append(f"{where}, {kind} #{number} ({ident}): `{missing[0]}:` is missing. Fix: add it, in this edition's language.")
                continue
            found[ident] = item
        for ident in known:
            if ident not in found and not any(ident in p for p in problems):
                problems.append(f"{where}: the {ENTRY_NAMES[kind]} {ident!r} of {REGISTRY} has no entry. Fix: add it under `{kind}:` with its words.")
        return found

    moments = entries("moments", "id", ("title", "intro"), [m.id for m in english.moments])
    links = entries("links", "alias", ("description",), [l.alias for l in english.links])
    emails = entries("emails", "id", ("title", "when", "subject", "body"), [e.id for e in english.emails])
    for email in english.emails:
        mine = emails.get(email.id)
        if mine and sorted(re.findall(r"\{go:[^}]+\}", mine["body"])) != sorted(re.findall(r"\{go:[^}]+\}", email.body)):
            problems.append(f"{where}, email {email.id!r}: its {{go:ALIAS}} links differ from {REGISTRY}'s. Fix: keep the same ones.")
    if problems:
        raise problems_error(f"{where} does not match {REGISTRY}:", problems)
    return Registry(
        [Moment(m.id, moments[m.id]["title"].strip(), moments[m.id]["intro"].strip()) for m in english.moments],
        [dataclasses.replace(l, description=links[l.alias]["description"].strip(), title="") for l in english.links],
        [Email(e.id, *(emails[e.id][k].strip() for k in ("title", "when", "subject", "body"))) for e in english.emails],
    )
