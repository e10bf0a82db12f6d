"""Calibration across document languages, and a newly added article in a language with few texts."""

import shutil

import numpy as np
import pytest

from rag.calibrate import FEW_TEXTS, PRIOR_TEXTS, Calibration, shrink
from rag.pipeline import Pipeline

METRO = """---
id: baku_metro
title: The Baku Metro
language: en
date: 2024-03-10
---
The Baku Metro is the rapid transit system serving Baku, the capital of Azerbaijan.

It was opened on 6 November 1967 and was the fifth metro system built in the Soviet Union.

The network today has three lines and 27 stations, with a total length of about 40 kilometres.

In 2023 the metro carried around 180 million passengers, according to the operator.
"""


def test_shrink_pulls_a_small_language_toward_the_others():
    assert shrink(0.78, 9, 0.71, prior_texts=6) == pytest.approx((9 * 0.78 + 6 * 0.71) / 15)
    assert shrink(0.78, 9, None) == 0.78
    assert shrink(0.78, FEW_TEXTS, 0.71) == 0.78  # a language with enough texts keeps its own mean


def test_a_language_of_few_on_topic_texts_is_not_centred_on_its_own_topic():
    """Three texts, all close to the question, must not have their closeness subtracted away."""
    rng = np.random.default_rng(0)
    dim = 16
    query = np.zeros(dim)
    query[0] = 1.0
    big = rng.normal(0, 0.05, (200, dim)) + 0.5 * query  # 200 unrelated texts: cosine ~0.5 ± 0.05
    small = np.tile(0.8 * query, (3, 1)) + rng.normal(0, 0.01, (3, dim))  # 3 on-topic texts: ~0.8
    vectors = np.vstack([big, small])
    languages = np.array(["ar"] * 200 + ["en"] * 3, dtype=object)
    cal = Calibration(vectors, languages, query)
    z_small = cal(vectors[200:] @ query, languages[200:])
    sims = vectors @ query
    assert cal.mean["en"] == pytest.approx(shrink(sims[200:].mean(), 3, sims[:200].mean(), PRIOR_TEXTS))
    assert z_small.min() > 2.0, z_small  # as far above the unrelated texts as they really are


@pytest.fixture(scope="module")
def with_new_article(pipeline, settings, tmp_path_factory):
    """The real corpus plus one new English article, indexed from a copy of the session index."""
    root = tmp_path_factory.mktemp("new-article")
    corpus = root / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    (corpus / "baku_metro.md").write_text(METRO, encoding="utf-8")
    shutil.copytree(settings.index_dir, root / "index")  # only the new article is embedded
    from dataclasses import replace

    return Pipeline(replace(settings, corpus_dir=corpus, index_dir=root / "index"))


@pytest.mark.parametrize("restricted", [False, True])
@pytest.mark.parametrize("question, value", [
    ("How many stations does the Baku Metro have?", "27"),
    ("When was the Baku Metro opened?", "1967-11-06"),
])
def test_a_newly_added_english_article_answers_its_questions(with_new_article, question, value, restricted):
    """Issue 10, item 10: before shrinkage the only English article set the English mean, its answer
    sentence fell under the floors, and the question came back 'not found' even with --doc."""
    answer = with_new_article.ask(question, doc_ids=["baku_metro"] if restricted else None)
    assert answer.status == "answered", (answer.status, answer.answer)
    assert answer.claims[0].value == value, answer.answer
    assert answer.claims[0].citations[0].doc_id == "baku_metro"


@pytest.mark.parametrize("question", ["When did Azerbaijan open its embassy in Israel?", "متى زار نتنياهو باكو؟",
                                      "چند درصد از نفت اسرائیل از آذربایجان تأمین می‌شود؟"])
def test_statistics_kept_once_per_index_give_the_same_calibration(pipeline, question):
    """Index.calibration_rows keeps each sample's mean vector and pooled scatter (once per index), so a
    question touches no row; that equals the per-question computation over the rows it replaced, on the
    real index and real questions (float64 statistics against float32 products: within 1e-4 spreads)."""
    index = pipeline.index
    q = pipeline.embedder.embed_query(question)
    for vectors, languages, usable, name in (
            (index.sentence_vectors, index.sentence_language, ~index.short_sentence, "sentence"),
            (index.chunk_vectors, index.chunk_language, None, "chunk"),
            (index.value_vectors, index.value_language, None, "value")):
        assert index.calibration_rows[name].scatter is not None
        fresh = Calibration(vectors, languages, q, usable)  # no statistics: over the sampled rows
        once = Calibration(vectors, None, q, rows=index.calibration_rows[name])
        assert once.spread == pytest.approx(fresh.spread, rel=1e-4)
        assert fresh.mean.keys() == once.mean.keys()
        for language, mean in fresh.mean.items():
            assert abs(once.mean[language] - mean) < 1e-4 * fresh.spread, (name, language)


def test_a_question_reads_a_bounded_sample_per_language():
    from rag.calibrate import SAMPLE, language_rows

    languages = np.array(["ar"] * (3 * SAMPLE) + ["en"] * 10, dtype=object)
    rows = language_rows(languages)
    assert rows.count == {"ar": 3 * SAMPLE, "en": 10}
    assert len(rows.sample["ar"]) == SAMPLE and len(rows.sample["en"]) == 10

