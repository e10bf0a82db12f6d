"""Append-only parts: adding an article writes its rows' bytes only, and links every older byte.

A generation is immutable, so an add used to write a whole new one: every vector and record of a
100k-sentence index copied (~630 MB), then hashed and fsynced, ~4 s of an add that embeds 16
sentences in 3 s. The row files (``PARTED``) may instead be stored as parts, read one after the other:
the first is the file under its own name, the rest are ``parts/<stem>.<n>.<ext>``. An add hard-links
the previous generation's parts into the new one (the same inode: no byte copied, hashed or fsynced;
their sha256, size and sampled digest are carried over from the manifest that published them) and
writes one new part holding only the new rows. Every file, linked or new, is still listed in the
manifest with its sha256, so ``rag index --verify`` hashes every byte as before and finds a damaged
old part; a failed add leaves the previous generation untouched (linking never changes a file).

A reader sees one matrix per vector file (``RowStack``: one memory-mapped block per part, rows read
in place) and one byte string per JSON-lines file (``PartsBlob``). After ``MAX_PARTS`` parts, or when
the parts no longer match what the previous manifest published, the add writes the files whole again.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from rag.manifest import sample_digest

# The row files an add appends to: records (JSON lines) and their vectors, aligned with sentences,
# chunks, documents and values. Everything else is rewritten whole (small, or changed in every row:
# FAISS's graph, BM25's scores).
PARTED = ("documents.jsonl", "sentences.jsonl", "chunks.jsonl", "sentence_vectors.npy", "chunk_vectors.npy",
          "value_vectors.npy")
PARTS_DIR = "parts"
MAX_PARTS = 16  # a file in more parts than this is written whole again at the next add


def part_name(name: str, n: int) -> str:
    """Example: ('sentences.jsonl', 3) -> 'parts/sentences.0003.jsonl'."""
    stem, ext = name.rsplit(".", 1)
    return f"{PARTS_DIR}/{stem}.{n:04d}.{ext}"


def parts_of(manifest: Mapping[str, Any], name: str) -> list[str]:
    """The files ``name`` is stored in, in reading order (just ``[name]`` when it is one file)."""
    return list(manifest.get("parts", {}).get(name, [name]))


def link_parts(base: Path, manifest: Mapping[str, Any], tmp: Path) -> dict[str, list[str]] | None:
    """Hard-link every part of the ``PARTED`` files of generation ``base`` into ``tmp``, each checked first
    for the size and sampled bytes it was published with; {name: its parts}, or None when a file cannot be
    linked (then nothing is linked and the caller writes the files whole)."""
    files, sizes, samples = manifest.get("files", {}), manifest.get("sizes"), manifest.get("samples")
    if not isinstance(sizes, dict) or not isinstance(samples, dict):
        return None
    out = {name: parts_of(manifest, name) for name in PARTED}
    if any(len(parts) >= MAX_PARTS or not all(p in files for p in parts) for parts in out.values()):
        return None
    linked: list[Path] = []
    try:
        for parts in out.values():
            for part in parts:
                source, target = base / part, tmp / part
                size = source.stat().st_size
                if size != sizes[part] or sample_digest(source, size) != samples[part]:
                    raise OSError(f"{source}: not as published")
                target.parent.mkdir(exist_ok=True)
                os.link(source, target)
                linked.append(target)
    except (OSError, KeyError):
        for target in linked:
            target.unlink(missing_ok=True)
        return None
    return out


def carried(manifest: Mapping[str, Any], parts: Mapping[str, list[str]]) -> dict[str, tuple[str, int, str]]:
    """{part: (sha256, size, sampled digest)} of every linked part, as the previous manifest published them."""
    return {p: (manifest["files"][p], manifest["sizes"][p], manifest["samples"][p])
            for names in parts.values() for p in names}


def npy_rows(path: Path) -> int:
    """Rows of an ``.npy`` file, read from its header."""
    return len(np.load(path, mmap_mode="r", allow_pickle=False))


class RowStack:
    """Row blocks (memory-mapped parts) read as one matrix without copying them: ``m[rows]``, ``m[i]``,
    ``m[a:b]``, ``len(m)``, ``m.shape``; ``np.asarray(m)`` copies them into one array.

    Example: RowStack([a (2x4), b (1x4)])[[2, 0]] -> [b[0], a[0]].
    """

    ndim = 2

    def __init__(self, blocks: list[np.ndarray]) -> None:
        self.blocks = blocks
        self.ends = np.cumsum([len(b) for b in blocks]).astype(np.int64)
        self.starts = self.ends - np.array([len(b) for b in blocks], dtype=np.int64)
        self._ends = self.ends.tolist()  # for one row: bisect on a list is ~10x numpy's searchsorted on a scalar
        self.dtype = blocks[0].dtype
        self.shape = (int(self.ends[-1]), blocks[0].shape[1])

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: Any) -> np.ndarray:
        if isinstance(key, (int, np.integer)):
            i = int(key) + (len(self) if key < 0 else 0)
            if not 0 <= i < len(self):
                raise IndexError(key)
            k = bisect.bisect_right(self._ends, i)
            return self.blocks[k][i - (self._ends[k - 1] if k else 0)]
        if isinstance(key, tuple):
            raise TypeError("RowStack takes rows only (m[rows]); index the rows it returns for columns")
        if isinstance(key, slice):
            rows = np.arange(*key.indices(len(self)), dtype=np.int64)
        else:
            rows = np.asarray(key)
            rows = np.flatnonzero(rows) if rows.dtype == bool else rows.astype(np.int64, copy=False)
            rows = np.where(rows < 0, rows + len(self), rows)
        if len(rows) and (rows.min() < 0 or rows.max() >= len(self)):
            raise IndexError("row out of range")
        out = np.empty((len(rows), self.shape[1]), dtype=self.dtype)
        which = np.searchsorted(self.ends, rows, side="right")
        for k, block in enumerate(self.blocks):
            mine = which == k
            if mine.any():
                out[mine] = block[rows[mine] - self.starts[k]]
        return out

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        whole = np.concatenate(self.blocks)
        return whole if dtype is None else whole.astype(dtype)


class PartsBlob:
    """Byte strings (memory-mapped parts) read as one: ``blob[a:b]`` for a span inside one part (a JSON line
    never crosses parts), ``len(blob)`` the total."""

    def __init__(self, parts: list[Any]) -> None:
        self.parts = parts
        self.ends = list(np.cumsum([len(p) for p in parts]).tolist())

    def __len__(self) -> int:
        return int(self.ends[-1]) if self.ends else 0

    def __getitem__(self, key: slice) -> bytes:
        start, stop = int(key.start or 0), int(len(self) if key.stop is None else key.stop)
        k = bisect.bisect_right(self.ends, start)
        base = self.ends[k - 1] if k else 0
        if k >= len(self.parts) or stop > self.ends[k]:
            raise IndexError(f"bytes {start}:{stop} are not inside one part")
        return self.parts[k][start - base:stop - base]


def stacked(first: Any, then: np.ndarray) -> Any:
    """``first``'s rows followed by ``then``'s, without copying ``first`` (a memory-mapped index: ~370 MB at
    100k sentences); copied into one array once there are more than ``MAX_PARTS`` blocks.

    Example: stacked(a (2x4), b (1x4)) -> RowStack([a, b]) of shape (3, 4)."""
    if not len(then):
        return first
    blocks = [*(first.blocks if isinstance(first, RowStack) else [first]), then]
    blocks = [b for b in blocks if len(b)]
    if len(blocks) > MAX_PARTS:
        return np.concatenate([np.asarray(b) for b in blocks])
    return RowStack(blocks) if len(blocks) > 1 else blocks[0]
