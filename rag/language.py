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
# common in its language and never an English word, so one is enough.
_FOREIGN = frozenset("""
le la les des du une est sont quand pourquoi comment quel quelle quels qui où avec pour dans sur été
el los las una cuándo cuando por qué cómo dónde está fue fueron del
der die das ist wann warum wie wer welche und nicht mit
il lo gli della quando perché chi sono
o os um uma quando porque onde foi
ne zaman nasıl neden nerede hangi bir ve için mı mi
""".split())


def detect_language(text: str) -> Language:
    """Script and letter shapes decide: Persian uses پ چ ژ گ ک ی, Arabic ة ي ك.

    Example: 'کی سفارت باز شد؟' -> 'fa'; 'متى افتتحت السفارة؟' -> 'ar'; 'When?' -> 'en'.
    """
    arabic = len(_ARABIC_SCRIPT.findall(text))
    latin = len(_LATIN.findall(text))
    if arabic == 0 and latin == 0:
        return "other"
    if latin > arabic:
        return "en"
    return "fa" if len(_PERSIAN_ONLY.findall(text)) > len(_ARABIC_ONLY.findall(text)) else "ar"


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
        if any(w in _FOREIGN for w in words):
            return "other"
    return language
