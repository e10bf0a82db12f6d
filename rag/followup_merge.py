"""Slot-by-slot merge of a follow-up into the previous standalone question (see ``rag.followup``).

Token lists in, token list out: the previous question keeps its order; the follow-up's parts replace the
slot they fill (question phrase, prepositional phrase, owner of a shared noun, first name, numbers).
"""

from __future__ import annotations

import re

from rag.followup_words import (
    FA_VERBS,
    OWN,
    PREP_CLASS,
    QTAIL,
    QW,
    WHICH,
    content_word,
    entity_word,
    has_number,
    is_word,
    number_key,
    same_word,
    word_key,
)


def name_runs(toks: list[str], lang: str, skip: set[int], phrases=frozenset()) -> list[tuple[int, int]]:
    """Maximal runs of name-like tokens: [(start, end)], end exclusive."""
    out, i = [], 0
    while i < len(toks):
        if i not in skip and entity_word(toks[i], lang):
            j = i
            while j + 1 < len(toks) and j + 1 not in skip and entity_word(toks[j + 1], lang) and (
                    lang == "en" or (word_key(toks[j]), word_key(toks[j + 1])) in phrases):  # no capitals in ar/fa
                j += 1
            out.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return out


def verb_slots(toks: list[str], lang: str) -> set[int]:
    """Positions that hold the verb, never a slot to fill: the word after the question word in Arabic
    (verb-first), the final light verb and its noun in Persian."""
    words = [i for i, t in enumerate(toks) if is_word(t)]
    out: set[int] = set()
    if lang == "ar":
        q = [i for i in words if word_key(toks[i]) in QW[lang] or word_key(toks[i]) in QTAIL]
        after = [i for i in words if i > (q[-1] if q else -1)]
        if after:
            out.add(after[0])
    elif lang == "fa" and words:
        if word_key(toks[words[-1]]) in FA_VERBS and len(words) > 1:
            out.update(words[-2:])
        else:
            out.add(words[-1])
    return out


def units(toks: list[str], prev: list[str], lang: str):
    """The follow-up's parts: ('pp', class, object), ('own', anchor, owner), ('name', tokens)."""
    words = [t for t in toks if is_word(t)]
    i, units = 0, []  # type: tuple[int, list[tuple]]
    while i < len(words):
        k = word_key(words[i])
        if k in PREP_CLASS and i + 1 < len(words):
            j = i + 1
            while j < len(words) and content_word(words[j], lang) and not any(same_word(words[j], p, lang) for p in prev):
                j += 1
            if j > i + 1:
                units.append(("pp", PREP_CLASS[k], words[i + 1:j]))
                i = j
                continue
        shared = [p for p in prev if is_word(p) and same_word(words[i], p, lang) and content_word(words[i], lang)]
        if lang == "en" and re.search(r"['’]s$", words[i]) and i + 1 < len(words) and any(
                same_word(words[i + 1], p, lang) for p in prev):
            units.append(("own", words[i + 1], [re.sub(r"['’]s$", "", words[i])]))
            i += 2
            continue
        if shared and lang != "en" and i + 1 < len(words) and content_word(words[i + 1], lang) and not same_word(
                words[i], words[i + 1], lang) and word_key(words[i + 1]) not in OWN:
            units.append(("own", words[i], [words[i + 1]]))
            i += 2
            continue
        if content_word(words[i], lang) and not shared:
            j = i
            while j + 1 < len(words) and content_word(words[j + 1], lang) and word_key(words[j + 1]) not in PREP_CLASS \
                    and not any(same_word(words[j + 1], p, lang) for p in prev):
                j += 1
            units.append(("name", words[i:j + 1]))
            i = j + 1
            continue
        i += 1
    return units


def pp_slots(toks: list[str], lang: str) -> list[tuple[str, int, int]]:
    """Prepositional phrases of the previous question: (class, object start, object end)."""
    out = []
    for i, t in enumerate(toks):
        c = PREP_CLASS.get(word_key(t))
        if c is None:
            continue
        j = i + 1
        while j < len(toks) and entity_word(toks[j], lang) and j not in verb_slots(toks, lang):
            j += 1
            if lang != "en":
                break
        if j > i + 1:
            out.append((c, i + 1, j))
    return out


def qphrase(toks: list[str], lang: str) -> tuple[int, int] | None:
    """Span of the question phrase: 'When', 'How many', 'In which city', 'في أي عام', 'در چه سالی'."""
    idx = [i for i, t in enumerate(toks) if word_key(t) in QW[lang]]
    if not idx:
        return None
    i = j = idx[0]
    j += 1
    while j < len(toks) and (word_key(toks[j]) in QTAIL or word_key(toks[j]) in QW[lang]):
        j += 1
    if j == i + 1 and word_key(toks[i]) in WHICH and j < len(toks) and content_word(toks[j], lang) \
            and not toks[j][:1].isupper():  # 'which city', not 'what Israel …'
        j += 1
    if i > 0 and word_key(toks[i - 1]) in PREP_CLASS:  # 'In which year', 'في أي عام'
        i -= 1
    return i, j


def align_numbers(out: list[str], follow: list[str], lang: str) -> list[str]:
    """The follow-up's numbers replace the previous question's, in order ('between 2011 and 2016' ->
    'between 2016 and 2020' when the follow-up gives two); returns the follow-up without them."""
    fnums = [n for t in follow if (n := number_key(t))]
    pidx = [i for i, t in enumerate(out) if number_key(t)]
    pnums = [number_key(out[i]) for i in pidx]
    if fnums and pidx:
        if len(fnums) != len(pidx):
            pidx = [i for i, n in zip(pidx, pnums) if n not in fnums]
            fnums = [n for n in fnums if n not in pnums]
        for i, n in zip(pidx, fnums):
            out[i] = out[i][: len(out[i]) - len(number_key(out[i]) or "")] + n  # keeps an attached 'و'
        return [t for t in follow if not number_key(t)]
    return follow


def apply_owner(out: list[str], anchor: str, owner: list[str], lang: str, verbs: set[int], phrases) -> bool:
    """'Israel's embassy' into '… open its embassy …': the owner replaces the noun's explicit owner, or the
    subject when the old owner was a pronoun. False when the shared word is not a noun of ``out``."""
    at = next((i for i, t in enumerate(out) if is_word(t) and same_word(anchor, t, lang)), None)
    if at is None or at in verbs:
        return False
    if lang == "en":
        explicit = at > 0 and bool(re.search(r"['’]s$", out[at - 1]))
    else:
        explicit = at + 1 < len(out) and entity_word(out[at + 1], lang) and at + 1 not in verbs and word_key(out[at + 1]) not in OWN
    if explicit:
        k = at - 1 if lang == "en" else at + 1
        out[k] = owner[0] + ("'s" if lang == "en" else "")
        return True
    runs = [r for r in name_runs(out, lang, verbs | {at}, phrases) if r[1] <= at or lang == "ar"]
    if runs:
        a, b = runs[0]
        out[a:b] = owner
    return True


def merge(prev: list[str], follow: list[str], lang: str, phrases=frozenset()) -> list[str]:
    out = list(prev)
    fq = qphrase(follow, lang)
    if fq:
        pq = qphrase(out, lang)
        new_q = follow[fq[0]:fq[1]]
        if pq and [word_key(t) for t in out[pq[0]:pq[1]]] != [word_key(t) for t in new_q]:
            out[pq[0]:pq[1]] = new_q
    own_verbs = verb_slots(follow, lang) if fq else set()  # 'انجام شد' in 'این دیدار در چه سالی انجام شد'
    rest = [t for i, t in enumerate(follow) if not (fq and fq[0] <= i < fq[1]) and i not in own_verbs
            and word_key(t) not in QW[lang] and word_key(t) not in QTAIL]
    rest = align_numbers(out, rest, lang)
    for unit in units(rest, out, lang):
        verbs = verb_slots(out, lang)
        if unit[0] == "pp":
            _, cls, obj = unit
            slots = [s for s in pp_slots(out, lang) if has_number(out[s[1]:s[2]]) == has_number(obj)]
            same = [s for s in slots if s[0] == cls] or slots
            prep = next(w for w in follow if PREP_CLASS.get(word_key(w)) == cls)
            if same:
                _, a, b = same[-1]
                out[a - 1:b] = [prep if same[-1][0] == cls else out[a - 1], *obj]
            else:
                end = len(out) - 1 if out and not is_word(out[-1]) else len(out)
                if lang == "fa":  # Persian puts the phrase before its verb
                    end = min(verbs) if verbs else end
                out[end:end] = [prep, *obj]
        if unit[0] == "own" and apply_owner(out, unit[1], unit[2], lang, verbs, phrases):
            continue
        if unit[0] in ("own", "name"):  # 'زارها نتنياهو': a verb with its subject is a name, not an owner
            name = unit[-1]
            runs = [r for r in name_runs(out, lang, verbs, phrases) if has_number(out[r[0]:r[1]]) == has_number(name)]
            if runs:
                a, b = runs[0]
                out[a:b] = name
    return out


def detok(toks: list[str]) -> str:
    text = " ".join(toks)
    return re.sub(r"\s+([?؟!.,،:;)])", r"\1", re.sub(r"([(])\s+", r"\1", text)).strip()
