"""The JSON Schemas in schemas/ describe every file an editor writes, and editors' tooling finds them.

A misspelt key (`serach_phrases:`, `titel:`) used to be ignored, and the default
used; now each reader rejects a key its schema does not list, naming the file,
the line and the key the editor most likely meant.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT
from guide.errors import GuideError
from guide.sources import branches, registry, schemas

# Each data file, and the schema its first line points editors' YAML tooling at.
DATA_SCHEMAS = {
    "data/links.yml": "links",
    "data/branches.yml": "branches",
    "data/search-queries.yml": "search-queries",
    "data/search-queries-misspelled.yml": "search-queries",
    "data/search-queries-situations.yml": "search-queries",
    "data/seed-coverage.yml": "seed-coverage",
    "data/candidate-emails.yml": "candidate-emails",
}


@pytest.mark.parametrize("path", sorted((ROOT / "schemas").glob("*.schema.json")), ids=lambda p: p.name)
def test_every_schema_is_a_valid_draft_2020_12_schema(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_data_file_has_a_schema() -> None:
    assert sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").glob("*.yml")) == sorted(DATA_SCHEMAS)


@pytest.mark.parametrize(("src", "name"), sorted(DATA_SCHEMAS.items()))
def test_each_data_file_names_its_schema_for_editors_and_passes_it(src: str, name: str) -> None:
    text = (ROOT / src).read_text(encoding="utf-8")
    # yaml-language-server (VS Code's YAML extension, and others) reads this first line.
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schemas/{name}.schema.json"
    assert (ROOT / "schemas" / f"{name}.schema.json").is_file()
    assert schemas.check(name, yaml.safe_load(text), text) == []


def load_registry(tmp_path: Path, text: str) -> str:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "links.yml").write_text(text, encoding="utf-8")
    with pytest.raises(GuideError) as error:
        registry.load(tmp_path)
    return error.value.message


def test_a_misspelt_link_key_is_named_with_its_line_and_the_key_meant(tmp_path: Path) -> None:
    text = (ROOT / "data" / "links.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("  - alias: start"))
    lines.insert(at + 1, "    titel: Start here")
    message = load_registry(tmp_path, "\n".join(lines) + "\n")
    assert (
        f'data/links.yml, link #1 (alias "start"), line {at + 2}: unknown key \'titel\'. Fix: rename it to `title:`.'
        in message
    ), message


def test_an_unknown_top_level_key_in_links_is_named(tmp_path: Path) -> None:
    text = (ROOT / "data" / "links.yml").read_text(encoding="utf-8") + "emials: []\n"
    line = text.count("\n")
    message = load_registry(tmp_path, text)
    assert f"data/links.yml, line {line}: unknown top-level key 'emials'. Fix: rename it to `emails:`." in message, message


def test_a_misspelt_branch_key_is_named_with_its_line_and_the_key_meant() -> None:
    text = (ROOT / "data" / "branches.yml").read_text(encoding="utf-8")
    assert "    phone: (202) 555-0142\n" in text
    line = text[: text.index("    phone: (202) 555-0142\n")].count("\n") + 1
    with pytest.raises(GuideError) as error:
        branches.parse(text.replace("    phone: (202) 555-0142\n", "    phnoe: (202) 555-0142\n", 1))
    message = error.value.message
    assert f'data/branches.yml, branch #1 ("riverside"), line {line}: unknown key \'phnoe\'. Fix: rename it to `phone:`.' in message
    assert 'branch #1 ("riverside"): missing `phone`' in message


def test_the_seed_coverage_schema_finds_a_misspelt_key() -> None:
    text = (ROOT / "data" / "seed-coverage.yml").read_text(encoding="utf-8")
    broken = text.replace("        anchor: first-hour\n", "        anchr: first-hour\n", 1)
    assert broken != text
    found = [p for p in schemas.check("seed-coverage", yaml.safe_load(broken), broken) if p.key]
    assert [(p.key, p.suggestion, p.path[:2]) for p in found] == [("anchr", "anchor", ("seeds", 0))]
    assert broken.splitlines()[found[0].line - 1].strip() == "anchr: first-hour"
