"""Records read on demand: what lets a million-sentence index open in about a second.

An index used to make every sentence and chunk a Python object, and a dict from every id to its row,
when it was opened (31-35 s and 3.4 GB at ~1M sentences). Here the records stay JSON lines in their
memory-mapped file, found by byte offset, and become the usual frozen dataclasses (``Sentence``,
``Chunk``) only when a question touches them; ids find their rows by binary search in a sorted array.
The arrays (``Columns``) are written beside the JSON lines as ``records.npz`` (``rag.index_files``).
"""

from __future__ import annotations

import bisect
import mmap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from rag.types import Chunk, Document, Sentence, Value

RECORDS_FILE = "records.npz"


def _loads() -> Callable[[bytes], Any]:
    try:
        import orjson
    except ImportError:  # pragma: no cover - gradio brings orjson; plain json reads the same rows
        import json

        return json.loads
    return orjson.loads


def make_sentence(row: dict) -> Sentence:
    row.pop("values", None)
    return Sentence(**row)


def make_values(row: dict) -> tuple[Value, ...]:
    return tuple(Value(**v) for v in row.get("values", ()))


def make_chunk(row: dict) -> Chunk:
    return Chunk(**{**row, "sentence_ids": tuple(row["sentence_ids"])})


def _position(i: Any, length: int) -> int:
    """A list's reading of an index: negative counts from the end, outside the rows is an IndexError."""
    i = int(i)
    if i < 0:
        i += length
    if not 0 <= i < length:
        raise IndexError(i)
    return i


class LineRecords(Sequence):
    """Line ``i`` of a JSON-lines buffer, parsed and made a record by ``make`` when first asked for (then kept).

    Example: LineRecords(b'{"a":1}\\n{"a":2}\\n', [0, 8, 16], dict)[1] -> {'a': 2}.
    """

    def __init__(self, blob: Any, offsets: np.ndarray, make: Callable[[dict], Any]) -> None:
        self.blob, self.offsets, self.make = blob, offsets, make
        self._made: dict[int, Any] = {}
        self._loads = _loads()

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = _position(i, len(self))
        found = self._made.get(i)
        if found is None:
            found = self._made[i] = self.make(self._loads(self.blob[int(self.offsets[i]):int(self.offsets[i + 1])]))
        return found

    def __iter__(self) -> Iterator:
        return (self[i] for i in range(len(self)))

    def __add__(self, other: Sequence) -> Concat:
        return Concat([self, other])


class Concat(Sequence):
    """Sequences read as one, without copying them (an appended index: the loaded rows, then the new ones)."""

    def __init__(self, parts: list[Sequence]) -> None:
        self.parts: list[Sequence] = [p for part in parts for p in (part.parts if isinstance(part, Concat) else [part])]
        self.ends = list(np.cumsum([len(p) for p in self.parts]))

    def __len__(self) -> int:
        return int(self.ends[-1]) if self.ends else 0

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = _position(i, len(self))
        k = bisect.bisect_right(self.ends, i)
        return self.parts[k][i - (int(self.ends[k - 1]) if k else 0)]

    def __iter__(self) -> Iterator:
        for part in self.parts:
            yield from part

    def __add__(self, other: Sequence) -> Concat:
        return Concat([self, other])


def joined(first: Sequence, then: Sequence) -> Sequence:
    """``first`` followed by ``then``: a list when both are lists (an index built in memory), else a ``Concat``
    that reads ``first`` in place. Example: joined([1], [2]) -> [1, 2]."""
    return first + then if isinstance(first, list) and isinstance(then, list) else Concat([first, then])


def starts_with(whole: Sequence, prefix: Sequence) -> bool:
    """Whether ``whole`` begins with the records of ``prefix``: by identity of the parts when ``whole`` was
    made by appending to ``prefix`` (no record read), else record by record."""
    if isinstance(whole, Concat):
        mine = prefix.parts if isinstance(prefix, Concat) else [prefix]
        if len(whole.parts) >= len(mine) and all(a is b for a, b in zip(whole.parts, mine)):
            return True
    if len(whole) < len(prefix):
        return False
    return list(whole[:len(prefix)]) == list(prefix)


class IdRows(Mapping):
    """id -> row over an array of ids (bytes) by binary search; the last row wins for a repeated id, as a
    dict built in row order would. Looked-up ids are kept in a dict (a question asks for the same ones often)."""

    def __init__(self, ids: np.ndarray, order: np.ndarray | None = None) -> None:
        self.ids = ids
        self.order = np.argsort(ids, kind="stable") if order is None else order
        self._sorted = ids[self.order]
        self._seen: dict[str, int] = {}

    def __getitem__(self, key: str) -> int:
        found = self._seen.get(key)
        if found is not None:
            return found
        if not isinstance(key, str):
            raise KeyError(key)
        k = key.encode()
        if not k or len(k) > self._sorted.dtype.itemsize or k.endswith(b"\0"):
            raise KeyError(key)
        i = int(np.searchsorted(self._sorted, k, side="right")) - 1
        if i < 0 or self._sorted[i] != k:
            raise KeyError(key)
        found = self._seen[key] = int(self.order[i])
        return found

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[str]:
        return (i.decode() for i in self.ids)


class ValueRows(Mapping):
    """(sent_id, position) -> row of value_vectors.npy: the sentence's first value row plus the position."""

    def __init__(self, sentence_row: Mapping[str, int], counts: np.ndarray) -> None:
        self.sentence_row, self.counts = sentence_row, counts
        self.first = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])

    def __getitem__(self, key: tuple[str, int]) -> int:
        sent_id, j = key
        row = self.sentence_row[sent_id]
        if not 0 <= j < self.counts[row]:
            raise KeyError(key)
        return int(self.first[row]) + j

    def __len__(self) -> int:
        return int(self.first[-1])

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for sent_id, count in zip(self.sentence_row, self.counts.tolist()):
            for j in range(count):
                yield sent_id, j


class ValuesById(Mapping):
    """sent_id -> the values found in it at index time, read from the sentence's own line when asked for."""

    def __init__(self, sentence_row: Mapping[str, int], rows: Sequence[tuple[Value, ...]]) -> None:
        self.sentence_row, self.rows = sentence_row, rows  # (not ``values``: Mapping.values() must stay a method)

    def __getitem__(self, sent_id: str) -> tuple[Value, ...]:
        return self.rows[self.sentence_row[sent_id]]

    def __len__(self) -> int:
        return len(self.sentence_row)

    def __iter__(self) -> Iterator[str]:
        return iter(self.sentence_row)


class SpanIds(Mapping):
    """(doc_id, start, end) -> sent_id, through the document's sentence rows and their spans."""

    def __init__(self, document_rows: Mapping[str, np.ndarray], spans: np.ndarray, ids: Mapping[str, int]) -> None:
        self.document_rows, self.spans, self.ids = document_rows, spans, ids
        self._names = None

    def __getitem__(self, key: tuple[str, int, int]) -> str:
        doc_id, start, end = key
        rows = self.document_rows.get(doc_id, np.zeros(0, dtype=np.int64))
        hit = rows[(self.spans[rows, 0] == start) & (self.spans[rows, 1] == end)]
        if not len(hit):
            raise KeyError(key)
        return self.ids.ids[int(hit[-1])].decode()  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self.spans)

    def __iter__(self) -> Iterator[tuple[str, int, int]]:
        for doc_id, rows in self.document_rows.items():
            for start, end in self.spans[rows].tolist():
                yield doc_id, start, end


class Members(Sequence):
    """Per chunk, its sentence rows: one flat array and where each chunk's rows start (CSR)."""

    def __init__(self, offsets: np.ndarray, rows: np.ndarray) -> None:
        self.offsets, self.rows = offsets, rows

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self.rows[self.offsets[i]:self.offsets[i + 1]]

    def where(self, keep: np.ndarray) -> Members:
        """The same chunks with only the member rows ``keep`` (a mask over sentence rows) allows."""
        mask = keep[self.rows]
        ends = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])
        return Members(ends[self.offsets], self.rows[mask])


@dataclass
class Columns:
    """The per-row facts an index derives its lookups from, as arrays (kept in ``records.npz``)."""

    doc_ids: list[str]  # documents in index order; *_doc columns are positions in it
    doc_language: np.ndarray  # bytes (numpy S): each document's language, in that order
    sentence_ids: np.ndarray  # bytes (numpy S), row order
    sentence_order: np.ndarray  # argsort of sentence_ids
    sentence_doc: np.ndarray  # int32
    sentence_span: np.ndarray  # int64 (n, 2): start, end in the document
    sentence_values: np.ndarray  # int32: values found in each sentence
    chunk_ids: np.ndarray
    chunk_order: np.ndarray
    chunk_doc: np.ndarray
    member_offsets: np.ndarray  # int64 (chunks + 1)
    members: np.ndarray  # int64 sentence rows of every chunk, concatenated

    @classmethod
    def of(cls, documents: Mapping[str, Document], sentences: Sequence[Sentence], chunks: Sequence[Chunk],
           values: Mapping[str, tuple[Value, ...]], base: Columns | None = None) -> Columns:
        """From records in memory; with ``base``, the records are the rows after ``base``'s."""
        doc_ids = list(documents)
        doc_pos = {d: i for i, d in enumerate(doc_ids)}
        ns = len(base.sentence_ids) if base is not None else 0
        sent_row = {s.sent_id: ns + i for i, s in enumerate(sentences)}

        def ids(records, attr) -> np.ndarray:
            return np.array([getattr(r, attr).encode() for r in records], dtype=bytes) if len(records) else np.zeros(0, "S1")

        def member_row(sid: str) -> int:
            return sent_row[sid] if sid in sent_row else base_rows[sid]

        base_rows = IdRows(base.sentence_ids, base.sentence_order) if base is not None else {}
        members = [member_row(sid) for c in chunks for sid in c.sentence_ids]
        languages = np.array([documents[d].language.encode() for d in doc_ids], dtype=bytes) if doc_ids else np.zeros(0, "S1")
        fresh = cls(doc_ids, languages, ids(sentences, "sent_id"), np.zeros(0, np.int64),
                    np.array([doc_pos[s.doc_id] for s in sentences], dtype=np.int32),
                    np.array([(s.start, s.end) for s in sentences], dtype=np.int64).reshape(-1, 2),
                    np.array([len(values.get(s.sent_id, ())) for s in sentences], dtype=np.int32),
                    ids(chunks, "chunk_id"), np.zeros(0, np.int64),
                    np.array([doc_pos[c.doc_id] for c in chunks], dtype=np.int32),
                    np.concatenate([[0], np.cumsum([len(c.sentence_ids) for c in chunks], dtype=np.int64)]),
                    np.array(members, dtype=np.int64))
        if base is None:
            fresh.sentence_order = np.argsort(fresh.sentence_ids, kind="stable")
            fresh.chunk_order = np.argsort(fresh.chunk_ids, kind="stable")
            return fresh
        return base.extended(fresh)

    def extended(self, fresh: Columns) -> Columns:
        """These rows followed by ``fresh``'s (whose ``doc_ids`` list every document, old ones first)."""
        sentence_ids = np.concatenate([self.sentence_ids, fresh.sentence_ids])
        chunk_ids = np.concatenate([self.chunk_ids, fresh.chunk_ids])
        position = {d: i for i, d in enumerate(fresh.doc_ids)}
        moved = np.array([position[d] for d in self.doc_ids], dtype=np.int32)  # old document -> its new position
        return Columns(fresh.doc_ids, fresh.doc_language, sentence_ids, np.argsort(sentence_ids, kind="stable"),
                       np.concatenate([moved[self.sentence_doc], fresh.sentence_doc]),
                       np.concatenate([self.sentence_span, fresh.sentence_span]),
                       np.concatenate([self.sentence_values, fresh.sentence_values]),
                       chunk_ids, np.argsort(chunk_ids, kind="stable"),
                       np.concatenate([moved[self.chunk_doc], fresh.chunk_doc]),
                       np.concatenate([self.member_offsets, fresh.member_offsets[1:] + self.member_offsets[-1]]),
                       np.concatenate([self.members, fresh.members]))

    def arrays(self) -> dict[str, np.ndarray]:
        out = {k: v for k, v in vars(self).items() if k != "doc_ids"}
        out["doc_ids"] = np.array([d.encode() for d in self.doc_ids], dtype=bytes) if self.doc_ids else np.zeros(0, "S1")
        return out

    @classmethod
    def read(cls, path: Path) -> tuple[Columns, dict[str, np.ndarray]]:
        """The columns, and the other arrays of the file (the line offsets of sentences.jsonl and chunks.jsonl)."""
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        arrays["doc_ids"] = [d.decode() for d in arrays["doc_ids"].tolist()]
        names = [f.name for f in fields(cls)]
        return cls(**{k: arrays.pop(k) for k in names}), arrays


def make_document(row: dict) -> Document:
    return Document(**row)


class Documents(Mapping):
    """doc_id -> Document, each made from its line of documents.jsonl when first asked for (the documents' text
    is most of an index's bytes: 259 MB of 63k documents at ~1M sentences, 5 s to parse at open)."""

    def __init__(self, doc_ids: list[str], records: Sequence[Document]) -> None:
        self.doc_ids, self.records = doc_ids, records
        self.position = {d: i for i, d in enumerate(doc_ids)}

    def __getitem__(self, doc_id: str) -> Document:
        return self.records[self.position[doc_id]]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.position

    def __len__(self) -> int:
        return len(self.doc_ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self.doc_ids)


def line_offsets(path: Path) -> np.ndarray:
    """Byte offsets of every line of a file and its end. Example: b'ab\\ncd\\n' -> [0, 3, 6]."""
    data = np.fromfile(path, dtype=np.uint8)
    ends = np.flatnonzero(data == 10) + 1
    return np.concatenate([[0], ends]).astype(np.int64)


def mapped(path: Path) -> Any:
    """The file memory-mapped read-only (empty files as b''), read-ahead off: lines are read scattered."""
    if path.stat().st_size == 0:
        return b""
    with path.open("rb") as f:
        buffer = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(buffer, "madvise") and hasattr(mmap, "MADV_RANDOM"):
        buffer.madvise(mmap.MADV_RANDOM)
    return buffer
