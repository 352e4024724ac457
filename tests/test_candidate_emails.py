"""The ready emails a candidate can send (docs/follow-up/emails.md, from data/candidate-emails.yml).

A reader copies a message, or opens it in their email app, often on a phone
minutes after a hard interview. So: every message is on the page as text
(nothing needs JavaScript to read or select it), the "Open in my email app"
link carries exactly the same words, the Copy button works in a real browser
under the site's Content-Security-Policy, a broken data file stops the build
with the file, the entry and the fix, and every message has a short link that
stays published.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, goto_settled, guide_build, is_local, render_markdown, wait_until

from guide.errors import GuideError
from guide.sources import candidate_emails, registry
from guide.steps.published_urls import RECORD, read_record

EMAILS = candidate_emails.load(ROOT)
PAGE_URL = "follow-up/emails/"
CLIPBOARD = ["clipboard-read", "clipboard-write"]
# The pages where a reader meets each moment, and the message each must link to.
SITUATIONS = {
    "follow-up/thank-you-note.md": "thank-you",
    "follow-up/apologize-or-not.md": "thank-you",
    "scenarios/getting-feedback.md": "ask-for-feedback",
    "scenarios/ask-for-a-second-chance.md": "second-chance",
    "scenarios/no-news-after-a-week.md": "no-news",
    "scenarios/didnt-get-the-job.md": "rejection-reply",
    "scenarios/dont-want-the-job.md": "withdraw",
}


def article(site: Path, url: str) -> BeautifulSoup:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")


def mailto_parts(href: str) -> tuple[str, dict[str, str]]:
    """The address and the decoded header fields of a mailto: URL (RFC 6068).

    Split by hand rather than with parse_qs, which turns '+' into a space:
    in a mailto: URL a '+' is a plus sign, so a link that wrote spaces as '+'
    must fail here, as it would show '+' signs in some email apps."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    fields = {}
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        fields[unquote(name)] = unquote(value)
    return unquote(parts.path), fields


# The data file itself ----------------------------------------------------------------------


def test_the_six_moments_are_covered_each_with_places_to_fill_in() -> None:
    ids = [email.id for email in EMAILS]
    assert set(SITUATIONS.values()) <= set(ids), ids
    for email in EMAILS:
        assert "[" in email.body and "]" in email.body, f"{email.id}: no [place to fill in]"


def test_mailto_url_encodes_as_rfc_6068_asks() -> None:
    url = candidate_emails.mailto_url("A & B + C?", "Hi [name],\n\nLine two = 100%.")
    assert url.startswith("mailto:?subject=")  # no recipient: the reader adds it
    assert " " not in url and "+" not in url and "\n" not in url
    assert "%0D%0A%0D%0A" in url  # each line break as CRLF
    address, fields = mailto_parts(url)
    assert address == ""
    assert fields == {"subject": "A & B + C?", "body": "Hi [name],\r\n\r\nLine two = 100%."}


# Broken data files: the function directly ---------------------------------------------------


def write_data(tmp_path: Path, text: str) -> str:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / candidate_emails.DATA).write_text(text, encoding="utf-8")
    with pytest.raises(GuideError) as error:
        candidate_emails.load(tmp_path)
    return error.value.message


def data_text() -> str:
    return (ROOT / candidate_emails.DATA).read_text(encoding="utf-8")


def test_a_misspelt_key_names_the_file_the_entry_and_the_key_meant(tmp_path: Path) -> None:
    text = data_text().replace("    subject: Thank you for meeting me today\n", "    subjcet: Thank you for meeting me today\n", 1)
    message = write_data(tmp_path, text)
    assert 'data/candidate-emails.yml, email #1 ("thank-you")' in message, message
    assert "unknown key 'subjcet'. Fix: rename it to `subject:`." in message, message
    assert "missing `subject`" in message, message


def test_an_unclosed_bracket_is_named_with_its_fix(tmp_path: Path) -> None:
    text = data_text().replace("[one thing they told you]", "[one thing they told you", 1)
    message = write_data(tmp_path, text)
    assert 'data/candidate-emails.yml, email #1 ("thank-you"): in `body`' in message, message
    assert "[one thing they told you" in message and "Fix: close it with ']'" in message, message


def test_a_repeated_id_and_a_number_are_named(tmp_path: Path) -> None:
    text = data_text().replace("  - id: no-news\n", "  - id: thank-you\n", 1)
    text = text.replace('    subject: "Thank you for letting me know"\n', "    subject: 2024\n", 1)
    message = write_data(tmp_path, text)
    assert 'id "thank-you" is already used by email #1. Fix:' in message, message
    assert '`subject: 2024` is read as a int, not text. Fix: put it in quotes: subject: "2024"' in message, message


def test_a_body_too_long_for_an_email_app_link_is_refused(tmp_path: Path) -> None:
    filler = " ".join(["Please read this."] * 120)
    text = data_text().replace("      Thank you for your time.\n", f"      {filler}\n", 1)
    message = write_data(tmp_path, text)
    assert 'email #2 ("ask-for-feedback"): its "Open in my email app" link is' in message, message
    assert "Fix: shorten the body" in message, message


def test_a_missing_file_says_how_to_restore_it(tmp_path: Path) -> None:
    with pytest.raises(GuideError) as error:
        candidate_emails.load(tmp_path)
    assert "data/candidate-emails.yml is missing" in error.value.message
    assert "Fix: restore it from git" in error.value.message


def test_the_marker_belongs_on_the_emails_page_only() -> None:
    extensions = ["guide.markdown.candidate_emails"]
    with pytest.raises(GuideError) as error:
        render_markdown("# Elsewhere\n\n<!-- emails:all -->\n", "follow-up/thank-you-note.md", extensions)
    assert "docs/follow-up/thank-you-note.md: the marker <!-- emails:all --> belongs on docs/follow-up/emails.md only" in error.value.message
    with pytest.raises(GuideError) as error:
        render_markdown("# Ready emails\n\nNo marker.\n", "follow-up/emails.md", extensions)
    assert "docs/follow-up/emails.md: the marker <!-- emails:all --> is missing" in error.value.message
    assert "Fix: put <!-- emails:all --> on a line of its own" in error.value.message


def test_a_bad_data_file_fails_the_whole_build_naming_the_file_and_the_fix(project_copy: Path) -> None:
    data = project_copy / candidate_emails.DATA
    data.write_text(data.read_text(encoding="utf-8").replace("    when: >-\n", "    wehn: >-\n", 1), encoding="utf-8")
    result = guide_build(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert 'data/candidate-emails.yml, email #1 ("thank-you"), line' in output, output
    assert "unknown key 'wehn'. Fix: rename it to `when:`." in output, output
    assert not (project_copy / "site" / PAGE_URL / "index.html").exists()


# The built page, on both engines ------------------------------------------------------------


def test_the_page_shows_every_message_as_text_with_a_matching_mailto(engine_site) -> None:
    engine, site = engine_site
    page = article(site, PAGE_URL)
    for email in EMAILS:
        heading = page.find(id=email.id)
        assert heading is not None and heading.name == "h2", f"{engine}: no section #{email.id}"
        assert email.title in heading.get_text()
        assert page.find(id=f"{email.id}-subject").get_text() == email.subject, engine
        body = page.find(id=f"{email.id}-body")
        assert body.name == "pre" and body.get_text() == email.body, f"{engine}: {email.id}'s body differs"
        # The link sits in the message's own box, after its text.
        box = body.find_parent(class_="ce-email")
        links = [a for a in box.find_all("a") if a.get("href", "").startswith("mailto:")]
        assert len(links) == 1 and "Open in my email app" in links[0].get_text(), engine
        address, fields = mailto_parts(links[0]["href"])
        assert address == ""  # the reader adds the recipient
        assert fields["subject"] == email.subject
        assert fields["body"] == email.body.replace("\n", "\r\n")  # RFC 6068: line breaks are CRLF
        assert set(fields) == {"subject", "body"}
        buttons = {b["data-copy"]: b for b in box.find_all("button")}
        assert set(buttons) == {f"{email.id}-body", f"{email.id}-subject"}, engine
        # Hidden until copy.js shows them: no reader without JavaScript gets a dead button.
        assert all(b.has_attr("hidden") and b["type"] == "button" for b in buttons.values())
    assert not page.find(attrs={"style": True}) and not [s for s in page.find_all("script") if not s.get("src")]


def test_each_situation_page_links_to_its_message(engine_site) -> None:
    engine, site = engine_site
    for src, email_id in SITUATIONS.items():
        url = src.removesuffix(".md") + "/"
        # Each link as the browser resolves it from the page's own address.
        hrefs = [urljoin(f"http://site/{url}", a.get("href", "")) for a in article(site, url).find_all("a")]
        assert f"http://site/{PAGE_URL}#{email_id}" in hrefs, (
            f"{engine}: docs/{src} has no link to the ready email #{email_id}"
        )


# Short links and published URLs ------------------------------------------------------------


def test_the_page_and_every_message_have_a_published_short_link() -> None:
    links = registry.load(ROOT)
    targets = {link.target: link for link in links.links if not link.retired}
    record = set(read_record(ROOT / RECORD))
    assert "/" + PAGE_URL in record
    wanted = [candidate_emails.PAGE] + [f"{candidate_emails.PAGE}#{email.id}" for email in EMAILS]
    for target in wanted:
        assert target in targets, f"data/links.yml has no short link to {target}"
        assert f"/go/{targets[target].alias}/" in record, f"/go/{targets[target].alias}/ is not in {RECORD}"


# In Chromium, under the site's CSP ---------------------------------------------------------

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(permissions=CLIPBOARD)
    context.add_init_script(WATCH)
    tab = context.new_page()
    yield tab
    context.close()


def test_copy_buttons_put_the_message_and_subject_on_the_clipboard_under_the_csp(clipboard_page, base_url: str) -> None:
    page = clipboard_page
    problems: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    page.on("request", lambda request: requests.append(request.url))
    goto_settled(page, base_url + PAGE_URL)
    # The page carries the site's policy, so copy.js runs here only as the policy allows.
    assert "script-src" in page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    email = EMAILS[1]
    for target, expected in ((f"{email.id}-body", email.body), (f"{email.id}-subject", email.subject)):
        page.evaluate("navigator.clipboard.writeText('before')")
        page.evaluate("document.querySelectorAll('.go-status').forEach(s => { s.textContent = ''; })")
        button = page.locator(f'button[data-copy="{target}"]')
        assert button.is_visible(), f"{target}: copy.js did not show its button"
        button.click()
        wait_until(page, "id => document.querySelector(`button[data-copy='${id}']`).parentNode"
                   ".querySelector('.go-status').textContent.length > 0", target)
        assert page.evaluate("navigator.clipboard.readText()") == expected
    status = page.locator(f'button[data-copy="{email.id}-body"] ~ [role="status"]').inner_text()
    assert "Copied" in status
    problems += page.evaluate("window.__cspViolations")
    assert problems == []
    assert [url for url in requests if not is_local(url)] == []


def test_without_javascript_the_text_and_the_email_link_are_there_and_no_dead_button(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + PAGE_URL)
        email = EMAILS[0]
        assert page.locator(f"#{email.id}-body").inner_text().strip() == email.body.strip()
        assert page.locator(f'button[data-copy="{email.id}-body"]').is_hidden()
        mail = page.locator(f"#{email.id} ~ .ce-email a[href^='mailto:']").first
        assert mail.is_visible()
        assert mailto_parts(mail.get_attribute("href"))[1]["subject"] == email.subject
    finally:
        context.close()
