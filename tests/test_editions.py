"""The Spanish edition (guide/sources/editions.py): every English page has its Spanish twin
under /es/ on both engines, in Spanish (html lang, the theme's words, the build's words from
es/data/interface.yml), with the language switcher and hreflang links to the same page, its
own search (Spanish stemming, accents optional, only Spanish pages), its own paper (PDFs whose
QR code opens the Spanish page) and short links (/es/go/ALIAS/), plain Spanish, and a record of
which English version each page translates, which `make review` compares."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest

from conftest import ENGINES, ROOT, goto_settled, wait_for_events  # noqa: F401
from guide.checks import plain_language
from guide.checks import search_quality as sq
from guide.errors import GuideError
from guide.sources import editions, pages, registry
from guide.sources.config import load_project
from guide.web.serve import serve
from test_qr_codes import scan

ENGLISH = pages.source_pages(ROOT / "docs")
SPANISH = pages.source_pages(ROOT / "es" / "docs")


# ---- the sources --------------------------------------------------------------------------------


def test_every_english_page_has_a_spanish_page_and_no_other() -> None:
    assert len(ENGLISH) > 60
    assert sorted(SPANISH) == sorted(ENGLISH)


def test_a_settings_mapping_merges_and_a_list_replaces_and_a_plugin_is_replaced_by_name() -> None:
    base = {"theme": {"name": "material", "language": "en"}, "nav": ["a.md", "b.md"],
            "plugins": [{"search": {"lang": "en"}}, {"redirects": {"redirect_maps": {"old.md": "new.md"}}}]}
    merged = editions.merged(base, {"theme": {"language": "es"}, "nav": ["b.md"], "plugins": [{"search": {"lang": "es"}}]})
    assert merged["theme"] == {"name": "material", "language": "es"}
    assert merged["nav"] == ["b.md"]
    assert merged["plugins"] == [{"search": {"lang": "es"}}, {"redirects": {"redirect_maps": {"old.md": "new.md"}}}]
    assert base["theme"]["language"] == "en"  # the English configuration is untouched


def test_the_spanish_configuration_is_built_from_mkdocs_yml() -> None:
    project = load_project(ROOT / "mkdocs.yml")
    spanish = next(e for e in editions.editions(project) if e.lang == "es")
    config = editions.edition_config(project, spanish, project.site_dir / "es")
    assert config["docs_dir"] == "es/docs"
    assert config["site_url"] == project.site_url + "es/"
    assert config["theme"]["language"] == "es"
    assert config["theme"]["custom_dir"] == "overrides"  # the rest of the theme is mkdocs.yml's
    assert config["markdown_extensions"] == project.config["markdown_extensions"]
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    assert search["lang"] == "es" and "stemmer" in search["pipeline"]


def test_an_edition_may_not_set_what_the_build_sets(project_copy: Path) -> None:
    settings = project_copy / "es" / "edition.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "docs_dir: spanish\n", encoding="utf-8")
    project = load_project(project_copy / "mkdocs.yml")
    with pytest.raises(GuideError, match=r"es/edition.yml: `docs_dir` is set by the build"):
        editions.edition_config(project, editions.editions(project)[1], project.site_dir / "es")


def test_an_alternate_with_the_wrong_link_or_no_folder_fails(project_copy: Path) -> None:
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("link: /es/", "link: /spanish/"), encoding="utf-8")
    with pytest.raises(GuideError, match=r"Fix: write link: /es/"):
        editions.editions(load_project(config))
    config.write_text(text.replace("lang: es", "lang: fr").replace("link: /es/", "link: /fr/"), encoding="utf-8")
    with pytest.raises(GuideError, match=r"fr/edition.yml does not exist"):
        editions.editions(load_project(config))


def test_a_missing_translation_of_the_builds_words_names_the_file_and_the_words() -> None:
    assert editions.say(ROOT, "es", "Print this sheet") == "Imprimir esta hoja"
    assert editions.say(ROOT, "es", "Call {phone}", phone="555") == "Llamar al 555"
    assert editions.say(ROOT, "en", "Call {phone}", phone="555") == "Call 555"
    with pytest.raises(GuideError, match=r"es/data/interface.yml has no translation of 'Never written'"):
        editions.say(ROOT, "es", "Never written")


def test_every_word_the_page_scripts_say_is_one_the_build_translates() -> None:
    said = set()
    for script in (ROOT / "docs" / "assets").rglob("*.js"):
        said |= set(re.findall(r'\bsay\("((?:[^"\\]|\\.)*)"', script.read_text(encoding="utf-8")))
    store = (ROOT / "docs" / "assets" / "store.js").read_text(encoding="utf-8")
    notice = "".join(re.findall(r'"([^"]*)"', store.split("var NOTICE =")[1].split(";")[0]))
    assert said | {notice} == set(editions.SCRIPT_WORDS)
    words = editions.interface(ROOT, "es")
    assert [w for w in editions.SCRIPT_WORDS if w not in words] == []


def test_a_spanish_page_without_its_english_version_fails_with_the_value_to_write(project_copy: Path) -> None:
    from conftest import guide_build

    page = project_copy / "es" / "docs" / "scenarios" / "arrived-late.md"
    page.write_text(re.sub(r"\ntranslated_from: \w+", "", page.read_text(encoding="utf-8")), encoding="utf-8")
    result = guide_build(project_copy)
    assert result.returncode == 1
    version = editions.english_version(ROOT, "scenarios/arrived-late.md")
    assert "es/docs/scenarios/arrived-late.md: `translated_from:` is missing" in result.stderr
    assert f"Fix: add `translated_from: {version}`" in result.stderr


def test_review_lists_stale_and_missing_translations_and_never_fails(project_copy: Path) -> None:
    english = project_copy / "docs" / "during" / "keep-calm.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    (project_copy / "es" / "docs" / "moving-on" / "keep-searching.md").unlink()
    result = subprocess.run([sys.executable, "-m", "guide", "review", "-f", str(project_copy / "mkdocs.yml")],
                            capture_output=True, text=True, cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert "es/docs/during/keep-calm.md: docs/during/keep-calm.md changed since it was translated" in result.stdout
    assert "es/docs/moving-on/keep-searching.md: missing" in result.stdout
    assert "es/docs/after/debrief.md" not in result.stdout  # unchanged pages are not listed
    assert f"translated_from: {editions.english_version(project_copy, 'during/keep-calm.md')}" in result.stdout


def test_every_spanish_page_translates_the_english_page_as_it_is_now() -> None:
    project = load_project(ROOT / "mkdocs.yml")
    assert editions.translation_report(project) == []


# ---- the built editions, both engines -----------------------------------------------------------


@pytest.fixture(scope="session")
def built(engine_site) -> tuple[str, Path]:
    """(engine, built site) of each engine, with its Spanish edition in es/."""
    engine, site = engine_site
    if not (site / "es" / "index.html").is_file():
        pytest.fail(f"{site}/es is not built: run the tests with 'make test'.")
    return engine, site


def html_lang(text: str) -> str:
    return re.search(r"<html[^>]*\blang=\"([^\"]+)\"", text).group(1)


def test_every_page_has_its_twin_in_the_other_language_linked_both_ways(built) -> None:
    engine, site = built
    project = load_project(ROOT / "mkdocs.yml")
    for src in ENGLISH:
        url = pages.url_of(src)
        english = pages.html_file(site, url).read_text(encoding="utf-8")
        spanish = pages.html_file(site / "es", url).read_text(encoding="utf-8")
        assert html_lang(english) == "en" and html_lang(spanish) == "es", (engine, src)
        for text in (english, spanish):
            switcher = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', text))
            assert {lang: href for href, lang in switcher.items()} == {
                "en": project.root_relative(url), "es": project.root_relative("es/" + url)}, (engine, src)
            alternates = dict((lang, href) for href, lang in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="(\w+)"', text))
            # At each edition's home: the theme fetches sitemap.xml beside each one (guide/steps/language_links.py).
            assert alternates == {"en": project.root_relative(""), "es": project.root_relative("es/")}, (engine, src)


def test_the_spanish_pages_speak_spanish(built) -> None:
    _, site = built
    sheet = (site / "es" / "worksheets" / "debrief" / "index.html").read_text(encoding="utf-8")
    assert "Imprimir esta hoja" in sheet and "Guardar como PDF" in sheet and "Página revisada el" in sheet
    assert "Print this sheet" not in sheet and "Page last reviewed" not in sheet
    words = json.loads(re.search(r"data-guide-words=\"([^\"]+)\"", sheet).group(1).replace("&quot;", '"'))
    assert words["Forget"] == "Olvidar"
    english = (site / "worksheets" / "debrief" / "index.html").read_text(encoding="utf-8")
    assert "Print this sheet" in english and "data-guide-words" not in english


def test_each_sitemap_lists_both_languages_of_each_page(built) -> None:
    _, site = built
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for folder in (site, site / "es"):
        root = etree.parse(folder / "sitemap.xml").getroot()
        for url in root.findall("s:url", ns):
            langs = sorted(link.get("hreflang") for link in url.findall("x:link", ns))
            assert langs == ["en", "es"], (folder, url.find("s:loc", ns).text)


def test_each_edition_searches_its_own_pages_with_its_own_language(built) -> None:
    engine, site = built
    index_file = "search/search_index.json" if engine == "mkdocs" else "search.json"
    entries = "docs" if engine == "mkdocs" else "items"
    spanish = json.loads((site / "es" / index_file).read_text(encoding="utf-8"))
    english = json.loads((site / index_file).read_text(encoding="utf-8"))
    assert spanish["config"]["lang"] == ["es"] and "stemmer" in spanish["config"]["pipeline"]
    assert english["config"]["lang"] == ["en"]
    spanish_urls = {pages.url_of(src) for src in SPANISH}
    assert {e["location"].split("#")[0] for e in spanish[entries]} <= spanish_urls
    assert not any(e["location"].startswith("es/") for e in english[entries])
    assert "entrevista" in spanish["config"]["stop_words"] or "de" in spanish["config"]["stop_words"]


def test_spanish_paper_carries_the_spanish_short_link_and_qr_code(built, tmp_path: Path) -> None:
    _, site = built
    links = registry.load(ROOT)
    alias = next(link.alias for link in links.links if link.page == "worksheets/debrief.md" and not link.anchor)
    pdf = site / "es" / pages.download("worksheets/debrief-a4.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Repaso de la entrevista" in text or "Vuelve a encontrar esta hoja" in text
    assert f"/es/go/{alias}/" in text
    copy = tmp_path / pdf.name  # scan() writes its page images beside the PDF: not into the site
    shutil.copy(pdf, copy)
    decoded = [data for data, _ in scan(copy)[0]]
    assert any(code.endswith(f"/es/go/{alias}/") for code in decoded), decoded
    for src in SPANISH:
        if src.startswith("worksheets/") and not src.endswith("index.md"):
            for paper in ("a4", "letter"):
                assert (site / "es" / pages.download(f"{src[:-3]}-{paper}.pdf")).is_file(), src


def test_spanish_short_links_open_the_spanish_page(built) -> None:
    _, site = built
    for link in registry.load(ROOT).links:
        stub = (site / "es" / registry.GO / link.alias / "index.html").read_text(encoding="utf-8")
        target = "es/" + pages.url_of(link.page)
        assert target in stub or pages.url_of(link.page) in stub, link.alias
        assert "/es/" in stub or "../../" in stub, link.alias


def test_the_spanish_edition_is_plain_spanish(built) -> None:
    _, site = built
    rows, failures = plain_language.check(site, "es")
    assert len(rows) >= len(SPANISH)
    assert failures == []


# ---- in the browser -------------------------------------------------------------------------------


def test_the_switcher_opens_the_same_page_in_the_other_language(page, nginx_url) -> None:
    _, base = nginx_url
    sitemaps: list[tuple[str, int]] = []
    page.on("response", lambda response: sitemaps.append((response.url, response.status)) if "sitemap" in response.url else None)
    goto_settled(page, base + "scenarios/arrived-late/")
    # The theme fetches a sitemap beside each head alternate: only the two that exist, from this host.
    # (Instant navigation fetches the edition's own one once more.) Their responses reach these
    # handlers only while Playwright is called, hence the wait.
    wanted = [(base + "es/sitemap.xml", 200), (base + "sitemap.xml", 200)]
    wait_for_events(page, lambda: len(set(sitemaps)) >= len(wanted), "the two sitemap requests", seconds=10)
    page.wait_for_timeout(200)  # time for a third request, which would be one too many
    assert sorted(set(sitemaps)) == wanted
    page.locator("a.md-select__link[hreflang=es]").first.dispatch_event("click")
    page.wait_for_url(re.compile(r"/es/scenarios/arrived-late/$"))
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator("a.md-select__link[hreflang=en]").first.dispatch_event("click")
    page.wait_for_url(base + "scenarios/arrived-late/")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.fixture(scope="session")
def spanish_url(built):
    _, site = built
    with serve(site / "es") as url:
        yield url


def test_the_spanish_query_set_meets_its_bar(browser, built, spanish_url) -> None:
    engine, site = built
    queries = sq.load_queries(sq.SPANISH)
    assert len(queries) >= 40
    assert sq.missing_targets(queries, site / "es") == []
    report = sq.evaluate_fast(browser, spanish_url, queries, engine=engine)
    assert report.hit_at(3) >= sq.SPANISH_MIN_HIT3, f"{engine}:\n" + sq.format_report(report)
    # Typed into the Spanish search box, a sample shows what the worker answered.
    shown = sq.evaluate(browser, spanish_url, sq.typed_sample(queries))
    assert sq.box_differences(shown, report) == []


def test_spanish_search_forgives_accents_plural_and_slips(browser, spanish_url) -> None:
    pairs = [("como pedir perdon", "cómo pedir perdón"), ("entrevistas", "entrevista"), ("entrebista", "entrevista"),
             ("nerviosa", "nervioso")]
    report = sq.evaluate(browser, spanish_url, [sq.Query(q, "") for pair in pairs for q in pair])
    results = [[item[0] for item in o.results[:3]] for o in report.outcomes]
    for index, (one, other) in enumerate(pairs):
        assert results[2 * index], one
        assert results[2 * index][0] == results[2 * index + 1][0], (one, other, results[2 * index], results[2 * index + 1])


# ---- the recruiters' page in Spanish: es/data/links.yml -----------------------------------------


def spanish_registry(tmp_path: Path, change=None) -> registry.Registry:
    import yaml

    data = yaml.safe_load((ROOT / "es" / "data" / "links.yml").read_text(encoding="utf-8"))
    if change:
        change(data)
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "links.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return registry.translated(ROOT, tmp_path)


def test_the_spanish_registry_has_the_same_links_in_spanish() -> None:
    english, spanish = registry.load(ROOT), registry.translated(ROOT, ROOT / "es")
    assert [l.alias for l in spanish.links] == [l.alias for l in english.links]
    assert [l.page for l in spanish.links] == [l.page for l in english.links]
    assert all(s.description != e.description for s, e in zip(spanish.links, english.links))
    assert [e.id for e in spanish.emails] == [e.id for e in english.emails]


def test_a_link_without_its_spanish_words_or_an_unknown_alias_fails_naming_it(tmp_path: Path) -> None:
    def drop_first_add_unknown(data):
        first = data["links"].pop(0)
        data["links"].append({"alias": "no-such-alias", "description": "x"})
        data["emails"][0]["body"] = data["emails"][0]["body"].replace("{go:", "{ir:")
        data["links"][0]["descripcion"] = "typo"
        return first

    with pytest.raises(GuideError) as error:
        spanish_registry(tmp_path, drop_first_add_unknown)
    message = error.value.message
    first = registry.load(ROOT).links[0].alias
    assert f"the link '{first}' of data/links.yml has no entry" in message
    assert "alias 'no-such-alias' is not in data/links.yml" in message
    assert "links differ from data/links.yml's" in message
    assert "descripcion" in message
