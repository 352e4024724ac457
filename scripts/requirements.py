"""Print the pinned dependencies from pyproject.toml, one per line, for pip -r.

    python scripts/requirements.py          what the build needs
    python scripts/requirements.py test     that, and the test and bench tools

pyproject.toml is the single place versions are pinned; this keeps the
Makefile from needing a second requirements file.
"""
import pathlib
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
wanted = list(project["dependencies"])
for group in sys.argv[1:]:
    wanted += project["optional-dependencies"][group]
print("\n".join(wanted))
