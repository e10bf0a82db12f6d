"""The vector-store seam: where dense candidates come from. FAISS in-process by default, Milvus past one machine.

A store answers one question: the ``n`` rows most similar (inner product on unit vectors) to a
query vector, optionally only among some rows. Rows are the index's chunk rows, so BM25 (bm25s,
in-process, next to the index files) and the fusion in ``rag.retrieve`` stay as they are; with
Milvus the dense half is remote and BM25 stays beside it (measured in docs/scaling.md).

- ``FaissStore``: one FAISS index per group (document language), because retrieval searches each
  language separately and a per-question ``IDSelectorBatch`` over every row of a language costs
  O(N) before the search starts. Exact inner product below ``APPROX_THRESHOLD`` rows per group;
  IVF-Flat above it (k-means lists, ``nprobe`` searched): on 2 shared cores it builds ~10x faster
  than HNSW at 1M rows, and ``nprobe`` is set by measured recall@10 against exact search
  (``python -m benchmarks.perf scale``). Vectors are opened memory-mapped.
- ``MilvusStore``: the same rows in a Milvus collection (``id``, ``vector``, ``grp``) through
  ``pymilvus``; a file URI runs Milvus Lite in-process, ``milvus://host:port/collection`` a server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from rag.errors import InvalidInput

APPROX_THRESHOLD = 20_000  # rows per group; exact search below. 33k rows: exact 18 ms CPU per question (3 groups x
# 200 candidates), IVF at nprobe 24 2.7 ms (benchmarks/perf scale, 100k tier; recall in reports/performance.json)
NPROBE = 24  # IVF lists searched per question; recall@10 >= 0.95 measured at 100k and 1M (benchmarks/perf)


class VectorStore(Protocol):
    """Dense candidates: (similarities, rows), best first, at most ``n``."""

    def search(self, query: np.ndarray, n: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]: ...


def open_vectors(path: Path) -> np.ndarray:
    """A float32 ``.npy`` opened memory-mapped: loading costs no read, pages come in as searched."""
    return np.load(path, mmap_mode="r", allow_pickle=False)


def _group_rows(groups: np.ndarray | None, count: int) -> dict[str, np.ndarray]:
    if groups is None:
        return {"": np.arange(count, dtype=np.int64)}
    return {str(g): np.flatnonzero(groups == g).astype(np.int64) for g in sorted(set(groups.tolist()))}


def _faiss_for(vectors: np.ndarray, threshold: int, nprobe: int) -> Any:
    """Exact inner product for a small group; IVF-Flat with sqrt(n) lists for a large one."""
    import faiss

    dim = vectors.shape[1]
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    index: Any
    if len(x) < threshold:
        index = faiss.IndexFlatIP(dim)
    else:
        lists = int(np.sqrt(len(x)))
        ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        sample = x[np.linspace(0, len(x) - 1, min(len(x), 40 * lists)).astype(np.int64)]
        ivf.train(sample)
        ivf.nprobe = nprobe
        index = ivf
    if len(x):
        index.add(x)
    return index


def _merge(parts: list[tuple[np.ndarray, np.ndarray]], n: int) -> tuple[np.ndarray, np.ndarray]:
    if not parts:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    sims = np.concatenate([p[0] for p in parts])
    rows = np.concatenate([p[1] for p in parts])
    order = np.lexsort((rows, -sims))[:n]
    return sims[order], rows[order]


class FaissStore:
    """Per-group FAISS indexes over (possibly memory-mapped) vectors."""

    def __init__(self, vectors: np.ndarray, groups: np.ndarray | None = None,
                 threshold: int = APPROX_THRESHOLD, nprobe: int = NPROBE, indexes: dict[str, Any] | None = None) -> None:
        if nprobe < 1:
            raise InvalidInput(f"nprobe must be greater than 0. Currently, the nprobe is {nprobe}")
        self.vectors = vectors
        self.threads = 1
        self.rows = _group_rows(groups, len(vectors))
        self.indexes = indexes if indexes is not None else {
            g: _faiss_for(vectors[r], threshold, nprobe) for g, r in self.rows.items()}

    @property
    def approximate(self) -> bool:
        return any(hasattr(ix, "nprobe") for ix in self.indexes.values())

    def set_nprobe(self, nprobe: int) -> None:
        for ix in self.indexes.values():
            if hasattr(ix, "nprobe"):
                ix.nprobe = nprobe

    def _search_group(self, group: str, query: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        ix = self.indexes[group]
        sims, found = ix.search(query.reshape(1, -1).astype(np.float32), min(n, ix.ntotal))
        keep = found[0] >= 0
        return sims[0][keep], self.rows[group][found[0][keep]]

    def search(self, query: np.ndarray, n: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-n rows on ``self.threads`` threads (one per question: two OpenMP threads on two shared
        cores ran 2-5x slower, benchmarks/perf); ``rows`` that are exactly one group search that
        group's index, any other subset (a document filter) is scored exactly."""
        from rag.embed import limit_threads

        with limit_threads(self.threads):
            return self._search(query, n, rows)

    def _search(self, query: np.ndarray, n: int, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if rows is None:
            return _merge([self._search_group(g, query, n) for g in self.rows], n)
        rows = np.asarray(rows, dtype=np.int64)
        for g, members in self.rows.items():
            if len(members) == len(rows) and np.array_equal(members, rows):
                return self._search_group(g, query, n)
        sims = np.asarray(self.vectors[rows] @ query, dtype=np.float32)
        top = np.argsort(-sims, kind="stable")[:n]
        return sims[top], rows[top]

    def save(self, folder: Path) -> None:
        """``store_<group>.faiss`` plus ``store_groups.npy``; the vectors stay in the index's own .npy."""
        import faiss

        folder.mkdir(parents=True, exist_ok=True)
        names = np.array(list(self.rows), dtype=str)
        np.save(folder / "store_groups.npy", names, allow_pickle=False)
        for i, g in enumerate(names):
            np.save(folder / f"store_rows_{i}.npy", self.rows[str(g)], allow_pickle=False)
            faiss.write_index(self.indexes[str(g)], str(folder / f"store_{i}.faiss"))

    @classmethod
    def load(cls, folder: Path, vectors: np.ndarray) -> FaissStore:
        """Open saved group indexes; IVF lists are memory-mapped (``IO_FLAG_MMAP``), not read."""
        import faiss

        names = [str(g) for g in np.load(folder / "store_groups.npy", allow_pickle=False)]
        store = cls.__new__(cls)
        store.vectors = vectors
        store.threads = 1
        store.rows = {g: np.load(folder / f"store_rows_{i}.npy", mmap_mode="r") for i, g in enumerate(names)}
        store.indexes = {g: faiss.read_index(str(folder / f"store_{i}.faiss"), faiss.IO_FLAG_MMAP)
                         for i, g in enumerate(names)}
        return store


def parse_milvus(spec: str) -> tuple[str, str]:
    """(pymilvus uri, collection) from a store spec.

    Example: 'milvus://10.0.0.5:19530/chunks' -> ('http://10.0.0.5:19530', 'chunks');
             'milvus:///tmp/rag.db/chunks' -> ('/tmp/rag.db', 'chunks') (Milvus Lite file).
    """
    parsed = urlparse(spec)
    if parsed.scheme != "milvus":
        raise InvalidInput(f"store must look like milvus://host:port/collection. Currently, the store is {spec!r}")
    path, _, collection = parsed.path.rstrip("/").rpartition("/")
    if not collection:
        raise InvalidInput(f"store {spec!r} names no collection (milvus://host:port/collection)")
    if parsed.netloc:
        return f"http://{parsed.netloc}", collection
    return path, collection


class MilvusStore:
    """Chunk vectors in a Milvus collection; exact (FLAT) inner product so results match FaissStore's exact search."""

    def __init__(self, spec: str, groups: np.ndarray | None = None) -> None:
        from pymilvus import MilvusClient

        self.uri, self.collection = parse_milvus(spec)
        self.client = MilvusClient(self.uri)
        self.rows = _group_rows(groups, len(groups) if groups is not None else 0)
        if groups is not None and self.client.has_collection(self.collection):
            self.client.load_collection(self.collection)  # an existing collection: search it as it is

    def upload(self, vectors: np.ndarray, groups: np.ndarray, batch: int = 5_000) -> None:
        """(Re)create the collection with every row: id = row, grp = group (language)."""
        from pymilvus import DataType

        c = self.client
        if c.has_collection(self.collection):
            c.drop_collection(self.collection)
        schema = c.create_schema(auto_id=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=int(vectors.shape[1]))
        schema.add_field("grp", DataType.VARCHAR, max_length=32)
        params = c.prepare_index_params()
        params.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
        c.create_collection(self.collection, schema=schema, index_params=params)
        for start in range(0, len(vectors), batch):
            stop = min(start + batch, len(vectors))
            c.insert(self.collection, [{"id": i, "vector": vectors[i].tolist(), "grp": str(groups[i])}
                                       for i in range(start, stop)])
        c.flush(self.collection)  # sealed segments get their index; unflushed rows are searched ~20x slower
        c.load_collection(self.collection)
        self.rows = _group_rows(groups, len(groups))

    def search(self, query: np.ndarray, n: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        where = ""
        if rows is not None:
            rows = np.asarray(rows, dtype=np.int64)
            group = next((g for g, m in self.rows.items() if len(m) == len(rows) and np.array_equal(m, rows)), None)
            where = f'grp == "{group}"' if group is not None else f"id in {rows.tolist()}"
        found = self.client.search(self.collection, data=[np.asarray(query, dtype=np.float32).tolist()],
                                   limit=int(n), filter=where, output_fields=["id"],
                                   search_params={"metric_type": "IP"})[0]
        sims = np.array([h["distance"] for h in found], dtype=np.float32)
        ids = np.array([h["id"] for h in found], dtype=np.int64)
        order = np.lexsort((ids, -sims))
        return sims[order], ids[order]


def attach_store(index: Any, spec: str = "faiss") -> VectorStore:
    """Give a loaded Index the store its dense search goes through (``index.store``).

    'faiss' (default): per-language FAISS over the index's chunk vectors. 'milvus://…': the chunk
    vectors are uploaded to that collection (Milvus Lite for a file path) and searched there.
    """
    store: VectorStore
    if spec in ("", "faiss"):
        store = FaissStore(index.chunk_vectors, index.chunk_language)
    else:
        milvus = MilvusStore(spec)
        milvus.upload(index.chunk_vectors, index.chunk_language)
        store = milvus
    index.store = store
    return store
