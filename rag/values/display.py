"""The reader's form of a value, in the answer's language: 'March 2023', 'مارس ۲۰۲۳', '30,000'."""

from __future__ import annotations

from decimal import Decimal

from rag.values.model import Date, Quantity, parse

MONTH_NAMES = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "fa": ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"],
}
_NO_YEAR = {"en": "{} (year not stated)", "ar": "{} (السنة غير مذكورة)", "fa": "{} (سال ذکر نشده)"}
_SCALES = [(9, {"en": "billion", "ar": "مليار", "fa": "میلیارد"}), (6, {"en": "million", "ar": "مليون", "fa": "میلیون"})]
_PERSIAN = str.maketrans("0123456789.,%", "۰۱۲۳۴۵۶۷۸۹٫٬٪")


def display_value(value: str, kind: str, language: str) -> str:
    """Human text in the answer's language: '2023-03' -> 'March 2023' / 'مارس ۲۰۲۳'; 30000 -> '30,000'.

    A string that is not a value of ``kind`` is shown as written.
    """
    lang = language if language in MONTH_NAMES else "en"
    if "/" in value:
        return "–".join(display_value(p, kind, language) for p in value.split("/", 1))
    v = parse(value, kind if kind in ("date", "number", "percent") else "number")
    text = show(v, lang) if isinstance(v, Date | Quantity) else value
    return text.translate(_PERSIAN) if lang == "fa" else text


def show(v: Date | Quantity, lang: str) -> str:
    """One parsed point (not a range) in ``lang`` ('en' | 'ar' | 'fa'), before Persian digits."""
    if isinstance(v, Quantity):
        if not v.percent:
            for power, words in _SCALES:  # '1.6 billion' reads better than '1,600,000,000'
                scaled = v.amount.scaleb(-power)
                if abs(scaled) >= 1 and scaled == scaled.quantize(Decimal("0.01")):
                    return f"{format(scaled.normalize(), ',f')} {words[lang]}"
        return format(v.amount.normalize(), ",f") + ("%" if v.percent else "")
    if v.day is not None and v.year is None or not 1 <= (1 if v.month is None else v.month) <= 12:
        return str(v)  # '--03-05' and month 13 are not shown as dates
    names = MONTH_NAMES[lang]
    if v.year is None:
        return _NO_YEAR[lang].format(names[v.month - 1])  # type: ignore[operator]
    if v.month is None:
        return str(v.year)  # 968, not 0968 (a Hijri year of the tenth century)
    return f"{v.day} {names[v.month - 1]} {v.year}" if v.day is not None else f"{names[v.month - 1]} {v.year}"
