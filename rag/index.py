"""Building the index: segment, chunk, extract values and embed only what is new.

The record it builds is ``rag.index_record.Index``; it is written and read by ``rag.index_files``
(layout there) and published by ``rag.store``. Names of all three are importable from here.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict
from typing import Any, TypeGuard

import numpy as np

from rag.chunk import make_chunks
from rag.embed import Embedder
from rag.index_bm25 import build_bm25
from rag.index_files import load_index, load_index_dir, read_manifest, save_index  # noqa: F401  (importable from here)
from rag.index_record import ChunkParams, Index, value_context, value_keys
from rag.ingest import Corpus
from rag.segment import split_sentences
from rag.store import SCHEMA_VERSION, Manifest  # noqa: F401  (public names, importable from here)
from rag.types import Chunk, Document, Sentence, Value
from rag.version import pipeline_version
from rag.word_rows import WordRows

PIPELINE_VERSION = pipeline_version("seg3-chunk3-norm3-values5")  # the label + a hash of the shaping code (rag.version)
# The corpus's longest sentence is 499 characters; value extraction on one 400 KB run-on "sentence"
# took 66 s (200 KB: 18 s), so longer spans are not searched for values.
MAX_VALUE_SENTENCE_CHARS = 5_000
HNSW_THRESHOLD = 50_000  # exact search below this many chunks; see python -m benchmarks.speed --ann


def corpus_fingerprint(corpus: Corpus, params: ChunkParams, embedder_id: str) -> str:
    """Changes when any document, the chunking, the pipeline or the model changes."""
    h = hashlib.sha256()
    h.update(f"{PIPELINE_VERSION}|{params}|{embedder_id}".encode())
    for doc in corpus.documents:
        h.update(f"|{doc.doc_id}:{doc.fingerprint}".encode())
    return h.hexdigest()[:24]


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


def _extract_sentence_values(doc: Document, sentences: list[Sentence]) -> dict[str, tuple[Value, ...]]:
    """Values per sentence; relative dates ('a month later') anchor on the last date stated before."""
    from rag.values import extract_values, is_month_only, is_range

    out: dict[str, tuple[Value, ...]] = {}
    anchor: str | None = None
    for s in sentences:
        if len(s.text) > MAX_VALUE_SENTENCE_CHARS:  # not a sentence (no punctuation); its cost would grow
            out[s.sent_id] = ()                      # with the square of its length
            continue
        values = extract_values(s.text, doc.language, doc.date, anchor)
        out[s.sent_id] = values
        dates = [v.value for v in values if v.kind == "date" and not is_month_only(v.value) and not is_range(v.value)]
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


def _added_documents(corpus: Corpus, previous: Index | None, embedder: Embedder,
                     params: ChunkParams) -> list[Document] | None:
    """The new documents when the corpus is exactly the previous index's documents, unchanged, plus
    new ones (an article added); None when anything else changed (then the build starts over)."""
    if previous is None or not _reusable(previous, embedder) or previous.manifest.get("chunking") != asdict(params):
        return None
    by_id = {d.doc_id: d for d in corpus.documents}
    for doc_id, old in previous.documents.items():
        doc = by_id.get(doc_id)
        if doc is None or not old.fingerprint or doc.fingerprint != old.fingerprint:
            return None
    new = [d for d in corpus.documents if d.doc_id not in previous.documents]
    return new or None


def build_index(corpus: Corpus, embedder: Embedder, params: ChunkParams = ChunkParams(),
                previous: Index | None = None, progress=None, reuse_documents: bool = True) -> Index:
    """Segment, chunk, extract values and embed (only what is new); returns an in-memory Index.

    When documents were only added, the new index is the previous one with theirs appended
    (``rag.index_append``): nothing else is segmented, embedded, re-read or re-indexed in FAISS.
    ``reuse_documents=False`` (``rag index --force``) segments every document again; vectors of
    unchanged text are reused either way."""
    added = _added_documents(corpus, previous, embedder, params) if reuse_documents else None
    if added is not None and previous is not None:
        from rag.index_append import append_documents

        return append_documents(corpus, added, previous, embedder, params, progress)
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
    faiss_index = _faiss_index(chunk_vecs)
    t3 = time.perf_counter()
    bm25, bm25_tokens = build_bm25(chunks)
    t4 = time.perf_counter()
    from rag.concept_rows import ConceptRows

    concept_rows = ConceptRows.of(sentences)  # the first question would read every sentence for these
    t5 = time.perf_counter()
    build = {"mode": "full", "embedded_sentences": new_sent, "embedded_chunks": new_chunk, "embedded_values": new_values,
             "segmented_documents": prepared, "seconds_prepare": round(t1 - t0, 3), "seconds_embed": round(t2 - t1, 3),
             "seconds_faiss": round(t3 - t2, 3), "seconds_bm25": round(t4 - t3, 3),
             "seconds_concepts": round(t5 - t4, 3)}
    manifest = make_manifest(corpus, embedder, params, len(sentences), len(chunks), build)
    index = Index(manifest, {d.doc_id: d for d in corpus.documents}, sentences, chunks, values,
                  sent_vecs, chunk_vecs, faiss_index, bm25, value_vecs, bm25_tokens=bm25_tokens,
                  sources=dict(corpus.stats), concept_rows=concept_rows)
    t6 = time.perf_counter()
    index.word_rows = WordRows.of(chunks, index.chunk_language)  # opening would tokenize every chunk for these
    build |= {"seconds_metadata": round(t6 - t5, 3), "seconds_words": round(time.perf_counter() - t6, 3)}
    return index


def make_manifest(corpus: Corpus, embedder: Embedder, params: ChunkParams, sentences: int, chunks: int,
                  build: dict) -> dict:
    """The manifest of a new index (``files`` is added when it is published)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "embedder": {"id": embedder.model_id, "dim": embedder.dim},
        "chunking": asdict(params),
        "corpus_fingerprint": corpus_fingerprint(corpus, params, embedder.model_id),
        "counts": {"documents": len(corpus.documents), "sentences": sentences, "chunks": chunks},
        "skipped": [asdict(s) for s in corpus.skipped],
        "build": build,
        "dense_index": dense_kind(chunks),
    }


def dense_kind(chunks: int) -> str:
    """Which FAISS index ``_faiss_index`` builds for this many chunks."""
    return "hnsw" if chunks >= HNSW_THRESHOLD else "flat_ip"
