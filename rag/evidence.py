"""Evidence: the sentences (and the values in them) that bear on a question, scored.

Scores are calibrated per document language (``rag.calibrate``), for the same reason as in
retrieval: raw cosines of one question against Persian and Arabic text sit on different baselines. A value is
scored by its sentence and by the clause that states it (embedded at index time), because one
sentence often carries several dates about different events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rag.calibrate import Calibration
from rag.index import Index, value_context
from rag.types import Evidence, Hit, Sentence, Value

SENTENCE_WEIGHT = 0.7  # relevance = w·z(sentence) + (1-w)·dense score of the best chunk holding it
VALUE_WEIGHT = 0.5  # value relevance = (1-w)·sentence relevance + w·z(clause)


@dataclass(frozen=True, eq=False)
class ScoredValue:
    value: Value
    evidence: Evidence
    score: float
    clause: np.ndarray | None = None  # vector of the clause stating the value (from the index)
    clause_span: tuple[int, int] = (0, 0)  # where that clause stands in the sentence


def candidate_sentences(index: Index, hits: list[Hit], extra: Sequence[str] = ()) -> list[tuple[Sentence, float]]:
    """Sentences of the retrieved chunks, each with the best dense score among chunks holding it,
    then ``extra`` sentence ids (named by the question's concepts) at the weakest passage's score:
    they join the comparison so every article that states the fact is weighed, whichever
    language retrieval favoured, without being ranked above what retrieval found."""
    best: dict[str, float] = {}
    order: list[str] = []
    for hit in hits:
        for sid in hit.chunk.sentence_ids:
            if sid not in best:
                order.append(sid)
                best[sid] = hit.dense
            else:
                best[sid] = max(best[sid], hit.dense)
    floor = min(best.values(), default=0.0)
    for sid in extra:
        if sid not in best:
            order.append(sid)
            best[sid] = floor
    return [(index.sentence(sid), best[sid]) for sid in order]


def score_sentences(index: Index, query_vector: np.ndarray, hits: list[Hit], extra: Sequence[str] = ()) -> list[Evidence]:
    """Every candidate sentence with its relevance, best first. Headings are not evidence."""
    candidates = [(s, d) for s, d in candidate_sentences(index, hits, extra)
                  if not index.short_sentence[index.sentence_row[s.sent_id]]]
    if not candidates:
        return []
    rows = np.array([index.sentence_row[s.sent_id] for s, _ in candidates])
    calibrate = Calibration(index.sentence_vectors, None, query_vector, rows=index.calibration_rows["sentence"])
    sims = index.sentence_vectors[rows] @ query_vector
    z = calibrate(sims, index.sentence_language[rows])
    out = [
        Evidence(sentence=s, score=round(SENTENCE_WEIGHT * float(zs) + (1 - SENTENCE_WEIGHT) * dense, 4),
                 values=index.values.get(s.sent_id, ()), similarity=round(float(sim), 4))
        for (s, dense), zs, sim in zip(candidates, z, sims)
    ]
    return sorted(out, key=lambda e: -e.score)


def score_values(index: Index, query_vector: np.ndarray, evidence: list[Evidence], kinds: set[str],
                 given: frozenset[str] = frozenset()) -> list[ScoredValue]:
    """Values of the wanted kinds in the evidence, scored by sentence and clause, best first.

    ``given`` are values the question states itself ("…the 44-day war", "…in 2016-2020"): they
    set the scene and are not the answer, so they are left out.
    """
    items = [(e, j, v) for e in evidence for j, v in enumerate(e.values) if v.kind in kinds and v.value not in given]
    if not items:
        return []
    rows = np.array([index.value_row[(e.sentence.sent_id, j)] for e, j, _ in items])
    calibrate = Calibration(index.value_vectors, None, query_vector, rows=index.calibration_rows["value"])
    z = calibrate(index.value_vectors[rows] @ query_vector, index.value_language[rows])
    scored = [ScoredValue(v, e, round((1 - VALUE_WEIGHT) * e.score + VALUE_WEIGHT * float(zv), 4),
                          index.value_vectors[row], clause_span(e.sentence.text, v, e.values))
              for (e, _, v), zv, row in zip(items, z, rows)]
    return sorted(scored, key=lambda s: -s.score)



@lru_cache(maxsize=65_536)
def clause_span(sentence: str, value: Value, others: tuple[Value, ...]) -> tuple[int, int]:
    """Offsets of the clause that states ``value`` (``rag.index.value_context``) in its sentence."""
    clause = value_context(sentence, value, others)
    start = sentence.find(clause)
    return (start, start + len(clause)) if start >= 0 else (0, len(sentence))
