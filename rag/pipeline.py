"""The one object the CLI, the app and the evaluation share: a fresh index plus the embedder.

Opening a pipeline loads ``index/``; when the corpus, the chunking or the model changed since it
was built (or a file fails its checksum), it rebuilds, re-embedding only new or changed text, and
swaps the new index in atomically. A failed rebuild raises and leaves the previous index on disk.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable

from rag.config import Settings
from rag.embed import Embedder, get_embedder, limit_threads
from rag.errors import CorpusError, IndexCorrupt, InvalidInput
from rag.index import ChunkParams, Index, build_index, corpus_fingerprint, load_index, read_manifest, save_index
from rag.ingest import load_corpus
from rag.retrieve import search
from rag.types import Answer, Hit

Progress = Callable[[str, int, int], None]
EVIDENCE_POOL = 30  # passages considered when choosing evidence
PER_DOCUMENT = 2  # best passages of every document among them that join the evidence


def evidence_pool(hits: list[Hit], k: int) -> list[Hit]:
    """The top-k passages plus each document's best passages further down, so an answer weighs
    every article that speaks to the question, not only the language that ranks highest.

    Example: top-8 all from one Persian article -> plus the two best passages of each Arabic one.
    """
    pool = list(hits[:k])
    per_doc = Counter(h.chunk.doc_id for h in pool)
    for h in hits[k:]:  # search returns each chunk once
        if per_doc[h.chunk.doc_id] < PER_DOCUMENT:
            pool.append(h)
            per_doc[h.chunk.doc_id] += 1
    return pool


def ensure_index(settings: Settings, embedder: Embedder, progress: Progress | None = None,
                 force: bool = False) -> tuple[Index, bool]:
    """The current index, rebuilt first if stale. Returns (index, rebuilt)."""
    corpus = load_corpus(settings.corpus_dir)
    params = ChunkParams(settings.chunk_tokens, settings.chunk_overlap)
    fingerprint = corpus_fingerprint(corpus, params, embedder.model_id)
    previous: Index | None = None
    try:
        manifest = read_manifest(settings.index_dir)
        previous = load_index(settings.index_dir)
        if not force and manifest.get("corpus_fingerprint") == fingerprint:
            return previous, False
    except IndexCorrupt:
        previous = None
    if not corpus.documents:
        names = "; ".join(f"{s.path}: {s.reason}" for s in corpus.skipped) or "no article files"
        raise CorpusError(f"{settings.corpus_dir}: no readable articles ({names})")
    index = build_index(corpus, embedder, params, previous=previous, progress=progress)
    save_index(index, settings.index_dir)
    return index, True


class Pipeline:
    """Question in, ranked passages or a cited answer out."""

    def __init__(self, settings: Settings | None = None, progress: Progress | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.embedder = get_embedder(self.settings.embedder, self.settings.threads)
        self.index, self.rebuilt = ensure_index(self.settings, self.embedder, progress)

    def check_question(self, question: str) -> str:
        """Reject empty or overlong questions before any work is done."""
        question = (question or "").strip()
        if not question:
            raise InvalidInput("question is empty")
        if len(question) > self.settings.max_query_chars:
            raise InvalidInput(
                f"question is too long: {len(question)} characters (limit {self.settings.max_query_chars})")
        return question

    def search(self, question: str, k: int | None = None, doc_ids: Iterable[str] | None = None,
               languages: Iterable[str] | None = None, mode: str = "hybrid") -> list[Hit]:
        question = self.check_question(question)
        vector = self.embedder.embed_query(question)
        with limit_threads(self.settings.threads):  # FAISS: one thread per question (Settings.threads)
            return search(self.index, vector, question, k or self.settings.top_k, doc_ids, languages, mode)

    def ask(self, question: str, k: int | None = None, doc_ids: Iterable[str] | None = None,
            languages: Iterable[str] | None = None) -> Answer:
        from rag.answer import answer_question

        t0 = time.perf_counter()
        question = self.check_question(question)
        vector = self.embedder.embed_query(question)
        t1 = time.perf_counter()
        k = k or self.settings.top_k
        with limit_threads(self.settings.threads):  # FAISS: one thread per question (Settings.threads)
            wide = search(self.index, vector, question, max(k, EVIDENCE_POOL), doc_ids, languages)
        t2 = time.perf_counter()
        answer = answer_question(self.index, question, vector, wide[:k], evidence_pool(wide, k))
        t3 = time.perf_counter()
        timings = {"embed": (t1 - t0) * 1e3, "retrieve": (t2 - t1) * 1e3, "answer": (t3 - t2) * 1e3,
                   "total": (t3 - t0) * 1e3}
        return answer.with_timings({k: round(v, 2) for k, v in timings.items()})
