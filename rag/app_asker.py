"""Thread-safe access to one Pipeline for the web app: questions, and documents added or removed."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rag import library, store
from rag.chat import RagChat
from rag.config import check_k
from rag.errors import InvalidInput, RagError
from rag.llm import spec_from_env
from rag.pipeline import Pipeline, ensure_index
from rag.translate import attach_word_map
from rag.types import Answer

log = logging.getLogger("rag.app")
# None of them in the gold set. First a plain question (the lexicon, the concept index, the query
# model), then one per language naming someone the articles do not: each language loads its own
# value patterns and word frequencies (wordfreq's list, ~0.5 s CPU, read to tell a name from a word)
# on its first such question. Each names a month, so each language's date parser (dateparser's locale
# data: 0.2-0.3 s CPU on a language's first month name, e.g. a Persian question naming اکتبر) is loaded
# here and not by a user's question. A real question stops the rest (Asker.warm_up).
WARM_UP_QUESTIONS = ("Which agreements did the two countries sign?", "متى زار ماكرون باكو في أكتوبر؟",
                     "ماکرون کی در اکتبر به باکو سفر کرد؟", "When did Macron visit Baku in October?")


def warm_add() -> None:
    """Load what adding an article needs and no question does: tiktoken's encoding, which counts a chunk's
    tokens (0.4-0.9 s on the first add of a process, +45 MB; the date parsers come with the warm-up
    questions). Called after them (``Asker.warm_up``), so the user's first add does not pay it."""
    from rag.chunk import count_tokens

    count_tokens("warm")


class Shared:
    """Up to ``readers`` holders at once (questions), or one ``exclusive`` holder (a new index swapped in).

    Questions only read the index; answering one releases the GIL for most of its CPU (the query's
    ONNX Runtime pass, FAISS, numpy), so two run side by side on the two cores. An exclusive holder
    takes every permit, one at a time, keeping those it has: it waits for the questions in flight,
    and new ones cannot starve it."""

    def __init__(self, readers: int) -> None:
        self.readers = max(1, int(readers))
        self._permits = threading.BoundedSemaphore(self.readers)
        self._writer = threading.Lock()  # two exclusive holders must not each hold half the permits

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._permits:
            yield

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._writer:
            for _ in range(self.readers):
                self._permits.acquire()
            try:
                yield
            finally:
                for _ in range(self.readers):
                    self._permits.release()


class Asker:
    """Thread-safe access to one Pipeline; adding or removing a document swaps in the updated index.

    ``readers`` questions are answered at once (the app's queue runs as many: rag.app_server.CONCURRENCY);
    adding, removing or reloading an index waits for them and runs alone."""

    def __init__(self, pipeline: Pipeline, readers: int = 1) -> None:
        self.pipeline = pipeline
        self.chat = RagChat.from_spec(pipeline, spec_from_env())  # follow-ups; a model only if RAG_LLM is set
        self._access = Shared(readers)
        self._asked = threading.Event()  # a real question came: the warm-up stops
        self.answered = threading.Event()  # a question (warm-up or real) went through the pipeline once
        self._in_flight = 0  # real questions being answered (``wait_quiet``)
        self._quiet = threading.Condition()

    @property
    def documents(self):
        return self.pipeline.index.documents

    def ask(self, question: str, k: float, doc_ids=None, languages=None, history=None) -> Answer:
        self._asked.set()
        with self._quiet:
            self._in_flight += 1
        try:
            return self._ask(question, k, doc_ids, languages, history)
        finally:
            with self._quiet:
                self._in_flight -= 1
                self._quiet.notify_all()

    def wait_quiet(self, timeout: float) -> bool:
        """Wait (at most ``timeout`` s) until no real question is being answered; True if none is.

        ``app.main`` imports gradio once the first question has gone through, and that import holds the GIL
        for seconds: a user's question sent while the warm-up ran (the first real one, typically) would
        be answered beside it, 1.2-1.5 s later than alone (measured at load ~3). It waits for those."""
        with self._quiet:
            return self._quiet.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    def _ask(self, question: str, k: float, doc_ids=None, languages=None, history=None, alone: bool = False) -> Answer:
        if not isinstance(question, str):
            raise InvalidInput("question must be text")
        question = self.pipeline.check_question(question)  # cheap; refuses before any embedding or search
        k = check_k(k)
        doc_ids = ([doc_ids] if isinstance(doc_ids, str) else list(doc_ids or [])) or None
        languages = ([languages] if isinstance(languages, str) else list(languages or [])) or None
        unknown = [d for d in doc_ids or [] if d not in self.documents]
        if unknown:
            raise InvalidInput(f"unknown article id(s): {', '.join(map(str, unknown))}")
        bad = [x for x in languages or [] if x not in ("ar", "fa", "en")]
        if bad:
            raise InvalidInput(f"unknown language(s): {', '.join(map(str, bad))} (use ar, fa or en)")
        if self._published_newer():  # a newly published index is served from the next question on
            with self._access.exclusive():
                self.pipeline.reload_if_changed()
        with self._access.exclusive() if alone else self._access.shared():
            try:
                return self.chat.ask(question, history, k=k, doc_ids=doc_ids, languages=languages)
            finally:
                self.answered.set()

    def _published_newer(self) -> bool:
        """A cheap read of index/CURRENT, so a question takes the exclusive lock only when there is news."""
        current = store.read_pointer_quiet(self.pipeline.settings.index_dir)
        return current is not None and current != self.pipeline.index.generation

    def warm_up(self) -> None:
        """Ask fixed questions (none of the gold set) and drop the answers, so the first real question
        finds the lexicon, the concept index, the query model and what each language loads on first
        use ready. Runs in a thread while the server starts (``app.main``); none starts once a real question
        has come. The first, which loads what every question needs, runs alone (the exclusive access): a
        real question waits for it and finds all that loaded, rather than loading the same beside it. The
        others load one language each and run beside real questions, which need not wait for them."""
        t0 = time.perf_counter()
        for i, question in enumerate(WARM_UP_QUESTIONS):
            if self._asked.is_set():
                break
            try:
                self._ask(question, 8, alone=i == 0)
            except RagError as e:  # never fatal: the first real question then pays for the loading
                log.warning("warm-up question failed: %s", e)
        if not self._asked.is_set():
            warm_add()
        log.info("warm-up questions answered (and the add path loaded) in %.2f s", time.perf_counter() - t0)

    def _reindex(self, added: tuple[Path, ...] = ()) -> None:
        """``added``: the file just written (the corpus folder is then not listed again: ``ensure_index``)."""
        old = self.pipeline.index
        index, rebuilt = ensure_index(self.pipeline.settings, self.pipeline.embedder, current=old,
                                      added=added)  # appended to, not reloaded
        if rebuilt:  # the English-question word map (rag.translate) follows: extended by the new chunks
            store = getattr(getattr(old, "word_map", None), "store", None)
            attach_word_map(index, self.pipeline.embedder, cache=store, previous=old)
        self.pipeline.index = index

    def add(self, name: str, raw: bytes):
        """Write the file into the corpus and index its text (only the new text is embedded)."""
        with self._access.exclusive():
            doc = library.add_bytes(name, raw, Path(self.pipeline.settings.corpus_dir))
            try:
                self._reindex(added=(Path(doc.path),))
            except RagError:
                library.remove(doc.doc_id, Path(self.pipeline.settings.corpus_dir))
                raise
            return self.documents.get(doc.doc_id, doc)

    def remove(self, doc_id: str):
        with self._access.exclusive():
            doc = self.documents.get(doc_id)
            library.remove(doc_id, Path(self.pipeline.settings.corpus_dir))
            self._reindex()
            return doc
