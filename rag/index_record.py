"""The in-memory index: what a question needs, loaded once and read-only after build.

``Index`` holds the records (documents, sentences, chunks, values) and their vectors; the lookups it
derives at load are the only per-index work a question does not repeat. Built by ``rag.index``,
written and read by ``rag.index_files``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rag.calibrate import LanguageRows, language_rows
from rag.segment import is_fragment
from rag.types import Chunk, Document, Sentence, Value


@dataclass(frozen=True)
class ChunkParams:
    max_tokens: int = 256
    overlap: int = 1


@dataclass
class Index:
    """Everything a question needs, loaded once; read-only after build."""

    manifest: dict
    documents: dict[str, Document]
    sentences: list[Sentence]
    chunks: list[Chunk]
    values: dict[str, tuple[Value, ...]]  # sent_id → values found at index time
    sentence_vectors: np.ndarray
    chunk_vectors: np.ndarray
    faiss_index: Any  # faiss.Index (untyped library)
    bm25: Any  # bm25s.BM25
    value_vectors: np.ndarray  # one row per (sentence, value), in sentence order then value order
    sentence_row: dict[str, int] = field(default_factory=dict)
    chunk_row: dict[str, int] = field(default_factory=dict)
    chunk_language: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    chunk_sentence_rows: list[np.ndarray] = field(default_factory=list)
    short_sentence: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    generation: str = ""  # the store generation it was loaded from or published as
    faiss_file: str = ""  # the file faiss_index was memory-mapped from (rag.index_files), if it was
    calibration_rows: dict[str, LanguageRows] = field(default_factory=dict)  # kept on disk, else derived here
    bm25_tokens: Any = None  # rag.index_bm25.TokenIds of every chunk, when kept (adds then skip tokenizing)

    sources: dict[str, tuple[int, int]] = field(default_factory=dict)  # file path -> (size, mtime_ns) it was read at
    extends: Any = None  # the Index this one appends rows to (rag.index_append): its lookups are reused

    def __post_init__(self) -> None:
        """Lookups derived once at load, so a question does no per-chunk Python work it can avoid.

        An index built by appending rows to ``extends`` derives them for the new rows only (at 100k
        sentences deriving all of them took ~2 s); the reference is dropped so the old index can be freed.
        """
        base, self.extends = self.extends, None
        if base is not None and (self.sentences[:len(base.sentences)] != base.sentences
                                 or self.chunks[:len(base.chunks)] != base.chunks):
            base = None  # not a prefix: derive everything
        ns, nc = (len(base.sentences), len(base.chunks)) if base is not None else (0, 0)
        sentences, chunks = self.sentences[ns:], self.chunks[nc:]  # the rows to derive lookups for
        self.sentence_row = {**(base.sentence_row if base else {}), **{s.sent_id: ns + i for i, s in enumerate(sentences)}}
        self.sentence_at = {**(base.sentence_at if base else {}), **{(s.doc_id, s.start, s.end): s.sent_id for s in sentences}}
        self.chunk_row = {**(base.chunk_row if base else {}), **{c.chunk_id: nc + i for i, c in enumerate(chunks)}}

        def extended(old: str, new: list, dtype) -> np.ndarray:
            fresh = np.array(new, dtype=dtype)
            return np.concatenate([getattr(base, old), fresh]) if base is not None else fresh

        self.chunk_language = extended("chunk_language", [self.documents[c.doc_id].language for c in chunks], object)
        self.chunk_sentence_rows = (base.chunk_sentence_rows if base else []) + [
            np.array([self.sentence_row[s] for s in c.sentence_ids], dtype=np.int64) for c in chunks]
        # Headings and fragments: too short to stand for a chunk in max-sim (they are hubs).
        # (kept in sentence_fragment.npy by rag.index_files: at 100k sentences deriving it took ~3 s of a load)
        kept = np.asarray(self.short_sentence, dtype=bool)
        self.short_sentence = kept if base is None and len(kept) == len(self.sentences) > 0 else \
            extended("short_sentence", [is_fragment(s.text) for s in sentences], bool)
        keys = value_keys(sentences, self.values)
        nv = len(base.value_row) if base else 0
        self.value_row: dict[tuple[str, int], int] = {**(base.value_row if base else {}),
                                                     **{key: nv + i for i, key in enumerate(keys)}}
        self.sentence_language = extended("sentence_language", [self.documents[s.doc_id].language for s in sentences], object)
        language_of = dict(zip((s.sent_id for s in sentences), self.sentence_language[ns:]))
        self.value_language = extended("value_language", [language_of[sid] for sid, _ in keys], object)
        # Rows each question's calibration samples, per language (rag.calibrate): once per index,
        # so no per-question step scans every chunk, sentence or value for its language. A loaded index
        # brings them (calibration.npz: derived here they read scattered rows of every vector file).
        stored = self.calibration_rows
        usable = {"chunk": len(self.chunks), "sentence": int((~self.short_sentence).sum()), "value": len(self.value_vectors)}
        if base is None and set(stored) == set(usable) and all(sum(stored[k].count.values()) == n for k, n in usable.items()):
            pass  # read with the index (rag.index_files): derived at build, from the same rows
        else:
            self.calibration_rows = self._derive_calibration()
        # doc_id -> its sentence rows, in reading order; language -> its chunk rows (appended rows: grouped
        # alone and added to the base's groups)
        self.document_rows: dict[str, np.ndarray] = _group_rows([s.doc_id for s in sentences], ns,
                                                                base.document_rows if base else None)
        self.language_chunk_rows = dict(sorted(_group_rows(list(self.chunk_language[nc:]), nc,
                                                           base.language_chunk_rows if base else None).items()))
        self.memo: dict[tuple, Any] = {}  # answers to question-independent questions about this index

    def _derive_calibration(self) -> dict[str, LanguageRows]:
        """One BLAS thread: two spinning on a busy second core made these three products ~3 s of an add at 100k."""
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return {"chunk": language_rows(self.chunk_language, vectors=self.chunk_vectors),
                    "sentence": language_rows(self.sentence_language, ~self.short_sentence, vectors=self.sentence_vectors),
                    "value": language_rows(self.value_language, vectors=self.value_vectors)}

    def sentence(self, sent_id: str) -> Sentence:
        return self.sentences[self.sentence_row[sent_id]]


def _group_rows(keys: list[str], start: int = 0, base: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Rows per key, counted from ``start`` and added after ``base``'s rows of the same key.

    Example: ['a', 'b', 'a'] -> {'a': [0, 2], 'b': [1]}; ['a'], start 3, base {'a': [0, 2], 'b': [1]} ->
    {'a': [0, 2, 3], 'b': [1]}.
    """
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys, start):
        groups.setdefault(key, []).append(i)
    out = dict(base or {})
    for key, rows in groups.items():
        fresh = np.array(rows, dtype=np.int64)
        out[key] = np.concatenate([out[key], fresh]) if key in out else fresh
    return out


def value_keys(sentences: list[Sentence], values: dict[str, tuple[Value, ...]]) -> list[tuple[str, int]]:
    """(sent_id, value position) for every value, in the row order of value_vectors.npy."""
    return [(s.sent_id, j) for s in sentences for j in range(len(values.get(s.sent_id, ())))]


_CLAUSE_BREAK = re.compile(r"[،,؛;:]")


def value_context(sentence: str, value: Value, others: tuple[Value, ...] = (), max_words: int = 30) -> str:
    """The clause stating a value, widened over neighbouring clauses that state no other value.

    A sentence often carries several dates about different events; the clause is what tells which
    one answers the question, and a clause with no value of its own belongs to the nearest one.
    Example: 'ties began in 1992, and in 1997, during Netanyahu's visit' + 1997 ->
    'and in 1997, during Netanyahu's visit'.
    """
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    home = next(i for i, (a, b) in enumerate(spans) if a <= value.start < b or b == len(sentence))
    # A count written as a word ('دو کشور', the two countries) is too common to close a clause.
    taken = [(o.start, o.end) for o in others
             if (o.start, o.end) != (value.start, value.end) and any(ch.isdigit() for ch in o.surface)]

    def free(i: int) -> bool:
        a, b = spans[i]
        return not any(a <= start < b for start, _ in taken)

    left = right = home
    while True:
        words = len(sentence[spans[left][0]:spans[right][1]].split())
        grew = False
        if left > 0 and free(left - 1) and words + len(sentence[slice(*spans[left - 1])].split()) <= max_words:
            left -= 1
            grew = True
        words = len(sentence[spans[left][0]:spans[right][1]].split())
        if right + 1 < len(spans) and free(right + 1) and words + len(sentence[slice(*spans[right + 1])].split()) <= max_words:
            right += 1
            grew = True
        if not grew:
            break
    return sentence[spans[left][0]:spans[right][1]].strip(" ،,؛;:")
