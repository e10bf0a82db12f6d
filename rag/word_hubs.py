"""How close each corpus word is to English at large (CSLS hubness), kept by word beside the word vectors.

``rag.translate`` discounts a corpus word that is near every English word: its hubness is the mean
cosine to its HUB_K nearest of 3,000 common English words. Opening an index computed it for the whole
vocabulary, a (words x 3,000) product: 0.9 s at 19.6k words, growing with the vocabulary. A word's
score depends only on its vector, the English sample and HUB_K, none of them on a question or an index,
so it is kept by word in the word-vector cache (``hubs-<key>.npz``, the key naming the sample and
HUB_K) and only words not scored before are scored. A score is kept only when it was made
from vectors read back from the cache (float16 on disk), so a later open reads what it would have
computed; a word embedded in this session is scored from its unrounded vector, as before, and kept the
next time.
"""

from __future__ import annotations

import hashlib
import json
import os

import numpy as np

HUB_K = 10  # CSLS neighbourhood size (the paper's choice)


def hubness(corpus: np.ndarray, common: np.ndarray) -> np.ndarray:
    """Per corpus word: mean cosine to its HUB_K nearest common English words (CSLS)."""
    hub = np.zeros(len(corpus), dtype=np.float32)
    for start in range(0, len(corpus), 2048):  # (words x sample) in slices: bounded memory
        block = corpus[start:start + 2048] @ common.T
        k = min(HUB_K, block.shape[1])  # partition, then sort only the k best: the same mean, summed in the same order
        hub[start:start + 2048] = np.sort(np.partition(block, -k, axis=1)[:, -k:], axis=1).mean(axis=1)
    return hub


def kept_hubness(words: list[str], corpus: np.ndarray, sample: list[str], common: np.ndarray, store) -> np.ndarray:
    """``hubness(corpus, common)`` for ``words``, read from ``store``'s folder where kept (``store``: a
    ``rag.translate.WordVectors``, or None: nothing kept)."""
    folder = getattr(store, "folder", None)
    if folder is None:
        return hubness(corpus, common)
    key = hashlib.sha256(json.dumps([HUB_K, sample], ensure_ascii=False).encode()).hexdigest()[:12]
    path = folder / f"hubs-{key}.npz"
    try:
        with np.load(path, allow_pickle=False) as data:
            names, values = data["words"].tobytes().decode("utf-8").split("\n"), data["hubs"].tolist()
        kept = dict(zip(names, values)) if len(names) == len(values) else {}
    except (OSError, ValueError, KeyError):
        kept = {}
    missing = [i for i, w in enumerate(words) if w not in kept]
    if not missing:
        return np.array([kept[w] for w in words], dtype=np.float32)
    if len(missing) == len(words):
        hub = hubness(corpus, common)
    else:
        hub = np.array([kept.get(w, 0.0) for w in words], dtype=np.float32)
        hub[missing] = hubness(corpus[missing], common)
    read: set[str] = getattr(store, "from_disk", set())
    if all(w in read for w in sample):  # made from vectors as the cache gives them back: keep them
        fresh = {words[i]: float(hub[i]) for i in missing if words[i] in read}
        if fresh:
            _save(path, kept | fresh)
    return hub


def _save(path, kept: dict[str, float]) -> None:
    """One file, replaced at once: a reader sees the old scores or the new ones."""
    try:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            np.savez(f, allow_pickle=False, hubs=np.array(list(kept.values()), dtype=np.float32),
                     words=np.frombuffer("\n".join(kept).encode("utf-8"), dtype=np.uint8))
        os.replace(tmp, path)
    except OSError:  # a read-only checkout scores them again next time
        pass
