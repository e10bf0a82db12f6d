"""Opening an index: vectors memory-mapped, per-sentence flags read rather than derived, older files still read."""

from __future__ import annotations

import shutil
import time

import numpy as np
import pytest

from rag import store
from rag.errors import IndexCorrupt
from rag.index import load_index
from rag.index_files import CALIBRATION_FILE, FRAGMENT_FILE
from rag.index_record import _groups
from rag.index_rows import RECORDS_FILE, Columns, Documents, IdRows, LineRecords, Members
from rag.segment import is_fragment
from rag.types import Chunk, Document, Sentence, Value


def test_vectors_are_memory_mapped_and_fragment_flags_read_from_disk(pipeline, settings):
    index = load_index(settings.index_dir)
    for vectors in (index.sentence_vectors, index.chunk_vectors, index.value_vectors):
        assert not vectors.flags.owndata and not vectors.flags.writeable  # rows in the file's pages
    assert index.faiss_file.endswith("chunks.faiss")
    assert FRAGMENT_FILE in index.manifest["files"] and CALIBRATION_FILE in index.manifest["files"]
    assert index.short_sentence.tolist() == [is_fragment(s.text) for s in index.sentences]
    assert np.array_equal(index.sentence_vectors, pipeline.index.sentence_vectors)


def test_an_index_written_before_the_fragment_file_still_loads(pipeline, settings, tmp_path):
    """A generation without sentence_fragment.npy and calibration.npz (older builds) is read, and what they
    hold is derived: the same as what was kept."""
    gen = store.current_dir(settings.index_dir)
    manifest = load_index(settings.index_dir).manifest
    old = tmp_path / "old-index"
    with store.writing(old) as tmp:
        for path in gen.iterdir():
            if path.name in ("manifest.json", store.READERS, FRAGMENT_FILE, CALIBRATION_FILE):
                continue
            (shutil.copytree if path.is_dir() else shutil.copyfile)(path, tmp / path.name)
        store.publish(tmp, {k: v for k, v in manifest.items() if k != "files"})
    loaded = load_index(old)
    assert FRAGMENT_FILE not in loaded.manifest["files"] and CALIBRATION_FILE not in loaded.manifest["files"]
    assert np.array_equal(loaded.short_sentence, pipeline.index.short_sentence)
    assert loaded.short_sentence.any() and not loaded.short_sentence.all()
    kept = load_index(settings.index_dir).calibration_rows  # read from calibration.npz
    for kind, derived in loaded.calibration_rows.items():
        assert derived.count == kept[kind].count and set(derived.sample) == set(kept[kind].sample)
        assert all(np.array_equal(derived.sample[k], kept[kind].sample[k]) for k in derived.sample)
        assert all(np.allclose(derived.means[k], kept[kind].means[k]) for k in derived.means)
        assert np.allclose(derived.scatter, kept[kind].scatter), kind


def test_groups_are_rows_per_key_in_order():
    keys = np.array([3, 0, 3, 1, 0, 3])
    assert [(k, rows.tolist()) for k, rows in _groups(keys)] == [(0, [1, 4]), (1, [3]), (3, [0, 2, 5])]


def test_records_read_on_demand_are_the_records_built(pipeline, settings):
    """A loaded index reads sentences, chunks and values from their lines when asked: the same records,
    ids, lookups and arrays as the index built in memory."""
    built, loaded = pipeline.index, load_index(settings.index_dir)
    assert isinstance(loaded.sentences, LineRecords) and isinstance(loaded.chunks, LineRecords)
    assert list(loaded.sentences) == list(built.sentences) and list(loaded.chunks) == list(built.chunks)
    assert isinstance(loaded.documents, Documents) and dict(loaded.documents) == dict(built.documents)
    assert list(loaded.documents) == list(built.documents) and "nope" not in loaded.documents
    assert loaded.sentences[-1] == built.sentences[-1] and loaded.chunks[2:5] == built.chunks[2:5]
    for s in built.sentences:
        assert loaded.sentence_row[s.sent_id] == built.sentence_row[s.sent_id]
        assert loaded.values[s.sent_id] == built.values.get(s.sent_id, ())
        assert loaded.sentence_at[(s.doc_id, s.start, s.end)] == s.sent_id
    assert dict(loaded.value_row) == dict(built.value_row) and len(loaded.value_row) == len(loaded.value_vectors)
    assert dict(loaded.chunk_row) == {c.chunk_id: i for i, c in enumerate(built.chunks)}
    assert "nope" not in loaded.sentence_row and loaded.chunk_row.get("x" * 500) is None
    for a, b in zip(loaded.chunk_sentence_rows, built.chunk_sentence_rows):
        assert np.array_equal(a, b)
    assert loaded.chunk_language.tolist() == [built.documents[c.doc_id].language for c in built.chunks]
    assert loaded.value_language.tolist() == built.value_language.tolist()
    assert {k: v.tolist() for k, v in loaded.document_rows.items()} == {k: v.tolist() for k, v in built.document_rows.items()}


def test_a_schema_1_index_still_opens_by_parsing_every_record(pipeline, settings, tmp_path, caplog):
    """Written before records.npz: opened the old way (every line parsed), with a warning saying how to
    rewrite it; the same records and lookups."""
    gen = store.current_dir(settings.index_dir)
    manifest = load_index(settings.index_dir).manifest
    old = tmp_path / "schema-1"
    with store.writing(old) as tmp:
        for path in gen.iterdir():
            if path.name not in ("manifest.json", store.READERS, RECORDS_FILE):
                (shutil.copytree if path.is_dir() else shutil.copyfile)(path, tmp / path.name)
        store.publish(tmp, {**{k: v for k, v in manifest.items() if k != "files"}, "schema_version": 1})
    with caplog.at_level("WARNING", logger="rag.index"):
        loaded = load_index(old)
    assert "schema version 1" in caplog.text and "rag index --force" in caplog.text
    assert isinstance(loaded.sentences, list) and loaded.sentences == list(pipeline.index.sentences)
    assert dict(loaded.sentence_row) == dict(pipeline.index.sentence_row)


def test_columns_of_appended_rows_are_the_columns_of_all_rows():
    docs = {d: Document(d, "x" * 50, d, "en") for d in ("a", "b", "c")}
    sents = [Sentence(f"s{i}", d, i, i + 1, "x", i) for i, d in enumerate("aabbcc")]
    chunks = [Chunk(f"c{i}", s.doc_id, 0, 1, "x", (s.sent_id,), 1) for i, s in enumerate(sents)]
    values = {"s1": (Value("date", "2020", 0, 4, "2020"),), "s4": ()}
    whole = Columns.of(docs, sents, chunks, values)
    first = Columns.of({d: docs[d] for d in "ab"}, sents[:4], chunks[:4], values)
    grown = Columns.of(docs, sents[4:], chunks[4:], values, base=first)
    for name, array in whole.arrays().items():
        assert np.array_equal(array, grown.arrays()[name]), name
    rows = IdRows(whole.sentence_ids, whole.sentence_order)
    assert [rows[f"s{i}"] for i in range(6)] == list(range(6)) and "s9" not in rows
    members = Members(whole.member_offsets, whole.members).where(np.array([True, False] * 3))
    assert [m.tolist() for m in members] == [[0], [], [2], [], [4], []]


def test_checksums_are_hashed_once_per_file_version(pipeline, settings, tmp_path, monkeypatch):
    """A generation whose files matched their checksums is not hashed again on the next open, unless a file
    was written since (its ctime changes): a flipped byte is still caught."""
    folder = tmp_path / "index"
    shutil.copytree(settings.index_dir, folder, ignore=shutil.ignore_patterns(store.VERIFIED))
    time.sleep(store.SETTLED + 0.2)  # files just written are never remembered (coarse ctime ticks)
    hashed: list[str] = []
    real = store.verify_files
    monkeypatch.setattr(store, "verify_files", lambda gen, manifest: (hashed.append(gen.name), real(gen, manifest))[1])
    load_index(folder)
    load_index(folder)
    assert len(hashed) == 1 and load_index(folder, verify=True).sentences
    target = store.current_dir(folder) / "chunks.faiss"
    original = target.read_bytes()
    flipped = bytearray(original)
    flipped[len(flipped) // 2] ^= 1
    target.write_bytes(bytes(flipped))
    with pytest.raises(IndexCorrupt):
        load_index(folder)
    target.write_bytes(original)
    load_index(folder)
    assert len(hashed) == 3
