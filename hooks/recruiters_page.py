"""Fill the "For recruiters" page from the link registry (data/links.yml).

docs/recruiters/index.md holds two markers that this hook replaces:
  <!-- go:links -->   every short link, grouped by moment, with a copy button
  <!-- go:emails -->  ready-to-paste emails, as plain text and as simple HTML

The page links are Markdown links, so MkDocs' own strict checks see them too.
The copy buttons need assets/links/copy.js and copy.css, which only this page
loads: every other page stays as light as before.
"""
from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from short_links import PLACEHOLDER_RE, Link, Registry, link_title, load_registry, short_url

PAGE = "recruiters/index.md"
MARKERS = {"links": "<!-- go:links -->", "emails": "<!-- go:emails -->"}
ASSETS = ("assets/links/copy.css", "assets/links/copy.js")

_state: dict = {}


def on_config(config, **kwargs):
    _state["registry"] = load_registry(Path(config.config_file_path).resolve().parent)
    return config


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    for name, marker in MARKERS.items():
        if marker not in markdown:
            raise PluginError(
                f"docs/{PAGE}: the marker {marker} is missing, so the {name} from data/links.yml "
                f"would not appear. Fix: put {marker} on a line of its own where they belong."
            )
    registry: Registry = _state["registry"]
    docs_dir = Path(config.docs_dir)
    here = posixpath.dirname(PAGE)
    markdown = markdown.replace(MARKERS["links"], links_markdown(registry, docs_dir, config.site_url, here))
    markdown = markdown.replace(MARKERS["emails"], emails_markdown(registry, config.site_url))
    css, js = (posixpath.relpath(asset, here) for asset in ASSETS)
    # Material's instant navigation re-runs scripts found in the page body, so
    # this also works when a reader arrives from another page of the site.
    return markdown + f'\n\n<link rel="stylesheet" href="{css}">\n<script src="{js}" defer></script>\n'


def links_markdown(registry: Registry, docs_dir: Path, site_url: str, here: str) -> str:
    groups = [
        (moment, [link for link in registry.links if link.moment == moment.id and not link.retired])
        for moment in registry.moments
    ]
    groups = [(moment, links) for moment, links in groups if links]
    # On a phone the table of contents hides in the menu: a jump list saves scrolling.
    jumps = [f"[{moment.title}](#{moment.id})" for moment, _ in groups]
    if registry.emails:
        jumps.append("[Ready-to-paste emails](#emails)")
    out = ["Jump to: " + " · ".join(jumps) + "\n"]
    for moment, links in groups:
        out.append(f"## {moment.title} {{#{moment.id}}}\n\n{moment.intro}\n")
        out.extend(link_item(link, docs_dir, site_url, here) for link in links)
        out.append("")
    return "\n".join(out)


def link_item(link: Link, docs_dir: Path, site_url: str, here: str) -> str:
    title = link_title(docs_dir, link)
    page_link = posixpath.relpath(link.page, here) + (f"#{link.anchor}" if link.anchor else "")
    go_href = posixpath.relpath(link.path, here) + "/"
    url = short_url(site_url, link)
    code_id = f"go-{link.alias}"
    label = html.escape(title)
    md_title = re.sub(r"([\[\]])", r"\\\1", title)
    return (
        f"- **[{md_title}]({page_link})**<br>\n  {link.description}<br>\n"
        f'  <a class="go-url" id="{code_id}" href="{go_href}">{html.escape(url)}</a>\n'
        f'  <button type="button" class="md-button go-copy" data-copy="{code_id}">Copy link'
        f'<span class="go-sr"> to {label}</span></button>\n'
        f'  <span class="go-status" role="status"></span>'
    )


def emails_markdown(registry: Registry, site_url: str) -> str:
    aliases = registry.by_alias()
    out = []
    for email in registry.emails:
        def url(match: re.Match) -> str:
            return short_url(site_url, aliases[match.group(1)])

        text = PLACEHOLDER_RE.sub(url, email.body)
        base = f"email-{email.id}"
        title = html.escape(email.title)
        out.append(
            f"### {email.title} {{#{base}}}\n\n"
            f"{email.when}\n\n"
            f"**Subject:** {email.subject}\n\n"
            f'<div class="go-email">\n'
            f'<p class="go-email-label">Plain text</p>\n'
            f'<pre class="go-email-text" id="{base}-text">{html.escape(text)}</pre>\n'
            f'<p><button type="button" class="md-button go-copy" data-copy="{base}-text">Copy plain text'
            f'<span class="go-sr">: {title}</span></button> <span class="go-status" role="status"></span></p>\n'
            f'<p class="go-email-label">Formatted, for email programs</p>\n'
            f'<div class="go-email-html" id="{base}-html">{email_html(email.body, url)}</div>\n'
            f'<p><button type="button" class="md-button go-copy" data-copy="{base}-html" data-copy-html="{base}-text">'
            f'Copy formatted email<span class="go-sr">: {title}</span></button> '
            f'<span class="go-status" role="status"></span></p>\n'
            f"</div>\n"
        )
    return "\n".join(out)


def email_html(body: str, url) -> str:
    """Plain paragraphs and links, nothing else: what survives pasting into email clients.

    A link's lead-in (ending in ':') and a short greeting or sign-off (ending in
    ',') keep their line break; other lines join into one flowing paragraph. Each link shows its
    own URL, so it still works if the email is turned into plain text or printed.
    """
    paragraphs = []
    for block in re.split(r"\n\s*\n", body.strip()):
        parts: list[str] = []
        previous = ""
        for line in block.splitlines():
            line = line.strip()
            match = PLACEHOLDER_RE.fullmatch(line)
            if match:
                href = html.escape(url(match))
                piece = f'<a href="{href}">{href}</a>'
            else:
                piece = html.escape(line)
            if parts:
                parts.append("<br>" if keeps_break(previous) or match else " ")
            parts.append(piece)
            previous = line
        paragraphs.append("<p>" + "".join(parts) + "</p>")
    return "".join(paragraphs)


def keeps_break(line: str) -> bool:
    return line.endswith(":") or (line.endswith(",") and len(line.split()) <= 3)
