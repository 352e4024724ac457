"""Build-time PDFs of every worksheet, printed from the page the generator wrote.

Each page in docs/worksheets/ (except the index) gets two PDFs, A4 and US
Letter: site/downloads/worksheets/NAME-a4.pdf and NAME-letter.pdf, which its
print bar links to (downloads/: see guide.sources.pages.DOWNLOADS). Fields are fillable in a PDF reader (WeasyPrint's pdf_forms).

WeasyPrint given a whole theme page ignores the theme's screen CSS and drops
everything after the first page, so only the page's <article> goes into a
small print template of our own (TEMPLATE), styled by
docs/assets/worksheets.css, the stylesheet the browser prints with.

The build fails, naming the worksheet, when a sheet runs past one page, when
a field label or the title is missing from the PDF's text, or when any page
links to a worksheet PDF that is not made. PDFs are cached by content hash
in build/worksheet-pdfs/ so `mkdocs serve` stays quick; set
WORKSHEET_PDF_CACHE=off to make every PDF afresh (scripts/bench.py does).

Then the print packs, for offices that hand sheets out: one PDF per paper
size (downloads/worksheets/print-pack-a4.pdf, print-pack-letter.pdf) holding every
worksheet in menu order, the pocket card included. They are the sheets' own
PDFs put together (pypdf), so each page is exactly the sheet it copies, QR
code and all, and the pack has as many pages as the sheets have together.
Its form fields are left out: a pack is for paper, and two sheets' fields of
the same name would fill each other in a PDF reader. Cached like the sheets,
by the hash of the sheets it holds.
WeasyPrint may read only local files: no fonts or images from the network.
"""
from __future__ import annotations

import hashlib
import html as _html
import io
import logging
import multiprocessing
import os
import posixpath
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from guide.web import html
from guide.sources import pages, worksheets
from guide.errors import problems_error
from guide.sources.worksheets import SIZES, STYLESHEET

log = logging.getLogger("guide")
# The print stylesheet is the browser's too: WeasyPrint warns about each property it
# does not know (accent-color, print-color-adjust) on every sheet. Errors still show.
for _name in ("weasyprint", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)
CACHE_DIR = "build/worksheet-pdfs"
PACK = pages.download("worksheets/print-pack")  # + -a4.pdf / -letter.pdf


def pack_name(suffix: str) -> str:
    return f"{PACK}-{suffix}.pdf"

# The article alone, inside a form so WeasyPrint names each PDF field after its
# <label>. The theme's class names stay so the print stylesheet matches as-is.
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


class Sheet:
    """A worksheet as built: its article (without permalinks, scripts and stylesheets), title and labels."""

    def __init__(self, src: str, page: str) -> None:
        self.src = src
        opening = next(html.start_tags(page, "article"))
        text = page[opening.start : page.index("</article>", opening.start) + len("</article>")]
        elements = html.scan(text)  # the article alone: a sixth of the page
        article = elements[0]
        # Zensical puts the skip link's target, an empty <a id="__skip">, inside the article: left out,
        # with the whitespace around the content, both engines print the same source, and the
        # second build of `make test` finds every PDF in the cache.
        dropped = [e for e in elements if e.name in ("script", "link")
                   or (e.name == "a" and (e.has_class("headerlink") or e.attrs.get("id") == "__skip"))]
        self.content = html.cut(html.inner(text, article), dropped, offset=article.start_end).strip()
        heading = next((e for e in elements if e.name == "h1"), None)
        self.title = html.text(html.cut(html.inner(text, heading), dropped, offset=heading.start_end)) if heading else src
        self.labels = [html.text(html.inner(text, e)) for e in elements if e.name == "label"]


def run(build) -> None:
    site = build.site_dir
    expected = {
        worksheets.pdf_name(src, suffix): src for src in build.sources if worksheets.is_worksheet(src) for suffix in SIZES
    }
    check_pdf_links(build, expected)
    css_path = site / STYLESHEET
    css = css_path.read_bytes()
    use_cache = os.environ.get("WORKSHEET_PDF_CACHE", "on").lower() not in ("off", "0", "no")
    cache = build.project.root / CACHE_DIR
    started, made, cached, errors = time.perf_counter(), 0, 0, []
    printed: dict[str, dict[str, bytes]] = {suffix: {} for suffix in SIZES}  # suffix -> src -> PDF
    missed: list[tuple[Sheet, str, str, Path, Path]] = []  # (sheet, suffix, source, cache entry, out)
    for src in sorted({src for src in expected.values()}):
        sheet = Sheet(src, build.page_file(src).read_text(encoding="utf-8"))
        for suffix, (size, label) in SIZES.items():
            source = TEMPLATE.format(title=_html.escape(sheet.title), size=size, content=sheet.content)
            key = hashlib.sha256(source.encode() + css + _engine_version().encode()).hexdigest()[:24]
            cached_pdf = cache / f"{key}.pdf"
            out = site / worksheets.pdf_name(src, suffix)
            out.parent.mkdir(parents=True, exist_ok=True)
            if use_cache and cached_pdf.is_file():
                printed[suffix][src] = cached_pdf.read_bytes()
                out.write_bytes(printed[suffix][src])
                cached += 1
            else:
                missed.append((sheet, suffix, source, cached_pdf, out))
    jobs = [(source, [sheet.title, *sheet.labels]) for sheet, _, source, _, _ in missed]
    for (sheet, suffix, _, cached_pdf, out), (pdf, count, missing) in zip(missed, print_all(jobs, css_path, site)):
        label = SIZES[suffix][1]
        if count != 1:
            errors.append(
                f"docs/{sheet.src} ({sheet.title}): the {label} PDF runs to {count} pages; a worksheet must fit on one. "
                "Fix: cut words, or make [[lines N]] / [[box N]] fields shorter."
            )
            continue
        if missing:
            errors.append(
                f"docs/{sheet.src} ({sheet.title}): the {label} PDF lacks this text: {missing}. "
                "Fix: check the print stylesheet does not hide it."
            )
            continue
        out.write_bytes(pdf)
        printed[suffix][sheet.src] = pdf
        made += 1
        if use_cache:
            cache.mkdir(parents=True, exist_ok=True)
            cached_pdf.write_bytes(pdf)
    if errors:
        raise problems_error("Worksheet PDFs failed:", errors)
    order = sheet_order(build.project.config.get("nav"), list(printed[next(iter(SIZES))]))
    for suffix in SIZES:
        sheets = [printed[suffix][src] for src in order]
        key = hashlib.sha256(b"".join(sheets) + _engine_version().encode() + b"pack").hexdigest()[:24]
        cached_pdf = cache / f"{key}.pdf"
        if use_cache and cached_pdf.is_file():
            pack = cached_pdf.read_bytes()
        else:
            pack = make_pack(sheets)
            if use_cache:
                cache.mkdir(parents=True, exist_ok=True)
                cached_pdf.write_bytes(pack)
        (site / pack_name(suffix)).write_bytes(pack)
    # scripts/bench.py reads this line for the PDF generation time.
    log.info("Worksheet PDFs: made %d, from cache %d, in %.2f s", made, cached, time.perf_counter() - started)


def sheet_order(nav, srcs: list[str]) -> list[str]:
    """The worksheets in the order the menu lists them (any the menu lacks go last, by name)."""
    listed: list[str] = []

    def walk(items) -> None:
        for item in items or []:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str) and value in srcs and value not in listed:
                listed.append(value)

    walk(nav)
    return listed + sorted(src for src in srcs if src not in listed)


def make_pack(sheets: list[bytes]) -> bytes:
    """The sheets' PDFs as one, page after page, without their form fields (see the module's docstring)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in sheets:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)
    writer.remove_annotations(subtypes="/Widget")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def check_pdf_links(build, expected: dict[str, str]) -> None:
    """Every link to a .pdf on a page goes to a PDF this step makes (checked before any is made)."""
    problems = []
    packs = [pack_name(suffix) for suffix in SIZES]
    for src in build.sources:
        path = build.page_file(src)
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        base = "/" + pages.url_of(src)
        for href in pdf_hrefs(text):
            target = posixpath.normpath(posixpath.join(base, href)).lstrip("/")
            if target not in expected and not (expected and target in packs):
                moved = pages.download(target)
                if moved in expected or (expected and moved in packs):
                    # The PDFs used to sit beside the worksheets: an old link has one right answer.
                    fix = f"link to {pages.relative_url(pages.url_of(src), moved)} (the PDFs are in {pages.DOWNLOADS}/)."
                else:
                    fix = (f"link to one of {', '.join(sorted(expected) + packs) if expected else '(no worksheets yet)'}, "
                           "written relative to the page.")
                problems.append(f"docs/{src}: links to {href}, but no worksheet PDF is made there. Fix: {fix}")
    if problems:
        raise problems_error("Broken worksheet PDF links:", problems)


def pdf_hrefs(text: str) -> list[str]:
    """The relative hrefs of the page's links to .pdf files (each link read by the parser)."""
    hrefs, at = [], text.find(".pdf")
    while at >= 0:
        start = text.rfind("<", 0, at)
        element = html.start_tag_at(text, start) if start >= 0 else None
        href = (element.attrs.get("href") or "") if element is not None and element.name == "a" else ""
        if href.endswith(".pdf") and ":" not in href and not href.startswith("/") and href not in hrefs:
            hrefs.append(href)
        at = text.find(".pdf", at + 1)
    return hrefs


def print_all(jobs: list[tuple[str, list[str]]], css_path: Path, site: Path) -> list[tuple[bytes, int, list[str]]]:
    """Each (source, text it must hold) printed: its PDF, its page count, and the text the PDF lacks.
    On every core when there are several: a cold build prints 12 sheets an edition, about 8 s on one."""
    if not jobs:
        return []
    global _printer
    # Made here, before the workers fork: they inherit WeasyPrint, the parsed stylesheet and the fonts.
    _printer = Printer(css_path, site)
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers == 1:
        return [_print(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_print, jobs))


_printer: Printer | None = None


def _print(job: tuple[str, list[str]]) -> tuple[bytes, int, list[str]]:
    source, wanted = job
    pdf, count = _printer.render(source)
    return pdf, count, missing_text(pdf, wanted) if count == 1 else []


class Printer:
    """WeasyPrint with the print stylesheet read once for every sheet of a build, and the fonts
    it finds kept between sheets: a fifth of the step's time (the PDFs come out the same, byte
    for byte)."""

    def __init__(self, css_path: Path, site: Path) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        # Only local files: a font or image from the network would make the build
        # depend on the network, and the site promises no third-party requests.
        self.fetcher = URLFetcher(allowed_protocols={"file", "data"})
        self.fonts = FontConfiguration()
        self.stylesheet = CSS(filename=str(css_path), url_fetcher=self.fetcher, font_config=self.fonts)
        self.base_url = site.as_uri() + "/"

    def render(self, source: str) -> tuple[bytes, int]:
        from weasyprint import HTML

        document = HTML(string=source, base_url=self.base_url, url_fetcher=self.fetcher, media_type="print").render(
            stylesheets=[self.stylesheet], pdf_forms=True, font_config=self.fonts)
        return document.write_pdf(pdf_forms=True), len(document.pages)


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
