"""When two stated values are the same fact at different precision: the one agreement test."""

from __future__ import annotations

from decimal import Decimal

from rag.values.model import Date, Parsed, Quantity, Range, parse


def _kind(v: Parsed) -> str:
    end = v.low if isinstance(v, Range) else v
    return "date" if isinstance(end, Date) else "percent" if end.percent else "number"  # type: ignore[union-attr]


def _bounds(v: Parsed) -> tuple:
    """(low, high) in one order per kind: days for dates, amounts for quantities."""
    lo, hi = (v.low, v.high) if isinstance(v, Range) else (v, v)
    if isinstance(lo, Date) and isinstance(hi, Date):
        return lo.first, hi.last
    return lo.amount, hi.amount  # type: ignore[union-attr]


def _plain_number(v: Parsed | None) -> Decimal | None:
    """What a bare figure is as a number: '1992' (read as a year) is also 1992."""
    if isinstance(v, Quantity) and not v.percent:
        return v.amount
    if isinstance(v, Date) and v.year is not None and v.month is None:
        return Decimal(v.year)
    return None


def agree(x: Parsed | None, y: Parsed | None) -> bool:
    """True when one parsed value contains the other (see ``values_agree``)."""
    if isinstance(x, Date) and x.year is None or isinstance(y, Date) and y.year is None:
        return isinstance(x, Date) and isinstance(y, Date) and x.month is not None and x.month == y.month
    if x is not None and y is not None and _kind(x) == _kind(y):
        (a, b), (c, d) = _bounds(x), _bounds(y)
        return (a <= c and d <= b) or (c <= a and b <= d)
    n = _plain_number(x)
    return n is not None and n == _plain_number(y)


def values_agree(a: str, b: str) -> bool:
    """True when one value contains the other: '1992' ~ '1992-04-07', '2016/2020' ~ '2018',
    '2023-03' ~ '--03', '1600000000' ~ '1.6e9'; '2022-11' !~ '2023-03', '2011/2016' !~ '2016/2020'."""
    a, b = a.strip(), b.strip()
    return a == b or agree(parse(a), parse(b))


def date_span(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """The first and last day a date value covers, or None for another kind or a month with no year.
    Example: '2022-10' -> ((2022, 10, 1), (2022, 10, 31)); '1990/1999' -> ((1990, 1, 1), (1999, 12, 31))."""
    v = parse(text, "date")
    if v is None or _kind(v) != "date":
        return None
    lo, hi = _bounds(v)
    return (lo, hi) if lo[0] else None
