"""The index on disk: plain files plus ``manifest.json``, published as one generation (``rag.store``).

Layout of ``index/``:
  manifest.json         schema version, embedder id and dimension, corpus fingerprint, counts, sha256 of every file
  documents.jsonl       one Document per line (metadata and verbatim text)
  sentences.jsonl       one Sentence per line, with the typed values found in it at index time
  chunks.jsonl          one Chunk per line
  sentence_vectors.npy  float32, rows aligned with sentences.jsonl (these three are memory-mapped at load)
  sentence_fragment.npy bool, rows aligned with sentences.jsonl: ``segment.is_fragment`` of each (3 s at 100k
                        sentences when derived at load; an index without it derives it)
  calibration.npz       per kind (chunk, sentence, value) and language: the calibration sample's rows, row count
                        and mean vector, and the kind's pooled scatter (``rag.calibrate.LanguageRows``; derived
                        at load when absent, which reads scattered rows of every vector file)
  chunk_vectors.npy     float32, rows aligned with chunks.jsonl
  value_vectors.npy     float32, one row per value found, embedding the clause that states it
  chunks.faiss          FAISS index over chunk vectors (exact inner product; HNSW above a size threshold)
  bm25/                 bm25s files (.npy + .json) over chunk tokens from our own tokenizer
  bm25_tokens.npy       int32 BM25 token ids of every chunk, concatenated (``bm25_token_offsets.npy``
                        says where each chunk's start): adding an article tokenizes only its chunks
  bm25_tf.npy           int32 term frequency of each BM25 score in bm25/ (by term, then chunk): an add counts only
                        its chunks' terms and merges them in (``rag.index_bm25``)
  sources.json          file path -> [size, mtime_ns] each article was read at: unchanged files are not parsed again
  concepts.npz          the lexicon's mentions of every sentence, found at build with the lexicon version it names
                        (``rag.concept_rows``): the first question reads them instead of every sentence
  chunk_words.npz       every chunk's words for the English-question word map (``rag.word_rows``): not tokenized at open
  records.npz           (schema 2) per-row arrays: ids (and their sort order), document, span and value count of
                        each sentence, each chunk's document and sentence rows, and the byte offset of every line of
                        sentences.jsonl and chunks.jsonl; opening reads these, not the records (``rag.index_rows``)
No pickle anywhere. These files live in an immutable generation folder ``index/gen-<id>/`` named by
the pointer ``index/CURRENT`` (publishing and reading: ``rag.store``); a failed or killed build leaves
the previous index untouched. Vectors of unchanged sentences and chunks (ids are
content hashes) are reused, so an update embeds only what is new.
"""

from __future__ import annotations

import gc
import json
import logging
import mmap
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag import store
from rag.calibrate import LanguageRows
from rag.errors import IndexCorrupt
from rag.index_bm25 import FREQUENCIES_FILE, OFFSETS_FILE, TOKENS_FILE, TokenIds
from rag.index_parts import PARTS_DIR, PartsBlob, RowStack, carried, link_parts, npy_rows, part_name, parts_of
from rag.index_record import Index
from rag.index_rows import (
    RECORDS_FILE,
    Columns,
    Documents,
    IdRows,
    LineRecords,
    ValuesById,
    line_offsets,
    make_chunk,
    make_document,
    make_sentence,
    make_values,
    mapped,
)
from rag.types import Chunk, Document, Sentence, Value
from rag.word_rows import WORDS_FILE, WordRows

SOURCES_FILE = "sources.json"
FRAGMENT_FILE = "sentence_fragment.npy"
CALIBRATION_FILE = "calibration.npz"
CONCEPTS_FILE = "concepts.npz"  # rag.concept_rows (not imported here: it reads the lexicon)
log = logging.getLogger("rag.index")


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _json_loads() -> Callable[[bytes], Any]:
    try:
        import orjson
    except ImportError:  # pragma: no cover - gradio brings orjson; plain json reads the same rows
        return json.loads
    return orjson.loads


def _read_jsonl(path: Path) -> list[dict]:
    """Every row, parsed with orjson when installed (~2x json's speed), the cyclic garbage collector paused:
    hundreds of thousands of new dicts otherwise trigger collections that rescan all of them."""
    loads = _json_loads()
    paused = gc.isenabled()
    gc.disable()
    try:
        return [loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    finally:
        if paused:
            gc.enable()


def _doc_row(doc: Document) -> dict:
    return dict(vars(doc))  # the same as dataclasses.asdict for these flat records, ~10x faster


def _sentence_row(s: Sentence, values: tuple[Value, ...]) -> dict:
    return {**vars(s), "values": [dict(vars(v)) for v in values]}


def _chunk_row(c: Chunk) -> dict:
    return {**vars(c), "sentence_ids": list(c.sentence_ids)}


def _base_generation(folder: Path, build: dict) -> tuple[Path | None, dict, dict]:
    """The generation an appended index extends, if it is still there with the counts it had:
    (its folder, its counts, its manifest)."""
    base = build.get("appended_to") if isinstance(build, dict) else None
    if not isinstance(base, dict):
        return None, {}, {}
    gen = folder / str(base.get("generation", ""))
    try:
        manifest = store.manifest_at(gen, None)
    except (IndexCorrupt, OSError):
        return None, {}, {}
    wanted = {k: base.get(k) for k in ("documents", "sentences", "chunks")}
    return (gen, wanted, dict(manifest.raw)) if dict(manifest.counts) == wanted else (None, {}, {})


def _write_rows(tmp: Path, name: str, rows: Sequence, row, base: Path | None, start: int) -> None:
    """``rows`` as JSON lines; when ``base`` holds the first ``start`` of them (an appended index),
    its file is copied and only the rest serialized (at 100k sentences: seconds saved per add)."""
    if base is not None:
        try:
            shutil.copyfile(base / name, tmp / name)
        except OSError:
            base = None
    if base is None:
        _write_jsonl(tmp / name, (row(r) for r in rows))
        return
    with (tmp / name).open("a", encoding="utf-8") as f:
        for r in rows[start:]:
            f.write(json.dumps(row(r), ensure_ascii=False) + "\n")


def save_index(index: Index, folder: Path) -> None:
    """Write a new generation (every file checksummed), then point ``folder/CURRENT`` at it (see rag.store).
    An appended index links the previous generation's row files and writes its new rows only
    (``rag.index_parts``)."""
    import faiss

    t0 = time.perf_counter()
    build = index.manifest.get("build", {})
    with store.writing(Path(folder)) as tmp:
        base, counts, base_manifest = _base_generation(Path(folder), build)
        linked = (link_parts(base, base_manifest, tmp)
                  if base is not None and RECORDS_FILE in base_manifest.get("files", {}) and index.columns is not None
                  else None)
        if linked is not None and any(sum(npy_rows(tmp / p) for p in linked[name]) != counts[kind] for name, kind in
                                      (("sentence_vectors.npy", "sentences"), ("chunk_vectors.npy", "chunks"))):
            for p in {p for ps in linked.values() for p in ps}:  # not the rows the counts say: write whole
                (tmp / p).unlink()
            linked = None
        parts = {n: list(ps) for n, ps in linked.items()} if linked is not None else None
        docs = _Looked(list(index.documents), index.documents.__getitem__)
        rows: dict[str, tuple[Sequence, Callable[[Any], dict]]] = {
            "documents.jsonl": (docs, _doc_row), "chunks.jsonl": (index.chunks, _chunk_row),
            "sentences.jsonl": (index.sentences, lambda s: _sentence_row(s, index.values.get(s.sent_id, ())))}
        matrices = {"sentence_vectors.npy": index.sentence_vectors, "chunk_vectors.npy": index.chunk_vectors,
                    "value_vectors.npy": index.value_vectors}
        if parts is not None:
            (tmp / PARTS_DIR).mkdir(exist_ok=True)
            starts = {"documents.jsonl": counts["documents"], "sentences.jsonl": counts["sentences"],
                      "chunks.jsonl": counts["chunks"], "sentence_vectors.npy": counts["sentences"],
                      "chunk_vectors.npy": counts["chunks"],
                      "value_vectors.npy": sum(npy_rows(tmp / p) for p in parts["value_vectors.npy"])}
            for name, (records, row) in rows.items():
                if len(records) > starts[name]:
                    parts[name].append(part_name(name, len(parts[name])))
                    _write_jsonl(tmp / parts[name][-1], (row(r) for r in records[starts[name]:]))
            for name, matrix in matrices.items():
                if len(matrix) > starts[name]:
                    parts[name].append(part_name(name, len(parts[name])))
                    np.save(tmp / parts[name][-1], np.ascontiguousarray(matrix[starts[name]:]), allow_pickle=False)
        else:
            for name, (records, row) in rows.items():
                _write_rows(tmp, name, records, row, base, counts.get(name.split(".")[0], 0))
            for name, matrix in matrices.items():
                np.save(tmp / name, np.asarray(matrix), allow_pickle=False)
        np.save(tmp / FRAGMENT_FILE, np.asarray(index.short_sentence, dtype=bool), allow_pickle=False)
        calibration = _calibration_arrays(index.calibration_rows)
        if calibration:
            np.savez(tmp / CALIBRATION_FILE, allow_pickle=False, **calibration)
        faiss.write_index(index.faiss_index, str(tmp / "chunks.faiss"))
        index.bm25.save(str(tmp / "bm25"), show_progress=False)
        if index.bm25_tokens is not None:
            np.save(tmp / TOKENS_FILE, index.bm25_tokens.ids, allow_pickle=False)
            np.save(tmp / OFFSETS_FILE, index.bm25_tokens.offsets, allow_pickle=False)
            if index.bm25_tokens.tf is not None:
                np.save(tmp / FREQUENCIES_FILE, index.bm25_tokens.tf, allow_pickle=False)
        if index.columns is not None:
            lines = {f"{name.split('.')[0][:-1]}_lines": _lines(tmp, name, count, linked, parts, base)
                     for name, count in (("documents.jsonl", len(index.documents)),
                                         ("sentences.jsonl", len(index.sentences)), ("chunks.jsonl", len(index.chunks)))}
            np.savez(tmp / RECORDS_FILE, allow_pickle=False, **index.columns.arrays(), **lines)
        for rows_, name in ((index.concept_rows, CONCEPTS_FILE), (index.word_rows, WORDS_FILE)):
            if rows_ is not None:
                rows_.save(tmp / name)
        if index.sources:
            (tmp / SOURCES_FILE).write_text(json.dumps(index.sources, ensure_ascii=False), encoding="utf-8")
        if isinstance(build, dict):  # files written; checksums and fsync follow in publish
            build["seconds_write"] = round(time.perf_counter() - t0, 3)
            build["rows_copied"] = base is not None
            build["rows_linked"] = parts is not None
        written = {k: v for k, v in index.manifest.items() if k not in ("files", "sizes", "samples", "parts")}
        written["schema_version"] = store.SCHEMA_VERSION if index.columns is not None else 1
        kept = {}
        if linked is not None and parts is not None:
            kept = carried(base_manifest, linked)
            if any(len(ps) > 1 for ps in parts.values()):
                written["parts"] = {n: ps for n, ps in parts.items() if len(ps) > 1}
                written["schema_version"] = store.PARTS_SCHEMA
        name, manifest = store.publish(tmp, written, carried=kept)
    index.manifest = manifest
    index.generation = name


class _Looked(Sequence):
    """``keys`` looked up when read: a copied index's documents are not all made to write the new ones."""

    def __init__(self, keys: list, look: Callable) -> None:
        self.keys, self.look = keys, look

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i):  # type: ignore[override]
        return [self.look(k) for k in self.keys[i]] if isinstance(i, slice) else self.look(self.keys[i])


def _lines(tmp: Path, name: str, count: int, linked: dict[str, list[str]] | None, parts: dict[str, list[str]] | None,
           base: Path | None) -> np.ndarray:
    """Byte offset of every line of ``name`` and its end; in parts, the previous generation's offsets (its
    records.npz) followed by the new part's, so no old line is read again."""
    if linked is None or parts is None or base is None:
        offsets = line_offsets(tmp / name)
        end = (tmp / name).stat().st_size
    else:
        old = linked[name]
        with np.load(base / RECORDS_FILE, allow_pickle=False) as data:
            offsets = data[f"{name.split('.')[0][:-1]}_lines"]
        if offsets[-1] != sum((tmp / p).stat().st_size for p in old):
            raise IndexCorrupt(f"{base}: line offsets of {name} do not match its parts")
        if len(old) < len(parts[name]):
            offsets = np.concatenate([offsets, line_offsets(tmp / parts[name][-1])[1:] + offsets[-1]])
        end = sum((tmp / p).stat().st_size for p in parts[name])
    if len(offsets) != count + 1 or offsets[-1] != end:
        raise IndexCorrupt(f"{tmp / name}: {len(offsets) - 1} lines written for {count} records")
    return offsets


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


def _calibration_arrays(rows: dict[str, LanguageRows]) -> dict[str, np.ndarray]:
    """``Index.calibration_rows`` as named arrays ('sentence.ar.sample', 'sentence.scatter', …); empty
    when a kind has no statistics (then the next load derives them)."""
    out: dict[str, np.ndarray] = {}
    for kind, r in rows.items():
        if r.means is None or r.scatter is None:
            return {}
        out[f"{kind}.scatter"] = r.scatter
        for language, sample in r.sample.items():
            out[f"{kind}.{language}.sample"] = sample
            out[f"{kind}.{language}.count"] = np.array(r.count[language], dtype=np.int64)
            out[f"{kind}.{language}.mean"] = r.means[language]
    return out


def _calibration_rows(path: Path) -> dict[str, LanguageRows]:
    """The inverse of ``_calibration_arrays``."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    kinds = sorted({name.split(".", 1)[0] for name in arrays})
    out = {}
    for kind in kinds:
        languages = sorted({name.split(".")[1] for name in arrays if name.startswith(kind + ".") and name.count(".") == 2})
        out[kind] = LanguageRows({lang: arrays[f"{kind}.{lang}.sample"] for lang in languages},
                                 {lang: int(arrays[f"{kind}.{lang}.count"]) for lang in languages},
                                 {lang: arrays[f"{kind}.{lang}.mean"] for lang in languages}, arrays[f"{kind}.scatter"])
    return out


def _documents(folder: Path) -> dict[str, Document]:
    return {d["doc_id"]: Document(**d) for d in _read_jsonl(folder / "documents.jsonl")}


def _records_on_demand(folder: Path, manifest: dict) -> tuple[Mapping[str, Document], Sequence[Sentence],
                                                             Mapping[str, tuple[Value, ...]], Sequence[Chunk], Columns]:
    """Schema 2: the per-row arrays of records.npz; sentences, values and chunks read from their mapped
    lines when a question touches them (``rag.index_rows``)."""
    columns, lines = Columns.read(folder / RECORDS_FILE)
    documents_blob = _blob(folder, manifest, "documents.jsonl")
    if lines["document_lines"][-1] != len(documents_blob) or len(lines["document_lines"]) != len(columns.doc_ids) + 1:
        raise ValueError("line offsets do not match documents.jsonl")
    documents = Documents(columns.doc_ids, LineRecords(documents_blob, lines["document_lines"], make_document))
    sentences_blob, chunks_blob = _blob(folder, manifest, "sentences.jsonl"), _blob(folder, manifest, "chunks.jsonl")
    sentence_lines, chunk_lines = lines["sentence_lines"], lines["chunk_lines"]
    if sentence_lines[-1] != len(sentences_blob) or chunk_lines[-1] != len(chunks_blob):
        raise ValueError("line offsets do not match sentences.jsonl / chunks.jsonl")
    sentences = LineRecords(sentences_blob, sentence_lines, make_sentence)
    values = ValuesById(IdRows(columns.sentence_ids, columns.sentence_order),
                        LineRecords(sentences_blob, sentence_lines, make_values))
    return documents, sentences, values, LineRecords(chunks_blob, chunk_lines, make_chunk), columns


def _records(folder: Path) -> tuple[dict[str, Document], list[Sentence], dict[str, tuple[Value, ...]], list[Chunk]]:
    """Schema 1: every record parsed and made an object (31-35 s at ~1M sentences)."""
    documents = _documents(folder)
    sentences, values = [], {}
    paused = gc.isenabled()
    gc.disable()  # see _read_jsonl
    try:
        for row in _read_jsonl(folder / "sentences.jsonl"):
            vals = tuple(Value(**v) for v in row.pop("values", []))
            s = Sentence(**row)
            sentences.append(s)
            values[s.sent_id] = vals
        chunks = [Chunk(**{**c, "sentence_ids": tuple(c["sentence_ids"])}) for c in _read_jsonl(folder / "chunks.jsonl")]
    finally:
        if paused:
            gc.enable()
    return documents, sentences, values, chunks


def _vectors(path: Path) -> np.ndarray:
    """A float32 matrix memory-mapped read-only (an ``.npy`` file's rows in place): pages are read when a
    question touches them and shared with the page cache, so opening costs no copy. Read-ahead is off
    (``MADV_RANDOM``): rows are read scattered (calibration's evenly spaced samples, a question's
    candidates), and read-ahead around each would read pages nothing asked for."""
    with path.open("rb") as f:
        version = np.lib.format.read_magic(f)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran, dtype = read_header(f)
        offset = f.tell()
        if fortran or dtype.hasobject or not all(shape):
            return np.load(path, allow_pickle=False)  # not a C-order matrix with rows: read as numpy does
        buffer = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(buffer, "madvise") and hasattr(mmap, "MADV_RANDOM"):
        buffer.madvise(mmap.MADV_RANDOM)
    return np.frombuffer(buffer, dtype=dtype, count=int(np.prod(shape)), offset=offset).reshape(shape)


def _blob(folder: Path, manifest: dict, name: str) -> Any:
    """A JSON-lines file memory-mapped, or its parts read as one (``rag.index_parts``)."""
    parts = parts_of(manifest, name)
    return mapped(folder / name) if len(parts) == 1 else PartsBlob([mapped(folder / p) for p in parts])


def _matrix(folder: Path, manifest: dict, name: str) -> Any:
    """A vector file memory-mapped, or its parts read as one matrix (``rag.index_parts.RowStack``)."""
    parts = parts_of(manifest, name)
    if len(parts) == 1:
        return _vectors(folder / name)
    blocks = [_vectors(folder / p) for p in parts]
    if len({b.shape[1:] for b in blocks}) != 1 or blocks[0].ndim != 2:
        raise ValueError(f"parts of {name} differ in shape")
    return RowStack(blocks)


def _read_faiss(path: Path):
    """The FAISS index with its vectors memory-mapped (``IO_FLAG_MMAP_IFC``: flat and HNSW storage), or read
    into memory where this FAISS has no such flag. Adding to it needs a copy (``rag.index_append``)."""
    import faiss

    flag = getattr(faiss, "IO_FLAG_MMAP_IFC", None)
    if flag is not None:
        try:
            return faiss.read_index(str(path), flag)
        except RuntimeError:
            pass
    return faiss.read_index(str(path))


def _load_files(folder: Path, manifest: dict) -> Index:
    import bm25s

    try:
        columns = None
        if "files" in manifest and RECORDS_FILE in manifest["files"]:
            documents, sentences, values, chunks, columns = _records_on_demand(folder, manifest)
        else:
            log.warning("%s: index written by schema version %s; opening it parses every record (~30 s at 1M "
                        "sentences). Publishing it again (rag index --force, or adding an article) writes schema %s, "
                        "which opens without that.", folder, manifest.get("schema_version"), store.SCHEMA_VERSION)
            documents, sentences, values, chunks = _records(folder)
        sent_vecs = _matrix(folder, manifest, "sentence_vectors.npy")
        chunk_vecs = _matrix(folder, manifest, "chunk_vectors.npy")
        value_vecs = _matrix(folder, manifest, "value_vectors.npy")
        fragment = np.zeros(0, dtype=bool)
        if "files" in manifest and FRAGMENT_FILE in manifest["files"]:
            fragment = np.load(folder / FRAGMENT_FILE, allow_pickle=False)
        calibration = {}
        if "files" in manifest and CALIBRATION_FILE in manifest["files"]:
            calibration = _calibration_rows(folder / CALIBRATION_FILE)
        concept_rows = None
        if "files" in manifest and CONCEPTS_FILE in manifest["files"]:
            from rag.concept_rows import ConceptRows

            concept_rows = ConceptRows.read(folder / CONCEPTS_FILE)
        word_rows = WordRows.read(folder / WORDS_FILE) if WORDS_FILE in manifest.get("files", ()) else None
        faiss_index = _read_faiss(folder / "chunks.faiss")
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False, mmap=True)  # score arrays read in place
        tokens = None
        sources = {}
        if "files" in manifest and SOURCES_FILE in manifest["files"]:
            sources = {path: (int(size), int(mtime)) for path, (size, mtime) in
                       json.loads((folder / SOURCES_FILE).read_text(encoding="utf-8")).items()}
        if "files" in manifest and TOKENS_FILE in manifest["files"]:
            tokens = TokenIds(np.load(folder / TOKENS_FILE, allow_pickle=False, mmap_mode="r"),  # read by an add only
                              np.load(folder / OFFSETS_FILE, allow_pickle=False, mmap_mode="r"),
                              np.load(folder / FREQUENCIES_FILE, allow_pickle=False, mmap_mode="r")
                              if FREQUENCIES_FILE in manifest["files"] else None)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, AttributeError, IndexError, EOFError) as e:
        raise IndexCorrupt(f"{folder}: cannot load index ({e.__class__.__name__}: {e})") from e
    if len(sent_vecs) != len(sentences) or len(chunk_vecs) != len(chunks) or faiss_index.ntotal != len(chunks) or (
            columns is not None and (len(columns.sentence_ids) != len(sentences) or len(columns.chunk_ids) != len(chunks))):
        raise IndexCorrupt(f"{folder}: row counts disagree between files")
    if tokens is not None and (len(tokens) != len(chunks) or tokens.offsets[-1] != len(tokens.ids)):
        raise IndexCorrupt(f"{folder}: BM25 token ids do not match the chunks")
    try:
        index = Index(manifest, documents, sentences, chunks, values, sent_vecs, chunk_vecs, faiss_index, bm25, value_vecs,
                      bm25_tokens=tokens, sources=sources, short_sentence=fragment, calibration_rows=calibration,
                      columns=columns, concept_rows=concept_rows, word_rows=word_rows)
    except (KeyError, IndexError, ValueError) as e:
        raise IndexCorrupt(f"{folder}: an id does not resolve ({e})") from e
    index.faiss_file = str(folder / "chunks.faiss")
    if len(value_vecs) != len(index.value_row):
        raise IndexCorrupt(f"{folder}: value vectors do not match the values in sentences.jsonl")
    return index
