"""From evidence to an Answer: group claims by value, compare sources, decide the status.

- A question asking for a date, number or percentage is answered by values: the best-scoring
  values (within a margin of the best) are grouped by agreement (``values_agree``: '1992' and
  '1992-04-07' agree), every retrieved sentence stating an agreeing value is cited as
  corroboration, and two or more groups backed by different documents make a conflict.
- Any other question is answered by its best sentences, quoted.
- When nothing scores above a floor measured on the gold set, the answer is "not found", with
  no citations: an unrelated sentence is never passed off as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.evidence import ScoredValue, score_sentences, score_values
from rag.index import Index
from rag.normalize import clean
from rag.question import analyze
from rag.types import Answer, Citation, Claim, Evidence, Hit, Language
from rag.values import display_value, values_agree

# Thresholds on calibrated scores (rag.calibrate), set from the gold set (see reports/eval.md).
SENTENCE_FLOOR = 2.0  # best evidence below this → not found
TEXT_FLOOR = 2.35  # a statement question needs a sentence this close to it
VALUE_FLOOR = 2.0  # a value group below this is not an answer
SUPPORT_FLOOR = 1.2  # a value this close can still corroborate a group
VALUE_MARGIN = 0.3  # groups within this of the best group are answers too
CORROBORATION = 0.25  # bonus per further document stating the same value
TEXT_MARGIN = 0.35
MAX_GROUPS = 4
MAX_CITATIONS_PER_CLAIM = 4
MAX_TEXT_CLAIMS = 2

_KINDS = {"date": {"date"}, "number": {"number", "percent"}, "percent": {"percent"}}

_PHRASES: dict[str, dict[Language, str]] = {
    "not_found": {"en": "Not found in the articles.", "ar": "لم يُعثر على إجابة في المقالات.",
                  "fa": "پاسخی در مقاله‌ها یافت نشد.", "other": "Not found in the articles."},
    "answered": {"en": "According to the articles: {items}.", "ar": "وفقًا للمقالات: {items}.",
                 "fa": "بر اساس مقاله‌ها: {items}.", "other": "According to the articles: {items}."},
    "conflict": {"en": "The sources disagree: {items}.", "ar": "المصادر مختلفة: {items}.",
                 "fa": "منابع با هم اختلاف دارند: {items}.", "other": "The sources disagree: {items}."},
    "quote": {"en": "The articles say: {items}", "ar": "تقول المقالات: {items}",
              "fa": "مقاله‌ها می‌گویند: {items}", "other": "The articles say: {items}"},
    "or": {"en": " vs ", "ar": " مقابل ", "fa": " در برابر ", "other": " vs "},
}


class _Numbering:
    """Citation numbers in order of first appearance; one sentence keeps one number."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.by_sentence: dict[str, Citation] = {}

    def cite(self, evidence: Evidence) -> Citation:
        s = evidence.sentence
        if s.sent_id not in self.by_sentence:
            doc = self.index.documents[s.doc_id]
            self.by_sentence[s.sent_id] = Citation(
                n=len(self.by_sentence) + 1, doc_id=s.doc_id, title=doc.title, quote=s.text,
                start=s.start, end=s.end, score=evidence.score)
        return self.by_sentence[s.sent_id]


def _representative(values: list[str]) -> str:
    """The most precise full value of a group ('1992-04-07' over '1992'; '2023-03' over '--03')."""
    full = [v for v in values if not v.startswith("--")] or values
    return max(full, key=len)


def _is_range(value: str) -> bool:
    return "/" in value


@dataclass
class _Group:
    members: list[ScoredValue]

    @property
    def docs(self) -> set[str]:
        return {m.evidence.sentence.doc_id for m in self.members}

    @property
    def value(self) -> str:
        return _representative([m.value.value for m in self.members])

    @property
    def score(self) -> float:
        """Best member, plus a bonus per further document stating the same value."""
        return self.members[0].score + CORROBORATION * (len(self.docs) - 1)

    def admits(self, item: ScoredValue) -> bool:
        """Same value at any precision; a range ('1990/1999') only joins ranges, so a decade
        never corroborates a precise date it merely contains."""
        return all(values_agree(item.value.value, m.value.value) and _is_range(item.value.value) == _is_range(m.value.value)
                   for m in self.members)


def _groups(scored: list[ScoredValue]) -> list[_Group]:
    groups: list[_Group] = []
    for item in scored:
        if item.score < SUPPORT_FLOOR:
            break
        home = next((g for g in groups if g.admits(item)), None)
        if home is None:
            groups.append(_Group([item]))
        else:
            home.members.append(item)
    return sorted(groups, key=lambda g: -g.score)


def _value_claims(scored: list[ScoredValue], language: Language, numbering: _Numbering) -> list[Claim]:
    groups = _groups(scored)
    if not groups or groups[0].score < VALUE_FLOOR:
        return []
    best = groups[0].score
    chosen = [g for g in groups if g.score >= max(VALUE_FLOOR, best - VALUE_MARGIN)][:MAX_GROUPS]
    claims = []
    for group in chosen:
        seen: set[str] = set()
        citations = []
        for m in group.members:
            if m.evidence.sentence.sent_id not in seen and len(citations) < MAX_CITATIONS_PER_CLAIM:
                seen.add(m.evidence.sentence.sent_id)
                citations.append(numbering.cite(m.evidence))
        kind = group.members[0].value.kind
        claims.append(Claim(value=group.value, kind=kind, display=display_value(group.value, kind, language),
                            citations=tuple(citations)))
    return claims


def _text_claims(evidence: list[Evidence], numbering: _Numbering) -> list[Claim]:
    best = evidence[0].score
    picked: list[Evidence] = []
    for e in evidence:
        if e.score < best - TEXT_MARGIN or len(picked) >= MAX_TEXT_CLAIMS:
            break
        picked.append(e)
    return [Claim(value=e.sentence.text, kind="text", display=" ".join(clean(e.sentence.text).split()),
                  citations=(numbering.cite(e),)) for e in picked]


def _disagree(a: Claim, b: Claim) -> bool:
    """Different values, each backed by a document the other claim lacks."""
    docs_a, docs_b = {c.doc_id for c in a.citations}, {c.doc_id for c in b.citations}
    return not values_agree(a.value, b.value) and bool(docs_a - docs_b) and bool(docs_b - docs_a)


def _is_conflict(claims: list[Claim]) -> bool:
    if len(claims) < 2 or claims[0].kind == "text":
        return False
    return any(_disagree(a, b) for i, a in enumerate(claims) for b in claims[i + 1:])


def _compose(status: str, claims: list[Claim], language: Language) -> str:
    if status == "not_found":
        return _PHRASES["not_found"][language]
    refs = ["".join(f"[{c.n}]" for c in claim.citations) for claim in claims]
    if claims[0].kind == "text":
        items = " ".join(f"«{claim.display}» {ref}" for claim, ref in zip(claims, refs))
        return _PHRASES["quote"][language].format(items=items)
    items = _PHRASES["or"][language].join(f"{claim.display} {ref}" for claim, ref in zip(claims, refs))
    return _PHRASES[status][language].format(items=items)


def answer_question(index: Index, question: str, query_vector: np.ndarray, hits: list[Hit]) -> Answer:
    """The whole decision: evidence → claims → answered / conflict / not found."""
    info = analyze(question)
    evidence = score_sentences(index, query_vector, hits)
    numbering = _Numbering(index)
    claims: list[Claim] = []
    if evidence and evidence[0].score >= SENTENCE_FLOOR:
        if info.asked_for in _KINDS:
            scored = score_values(index, query_vector, evidence, _KINDS[info.asked_for])
            if scored:
                claims = _value_claims(scored, info.language, numbering)
        elif evidence[0].score >= TEXT_FLOOR:
            claims = _text_claims(evidence, numbering)
    if not claims:
        status = "not_found"
    else:
        status = "conflict" if _is_conflict(claims) else "answered"
        if status == "answered" and claims[0].kind != "text":
            # Keep what agrees with the best claim (e.g. '69%' and '60%–69%'); drop unrelated values.
            claims = [c for c in claims if values_agree(c.value, claims[0].value)]
    return Answer(question=question, language=info.language, status=status,
                  answer=_compose(status, claims, info.language), claims=tuple(claims),
                  asked_for=info.asked_for, hits=tuple(hits))
