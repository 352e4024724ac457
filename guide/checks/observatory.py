"""The MDN HTTP Observatory (npm @mdn/mdn-http-observatory, pinned in package-lock.json) on a
built site served by nginx with its generated configuration (guide/checks/nginx.py).

The Observatory scans a host name on the standard ports: http://HOST/ must
redirect to https://HOST/, which is graded on its headers. So nginx serves
the site over HTTPS on port 443 of a loopback address, with a certificate
made for the run, and redirects port 80 to it, as a real host would. The
scanner is run directly (src/scan.js): its CLI wrapper sets
NODE_EXTRA_CA_CERTS to Mozilla's bundle, which would not trust the run's
certificate. Its install script, which downloads the HSTS preload list, is
not run (npm ci --ignore-scripts); the Makefile gives it an empty list, and
a loopback address is on no such list anyway.

Used by tests/test_deploy.py (grade A+ required) and scripts/bench.py.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from guide.checks import nginx

ROOT = Path(__file__).resolve().parents[2]  # the project folder: guide/checks/ is two below it
OBSERVATORY = ROOT / "node_modules" / "@mdn" / "mdn-http-observatory"


def scan(site: Path | str) -> dict:
    """The Observatory's report ({"scan": {grade, score, ...}, "tests": {...}}) for the served site."""
    scanner = OBSERVATORY / "src" / "scan.js"
    if not scanner.is_file() or not (OBSERVATORY / "conf" / "hsts-preload.json").is_file():
        raise SystemExit("The MDN HTTP Observatory is not installed: run 'make node'.")
    with nginx.serve(site, tls=True) as served:
        host = urlsplit(served.https_url).hostname
        run = subprocess.run(
            ["node", str(scanner), host], capture_output=True, text=True, timeout=180,
            env={**os.environ, "NODE_EXTRA_CA_CERTS": str(served.certificate)},
        )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        report = {}
    if "scan" not in report:
        raise RuntimeError(f"The Observatory gave no report (exit {run.returncode}):\n{run.stdout}\n{run.stderr[-2000:]}")
    return report


def summary(report: dict) -> dict:
    scan_ = report["scan"]
    failed = [name for name, test in report["tests"].items() if not test["pass"]]
    return {
        "observatory_grade": scan_["grade"],
        "observatory_score": scan_["score"],
        "observatory_tests_passed": f"{scan_['testsPassed']}/{scan_['testsQuantity']}",
        **({"observatory_tests_failed": ", ".join(failed)} if failed else {}),
    }
