"""Branch offices in real headless Chromium, over HTTP.

- A candidate who opens /go/no-news/?from=SLUG sees that branch's name and phone
  number, and the branch is remembered (localStorage only) on every page that
  says to call your branch, the 404 page included; "Forget" forgets it.
- An unknown slug is ignored, with no error; the redirect stubs keep the query,
  and so does nginx's 301 for a short link (the build's own nginx.conf).
- It works after Material's instant navigation.
- "Find your branch office": the whole list without JavaScript; with it, a filter
  by town or postcode and a polite live region with the count.
- The recruiters' branch picker puts ?from=SLUG on every link and email, and is
  remembered on the next visit.
Names and numbers come from data/branches.yml, never from the built pages."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import ROOT, goto_settled, settle, wait_until
from guide.checks import axe
from guide.sources import branches

REGISTRY = branches.load(ROOT)
OFFICES = list(REGISTRY)
FIRST, SECOND = OFFICES[0], OFFICES[1]
CALL_PAGES = [
    "follow-up/talk-to-your-recruiter/",
    "follow-up/call-your-contact/",
    "follow-up/follow-up-call/",
    "scenarios/no-news-after-a-week/",
    "404.html",
]


def yours(branch: branches.Branch) -> str:
    return f"Your branch: {branch.name}, {branch.phone}"


@pytest.fixture
def watched(page):
    """A tab that records script errors and console errors."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.errors = errors
    return page


def box_text(page) -> str:
    box = page.locator("article [data-br-yours], .md-content [data-br-yours]").first
    return " ".join(box.inner_text().split())


def wait_for_branch(page) -> None:
    page.locator(".br-known").first.wait_for(timeout=10_000)


# ---- links that carry the branch -------------------------------------------------------


@pytest.mark.parametrize("branch", OFFICES, ids=[b.slug for b in OFFICES])
def test_a_branch_link_shows_that_branchs_phone_number(watched, base_url: str, branch) -> None:
    page = watched
    page.goto(f"{base_url}go/no-news/?from={branch.slug}")
    page.wait_for_url(lambda url: "/go/" not in url, timeout=10_000)
    assert urlsplit(page.url).path == "/scenarios/no-news-after-a-week/"
    wait_for_branch(page)
    assert yours(branch) in box_text(page)
    call = page.locator(".br-known a[href^='tel:']")
    assert call.get_attribute("href") == f"tel:{branch.dial}"
    assert call.is_visible()
    # Kept on the device only, and the parameter left the address bar.
    assert page.evaluate("localStorage.getItem('irg:branch')") == branch.slug
    assert "from=" not in page.url
    assert page.errors == []


@pytest.mark.parametrize("branch", OFFICES, ids=[b.slug for b in OFFICES])
def test_a_branch_link_keeps_its_branch_through_the_servers_301(nginx_url, watched, branch) -> None:
    # Served with the build's nginx.conf, /go/ALIAS/ is a 301 (no stub page runs),
    # on both engines' builds: the query survives the redirect, and the page reads it.
    from urllib.error import HTTPError
    from urllib.request import HTTPRedirectHandler, build_opener

    class Stay(HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    engine, base = nginx_url
    start = f"{base}go/no-news/?from={branch.slug}"
    try:
        build_opener(Stay).open(start, timeout=10)
        raise AssertionError(f"{engine}: {start} did not redirect")
    except HTTPError as answer:
        assert answer.code == 301
        assert answer.headers["Location"].endswith(f"/scenarios/no-news-after-a-week/?from={branch.slug}")
    page = watched
    page.goto(start)
    assert urlsplit(page.url).path.endswith("/scenarios/no-news-after-a-week/")
    wait_for_branch(page)
    assert yours(branch) in box_text(page), engine
    assert page.locator(".br-known a[href^='tel:']").get_attribute("href") == f"tel:{branch.dial}"
    assert page.errors == [], engine


def test_the_branch_is_remembered_on_every_page_that_says_to_call(page, base_url: str) -> None:
    page.goto(f"{base_url}follow-up/?from={FIRST.slug}")
    wait_until(page, "localStorage.getItem('irg:branch') !== null")
    for path in CALL_PAGES:
        page.goto(base_url + path)
        wait_for_branch(page)
        assert yours(FIRST) in box_text(page), path


def test_an_unknown_slug_is_ignored_without_error(watched, base_url: str) -> None:
    page = watched
    page.goto(f"{base_url}go/no-news/?from=no-such-office")
    page.wait_for_url(lambda url: "/go/" not in url, timeout=10_000)
    settle(page)
    assert page.locator(".br-known").count() == 0
    assert page.get_by_role("link", name="Find your branch office").first.is_visible()
    assert page.evaluate("localStorage.getItem('irg:branch')") is None
    assert page.errors == []
    # ... and does not replace a branch the reader already has.
    page.goto(f"{base_url}?from={SECOND.slug}")
    wait_until(page, "localStorage.getItem('irg:branch') !== null")
    page.goto(f"{base_url}scenarios/no-news-after-a-week/?from=NOPE%3Cscript%3E")
    wait_for_branch(page)
    assert yours(SECOND) in box_text(page)
    assert page.errors == []


def test_other_query_parameters_and_the_section_survive(page, base_url: str) -> None:
    page.goto(f"{base_url}go/no-news/?from={FIRST.slug}&utm_source=email#who-can-help")
    page.wait_for_url(lambda url: "/go/" not in url, timeout=10_000)
    wait_for_branch(page)
    address = urlsplit(page.url)
    assert address.query == "utm_source=email"
    assert address.fragment == "who-can-help"


def test_forget_and_change(page, base_url: str) -> None:
    page.goto(f"{base_url}follow-up/talk-to-your-recruiter/?from={FIRST.slug}")
    wait_for_branch(page)
    change = page.locator(".br-known").get_by_role("link", name="Change")
    assert urlsplit(change.get_attribute("href")).path.endswith("/branches/")
    page.locator(".br-known").get_by_role("button", name="Forget").click()
    assert page.locator(".br-known").count() == 0
    assert "forgotten" in page.locator("[data-br-yours] [role=status]").inner_text()
    # Focus goes somewhere useful, not to the vanished button.
    assert page.evaluate("document.activeElement.textContent") == "Find your branch office"
    page.reload()
    settle(page)
    assert page.locator(".br-known").count() == 0
    assert page.evaluate("localStorage.getItem('irg:branch')") is None


def test_this_is_my_branch_on_the_list_saves_it(page, base_url: str) -> None:
    page.goto(base_url + "branches/")
    page.locator(f"[data-br-choose='{SECOND.slug}']").click()
    assert SECOND.name in page.locator(f"li[data-br-slug='{SECOND.slug}'] [role=status]").inner_text()
    page.goto(base_url + "follow-up/call-your-contact/")
    wait_for_branch(page)
    assert yours(SECOND) in box_text(page)


def test_pages_without_a_box_fetch_nothing_for_the_branch(page, base_url: str) -> None:
    # The script is on every page; the list of offices is fetched only where it is needed.
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    goto_settled(page, base_url)
    goto_settled(page, base_url + "during/keep-calm/")
    assert not [url for url in requests if url.endswith("branches.json")]


# ---- Find your branch office ------------------------------------------------------------


def test_without_javascript_the_list_is_whole(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "branches/")
        items = page.locator("li.br-branch")
        assert items.count() == len(OFFICES)
        assert all(item.is_visible() for item in items.all())
        assert not page.get_by_label("Type your town or postcode").is_visible()
        for branch in OFFICES:
            assert page.locator(f"a[href='tel:{branch.dial}']").first.is_visible()
    finally:
        context.close()


def visible_slugs(page) -> list[str]:
    return [item.get_attribute("data-br-slug") for item in page.locator("li.br-branch").all() if item.is_visible()]


def count_says(page, words: str) -> None:
    wait_until(page, "words => document.getElementById('br-count').textContent.includes(words)", words)


@pytest.mark.parametrize("branch", OFFICES, ids=[b.slug for b in OFFICES])
def test_the_filter_finds_a_branch_by_its_town_or_postcode(page, base_url: str, branch) -> None:
    page.goto(base_url + "branches/")
    box = page.get_by_label("Type your town or postcode")
    count = page.locator("#br-count")
    assert count.get_attribute("role") == "status" and count.get_attribute("aria-live") == "polite"
    town = branch.towns[-1]
    box.press_sequentially(town.lower()[:4])  # as you type
    assert branch.slug in visible_slugs(page)
    box.fill(town)
    assert visible_slugs(page) == [b.slug for b in OFFICES if town in b.towns]
    count_says(page, f"1 branch office matches \u201c{town}\u201d")
    # A whole postcode finds the office that serves its first part.
    box.fill(f"{branch.postcodes[0].lower()} 4ab")
    assert visible_slugs(page) == [branch.slug]
    box.fill("")
    assert visible_slugs(page) == [b.slug for b in OFFICES]
    count_says(page, f"Showing all {len(OFFICES)} branch offices")


def test_the_filter_says_when_nothing_matches(page, base_url: str) -> None:
    page.goto(base_url + "branches/")
    page.get_by_label("Type your town or postcode").fill("Atlantis")
    assert visible_slugs(page) == []
    assert page.locator(".br-none").is_visible()
    count_says(page, "No branch office matches \u201cAtlantis\u201d")


def test_a_postcode_does_not_match_a_longer_one(page, base_url: str) -> None:
    # RV1 serves "RV1 4AB", but not "RV19 4AB", which is another district.
    longer = FIRST.postcodes[0] + "9"
    assert not any(code.startswith(longer) for branch in OFFICES for code in branch.postcodes)
    page.goto(base_url + "branches/")
    page.get_by_label("Type your town or postcode").fill(f"{longer} 4AB")
    assert visible_slugs(page) == []


def test_save_contact_downloads_the_card(page, base_url: str) -> None:
    page.goto(base_url + "branches/")
    link = page.locator(f"li[data-br-slug='{FIRST.slug}'] a[download]").filter(has_text="Save contact")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200
    assert response.body().startswith(b"BEGIN:VCARD")
    assert FIRST.dial.encode() in response.body()


# ---- the recruiters' branch picker ------------------------------------------------------


def shown_links(page) -> list[str]:
    return page.eval_on_selector_all("[data-go-url]", "els => els.map(e => e.textContent)")


def test_the_picker_puts_the_branch_on_every_link_and_email(page, base_url: str) -> None:
    page.goto(base_url + "recruiters/")
    plain = shown_links(page)
    # English and Spanish short links side by side (/go/ and /es/go/).
    assert plain and all(urlsplit(url).path.startswith(("/go/", "/es/go/")) and not urlsplit(url).query for url in plain)
    assert any(urlsplit(url).path.startswith("/es/go/") for url in plain)
    emails = page.locator(".go-email-text").all_inner_texts()
    assert emails
    picker = page.get_by_label("Your branch office", exact=True)
    picker.select_option(FIRST.slug)
    query = f"?from={FIRST.slug}"
    assert shown_links(page) == [url + query for url in plain]
    for link in page.locator("a[data-go-url]").all():
        assert link.get_attribute("href").endswith(query)
    for before, after in zip(emails, page.locator(".go-email-text").all_inner_texts()):
        assert after.count(query) == before.count("/go/") > 0
    assert FIRST.name in page.locator(".go-branch [role=status]").inner_text()
    # Remembered on the next visit.
    page.reload()
    assert page.get_by_label("Your branch office", exact=True).input_value() == FIRST.slug
    assert shown_links(page) == [url + query for url in plain]
    # A followed link carries the branch to the candidate.
    href = page.locator("a.go-url[data-go-url]").first.evaluate("a => a.href")
    page.goto(href)
    page.wait_for_url(lambda url: "/go/" not in url, timeout=10_000)
    wait_until(page, f"localStorage.getItem('irg:branch') === {FIRST.slug!r}")
    # None: plain again.
    page.goto(base_url + "recruiters/")
    page.get_by_label("Your branch office", exact=True).select_option("")
    assert shown_links(page) == plain


def test_without_javascript_the_picker_stays_out_of_the_way(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "recruiters/")
        assert not page.get_by_label("Your branch office", exact=True).is_visible()
        assert "?from=" in page.locator("article").inner_text()  # the page says how to add it by hand
    finally:
        context.close()


# ---- accessibility of what the script shows ----------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["follow-up/talk-to-your-recruiter/", "404.html", "branches/"])
def test_the_shown_branch_and_filter_pass_axe(browser, base_url: str, path: str, scheme: str) -> None:
    # tests/test_accessibility.py sees pages as they load; this sees them with a branch
    # shown, a filter typed and its count said, and the Material palette to match.
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    context.add_init_script(script=axe.source())
    page = context.new_page()
    try:
        page.goto(f"{base_url}{path}?from={FIRST.slug}")
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", "slate" if scheme == "dark" else "default")
        if path == "branches/":
            page.get_by_label("Type your town or postcode").fill(FIRST.towns[0])
            count_says(page, "matches")
        else:
            wait_for_branch(page)
        violations = axe.violations(page)
        assert violations == [], axe.report(f"{path} ({scheme}, a branch shown)", violations)
    finally:
        context.close()
