"""What opening an index checks (``rag.store.Verify``) on real index files: sizes and sampled bytes on every
open, every byte when asked (``rag index --verify``, ``RAG_VERIFY=full``) or when the index is small."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag import manifest as manifest_mod
from rag import store
from rag.cli import app as cli
from rag.config import Settings
from rag.errors import IndexCorrupt, InvalidInput
from rag.index_open import open_index
from rag.pipeline import ensure_index


@pytest.fixture()
def local(settings, tmp_path) -> Settings:
    """A copy of the session's real index (and its corpus folder, unchanged), to damage."""
    folder = tmp_path / "index"
    shutil.copytree(settings.index_dir, folder, ignore=shutil.ignore_patterns(store.VERIFIED))
    return Settings.from_env(corpus_dir=settings.corpus_dir, index_dir=folder)


@pytest.fixture()
def large(monkeypatch):
    """Treat every index as too large to hash on each open (the real threshold is 256 MB; the seed index ~10 MB)."""
    monkeypatch.setattr(store, "FULL_HASH_BYTES", 0)


def _hashed(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = store.verify_files

    def counted(gen, manifest) -> None:
        seen.append(gen.name)
        real(gen, manifest)

    monkeypatch.setattr(store, "verify_files", counted)
    return seen


def _unsampled_offset(size: int) -> int:
    """A byte ``sample_digest`` does not read (between its evenly spaced blocks)."""
    span = size - manifest_mod.SAMPLE_BLOCK
    read = [(0, manifest_mod.SAMPLE_EDGE), (size - manifest_mod.SAMPLE_EDGE, size)]
    read += [(start, start + manifest_mod.SAMPLE_BLOCK) for start in
             (span * i // (manifest_mod.SAMPLE_BLOCKS - 1) for i in range(manifest_mod.SAMPLE_BLOCKS))]
    return next(b for b in range(size) if not any(lo <= b < hi for lo, hi in read))


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x10
    path.write_bytes(bytes(data))


def test_publish_records_every_files_size_and_sample(pipeline, settings):
    gen = store.current_dir(settings.index_dir)
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["sizes"]) == set(manifest["samples"]) == set(manifest["files"])
    for name, size in manifest["sizes"].items():
        assert (gen / name).stat().st_size == size
        assert manifest_mod.sample_digest(gen / name) == manifest["samples"][name]


def test_a_large_index_opens_without_hashing_every_byte(pipeline, local, large, monkeypatch):
    hashed = _hashed(monkeypatch)
    index = open_index(local.index_dir)
    assert not hashed and len(index.sentences) == len(pipeline.index.sentences)


def test_a_truncated_vector_file_is_refused_on_open(pipeline, local, large):
    target = store.current_dir(local.index_dir) / "sentence_vectors.npy"
    with target.open("r+b") as f:
        f.truncate(target.stat().st_size - 4 * 384)  # one row short
    with pytest.raises(IndexCorrupt, match="truncated"):
        open_index(local.index_dir, "quick")


def test_a_swapped_file_is_refused_on_open(pipeline, local, large):
    """A file from elsewhere with the very size of the one published (another index's FAISS file of the
    same row count would be one) is caught by its sampled bytes."""
    gen = store.current_dir(local.index_dir)
    target = gen / "chunk_vectors.npy"
    data = bytearray(target.read_bytes())
    data[-4 * 384:] = data[:4 * 384]  # the same size and header, another last row
    target.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="checksum mismatch in sampled bytes"):
        open_index(local.index_dir, "quick")
    (gen / "sentence_vectors.npy").replace(target)  # another file of the index in its place
    with pytest.raises(IndexCorrupt, match="published with"):
        open_index(local.index_dir, "auto")


def test_a_flipped_header_byte_is_refused_on_open(pipeline, local, large):
    _flip(store.current_dir(local.index_dir) / "chunk_vectors.npy", 20)  # inside the npy header (shape, dtype)
    with pytest.raises(IndexCorrupt):
        open_index(local.index_dir)


def test_a_flipped_byte_inside_a_large_index_is_found_by_the_full_check(pipeline, local, large, monkeypatch):
    """The open checks do not read every byte: one flipped between the sampled blocks opens, and the full check
    (``rag index --verify``) finds it, says which file, and the index is rebuilt from the corpus."""
    target = store.current_dir(local.index_dir) / "sentence_vectors.npy"
    _flip(target, _unsampled_offset(target.stat().st_size))
    open_index(local.index_dir)  # what the default open does not see
    with pytest.raises(IndexCorrupt, match="sentence_vectors.npy: checksum mismatch"):
        open_index(local.index_dir, "full")
    messages: list[str] = []
    full = Settings.from_env(corpus_dir=local.corpus_dir, index_dir=local.index_dir, verify="full")
    index, rebuilt = ensure_index(full, pipeline.embedder, notify=messages.append)
    assert rebuilt and "sentence_vectors.npy: checksum mismatch" in messages[0]
    assert store.current_dir(local.index_dir) != target.parent
    hashed = _hashed(monkeypatch)
    open_index(local.index_dir, "full")
    assert hashed  # the new generation hashes clean
    assert len(index.sentences) == len(pipeline.index.sentences)


def test_rag_index_verify_hashes_every_byte_and_says_so(pipeline, local, large, monkeypatch):
    hashed = _hashed(monkeypatch)
    args = ["--corpus", str(local.corpus_dir), "--index", str(local.index_dir)]
    result = CliRunner().invoke(cli, ["index", *args])
    assert result.exit_code == 0 and not hashed and "verified" not in result.output
    result = CliRunner().invoke(cli, ["index", "--verify", *args])
    assert result.exit_code == 0, result.output
    assert hashed and "match their published sha256" in result.output


def test_a_small_index_is_hashed_in_full_by_default(pipeline, local, monkeypatch):
    target = store.current_dir(local.index_dir) / "sentence_vectors.npy"
    _flip(target, _unsampled_offset(target.stat().st_size))
    with pytest.raises(IndexCorrupt, match="checksum mismatch"):
        open_index(local.index_dir)


def test_sizes_must_cover_every_file():
    raw = {"schema_version": 2, "pipeline_version": "p", "corpus_fingerprint": "f",
           "embedder": {"id": "m", "dim": 4}, "counts": {"documents": 1, "sentences": 1, "chunks": 1},
           "files": {n: "0" * 64 for n in (*store.REQUIRED_FILES, "records.npz", "bm25/params.index.json")}}
    assert store.Manifest.parse(raw, "m").sizes is None  # published before sizes were recorded: hashed in full
    sizes = {n: 1 for n in raw["files"]}
    samples = {n: "0" * 64 for n in raw["files"]}
    assert store.Manifest.parse({**raw, "sizes": sizes, "samples": samples}, "m").sizes == sizes
    with pytest.raises(IndexCorrupt, match="sizes"):
        store.Manifest.parse({**raw, "sizes": {**sizes, "chunks.faiss": -1}, "samples": samples}, "m")
    with pytest.raises(IndexCorrupt, match="samples"):
        store.Manifest.parse({**raw, "sizes": sizes, "samples": {}}, "m")


def test_the_verify_setting_names_its_modes(monkeypatch):
    monkeypatch.setenv("RAG_VERIFY", "full")
    assert Settings.from_env().verify == "full"
    with pytest.raises(InvalidInput, match="verify must be auto, full or quick"):
        Settings(verify="fast")
    with pytest.raises(ValueError, match="auto, full, quick, none"):
        store.verify_mode("fast")
