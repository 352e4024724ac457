"""QR codes on paper: a phone camera pointed at a printed sheet opens that sheet.

Every worksheet and checklist printed by Chromium (print-to-PDF, A4 and Letter),
every worksheet PDF the build made, and both print packs are rasterised
(`pdftoppm`, Debian's poppler-utils) and their codes read back with pyzbar, the
Python face of Debian's libzbar, which also gives each code's size; one test
shows that `zbarimg` (zbar-tools, the same library's command) reads the same.
Each code must hold the sheet's short link from data/links.yml (else its page
URL), the address printed beside it; it must be at least 2 cm a side on paper;
a pocket card sheet has one more code per cut-out card. Sheets still print on
one page. Chromium prints each worksheet once, for tests/test_worksheets.py's
print test, which reads its codes with scan() and check_codes() from here.

The print pack: one PDF per paper size, every worksheet in menu order, page
count the sum of the sheets', each page's code that sheet's link; made from the
same cache as the sheets; linked from /worksheets/ and the recruiters' page.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader

from conftest import ROOT
from guide.sources import pages, registry
from guide.sources.config import load_project
from guide.steps.pdfs import pack_name, sheet_order

DPI = 150
MIN_SIDE_MM = 20
PAPER = {"a4": ("A4", (595, 842)), "letter": ("Letter", (612, 792))}  # suffix: (Chromium format, PDF points)
WORKSHEETS = sorted(f"worksheets/{p.name}" for p in (ROOT / "docs" / "worksheets").glob("*.md") if p.name != "index.md")
CHECKLISTS = sorted(f"checklists/{p.name}" for p in (ROOT / "docs" / "checklists").glob("*.md") if p.name != "index.md")
CARDS_RE = re.compile(r"^\[\[cards (\d+)\]\]$", re.M)
LINKS = registry.load(ROOT)


def tools() -> None:
    missing = [tool for tool in ("pdftoppm", "zbarimg") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"{' and '.join(missing)} missing: run the tests with 'make test' (it installs poppler-utils and zbar-tools).")


def site_url() -> str:
    return load_project(ROOT / "mkdocs.yml").site_url


def expected_url(src: str) -> str:
    """The sheet's short link (a whole-page one), else its own URL: worked out here from the registry."""
    whole_page = [link for link in LINKS.links if link.page == src and not link.anchor and not link.retired]
    if whole_page:
        return site_url() + f"go/{whole_page[0].alias}/"
    return site_url() + pages.url_of(src)


def expected_codes(src: str) -> int:
    """One code beside the title, and one on every cut-out card."""
    text = (ROOT / "docs" / src).read_text(encoding="utf-8")
    return 1 + sum(int(count) for count in CARDS_RE.findall(text))


def scan(pdf: Path) -> list[list[tuple[str, float]]]:
    """Each page's QR codes: (what it holds, its smaller side in mm)."""
    from PIL import Image
    from pyzbar import pyzbar

    tools()
    prefix = pdf.with_suffix("")
    # Grey, uncompressed (PGM): a QR code is dark on light, and pdftoppm writes and zbar reads
    # this in a third of the time a colour PNG takes (0.9 s a page to 0.3 s), with the same codes.
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), str(prefix)], check=True)
    return [
        sorted(
            (code.data.decode(), min(code.rect.width, code.rect.height) * 25.4 / DPI)
            for code in pyzbar.decode(Image.open(image), symbols=[pyzbar.ZBarSymbol.QRCODE])
        )
        for image in page_images(pdf)
    ]


def page_images(pdf: Path) -> list[Path]:
    """The page images scan() wrote beside `pdf`, in page order."""
    prefix = pdf.with_suffix("")
    return sorted(pdf.parent.glob(prefix.name + "-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def test_zbarimg_reads_what_pyzbar_reads(site_dir: Path, tmp_path: Path) -> None:
    # pyzbar and zbarimg are two faces of one library (libzbar), so each page is read once, by
    # pyzbar, which also gives a code's size (0.25 s of CPU a page less). This holds them together
    # on a sheet with several codes.
    pdf = tmp_path / "pocket-card-a4.pdf"
    shutil.copy(site_dir / "downloads" / "worksheets" / pdf.name, pdf)
    codes = scan(pdf)
    read = subprocess.run(
        ["zbarimg", "--nodbus", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", *map(str, page_images(pdf))],
        capture_output=True, text=True,
    )
    assert read.returncode == 0, read.stderr
    held = sorted(line for line in read.stdout.splitlines() if line)
    assert len(held) == expected_codes("worksheets/pocket-card.md") > 1
    assert held == sorted(data for page in codes for data, _ in page)


def check_codes(codes: list[tuple[str, float]], src: str, where: str) -> None:
    assert codes, f"{where}: no QR code found"
    assert {data for data, _ in codes} == {expected_url(src)}, f"{where}: the code holds {codes}"
    assert len(codes) == expected_codes(src), f"{where}: {len(codes)} codes for {expected_codes(src)} expected"
    small = [round(side, 1) for _, side in codes if side < MIN_SIDE_MM]
    assert not small, f"{where}: a code is only {small} mm a side on paper (at least {MIN_SIDE_MM} mm)"


@pytest.mark.parametrize("suffix", sorted(PAPER))
@pytest.mark.parametrize("src", WORKSHEETS)
def test_each_worksheet_pdf_carries_its_qr_code(site_dir: Path, tmp_path: Path, src: str, suffix: str) -> None:
    name = src.removeprefix("worksheets/").removesuffix(".md")
    pdf = tmp_path / f"{name}-{suffix}.pdf"
    shutil.copy(site_dir / "downloads" / "worksheets" / pdf.name, pdf)
    found = scan(pdf)
    assert len(found) == 1, f"{pdf.name} has {len(found)} pages"
    check_codes(found[0], src, pdf.name)


def check_print(page, pdf: Path, src: str, paper: str) -> None:
    """The codes of a sheet Chromium printed to `pdf` from `page`, and the address beside them."""
    found = scan(pdf)
    assert len(found) == 1, f"{src} prints on {len(found)} {paper} pages"
    check_codes(found[0], src, f"{src} printed on {paper}")
    # The address the code holds is printed beside it, as text to type.
    beside = page.locator(".ws-print-url").inner_text()
    assert expected_url(src) in " ".join(beside.split())


# The worksheets' prints are checked here too, in tests/test_worksheets.py's print test (one print
# each for its checks and these); test_every_sheet_is_printed_and_scanned holds the lists together.
@pytest.mark.parametrize("suffix", sorted(PAPER))
@pytest.mark.parametrize("src", CHECKLISTS)
def test_the_browser_prints_the_qr_code_beside_the_link(page, base_url: str, tmp_path: Path, src: str, suffix: str) -> None:
    page.goto(base_url + pages.url_of(src))
    page.emulate_media(media="print")
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(page.pdf(format=PAPER[suffix][0]))
    check_print(page, pdf, src, PAPER[suffix][0])


def test_every_sheet_is_printed_and_scanned() -> None:
    import test_worksheets

    assert WORKSHEETS and CHECKLISTS
    assert [f"worksheets/{name}.md" for name in test_worksheets.SHEETS] == WORKSHEETS
    assert {paper for paper, _ in PAPER.values()} == set(test_worksheets.PAPERS)


@pytest.mark.parametrize("suffix", sorted(PAPER))
def test_the_print_pack_holds_every_sheet_in_menu_order(site_dir: Path, tmp_path: Path, suffix: str) -> None:
    pdf = tmp_path / f"pack-{suffix}.pdf"
    shutil.copy(site_dir / pack_name(suffix), pdf)
    reader = PdfReader(pdf)
    sheets = sum(len(PdfReader(site_dir / "downloads" / f"{src[:-3]}-{suffix}.pdf").pages) for src in WORKSHEETS)
    assert len(reader.pages) == sheets == len(WORKSHEETS)
    assert {tuple(round(float(v)) for v in p.mediabox[2:]) for p in reader.pages} == {PAPER[suffix][1]}
    assert not reader.get_fields(), "the pack is for paper: no form fields that would fill each other in"
    nav = load_project(ROOT / "mkdocs.yml").config["nav"]
    order = sheet_order(nav, WORKSHEETS)
    assert sorted(order) == WORKSHEETS and order[-1] == "worksheets/pocket-card.md"
    for number, (codes, src) in enumerate(zip(scan(pdf), order), 1):
        check_codes(codes, src, f"page {number} of the {suffix} pack")


def test_the_print_pack_comes_from_the_pdf_cache(site_dir: Path) -> None:
    cache = ROOT / "build" / "worksheet-pdfs"
    cached = {path.read_bytes() for path in cache.glob("*.pdf")}
    for suffix in PAPER:
        assert (site_dir / pack_name(suffix)).read_bytes() in cached, f"the {suffix} pack is not in {cache}"


def test_the_print_pack_is_linked_from_worksheets_and_recruiters(page, base_url: str) -> None:
    for path in ("worksheets/", "recruiters/"):
        page.goto(base_url + path)
        hrefs = page.eval_on_selector_all("article a[href$='.pdf']", "els => els.map(a => a.href)")
        for suffix in PAPER:
            wanted = base_url + pack_name(suffix)
            assert wanted in hrefs, f"/{path} does not link to {pack_name(suffix)}"
            response = page.request.get(wanted)
            assert response.status == 200 and response.body().startswith(b"%PDF")


def test_the_code_is_a_full_qr_code_at_level_m(site_dir: Path) -> None:
    # The inline SVG on the page is exactly segno's full QR code at level M for the
    # printed address: never Micro QR, never a raised error level.
    from guide.web import html

    src = WORKSHEETS[0]
    text = (site_dir / pages.url_of(src) / "index.html").read_text(encoding="utf-8")
    opening = next(e for e in html.start_tags(text, "svg") if "ws-qr" in (e.attrs.get("class") or ""))
    path = next(html.start_tags(text[opening.start :], "path"))
    code = segno.make_qr(expected_url(src), error="m", boost_error=False)
    assert not code.is_micro and code.error == "M"
    side = code.symbol_size(border=0)[0]
    assert side >= 21 and (side - 17) % 4 == 0  # a full QR code's sizes: 21, 25, 29 ... modules
    assert opening.attrs["viewbox"] == f"0 0 {side} {side}"
    assert f'd="{path.attrs["d"]}"' in code.svg_inline(border=0, omitsize=True)
    other_level = segno.make_qr(expected_url(src), error="q", boost_error=False)
    assert f'd="{path.attrs["d"]}"' not in other_level.svg_inline(border=0, omitsize=True)
