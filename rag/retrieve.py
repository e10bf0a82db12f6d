"""Hybrid retrieval: dense (FAISS) with sentence max-sim, BM25 (bm25s), fused by reciprocal rank.

Why each part:
- Dense chunk vectors carry cross-lingual questions (an English question shares no word with
  Arabic text, so BM25 gives it nothing).
- Raw cosine is not comparable across languages: with the bundled model an English question
  scores every Persian chunk a few points above every Arabic one, relevant or not. Dense scores
  are therefore calibrated per document language (``rag.calibrate``), and candidates are
  searched per language, so no language crowds out another.
- Max-sim over a chunk's sentences lifts a chunk whose single sentence answers the question.
  Headings and fragments (< 4 words) are left out of it: short texts are hubs that sit close to
  every question.
- BM25 over folded, lightly stemmed tokens catches exact names, numbers and rare words in
  same-language questions, where 4-bit dense vectors are blurrier.
- Reciprocal rank fusion (Cormack et al., SIGIR 2009) needs no score calibration between the two.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from rag.calibrate import Calibration
from rag.errors import InvalidInput
from rag.index import Index
from rag.ingest import detect_language
from rag.normalize import tokenize
from rag.types import Hit

RRF_K = 60
CANDIDATES = 200  # per language, from each retriever, before fusion
MAX_K = 100
BM25_MIN_RATIO = 0.7
CROSS_SCRIPT_BM25_WEIGHT = 0.25  # BM25 vote of text in another script than the question (see search)
BM25_WEIGHT = 1.0  # weight of a BM25 vote from text in the question's own script
MAXSIM_WEIGHT = 0.5  # dense score = (1-w)·z(chunk cosine) + w·z(best sentence cosine)


def rrf(rankings: Iterable[list[int]], k: int = RRF_K, weights: Iterable[float] | None = None) -> dict[int, float]:
    """Weighted reciprocal rank fusion of several rankings of row ids.

    Example: rrf([[1, 2], [2, 3]]) -> {1: 1/61, 2: 1/62 + 1/61, 3: 1/62}.
    """
    rankings = list(rankings)
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, row in enumerate(ranking):
            fused[row] = fused.get(row, 0.0) + weight / (k + rank + 1)
    return fused


def _script(language: str) -> str:
    return "arabic" if language in ("ar", "fa") else "latin"


def allowed_rows(index: Index, doc_ids: Iterable[str] | None = None,
                 languages: Iterable[str] | None = None) -> np.ndarray:
    """Boolean mask over chunks for the user's document and language filters."""
    mask = np.ones(len(index.chunks), dtype=bool)
    if doc_ids:
        wanted = set(doc_ids)
        mask &= np.array([c.doc_id in wanted for c in index.chunks], dtype=bool)
    if languages:
        mask &= np.isin(index.chunk_language, list(languages))
    return mask


def _search_rows(index: Index, query_vector: np.ndarray, rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    store = getattr(index, "store", None)  # rag.vectorstore seam (Milvus, per-language FAISS) when one is attached
    if store is not None:
        return store.search(query_vector, n, rows)
    import faiss

    selector = faiss.IDSelectorBatch(rows.astype(np.int64))
    params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]  # SWIG kwargs
    sims, found = index.faiss_index.search(query_vector.reshape(1, -1).astype(np.float32), min(n, len(rows)),
                                           params=params)
    keep = found[0] >= 0
    return sims[0][keep], found[0][keep]


def dense_scores(index: Index, query_vector: np.ndarray, n: int, mask: np.ndarray) -> dict[int, float]:
    """Top-n chunk rows per language by calibrated chunk and best-sentence similarity."""
    chunk_cal = Calibration(index.chunk_vectors, index.chunk_language, query_vector)
    sentence_cal = Calibration(index.sentence_vectors, index.sentence_language, query_vector, ~index.short_sentence)
    scores: dict[int, float] = {}
    for language in sorted(set(index.chunk_language[mask])):
        rows = np.flatnonzero(mask & (index.chunk_language == language))
        sims, found = _search_rows(index, query_vector, rows, n)
        if len(found) == 0:
            continue
        z_chunk = chunk_cal(sims, np.full(len(sims), language, dtype=object))
        best = np.empty(len(found))
        for i, (row, sim) in enumerate(zip(found, sims)):
            members = index.chunk_sentence_rows[row]
            members = members[~index.short_sentence[members]]
            best[i] = np.max(index.sentence_vectors[members] @ query_vector) if len(members) else sim
        z_sent = sentence_cal(best, np.full(len(best), language, dtype=object))
        for row, zc, zs in zip(found, z_chunk, z_sent):
            scores[int(row)] = (1 - MAXSIM_WEIGHT) * float(zc) + MAXSIM_WEIGHT * float(zs)
    return scores


def bm25_scores(index: Index, question: str, mask: np.ndarray) -> dict[int, float]:
    tokens = tokenize(question)
    if not tokens or not index.chunks:
        return {}
    scores = index.bm25.get_scores(tokens)
    return {int(i): float(scores[i]) for i in np.flatnonzero((scores > 0) & mask)}


def _fuse(index: Index, question: str, dense_rank: list[int], sparse: dict[int, float],
          sparse_rank: list[int]) -> dict[int, float]:
    """RRF of the dense ranking with BM25 rankings made within each document language.

    - Per language: a Persian question shares words only with Persian text, and one global BM25
      ranking would push every Arabic passage down.
    - Only strong lexical matches vote (at least BM25_MIN_RATIO of the best score anywhere): a
      Persian question shares a stray word or two with Arabic text, and words found in every
      passage (the two country names, here) would otherwise lift a whole language.
    - Across scripts (an English question, Arabic text) BM25 only meets stray digits and names, so
      it votes with a quarter weight. XQuAD en→ar nDCG@10: 0.877 at full weight, 0.886 at 0.25,
      0.892 left out; but left out, a year in an English question no longer counts and gold
      question un-soldiers-en gets a wrong answer instead of not_found (reports/xquad.md, idea 1).
    """
    script = _script(detect_language(question))
    top = sparse[sparse_rank[0]] if sparse_rank else 0.0
    rankings, weights = [dense_rank], [1.0]
    for lang in sorted(set(index.chunk_language[sparse_rank])) if sparse_rank else []:
        rankings.append([r for r in sparse_rank if index.chunk_language[r] == lang and sparse[r] >= BM25_MIN_RATIO * top])
        weights.append(BM25_WEIGHT * (1.0 if _script(lang) == script else CROSS_SCRIPT_BM25_WEIGHT))
    return rrf(rankings, weights=weights)


def search(index: Index, query_vector: np.ndarray, question: str, k: int = 8,
           doc_ids: Iterable[str] | None = None, languages: Iterable[str] | None = None,
           mode: str = "hybrid") -> list[Hit]:
    """Ranked chunks for a question. ``mode``: 'hybrid' (default), 'dense' or 'bm25'."""
    if k < 1:
        raise InvalidInput(f"k must be greater than 0. Currently, the k is {k}")
    if mode not in ("hybrid", "dense", "bm25"):
        raise InvalidInput(f"mode must be hybrid, dense or bm25. Currently, the mode is {mode!r}")
    mask = allowed_rows(index, doc_ids, languages)
    if k > MAX_K:
        raise InvalidInput(f"k must be at most {MAX_K}. Currently, the k is {k}")
    n_candidates = CANDIDATES  # fixed, so the top 8 are the first 8 of the top 30
    dense = dense_scores(index, query_vector, n_candidates, mask) if mode != "bm25" else {}
    sparse = bm25_scores(index, question, mask) if mode != "dense" else {}
    dense_rank = sorted(dense, key=lambda r: (-dense[r], r))
    sparse_rank = sorted(sparse, key=lambda r: (-sparse[r], r))[:n_candidates]
    if mode == "dense":
        fused = dense
    elif mode == "bm25":
        fused = {r: sparse[r] for r in sparse_rank}
    else:
        fused = _fuse(index, question, dense_rank, sparse, sparse_rank)
    ranked = sorted(fused, key=lambda r: (-fused[r], r))[:k]
    return [
        Hit(chunk=index.chunks[r], score=round(fused[r], 6), dense=round(dense.get(r, 0.0), 6),
            bm25=round(sparse.get(r, 0.0), 6), rank=i + 1)
        for i, r in enumerate(ranked)
    ]
