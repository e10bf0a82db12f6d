"""Every chunk's distinct words, found at index time and kept as arrays (``chunk_words.npz``).

The English-question word map (``rag.translate.WordMap``) needs the corpus's Arabic-script
vocabulary and, per chunk, which of those words it holds. Tokenizing every chunk when the index was
opened took ~13 s of CPU at 100k sentences (57k chunks), on every start of the app; found when the
index is built (an appended article: its chunks only), opening reads the vocabulary (one string) and the
chunks' offsets; the word ids (``chunk_word_ids.npy``, ~80 MB at 1M sentences) are memory-mapped, and a
question reads only its candidate chunks' rows. They are kept with the version of the code that finds them
(``chunk_words`` and ``rag.normalize``); an index without the files, or written by another version, is
tokenized at open as before.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.version import PACKAGE, code_hash

WORDS_FILE = "chunk_words.npz"  # the version, the vocabulary and every chunk's offset
IDS_FILE = "chunk_word_ids.npy"  # every chunk's word rows, concatenated (memory-mapped when read)
ARABIC_SCRIPT = ("ar", "fa")  # the languages whose chunks' words the map holds


def words_version() -> str:
    """Changes with the code that finds the words (not with how they are stored). Example: '3f1c…' (12 hex digits)."""
    return code_hash({"chunk_words": inspect.getsource(chunk_words),
                      "normalize.py": (PACKAGE / "normalize.py").read_text(encoding="utf-8")})


def chunk_words(chunks: Sequence, languages: Sequence[str] | np.ndarray,
                wanted: tuple[str, ...] = ARABIC_SCRIPT) -> list[list[str]]:
    """Per chunk, its distinct folded words (no stems, no numbers, no one-letter words) when its language
    is ``wanted``, else []. ``languages``: each chunk's document language."""
    from rag.normalize import tokenize

    return [sorted({t for t in tokenize(c.text, stem=False) if not t.isdigit() and len(t) > 1})
            if language in wanted else [] for c, language in zip(chunks, languages)]


@dataclass(frozen=True)
class ChunkRows(Sequence):
    """Per chunk, its words' rows in the vocabulary (ascending): chunk i is ``ids[offsets[i]:offsets[i + 1]]``."""

    ids: np.ndarray  # int32
    offsets: np.ndarray  # int64, one more than there are chunks

    @classmethod
    def of(cls, per_chunk: Sequence[Sequence[str]], row: dict[str, int]) -> ChunkRows:
        offsets = np.zeros(len(per_chunk) + 1, dtype=np.int64)
        np.cumsum([len(ws) for ws in per_chunk], out=offsets[1:])
        return cls(np.fromiter((row[w] for ws in per_chunk for w in ws), dtype=np.int32, count=int(offsets[-1])), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.ids[self.offsets[i]:self.offsets[i + 1]]

    def renumbered(self, moved: np.ndarray) -> ChunkRows:
        """The same words under new rows: old row r is now ``moved[r]`` (an order-keeping move)."""
        return ChunkRows(moved[self.ids].astype(np.int32), self.offsets)

    def followed_by(self, more: ChunkRows) -> ChunkRows:
        return ChunkRows(np.concatenate([self.ids, more.ids]), np.concatenate([self.offsets, more.offsets[1:] + self.offsets[-1]]))


@dataclass(frozen=True)
class WordRows:
    """The sorted vocabulary of the Arabic-script chunks and every chunk's rows in it."""

    version: str
    words: list[str]
    rows: ChunkRows

    @classmethod
    def of(cls, chunks: Sequence, languages: Sequence[str] | np.ndarray, base: WordRows | None = None) -> WordRows:
        """Found in ``chunks`` (the rows after ``base``'s, when given: only those are tokenized)."""
        per_chunk = chunk_words(chunks, languages)
        old = base.words if base is not None else []
        fresh = sorted({w for ws in per_chunk for w in ws}.difference(old))
        words = sorted(old + fresh) if fresh else list(old)
        row = {w: i for i, w in enumerate(words)}
        added = ChunkRows.of(per_chunk, row)
        if base is None:
            return cls(words_version(), words, added)
        kept = base.rows if not fresh else base.rows.renumbered(np.array([row[w] for w in old], dtype=np.int64))
        return cls(base.version, words, kept.followed_by(added))

    def usable(self, chunks: int) -> bool:
        """Found by this code, for an index of this many chunks."""
        return len(self.rows) == chunks and self.version == words_version()

    def save(self, path: Path) -> None:
        """``path`` (``WORDS_FILE``) and ``IDS_FILE`` beside it (the store checksums every file of a generation)."""
        blob = np.frombuffer("\n".join(self.words).encode("utf-8"), dtype=np.uint8)
        np.savez(path, allow_pickle=False, version=np.array(self.version), words=blob, offsets=self.rows.offsets)
        np.save(path.with_name(IDS_FILE), np.asarray(self.rows.ids, dtype=np.int32), allow_pickle=False)

    @classmethod
    def read(cls, path: Path) -> WordRows:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        blob = arrays["words"].tobytes().decode("utf-8")
        beside = path.with_name(IDS_FILE)  # (the first files of this kind held the ids inside the .npz)
        ids = np.load(beside, allow_pickle=False, mmap_mode="r") if "ids" not in arrays else arrays["ids"]
        if ids.dtype != np.int32 or ids.ndim != 1:
            raise ValueError(f"{path.with_name(IDS_FILE)}: not int32 word ids")
        rows = ChunkRows(ids, arrays["offsets"].astype(np.int64, copy=False))
        if len(rows.offsets) < 1 or rows.offsets[-1] != len(rows.ids):
            raise ValueError(f"{path}: word offsets do not match the word ids")
        return cls(str(arrays["version"]), blob.split("\n") if blob else [], rows)
