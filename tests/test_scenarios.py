"""Scenario pages keep their URLs and their shape: what to do now, after, and when following up.

Recruiters link to /scenarios/NAME/#follow-up and search tests expect these URLs, so a
renamed page or section id must fail here, not in a candidate's inbox.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from guide.checks.prose import SitePage, article_links

SCENARIOS = [
    "arrived-late", "blanked-on-a-question", "interviewer-seemed-bored", "surprise-group-interview",
    "sweaty-hands", "overqualified", "gave-a-bad-answer", "forgot-to-mention-something",
    "too-nervous", "first-interview-in-years", "interviewer-was-rude", "didnt-get-the-job",
    "no-news-after-a-week", "didnt-click", "someone-referred-me", "searching-for-months",
    "video-call-went-wrong", "running-late", "ask-for-a-second-chance", "wrong-name",
    "said-something-i-regret", "inappropriate-question", "panel-interview-went-wrong",
    "spilled-something", "did-it-go-well", "dont-want-the-job", "getting-feedback",
    "cant-stop-replaying-it", "need-an-adjustment", "failed-a-skills-test",
]
# Every scenario routes to the advice: at least one page in each of these sections.
ADVICE_SECTIONS = ["during/", "after/", "follow-up/"]
# Pages about waiting or a "no" have nothing to do in the room, so they skip "during/".
NOT_IN_THE_ROOM = {
    "didnt-get-the-job", "no-news-after-a-week", "running-late", "ask-for-a-second-chance",
    "did-it-go-well", "dont-want-the-job", "getting-feedback", "cant-stop-replaying-it",
    "need-an-adjustment", "failed-a-skills-test",
}


def load(site_dir: Path, url: str) -> SitePage:
    file = site_dir / url / "index.html"
    assert file.is_file(), f"{url} is missing from the built site: was docs/{url.rstrip('/')}.md renamed?"
    soup = BeautifulSoup(file.read_text(), "html.parser")
    return SitePage(f"{url}index.html", url, soup, False, soup.select_one("article.md-content__inner"))


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_page_has_its_sections_and_routes_to_advice(site_dir: Path, name: str) -> None:
    page = load(site_dir, f"scenarios/{name}/")
    ids = {tag["id"] for tag in page.article.find_all(["h2", "h3"], id=True)}
    for section in ("now", "follow-up", "read-next"):
        assert section in ids, f"scenarios/{name}: no '#{section}' section (ids: {sorted(ids)})"
    links = article_links(page)
    for prefix in ADVICE_SECTIONS:
        if prefix == "during/" and name in NOT_IN_THE_ROOM:
            continue
        assert any(link.startswith(prefix) for link in links), f"scenarios/{name}: no link into {prefix}"


def test_scenario_list_links_every_scenario(site_dir: Path) -> None:
    index = load(site_dir, "scenarios/")
    missing = [name for name in SCENARIOS if f"scenarios/{name}/" not in article_links(index)]
    assert not missing, f"scenarios/index.md does not list: {missing}"


def test_every_scenario_source_is_listed_here() -> None:
    # A new scenario page must be added to SCENARIOS, so it gets the checks above.
    on_disk = {p.stem for p in (ROOT / "docs" / "scenarios").glob("*.md")} - {"index"}
    assert on_disk == set(SCENARIOS), f"not in SCENARIOS: {on_disk - set(SCENARIOS)}; gone: {set(SCENARIOS) - on_disk}"
