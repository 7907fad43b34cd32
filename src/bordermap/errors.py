"""Errors that reach the user as one line each, never as a traceback."""

from __future__ import annotations


class BordermapError(Exception):
    """A problem the user can fix: bad source data, a missing file, a failed check."""


class SourceError(BordermapError):
    """One or more problems in the files under ``geo/``.

    Each problem is one line of the form ``path:line: where: what was expected``.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
