"""BM25 alone over the benchmark's chunks with a chosen tokenizer: does stemming help, per language?

The product's BM25 (``rag.index``) is built with ``rag.normalize.tokenize``; here the same chunks are
indexed again by bm25s with another tokenizer (e.g. ``tokenize(text, stem=False)``), with the
product's defaults otherwise, and ranked the same way (a paragraph by its best chunk).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rag.index import Index

from .data import Question
from .metrics import SEARCH_K, rank_of, summarize

Tokenizer = Callable[[str], list[str]]
SPARSE_METRICS = ("R@1", "R@5", "R@10", "MRR@10", "nDCG@10")


def bm25_only_metrics(index: Index, questions: list[Question], tokenizer: Tokenizer,
                      query_tokenizer: Tokenizer | None = None) -> dict[str, float]:
    """Retrieval metrics of BM25 alone with ``tokenizer`` for chunks and ``query_tokenizer`` (default:
    the same) for questions; no answer metrics."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([tokenizer(c.text) or ["\x00empty"] for c in index.chunks], show_progress=False)
    ranks: list[int | None] = []
    for q in questions:
        tokens = (query_tokenizer or tokenizer)(q.text)
        if not tokens:
            ranks.append(None)
            continue
        scores = retriever.get_scores(tokens)
        top = [int(i) for i in np.argsort(-scores, kind="stable")[:SEARCH_K] if scores[i] > 0]
        ranking = list(dict.fromkeys(index.chunks[i].doc_id for i in top))  # a paragraph by its best chunk
        ranks.append(rank_of(ranking, q.gold))
    m = summarize(ranks, [], [])
    return {k: m[k] for k in SPARSE_METRICS}

