"""The one kind of error an editor can cause, printed as its message alone.

Every check in the build raises GuideError with a message that names the file
and the fix. It is a click exception because both engines run under click: an
uncaught one ends `mkdocs serve`, `mkdocs build` or `zensical build` with
"Error: <message>" instead of a traceback, and `python -m guide` prints it the
same way.
"""
from __future__ import annotations

import click


class GuideError(click.ClickException):
    """A problem in the sources (or the built site) that an editor can fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def problems_error(headline: str, problems: list[str]) -> GuideError:
    """One error listing every problem, so an editor fixes them all in one pass."""
    return GuideError(headline + "\n  - " + "\n  - ".join(problems))
