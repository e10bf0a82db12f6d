"""Follow-up questions made standalone, with no model: "And Israel's embassy in Baku?" after
"When did Azerbaijan open its embassy in Israel?" -> "When did Israel open its embassy in Baku?".

A question leans on the conversation when it starts with a connector (and, what about, و, ماذا عن,
چطور…), has no question word, or refers back with a pronoun (that, it, ذلك, آن, a suffix like زارها).
It is then merged into the previous standalone question, which keeps its frame (question word, verb,
word order) and takes the follow-up's new parts slot by slot:

- a prepositional phrase ("in Baku", "في باكو", "در باکو") replaces the previous one with the same
  preposition and the same kind of object (a year stays a year);
- a possessor of a noun both share ("Israel's embassy", "سفارة إسرائيل", "سفارت اسرائیل") becomes the owner
  of that noun: it replaces the explicit owner, or the subject when the old owner was a pronoun ("its");
- a new question word ("When was that?") replaces the old one; a bare name replaces the first name;
- a language ("the Persian article") becomes a filter on the articles searched.

A question that stands on its own is left alone. Pure functions over tokens; nothing is learnt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.followup_words import (
    CONNECTORS,
    FA_VERBS,
    FILLER,
    FUNCTION,
    LANG_NAME,
    LANG_NOTE,
    LANGUAGES,
    OWN,
    PHRASE_MIN,
    PREP_CLASS,
    PRONOUNS,
    QTAIL,
    QW,
    QWORDS,
    SUFFIXES,
    TOKEN,
    TRAILING,
    WHICH,
    content_word,
    entity_word,
    has_number,
    is_word,
    number_key,
    same_word,
    tokens,
    word_key,
)
from rag.ingest import detect_language


@dataclass(frozen=True)
class Standalone:
    """A question ready to answer on its own, and the article filter the conversation set."""

    question: str
    languages: tuple[str, ...] = ()
    rewritten: bool = False  # True when the conversation changed the question or its filter

    def shown(self) -> str:
        """Example: 'How many Jews live in Azerbaijan? (only Persian articles)'."""
        if not self.languages:
            return self.question
        lang = detect_language(self.question)
        lang = lang if lang in LANG_NOTE else "en"
        names = ", ".join(LANG_NAME[lang].get(x, x) for x in self.languages)
        return f"{self.question} ({LANG_NOTE[lang].format(names)})"


def _strip_connector(toks: list[str], previous: list[str], lang: str) -> tuple[list[str], bool]:
    keys = [word_key(t) for t in toks]
    for conn in CONNECTORS:
        if tuple(keys[: len(conn)]) == conn and len(toks) > len(conn):
            return toks[len(conn):], True
    if lang == "fa" and len(keys) > 1 and keys[-1] in TRAILING:  # 'در مقاله فارسی چطور؟' = what about …
        return toks[:-1], True
    first = keys[0] if keys else ""
    if lang in ("ar", "fa") and first.startswith("و") and len(first) > 2:  # 'وسفارة' / 'ومتى'
        rest = first[1:]
        if rest in QW[lang] or rest in PREP_CLASS or any(same_word(rest, p, lang) for p in previous if is_word(p)):
            return [toks[0][1:], *toks[1:]], True
    return toks, False


def _has_pronoun(toks: list[str], previous: list[str], lang: str) -> bool:
    for t in toks:
        k = word_key(t)
        if k in PRONOUNS:
            return True
        for suffix in SUFFIXES.get(lang, ()):  # 'زارها' when the previous question says 'زار'
            if k.endswith(suffix) and any(word_key(p) == k[: -len(suffix)] for p in previous):
                return True
    return False


def leans_on_history(question: str, previous: str | None) -> bool:
    """Example: 'And Israel's embassy in Baku?' -> True; 'How many Jews live in Azerbaijan?' -> False."""
    if not previous:
        return False
    lang = detect_language(question)
    toks, prev = [t for t in tokens(question) if is_word(t)], tokens(previous)
    if not toks:
        return False
    toks, connector = _strip_connector(toks, prev, lang)
    has_q = any(word_key(t) in QW[lang] for t in toks)
    q = _qphrase(toks, lang)
    bare = not any(content_word(t, lang) for i, t in enumerate(toks) if not (q and q[0] <= i < q[1]))  # 'In which city?'
    return connector or not has_q or bare or _has_pronoun(toks, prev, lang)


def name_phrases(texts) -> frozenset[tuple[str, str]]:
    """Word pairs that recur in the articles ('شيمون بيريز', 'تل أبيب'): with no capitals in Arabic and
    Persian, this is how a two-word name is kept whole when a follow-up replaces it."""
    from collections import Counter

    counts: Counter = Counter()
    for text in texts:
        words = [word_key(t) for t in TOKEN.findall(text)]
        counts.update(zip(words, words[1:]))
    return frozenset(pair for pair, n in counts.items() if n >= PHRASE_MIN and all(
        re.match(r"\w", w) and w not in FUNCTION and w not in QWORDS for w in pair))


def _runs(toks: list[str], lang: str, skip: set[int], phrases=frozenset()) -> list[tuple[int, int]]:
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


def _verb_slots(toks: list[str], lang: str) -> set[int]:
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


def _units(toks: list[str], prev: list[str], lang: str):
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


def _pp_slots(toks: list[str], lang: str) -> list[tuple[str, int, int]]:
    """Prepositional phrases of the previous question: (class, object start, object end)."""
    out = []
    for i, t in enumerate(toks):
        c = PREP_CLASS.get(word_key(t))
        if c is None:
            continue
        j = i + 1
        while j < len(toks) and entity_word(toks[j], lang) and j not in _verb_slots(toks, lang):
            j += 1
            if lang != "en":
                break
        if j > i + 1:
            out.append((c, i + 1, j))
    return out


def _qphrase(toks: list[str], lang: str) -> tuple[int, int] | None:
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


def _align_numbers(out: list[str], follow: list[str], lang: str) -> list[str]:
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


def _apply_owner(out: list[str], anchor: str, owner: list[str], lang: str, verbs: set[int], phrases) -> bool:
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
    runs = [r for r in _runs(out, lang, verbs | {at}, phrases) if r[1] <= at or lang == "ar"]
    if runs:
        a, b = runs[0]
        out[a:b] = owner
    return True


def _merge(prev: list[str], follow: list[str], lang: str, phrases=frozenset()) -> list[str]:
    out = list(prev)
    fq = _qphrase(follow, lang)
    if fq:
        pq = _qphrase(out, lang)
        new_q = follow[fq[0]:fq[1]]
        if pq and [word_key(t) for t in out[pq[0]:pq[1]]] != [word_key(t) for t in new_q]:
            out[pq[0]:pq[1]] = new_q
    own_verbs = _verb_slots(follow, lang) if fq else set()  # 'انجام شد' in 'این دیدار در چه سالی انجام شد'
    rest = [t for i, t in enumerate(follow) if not (fq and fq[0] <= i < fq[1]) and i not in own_verbs
            and word_key(t) not in QW[lang] and word_key(t) not in QTAIL]
    rest = _align_numbers(out, rest, lang)
    for unit in _units(rest, out, lang):
        verbs = _verb_slots(out, lang)
        if unit[0] == "pp":
            _, cls, obj = unit
            slots = [s for s in _pp_slots(out, lang) if has_number(out[s[1]:s[2]]) == has_number(obj)]
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
        if unit[0] == "own" and _apply_owner(out, unit[1], unit[2], lang, verbs, phrases):
            continue
        if unit[0] in ("own", "name"):  # 'زارها نتنياهو': a verb with its subject is a name, not an owner
            name = unit[-1]
            runs = [r for r in _runs(out, lang, verbs, phrases) if has_number(out[r[0]:r[1]]) == has_number(name)]
            if runs:
                a, b = runs[0]
                out[a:b] = name
    return out


def _detok(toks: list[str]) -> str:
    text = " ".join(toks)
    return re.sub(r"\s+([?؟!.,،:;)])", r"\1", re.sub(r"([(])\s+", r"\1", text)).strip()


def _language_filter(toks: list[str]) -> tuple[list[str], tuple[str, ...]]:
    langs = tuple(dict.fromkeys(LANGUAGES[word_key(t)] for t in toks if word_key(t) in LANGUAGES))
    if not langs:
        return toks, ()
    rest = [t for t in toks if is_word(t) and word_key(t) not in LANGUAGES and word_key(t) not in FILLER]
    return (toks if rest else []), langs


def rewrite(question: str, previous: Standalone | None, phrases=frozenset()) -> Standalone:
    """The standalone form of ``question`` given the previous standalone question (None = first turn).

    Example: ('What about the Persian article?', 'How many Jews live in Azerbaijan?')
             -> Standalone('How many Jews live in Azerbaijan?', languages=('fa',), rewritten=True).
    """
    question = question.strip()
    if previous is None or not leans_on_history(question, previous.question):
        return Standalone(question)
    lang = detect_language(question)
    lang = lang if lang in ("ar", "fa") else "en"
    prev = tokens(previous.question)
    toks, _ = _strip_connector([t for t in tokens(question) if is_word(t)], prev, lang)
    toks, langs = _language_filter(toks)
    merged = _merge(prev, toks, lang, phrases) if toks else prev
    return Standalone(_detok(merged), langs or previous.languages, rewritten=True)


def contextualize(question: str, history: list[tuple[str, str]] | None, phrases=frozenset()) -> Standalone:
    """Fold the user's earlier turns into standalone questions, then rewrite ``question`` against the last.

    ``history``: (role, content) pairs, oldest first; only the user's turns carry questions.
    ``phrases``: ``name_phrases(article texts)``, so two-word names are replaced whole.
    """
    return rewrite(question, previous_standalone(history, phrases), phrases)


def previous_standalone(history: list[tuple[str, str]] | None, phrases=frozenset()) -> Standalone | None:
    """The standalone form of the user's last question in ``history`` (None when there is none)."""
    previous: Standalone | None = None
    for role, content in history or []:
        if role == "user" and content.strip():
            previous = rewrite(content, previous, phrases)
    return previous


def new_terms(question: str, previous: str) -> list[str]:
    """The follow-up's own content words, which any rewrite must keep.

    Example: ("And Israel's embassy in Baku?", "When did Azerbaijan open its embassy in Israel?") -> ['Baku'].
    """
    lang = detect_language(question)
    lang = lang if lang in ("ar", "fa") else "en"
    prev = tokens(previous)
    toks, _ = _strip_connector([t for t in tokens(question) if is_word(t)], prev, lang)
    return [re.sub(r"['’]s$", "", t) for t in toks if content_word(t, lang) and word_key(t) not in LANGUAGES
            and word_key(t) not in FILLER and not any(same_word(t, p, lang) for p in prev if is_word(p))]


def mentions(text: str, term: str) -> bool:
    """Whether ``text`` contains ``term`` up to articles, suffixes and letter variants."""
    lang = detect_language(term)
    lang = lang if lang in ("ar", "fa") else "en"
    words = [t for t in tokens(text) if is_word(t)]
    words += [t[1:] for t in words if t.startswith("و") and len(t) > 2]  # 'و2020', 'وإسرائيل'
    return any(same_word(term, t, lang) for t in words)


def consistent(proposed: str, standalone: str, question: str, previous: str) -> bool:
    """Whether a model's rewrite may replace the deterministic one: it asks something (a question word), keeps
    every new word of the follow-up, and at least half of the deterministic rewrite's content words.

    Example: ('When did Israel open an embassy in Baku?', 'When did Israel open its embassy in Baku?', …) -> True;
             ('no quotes', …) -> False.
    """
    lang = detect_language(proposed)
    lang = lang if lang in ("ar", "fa") else "en"
    words = [t for t in tokens(proposed) if is_word(t)]
    if not any(word_key(t) in QW[lang] for t in words):
        return False
    if not all(mentions(proposed, t) for t in new_terms(question, previous)):
        return False
    slang = detect_language(standalone)
    slang = slang if slang in ("ar", "fa") else "en"
    content = [t for t in tokens(standalone) if content_word(t, slang)]
    return not content or sum(mentions(proposed, t) for t in content) >= len(content) / 2
