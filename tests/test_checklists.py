"""Checklists in real headless Chromium: ticks kept in localStorage, across reloads
and Material's instant navigation, a working clear button, and accessible
checkboxes. Item texts come from the Markdown sources, not from the built HTML."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, goto_settled, guide_build, is_local, render_markdown
from guide.web import html

CHECKLISTS = ["in-the-room", "first-24-hours", "follow-up-week"]
TASK_RE = re.compile(r"^- \[[ xX]\] (.+)$", re.M)
LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def items(name: str) -> list[str]:
    """The visible text of each task in docs/checklists/NAME.md."""
    source = (ROOT / "docs" / "checklists" / f"{name}.md").read_text(encoding="utf-8")
    return [LINK_RE.sub(r"\1", text).strip() for text in TASK_RE.findall(source)]


def tick_box(page, text: str):
    return page.get_by_role("checkbox", name=text, exact=True)


def test_every_checklist_has_at_least_ten_items() -> None:
    for name in CHECKLISTS:
        assert len(items(name)) >= 10, name


@pytest.mark.parametrize("name", CHECKLISTS)
def test_every_item_is_a_labelled_enabled_checkbox_big_enough_to_tap(page, base_url: str, name: str) -> None:
    page.goto(base_url + f"checklists/{name}/")
    boxes = page.locator("article input[type=checkbox]")
    assert boxes.count() == len(items(name))
    for text in items(name):
        box = tick_box(page, text)
        assert box.is_enabled(), text
        size = box.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24, (text, size)
        # Tapping the words ticks the box: the label is really tied to it.
        # (At its first word: some items hold a link further on.)
        page.locator(f"label[for='{box.get_attribute('id')}']").click(position={"x": 3, "y": 8})
        assert box.is_checked(), text


def test_a_tick_survives_a_reload(page, base_url: str) -> None:
    first, second = items("in-the-room")[:2]
    page.goto(base_url + "checklists/in-the-room/")
    tick_box(page, first).check()
    page.reload()
    assert tick_box(page, first).is_checked()
    assert not tick_box(page, second).is_checked()


def test_space_bar_ticks_and_unticks(page, base_url: str) -> None:
    text = items("follow-up-week")[0]
    page.goto(base_url + "checklists/follow-up-week/")
    box = tick_box(page, text)
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    page.reload()
    box = tick_box(page, text)
    assert box.is_checked()
    box.focus()
    page.keyboard.press("Space")
    page.reload()
    assert not tick_box(page, text).is_checked()


def test_clear_resets_every_tick_on_the_page_only(page, base_url: str) -> None:
    texts = items("first-24-hours")
    other = items("in-the-room")[0]
    page.goto(base_url + "checklists/in-the-room/")
    tick_box(page, other).check()
    page.goto(base_url + "checklists/first-24-hours/")
    for text in texts[:3]:
        tick_box(page, text).check()
    page.get_by_role("button", name="Clear this checklist").click()
    assert page.get_by_role("status").filter(has_text="Checklist cleared.").count() == 1
    for text in texts[:3]:
        assert not tick_box(page, text).is_checked()
    page.reload()
    for text in texts[:3]:
        assert not tick_box(page, text).is_checked()
    page.goto(base_url + "checklists/in-the-room/")
    assert tick_box(page, other).is_checked(), "clearing one checklist cleared another"


def test_ticks_stay_in_the_browser(page, base_url: str) -> None:
    sent: list[str] = []
    goto_settled(page, base_url + "checklists/in-the-room/")
    # Material may still fetch its own files lazily (a GET of a static file on
    # this host); anything else after a tick would be the tick leaving the device.
    page.on(
        "request",
        lambda request: sent.append(f"{request.method} {request.url}")
        if request.method != "GET" or not is_local(request.url) or "?" in request.url
        else None,
    )
    for text in items("in-the-room")[:3]:
        tick_box(page, text).check()
    page.wait_for_timeout(300)
    assert sent == []
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('irg:'))")
    assert len(stored) == 3


def test_no_clear_button_and_plain_checkboxes_without_storage(browser, base_url: str) -> None:
    # Storage that refuses writes (full, or some private modes): ticking still
    # works, the clear button (which would do nothing) stays hidden, no errors.
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "checklists/in-the-room/")
    text = items("in-the-room")[0]
    tick_box(page, text).check()
    assert tick_box(page, text).is_checked()
    assert not page.get_by_role("button", name="Clear this checklist").is_visible()
    assert errors == []
    context.close()


def test_home_page_loads_no_checklist_code(page, base_url: str) -> None:
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    goto_settled(page, base_url)
    assert not [url for url in loaded if "checklists.js" in url or "worksheets.css" in url]
    assert [url for url in loaded if not is_local(url)] == []


def test_editing_one_item_keeps_the_other_items_keys() -> None:
    def keys(texts: list[str]) -> dict[str, str]:
        out = render_markdown("".join(f"- [ ] {text}\n" for text in texts), "checklists/x.md", ["guide.markdown.checklists"])
        return dict(zip(texts, [e.attrs["data-ws-key"] for e in html.scan(out) if "data-ws-key" in e.attrs]))

    before = keys(["Breathe slowly.", "Have a mint.", "Match their pace."])
    after = keys(["Breathe slowly.", "Have a breath mint.", "Match their pace.", "Sit up."])
    assert after["Breathe slowly."] == before["Breathe slowly."]
    assert after["Match their pace."] == before["Match their pace."]
    assert after["Have a breath mint."] != before["Have a mint."]
    assert len(set(after.values())) == 4


def test_pymdownx_tasklist_beside_the_checklists_extension_fails_the_build(project_copy) -> None:
    # It would turn the items into disabled, unlabelled boxes before the extension sees them.
    config = project_copy / "mkdocs.yml"
    text = config.read_text()
    assert "  - guide.markdown.checklists\n" in text
    config.write_text(text.replace("  - guide.markdown.checklists\n", "  - pymdownx.tasklist\n  - guide.markdown.checklists\n"))
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert "mkdocs.yml lists pymdownx.tasklist" in result.stderr
    assert "Fix: remove it from `markdown_extensions:`" in result.stderr


@pytest.mark.parametrize("line", ["- [ ]", "- [ ] ", "- [x]"])
def test_an_item_with_no_words_fails_naming_the_file(project_copy, line: str) -> None:
    # "- [ ]" with nothing after it once built silently into a literal "[ ]" bullet.
    page = project_copy / "docs" / "checklists" / "in-the-room.md"
    text = page.read_text()
    at = text[: text.index("- [ ] Take three slow breaths")].count("\n") + 1  # the file's line, front matter included
    page.write_text(text.replace("- [ ] Take three slow breaths", line + "\n- [ ] Take three slow breaths", 1))
    result = guide_build(project_copy)
    assert result.returncode != 0
    assert f"docs/checklists/in-the-room.md, line {at}: a checklist item has no words" in result.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_two_items_with_the_same_words_name_the_second_ones_line(project_copy, engine: str) -> None:
    page = project_copy / "docs" / "checklists" / "in-the-room.md"
    text = page.read_text()
    item = next(line for line in text.splitlines() if line.startswith("- [ ] ") and "**" not in line and "[" not in line[6:])
    last = text.rstrip("\n").splitlines()
    at = max(n for n, line in enumerate(last, 1) if line.startswith("- [ ] ")) + 1
    lines = text.splitlines(keepends=True)
    lines.insert(at - 1, item + "\n")
    page.write_text("".join(lines))
    result = guide_build(project_copy, engine=engine)
    assert result.returncode != 0
    assert f"docs/checklists/in-the-room.md, line {at}: two checklist items have the same words" in result.stderr


def test_items_are_labelled_checkboxes_with_the_words_inside_the_label() -> None:
    out = render_markdown(
        "- [ ] Take a **slow** breath.\n- [x] Read the [debrief](../worksheets/debrief.md).\n",
        "checklists/x.md",
        ["guide.markdown.checklists"],
    )
    elements = html.scan(out)
    boxes = [e for e in elements if e.name == "input"]
    labels = [e for e in elements if e.name == "label"]
    assert [b.attrs["id"] for b in boxes] == ["ck-take-a-slow-breath", "ck-read-the-debrief"]
    assert [lab.attrs["for"] for lab in labels] == ["ck-take-a-slow-breath", "ck-read-the-debrief"]
    assert [html.text(html.inner(out, lab)) for lab in labels] == ["Take a slow breath.", "Read the debrief."]
    assert "checked" in boxes[1].attrs and "checked" not in boxes[0].attrs
    assert not any("disabled" in b.attrs for b in boxes)
    assert "Clear this checklist" in out
