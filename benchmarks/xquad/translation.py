"""Query translation (``rag.translate``) on XQuAD en->ar: each part on and off, on two halves.

The weights in ``rag.retrieve`` were fitted on the first half of the questions (``dev``, articles 1-24
of XQuAD's order); the second half (``held-out``, other articles) and ARCD were not looked at for it.
A second split, by article parity (even article ids fitted, odd held out), was used for the ideas of
2026-11-27 (``TRIED``). Each variant sets the two weights and reruns the product's own ``search``
(paragraph R@1, nDCG@10).
"""

from __future__ import annotations

import math

import numpy as np

import rag.retrieve as retrieve
from rag.embed import Embedder
from rag.index import Index
from rag.translate import WordVectors, attach_word_map, english_words

from .data import Question
from .metrics import SEARCH_K, paragraph_ranking, rank_of

# (label, TRANSLATED_WEIGHT, MATCH_WEIGHT, English-Arabic dictionary on); None = the product's setting
VARIANTS = (
    ("off (the hybrid before translation)", 0.0, 0.0, True),
    ("translated BM25 only", None, 0.0, True),
    ("word-level match only", 0.0, None, True),
    ("both, word neighbours only (no dictionary: the product before 2026-11-28)", None, None, False),
    ("both (the product, with the dictionary where installed)", None, None, True),
)


# How the weights were chosen (2026-11-26, XQuAD en->ar, product search over the same cached index):
# (variant, R@1 all, R@1 dev half, R@1 held-out half). Kept as figures: the grid takes ~30 CPU-minutes.
# Rows marked * come from an offline re-implementation over the same cached dense scores, with CSLS
# hubness measured against the questions' own words (replaced in the product by the fixed sample).
FITTING = (
    ("translated BM25 alone (2 neighbours, plain cosine)", 0.404, 0.392, 0.417),
    ("translated BM25 alone (3 neighbours, CSLS) *", 0.466, None, None),
    ("RRF voter, weight 1.0 (1 neighbour)", 0.614, 0.585, 0.644),
    ("RRF voter, weight 0.25 (1 neighbour)", 0.715, 0.676, 0.755),
    ("RRF voter, weight 0.25, only within dense top 3 (2 neighbours)", 0.780, 0.750, 0.810),
    ("RRF voter, weight 0.1, only within dense top 5 (2 neighbours)", 0.759, 0.714, 0.803),
    ("added to dense score, w 0.8, plain BM25 query (3 neighbours, CSLS) *", 0.820, 0.813, 0.827),
    ("added to dense score, w 0.8, per-word best neighbour (3, CSLS) *", 0.824, 0.820, 0.829),
    ("word-level match alone, w 0.8 (CSLS, top 30) *", 0.819, 0.802, 0.837),
    ("both, w 0.4 / m 0.4 (3 neighbours)", 0.835, 0.820, 0.850),
    ("both, w 0.6 / m 0.3 (3 neighbours)", 0.835, 0.822, 0.847),
    ("both, w 0.8 / m 0.2 (3 neighbours): kept", 0.830, 0.822, 0.839),
    ("both, w 0.6 / m 0.6 (3 neighbours)", 0.828, 0.810, 0.845),
    ("both, w 0.4 / m 0.4 (5 neighbours)", 0.838, 0.822, 0.854),
    ("both, w 0.6 / m 0.3 (5 neighbours)", 0.834, 0.822, 0.845),
    ("both, w 0.8 / m 0.2 (5 neighbours)", 0.828, 0.819, 0.837),
    ("kept setting, only words among the 3,000 common ones (no word embedded per question)", 0.809, 0.802, 0.817),
    ("kept setting, word-level match over the dense top 15", 0.829, 0.819, 0.839),
    ("kept setting, word-level match over the dense top 50", 0.830, 0.822, 0.839),
    ("translated BM25 z-scored over the dense top 30 instead of / its best, w 0.2 / m 0.2", 0.829, 0.819, 0.840),
    ("same, w 0.3 / m 0.1", 0.816, 0.803, 0.829),
    ("same, w 0.4 / m 0.2", 0.811, 0.805, 0.817),
    ("same over the dense top 50, w 0.3 / m 0.2", 0.822, 0.813, 0.830),
)


# Ideas tried 2026-11-27 to reach en->ar R@1 0.85, fitted on the even articles (held out: odd), none
# kept: no setting gained more than 2 questions of ~600 on the fitted half (the noise), and the product's
# own setting scores 0.825 / 0.837 on that split. Figures from the product's search with the idea
# patched in (/tmp harness over the same cached index and word map; ~25 s per row).
# (idea, R@1 all, R@1 even (fitted), R@1 odd (held out), nDCG@10)
TRIED = (
    ("the product (3 neighbours, w 0.8 / m 0.2)", 0.831, 0.825, 0.837, 0.917),
    ("dense alone", 0.786, 0.779, 0.792, 0.893),
    ("refit w / m / neighbours: best on even, 3 neighbours w 0.8 / m 0.2 (the product)", 0.831, 0.825, 0.837, 0.917),
    ("  5 neighbours, w 0.4 / m 0.4 (best on all; worse on the fitted half)", 0.838, 0.820, 0.856, 0.919),
    ("  8 neighbours, w 0.6 / m 0.3", 0.832, 0.810, 0.855, 0.916),
    ("English words among the 50 most common dropped ('many', 'name', 'there')", 0.833, 0.822, 0.844, 0.918),
    ("  ... the 200 most common dropped", 0.827, 0.809, 0.846, 0.916),
    ("English words weighted by commonness, log rank / log 3000, translated BM25 only", 0.833, 0.822, 0.844, 0.917),
    ("  ... squared, translated BM25 and word match", 0.825, 0.814, 0.837, 0.915),
    ("neighbours weighted by CSLS / best CSLS (5 neighbours)", 0.829, 0.824, 0.836, 0.916),
    ("translated BM25 of the neighbours' stems only (no surface form)", 0.829, 0.819, 0.841, 0.916),
    ("a word's 3 neighbours as one BM25 query (sum, not best)", 0.826, 0.819, 0.834, 0.915),
    ("names by consonant skeleton (rag.lexicon.skeleton): rarer words, 3+ consonants", 0.833, 0.827, 0.839, 0.918),
    ("  ... every word, 2+ consonants, looser forms too", 0.819, 0.804, 0.836, 0.910),
    ("query vector + 0.25 x mean of the words' 3 neighbours' vectors (CSLS-weighted)", 0.824, 0.817, 0.832, 0.914),
    ("  ... the same, dense alone", 0.796, 0.788, 0.804, 0.895),
    ("query vector + 0.3 x the embedded translated word string (one more embedding per question)", 0.827, 0.819, 0.836, 0.914),
    ("  ... the translated string alone, dense", 0.534, 0.502, 0.569, 0.687),
    ("pseudo-relevance feedback: query + 0.3 x top lifted chunk vector", 0.831, 0.824, 0.839, 0.915),
    ("  ... top 3 chunks", 0.817, 0.804, 0.830, 0.910),
    ("max-sim weight 0.3 for cross-script questions (0.5 kept)", 0.830, 0.827, 0.834, 0.917),
    ("word match per sentence (proximity) over the dense top 30, weight 0.1", 0.826, 0.817, 0.836, 0.915),
    ("skeleton names + max-sim 0.3 + w 0.6 / m 0.3", 0.834, 0.827, 0.841, 0.918),
)


def prepare(index: Index, embedder: Embedder, questions: list[Question]) -> None:
    """Attach the word map; the questions' English words are embedded once and cached like their vectors."""
    store = WordVectors(embedder)
    store.get(sorted({w for q in questions for w in english_words(q.text)}))
    attach_word_map(index, embedder, store)


def even_article(question: Question) -> bool:
    """Whether the question's paragraph (``xq-<article>-<paragraph>``) is in an even-numbered article."""
    return int(question.gold.split("-")[1]) % 2 == 0


def _halves(ranks: list[int | None], questions: list[Question]) -> dict[str, float]:
    half = len(ranks) // 2

    def r1(part: list[int | None]) -> float:
        return round(sum(r == 1 for r in part) / max(len(part), 1), 4)

    even = [even_article(q) for q in questions]
    ndcg = sum(1 / math.log2(r + 1) for r in ranks if r is not None and r <= 10) / max(len(ranks), 1)
    return {"R@1": r1(ranks), "R@1 dev": r1(ranks[:half]), "R@1 held-out": r1(ranks[half:]),
            "R@1 even": r1([r for r, e in zip(ranks, even) if e]), "R@1 odd": r1([r for r, e in zip(ranks, even) if not e]),
            "nDCG@10": round(ndcg, 4)}


def run_variants(index: Index, questions: list[Question], vectors: np.ndarray) -> dict[str, dict[str, float]]:
    """R@1 (all, dev half, held-out half) and nDCG@10 of each variant; dense alone for reference."""
    out: dict[str, dict[str, float]] = {}
    saved = retrieve.TRANSLATED_WEIGHT, retrieve.MATCH_WEIGHT
    word_map = getattr(index, "word_map", None)
    dictionary = word_map.dictionary if word_map is not None else None
    try:
        for label, lexical, match, translate_by_dictionary in VARIANTS:
            retrieve.TRANSLATED_WEIGHT = saved[0] if lexical is None else lexical
            retrieve.MATCH_WEIGHT = saved[1] if match is None else match
            if word_map is not None:
                word_map.dictionary = dictionary if translate_by_dictionary else None
            ranks = [rank_of(paragraph_ranking(retrieve.search(index, v, q.text, SEARCH_K)), q.gold)
                     for q, v in zip(questions, vectors)]
            out[label] = _halves(ranks, questions)
    finally:
        retrieve.TRANSLATED_WEIGHT, retrieve.MATCH_WEIGHT = saved
        if word_map is not None:
            word_map.dictionary = dictionary
    ranks = [rank_of(paragraph_ranking(retrieve.search(index, v, q.text, SEARCH_K, mode="dense")), q.gold)
             for q, v in zip(questions, vectors)]
    out["dense alone"] = _halves(ranks, questions)
    return out


def render(variants: dict[str, dict[str, float]]) -> list[str]:
    """Markdown lines of the variant table."""
    lines = ["## Query translation (rag.translate), XQuAD en->ar", "",
             "Weights fitted on the first half of the questions (dev); the second half (held-out, other "
             "articles) was not used to fit them. Each row reruns the product's search with the weights shown.", "",
             "| variant | R@1 | R@1 dev half | R@1 held-out half | R@1 even articles | R@1 odd articles | nDCG@10 |",
             "|---|---|---|---|---|---|---|"]
    for label, m in variants.items():
        lines.append(f"| {label} | {m['R@1']:.3f} | {m['R@1 dev']:.3f} | {m['R@1 held-out']:.3f} | "
                     f"{m.get('R@1 even', math.nan):.3f} | {m.get('R@1 odd', math.nan):.3f} | {m['nDCG@10']:.3f} |")
    lines += ["", " ".join([
        "How the weights were chosen (fitting grid, the product's search unless marked; dev = first half).",
        "Four settings tie on dev R@1 0.822 and dev nDCG@10 0.909; the one with fewer neighbours and the",
        "smaller match weight was kept, without looking at the held-out half. Rows marked * were measured",
        "by an offline re-implementation over the same dense scores, with hubness measured against the",
        "questions' own words (the product uses a fixed sample of common English words instead):"]), "",
              "| variant | R@1 | R@1 dev half | R@1 held-out half |", "|---|---|---|---|"]
    for label, *figures in FITTING:
        lines.append(f"| {label} | " + " | ".join("–" if f is None else f"{f:.3f}" for f in figures) + " |")
    lines += ["", " ".join([
        "Ideas tried on 2026-11-27 to reach R@1 0.85, fitted on the even-numbered articles and held out on the",
        "odd ones; none kept: none gains more than 2 of the ~600 fitted questions over the product's setting,",
        "and the ones that look better overall look better only on the held-out half (not a fit). Each is the",
        "product's search with the idea patched in, over the same cached index and word map:"]), "",
              "| idea | R@1 | R@1 even (fitted) | R@1 odd (held out) | nDCG@10 |", "|---|---|---|---|---|"]
    for label, *figures in TRIED:
        lines.append(f"| {label} | " + " | ".join(f"{f:.3f}" for f in figures) + " |")
    return lines + [""]
