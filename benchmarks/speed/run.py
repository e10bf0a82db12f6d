"""Speed benchmark (run on demand, not a test): index build, embedding throughput, query latency.

Prints figures and writes reports/bench.json. Uses only public tools (time.perf_counter, numpy).
  python -m benchmarks.speed            # corpus: build, tokens/s, dense/BM25/hybrid/ask p50/p95
  python -m benchmarks.speed --ann      # also: exact vs HNSW FAISS search at growing sizes
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from rag.chunk import count_tokens
from rag.config import ROOT, Settings
from rag.evaluate import load_gold
from rag.pipeline import Pipeline
from rag.retrieve import search


def _pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2)


def bench_corpus(rounds: int, keep: dict) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    try:
        settings = Settings.from_env(index_dir=tmp / "index")
        t0 = time.perf_counter()
        p = Pipeline(settings)
        build = time.perf_counter() - t0
        keep["vectors"] = np.vstack([p.index.sentence_vectors, p.index.chunk_vectors])
        texts = [s.text for s in p.index.sentences] + [c.text for c in p.index.chunks]
        tokens = sum(count_tokens(t) for t in texts)
        t0 = time.perf_counter()
        p.embedder.embed([s.text for s in p.index.sentences], "passage")
        embed_s = time.perf_counter() - t0
        sent_tokens = sum(count_tokens(s.text) for s in p.index.sentences)
        t0 = time.perf_counter()
        Pipeline(settings)  # load from disk, checksums verified
        load = time.perf_counter() - t0
        questions = [g.question for g in load_gold()]
        timings: dict[str, list[float]] = {"embed_query": [], "dense": [], "bm25": [], "hybrid": [], "ask": []}
        vectors = {}
        for _ in range(rounds):
            for q in questions:
                t0 = time.perf_counter()
                vectors[q] = p.embedder.embed_query(q)
                timings["embed_query"].append((time.perf_counter() - t0) * 1e3)
                for mode in ("dense", "bm25", "hybrid"):
                    t0 = time.perf_counter()
                    search(p.index, vectors[q], q, 8, mode=mode)
                    timings[mode].append((time.perf_counter() - t0) * 1e3)
                t0 = time.perf_counter()
                p.ask(q)
                timings["ask"].append((time.perf_counter() - t0) * 1e3)
        return {
            "index_build_s": round(build, 2),
            "index_load_s": round(load, 3),
            "texts_embedded": len(texts),
            "cl100k_tokens_embedded": tokens,
            "sentence_embedding_tokens_per_s": round(sent_tokens / embed_s, 1),
            "queries": len(questions) * rounds,
            "latency_ms": {k: {"p50": _pct(v, 50), "p95": _pct(v, 95), "mean": round(statistics.mean(v), 2)}
                           for k, v in timings.items()},
            "note": "dense/bm25/hybrid exclude the query embedding; ask is the whole path (embed, retrieve, answer)",
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_ann(sizes: list[int], centers: np.ndarray, queries: int = 200) -> list[dict]:
    """Exact inner product vs HNSW: where does approximate search pay, and what does it cost in recall?

    Vectors are the index's real embeddings plus noise (clustered like real text, unlike uniform
    random vectors, which are HNSW's worst case), so recall here is indicative, not a guarantee.
    """
    import faiss

    rng = np.random.default_rng(0)
    dim = centers.shape[1]
    rows = []
    for n in sizes:
        x = centers[rng.integers(0, len(centers), n)] + 0.03 * rng.standard_normal((n, dim)).astype(np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        q = x[rng.choice(n, queries, replace=False)] + 0.03 * rng.standard_normal((queries, dim)).astype(np.float32)
        q /= np.linalg.norm(q, axis=1, keepdims=True)
        flat = faiss.IndexFlatIP(dim)
        flat.add(x)
        t0 = time.perf_counter()
        for row in q:
            flat.search(row[None, :], 10)
        flat_ms = (time.perf_counter() - t0) * 1e3 / queries
        _, truth = flat.search(q, 10)
        t0 = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.add(x)
        build_s = time.perf_counter() - t0
        hnsw.hnsw.efSearch = 128
        t0 = time.perf_counter()
        for row in q:
            hnsw.search(row[None, :], 10)
        hnsw_ms = (time.perf_counter() - t0) * 1e3 / queries
        _, found = hnsw.search(q, 10)
        recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, found)]))
        rows.append({"n": n, "flat_ms": round(flat_ms, 3), "hnsw_ms": round(hnsw_ms, 3), "hnsw_build_s": round(build_s, 2),
                     "hnsw_recall@10": round(recall, 3), "speedup": round(flat_ms / hnsw_ms, 2)})
        print(rows[-1], flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the gold questions")
    parser.add_argument("--ann", action="store_true", help="also measure exact vs HNSW search")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench.json")
    args = parser.parse_args(argv)
    keep: dict = {}
    report: dict[str, object] = {"corpus": bench_corpus(args.rounds, keep)}
    print(json.dumps(report["corpus"], indent=2))
    if args.ann:
        report["ann"] = bench_ann([10_000, 50_000, 200_000], keep["vectors"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0
