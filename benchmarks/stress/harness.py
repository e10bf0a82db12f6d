"""Fault-injection harness shared by ``tests/test_reliability.py`` and ``benchmarks/stress/run.py``.

A fast deterministic embedder (the model is not what is tested here), a tiny corpus whose every
document carries the publish number, a writer that publishes again and again, a reader that checks
every load for consistency, and crash points that SIGKILL the writer at a chosen step of a publish.

    python -m benchmarks.stress.harness write INDEX N [--die-at POINT]
    python -m benchmarks.stress.harness read INDEX SECONDS [--until STOPFILE]
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypedDict

import numpy as np

from rag import store
from rag.embed import Embedder
from rag.errors import IndexCorrupt, IndexMissing
from rag.index import Index, build_index, load_index, save_index
from rag.ingest import Corpus, load_document

if TYPE_CHECKING:
    from _typeshed import StrOrBytesPath

WORDS = ["amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron", "iris", "jade"]
CRASH_POINTS = ("files-written", "generation-named", "pointer-staged", "published", "collecting")


class HashEmbedder(Embedder):
    """Deterministic vectors from a hash of the text: same text, same vector, in microseconds."""

    model_id = "test/hash-32"
    dim = 32

    def embed_batch(self, texts: list[str], role) -> np.ndarray:
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8)[:32] for t in texts]
        return np.asarray(rows, dtype=np.float32) - 127.5


def tag(n: int) -> str:
    """A publish number in words (digits would become values): 12 -> 'birch-cedar'."""
    return "-".join(WORDS[int(d)] for d in str(n))


def corpus_for(folder: Path, n: int, docs: int = 3) -> Corpus:
    """``docs`` small English articles, each stating publish number ``n`` in words."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for d in range(docs):
        path = folder / f"doc{d}.md"
        path.write_text(f"---\ntitle: Doc {d}\nlanguage: en\n---\nThis is article {WORDS[d]} of edition {tag(n)}. "
                        f"Edition {tag(n)} talks about water and farming.\n\nA second paragraph about "
                        f"the {WORDS[d]} pipeline in edition {tag(n)}.\n", encoding="utf-8")
        out.append(load_document(path))
    return Corpus(tuple(out), ())


def check(index: Index) -> str | None:
    """None when the index is one consistent generation; else what is wrong.

    Every quote is ``document.text[start:end]``, every id resolves, and all documents come from
    the same publish (a load mixing two generations fails one of these).
    """
    docs = index.documents
    for s in index.sentences:
        if s.doc_id not in docs or docs[s.doc_id].text[s.start:s.end] != s.text:
            return f"sentence {s.sent_id} is not its document's text[start:end]"
    for c in index.chunks:
        if c.doc_id not in docs or docs[c.doc_id].text[c.start:c.end] != c.text:
            return f"chunk {c.chunk_id} is not its document's text[start:end]"
        if any(sid not in index.sentence_row for sid in c.sentence_ids):
            return f"chunk {c.chunk_id} names a sentence that does not exist"
    editions = {d.text.split("edition ", 1)[1].split(".")[0] for d in docs.values() if "edition " in d.text}
    if len(editions) > 1:
        return f"documents from several publishes: {sorted(editions)}"
    if index.faiss_index.ntotal != len(index.chunks) or len(index.chunk_vectors) != len(index.chunks):
        return "vector rows disagree with chunks"
    return None


def _die() -> NoReturn:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("SIGKILL did not end the process")  # unreachable: SIGKILL cannot be caught


def arm(point: str) -> None:
    """Make this process SIGKILL itself at one step of the next publish (patching only this process)."""
    real_rename, real_replace, real_remove = os.rename, os.replace, store._remove

    def publish_die(tmp: Path, manifest: dict, carried: Any = None) -> tuple[str, dict]:
        _die()

    def rename_then_die(src: StrOrBytesPath, dst: StrOrBytesPath, **dir_fds: Any) -> None:
        real_rename(src, dst, **dir_fds)
        _die()

    def replace_die(src: StrOrBytesPath, dst: StrOrBytesPath, **dir_fds: Any) -> None:
        _die()

    def replace_then_die(src: StrOrBytesPath, dst: StrOrBytesPath, **dir_fds: Any) -> None:
        real_replace(src, dst, **dir_fds)
        _die()

    def remove_then_die_on_trash(path: Path) -> None:
        real_remove(path)
        if path.name.startswith(".trash-"):
            _die()

    if point == "files-written":
        store.publish = publish_die
    elif point == "generation-named":
        store.os.rename = rename_then_die
    elif point == "pointer-staged":
        store.os.replace = replace_die
    elif point == "published":
        store.os.replace = replace_then_die
    elif point == "collecting":
        store._remove = remove_then_die_on_trash
    else:
        raise ValueError(point)


def write(index_dir: Path, count: int, die_at: str | None = None, log: Path | None = None) -> None:
    """Publish ``count`` editions; after each returns, append its generation to ``log``."""
    corpus_dir = index_dir.parent / f"corpus-{os.getpid()}"
    embedder = HashEmbedder()
    previous = None
    try:
        previous = load_index(index_dir)
    except IndexCorrupt:
        pass
    for n in range(count):
        if die_at and n == count - 1:
            arm(die_at)
        index = build_index(corpus_for(corpus_dir, n), embedder, previous=previous)
        save_index(index, index_dir)
        previous = index
        if log is not None:
            with log.open("a") as f:
                f.write(f"{index.generation} {n}\n")


class ReadCounts(TypedDict):
    """What ``read`` reports (printed as JSON by ``harness read``)."""

    loads: int
    mixed: int
    corrupt: int
    missing: int
    crashed: int
    generations: int  # distinct generations loaded
    errors: list[str]  # the first five


def read(index_dir: Path, seconds: float, until: Path | None = None) -> ReadCounts:
    """Load again and again for ``seconds`` (or until the file ``until`` appears); count loads, mixed
    loads and errors."""
    counts = ReadCounts(loads=0, mixed=0, corrupt=0, missing=0, crashed=0, generations=0, errors=[])
    generations: set[str] = set()
    errors: list[str] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end and not (until is not None and until.exists()):
        try:
            index = load_index(index_dir)
        except IndexMissing:
            counts["missing"] += 1
            continue
        except IndexCorrupt as e:
            counts["corrupt"] += 1
            errors.append(str(e))
            continue
        except Exception as e:  # noqa: BLE001 - anything else is a crash we count
            counts["crashed"] += 1
            errors.append(f"{e.__class__.__name__}: {e}")
            continue
        counts["loads"] += 1
        generations.add(index.generation)
        problem = check(index)
        if problem:
            counts["mixed"] += 1
            errors.append(problem)
    counts["generations"] = len(generations)
    counts["errors"] = errors[:5]
    return counts


def main(argv: list[str]) -> None:
    if argv[0] == "write":
        die_at = argv[argv.index("--die-at") + 1] if "--die-at" in argv else None
        log = Path(argv[argv.index("--log") + 1]) if "--log" in argv else None
        write(Path(argv[1]), int(argv[2]), die_at, log)
    elif argv[0] == "read":
        until = Path(argv[argv.index("--until") + 1]) if "--until" in argv else None
        print(json.dumps(read(Path(argv[1]), float(argv[2]), until)))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
