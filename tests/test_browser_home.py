"""The home page in real headless Chromium: no console errors, no other hosts, working search."""
from __future__ import annotations

from conftest import goto_settled, is_local


def test_home_loads_without_console_errors_or_third_party_requests(page, base_url: str) -> None:
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    goto_settled(page, base_url)
    assert page.locator("h1").first.inner_text().strip()
    assert errors == []
    assert requests, "the page made no requests at all: the test is not watching"
    assert [url for url in requests if not is_local(url)] == []


def test_typing_in_search_lists_a_matching_page(page, base_url: str) -> None:
    goto_settled(page, base_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("recruiter")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    titles = " ".join(results.all_inner_texts()).lower()
    assert "recruiter" in titles
