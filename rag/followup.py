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

from rag.followup_merge import detok, merge, qphrase
from rag.followup_words import (
    CONNECTORS,
    FILLER,
    FUNCTION,
    LANG_NAME,
    LANG_NOTE,
    LANGUAGES,
    PHRASE_MIN,
    PREP_CLASS,
    PRONOUNS,
    QW,
    QWORDS,
    SUFFIXES,
    TOKEN,
    TRAILING,
    content_word,
    is_word,
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
    q = qphrase(toks, lang)
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
    merged = merge(prev, toks, lang, phrases) if toks else prev
    return Standalone(detok(merged), langs or previous.languages, rewritten=True)


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
