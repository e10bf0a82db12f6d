"""Hubness kept by word beside the word vectors (rag.word_hubs) is what scoring the vocabulary again gives."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from rag.translate import WordVectors, attach_word_map, english_sample
from rag.word_hubs import hubness, kept_hubness


def _vectors(pipeline):
    word_map = pipeline.index.word_map
    sample = english_sample()
    return word_map.words, word_map.vectors, sample, word_map.store.get(sample)


def test_kept_scores_are_the_computed_ones(pipeline, tmp_path):
    words, corpus, sample, common = _vectors(pipeline)
    whole = hubness(corpus, common)
    store = SimpleNamespace(folder=tmp_path, from_disk=set(words) | set(sample))
    first = kept_hubness(words, corpus, sample, common, store)  # computed, then kept
    assert np.array_equal(first, whole) and len(list(tmp_path.glob("hubs-*.npz"))) == 1
    corpus_changed = np.zeros_like(corpus)  # were anything computed again, it would differ
    assert np.array_equal(kept_hubness(words, corpus_changed, sample, common, store), whole)  # read back
    half = len(words) // 2  # a grown vocabulary: the kept half read, the rest scored
    grown = kept_hubness(words[:half] + ["zz-new"], np.vstack([corpus[:half], corpus[-1:]]), sample, common, store)
    assert np.array_equal(grown[:half], whole[:half]) and np.isclose(grown[-1], whole[-1], atol=1e-6)


def test_scores_of_vectors_not_read_back_are_not_kept(pipeline, tmp_path):
    words, corpus, sample, common = _vectors(pipeline)
    store = SimpleNamespace(folder=tmp_path, from_disk=set(words))  # the English sample embedded this session
    assert np.array_equal(kept_hubness(words, corpus, sample, common, store), hubness(corpus, common))
    assert not list(tmp_path.glob("hubs-*.npz"))
    assert np.array_equal(kept_hubness(words, corpus, sample, common, None), hubness(corpus, common))


def test_a_word_map_opened_again_reads_its_hubness(pipeline, tmp_path):
    """The second open reads every score from the cache and makes the same map."""
    source = pipeline.index.word_map.store
    copy = WordVectors(pipeline.embedder, folder=tmp_path)
    copy.known = dict(source.known)
    copy._save()
    index = SimpleNamespace(chunks=pipeline.index.chunks, chunk_language=pipeline.index.chunk_language,
                            word_rows=pipeline.index.word_rows)
    first = attach_word_map(index, pipeline.embedder, cache=WordVectors(pipeline.embedder, folder=tmp_path))
    assert list(copy.folder.glob("hubs-*.npz"))
    again = attach_word_map(index, pipeline.embedder, cache=WordVectors(pipeline.embedder, folder=tmp_path))
    assert np.array_equal(first.hub, again.hub) and np.array_equal(first.vectors, again.vectors)
    assert np.array_equal(first.hub, hubness(first.vectors, again.store.get(english_sample())))
