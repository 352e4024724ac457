"""The seed coverage map (data/seed-coverage.yml) is sound, and every section it names exists.

The map says where each piece of advice in the seed articles lives on the site.
It is only worth keeping if it stays true, so:

- its shape is checked, and each problem names the entry and the fix;
- every seed file it lists exists in ../shared/seeds, and every seed there has points;
- every page + #anchor it names is in the built site's HTML, so renaming a
  section id (or deleting a section) fails here until the map is updated.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from guide.checks.originality import SEEDS
from conftest import ROOT

COVERAGE = ROOT / "data" / "seed-coverage.yml"
DOCS = ROOT / "docs"

TOP_KEYS = {"seeds", "disagreements"}
SEED_KEYS = {"file", "title", "points"}
POINT_KEYS = {"id", "point", "page", "anchor"}
DISAGREEMENT_KEYS = {"id", "topic", "page", "views", "advice"}
VIEW_KEYS = {"seed", "says", "anchor"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_POINT_WORDS = 3


def load(path: Path = COVERAGE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def schema_problems(data, docs: Path = DOCS, seeds: Path = SEEDS) -> list[str]:
    """Every problem with the map's shape and references, each naming the entry and the fix."""
    where = COVERAGE.relative_to(ROOT).as_posix()
    if not isinstance(data, dict) or not isinstance(data.get("seeds"), list) or not data["seeds"]:
        return [f"{where}: expected a top-level 'seeds:' list with one entry per seed article."]
    problems: list[str] = []
    unknown_top = data.keys() - TOP_KEYS
    if unknown_top:
        problems.append(f"{where}: unknown top-level key(s) {', '.join(sorted(unknown_top))}; allowed: {', '.join(sorted(TOP_KEYS))}.")
    seen_ids: dict[str, str] = {}
    seen_files: set[str] = set()
    for n, seed in enumerate(data["seeds"], 1):
        if not isinstance(seed, dict):
            problems.append(f"{where}: seeds entry {n} is not a mapping; give it file, title and points.")
            continue
        name = seed.get("file", f"seeds entry {n}")
        missing, unknown = SEED_KEYS - seed.keys(), seed.keys() - SEED_KEYS
        if missing:
            problems.append(f"{where}: seed {name}: missing {', '.join(sorted(missing))}.")
        if unknown:
            problems.append(f"{where}: seed {name}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(SEED_KEYS))}.")
        if "file" in seed:
            if seed["file"] in seen_files:
                problems.append(f"{where}: seed {name} is listed twice; merge its points into one entry.")
            seen_files.add(seed["file"])
            if not (seeds / str(seed["file"])).is_file():
                problems.append(f"{where}: seed {name}: no such file in {seeds}. Fix the file name (see ls {seeds}).")
        points = seed.get("points")
        if not isinstance(points, list) or not points:
            problems.append(f"{where}: seed {name}: 'points' must be a non-empty list.")
            continue
        for m, point in enumerate(points, 1):
            if not isinstance(point, dict):
                problems.append(f"{where}: seed {name}, point {m}: not a mapping; give it {', '.join(sorted(POINT_KEYS))}.")
                continue
            label = f"seed {name}, point {point.get('id', m)!s}"
            missing, unknown = POINT_KEYS - point.keys(), point.keys() - POINT_KEYS
            if missing:
                problems.append(f"{where}: {label}: missing {', '.join(sorted(missing))}.")
            if unknown:
                problems.append(f"{where}: {label}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(POINT_KEYS))}.")
            for key in POINT_KEYS & point.keys():
                if not isinstance(point[key], str) or not point[key].strip():
                    problems.append(f"{where}: {label}: '{key}' must be a non-empty string.")
            if problems and problems[-1].startswith(f"{where}: {label}:"):
                continue
            if "id" in point:
                if not SLUG.match(point["id"]):
                    problems.append(f"{where}: {label}: id must be lowercase-hyphenated, like 'breath-mint'.")
                if point["id"] in seen_ids:
                    problems.append(f"{where}: {label}: id also used in seed {seen_ids[point['id']]}; ids must be unique.")
                seen_ids[point["id"]] = name
            if "point" in point and len(point["point"].split()) < MIN_POINT_WORDS:
                problems.append(f"{where}: {label}: 'point' is too short to say what the advice is; paraphrase it in a sentence.")
            if "anchor" in point and not SLUG.match(point["anchor"]):
                problems.append(
                    f"{where}: {label}: anchor {point['anchor']!r} must be a section id without '#', "
                    "lowercase-hyphenated, like 'breathe'."
                )
            if "page" in point and not (docs / point["page"]).is_file():
                problems.append(f"{where}: {label}: page {point['page']!r} is not a file under docs/. Fix the path (e.g. during/keep-calm.md).")
    problems += disagreement_problems(data.get("disagreements"), seen_files, docs)
    return problems


def disagreement_problems(entries, seed_files: set[str], docs: Path = DOCS) -> list[str]:
    """Each place the seeds disagree names both seeds' views and our advice, all as sections of one page."""
    where = COVERAGE.relative_to(ROOT).as_posix()
    if not isinstance(entries, list) or not entries:
        return [f"{where}: 'disagreements:' must list where the seeds disagree (at least the apology question)."]
    problems = []
    for n, entry in enumerate(entries, 1):
        label = f"disagreement {entry.get('id', n) if isinstance(entry, dict) else n}"
        if not isinstance(entry, dict) or entry.keys() != DISAGREEMENT_KEYS:
            got = sorted(entry) if isinstance(entry, dict) else type(entry).__name__
            problems.append(f"{where}: {label}: needs exactly the keys {', '.join(sorted(DISAGREEMENT_KEYS))}; got {got}.")
            continue
        if not (docs / str(entry["page"])).is_file():
            problems.append(f"{where}: {label}: page {entry['page']!r} is not a file under docs/.")
        if not isinstance(entry["advice"], str) or not SLUG.match(entry["advice"]):
            problems.append(f"{where}: {label}: 'advice' must be the section id of our recommendation, without '#'.")
        views = entry["views"] if isinstance(entry["views"], list) else []
        for view in views:
            if not isinstance(view, dict) or view.keys() != VIEW_KEYS:
                problems.append(f"{where}: {label}: each view needs exactly the keys {', '.join(sorted(VIEW_KEYS))}.")
            elif view["seed"] not in seed_files:
                problems.append(f"{where}: {label}: view cites {view['seed']!r}, which is not a seed listed under 'seeds:'.")
            elif not isinstance(view["anchor"], str) or not SLUG.match(view["anchor"]):
                problems.append(f"{where}: {label}: view of {view['seed']}: anchor must be a section id without '#'.")
        if len({v.get("seed") for v in views if isinstance(v, dict)}) < 2:
            problems.append(f"{where}: {label}: a disagreement needs the views of at least two different seeds.")
    return problems


def built_path(page: str) -> str:
    """docs path -> built HTML path (use_directory_urls): during/keep-calm.md -> during/keep-calm/index.html."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def targets(data: dict) -> list[tuple[str, str, str]]:
    """(label, page, anchor) for every section the map names: seed points, disagreement views and advice."""
    found = [
        (f"data/seed-coverage.yml: seed {seed['file']}, point {point['id']}", point["page"], point["anchor"])
        for seed in data["seeds"]
        for point in seed["points"]
    ]
    for entry in data.get("disagreements") or []:
        label = f"data/seed-coverage.yml: disagreement {entry['id']}"
        found += [(f"{label}, view of {view['seed']}", entry["page"], view["anchor"]) for view in entry["views"]]
        found.append((f"{label}, advice", entry["page"], entry["advice"]))
    return found


def missing_anchors(data: dict, site: Path) -> list[str]:
    """Sections the map names that are not in the built site, each naming the entry and the fix."""
    problems = []
    ids_by_page: dict[str, set[str] | None] = {}
    for label, page, anchor in targets(data):
        html = built_path(page)
        if html not in ids_by_page:
            file = site / html
            ids_by_page[html] = (
                {tag["id"] for tag in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all(id=True)}
                if file.is_file()
                else None
            )
        ids = ids_by_page[html]
        if ids is None:
            problems.append(f"{label}: {html} is not in the built site ({site}). Fix: update 'page' to where the advice now lives.")
        elif anchor not in ids:
            problems.append(
                f"{label}: no id=\"{anchor}\" on {html}. The section was renamed or removed. "
                f"Fix: update the anchor here, or put back '{{#{anchor}}}' on its heading in docs/{page}."
            )
    return problems


@pytest.fixture(scope="module")
def coverage() -> dict:
    if not SEEDS.is_dir():
        pytest.fail(f"The seed articles are missing: expected {SEEDS} (../shared/seeds beside the project, or set SEEDS_DIR).")
    data = load()
    problems = schema_problems(data)
    assert not problems, "\n".join(problems)
    return data


def test_map_is_well_formed_and_names_real_seed_files_and_pages(coverage: dict) -> None:
    # The fixture runs the schema check; this asserts there is something to check.
    assert sum(len(seed["points"]) for seed in coverage["seeds"]) >= 30


def test_every_seed_article_has_points(coverage: dict) -> None:
    listed = {seed["file"] for seed in coverage["seeds"] if seed["points"]}
    on_disk = {path.name for path in SEEDS.glob("*.txt")}
    assert len(on_disk) >= 2, f"expected both seed articles in {SEEDS}, found {sorted(on_disk)}"
    assert on_disk <= listed, f"seed articles with no points in data/seed-coverage.yml: {sorted(on_disk - listed)}"


def test_every_listed_section_exists_in_the_built_site(coverage: dict, site_dir: Path) -> None:
    problems = missing_anchors(coverage, site_dir)
    assert not problems, "\n".join(problems)


def test_a_renamed_anchor_fails_naming_the_point(coverage: dict, site_dir: Path, tmp_path: Path) -> None:
    point = coverage["seeds"][0]["points"][0]
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    page = site / built_path(point["page"])
    html = page.read_text(encoding="utf-8")
    assert f'id="{point["anchor"]}"' in html
    page.write_text(html.replace(f'id="{point["anchor"]}"', f'id="{point["anchor"]}-renamed"'), encoding="utf-8")
    # Every point that names this page and anchor must be reported, and nothing else.
    sharing = {
        p["id"] for seed in coverage["seeds"] for p in seed["points"]
        if (p["page"], p["anchor"]) == (point["page"], point["anchor"])
    }
    # Only what the rename caused: the real site's own state is the test above's business.
    problems = sorted(set(missing_anchors(coverage, site)) - set(missing_anchors(coverage, site_dir)))
    assert problems, "renaming a listed anchor went unnoticed"
    reported = {re.search(r"point ([a-z0-9-]+):", p).group(1) for p in problems}
    assert reported == sharing, problems
    assert all(f'no id="{point["anchor"]}"' in p for p in problems), problems


def test_a_moved_page_fails_naming_the_point(coverage: dict, site_dir: Path, tmp_path: Path) -> None:
    point = coverage["seeds"][1]["points"][0]
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    (site / built_path(point["page"])).unlink()
    problems = missing_anchors(coverage, site)
    assert any(f"point {point['id']}:" in p and "is not in the built site" in p for p in problems), problems


def test_the_disagreement_shows_both_views_and_our_advice(coverage: dict, site_dir: Path, tmp_path: Path) -> None:
    entry = coverage["disagreements"][0]
    assert {view["seed"] for view in entry["views"]} == {seed["file"] for seed in coverage["seeds"]}
    # Dropping the recommendation's section from the built page must be caught, naming it.
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    page = site / built_path(entry["page"])
    html = page.read_text(encoding="utf-8")
    assert f'id="{entry["advice"]}"' in html
    page.write_text(html.replace(f'id="{entry["advice"]}"', 'id="something-else"'), encoding="utf-8")
    problems = sorted(set(missing_anchors(coverage, site)) - set(missing_anchors(coverage, site_dir)))
    assert [p for p in problems if f"disagreement {entry['id']}, advice" in p] == problems and problems, problems


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["seeds"][0]["points"][0].pop("anchor"), "point sinking-feeling: missing anchor"),
        (lambda d: d["seeds"][0]["points"][0].update(anchor="#first-hour"), "point sinking-feeling: anchor '#first-hour' must be"),
        (lambda d: d["seeds"][0]["points"][1].update(id="sinking-feeling"), "ids must be unique"),
        (lambda d: d["seeds"][0]["points"][0].update(page="after/gone.md"), "page 'after/gone.md' is not a file under docs/"),
        (lambda d: d["seeds"][0].update(file="nope.txt"), "seed nope.txt: no such file"),
        (lambda d: d["seeds"][0]["points"][0].update(where="x"), "unknown key(s) where"),
        (lambda d: d["seeds"][1].update(points=[]), "'points' must be a non-empty list"),
        (lambda d: d.update(seeds=None), "expected a top-level 'seeds:' list"),
        (lambda d: d.update(extra=1), "unknown top-level key(s) extra"),
        (lambda d: d.pop("disagreements"), "'disagreements:' must list"),
        (lambda d: d["disagreements"][0]["views"].pop(), "views of at least two different seeds"),
        (lambda d: d["disagreements"][0]["views"][0].update(seed="x.txt"), "cites 'x.txt', which is not a seed"),
        (lambda d: d["disagreements"][0].update(advice="#our-advice"), "'advice' must be the section id"),
    ],
)
def test_schema_errors_name_the_entry(change, message: str) -> None:
    data = load()
    assert data["seeds"][0]["points"][0]["id"] == "sinking-feeling"
    change(data)
    problems = schema_problems(data)
    assert any(message in p for p in problems), problems
