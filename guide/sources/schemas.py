"""The JSON Schemas in schemas/: the keys and types every file an editor writes may hold.

One schema per kind of file (draft 2020-12): the front matter of docs/**/*.md
(front-matter.schema.json), data/links.yml, data/branches.yml,
data/search-queries*.yml and data/seed-coverage.yml. Editors' YAML tooling
reads the same files (each data file's first line is a `# yaml-language-server:
$schema=...` comment), so a misspelt key is underlined before a build.

The build uses them for what no hand-written check can know: the list of keys.
A key the schema does not list fails with the file, the line and a did-you-mean
(`serach_phrases:` -> `search_phrases:`), instead of being ignored while the
default is used. Adding a key is one line under `properties` in its schema.
The readers (guide.sources.frontmatter, registry, branches, and
guide.checks.search_quality) keep their own checks where they say more (real
dates, one sentence, alias and phone formats), and ask here only about keys,
or about types of keys they do not check themselves.

The schemas are read from the repository this code comes from, not from the
project being built: they describe what this code reads, so they change with it.
"""
from __future__ import annotations

import difflib
import functools
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from guide.errors import GuideError

FOLDER = Path(__file__).resolve().parents[2] / "schemas"
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One thing the schema found: where (the path of keys and item indexes, and the file's line) and what."""

    path: tuple  # like ("links", 3) for the fourth link; () for the top level
    line: int | None  # the file's line number, when the YAML could be read for it
    key: str | None  # the unknown key (None for any other problem)
    known: tuple[str, ...]  # the keys allowed where the unknown key is
    message: str  # jsonschema's words, for problems other than unknown keys
    rule: str = ""  # the schema keyword that failed, like "type" or "required"

    @property
    def suggestion(self) -> str | None:
        """The known key the editor most likely meant, or None."""
        close = difflib.get_close_matches(str(self.key), self.known, n=1, cutoff=0.6)
        return close[0] if close else None

    @property
    def under(self) -> str:
        """Where the mapping is, as an editor reads it: '' at the top, else like ' (under `search:`)'."""
        keys = [f"`{step}:`" if isinstance(step, str) else f"item {step + 1}" for step in self.path]
        return f" (under {', '.join(keys)})" if keys else ""

    def unknown_key(self, where: str) -> str:
        """The message for an unknown key, for a data file: WHERE, line N: unknown key 'x'. Fix: ..."""
        line = f", line {self.line}" if self.line else ""
        return f"{where}{line}: unknown key '{self.key}'. {self.fix}"

    @property
    def fix(self) -> str:
        if self.suggestion:
            return f"Fix: rename it to `{self.suggestion}:`."
        return f"Fix: use one of {', '.join(f'`{key}:`' for key in self.known)}, or delete the line."


@functools.lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """The checked validator for schemas/NAME.schema.json (a broken schema is a developer's bug: it raises)."""
    path = FOLDER / f"{name}.schema.json"
    if not path.is_file():
        raise GuideError(f"schemas/{path.name} is missing. Fix: restore it from git (git checkout schemas/{path.name}).")
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def known_keys(name: str) -> tuple[str, ...]:
    """The top-level keys schemas/NAME.schema.json allows."""
    return tuple(validator(name).schema.get("properties", {}))


def check(name: str, data, text: str = "", first_line: int = 1) -> list[Problem]:
    """What schemas/NAME.schema.json finds in `data`, read from YAML `text` whose first line
    is line `first_line` of its file (2 for front matter, after the opening '---')."""
    root = _compose(text)
    problems: list[Problem] = []
    for error in sorted(validator(name).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = tuple(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in known:
                    node = _key_node(_node_at(root, path), key)
                    problems.append(Problem(path, _line(node, first_line), str(key), known, error.message, error.validator))
            continue
        problems.append(Problem(path, _line(_node_at(root, path), first_line), None, (), error.message, error.validator))
    return sorted(problems, key=lambda problem: problem.line or 0)  # in the order the editor reads the file


def _compose(text: str):
    try:
        return yaml.compose(text, Loader=_COMPOSER) if text else None
    except yaml.YAMLError:
        return None  # the reader reports the broken YAML itself; lines are then unknown


def _node_at(node, path: tuple):
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node


def _key_node(mapping, key):
    if isinstance(mapping, yaml.MappingNode):
        return next((k for k, _ in mapping.value if k.value == str(key)), mapping)
    return mapping


def _line(node, first_line: int) -> int | None:
    return node.start_mark.line + first_line if node is not None else None


def text_problem(where: str, key: str, value, typed, missing_fix: str) -> str | None:
    """Why `key` of a data file's entry is unusable as text (missing, empty, or read by YAML as a
    number or yes/no), with the fix; None when it is text. `typed` is the value as the editor wrote it."""
    if isinstance(value, str) and value.strip():
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"{where}: missing `{key}`. Fix: {missing_fix}"
    written = typed if isinstance(typed, str) else str(value)
    return (
        f"{where}: `{key}: {written}` is read as a {type(value).__name__}, not text. "
        f'Fix: put it in quotes: {key}: "{written}"'
    )
