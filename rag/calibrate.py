"""Make one question's similarities comparable across document languages.

With the bundled model, an English question scores every Persian text a few hundredths of
cosine above every Arabic text, relevant or not. Subtracting each language's mean similarity
(over that language's texts, for this question) removes the offset; dividing by the spread
pooled over all languages (not each language's own spread) keeps a language with few texts
from having its best text inflated just for being the best of a small group.

A language with few texts needs one more step. Its mean is then mostly the topic of those few
texts, not the language's offset: one newly added English article about the Baku metro, asked
"How many stations does the Baku Metro have?", lifts the English mean by ~0.04 cosine (two
spreads), so its own answer sentence falls under the answer floors and comes back "not found"
(issue 10, item 10). The offset itself is small and steady (XQuAD, 24 questions × ~90 unrelated
sentences: English questions score unrelated English text 0.027 ± 0.004 above unrelated Arabic
text), so the mean of a language with few texts is shrunk toward the mean over the other
languages, with the weight of ``PRIOR_TEXTS`` texts (empirical Bayes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLE = 4096  # rows per language used to estimate the mean; bounds the cost on a large index
# Pseudo-count of the shrinkage, for languages with fewer than FEW_TEXTS texts only. Fitted on two new
# English articles (9 sentences: "not found" for 3 of 11 questions restricted to them at 0, none at 3, 6,
# 10 or 20); checked on the gold set: applied to every language (Arabic 95 sentences, Persian 61 moved by
# 6-9 % toward each other) it cost abstention 0.733 -> 0.533 and value accuracy 0.651 -> 0.619, because the
# prior lacks the same-language offset; languages with FEW_TEXTS or more keep their own mean.
PRIOR_TEXTS = 6
FEW_TEXTS = 30


def _sample(rows: np.ndarray) -> np.ndarray:
    """Evenly spaced rows: deterministic."""
    if len(rows) <= SAMPLE:
        return rows
    return rows[np.linspace(0, len(rows) - 1, SAMPLE).astype(np.int64)]


def shrink(mean: float, n: int, prior: float | None, prior_texts: float = PRIOR_TEXTS) -> float:
    """Example: mean 0.78 over 9 texts, prior 0.71, 6 pseudo-texts -> 0.752; 30+ texts or no prior -> 0.78."""
    if prior is None or n >= FEW_TEXTS:
        return mean
    return (n * mean + prior_texts * prior) / (n + prior_texts)


@dataclass(frozen=True)
class LanguageRows:
    """Per language: the sampled rows a question's mean is estimated on, and how many usable rows
    the language has. Depends on the index only, so it is computed once per loaded index
    (``Index.calibration_rows``): a question then touches at most ``SAMPLE`` rows per language,
    however large the corpus.

    With ``vectors`` given, it also keeps the sample's statistics, so a question touches no row at
    all: the mean of a question's similarities over a sample is its dot with the sample's mean
    vector, and the pooled spread is ``sqrt(q' S q)`` with ``S`` the pooled within-language scatter
    of the sample (dim x dim, 0.6 MB at 384 dimensions). Per question that is O(dim^2), whatever
    the corpus size, instead of ``SAMPLE`` rows per language for each of the four calibrations."""

    sample: dict[str, np.ndarray]
    count: dict[str, int]
    means: dict[str, np.ndarray] | None = None  # language -> mean vector of its sampled rows (float64)
    scatter: np.ndarray | None = None  # pooled within-language scatter / number of sampled rows (float64)


def language_rows(languages: np.ndarray, usable: np.ndarray | None = None,
                  vectors: np.ndarray | None = None) -> LanguageRows:
    """Example: languages ['fa', 'ar', 'fa'] -> sample {'ar': [1], 'fa': [0, 2]}, count {'ar': 1, 'fa': 2}."""
    usable = np.ones(len(languages), dtype=bool) if usable is None else usable
    sample, count = {}, {}
    for language in sorted(set(languages[usable])):
        all_rows = np.flatnonzero(usable & (languages == language))
        sample[language], count[language] = _sample(all_rows), len(all_rows)
    if vectors is None or not sample or len(vectors) != len(languages):
        return LanguageRows(sample, count)
    means, scatter, total = {}, np.zeros((vectors.shape[1],) * 2), 0
    for language, rows in sample.items():
        block = np.asarray(vectors[rows], dtype=np.float64)
        means[language] = block.mean(axis=0)
        centered = block - means[language]
        scatter += centered.T @ centered
        total += len(rows)
    return LanguageRows(sample, count, means, scatter / total)


class Calibration:
    """Per-language mean (shrunk toward the other languages when a language has few texts) and
    pooled spread of a question's similarity to a set of vectors.

    ``rows`` (``language_rows``, computed once per index) replaces ``languages``/``usable``:
    Example: ``Calibration(index.sentence_vectors, None, q, rows=index.calibration_rows["sentence"])``."""

    def __init__(self, vectors: np.ndarray, languages: np.ndarray | None, query_vector: np.ndarray,
                 usable: np.ndarray | None = None, rows: LanguageRows | None = None) -> None:
        if rows is None:
            assert languages is not None, "Calibration needs languages or precomputed rows"
            rows = language_rows(languages, usable)
        observed: dict[str, tuple[float, int]] = {}
        if rows.means is not None and rows.scatter is not None:  # statistics kept at load: no row touched
            q = np.asarray(query_vector, dtype=np.float64)
            observed = {language: (float(mean @ q), rows.count[language]) for language, mean in rows.means.items()}
            spread = float(np.sqrt(max(q @ rows.scatter @ q, 0.0)))
        else:
            centered = []
            for language, sample in rows.sample.items():
                sims = vectors[sample] @ query_vector
                observed[language] = (float(sims.mean()), rows.count[language])
                centered.append(sims - sims.mean())
            spread = float((np.concatenate(centered) if centered else np.zeros(1)).std())
        self.mean: dict[str, float] = {}
        for language, (mean, n) in observed.items():
            others = [(m, k) for lang, (m, k) in observed.items() if lang != language]
            prior = sum(m * k for m, k in others) / sum(k for _, k in others) if others else None
            self.mean[language] = shrink(mean, n, prior)
        self.spread = max(spread, 1e-6)

    def __call__(self, sims: np.ndarray, languages: np.ndarray) -> np.ndarray:
        """Example: sims [0.81, 0.79] in ['fa', 'ar'] with means fa 0.78, ar 0.76, spread 0.02 -> [1.5, 1.5]."""
        offsets = np.array([self.mean.get(lang, 0.0) for lang in languages], dtype=np.float64)
        return (np.asarray(sims, dtype=np.float64) - offsets) / self.spread
