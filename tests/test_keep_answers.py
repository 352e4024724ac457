"""Worksheet answers a reader can keep: "Save as PDF" (the browser's print of the sheet, with the
answers on it), "Copy as text", "Email them to me", and the thank-you planner's "Open as email",
which drafts the note. Real headless Chromium against each engine's build served by nginx with
the build's own policy: no violation, and not one network request while the reader uses them."""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from conftest import ROOT, goto_settled, render_markdown
from guide.errors import GuideError
from test_csp_browser import watched  # noqa: F401 - the fixture

DEBRIEF = "worksheets/debrief/"
PLANNER = "worksheets/thank-you-note-planner/"


def mail_parts(href: str) -> tuple[str, str]:
    """(subject, body) of a mailto: link, the body's CRLFs as they arrive."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == "", href
    query = parse_qs(parts.query, keep_blank_values=True)
    return query["subject"][0], query["body"][0]


@pytest.fixture
def sheet(nginx_url, watched):  # noqa: F811 - the imported fixture
    """open(path) -> a tab on that page of each engine's build, counting requests from then on."""
    engine, base = nginx_url
    tab = watched(permissions=["clipboard-read", "clipboard-write"])
    requests: list[str] = []

    def open_(path: str):
        # The browser's own late fetches (the favicon) are over before the reader starts.
        goto_settled(tab.page, base + path)
        # The browser's own fetch of the tab's icon (it may come late, as when printing) is not the page's.
        tab.page.on("request", lambda request: None if request.url.endswith("/favicon.svg") else requests.append(request.url))
        return tab.page

    yield open_
    tab.collect(engine)
    assert tab.found == [], tab.found
    assert requests == [], f"{engine}: keeping answers made network requests: {requests}"


def test_copy_as_text_holds_the_answers_and_every_tick(sheet) -> None:
    page = sheet(DEBRIEF)
    page.get_by_label("Job and company", exact=True).fill("Clerk at Acme Storage")
    page.get_by_label("What went well? Name at least two things.", exact=True).fill("My first answer.\nThe tour.")
    page.get_by_label("I was on time", exact=True).check()
    page.get_by_role("button", name="Copy as text").click()
    page.get_by_role("status").filter(has_text="Copied.").wait_for()
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("Interview debrief\n")
    assert "Job and company\nClerk at Acme Storage" in text
    assert "What went well? Name at least two things.\nMy first answer.\nThe tour." in text
    assert "[x] I was on time" in text
    assert "[ ] I thanked them at the end" in text
    # A question the reader left empty is not copied as if it were an answer.
    assert "What surprised you?" not in text


def test_email_them_to_me_carries_the_same_text(sheet) -> None:
    page = sheet(DEBRIEF)
    page.get_by_label("One thing you will do today", exact=True).fill("Call Dana at the agency")
    subject, body = mail_parts(page.get_by_role("link", name="Email them to me").get_attribute("href"))
    assert subject == "My answers: Interview debrief"
    assert "One thing you will do today\r\nCall Dana at the agency" in body
    assert "\n" not in body.replace("\r\n", "")


def test_open_as_email_drafts_the_note_from_the_plan(sheet) -> None:
    page = sheet(PLANNER)
    page.get_by_label("Who it is for: name and job title", exact=True).fill("Ms Lee")
    page.get_by_label("Thank them. What did you enjoy hearing about?", exact=True).fill("I liked hearing about the new depot.")
    page.get_by_label("Why do you want this job?", exact=True).fill("I want to grow with a team like yours.")
    subject, body = mail_parts(page.get_by_role("link", name="Open as email").get_attribute("href"))
    assert subject == "Thank you for the interview"
    # The two questions left empty leave no empty paragraph behind.
    assert body == (
        "Dear Ms Lee,\r\n\r\n"
        "Thank you for meeting me. I liked hearing about the new depot.\r\n\r\n"
        "I want to grow with a team like yours.\r\n\r\n"
        "Best wishes,\r\n[Your name]"
    )


def test_too_long_for_an_email_link_says_so_and_opens_nothing(sheet) -> None:
    page = sheet(DEBRIEF)
    page.get_by_label("What did not go well?", exact=True).fill("Everything about the second question. " * 60)
    page.get_by_role("link", name="Email them to me").click()
    page.get_by_role("status").filter(has_text="Too long for an email link").wait_for()
    assert page.url.endswith(DEBRIEF)


def test_save_as_pdf_prints_the_sheet_with_the_answers_on_one_page(sheet) -> None:
    page = sheet(PLANNER)
    page.get_by_label("Which answer was weak? Write a better one.", exact=True).fill(
        "I led the stock count.\nWe finished a day early."
    )
    page.get_by_role("button", name="Save as PDF").click()
    assert page.evaluate("window.__printed === true")
    page.get_by_role("status").filter(has_text="Save as PDF").wait_for()
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert len(reader.pages) == 1
    assert "I led the stock count." in text and "We finished a day early." in text
    assert "Keep your answers" not in text and "Copy as text" not in text


# ---- the editor's side: `email_draft` in front matter ------------------------------------------


def draft_page(tmp_path, body: str, fields: str = "[[line: Who it is for]]\n\n[[lines 2: Why this job?]]") -> str:
    docs = tmp_path / "docs" / "worksheets"
    docs.mkdir(parents=True)
    front = "title: Planner\ndescription: A plan.\nreviewed: 2026-11-30\nemail_draft:\n  subject: Thanks\n  body: |\n"
    front += "".join(f"    {line}\n" for line in body.splitlines())
    text = f"---\n{front}---\n\n# Planner\n\n{fields}\n"
    (docs / "planner.md").write_text(text, encoding="utf-8")
    import markdown

    from guide.markdown.page import PageContext

    md = markdown.Markdown(extensions=["attr_list", "toc", "guide.markdown.worksheets"])
    md.guide_page = PageContext(src="worksheets/planner.md", docs_dir=tmp_path / "docs", root=ROOT, site_url="https://g.example/")
    return md.convert(text.split("---\n", 2)[2])


def test_a_draft_naming_a_field_the_sheet_lacks_fails_naming_the_labels(tmp_path) -> None:
    with pytest.raises(GuideError) as error:
        draft_page(tmp_path, "Dear {Who it is for},\n\n{Why this job}")
    message = str(error.value)
    assert "docs/worksheets/planner.md" in message
    assert "{Why this job}" in message
    assert "Who it is for; Why this job?" in message


def test_a_draft_on_a_sheet_without_fields_fails(tmp_path) -> None:
    with pytest.raises(GuideError, match="needs fields"):
        draft_page(tmp_path, "Dear you,", fields="Just words.")


def test_a_draft_becomes_keys_the_script_fills(tmp_path) -> None:
    html = draft_page(tmp_path, "Dear {Who it is for},\n\n{Why this job?}")
    assert 'data-ws-draft="Dear {who-it-is-for},' in html
    assert "{why-this-job}" in html


def test_the_keep_bar_is_on_sheets_with_fields_only() -> None:
    def html(name: str) -> str:
        text = (ROOT / "docs" / "worksheets" / f"{name}.md").read_text(encoding="utf-8").split("---\n", 2)[2]
        return render_markdown(text, f"worksheets/{name}.md", ["guide.markdown.worksheets"])

    assert "data-ws-keep" in html("debrief")
    assert "data-ws-keep" not in html("pocket-card")  # cards to cut out, nothing to type
