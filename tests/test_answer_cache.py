"""The app's answer cache: the same question on the same index returns the computed answer, marked."""

from __future__ import annotations

from dataclasses import replace

from rag.pipeline import Pipeline

QUESTION = "How many Jews live in Azerbaijan?"


def test_cache_is_off_by_default(pipeline):
    first, second = pipeline.ask(QUESTION), pipeline.ask(QUESTION)
    assert "cached" not in first.timings_ms and "cached" not in second.timings_ms


def test_repeated_question_is_served_from_the_cache_until_the_index_changes(pipeline, settings):
    cached = Pipeline(replace(settings, answer_cache=8))
    first = cached.ask(QUESTION)
    again = cached.ask("  " + QUESTION + " ")  # the checked question is the key
    assert "cached" not in first.timings_ms and again.timings_ms.keys() == {"cached", "total"}
    assert replace(again, timings_ms={}) == replace(first, timings_ms={})
    assert replace(first, timings_ms={}) == replace(pipeline.ask(QUESTION), timings_ms={})  # = uncached answer
    other_k = cached.ask(QUESTION, k=3)
    assert "cached" not in other_k.timings_ms  # k is part of the key
    cached.index = pipeline.index.__class__(**{f: getattr(pipeline.index, f) for f in (
        "manifest", "documents", "sentences", "chunks", "values", "sentence_vectors", "chunk_vectors",
        "faiss_index", "bm25", "value_vectors")})  # a new index object, as an added article publishes
    assert "cached" not in cached.ask(QUESTION).timings_ms
