"""Adding documents to a built index without redoing the rest (the append half of ``rag.index.build_index``).

When the corpus is the previous index's documents, unchanged, plus new ones, the new index is the
previous one with the new documents' rows appended at the end:
- only the new documents are segmented, searched for values and embedded;
- their chunk vectors are added to a copy of the previous FAISS index (exact or HNSW: both take
  additions without retraining, and a copy leaves the index being served untouched); the copy is
  rebuilt only when the chunk count crosses ``HNSW_THRESHOLD``;
- BM25 is re-indexed over every chunk, because adding a document changes every term's IDF and
  the average length in every stored score; from cached token ids (``rag.index_bm25``), so no
  other chunk is tokenized again.
Row order is the previous index's, then the new documents' (a full build orders by file name);
ids are content hashes, so a later full build finds the same rows and vectors.
"""

from __future__ import annotations

import time
from collections import ChainMap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rag.embed import Embedder
from rag.index import (
    HNSW_THRESHOLD,
    _document_parts,
    _faiss_index,
    dense_kind,
    make_manifest,
)
from rag.index_bm25 import append_bm25
from rag.index_parts import stacked
from rag.index_record import ChunkParams, Index, value_context, value_keys
from rag.index_rows import joined
from rag.ingest import Corpus
from rag.types import Chunk, Document, Sentence, Value
from rag.word_rows import WordRows


def _faiss_appended(previous: Index, chunk_vectors: np.ndarray, all_vectors: np.ndarray):
    """A copy of the previous FAISS index with the new rows added, or a new one if the kind changes."""

    total = len(all_vectors)
    same_kind = previous.manifest.get("dense_index") == dense_kind(total) or (
        "dense_index" not in previous.manifest and total < HNSW_THRESHOLD)
    if not same_kind or previous.faiss_index.ntotal != len(previous.chunks):
        return _faiss_index(all_vectors)
    index = _owned_copy(previous)
    if len(chunk_vectors):
        index.add(np.ascontiguousarray(chunk_vectors, dtype=np.float32))
    return index


def _owned_copy(previous: Index):
    """A copy of the previous FAISS index that can grow, leaving the served one untouched. A loaded index
    is memory-mapped (rag.index_files), which FAISS cannot grow, and ``clone_index`` keeps the mapping:
    its file is read again into memory (0.2-0.4 s at 57k chunks; a serialize round trip took 1.3 s)."""
    import faiss

    if previous.faiss_file:
        try:
            return faiss.read_index(previous.faiss_file)
        except RuntimeError:  # the generation was removed meanwhile
            return faiss.deserialize_index(faiss.serialize_index(previous.faiss_index))
    return faiss.clone_index(previous.faiss_index)


def _concepts_appended(previous: Index, sentences: list[Sentence]):
    """The previous index's mentions and the new sentences' (found with the same lexicon), or None: then
    the first question finds them all (``rag.concepts``)."""
    from rag.concept_rows import ConceptRows, lexicon_version

    old = previous.concept_rows
    if old is None or old.version != lexicon_version() or len(old.offsets) != len(previous.sentences) + 1:
        return None
    return ConceptRows.of(sentences, base=old)


def append_documents(corpus: Corpus, added: list[Document], previous: Index, embedder: Embedder,
                     params: ChunkParams, progress=None) -> Index:
    """The previous index plus ``added`` (documents it does not have); see the module docstring."""
    t0 = time.perf_counter()
    sentences: list[Sentence] = []
    chunks: list[Chunk] = []
    values: dict[str, tuple[Value, ...]] = {}
    for n, doc in enumerate(added, 1):
        (doc_sentences, doc_chunks, doc_values), _ = _document_parts(doc, params, None, {})
        sentences += doc_sentences
        chunks += doc_chunks
        values |= doc_values
        if progress:
            progress("reading files", n, len(added))
    t1 = time.perf_counter()

    keys = value_keys(sentences, values)
    by_id = {s.sent_id: s for s in sentences}
    texts = ([s.text for s in sentences] + [c.text for c in chunks]
             + [value_context(by_id[sid].text, values[sid][j], values[sid]) for sid, j in keys])
    # Each distinct text once: a one-sentence chunk is its sentence's text and a value's context is often
    # its sentence (the seed article: 42 texts, 30 distinct, 36 % of the tokens repeated); a text's vector
    # does not depend on what else is embedded, so the copies are the very same vector. One call, longest
    # first: the embedder's workers share one queue, so the short texts fill in at the end.
    distinct = sorted(dict.fromkeys(texts), key=len, reverse=True)
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    if texts:
        found = embedder.embed(distinct, "passage", batch_size=256,
                               progress=(lambda d, t: progress("embedding", d, t)) if progress else None)
        row = {text: i for i, text in enumerate(distinct)}
        vectors[:] = found[[row[t] for t in texts]]
    sent_vecs, chunk_vecs, value_vecs = np.split(vectors, [len(sentences), len(sentences) + len(chunks)])
    t2 = time.perf_counter()
    dim = previous.sentence_vectors.shape[1]
    all_chunk_vecs = stacked(previous.chunk_vectors, chunk_vecs.reshape(-1, dim))  # the old rows read in place
    faiss_index = _faiss_appended(previous, chunk_vecs, all_chunk_vecs)
    t3 = time.perf_counter()
    all_chunks = joined(previous.chunks, chunks)
    bm25, bm25_tokens, bm25_how = append_bm25(previous, chunks)
    t4 = time.perf_counter()
    build = {"mode": "append", "embedded_sentences": len(sentences), "embedded_chunks": len(chunks),
             "embedded_values": len(keys), "segmented_documents": len(added),
             "seconds_prepare": round(t1 - t0, 3), "seconds_embed": round(t2 - t1, 3),
             "seconds_faiss": round(t3 - t2, 3), "seconds_bm25": round(t4 - t3, 3), "bm25": bm25_how,
             "appended_to": {"generation": previous.generation, "documents": len(previous.documents),
                             "sentences": len(previous.sentences), "chunks": len(previous.chunks)}}
    all_sentences = joined(previous.sentences, sentences)
    manifest = make_manifest(corpus, embedder, params, len(all_sentences), len(all_chunks), build)
    documents = {d.doc_id: d for d in corpus.documents}
    documents = {doc_id: documents[doc_id] for doc_id in [*previous.documents, *(d.doc_id for d in added)]}
    index = Index(manifest, documents, all_sentences, all_chunks, ChainMap(values, previous.values),  # type: ignore[arg-type]
                  stacked(previous.sentence_vectors, sent_vecs.reshape(-1, dim)), all_chunk_vecs,
                  faiss_index, bm25, stacked(previous.value_vectors, value_vecs.reshape(-1, dim)),
                  bm25_tokens=bm25_tokens, extends=previous, concept_rows=_concepts_appended(previous, sentences),
                  sources=dict(corpus.stats))
    t5 = time.perf_counter()
    old = previous.word_rows  # extended by the new chunks only; none kept before: found at open, as then
    index.word_rows = WordRows.of(chunks, index.chunk_language[len(previous.chunks):], base=old) \
        if old is not None and old.usable(len(previous.chunks)) else None
    build |= {"seconds_metadata": round(t5 - t4, 3), "seconds_words": round(time.perf_counter() - t5, 3)}
    return index


def corpus_plus(previous: Index, folder: Path, files: Sequence[Path]) -> Corpus | None:
    """The corpus ``load_corpus`` would find if only ``files`` were added since ``previous`` was built: its
    documents as read then (the held index's, with their sizes and times) plus ``files`` read now, in the
    listing's order, its skipped files carried over. Listing and statting every file (6,341 at 100k
    sentences: 0.25-0.6 s of each add) is left to the next full check (``rag index``, a start, a removal).
    None when that view cannot be trusted: a document read from another folder or without its file's stats, a
    named file already indexed, or a repeated document id (the full listing reports it)."""
    from rag.ingest import Skipped, _printable, load_document

    inside = str(folder).rstrip("/") + "/"
    known = {d.path: (previous.sources.get(d.path), d) for d in previous.documents.values()}
    if len(known) != len(previous.documents) or any(stat is None or not path.startswith(inside)
                                                    for path, (stat, _) in known.items()):
        return None
    for file in files:
        path = str(file)
        if path in known or not path.startswith(inside):
            return None
        st = file.stat()  # before reading, as load_corpus
        known[path] = ((st.st_size, st.st_mtime_ns), load_document(file))
    ids = [d.doc_id for _, d in known.values()]
    if len(set(ids)) != len(ids):
        return None
    order = sorted(known, key=_printable)
    skipped = tuple(Skipped(**s) for s in previous.manifest.get("skipped", ()) if s.get("path") not in known)
    stats: dict[str, tuple[int, int]] = {}
    for p in order:
        stat = known[p][0]
        assert stat is not None  # checked above: every held document has its stats
        stats[p] = (int(stat[0]), int(stat[1]))
    return Corpus(tuple(known[p][1] for p in order), skipped, stats)
