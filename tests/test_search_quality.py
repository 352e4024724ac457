"""The site's real search, in headless Chromium, answers the readers' own words, on both engines.

The queries live in data/search-queries*.yml (each set written before any tuning); the
harness is guide/checks/search_quality.py (scripts/search_quality.py runs it), which `make bench` also uses for timing.
Every query of every set is asked of each engine's build through the page's own search worker, in
the messages that engine's search box sends; each set meets its bars on each engine and finds the same
pages on both (hit@3 within sq.MAX_ENGINE_GAP). A sample of each set is typed key by key into the
search box (Material's, or Zensical's in its shadow root), which must show what the worker answered.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENGINES, ROOT

from guide.sources import frontmatter, pages
from guide.checks import search_quality as sq
from guide.errors import GuideError

MIN_QUERIES = 60  # enough readers' questions that hit@1 and hit@3 mean something


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
        ("queries:\n  - {q: late, expect: x/, hint: y}\n", "line 2: query #1 has an unknown key 'hint'. Fix: use one of `q:`"),
        ("queries:\n  - q: late\n    expcet: x/\n", "line 3: query #1 has an unknown key 'expcet'. Fix: rename it to `expect:`."),
        ("queries:\n  - {q: late, expect: x/}\n  - {q: Late, expect: y/}\n", "listed twice"),
    ],
)
def test_a_broken_query_file_names_the_file_and_the_fix(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "search-queries.yml"
    path.write_text(text)
    # The one error type every check raises (guide.errors.GuideError), not a SystemExit of its own.
    with pytest.raises(GuideError) as error:
        sq.load_queries(path)
    assert str(path) in error.value.message
    assert message in error.value.message


def test_the_command_prints_a_broken_query_file_as_the_build_prints_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "search-queries.yml"
    path.write_text("queries:\n  - {q: late, expect: x/, hint: y}\n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "search_quality.py"), str(tmp_path), "--queries", str(path)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {path}, line 2: query #1 has an unknown key 'hint'.")
    assert "Traceback" not in result.stderr


# --- the real search, typed into, on each engine ---------------------------------------------

# (engine, query file) -> report. Every query of a set is asked of each engine's search worker as
# its search box asks it (the same worker, index and mender), for the bars and the comparison; a
# sample is typed into the box itself, which must show the same (make bench types them all, timed).
_ASKED: dict[tuple[str, Path], sq.Report] = {}
_TYPED: dict[tuple[str, Path], sq.Report] = {}
SETS = list(sq.QUERY_SETS)


def _served(engine: str, base_url: str | None, run):
    if base_url is not None:
        return run(base_url)
    from guide.web.serve import serve

    with serve(ENGINES[engine]) as url:
        return run(url)


def asked(browser, engine: str, path: Path, base_url: str | None = None) -> sq.Report:
    if (engine, path) not in _ASKED:
        queries = sq.load_queries(path)
        _ASKED[engine, path] = _served(engine, base_url, lambda url: sq.evaluate_fast(browser, url, queries, engine=engine))
    return _ASKED[engine, path]


def typed(browser, engine: str, path: Path, base_url: str | None = None) -> sq.Report:
    if (engine, path) not in _TYPED:
        sample = sq.typed_sample(sq.load_queries(path))
        _TYPED[engine, path] = _served(engine, base_url, lambda url: sq.evaluate(browser, url, sample))
    return _TYPED[engine, path]


def test_the_harness_reads_which_engine_built_a_site(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search.json").write_text("{}")
    assert sq.engine_of(tmp_path) == "zensical"
    (tmp_path / "search" / "search_index.json").write_text("{}")
    assert sq.engine_of(tmp_path) == "mkdocs"
    with pytest.raises(GuideError):
        sq.engine_of(tmp_path / "search")


def test_every_query_set_has_bars() -> None:
    assert {path.name for path in SETS} == {p.name for p in (ROOT / "data").glob("search-queries*.yml")}


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_every_query_set_meets_its_bars_on_each_engine(browser, engine_url, path: Path) -> None:
    engine, base_url = engine_url
    report = asked(browser, engine, path, base_url)
    assert len(report.outcomes) == len(sq.load_queries(path))
    min1, min3 = sq.QUERY_SETS[path]
    summary = f"{engine}, {path.name}:\n" + sq.format_report(report)
    assert report.hit_at(3) >= min3, summary
    assert report.hit_at(1) >= min1, summary


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_the_search_box_shows_what_the_worker_answers(browser, engine_url, path: Path) -> None:
    """Typed key by key into each engine's own search box, a sample of each set (spread over the
    file) ranks the same pages as the worker asked directly: the bars above hold for the box."""
    engine, base_url = engine_url
    shown = typed(browser, engine, path, base_url)
    assert len(shown.outcomes) >= 5
    assert sq.box_differences(shown, asked(browser, engine, path, base_url)) == []


def test_a_box_that_shows_other_pages_is_a_difference() -> None:
    q, other = sq.Query("late", "after/"), sq.Query("sorry", "follow-up/")
    asked_ = sq.Report([sq.Outcome(q, [["after/"], ["x/"]], 1, 0.0), sq.Outcome(other, [["follow-up/"]], 1, 0.0)])
    shown = sq.Report([sq.Outcome(q, [["x/"], ["after/"]], 2, 9.0), sq.Outcome(other, [["follow-up/"]], 1, 9.0)])
    assert [d.split(":")[0] for d in sq.box_differences(shown, asked_)] == ["'late'"]
    assert sq.box_differences(asked_, asked_) == []


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_both_engines_find_the_same_pages(browser, path: Path) -> None:
    """For a reader the engine is invisible: the same words must find the same page on either build."""
    hit3 = {engine: asked(browser, engine, path).hit_at(3) for engine in sq.ENGINES}
    assert abs(hit3["mkdocs"] - hit3["zensical"]) <= sq.MAX_ENGINE_GAP, (path.name, hit3)


def test_the_first_query_downloads_within_budget(browser, engine_url) -> None:
    engine, base_url = engine_url
    download = sq.first_query_download(browser, base_url, ENGINES[engine])
    assert download["engine"] == engine
    assert "assets/search-fuzzy.js" in download["files"], download  # the one search, on both builds
    assert 0 < download["gzip_bytes"] <= sq.FIRST_QUERY_BUDGET_GZIP, download


@pytest.fixture(scope="module")
def report(browser, engine_url) -> sq.Report:
    engine, base_url = engine_url
    return typed(browser, engine, sq.QUERIES, base_url)


def test_first_result_shows_the_pages_description(report: sq.Report) -> None:
    """A hit shows the page's one-line summary under its title, not a navigation fragment."""
    shown = [o for o in report.outcomes if o.rank == 1 and o.results[0][0] == o.query.expect]
    with_description = [o for o in shown if description_of(o.query.expect) in " ".join(o.teaser.split())]
    assert len(with_description) >= 0.8 * len(shown), [
        (o.query.q, o.teaser[:80]) for o in shown if o not in with_description
    ][:10]


def test_curly_and_straight_apostrophes_and_capitals_find_the_same_page(browser, engine_url) -> None:
    _, base_url = engine_url
    # Phones type a curly apostrophe and capitalise the first word.
    queries = [
        sq.Query("didn't get the job", "scenarios/didnt-get-the-job/"),
        sq.Query("Didn\u2019t get the job", "scenarios/didnt-get-the-job/"),
        sq.Query("Should I say sorry", "follow-up/apologize-or-not/"),
    ]
    outcomes = sq.evaluate(browser, base_url, queries).outcomes
    assert [o.rank for o in outcomes] == [1, 1, 1], [(o.query.q, o.results[:3]) for o in outcomes]


# --- search that forgives spelling ----------------------------------------------------------------
# data/search-queries-misspelled.yml was written before search changed; docs/assets/search-fuzzy.js
# mends a misspelt word into the index's nearest word before Material's worker searches.

MIN_MISSPELLED_QUERIES = 40  # enough slips of the thumb that hit@1 and hit@3 mean something


def test_misspelled_query_file_is_well_formed(site_dir: Path) -> None:
    misspelled = sq.load_queries(sq.MISSPELLED)
    assert len(misspelled) >= MIN_MISSPELLED_QUERIES
    assert sq.missing_targets(misspelled, site_dir) == []


def test_misspellings_in_no_query_file_find_their_page(browser, engine_url) -> None:
    _, base_url = engine_url
    # Slips of each kind, none of them in either query file nor ever in search_phrases.
    queries = [
        sq.Query("apologyse", "follow-up/apologize-or-not/"),          # wrong letter
        sq.Query("nervouse", "scenarios/too-nervous/"),                 # one letter too many
        sq.Query("rejction letter", "scenarios/didnt-get-the-job/"),    # one letter missing
        sq.Query("sweaty hnads", "scenarios/sweaty-hands/"),            # two letters swapped
        sq.Query("overqualifeid", "scenarios/overqualified/"),          # swapped, in a long word
        sq.Query("Confidnece", "after/rebuild-confidence/"),            # a phone's capital, swapped letters
    ]
    outcomes = sq.evaluate(browser, base_url, queries).outcomes
    assert [o.rank for o in outcomes] == [1] * len(queries), [(o.query.q, o.results[:3]) for o in outcomes]


def test_a_mended_query_finds_what_the_right_spelling_finds(browser) -> None:
    from conftest import SITE
    from guide.web.serve import serve

    pairs = [("shoud i say sorry", "should i say sorry"),  # a stop word mends, then drops out
             ("thank you emial", "thank you email"), ("mirror body langauge", "mirror body language")]
    with serve(SITE) as url:
        report = sq.evaluate_fast(browser, url, [sq.Query(q, "") for pair in pairs for q in pair])
    results = [o.results for o in report.outcomes]
    for index, (typo, right) in enumerate(pairs):
        assert results[2 * index] == results[2 * index + 1], (typo, right)
        assert results[2 * index], right


def test_correct_spellings_rank_no_worse_than_without_the_mender(browser, base_url: str) -> None:
    queries = sq.load_queries()
    mended = sq.evaluate_fast(browser, base_url, queries).outcomes
    unmended = sq.evaluate_fast(browser, base_url, queries, unmended=True).outcomes
    worse = [(m.query.q, u.rank, m.rank) for m, u in zip(mended, unmended)
             if u.rank is not None and (m.rank is None or m.rank > u.rank)]
    assert worse == []
    # And the mender is really there: without it, a misspelling finds nothing.
    typo = [sq.Query("apoligize", "follow-up/apologize-or-not/")]
    assert sq.evaluate_fast(browser, base_url, typo, unmended=True).outcomes[0].results == []
    assert sq.evaluate_fast(browser, base_url, typo).outcomes[0].rank == 1
