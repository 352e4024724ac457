"""Run every query set (data/search-queries*.yml) through the site's real search, on either engine.

Usage: python scripts/search_quality.py [SITE] [--queries FILE] [--min-hit1 0.95] [--min-hit3 0.99] [--json FILE]

Serves the built site on 127.0.0.1, opens it in Debian's headless Chromium at a
phone's size, taps the search button and types each query into the search box
like a reader would: Material's on a MkDocs build, Zensical's (in a shadow
root) on a Zensical build; which one is read from the built site. It reads the
ordered result list, and prints hit@1, hit@3, every miss with its top three
results, and the median time from the last keystroke to rendered results.
Without --queries it runs every query set, each against its own bars. Exits 1
when hit@1 or hit@3 of any set is below its bar. The Spanish set runs against
the Spanish edition's own folder:

    python scripts/search_quality.py site/es --queries es/data/search-queries.yml

A hit is the query's `expect` URL (or one of its `also` URLs) as a result: a
page URL matches that page's result; a `page/#section` URL matches only when that
section is listed under the page's result.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
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
# The situations the newer situation pages answer, written before those pages' phrases were tuned.
SITUATIONS = ROOT / "data" / "search-queries-situations.yml"

from guide.checks.browser import first_view, goto_settled, launch, wait_until
from guide.errors import GuideError
from guide.sources import schemas
from guide.web import html
from guide.web.serve import serve

# schemas/search-queries.schema.json lists the keys a query may have (a misspelt one fails with a did-you-mean).
SCHEMA = "search-queries"

# data/search-queries.yml: correctly spelt readers' words (the bars were 0.80 / 0.95 before search phrases and the mender).
MIN_HIT1 = 0.95
MIN_HIT3 = 0.99
# data/search-queries-misspelled.yml: the same questions, misspelt (handbook/developers.md, "Search that forgives spelling").
MISSPELLED_MIN_HIT1 = 0.80
MISSPELLED_MIN_HIT3 = 0.90
# data/search-queries-situations.yml: hit@3 is the bar (new pages; a reader scans the first three results).
SITUATIONS_MIN_HIT1 = 0.0
SITUATIONS_MIN_HIT3 = 0.90
# Every query set with its bars (hit@1, hit@3): the command, the tests and the bench run them all, on each engine.
QUERY_SETS = {
    QUERIES: (MIN_HIT1, MIN_HIT3),
    MISSPELLED: (MISSPELLED_MIN_HIT1, MISSPELLED_MIN_HIT3),
    SITUATIONS: (SITUATIONS_MIN_HIT1, SITUATIONS_MIN_HIT3),
}
# The Spanish edition's queries (es/data/search-queries.yml), run against its own part of the
# site (site/es/, where its index is): each edition searches only its own pages. hit@3 is the bar.
SPANISH = ROOT / "es" / "data" / "search-queries.yml"
SPANISH_MIN_HIT1 = 0.0
SPANISH_MIN_HIT3 = 0.90
EDITION_QUERY_SETS = {SPANISH: ("es", (SPANISH_MIN_HIT1, SPANISH_MIN_HIT3))}
# The same question must find the same page on either engine: hit@3 of a set may differ by this much at most.
MAX_ENGINE_GAP = 0.03
ENGINES = ("mkdocs", "zensical")
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


def engine_of(site: Path) -> str:
    """Which engine built `site`: Zensical writes search.json, MkDocs + Material search/search_index.json."""
    if (site / "search" / "search_index.json").is_file():
        return "mkdocs"
    if (site / "search.json").is_file():
        return "zensical"
    raise GuideError(f"{site}: no search index (search/search_index.json or search.json). Fix: build the site first.")


# Each engine's search box, result list and status line. Zensical draws its search
# panel in a shadow root (open), which CSS selectors in Playwright's locators pierce,
# and which the page-side scripts below reach through ROOT_JS.
UI = {
    "mkdocs": {
        "button": "header label[for='__search']",
        "input": "input.md-search__input",
        "list": ".md-search-result__list",
        "status": ".md-search-result__meta",
        "item": ".md-search-result__item",
        "link": "a.md-search-result__link",
    },
    "zensical": {
        "button": "header label[for='__search']",  # at a phone's width; .md-search__button is for wide screens
        "input": "input[role=combobox]",
        "list": "ol[role=listbox]",
        "status": "[role=status]",
        "item": "ol[role=listbox] > li",
        "link": "a[role=option]",
    },
}
# Zensical's status line says this until its worker is ready; Material's says what the served HTML says.
ZENSICAL_LOADING = "Loading search\u2026"

ROOT_JS = """const root = (() => {
  const host = [...document.querySelectorAll('body *')].find(e => e.shadowRoot && e.shadowRoot.querySelector('[role=listbox]'));
  return host ? host.shadowRoot : document;
})();"""

# Runs in the page: marks list changes, so the harness knows when results are rendered.
WATCH_JS = """(ui) => {
  """ + ROOT_JS + """
  const list = root.querySelector(ui.list);
  const status = root.querySelector(ui.status);
  window.__changes = [];
  window.__lastKey = 0;
  const note = () => window.__changes.push(performance.now());
  new MutationObserver(note).observe(list, {childList: true, subtree: true, characterData: true});
  new MutationObserver(note).observe(status, {childList: true, characterData: true, subtree: true});
  root.querySelector(ui.input)
    .addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
}"""

# Zensical's search dialog blurs what is behind it (backdrop-filter), as does its header. Headless
# Chromium paints that blur in software on every frame the open dialog draws (each letter, each caret
# blink): 3.9 s of CPU for 22 typed queries, more than the searching. It changes no result, rank or
# timing read here (those are the DOM's), so the harness turns it off once the dialog is open, through
# the CSSOM (an adopted stylesheet, which no page policy governs).
UNBLUR_JS = """() => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('* { backdrop-filter: none !important; -webkit-backdrop-filter: none !important; }');
  const roots = [document, ...[...document.querySelectorAll('body *')].filter(e => e.shadowRoot).map(e => e.shadowRoot)];
  for (const root of roots) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}"""

# Has the status line left its first words (the worker has the index)?
READY_JS = """([ui, initial]) => {
  """ + ROOT_JS + """
  const status = root.querySelector(ui.status);
  return status !== null && root.querySelector(ui.list) !== null && status.textContent.trim() !== initial.trim();
}"""

# Before any page script: notes when each search result from the worker has been handed to
# the page (the next frame, by which Zensical's panel has drawn it). Zensical redraws nothing when
# the results are the same as for the letters before, so its list alone cannot say "answered".
REPLIES_JS = """(() => {
  const Real = window.Worker;
  window.__replies = [];
  window.Worker = function (url, options) {
    const worker = new Real(url, options);
    worker.addEventListener('message', event => {
      if (event.data && event.data.type === 3) requestAnimationFrame(() => window.__replies.push(performance.now()));
    });
    return worker;
  };
})();"""

# Answered since `since` (a result reached the page, or nothing came for `idle` ms), then no change for `quiet` ms.
SETTLED_JS = """([since, quiet, idle]) => {
  const c = window.__changes, r = window.__replies, now = performance.now();
  const answered = r.some(t => t > since) || now - since > idle;
  const last = Math.max(c.length ? c[c.length - 1] : 0, r.length ? r[r.length - 1] : 0);
  return answered && now - last > quiet;
}"""

QUIET_JS = """([since, quiet]) => {
  const c = window.__changes;
  const last = c.length ? c[c.length - 1] : 0;
  return last > since && performance.now() - last > quiet;
}"""

READ_JS = """(ui) => {
  """ + ROOT_JS + """
  return [...root.querySelectorAll(ui.item)].map(li => ({
    links: [...li.querySelectorAll(ui.link)].map(a => a.href),
    teaser: (li.querySelector(ui.link + ' article') || li.querySelector(ui.link) || {innerText: ''}).innerText,
  }));
}"""


def group_by_page(items: list[dict]) -> list[dict]:
    """Zensical lists a page's sections as results of their own, after the page; Material nests
    them under it. One item per page either way: its links (page, then sections) and its teaser."""
    grouped: list[dict] = []
    for item in items:
        for link in item["links"]:
            page = urlsplit(link).path
            if grouped and urlsplit(grouped[-1]["links"][0]).path == page:
                grouped[-1]["links"].append(link)
            else:
                grouped.append({"links": [link], "teaser": item["teaser"]})
    return grouped


def site_relative(href: str, base_url: str) -> str:
    base = urlsplit(base_url).path
    parts = urlsplit(href)
    path = parts.path[len(base):] if parts.path.startswith(base) else parts.path
    return normalize(path) + (f"#{parts.fragment}" if parts.fragment else "")


def open_search(page, base_url: str) -> str:
    """Open the search box of whichever engine built the site; return that engine once its worker is ready."""
    served = page.request.get(base_url).text()
    elements = html.scan(served)
    meta = html.find(elements, "div", "md-search-result__meta")
    engine = "mkdocs" if meta is not None else "zensical"
    ui = UI[engine]
    # Material's served HTML says "Initializing search" there until the worker has the index;
    # Zensical's status line says "Loading search…".
    initial = html.text(html.inner(served, meta)).strip() if meta is not None else ZENSICAL_LOADING
    goto_settled(page, base_url)
    page.locator(ui["button"]).first.click()
    wait_until(page, READY_JS, [ui, initial])
    page.evaluate(WATCH_JS, ui)
    if engine == "zensical":
        page.evaluate(UNBLUR_JS)
    return engine


def wait_rendered(page, since: float) -> float:
    """Wait for the list to change after `since` and settle; return when it first changed."""
    # The page records when the list changed (WATCH_JS): polling from here adds nothing to the time measured.
    wait_until(page, QUIET_JS, [since, QUIET_MS])
    return page.evaluate("s => window.__changes.find(t => t > s)", since)


def run_query(page, base_url: str, query: Query, engine: str = "mkdocs") -> Outcome:
    ui = UI[engine]
    box = page.locator(ui["input"]).first
    *prefix, last = query.q
    # Material searches on keyup: filling in all but the last letter (an input
    # event) searches nothing, so the last key press starts the one search that
    # is timed, as when a reader's thumb finishes the word. Typing every letter
    # renders a result list per letter and makes the run four times slower.
    # Zensical searches on every input event: its search for the prefix must be
    # shown before the last key, or its late list would count as the answer.
    if engine == "zensical":
        before = page.evaluate("performance.now()")
        box.fill("".join(prefix))
        wait_until(page, SETTLED_JS, [before, QUIET_MS, 1000])
        page.keyboard.press(last)
        key = page.evaluate("window.__lastKey")
        wait_until(page, SETTLED_JS, [key, QUIET_MS, 5000])
        # The first redraw after the key, or (the same list as before) the frame the result arrived in.
        shown = page.evaluate("s => window.__changes.find(t => t > s) || window.__replies.find(t => t > s)", key)
    else:
        box.fill("".join(prefix))
        page.keyboard.press(last)
        key = page.evaluate("window.__lastKey")
        shown = wait_rendered(page, key)
    items = page.evaluate(READ_JS, ui)
    if engine == "zensical":
        items = group_by_page(items)
    results = [[site_relative(href, base_url) for href in item["links"]] for item in items]
    teaser = items[0]["teaser"] if items else ""
    return Outcome(query, results, rank_of(results, query), shown - key, teaser)


def evaluate(browser, base_url: str, queries: list[Query]) -> Report:
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True)
    context.add_init_script(REPLIES_JS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        engine = open_search(page, base_url)
        report = Report([run_query(page, base_url, q, engine) for q in queries])
    finally:
        context.close()
    if errors:
        raise RuntimeError(f"JavaScript errors while searching: {errors}")
    return report


# The same worker, index and mender the search box talks to, asked directly (no typing): the
# page's own Worker (lazy-search.html hands out search-fuzzy.js in front of the engine's worker),
# set up with the index the box would fetch, sent each query in the shape that engine's box
# sends. `make test` scores every query through this and types a sample whose results must be
# the same (tests/test_search_quality.py); `make bench` types every query for the timing.
WORKER_JS = """async ([queries, engine]) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const base = new URL(config.base + '/', location.href);
  const file = engine === 'mkdocs' ? 'search/search_index.json' : 'search.json';
  const index = await (await fetch(new URL(file, base))).json();
  // window.__guideUnmended: Material's own worker, without docs/assets/search-fuzzy.js (--unmended).
  const worker = new (window.__guideUnmended || Worker)(new URL(config.search, base).href);
  let pending = null;
  worker.addEventListener('message', ev => pending(ev.data));
  const ask = message => new Promise(resolve => {
    pending = resolve;
    worker.postMessage(message);
  });
  const out = [];
  if (engine === 'mkdocs') {
    await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
    for (const q of queries) {
      const {data} = await ask({type: 2, data: q});
      out.push(data.items.map(group => {
        const page = group.find(doc => !doc.location.includes('#')) || group[0];
        return [page.location, ...group.filter(doc => doc !== page).map(doc => doc.location)];
      }));
    }
  } else {
    // Zensical's box: search.json as it is, then {input}; the answer names entries by their place in
    // it, one by one (group_by_page puts a page's sections under it, as for the typed list).
    await ask({type: 0, data: index});
    for (const q of queries) {
      const {data} = await ask({type: 2, data: {input: q}});
      out.push(data.items.map(({id}) => [index.items[id].location]));
    }
  }
  worker.terminate();
  return out;
}"""


def evaluate_fast(browser, base_url: str, queries: list[Query], unmended: bool = False,
                  engine: str = "mkdocs") -> Report:
    """Ask the search worker directly, as `engine`'s search box does; `unmended` asks Material's
    worker as it comes, without the spelling mender that overrides/partials/lazy-search.html puts
    in front of it (MkDocs builds only: on a Zensical build the page's real Worker is Zensical's own)."""
    if unmended and engine != "mkdocs":
        raise GuideError("--unmended asks Material's own worker, which only a MkDocs build's page starts. "
                         "Fix: point it at a MkDocs build (both builds run the same search).")
    context = browser.new_context()
    if unmended:
        context.add_init_script("window.__guideUnmended = window.Worker;")
    page = context.new_page()
    try:
        goto_settled(page, base_url)
        found = page.evaluate(WORKER_JS, [[q.q for q in queries], engine])
    finally:
        context.close()
    if engine == "zensical":
        found = [[group["links"] for group in group_by_page([{"links": item, "teaser": ""} for item in items])]
                 for items in found]
    results = [[[normalize(u.split("#")[0]) + ("#" + u.split("#")[1] if "#" in u else "") for u in item]
                for item in items] for items in found]
    return Report([Outcome(q, r, rank_of(r, q), 0.0) for q, r in zip(queries, results)])


# `make test` types every this-many-th query of a set into the search box (the first included)
# and needs the box to show what the worker answered for it; the worker answers every query.
TYPED_SAMPLE_EVERY = 8


def typed_sample(queries: list[Query]) -> list[Query]:
    return queries[::TYPED_SAMPLE_EVERY]


def box_differences(typed: Report, asked: Report) -> list[str]:
    """Queries whose typed search box shows other pages first (or another rank) than the worker
    answered when asked directly: the box, its lazy loading or its drawing lost something."""
    answers = {o.query: o for o in asked.outcomes}
    problems = []
    for shown in typed.outcomes:
        answer = answers[shown.query]
        pages_shown = [item[0] for item in shown.results[:3]]
        pages_answered = [item[0] for item in answer.results[:3]]
        if shown.rank != answer.rank or pages_shown != pages_answered:
            problems.append(f"{shown.query.q!r}: the box shows {pages_shown} (rank {shown.rank}), "
                            f"the worker answered {pages_answered} (rank {answer.rank})")
    return problems


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


# What a phone downloads to answer its first query (the index, the worker and this project's
# mender, gzip), whichever engine built the site. The index grows with every page: hundreds of branch
# pages must not make it heavy (handbook/developers.md, "One search on both engines").
FIRST_QUERY_BUDGET_GZIP = 64 * 1024

def first_query_download(browser, base_url: str, site: Path) -> dict:
    """The files fetched from opening search to the first results, with their gzip sizes from the built
    files (the .gz copies the compress step writes, as a host sends them)."""
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True)
    context.add_init_script(REPLIES_JS)
    page = context.new_page()
    fetched: list[str] = []
    try:
        # What the page loads by itself is the page's weight (guide/checks/weight.py), not search's.
        page_load = {url for _, url in first_view(page, base_url)}
        page.on("request", lambda request: fetched.append(request.url))
        engine = open_search(page, base_url)
        run_query(page, base_url, Query("sweaty hands", "scenarios/sweaty-hands/"), engine)
    finally:
        context.close()
    files = {}
    for url in fetched:
        if url in page_load:
            continue
        path = site / site_relative(url, base_url).split("#")[0]
        if path.is_file():
            packed = path.with_name(path.name + ".gz")
            files[path.relative_to(site).as_posix()] = (
                packed.stat().st_size if packed.is_file() else len(gzip.compress(path.read_bytes())))
    return {"engine": engine, "files": files, "gzip_bytes": sum(files.values())}


def _bars(path: Path) -> tuple[float, float]:
    for known, (_, bars) in EDITION_QUERY_SETS.items():
        if path.resolve() == known.resolve():
            return bars
    for known, bars in QUERY_SETS.items():
        if path.resolve() == known.resolve():
            return bars
    return QUERY_SETS[QUERIES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default=os.environ.get("SITE_DIR", str(ROOT / "site")),
                        help="a built site, by either engine (which one is read from the site)")
    parser.add_argument("--queries", type=Path, action="append",
                        help="a query file (repeatable; default: every set: "
                             + ", ".join(str(q.relative_to(ROOT)) for q in QUERY_SETS) + ")")
    parser.add_argument("--min-hit1", type=float, help="override each set's hit@1 bar")
    parser.add_argument("--min-hit3", type=float, help="override each set's hit@3 bar")
    parser.add_argument("--json", type=Path, help="also write every outcome to this file")
    parser.add_argument("--fast", action="store_true",
                        help="ask the search worker directly instead of typing, as make test scores every query (no timing)")
    parser.add_argument("--unmended", action="store_true",
                        help="with --fast: Material's search as it comes, without docs/assets/search-fuzzy.js (MkDocs build)")
    parser.add_argument("--skip-missing", action="store_true",
                        help="while pages are still being written: skip (and list) queries whose page is not built")
    args = parser.parse_args(argv)
    site = Path(args.site).resolve()
    sets: dict[Path, list[Query]] = {}
    try:
        loaded = {path: load_queries(path) for path in args.queries or list(QUERY_SETS)}
        engine = engine_of(site)
        if args.unmended and not args.fast:
            raise GuideError("--unmended only changes --fast. Fix: add --fast.")
        for path, queries in loaded.items():
            problems = missing_targets(queries, site)
            if problems and not args.skip_missing:
                raise GuideError(
                    f"{path}: the queries expect pages the site does not build. Fix: correct each `expect` "
                    "or `also`, or run with --skip-missing while the pages are being written:\n  " + "\n  ".join(problems)
                )
            for problem in problems:
                print(f"SKIPPED {problem}")
            missing = {p.split("'")[1] for p in problems}
            sets[path] = [q for q in queries if q.q not in missing]
    except GuideError as error:  # printed as `python -m guide` prints it: the message, no traceback
        print(f"Error: {error.message}", file=sys.stderr)
        return 1

    from playwright.sync_api import sync_playwright

    reports: dict[Path, Report] = {}
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for path, queries in sets.items():
                if args.fast:
                    reports[path] = evaluate_fast(browser, base_url, queries, unmended=args.unmended, engine=engine)
                else:
                    reports[path] = evaluate(browser, base_url, queries)
            download = None if args.fast else first_query_download(browser, base_url, site)
        finally:
            browser.close()
    ok = True
    out = {"engine": engine, "sets": {}}
    for path, report in reports.items():
        min1, min3 = _bars(path)
        min1 = args.min_hit1 if args.min_hit1 is not None else min1
        min3 = args.min_hit3 if args.min_hit3 is not None else min3
        name = path.resolve().relative_to(ROOT).as_posix() if path.resolve().is_relative_to(ROOT) else str(path)
        print(f"\n== {name} ({engine})")
        print(format_report(report))
        if report.hit_at(1) < min1 or report.hit_at(3) < min3:
            ok = False
            print(f"BELOW THE BAR: hit@1 must be >= {min1}, hit@3 >= {min3}", file=sys.stderr)
        out["sets"][name] = {
            "hit_at_1": report.hit_at(1), "hit_at_3": report.hit_at(3), "median_ms": report.median_ms,
            "outcomes": [{"q": o.query.q, "expect": o.query.expect, "rank": o.rank, "ms": round(o.ms, 1),
                          "top3": [i[0] for i in o.results[:3]]} for o in report.outcomes],
        }
    if download is not None:
        kb = download["gzip_bytes"] / 1024
        print(f"\nfirst query downloads {kb:.1f} KB gzip (budget {FIRST_QUERY_BUDGET_GZIP / 1024:.0f} KB): "
              + ", ".join(f"{f} {b / 1024:.1f}" for f, b in download["files"].items()))
        out["first_query_gzip_bytes"] = download["gzip_bytes"]
        if download["gzip_bytes"] > FIRST_QUERY_BUDGET_GZIP:
            ok = False
            print("OVER THE BUDGET: the first query's download", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
