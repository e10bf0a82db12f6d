"""Dates stated relative to another event: "two months after Azerbaijan opened its embassy".

Article 002 dates Herzog's visit only as "بعد شهرين من فتح أذربيجان سفارة لها في القدس" (two months
after Azerbaijan opened an embassy in Jerusalem). The anchor event is itself a fact of the corpus, so
its date is found with the same event frames that answer questions — in the same article first
("last March" there), a month-only date completed by another article that agrees with it ("March
2023"), or, failing that, the date most articles give. The shifted date joins the answer as a value
of the sentence, and its note says how it was reached.
"""

from __future__ import annotations

import re
from collections import Counter

from rag.concepts import ConceptIndex
from rag.frames import mismatch, question_frame
from rag.normalize import fold, fold_with_map
from rag.query import parse_query
from rag.types import Evidence, Value
from rag.values import count_unit, display_value, is_month_only, is_range, shift_date, values_agree

# 'بعد شهرين من فتح…', 'two months after the opening of…', 'دو ماه پس از افتتاح…' (folded text)
_RELATIVE = re.compile(
    r"(?P<dir>بعد|قبل|پس از|پيش از|قبل از)\s+(?P<count>(?:\S+\s+)?\S+?)\s+(?:من|از)\s+(?P<event>[^،,.؛;]+)"
    r"|(?P<count_en>\S+\s+(?:days?|months?|years?))\s+(?P<dir_en>after|before)\s+(?P<event_en>[^,;.]+)")


def _anchor_date(event_text: str, doc_id: str, concepts: ConceptIndex) -> tuple[str, str] | None:
    """The date of the event described by ``event_text``: (ISO prefix, doc it comes from)."""
    index = concepts.index
    frame = question_frame(parse_query(event_text), concepts.background)
    if frame.empty:
        return None
    found: list[tuple[str, str]] = []
    for sid in concepts.sentences_with(frame.objects | frame.actions):
        s = index.sentence(sid)
        values = index.values.get(sid, ())
        for v in values:
            if v.kind != "date" or is_range(v.value) or v.resolved_from:
                continue  # a dated point, stated outright
            from rag.evidence import clause_span

            clause = concepts.clause(s, v.start, v.end, clause_span(s.text, v, values), v.kind)
            if mismatch(frame, clause) is None:
                found.append((v.value, s.doc_id))
    own = [v for v, d in found if d == doc_id]
    for value in own:
        if not is_month_only(value):
            return value, doc_id
        completed = [v for v, d in found if d != doc_id and not is_month_only(v) and values_agree(v, value)]
        if completed:
            return max(completed, key=len), next(d for v, d in found if v == max(completed, key=len))
    if own:
        return None
    counts = Counter(v for v, _ in found if not is_month_only(v))
    if not counts:
        return None
    best = counts.most_common(1)[0][0]
    return best, next(d for v, d in found if v == best)


def relative_dates(evidence: Evidence, concepts: ConceptIndex) -> list[Value]:
    """Dates in the sentence stated as 'N units after/before EVENT', resolved through the corpus."""
    text = evidence.sentence.text
    if not _RELATIVE.search(fold(text)):  # most sentences: no 'N units after/before'. ``fold`` is the same
        return []  # folded text as ``fold_with_map`` in a few times less CPU, read for each evidence sentence
    folded, origin = fold_with_map(text)
    origin = [*origin, len(text)]
    out = []
    for m in _RELATIVE.finditer(folded):
        count = count_unit(m["count"] or m["count_en"] or "")
        event = (m["event"] or m["event_en"] or "").strip()
        if not count or not event:
            continue
        n, unit = count
        sign = -1 if (m["dir"] or m["dir_en"] or "") in ("قبل", "پيش از", "قبل از", "before") else 1
        start = origin[m.start()]
        event_start = origin[m.start("event") if m["event"] else m.start("event_en")]
        anchor = _anchor_date(text[event_start:origin[m.end()]], evidence.sentence.doc_id, concepts)
        if anchor is None:
            continue
        base, doc = anchor
        moved = shift_date(base, unit, sign * n)
        if moved is None:
            continue
        word = "after" if sign > 0 else "before"
        note = f"{n} {unit} {word} {display_value(base, 'date', 'en')} ({doc})"
        out.append(Value("date", moved, start, event_start, text[start:event_start].strip(), note))
    return out
