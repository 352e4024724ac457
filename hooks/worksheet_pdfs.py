"""Build-time PDFs of every worksheet, from the same HTML and print stylesheet.

Each page in docs/worksheets/ (except the index) gets two PDFs in the built
site, A4 and US Letter: site/worksheets/NAME-a4.pdf and NAME-letter.pdf,
linked from the page as "Download PDF". Fields are fillable in a PDF reader
(WeasyPrint's pdf_forms).

WeasyPrint given a whole Material page ignores Material's screen CSS and
silently drops everything after the first page, so only the page's article
goes into a small print template of our own (TEMPLATE), styled by
docs/assets/worksheets.css, the stylesheet the browser prints with.

The build fails, naming the worksheet, when a sheet would run past one page,
when a field label or the title is missing from the PDF's text, or when any
page links to a worksheet PDF that is not made. PDFs are cached by content
hash in build/worksheet-pdfs/ so `mkdocs serve` stays quick; set
WORKSHEET_PDF_CACHE=off to make every PDF afresh (scripts/bench.py does).
WeasyPrint may read only local files: no fonts or images from the network.
"""
from __future__ import annotations

import hashlib
import html
import io
import logging
import os
import posixpath
import re
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from worksheet_fields import ACTIONS_OPEN, STYLESHEET, is_worksheet

log = logging.getLogger("mkdocs.hooks.worksheet_pdfs")

SIZES = {"a4": ("A4", "A4"), "letter": ("letter", "US Letter")}  # suffix: (CSS size, link text)
CACHE_DIR = "build/worksheet-pdfs"

# The article alone, inside a form so WeasyPrint names each PDF field after its
# <label>. Material's class names stay so the print stylesheet matches as-is.
TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>@page {{ size: {size}; }}</style>
</head>
<body>
<form class="md-content"><article class="md-content__inner md-typeset">
{content}
</article></form>
</body>
</html>
"""

LABEL_RE = re.compile(r"<label\b[^>]*>(.*?)</label>", re.S)
H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
TAG_RE = re.compile(r"<[^>]+>")
ASSET_TAGS_RE = re.compile(r'<link rel="stylesheet"[^>]*>|<script\b[^>]*>.*?</script>', re.S)
HEADERLINK_RE = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
PDF_HREF_RE = re.compile(r'href="([^":?#]+\.pdf)"')

_sheets: dict[str, dict] = {}
_expected: dict[str, str] = {}  # site path of each PDF -> its worksheet's source file
_pdf_links: list[tuple[str, str, str]] = []  # (page source, href, site path)


def pdf_name(src_uri: str, suffix: str) -> str:
    return f"{src_uri[: -len('.md')]}-{suffix}.pdf"


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAG_RE.sub("", fragment)).split())


def on_pre_build(config, **kwargs) -> None:
    _sheets.clear()
    _expected.clear()
    _pdf_links.clear()


def on_files(files, config, **kwargs):
    for file in files.documentation_pages():
        if is_worksheet(file.src_uri):
            for suffix in SIZES:
                _expected[pdf_name(file.src_uri, suffix)] = file.src_uri
    return files


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    """Download links in the worksheet's action bar (raw HTML: the PDFs are not in docs/)."""
    src = page.file.src_uri
    if not is_worksheet(src):
        return markdown
    links = " · ".join(
        f'<a href="{get_relative_url(pdf_name(src, suffix), page.url)}" download>{label}</a>'
        for suffix, (_, label) in SIZES.items()
    )
    if ACTIONS_OPEN not in markdown:
        raise PluginError(f"docs/{src}: no action bar to put the PDF links in; list hooks/worksheet_fields.py before this hook.")
    return markdown.replace(ACTIONS_OPEN, f'{ACTIONS_OPEN}<span class="ws-download">Download PDF: {links}</span>', 1)


def on_page_content(content: str, page, config, files, **kwargs) -> str:
    src = page.file.src_uri
    for href in PDF_HREF_RE.findall(content):
        base = "/" + page.url
        base = base if base.endswith("/") else posixpath.dirname(base)
        target = posixpath.normpath(posixpath.join(base, href)).lstrip("/")
        _pdf_links.append((src, href, target))
    if is_worksheet(src):
        article = HEADERLINK_RE.sub("", ASSET_TAGS_RE.sub("", content))
        heading = H1_RE.search(article)
        title = _text(heading.group(1)) if heading else page.title
        _sheets[src] = {
            "title": title,
            "content": article,
            "labels": [_text(label) for label in LABEL_RE.findall(article)],
            "fields": len(re.findall(r"<(?:input|textarea)\b", article)),
        }
    return content


def on_post_build(config, **kwargs) -> None:
    problems = [
        f"docs/{src}: links to {href}, but no worksheet PDF is made there. "
        f"Fix: link to one of {', '.join(sorted(_expected)) or '(no worksheets yet)'}, written relative to the page."
        for src, href, target in _pdf_links
        if target not in _expected
    ]
    if problems:
        raise PluginError("Broken worksheet PDF links:\n  - " + "\n  - ".join(problems))

    site = Path(config.site_dir)
    root = Path(config.config_file_path).resolve().parent
    css_path = site / STYLESHEET
    css = css_path.read_bytes()
    use_cache = os.environ.get("WORKSHEET_PDF_CACHE", "on").lower() not in ("off", "0", "no")
    cache = root / CACHE_DIR
    started = time.perf_counter()
    made = cached = 0
    errors: list[str] = []
    for src, sheet in sorted(_sheets.items()):
        for suffix, (size, label) in SIZES.items():
            source = TEMPLATE.format(title=html.escape(sheet["title"]), size=size, content=sheet["content"])
            key = hashlib.sha256(source.encode() + css + _engine_version().encode()).hexdigest()[:24]
            cached_pdf = cache / f"{key}.pdf"
            out = site / pdf_name(src, suffix)
            out.parent.mkdir(parents=True, exist_ok=True)
            if use_cache and cached_pdf.is_file():
                out.write_bytes(cached_pdf.read_bytes())
                cached += 1
                continue
            pdf, pages = render(source, css_path, site)
            if pages != 1:
                errors.append(
                    f"docs/{src} ({sheet['title']}): the {label} PDF runs to {pages} pages; a worksheet must fit on one. "
                    "Fix: cut words, or make [[lines N]] / [[box N]] fields shorter."
                )
                continue
            missing = missing_text(pdf, [sheet["title"], *sheet["labels"]])
            if missing:
                errors.append(
                    f"docs/{src} ({sheet['title']}): the {label} PDF lacks this text: {missing}. "
                    "Fix: check the print stylesheet does not hide it."
                )
                continue
            out.write_bytes(pdf)
            made += 1
            if use_cache:
                cache.mkdir(parents=True, exist_ok=True)
                cached_pdf.write_bytes(pdf)
    if errors:
        raise PluginError("Worksheet PDFs failed:\n  - " + "\n  - ".join(errors))
    # scripts/bench.py reads this line for the PDF generation time.
    log.info(
        "Worksheet PDFs: made %d, from cache %d, in %.2f s",
        made,
        cached,
        time.perf_counter() - started,
    )


def render(source: str, css_path: Path, site: Path) -> tuple[bytes, int]:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Only local files: a font or image from the network would make the build
    # depend on the network, and the site promises no third-party requests.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    stylesheet = CSS(filename=str(css_path), url_fetcher=fetcher)
    document = HTML(
        string=source, base_url=site.as_uri() + "/", url_fetcher=fetcher, media_type="print"
    ).render(stylesheets=[stylesheet], pdf_forms=True)
    pages = len(document.pages)
    return document.write_pdf(pdf_forms=True), pages


def missing_text(pdf: bytes, wanted: list[str]) -> list[str]:
    from pypdf import PdfReader

    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())
    return [item for item in wanted if item and item not in text]


def _engine_version() -> str:
    # importlib.metadata, not `import weasyprint`: the import alone takes seconds,
    # and a build whose PDFs all come from the cache should not pay for it.
    from importlib.metadata import version

    template = hashlib.sha256(TEMPLATE.encode()).hexdigest()[:8]
    return f"weasyprint {version('weasyprint')}, pypdf {version('pypdf')}, template {template}"
