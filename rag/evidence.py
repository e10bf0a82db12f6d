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
from rag.index_bm25 import term_idf
from rag.translate import english_words
from rag.types import Evidence, Hit, Sentence, Value

SENTENCE_WEIGHT = 0.7  # relevance = w·z(sentence) + (1-w)·dense score of the best chunk holding it
VALUE_WEIGHT = 0.5  # value relevance = (1-w)·sentence relevance + w·z(clause)
# sentence ranking = relevance + w·(its share of the question's words - the candidates' mean share), ``word_share``
WORD_WEIGHT = 0.5


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


def score_sentences(index: Index, query_vector: np.ndarray, hits: list[Hit], extra: Sequence[str] = (),
                    question: str | None = None) -> list[Evidence]:
    """Every candidate sentence with its relevance, best first. Headings are not evidence. With the ``question``'s
    text, a sentence holding more of its words than the other candidates ranks higher (``word_share``)."""
    candidates = [(s, d) for s, d in candidate_sentences(index, hits, extra)
                  if not index.short_sentence[index.sentence_row[s.sent_id]]]
    if not candidates:
        return []
    rows = np.array([index.sentence_row[s.sent_id] for s, _ in candidates])
    calibrate = Calibration(index.sentence_vectors, None, query_vector, rows=index.calibration_rows["sentence"])
    sims = index.sentence_vectors[rows] @ query_vector
    z = calibrate(sims, index.sentence_language[rows])
    words = np.zeros(len(candidates))
    if question and WORD_WEIGHT:
        share = word_share(index, question, [s for s, _ in candidates])
        words = WORD_WEIGHT * (share - share.mean())
    out = []
    for (s, dense), zs, sim, w in zip(candidates, z, sims, words):
        plain = round(SENTENCE_WEIGHT * float(zs) + (1 - SENTENCE_WEIGHT) * dense, 4)  # the score without the question's words
        score = round(plain + float(w), 4)
        out.append(Evidence(sentence=s, score=score, values=index.values.get(s.sent_id, ()),
                            similarity=round(float(sim), 4), words=score - plain))  # so that ``plain`` is exactly it
    return sorted(out, key=lambda e: -e.score)


def word_share(index: Index, question: str, sentences: Sequence[Sentence]) -> np.ndarray:
    """Per sentence, the share of the question's words it holds, each word weighted by its IDF over the chunks.

    The 4-bit sentence vectors blur which of a passage's sentences states the asked fact; its words do not. An
    English word counts where the sentence holds its own token or one that stands for it in Arabic script
    (``rag.translate.WordMap.word_groups``: the dictionary's translations or the nearest corpus words). Added to a
    sentence's score centred on the candidates' mean, for ranking the sentences a text answer quotes; kept apart
    (``Evidence.words``) from the score that says whether anything answers at all and from the scores of values,
    whose floors judge meaning: a sentence sharing a name with the question is no answer by that alone (added
    everywhere, ARCD questions whose article is not indexed were answered 12 more times in 300).

    Sentence holding the answer ranked first, XQuAD, weight fitted on the even-numbered articles
    (``reports/xquad.md``): en->ar 0.551 -> 0.570 (odd articles, held out: 0.628 -> 0.656), ar->ar 0.657 -> 0.678
    (0.709 -> 0.730); a weight of 1.5 did better there but worse on the fitted gold questions (+6 -9).
    Example: 'When did Azerbaijan open its embassy?' over [the embassy sentence, a sentence naming only
    Azerbaijan] -> [0.94, 0.18]."""
    from rag.normalize import tokenize_query

    word_map = getattr(index, "word_map", None)
    if word_map is not None and english_words(question):
        groups = word_map.word_groups(question)
    else:
        groups = [frozenset({t}) for t in dict.fromkeys(tokenize_query(question))]
    weights = [max((_idf(index, t) for t in g), default=0.0) for g in groups]
    total = sum(weights)
    out = np.zeros(len(sentences))
    if not total:
        return out
    for i, sentence in enumerate(sentences):
        held = _sentence_tokens(sentence.text)
        out[i] = sum(max(_idf(index, t) for t in g & held) for g in groups if g & held) / total
    return out


@lru_cache(maxsize=65_536)
def _sentence_tokens(text: str) -> frozenset[str]:
    from rag.normalize import tokenize_query

    return frozenset(tokenize_query(text))  # stems for every Arabic-script word, as the question's


def _idf(index: Index, token: str) -> float:
    """BM25's IDF of a token over the index's chunks (0 for a token no chunk holds); the array is read once per index."""
    idf = index.memo.get(("idf",))
    if idf is None:
        idf = index.memo[("idf",)] = term_idf(index.bm25)
    i = index.bm25.vocab_dict.get(token)
    return float(idf[i]) if i is not None and i < len(idf) else 0.0


def score_values(index: Index, query_vector: np.ndarray, evidence: list[Evidence], kinds: set[str],
                 given: frozenset[str] = frozenset()) -> list[ScoredValue]:
    """Values of the wanted kinds in the evidence, scored by sentence (without its word share) and clause, best first.

    ``given`` are values the question states itself ("…the 44-day war", "…in 2016-2020"): they
    set the scene and are not the answer, so they are left out.
    """
    items = [(e, j, v) for e in evidence for j, v in enumerate(e.values) if v.kind in kinds and v.value not in given]
    if not items:
        return []
    rows = np.array([index.value_row[(e.sentence.sent_id, j)] for e, j, _ in items])
    calibrate = Calibration(index.value_vectors, None, query_vector, rows=index.calibration_rows["value"])
    z = calibrate(index.value_vectors[rows] @ query_vector, index.value_language[rows])
    scored = [ScoredValue(v, e, round((1 - VALUE_WEIGHT) * e.plain + VALUE_WEIGHT * float(zv), 4),
                          index.value_vectors[row], clause_span(e.sentence.text, v, e.values))
              for (e, _, v), zv, row in zip(items, z, rows)]
    return sorted(scored, key=lambda s: -s.score)



@lru_cache(maxsize=65_536)
def clause_span(sentence: str, value: Value, others: tuple[Value, ...]) -> tuple[int, int]:
    """Offsets of the clause that states ``value`` (``rag.index.value_context``) in its sentence."""
    clause = value_context(sentence, value, others)
    start = sentence.find(clause)
    return (start, start + len(clause)) if start >= 0 else (0, len(sentence))
