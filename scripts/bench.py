"""Measure build speed and page weight; print a table and write build/bench.json.

Usage: python scripts/bench.py   (or `make bench`, which builds first)

Timings on a shared machine are noisy, so the build is also timed against a
vanilla Material configuration of the same pages, and the ratio is reported:
the ratio holds where the seconds do not.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("SITE_DIR", ROOT / "site")).resolve()
OUT = ROOT / "build" / "bench.json"
sys.path.insert(0, str(ROOT / "scripts"))

from browser import launch  # noqa: E402
from serve_site import serve  # noqa: E402

RUNS = 3


def timed_build(config: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        env=env,
        cwd=config.parent,
    )
    return time.perf_counter() - start


def vanilla_project(folder: Path) -> Path:
    """The same Markdown pages with a plain Material config: no hooks, overrides or extras."""
    shutil.copytree(ROOT / "docs", folder / "docs")
    config = {
        "site_name": "Vanilla",
        "theme": {"name": "material"},
        "plugins": ["search"],
        "markdown_extensions": ["attr_list", "md_in_html", "admonition", "pymdownx.tasklist", "toc"],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return folder / "mkdocs.yml"


def measure_build() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ours = [timed_build(ROOT / "mkdocs.yml", tmp / "ours") for _ in range(RUNS)]
        vanilla_config = vanilla_project(tmp / "vanilla")
        vanilla = [timed_build(vanilla_config, tmp / "vanilla-site") for _ in range(RUNS)]
    ours_s, vanilla_s = statistics.median(ours), statistics.median(vanilla)
    return {
        "build_seconds_median": round(ours_s, 3),
        "vanilla_build_seconds_median": round(vanilla_s, 3),
        "build_time_ratio_vs_vanilla": round(ours_s / vanilla_s, 2),
    }


def measure_site() -> dict:
    pages = [p for p in SITE.rglob("*.html") if "http-equiv=\"refresh\"" not in p.read_text()[:600]]
    index = SITE / "search" / "search_index.json"
    return {
        "pages": len(pages),
        "search_index_bytes": index.stat().st_size,
        "search_index_gzip_bytes": len(gzip.compress(index.read_bytes())),
        "site_bytes": sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file()),
    }


def page_weight(browser, url: str) -> dict:
    """Everything a first view of `url` loads, by type, raw and gzip."""
    context = browser.new_context()
    tab = context.new_page()
    bodies: list[tuple[str, bytes]] = []

    def keep(response):
        try:
            bodies.append((response.request.resource_type, response.body()))
        except Exception:  # a redirect has no body
            pass

    tab.on("response", keep)
    tab.goto(url, wait_until="networkidle")
    tab.wait_for_timeout(500)  # the search worker fetches its index after load
    context.close()
    html = [b for kind, b in bodies if kind == "document"][:1]
    code = [b for kind, b in bodies if kind in ("stylesheet", "script")]
    return {
        "requests": len(bodies),
        "html_bytes": sum(map(len, html)),
        "html_gzip_bytes": sum(len(gzip.compress(b)) for b in html),
        "css_js_bytes": sum(map(len, code)),
        "css_js_gzip_bytes": sum(len(gzip.compress(b)) for b in code),
        "all_bytes": sum(len(b) for _, b in bodies),
        "all_gzip_bytes": sum(len(gzip.compress(b)) for _, b in bodies),
    }


def measure_home() -> dict:
    from playwright.sync_api import sync_playwright

    with serve(SITE) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        weight = page_weight(browser, base_url)
        browser.close()
    return {f"home_{key}": value for key, value in weight.items()}


MEASUREMENTS = [measure_build, measure_site, measure_home]


def main() -> int:
    if not (SITE / "index.html").is_file():
        raise SystemExit("site/ is not built: run 'make bench', which builds first.")
    results: dict = {}
    for measure in MEASUREMENTS:
        results.update(measure())
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results))
    print(f"{'measure'.ljust(width)}  value")
    print(f"{'-' * width}  -----")
    for key, value in results.items():
        print(f"{key.ljust(width)}  {value}")
    print(f"\nwritten to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
