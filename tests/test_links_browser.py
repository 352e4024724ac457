"""Recruiters' copy buttons and short links in real headless Chromium, over HTTP."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, goto_settled, is_local, wait_until

from guide.sources.registry import load as load_registry

REGISTRY = load_registry(ROOT)
ALIAS = "now"
CLIPBOARD = ["clipboard-read", "clipboard-write"]


@pytest.fixture
def clipboard_page(browser, base_url: str):
    context = browser.new_context(permissions=CLIPBOARD)
    tab = context.new_page()
    yield tab
    context.close()


def copy_button(page, code_id: str):
    return page.locator(f'button[data-copy="{code_id}"]')


def test_copy_button_puts_the_short_url_on_the_clipboard(clipboard_page, base_url: str) -> None:
    page = clipboard_page
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    goto_settled(page, base_url + "recruiters/")
    page.evaluate("navigator.clipboard.writeText('before')")
    shown = page.locator(f"#go-{ALIAS}").inner_text().strip()
    assert urlsplit(shown).path == f"/go/{ALIAS}/"
    button = copy_button(page, f"go-{ALIAS}")
    assert button.get_attribute("type") == "button"
    button.click()
    wait_until(page, "document.querySelector('#go-now ~ .go-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == shown
    assert "Copied" in button.locator("xpath=following-sibling::*[@role='status']").inner_text()
    assert errors == []
    assert [url for url in requests if not is_local(url)] == []


def test_copy_button_selects_the_url_where_the_clipboard_is_blocked(page, base_url: str) -> None:
    # No clipboard API at all, as in old browsers or locked-down office machines.
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined})")
    goto_settled(page, base_url + "recruiters/")
    shown = page.locator(f"#go-{ALIAS}").inner_text().strip()
    copy_button(page, f"go-{ALIAS}").click()
    assert page.evaluate("window.getSelection().toString()").strip() == shown
    status = page.locator(f'button[data-copy="go-{ALIAS}"] ~ [role="status"]').inner_text()
    assert "Ctrl+C" in status


def test_copy_button_is_keyboard_reachable_with_a_visible_focus_ring(page, base_url: str) -> None:
    goto_settled(page, base_url + "recruiters/")
    button = copy_button(page, f"go-{ALIAS}")
    name = button.evaluate("b => b.textContent")
    assert name.startswith("Copy link") and len(name) > len("Copy link")  # says which link
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.copy") == f"go-{ALIAS}"
    outline = button.evaluate("b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth")
    assert outline.split()[0] != "none" and outline.split()[1] != "0px", outline


def test_formatted_email_copies_html_with_working_links(clipboard_page, base_url: str) -> None:
    page = clipboard_page
    email = REGISTRY.emails[0]
    goto_settled(page, base_url + "recruiters/")
    copy_button(page, f"email-{email.id}-html").click()
    # A locator, not wait_for_function: polling a string makes Playwright eval it in the
    # page, which the site's Content-Security-Policy (no 'unsafe-eval') refuses.
    page.locator(f'[data-copy="email-{email.id}-html"] ~ .go-status').filter(has_text=re.compile(r"\S")).wait_for()
    copied = page.evaluate(
        """async () => {
            const [item] = await navigator.clipboard.read();
            const html = await (await item.getType('text/html')).text();
            const text = await (await item.getType('text/plain')).text();
            return {html, text};
        }"""
    )
    assert '<a href="' in copied["html"] and "/go/" in copied["html"]
    assert "<p>" in copied["html"]
    plain = page.locator(f"#email-{email.id}-text").inner_text()
    assert copied["text"].strip() == plain.strip()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_short_link_to_a_section_lands_on_it(browser, base_url: str, javascript: bool) -> None:
    link = next(link for link in REGISTRY.links if link.anchor)
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(f"{base_url}go/{link.alias}/")
        page.wait_for_url(lambda url: "/go/" not in url, timeout=10_000)
        final = urlsplit(page.url)
        assert final.fragment == link.anchor
        assert page.locator(f"[id='{link.anchor}']").count() == 1
    finally:
        context.close()


def test_404_search_box_opens_the_site_search(page, base_url: str) -> None:
    goto_settled(page, base_url + "404.html")
    box = page.get_by_label("Search the guide")
    box.fill("sweaty hands")
    box.press("Enter")
    page.wait_for_url(lambda url: "q=sweaty" in url or urlsplit(url).path == "/", timeout=10_000)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert page.locator("input.md-search__input").input_value() == "sweaty hands"
    assert "sweaty" in " ".join(results.all_inner_texts()).lower()
