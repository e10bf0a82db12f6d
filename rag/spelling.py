"""Names typed in a hurry: a Latin word one edit from a name the lexicon knows is read as that name.

'when did benny ganz visit baku', 'what yr did shimon perez visit': with the name unread, the question named no person,
so every visit in the articles answered it, shown as a disagreement between other people's visits. A word is read as
a name when it is one edit (a letter added, dropped, changed, or two swapped: rapidfuzz's OSA distance) from exactly
one word of the lexicon's Latin names, is not itself part of a name or term the lexicon reads, and either is no
English word at all (Zipf below ``UNKNOWN_ZIPF``: 'herzg', 'netanyhu') or stands beside another word of the same
name ('shimon perez', 'benny ganz'). On XQuAD's 1,190 English questions the looser first version read 'Lady Gaga' as
Gaza, 'cabin' as Rabin and 'Tran' as Iran; this one reads none of them.

A word English does not use at all ('exprots', 'ofice', 'embasy'), lower case, is read as the one term of the lexicon a
letter away among English's 50,000 commonest words (``_term``): unread, 'what share of israels arms exprots' was
answered with the share of Azerbaijan's imports. (On XQuAD it corrects one question, 'parliment'; a capitalised word,
'Voes', is a name and stays.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.lexicon import load_lexicon

UNKNOWN_ZIPF = 2.0  # wordfreq: about one in 100 million English words; not fitted here
_WORD = re.compile(r"[A-Za-z]{4,}")


@lru_cache(maxsize=1)
def _names() -> dict[str, frozenset[str]]:
    """Each word (four letters or more) of the lexicon's Latin names -> the entities whose names hold it
    ('benny gantz' -> benny, gantz: {'gantz'}); common English words ('nation', 'republic') are no names."""
    from wordfreq import zipf_frequency

    from rag.query import COMMON_ZIPF

    out: dict[str, set[str]] = {}
    for concept, row in load_lexicon().entities.items():
        for form in row.get("en", []):
            for word in re.findall(r"[a-z]{4,}", str(form).lower()):
                if zipf_frequency(word, "en") < COMMON_ZIPF:
                    out.setdefault(word, set()).add(concept)
    return {w: frozenset(c) for w, c in out.items()}


def correct(text: str) -> str:
    """``text`` with each misspelt name or term replaced by the lexicon's spelling, the rest untouched.
    Example: 'when did benny ganz visit baku' -> 'when did benny gantz visit baku'."""
    from wordfreq import zipf_frequency

    if not _WORD.search(text):
        return text
    names = _names()
    words = list(re.finditer(r"[A-Za-z]+", text))
    fixes: list[tuple[re.Match, str]] = []
    for i, m in enumerate(words):
        word = m.group().lower()
        if len(word) < 4 or word in names:
            continue
        near = _one_edit(word, _name_list())
        if len(near) == 1:
            beside = {w.group().lower() for w in words[max(0, i - 1):i + 2]} - {word}
            if zipf_frequency(word, "en") < UNKNOWN_ZIPF or any(names.get(b, frozenset()) & names[near[0]] for b in beside):
                fixes.append((m, near[0]))
        elif not near:
            capital = m.group()[0].isupper() and text != text.upper()  # 'Voes' is a name, not 'goes' misspelt
            if not capital and zipf_frequency(word, "en") < UNKNOWN_ZIPF and (term := _term(word)):
                fixes.append((m, term))  # 'exprots', 'ofice': the one term of the lexicon a word away
    if not fixes:
        return text
    read = [(x.start, x.end) for x in load_lexicon().mentions(text, question=True)]  # what the lexicon reads stays
    out, last = [], 0
    for m, fixed in fixes:
        if not any(a <= m.start() < b for a, b in read):
            out += [text[last:m.start()], fixed]
            last = m.end()
    return "".join(out) + text[last:] if out else text


def _term(word: str) -> str | None:
    """The one English word a letter away from ``word`` that the lexicon reads as an event or a thing ('exprots' ->
    'exports', 'ofice' -> 'office', 'turists' -> 'tourists' beside 'jurists' and 'purists', which it does not read),
    among wordfreq's 50,000 commonest; None when there is none or more than one."""
    read = [w for w in _one_edit(word, _english()) if _reads(w)]
    return read[0] if len(read) == 1 else None


def _one_edit(word: str, candidates: list[str]) -> list[str]:
    """The ``candidates`` one edit from ``word`` (rapidfuzz's OSA distance: a letter added, dropped, changed, or two
    swapped), the word itself left out."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    return [w for w, _, _ in process.extract(word, candidates, scorer=OSA.distance, score_cutoff=1, limit=20) if w != word]


@lru_cache(maxsize=1)
def _name_list() -> list[str]:
    return sorted(_names())


@lru_cache(maxsize=1)
def _english() -> list[str]:
    from wordfreq import top_n_list

    return [w for w in top_n_list("en", 50_000) if w.isascii() and w.isalpha()]


@lru_cache(maxsize=4096)
def _reads(word: str) -> bool:
    """The lexicon reads the whole word as one of its terms (a trigger: 'exports', 'office' of 'trade office')."""
    if any(m.kind == "trigger" and m.start == 0 and m.end == len(word) for m in load_lexicon().mentions(word, question=True)):
        return True
    return any(word in str(form).lower().split() for row in load_lexicon().triggers.values() for form in row.get("en", []))
