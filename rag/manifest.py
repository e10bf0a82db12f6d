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
# 3: some row files stored in parts (``parts``: name -> its files in reading order, rag.index_parts), written
# by an add; older readers would read the first part alone, so they are told the schema is newer instead.
PARTS_SCHEMA = 3
READABLE_SCHEMAS = (1, 2, 3)
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
    # Written since the open checks (``check_files``): each file's size, and a digest of its sampled bytes.
    # None in a generation published before them; such a generation is hashed in full on open instead.
    sizes: Mapping[str, int] | None = None
    samples: Mapping[str, str] | None = None

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
        parts = raw.get("parts")
        if (parts is not None or version >= PARTS_SCHEMA) and not (
                isinstance(parts, dict) and version >= PARTS_SCHEMA and all(
                    isinstance(v, list) and v and v[0] == k and all(isinstance(p, str) and p in files for p in v)
                    for k, v in parts.items())):
            raise bad("field 'parts' must map each file stored in parts to its listed files, itself first")
        sizes, samples = raw.get("sizes"), raw.get("samples")
        if sizes is not None or samples is not None:
            if not isinstance(sizes, dict) or set(sizes) != set(files) or not all(
                    type(v) is int and v >= 0 for v in sizes.values()):
                raise bad("field 'sizes' must give every listed file's size in bytes")
            if not isinstance(samples, dict) or set(samples) != set(files) or not all(
                    isinstance(v, str) and HEX64.fullmatch(v) for v in samples.values()):
                raise bad("field 'samples' must give every listed file's sampled sha256")
        return cls(version, raw["pipeline_version"], embedder["id"], embedder["dim"], raw["corpus_fingerprint"],
                   counts, files, raw, sizes, samples)


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


SAMPLE_EDGE = 1 << 16  # bytes read at each end of a file: headers (npy shape and dtype, FAISS, npz directory)
SAMPLE_BLOCKS, SAMPLE_BLOCK = 16, 1 << 12  # plus evenly spaced blocks between them


def sample_digest(path: Path, size: int | None = None) -> str:
    """sha256 of a file's size, its first and last 64 KiB and 16 evenly spaced 4 KiB blocks: ~200 KiB read
    whatever the file's size. A truncated, extended, replaced or swapped file gives another digest (headers
    hold the shape, the length and the tail); a flipped byte elsewhere does not (the full hash finds it).

    Example: a 6 GB vector file -> its digest after 18 reads, ~1 ms when cached.
    """
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size if size is None else size
        h = hashlib.sha256(size.to_bytes(8, "little"))
        fd = f.fileno()
        h.update(os.pread(fd, SAMPLE_EDGE, 0))
        h.update(os.pread(fd, SAMPLE_EDGE, max(0, size - SAMPLE_EDGE)))
        span = max(0, size - SAMPLE_BLOCK)
        for i in range(SAMPLE_BLOCKS):
            h.update(os.pread(fd, SAMPLE_BLOCK, span * i // max(1, SAMPLE_BLOCKS - 1)))
    return h.hexdigest()


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


def check_files(gen: Path, manifest: Manifest, samples: bool = True) -> None:
    """The open checks, cheap at any size: every file is there, has the size it was published with, and the
    same sampled bytes (``sample_digest``); a manifest from before sizes were written gets the first only."""
    for name in manifest.files:
        path = gen / name
        try:
            size = path.stat().st_size
        except OSError:
            size = None
        if size is None or not path.is_file():
            raise IndexCorrupt(f"{path}: missing index file")
        if manifest.sizes is not None and size != manifest.sizes[name]:
            raise IndexCorrupt(f"{path}: {size} bytes, published with {manifest.sizes[name]} (truncated or replaced)")
        if samples and manifest.samples is not None and sample_digest(path, size) != manifest.samples[name]:
            raise IndexCorrupt(f"{path}: checksum mismatch in sampled bytes (file replaced or damaged)")


def verify_files(gen: Path, manifest: Manifest) -> None:
    """Every byte of every file against its published sha256 (``rag index --verify``; ~1 s per GB here)."""
    check_files(gen, manifest, samples=False)  # a truncated file is named as such; the hash covers the rest
    paths = [gen / name for name in manifest.files]
    for path, found, digest in zip(paths, sha256_files(paths), manifest.files.values()):
        if found != digest:
            raise IndexCorrupt(f"{path}: checksum mismatch (file changed or damaged)")
