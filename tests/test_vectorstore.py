"""The vector-store seam: FAISS per language (exact and IVF), Milvus Lite giving the same top-10."""

from __future__ import annotations

import numpy as np
import pytest

from rag.errors import InvalidInput
from rag.vectorstore import FaissStore, parse_milvus


def _unit(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _clustered(n: int, centres: np.ndarray, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = centres[rng.integers(0, len(centres), n)] + (0.35 / np.sqrt(centres.shape[1])) * rng.standard_normal(
        (n, centres.shape[1])).astype(np.float32)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _exact(vectors: np.ndarray, query: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    sims = vectors[rows] @ query
    return rows[np.argsort(-sims, kind="stable")[:n]]


def _same_top(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> bool:
    """Same rows in the same order, except that rows tied within 1e-5 may swap."""
    (sa, ra), (sb, rb) = a, b
    if len(ra) != len(rb) or not np.allclose(sa, sb, atol=1e-5):
        return False
    return all(x == y or abs(sa[i] - sb[i]) < 1e-5 and y in ra for i, (x, y) in enumerate(zip(ra, rb)))


def test_parse_milvus_spec():
    assert parse_milvus("milvus://10.0.0.5:19530/chunks") == ("http://10.0.0.5:19530", "chunks")
    assert parse_milvus("milvus:///tmp/x/rag.db/chunks") == ("/tmp/x/rag.db", "chunks")
    with pytest.raises(InvalidInput, match="collection"):
        parse_milvus("milvus://host:19530/")
    with pytest.raises(InvalidInput, match="milvus://"):
        parse_milvus("redis://host/x")


def test_faiss_store_exact_per_group_and_subset():
    vectors = _unit(3000)
    groups = np.array(["ar", "en", "fa"] * 1000, dtype=object)
    store = FaissStore(vectors, groups)
    assert not store.approximate
    for q in _unit(5, seed=7):
        for g in ("ar", "en", "fa"):
            rows = np.flatnonzero(groups == g)
            _, found = store.search(q, 10, rows)
            assert found.tolist() == _exact(vectors, q, rows, 10).tolist()
        subset = np.arange(0, 3000, 7)  # a document filter: not a whole group
        assert store.search(q, 10, subset)[1].tolist() == _exact(vectors, q, subset, 10).tolist()
        assert store.search(q, 10)[1].tolist() == _exact(vectors, q, np.arange(3000), 10).tolist()


def test_faiss_store_saved_and_memory_mapped(tmp_path):
    vectors = _clustered(6000, _unit(200))
    groups = np.array(["ar", "en"] * 3000, dtype=object)
    store = FaissStore(vectors, groups, threshold=2000)  # IVF per group
    np.save(tmp_path / "v.npy", vectors)
    store.save(tmp_path)
    from rag.vectorstore import open_vectors

    mapped = open_vectors(tmp_path / "v.npy")
    assert isinstance(mapped, np.memmap)
    loaded = FaissStore.load(tmp_path, mapped)
    q = vectors[17]
    assert loaded.search(q, 10, loaded.rows["en"])[1].tolist() == store.search(q, 10, store.rows["en"])[1].tolist()


@pytest.mark.slow
def test_ivf_recall_at_10_against_exact():
    """Above the threshold the store is approximate; recall@10 vs exact must stay >= 0.95."""
    vectors = _clustered(60_000, _unit(2000))
    store = FaissStore(vectors)
    assert store.approximate
    queries = _clustered(100, _unit(2000), seed=9)
    everything = np.arange(len(vectors))
    recall = np.mean([len(set(store.search(q, 10)[1]) & set(_exact(vectors, q, everything, 10))) / 10 for q in queries])
    assert recall >= 0.95, recall


@pytest.fixture(scope="module")
def milvus_uri(tmp_path_factory):
    pytest.importorskip("pymilvus", reason="Milvus backend needs the [scale] extra (pymilvus, milvus-lite)")
    pytest.importorskip("milvus_lite", reason="Milvus backend needs the [scale] extra (pymilvus, milvus-lite)")
    return str(tmp_path_factory.mktemp("milvus") / "rag.db")


@pytest.mark.slow
def test_milvus_lite_same_top10_as_faiss_on_seed_corpus(pipeline, milvus_uri):
    """Milvus Lite (started by the test) returns the embedded store's top-10 for every gold question,
    per language and overall, and hybrid search through it returns the same passages."""
    from rag.evaluate import load_gold
    from rag.vectorstore import MilvusStore

    index = pipeline.index
    faiss_store = FaissStore(index.chunk_vectors, index.chunk_language)
    milvus = MilvusStore(f"milvus://{milvus_uri}/seed")
    milvus.upload(index.chunk_vectors, index.chunk_language)
    questions = [g.question for g in load_gold()][:20]
    for q in questions:
        v = pipeline.embedder.embed_query(q)
        assert _same_top(milvus.search(v, 10), faiss_store.search(v, 10))
        for rows in faiss_store.rows.values():
            assert _same_top(milvus.search(v, 10, rows), faiss_store.search(v, 10, rows))
    before = [[h.chunk.chunk_id for h in pipeline.search(q, 10)] for q in questions[:6]]
    index.store = milvus
    try:
        after = [[h.chunk.chunk_id for h in pipeline.search(q, 10)] for q in questions[:6]]
    finally:
        del index.store
    assert after == before


@pytest.mark.slow
def test_milvus_lite_same_top10_on_10k_synthetic(index, milvus_uri):
    """10,000 clustered synthetic 384-d vectors (centres: the seed corpus's real sentence vectors)."""
    from rag.vectorstore import MilvusStore

    vectors = _clustered(10_000, np.asarray(index.sentence_vectors))
    groups = np.array(["ar", "en", "fa"], dtype=object)[np.arange(10_000) % 3]
    faiss_store = FaissStore(vectors, groups)
    milvus = MilvusStore(f"milvus://{milvus_uri}/synthetic10k")
    milvus.upload(vectors, groups)
    for q in _clustered(20, np.asarray(index.sentence_vectors), seed=5):
        assert _same_top(milvus.search(q, 10), faiss_store.search(q, 10))
        assert _same_top(milvus.search(q, 10, faiss_store.rows["fa"]), faiss_store.search(q, 10, faiss_store.rows["fa"]))
