"""Typed values in real corpus sentences (quoted exactly from the seed articles unless marked)."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.values import display_value, extract_values, values_agree

PUB = "2023-05-30"  # publication date of 002 (Herzog's visit, two months after the embassy opened)

# (sentence, language, pub_date, anchor, expected [(kind, value)])
CASES = [
    # 001: Levantine month names and day/month/year numbers
    ("وتأخَّر فتح السفارة الآذرية في تل أبيب إلى تشرين الثاني 2022", "ar", None, None, [("date", "2022-11")]),
    ("مع الكيان المؤقت في 7/4/1992، أي بعد نحو مئة يوم فقط", "ar", None, None, [("date", "1992-04-07"), ("number", "100")]),
    ('وفي نهاية العام (كانون أول 1992) افتتحت "إسرائيل" سفارتها في باكو', "ar", None, None,
     [("date", "1992-12")]),
    ("الجوانب العسكرية خصوصاً بعد سنة 2010 من بيع للأسلحة", "ar", None, None, [("date", "2010")]),
    (('خلال الفترة من 2011-2016 كانت نسبة مشتريات السلاح الأذري من "إسرائيل" تعادل 27%، لكن خلال الفترة من '
      "2016-2020، قفزت النسبة إلى ما يساوي 69% من إجمالي صفقات السلاح الآذرية، وهو ما يعادل 17% من إجمالي "
      "مبيعات السلاح الإسرائيلي"), "ar", None, None,
     [("date", "2011/2016"), ("percent", "27%"), ("date", "2016/2020"), ("percent", "69%"), ("percent", "17%")]),
    # 000: Gulf/Egyptian month names with Persian and Arabic-Indic digits
    ("وبعد قرابة ۳۰ عامًا من الاتصالات المباشرة، أُنشئت السفارة الأذربيجانية في إسرائيل في مارس ۲۰۲۳.", "ar",
     None, None, [("number", "30"), ("date", "2023-03")]),
    ("كانت إسرائيل من أوائل الدول التي اعترفت رسميًا باستقلال أذربيجان في ۲٥ ديسمبر ۱۹۹۱.", "ar", None, None,
     [("date", "1991-12-25")]),
    ("بدأ الحوار الرسمي بين إسرائيل وأذربيجان عام ١٩٩٥.", "ar", None, None, [("date", "1995")]),
    ("وفي أغسطس ۲۰۰۷، ناقش ليبرمان في باكو", "ar", None, None, [("date", "2007-08")]),
    ("لم يفتتح مكتب تمثيل تجاري أذربيجاني في تل أبيب إلا في يوليو ۲۰۲۱", "ar", None, None, [("date", "2021-07")]),
    ("استُخدمت ضد آرتساخ في أعوام ۲۰۱٦ و۲۰۲۰ و۲۰۲۳.", "ar", None, None,
     [("date", "2016"), ("date", "2020"), ("date", "2023")]),
    ("بين الدول العربية وإسرائيل في الفترة ۲۰۲۰-۲۰۲۱، بوساطة أمريكية", "ar", None, None, [("date", "2020/2021")]),
    ("فإن ٦٩٪ من الأسلحة التي استوردتها أذربيجان في الفترة ٢٠١٦-٢٠٢٠ كانت من إسرائيل، وهو ما يمثل ١٧٪ من",
     "ar", None, None, [("percent", "69%"), ("date", "2016/2020"), ("percent", "17%")]),
    ("دفعة جديدة لتطوير العلاقات مع أذربيجان منذ منتصف الـ۲۰۰۰يات.", "ar", None, None, [("date", "2000/2009")]),
    # 002: relative dates against the publication date
    ("التي سبقت افتتاح أذربيجان سفارة لها في القدس المحتلة في مارس الماضي", "ar", None, None, [("date", "--03")]),
    ("التي سبقت افتتاح أذربيجان سفارة لها في القدس المحتلة في مارس الماضي", "ar", PUB, None, [("date", "2023-03")]),
    ("بعد افتتاح سفارتها في القدس المحتلة قبل شهرين، ويرى", "ar", PUB, None, [("date", "2023-03")]),
    ("بعد افتتاح سفارتها في القدس المحتلة قبل شهرين، ويرى", "ar", None, None, []),
    ("بعد شهرين من فتح أذربيجان سفارة لها في القدس المحتلة", "ar", PUB, "2023-03", [("number", "2")]),  # after an event
    ("نحتفل بمرور 75 عامًا على قيام إسرائيل، و30 عامًا من التعاون", "ar", None, None,
     [("number", "75"), ("number", "30")]),
    ("تم التوقيع على خطة تعاون 2023-2028 في مجالات الصحة", "ar", None, None, [("date", "2023/2028")]),
    ("كانت مورد النفط الرئيسي لإسرائيل بين عامي 2018-2020، وفي", "ar", None, None, [("date", "2018/2020")]),
    ("وقتل وتهجير مئات الآلاف من الفلسطينيين من أرضهم", "ar", None, None, []),
    # 003: Levantine forms with connectors, a clock time, scale words
    ("الثلاثاء 05 تشرين أول , 2021 03:11", "ar", None, None, [("date", "2021-10-05")]),
    ("_في 25 كانون\u00a0الأول من العام 1991، كانت", "ar", None, None, [("date", "1991-12-25")]),  # NBSP as in source
    ("_ بدأت العلاقات الدبلوماسية ما بينهما في 7 نيسان 1992.", "ar", None, None, [("date", "1992-04-07")]),
    ("الممتدة منذ نيسان العام 1992.", "ar", None, None, [("date", "1992-04")]),
    ("ودخلت العلاقة مرحلة جديدة في شهر آب من العام 1997، خلال", "ar", None, None, [("date", "1997-08")]),
    ("_ منذ شهر شباط العام 2012، تتهم إيران سلطات باكو", "ar", None, None, [("date", "2012-02")]),
    ("_ في كانون الثاني من العام 2019، كانت آذربيجان", "ar", None, None, [("date", "2019-01")]),
    ("الشركة الأم لشركة رافاييل", "ar", None, None, []),
    (("وفي العام نفسه، ذكرت مجلة فورين بوليسي أن سلاح الجو الإسرائيلي ربما يستخدم قاعدة سيتالشاى العسكرية الجوية "
      "الآذرية، الواقعة على بعد 500 كيلومتر من الحدود الإيرانية"), "ar", None, "2012-02",
     [("date", "2012"), ("number", "500")]),
    ("ما قيمته\u00a0 1.6 مليار دولار من الطائرات", "ar", None, None, [("number", "1600000000")]),  # NBSP as in source
    ("_أذربيجان هي موطن لحوالي 30 ألف يهودي", "ar", None, None, [("number", "30000")]),
    ("العلاقة ما بين آذربيجان وإسرائيل: الخفي أعظم 9 مرات من المعلن", "ar", None, None, [("number", "9")]),
    # 004: Persian (PDF text: tatweel, broken lines, reversed ranges)
    ("در دسامبر ۲۰۲۳، گزارشها نشان داد", "fa", None, None, [("date", "2023-12")]),
    ("ژوئیه ۲۰۲۴، نمایندگان دو کشور", "fa", None, None, [("date", "2024-07"), ("number", "2")]),
    ("قراردادهای جدید نظامی \nدر ســـپتامبر ۲۰۲۴ امضـــا شـــد", "fa", None, None, [("date", "2024-09")]),
    ("ورود گردشـــگران اســـرائیلی به این کشـــور ۵۰ درصد افزایش", "fa", None, None, [("percent", "50%")]),
    ("اسرائیلی تبدیل شد و ۶۰ تا ۶۹ درصد", "fa", None, None, [("percent", "60%/69%")]),
    ("دموکراتیک آذربایجان )۱۹20-۱۹18(، یهودیان در پارلمان،", "fa", None, None, [("date", "1918/1920")]),
    ("در طول انتفاضه دوم )۲۰۰۰-\n\n۲۰۰۴(، آذربایجان تنها", "fa", None, None, [("date", "2000/2004")]),
    ("از دهه ۱۹۹۰، آذربایجان نقش کلیدی در امنیت انرژی اسرائیل ایفا کرده است.", "fa", None, None,
     [("date", "1990/1999")]),
    ("کید کرد. یک ماه بعد، آذربایجان افتتاح  اهمیت روابط اســـتراتژیک دو کشـــور تأ", "fa", None, "2022-10",
     [("date", "2022-11"), ("number", "2")]),
    ("کید کرد. در نوامبر همان ســـال، واینت", "fa", None, "2024-10", [("date", "2024-11")]),
    ("عادیسازی بین ترکیه و اسرائیل در نوامبر ۲۰۲۱ تا مارس ۲۰۲۲ شد", "fa", None, None,
     [("date", "2021-11"), ("date", "2022-03")]),
    ("در جنـــگ ۴۴ روزه قرهبـــاغ، آذربایجـــان موفق شـــد مرز خود با ایـــران را ۱۰۰ کیلومتر", "fa", None, None,
     [("number", "44"), ("number", "100")]),
    ("( و خیابانهایی با نامهای  از ۳۰۰۰ نفر", "fa", None, None, [("number", "3000")]),
    ("برای اولین بار در ۱۲ \n\nسال گذشته، وزیر دفاع", "fa", "2024-12-01", None, [("number", "12")]),
    # not in the corpus: English, Solar Hijri, ISO
    ("Israel sold $1.6 billion of drones in 2012 to a country of 30,000 Jews.", "en", None, None,
     [("number", "1600000000"), ("date", "2012"), ("number", "30000")]),
    ("The embassy opened two months ago; last March the talks began.", "en", PUB, None,
     [("date", "2023-03"), ("date", "2023-03")]),
    ("A month later Azerbaijan announced its embassy.", "en", None, "2022-10", [("date", "2022-11")]),
    ("در سال ۱۴۰۳ و در ۱۲ فروردین ۱۴۰۳", "fa", None, None, [("date", "2024"), ("date", "2024-03-31")]),
    ("2025-08-13", "ar", None, None, [("date", "2025-08-13")]),
    ("وفي أيار زار الوفد باكو", "ar", None, None, [("date", "--05")]),  # bare month after 'في'
    ("ثم مارس الضغط على باكو", "ar", None, None, []),  # 'مارس' the verb: no cue, no year
    ("Talks resume next March, after 2000 soldiers left.", "en", PUB, None, [("date", "2024-03"), ("number", "2000")]),
]


@pytest.mark.parametrize(("text", "language", "pub", "anchor", "expected"), CASES)
def test_extract_values(text, language, pub, anchor, expected):
    values = extract_values(text, language, pub, anchor)
    assert [(v.kind, v.value) for v in values] == expected
    for v in values:
        assert text[v.start:v.end] == v.surface


def test_resolved_from_names_the_reference():
    (v,) = extract_values("في القدس المحتلة في مارس الماضي", "ar", PUB)
    assert (v.surface, v.resolved_from) == ("مارس الماضي", f"relative to publication date {PUB}")
    (v,) = extract_values("یک ماه بعد، آذربایجان افتتاح سفارت خود در اسرائیل را اعلام کرد", "fa", None, "2022-10")
    assert (v.value, v.surface, v.resolved_from) == ("2022-11", "یک ماه بعد", "one month after 2022-10")
    (v,) = extract_values("در سال ۱۴۰۳ شمسی", "fa")
    assert (v.value, v.resolved_from) == ("2024", "Solar Hijri year 1403")


@pytest.mark.parametrize("text, value", [
    ("در سال ۱۳۰۸ میلادی طاعون به اروپا رسید", "1308"),  # AD: never converted
    ("مرگ سیاه در سال ۱۳۵۰ به اوج رسید", "1350"),  # unmarked: the year as written, not 1971
    ("در سال ۱۴۰۲ خورشیدی", "2023"),  # said to be Solar Hijri: converted
    ("در ۱۵ فروردین ۱۴۰۲", "2023-04-04"),  # a Solar month name makes it certain: the day itself (convertdate)
    ("در ۱۴۰۲ هجری شمسی", "2023"),  # marked, with no 'سال' before it
    ("قیام ۱۵ خرداد ۱۳۴۲", "1963-06-05"),
    ("در خرداد ۱۴۰۲", "2023"),  # a month without its day: only the year is certain
])
def test_calendar_is_converted_only_when_stated(text, value):
    (v,) = extract_values(text, "fa")
    assert v.kind == "date" and v.value == value
    (v,) = extract_values("وتأخَّر فتح السفارة الآذرية في تل أبيب إلى تشرين الثاني 2022", "ar")
    assert v.resolved_from is None and v.surface == "تشرين الثاني 2022"


def test_empty_and_plain_text():
    assert extract_values("", "ar") == ()
    assert extract_values("أذربيجان وكيان الإحتلال الإسرائيلي", "ar") == ()


@pytest.mark.parametrize(("a", "b", "agree"), [
    ("1992", "1992-04-07", True),
    ("2023-03", "--03", True),
    ("--03", "2023-03-15", True),
    ("2022-11", "2023-03", False),
    ("--03", "--04", False),
    ("--03", "2023", False),
    ("1600000000", "1.6e9", True),
    ("30000", "30000.0", True),
    ("69%", "69%", True),
    ("69%", "17%", False),
    ("69%", "69", False),
    ("2016/2020", "2018", True),
    ("2011/2016", "2016/2020", False),
    ("60%/69%", "69%", True),
    ("2023-03", "2023-03-31", True),
])
def test_values_agree(a, b, agree):
    assert values_agree(a, b) is agree
    assert values_agree(b, a) is agree


@pytest.mark.parametrize(("value", "kind", "language", "shown"), [
    ("2023-03", "date", "en", "March 2023"),
    ("2023-03", "date", "ar", "مارس 2023"),
    ("2023-03", "date", "fa", "مارس ۲۰۲۳"),
    ("2024-07", "date", "fa", "ژوئیه ۲۰۲۴"),
    ("1992-04-07", "date", "en", "7 April 1992"),
    ("1992", "date", "other", "1992"),
    ("--03", "date", "en", "March (year not stated)"),
    ("2016/2020", "date", "en", "2016–2020"),
    ("1600000000", "number", "en", "1.6 billion"),
    ("1600000000", "number", "fa", "۱٫۶ میلیارد"),
    ("1600000000", "number", "ar", "1.6 مليار"),
    ("370000000", "number", "en", "370 million"),
    ("1234567", "number", "en", "1,234,567"),  # not round at a scale: every digit
    ("1.5", "number", "ar", "1.5"),
    ("69%", "percent", "fa", "۶۹٪"),
    ("60%/69%", "percent", "en", "60%–69%"),
])
def test_display_value(value, kind, language, shown):
    assert display_value(value, kind, language) == shown


_ONE = {"date": r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|--[0-9]{2}", "number": r"[0-9]+(?:\.[0-9]+)?",
        "percent": r"[0-9]+(?:\.[0-9]+)?%"}
_TOKENS = ["مارس", "تشرين الثاني", "كانون أول", "آب", "شباط", "ژوئیه", "نوامبر", "فروردین", "March", "may",
           "الماضي", "همان سال", "قبل", "بعد", "منذ", "شهرين", "یک ماه", "عام", "العام", "سال", "من", "في", "در",
           "تا", "درصد", "٪", "%", "مليار", "ألف", "هزار", "billion", "-", "/", ".", ",", "،", ":", "ـ", "\u00a0",
           "\n", "2022", "۲۰۲۳", "١٩٩١", "7", "۱۴۰۳", "30", "1.6", "۶۹", "19", "0"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_TOKENS), max_size=14).map(" ".join),
                   st.lists(st.sampled_from(_TOKENS), max_size=14).map("".join)),
    language=st.sampled_from(["ar", "fa", "en", "other"]),
    pub=st.sampled_from([None, PUB, "2022", "1900-01-01"]),
    anchor=st.sampled_from([None, "2022-10", "2012", "2023-01-31"]),
)
def test_values_keep_the_contract(text, language, pub, anchor):
    values = extract_values(text, language, pub, anchor)
    assert [v.start for v in values] == sorted(v.start for v in values)
    for v, nxt in itertools.pairwise(values):
        assert v.end <= nxt.start  # one value per span: a year is never also a number
    for v in values:
        assert text[v.start:v.end] == v.surface and v.surface
        assert re.fullmatch(rf"(?:{_ONE[v.kind]})(?:/(?:{_ONE[v.kind]}))?", v.value), v
        if "/" in v.value and v.kind != "date":
            lo, hi = (Decimal(p.rstrip("%")) for p in v.value.split("/"))
            assert lo <= hi
        elif "/" in v.value:
            lo_s, hi_s = v.value.split("/")
            assert lo_s <= hi_s


@pytest.mark.parametrize("text, lang, expected", [
    ("وصف علاقة بلاده بإسرائيل بالجبل الجليدي الذي تختفي تسعة أعشاره تحت سطح الماء.", "ar", ["90%"]),
    ("حيث تقدر بنصف حاجات الكيان النفطية.", "ar", ["50%"]),
    ("نیمی از نفت اسرائیل از آذربایجان می‌آید", "fa", ["50%"]),
    ("about half of the oil and two thirds of the gas", "en", ["50%", "67%"]),
    ("nine tenths of it is hidden", "en", ["90%"]),
    ("ربع قرن من العلاقات", "ar", []),  # a quarter century is a span, not a share
    ("نصف ساعة", "ar", []),
])
def test_fractions_written_as_words_are_shares(text, lang, expected):
    assert [v.value for v in extract_values(text, lang) if v.kind == "percent"] == expected
    assert not [v for v in extract_values(text, lang) if v.kind == "number" and v.value in ("9", "2")]


@pytest.mark.parametrize("text, lang, expected", [
    ("توفي عام 1406م في القاهرة", "ar", [("date", "1406")]),
    ("ولي الدين الحضرمي (1332 - 1406م)، ولد في تونس", "ar", [("date", "1332/1406")]),
    ("Thomas Edison (1847-1931), inventor", "en", [("date", "1847/1931")]),
    ("in 1350 the population was about 370 million", "en", [("date", "1350"), ("number", "370000000")]),
    ("ارتفع الإنتاج إلى 1800 برميل", "ar", [("number", "1800")]),  # no year word, no era mark: a quantity
    ("1000-2000 جندي", "ar", [("number", "1000"), ("number", "2000")]),
    ("فتحت مصر سنة 358هـ", "ar", [("date", "0968/0969")]),  # a Hijri year, said to be one: converted (convertdate)
])
def test_years_before_1900_need_the_text_to_say_so(text, lang, expected):
    assert [(v.kind, v.value) for v in extract_values(text, lang)] == expected


@pytest.mark.parametrize("text, lang, value, note", [
    ("توفي عام 1406 هـ", "ar", "1985/1986", "Hijri year 1406"),  # 1 Muharram 1406 = 16 Sep 1985
    ("في العام 1406 هجري", "ar", "1985/1986", "Hijri year 1406"),  # was read as the Gregorian year 1406
    ("سال ۱۴۴۵ ه.ق", "fa", "2023/2024", "Hijri year 1445"),
    ("سال ۱۴۰۲ ه.ش", "fa", "2023", "Solar Hijri year 1402"),
    ("در ۱۴۰۲ هجری شمسی", "fa", "2023", "Solar Hijri year 1402"),
])
def test_a_calendar_the_text_names_is_converted(text, lang, value, note):
    (v,) = extract_values(text, lang)
    assert (v.kind, v.value, v.resolved_from) == ("date", value, note)
