"""Which language a text is in: the letters decide, and for Latin script a few function words.

Lives apart from the file reader so questions and articles use the same rule (read once per text).
"""

from __future__ import annotations

import re

from rag.types import Language

_PERSIAN_ONLY = re.compile(r"[پچژگکی]")
_ARABIC_ONLY = re.compile(r"[ةيكى]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_OTHER_SCRIPT = re.compile(r"[\u0370-\u03FF\u0400-\u04FF\u0590-\u05FF\u0900-\u0DFF\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]")
_WORD = re.compile(r"[a-z\u00C0-\u024F']+")
# Function words that mark a Latin-script question as another language than English. Each is
# common in its language and rarely an English word, so one is enough unless English words outnumber them.
_FOREIGN = frozenset("""
le la les des du une est sont quand pourquoi comment quel quelle quels qui où avec pour dans sur été
el los las una cuándo cuando por qué cómo dónde está fue fueron del
der die das ist wann warum wie wer welche und nicht mit
il lo gli della quando perché chi sono
o os um uma quando porque onde foi
ne zaman nasıl neden nerede hangi bir ve için mı mi
""".split())

# English function words no language of _FOREIGN writes alike ('a', 'in' and 'on' are French, Italian or German too).
_ENGLISH = frozenset("""
the of is are was were did does do when what which who whom how why where its it so that this with by from has have
had many much and to for at
""".split())

# Persian typed on an Arabic keyboard writes ي and ك: then its function words tell it from Arabic. Each
# word below is common in one language and no word of the other (written with ي ك; 'به', 'این' and 'ان'
# are left out: Arabic 'به', 'أين', 'أن' fold to them).
_PERSIAN_WORDS = frozenset("را رو است ست چه چي چند چرا كدام كدوم كجا كي از براي شد شده كرد كردند بود هست "
                           "تا تو با در كه چطور چقدر اومد اومده اومدن رفت رفته رفتن ميكنه ميكنن ميشه هستن".split())
_ARABIC_WORDS = frozenset("في على الى إلى عن متى ماذا هل كم التي الذي الذين لماذا كيف هو هي مع كان كانت "
                          "تم هذا هذه منذ أي أين".split())
_ARABIC_WORD = re.compile(r"[\u0621-\u064A\u066E-\u06D3]+")


def _word_vote(text: str) -> int:
    """Persian function words minus Arabic ones ('سفارت اسرائيل تو باكو كي باز شد' -> 3)."""
    words = _ARABIC_WORD.findall(text.replace("ی", "ي").replace("ک", "ك"))
    return sum(w in _PERSIAN_WORDS for w in words) - sum(w in _ARABIC_WORDS for w in words)


def detect_language(text: str) -> Language:
    """Script and letter shapes decide: Persian uses پ چ ژ گ ک ی, Arabic ة ي ك; where the letters say
    Arabic but Persian function words outnumber Arabic ones by two, the text is Persian typed with ي and ك.

    Example: 'کی سفارت باز شد؟' -> 'fa'; 'متى افتتحت السفارة؟' -> 'ar'; 'When?' -> 'en';
    'سفارت اسرائيل تو باكو كي باز شد' -> 'fa'.
    """
    arabic = len(_ARABIC_SCRIPT.findall(text))
    latin = len(_LATIN.findall(text))
    if arabic == 0 and latin == 0:
        return "other"
    if latin > arabic:
        return "en"
    if len(_PERSIAN_ONLY.findall(text)) > len(_ARABIC_ONLY.findall(text)):
        return "fa"
    return "fa" if _word_vote(text) >= 2 else "ar"  # one word is not enough: Arabic 'كي' (so that), 'بان كي مون'


def question_language(text: str) -> Language:
    """Like ``detect_language``, but a question in another script, or in Latin script with a
    French/Spanish/German/Italian/Portuguese/Turkish function word, is 'other' (not supported).

    Example: 'Quand l'Azerbaïdjan a-t-il ouvert son ambassade ?' -> 'other'; 'When?' -> 'en'.
    """
    if len(_OTHER_SCRIPT.findall(text)) > len(_ARABIC_SCRIPT.findall(text)) + len(_LATIN.findall(text)):
        return "other"
    language = detect_language(text)
    if language == "en":
        words = _WORD.findall(text.lower().replace("’", "'"))
        words = [w.split("'")[-1] if "'" in w and w.index("'") <= 2 else w for w in words]  # l'ambassade
        # (unless English function words outnumber them: 'um' is an English filler, 'die' an English verb)
        if sum(w in _FOREIGN for w in words) > sum(w in _ENGLISH for w in words):
            return "other"
    return language
