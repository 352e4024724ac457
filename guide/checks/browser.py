"""Launch Debian's headless Chromium through Playwright.

Playwright's own browser download does not work on this project's machines, so
everything (tests, bench, search harness) drives Debian's Chromium through
`executable_path`: its headless shell (package chromium-headless-shell), the same
Blink as the full browser without the desktop browser around it, which is what
Playwright itself runs for headless Chromium. Measured on a 2-core machine, a
page load costs 40% less CPU in it than in the full browser's headless mode, and
a new tab half as much. Lighthouse starts its own browser and keeps the full one
(chromium_path). The CHROMIUM environment variable overrides both.
"""
from __future__ import annotations

import os
import shutil

from playwright.sync_api import Browser, Playwright

# Without the background-networking flags Chromium phones home at start-up,
# which would show up as requests to other hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path(program: str = "chromium") -> str:
    path = os.environ.get("CHROMIUM") or shutil.which(program) or f"/usr/bin/{program}"
    if not os.path.exists(path):
        raise SystemExit(f"Debian's {program} is missing: run 'make test' as root, or 'sudo apt-get install {program}'.")
    return path


def launch(playwright: Playwright, extra_args: tuple[str, ...] = ()) -> Browser:
    return playwright.chromium.launch(executable_path=chromium_path("chromium-headless-shell"),
                                      args=[*CHROMIUM_ARGS, *extra_args], headless=True)


def goto_settled(page, url: str):
    """Open `url` and return its response once the page has made the requests it makes by itself.

    Not goto(wait_until="networkidle") alone: that is Playwright's 500 ms without a request, and a
    renderer starved of CPU can stay quiet that long before it has even asked for the page's
    scripts (CI counted store.js and both sitemaps in the first query's download that way). The
    load event comes only after every script in the page has run, and the theme starts its own
    fetches (the sitemaps, Zensical's redirect.json) while its script runs; the quiet after it
    lets those finish."""
    response = page.goto(url, wait_until="load")
    settle(page)
    return response


def settle(page) -> None:
    """After a navigation that the page itself made (a redirect, a reload): the same wait as goto_settled."""
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")


def first_view(page, url: str) -> list[tuple[str, str]]:
    """(resource type, URL) of every request the first view of `url` makes, in order, for a page
    fresh from a new context: what a reader's browser fetches on arrival, the favicon included.

    A reader's browser asks for the icon the page names after the load event; the headless
    shell asks for none, so that request is added here from the page's own link."""
    requests: list[tuple[str, str]] = []

    def asked(request) -> None:  # Playwright wraps a handler in place, which a bound method refuses
        requests.append((request.resource_type, request.url))

    page.on("request", asked)
    try:
        goto_settled(page, url)
    finally:
        page.remove_listener("request", asked)
    icon = page.evaluate("document.querySelector('link[rel~=icon]')?.href ?? null")
    if icon and all(seen != icon for _, seen in requests):
        requests.append(("other", icon))
    return requests


def wait_until(page, expression: str, arg=None, seconds: float = 15, every: float = 0.02) -> None:
    """Wait until a JavaScript expression (or a function of `arg`) is true in the page, polled from here.

    Not page.wait_for_function: Playwright polls there with code it evals in
    the page, which the site's Content-Security-Policy (no 'unsafe-eval')
    may refuse. page.evaluate goes through the DevTools protocol, which no
    page policy governs. The deadline is generous and the poll quick, so no
    test depends on how fast a loaded machine happens to be."""
    check = (lambda: page.evaluate(expression)) if arg is None else (lambda: page.evaluate(expression, arg))
    _poll(page, check, f"still false after {seconds} s: {expression}", seconds, every)


def wait_for_events(page, condition, what: str, seconds: float = 15, every: float = 0.02) -> None:
    """Wait until `condition()`, a test of what the page's event handlers recorded in Python
    (responses, console messages), is true; `what` names it in the failure. Playwright delivers
    those events only while it is called, which the poll's pause through the page gives it."""
    _poll(page, condition, f"still not seen after {seconds} s: {what}", seconds, every)


def _poll(page, check, failure: str, seconds: float, every: float) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(failure)
        page.wait_for_timeout(every * 1000)
