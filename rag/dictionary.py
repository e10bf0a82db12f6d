"""An installed English-Arabic dictionary (dictd format), read for translating an English question's words.

The word map (``rag.translate``) finds each English word's nearest corpus words by the embedder's
vectors; for common words that is often a near-synonym or a wrong sense ('many' -> 'كثير' where the
text writes 'عدد'), and every wrong neighbour is a BM25 query that lifts the wrong passages. A real
dictionary gives the translations a translator would look up. None ships on PyPI; Debian's
``dict-freedict-eng-ara`` (FreeDict, from Arabeyes' word list, 87k headwords, GPL-2+) does, so the
product reads it where it is installed and works as before where it is not (``make`` installs it
where it may run apt-get). The data is read in place, never copied into this repository.

Measured on XQuAD en->ar (``reports/xquad.md``), paragraph R@1: 0.831 -> 0.861; fitted on the
even-numbered articles (0.827 -> 0.860), the odd ones held out (0.837 -> 0.863). Looking inflected forms up by
their base ('founded' -> 'found') gained 2 questions of 1,190 and was left out.

Where: ``$RAG_DICTIONARY`` (the ``.index`` file, or ``off``), else ``/usr/share/dictd/freedict-eng-ara.index``.
The text beside it is ``<name>.dict.dz`` (dictzip, which gzip reads) or ``<name>.dict``.
"""

from __future__ import annotations

import gzip
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import RagError

DEFAULT = Path("/usr/share/dictd/freedict-eng-ara.index")
_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_SENSE = re.compile(r"^\s*\d+\.\s*")  # "1. ", "2. ": one numbered sense per line
_SPLIT = re.compile(r"[،,;؛]")  # synonyms within a sense
_SEEN = 100_000  # lookups remembered (a few MB at most)
_GLOSS = " - "  # "آها -  فرقة بوب نرويجيّة": a name, then what it is; the name is the translation


def _number(text: str) -> int:
    """dictd's base-64 offsets and lengths. Example: 'G9GH' -> 1823111."""
    value = 0
    for c in text:
        value = value * 64 + _B64[c]
    return value


@dataclass
class Dictionary:
    """Headwords (lower-cased) to where their entries lie in the text; the text is read on first lookup."""

    index_file: Path
    _entries: dict[str, list[tuple[int, int]]] | None = None
    _text: bytes | None = None
    _seen: dict[str, tuple[str, ...]] = field(default_factory=dict)  # words looked up before
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _load(self) -> tuple[dict[str, list[tuple[int, int]]], bytes]:
        with self._lock:
            if self._entries is None or self._text is None:
                entries: dict[str, list[tuple[int, int]]] = {}
                where = str(self.index_file)
                try:
                    lines = self.index_file.read_text(encoding="utf-8").splitlines()
                    text_file = _text_file(self.index_file)
                    raw = text_file.read_bytes()
                    text = gzip.decompress(raw) if text_file.suffix == ".dz" else raw
                    for number, line in enumerate(lines, 1):
                        where = f"{self.index_file}, line {number}"
                        head, offset, length = line.split("\t")
                        if not head.startswith("00database"):
                            entries.setdefault(head.lower(), []).append((_number(offset), _number(length)))
                except (OSError, ValueError, KeyError, EOFError, gzip.BadGzipFile) as exc:
                    raise RagError(f"dictionary {where}: not a dictd dictionary ({exc}); "
                                   "set RAG_DICTIONARY=off to go without one") from exc
                self._entries, self._text = entries, text
            return self._entries, self._text

    def translations(self, word: str) -> tuple[str, ...]:
        """The translations listed for ``word`` (lower-cased), in the dictionary's order, each once.

        Example: 'population' -> ('السكان',); 'Algiers' -> ('مدينة الجزائر',); 'normans' -> ()."""
        word = word.lower()
        cached = self._seen.get(word)
        if cached is not None:
            return cached
        entries, text = self._load()
        found: list[str] = []
        for offset, length in entries.get(word, ()):
            body = text[offset:offset + length].decode("utf-8", errors="replace").split("\n")[1:]  # line 1: headword
            for line in body:
                for part in _SPLIT.split(_SENSE.sub("", line)):
                    part = part.split(_GLOSS)[0].strip()
                    if part and part not in found:
                        found.append(part)
        if len(self._seen) < _SEEN:
            self._seen[word] = tuple(found)
        return tuple(found)


def _text_file(index_file: Path) -> Path:
    stem = index_file.with_suffix("")
    for candidate in (stem.with_name(stem.name + ".dict.dz"), stem.with_name(stem.name + ".dict")):
        if candidate.exists():
            return candidate
    raise OSError(f"no {stem.name}.dict.dz or {stem.name}.dict beside it")


def find() -> Dictionary | None:
    """The dictionary to use: ``$RAG_DICTIONARY`` (a path, or ``off``), else Debian's where installed, else None."""
    setting = os.environ.get("RAG_DICTIONARY", "").strip()
    if setting.lower() in {"off", "none", "0"}:
        return None
    if setting:
        path = Path(setting)
        if not path.exists():
            raise RagError(f"RAG_DICTIONARY={setting}: no such file (a dictd .index file, or 'off')")
        return Dictionary(path)
    return Dictionary(DEFAULT) if DEFAULT.exists() else None
