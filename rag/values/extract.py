"""Dates, numbers and percentages in one sentence, normalized so that sources can be compared.

Candidate spans come from a few regexes compiled once, run over the folded sentence
(``rag.normalize.fold_with_map``: ASCII digits, one spelling per letter, offsets mapped back).
Gregorian month names are parsed by dateparser, whose ``.period`` gives the precision; names it
lacks (Levantine, Solar Hijri) come from small tables. Passes run from most to least specific and a
span read by one pass is not read again, so "2016-2020" is one range, never two years.
Decades ("دهه ۱۹۹۰", "الـ۲۰۰۰يات", "1990s") become the interval ``1990/1999``, not a single year.
Handlers build typed values (``rag.values.model``); ``Value.value`` is their printed form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from rag.normalize import fold, fold_with_map
from rag.types import Value
from rag.values.dates import dateparse, gregorian_mark, parts, shift, solar_year, year_cue
from rag.values.model import Date, Parsed, Quantity, Range
from rag.values.words import (
    COUNTED,
    COUNTS,
    DUALS,
    FRACTIONS,
    GREGORIAN,
    LEVANTINE,
    MODS,
    MODS_F,
    NAMED,
    NAMED_F,
    NB,
    NL,
    NR,
    NUM,
    PERCENT,
    SAY,
    SCALES,
    SCALES_F,
    SOLAR,
    TENTHS,
    UNITS,
    UNITS_F,
    WORD_COUNTS,
    alt,
)


class _Ctx(NamedTuple):
    language: str
    folded: str
    months: dict[str, tuple[str, str]]
    pub: tuple[tuple[int, ...], str] | None  # (parts, iso) of the publication date
    anchor: tuple[tuple[int, ...], str] | None  # (parts, iso) of the last absolute date stated before


Found = tuple[str, Parsed, int, int, str | None]  # kind, value, start, end (folded offsets), resolved_from
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
    ctx = _Ctx(language, folded, _month_table(language), parts(pub_date), parts(anchor))
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
            values.append(Value(kind, str(value), start, end, text[start:end], why))  # type: ignore[arg-type]
    return tuple(values)


@cache
def _month_table(language: str) -> dict[str, tuple[str, str]]:
    """Folded month name -> (dateparser language, name it parses) or ('solar', month number)."""
    langs = {"ar": ["ar"], "fa": ["fa"], "en": []}.get(language, ["ar", "fa"]) + ["en"]
    table = {fold(w): (lang, w) for lang in langs for w in GREGORIAN[lang].split()}
    if "ar" in langs:
        table |= {fold(k): ("ar", v) for k, v in LEVANTINE.items()}
    if "fa" in langs:
        table |= {fold(w): ("solar", str(i)) for i, w in enumerate(SOLAR, 1)}
    return table


@cache
def _passes(language: str) -> list[tuple[re.Pattern, Handler]]:
    """(regex, handler) from most to least specific, compiled once per language."""
    units, scale, pct = alt(UNITS), rf"(?: ?(?P<scale>{alt(SCALES)}){NR})?", alt(PERCENT)
    count = rf"(?P<n>{alt(COUNTS)}|[0-9]{{1,3}})"
    cue = (rf"(?P<cue>(?:{NL}و?(?:في|خلال|منذ|حتي|مطلع|اواخر|اوايل|در|از|تا|in|since|during|until|by) )?"
           r"(?:(?:شهر|ماه|the month of) )?)")
    month = (rf"{cue}(?P<core>(?:{NB}(?P<day>[0-9]{{1,2}}) )?(?P<pre>last |next )?{NL}"
             rf"(?P<mon>{alt(_month_table(language))}){NR}\.?)(?:(?: (?P<day2>[0-9]{{1,2}}),?)?(?: ?[,،])? ?"
             rf"(?:(?:من|of) )?(?:(?:ال)?عام|(?:ال)?سنه|سال|year)? ?(?:[,،] ?)?(?P<year>[0-9]{{4}})(?![0-9])"
             rf"| (?P<mod>{alt(MODS)}){NR})?")
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
        (rf"(?<![0-9] )(?<!چند ){NL}(?:{alt(NAMED)}){NR}", _on_named),  # not '۱۲ سال گذشته' (past 12 years)
        (rf"{NL}(?:دهه|decade) (?P<a>[12][0-9]{{2}}0)(?![0-9])|{NB}(?P<b>[12][0-9]{{2}}0)(?:يات|ات|'?s){NR}",
         lambda m, c: [("date", _decade(int(m["a"] or m["b"])), *m.span(), None)]),
        (span_range, _on_range),
        (rf"{NB}(?P<n>{NUM}) ?(?:{pct})", lambda m, c: [("percent", Quantity(_dec(m["n"]), True), *m.span(), None)]),
        (rf"{NB}(?P<n>1[34][0-9]{{2}}) ?(?:ه\.? ?ش|هجري شمسي|شمسي|خورشيدي){NR}",  # '۱۴۰۲ ه.ش', Solar Hijri
         lambda m, c: [("date", Date(int(m["n"]) + 621), *m.span(), f"Solar Hijri year {m['n']}")]),
        (rf"{NB}(?P<n>[0-9]{{3,4}}) ?(?:ه\.? ?ق|ه|هجري|هجريه|للهجره|قمري)(?!\.? ?(?:شمسي|خورشيدي|ش{NR})){NR}", _on_hijri),
        (rf"{NB}(?P<n>{NUM}){scale}(?! ?ه{NR})(?P<unit> (?:{alt(COUNTED)}){NR})?", _on_number),  # not 1445 هـ
        (rf"{NL}(?:(?P<two>two)[ -])?(?:ب|ل|و|ف|وب)?(?P<f>{alt(FRACTIONS)})s?{NR}"
         rf"(?! (?:قرن|century|ساعه|hour|سده|نهايي|النهايي))(?= [^\W\d_])", _on_fraction),
        (rf"{NL}(?P<n>{alt(COUNTS)}|[0-9]{{1,2}}) (?P<f>{alt(TENTHS)})", _on_fraction),
        # 'نحو مئة يوم', 'دو رزمایش', 'بعد شهرين من فتح…' (a dual is a count of two): a word before a noun
        (rf"{NL}(?P<w>{alt(WORD_COUNTS)}){NR}(?= [^\W\d_])",
         lambda m, c: [("number", Quantity(Decimal(WORD_COUNTS[m["w"]])), *m.span(), None)]),
        (rf"{NL}(?P<w>{alt(DUALS)}){NR}", lambda m, c: [("number", Quantity(Decimal(2)), *m.span(), None)]),
    ]
    return [(re.compile(p), h) for p, h in raw]


def _on_fraction(m: re.Match, ctx: _Ctx) -> list[Found] | None:
    """'نصف' -> 50%, 'two thirds' -> 67%, 'تسعة أعشار' -> 90%."""
    if m["f"] in TENTHS:
        n = COUNTS.get(m["n"]) if not m["n"].isdigit() else int(m["n"])
        return [("percent", Quantity(Decimal(10 * n), True), *m.span(), None)] if n and n <= 10 else None
    share = FRACTIONS[m["f"]] * (2 if m["two"] else 1)
    return [("percent", Quantity(Decimal(round(share)), True), *m.span(), None)] if share < 100 else None


def _on_numeric(m: re.Match, ctx: _Ctx) -> list[Found] | None:
    """7/4/1992 is day/month/year in Arabic and Persian text (month first in English); 2025-08-13 is ISO."""
    a, b, c = m["a"], m["b"], m["c"]
    if len(a) == 4 and len(c) <= 2:
        if ctx.language == "fa" and 1300 <= int(a) < 1500 and 1 <= int(b) <= 12 and _says_solar(ctx, m.end()):
            return [("date", solar_year(int(a), int(b), int(c)), *m.span(), f"Solar Hijri date {m[0]}")]
        orders = [(a, b, c)]
    elif len(c) == 4 and len(a) <= 2:
        orders = [(c, a, b), (c, b, a)] if ctx.language == "en" else [(c, b, a), (c, a, b)]
    else:
        return None
    for y, mo, d in orders:
        try:
            day = date(int(y), int(mo), int(d))
            return [("date", Date(day.year, day.month, day.day), *m.span(), None)]
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


def _on_month(m: re.Match, ctx: _Ctx) -> list[Found] | None:
    """A month name with its day and year, or with a word fixing the year ('الماضي', 'همان سال', 'last')."""
    lang, name = ctx.months[m["mon"]]
    day, year, start = m["day"] or m["day2"], m["year"], m.start("core")
    if year and not 1000 <= int(year) <= 2999:
        return None
    if lang == "solar":  # Solar Hijri month: only the Gregorian year is certain
        value = solar_year(int(year), int(name), int(day) if day else None) if year else None
        note = f"Solar Hijri date {ctx.folded[start:m.end()].strip()}" if day else f"Solar Hijri year {year}"
        return [("date", value, start, m.end(), note)] if value else None
    if year:
        stated = dateparse(lang, " ".join(p for p in (day, name, year) if p)) or dateparse(lang, f"{name} {year}")
        return [("date", stated, start, m.end(), None)] if stated else None
    month = getattr(dateparse(lang, f"{name} 2000"), "month", None) or 0
    if not month:
        return None
    mod = m["pre"].strip() if m["pre"] else MODS_F.get(m["mod"] or "")
    if mod is None:  # a bare month only after 'شهر'/'في'..., and never the short names (مه, آب, may)
        ok = any(w in m["cue"] for w in ("شهر", "ماه", "month")) or (m["cue"] and len(m["mon"]) > 3)
        return [("date", Date(None, month), start, m.end("core"), None)] if ok else None
    ref = ctx.anchor if mod == "same" else ctx.pub
    if not ref or (mod in ("last", "next") and len(ref[0]) < 2):
        return [("date", Date(None, month), start, m.end(), None)]
    (y, *rest), iso = ref
    if mod == "prev_year":
        y -= 1
    elif mod == "last":  # the latest such month strictly before publication
        y -= month >= rest[0]
    elif mod == "next":
        y += month <= rest[0]
    why = f"same year as {iso}" if mod == "same" else f"relative to publication date {iso}"
    return [("date", Date(y, month), start, m.end(), why)] if 1 <= y <= 9999 else []


def _on_count(sign: int, base: str) -> Handler:
    """'قبل شهرين' / '2 years ago' count back from publication; 'یک ماه بعد' counts on from the anchor."""
    def handler(m: re.Match, ctx: _Ctx) -> list[Found] | None:
        unit, implied = UNITS_F[m["u"]]
        n = int(m["n"]) if m["n"] and m["n"].isdigit() else COUNTS.get(m["n"] or "", implied)
        if not n:
            return None  # 'منذ سنوات': no count, so no date
        ref = ctx.pub if base == "pub" else ctx.anchor
        value = shift(ref[0], unit, sign * n) if ref else None
        if ref is None or value is None:
            return []  # a relative date we cannot resolve: no value, and not a plain number either
        said = f"{SAY[n] if n < len(SAY) else n} {unit if n > 1 else unit[:-1]}"
        why = f"relative to publication date {ref[1]}" if base == "pub" else f"{said} after {ref[1]}"
        return [("date", value, *m.span(), why)]
    return handler


def _on_named(m: re.Match, ctx: _Ctx) -> list[Found]:
    """'العام الماضي' / 'پارسال' from the publication year; 'العام نفسه' / 'همان سال' from the anchor."""
    base, offset = NAMED_F[m[0]]
    ref = ctx.pub if base == "pub" else ctx.anchor
    if not ref or not 1 <= ref[0][0] + offset <= 9999:
        return []
    if base == "pub":
        why = f"relative to publication date {ref[1]}"
    else:
        why = f"same year as {ref[1]}" if offset == 0 else f"one year after {ref[1]}"
    return [("date", Date(ref[0][0] + offset), *m.span(), why)]


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
        return [("percent", Range(Quantity(lo, True), Quantity(hi, True)), *span, None)]
    if _is_year(a) and _is_year(b) and not m["scale"]:
        first, last = sorted((a, b))
        return [("date", Range(Date(int(first)), Date(int(last))), *span, None)]
    if (len(a) == 4 == len(b) and 1000 <= int(a) < int(b) <= 2099 and not m["scale"]
            and ((_is_year(b) and not (int(a) % 100 == 0 == int(b) % 100))  # '1000-2000 soldiers' counts
                 or gregorian_mark(ctx.folded, m.end()) or ctx.folded[max(0, m.start("a") - 1):m.start("a")] == "(")):
        return [("date", Range(Date(int(a)), Date(int(b))), *span, None)]  # '(1847-1931)', '1332 - 1406م': a lifespan
    if _is_year(a) or _is_year(b):
        return None
    lo, hi = sorted((_dec(a, m["scale"]), _dec(b, m["scale"])))
    return [("number", Range(Quantity(lo), Quantity(hi)), *span, None)]


def _on_number(m: re.Match, ctx: _Ctx) -> list[Found]:
    """A number with its scale word; a bare 1900-2099 is a year, 'سال ۱۴۰۳' a Solar Hijri year."""
    n, s, e = m["n"], m.start(), m.end("scale") if m["scale"] else m.end("n")
    if not m["scale"] and not m["unit"]:
        if _is_year(n):
            return [("date", Date(int(n)), s, e, None)]
        if ctx.language == "fa" and n.isdigit() and 1300 <= int(n) < 1500 and _SOLAR_MARK.match(ctx.folded, e):
            return [("date", Date(int(n) + 621), s, e, f"Solar Hijri year {n}")]  # 'در ۱۴۰۲ هجری شمسی'
        if ctx.language == "fa" and n.isdigit() and 1300 <= int(n) < 1500 and ctx.folded[s - 4:s] == "سال ":
            if _says_solar(ctx, e):
                return [("date", Date(int(n) + 621), s, e, f"Solar Hijri year {n}")]
            return [("date", Date(int(n)), s, e, None)]  # 'سال ۱۳۰۸ میلادی', or unmarked: the year as written
        if n.isdigit() and len(n) == 4 and 1000 <= int(n) < 1900 and (year_cue(ctx.folded, s) or gregorian_mark(ctx.folded, e)):
            return [("date", Date(int(n)), s, e, None)]  # 'توفي عام 1406م', 'in the year 1332'
    return [("number", Quantity(_dec(n, m["scale"])), s, e, None)]



def _on_hijri(m: re.Match, ctx: _Ctx) -> list[Found]:
    """'1406 هـ', '656 للهجرة': a (lunar) Hijri year, said to be one, as the Gregorian year or two it
    overlaps (convertdate). Example: '1406 هـ' -> 1985–1986 (1 Muharram 1406 is 16 September 1985)."""
    from convertdate import islamic

    n = int(m["n"])
    first, last = islamic.to_gregorian(n, 1, 1)[0], islamic.to_gregorian(n, 12, 29)[0]
    value = Date(first) if first == last else Range(Date(first), Date(last))
    return [("date", value, *m.span(), f"Hijri year {n}")]


def _is_year(s: str) -> bool:
    return len(s) == 4 and s.isdigit() and 1900 <= int(s) <= 2099


def _dec(s: str, scale: str | None = None) -> Decimal:
    """'30,000' -> 30000; '1.6' with 'مليار' -> 1600000000."""
    n = Decimal(s.replace(",", "").replace("٬", "").replace("٫", "."))
    return n.scaleb(SCALES_F[scale]) if scale else n


def _decade(start: int) -> Range:
    """Example: 1990 -> 1990/1999 (the 1990s)."""
    return Range(Date(start), Date(start + 9))
