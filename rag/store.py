"""Publishing and reading the index on disk: immutable generations behind one atomically replaced pointer.

Layout of ``index/``::

  CURRENT          {"generation": "gen-…", "manifest_sha256": "…"}: written to a temporary file, fsynced,
                   then ``os.replace``d, so it only ever names a complete generation
  gen-<id>/        one complete index (the files ``rag.index`` lists) and its manifest.json; never changed
                   once it has its name
  gen-<id>/.readers  readers hold a shared ``flock`` on it while they load; garbage collection skips a
                   generation someone holds, so a loader never sees a file vanish
  .write.lock      writers hold it exclusively: one publish (or clean-up) at a time
  .verified/<gen>.json  a generation whose checksums matched, with each file's size, inode, mtime and ctime:
                   later opens hash only when one of those changed (see "checksums verified once")
  .tmp-gen-<id>/   a generation being written; a killed writer leaves one, the next start removes it
  .trash-*/        a generation being deleted (renamed first, so a half-deleted folder has no valid name)

A reader resolves CURRENT once and loads only that generation; the manifest's sha256 sits in CURRENT,
so a flipped bit anywhere in the manifest (its checksums included) is caught, and the set of files a
generation must have is fixed here, so no manifest field can switch checking off.

What an open checks (``Verify``): always the manifest against CURRENT and every file's presence, size and
sampled bytes (``rag.manifest.check_files``: a truncated, extended, swapped or replaced file is refused);
the full sha256 of every byte only in ``full`` mode (``rag index --verify``, ``RAG_VERIFY=full``) or, in
the default ``auto`` mode, when the generation is small enough to hash quickly (``FULL_HASH_BYTES``) or
was published before sizes and samples were recorded. A flipped byte inside a large generation, away from
the sampled bytes, is found by the full check, not by a default open. The current and the
previous generation are kept; older ones are deleted. An old flat ``index/`` (manifest.json at the top)
is still read, and moved into a generation by the next publish.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rag.errors import IndexCorrupt, IndexMissing
from rag.manifest import (  # noqa: F401  (public names, importable from here)
    HEX64,
    PARTS_SCHEMA,
    REQUIRED_FILES,
    SCHEMA_VERSION,
    Manifest,
    check_files,
    manifest_at,
    sample_digest,
    sha256_file,
    sha256_files,
    verify_files,
)

log = logging.getLogger("rag.index")

POINTER = "CURRENT"
READERS = ".readers"
WRITE_LOCK = ".write.lock"
_GEN = re.compile(r"gen-\d{20}-\d{1,10}")
LOAD_ATTEMPTS = 8  # a reader whose generation was collected before it got its lock resolves CURRENT again
# How much an open checks (module docstring): 'auto' (the default), 'full', 'quick', or 'none' (the
# manifest only: for reading the manifest). ``True`` and ``False`` mean 'auto' and 'none'.
Verify = Literal["auto", "full", "quick", "none"]
VERIFY_MODES = ("auto", "full", "quick", "none")
# 'auto' hashes every byte of a generation up to this size (~0.3 s here: the seed index is ~10 MB, the
# 100k-sentence one ~600 MB, a 1M one ~6 GB: 10-17 s on the shared machine, which misses the 2 s open).
FULL_HASH_BYTES = 256 << 20


def verify_mode(verify: bool | str) -> Verify:
    """Example: True -> 'auto'; 'full' -> 'full'; 'fast' -> ValueError naming the modes."""
    mode = {True: "auto", False: "none"}.get(verify, verify) if isinstance(verify, bool) else verify
    if mode not in VERIFY_MODES:
        raise ValueError(f"verify must be one of {', '.join(VERIFY_MODES)}. Currently, it is {verify!r}")
    return mode  # type: ignore[return-value]


def _hash_in_full(mode: Verify, manifest: Manifest) -> bool:
    """Whether this open hashes every byte ('auto': a small generation, or one without recorded sizes)."""
    if mode == "auto":
        return manifest.sizes is None or sum(manifest.sizes.values()) <= FULL_HASH_BYTES
    return mode == "full"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


# ---- the pointer ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pointer:
    generation: str
    manifest_sha256: str


def read_pointer(folder: Path) -> Pointer | None:
    """What CURRENT names, or None when there is no CURRENT; IndexCorrupt when it is damaged."""
    path = Path(folder) / POINTER
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise IndexCorrupt(f"{path}: unreadable ({e.strerror})") from e
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise IndexCorrupt(f"{path}: damaged pointer (not JSON)") from e
    if (not isinstance(data, dict) or not isinstance(data.get("generation"), str)
            or not _GEN.fullmatch(data["generation"]) or not isinstance(data.get("manifest_sha256"), str)
            or not HEX64.fullmatch(data["manifest_sha256"])):
        raise IndexCorrupt(f"{path}: damaged pointer (no valid generation name and manifest checksum)")
    return Pointer(data["generation"], data["manifest_sha256"])


def current_dir(folder: Path) -> Path:
    """The folder holding the current index files: the generation CURRENT names, or a legacy flat index."""
    folder = Path(folder)
    pointer = read_pointer(folder)
    if pointer is not None:
        return folder / pointer.generation
    if (folder / "manifest.json").exists():
        return folder
    raise IndexMissing(f"{folder}: no index yet (not built)")


@contextmanager
def _flock(path: Path, mode: int) -> Iterator[bool]:
    """Hold ``flock(mode)`` on path; yields False (without waiting) when LOCK_NB was asked and it is taken."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, mode)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def reading(folder: Path, verify: bool | str = True) -> Iterator[tuple[Path, Manifest]]:
    """(generation folder, checked manifest), held so that garbage collection leaves it alone meanwhile;
    its files checked as ``verify`` says (``Verify``)."""
    folder = Path(folder)
    mode = verify_mode(verify)
    for _ in range(LOAD_ATTEMPTS):
        pointer = read_pointer(folder)
        if pointer is None:
            if (folder / "manifest.json").exists():  # legacy flat index: no pointer, no manifest checksum
                manifest = manifest_at(folder, None)
                if mode != "none":
                    (verify_files if _hash_in_full(mode, manifest) else check_files)(folder, manifest)
                yield folder, manifest
                return
            raise IndexMissing(f"{folder}: no index yet (not built)")
        gen = folder / pointer.generation
        try:
            fd = os.open(gen / READERS, os.O_RDONLY)
        except FileNotFoundError:
            if read_pointer(folder) == pointer:
                raise IndexCorrupt(f"{gen}: the generation CURRENT names is missing") from None
            continue  # collected after a newer publish: read the pointer again
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            if not (gen / READERS).exists():  # collected between open and lock
                continue
            manifest = manifest_at(gen, pointer.manifest_sha256)
            if mode == "full" or (_hash_in_full(mode, manifest) and not _verified_before(folder, gen, pointer, manifest)):
                verify_files(gen, manifest)  # 'full' hashes now even if a check was remembered: it was asked for
                _remember_verified(folder, gen, pointer, manifest)
            elif mode != "none":
                check_files(gen, manifest)  # sizes and sampled bytes: ~20 ms at 1M sentences
            yield gen, manifest
            return
        finally:
            os.close(fd)  # releases the lock
    raise IndexCorrupt(f"{folder}: generations replaced faster than they could be read")


# ---- checksums verified once per file version ---------------------------------------------------------
# Hashing a ~1M-sentence generation (~6 GB) costs ~5.5 s of CPU on every open. A generation's files never
# change once it has its name, so a successful check is remembered outside it (``.verified/<gen>.json``)
# with each file's size, inode, mtime and ctime; a later open hashes again unless all of them are the same.
# Any write to a file, or a file replaced or restored with ``utime``, changes its ctime (which user space
# cannot set). Not caught: bytes that change on the medium without the filesystem knowing (the same on
# every read after an open, too). A check is remembered only when the files are older than SETTLED
# seconds, so a later write cannot get the same coarse ctime tick as the one remembered.
VERIFIED = ".verified"
SETTLED = 2.0


def _file_versions(gen: Path, manifest: Manifest) -> dict[str, list[int]]:
    out = {}
    for name in manifest.files:
        st = (gen / name).stat()
        out[name] = [st.st_size, st.st_ino, st.st_dev, st.st_mtime_ns, st.st_ctime_ns]
    return out


def _verified_before(folder: Path, gen: Path, pointer: Pointer, manifest: Manifest) -> bool:
    try:
        stamp = json.loads((folder / VERIFIED / f"{gen.name}.json").read_text(encoding="utf-8"))
        return stamp == {"manifest_sha256": pointer.manifest_sha256, "files": _file_versions(gen, manifest)}
    except (OSError, ValueError):
        return False


def _remember_verified(folder: Path, gen: Path, pointer: Pointer, manifest: Manifest) -> None:
    """Best effort: a read-only index folder is verified on every open, as before."""
    try:
        versions = _file_versions(gen, manifest)
        if time.time_ns() - max((v[4] for v in versions.values()), default=0) < SETTLED * 1e9:
            return
        stamps = folder / VERIFIED
        stamps.mkdir(exist_ok=True)
        for old in stamps.glob("gen-*.json"):  # generations collected since
            if not (folder / old.stem).is_dir():
                old.unlink(missing_ok=True)
        tmp = stamps / f".{gen.name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"manifest_sha256": pointer.manifest_sha256, "files": versions}), encoding="utf-8")
        os.replace(tmp, stamps / f"{gen.name}.json")
    except OSError:
        pass


# ---- publishing -------------------------------------------------------------------------------------

def new_generation_name() -> str:
    return f"gen-{time.time_ns():020d}-{os.getpid()}"


@contextmanager
def writing(folder: Path) -> Iterator[Path]:
    """A fresh temporary folder to fill; on success it becomes a generation and CURRENT names it.

    The caller writes every data file into the yielded folder; manifest.json (with the checksum of
    every file) is written here. Writers are serialized by a lock; a failure removes the folder.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with _flock(folder / WRITE_LOCK, fcntl.LOCK_EX):
        name = new_generation_name()
        tmp = folder / f".tmp-{name}"
        tmp.mkdir()
        try:
            yield tmp
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _collect(folder, keep=read_pointer_quiet(folder))


def publish(tmp: Path, manifest: dict, carried: Mapping[str, tuple[str, int, str]] | None = None) -> tuple[str, dict]:
    """Checksum every file in tmp, write the manifest, name the generation, point CURRENT at it.

    ``carried``: files hard-linked from a published generation (``rag.index_parts``), with the sha256, size
    and sampled digest it published them with: the same inode, already on disk, so they are neither hashed
    nor fsynced again (their size is checked); ``rag index --verify`` still hashes them."""
    folder = tmp.parent
    carried = carried or {}
    files = sorted(p for p in tmp.rglob("*") if p.is_file() and p.name != READERS)
    names = [p.relative_to(tmp).as_posix() for p in files]
    for n, p in zip(names, files):
        if n in carried and p.stat().st_size != carried[n][1]:
            raise IndexCorrupt(f"{p}: {p.stat().st_size} bytes, published with {carried[n][1]}")
    fresh = [p for n, p in zip(names, files) if n not in carried]
    digests = dict(zip(fresh, sha256_files(fresh, fsync=True)))
    manifest = {**manifest,
                "files": {n: carried[n][0] if n in carried else digests[p] for n, p in zip(names, files)},
                "sizes": {n: carried[n][1] if n in carried else p.stat().st_size for n, p in zip(names, files)},
                "samples": {n: carried[n][2] if n in carried else sample_digest(p)  # what every open checks
                            for n, p in zip(names, files)}}
    data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    Manifest.parse(json.loads(data), tmp / "manifest.json")  # never publish what a reader would refuse
    _write_synced(tmp / "manifest.json", data)
    _write_synced(tmp / READERS, b"")
    for sub in sorted({p.parent for p in files} - {tmp}):  # bm25/, parts/: their entries too
        _fsync_dir(sub)
    _fsync_dir(tmp)
    name = tmp.name.removeprefix(".tmp-")
    os.rename(tmp, folder / name)
    pointer = json.dumps({"generation": name, "manifest_sha256": hashlib.sha256(data).hexdigest()}).encode()
    staging = folder / f".{POINTER}.tmp-{os.getpid()}"
    _write_synced(staging, pointer)
    os.replace(staging, folder / POINTER)
    _fsync_dir(folder)
    return name, manifest


def read_pointer_quiet(folder: Path) -> str | None:
    try:
        pointer = read_pointer(folder)
    except IndexCorrupt:
        return None
    return pointer.generation if pointer else None


_LEGACY = ("manifest.json", "documents.jsonl", "sentences.jsonl", "chunks.jsonl", "sentence_vectors.npy",
           "chunk_vectors.npy", "value_vectors.npy", "chunks.faiss", "bm25")


def _collect(folder: Path, keep: str | None) -> list[str]:
    """Remove what no reader can need (caller holds the write lock): temporary and trash folders,
    generations older than the previous one, legacy flat files once a pointer exists."""
    removed = []
    for p in folder.iterdir():
        if p.name.startswith((".tmp-", ".trash-", f".{POINTER}.tmp-")):
            _remove(p)
            removed.append(p.name)
    for p in folder.parent.glob(f".{folder.name}.*"):  # the old layout's sibling tmp/old folders
        if p.name.startswith((f".{folder.name}.tmp-", f".{folder.name}.old-")):
            _remove(p)
            removed.append(p.name)
    if keep is not None:
        for name in _LEGACY:
            if (folder / name).exists():
                _remove(folder / name)
                removed.append(name)
    gens = sorted((p for p in folder.iterdir() if _GEN.fullmatch(p.name)), key=lambda p: p.name)
    keep_names = {keep} if keep else set()
    older = [g for g in gens if g.name not in keep_names and (keep is None or g.name < keep)]
    keep_names |= {g.name for g in older[-1:]}  # the previous generation stays
    for gen in gens:
        if gen.name in keep_names:
            continue
        try:
            with _flock(gen / READERS, fcntl.LOCK_EX | fcntl.LOCK_NB) as free:
                if not free:
                    continue  # someone is loading it; next time
                trash = folder / f".trash-{gen.name}"
                os.rename(gen, trash)
        except FileNotFoundError:
            trash = folder / f".trash-{gen.name}"
            os.rename(gen, trash)
        _remove(trash)
        removed.append(gen.name)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def clean(folder: Path) -> list[str]:
    """Leftovers of killed writers, removed at start unless a writer is busy; returns what was removed."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    try:
        with _flock(folder / WRITE_LOCK, fcntl.LOCK_EX | fcntl.LOCK_NB) as free:
            if not free:
                return []
            removed = _collect(folder, keep=read_pointer_quiet(folder))
    except OSError as e:  # a read-only index folder is still served; nothing can be cleaned there
        log.info("%s: not cleaned (%s)", folder, e.strerror)
        return []
    if removed:
        log.warning("%s: removed %d leftover(s) of an interrupted build: %s", folder, len(removed),
                    ", ".join(removed[:5]) + (" …" if len(removed) > 5 else ""))
    return removed
