"""WCAG 2.2 AA in a real browser: axe-core (pinned in package-lock.json) runs in
headless Chromium on every built page as nginx serves it, in the light and the
dark palette, at a phone (390x844) and a desktop (1280x800) viewport (a Spanish
page at the phone's only: SPANISH_WIDTHS says why). Zero violations allowed.

Each page is loaded once, at the phone's width, and checked in both palettes:
light as it loads, then dark after a press of the theme's own palette toggle,
as a reader switches. Then the window is widened to the desktop's, as a reader
turns a tablet, and checked again in dark, then light. A test id names the
page; a failure names the palette and width and lists each rule with the CSS
targets of the offending elements.

The same load is watched for the Content-Security-Policy nginx sends
(tests/test_csp_browser.py, Watched): a violation, a "Refused to" console
message, a page error or a request to another host fails the page too. That
module's crawl of the MkDocs build loads only what this one does not.

Redirect stubs (the short links under /go/ and moved pages) are a title and
one sentence with a link, shown for an instant before the redirect: they are
checked once, light palette at phone width, with the redirect removed so axe
sees what a reader without JavaScript sees. They load no theme CSS, so the
palette and width cannot change the result.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REFRESH, SITE, built_pages, content_pages, goto_settled, is_stub, url_path
from guide.checks import axe, nginx
from test_csp_browser import QUIET_PAGES, Watched

PALETTES = {"light": ("light", "default"), "dark": ("dark", "slate")}  # emulated scheme, Material scheme
# The theme's palette toggle in the header: one label is shown, the one that switches away.
TOGGLE_LABELS = "form[data-md-component=palette] label"
WIDTHS = {390: {"width": 390, "height": 844}, 1280: {"width": 1280, "height": 800}}
SCRIPT = re.compile(r"<script\b.*?</script>", re.I | re.S)

FULL = content_pages()
STUBS = [p for p in built_pages() if is_stub(p)]
# A Spanish page is its English twin's templates, stylesheet and components with other words:
# what a desktop width changes (the sidebars instead of the drawer) the English pages show at
# both widths. So each Spanish page is checked in both palettes at a phone's width, where its
# readers are; its own words (lang, labels, link names, contrast of its text) are checked there.
SPANISH_WIDTHS = (390,)


def widths_of(page: Path) -> tuple[int, ...]:
    return SPANISH_WIDTHS if url_path(page).startswith("es/") else tuple(WIDTHS)


@pytest.fixture(scope="session")
def served_url():
    """The MkDocs build as nginx serves it, with its generated configuration and policy header."""
    with nginx.serve(SITE) as served:
        yield served.url


@pytest.fixture(scope="session")
def tabs(browser):
    """One watched tab per system palette, reused for every page (a fresh context each would cost
    minutes). axe-core is an init script: present in every page from its start, without a 640 KB
    transfer each time."""
    opened: dict[str, Watched] = {}
    source = axe.source()

    def tab(palette: str) -> Watched:
        if palette not in opened:
            opened[palette] = Watched(browser, viewport=WIDTHS[390], color_scheme=PALETTES[palette][0])
            opened[palette].context.add_init_script(script=source)
        return opened[palette]

    yield tab
    for watched in opened.values():
        watched.close()


@pytest.mark.needs_site
def test_site_has_pages():
    assert FULL, f"no content pages under {SITE}: build the site first ('make test' does)"


# In the page, not tab.get_attribute(): Playwright sets its selector engine up again in each new
# document, 80 ms of CPU a page. A click event on the toggle's shown label runs the theme's own
# handler as a tap does, without Playwright's checks before a pointer click (a tenth of a second
# each). The theme switches without its colour transitions (it marks the body while it
# switches), so axe reads the final colours at once.
SWITCH = """([labels, wanted]) => {
  const scheme = () => document.body.getAttribute('data-md-color-scheme');
  let shown = true;
  if (scheme() !== wanted) {
    const label = [...document.querySelectorAll(labels)].find(l => l.offsetParent !== null);
    shown = !!label;
    if (label) label.click();
  }
  return {shown, scheme: scheme()};
}"""


def scheme_of(tab) -> str | None:
    return tab.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def switch_to(tab, palette: str) -> str | None:
    """Press the palette toggle unless `palette` is shown; the body's scheme afterwards."""
    switched = tab.evaluate(SWITCH, [TOGGLE_LABELS, PALETTES[palette][1]])
    assert switched["shown"], "the theme's palette toggle is not shown"
    return switched["scheme"]


def press_palette_toggle(tab) -> None:
    switch_to(tab, "dark" if scheme_of(tab) == PALETTES["light"][1] else "light")


@pytest.mark.parametrize("page", FULL, ids=[url_path(p) or "/" for p in FULL])
def test_page_has_no_axe_violations(page: Path, tabs, served_url):
    # A page load costs about as much CPU as an axe run; the palette is the body's attributes, which
    # the toggle sets in place (test_the_toggle_gives_the_dark_palette_a_dark_system_loads shows
    # the result is the same page), and the width is the window's: so one load serves all four.
    watched = tabs("light")
    tab = watched.page
    where = url_path(page) or "/"
    watched.found.clear()
    if "/" + url_path(page) in QUIET_PAGES:  # scripts that fetch after the load: the policy watch waits for them
        goto_settled(tab, served_url + url_path(page))
    else:
        tab.goto(served_url + url_path(page), wait_until="load")
    found = []
    try:
        palettes = list(PALETTES)
        for number, width in enumerate(widths_of(page)):
            if number:
                tab.set_viewport_size(WIDTHS[width])
                # The theme's own resize handlers run in the frames after the resize: axe reads the page after them.
                tab.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            for palette in palettes:
                scheme = switch_to(tab, palette)
                assert scheme == PALETTES[palette][1], f"{where}: {palette} palette not applied: body has data-md-color-scheme={scheme!r}"
                violations = axe.violations(tab)
                if violations:
                    found.append(axe.report(f"{where} ({palette}, {width}px)", violations))
            palettes.reverse()  # the next width starts in the palette this one ended in: one press fewer
        watched.collect(where)
    finally:
        # Back to light at the phone's width: the toggle stores the reader's choice, and the next page must load light.
        switch_to(tab, "light")
        tab.set_viewport_size(WIDTHS[390])
    assert not found, "\n".join(found)
    assert watched.found == [], f"{where}, under the served policy: " + "\n".join(watched.found)


# What the toggle's dark palette must match: the page as it loads for a reader whose system
# is dark. The attributes the theme's stylesheet keys on, and the colours they give.
COLOURS = """() => {
  const body = document.body;
  const attrs = Object.fromEntries([...body.attributes].filter(a => a.name.startsWith("data-md-color-")
    && a.name !== "data-md-color-switching").map(a => [a.name, a.value]));
  const pick = s => { const e = document.querySelector(s); if (!e) return null;
    const c = getComputedStyle(e); return [c.color, c.backgroundColor, c.borderTopColor, c.colorScheme]; };
  return {attrs, colours: ["body", ".md-header", ".md-typeset", ".md-typeset a", ".md-typeset h1",
    ".md-nav__link", ".md-footer", ".md-search__input", ".admonition", "input", "textarea"].map(pick)};
}"""


@pytest.mark.parametrize("path", ["", "worksheets/debrief/", "es/"])
def test_the_toggle_gives_the_dark_palette_a_dark_system_loads(path: str, tabs, served_url):
    dark = tabs("dark").page
    dark.goto(served_url + path, wait_until="load")
    assert scheme_of(dark) == PALETTES["dark"][1]
    expected = dark.evaluate(COLOURS)
    light = tabs("light").page
    light.goto(served_url + path, wait_until="load")
    before = light.evaluate(COLOURS)
    press_palette_toggle(light)
    try:
        toggled = light.evaluate(COLOURS)
    finally:
        press_palette_toggle(light)
    assert before != expected, "the light page already has the dark colours: nothing to compare"
    assert toggled == expected
    assert scheme_of(light) == PALETTES["light"][1], "the toggle did not go back to light"


@pytest.fixture(scope="module")
def stub_tab(browser):
    """One document that each stub is written into in turn (page.set_content: document.open and
    write, which keep the window and its scripts): axe is put in once and stays warm. A load
    each, and axe's first run in each new document, cost five times as much (27 s of CPU for
    140 stubs, now 5 s). A stub has no stylesheet or script of its own to load; the policy in
    its <meta> tag stays in force for the stubs written after it, which carry the same one."""
    context = browser.new_context(viewport=WIDTHS[390], color_scheme=PALETTES["light"][0])
    tab = context.new_page()
    tab.add_script_tag(content=axe.source())
    yield tab
    context.close()


@pytest.mark.parametrize("page", STUBS, ids=[url_path(p) for p in STUBS])
def test_redirect_stub_has_no_axe_violations(page: Path, stub_tab):
    html = SCRIPT.sub("", REFRESH.sub("", page.read_text(encoding="utf-8")))
    stub_tab.set_content(html)
    written = stub_tab.evaluate("() => [document.title, !!document.querySelector('meta[http-equiv=refresh i]'), !!window.axe]")
    assert written[0] and not written[1] and written[2], f"the stub was not written as it is, without its redirect: {written}"
    violations = axe.violations(stub_tab)
    assert not violations, axe.report(f"{url_path(page)} (redirect stub)", violations)


def test_axe_finds_violations(tabs, served_url):
    """axe itself runs: a page with an unlabelled field and low contrast fails."""
    tab = tabs("light").page
    url = served_url + "axe-self-test.html"
    bad = ('<!doctype html><html lang="en"><title>t</title><main><input type="text">'
           '<p style="color:#bbb;background:#fff">faint</p></main></html>')
    tab.route(url, lambda route: route.fulfill(body=bad, content_type="text/html"))
    try:
        tab.goto(url)
        ids = {v["id"] for v in axe.violations(tab)}
    finally:
        tab.unroute(url)
    assert {"label", "color-contrast"} <= ids, ids


# Keyboard: what a reader fills in or presses is reachable with Tab, shows where
# the focus is, and works from the keyboard. The markup is the checklists' and
# worksheets' (hooks and docs/assets/checklists.js) and the recruiters' page.
KEYBOARD_TARGETS = {
    "checklist tick": (".task-list input[type=checkbox]", "checklists/"),
    "worksheet text field": (".md-content input[type=text]", "worksheets/"),
    "worksheet writing box": (".md-content textarea", "worksheets/"),
    "copy button": ("button[data-copy]", "recruiters/"),
}
FOCUS_STYLE = """el => {
  const keys = ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "borderTopColor", "borderBottomColor", "backgroundColor"];
  const read = () => { const s = getComputedStyle(el); return Object.fromEntries(keys.map(k => [k, s[k]])); };
  const focused = read();
  el.blur();
  const blurred = read();
  el.focus();
  return {focused, blurred, visible: document.activeElement === el && el.matches(":focus-visible")};
}"""


def first_page_with(marker, under: str) -> str | None:
    """The first built page under `under` with an element that `marker(name, attrs)` accepts."""
    from guide.web import html

    for page in FULL:
        rel = url_path(page)
        if rel.startswith(under) and any(marker(e.name, e.attrs) for e in html.scan(page.read_text(encoding="utf-8"))):
            return rel
    return None


MARKERS = {
    "checklist tick": lambda name, attrs: name == "input" and attrs.get("type") == "checkbox" and attrs.get("id", "").startswith("ck-"),
    "worksheet text field": lambda name, attrs: name == "input" and attrs.get("type") == "text" and attrs.get("id", "").startswith("ws-"),
    "worksheet writing box": lambda name, attrs: name == "textarea",
    "copy button": lambda name, attrs: "data-copy" in attrs,
}


@pytest.mark.parametrize("palette", list(PALETTES))
@pytest.mark.parametrize("what", list(KEYBOARD_TARGETS))
def test_keyboard_reaches_and_operates(what: str, palette: str, browser, base_url):
    selector, under = KEYBOARD_TARGETS[what]
    path = first_page_with(MARKERS[what], under)
    assert path, f"no page under /{under} has a {what}: the feature is missing"
    context = browser.new_context(viewport=WIDTHS[390], color_scheme=PALETTES[palette][0])
    tab = context.new_page()
    try:
        tab.goto(base_url + path, wait_until="load")
        for presses in range(1, 301):
            tab.keyboard.press("Tab")
            if tab.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
                break
        else:
            pytest.fail(f"/{path}: 300 Tab presses never reached a {what} ({selector})")
        element = tab.evaluate_handle("() => document.activeElement")
        style = element.evaluate(FOCUS_STYLE)
        changed = {k: (style["blurred"][k], v) for k, v in style["focused"].items() if style["blurred"][k] != v}
        ring = style["focused"]["outlineStyle"] != "none" and style["focused"]["outlineWidth"] != "0px"
        assert style["visible"] and changed and (ring or "boxShadow" in changed or "borderTopColor" in changed), (
            f"/{path} ({palette}): the focused {what} shows no focus indicator; focused style {style['focused']}"
        )
        if what == "checklist tick":
            before = element.evaluate("el => el.checked")
            tab.keyboard.press("Space")
            assert element.evaluate("el => el.checked") != before, f"/{path}: Space did not tick the {what}"
        elif what == "copy button":
            tab.keyboard.press("Enter")
            tab.wait_for_timeout(300)  # the clipboard answers asynchronously
            status = element.evaluate("el => (el.parentNode.querySelector('.go-status') || {}).textContent || ''")
            assert status.strip(), f"/{path}: Enter on the {what} did nothing (no status message)"
        else:
            tab.keyboard.type("My notes")
            assert element.evaluate("el => el.value").endswith("My notes"), f"/{path}: typing did not reach the {what}"
    finally:
        context.close()
