"""The build-time worksheet PDFs (WeasyPrint): present, one page, the right paper,
title and field labels in the text, fillable fields; and a build that fails,
naming the worksheet, on a sheet too long for one page, a malformed field or a
link to a PDF that is not made. Expected texts come from the Markdown sources."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, guide_build, render_markdown
from guide.errors import GuideError

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
    path = site_dir / "downloads" / "worksheets" / f"{name}-{paper}.pdf"
    assert path.is_file(), f"{path} was not made"
    reader, text = read(path)
    assert len(reader.pages) == 1, f"{path.name} has {len(reader.pages)} pages"
    width, height = (round(float(v)) for v in reader.pages[0].mediabox[2:])
    assert (width, height) == PAPER[paper]
    assert H1_RE.search(source(name).split("\n---\n", 1)[-1]).group(1).strip() in text  # past the front matter
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
        reader, text = read(site_dir / "downloads" / "worksheets" / f"pocket-card-{paper}.pdf")
        assert len(reader.pages) == 1
        assert text.count("In the room: reset in one minute") == 6
        assert not reader.get_fields()


def test_pdfs_use_only_embedded_local_fonts(site_dir: Path) -> None:
    reader = PdfReader(site_dir / "downloads" / "worksheets" / "debrief-a4.pdf")
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


# ---- builds that must fail -------------------------------------------------------

def add_worksheet(project: Path, name: str, body: str) -> None:
    (project / "docs" / "worksheets" / f"{name}.md").write_text(
        "---\ntitle: A test sheet\ndescription: A sheet made by a test.\nreviewed: 2026-11-20\n---\n\n# A test sheet\n\n" + body,
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text()
    anchor = "      - Interview debrief: worksheets/debrief.md\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + f"      - Test: worksheets/{name}.md\n"))


def test_a_worksheet_too_long_for_one_page_fails_the_build_naming_it(english_copy: Path) -> None:
    body = "\n\n".join(f"[[lines 8: Question number {n}]]" for n in range(1, 9)) + "\n"
    add_worksheet(english_copy, "far-too-long", body)
    result = guide_build(english_copy)
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
        ("[[line: Your name]]\n\n[[line: Your name]]", "broken.md, line 5: the label 'Your name' is already used on line 3"),
        ("[[cards 2]]\n**Card**\n", "is never closed"),
    ],
)
def test_a_malformed_field_is_refused_naming_file_and_line(line: str, says: str) -> None:
    """Each kind, from the extension itself; the build below shows one reaching the editor."""
    with pytest.raises(GuideError) as raised:
        render_markdown("# A test sheet\n\n" + line + "\n", "worksheets/broken.md", ["guide.markdown.worksheets"])
    assert "docs/worksheets/broken.md, line " in raised.value.message
    assert says in raised.value.message


def test_a_malformed_field_fails_the_build_naming_file_and_line(project_copy: Path) -> None:
    # Line numbers count the front matter: the second field is on the file's line 11.
    add_worksheet(project_copy, "broken", "[[line: Your name]]\n\n[[line: Your name]]\n")
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert "docs/worksheets/broken.md, line 11: the label 'Your name' is already used on line 9" in result.stderr


def test_a_link_to_a_pdf_that_is_not_made_fails_the_build(english_copy: Path) -> None:
    index = english_copy / "docs" / "worksheets" / "index.md"
    index.write_text(index.read_text() + '\n<a href="gone-a4.pdf">Old sheet</a>\n')
    result = guide_build(english_copy)
    assert result.returncode != 0
    assert "docs/worksheets/index.md: links to gone-a4.pdf" in result.stderr


def test_a_link_to_where_a_pdf_used_to_be_names_its_new_place(english_copy: Path) -> None:
    index = english_copy / "docs" / "recruiters" / "index.md"
    index.write_text(index.read_text() + '\n<a href="../worksheets/debrief-a4.pdf">Debrief</a>\n')
    result = guide_build(english_copy)
    assert result.returncode != 0
    assert ("docs/recruiters/index.md: links to ../worksheets/debrief-a4.pdf, but no worksheet PDF is made there. "
            "Fix: link to ../downloads/worksheets/debrief-a4.pdf") in result.stderr


def test_printed_link_is_the_short_link_else_the_page_url() -> None:
    from guide.sources.registry import load

    alias = next(
        link.alias for link in load(ROOT).links if link.page == "worksheets/debrief.md" and not link.anchor
    )
    listed = render_markdown("# Debrief\n\n[[line: Name]]\n", "worksheets/debrief.md", ["guide.markdown.worksheets"])
    assert f"Find this sheet again: <span>https://guide.example.org/go/{alias}/</span>" in listed
    unlisted = render_markdown("# Other\n\n[[line: Name]]\n", "worksheets/not-in-the-registry.md", ["guide.markdown.worksheets"])
    assert "<span>https://guide.example.org/worksheets/not-in-the-registry/</span>" in unlisted


def test_a_label_in_any_script_makes_a_field(english_copy: Path) -> None:
    # A label with no ASCII letters once failed as "has no label". (On a page that is
    # not a printed sheet: this machine's PDF fonts have no Chinese.)
    page = english_copy / "docs" / "checklists" / "in-the-room.md"
    page.write_text(page.read_text() + "\n[[line: 你的名字]]\n\n[[tick: 我准时到了]]\n", encoding="utf-8")
    result = guide_build(english_copy)
    assert result.returncode == 0, result.stderr
    page = (english_copy / "site" / "checklists" / "in-the-room" / "index.html").read_text(encoding="utf-8")
    assert 'data-ws-key="checklists/in-the-room#你的名字"' in page
    assert '<label for="ws-我准时到了">我准时到了</label>' in page
