"""The in-memory index: what a question needs, loaded once and read-only after build.

``Index`` holds the records (documents, sentences, chunks, values) and their vectors; the lookups it
derives at load are the only per-index work a question does not repeat. Built by ``rag.index``,
written and read by ``rag.index_files``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rag.calibrate import LanguageRows, language_rows
from rag.index_rows import Columns, IdRows, Members, SpanIds, ValueRows, starts_with
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
    documents: Mapping[str, Document]  # a dict, or documents read on demand (rag.index_rows)
    sentences: Sequence[Sentence]  # a list, or records read on demand (rag.index_rows)
    chunks: Sequence[Chunk]
    values: Mapping[str, tuple[Value, ...]]  # sent_id → values found at index time
    sentence_vectors: np.ndarray
    chunk_vectors: np.ndarray
    faiss_index: Any  # faiss.Index (untyped library)
    bm25: Any  # bm25s.BM25
    value_vectors: np.ndarray  # one row per (sentence, value), in sentence order then value order
    sentence_row: Mapping[str, int] = field(default_factory=dict)
    chunk_row: Mapping[str, int] = field(default_factory=dict)
    chunk_language: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    chunk_sentence_rows: Sequence[np.ndarray] = field(default_factory=list)
    short_sentence: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    generation: str = ""  # the store generation it was loaded from or published as
    faiss_file: str = ""  # the file faiss_index was memory-mapped from (rag.index_files), if it was
    calibration_rows: dict[str, LanguageRows] = field(default_factory=dict)  # kept on disk, else derived here
    bm25_tokens: Any = None  # rag.index_bm25.TokenIds of every chunk, when kept (adds then skip tokenizing)

    sources: dict[str, tuple[int, int]] = field(default_factory=dict)  # file path -> (size, mtime_ns) it was read at
    extends: Any = None  # the Index this one appends rows to (rag.index_append): its lookups are reused
    columns: Columns | None = None  # per-row arrays (rag.index_rows), read with the index; else derived here
    concept_rows: Any = None  # rag.concept_rows.ConceptRows: the lexicon's mentions of every sentence, if found
    word_rows: Any = None  # rag.word_rows.WordRows: every chunk's words for the English-question word map, if found

    def __post_init__(self) -> None:
        """Lookups derived once at load, as arrays, so a question does no per-chunk Python work it can avoid
        and opening makes no Python object per row (``rag.index_rows``: ids are binary-searched, records
        made when a question touches them).

        An index built by appending rows to ``extends`` derives its columns for the new rows only; the
        reference is dropped so the old index can be freed.
        """
        base, self.extends = self.extends, None
        if base is not None and (base.columns is None or not starts_with(self.sentences, base.sentences)
                                 or not starts_with(self.chunks, base.chunks)):
            base = None  # not a prefix: derive everything
        ns = len(base.sentences) if base is not None else 0
        if self.columns is None:
            self.columns = Columns.of(self.documents, self.sentences[ns:] if base else self.sentences,
                                      self.chunks[len(base.chunks):] if base else self.chunks, self.values,
                                      base.columns if base else None)
        cols = self.columns
        codes, inverse = np.unique(cols.doc_language, return_inverse=True)  # no document read
        languages, doc_code = [x.decode() for x in codes.tolist()], inverse.astype(np.int16)
        names = np.array(languages, dtype=object)
        self.sentence_row = IdRows(cols.sentence_ids, cols.sentence_order)
        self.chunk_row = IdRows(cols.chunk_ids, cols.chunk_order)
        chunk_code, sentence_code = doc_code[cols.chunk_doc], doc_code[cols.sentence_doc]
        self.chunk_language = names[chunk_code]
        self.sentence_language = names[sentence_code]
        self.value_language = np.repeat(self.sentence_language, cols.sentence_values)
        self.chunk_sentence_rows = Members(cols.member_offsets, cols.members)
        self.value_row = ValueRows(self.sentence_row, cols.sentence_values)
        # Headings and fragments: too short to stand for a chunk in max-sim (they are hubs).
        # (kept in sentence_fragment.npy by rag.index_files: at 100k sentences deriving it took ~3 s of a load)
        kept = np.asarray(self.short_sentence, dtype=bool)
        if not (base is None and len(kept) == len(self.sentences) > 0):
            old = base.short_sentence if base is not None else np.zeros(0, dtype=bool)
            kept = np.concatenate([old, np.array([is_fragment(s.text) for s in self.sentences[len(old):]], dtype=bool)])
        self.short_sentence = kept
        # Rows each question's calibration samples, per language (rag.calibrate): once per index,
        # so no per-question step scans every chunk, sentence or value for its language. A loaded index
        # brings them (calibration.npz: derived here they read scattered rows of every vector file).
        stored = self.calibration_rows
        usable = {"chunk": len(self.chunks), "sentence": int((~self.short_sentence).sum()), "value": len(self.value_vectors)}
        if base is None and set(stored) == set(usable) and all(sum(stored[k].count.values()) == n for k, n in usable.items()):
            pass  # read with the index (rag.index_files): derived at build, from the same rows
        else:
            self.calibration_rows = self._derive_calibration()
        # doc_id -> its sentence rows, in reading order; language -> its chunk rows
        self.document_rows: dict[str, np.ndarray] = {cols.doc_ids[d]: rows for d, rows in _groups(cols.sentence_doc)}
        self.language_chunk_rows = {languages[k]: rows for k, rows in _groups(chunk_code)}
        self.sentence_at: Mapping[tuple[str, int, int], str] = SpanIds(self.document_rows, cols.sentence_span,
                                                                        self.sentence_row)
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


def _groups(keys: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Rows per key (small ints), keys ascending, rows ascending within each.

    Example: [1, 0, 1] -> [(0, [1]), (1, [0, 2])].
    """
    keys = np.asarray(keys)
    ascending = len(keys) < 2 or bool((keys[1:] >= keys[:-1]).all())  # sentences come in document order
    order = np.arange(len(keys), dtype=np.int64) if ascending else np.argsort(keys, kind="stable").astype(np.int64)
    ordered = keys[order]
    starts = np.concatenate([[0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1]) if len(keys) else np.zeros(0, np.int64)
    return [(int(k), rows) for k, rows in zip(ordered[starts].tolist(), np.split(order, starts[1:]))]


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
