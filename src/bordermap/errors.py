"""Errors that reach the user as one line each, never as a traceback."""

from __future__ import annotations

from typing import Any


class BordermapError(Exception):
    """A problem the user can fix: bad source data, a missing file, a failed check."""


class SourceError(BordermapError):
    """One or more problems in the files under ``geo/``.

    Each problem is one line of the form ``path:line: where: what was expected``.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def printable(text: str) -> str:
    """``text`` on one printable line: every character that is not printable (a line break
    of any kind, a control character, a terminal escape, a lone surrogate) written as a
    Python escape, so a message quoting data cannot span lines or drive the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def shown(value: Any, limit: int = 40) -> str:
    """A value from data as a message shows it: JSON on one printable line, at most
    ``limit`` characters."""
    import json

    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    text = printable(text[: limit * 2])
    return text if len(text) <= limit else text[: limit - 3] + "..."
