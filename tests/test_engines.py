"""Both engines pass the same checks: MkDocs + Material (site/) and Zensical (build/zensical/site/).

`make test` builds the same repository with each, and each build runs the same
steps over its site. Every test here runs once per engine: links and anchors,
every short link and recorded URL, worksheets with their fields, the twelve
one-page PDFs and the print packs, checklist ticks that persist, a branch link
that shows its branch's phone number, and axe on three kinds of Zensical page
(tests/test_accessibility.py checks every MkDocs page). No request to another
host, on either engine, is the policy watch's (tests/test_csp_browser.py: every
page loaded, and search opened). What still differs between the engines is
pinned in ENGINE_DIFFERENCES below and listed in handbook/developers.md ("Engines").
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from conftest import ENGINES, ROOT
from guide.checks import axe, search_quality
from guide.sources import branches, frontmatter, pages, worksheets
from guide.steps.pdfs import Sheet
from guide.web import html
from guide.sources.registry import load as load_registry
from guide.steps.published_urls import RECORD, read_record
from test_links import follow, ids_in, page_path

REGISTRY = load_registry(ROOT)
SHEETS = [src for src in pages.source_pages(ROOT / "docs") if worksheets.is_worksheet(src)]
PAPER = {"a4": (595, 842), "letter": (612, 792)}

# What differs between the engines, each with how a test tells. handbook/developers.md, "Engines", lists the same.
# Search no longer does: both builds run Material's lunr worker behind docs/assets/search-fuzzy.js
# (handbook/developers.md, "One search on both engines"; the tests below and tests/test_search_quality.py).
ENGINE_DIFFERENCES: dict[str, str] = {}


def test_developers_handbook_lists_the_engine_differences_pinned_here() -> None:
    handbook = (ROOT / "handbook" / "developers.md").read_text(encoding="utf-8")
    section = handbook.split("## Engines", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- \*\*([^*]+)\*\*", section.split("### What differs", 1)[1], re.M)
    assert listed == list(ENGINE_DIFFERENCES)


def search_entries(engine: str, site: Path) -> tuple[dict, list[dict]]:
    """The search index's config and entries, from whichever file the engine writes."""
    if engine == "mkdocs":
        index = json.loads((site / "search" / "search_index.json").read_text())
        return index["config"], index["docs"]
    index = json.loads((site / "search.json").read_text())
    return index["config"], index["items"]


def test_both_engines_search_the_same_entries_the_same_way(engine_site) -> None:
    """One search on both builds: the same lunr settings, phrases, descriptions and boosts reach
    each engine's index, and Material's worker is in each site for search-fuzzy.js to load."""
    engine, site = engine_site
    config, entries = search_entries(engine, site)
    _, material = search_entries("mkdocs", ENGINES["mkdocs"])
    mk_config, _ = search_entries("mkdocs", ENGINES["mkdocs"])
    for key in ("lang", "separator", "pipeline", "fields", "stop_words"):
        assert config[key] == mk_config[key], (engine, key)
    sweaty = next(item for item in entries if item["location"] == "scenarios/sweaty-hands/")
    assert "clammy" in sweaty["phrases"]
    assert html.text(sweaty["text"]).startswith(frontmatter.read(ROOT / "docs", "scenarios/sweaty-hands.md").description)
    assert {e["location"]: e.get("boost") for e in entries} == {e["location"]: e.get("boost") for e in material}
    if engine == "zensical":
        # The very file Material's build runs, named where search-fuzzy.js looks for it.
        worker = Path("assets/javascripts/workers") / config["worker"]
        assert (site / worker).read_bytes() == (ENGINES["mkdocs"] / worker).read_bytes()


@pytest.mark.parametrize("link", REGISTRY.links, ids=lambda link: link.alias)
def test_every_short_link_lands_on_its_page_and_section(engine_url, link) -> None:
    engine, base_url = engine_url
    status, final, fragment, body = follow(f"{base_url}go/{link.alias}/")
    assert status == 200, f"{engine}: /go/{link.alias}/ ends on HTTP {status}"
    assert urlsplit(final).path == page_path(link.page)
    if link.anchor:
        assert fragment == link.anchor and link.anchor in ids_in(body)


def test_every_recorded_url_still_answers(engine_url) -> None:
    engine, base_url = engine_url
    broken = []
    for url in read_record(ROOT / RECORD):
        status, final, _, body = follow(base_url + url.lstrip("/"))
        if status != 200 or "<article" not in body:
            broken.append(f"{url} -> {status} {final}")
    assert broken == [], f"{engine}: {broken}"


@pytest.mark.parametrize("src", SHEETS)
def test_worksheet_fields_are_labelled_controls(engine_site, src: str) -> None:
    _, site = engine_site
    source = frontmatter.read(ROOT / "docs", src).body
    wanted = [f.label for line in source.splitlines() if line.startswith("[[") and not worksheets.cards_count(line)
              and not worksheets.is_cards_end(line) for f in worksheets.parse_row(line)]
    text = pages.html_file(site, pages.url_of(src)).read_text(encoding="utf-8")
    elements = html.scan(text)
    by_id = {e.attrs["id"]: e for e in elements if e.name in ("input", "textarea") and "data-ws-key" in e.attrs}
    labels = [e for e in elements if e.name == "label" and e.attrs.get("for") in by_id]
    assert [html.text(html.inner(text, label)) for label in labels] == wanted
    assert all(by_id[label.attrs["for"]].attrs["data-ws-key"].startswith(src[:-3] + "#") for label in labels)
    assert any(e.attrs.get("id") == "print" for e in elements), "no print bar (#print)"


def test_twelve_one_page_pdfs(engine_site) -> None:
    engine, site = engine_site
    made = sorted(p for p in site.glob("downloads/worksheets/*.pdf") if not p.name.startswith("print-pack-"))
    assert len(made) == 2 * len(SHEETS) == 12
    for suffix in PAPER:  # and the print packs: every sheet, one page each
        assert len(PdfReader(site / "downloads" / "worksheets" / f"print-pack-{suffix}.pdf").pages) == len(SHEETS)
    for pdf in made:
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1, f"{engine}: {pdf.name} has {len(reader.pages)} pages"
        size = tuple(round(float(v)) for v in reader.pages[0].mediabox[2:])
        assert size == PAPER[pdf.stem.rsplit("-", 1)[1]], pdf.name


def test_both_engines_print_each_worksheet_from_the_same_source(site_dir) -> None:
    # The PDF step prints a sheet from its article (guide/steps/pdfs.py, Sheet) and caches the PDF by
    # that source: the same on both builds, the second build of `make test` prints none again.
    sheets = sorted(p.relative_to(site_dir) for p in site_dir.glob("**/worksheets/*/index.html"))
    assert len(sheets) == 2 * len(SHEETS), sheets  # each edition's
    for relative in sheets:
        mkdocs, zensical = (Sheet(str(relative), (ENGINES[e] / relative).read_text(encoding="utf-8")) for e in ("mkdocs", "zensical"))
        assert (mkdocs.title, mkdocs.labels, mkdocs.content) == (zensical.title, zensical.labels, zensical.content), relative


def test_a_checklist_tick_survives_a_reload(engine_url, page) -> None:
    _, base_url = engine_url
    page.goto(base_url + "checklists/in-the-room/")
    box = page.locator("article input[type=checkbox]").first
    label = page.locator(f"label[for='{box.get_attribute('id')}']")
    label.click(position={"x": 3, "y": 8})
    assert box.is_checked()
    page.reload()
    assert page.locator("article input[type=checkbox]").first.is_checked()


def test_a_branch_link_shows_its_phone_number(engine_url, page) -> None:
    engine, base_url = engine_url
    branch = list(branches.load(ROOT))[-1]
    page.goto(f"{base_url}go/no-news/?from={branch.slug}")
    page.wait_for_url(lambda url: "/go/" not in url, timeout=10_000)
    page.locator("article .br-known").wait_for(timeout=10_000)
    text = " ".join(page.locator("article .br-known").inner_text().split())
    assert f"Your branch: {branch.name}, {branch.phone}" in text, engine
    assert page.locator("article .br-known a[href^='tel:']").get_attribute("href") == f"tel:{branch.dial}"
    response = page.request.get(f"{base_url}{branch.card}")
    assert response.status == 200 and branch.dial.encode() in response.body(), engine


# On Zensical's build. The MkDocs build's every page is axe-checked by tests/test_accessibility.py,
# in both palettes at both widths.
@pytest.mark.parametrize("engine_site", ["zensical"], indirect=True)
@pytest.mark.parametrize("path", ["", "worksheets/debrief/", "checklists/in-the-room/"])
def test_no_axe_violations(engine_url, browser, path: str) -> None:
    engine, base_url = engine_url
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(script=axe.source())
    tab = context.new_page()
    tab.goto(base_url + path, wait_until="load")
    violations = axe.violations(tab)
    context.close()
    assert violations == [], axe.report(f"{engine} /{path}", violations)


@pytest.mark.parametrize(("query", "expect"), [
    ("I showed up late", "scenarios/arrived-late/"),              # stop words, and a phrase's word
    ("the interviewer looked bored", "scenarios/interviewer-seemed-bored/"),  # any word, not every word
    ("apoligize", "follow-up/apologize-or-not/"),                 # mended before the worker reads it
])
def test_both_engines_answer_the_readers_words_with_the_same_search(engine_url, browser, query: str, expect: str) -> None:
    """Queries Zensical's own search engine failed (it wanted every word); the mended word is highlighted on both."""
    engine, base_url = engine_url
    # Typed the way the query sets are (guide/checks/search_quality.py): only once the
    # worker says it is ready, and with a last key press, as a reader types. Filling
    # the box earlier raced the worker on a loaded machine (CI, 2026-12: no result in 15 s).
    context = browser.new_context(viewport=search_quality.VIEWPORT, is_mobile=True, has_touch=True)
    context.add_init_script(search_quality.REPLIES_JS)
    page = context.new_page()
    try:
        assert search_quality.open_search(page, base_url) == engine
        outcome = search_quality.run_query(page, base_url, search_quality.Query(query, expect), engine)
        assert outcome.rank == 1, (engine, outcome.results[:3])
        ui = search_quality.UI[engine]
        first = page.locator(ui["link"]).first.get_attribute("href") or ""
        assert "h=" in urlsplit(first).query, (engine, first)  # both engines link results with ?h= for highlighting
        if query == "apoligize":
            marks = page.locator(ui["list"] + " mark").all_inner_texts()
            assert any(mark.lower().startswith("apologi") for mark in marks), (engine, marks)
    finally:
        context.close()
