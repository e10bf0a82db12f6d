"""Checks a model-written answer against the quotes it was given; code, not the model, decides.

A generated answer is shown only if every rule holds, else the extractive answer is shown with a note:

- it cites, and every ``[n]`` is a quote that was given;
- every date and number in a passage is stated (normalized, ``rag.values.values_agree``) by a quote
  that passage cites, by the claim those quotes support, or by the question itself;
- a disagreement found by the extractive step stays visible: every side's value (or, for statements,
  one of its citations) appears;
- the extractive answer's value is not dropped; the text is in the question's language;
- no links, images or markup (the quotes are article text, and an article may try to smuggle them in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rag.ingest import detect_language
from rag.normalize import clean
from rag.types import Answer, Citation
from rag.values import extract_values, values_agree

MAX_CHARS = 2000
_MARKERS = re.compile(r"(?:\[\s*\d+\s*\]\s*)+")
_NUMBER = re.compile(r"\d+")
_MARKUP = re.compile(r"!\[|\]\(|https?://|\bwww\.|<\s*/?\s*[a-zA-Z!]|\bdata:[a-z]+/", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str | None = None  # why it was rejected, in a few words (counted by reason)


def quotes_of(answer: Answer) -> dict[int, Citation]:
    """The numbered quotes an answer rests on, one per number."""
    out: dict[int, Citation] = {}
    for claim in answer.claims:
        for cit in claim.citations:
            out.setdefault(cit.n, cit)
    return dict(sorted(out.items()))


@cache
def _values(text: str) -> tuple[str, ...]:
    return tuple(v.value for v in extract_values(text, detect_language(text)))


def cited_passages(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Split generated text at its citation markers: each passage with the numbers that follow it.

    Example: 'In 1993 [2]. Or 1992 [1][3].' -> [('In 1993 ', (2,)), ('. Or 1992 ', (1, 3)), ('.', ())].
    """
    out, at = [], 0
    for m in _MARKERS.finditer(text):
        out.append((text[at:m.start()], tuple(int(n) for n in _NUMBER.findall(m.group()))))
        at = m.end()
    out.append((text[at:], ()))
    return out


def verify(text: str, answer: Answer) -> Verdict:
    """Whether a generated ``text`` may replace the extractive ``answer`` (see the module docstring)."""
    text = clean(text or "")  # Arabic-Indic digits and hidden characters normalized before any check
    if not text:
        return Verdict(False, "empty reply")
    if len(text) > MAX_CHARS:
        return Verdict(False, "reply too long")
    if _MARKUP.search(text):
        return Verdict(False, "link, image or markup in the reply")
    quotes = quotes_of(answer)
    passages = cited_passages(text)
    cited = {n for _, ns in passages for n in ns}
    if not cited:
        return Verdict(False, "no citation")
    if cited - set(quotes):
        return Verdict(False, f"cites a quote that was not given: {sorted(cited - set(quotes))}")
    question_values = _values(clean(answer.question))
    claim_values = {n: [c.value for c in answer.claims if c.kind != "text" and any(x.n == n for x in c.citations)]
                    for n in quotes}
    for passage, ns in passages:
        for value in _values(passage):
            allowed = [*question_values, *(v for n in ns for v in (*_values(clean(quotes[n].quote)), *claim_values[n]))]
            if not any(values_agree(value, a) for a in allowed):
                return Verdict(False, f"states {value}, which the cited quotes do not")
    stated = _values(_MARKERS.sub(" ", text))
    for claim in answer.claims if answer.status == "conflict" else answer.claims[:1]:
        if claim.kind == "text":
            if answer.status == "conflict" and not cited & {c.n for c in claim.citations}:
                return Verdict(False, "hides one side of the disagreement")
        elif not any(values_agree(v, claim.value) for v in stated):
            return Verdict(False, "hides one side of the disagreement" if answer.status == "conflict"
                           else "drops the answer's value")
    lang = detect_language(_MARKERS.sub(" ", text))
    if (answer.language == "en") != (lang in ("en", "other")):
        return Verdict(False, "not in the question's language")
    return Verdict(True)


def check_translation(original: str, translation: str) -> Verdict:
    """A machine translation is shown only if it is English prose with the original's dates and numbers:
    none added, none dropped (normalized), and no links, images or markup."""
    text = clean(translation or "")
    if not text or len(text) > MAX_CHARS:
        return Verdict(False, "empty or overlong translation")
    if _MARKUP.search(text):
        return Verdict(False, "link, image or markup in the translation")
    if detect_language(text) != "en":
        return Verdict(False, "translation not in English")
    source, target = _values(clean(original)), _values(text)
    if any(not any(values_agree(t, s) for s in source) for t in target):
        return Verdict(False, "translation states a value the quote does not")
    if any(not any(values_agree(s, t) for t in target) for s in source):
        return Verdict(False, "translation drops a value of the quote")
    return Verdict(True)
