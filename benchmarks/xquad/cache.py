"""Cache for benchmark runs: built indexes and question vectors, under ``.cache/xquad/<model>/``.

The index is saved with ``rag.index.save_index`` under the corpus fingerprint (model id, pipeline
version, which hashes the product code that shapes an index (``rag.version``), chunking, every
document's content hash); a new corpus (e.g. ``--limit``) reuses the vectors of a cached one by content id. Question
vectors live in one ``queries.npy`` + ``queries.json`` keyed by text hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from rag.config import ROOT
from rag.embed import Embedder
from rag.errors import IndexCorrupt
from rag.index import ChunkParams, Index, build_index, corpus_fingerprint, load_index, read_manifest, save_index
from rag.ingest import Corpus

KEEP_CACHED_INDEXES = 6  # XQuAD, ARCD and their --limit runs share the folder


def cache_dir() -> Path:
    """``$RAG_BENCH_CACHE`` or ``.cache/xquad`` at the repository root (read at call time)."""
    return Path(os.environ.get("RAG_BENCH_CACHE") or ROOT / ".cache" / "xquad")


def log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def slug(model_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("_") or "model"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _size(folder: Path) -> int:
    try:
        return int(read_manifest(folder).get("counts", {}).get("chunks", 0))
    except (IndexCorrupt, ValueError, TypeError):
        return -1


def cached_index(corpus: Corpus, embedder: Embedder, params: ChunkParams = ChunkParams(),
                 folder: Path | None = None, progress=None) -> tuple[Index, bool]:
    """The index of ``corpus``, from the cache when its fingerprint is there; else built (reusing
    the vectors of the cached index of the same model that shares most documents) and saved.
    Returns (index, built)."""
    fingerprint = corpus_fingerprint(corpus, params, embedder.model_id)
    model_dir = (folder or cache_dir()) / slug(embedder.model_id)
    target = model_dir / f"index-{sha(fingerprint)[:24]}"
    if target.exists():
        try:
            if read_manifest(target).get("corpus_fingerprint") == fingerprint:
                os.utime(target)
                return load_index(target), False
        except IndexCorrupt:
            pass
    others = sorted((p for p in model_dir.glob("index-*") if p.is_dir() and p != target),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    previous, shared = None, 0
    wanted = {d.doc_id for d in corpus.documents}
    for other in sorted(others, key=_size, reverse=True):  # the one sharing most documents has most vectors to reuse
        try:
            candidate = load_index(other)
        except IndexCorrupt:
            continue
        overlap = len(wanted & set(candidate.documents))
        if overlap > shared:
            previous, shared = candidate, overlap
    index = build_index(corpus, embedder, params, previous=previous, progress=progress)
    try:
        save_index(index, target)
        for stale in others[KEEP_CACHED_INDEXES - 1:]:
            shutil.rmtree(stale, ignore_errors=True)
    except OSError as e:  # a read-only checkout still runs, only slower next time
        log(f"cannot cache the index in {target}: {e}")
    return index, True


def _write_atomic(folder: Path, suffix: str, write) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=".queries-", suffix=suffix, dir=folder)
    with os.fdopen(fd, "wb") as f:
        write(f)
    return Path(tmp)


def _load_queries(model_dir: Path, embedder: Embedder) -> dict[str, np.ndarray]:
    npy, meta = model_dir / "queries.npy", model_dir / "queries.json"
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        raw = npy.read_bytes()
        if info.get("model") == embedder.model_id and info.get("npy_sha256") == hashlib.sha256(raw).hexdigest():
            vectors = np.load(npy, allow_pickle=False)
            if len(vectors) == len(info["keys"]) and vectors.shape[1] == embedder.dim:
                return dict(zip(info["keys"], vectors))
    except (OSError, ValueError, KeyError, IndexError):
        pass
    return {}


def embed_queries(embedder: Embedder, texts: list[str], folder: Path | None = None,
                  progress=None) -> tuple[np.ndarray, int]:
    """Query vectors, cached by (model, text hash). Returns (vectors, number embedded now)."""
    model_dir = (folder or cache_dir()) / slug(embedder.model_id)
    npy, meta = model_dir / "queries.npy", model_dir / "queries.json"
    known = _load_queries(model_dir, embedder)
    keys = [sha(t) for t in texts]
    todo = list(dict.fromkeys(k for k in keys if k not in known))
    if todo:
        by_key = dict(zip(keys, texts))
        known.update(zip(todo, embedder.embed([by_key[k] for k in todo], "query", progress=progress)))
        known = _load_queries(model_dir, embedder) | known  # keep what another run cached meanwhile
        all_keys = list(known)
        matrix = np.stack([known[k] for k in all_keys]).astype(np.float32)
        try:
            model_dir.mkdir(parents=True, exist_ok=True)
            tmp = _write_atomic(model_dir, ".npy", lambda f: np.save(f, matrix, allow_pickle=False))
            info = {"model": embedder.model_id, "npy_sha256": hashlib.sha256(tmp.read_bytes()).hexdigest(),
                    "keys": all_keys}
            tmp2 = _write_atomic(model_dir, ".json", lambda f: f.write(json.dumps(info).encode("utf-8")))
            os.replace(tmp, npy)
            os.replace(tmp2, meta)
        except OSError as e:
            log(f"cannot cache query vectors in {model_dir}: {e}")
    return np.stack([known[k] for k in keys]).astype(np.float32), len(todo)
