"""English words embedded before anyone asks: an English question's words found, not embedded, while it waits.

An English question's content words are embedded on first sight for the word map (``rag.translate``): one
ONNX pass each, 6-11 ms on this machine, and 2-5 such words made the slowest English questions of the 100k
benchmark (``benchmarks.perf add``, key ``ask_large``) 25-50 ms slower than the same questions asked again.
Those vectors depend on the word and the model only, so the likely words are embedded once per machine and
model (``rag vocabulary``, a few minutes): the most frequent English words (wordfreq's list, as
``data/english_common.txt``) and every English word of the lexicon's names (the people, places and
organisations the corpus's domain is about).

They are embedded through the very call a question's words go through (``Embedder.embed_queries``) and kept
as float32, so a word's vector is the same bits either way (tests/test_hot_path.py): answers do not change.
The file is keyed by the model, the query engine and its ONNX Runtime version; another key is not read.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from rag.embed import Embedder, all_cores

SIZE = 20_000  # wordfreq's most frequent English words read (those that are content words are kept)


def engine_key(embedder: Embedder) -> str:
    """What decides a query vector's bits: the model, the engine that runs it, and that engine's version."""
    engine = getattr(embedder, "query_engine", "")
    version = ""
    if engine == "onnx":
        try:
            import onnxruntime

            version = onnxruntime.__version__
        except ImportError:
            version = "none"
    return f"{embedder.model_id}|{engine}|{version}"


def _files(embedder: Embedder, folder: Path | None) -> tuple[Path, Path]:
    """(words .json, vectors .npy) of this embedder's vocabulary."""
    from rag.translate import cache_dir

    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", engine_key(embedder)).strip("_")
    base = (folder or cache_dir()) / "english"
    return base / f"{slug}.json", base / f"{slug}.npy"  # (not with_suffix: the slug ends in a version, '…_1.31.1')


class Vocabulary(Mapping):
    """word -> float32 vector, the vectors memory-mapped (a start reads the word list only: ~5 ms for 16k)."""

    def __init__(self, words: list[str], vectors: np.ndarray) -> None:
        self.rows = {w: i for i, w in enumerate(words)}
        self.vectors = vectors

    def __getitem__(self, word: str) -> np.ndarray:
        return np.array(self.vectors[self.rows[word]])

    def __contains__(self, word: object) -> bool:
        return word in self.rows

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)


def vocabulary_words(size: int = SIZE) -> list[str]:
    """wordfreq's top ``size`` English words and the lexicon's English name words, as a question's content
    words are read (``rag.translate.english_words``), in that order, each once; not the common sample the
    word map holds already (``rag.translate.english_sample``)."""
    from wordfreq import top_n_list

    from rag.lexicon import load_lexicon
    from rag.translate import english_sample, english_words

    names = [form for row in load_lexicon().entities.values() for form in row.get("en", ())]
    held = set(english_sample())
    words = english_words(" ".join(top_n_list("en", size))) + english_words(" ".join(names))
    return [w for w in dict.fromkeys(words) if w not in held]


def load(embedder: Embedder, folder: Path | None = None) -> Vocabulary | None:
    """The vocabulary built for this embedder, or None when there is none (or it is unreadable or torn)."""
    words_path, vectors_path = _files(embedder, folder)
    try:
        meta = json.loads(words_path.read_text(encoding="utf-8"))
        vectors = np.load(vectors_path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError):
        return None
    words = meta.get("words", []) if isinstance(meta, dict) else []
    if meta.get("key") != engine_key(embedder) or vectors.shape != (len(words), embedder.dim) or vectors.dtype != np.float32:
        return None
    return Vocabulary(words, vectors)


def build(embedder: Embedder, words: list[str] | None = None, folder: Path | None = None,
          progress: Callable[[int, int], None] | None = None, batch: int = 256) -> Path:
    """Embed ``words`` (default ``vocabulary_words()``) with ``embed_queries``, a batch per core, and write the files
    (words already in them are kept, not embedded again). Returns the vectors' path."""
    words = vocabulary_words() if words is None else words
    old = load(embedder, folder)
    kept = {w: old[w] for w in old} if old is not None else {}
    todo = [w for w in dict.fromkeys(words) if w not in kept]
    if old is not None and not todo:  # nothing new: the files stay as they are
        return _files(embedder, folder)[1]
    batches = [todo[i:i + batch] for i in range(0, len(todo), batch)]
    done = 0
    with ThreadPoolExecutor(max(1, min(all_cores(), len(batches)))) as pool:
        for part, vectors in zip(batches, pool.map(embedder.embed_queries, batches)):
            kept.update(zip(part, np.asarray(vectors, dtype=np.float32)))
            done += len(part)
            if progress:
                progress(done, len(todo))
    words_path, vectors_path = _files(embedder, folder)
    words_path.parent.mkdir(parents=True, exist_ok=True)
    names = list(kept)
    stacked = np.stack([kept[w] for w in names]) if names else np.zeros((0, embedder.dim), np.float32)
    tmp_v, tmp_w = (p.with_name(f"{p.name}.{os.getpid()}.tmp") for p in (vectors_path, words_path))
    with open(tmp_v, "wb") as f:
        np.save(f, stacked.astype(np.float32), allow_pickle=False)
    tmp_w.write_text(json.dumps({"key": engine_key(embedder), "words": names}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp_v, vectors_path)  # a reader between the two sees a count that does not match: no vocabulary
    os.replace(tmp_w, words_path)
    return vectors_path
