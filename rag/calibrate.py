"""Make one question's similarities comparable across document languages.

With the bundled model, an English question scores every Persian text a few hundredths of
cosine above every Arabic text, relevant or not. Subtracting each language's mean similarity
(over that language's texts, for this question) removes the offset; dividing by the spread
pooled over all languages (not each language's own spread) keeps a language with few texts
from having its best text inflated just for being the best of a small group.
"""

from __future__ import annotations

import numpy as np

SAMPLE = 4096  # rows per language used to estimate the mean; bounds the cost on a large index


def _sample(rows: np.ndarray) -> np.ndarray:
    """Evenly spaced rows: deterministic."""
    if len(rows) <= SAMPLE:
        return rows
    return rows[np.linspace(0, len(rows) - 1, SAMPLE).astype(np.int64)]


class Calibration:
    """Per-language mean and pooled spread of a question's similarity to a set of vectors."""

    def __init__(self, vectors: np.ndarray, languages: np.ndarray, query_vector: np.ndarray,
                 usable: np.ndarray | None = None) -> None:
        usable = np.ones(len(vectors), dtype=bool) if usable is None else usable
        self.mean: dict[str, float] = {}
        centered = []
        for language in set(languages[usable]):
            rows = _sample(np.flatnonzero(usable & (languages == language)))
            sims = vectors[rows] @ query_vector
            self.mean[language] = float(sims.mean())
            centered.append(sims - sims.mean())
        pooled = np.concatenate(centered) if centered else np.zeros(1)
        self.spread = max(float(pooled.std()), 1e-6)

    def __call__(self, sims: np.ndarray, languages: np.ndarray) -> np.ndarray:
        """Example: sims [0.81, 0.79] in ['fa', 'ar'] with means fa 0.78, ar 0.76, spread 0.02 -> [1.5, 1.5]."""
        offsets = np.array([self.mean.get(lang, 0.0) for lang in languages], dtype=np.float64)
        return (np.asarray(sims, dtype=np.float64) - offsets) / self.spread
