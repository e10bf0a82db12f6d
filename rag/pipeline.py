"""The one object the CLI, the app and the evaluation share: a fresh index plus the embedder.

Opening a pipeline loads ``index/``; when the corpus, the chunking or the model changed since it
was built (or a file fails its checksum), it rebuilds, re-embedding only new or changed text, and
publishes the new index as a new generation (``rag.store``). A failed rebuild raises and leaves the
previous index serving. ``reload_if_changed`` lets a running app pick up an index published meanwhile.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rag import store
from rag.compare import compared, comparison
from rag.concepts import ConceptIndex
from rag.config import Settings, check_k
from rag.embed import Embedder, get_embedder, limit_threads
from rag.errors import CorpusError, IndexCorrupt, IndexMissing, InvalidInput
from rag.index import PIPELINE_VERSION, ChunkParams, Index, build_index, corpus_fingerprint, load_index_dir, save_index
from rag.index_open import open_index
from rag.ingest import load_corpus
from rag.language import question_language
from rag.query import Query, parse_query
from rag.retrieve import search, search_with_languages
from rag.spelling import correct
from rag.translate import attach_word_map
from rag.types import Answer, Document, Hit

log = logging.getLogger("rag.index")
Progress = Callable[[str, int, int], None]
EVIDENCE_POOL = 30  # passages considered when choosing evidence
PER_DOCUMENT = 2  # best passages of every document among them that join the evidence


def evidence_pool(hits: list[Hit], k: int, own: Sequence[list[Hit]] = ()) -> list[Hit]:
    """The top-k passages plus each document's best passages further down, so an answer weighs
    every article that speaks to the question, not only the language that ranks highest.
    ``own`` are the rankings of each language of a collection that holds several: a document the
    question's own language crowds out of the mixed ranking gives its best passages from there.

    Example: top-8 all from one Persian article -> plus the two best passages of each Arabic one.
    """
    pool = list(hits[:k])
    per_doc = Counter(h.chunk.doc_id for h in pool)
    seen = {h.chunk.chunk_id for h in hits}
    further = hits[k:] + [h for ranking in own for h in ranking if h.chunk.chunk_id not in seen]
    for h in further:  # search returns each chunk once
        if per_doc[h.chunk.doc_id] < PER_DOCUMENT:
            pool.append(h)
            per_doc[h.chunk.doc_id] += 1
    return pool


def _notify(message: str) -> None:
    log.warning("%s", message)


def ensure_index(settings: Settings, embedder: Embedder, progress: Progress | None = None,
                 force: bool = False, notify: Callable[[str], None] = _notify,
                 current: Index | None = None, added: Sequence[Path] = ()) -> tuple[Index, bool]:
    """The current index, rebuilt first if stale or damaged. Returns (index, rebuilt).

    Leftovers of a killed build are removed first; a damaged index is reported through ``notify``
    (what was wrong, what is done about it) and rebuilt, reusing the vectors of the newest generation
    that still checks out. ``current``: the index the caller already holds (the app's); used instead
    of loading it again when it is still the published generation. ``added``: files the caller has just
    written into the corpus (the app's add); with ``current``, the corpus is taken to be its documents plus
    those, without listing the folder (``rag.index_append.corpus_plus``).
    """
    t0 = time.perf_counter()
    store.clean(settings.index_dir)
    params = ChunkParams(settings.chunk_tokens, settings.chunk_overlap)
    previous: Index | None = None
    damaged: IndexCorrupt | None = None
    try:
        if current is not None and current.generation and store.read_pointer_quiet(settings.index_dir) == current.generation:
            previous = current
        else:
            previous = open_index(settings.index_dir, settings.verify)  # what it checks: rag.store
    except IndexMissing:
        previous = None
    except IndexCorrupt as e:
        previous, damaged = _salvage(settings.index_dir), e
    t1 = time.perf_counter()
    corpus = None
    if added and previous is not None and previous is current and damaged is None and not force:
        from rag.index_append import corpus_plus

        corpus = corpus_plus(previous, settings.corpus_dir, added)
    if corpus is None:
        corpus = load_corpus(settings.corpus_dir, known=None if force else known_files(previous))
    t2 = time.perf_counter()
    fingerprint = corpus_fingerprint(corpus, params, embedder.model_id)
    if previous is not None and damaged is None and not force and previous.manifest.get("corpus_fingerprint") == fingerprint:
        return previous, False
    if damaged is not None:
        reuse = (f"reusing the vectors of generation {previous.generation}" if previous is not None
                 else "embedding everything again")
        notify(f"index damaged: {damaged}. Rebuilding it from {settings.corpus_dir} ({reuse}); "
               "the damaged files are removed once the new index is in place.")
    if not corpus.documents:
        names = "; ".join(f"{s.path}: {s.reason}" for s in corpus.skipped) or "no article files"
        raise CorpusError(f"{settings.corpus_dir}: no readable articles ({names})")
    index = build_index(corpus, embedder, params, previous=previous, progress=progress, reuse_documents=not force)
    index.manifest["build"] |= {"seconds_load_previous": round(t1 - t0, 3), "seconds_read_corpus": round(t2 - t1, 3)}
    save_index(index, settings.index_dir)
    return index, True


def known_files(index: Index | None) -> dict[str, tuple[int, int, Document]]:
    """path -> (size, mtime_ns, Document) of the files the index was built from, for ``load_corpus``."""
    if index is None or index.manifest.get("pipeline_version") != PIPELINE_VERSION:
        return {}  # built by other reading code: every file is read again
    return {d.path: (*index.sources[d.path], d) for d in index.documents.values() if d.path in index.sources}


def _salvage(folder) -> Index | None:
    """The newest generation whose own files still match its manifest, for vector reuse only."""
    for gen in sorted(folder.glob("gen-*"), reverse=True) if folder.is_dir() else []:
        try:
            return load_index_dir(gen)
        except IndexCorrupt:
            continue
    return None


class Pipeline:
    """Question in, ranked passages or a cited answer out."""

    def __init__(self, settings: Settings | None = None, progress: Progress | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.embedder = get_embedder(self.settings.embedder, self.settings.threads, self.settings.query_engine)
        self.embedder.prepare_queries()  # the query encoder builds while the index loads (rag.embed)
        self.index, self.rebuilt = ensure_index(self.settings, self.embedder, progress)
        self._concepts: ConceptIndex | None = None
        self._cache = _AnswerCache(self.settings.answer_cache)
        attach_word_map(self.index, self.embedder)  # English questions' words in the corpus's script (rag.translate)

    @property
    def concepts(self) -> ConceptIndex:
        """The lexicon's concepts per sentence, read once per loaded index."""
        old = self._concepts
        if old is None or old.index is not self.index:
            # A new index (an article added or removed): unchanged sentences keep their mentions (a
            # sentence id hashes its text), so only the new article's sentences are read again.
            stored = getattr(self.index, "concept_rows", None) is not None  # found at index time (rag.concept_rows)
            known = {} if old is None or stored else {s.sent_id: old.mentions[s.sent_id] for s in self.index.sentences
                                                      if s.sent_id in old.mentions}
            self._concepts = old = ConceptIndex(self.index, mentions=known)
        return old

    def parse(self, question: str) -> Query:
        """The question checked, its misspelt names mended (``rag.spelling``), parsed and embedded once; every stage
        reads this."""
        question = correct(self.check_question(question))
        vector = self._cache.vector(question, self.embedder.embed_query)
        return parse_query(question, vector)

    def reload_if_changed(self) -> bool:
        """Switch to a newer published index without a restart (a cheap read of index/CURRENT).

        Call it between questions, never inside one: a question must read one index throughout.
        """
        try:
            current = store.read_pointer(self.settings.index_dir)
        except IndexCorrupt:
            return False
        if current is None or current.generation == self.index.generation:
            return False
        try:
            index = open_index(self.settings.index_dir, self.settings.verify)
            words = getattr(getattr(self.index, "word_map", None), "store", None)
            attach_word_map(index, self.embedder, cache=words, previous=self.index)  # extended if rows were appended
        except IndexCorrupt as e:
            log.warning("a new index was published but cannot be loaded (%s); still serving the previous one", e)
            return False
        self.index = index
        return True

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
        question = correct(self.check_question(question))  # as ask() reads it: 'herzg' is Herzog (rag.spelling)
        vector = self.embedder.embed_query(question)
        k = self.settings.top_k if k is None else check_k(k)
        with limit_threads(self.settings.threads):  # FAISS: one thread per question (Settings.threads)
            return search(self.index, vector, question, k, doc_ids, languages, mode)

    def ask(self, question: str, k: int | None = None, doc_ids: Iterable[str] | None = None,
            languages: Iterable[str] | None = None) -> Answer:
        from rag.answer import answer_question
        from rag.gloss import with_glosses

        t0 = time.perf_counter()
        k = self.settings.top_k if k is None else check_k(k)
        key = (self.check_question(question), k, tuple(doc_ids) if doc_ids else None,
               tuple(languages) if languages else None)
        cached = self._cache.answer(self.index, key)
        if cached is not None:  # the same question on the same index generation: the same answer
            took = round((time.perf_counter() - t0) * 1e3, 2)
            return cached.with_timings({"cached": took, "total": took})
        sides = comparison(key[0], question_language(key[0]))  # 'Which came first: A or B?' (rag.compare)
        if sides is not None:
            both = compared(sides, key[0], lambda q: self.ask(q, k, doc_ids, languages))
            if both is not None:
                both = both.with_timings({"total": round((time.perf_counter() - t0) * 1e3, 2)})
                self._cache.keep(self.index, key, both)
                return both
        query = self.parse(question)
        assert query.vector is not None  # parse() embeds; for type checkers
        t1 = time.perf_counter()
        with limit_threads(self.settings.threads):  # FAISS: one thread per question (Settings.threads)
            # A Persian question's top 30 held 26 passages of the one Persian article and none of an Arabic one that
            # answers it: in a collection of several languages, each one's own ranking joins the evidence pool. (Only
            # where a language holds fewer than k of the top 30, the Arabic sentence that says why Baku wanted Iron
            # Dome was still left out.)
            wide, own = search_with_languages(self.index, query.vector, query.text, max(k, EVIDENCE_POOL), doc_ids,
                                              languages)
        t2 = time.perf_counter()
        answer = answer_question(self.index, query, wide[:k], evidence_pool(wide, k, list(own.values())), self.concepts)
        answer = with_glosses(answer, self.index.documents)  # English fact lines (rag.gloss)
        if answer.question != key[0]:  # the asker's own words, whatever spelling was read (rag.spelling)
            answer = dataclasses.replace(answer, question=key[0])
        t3 = time.perf_counter()
        timings = {"embed": (t1 - t0) * 1e3, "retrieve": (t2 - t1) * 1e3, "answer": (t3 - t2) * 1e3,
                   "total": (t3 - t0) * 1e3}
        answer = answer.with_timings({k: round(v, 2) for k, v in timings.items()})
        self._cache.keep(self.index, key, answer)
        return answer


class _AnswerCache:
    """Answers by (question, k, filters) and question vectors by text, for one index at a time.

    Off (size 0) unless ``Settings.answer_cache`` says otherwise: the app turns it on, because a
    served collection is asked the same questions again (its examples, a reloaded page). An answer
    depends on the question, k, the filters and the index only, so it is kept until the index
    changes (``reload_if_changed``, an added article); a hit is marked ``timings_ms["cached"]``.
    Thread-safe; evaluations and benchmarks leave it off so every answer they time is computed.
    """

    def __init__(self, size: int) -> None:
        from cachetools import LRUCache

        self.size = size
        self._answers: LRUCache = LRUCache(maxsize=max(size, 1))
        self._vectors: LRUCache = LRUCache(maxsize=max(size, 1))
        self._index: object = None
        self._lock = threading.Lock()

    def _check(self, index: Index) -> None:
        if self._index is not index:
            self._answers.clear()
            self._index = index

    def answer(self, index: Index, key: tuple) -> Answer | None:
        if not self.size:
            return None
        with self._lock:
            self._check(index)
            return self._answers.get(key)

    def keep(self, index: Index, key: tuple, answer: Answer) -> None:
        if self.size:
            with self._lock:
                self._check(index)
                self._answers[key] = answer

    def vector(self, question: str, embed: Callable):
        """The question's vector (it depends on the text and the model only, not on the index)."""
        if not self.size:
            return embed(question)
        with self._lock:
            vector = self._vectors.get(question)
        if vector is None:
            vector = embed(question)
            vector.setflags(write=False)  # shared between answers: read-only
            with self._lock:
                self._vectors[question] = vector
        return vector
