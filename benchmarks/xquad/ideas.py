"""Ideas measured on top of the product's own search (``--ideas``), not shipped.

They follow any change to ``rag.retrieve.search``: each variant wraps it.
"""

from __future__ import annotations

import math

import numpy as np

from rag.index import Index
from rag.types import Hit

from .cache import log
from .data import XQUAD_DIRECTIONS, Question
from .metrics import evaluate, product_search

# Two cheap ideas to close the cross-lingual gap, measured with ``--ideas`` on top of the product's
# own ``search`` (so they follow any change to it); neither is shipped:
# 1. cross-script BM25 off: an English question shares no words with Arabic text; its BM25 list
#    over Arabic chunks holds only digit and Latin-fragment matches ('2', 't', '2000'), which RRF
#    weighs like the dense list. Fuse BM25 only over chunks in the question's script. On an index in
#    one script this is exactly ``mode='dense'`` for cross-script questions and 'hybrid' otherwise.
# 2. pseudo-relevance feedback: for a cross-script question, the top PRF_CHUNKS dense chunks give
#    their PRF_TERMS best tf·idf terms (rank-weighted), which run as a second, Arabic BM25 query
#    whose ranking is added to the product's fused scores with RRF weight PRF_WEIGHT.
PRF_CHUNKS, PRF_TERMS, PRF_WEIGHT = 3, 20, 0.5
_SCRIPT = {"en": "latin", "ar": "arabic", "fa": "arabic"}


def _script_of_question(question: str) -> str | None:
    from rag.ingest import detect_language

    return _SCRIPT.get(detect_language(question))


class _PrfTerms:
    """Tokens of every chunk and the idf of every BM25 term, computed once per index."""

    def __init__(self, index: Index) -> None:
        from rag.normalize import tokenize

        self.tokens = [tokenize(c.text) for c in index.chunks]
        n = len(index.chunks)
        df: dict[str, int] = {}
        for toks in self.tokens:
            for t in set(toks):
                df[t] = df.get(t, 0) + 1
        self.idf = {t: math.log((n - d + 0.5) / (d + 0.5) + 1) for t, d in df.items()}

    def terms(self, rows: list[int], n_terms: int) -> list[str]:
        score: dict[str, float] = {}
        for j, row in enumerate(rows):
            counts: dict[str, int] = {}
            for t in self.tokens[row]:
                counts[t] = counts.get(t, 0) + 1
            for t, c in counts.items():
                score[t] = score.get(t, 0.0) + (1 / (j + 1)) * (1 + math.log(c)) * self.idf[t]
        return [t for t, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:n_terms]]


def _idea_cross_script_bm25_off(index_script: str):
    def search_fn(index: Index, vector: np.ndarray, question: str, k: int, mode: str) -> list[Hit]:
        script = _script_of_question(question)
        cross = script is not None and script != index_script
        return product_search(index, vector, question, k, "dense" if cross else mode)
    return search_fn


def _idea_prf(index: Index, index_script: str, then_off: bool = False):
    prf = _PrfTerms(index)
    row_of = index.chunk_row

    def search_fn(index: Index, vector: np.ndarray, question: str, k: int, mode: str) -> list[Hit]:
        script = _script_of_question(question)
        cross = script is not None and script != index_script
        base_mode = "dense" if (cross and then_off) else mode
        if not cross:
            return product_search(index, vector, question, k, base_mode)
        from rag.retrieve import RRF_K

        base = product_search(index, vector, question, max(100, k), base_mode)
        fused = {row_of[h.chunk.chunk_id]: (h.score if base_mode == "hybrid" else 1.0 / (RRF_K + h.rank))
                 for h in base}
        dense = {row_of[h.chunk.chunk_id]: h.dense for h in base}
        sparse = {row_of[h.chunk.chunk_id]: h.bm25 for h in base}
        dense_rank = sorted(dense, key=lambda r: (-dense[r], r))
        terms = prf.terms(dense_rank[:PRF_CHUNKS], PRF_TERMS)
        scores = index.bm25.get_scores(terms) if terms else np.zeros(len(index.chunks))
        prf_rank = [int(i) for i in np.argsort(-scores, kind="stable")[:max(50, 4 * k)] if scores[i] > 0]
        for rank, r in enumerate(prf_rank):
            fused[r] = fused.get(r, 0.0) + PRF_WEIGHT / (RRF_K + rank + 1)
        ranked = sorted(fused, key=lambda r: (-fused[r], r))[:k]
        return [Hit(chunk=index.chunks[r], score=round(fused[r], 6), dense=dense.get(r, 0.0),
                    bm25=sparse.get(r, 0.0), rank=i + 1) for i, r in enumerate(ranked)]
    return search_fn


def run_ideas(index: Index, questions: dict[str, list[Question]], vectors: dict[str, np.ndarray]) -> dict:
    """Metrics of each variant per direction (same questions, same vectors, same index)."""
    languages = set(index.chunk_language)
    scripts = {_SCRIPT[lang] for lang in languages if lang in _SCRIPT}
    if len(scripts) != 1 or not languages <= set(_SCRIPT):
        return {"skipped": "the ideas are measured on an index in one script only"}
    index_script = scripts.pop()
    variants = {
        "1: cross-script BM25 off": (
            "hybrid, but BM25 fused only over chunks in the question's script (here: dense ranking for "
            "English questions)", _idea_cross_script_bm25_off(index_script)),
        "2: PRF BM25": (
            f"hybrid + a second BM25 query of the {PRF_TERMS} best tf·idf terms of the top {PRF_CHUNKS} dense "
            f"chunks, RRF weight {PRF_WEIGHT}, for cross-script questions", _idea_prf(index, index_script)),
        "1+2": ("both", _idea_prf(index, index_script, then_off=True)),
    }
    out: dict[str, dict] = {}
    for name, (what, search_fn) in variants.items():
        out[name] = {"what": what}
        for direction in XQUAD_DIRECTIONS:
            m = evaluate(index, questions[direction], vectors[direction], "hybrid", search_fn)
            out[name][direction] = m
            log(f"idea {name} {direction}: R@1 {m['R@1']:.3f} R@5 {m['R@5']:.3f} "
                f"nDCG@10 {m['nDCG@10']:.3f} answer@1 {m['answer_hit@1']:.3f}")
    return out
