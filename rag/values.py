"""Dates, numbers and percentages in one sentence, normalized so that sources can be compared.

Candidate spans come from a few regexes compiled once, run over the folded sentence
(``rag.normalize.fold_with_map``: ASCII digits, one spelling per letter, offsets mapped back).
Gregorian month names are parsed by dateparser, whose ``.period`` gives the precision; names it
lacks (Levantine, Solar Hijri) come from small tables. Passes run from most to least specific and a
span read by one pass is not read again, so "2016-2020" is one range, never two years.
Decades ("دهه ۱۹۹۰", "الـ۲۰۰۰يات", "1990s") become the interval ``1990/1999``, not a single year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import NamedTuple

from dateparser.date import DateDataParser
from dateutil.relativedelta import relativedelta

from rag.normalize import fold, fold_with_map
from rag.types import Value

_GREGORIAN = {  # names dateparser 1.5 parses, per language
    "ar": "يناير فبراير مارس أبريل إبريل مايو يونيو يونية يوليو يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "fa": "ژانویه فوریه مارس آوریل مه می ژوئن ژوئیه جولای اوت سپتامبر اکتبر نوامبر دسامبر",
    "en": "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec",
}
_LEVANTINE = {  # names dateparser does not know -> the Egyptian/Gulf name it does
    "كانون الثاني": "يناير", "كانون ثاني": "يناير", "شباط": "فبراير", "آذار": "مارس", "نيسان": "أبريل",
    "أيار": "مايو", "حزيران": "يونيو", "تموز": "يوليو", "آب": "أغسطس", "أيلول": "سبتمبر",
    "تشرين الأول": "أكتوبر", "تشرين أول": "أكتوبر", "تشرين الثاني": "نوفمبر", "تشرين ثاني": "نوفمبر",
    "كانون الأول": "ديسمبر", "كانون أول": "ديسمبر",
}
_SOLAR = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
_MODS = {  # words after a month name that fix its year from the publication date or the anchor
    "الماضي": "last", "المنصرم": "last", "الفائت": "last", "گذشته": "last", "المقبل": "next",
    "القادم": "next", "آینده": "next", "من العام الماضي": "prev_year", "سال گذشته": "prev_year",
    "of last year": "prev_year", "همان سال": "same", "من العام نفسه": "same", "من العام ذاته": "same",
    "من نفس العام": "same", "of the same year": "same",
}
_NAMED = {  # relative-year phrases -> (base, years added)
    "العام الماضي": ("pub", -1), "السنة الماضية": ("pub", -1), "العام المنصرم": ("pub", -1),
    "last year": ("pub", -1), "پارسال": ("pub", -1), "سال گذشته": ("pub", -1), "هذا العام": ("pub", 0),
    "العام الجاري": ("pub", 0), "العام الحالي": ("pub", 0), "this year": ("pub", 0), "امسال": ("pub", 0),
    "العام المقبل": ("pub", 1), "العام القادم": ("pub", 1), "next year": ("pub", 1), "سال آینده": ("pub", 1),
    "العام نفسه": ("anchor", 0), "العام ذاته": ("anchor", 0), "نفس العام": ("anchor", 0),
    "همان سال": ("anchor", 0), "the same year": ("anchor", 0), "العام التالي": ("anchor", 1),
    "the following year": ("anchor", 1), "سال بعد": ("anchor", 1),
}
_UNITS = {  # word -> (unit, count the word itself implies; None = needs a count)
    "يوم": ("days", 1), "يوما": ("days", 1), "يومين": ("days", 2), "يومان": ("days", 2), "أيام": ("days", None),
    "شهر": ("months", 1), "شهرا": ("months", 1), "شهرين": ("months", 2), "شهران": ("months", 2),
    "أشهر": ("months", None), "شهور": ("months", None), "عام": ("years", 1), "عاما": ("years", 1),
    "سنة": ("years", 1), "عامين": ("years", 2), "عامان": ("years", 2), "سنتين": ("years", 2),
    "أعوام": ("years", None), "سنوات": ("years", None), "سنين": ("years", None), "روز": ("days", None),
    "ماه": ("months", None), "سال": ("years", None), "day": ("days", None), "days": ("days", None),
    "month": ("months", None), "months": ("months", None), "year": ("years", None), "years": ("years", None),
}
_SAY = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_COUNTS = {fold(w): n for n, words in enumerate(
    ["", "a an one واحد یک", "two اثنين اثنان دو", "three ثلاثة ثلاث سه", "four أربعة أربع چهار",
     "five خمسة خمس پنج", "six ستة ست شش", "seven سبعة سبع هفت", "eight ثمانية ثماني هشت",
     "nine تسعة تسع نه", "ten عشرة عشر ده"]) for w in words.split()}
# Counts written as words (two or more; "one" is everywhere). Left out: Persian نه (also "no"), ده
# (also "village"), Arabic ست (also "lady"): a wrong number is worse than a missing one.
_WORD_COUNTS = {fold(w): n for n, words in [
    (2, "two اثنين اثنان اثنتين اثنتان دو"), (3, "three ثلاثة ثلاث سه"), (4, "four أربعة أربع چهار"),
    (5, "five خمسة خمس پنج"), (6, "six ستة شش"), (7, "seven سبعة سبع هفت"), (8, "eight ثمانية ثماني هشت"),
    (9, "nine تسعة تسع"), (10, "ten عشرة"), (100, "hundred مئة مائة مئه صد")] for w in words.split()}
# Fractions written as words are shares: 'half of Israel's oil needs' (بنصف حاجات), 'nine tenths of
# it' (تسعة أعشاره), 'two thirds' -> percentages. 'ربع قرن' (a quarter century) is a span, not a share.
_FRACTIONS = {fold(w): p for p, words in [
    (50, "half نصف النصف نیمی"), (100 / 3, "third ثلث"), (200 / 3, "ثلثي ثلثا"), (25, "quarter ربع")]
    for w in words.split()}
_TENTHS = {fold(w) for w in "tenths أعشار اعشار دهم".split()}
_DUALS = {fold(w): "2" for w in "شهرين شهران عامين عامان سنتين يومين يومان أسبوعين مرتين".split()}
_SCALES = {"مليار": 9, "مليارات": 9, "میلیارد": 9, "billion": 9, "bn": 9, "مليون": 6, "ملايين": 6,
           "میلیون": 6, "million": 6, "ألف": 3, "آلاف": 3, "هزار": 3, "thousand": 3}
_PERCENT = ["%", "٪", "درصد", "في المئة", "في المائة", "بالمئة", "بالمائة", "percent", "per cent"]
# Counted nouns after a bare 1900-2099 that make it a quantity rather than a year.
_COUNTED = ["نفر", "شخص", "جندي", "سرباز", "يهودي", "دولار", "دلار", "كيلومتر", "کیلومتر", "كلم", "متر", "طن", "تن",
            "people", "persons", "soldiers", "dollars", "km", "kilometres", "kilometers", "tons"]

NL, NR = r"(?<![^\W\d_])", r"(?![^\W\d_])"  # no letter before / after: \b is unreliable next to Arabic
NB = r"(?<![0-9])(?<![0-9][.٫])"  # not the tail of another number
NUM = r"[0-9]+(?:[,٬][0-9]{3})+(?:[.٫][0-9]+)?(?![0-9])|[0-9]+(?:[.٫][0-9]+)?(?![0-9])"


def _alt(words) -> str:
    """Folded alternation, longest first so 'تشرين الثاني' wins over a shorter name."""
    return "|".join(re.escape(w) for w in sorted({fold(w) for w in words}, key=len, reverse=True))


_MODS_F = {fold(k): v for k, v in _MODS.items()}
_NAMED_F = {fold(k): v for k, v in _NAMED.items()}
_UNITS_F = {fold(k): v for k, v in _UNITS.items()}
_SCALES_F = {fold(k): v for k, v in _SCALES.items()}


class _Ctx(NamedTuple):
    language: str
    folded: str
    months: dict[str, tuple[str, str]]
    pub: tuple[tuple[int, ...], str] | None  # (parts, iso) of the publication date
    anchor: tuple[tuple[int, ...], str] | None  # (parts, iso) of the last absolute date stated before


Found = tuple[str, str, int, int, str | None]  # kind, value, start, end (folded offsets), resolved_from
Handler = Callable[[re.Match, _Ctx], list[Found] | None]  # None = not a value here; [] = consume silently


def extract_values(text: str, language: str, pub_date: str | None = None,
                   anchor: str | None = None) -> tuple[Value, ...]:
    """All dates, numbers and percentages in one sentence, in order of position.

    language: 'ar' | 'fa' | 'en' | 'other' (chooses month names and DMY/MDY for '7/4/1992').
    pub_date: ISO date of the article, to resolve 'قبل شهرين' / 'مارس الماضي' / 'last year'; None = unresolved.
    anchor: ISO prefix of the last absolute date stated earlier in the article, for 'یک ماه بعد' / 'العام نفسه'.
    """
    if not text:
        return ()
    folded, origin = fold_with_map(text)
    ctx = _Ctx(language, folded, _month_table(language), _parts(pub_date), _parts(anchor))
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    for pattern, handler in _passes(language):
        for m in pattern.finditer(folded):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                result = handler(m, ctx)
                if result is not None:
                    taken.append(m.span())
                    found += result
    values: list[Value] = []
    for kind, value, s, e, why in sorted(found, key=lambda f: f[2]):
        start, end = origin[s], origin[e - 1] + 1
        if not values or values[-1].end <= start:  # '¼' folds to '1⁄4': two numbers, one source character
            values.append(Value(kind, value, start, end, text[start:end], why))  # type: ignore[arg-type]
    return tuple(values)


@cache
def _month_table(language: str) -> dict[str, tuple[str, str]]:
    """Folded month name -> (dateparser language, name it parses) or ('solar', month number)."""
    langs = {"ar": ["ar"], "fa": ["fa"], "en": []}.get(language, ["ar", "fa"]) + ["en"]
    table = {fold(w): (lang, w) for lang in langs for w in _GREGORIAN[lang].split()}
    if "ar" in langs:
        table |= {fold(k): ("ar", v) for k, v in _LEVANTINE.items()}
    if "fa" in langs:
        table |= {fold(w): ("solar", str(i)) for i, w in enumerate(_SOLAR, 1)}
    return table


@cache
def _passes(language: str) -> list[tuple[re.Pattern, Handler]]:
    """(regex, handler) from most to least specific, compiled once per language."""
    units, scale, pct = _alt(_UNITS), rf"(?: ?(?P<scale>{_alt(_SCALES)}){NR})?", _alt(_PERCENT)
    count = rf"(?P<n>{_alt(_COUNTS)}|[0-9]{{1,3}})"
    cue = (rf"(?P<cue>(?:{NL}و?(?:في|خلال|منذ|حتي|مطلع|اواخر|اوايل|در|از|تا|in|since|during|until|by) )?"
           r"(?:(?:شهر|ماه|the month of) )?)")
    month = (rf"{cue}(?P<core>(?:{NB}(?P<day>[0-9]{{1,2}}) )?(?P<pre>last |next )?{NL}"
             rf"(?P<mon>{_alt(_month_table(language))}){NR}\.?)(?:(?: (?P<day2>[0-9]{{1,2}}),?)?(?: ?[,،])? ?"
             rf"(?:(?:من|of) )?(?:(?:ال)?عام|(?:ال)?سنه|سال|year)? ?(?:[,،] ?)?(?P<year>[0-9]{{4}})(?![0-9])"
             rf"| (?P<mod>{_alt(_MODS)}){NR})?")
    span_range = (rf"(?P<kw>{NL}(?:بين|من|from|between|از) (?:(?:عامي|العامين|عام|سال|سالهاي|the years) )?)?"
                  rf"{NB}(?P<a>{NUM})(?P<pa> ?[%٪])? ?(?P<sep>[-–—]|تا|الي|حتي|to|until|and|و) ?(?P<b>{NUM})"
                  rf"{scale}(?: ?(?P<pct>{pct}))?")
    not_event = rf"(?! من (?!ذلك{NR}))(?! از (?!(?:ان|اين){NR}))"  # 'بعد شهرين من فتح...' is not 'later'
    raw: list[tuple[str, Handler]] = [
        (rf"{NB}[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?(?![0-9])", lambda m, c: []),  # a clock time
        (rf"{NB}(?P<a>[0-9]{{1,4}})(?P<s>[-/.])(?P<b>[0-9]{{1,2}})(?P=s)(?P<c>[0-9]{{1,4}})(?![0-9]|[-/.][0-9])",
         _on_numeric),
        (month, _on_month),
        (rf"{NL}(?:قبل|منذ) (?:{count} )?(?P<u>{units}){NR}(?! ?[0-9])", _on_count(-1, "pub")),
        (rf"{NL}{count} (?P<u>{units}) (?:پيش|قبل|ago){NR}", _on_count(-1, "pub")),
        (rf"{NL}بعد (?:{count} )?(?P<u>{units}){NR}(?! ?[0-9]){not_event}", _on_count(1, "anchor")),
        (rf"{NL}{count} (?P<u>{units}) (?:بعد|later|afterwards|after that){NR}{not_event}", _on_count(1, "anchor")),
        (rf"(?<![0-9] )(?<!چند ){NL}(?:{_alt(_NAMED)}){NR}", _on_named),  # not '۱۲ سال گذشته' (past 12 years)
        (rf"{NL}(?:دهه|decade) (?P<a>[12][0-9]{{2}}0)(?![0-9])|{NB}(?P<b>[12][0-9]{{2}}0)(?:يات|ات|'?s){NR}",
         lambda m, c: [("date", f"{m['a'] or m['b']}/{int(m['a'] or m['b']) + 9}", *m.span(), None)]),
        (span_range, _on_range),
        (rf"{NB}(?P<n>{NUM}) ?(?:{pct})", lambda m, c: [("percent", _fmt(_dec(m["n"])) + "%", *m.span(), None)]),
        (rf"{NB}(?P<n>{NUM}){scale}(?! ?ه{NR})(?P<unit> (?:{_alt(_COUNTED)}){NR})?", _on_number),  # not 1445 هـ
        (rf"{NL}(?:(?P<two>two)[ -])?(?:ب|ل|و|ف|وب)?(?P<f>{_alt(_FRACTIONS)})s?{NR}"
         rf"(?! (?:قرن|century|ساعه|hour|سده|نهايي|النهايي))(?= [^\W\d_])", _on_fraction),
        (rf"{NL}(?P<n>{_alt(_COUNTS)}|[0-9]{{1,2}}) (?P<f>{_alt(_TENTHS)})", _on_fraction),
        # 'نحو مئة يوم', 'دو رزمایش', 'بعد شهرين من فتح…' (a dual is a count of two): a word before a noun
        (rf"{NL}(?P<w>{_alt(_WORD_COUNTS)}){NR}(?= [^\W\d_])",
         lambda m, c: [("number", str(_WORD_COUNTS[m["w"]]), *m.span(), None)]),
        (rf"{NL}(?P<w>{_alt(_DUALS)}){NR}", lambda m, c: [("number", "2", *m.span(), None)]),
    ]
    return [(re.compile(p), h) for p, h in raw]


def _on_fraction(m: re.Match, ctx: _Ctx) -> list[Found] | None:
    """'نصف' -> 50%, 'two thirds' -> 67%, 'تسعة أعشار' -> 90%."""
    if m["f"] in _TENTHS:
        n = _COUNTS.get(m["n"]) if not m["n"].isdigit() else int(m["n"])
        return [("percent", f"{10 * n}%", *m.span(), None)] if n and n <= 10 else None
    share = _FRACTIONS[m["f"]] * (2 if m["two"] else 1)
    return [("percent", f"{round(share)}%", *m.span(), None)] if share < 100 else None


@cache
def _parser(lang: str) -> DateDataParser:
    """One parser per language, with a fixed RELATIVE_BASE so nothing is ever filled in from today."""
    settings = {"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "RELATIVE_BASE": datetime(2000, 1, 1)}
    return DateDataParser(languages=[lang], settings=settings)


@lru_cache(maxsize=4096)
def _dateparse(lang: str, phrase: str) -> str | None:
    """ISO prefix cut to the precision dateparser reports in ``.period`` (day, month or year)."""
    data = _parser(lang).get_date_data(phrase)
    if data.date_obj is None:
        return None
    return data.date_obj.date().isoformat()[: {"year": 4, "month": 7}.get(data.period or "day", 10)]


def _on_numeric(m: re.Match, ctx: _Ctx) -> list[Found] | None:
    """7/4/1992 is day/month/year in Arabic and Persian text (month first in English); 2025-08-13 is ISO."""
    a, b, c = m["a"], m["b"], m["c"]
    if len(a) == 4 and len(c) <= 2:
        if ctx.language == "fa" and 1300 <= int(a) < 1500 and 1 <= int(b) <= 12 and _says_solar(ctx, m.end()):
            return [("date", _solar_year(int(a), int(b), int(c)), *m.span(), f"Solar Hijri date {m[0]}")]
        orders = [(a, b, c)]
    elif len(c) == 4 and len(a) <= 2:
        orders = [(c, a, b), (c, b, a)] if ctx.language == "en" else [(c, b, a), (c, a, b)]
    else:
        return None
    for y, mo, d in orders:
        try:
            return [("date", date(int(y), int(mo), int(d)).isoformat(), *m.span(), None)]
        except ValueError:
            continue
    return None


_SOLAR_MARK = re.compile(r"\s*(?:هجري )?(?:شمسي|خورشيدي|ه\.? ?ش\b)")


def _says_solar(ctx: _Ctx, end: int) -> bool:
    """A Persian year is converted only when the text says it is Solar Hijri ('۱۴۰۲ شمسی', 'ه.ش'),
    or the sentence dates something with a Solar month ('… ۱۲ فروردین ۱۴۰۳'); '۱۳۰۸ میلادی' (AD) or
    an unmarked year in a history text is the year as written."""
    if _SOLAR_MARK.match(ctx.folded, end):
        return True
    solar_months = [w for w, (lang, _) in ctx.months.items() if lang == "solar"]
    return not re.match(r"\s*ميلادي", ctx.folded[end:]) and any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", ctx.folded)
                                                                  for w in solar_months)


def _solar_year(year: int, month: int, day: int | None) -> str:
    """Gregorian year of a Solar Hijri date: Farvardin 1 is 20/21 March and Dey 11 about 1 January."""
    if month <= 9 or (month == 10 and day and day <= 10):
        return str(year + 621)
    return str(year + 622) if month > 10 or day else f"{year + 621}/{year + 622}"


def _on_month(m: re.Match, ctx: _Ctx) -> list[Found] | None:
    """A month name with its day and year, or with a word fixing the year ('الماضي', 'همان سال', 'last')."""
    lang, name = ctx.months[m["mon"]]
    day, year, start = m["day"] or m["day2"], m["year"], m.start("core")
    if year and not 1000 <= int(year) <= 2999:
        return None
    if lang == "solar":  # Solar Hijri month: only the Gregorian year is certain
        value = _solar_year(int(year), int(name), int(day) if day else None) if year else None
        return [("date", value, start, m.end(), f"Solar Hijri year {year}")] if value else None
    if year:
        iso = _dateparse(lang, " ".join(p for p in (day, name, year) if p)) or _dateparse(lang, f"{name} {year}")
        return [("date", iso, start, m.end(), None)] if iso else None
    month = int((_dateparse(lang, f"{name} 2000") or "2000-00")[5:7])
    if not month:
        return None
    mod = m["pre"].strip() if m["pre"] else _MODS_F.get(m["mod"] or "")
    if mod is None:  # a bare month only after 'شهر'/'في'..., and never the short names (مه, آب, may)
        ok = any(w in m["cue"] for w in ("شهر", "ماه", "month")) or (m["cue"] and len(m["mon"]) > 3)
        return [("date", f"--{month:02d}", start, m.end("core"), None)] if ok else None
    ref = ctx.anchor if mod == "same" else ctx.pub
    if not ref or (mod in ("last", "next") and len(ref[0]) < 2):
        return [("date", f"--{month:02d}", start, m.end(), None)]
    (y, *rest), iso = ref
    if mod == "prev_year":
        y -= 1
    elif mod == "last":  # the latest such month strictly before publication
        y -= month >= rest[0]
    elif mod == "next":
        y += month <= rest[0]
    why = f"same year as {iso}" if mod == "same" else f"relative to publication date {iso}"
    return [("date", f"{y:04d}-{month:02d}", start, m.end(), why)] if 1 <= y <= 9999 else []


def _on_count(sign: int, base: str) -> Handler:
    """'قبل شهرين' / '2 years ago' count back from publication; 'یک ماه بعد' counts on from the anchor."""
    def handler(m: re.Match, ctx: _Ctx) -> list[Found] | None:
        unit, implied = _UNITS_F[m["u"]]
        n = int(m["n"]) if m["n"] and m["n"].isdigit() else _COUNTS.get(m["n"] or "", implied)
        if not n:
            return None  # 'منذ سنوات': no count, so no date
        ref = ctx.pub if base == "pub" else ctx.anchor
        value = _shift(ref[0], unit, sign * n) if ref else None
        if ref is None or value is None:
            return []  # a relative date we cannot resolve: no value, and not a plain number either
        said = f"{_SAY[n] if n < len(_SAY) else n} {unit if n > 1 else unit[:-1]}"
        why = f"relative to publication date {ref[1]}" if base == "pub" else f"{said} after {ref[1]}"
        return [("date", value, *m.span(), why)]
    return handler


def _on_named(m: re.Match, ctx: _Ctx) -> list[Found]:
    """'العام الماضي' / 'پارسال' from the publication year; 'العام نفسه' / 'همان سال' from the anchor."""
    base, offset = _NAMED_F[m[0]]
    ref = ctx.pub if base == "pub" else ctx.anchor
    if not ref or not 1 <= ref[0][0] + offset <= 9999:
        return []
    if base == "pub":
        why = f"relative to publication date {ref[1]}"
    else:
        why = f"same year as {ref[1]}" if offset == 0 else f"one year after {ref[1]}"
    return [("date", f"{ref[0][0] + offset:04d}", *m.span(), why)]


def _on_range(m: re.Match, ctx: _Ctx) -> list[Found] | None:
    """'2016-2020', '۶۰ تا ۶۹ درصد', 'بين 2018 و2020' -> 'A/B', smaller first (Persian PDFs reverse it)."""
    a, b = m["a"], m["b"]
    if m["sep"] in ("و", "and") and not (m["kw"] or "").startswith(("بين", "between")):
        return None  # 'أعوام ۲۰۱٦ و۲۰۲۰' lists years, it does not span them
    if _is_year(a) and len(b) == 2 and int(a[:2] + b) > int(a):
        b = a[:2] + b  # '2020-21'
    span = (m.start("a"), m.end())
    if m["pa"] or m["pct"]:
        lo, hi = sorted((_dec(a), _dec(b)))
        return [("percent", f"{_fmt(lo)}%/{_fmt(hi)}%", *span, None)]
    if _is_year(a) and _is_year(b) and not m["scale"]:
        return [("date", "/".join(sorted((a, b))), *span, None)]
    if _is_year(a) or _is_year(b):
        return None
    lo, hi = sorted((_dec(a, m["scale"]), _dec(b, m["scale"])))
    return [("number", f"{_fmt(lo)}/{_fmt(hi)}", *span, None)]


def _on_number(m: re.Match, ctx: _Ctx) -> list[Found]:
    """A number with its scale word; a bare 1900-2099 is a year, 'سال ۱۴۰۳' a Solar Hijri year."""
    n, s, e = m["n"], m.start(), m.end("scale") if m["scale"] else m.end("n")
    if not m["scale"] and not m["unit"]:
        if _is_year(n):
            return [("date", n, s, e, None)]
        if ctx.language == "fa" and n.isdigit() and 1300 <= int(n) < 1500 and ctx.folded[s - 4:s] == "سال ":
            if _says_solar(ctx, e):
                return [("date", str(int(n) + 621), s, e, f"Solar Hijri year {n}")]
            return [("date", n, s, e, None)]  # 'سال ۱۳۰۸ میلادی', or unmarked: the year as written
    return [("number", _fmt(_dec(n, m["scale"])), s, e, None)]


def _is_year(s: str) -> bool:
    return len(s) == 4 and s.isdigit() and 1900 <= int(s) <= 2099


def _dec(s: str, scale: str | None = None) -> Decimal:
    """'30,000' -> 30000; '1.6' with 'مليار' -> 1600000000."""
    n = Decimal(s.replace(",", "").replace("٬", "").replace("٫", "."))
    return n.scaleb(_SCALES_F[scale]) if scale else n


def _fmt(d: Decimal) -> str:
    """Plain decimal, never an exponent: 1600000000, 1.5."""
    return format(d.normalize(), "f")


def _parts(iso: str | None) -> tuple[tuple[int, ...], str] | None:
    """'2023-05-30' -> ((2023, 5, 30), '2023-05-30'); None when not a valid ISO date prefix."""
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso or "")
    if not m:
        return None
    parts = tuple(int(p) for p in m.groups() if p)
    try:
        date(*(parts + (1, 1))[:3])
    except ValueError:
        return None
    return parts, iso  # type: ignore[return-value]


def _shift(ref: tuple[int, ...], unit: str, n: int) -> str | None:
    """Move a date by n units; the result is no finer than the unit, and None if the reference is coarser."""
    precision = {"years": 1, "months": 2, "days": 3}[unit]
    if len(ref) < precision:
        return None  # 'a month after 2022' names no month
    try:
        moved = date(*(ref + (1, 1))[:3]) + relativedelta(**{unit: n})
    except (ValueError, OverflowError):
        return None
    return moved.isoformat()[: (4, 7, 10)[precision - 1]]


def shift_date(iso: str, unit: str, n: int) -> str | None:
    """Example: ('2023-03', 'months', 2) -> '2023-05'; ('2023', 'months', 2) -> None (no month to move)."""
    ref = _parts(iso)
    return _shift(ref[0], unit, n) if ref else None


def count_unit(phrase: str) -> tuple[int, str] | None:
    """'شهرين' -> (2, 'months'); 'two months' -> (2, 'months'); 'دو ماه' -> (2, 'months'); None otherwise."""
    words = fold(phrase).split()
    if len(words) == 1 and words[0] in _UNITS_F and _UNITS_F[words[0]][1]:
        unit, n = _UNITS_F[words[0]]
        return n, unit  # type: ignore[return-value]
    if len(words) == 2 and words[1] in _UNITS_F:
        n = _COUNTS.get(words[0]) or (int(words[0]) if words[0].isdigit() else None)
        return (n, _UNITS_F[words[1]][0]) if n else None
    return None


_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}")
_MONTH_OF = re.compile(r"(?:\d{4}|-)-(\d{2})(?:-\d{2})?")


def _number(v: str) -> Decimal | None:
    try:
        n = Decimal(v.replace(",", ""))
    except InvalidOperation:
        return None
    return n if n.is_finite() else None


def _interval(value: str) -> tuple[str, object, object] | None:
    """(kind, low, high) a value stands for; dates padded to whole days so ISO text compares in order."""
    lo, _, hi = value.partition("/")
    hi = hi or lo
    if _DATE.fullmatch(lo) and _DATE.fullmatch(hi):
        return "date", lo + "-01-01"[len(lo) - 4:], hi + "-12-31"[len(hi) - 4:]
    a, b = _number(lo.rstrip("%")), _number(hi.rstrip("%"))
    kind = "percent" if lo.endswith("%") and hi.endswith("%") else "number"
    return (kind, a, b) if a is not None and b is not None else None


def values_agree(a: str, b: str) -> bool:
    """True when one value contains the other: '1992' ~ '1992-04-07', '2016/2020' ~ '2018',
    '2023-03' ~ '--03', '1600000000' ~ '1.6e9'; '2022-11' !~ '2023-03', '2011/2016' !~ '2016/2020'."""
    a, b = a.strip(), b.strip()
    if a == b:
        return True
    if a.startswith("--") or b.startswith("--"):  # month only: agrees with any date in that month
        ma, mb = _MONTH_OF.fullmatch(a), _MONTH_OF.fullmatch(b)
        return bool(ma and mb) and ma[1] == mb[1]  # type: ignore[index]
    x, y = _interval(a), _interval(b)
    if x and y and x[0] == y[0]:
        return (x[1] <= y[1] and y[2] <= x[2]) or (y[1] <= x[1] and x[2] <= y[2])  # type: ignore[operator]
    n = _number(a)
    return n is not None and n == _number(b)


_MONTH_NAMES = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "fa": ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"],
}
_NO_YEAR = {"en": "{} (year not stated)", "ar": "{} (السنة غير مذكورة)", "fa": "{} (سال ذکر نشده)"}
_PERSIAN = str.maketrans("0123456789.,%", "۰۱۲۳۴۵۶۷۸۹٫٬٪")


def display_value(value: str, kind: str, language: str) -> str:
    """Human text in the answer's language: '2023-03' -> 'March 2023' / 'مارس ۲۰۲۳'; 30000 -> '30,000'."""
    lang = language if language in _MONTH_NAMES else "en"
    if "/" in value:
        return "–".join(display_value(p, kind, language) for p in value.split("/", 1))
    text = _display_date(value, lang) if kind == "date" else _display_number(value, kind)
    return text.translate(_PERSIAN) if lang == "fa" else text


def _display_date(value: str, lang: str) -> str:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})", value)
    if not m or not 1 <= int(m[2] or m[4] or 1) <= 12:
        return value
    y, mo, d, only = m.groups()
    names = _MONTH_NAMES[lang]
    if only:
        return _NO_YEAR[lang].format(names[int(only) - 1])
    if not mo:
        return y
    return f"{int(d)} {names[int(mo) - 1]} {y}" if d else f"{names[int(mo) - 1]} {y}"


def _display_number(value: str, kind: str) -> str:
    n = _number(value.rstrip("%"))
    return value if n is None else format(n.normalize(), ",f") + ("%" if kind == "percent" else "")
