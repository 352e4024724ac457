"""Print the pinned dependencies from pyproject.toml, one per line, for pip -r.

pyproject.toml is the single place versions are pinned; this keeps the
Makefile from needing a second requirements file.
"""
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
print("\n".join(project["dependencies"]))
