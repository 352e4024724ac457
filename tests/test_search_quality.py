"""The site's real search, typed into in headless Chromium, answers the readers' own words.

The queries live in data/search-queries.yml (written before any tuning); the
harness is guide/search_quality.py (scripts/search_quality.py runs it), which `make bench` also uses for timing.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

from guide import frontmatter, pages
from guide import search_quality as sq

MIN_QUERIES = 60  # issue 5: at least 60 queries


def description_of(url: str) -> str:
    by_url = {pages.url_of(src): src for src in pages.source_pages(ROOT / "docs")}
    return frontmatter.read(ROOT / "docs", by_url[url.split("#")[0]]).description


# --- the scoring itself must be able to say "miss" -------------------------------------

RESULTS = [
    ["after/", "after/#first-hour"],
    ["scenarios/sweaty-hands/", "scenarios/sweaty-hands/#now"],
    ["during/keep-calm/"],
    ["follow-up/"],
]


def test_a_wrong_expected_page_is_a_miss() -> None:
    wrong = sq.Query("sweaty hands", "follow-up/thank-you-note/")
    assert sq.rank_of(RESULTS, wrong) is None


def test_rank_is_the_position_of_the_expected_page() -> None:
    assert sq.rank_of(RESULTS, sq.Query("sweaty hands", "scenarios/sweaty-hands/")) == 2
    assert sq.rank_of(RESULTS, sq.Query("calm", "during/keep-calm/")) == 3


def test_an_alternative_counts_only_when_listed() -> None:
    query = sq.Query("q", "follow-up/thank-you-note/", ("during/keep-calm/",))
    assert sq.rank_of(RESULTS, query) == 3
    assert sq.rank_of(RESULTS, sq.Query("q", "follow-up/thank-you-note/")) is None


def test_a_section_target_needs_that_section_listed() -> None:
    assert sq.rank_of(RESULTS, sq.Query("q", "scenarios/sweaty-hands/#now")) == 2
    assert sq.rank_of(RESULTS, sq.Query("q", "scenarios/sweaty-hands/#follow-up")) is None
    # A page target is not answered by a different page that merely starts the same.
    assert sq.rank_of([["scenarios/sweaty-hands-2/"]], sq.Query("q", "scenarios/sweaty-hands/")) is None


def test_hit_rates_count_misses() -> None:
    q = sq.Query("q", "after/")
    report = sq.Report([
        sq.Outcome(q, [["after/"]], 1, 10.0),
        sq.Outcome(q, [["x/"], ["y/"], ["after/"]], 3, 20.0),
        sq.Outcome(q, [["x/"]], None, 30.0),
        sq.Outcome(q, [], None, 40.0),
    ])
    assert report.hit_at(1) == 0.25
    assert report.hit_at(3) == 0.5
    assert report.median_ms == 25.0
    assert len(report.misses) == 3


# --- the query file ------------------------------------------------------------------------


def test_query_file_is_well_formed_and_points_at_built_pages(site_dir: Path) -> None:
    queries = sq.load_queries()
    assert len(queries) >= MIN_QUERIES
    assert sq.missing_targets(queries, site_dir) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("queries: []\n", "top-level `queries:` list"),
        ("queries:\n  - {q: late}\n", "needs `expect:`"),
        ("queries:\n  - {q: late, expect: scenarios/arrived-late}\n", "end the page part with '/'"),
        ("queries:\n  - {q: late, expect: x/, hint: y}\n", "unknown key"),
        ("queries:\n  - {q: late, expect: x/}\n  - {q: Late, expect: y/}\n", "listed twice"),
    ],
)
def test_a_broken_query_file_names_the_file_and_the_fix(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "search-queries.yml"
    path.write_text(text)
    with pytest.raises(sq.QueryFileError) as error:
        sq.load_queries(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


# --- the real search, typed into -----------------------------------------------------------


@pytest.fixture(scope="module")
def report(browser, base_url: str) -> sq.Report:
    return sq.evaluate(browser, base_url, sq.load_queries())


def test_search_answers_the_readers_words(report: sq.Report) -> None:
    summary = sq.format_report(report)
    assert report.hit_at(3) >= sq.MIN_HIT3, summary
    assert report.hit_at(1) >= sq.MIN_HIT1, summary


def test_first_result_shows_the_pages_description(report: sq.Report) -> None:
    """A hit shows the page's one-line summary under its title, not a navigation fragment."""
    shown = [o for o in report.outcomes if o.rank == 1 and o.results[0][0] == o.query.expect]
    with_description = [o for o in shown if description_of(o.query.expect) in " ".join(o.teaser.split())]
    assert len(with_description) >= 0.8 * len(shown), [
        (o.query.q, o.teaser[:80]) for o in shown if o not in with_description
    ][:10]


def test_curly_and_straight_apostrophes_and_capitals_find_the_same_page(browser, base_url: str) -> None:
    # Phones type a curly apostrophe and capitalise the first word.
    queries = [
        sq.Query("didn't get the job", "scenarios/didnt-get-the-job/"),
        sq.Query("Didn\u2019t get the job", "scenarios/didnt-get-the-job/"),
        sq.Query("Should I say sorry", "follow-up/apologize-or-not/"),
    ]
    outcomes = sq.evaluate(browser, base_url, queries).outcomes
    assert [o.rank for o in outcomes] == [1, 1, 1], [(o.query.q, o.results[:3]) for o in outcomes]
