"""Launch Debian's headless Chromium through Playwright.

Playwright's own browser download does not work on this project's machines, so
everything (tests, bench, search harness) drives /usr/bin/chromium through
`executable_path`. Override with the CHROMIUM environment variable.
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


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        raise SystemExit("Debian's Chromium is missing: run 'make test' as root, or 'sudo apt-get install chromium'.")
    return path


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
