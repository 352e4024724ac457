"""Readers' ticks and answers in real headless Chromium when things change around them:
a page moves (redirect_maps) or an item is reworded (`was:`), "Clear" is pressed, or the
browser keeps nothing (blocked site data) or is full. Nothing is lost that can be kept,
nothing stays after Clear, and the reader is told once, plainly, when nothing is kept.
Storage is blocked with an init script (which no page policy governs); the policy tests
run over nginx with the build's own headers, both engines, and count 0 violations."""
from __future__ import annotations

import re

import pytest

from conftest import copy_project, guide_build, wait_until
from guide.sources import worksheets
from guide.web.serve import serve
from test_csp_browser import WATCH

NOTICE = "This browser is not keeping your answers"
# Reading localStorage or sessionStorage throws, as where a browser blocks a site's data.
BLOCKED = """
(function () {
  function blocked() { throw new DOMException("Access is denied for this document.", "SecurityError"); }
  Object.defineProperty(window, "localStorage", { get: blocked, configurable: true });
  Object.defineProperty(window, "sessionStorage", { get: blocked, configurable: true });
})();
"""
# Nearly full: a one-letter probe fits, an answer does not.
FULL = """
(function () {
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (String(value).length > 1) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return setItem.call(this, key, value);
  };
})();
"""
ITEMS = re.compile(r"^- \[[ xX]\] (.+)$", re.M)


def page_keys(page, prefix: str) -> list[str]:
    return page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith({prefix!r}))")


# ---- a page moves, an item is reworded -------------------------------------------------------


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """The project with checklists/in-the-room.md moved the documented way (renamed, every
    link to it changed, `old: new` in redirect_maps, `make record-urls`) and its second
    item reworded with [[was: ...]]; built and served."""
    project = copy_project(tmp_path_factory.mktemp("moved"))
    old, new = project / "docs/checklists/in-the-room.md", project / "docs/checklists/room-steps.md"
    text = old.read_text(encoding="utf-8")
    first, second = ITEMS.findall(text)[:2]
    text = text.replace(f"- [ ] {second}\n", f"- [ ] {second} Really. [[was: {second}]]\n", 1)
    new.write_text(text, encoding="utf-8")
    old.unlink()
    twin = project / "es/docs/checklists/in-the-room.md"  # the Spanish page moves with it
    twin.rename(twin.with_name("room-steps.md"))
    for path in [*project.joinpath("docs").rglob("*.md"), *project.joinpath("es/docs").rglob("*.md"),
                 project / "mkdocs.yml", project / "es/edition.yml", *project.joinpath("data").glob("*.yml"),
                 *project.joinpath("es/data").glob("*.yml")]:
        words = path.read_text(encoding="utf-8")
        changed = words.replace("checklists/in-the-room.md", "checklists/room-steps.md")
        if path.parent.name == "checklists":
            changed = changed.replace("(in-the-room.md", "(room-steps.md")
        if changed != words:
            path.write_text(changed, encoding="utf-8")
    config = project / "mkdocs.yml"
    assert "redirect_maps: {}" in config.read_text(encoding="utf-8")
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "redirect_maps: {}", "redirect_maps:\n        checklists/in-the-room.md: checklists/room-steps.md"
        ),
        encoding="utf-8",
    )
    import subprocess
    import sys

    record = subprocess.run(
        [sys.executable, "-m", "guide", "record-urls", "-f", str(config)], capture_output=True, text=True, cwd=project
    )
    assert record.returncode == 0, record.stdout + record.stderr
    result = guide_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(project / "site") as url:
        yield url, first, second


def test_ticks_survive_a_move_and_a_reword_and_old_keys_go(page, moved) -> None:
    base, first, second = moved
    before = "irg:checklists/in-the-room#"
    page.goto(base + "about/")
    page.evaluate(
        """([before, first, second]) => {
             localStorage.setItem(before + first, "1");
             localStorage.setItem(before + second, "1");
             localStorage.setItem(before + "an-item-since-removed", "1");
             localStorage.setItem("irg:checklists/first-24-hours#other-page", "1");
           }""",
        [before, worksheets.field_key(first), worksheets.field_key(second)],
    )
    page.goto(base + "checklists/room-steps/")
    assert page.get_by_role("checkbox", name=first, exact=True).is_checked()
    assert page.get_by_role("checkbox", name=f"{second} Really.", exact=True).is_checked()
    assert page_keys(page, before) == [], "the old keys stay behind after the move"
    assert "irg:checklists/room-steps#an-item-since-removed" in page_keys(page, "irg:checklists/room-steps#")
    page.reload()
    assert page.get_by_role("checkbox", name=first, exact=True).is_checked()

    # Clear takes everything the page ever kept, under its old id too; another page keeps its ticks.
    page.evaluate(f"localStorage.setItem({before + 'came-back-later'!r}, '1')")
    page.get_by_role("button", name="Clear this checklist").click()
    assert page_keys(page, before) == []
    assert page_keys(page, "irg:checklists/room-steps#") == []
    assert page_keys(page, "irg:checklists/first-24-hours#") == ["irg:checklists/first-24-hours#other-page"]


# ---- Clear -------------------------------------------------------------------------------------


def test_clear_leaves_nothing_of_the_page_behind(page, base_url: str) -> None:
    page.goto(base_url + "worksheets/debrief/")
    page.evaluate(
        """() => {
             localStorage.setItem("irg:worksheets/debrief#a-label-renamed-since", "what I wrote then");
             localStorage.setItem("irg:worksheets/debrief-notes#another-page", "kept");
           }"""
    )
    page.reload()
    page.locator("article input[type=text]").first.fill("Harbour Foods")
    assert len(page_keys(page, "irg:worksheets/debrief#")) == 2
    page.get_by_role("button", name="Clear my answers").click()
    assert page_keys(page, "irg:worksheets/debrief#") == []
    assert page_keys(page, "irg:worksheets/debrief-notes#") == ["irg:worksheets/debrief-notes#another-page"]


# ---- blocked or full storage ---------------------------------------------------------------------


@pytest.fixture
def tab(browser):
    """make(init_script) -> a tab whose documents report policy violations and script errors."""
    contexts = []

    def make(script: str):
        context = browser.new_context()
        context.add_init_script(WATCH)
        context.add_init_script(script)
        contexts.append(context)
        tab = context.new_page()
        tab.problems = []
        tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
        tab.on("console", lambda m: tab.problems.append(m.text) if "Content Security Policy" in m.text else None)
        return tab

    yield make
    for context in contexts:
        context.close()


def violations(tab) -> list[str]:
    return tab.problems + tab.evaluate("window.__cspViolations || []")


def notices(tab) -> list[str]:
    return tab.locator("[role=status]").filter(has_text=NOTICE).all_inner_texts()


def test_blocked_storage_is_said_once_and_the_page_still_works(tab, nginx_url) -> None:
    engine, base = nginx_url
    page = tab(BLOCKED)
    page.goto(base + "checklists/in-the-room/", wait_until="load")
    assert page.evaluate("(() => { try { localStorage; return false; } catch (e) { return true; } })()")
    box = page.locator("article input[type=checkbox]").first
    box.check()
    assert box.is_checked()
    wait_until(page, f"document.body.innerText.includes({NOTICE!r})")
    assert notices(page) == [
        "This browser is not keeping your answers, so they will be gone when you leave this page. "
        "You can still print the page."
    ]
    assert not page.get_by_role("button", name="Clear this checklist").is_visible()

    page.goto(base + "worksheets/debrief/", wait_until="load")
    page.locator("article textarea").first.press_sequentially("I told the forklift story.")
    page.locator("article input[type=text]").first.fill("Harbour Foods")
    wait_until(page, f"document.body.innerText.includes({NOTICE!r})")
    page.wait_for_timeout(200)
    assert len(notices(page)) == 1, "said more than once"
    assert page.get_by_role("button", name="Print this sheet").is_visible()
    assert violations(page) == [], engine


def test_full_storage_is_said_once_without_an_error_per_keystroke(tab, base_url: str) -> None:
    page = tab(FULL)
    page.goto(base_url + "worksheets/debrief/", wait_until="load")
    field = page.locator("article textarea").first
    field.press_sequentially("I told the forklift story.")
    wait_until(page, f"document.body.innerText.includes({NOTICE!r})")
    page.wait_for_timeout(200)
    assert len(notices(page)) == 1
    assert field.input_value() == "I told the forklift story."
    assert page.problems == []


def test_this_is_my_branch_never_says_saved_when_nothing_was(tab, nginx_url) -> None:
    engine, base = nginx_url
    page = tab(BLOCKED)
    page.goto(base + "branches/", wait_until="load")
    button = page.locator("[data-br-choose]").first
    button.wait_for()
    button.click()
    status = button.locator("xpath=..").locator(".br-said")
    wait_until(page, "[...document.querySelectorAll('.br-said')].some(s => s.textContent.length > 0)")
    said = status.inner_text()
    assert "Saved" not in said
    assert "This browser is not keeping your branch" in said
    assert violations(page) == [], engine


def test_search_works_with_storage_blocked(tab, nginx_url) -> None:
    engine, base = nginx_url
    page = tab(BLOCKED)
    page.goto(base, wait_until="load")
    if engine == "mkdocs":
        search, results = page.locator("input.md-search__input"), page.locator(".md-search-result__item")
        search.click()
    else:
        page.locator("button.md-search__button").first.click()
        search, results = page.locator("dialog input[aria-label='Search']"), page.locator("dialog a")
    search.press_sequentially("sweaty")
    results.filter(has_text=re.compile("sweaty", re.I)).first.wait_for(timeout=15_000)
    assert violations(page) == [], engine
