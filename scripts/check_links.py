"""Check every link and #anchor in the built site with LinkChecker, over HTTP.

Usage: python scripts/check_links.py SITE_DIR [--external]

LinkChecker only checks anchors through its AnchorCheck plugin and only over
HTTP, so the site is served on 127.0.0.1 for the run. Exits non-zero with one
line per problem, naming the page that holds the link and the link itself.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_site import serve  # noqa: E402

CONFIG = Path(__file__).resolve().parent / "linkcheckerrc"


# LinkChecker run as root drops to user "nobody" before it loads its plugins; in a
# checkout "nobody" cannot read (a fresh clone under mktemp -d), AnchorCheck then
# fails to load and anchors go unchecked without a word. We only crawl our own
# site on 127.0.0.1, so keep the caller's user instead.
RUN_LINKCHECKER = (
    "import sys, linkcheck.command.linkchecker as lc; "
    "lc.drop_privileges = lambda: None; sys.exit(lc.linkchecker())"
)


def run_linkchecker(base_url: str, external: bool) -> list[dict[str, str]]:
    cmd = [sys.executable, "-c", RUN_LINKCHECKER, "--config", str(CONFIG), "--output", "csv", "--no-status"]
    if external:
        cmd.append("--check-extern")
    proc = subprocess.run([*cmd, base_url], capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    lines = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    if not lines:
        raise SystemExit(f"LinkChecker printed no report (exit {proc.returncode}):\n{proc.stderr}")
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))


def problems(rows: list[dict[str, str]], base_url: str) -> list[str]:
    found = []
    for row in rows:
        bad = row["valid"] != "True" or "anchor" in row["warningstring"].lower()
        if bad:
            page = row["parentname"].replace(base_url, "/") or "(start page)"
            why = (row["result"] + " " + row["warningstring"]).strip()
            found.append(f"{page}: link '{row['urlname']}' is broken: {why}")
    return sorted(set(found))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--external", action="store_true", help="also check links to other hosts")
    args = parser.parse_args()
    with serve(args.site) as base_url:
        rows = run_linkchecker(base_url, args.external)
    found = problems(rows, base_url)
    if found:
        print(f"LinkChecker found {len(found)} broken link(s) in {args.site}/:", file=sys.stderr)
        for line in found:
            print("  " + line, file=sys.stderr)
        print("Fix the link in the page's Markdown source (docs/...), then run 'make build' again.", file=sys.stderr)
        return 1
    print(f"LinkChecker: every link and anchor in {args.site}/ resolves.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
