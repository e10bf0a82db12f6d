"""The lexicon's mentions of every sentence, found at index time and kept as arrays (``concepts.npz``).

``rag.concepts.ConceptIndex`` needs every sentence's mentions (posting lists, the collection's background
names). Found on the first question, that read every sentence: 17 s at 100k sentences. Found when the
index is built (an appended article: its sentences only), the first question reads arrays. They are kept
with the lexicon's version (a hash of its table and code); an index built with another lexicon is read
the old way, on first use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from rag.lexicon import DATA, Mention, load_lexicon
from rag.types import Sentence
from rag.version import PACKAGE, code_hash

CONCEPTS_FILE = "concepts.npz"
_FIELDS = [(f.name, str(f.type)) for f in fields(Mention)]
_TEXT = [name for name, kind in _FIELDS if kind.startswith("str")]  # kept as positions in ``names`` (-1: None)


def lexicon_version() -> str:
    """Changes with the lexicon's table or the code that reads it. Example: '3f1c…' (12 hex digits)."""
    sources = {name: (PACKAGE / name).read_text(encoding="utf-8") for name in ("lexicon.py", "normalize.py")}
    table = hashlib.sha256(DATA.read_bytes()).hexdigest()
    return code_hash({**sources, "lexicon.yaml": table})


@dataclass
class ConceptRows:
    """Mentions of every sentence row: one row per mention, ``offsets`` saying where each sentence's start."""

    version: str
    names: list[str]  # every text value of a mention field (concept, kind, type, country), once
    offsets: np.ndarray  # int64 (sentences + 1)
    columns: dict[str, np.ndarray]  # Mention field -> int64 per mention

    @classmethod
    def of(cls, sentences: Sequence[Sentence], base: ConceptRows | None = None) -> ConceptRows:
        """Found in ``sentences`` (the rows after ``base``'s, when given)."""
        lex = load_lexicon()
        names = list(base.names) if base is not None else []
        code = {n: i for i, n in enumerate(names)}
        rows: dict[str, list[int]] = {name: [] for name, _ in _FIELDS}
        counts = []
        for s in sentences:
            found = lex.mentions(s.text)
            counts.append(len(found))
            for m in found:
                for name, _ in _FIELDS:
                    value = getattr(m, name)
                    if name in _TEXT:
                        value = -1 if value is None else code.setdefault(value, len(code))
                    rows[name].append(int(value))
        names = list(code)
        fresh = {name: np.array(v, dtype=np.int64) for name, v in rows.items()}
        offsets = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
        if base is None:
            return cls(lexicon_version(), names, offsets, fresh)
        return cls(base.version, names, np.concatenate([base.offsets, offsets[1:] + base.offsets[-1]]),
                   {k: np.concatenate([base.columns[k], fresh[k]]) for k in fresh})

    def mentions(self, row: int) -> list[Mention]:
        a, b = int(self.offsets[row]), int(self.offsets[row + 1])
        values = {k: v[a:b].tolist() for k, v in self.columns.items()}
        out = []
        for j in range(b - a):
            kw: dict[str, Any] = {}
            for name, kind in _FIELDS:
                x = values[name][j]
                kw[name] = (None if x < 0 else self.names[x]) if name in _TEXT else (bool(x) if kind == "bool" else x)
            out.append(Mention(**kw))
        return out

    def postings(self) -> dict[str, np.ndarray]:
        """concept -> the sentence rows mentioning it, ascending (each once)."""
        rows = np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int64), np.diff(self.offsets))
        pairs = np.unique(np.stack([self.columns["concept"], rows], axis=1), axis=0) if len(rows) else np.zeros((0, 2), np.int64)
        found, starts = np.unique(pairs[:, 0], return_index=True)
        return {self.names[c]: r for c, r in zip(found.tolist(), np.split(pairs[:, 1], starts[1:]))}

    def entity_sentences(self) -> dict[str, int]:
        """Entity concept -> how many sentences name it (as an entity)."""
        entity = self.names.index("entity") if "entity" in self.names else -2
        rows = np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int64), np.diff(self.offsets))
        keep = self.columns["kind"] == entity
        pairs = np.unique(np.stack([self.columns["concept"][keep], rows[keep]], axis=1), axis=0)
        if not len(pairs):
            return {}
        found, counts = np.unique(pairs[:, 0], return_counts=True)
        return {self.names[c]: int(n) for c, n in zip(found.tolist(), counts.tolist())}

    def save(self, path: Path) -> None:
        np.savez(path, allow_pickle=False, version=np.array(self.version), offsets=self.offsets,
                 names=np.array([n.encode() for n in self.names], dtype=bytes) if self.names else np.zeros(0, "S1"),
                 **{f"m.{k}": v for k, v in self.columns.items()})

    @classmethod
    def read(cls, path: Path) -> ConceptRows:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        return cls(str(arrays["version"]), [n.decode() for n in arrays["names"].tolist()], arrays["offsets"],
                   {k[2:]: v for k, v in arrays.items() if k.startswith("m.")})


class RowMentions(Mapping):
    """sent_id -> its mentions, made from the arrays when first asked for."""

    def __init__(self, rows: ConceptRows, sentence_row: Mapping[str, int]) -> None:
        self.rows, self.sentence_row = rows, sentence_row
        self._made: dict[str, list[Mention]] = {}

    def __getitem__(self, sent_id: str) -> list[Mention]:
        found = self._made.get(sent_id)
        if found is None:
            found = self._made[sent_id] = self.rows.mentions(self.sentence_row[sent_id])
        return found

    def __len__(self) -> int:
        return len(self.sentence_row)

    def __iter__(self) -> Iterator[str]:
        return iter(self.sentence_row)


class RowPostings(Mapping):
    """concept -> sent_ids mentioning it, in corpus order, made from the rows when first asked for."""

    def __init__(self, rows: dict[str, np.ndarray], ids: np.ndarray) -> None:
        self.rows, self.ids = rows, ids
        self._made: dict[str, list[str]] = {}

    def __getitem__(self, concept: str) -> list[str]:
        found = self._made.get(concept)
        if found is None:
            found = self._made[concept] = [i.decode() for i in self.ids[self.rows[concept]].tolist()]
        return found

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)
