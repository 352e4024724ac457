"""Worksheet fields and checklist ticks: Markdown in, labelled form controls out.

Editors write worksheets in Markdown with a tiny field syntax, one field (or a
row of fields) on a line of its own:

    [[line: Job and company]]          one line to write on
    [[lines 3: What went well?]]       3 ruled lines (1 to 10)
    [[box 4: Notes]]                   a box 4 lines tall (1 to 10)
    [[tick: I was on time]]            a tick box
    [[line: Date]] [[line: Time]]      several fields on one line sit side by side (up to 4)

    [[cards 6]]                        the Markdown up to [[/cards]] is one
    ...                                cut-out card; the printed sheet repeats
    [[/cards]]                         it 6 times (the screen shows it once)

Each field becomes a real <label> and <input>/<textarea>, keyed by the slug of
its label, so the reader's typing is kept per field (docs/assets/checklists.js)
and the same HTML prints from the browser and into the PDF (worksheet_pdfs.py).
A malformed field fails the build, naming the file, the line and the fix,
because a field that silently stays as "[[...]]" text would print as junk.

Checklists are plain Markdown task lists (pymdownx.tasklist renders them as
disabled, unlabelled checkboxes). Here each becomes an enabled checkbox with a
<label>, keyed by the slug of its text: editing or moving one item never
shifts another's tick.

Pages that use either get the small checklist script and worksheet stylesheet;
other pages (the home page above all) load neither.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from markdown.extensions.toc import slugify
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

STYLESHEET = "assets/worksheets.css"
SCRIPT = "assets/checklists.js"
WORKSHEETS_DIR = "worksheets/"
MAX_ROWS = 10
MAX_PER_ROW = 4
MAX_CARDS = 12

KINDS = {"line": False, "lines": True, "box": True, "tick": False}  # kind -> takes a row count
FIELD_RE = re.compile(r"\[\[\s*(?P<kind>[a-z]+)(?:\s+(?P<rows>\d+))?\s*:\s*(?P<label>[^\[\]]*?)\s*\]\]")
CARDS_OPEN_RE = re.compile(r"^\[\[\s*cards\s+(?P<count>\d+)\s*\]\]$")
CARDS_CLOSE_RE = re.compile(r"^\[\[\s*/cards\s*\]\]$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
H1_LINE_RE = re.compile(r"^# .*$", re.M)
ACTIONS_OPEN = '<div class="ws-actions ws-screen" id="print">'

SYNTAX_HELP = (
    "Write one of [[line: Label]], [[lines 3: Label]], [[box 4: Label]] or [[tick: Label]] "
    "on a line of its own (row counts 1 to 10; up to 4 fields on one line), "
    "or wrap a cut-out card in [[cards 6]] ... [[/cards]]. See README.md, 'How to write a worksheet'."
)

TASK_ITEM_RE = re.compile(
    r'<li class="task-list-item">(?P<p>\s*<p>)?\s*<input type="checkbox"(?P<attrs>[^>]*?)/?>\s*(?P<body>.*?)</li>',
    re.S,
)
TAG_RE = re.compile(r"<[^>]+>")


def is_worksheet(src_uri: str) -> bool:
    """Every page in worksheets/ except its index is a one-page printable worksheet."""
    return src_uri.startswith(WORKSHEETS_DIR) and not src_uri.endswith("index.md")


def storage_page(src_uri: str) -> str:
    return src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri


def field_key(label: str) -> str:
    return slugify(label, "-")


# --- Markdown stage: [[...]] fields -------------------------------------------------

def render_field(kind: str, rows: int, label: str, page_key: str) -> str:
    key = field_key(label)
    ident = f"ws-{key}"
    text = html.escape(label)
    common = f'id="{ident}" name="{key}" data-ws-key="{page_key}#{key}"'
    if kind == "tick":
        return (
            f'<div class="ws-field ws-tick"><input type="checkbox" {common}>'
            f'<label for="{ident}">{text}</label></div>'
        )
    if kind == "line":
        return (
            f'<div class="ws-field ws-line"><label for="{ident}">{text}</label>'
            f'<input type="text" {common} autocomplete="off"></div>'
        )
    return (
        f'<div class="ws-field ws-{kind}" style="--ws-rows: {rows}"><label for="{ident}">{text}</label>'
        f'<textarea {common} rows="{rows}"></textarea></div>'
    )


def parse_field_line(line: str, where: str) -> list[tuple[str, int, str]]:
    """The fields on one source line; PluginError for anything else in [[...]]."""
    stripped = line.strip()
    fields = []
    position = 0
    for match in FIELD_RE.finditer(stripped):
        if stripped[position : match.start()].strip():
            break
        position = match.end()
        kind, rows, label = match["kind"], match["rows"], match["label"]
        if kind not in KINDS:
            raise PluginError(f"{where}: unknown field kind '{kind}' in `{match[0]}`. {SYNTAX_HELP}")
        if KINDS[kind]:
            if rows is None:
                raise PluginError(
                    f"{where}: `{match[0]}` needs a number of lines, e.g. [[{kind} 3: {label or 'Label'}]]."
                )
            if not 1 <= int(rows) <= MAX_ROWS:
                raise PluginError(f"{where}: `{match[0]}` asks for {rows} lines; use 1 to {MAX_ROWS}.")
        elif rows is not None:
            raise PluginError(f"{where}: `{match[0]}` takes no number; write [[{kind}: {label}]].")
        if not label or not field_key(label):
            raise PluginError(
                f"{where}: `{match[0]}` has no label. Every field needs words that say what to write, "
                f"e.g. [[{kind}{' 3' if KINDS[kind] else ''}: What went well?]]."
            )
        fields.append((kind, int(rows or 1), label))
    if not fields or stripped[position:].strip():
        raise PluginError(
            f"{where}: malformed field `{stripped}`. {SYNTAX_HELP}"
        )
    if len(fields) > MAX_PER_ROW:
        raise PluginError(f"{where}: {len(fields)} fields on one line; put at most {MAX_PER_ROW} side by side.")
    return fields


def expand_fields(markdown: str, src_uri: str, first_line: int = 1) -> tuple[str, int]:
    """Replace [[...]] lines with HTML; return the new Markdown and the field count.

    `first_line` is the file's line number of the body's first line (after the
    front matter), so errors name the line an editor sees."""
    page_key = storage_page(src_uri)
    out: list[str] = []
    seen: dict[str, int] = {}
    in_fence = None
    cards: tuple[int, int, list[str]] | None = None  # (opening line, count, lines inside)
    count = 0
    for number, line in enumerate(markdown.split("\n"), start=first_line):
        where = f"docs/{src_uri}, line {number}"
        fence = FENCE_RE.match(line)
        if in_fence:
            if fence and fence.group(1) == in_fence:
                in_fence = None
            (cards[2] if cards else out).append(line)
            continue
        if fence:
            in_fence = fence.group(1)
            (cards[2] if cards else out).append(line)
            continue
        stripped = line.strip()
        if "[[" not in stripped:
            (cards[2] if cards else out).append(line)
            continue
        if CARDS_OPEN_RE.match(stripped):
            if cards:
                raise PluginError(f"{where}: [[cards]] cannot be nested; close the first with [[/cards]].")
            n = int(CARDS_OPEN_RE.match(stripped)["count"])
            if not 1 <= n <= MAX_CARDS:
                raise PluginError(f"{where}: `{stripped}` asks for {n} cards; use 1 to {MAX_CARDS}.")
            cards = (number, n, [])
            continue
        if CARDS_CLOSE_RE.match(stripped):
            if not cards:
                raise PluginError(f"{where}: [[/cards]] without an opening [[cards N]] above it.")
            out.append(render_cards(cards[1], cards[2], f"docs/{src_uri}, line {cards[0]}"))
            cards = None
            continue
        if not stripped.startswith("[["):
            raise PluginError(
                f"{where}: a field must be on a line of its own, but this line has text before it: `{stripped}`. "
                + SYNTAX_HELP
            )
        fields = parse_field_line(line, where)
        if cards:
            raise PluginError(
                f"{where}: fields cannot go inside [[cards]] (each copy would need its own label). "
                "Put the field above [[cards N]] or below [[/cards]]."
            )
        parts = []
        for kind, rows, label in fields:
            key = field_key(label)
            if key in seen:
                raise PluginError(
                    f"{where}: the label '{label}' is already used on line {seen[key]}. "
                    "Each field needs its own label (it is what the reader's answer is saved under): "
                    "add a word or a number."
                )
            seen[key] = number
            parts.append(render_field(kind, rows, label, page_key))
            count += 1
        block = "".join(parts) if len(parts) == 1 else f'<div class="ws-row ws-row-{len(parts)}">{"".join(parts)}</div>'
        out.extend(["", block, ""])
    if cards:
        raise PluginError(f"docs/{src_uri}, line {cards[0]}: [[cards {cards[1]}]] is never closed. Add [[/cards]] after the card.")
    return "\n".join(out), count


def render_cards(count: int, lines: list[str], where: str) -> str:
    body = "\n".join(lines).strip("\n")
    if re.search(r"^\s{0,3}#", body, re.M):
        raise PluginError(
            f"{where}: a heading inside [[cards]] would be repeated on the sheet with the same link id. "
            "Use a bold line (**Like this**) for the card's title."
        )
    copies = []
    for index in range(count):
        # Copies are for paper only: hidden from screen readers and from search.
        extra = ' ws-copy" aria-hidden="true" data-search-exclude="' if index else ""
        copies.append(f'<div class="ws-card{extra}" markdown="1">\n\n{body}\n\n</div>')
    return f'\n<div class="ws-cards ws-cards-{count}" markdown="1">\n\n' + "\n\n".join(copies) + "\n\n</div>\n"


# --- HTML stage: task lists ----------------------------------------------------------

def label_task_items(content: str, src_uri: str) -> tuple[str, int]:
    page_key = storage_page(src_uri)
    seen: dict[str, str] = {}
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        body = match["body"]
        if "<ul" in body or "<ol" in body:
            raise PluginError(
                f"docs/{src_uri}: the checklist item '{_text(body)[:60]}' has a list inside it. "
                "Fix: make each tick its own item; checklists are one level deep."
            )
        closing = ""
        if match["p"]:
            body, _, rest = body.partition("</p>")
            closing = "</p>" + rest
        text = _text(body)
        key = field_key(text)
        if not key:
            raise PluginError(f"docs/{src_uri}: a checklist item has no words. Fix: write what to do after '- [ ]'.")
        if key in seen:
            raise PluginError(
                f"docs/{src_uri}: two checklist items have the same words: '{text}'. "
                "Fix: reword one; a tick is saved under the item's words."
            )
        seen[key] = text
        count += 1
        checked = " checked" if "checked" in match["attrs"] else ""
        ident = f"ck-{key}"
        return (
            f'<li class="task-list-item">{"<p>" if match["p"] else ""}'
            f'<input type="checkbox" id="{ident}" data-ws-key="{page_key}#{key}"{checked}>'
            f'<label for="{ident}">{body.strip()}</label>{closing}</li>'
        )

    content = TASK_ITEM_RE.sub(replace, content)
    if content.count('class="task-list-item"') != count:
        raise PluginError(
            f"docs/{src_uri}: a checklist item was not turned into a tickable checkbox. "
            "Fix: keep `pymdownx.tasklist: {custom_checkbox: false}` in mkdocs.yml (this hook "
            "reads its plain checkbox markup), and start each item with '- [ ] '."
        )
    return content, count


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAG_RE.sub("", fragment)).split())


# --- Hooks ---------------------------------------------------------------------------

_fields: dict[str, int] = {}
_cache: dict = {}


def on_pre_build(config, **kwargs) -> None:
    _fields.clear()
    _cache.clear()


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    src = page.file.src_uri
    markdown, count = expand_fields(markdown, src, body_start(page.file.content_string, markdown))
    _fields[src] = count
    if is_worksheet(src):
        markdown = add_worksheet_actions(markdown, src, count > 0)
    return markdown


def on_page_content(content: str, page, config, files, **kwargs) -> str:
    src = page.file.src_uri
    content, ticks = label_task_items(content, src)
    has_fields = _fields.get(src, 0) > 0
    worksheet = is_worksheet(src)
    if not (ticks or has_fields or worksheet):
        return content
    if ticks:
        content = add_clear_button(content, "Clear this checklist", "Checklist cleared.")
    if worksheet:
        content += print_footer(page, config)
    assets = (
        f'<link rel="stylesheet" href="{get_relative_url(STYLESHEET, page.url)}">'
        f'<script src="{get_relative_url(SCRIPT, page.url)}" defer></script>\n'
    )
    return assets + content


def body_start(raw: str, body: str) -> int:
    """The file line where MkDocs' page body (front matter removed) begins."""
    head = body.lstrip("\n")[:200]
    at = raw.find(head) if head else -1
    return raw[:at].count("\n") + 1 - (len(body) - len(body.lstrip("\n"))) if at >= 0 else 1


def add_clear_button(content: str, text: str, done: str) -> str:
    # After the last task list: the button clears every tick on the page.
    start = content.rfind('<ul class="task-list">')
    end = content.find("</ul>", start) + len("</ul>")
    actions = (
        f'<div class="ws-actions ws-screen"><button type="button" class="md-button" data-ws-clear hidden>{text}</button>'
        f'<span class="ws-status" role="status" data-ws-done="{html.escape(done)}"></span></div>'
    )
    return content[:end] + actions + content[end:]


def add_worksheet_actions(markdown: str, src: str, has_fields: bool) -> str:
    """Print and clear buttons under the title, as raw HTML so `#print` is a real anchor.

    worksheet_pdfs.py puts its download links inside, after ACTIONS_OPEN."""
    heading = H1_LINE_RE.search(markdown)
    if not heading:
        raise PluginError(f"docs/{src}: a worksheet needs a '# Title' line; it is the printed sheet's heading.")
    buttons = '<button type="button" class="md-button md-button--primary" data-ws-print hidden>Print this sheet</button>'
    if has_fields:
        buttons += '<button type="button" class="md-button" data-ws-clear hidden>Clear my answers</button>'
    actions = (
        f'\n\n{ACTIONS_OPEN}{buttons}'
        '<span class="ws-status" role="status" data-ws-done="Your answers are cleared."></span></div>\n\n'
    )
    return markdown[: heading.end()] + actions + markdown[heading.end() :]


def print_footer(page, config) -> str:
    url = print_url(page, config)
    # Plain text, not a link: paper is where it is read, and an absolute link to
    # SITE_URL would send the link checker to a host that may not exist yet.
    return f'<p class="ws-print-url" data-search-exclude>Find this sheet again: <span>{html.escape(url)}</span></p>'


def print_url(page, config) -> str:
    """The short link for this page from data/links.yml if it has one, else the canonical URL."""
    root = Path(config.config_file_path).resolve().parent
    if (root / "data" / "links.yml").is_file():
        from short_links import load_registry, short_url  # the one reader of the registry

        if "registry" not in _cache:
            _cache["registry"] = load_registry(root)
        links = [link for link in _cache["registry"].links if link.page == page.file.src_uri and not link.anchor]
        links.sort(key=lambda link: link.retired)
        if links:
            return short_url(config.site_url or "/", links[0])
    return page.canonical_url or page.abs_url or page.url
