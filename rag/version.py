"""The pipeline version: a human label plus a hash of the code that shapes what an index holds.

An index whose manifest names another version is rebuilt, so a change to reading, segmenting,
chunking, normalizing, value extraction or embedding takes effect without anyone remembering to bump
a string. The hash is over the syntax tree (``ast.dump``), so comments and layout do not count;
docstrings and code do.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Files (relative to the package) whose code decides the contents of index files: documents, sentences,
# chunks, values, vectors, BM25 tokens and the file format itself.
SHAPING = ("types.py", "language.py", "formats.py", "ingest.py", "reading_order.py", "normalize.py", "segment.py", "chunk.py",
           "embed.py", "index.py", "index_record.py", "index_files.py", "values/*.py")


def shaping_sources(package: Path = PACKAGE) -> dict[str, str]:
    """Source text of every shaping file, by path relative to the package ('values/extract.py': '…')."""
    paths = sorted({p for pattern in SHAPING for p in package.glob(pattern) if p.is_file()})
    return {p.relative_to(package).as_posix(): p.read_text(encoding="utf-8") for p in paths}


CACHE = PACKAGE.parent / ".cache" / "code-hash"  # raw-source digest -> code_hash (parsing is ~0.15 s per start)


def code_hash(sources: Mapping[str, str], cache: Path | None = None) -> str:
    """12 hex digits over the names and syntax trees of the sources; text that does not parse counts as written.

    Parsing and dumping the trees cost ~0.15 s of every start, so the result is kept in ``cache`` under a
    digest of the exact source text (any edit, comments included, misses it and recomputes).
    Example: {'chunk.py': 'x = 1  # one'} and {'chunk.py': 'x = 1'} hash alike; {'chunk.py': 'x = 2'} does not.
    """
    raw = hashlib.sha256("".join(f"{name}\0{sources[name]}\0" for name in sorted(sources)).encode()).hexdigest()
    kept = cache / raw[:32] if cache is not None else None
    if kept is not None:
        try:
            value = kept.read_text(encoding="ascii").strip()
            if len(value) == 12 and all(c in "0123456789abcdef" for c in value):
                return value
        except (OSError, UnicodeDecodeError):
            pass
    value = _tree_hash(sources)
    if kept is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_text(value, encoding="ascii")
        except OSError:  # a read-only checkout recomputes each time
            pass
    return value


def _tree_hash(sources: Mapping[str, str]) -> str:
    h = hashlib.sha256()
    for name in sorted(sources):
        try:
            tree = ast.dump(ast.parse(sources[name]))
        except SyntaxError:
            tree = sources[name]
        h.update(f"{name}\0{tree}\0".encode())
    return h.hexdigest()[:12]


def pipeline_version(label: str, sources: Mapping[str, str] | None = None) -> str:
    """Example: 'seg3-chunk3-norm3-values5' -> 'seg3-chunk3-norm3-values5+1f0c…'; the label alone without sources."""
    cache = CACHE if sources is None else None  # only the package's own code is kept on disk
    sources = shaping_sources() if sources is None else sources
    return f"{label}+{code_hash(sources, cache)}" if sources else label
