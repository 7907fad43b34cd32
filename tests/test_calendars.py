"""Julian <-> Gregorian conversion: known pairs either side of 1700 and 1800."""

from __future__ import annotations

import pytest

from bordermap.calendars import (
    both_calendars,
    check_date,
    gregorian_to_julian,
    julian_to_gregorian,
)

KNOWN = [
    # (Old Style, New Style, days apart)
    ((1632, 9, 25), (1632, 10, 5), 10),
    ((1689, 8, 27), (1689, 9, 6), 10),     # Treaty of Nerchinsk
    ((1700, 2, 18), (1700, 2, 28), 10),    # last day of the 10-day difference
    ((1700, 2, 19), (1700, 3, 1), 10),     # 1 March 1700 N.S.: Julian 1700 is still leap
    ((1700, 2, 29), (1700, 3, 11), 11),    # a date only the Julian calendar has
    ((1727, 8, 20), (1727, 8, 31), 11),    # Treaty of Bur
    ((1727, 10, 21), (1727, 11, 1), 11),   # Treaty of Kyakhta
    ((1800, 2, 17), (1800, 2, 28), 11),
    ((1800, 2, 18), (1800, 3, 1), 11),     # 1 March 1800 N.S.
    ((1800, 2, 29), (1800, 3, 12), 12),
    ((1858, 5, 16), (1858, 5, 28), 12),    # Treaty of Aigun
    ((1858, 6, 1), (1858, 6, 13), 12),     # Treaty of Tianjin
    ((1860, 11, 2), (1860, 11, 14), 12),   # Convention of Peking
    ((1900, 2, 29), (1900, 3, 13), 13),
]


@pytest.mark.parametrize(("julian", "gregorian", "_days"), KNOWN)
def test_known_pairs(julian, gregorian, _days):
    assert julian_to_gregorian(julian) == gregorian
    assert gregorian_to_julian(gregorian) == julian


@pytest.mark.parametrize(
    ("julian", "gregorian", "days"),
    # 29 February of 1700, 1800, 1900 exists only in the Julian calendar: no date() for it
    [k for k in KNOWN if k[0][1:] != (2, 29)],
)
def test_difference_in_days(julian, gregorian, days):
    from datetime import date

    # the same month and day read as a Gregorian date lies `days` before its conversion
    assert (date(*gregorian) - date(*julian)).days == days


@pytest.mark.parametrize("bad", [(1700, 2, 30), (1858, 13, 1), (1858, 4, 31), (1858, 0, 1)])
def test_invalid_julian_dates(bad):
    with pytest.raises(ValueError):
        julian_to_gregorian(bad)


def test_gregorian_1700_is_not_leap():
    with pytest.raises(ValueError):
        check_date((1700, 2, 29), "gregorian")
    check_date((1700, 2, 29), "julian")


def test_both_calendars():
    assert both_calendars("1858-05-16", "julian") == ("1858-05-16", "1858-05-28")
    assert both_calendars("1858-06-13", "gregorian") == ("1858-06-01", "1858-06-13")
    assert both_calendars("1685-06", "julian") == ("1685-06", "1685-06")
    assert both_calendars("1632", "julian") == ("1632", "1632")
    with pytest.raises(ValueError):
        both_calendars("16 May 1858", "julian")
    with pytest.raises(ValueError):
        both_calendars("1858-05-16", "byzantine")
