"""Refuse anything in a page's Markdown that would run as script, naming the file and line.

The site's Content-Security-Policy (guide/web/policy.py) allows by hash only
the inline scripts that the theme and overrides/ write; the Markdown is the
editors', and nothing an editor writes may run. So a page fails to build, at
the place it is converted, when its Markdown holds:

- a <script> element (inline or with src=) or a <style> element;
- an inline event handler (onclick="...", any on*= attribute);
- a javascript: (or vbscript:/data:) URL in href, src, action, formaction;
- an <iframe>, <frame>, <object>, <embed> or <base>, which load or run
  another document, or change where every link of the page goes;
- a style="..." attribute, which the policy blocks anyway.

It looks in both places HTML can come from in Python-Markdown: the raw HTML
that the block and inline processors put aside in md.htmlStash (read with the
HTML parser), and the element tree itself (attr_list's `{: onclick=... }`,
md_in_html's elements, a [link](javascript:...)). It runs as a tree processor
after attr_list (8) and the inline patterns (20), before the engines rewrite
links (MkDocs' relpath, 0). Elements the project's own extensions make with
PageContext.link (a worksheet's <script defer src>) are theirs, not the
editor's, and pass.

Python-Markdown keeps no source positions, so the line is found by looking
for the offending tag (or attribute) in the page's own lines, as read before
any other preprocessor ran, each hit after the previous one for the same
text: the first line of the tag an editor wrote. The build's csp step
(guide/steps/csp.py) keeps its own refusal as a backstop for templates.

The front matter's `title` and `description` reach the templates too: the
theme writes them into <title>, the header and <meta name="description"
content="...">, and neither engine's template engine escapes them (MkDocs
renders without autoescaping, Zensical's MiniJinja as configured likewise).
Only the theme's base.html and header.html partial write them, and the header
is no block that overrides/ could replace without copying it. So the text is
escaped once, here, in the page's own metadata, before any template reads it
(EscapeMeta), the one mechanism for both engines: an engine's page is the one
place both hand to their templates. On MkDocs it becomes markupsafe.Markup,
which Jinja2's `| e` leaves as it is (hooks/mkdocs_only.py gives page.meta its
plain text back after the page is written); Zensical passes metadata to its
templates as JSON strings, so there it is plain escaped text, and templates
must write it without `| e` (overrides/partials/link-preview.html).
"""
from __future__ import annotations

import xml.etree.ElementTree as etree
from html.parser import HTMLParser

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from markupsafe import Markup, escape

from guide.errors import problems_error
from guide.markdown import page as pages

# The front-matter keys the theme's templates write as they are.
ESCAPED_META = ("title", "description")

# Elements that run code or load another document into the page.
FORBIDDEN = {
    "script": "a <script> runs code on the reader's device",
    "style": "a <style> element restyles the whole site",
    "iframe": "an <iframe> loads another page into this one",
    "frame": "a <frame> loads another page into this one",
    "object": "an <object> loads and runs another document",
    "embed": "an <embed> loads and runs a plug-in",
    "base": "a <base> changes where every link of the page goes",
}
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def _problem(tag: str, attrs: dict[str, str | None]) -> list[tuple[str, str]]:
    """(what was found, needle to find its line) for each thing wrong with one element."""
    found = []
    if tag in FORBIDDEN:
        found.append((f"<{tag}>: {FORBIDDEN[tag]}. Fix: remove it; ask a developer to add the feature to the theme "
                       "(overrides/) or an extension (guide/markdown/)", f"<{tag}"))
    for name, value in attrs.items():
        name = name.lower()
        if name.startswith("on") and len(name) > 2:
            found.append((f'<{tag} {name}="...">: an inline event handler runs code. Fix: remove it; behaviour '
                          "belongs in a .js file under docs/assets/", name))
        elif name == "style" and value is not None:
            found.append((f'<{tag} style="{value}">: a strict Content-Security-Policy blocks it. Fix: give the element '
                          "a class and style it in docs/assets/site.css", "style"))
        elif name in URL_ATTRS and value and "".join(value.split()).lower().startswith(SCRIPT_SCHEMES):
            found.append((f'<{tag} {name}="{value[:40]}">: a {value.strip().split(":")[0].lower()}: URL runs code. '
                          "Fix: link to a page or a file instead", value.strip()[:20]))
    return found


class _RawTags(HTMLParser):
    """The start tags of a piece of raw HTML: (name, attributes, the tag as written)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.get_starttag_text() or f"<{tag}"))

    handle_startendtag = handle_starttag


def raw_problems(fragment: str) -> list[tuple[str, str]]:
    parser = _RawTags()
    parser.feed(fragment)
    parser.close()
    found = []
    for tag, attrs, written in parser.tags:
        # The tag as written is the surest needle; the problem's own needle is the fallback.
        found += [(what, written if needle.startswith("<") else needle) for what, needle in _problem(tag, attrs)]
    return found


class KeepLines(Preprocessor):
    """Keeps the page's lines as the engine passed them, for the line numbers below."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.guide_source_lines = list(lines)  # the line numbers are worked out only for an error
        return lines


class NoScript(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        page = pages.context(self.md)
        ours = {id(element) for element, _, _ in page.late_links}
        found: list[tuple[str, str]] = []
        for element in root.iter():
            if not isinstance(element.tag, str) or id(element) in ours:
                continue
            found += _problem(element.tag.lower(), dict(element.attrib))
        for block in self.md.htmlStash.rawHtmlBlocks:
            if isinstance(block, str):
                found += raw_problems(block)
            elif isinstance(block, etree.Element):  # md_in_html keeps some elements whole
                for element in block.iter():
                    if isinstance(element.tag, str):
                        found += _problem(element.tag.lower(), dict(element.attrib))
        if found:
            lines = getattr(self.md, "guide_source_lines", [])
            first, text = pages.body_first_line(self.md, lines) if lines else 1, "\n".join(lines)
            raise problems_error(
                f"{page.where} holds markup that would run as script or load another page; the site's "
                "Content-Security-Policy allows only what its templates write (handbook/operators.md, 'The Content-Security-Policy and inline code'):",
                [f"{page.where}, line {line}: {what}" for line, what in _lines(found, first, text)],
            )


def _lines(found: list[tuple[str, str]], first: int, text: str) -> list[tuple[int, str]]:
    """Each problem with its line in the source: the next place its needle is written."""
    after: dict[str, int] = {}
    out = []
    lowered = text.lower()
    for what, needle in found:
        at = lowered.find(needle.lower(), after.get(needle, 0))
        if at < 0:
            at = lowered.find(needle.lower())
        after[needle] = at + 1 if at >= 0 else 0
        out.append((first + lowered.count("\n", 0, max(at, 0)), what))
    return sorted(out, key=lambda item: item[0])


def engine_meta(md: Markdown) -> tuple[str, dict] | None:
    """(engine, the page metadata its templates will read), or None outside an engine."""
    relpath = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
    page = getattr(getattr(relpath, "file", None), "page", None)
    if page is not None:  # MkDocs: the File being converted knows its Page
        return "mkdocs", page.meta
    try:
        from zensical.extensions.context import ContextPreprocessor
    except ImportError:
        return None
    context = ContextPreprocessor.from_markdown(md)
    return ("zensical", context.page.meta) if context is not None else None


def escape_meta(engine: str, meta: dict) -> None:
    """Escape the metadata the templates write, once: on MkDocs as Markup, which is never
    escaped again; Zensical reads each page's metadata afresh (JSON) for every conversion."""
    for key in ESCAPED_META:
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = escape(value) if engine == "mkdocs" else str(escape(value))


class EscapeMeta(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        found = engine_meta(self.md)
        if found is not None:
            escape_meta(*found)
        return lines


class NoScriptExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(EscapeMeta(md), "guide_escape_meta", 36)
        # Before normalize_whitespace (30) and the raw-HTML preprocessor (20): the lines as written.
        md.preprocessors.register(KeepLines(md), "guide_no_script_lines", 35)
        # After attr_list (8) and the inline patterns (20); before MkDocs' relpath (0).
        md.treeprocessors.register(NoScript(md), "guide_no_script", 1)


def makeExtension(**kwargs) -> NoScriptExtension:  # noqa: N802 - Python-Markdown's entry point
    return NoScriptExtension(**kwargs)
