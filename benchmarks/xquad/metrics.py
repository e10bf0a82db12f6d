"""Retrieval and answer-sentence metrics over one relevant paragraph per question.

A paragraph ranks by its best chunk: ``SEARCH_K`` chunks are retrieved and de-duplicated by
document id. The product's evidence scorer (``rag.evidence.score_sentences``) then picks sentences
from the top ``EVIDENCE_K`` chunks, as ``Pipeline.ask`` does, and we check whether the top (top 3)
sentence contains the gold answer (``rag.normalize.fold`` on both sides).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from rag.config import Settings
from rag.index import Index
from rag.normalize import fold
from rag.types import Hit

from .data import Question

SEARCH_K = 40  # chunks per question; a paragraph is 1-13 chunks, so 40 chunks cover > 10 paragraphs
EVIDENCE_K = Settings().top_k  # chunks the product reads for evidence (Pipeline.ask)
MODES = ("hybrid", "dense", "bm25")
METRICS = ("R@1", "R@5", "R@10", "MRR@10", "nDCG@10", "answer_hit@1", "answer_hit@3")

SearchFn = Callable[[Index, np.ndarray, str, int, str], list[Hit]]


def paragraph_ranking(hits: list[Hit]) -> list[str]:
    """Document ids in order of their best chunk (first occurrence wins)."""
    return list(dict.fromkeys(h.chunk.doc_id for h in hits))


def rank_of(ranking: list[str], gold: str) -> int | None:
    try:
        return ranking.index(gold) + 1
    except ValueError:
        return None


def answer_in(text: str, answers: tuple[str, ...]) -> bool:
    folded = fold(text)
    return any(fold(a) and fold(a) in folded for a in answers)


def summarize(ranks: list[int | None], hit1: list[bool], hit3: list[bool]) -> dict[str, float]:
    """Example: ranks [1, None], hits [True, False] -> R@1 0.5, MRR@10 0.5, answer_hit@1 0.5."""
    n = max(len(ranks), 1)

    def share(pred) -> float:
        return round(sum(1 for r in ranks if pred(r)) / n, 4)

    return {
        "R@1": share(lambda r: r is not None and r <= 1),
        "R@5": share(lambda r: r is not None and r <= 5),
        "R@10": share(lambda r: r is not None and r <= 10),
        "MRR@10": round(sum(1 / r for r in ranks if r is not None and r <= 10) / n, 4),
        "nDCG@10": round(sum(1 / math.log2(r + 1) for r in ranks if r is not None and r <= 10) / n, 4),
        "answer_hit@1": round(sum(hit1) / n, 4),
        "answer_hit@3": round(sum(hit3) / n, 4),
    }


def product_search(index: Index, vector: np.ndarray, question: str, k: int, mode: str) -> list[Hit]:
    from rag.retrieve import search

    return search(index, vector, question, k, mode=mode)


def evaluate(index: Index, questions: list[Question], vectors: np.ndarray, mode: str,
             search_fn: SearchFn = product_search, answers: bool = True) -> dict:
    """Paragraph ranks and answer hits of every question; returns metrics plus diagnostics.
    ``answers=False`` skips the evidence step (answer_hit metrics are then 0)."""
    from rag.evidence import score_sentences

    ranks: list[int | None] = []
    hit1: list[bool] = []
    hit3: list[bool] = []
    in_gold1: list[bool] = []
    short_lists = 0
    for q, vector in zip(questions, vectors):
        hits = search_fn(index, vector, q.text, SEARCH_K, mode)
        ranking = paragraph_ranking(hits)
        short_lists += len(ranking) < 10
        ranks.append(rank_of(ranking, q.gold))
        # The first EVIDENCE_K of SEARCH_K hits are the hits of search(k=EVIDENCE_K): what Pipeline.ask reads.
        top = score_sentences(index, vector, hits[:EVIDENCE_K], question=q.text)[:3] if answers else []
        hit1.append(bool(top) and answer_in(top[0].sentence.text, q.answers))
        hit3.append(any(answer_in(e.sentence.text, q.answers) for e in top))
        in_gold1.append(bool(top) and top[0].sentence.doc_id == q.gold and hit1[-1])
    out: dict = summarize(ranks, hit1, hit3)
    n = max(len(questions), 1)
    out["answer_hit_in_gold@1"] = round(sum(in_gold1) / n, 4)
    out["not_found_in_top_chunks"] = sum(r is None for r in ranks)
    out["fewer_than_10_paragraphs"] = short_lists
    return out


def hybrid_vs_dense(by_mode: dict[str, dict[str, dict]]) -> dict[str, dict[str, float]]:
    """Per question set, hybrid minus dense on R@1 and nDCG@10 (the issue asks for >= 0 everywhere)."""
    return {name: {f"hybrid_minus_dense_{k}": round(modes["hybrid"][k] - modes["dense"][k], 4) for k in ("R@1", "nDCG@10")}
            for name, modes in by_mode.items()}
