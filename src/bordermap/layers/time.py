"""Reading the layers on a date: what was in force, what existed, and which treaties.

Every timed feature of the layers carries ``valid_from`` and ``valid_until`` (Gregorian
``YYYY-MM-DD``; ``valid_until`` is the first day no longer in force, null while still in
force on the last day the data cover), and ``index.json`` states the coverage. Dates here
are Gregorian ``YYYY-MM-DD`` text, which sorts as dates do.
"""

from __future__ import annotations

from typing import Any

from bordermap.errors import BordermapError


def coverage(index: dict[str, Any]) -> tuple[str, str]:
    """The first and the last day (Gregorian) the layers cover."""
    return index["coverage"]["from"], index["coverage"]["until"]


def query_day(text: str, calendar: str = "gregorian") -> str:
    """The Gregorian day a user's date means: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in
    ``calendar``; a year or a month means its last day. Raises
    :class:`~bordermap.errors.BordermapError` if it is not such a date."""
    from bordermap.calendars import read_date

    try:
        return read_date(text, calendar).last
    except ValueError as exc:
        raise BordermapError(f"{text!r} is not a date: {exc} (expected YYYY, YYYY-MM or "
                             "YYYY-MM-DD)") from None


def check_in_coverage(index: dict[str, Any], day: str) -> None:
    """Raise :class:`~bordermap.errors.BordermapError` unless ``day`` is within coverage."""
    first, last = coverage(index)
    if not first <= day <= last:
        raise BordermapError(f"{day} is outside the period the data cover, {first} to {last} "
                             "(Gregorian): nothing is known there")


def holds(props: dict[str, Any], day: str) -> bool:
    """Whether a feature with ``valid_from``/``valid_until`` was in force (or existed) on
    ``day``; an unbounded side is open."""
    start, end = props.get("valid_from"), props.get("valid_until")
    return (start is None or start <= day) and (end is None or day < end)


def treaties_in_force(index: dict[str, Any], day: str) -> list[dict[str, Any]]:
    """The ``index.json`` entries of the treaties in force on ``day``, in the order signed."""
    return [r for r in index["regimes"] if holds({"valid_from": r["in_force"]["from"],
                                                  "valid_until": r["in_force"]["until"]}, day)]


def regime_on(index: dict[str, Any], day: str) -> dict[str, Any] | None:
    """The ``index.json`` entry of the regime whose period (and layer) holds ``day``."""
    for regime in index["regimes"]:
        period = regime.get("period")
        if period and holds({"valid_from": period["from"], "valid_until": period["until"]}, day):
            return regime
    return None


def change_days(index: dict[str, Any]) -> list[str]:
    """The days the border changed: the start of each regime's period, in order."""
    return [r["period"]["from"] for r in index["regimes"] if r.get("period")]
