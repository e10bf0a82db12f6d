"""Typed values and their one text form: the parser and the printer of the value strings.

The string form is what is stored and serialized (``Value.value``, ``Claim.value``, the JSON
contract); everything that needs to know what a value means parses it here, once (cached).

Forms: dates as an ISO prefix (``1992``, ``1992-04``, ``1992-04-07``) or ``--04`` when only the month
is known; numbers as plain decimals (``30000``, ``1.5``); percentages as ``69%``; ranges as ``A/B``
of those forms (``1990/1999``, ``60%/69%``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MONTH_ONLY = re.compile(r"--(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True)
class Date:
    """A date at the precision stated: year, year-month, full day, or a month with no year.

    Example: Date(2023, 3) prints '2023-03'; Date(None, 3) prints '--03'.
    """

    year: int | None  # None = the month is known, the year is not
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        tail = "".join(f"-{p:02d}" for p in (self.month, self.day) if p is not None)
        return f"-{tail}" if self.year is None else f"{self.year:04d}{tail}"

    @property
    def first(self) -> tuple[int, int, int]:
        """Earliest day the date stands for (month 1 / day 1 when not stated)."""
        return (self.year or 0, 1 if self.month is None else self.month, 1 if self.day is None else self.day)

    @property
    def last(self) -> tuple[int, int, int]:
        """Latest day it stands for; day 31 of any month, which orders correctly."""
        return (self.year or 0, 12 if self.month is None else self.month, 31 if self.day is None else self.day)


@dataclass(frozen=True)
class Quantity:
    """A number, or a percentage. Example: Quantity(Decimal('1.6E+9')) prints '1600000000'."""

    amount: Decimal
    percent: bool = False

    def __str__(self) -> str:
        return format_decimal(self.amount) + ("%" if self.percent else "")


@dataclass(frozen=True)
class Range:
    """An interval 'low/high' of two dates or two quantities (smaller first as extracted)."""

    low: Date | Quantity
    high: Date | Quantity

    def __str__(self) -> str:
        return f"{self.low}/{self.high}"


Parsed = Date | Quantity | Range


def format_decimal(d: Decimal) -> str:
    """Plain decimal, never an exponent: 1600000000, 1.5."""
    return format(d.normalize(), "f")


def to_decimal(text: str) -> Decimal | None:
    """'30,000' -> 30000; '1.6e9' -> 1.6E+9; None when not a finite number."""
    try:
        n = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return n if n.is_finite() else None


def _date(text: str) -> Date | None:
    if m := _DATE.fullmatch(text):
        return Date(*(int(p) if p else None for p in m.groups()))  # type: ignore[arg-type]
    if m := _MONTH_ONLY.fullmatch(text):
        return Date(None, int(m[1]), int(m[2]) if m[2] else None)
    return None


def _quantity(text: str, percent: bool) -> Quantity | None:
    n = to_decimal(text.rstrip("%"))
    return None if n is None else Quantity(n, percent)


@lru_cache(maxsize=65536)
def parse(text: str, kind: str | None = None) -> Parsed | None:
    """The one reader of value strings; None when the text is no value (a name, a typo).

    ``kind`` ('date' | 'number' | 'percent') settles what the string alone cannot: '1600' is a
    year unless it is known to be a number. Without it a four-digit string is a date, and a
    range is a percentage range only when both ends carry '%'.
    Example: parse('2016/2020') -> Range(Date(2016), Date(2020)); parse('69%') -> Quantity(69, percent=True).
    """
    text = text.strip()
    if "/" in text:
        lo, _, hi = text.partition("/")
        if kind in (None, "date") and (a := _date(lo)) and (b := _date(hi)) \
                and a.year is not None and b.year is not None:
            return Range(a, b)
        if kind == "date":
            return None
        percent = kind == "percent" or (kind is None and lo.endswith("%") and hi.endswith("%"))
        x, y = _quantity(lo, percent), _quantity(hi, percent)
        return Range(x, y) if x and y else None
    if kind in (None, "date") and (d := _date(text)):
        return d
    if kind == "date":
        return None
    return _quantity(text, kind == "percent" or (kind is None and text.endswith("%")))


def calendar_date(text: str) -> Date | None:
    """A whole date a calendar has, written in ASCII ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD'); None otherwise.

    Example: '2024-02-29' -> Date(2024, 2, 29); '2024-02-30', '--03', '2020/2021', '٢٠٢١' -> None.
    """
    d = parse(text, "date") if text.isascii() else None
    if not isinstance(d, Date) or d.year is None:
        return None
    try:
        date(d.year, 1 if d.month is None else d.month, 1 if d.day is None else d.day)
    except ValueError:
        return None
    return d


def is_range(text: str) -> bool:
    """Example: '1990/1999' -> True; '1992' -> False."""
    return isinstance(parse(text), Range)


def is_month_only(text: str) -> bool:
    """Example: '--03' -> True; '2023-03' -> False."""
    d = parse(text)
    return isinstance(d, Date) and d.year is None


def has_month(text: str) -> bool:
    """A date that names its month and year. Example: '2023-03' -> True; '2023' / '--03' -> False."""
    d = parse(text)
    return isinstance(d, Date) and d.year is not None and d.month is not None


def range_end(text: str) -> str:
    """The later end of a range, printed; the value itself otherwise. Example: '2016/2020' -> '2020'."""
    v = parse(text)
    return str(v.high) if isinstance(v, Range) else text.split("/")[-1]


def date_bounds(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """First and last day a dated value covers, as (y, m, d); None for month-only and non-dates.

    Example: '2022-11' -> ((2022, 11, 1), (2022, 11, 31)); '1990/1999' -> ((1990, 1, 1), (1999, 12, 31)).
    """
    v = parse(text)
    lo, hi = (v.low, v.high) if isinstance(v, Range) else (v, v)
    if isinstance(lo, Date) and isinstance(hi, Date) and lo.year is not None and hi.year is not None:
        return lo.first, hi.last
    return None
