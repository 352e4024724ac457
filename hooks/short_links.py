"""Short links for branch offices: /go/ALIAS/ redirects, from the registry in data/links.yml.

An emailed link lives for years, so the build refuses to ship a registry entry
that points nowhere. It fails, naming the entry and the fix, when:
  - the registry file is malformed (an alias breaks the format rules, a key is
    misspelt, a field is missing, an alias is used twice);
  - a target page is not in docs/ (moved or deleted);
  - a target #anchor is not an id in the target page's rendered HTML.

Each alias becomes site/go/ALIAS/index.html: a redirect that works without
JavaScript (meta refresh, canonical link, a plain link), keeps the target's
#anchor, and carries the target's preview tags, because most chat and email
preview crawlers read the page they are given and do not follow redirects.
A static host answering /go/ALIAS (no slash) redirects to /go/ALIAS/ itself.

Other hooks import load_registry() from here (hooks/ is on sys.path while
MkDocs loads them), so there is one reader and one set of rules.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from markdown.extensions.toc import slugify
from mkdocs.exceptions import PluginError

REGISTRY = "data/links.yml"
GO = "go"
MAX_ALIAS = 20
ALIAS_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TARGET_RE = re.compile(r"^(?P<page>[a-z0-9][a-z0-9_/.-]*\.md)(?:#(?P<anchor>[A-Za-z0-9_-]+))?$")
PLACEHOLDER_RE = re.compile(r"\{go:([^}]*)\}")
MAX_DESCRIPTION = 160

LINK_KEYS = {"alias", "target", "moment", "description", "title", "retired"}
LINK_REQUIRED = ("alias", "target", "moment", "description")
EMAIL_KEYS = {"id", "title", "when", "subject", "body"}
MOMENT_KEYS = {"id", "title", "intro"}
TOP_KEYS = {"contact_line", "moments", "links", "emails"}


class RegistryError(PluginError):
    pass


@dataclass
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
        """The short URL's path below site_url, e.g. go/now/."""
        return f"{GO}/{self.alias}/"


@dataclass
class Email:
    id: str
    title: str
    when: str
    subject: str
    body: str


@dataclass
class Moment:
    id: str
    title: str
    intro: str


@dataclass
class Registry:
    contact_line: str
    moments: list[Moment]
    links: list[Link]
    emails: list[Email] = field(default_factory=list)

    def by_alias(self) -> dict[str, Link]:
        return {link.alias: link for link in self.links}


def short_url(site_url: str, link: Link) -> str:
    return site_url.rstrip("/") + "/" + link.path


def suggest_alias(alias: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", alias.lower()).strip("-")
    return cleaned[:MAX_ALIAS].rstrip("-")


def load_registry(root: Path) -> Registry:
    """Read and check data/links.yml; raise RegistryError listing every problem with its fix."""
    path = root / REGISTRY
    if not path.is_file():
        raise RegistryError(f"{REGISTRY} is missing. Fix: restore it from git (git checkout {REGISTRY}).")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RegistryError(
            f"{REGISTRY} is not valid YAML: {' '.join(str(error).split())}. "
            "Fix: check the indentation and quote any value that contains ': '."
        ) from None
    if not isinstance(data, dict):
        raise RegistryError(f"{REGISTRY} must be a mapping with the keys {sorted(TOP_KEYS)}.")
    problems: list[str] = []
    for key in sorted(set(data) - TOP_KEYS):
        problems.append(f"{REGISTRY}: unknown top-level key '{key}'. Fix: use only {sorted(TOP_KEYS)}.")

    contact = data.get("contact_line")
    if not isinstance(contact, str) or not contact.strip():
        problems.append(f"{REGISTRY}: `contact_line` is missing. Fix: add one sentence telling a reader whom to contact.")
        contact = ""

    moments = _moments(data.get("moments"), problems)
    links = _links(data.get("links"), {m.id for m in moments}, problems)
    emails = _emails(data.get("emails"), {link.alias for link in links}, problems)
    if problems:
        raise RegistryError("The link registry has problems:\n  - " + "\n  - ".join(problems))
    return Registry(contact.strip(), moments, links, emails)


def _moments(raw, problems: list[str]) -> list[Moment]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{REGISTRY}: `moments` must be a list of {{id, title, intro}}.")
        return []
    moments = []
    for number, item in enumerate(raw, 1):
        where = f"{REGISTRY}, moment #{number}"
        if not isinstance(item, dict) or set(item) - MOMENT_KEYS or not all(
            isinstance(item.get(k), str) and item[k].strip() for k in MOMENT_KEYS
        ):
            problems.append(f"{where}: needs exactly the text keys id, title and intro.")
            continue
        moments.append(Moment(item["id"].strip(), item["title"].strip(), item["intro"].strip()))
    return moments


def _links(raw, moment_ids: set[str], problems: list[str]) -> list[Link]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{REGISTRY}: `links` must be a list of entries (alias, target, moment, description).")
        return []
    links: list[Link] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(raw, 1):
        alias = item.get("alias") if isinstance(item, dict) else None
        where = f'{REGISTRY}, link #{number}' + (f' (alias "{alias}")' if isinstance(alias, str) else "")
        if not isinstance(item, dict):
            problems.append(f"{where}: each entry must be a mapping like `- alias: now`.")
            continue
        for key in sorted(set(item) - LINK_KEYS):
            problems.append(f"{where}: unknown key '{key}'. Fix: use only {sorted(LINK_KEYS)}.")
        missing = [k for k in LINK_REQUIRED if not isinstance(item.get(k), str) or not item[k].strip()]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}. Fix: add each as a line of text.")
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
                title=(item.get("title") or "").strip(),
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
        if not isinstance(item, dict) or set(item) != EMAIL_KEYS or not all(
            isinstance(item[k], str) and item[k].strip() for k in EMAIL_KEYS
        ):
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


def page_title(docs_dir: Path, page: str) -> str:
    """The page's front-matter title, read from source: the pages are not all read yet."""
    text = (docs_dir / page).read_text(encoding="utf-8")
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, re.S)
    meta = yaml.safe_load(match.group(1)) if match else None
    if isinstance(meta, dict) and isinstance(meta.get("title"), str):
        return meta["title"]
    heading = re.search(r"^#\s+(.+?)\s*$", text, re.M)
    return heading.group(1) if heading else page


def heading_title(docs_dir: Path, page: str, anchor: str) -> str:
    """The text of the heading that carries `anchor`, found in the Markdown source ('' if none)."""
    text = (docs_dir / page).read_text(encoding="utf-8")
    for match in re.finditer(r"^#{1,6}\s+(.+?)\s*(?:\{([^}]*)\})?\s*$", text, re.M):
        words, attrs = match.group(1).strip(" #"), match.group(2) or ""
        explicit = re.search(r"#([\w-]+)", attrs)
        if (explicit and explicit.group(1) == anchor) or (not explicit and slugify(words, "-") == anchor):
            return re.sub(r"[*_`]", "", words)
    return ""


def link_title(docs_dir: Path, link: Link) -> str:
    if link.title:
        return link.title
    page = page_title(docs_dir, link.page)
    section = heading_title(docs_dir, link.page, link.anchor) if link.anchor else ""
    return f"{page} \u2013 {section}" if section else page


# ---------------------------------------------------------------- MkDocs events

_state: dict = {}


def on_config(config, **kwargs):
    root = Path(config.config_file_path).resolve().parent
    _state.clear()
    _state["registry"] = load_registry(root)
    return config


def on_files(files, config, **kwargs):
    registry: Registry = _state["registry"]
    pages = {f.src_uri for f in files.documentation_pages()}
    problems = []
    for link in registry.links:
        if link.page not in pages:
            problems.append(
                f'{link.name}: target page docs/{link.page} does not exist (moved or deleted?). '
                f"Fix: in {REGISTRY}, point `target` at the page's new file; if it is gone for good, "
                "point it at the page that replaces it. Keep the alias: it is already in emails."
            )
    for file in files.documentation_pages():
        if file.url.startswith(f"{GO}/"):
            problems.append(
                f"docs/{file.src_uri}: pages cannot live under /{GO}/, which is kept for short links. "
                "Fix: move the page to another folder."
            )
    if problems:
        raise RegistryError("Short links point at missing pages:\n  - " + "\n  - ".join(problems))
    return files


def on_env(env, config, files, **kwargs):
    # Every page's Markdown is rendered by now and no page is written yet, so a
    # broken anchor stops the build before anything ships.
    registry: Registry = _state["registry"]
    problems = []
    targets = {}
    for link in registry.links:
        page = files.get_file_from_path(link.page).page
        ids = set(re.findall(r'\bid="([^"]+)"', page.content or ""))
        if link.anchor and link.anchor not in ids:
            sections = ", ".join(f"#{item.id}" for item in _flat_toc(page.toc)) or "(none)"
            problems.append(
                f'{link.name}: section #{link.anchor} is not on docs/{link.page} (heading renamed or removed?). '
                f"Fix: in {REGISTRY}, set `target` to one of its sections: {sections}; or give the heading "
                f"its old id back with `{{#{link.anchor}}}` after the heading text."
            )
        targets[link.alias] = {
            "url": page.url + (f"#{link.anchor}" if link.anchor else ""),
            "canonical": (page.canonical_url or page.url) + (f"#{link.anchor}" if link.anchor else ""),
            "title": link_title(Path(config.docs_dir), link),
            "description": page.meta.get("description") or config.site_description or "",
        }
    if problems:
        raise RegistryError("Short links point at sections that do not exist:\n  - " + "\n  - ".join(problems))
    _state["targets"] = targets
    # The 404 page shows the contact line to readers who followed a broken link.
    env.globals["links_contact_line"] = registry.contact_line
    return env


def _flat_toc(toc):
    for item in toc:
        yield item
        yield from _flat_toc(item.children)


def on_post_build(config, **kwargs):
    registry: Registry = _state["registry"]
    site_dir = Path(config.site_dir)
    # Root-relative, from site_url's path: works whether the host serves
    # /go/ALIAS/ or (without redirecting) /go/ALIAS, and on any port in tests.
    base = urlsplit(config.site_url or "/").path or "/"
    for link in registry.links:
        target = _state["targets"][link.alias]
        out = site_dir / GO / link.alias / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(redirect_html(posixpath.join(base, target["url"]), target, config), encoding="utf-8")


def redirect_html(location: str, target: dict, config) -> str:
    card = (config.site_url or "/").rstrip("/") + "/assets/social-card.png"
    esc = html.escape
    # The target's own #anchor wins; otherwise keep one the reader's link carried.
    script = f"var t={json.dumps(location)};location.replace(t.indexOf('#')<0?t+location.hash:t);"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(target["title"])} - {esc(config.site_name)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<meta name="description" content="{esc(target["description"])}">
<link rel="canonical" href="{esc(target["canonical"])}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{esc(config.site_name)}">
<meta property="og:title" content="{esc(target["title"])}">
<meta property="og:description" content="{esc(target["description"])}">
<meta property="og:url" content="{esc(target["canonical"])}">
<meta property="og:image" content="{esc(card)}">
<meta name="twitter:card" content="summary_large_image">
<script>{script}</script>
<meta http-equiv="refresh" content="0; url={esc(location)}">
</head>
<body>
<p>Taking you to <a href="{esc(location)}">{esc(target["title"])}</a>.</p>
</body>
</html>
"""
