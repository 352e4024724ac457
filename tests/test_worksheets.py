"""Worksheets in real headless Chromium: typing kept across reloads, the print
stylesheet (Chromium's own print-to-PDF, A4 and Letter: one page, title, every
field label, the short link, no site chrome, and the QR code that
tests/test_qr_codes.py reads), and the page's PDF links.

Titles and labels come from the Markdown sources (docs/worksheets/*.md), read
with a regex of this file's own, so a label the build drops is caught."""
from __future__ import annotations

import io
import re

import pytest
import yaml
from pypdf import PdfReader

import test_qr_codes
from conftest import ROOT

from guide.sources.registry import load as load_registry

SHEETS = sorted(p.stem for p in (ROOT / "docs" / "worksheets").glob("*.md") if p.stem != "index")
EXPECTED_SHEETS = {
    "debrief", "thank-you-note-planner", "strengths-stories",
    "follow-up-tracker", "next-interview-plan", "pocket-card",
}
FIELD_RE = re.compile(r"\[\[(line|lines \d+|box \d+|tick): ([^\]]+)\]\]")
H1_RE = re.compile(r"^# (.+)$", re.M)
PAPERS = ("A4", "Letter")
CHROME = ["Print this sheet", "Download PDF", "Clear my answers", "Keep your answers", "Copy as text", "Email them to me", "What to read next", "Table of contents", "Search"]


def source(name: str) -> str:
    return (ROOT / "docs" / "worksheets" / f"{name}.md").read_text(encoding="utf-8")


def title(name: str) -> str:
    body = source(name).split("\n---\n", 1)[-1]  # a YAML comment in the front matter is no title
    return H1_RE.search(body).group(1).strip()


def labels(name: str) -> list[str]:
    return [label.strip() for _, label in FIELD_RE.findall(source(name))]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def short_path(name: str) -> str:
    """The path the printed sheet should show: its short link, else the page itself."""
    page = f"worksheets/{name}.md"
    for link in load_registry(ROOT).links:
        if link.page == page and not link.anchor:
            return f"/go/{link.alias}/"
    return f"/worksheets/{name}/"


def test_the_six_worksheets_exist_and_five_have_fields() -> None:
    assert EXPECTED_SHEETS <= set(SHEETS)
    for name in SHEETS:
        if name != "pocket-card":
            assert len(labels(name)) >= 8, name


def test_typed_answers_and_ticks_survive_a_reload(page, base_url: str) -> None:
    name = "debrief"
    line, area, tick = labels(name)[0], labels(name)[2], next(
        label for kind, label in FIELD_RE.findall(source(name)) if kind == "tick"
    )
    page.goto(base_url + f"worksheets/{name}/")
    page.get_by_label(line, exact=True).fill("Office manager, Harbour Foods")
    page.get_by_label(area, exact=True).press_sequentially("I told the forklift story.")
    page.get_by_label(tick, exact=True).check()
    page.reload()
    assert page.get_by_label(line, exact=True).input_value() == "Office manager, Harbour Foods"
    assert page.get_by_label(area, exact=True).input_value() == "I told the forklift story."
    assert page.get_by_label(tick, exact=True).is_checked()

    page.get_by_role("button", name="Clear my answers").click()
    assert page.get_by_label(line, exact=True).input_value() == ""
    page.reload()
    assert page.get_by_label(area, exact=True).input_value() == ""
    assert not page.get_by_label(tick, exact=True).is_checked()


def test_answers_are_kept_per_worksheet(page, base_url: str) -> None:
    # Two sheets both have "Job and company": each keeps its own answer.
    shared = "Job and company"
    assert shared in labels("debrief") and shared in labels("next-interview-plan")
    page.goto(base_url + "worksheets/debrief/")
    page.get_by_label(shared, exact=True).fill("Baker, Rise Bakery")
    page.goto(base_url + "worksheets/next-interview-plan/")
    assert page.get_by_label(shared, exact=True).input_value() == ""


@pytest.mark.parametrize("name", SHEETS)
def test_every_field_has_a_visible_label_tied_to_it(page, base_url: str, name: str) -> None:
    page.goto(base_url + f"worksheets/{name}/")
    for label in labels(name):
        field = page.get_by_label(label, exact=True)
        assert field.count() == 1, label
        assert field.is_editable(), label
    assert page.get_by_role("button", name="Print this sheet").is_visible()


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", SHEETS)
def test_browser_print_is_one_page_with_title_labels_and_short_link(page, base_url: str, tmp_path, name: str, paper: str) -> None:
    page.goto(base_url + f"worksheets/{name}/")
    page.emulate_media(media="print")
    data = page.pdf(format=paper)
    printed = tmp_path / "printed.pdf"
    printed.write_bytes(data)
    # The same print's QR code, read back from the paper (a print is most of either check's time).
    test_qr_codes.check_print(page, printed, f"worksheets/{name}.md", paper)
    pages, text = pdf_text(data)
    assert pages == 1, f"{name} prints on {pages} {paper} pages"
    assert title(name) in text
    missing = [label for label in labels(name) if label not in text]
    assert missing == [], f"{name} on {paper}: labels missing from the print: {missing}"
    assert short_path(name) in text, f"{name}: the printed sheet lacks its link {short_path(name)}"
    shown = [word for word in CHROME if word in text]
    assert shown == [], f"{name}: site chrome or buttons in the print: {shown}"


def test_typed_text_is_printed(page, base_url: str) -> None:
    page.goto(base_url + "worksheets/thank-you-note-planner/")
    label = labels("thank-you-note-planner")[0]
    page.get_by_label(label, exact=True).fill("Ms Lee, head of operations")
    page.reload()  # print what was restored from storage, not only what was typed
    page.emulate_media(media="print")
    _, text = pdf_text(page.pdf(format="A4"))
    assert "Ms Lee, head of operations" in text


def test_pocket_card_prints_six_cards_but_shows_one_on_screen(page, base_url: str) -> None:
    card_title = "In the room: reset in one minute"
    page.goto(base_url + "worksheets/pocket-card/")
    assert page.get_by_text(card_title).filter(visible=True).count() == 1
    page.emulate_media(media="print")
    pages, text = pdf_text(page.pdf(format="Letter"))
    assert pages == 1
    assert text.count(card_title) == 6


@pytest.mark.parametrize("name", SHEETS)
def test_download_links_fetch_the_pdfs(page, base_url: str, name: str) -> None:
    page.goto(base_url + f"worksheets/{name}/")
    links = page.locator(".ws-download a")
    assert links.all_inner_texts() == ["A4", "US Letter"]
    for link in links.all():
        href = link.evaluate("a => a.href")
        assert href.startswith(base_url + "downloads/worksheets/") and href.endswith(".pdf"), href
        response = page.request.get(href)
        assert response.status == 200, href
        assert response.body().startswith(b"%PDF"), href


def test_index_lists_every_worksheet_and_checklist_with_print_and_pdf_links(page, base_url: str) -> None:
    page.goto(base_url + "worksheets/")
    hrefs = page.eval_on_selector_all("article a[href]", "els => els.map(a => a.href)")
    for name in SHEETS:
        assert any(href.endswith(f"/worksheets/{name}/") for href in hrefs), name
        assert any(href.endswith(f"/worksheets/{name}/#print") for href in hrefs), name
        assert any(href.endswith(f"/downloads/worksheets/{name}-a4.pdf") for href in hrefs), name
        assert any(href.endswith(f"/downloads/worksheets/{name}-letter.pdf") for href in hrefs), name
    for name in ("in-the-room", "first-24-hours", "follow-up-week"):
        assert any(href.endswith(f"/checklists/{name}/") for href in hrefs), name


def test_nav_lists_every_worksheet_and_checklist() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    section = next(item for item in config["nav"] if "Worksheets & checklists" in item)["Worksheets & checklists"]
    files = {entry if isinstance(entry, str) else next(iter(entry.values())) for entry in section}
    assert {f"worksheets/{name}.md" for name in SHEETS} <= files
    assert {f"checklists/{n}.md" for n in ("in-the-room", "first-24-hours", "follow-up-week")} <= files
