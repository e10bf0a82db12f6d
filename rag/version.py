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
SHAPING = ("types.py", "language.py", "formats.py", "ingest.py", "normalize.py", "segment.py", "chunk.py",
           "embed.py", "index.py", "index_record.py", "index_files.py", "values/*.py")


def shaping_sources(package: Path = PACKAGE) -> dict[str, str]:
    """Source text of every shaping file, by path relative to the package ('values/extract.py': '…')."""
    paths = sorted({p for pattern in SHAPING for p in package.glob(pattern) if p.is_file()})
    return {p.relative_to(package).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def code_hash(sources: Mapping[str, str]) -> str:
    """12 hex digits over the names and syntax trees of the sources; text that does not parse counts as written.

    Example: {'chunk.py': 'x = 1  # one'} and {'chunk.py': 'x = 1'} hash alike; {'chunk.py': 'x = 2'} does not.
    """
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
    sources = shaping_sources() if sources is None else sources
    return f"{label}+{code_hash(sources)}" if sources else label
