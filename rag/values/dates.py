"""Calendar arithmetic for stated dates: month names via dateparser, Solar Hijri years, and
moving a date by 'two months' or 'a year' without ever inventing precision."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from rag.normalize import fold
from rag.values.model import Date, Range
from rag.values.words import COUNTS, UNITS_F

if TYPE_CHECKING:
    from dateparser.date import DateDataParser


@cache
def _parser(lang: str) -> DateDataParser:
    """One parser per language, with a fixed RELATIVE_BASE so nothing is ever filled in from today."""
    from dateparser.date import DateDataParser  # heavy (~0.3 s): only once a sentence names a month

    settings = {"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "RELATIVE_BASE": datetime(2000, 1, 1)}
    return DateDataParser(languages=[lang], settings=settings)


# dateparser is documented as not thread-safe (scrapinghub/dateparser#441), and the app answers two
# questions at once (rag.app_asker): one parse at a time. (Not reproduced here with these settings,
# 4 threads over 54 phrases; the lock costs nothing on the cache's hits.)
_PARSING = threading.Lock()


@lru_cache(maxsize=4096)
def dateparse(lang: str, phrase: str) -> Date | None:
    """The date a phrase names, cut to the precision dateparser reports in ``.period`` (day, month or year)."""
    with _PARSING:
        data = _parser(lang).get_date_data(phrase)
    if data.date_obj is None:
        return None
    d, period = data.date_obj.date(), data.period or "day"
    return Date(d.year) if period == "year" else Date(d.year, d.month) if period == "month" else Date(d.year, d.month, d.day)


def solar_year(year: int, month: int, day: int | None) -> Date | Range:
    """A Solar Hijri date in the Gregorian calendar: the day itself when the day is given (convertdate),
    else its Gregorian year — Farvardin 1 is 20/21 March and Dey 11 about 1 January.
    Example: (1342, 3, 15) -> 1963-06-05; (1402, 1, None) -> 2023."""
    if day and 1 <= month <= 12 and 1 <= day <= 31:
        from convertdate import persian

        try:
            return Date(*persian.to_gregorian(year, month, day))
        except ValueError:
            pass
    if month <= 9 or (month == 10 and day and day <= 10):
        return Date(year + 621)
    return Date(year + 622) if month > 10 or day else Range(Date(year + 621), Date(year + 622))


def parts(iso: str | None) -> tuple[tuple[int, ...], str] | None:
    """'2023-05-30' -> ((2023, 5, 30), '2023-05-30'); None when not a valid ISO date prefix."""
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso or "")
    if not m:
        return None
    found = tuple(int(p) for p in m.groups() if p)
    try:
        date(*(found + (1, 1))[:3])
    except ValueError:
        return None
    return found, iso  # type: ignore[return-value]


def shift(ref: tuple[int, ...], unit: str, n: int) -> Date | None:
    """Move a date by n units; the result is no finer than the unit, and None if the reference is coarser."""
    precision = {"years": 1, "months": 2, "days": 3}[unit]
    if len(ref) < precision:
        return None  # 'a month after 2022' names no month
    try:
        moved = date(*(ref + (1, 1))[:3]) + relativedelta(**{unit: n})
    except (ValueError, OverflowError):
        return None
    return Date(*(moved.year, moved.month, moved.day)[:precision])


def shift_date(iso: str, unit: str, n: int) -> str | None:
    """Example: ('2023-03', 'months', 2) -> '2023-05'; ('2023', 'months', 2) -> None (no month to move)."""
    ref = parts(iso)
    moved = shift(ref[0], unit, n) if ref else None
    return None if moved is None else str(moved)


def count_unit(phrase: str) -> tuple[int, str] | None:
    """'شهرين' -> (2, 'months'); 'two months' -> (2, 'months'); 'دو ماه' -> (2, 'months'); None otherwise."""
    words = fold(phrase).split()
    if len(words) == 1 and words[0] in UNITS_F and UNITS_F[words[0]][1]:
        unit, n = UNITS_F[words[0]]
        return n, unit  # type: ignore[return-value]
    if len(words) == 2 and words[1] in UNITS_F:
        n = COUNTS.get(words[0]) or (int(words[0]) if words[0].isdigit() else None)
        return (n, UNITS_F[words[1]][0]) if n else None
    return None


_YEAR_CUE = re.compile(r"(?<!\w)(عام|العام|سنه|السنه|سال|year|in)\s$")
_GREGORIAN = re.compile(r"\s?(م|ميلادي|ميلاديه|ad|ce)(?!\w)")


def year_cue(folded: str, start: int) -> bool:
    """'عام 1406', 'سنة 1332', 'in 1350': the word before ``folded[start:]`` says a number is a year."""
    return bool(_YEAR_CUE.search(folded[max(0, start - 8):start]))


def gregorian_mark(folded: str, end: int) -> bool:
    """'1406م', '1332 ميلادي', '1350 AD': the year ending at ``end`` is marked as Common Era."""
    return bool(_GREGORIAN.match(folded, end))
