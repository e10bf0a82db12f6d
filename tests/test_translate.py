"""Query translation through vocabulary neighbours (rag.translate), on the real corpus and model."""

from __future__ import annotations

import numpy as np

import rag.retrieve as retrieve
from rag.translate import WordVectors, english_words


def _neighbours(word_map, question: str, n: int = 3) -> dict[str, list[str]]:
    sims = word_map.similarities(question)
    return {w: [word_map.words[j] for j in np.argsort(-row)[:n]] for w, row in zip(english_words(question), sims)}


def test_english_words_drop_stopwords_and_fragments():
    assert english_words("When did the Normans reach Italy in 1066?") == ["normans", "reach", "italy"]
    assert english_words("متى افتتحت السفارة؟") == []


def test_the_pipeline_attaches_a_word_map_of_the_arabic_script_vocabulary(pipeline):
    word_map = pipeline.index.word_map
    assert len(word_map.words) > 1000
    assert word_map.vectors.shape == (len(word_map.words), pipeline.embedder.dim)
    assert all(not w.isdigit() for w in word_map.words)


def test_english_names_and_nouns_find_their_arabic_script_spelling(pipeline):
    """Names and plain nouns land on their Arabic spelling. (Not every word does: 'israel', a word of
    nearly every passage, is discounted as a hub and lands on 'القدس', 'نتنياهو'; see rag.translate.)"""
    found = _neighbours(pipeline.index.word_map, "When did Herzog visit Baku and meet the Jews of Azerbaijan?")
    assert any(w.endswith("باكو") for w in found["baku"]), found
    assert any("هرتس" in w for w in found["herzog"]), found
    assert any("يهود" in w for w in found["jews"]), found
    assert any("اذرب" in w for w in found["azerbaijan"]), found
    assert any("زيار" in w for w in found["visit"]), found


def test_same_script_questions_are_untouched(index, pipeline):
    """Translation only lifts text in another script than the question: an Arabic question ranks the same."""
    question = "متى افتتحت أذربيجان سفارتها في إسرائيل؟"
    vector = pipeline.embedder.embed_query(question)
    with_map = [(h.chunk.chunk_id, h.score) for h in retrieve.search(index, vector, question, 8)]
    saved = index.word_map
    try:
        index.word_map = None
        without = [(h.chunk.chunk_id, h.score) for h in retrieve.search(index, vector, question, 8)]
    finally:
        index.word_map = saved
    assert with_map == without


def test_dense_mode_ignores_the_word_map(index, pipeline):
    question = "When did Azerbaijan open its embassy in Israel?"
    vector = pipeline.embedder.embed_query(question)
    dense = retrieve.dense_scores(index, vector, retrieve.CANDIDATES, retrieve.allowed_rows(index))
    hits = retrieve.search(index, vector, question, 8, mode="dense")
    assert [h.chunk.chunk_id for h in hits] == [index.chunks[r].chunk_id
                                                for r in sorted(dense, key=lambda r: (-dense[r], r))[:8]]


def test_english_question_is_lifted_by_its_translated_words(index, pipeline):
    """The lift is real: some cross-script chunk's fused score changes when the word map is attached."""
    question = "When did Azerbaijan open its embassy in Israel?"
    vector = pipeline.embedder.embed_query(question)
    mask = retrieve.allowed_rows(index)
    dense = retrieve.dense_scores(index, vector, retrieve.CANDIDATES, mask)
    lifted = retrieve._translated(index, question, dense, mask)
    assert set(lifted) == set(dense)
    assert any(lifted[r] > dense[r] for r in dense)


def test_word_vectors_are_cached_on_disk(tmp_path, pipeline):
    store = WordVectors(pipeline.embedder, tmp_path)
    first = store.get(["سفارة", "embassy"])
    again = WordVectors(pipeline.embedder, tmp_path)
    assert set(again.known) == {"سفارة", "embassy"}
    np.testing.assert_allclose(again.get(["embassy"])[0], first[1], atol=2e-3)  # stored as float16


def _lexical_by_full_scores(word_map, question, sims, bm25) -> np.ndarray:
    """``lexical_scores`` as it was written first, one BM25 score per chunk for every neighbour: the word
    map keeps that path for BM25 variants that score every chunk (``_lexical_dense``)."""
    return word_map._lexical_dense(english_words(question), sims, bm25, np.zeros(len(word_map.chunk_word_rows)))


def test_word_map_scores_equal_the_full_products_bit_for_bit(index, pipeline):
    """The word map's cheaper paths (vectors laid out by rows, BM25 read from posting lists) give the very
    numbers of the plain ones, on the real corpus and every gold English question."""
    from rag.evaluate import load_gold

    word_map = index.word_map
    questions = [g.question for g in load_gold() if english_words(g.question)]
    assert len(questions) > 50
    for question in questions:
        english = word_map.english_vectors(english_words(question))
        assert np.array_equal(word_map._cosines(english), english @ word_map.vectors.T)
        sims = word_map.similarities(question)
        assert np.array_equal(word_map.lexical_scores(question, index.bm25, sims),
                              _lexical_by_full_scores(word_map, question, sims, index.bm25))


def test_word_vectors_store_only_new_words_until_written_whole(tmp_path, pipeline, monkeypatch):
    """Each call that embeds words writes a shard holding only them (an add writes its new words, not the
    whole cache); after ``SHARDS`` shards the cache is written whole and the shards removed."""
    import json

    monkeypatch.setattr(WordVectors, "SHARDS", 2)
    store = WordVectors(pipeline.embedder, tmp_path)
    store.get(["سفارة"])
    store.get(["embassy", "سفارة"])
    shards = sorted(store.folder.glob("words.*.json"))
    assert [json.loads(p.read_text(encoding="utf-8")) for p in shards] == [["سفارة"], ["embassy"]]
    assert set(WordVectors(pipeline.embedder, tmp_path).known) == {"سفارة", "embassy"}
    store.get(["treaty"])
    assert not list(store.folder.glob("words.*.json")) and not list(store.folder.glob("vectors.*.npy"))
    assert set(json.loads((store.folder / "words.json").read_text(encoding="utf-8"))) == {"سفارة", "embassy", "treaty"}
    assert set(WordVectors(pipeline.embedder, tmp_path).known) == {"سفارة", "embassy", "treaty"}
