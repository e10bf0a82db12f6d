"""Words and tokens for follow-up rewriting (``rag.followup``): per-language lists and token comparisons.

Lists are folded (``rag.normalize.fold``) once here, so every comparison is up to letter variants.
"""

from __future__ import annotations

import re

from rag.ingest import detect_language
from rag.normalize import fold


def words(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Leading connectors, longest first (folded, space-separated tokens).
CONNECTORS = sorted((tuple(fold(c).split()) for c in [
    "and what about", "what about", "how about", "and how about", "and", "also", "and also", "then", "so",
    "but", "and for", "as for", "وماذا عن", "ماذا عن", "و ماذا عن", "و", "وكذلك", "كذلك", "وأيضا", "أيضا",
    "وبالنسبة", "بالنسبة", "چطور", "و چطور", "درباره", "در مورد", "همچنین", "و همچنین", "پس", "اما",
]), key=len, reverse=True)
TRAILING = words("چطور چی")
QW = {"en": words("when what which who whom whose where why how"),
       "ar": words("متى ما ماذا كم أين لماذا كيف هل أي بماذا"),
       "fa": words("چه کی کدام چند چرا کجا چطور چگونه آیا چقدر")}  # per language: Arabic أين folds like Persian این
QWORDS = QW["en"] | QW["ar"] | QW["fa"]
QTAIL = words("year years date month day time many much percentage percent share number long far "
            "عام سنة شهر تاريخ يوم نسبة عدد حصة سالی سال زمانی تاریخی ماهی روزی درصد سهمی بازه‌ای وقتی")
AUX = words("did does do was were is are has have had will can could")
PRONOUNS = words("that it this those these there then they them he she him her ذلك هذا هذه تلك هناك هو هي هم ذاك "
               "آن این اون آنجا اونجا او آنها")
SUFFIXES = {"ar": ("ها", "هم", "ه"), "fa": ("اش", "ش"), "en": ()}
OWN = words("خود خودش")
# Prepositions, grouped where they fill the same slot ("لدى إسرائيل" ~ "في باكو").
PREP_CLASS = {fold(w): c for c, words in {
    "in": "in at within في لدى ب در داخل", "to": "to into إلى الى به", "from": "from من از",
    "with": "with مع با", "during": "during خلال طی", "between": "between بين میان بین", "for": "for ل برای",
    "about": "about on عن درباره", "by": "by"}.items() for w in words.split()}
FUNCTION = words("the a an of its their his her 's to را که از این آن و the ال") | AUX | frozenset(PREP_CLASS)
FA_VERBS = words("کرد کردند شد شدند است بود بودند کرده شده داد دادند رفت رفتند کند شود دارد دارند")
LANGUAGES = {fold(w): lang for lang, words in {
    "fa": "persian farsi iranian الفارسي الفارسية بالفارسية الفارسيه فارسي فارسی", "ar": "arabic العربي العربية بالعربية عربي عربی",
    "en": "english الانجليزي الإنجليزية انگلیسی"}.items() for w in words.split()}
FILLER = words("the article articles source sources text texts version press one ones only in المقال المقالة المقالات "
             "المصدر المصادر النص مقاله مقاله‌های مقاله‌ها منبع منابع متن نسخه فقط در في")
PHRASE_MIN = 2  # a pair seen twice in five articles is a name or a fixed term, not chance
TOKEN = re.compile(r"[\w\u200c-]+(?:['’]s)?|[^\w\s]")
LANG_NOTE = {"en": "only {} articles", "ar": "المقالات {} فقط", "fa": "فقط مقاله‌های {}"}
LANG_NAME = {"en": {"ar": "Arabic", "fa": "Persian", "en": "English"},
              "ar": {"ar": "العربية", "fa": "الفارسية", "en": "الإنجليزية"},
              "fa": {"ar": "عربی", "fa": "فارسی", "en": "انگلیسی"}}
WHICH = words("which what أي اي کدام چه")


def tokens(text: str) -> list[str]:
    """Example: "And Israel's embassy?" -> ['And', "Israel's", 'embassy', '?']."""
    return TOKEN.findall(text)


def word_key(tok: str) -> str:
    return re.sub(r"['’]s$", "", fold(tok)).replace("\u200c", "")


def bare_word(tok: str, lang: str) -> str:
    """A token without the article ال, a leading و, or a pronoun suffix: 'سفارتها' -> 'سفارت'."""
    k = word_key(tok)
    if lang == "ar":
        k = re.sub(r"^(?:و|ف)?(?:ال|لل)(?=..)", "", k)
    for suffix in SUFFIXES.get(lang, ()):
        if k.endswith(suffix) and len(k) - len(suffix) >= 3:
            k = k[: -len(suffix)]
            break
    return k.rstrip("ته") if lang in ("ar", "fa") and len(k) > 4 else k


def same_word(a: str, b: str, lang: str) -> bool:
    """Same word up to the article, a pronoun suffix or ة/ت: 'سفارتها' ~ 'السفارة', "Israel's" ~ 'Israel'."""
    x, y = bare_word(a, lang), bare_word(b, lang)
    return bool(x) and (x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))))


def is_word(tok: str) -> bool:
    return bool(re.match(r"[\w\u200c]", tok))


def content_word(tok: str, lang: str) -> bool:
    k = word_key(tok)
    return (is_word(tok) and k not in FUNCTION and k not in QW[lang] and k not in PRONOUNS
            and k not in QTAIL and not (lang == "fa" and k in FA_VERBS))


def entity_word(tok: str, lang: str) -> bool:
    """A name-like token: capitalised or a number in English; any content word in Arabic/Persian."""
    if not content_word(tok, lang):
        return False
    return tok[:1].isupper() or tok[:1].isdigit() if lang == "en" else True


def has_number(toks: list[str]) -> bool:
    return any(t[:1].isdigit() for t in toks)


def number_key(tok: str) -> str | None:
    """Example: 'و2016' -> '2016'; '2016-2020' -> '2016-2020'; 'Baku' -> None."""
    m = re.fullmatch(r"(?:و)?(\d[\d\-/.,]*)", fold(tok))
    return m.group(1) if m else None


def lang_of(text: str) -> str:
    """'ar' or 'fa' for those scripts, else 'en' (the rules' default)."""
    lang = detect_language(text)
    return lang if lang in ("ar", "fa") else "en"
