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
- BM25 over folded tokens, Arabic text lightly stemmed, catches exact names, numbers and rare words in
  same-language questions, where 4-bit dense vectors are blurrier.
- Reciprocal rank fusion (Cormack et al., SIGIR 2009) needs no score calibration between the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from rag.calibrate import Calibration
from rag.errors import InvalidInput
from rag.index import Index
from rag.ingest import detect_language
from rag.normalize import tokenize_query
from rag.types import Hit

RRF_K = 60
CANDIDATES = 200  # per language, from each retriever, before fusion
MAX_K = 100
BM25_MIN_RATIO = 0.7
CROSS_SCRIPT_WITHIN: int | None = 5  # cross-script number matches only reorder the dense top N (see _fuse)
CROSS_SCRIPT_BM25_WEIGHT = 0.25  # BM25 vote of text in another script than the question (see search)
BM25_WEIGHT = 1.0  # weight of a BM25 vote from text in the question's own script
MAXSIM_WEIGHT = 0.5  # dense score = (1-w)·z(chunk cosine) + w·z(best sentence cosine)
TRANSLATED_WEIGHT = 0.8  # dense + w·(translated BM25 / its best) for text in another script (see _translated)
MATCH_WEIGHT = 0.2  # ... + w·(standardized word-level match) over the dense top MATCH_CANDIDATES
MATCH_CANDIDATES = 30


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
        columns = index.columns  # the chunks' documents as an array: no chunk record read per question
        if columns is not None:
            mask &= np.isin(columns.chunk_doc, [i for i, d in enumerate(columns.doc_ids) if d in wanted])
        else:
            mask &= np.array([c.doc_id in wanted for c in index.chunks], dtype=bool)
    if languages:
        mask &= np.isin(index.chunk_language, list(languages))
    return mask


def _in_languages(index: Index, languages: Iterable[str]) -> np.ndarray:
    """Mask of the chunks in these languages, made once per index and set of languages (it was an
    ``np.isin`` over every chunk's language per question: ~3 ms each at 57k chunks)."""
    key = ("chunks in languages", frozenset(languages))
    found = index.memo.get(key)
    if found is None:
        found = np.zeros(len(index.chunks), dtype=bool)
        for language in key[1]:
            found[index.language_chunk_rows.get(language, np.zeros(0, dtype=np.int64))] = True
        index.memo[key] = found
    return found


def _search_rows(index: Index, query_vector: np.ndarray, rows: np.ndarray, n: int,
                 language: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Top-n of ``rows``; ``language``: rows are that whole language, whose FAISS selector is made
    once per index (building it costs O(rows) per question: ~1.4 ms per language at 57k chunks)."""
    store = getattr(index, "store", None)  # rag.vectorstore seam (Milvus, per-language FAISS) when one is attached
    if store is not None:
        return store.search(query_vector, n, rows)
    import faiss

    key = ("faiss selector", language)
    made = index.memo.get(key) if language is not None else None
    if made is None:
        selector = faiss.IDSelectorBatch(rows.astype(np.int64))
        made = (selector, faiss.SearchParameters(sel=selector))  # type: ignore[call-arg]  # SWIG kwargs
        if language is not None:
            index.memo[key] = made  # the selector is kept beside the parameters that point to it
    params = made[1]
    sims, found = index.faiss_index.search(query_vector.reshape(1, -1).astype(np.float32), min(n, len(rows)),
                                           params=params)
    keep = found[0] >= 0
    return sims[0][keep], found[0][keep]


def dense_scores(index: Index, query_vector: np.ndarray, n: int, mask: np.ndarray) -> dict[int, float]:
    """Top-n chunk rows per language by calibrated chunk and best-sentence similarity."""
    chunk_cal = Calibration(index.chunk_vectors, None, query_vector, rows=index.calibration_rows["chunk"])
    sentence_cal = Calibration(index.sentence_vectors, None, query_vector, rows=index.calibration_rows["sentence"])
    scores: dict[int, float] = {}
    if mask.all():  # no filter: the rows per language were grouped once, at load (no scan per question)
        groups = index.language_chunk_rows
    else:
        groups = {lang: np.flatnonzero(mask & (index.chunk_language == lang)) for lang in sorted(set(index.chunk_language[mask]))}
    for language, rows in groups.items():
        sims, found = _search_rows(index, query_vector, rows, n, language if mask.all() else None)
        if len(found) == 0:
            continue
        z_chunk = chunk_cal(sims, np.full(len(sims), language, dtype=object))
        best = _best_sentences(index, query_vector, found, sims)
        z_sent = sentence_cal(best, np.full(len(best), language, dtype=object))
        for row, zc, zs in zip(found, z_chunk, z_sent):
            scores[int(row)] = (1 - MAXSIM_WEIGHT) * float(zc) + MAXSIM_WEIGHT * float(zs)
    return scores


def _languages_in(index: Index, mask: np.ndarray) -> set[str]:
    """The document languages among the allowed chunks; with no filter, read from the groups made at load
    (a set over a million-row object array costs ~30 ms per question)."""
    return set(index.language_chunk_rows) if mask.all() else set(index.chunk_language[mask])


def _other_script(index: Index, mask: np.ndarray, script: str) -> np.ndarray:
    """Allowed chunks written in another script than ``script`` (the language mask is made once per index)."""
    return mask & _in_languages(index, [lang for lang in index.language_chunk_rows if _script(lang) != script])


def _maxsim_rows(index: Index) -> Sequence[np.ndarray]:
    """Per chunk, its sentence rows that may stand for it in max-sim (not headings or fragments).
    Depends on the index only: derived once per loaded index (``Index.memo``), not per question."""
    rows = index.memo.get(("maxsim_rows",))
    if rows is None:
        members = index.chunk_sentence_rows
        rows = members.where(~index.short_sentence) if hasattr(members, "where") else \
            [m[~index.short_sentence[m]] for m in members]
        index.memo[("maxsim_rows",)] = rows
    return rows


def _best_sentences(index: Index, query_vector: np.ndarray, found: np.ndarray, sims: np.ndarray) -> np.ndarray:
    """Per found chunk, its best sentence's cosine (its own cosine when it has no usable sentence):
    one product over all candidates' sentences instead of one per chunk."""
    members = _maxsim_rows(index)
    offsets = getattr(members, "offsets", None)
    if offsets is not None and hasattr(members, "rows"):  # CSR (``rag.index_rows.Members``): gathered in one go
        found = np.asarray(found, dtype=np.int64)
        first, sizes = offsets[found], offsets[found + 1] - offsets[found]
        total = int(sizes.sum())
        flat = np.arange(total, dtype=np.int64) + np.repeat(first - np.cumsum(sizes) + sizes, sizes)
        gathered = members.rows[flat]
    else:
        parts = [members[row] for row in found]
        sizes = np.array([len(p) for p in parts])
        gathered = np.concatenate(parts) if len(parts) else np.zeros(0, dtype=np.int64)
    best = np.asarray(sims, dtype=np.float64).copy()
    if sizes.sum() == 0:
        return best
    cos = index.sentence_vectors[gathered] @ query_vector
    has = sizes > 0
    starts = np.concatenate(([0], np.cumsum(sizes[has])[:-1]))
    best[has] = np.maximum.reduceat(cos, starts)
    return best


def bm25_scores(index: Index, question: str, mask: np.ndarray, tokens: list[str] | None = None) -> dict[int, float]:
    tokens = tokenize_query(question) if tokens is None else tokens
    if not tokens or not index.chunks:
        return {}
    scores = index.bm25.get_scores(tokens)
    rows = np.flatnonzero((scores > 0) & mask)
    return dict(zip(rows.tolist(), scores[rows].tolist()))  # the same {row: float} as a per-row loop, ~3x faster


def rank_rows(scores: dict[int, float], n: int | None = None) -> list[int]:
    """Rows by score, best first, ties by row — ``sorted(scores, key=lambda r: (-scores[r], r))[:n]``
    in numpy (BM25 gives thousands of rows a score on a large index).

    Example: {3: 0.5, 1: 0.5, 2: 0.9} -> [2, 1, 3].
    """
    if not scores:
        return []
    rows = np.fromiter(scores.keys(), dtype=np.int64, count=len(scores))
    values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
    return rows[np.lexsort((rows, -values))[:n]].tolist()


def _script_free(tokens: list[str]) -> list[str]:
    """Tokens that read the same in every script: numbers (digits are ASCII after folding).

    Example: ['soldiers', 'died', '2020', 'karabakh'] -> ['2020'].
    """
    return [t for t in tokens if t.isdigit()]


def _lexical_lift(index: Index, question: str) -> tuple[np.ndarray, np.ndarray] | None:
    """The question's word similarities to the corpus vocabulary and the translated-BM25 score of every chunk: they
    depend on the question alone, so one search over several language rankings reads them once."""
    word_map = getattr(index, "word_map", None)
    if word_map is None:
        return None
    sims = word_map.similarities(question)
    word_map.neighbours_of(question, sims)  # kept for the answer step's check of a quoted sentence
    word_map.word_groups(question, sims)  # and for its sentence scores (rag.evidence.word_share)
    if not len(sims):
        return None
    return sims, word_map.lexical_scores(question, index.bm25, sims)


class _Lift:
    """``_lexical_lift`` of one question, read when first needed and at most once (a search over several language
    rankings needs it for each; an Arabic question over Arabic text never)."""

    def __init__(self, index: Index, question: str) -> None:
        self.index, self.question = index, question
        self._read = False
        self._value: tuple[np.ndarray, np.ndarray] | None = None

    def get(self) -> tuple[np.ndarray, np.ndarray] | None:
        if not self._read:
            self._value, self._read = _lexical_lift(self.index, self.question), True
        return self._value


def _translated(index: Index, question: str, dense: dict[int, float], mask: np.ndarray,
                lift: _Lift | None = None) -> dict[int, float]:
    """Dense scores of text in another script than the question, raised by the question's words
    translated into that text's vocabulary (``rag.translate``, when a word map is attached):
    + TRANSLATED_WEIGHT x (BM25 of the translated words / its best) over every such chunk,
    + MATCH_WEIGHT x the standardized word-level match over the dense top MATCH_CANDIDATES.

    Added to the calibrated dense score, not fused by rank: with RRF (k=60) even a 0.1-weight vote
    outweighs the gap between dense ranks 1 and 3, and translated BM25 is a weak ranker alone (R@1
    0.47). XQuAD en->ar R@1, weights fitted on the first half of the questions (dev) only: hybrid
    before 0.787 (dev 0.773); translated BM25 as an RRF voter 0.61-0.78 (weights 1-0.1); added to the
    dense score (w, m) = (0.8, 0): 0.824 (dev 0.812); both parts, four settings tied on dev R@1 0.822
    and nDCG@10 0.909, the one with 3 neighbours and the smallest match weight kept: 0.830 (dev 0.822,
    held-out half 0.839). Per-variant figures: reports/xquad.md.
    """
    word_map = getattr(index, "word_map", None)
    script = _script(detect_language(question))
    other = [lang for lang in _languages_in(index, mask) if _script(lang) != script]
    if word_map is None or not dense or not other:
        return dense
    cross = _other_script(index, mask, script)
    read = (lift or _Lift(index, question)).get()
    if read is None:
        return dense
    sims, lexical = read
    lifted = dict(dense)
    top = float(lexical[cross].max()) if cross.any() else 0.0
    if top > 0:
        lifted = {r: v + TRANSLATED_WEIGHT * float(lexical[r]) / top if cross[r] else v for r, v in lifted.items()}
    near = [r for r in sorted(dense, key=lambda r: (-dense[r], r)) if cross[r]][:MATCH_CANDIDATES]
    for r, m in zip(near, word_map.match_scores(question, near, sims)):
        lifted[r] += MATCH_WEIGHT * float(m)
    return lifted


def _fuse(index: Index, question: str, dense_rank: list[int], sparse: dict[int, float],
          sparse_rank: list[int], mask: np.ndarray) -> dict[int, float]:
    """RRF of the dense ranking with BM25 rankings made within each document language.

    - Per language: a Persian question shares words only with Persian text, and one global BM25
      ranking would push every Arabic passage down.
    - Only strong lexical matches vote (at least BM25_MIN_RATIO of the best score anywhere): a
      Persian question shares a stray word or two with Arabic text, and words found in every
      passage (the two country names, here) would otherwise lift a whole language.
    - Across scripts (an English question, Arabic text) only numbers can match, and they may only
      reorder the dense top CROSS_SCRIPT_WITHIN, with a quarter-weight vote. Fitted on XQuAD en->ar
      (R@1 / nDCG@10; dense alone 0.783 / 0.892): every token voting anywhere 0.771 / 0.886 (the
      rule before), numbers anywhere 0.776 / 0.888, numbers of 2+ digits 0.780 / 0.889, numbers and
      Latin words 0.774 / 0.887, numbers within the dense top 10 0.782 / 0.891, within the top 5
      0.787 / 0.893 (kept), none at all = dense. Checked on the gold set (not fitted there):
      retrieval metrics unchanged; one answer changed: un-soldiers-en, whose 2020 passages dense
      ranks 3rd and 6th, is now answered with an unrelated number (30,000) instead of not_found, an
      answer-layer miss (numbers anywhere kept it not_found but ranks below dense on XQuAD). ARCD and
      ar->ar questions are same-script: this rule does not touch them.
    """
    script = _script(detect_language(question))
    cross = {lang for lang in _languages_in(index, mask) if _script(lang) != script}
    if cross:
        numbers = _script_free(tokenize_query(question))
        cross_mask = _other_script(index, mask, script)
        cross_scores = bm25_scores(index, question, cross_mask, numbers) if numbers else {}
        if CROSS_SCRIPT_WITHIN is not None:
            near = set(dense_rank[:CROSS_SCRIPT_WITHIN])
            cross_scores = {r: v for r, v in cross_scores.items() if r in near}
        # BM25 of the question's own script: its best CANDIDATES rows (all that can reach the ranking below)
        rows = np.fromiter(sparse.keys(), dtype=np.int64, count=len(sparse))
        values = np.fromiter(sparse.values(), dtype=np.float64, count=len(sparse))
        own = ~_in_languages(index, cross)[rows]
        rows, values = rows[own], values[own]
        best = np.lexsort((rows, -values))[:CANDIDATES]
        sparse = dict(zip(rows[best].tolist(), values[best].tolist())) | cross_scores
        sparse_rank = rank_rows(sparse, CANDIDATES)
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
    _check(k, mode)
    mask = allowed_rows(index, doc_ids, languages)
    dense, sparse = _scores(index, query_vector, question, mask, mode)
    return _ranked(index, question, dense, sparse, mask, k, mode)


def search_with_languages(index: Index, query_vector: np.ndarray, question: str, k: int = 8,
                          doc_ids: Iterable[str] | None = None, languages: Iterable[str] | None = None
                          ) -> tuple[list[Hit], dict[str, list[Hit]]]:
    """The hybrid ranking and, in a collection of several languages, each language's own: what ``search`` returns
    restricted to that language (its BM25 votes measured against its own best match, its dense ranks among its own
    passages), from one dense pass, one BM25 pass and one translation of the question instead of one per language."""
    _check(k, "hybrid")
    mask = allowed_rows(index, doc_ids, languages)
    dense, sparse = _scores(index, query_vector, question, mask, "hybrid")
    languages_here = sorted(index.language_chunk_rows) if len(index.language_chunk_rows) > 1 else []
    lift = _Lift(index, question)  # an English question over Arabic and Persian is translated once, not per ranking
    own: dict[str, list[Hit]] = {}
    for language in languages_here:
        rows = mask & _in_languages(index, [language])
        if rows.any():
            own[language] = _ranked(index, question, {r: v for r, v in dense.items() if rows[r]},
                                    {r: v for r, v in sparse.items() if rows[r]}, rows, k, "hybrid", lift)
    return _ranked(index, question, dense, sparse, mask, k, "hybrid", lift), own


def _check(k: int, mode: str) -> None:
    if k < 1:
        raise InvalidInput(f"k must be greater than 0. Currently, the k is {k}")
    if mode not in ("hybrid", "dense", "bm25"):
        raise InvalidInput(f"mode must be hybrid, dense or bm25. Currently, the mode is {mode!r}")
    if k > MAX_K:
        raise InvalidInput(f"k must be at most {MAX_K}. Currently, the k is {k}")


def _scores(index: Index, query_vector: np.ndarray, question: str, mask: np.ndarray,
            mode: str) -> tuple[dict[int, float], dict[int, float]]:
    """Dense (top CANDIDATES per language, calibrated per language) and BM25 scores of the allowed chunks."""
    dense = dense_scores(index, query_vector, CANDIDATES, mask) if mode != "bm25" else {}
    sparse = bm25_scores(index, question, mask) if mode != "dense" else {}
    return dense, sparse


def _ranked(index: Index, question: str, dense: dict[int, float], sparse: dict[int, float], mask: np.ndarray,
            k: int, mode: str, lift: _Lift | None = None) -> list[Hit]:
    n_candidates = CANDIDATES  # fixed, so the top 8 are the first 8 of the top 30
    lifted = _translated(index, question, dense, mask, lift) if mode == "hybrid" else dense
    dense_rank = rank_rows(lifted)
    sparse_rank = rank_rows(sparse, n_candidates)
    if mode == "dense":
        fused = dense
    elif mode == "bm25":
        fused = {r: sparse[r] for r in sparse_rank}
    else:
        fused = _fuse(index, question, dense_rank, sparse, sparse_rank, mask)
    ranked = sorted(fused, key=lambda r: (-fused[r], r))[:k]
    return [
        Hit(chunk=index.chunks[r], score=round(fused[r], 6), dense=round(dense.get(r, 0.0), 6),
            bm25=round(sparse.get(r, 0.0), 6), rank=i + 1)
        for i, r in enumerate(ranked)
    ]
