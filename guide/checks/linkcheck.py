"""LinkChecker crawling a built site over HTTP, as a reader's browser would reach it.

The build checks every link and #anchor from the files themselves
(guide/web/links.py). LinkChecker, a second and independent checker, crawls
each engine's build as nginx serves it with its generated configuration in
the tests (tests/test_served.py), which also covers what only a server does:
redirects, short links answered by the host, the 404 page. `make
linkcheck-external` runs it over the site served by Python's server, also
following links to other hosts. LinkChecker checks anchors only through its
AnchorCheck plugin and only over HTTP. Each problem names the page that holds
the link and the link itself.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from guide.web.serve import serve

CONFIG = Path(__file__).resolve().parent / "linkcheckerrc"

# LinkChecker run as root drops to user "nobody" before it loads its plugins; in a
# checkout "nobody" cannot read (a fresh clone under mktemp -d), AnchorCheck then
# fails to load and anchors go unchecked without a word. And it throttles every host
# to 10 requests a second unless the server answers with a "LinkChecker" header,
# which the site's own nginx.conf rightly does not send (200 s a crawl instead of
# 20). We crawl our own site on 127.0.0.1, so keep the caller's user and lift the
# throttle for that host only (`make linkcheck-external` still spares other hosts).
RUN_LINKCHECKER = (
    "import sys, linkcheck.command.linkchecker as lc, linkcheck.director.aggregator as ag; "
    "lc.drop_privileges = lambda: None; "
    "ag.Aggregate.wait_for_host = (lambda throttle: lambda self, host: "
    "None if host.startswith(('127.', 'localhost')) else throttle(self, host))(ag.Aggregate.wait_for_host); "
    "sys.exit(lc.linkchecker())"
)


def run_linkchecker(base_url: str, external: bool) -> list[dict[str, str]]:
    cmd = [sys.executable, "-c", RUN_LINKCHECKER, "--config", str(CONFIG), "--output", "csv", "--no-status"]
    if external:
        cmd.append("--check-extern")
    proc = subprocess.run([*cmd, base_url], capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    lines = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    if not lines:
        raise RuntimeError(f"LinkChecker printed no report (exit {proc.returncode}):\n{proc.stderr}")
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def problems(rows: list[dict[str, str]], base_url: str) -> list[str]:
    found = []
    for row in rows:
        if row["valid"] != "True" or "anchor" in row["warningstring"].lower():
            page = row["parentname"].replace(base_url, "/") or "(start page)"
            why = (row["result"] + " " + row["warningstring"]).strip()
            found.append(f"{page}: link '{row['urlname']}' is broken: {why}")
    return sorted(set(found))


def crawl(base_url: str, external: bool = False) -> list[str]:
    """Every broken link LinkChecker finds from `base_url` (a served site), one line each."""
    return problems(run_linkchecker(base_url, external), base_url)


def check(site: Path, base_path: str = "/", external: bool = False) -> list[str]:
    """Every broken link in the built site served on 127.0.0.1, one line each (empty when all resolve)."""
    with serve(site, base_path=base_path) as base_url:
        return crawl(base_url, external)
