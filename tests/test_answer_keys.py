"""Where readers' ticks and answers are saved: one key per control and page, kept through a
reword (`was:`) and a move (redirect_maps), and a clash between two controls fails the build.

The browser side (adopting old keys, Clear, blocked storage) is in tests/test_storage_browser.py."""
from __future__ import annotations

import pytest

from conftest import guide_build, render_markdown
from guide.errors import GuideError
from guide.sources import worksheets
from guide.web import html

EXTENSIONS = ["guide.markdown.worksheets", "guide.markdown.checklists"]


def controls(markdown: str, src: str = "checklists/x.md") -> dict[str, dict[str, str]]:
    """data-ws-key -> the control's attributes."""
    out = render_markdown(markdown, src, EXTENSIONS)
    return {e.attrs["data-ws-key"]: e.attrs for e in html.scan(out) if "data-ws-key" in e.attrs}


def test_a_field_keeps_answers_saved_under_its_old_label() -> None:
    found = controls("[[line: Job title and company | was: Job and company | was: Job]]\n")
    assert list(found) == ["checklists/x#job-title-and-company"]
    assert found["checklists/x#job-title-and-company"]["data-ws-was"] == "checklists/x#job-and-company checklists/x#job"


def test_a_checklist_item_keeps_ticks_saved_under_its_old_words() -> None:
    out = render_markdown("- [ ] Take three **slow** breaths. [[was: Breathe slowly.]]\n- [ ] Sit up.\n", "checklists/x.md", EXTENSIONS)
    found = {e.attrs["data-ws-key"]: e.attrs for e in html.scan(out) if "data-ws-key" in e.attrs}
    assert found["checklists/x#take-three-slow-breaths"]["data-ws-was"] == "checklists/x#breathe-slowly"
    assert "data-ws-was" not in found["checklists/x#sit-up"]
    assert "was:" not in html.text(out), "the old words must not show on the page"


@pytest.mark.parametrize(
    "markdown, says",
    [
        ("[[line: Job | wa: Old]]\n", "write the field's old label, like [[line: Job | was: Old label]]"),
        ("Some words [[was: Old]] here\n", "[[was: ...]] goes at the end of a checklist item"),
        ("[[line: A | was: B]]\n\n[[line: B]]\n", "gives 'b' as its old words"),
    ],
)
def test_a_misused_was_is_explained(markdown: str, says: str) -> None:
    with pytest.raises(GuideError, match="Fix:|write the") as error:
        render_markdown(markdown, "checklists/x.md", EXTENSIONS)
    assert says in str(error.value)


def test_old_storage_ids_come_from_the_redirect_map_including_chains() -> None:
    maps = {
        "checklists/room.md": "checklists/in-the-room.md",  # moved twice: room -> in-the-room -> now
        "checklists/in-the-room.md": "checklists/now.md#steps",
        "about-old.md": "about.md",
        "go-elsewhere.md": "https://example.org/",
    }
    assert worksheets.old_storage_pages(maps, "checklists/now.md") == ["checklists/in-the-room", "checklists/room"]
    assert worksheets.old_storage_pages(maps, "worksheets/debrief.md") == []


def test_a_field_and_an_item_with_the_same_words_fail_the_build(project_copy) -> None:
    # They would share one key, so ticking one ticked the other.
    sheet = project_copy / "docs" / "worksheets" / "debrief.md"
    lines = sheet.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines += ["", "[[tick: I shook hands firmly]]", "", "- [ ] I shook hands firmly"]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    field_line, item_line = len(lines) - 2, len(lines)
    result = guide_build(project_copy)
    assert result.returncode != 0
    message = result.stderr
    assert "docs/worksheets/debrief.md" in message
    assert f"line {field_line} (the field 'I shook hands firmly')" in message, message
    assert f"line {item_line} (the checklist item 'I shook hands firmly')" in message, message
    assert "Fix: reword one of them" in message
