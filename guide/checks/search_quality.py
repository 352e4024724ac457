"""Run every query in data/search-queries.yml through the site's real search.

Usage: python scripts/search_quality.py [SITE] [--queries FILE] [--min-hit1 0.95] [--min-hit3 0.99] [--json FILE]

Serves the built site on 127.0.0.1, opens it in Debian's headless Chromium at a
phone's size, taps the search button and types each query into Material's search
box like a reader would. It reads the ordered result list, and prints hit@1,
hit@3, every miss with its top three results, and the median time from the last
keystroke to rendered results. Exits 1 when hit@1 or hit@3 is below the bar.

A hit is the query's `expect` URL (or one of its `also` URLs) as a result: a
page URL matches that page's result; a `page/#section` URL matches only when that
section is listed under the page's result.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]  # the project folder: guide/checks/ is two below it
QUERIES = ROOT / "data" / "search-queries.yml"
# Misspelled queries, kept apart: search must forgive a slip of the thumb, and tuning on them must not hide it.
MISSPELLED = ROOT / "data" / "search-queries-misspelled.yml"

from guide.checks.browser import launch, wait_until
from guide.errors import GuideError
from guide.sources import schemas
from guide.web.serve import serve

# schemas/search-queries.schema.json lists the keys a query may have (a misspelt one fails with a did-you-mean).
SCHEMA = "search-queries"

# data/search-queries.yml: correctly spelt readers' words (the bars were 0.80 / 0.95 before search phrases and the mender).
MIN_HIT1 = 0.95
MIN_HIT3 = 0.99
# data/search-queries-misspelled.yml: the same questions, misspelt (handbook/developers.md, "Search that forgives spelling").
MISSPELLED_MIN_HIT1 = 0.80
MISSPELLED_MIN_HIT3 = 0.90
# A phone (the readers' device): the search box hides behind the header's search button.
VIEWPORT = {"width": 390, "height": 844}
# Results count as rendered when the list has not changed for this long.
QUIET_MS = 150


@dataclass(frozen=True)
class Query:
    q: str
    expect: str
    also: tuple[str, ...] = ()

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.expect, *self.also)


@dataclass
class Outcome:
    query: Query
    results: list[list[str]]  # one list per result item: the page URL, then its section URLs
    rank: int | None  # 1-based rank of the first acceptable result, None when not listed
    ms: float  # last keystroke to rendered results
    teaser: str = ""  # the text shown under the first result


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def hit_at(self, k: int) -> float:
        return sum(1 for o in self.outcomes if o.rank is not None and o.rank <= k) / len(self.outcomes)

    @property
    def strict_hit1(self) -> float:
        """hit@1 counting only `expect`, not the `also` alternatives."""
        hits = sum(1 for o in self.outcomes if o.results and matches(o.results[0], o.query.expect))
        return hits / len(self.outcomes)

    @property
    def median_ms(self) -> float:
        return statistics.median(o.ms for o in self.outcomes)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.rank != 1]


def normalize(url: str) -> str:
    """A site-relative URL ('scenarios/late/' or 'scenarios/late/#now'); '' is the home page."""
    url = url.strip().lstrip("/")
    if url in ("", "index.html"):
        return ""
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    return url


def load_queries(path: Path = QUERIES) -> list[Query]:
    """Read and check the query file; any mistake stops with a GuideError naming the file and the fix
    (the one error type every check raises, printed as "Error: ..." by the commands)."""

    def fail(message: str) -> GuideError:
        return GuideError(f"{path}: {message}")

    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise fail(f"cannot read it as YAML ({' '.join(str(exc).split())}). Fix: check the indentation, "
                   "and write each query like `- {q: sweaty hands, expect: scenarios/sweaty-hands/}`.") from None
    if not isinstance(data, dict) or not isinstance(data.get("queries"), list) or not data["queries"]:
        raise fail("expected a top-level `queries:` list of {q, expect, also} entries. "
                   "Fix: write `queries:`, then one `- {q: ..., expect: ...}` line per query.")
    unknown = [problem for problem in schemas.check(SCHEMA, data, text) if problem.key is not None]
    for problem in unknown:
        if len(problem.path) != 2:
            raise GuideError(problem.unknown_key(str(path)).replace("unknown key", "unknown top-level key", 1))
    queries: list[Query] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["queries"], 1):
        where = f"query #{number}"
        if not isinstance(entry, dict):
            raise fail(f"{where} is not a mapping: write it as {{q: ..., expect: ...}}")
        for problem in unknown:
            if problem.path == ("queries", number - 1):
                line = f", line {problem.line}" if problem.line else ""
                raise GuideError(f"{path}{line}: {where} has an unknown key '{problem.key}'. {problem.fix}")
        q, expect, also = entry.get("q"), entry.get("expect"), entry.get("also", [])
        if not isinstance(q, str) or not q.strip():
            raise fail(f"{where} needs `q:`, the words a reader types")
        where = f"query #{number} ({q!r})"
        if q.strip().lower() in seen:
            raise fail(f"{where} is listed twice: delete one")
        seen.add(q.strip().lower())
        if not isinstance(expect, str) or expect.startswith(("http:", "https:")):
            raise fail(f"{where} needs `expect:`, a site-relative URL such as scenarios/sweaty-hands/")
        if isinstance(also, str):
            also = [also]
        if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
            raise fail(f"{where}: `also:` must be a list of site-relative URLs")
        for url in (expect, *also):
            page = normalize(url).split("#")[0]
            if page and not page.endswith("/"):
                raise fail(f"{where}: {url!r} is not a page URL: end the page part with '/' (e.g. after/debrief/)")
        queries.append(Query(q.strip(), normalize(expect), tuple(normalize(a) for a in also)))
    return queries


def matches(item: list[str], target: str) -> bool:
    """Does one result item (page URL first, then its sections) answer `target`?"""
    page, _, section = target.partition("#")
    if not item or item[0].split("#")[0] != page:
        return False
    return not section or target in item


def rank_of(results: list[list[str]], query: Query) -> int | None:
    for rank, item in enumerate(results, 1):
        if any(matches(item, target) for target in query.targets):
            return rank
    return None


def missing_targets(queries: list[Query], site: Path) -> list[str]:
    """Expected URLs the site does not build: a mistake in the query file (or a page not written yet)."""
    problems = []
    for query in queries:
        for target in query.targets:
            page = target.split("#")[0]
            if not (site / page / "index.html").is_file():
                problems.append(f"query {query.q!r} expects {target!r}, but {site}/{page}index.html does not exist")
    return problems


# Runs in the page: marks list changes, so the harness knows when results are rendered.
WATCH_JS = """() => {
  const list = document.querySelector('.md-search-result__list');
  const meta = document.querySelector('.md-search-result__meta');
  window.__changes = [];
  window.__lastKey = 0;
  const note = () => window.__changes.push(performance.now());
  new MutationObserver(note).observe(list, {childList: true, subtree: true});
  new MutationObserver(note).observe(meta, {childList: true, characterData: true, subtree: true});
  document.querySelector('input.md-search__input')
    .addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
}"""

QUIET_JS = """([since, quiet]) => {
  const c = window.__changes;
  const last = c.length ? c[c.length - 1] : 0;
  return last > since && performance.now() - last > quiet;
}"""

READ_JS = """() => [...document.querySelectorAll('.md-search-result__item')].map(li => ({
  links: [...li.querySelectorAll('a.md-search-result__link')].map(a => a.href),
  teaser: (li.querySelector('a.md-search-result__link article') || {innerText: ''}).innerText,
}))"""


def site_relative(href: str, base_url: str) -> str:
    base = urlsplit(base_url).path
    parts = urlsplit(href)
    path = parts.path[len(base):] if parts.path.startswith(base) else parts.path
    return normalize(path) + (f"#{parts.fragment}" if parts.fragment else "")


def open_search(page, base_url: str) -> None:
    # The served HTML says "Initializing search" there until the worker has the index.
    served = page.request.get(base_url).text()
    initial = re.search(r'class="md-search-result__meta">([^<]*)<', served).group(1)
    page.goto(base_url, wait_until="networkidle")
    page.locator("header label[for='__search']").first.click()
    wait_until(page, "t => document.querySelector('.md-search-result__meta').textContent.trim() !== t.trim()", initial)
    page.evaluate(WATCH_JS)


def wait_rendered(page, since: float) -> float:
    """Wait for the list to change after `since` and settle; return when it first changed."""
    # The page records when the list changed (WATCH_JS): polling from here adds nothing to the time measured.
    wait_until(page, QUIET_JS, [since, QUIET_MS])
    return page.evaluate("s => window.__changes.find(t => t > s)", since)


def run_query(page, base_url: str, query: Query) -> Outcome:
    box = page.locator("input.md-search__input")
    *prefix, last = query.q
    # Material searches on keyup: filling in all but the last letter (an input
    # event) searches nothing, so the last key press starts the one search that
    # is timed, as when a reader's thumb finishes the word. Typing every letter
    # renders a result list per letter and makes the run four times slower.
    box.fill("".join(prefix))
    page.keyboard.press(last)
    key = page.evaluate("window.__lastKey")
    shown = wait_rendered(page, key)
    items = page.evaluate(READ_JS)
    results = [[site_relative(href, base_url) for href in item["links"]] for item in items]
    teaser = items[0]["teaser"] if items else ""
    return Outcome(query, results, rank_of(results, query), shown - key, teaser)


def evaluate(browser, base_url: str, queries: list[Query]) -> Report:
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        open_search(page, base_url)
        report = Report([run_query(page, base_url, q) for q in queries])
    finally:
        context.close()
    if errors:
        raise RuntimeError(f"JavaScript errors while searching: {errors}")
    return report


# Tuning aid (--fast): the same worker and index, queried directly, no typing.
FAST_JS = """async (queries) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const base = new URL(config.base + '/', location.href);
  const index = await (await fetch(new URL('search/search_index.json', base))).json();
  // window.__guideUnmended: Material's own worker, without docs/assets/search-fuzzy.js (--unmended).
  const worker = new (window.__guideUnmended || Worker)(new URL(config.search, base).href);
  let pending = null;
  worker.addEventListener('message', ev => pending(ev.data));
  const ask = message => new Promise(resolve => {
    pending = resolve;
    worker.postMessage(message);
  });
  await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  const out = [];
  for (const q of queries) {
    const {data} = await ask({type: 2, data: q});
    out.push(data.items.map(group => {
      const page = group.find(doc => !doc.location.includes('#')) || group[0];
      return [page.location, ...group.filter(doc => doc !== page).map(doc => doc.location)];
    }));
  }
  worker.terminate();
  return out;
}"""


def evaluate_fast(browser, base_url: str, queries: list[Query], unmended: bool = False) -> Report:
    """Ask the search worker directly; `unmended` asks Material's worker as it comes, without
    the spelling mender that overrides/partials/lazy-search.html puts in front of it."""
    context = browser.new_context()
    if unmended:
        context.add_init_script("window.__guideUnmended = window.Worker;")
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="networkidle")
        found = page.evaluate(FAST_JS, [q.q for q in queries])
    finally:
        context.close()
    results = [[[normalize(u.split("#")[0]) + ("#" + u.split("#")[1] if "#" in u else "") for u in item]
                for item in items] for items in found]
    return Report([Outcome(q, r, rank_of(r, q), 0.0) for q, r in zip(queries, results)])


def format_report(report: Report) -> str:
    lines = []
    for o in report.misses:
        where = f"rank {o.rank}" if o.rank else "not in results"
        lines.append(f"MISS  {o.query.q!r}: expected {o.query.expect or '(home)'} ({where})")
        for n, item in enumerate(o.results[:3], 1):
            lines.append(f"        {n}. {item[0] or '(home)'}" + (f"  [{', '.join(i.split('#')[1] for i in item[1:3])}]" if len(item) > 1 else ""))
        if not o.results:
            lines.append("        (no results)")
    total = len(report.outcomes)
    lines += [
        "",
        f"queries: {total}",
        f"hit@1:   {report.hit_at(1):.3f}  (expected page only: {report.strict_hit1:.3f})",
        f"hit@3:   {report.hit_at(3):.3f}",
        f"median last keystroke -> rendered results: {report.median_ms:.0f} ms",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default=os.environ.get("SITE_DIR", str(ROOT / "site")))
    parser.add_argument("--queries", type=Path, default=QUERIES,
                        help=f"the query file (default: {QUERIES.relative_to(ROOT)}; misspelled ones: "
                             f"{MISSPELLED.relative_to(ROOT)})")
    parser.add_argument("--min-hit1", type=float, help=f"default {MIN_HIT1} ({MISSPELLED_MIN_HIT1} for the misspelled queries)")
    parser.add_argument("--min-hit3", type=float, help=f"default {MIN_HIT3} ({MISSPELLED_MIN_HIT3} for the misspelled queries)")
    parser.add_argument("--json", type=Path, help="also write every outcome to this file")
    parser.add_argument("--fast", action="store_true",
                        help="tuning aid: ask the search worker directly instead of typing (no timing)")
    parser.add_argument("--unmended", action="store_true",
                        help="with --fast: Material's search as it comes, without docs/assets/search-fuzzy.js")
    parser.add_argument("--skip-missing", action="store_true",
                        help="while pages are still being written: skip (and list) queries whose page is not built")
    args = parser.parse_args(argv)
    misspelled = args.queries.resolve() == MISSPELLED.resolve()
    if args.min_hit1 is None:
        args.min_hit1 = MISSPELLED_MIN_HIT1 if misspelled else MIN_HIT1
    if args.min_hit3 is None:
        args.min_hit3 = MISSPELLED_MIN_HIT3 if misspelled else MIN_HIT3
    site = Path(args.site).resolve()
    try:
        queries = load_queries(args.queries)
        problems = missing_targets(queries, site)
        if problems and not args.skip_missing:
            raise GuideError(
                f"{args.queries}: the queries expect pages the site does not build. Fix: correct each `expect` "
                "or `also`, or run with --skip-missing while the pages are being written:\n  " + "\n  ".join(problems)
            )
    except GuideError as error:  # printed as `python -m guide` prints it: the message, no traceback
        print(f"Error: {error.message}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"SKIPPED {problem}")
    missing = {p.split("'")[1] for p in problems}
    queries = [q for q in queries if q.q not in missing]

    from playwright.sync_api import sync_playwright

    with serve(site) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            if args.fast:
                report = evaluate_fast(browser, base_url, queries, unmended=args.unmended)
            else:
                report = evaluate(browser, base_url, queries)
        finally:
            browser.close()
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps({
            "hit_at_1": report.hit_at(1), "hit_at_3": report.hit_at(3), "median_ms": report.median_ms,
            "outcomes": [{"q": o.query.q, "expect": o.query.expect, "rank": o.rank, "ms": round(o.ms, 1),
                          "top3": [i[0] for i in o.results[:3]]} for o in report.outcomes],
        }, indent=2) + "\n")
    ok = report.hit_at(1) >= args.min_hit1 and report.hit_at(3) >= args.min_hit3
    if not ok:
        print(f"\nBELOW THE BAR: hit@1 must be >= {args.min_hit1}, hit@3 >= {args.min_hit3}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
