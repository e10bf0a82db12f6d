"""The index manifest: one typed record of what a generation holds, checked before anything trusts it.

``manifest.json`` names the schema and pipeline version, the embedder, the corpus fingerprint, the
counts and the sha256 of every file; ``Manifest.parse`` refuses any manifest a reader could not rely on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import IndexCorrupt

# 2: records.npz (per-row arrays and line offsets, rag.index_rows) lets an index open without parsing
# every record. A schema-1 index is still read, parsing every line as before (rag.index_files says so).
SCHEMA_VERSION = 2
READABLE_SCHEMAS = (1, 2)
REQUIRED_FILES = ("documents.jsonl", "sentences.jsonl", "chunks.jsonl", "sentence_vectors.npy",
                  "chunk_vectors.npy", "value_vectors.npy", "chunks.faiss")
REQUIRED_SINCE = {"records.npz": 2}  # files a generation must have from that schema version on
HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Manifest:
    """The fields every reader relies on, checked for type; ``raw`` is the whole dict as written."""

    schema_version: int
    pipeline_version: str
    embedder_id: str
    embedder_dim: int
    corpus_fingerprint: str
    counts: Mapping[str, int]
    files: Mapping[str, str]
    raw: Mapping[str, Any]

    @classmethod
    def parse(cls, raw: Any, where: Path | str) -> Manifest:
        """Validated manifest, or IndexCorrupt saying which field is wrong.

        Example: ``[]`` -> IndexCorrupt('…: manifest is a list, not an object').
        """
        def bad(reason: str) -> IndexCorrupt:
            return IndexCorrupt(f"{where}: {reason}")

        if not isinstance(raw, dict):
            raise bad(f"manifest is {'null' if raw is None else type(raw).__name__}, not an object")
        version = raw.get("schema_version")
        if type(version) is not int or version not in READABLE_SCHEMAS:
            raise bad(f"schema version {version!r} (this program reads {', '.join(map(str, READABLE_SCHEMAS))})")
        embedder, counts, files = raw.get("embedder"), raw.get("counts"), raw.get("files")
        if not isinstance(embedder, dict) or not isinstance(embedder.get("id"), str) or type(embedder.get("dim")) is not int:
            raise bad("field 'embedder' must be {id: text, dim: whole number}")
        for key in ("pipeline_version", "corpus_fingerprint"):
            if not isinstance(raw.get(key), str) or not raw[key]:
                raise bad(f"field {key!r} must be non-empty text")
        if not isinstance(counts, dict) or not all(type(counts.get(k)) is int and counts[k] >= 0
                                                   for k in ("documents", "sentences", "chunks")):
            raise bad("field 'counts' must give documents, sentences and chunks as whole numbers")
        if not isinstance(files, dict) or not all(isinstance(v, str) and HEX64.fullmatch(v) for v in files.values()):
            raise bad("field 'files' must map file names to sha256 digests")
        missing = [n for n in (*REQUIRED_FILES, *(f for f, v in REQUIRED_SINCE.items() if version >= v)) if n not in files]
        if missing or not any(n.startswith("bm25/") for n in files):
            raise bad(f"field 'files' does not list {', '.join(missing) or 'the bm25 files'}")
        for name in files:
            if not isinstance(name, str) or name.startswith("/") or ".." in Path(name).parts:
                raise bad(f"field 'files' names a path outside the index: {name!r}")
        return cls(version, raw["pipeline_version"], embedder["id"], embedder["dim"], raw["corpus_fingerprint"],
                   counts, files, raw)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_files(paths: list[Path], fsync: bool = False) -> list[str]:
    """``sha256_file`` of each path (fsynced first when asked), the largest first, one thread per core:
    hashlib releases the GIL while hashing, and an index is a few large files (vectors, FAISS)."""
    def one(path: Path) -> str:
        if fsync:
            with path.open("rb+") as f:
                os.fsync(f.fileno())
        return sha256_file(path)

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    order = sorted(range(len(paths)), key=lambda i: -paths[i].stat().st_size)
    with ThreadPoolExecutor(max(1, min(cores, len(paths)))) as pool:
        digests = dict(zip(order, pool.map(one, [paths[i] for i in order])))
    return [digests[i] for i in range(len(paths))]


def manifest_at(gen: Path, expected_sha: str | None) -> Manifest:
    path = gen / "manifest.json"
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise IndexCorrupt(f"{path}: missing manifest") from e
    if expected_sha is not None and hashlib.sha256(raw).hexdigest() != expected_sha:
        raise IndexCorrupt(f"{path}: manifest checksum mismatch (file changed or damaged)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise IndexCorrupt(f"{path}: unreadable manifest ({e.__class__.__name__})") from e
    return Manifest.parse(data, path)


def verify_files(gen: Path, manifest: Manifest) -> None:
    paths = [gen / name for name in manifest.files]
    for path in paths:
        if not path.is_file():
            raise IndexCorrupt(f"{path}: missing index file")
    for path, found, digest in zip(paths, sha256_files(paths), manifest.files.values()):
        if found != digest:
            raise IndexCorrupt(f"{path}: checksum mismatch (file changed or damaged)")
