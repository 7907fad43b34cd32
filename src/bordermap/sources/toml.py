"""Reading hand-edited TOML sources with precise, one-line problem reports.

Every problem is reported as ``path:line: table 'id': key: what was expected`` and
collected rather than raised, so that a user sees all of them at once.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from bordermap.terms import ID as _ID
from bordermap.terms import LANGS


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Entry:
    """One ``[[table]]`` of a file, with the means to say where its keys are."""

    def __init__(self, doc: Doc, table: str, number: int, data: dict[str, Any],
                 kind: str | None = None) -> None:
        self.doc, self.table, self.number, self.data = doc, table, number, data
        self.kind = kind or table
        self.id = data.get("id") if isinstance(data.get("id"), str) else None

    def where(self, key: str | None = None) -> str:
        line = self.doc.line_of(self.table, self.number, key)
        label = f"{self.kind} '{self.id}'" if self.id else f"{self.kind} #{self.number + 1}"
        return f"{self.doc.label}:{line}: {label}" + (f": {key}" if key else "")

    def problem(self, key: str | None, message: str) -> None:
        self.doc.problems.append(f"{self.where(key)}: {message}")


class Doc:
    """A parsed TOML file and the line numbers of its ``[[table]]`` headers."""

    def __init__(self, path: Path, label: str, problems: list[str]) -> None:
        self.path, self.label, self.problems = path, label, problems
        self.data: dict[str, Any] = {}
        self.lines: list[str] = []
        self.parsed = False
        if not path.is_file():
            problems.append(f"{label}: file is missing (expected it in {path.parent})")
            return
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(f"{label}:{line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x})")
            return
        self.lines = text.splitlines()
        try:
            self.data = tomllib.loads(text)
            self.parsed = True
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"\(at line (\d+), column \d+\)|\(at end of document\)", str(exc))
            line = match.group(1) if match and match.group(1) else str(len(self.lines))
            message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
            problems.append(f"{label}:{line}: invalid TOML: {message}")

    def line_of(self, table: str, number: int, key: str | None) -> int:
        """Line (1-based) of ``key`` in the ``number``-th ``[[table]]``; ``table=""`` is the top."""
        if table:
            header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
            starts = [i for i, text in enumerate(self.lines) if header.match(text)]
            if number >= len(starts):
                return 1
            start = starts[number]
            end = starts[number + 1] if number + 1 < len(starts) else len(self.lines)
        else:
            start = 0
            end = next((i for i, t in enumerate(self.lines) if t.lstrip().startswith("[")),
                       len(self.lines))
        if key:
            pattern = re.compile(rf"^\s*{re.escape(key.split('.')[0])}\s*=")
            for i in range(start, end):
                if pattern.match(self.lines[i]):
                    return i + 1
        return start + 1

    def entries(self, table: str, *, only: bool = True, required: bool = True) -> list[Entry]:
        """The ``[[table]]`` entries; with ``only``, any other top-level key is a problem."""
        if not self.parsed:
            return []
        if only:
            for key in sorted(set(self.data) - {table}):
                self.problems.append(f"{self.label}:1: unexpected top-level key '{key}' "
                                     f"(expected only [[{table}]] tables)")
        items = self.data.get(table, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            self.problems.append(f"{self.label}:1: '{table}' must be written as [[{table}]] tables")
            return []
        if not items and required:
            self.problems.append(f"{self.label}:1: no [[{table}]] entries")
        return [Entry(self, table, n, item) for n, item in enumerate(items)]

    def top(self, kind: str, tables: tuple[str, ...]) -> Entry:
        """The top-level keys (all but the ``tables`` arrays) as one entry labelled ``kind``."""
        data = {k: v for k, v in self.data.items() if k not in tables}
        return Entry(self, "", 0, data, kind=kind)


_MISSING = object()


def get(entry: Entry, key: str, kind: type | tuple[type, ...], expected: str,
         required: bool = True) -> Any:
    value = entry.data.get(key, _MISSING)
    if value is _MISSING:
        if required:
            entry.problem(key, f"missing (expected {expected})")
        return None
    ok = isinstance(value, kind) and not (isinstance(value, bool) and bool not in _tuple(kind))
    if not ok:
        entry.problem(key, f"expected {expected}, got {show(value)}")
        return None
    if isinstance(value, str) and not value.strip():
        entry.problem(key, f"expected {expected}, got an empty string")
        return None
    return value


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_keys(entry: Entry, allowed: tuple[str, ...]) -> None:
    for key in entry.data:
        if key not in allowed:
            entry.problem(key, f"unknown key (expected one of: {', '.join(allowed)})")


def check_id(entry: Entry, seen: set[str]) -> str | None:
    value = get(entry, "id", str, "a lowercase id such as 'amur-mouth'")
    if value is None:
        return None
    if not _ID.match(value):
        entry.problem("id", f"expected lowercase letters, digits and '-', got {show(value)}")
        return None
    if value in seen:
        entry.problem("id", f"duplicate id {show(value)}")
        return None
    seen.add(value)
    return value


def strings(entry: Entry, key: str, expected: str, required: bool = True) -> tuple[str, ...] | None:
    """A list of non-empty texts; None, with the problem reported, if it is not one (or is
    missing while ``required``); ``()`` when it is absent and not required."""
    value = get(entry, key, list, expected, required=required)
    if value is None:
        return None if required else ()
    if not all(isinstance(v, str) and v.strip() for v in value):
        entry.problem(key, f"expected {expected}")
        return None
    return tuple(value)


def names(entry: Entry, key: str) -> dict[str, str] | None:
    value = get(entry, key, dict, "a table with en, ru, zh and tr")
    if value is None:
        return None
    ok = True
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            entry.problem(f"{key}.{lang}", "missing or empty (every name needs en, ru, zh and tr)")
            ok = False
    for lang in sorted(set(value) - set(LANGS)):
        entry.problem(f"{key}.{lang}", f"unknown language (expected {', '.join(LANGS)})")
        ok = False
    return {lang: value[lang].strip() for lang in LANGS} if ok else None


def coordinate(entry: Entry, key: str, low: float, high: float) -> float | None:
    value = get(entry, key, (int, float), f"a number between {low:g} and {high:g}")
    if value is None:
        return None
    if not low <= value <= high:
        entry.problem(key, f"expected a number between {low:g} and {high:g}, got {value!r}")
        return None
    return float(value)


def choice(entry: Entry, key: str, choices: tuple[str, ...]) -> str | None:
    value = get(entry, key, str, f"one of {', '.join(choices)}")
    if value is not None and value not in choices:
        entry.problem(key, f"expected one of {', '.join(choices)}, got {show(value)}")
        return None
    return value




def written_date(entry: Entry, key: str, calendar: str | None, required: bool = True) -> Any:
    """The :class:`~bordermap.calendars.WrittenDate` of ``key`` (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``, ``~`` at the end when approximate) in ``calendar``; None, with the
    problem reported, when it is missing or not a date. ``calendar`` None: already
    reported as wrong, so the date is not checked."""
    from bordermap.calendars import read_date

    text = get(entry, key, str, "a date as YYYY, YYYY-MM or YYYY-MM-DD (with ~ if approximate)",
               required=required)
    if text is None or calendar is None:
        return None
    try:
        return read_date(text, calendar)
    except ValueError as exc:
        entry.problem(key, str(exc))
        return None
