"""The persistent index: plain files plus ``manifest.json``, written atomically.

Layout of ``index/``:
  manifest.json         schema version, embedder id and dimension, corpus fingerprint, counts, sha256 of every file
  documents.jsonl       one Document per line (metadata and verbatim text)
  sentences.jsonl       one Sentence per line, with the typed values found in it at index time
  chunks.jsonl          one Chunk per line
  sentence_vectors.npy  float32, rows aligned with sentences.jsonl
  chunk_vectors.npy     float32, rows aligned with chunks.jsonl
  value_vectors.npy     float32, one row per value found, embedding the clause that states it
  chunks.faiss          FAISS index over chunk vectors (exact inner product; HNSW above a size threshold)
  bm25/                 bm25s files (.npy + .json) over chunk tokens from our own tokenizer
No pickle anywhere. These files live in an immutable generation folder ``index/gen-<id>/`` named by
the pointer ``index/CURRENT`` (publishing and reading: ``rag.store``); a failed or killed build leaves
the previous index untouched. Vectors of unchanged sentences and chunks (ids are
content hashes) are reused, so an update embeds only what is new.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import numpy as np

from rag import store
from rag.calibrate import language_rows
from rag.chunk import make_chunks
from rag.embed import Embedder
from rag.errors import IndexCorrupt
from rag.ingest import Corpus, Skipped
from rag.segment import is_fragment, split_sentences
from rag.store import SCHEMA_VERSION, Manifest  # noqa: F401  (public names, importable from here)
from rag.types import Chunk, Document, Sentence, Value

PIPELINE_VERSION = "seg3-chunk3-norm3-values4"  # bump when segmentation/chunking/normalizing changes output
# The corpus's longest sentence is 499 characters; value extraction on one 400 KB run-on "sentence"
# took 66 s (200 KB: 18 s), so longer spans are not searched for values.
MAX_VALUE_SENTENCE_CHARS = 5_000
HNSW_THRESHOLD = 50_000  # exact search below this many chunks; see python -m benchmarks.speed --ann


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

    def __post_init__(self) -> None:
        """Lookups derived once at load, so a question does no per-chunk Python work it can avoid."""
        self.sentence_row = {s.sent_id: i for i, s in enumerate(self.sentences)}
        self.sentence_at = {(s.doc_id, s.start, s.end): s.sent_id for s in self.sentences}
        self.chunk_row = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.chunk_language = np.array([self.documents[c.doc_id].language for c in self.chunks], dtype=object)
        self.chunk_sentence_rows = [np.array([self.sentence_row[s] for s in c.sentence_ids], dtype=np.int64)
                                    for c in self.chunks]
        # Headings and fragments: too short to stand for a chunk in max-sim (they are hubs).
        self.short_sentence = np.array([is_fragment(s.text) for s in self.sentences], dtype=bool)
        keys = value_keys(self.sentences, self.values)
        self.value_row: dict[tuple[str, int], int] = {key: i for i, key in enumerate(keys)}
        self.sentence_language = np.array([self.documents[s.doc_id].language for s in self.sentences], dtype=object)
        language_of = dict(zip((s.sent_id for s in self.sentences), self.sentence_language))
        self.value_language = np.array([language_of[sid] for sid, _ in keys], dtype=object)
        # Rows each question's calibration samples, per language (rag.calibrate): once per index,
        # so no per-question step scans every chunk, sentence or value for its language.
        self.calibration_rows = {"chunk": language_rows(self.chunk_language),
                                 "sentence": language_rows(self.sentence_language, ~self.short_sentence),
                                 "value": language_rows(self.value_language)}
        # doc_id -> its sentence rows, in reading order
        self.document_rows: dict[str, np.ndarray] = _group_rows([s.doc_id for s in self.sentences])
        self.language_chunk_rows = dict(sorted(_group_rows(list(self.chunk_language)).items()))  # lang -> chunk rows
        self.memo: dict[tuple, Any] = {}  # answers to question-independent questions about this index

    def sentence(self, sent_id: str) -> Sentence:
        return self.sentences[self.sentence_row[sent_id]]


def _group_rows(keys: list[str]) -> dict[str, np.ndarray]:
    """Example: ['a', 'b', 'a'] -> {'a': [0, 2], 'b': [1]}."""
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    return {key: np.array(rows, dtype=np.int64) for key, rows in groups.items()}


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


def corpus_fingerprint(corpus: Corpus, params: ChunkParams, embedder_id: str) -> str:
    """Changes when any document, the chunking, the pipeline or the model changes."""
    h = hashlib.sha256()
    h.update(f"{PIPELINE_VERSION}|{params}|{embedder_id}".encode())
    for doc in corpus.documents:
        h.update(f"|{doc.doc_id}:{doc.fingerprint}".encode())
    return h.hexdigest()[:24]


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _faiss_index(vectors: np.ndarray):
    import faiss

    dim = vectors.shape[1]
    index: Any
    if len(vectors) >= HNSW_THRESHOLD:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 128
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _bm25(chunks: list[Chunk]):
    import bm25s

    from rag.normalize import tokenize

    retriever = bm25s.BM25()
    retriever.index([tokenize(c.text) or ["\x00empty"] for c in chunks], show_progress=False)
    return retriever


def _extract_sentence_values(doc: Document, sentences: list[Sentence]) -> dict[str, tuple[Value, ...]]:
    """Values per sentence; relative dates ('a month later') anchor on the last date stated before."""
    from rag.values import extract_values

    out: dict[str, tuple[Value, ...]] = {}
    anchor: str | None = None
    for s in sentences:
        if len(s.text) > MAX_VALUE_SENTENCE_CHARS:  # not a sentence (no punctuation); its cost would grow
            out[s.sent_id] = ()                      # with the square of its length
            continue
        values = extract_values(s.text, doc.language, doc.date, anchor)
        out[s.sent_id] = values
        dates = [v.value for v in values if v.kind == "date" and v.value[:1].isdigit() and "/" not in v.value]
        if dates:
            anchor = dates[-1]
    return out


def _reusable(previous: Index | None, embedder: Embedder) -> TypeGuard[Index]:
    """Old vectors are valid only for the same model and the same text preparation."""
    return (previous is not None and previous.manifest.get("embedder", {}).get("id") == embedder.model_id
            and previous.manifest.get("pipeline_version") == PIPELINE_VERSION)


def _reuse(previous: Index | None, embedder: Embedder) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Vectors of the previous index keyed by content id, if it was built the same way."""
    if not _reusable(previous, embedder):
        return {}, {}
    sent = {s.sent_id: previous.sentence_vectors[i] for i, s in enumerate(previous.sentences)}
    chunk = {c.chunk_id: previous.chunk_vectors[i] for i, c in enumerate(previous.chunks)}
    return sent, chunk


def _reuse_values(previous: Index | None, embedder: Embedder) -> dict[str, np.ndarray]:
    """Value-context vectors of the previous index keyed by context text."""
    if not _reusable(previous, embedder):
        return {}
    by_id = {s.sent_id: s for s in previous.sentences}
    return {value_context(by_id[sid].text, previous.values[sid][j], previous.values[sid]): previous.value_vectors[row]
            for (sid, j), row in previous.value_row.items()}


Parts = tuple[list[Sentence], list[Chunk], dict[str, tuple[Value, ...]]]


def _reuse_documents(previous: Index | None, embedder: Embedder, params: ChunkParams) -> dict[str, Parts]:
    """Sentences, chunks and values of the previous index per document, if it was built the same way:
    an unchanged document (same fingerprint) is not segmented, chunked or searched for values again,
    so adding one article does that work for that article only."""
    if not _reusable(previous, embedder) or previous.manifest.get("chunking") != asdict(params):
        return {}
    parts: dict[str, Parts] = {doc_id: ([], [], {}) for doc_id in previous.documents}
    for s in previous.sentences:
        parts[s.doc_id][0].append(s)
        parts[s.doc_id][2][s.sent_id] = previous.values.get(s.sent_id, ())
    for c in previous.chunks:
        parts[c.doc_id][1].append(c)
    return parts


def _document_parts(doc: Document, params: ChunkParams, previous: Index | None,
                    reused: dict[str, Parts]) -> tuple[Parts, bool]:
    """(sentences, chunks, values) of one document, and whether they were computed afresh."""
    old = previous.documents.get(doc.doc_id) if previous is not None else None
    if old is not None and doc.doc_id in reused and old.fingerprint and old.fingerprint == doc.fingerprint:
        return reused[doc.doc_id], False
    doc_sentences = split_sentences(doc)
    return (doc_sentences, make_chunks(doc, doc_sentences, params.max_tokens, params.overlap),
            _extract_sentence_values(doc, doc_sentences)), True


def _embed_missing(embedder, ids, texts, known, progress, label) -> tuple[np.ndarray, int]:
    todo = [i for i, key in enumerate(ids) if key not in known]
    fresh = embedder.embed([texts[i] for i in todo], "passage",
                           progress=(lambda d, t: progress(label, d, t)) if progress else None)
    out = np.zeros((len(ids), embedder.dim), dtype=np.float32)
    for row, key in enumerate(ids):
        if key in known:
            out[row] = known[key]
    for j, row in enumerate(todo):
        out[row] = fresh[j]
    return out, len(todo)


def build_index(corpus: Corpus, embedder: Embedder, params: ChunkParams = ChunkParams(),
                previous: Index | None = None, progress=None, reuse_documents: bool = True) -> Index:
    """Segment, chunk, extract values and embed (only what is new); returns an in-memory Index.

    ``reuse_documents=False`` (``rag index --force``) segments every document again; vectors of
    unchanged text are reused either way."""
    t0 = time.perf_counter()
    sentences: list[Sentence] = []
    chunks: list[Chunk] = []
    values: dict[str, tuple[Value, ...]] = {}
    reused = _reuse_documents(previous, embedder, params) if reuse_documents else {}
    prepared = 0
    for n, doc in enumerate(corpus.documents, 1):
        (doc_sentences, doc_chunks, doc_values), fresh = _document_parts(doc, params, previous, reused)
        prepared += fresh
        sentences += doc_sentences
        chunks += doc_chunks
        values |= doc_values
        if progress:
            progress("reading files", n, len(corpus.documents))
    known_sent, known_chunk = _reuse(previous, embedder)
    t1 = time.perf_counter()
    sent_vecs, new_sent = _embed_missing(embedder, [s.sent_id for s in sentences], [s.text for s in sentences],
                                         known_sent, progress, "sentences")
    chunk_vecs, new_chunk = _embed_missing(embedder, [c.chunk_id for c in chunks], [c.text for c in chunks],
                                           known_chunk, progress, "chunks")
    keys = value_keys(sentences, values)
    by_id = {s.sent_id: s for s in sentences}
    contexts = [value_context(by_id[sid].text, values[sid][j], values[sid]) for sid, j in keys]
    known_value = _reuse_values(previous, embedder)
    value_vecs, new_values = _embed_missing(embedder, contexts, contexts, known_value, progress, "values")
    t2 = time.perf_counter()
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "embedder": {"id": embedder.model_id, "dim": embedder.dim},
        "chunking": asdict(params),
        "corpus_fingerprint": corpus_fingerprint(corpus, params, embedder.model_id),
        "counts": {"documents": len(corpus.documents), "sentences": len(sentences), "chunks": len(chunks)},
        "skipped": [asdict(s) for s in corpus.skipped],
        "build": {"embedded_sentences": new_sent, "embedded_chunks": new_chunk, "embedded_values": new_values,
                  "segmented_documents": prepared,
                  "seconds_prepare": round(t1 - t0, 3), "seconds_embed": round(t2 - t1, 3)},
        "dense_index": "hnsw" if len(chunks) >= HNSW_THRESHOLD else "flat_ip",
    }
    return Index(manifest, {d.doc_id: d for d in corpus.documents}, sentences, chunks, values,
                 sent_vecs, chunk_vecs, _faiss_index(chunk_vecs), _bm25(chunks), value_vecs)


def _doc_row(doc: Document) -> dict:
    return asdict(doc)


def _sentence_row(s: Sentence, values: tuple[Value, ...]) -> dict:
    return {**asdict(s), "values": [asdict(v) for v in values]}


def save_index(index: Index, folder: Path) -> None:
    """Write a new generation (every file checksummed), then point ``folder/CURRENT`` at it (see rag.store)."""
    import faiss

    with store.writing(Path(folder)) as tmp:
        _write_jsonl(tmp / "documents.jsonl", (_doc_row(d) for d in index.documents.values()))
        _write_jsonl(tmp / "sentences.jsonl", (_sentence_row(s, index.values.get(s.sent_id, ())) for s in index.sentences))
        _write_jsonl(tmp / "chunks.jsonl", (asdict(c) for c in index.chunks))
        np.save(tmp / "sentence_vectors.npy", index.sentence_vectors, allow_pickle=False)
        np.save(tmp / "chunk_vectors.npy", index.chunk_vectors, allow_pickle=False)
        np.save(tmp / "value_vectors.npy", index.value_vectors, allow_pickle=False)
        faiss.write_index(index.faiss_index, str(tmp / "chunks.faiss"))
        index.bm25.save(str(tmp / "bm25"), show_progress=False)
        name, manifest = store.publish(tmp, {k: v for k, v in index.manifest.items() if k != "files"})
    index.manifest = manifest
    index.generation = name


def read_manifest(folder: Path) -> dict:
    """The current generation's manifest, checked against CURRENT and for type (not the data files)."""
    with store.reading(Path(folder), verify=False) as (_, manifest):
        return dict(manifest.raw)


def load_index(folder: Path, verify: bool = True) -> Index:
    """Load the generation CURRENT names, every file checked against the manifest's checksums (a
    flipped byte in a FAISS file loads silently otherwise)."""
    with store.reading(Path(folder), verify) as (gen, manifest):
        index = _load_files(gen, dict(manifest.raw))
    index.generation = gen.name if gen != Path(folder) else ""
    return index


def load_index_dir(gen: Path) -> Index:
    """One generation folder by itself, checked against its own manifest (no pointer): for salvage."""
    manifest = store.manifest_at(gen, None)
    store.verify_files(gen, manifest)
    index = _load_files(gen, dict(manifest.raw))
    index.generation = gen.name
    return index


def _load_files(folder: Path, manifest: dict) -> Index:
    import bm25s
    import faiss

    try:
        documents = {d["doc_id"]: Document(**d) for d in _read_jsonl(folder / "documents.jsonl")}
        sentences, values = [], {}
        for row in _read_jsonl(folder / "sentences.jsonl"):
            vals = tuple(Value(**v) for v in row.pop("values", []))
            s = Sentence(**row)
            sentences.append(s)
            values[s.sent_id] = vals
        chunks = [Chunk(**{**c, "sentence_ids": tuple(c["sentence_ids"])}) for c in _read_jsonl(folder / "chunks.jsonl")]
        sent_vecs = np.load(folder / "sentence_vectors.npy", allow_pickle=False)
        chunk_vecs = np.load(folder / "chunk_vectors.npy", allow_pickle=False)
        value_vecs = np.load(folder / "value_vectors.npy", allow_pickle=False)
        faiss_index = faiss.read_index(str(folder / "chunks.faiss"))
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, AttributeError, IndexError, EOFError) as e:
        raise IndexCorrupt(f"{folder}: cannot load index ({e.__class__.__name__}: {e})") from e
    if len(sent_vecs) != len(sentences) or len(chunk_vecs) != len(chunks) or faiss_index.ntotal != len(chunks):
        raise IndexCorrupt(f"{folder}: row counts disagree between files")
    try:
        index = Index(manifest, documents, sentences, chunks, values, sent_vecs, chunk_vecs, faiss_index, bm25, value_vecs)
    except KeyError as e:
        raise IndexCorrupt(f"{folder}: an id does not resolve ({e})") from e
    if len(value_vecs) != len(index.value_row):
        raise IndexCorrupt(f"{folder}: value vectors do not match the values in sentences.jsonl")
    return index


def skipped_files(index: Index) -> list[Skipped]:
    return [Skipped(**s) for s in index.manifest.get("skipped", [])]
