"""Julian (Old Style) and Gregorian (New Style) calendar dates.

Russian sources before 1918 date events in the Julian calendar; Qing and western
sources mostly use the Gregorian one. Dates are ``(year, month, day)`` tuples in the
proleptic calendars, converted through the Julian Day Number, so that dates which
exist only in the Julian calendar (such as 29 February 1700) are handled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Date = tuple[int, int, int]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _is_leap(year: int, calendar: str) -> bool:
    if calendar == "julian":
        return year % 4 == 0
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int, calendar: str) -> int:
    """Number of days in ``month`` of ``year`` in the ``julian`` or ``gregorian`` calendar."""
    if month == 2:
        return 29 if _is_leap(year, calendar) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _jdn(date: Date, calendar: str) -> int:
    year, month, day = date
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    if calendar == "gregorian":
        jdn += -(y // 100) + y // 400 + 38
    return jdn


def _from_jdn(jdn: int, calendar: str) -> Date:
    if calendar == "gregorian":
        a = jdn + 32044
        b = (4 * a + 3) // 146097
        c = a - 146097 * b // 4
    else:
        b = 0
        c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return (year, month, day)


def check_date(date: Date, calendar: str) -> None:
    """Raise ``ValueError`` unless ``date`` exists in ``calendar``."""
    if calendar not in ("julian", "gregorian"):
        raise ValueError(f"calendar must be 'julian' or 'gregorian', got {calendar!r}")
    year, month, day = date
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1..12")
    last = days_in_month(year, month, calendar)
    if not 1 <= day <= last:
        raise ValueError(f"day {day} is not 1..{last} in {year:04d}-{month:02d} ({calendar})")


def julian_to_gregorian(date: Date) -> Date:
    """Convert an Old Style (Julian) date to New Style (Gregorian)."""
    check_date(date, "julian")
    return _from_jdn(_jdn(date, "julian"), "gregorian")


def gregorian_to_julian(date: Date) -> Date:
    """Convert a New Style (Gregorian) date to Old Style (Julian)."""
    check_date(date, "gregorian")
    return _from_jdn(_jdn(date, "gregorian"), "julian")


def parse_partial(text: str) -> tuple[int, int | None, int | None]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; missing parts are ``None``."""
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    return year, month, day  # type: ignore[return-value]


def both_calendars(text: str, calendar: str) -> tuple[str, str]:
    """Return ``(julian, gregorian)`` ISO strings for a date written in ``calendar``.

    Full dates are converted; a year or year-month alone cannot be, and is returned
    unchanged in both calendars.
    """
    if calendar not in ("julian", "gregorian"):
        raise ValueError(f"calendar must be 'julian' or 'gregorian', got {calendar!r}")
    year, month, day = parse_partial(text)
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1..12")
    if day is None:
        return text, text
    assert month is not None
    date = (year, month, day)
    if calendar == "julian":
        other = julian_to_gregorian(date)
        return text, format_date(other)
    other = gregorian_to_julian(date)
    return format_date(other), text


def format_date(date: Date) -> str:
    """ISO-like ``YYYY-MM-DD`` text of a date tuple."""
    return f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"


@dataclass(frozen=True)
class WrittenDate:
    """A date as a source writes it, in both calendars, with how exactly it is known.

    ``as_written`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, with a trailing ``~`` when
    the source gives it only approximately (as in EDTF, ISO 8601-2); ``calendar`` is the
    calendar it is written in. ``julian`` and ``gregorian`` are the date in each calendar
    (a year or a month alone is not converted: it spans days of two months or years in
    the other calendar). ``first`` and ``last`` are the first and the last day the date
    can mean, as Gregorian ``YYYY-MM-DD``: what comparisons between dates use.
    """

    as_written: str
    calendar: str
    precision: str
    julian: str
    gregorian: str
    first: str
    last: str

    def after(self) -> str:
        """The Gregorian day after :attr:`last`: where a span that ends at this date stops."""
        return shift(self.last, 1)


def read_date(text: str, calendar: str) -> WrittenDate:
    """A :class:`WrittenDate` of ``text`` written in ``calendar``; ``ValueError`` if it is
    not a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, optionally ending in ``~``) that
    exists in that calendar."""
    approximate = text.endswith("~")
    core = text[:-1] if approximate else text
    year, month, day = parse_partial(core)
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1..12")
    julian, gregorian = both_calendars(core, calendar)
    first = (year, month or 1, day or 1)
    last = (year, month or 12, day or days_in_month(year, month or 12, calendar))
    check_date(first, calendar)
    check_date(last, calendar)
    if calendar == "julian":
        first, last = julian_to_gregorian(first), julian_to_gregorian(last)
    precision = "approximate" if approximate else "day" if day else "month" if month else "year"
    return WrittenDate(text, calendar, precision, julian, gregorian, format_date(first),
                       format_date(last))


def shift(iso: str, days: int) -> str:
    """The Gregorian ``YYYY-MM-DD`` date ``days`` after (or before) ``iso``."""
    year, month, day = (int(v) for v in iso.split("-"))
    return format_date(_from_jdn(_jdn((year, month, day), "gregorian") + days, "gregorian"))


def to_julian(iso: str) -> str:
    """The Julian ``YYYY-MM-DD`` form of a Gregorian ``YYYY-MM-DD`` date."""
    year, month, day = (int(v) for v in iso.split("-"))
    return format_date(gregorian_to_julian((year, month, day)))
