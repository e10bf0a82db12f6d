"""The world's states by name in English, Arabic and Persian, from CLDR (through Babel).

The gazetteer in ``data/lexicon.yaml`` knows the states the articles name. A question may name any other
('When did France open its embassy in Israel?'); unknown, that name was no name to check, and the articles'
Azerbaijani embassy answered for France's. A question naming a state that no article names is not about the
articles. (These names stay out of the lexicon itself: CLDR has no adjectives, 'السعودية' for 'المملكة العربية
السعودية', so a state the articles do name is still read by the curated rows, or not at all.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.normalize import fold

# Left out: ISO 3166's exceptionally reserved codes (the Canary Islands, Ceuta and Melilla, Ascension, Diego
# Garcia, Tristan da Cunha, Clipperton), CLDR's groupings (EU, UN, the eurozone), pseudo-regions and the
# user-assigned XK (Kosovo: not measured, left for a curated row); and Palestine, which the gazetteer knows by
# its own forms.
_SKIP = {"AC", "CP", "DG", "EA", "IC", "TA", "EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ", "PS"}
# English names that are common words or first names first ('a jersey', 'Chad said'). (A state's name that is
# also a person's, 'Jordan', costs nothing: an article naming the person names the word.)
_AMBIGUOUS = {"chad", "jersey", "guernsey"}
_MIN_LETTERS = 5  # 'مالي' is also 'financial', 'عمان' also Amman: shorter Arabic-script names are left out
_CLITICS = r"(?:و|ف)?(?:ب|ل|ك)?"


@lru_cache(maxsize=1)
def _states() -> dict[str, frozenset[str]]:
    """concept -> folded names, for the states the lexicon does not know."""
    from babel import Locale

    from rag.lexicon import load_lexicon

    lexicon = load_lexicon()
    curated = {fold(str(f)) for table in (lexicon.entities, lexicon.triggers) for row in table.values()
               for lang in ("en", "ar", "fa") for f in row.get(lang, [])}
    en, ar, fa = Locale("en"), Locale("ar"), Locale("fa")
    states: dict[str, frozenset[str]] = {}
    for code, name in en.territories.items():
        if len(code) != 2 or not code.isalpha() or code in _SKIP:
            continue
        english = fold(re.sub(r"\s*\(.*\)", "", name).replace("&", "and").strip()).lower()
        forms = {english} - _AMBIGUOUS
        forms |= {f for f in (fold(ar.territories.get(code, "")), fold(fa.territories.get(code, "")))
                  if len(f.replace(" ", "")) >= _MIN_LETTERS}
        if forms and not forms & curated:
            states[re.sub(r"[^a-z0-9]+", "_", english).strip("_")] = frozenset(forms)
    return states


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern, dict[str, str]]:
    owner = {form: concept for concept, forms in _states().items() for form in forms}
    alternation = "|".join(re.escape(f) for f in sorted(owner, key=len, reverse=True))
    return re.compile(rf"(?<!\w){_CLITICS}({alternation})(?!\w)"), owner


def states_named(text: str) -> frozenset[str]:
    """The states ``text`` names that the lexicon does not know. Example: 'متى افتتحت فرنسا سفارتها؟' -> {'france'}."""
    pattern, owner = _pattern()
    return frozenset(owner[m.group(1)] for m in pattern.finditer(fold(text).lower()))
