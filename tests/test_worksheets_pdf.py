"""The build-time worksheet PDFs (WeasyPrint): present, one page, the right paper,
title and field labels in the text, fillable fields; and a build that fails,
naming the worksheet, on a sheet too long for one page, a malformed field or a
link to a PDF that is not made. Expected texts come from the Markdown sources."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, mkdocs_build

SHEETS = sorted(p.stem for p in (ROOT / "docs" / "worksheets").glob("*.md") if p.stem != "index")
PAPER = {"a4": (595, 842), "letter": (612, 792)}  # PDF points, rounded
FIELD_RE = re.compile(r"\[\[(line|lines \d+|box \d+|tick): ([^\]]+)\]\]")
H1_RE = re.compile(r"^# (.+)$", re.M)


def source(name: str) -> str:
    return (ROOT / "docs" / "worksheets" / f"{name}.md").read_text(encoding="utf-8")


def fields(name: str) -> list[tuple[str, str]]:
    return [(kind, label.strip()) for kind, label in FIELD_RE.findall(source(name))]


def read(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(path)
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    return reader, text


@pytest.mark.parametrize("paper", sorted(PAPER))
@pytest.mark.parametrize("name", SHEETS)
def test_pdf_is_one_page_with_title_labels_and_fillable_fields(site_dir: Path, name: str, paper: str) -> None:
    path = site_dir / "worksheets" / f"{name}-{paper}.pdf"
    assert path.is_file(), f"{path} was not made"
    reader, text = read(path)
    assert len(reader.pages) == 1, f"{path.name} has {len(reader.pages)} pages"
    width, height = (round(float(v)) for v in reader.pages[0].mediabox[2:])
    assert (width, height) == PAPER[paper]
    assert H1_RE.search(source(name)).group(1).strip() in text
    expected = fields(name)
    missing = [label for _, label in expected if label not in text]
    assert missing == [], f"{path.name} lacks the labels {missing}"
    form = reader.get_fields() or {}
    assert len(form) == len(expected), f"{path.name}: {len(form)} PDF fields for {len(expected)} in the source"
    kinds = sorted(field.get("/FT") for field in form.values())
    wanted = sorted("/Btn" if kind == "tick" else "/Tx" for kind, _ in expected)
    assert kinds == wanted
    # Each PDF field is named after its label, so a screen reader in the PDF reader reads it.
    assert sorted(str(field.get("/TU")) for field in form.values()) == sorted(label for _, label in expected)


def test_pocket_card_pdf_has_six_cards_and_no_fields(site_dir: Path) -> None:
    for paper in PAPER:
        reader, text = read(site_dir / "worksheets" / f"pocket-card-{paper}.pdf")
        assert len(reader.pages) == 1
        assert text.count("In the room: reset in one minute") == 6
        assert not reader.get_fields()


def test_pdfs_use_only_embedded_local_fonts(site_dir: Path) -> None:
    reader = PdfReader(site_dir / "worksheets" / "debrief-a4.pdf")
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


# ---- builds that must fail -------------------------------------------------------

def add_worksheet(project: Path, name: str, body: str) -> None:
    (project / "docs" / "worksheets" / f"{name}.md").write_text(
        "---\ntitle: A test sheet\ndescription: A sheet made by a test.\n---\n\n# A test sheet\n\n" + body,
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text()
    anchor = "      - Interview debrief: worksheets/debrief.md\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + f"      - Test: worksheets/{name}.md\n"))


def test_a_worksheet_too_long_for_one_page_fails_the_build_naming_it(project_copy: Path) -> None:
    body = "\n\n".join(f"[[lines 8: Question number {n}]]" for n in range(1, 9)) + "\n"
    add_worksheet(project_copy, "far-too-long", body)
    result = mkdocs_build(project_copy)
    assert result.returncode != 0
    assert "docs/worksheets/far-too-long.md" in result.stderr
    assert "pages; a worksheet must fit on one" in result.stderr
    # Only the long sheet is named: the others still fit.
    assert "docs/worksheets/debrief.md" not in result.stderr


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("[[lines: What went well?]]", "needs a number of lines"),
        ("[[line 3: Your name]]", "takes no number"),
        ("[[box 40: Notes]]", "use 1 to 10"),
        ("[[circle: Pick one]]", "unknown field kind 'circle'"),
        ("[[line What went well?]]", "malformed field"),
        ("[[line: ]]", "has no label"),
        ("Write here: [[line: Your name]]", "on a line of its own"),
        ("[[line: Your name]]\n\n[[line: Your name]]", "broken.md, line 10: the label 'Your name' is already used on line 8"),
        ("[[cards 2]]\n**Card**\n", "is never closed"),
    ],
)
def test_a_malformed_field_fails_the_build_naming_file_and_line(project_copy: Path, line: str, says: str) -> None:
    add_worksheet(project_copy, "broken", line + "\n")
    result = mkdocs_build(project_copy)
    assert result.returncode != 0
    assert "docs/worksheets/broken.md, line" in result.stderr
    assert says in result.stderr


def test_a_link_to_a_pdf_that_is_not_made_fails_the_build(project_copy: Path) -> None:
    index = project_copy / "docs" / "worksheets" / "index.md"
    index.write_text(index.read_text() + '\n<a href="gone-a4.pdf">Old sheet</a>\n')
    result = mkdocs_build(project_copy)
    assert result.returncode != 0
    assert "docs/worksheets/index.md: links to gone-a4.pdf" in result.stderr


def test_printed_link_is_the_short_link_else_the_page_url() -> None:
    import sys
    from types import SimpleNamespace

    sys.path.insert(0, str(ROOT / "hooks"))
    import worksheet_fields
    from short_links import load_registry

    worksheet_fields._cache.clear()
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), site_url="https://guide.example.org/")
    alias = next(
        link.alias for link in load_registry(ROOT).links
        if link.page == "worksheets/debrief.md" and not link.anchor
    )
    listed = SimpleNamespace(file=SimpleNamespace(src_uri="worksheets/debrief.md"), canonical_url="unused")
    assert worksheet_fields.print_url(listed, config) == f"https://guide.example.org/go/{alias}/"
    unlisted = SimpleNamespace(
        file=SimpleNamespace(src_uri="worksheets/not-in-the-registry.md"),
        canonical_url="https://guide.example.org/worksheets/not-in-the-registry/",
    )
    assert worksheet_fields.print_url(unlisted, config) == "https://guide.example.org/worksheets/not-in-the-registry/"
