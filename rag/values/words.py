"""Word tables and regex pieces for reading values in Arabic, Persian and English text.

All keys are matched against folded text (``rag.normalize.fold``): the ``*_F`` maps are folded once here.
"""

from __future__ import annotations

import re

from rag.normalize import fold

GREGORIAN = {  # names dateparser 1.5 parses, per language
    "ar": "يناير فبراير مارس أبريل إبريل مايو يونيو يونية يوليو يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "fa": "ژانویه فوریه مارس آوریل مه می ژوئن ژوئیه جولای اوت سپتامبر اکتبر نوامبر دسامبر",
    "en": "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec",
}
LEVANTINE = {  # names dateparser does not know -> the Egyptian/Gulf name it does
    "كانون الثاني": "يناير", "كانون ثاني": "يناير", "شباط": "فبراير", "آذار": "مارس", "نيسان": "أبريل",
    "أيار": "مايو", "حزيران": "يونيو", "تموز": "يوليو", "آب": "أغسطس", "أيلول": "سبتمبر",
    "تشرين الأول": "أكتوبر", "تشرين أول": "أكتوبر", "تشرين الثاني": "نوفمبر", "تشرين ثاني": "نوفمبر",
    "كانون الأول": "ديسمبر", "كانون أول": "ديسمبر",
}
SOLAR = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
MODS = {  # words after a month name that fix its year from the publication date or the anchor
    "الماضي": "last", "المنصرم": "last", "الفائت": "last", "گذشته": "last", "المقبل": "next",
    "القادم": "next", "آینده": "next", "من العام الماضي": "prev_year", "سال گذشته": "prev_year",
    "of last year": "prev_year", "همان سال": "same", "من العام نفسه": "same", "من العام ذاته": "same",
    "من نفس العام": "same", "of the same year": "same",
}
NAMED = {  # relative-year phrases -> (base, years added)
    "العام الماضي": ("pub", -1), "السنة الماضية": ("pub", -1), "العام المنصرم": ("pub", -1),
    "last year": ("pub", -1), "پارسال": ("pub", -1), "سال گذشته": ("pub", -1), "هذا العام": ("pub", 0),
    "العام الجاري": ("pub", 0), "العام الحالي": ("pub", 0), "this year": ("pub", 0), "امسال": ("pub", 0),
    "العام المقبل": ("pub", 1), "العام القادم": ("pub", 1), "next year": ("pub", 1), "سال آینده": ("pub", 1),
    "العام نفسه": ("anchor", 0), "العام ذاته": ("anchor", 0), "نفس العام": ("anchor", 0),
    "همان سال": ("anchor", 0), "the same year": ("anchor", 0), "العام التالي": ("anchor", 1),
    "the following year": ("anchor", 1), "سال بعد": ("anchor", 1),
}
UNITS = {  # word -> (unit, count the word itself implies; None = needs a count)
    "يوم": ("days", 1), "يوما": ("days", 1), "يومين": ("days", 2), "يومان": ("days", 2), "أيام": ("days", None),
    "شهر": ("months", 1), "شهرا": ("months", 1), "شهرين": ("months", 2), "شهران": ("months", 2),
    "أشهر": ("months", None), "شهور": ("months", None), "عام": ("years", 1), "عاما": ("years", 1),
    "سنة": ("years", 1), "عامين": ("years", 2), "عامان": ("years", 2), "سنتين": ("years", 2),
    "أعوام": ("years", None), "سنوات": ("years", None), "سنين": ("years", None), "روز": ("days", None),
    "ماه": ("months", None), "سال": ("years", None), "day": ("days", None), "days": ("days", None),
    "month": ("months", None), "months": ("months", None), "year": ("years", None), "years": ("years", None),
}
SAY = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
COUNTS = {fold(w): n for n, words in enumerate(
    ["", "a an one واحد یک", "two اثنين اثنان دو", "three ثلاثة ثلاث سه", "four أربعة أربع چهار",
     "five خمسة خمس پنج", "six ستة ست شش", "seven سبعة سبع هفت", "eight ثمانية ثماني هشت",
     "nine تسعة تسع نه", "ten عشرة عشر ده"]) for w in words.split()}
# Counts written as words (two or more; "one" is everywhere). Left out: Persian نه (also "no"), ده
# (also "village"), Arabic ست (also "lady"): a wrong number is worse than a missing one.
WORD_COUNTS = {fold(w): n for n, words in [
    (2, "two اثنين اثنان اثنتين اثنتان دو"), (3, "three ثلاثة ثلاث سه"), (4, "four أربعة أربع چهار"),
    (5, "five خمسة خمس پنج"), (6, "six ستة شش"), (7, "seven سبعة سبع هفت"), (8, "eight ثمانية ثماني هشت"),
    (9, "nine تسعة تسع"), (10, "ten عشرة"), (100, "hundred مئة مائة مئه صد")] for w in words.split()}
# Fractions written as words are shares: 'half of Israel's oil needs' (بنصف حاجات), 'nine tenths of
# it' (تسعة أعشاره), 'two thirds' -> percentages. 'ربع قرن' (a quarter century) is a span, not a share.
FRACTIONS = {fold(w): p for p, words in [
    (50, "half نصف النصف نیمی مناصفة"), (100 / 3, "third ثلث"), (200 / 3, "ثلثي ثلثا"), (25, "quarter ربع")]
    for w in words.split()}
TENTHS = {fold(w) for w in "tenths أعشار اعشار دهم".split()}
DUALS = {fold(w): "2" for w in "شهرين شهران عامين عامان سنتين يومين يومان أسبوعين مرتين".split()}
SCALES = {"مليار": 9, "مليارات": 9, "میلیارد": 9, "billion": 9, "bn": 9, "مليون": 6, "ملايين": 6,
           "میلیون": 6, "million": 6, "ألف": 3, "آلاف": 3, "هزار": 3, "thousand": 3}
PERCENT = ["%", "٪", "درصد", "في المئة", "في المائة", "بالمئة", "بالمائة", "percent", "per cent"]
# Counted nouns after a bare 1900-2099 that make it a quantity rather than a year.
COUNTED = ["نفر", "شخص", "جندي", "سرباز", "يهودي", "دولار", "دلار", "كيلومتر", "کیلومتر", "كلم", "متر", "طن", "تن",
            "people", "persons", "soldiers", "dollars", "km", "kilometres", "kilometers", "tons"]

NL, NR = r"(?<![^\W\d_])", r"(?![^\W\d_])"  # no letter before / after: \b is unreliable next to Arabic
NB = r"(?<![0-9])(?<![0-9][.٫])"  # not the tail of another number
NUM = r"[0-9]+(?:[,٬][0-9]{3})+(?:[.٫][0-9]+)?(?![0-9])|[0-9]+(?:[.٫][0-9]+)?(?![0-9])"


def alt(words) -> str:
    """Folded alternation, longest first so 'تشرين الثاني' wins over a shorter name."""
    return "|".join(re.escape(w) for w in sorted({fold(w) for w in words}, key=len, reverse=True))


MODS_F = {fold(k): v for k, v in MODS.items()}
NAMED_F = {fold(k): v for k, v in NAMED.items()}
UNITS_F = {fold(k): v for k, v in UNITS.items()}
SCALES_F = {fold(k): v for k, v in SCALES.items()}
