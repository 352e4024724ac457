"""Measure build speed and page weight; print a table and write build/bench.json.

Usage: python scripts/bench.py   (or `make bench`, which builds first)

Timings on a shared machine are noisy, so the build is also timed against a
vanilla Material configuration of the same pages, interleaved run by run, and
the ratio is reported: the ratio holds where the seconds do not. The Zensical
build of the same repository is timed beside them.

Served figures come from Debian's nginx with the site's generated nginx.conf
(guide/checks/nginx.py): the MDN HTTP Observatory's grade over HTTPS
(guide/checks/observatory.py) and Lighthouse with Brotli and the real headers
(guide/checks/lighthouse.py).
"""
from __future__ import annotations

import gzip
import json
import os
import re
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

from guide.checks import observatory
from guide.checks.browser import launch
from guide.web.serve import serve
from guide.checks.lighthouse import measure_lighthouse
from guide.checks.weight import FIRST_VIEW_BUDGET_GZIP, content_pages, page_weight, summary

RUNS = 5
SCALE_RUNS = 3
SCALE_BRANCHES = 500
SCALE_PAGES = 500


class _NavLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its nav; the one tag it uses, !ENV, is read as plain text."""


_NavLoader.add_constructor("!ENV", lambda loader, node: None)
STEP_LINE = re.compile(r"step (\S+) +(\d+\.\d+) s")


def run_timed(command: list[str], cwd: Path) -> tuple[float, str]:
    """Wall-clock seconds of one command (a fresh process, as `make build` runs it) and its log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(command, check=True, env=env, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, result.stderr


def guide_build(engine: str, site: Path, config: Path | None = None) -> list[str]:
    # Everything `make build` does, the link check included: what an editor waits for.
    return [sys.executable, "-m", "guide", "build", "--engine", engine, "--site-dir", str(site),
            "-f", str(config or ROOT / "mkdocs.yml")]


def vanilla_project(folder: Path, root: Path = ROOT, edition: str = "") -> Path:
    """The same Markdown pages and menu with a plain Material config: no hooks, overrides or extras.
    `edition` (es): that edition's pages and menu, as its own project, as ours builds it."""
    shutil.copytree(root / edition / "docs", folder / "docs")
    settings = root / edition / "edition.yml" if edition else root / "mkdocs.yml"
    nav = yaml.load(settings.read_text(encoding="utf-8"), Loader=_NavLoader).get("nav")
    config = {
        "site_name": "Vanilla",
        "theme": {"name": "material", "language": edition or "en"},
        "plugins": ["search"],
        "markdown_extensions": ["attr_list", "md_in_html", "admonition", "pymdownx.tasklist", "toc"],
        "nav": nav,
        "not_in_nav": "/branches/*.md",
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return folder / "mkdocs.yml"


def vanilla_builds(folder: Path, root: Path = ROOT) -> list[tuple[list[str], Path]]:
    """(command, folder) of a vanilla build of each edition's pages: ours builds them all."""
    from guide.sources import editions
    from guide.sources.config import load_project

    builds = []
    for edition in editions.editions(load_project(root / "mkdocs.yml")):
        config = vanilla_project(folder / (edition.folder or "en"), root, edition.folder)
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(config.parent / "site")]
        builds.append((command, config.parent))
    return builds


def run_vanilla(builds: list[tuple[list[str], Path]]) -> float:
    return sum(run_timed(command, cwd)[0] for command, cwd in builds)


def measure_build() -> dict:
    """Median wall time of RUNS builds each, interleaved so that the machine's load falls on all
    of them alike: ours (python -m guide build, every feature on), vanilla Material on the same
    pages, and ours with Zensical as the generator. Each step's median time comes from our log."""
    zensical_site = ROOT / "build" / "bench-zensical" / "site"  # Zensical writes inside the project only
    times: dict[str, list[float]] = {"ours": [], "vanilla": [], "zensical": []}
    steps: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        vanilla = vanilla_builds(tmp / "vanilla")
        for _ in range(RUNS):
            seconds, log = run_timed(guide_build("mkdocs", tmp / "ours"), ROOT)
            times["ours"].append(seconds)
            for name, step_seconds in STEP_LINE.findall(log):
                steps.setdefault(name, []).append(float(step_seconds))
            times["vanilla"].append(run_vanilla(vanilla))
            times["zensical"].append(run_timed(guide_build("zensical", zensical_site), ROOT)[0])
    shutil.rmtree(zensical_site.parent, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in times.items()}
    served, _ = run_timed([sys.executable, "-m", "guide", "check-links", str(SITE)], ROOT)
    return {
        "build_seconds_median": round(median["ours"], 3),
        "vanilla_build_seconds_median": round(median["vanilla"], 3),
        "build_time_ratio_vs_vanilla": round(median["ours"] / median["vanilla"], 2),
        "zensical_build_seconds_median": round(median["zensical"], 3),
        "zensical_time_ratio_vs_vanilla": round(median["zensical"] / median["vanilla"], 2),
        **{f"step_{name}_seconds_median": round(statistics.median(values), 3) for name, values in steps.items()},
        # LinkChecker crawling the site over HTTP: what the build's link check took until it read the files.
        "linkchecker_over_http_seconds": round(served, 2),
    }


def measure_scale() -> dict:
    """The full build of a copy with SCALE_BRANCHES more branch offices and SCALE_PAGES more pages
    in the menu (guide/checks/scale.py), against today's, interleaved with vanilla Material on
    the same copy. The first build fills the caches (PDFs and compressed copies), as an editor's
    first build does; the median of the next SCALE_RUNS is what an editor waits for after a change."""
    from guide.checks.scale import scale_copy

    times: dict[str, list[float]] = {"ours": [], "vanilla": [], "today": []}
    steps: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = scale_copy(ROOT, tmp / "scale", SCALE_BRANCHES, SCALE_PAGES)
        # Every edition's pages (docs/ and es/docs/): the build makes them all.
        pages = sum(1 for folder in (project / "docs", project / "es" / "docs") for _ in folder.rglob("*.md"))
        today_pages = sum(1 for folder in (ROOT / "docs", ROOT / "es" / "docs") for _ in folder.rglob("*.md"))
        vanilla = vanilla_builds(tmp / "vanilla", project)
        first, _ = run_timed(guide_build("mkdocs", project / "site", project / "mkdocs.yml"), project)
        for _ in range(SCALE_RUNS):
            seconds, log = run_timed(guide_build("mkdocs", project / "site", project / "mkdocs.yml"), project)
            times["ours"].append(seconds)
            for name, step_seconds in STEP_LINE.findall(log):
                steps.setdefault(name, []).append(float(step_seconds))
            times["vanilla"].append(run_vanilla(vanilla))
            times["today"].append(run_timed(guide_build("mkdocs", tmp / "today"), ROOT)[0])
    median = {name: statistics.median(values) for name, values in times.items()}
    return {
        "scale_pages": pages,
        "scale_page_ratio": round(pages / today_pages, 1),
        "scale_first_build_seconds": round(first, 2),
        "scale_build_seconds_median": round(median["ours"], 2),
        "scale_vanilla_build_seconds_median": round(median["vanilla"], 2),
        "scale_build_time_ratio_vs_today": round(median["ours"] / median["today"], 1),
        "scale_build_time_ratio_vs_vanilla": round(median["ours"] / median["vanilla"], 2),
        **{f"scale_step_{name}_seconds_median": round(statistics.median(values), 3) for name, values in steps.items()},
    }


def measure_pdfs() -> dict:
    """Worksheet PDFs and Brotli copies made from scratch (caches off), as their steps report it.

    The timed builds above reuse build/worksheet-pdfs/, as `make serve` does;
    this is the cost when every worksheet changed (or on a fresh checkout)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "WORKSHEET_PDF_CACHE": "off", "COMPRESS_CACHE": "off"}
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            guide_build("mkdocs", Path(tmp)), capture_output=True, text=True, env=env, cwd=ROOT, check=True
        )
        # The PDFs this build just made, not whatever an older build left in site/.
        pdf_bytes = sum(p.stat().st_size for p in (Path(tmp) / "downloads" / "worksheets").glob("*.pdf"))
    found = re.search(r"Worksheet PDFs: made (\d+), from cache (\d+), in ([\d.]+) s", result.stderr)
    if not found:
        raise SystemExit("bench: the build did not report its worksheet PDFs (guide/steps/pdfs.py).")
    made, seconds = int(found[1]), float(found[3])
    compressed = re.search(r"Compressed (\d+) text files .* in ([\d.]+) s", result.stderr)
    if not compressed:
        raise SystemExit("bench: the build did not report its compressed copies (guide/steps/compress.py).")
    return {
        "compressed_text_files": int(compressed[1]),
        "compress_seconds_from_scratch": float(compressed[2]),
        "worksheet_pdfs": made,
        "worksheet_pdf_seconds": round(seconds, 2),
        "worksheet_pdf_seconds_each": round(seconds / made, 3) if made else None,
        "worksheet_pdf_bytes_total": pdf_bytes,
    }


def measure_site() -> dict:
    # A short link's stub carries its target's preview tags before the refresh,
    # so the whole file is read, not only its first bytes.
    html = list(SITE.rglob("*.html"))
    stubs = [p for p in html if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")]
    index = SITE / "search" / "search_index.json"
    return {
        "pages": len(html) - len(stubs),
        "redirect_stubs": len(stubs),
        "search_index_bytes": index.stat().st_size,
        "search_index_gzip_bytes": len(gzip.compress(index.read_bytes())),
        # The site as readers get it; the .br/.gz copies nginx serves instead are counted apart.
        "site_bytes": sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file() and p.suffix not in (".br", ".gz")),
        "compressed_copies_bytes": sum(p.stat().st_size for p in SITE.rglob("*") if p.suffix in (".br", ".gz")),
    }


def measure_home() -> dict:
    from playwright.sync_api import sync_playwright

    with serve(SITE) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        weight = page_weight(browser, base_url, "", SITE)
        browser.close()
    return {f"home_{key}": value for key, value in summary(weight).items()}


def measure_heaviest() -> dict:
    """The same first-view figures for the page that loads the most (and the largest HTML)."""
    from playwright.sync_api import sync_playwright

    with serve(SITE) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        weights = {path: page_weight(browser, base_url, path, SITE) for path in content_pages(SITE)}
        browser.close()
    heaviest = max(weights, key=lambda path: weights[path]["all_gzip_bytes"])
    largest_html = max(weights, key=lambda path: weights[path]["html_gzip_bytes"])
    return {
        "heaviest_page": "/" + heaviest,
        **{f"heaviest_{key}": value for key, value in summary(weights[heaviest]).items()},
        "largest_html_page": "/" + largest_html,
        "largest_html_gzip_bytes": weights[largest_html]["html_gzip_bytes"],
        "pages_over_first_view_budget": sum(w["all_gzip_bytes"] > FIRST_VIEW_BUDGET_GZIP for w in weights.values()),
    }


def measure_search() -> dict:
    """On each engine's build: every query set's hit@1, hit@3 and median time from the last keystroke
    to rendered results, typed into the real search box (the harness of scripts/search_quality.py),
    and what a phone downloads for its first query (KB gzip, against its budget)."""
    from playwright.sync_api import sync_playwright

    from guide.checks import search_quality

    # make test (and make build-zensical) writes the Zensical build here; the bench's own timing builds are deleted.
    sites = {"mkdocs": SITE, "zensical": Path(os.environ.get("ZENSICAL_SITE_DIR", ROOT / "build" / "zensical" / "site"))}
    results: dict = {"search_first_query_budget_kb_gzip": round(search_quality.FIRST_QUERY_BUDGET_GZIP / 1024, 1)}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for engine, site in sites.items():
            if not (site / "index.html").is_file():
                results[f"search_{engine}"] = f"not built ({site}): run make build-zensical first"
                continue
            with serve(site) as base_url:
                for path in search_quality.QUERY_SETS:
                    report = search_quality.evaluate(browser, base_url, search_quality.load_queries(path))
                    name = f"search_{engine}_{path.stem.removeprefix('search-queries').strip('-') or 'main'}"
                    results[f"{name}_queries"] = len(report.outcomes)
                    results[f"{name}_hit_at_1"] = round(report.hit_at(1), 3)
                    results[f"{name}_hit_at_3"] = round(report.hit_at(3), 3)
                    results[f"{name}_keystroke_to_results_ms_median"] = round(report.median_ms, 1)
                download = search_quality.first_query_download(browser, base_url, site)
                results[f"search_{engine}_first_query_kb_gzip"] = round(download["gzip_bytes"] / 1024, 1)
        browser.close()
    return results


def measure_observatory() -> dict:
    """The MDN HTTP Observatory's grade of the site served by nginx (guide/checks/observatory.py)."""
    return observatory.summary(observatory.scan(SITE))


MEASUREMENTS = [
    measure_build, measure_scale, measure_pdfs, measure_site, measure_home, measure_heaviest,
    measure_observatory, measure_lighthouse, measure_search,
]


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
