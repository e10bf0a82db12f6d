"""Every chunk's words found at index time (rag.word_rows) are what opening found by tokenizing every chunk."""

from __future__ import annotations

import numpy as np

from rag.config import Settings
from rag.index import load_index, save_index
from rag.translate import attach_word_map, chunk_words
from rag.word_rows import IDS_FILE, WORDS_FILE, ChunkRows, WordRows
from tests.conftest import CORPUS


def _same_rows(a, b) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


def test_the_built_index_keeps_every_chunks_words(pipeline, settings):
    loaded = load_index(settings.index_dir)
    assert WORDS_FILE in loaded.manifest["files"] and loaded.word_rows is not None
    stored = loaded.word_rows
    assert stored.usable(len(loaded.chunks))
    per_chunk = chunk_words(loaded)  # tokenized now, as opening did before
    assert stored.words == sorted({w for ws in per_chunk for w in ws}) and len(stored.words) > 1000
    assert [[stored.words[i] for i in stored.rows[n]] for n in range(len(loaded.chunks))] == per_chunk


def test_stored_words_give_the_same_word_map(pipeline, settings):
    """The map attached from chunk_words.npz equals the one made by tokenizing every chunk at open."""
    store = pipeline.index.word_map.store
    loaded = load_index(settings.index_dir)
    stored = attach_word_map(loaded, pipeline.embedder, cache=store)
    rows, loaded.word_rows = loaded.word_rows, None
    scanned = attach_word_map(loaded, pipeline.embedder, cache=store)
    loaded.word_rows = rows
    assert isinstance(stored.chunk_word_rows, ChunkRows) and stored.chunk_word_rows is rows.rows  # read, not remade
    assert stored.words == scanned.words
    assert np.array_equal(stored.vectors, scanned.vectors) and np.array_equal(stored.hub, scanned.hub)
    assert _same_rows(stored.chunk_word_rows, scanned.chunk_word_rows)
    for question in ("When did Azerbaijan open its embassy in Tel Aviv?", "Who signed the oil agreement?"):
        assert np.array_equal(stored.similarities(question), scanned.similarities(question))
        assert stored.neighbours_of(question) == scanned.neighbours_of(question)


def test_appended_words_equal_words_found_at_once(index):
    chunks, languages = list(index.chunks), index.chunk_language
    whole = WordRows.of(chunks, languages)
    for cut in (10, len(chunks) // 2, len(chunks) - 1, len(chunks)):
        base = WordRows.of(chunks[:cut], languages[:cut])
        grown = WordRows.of(chunks[cut:], languages[cut:], base=base)
        assert grown.words == whole.words
        assert np.array_equal(grown.rows.ids, whole.rows.ids) and np.array_equal(grown.rows.offsets, whole.rows.offsets)
    assert len(WordRows.of(chunks[:10], languages[:10]).words) < len(whole.words)  # the cuts above renumbered rows


def test_word_rows_survive_a_save_and_read(index, tmp_path):
    whole = WordRows.of(list(index.chunks), index.chunk_language)
    whole.save(tmp_path / WORDS_FILE)
    read = WordRows.read(tmp_path / WORDS_FILE)
    assert read.version == whole.version and read.words == whole.words
    assert np.array_equal(read.rows.ids, whole.rows.ids) and np.array_equal(read.rows.offsets, whole.rows.offsets)
    assert isinstance(read.rows.ids, np.memmap) and (tmp_path / IDS_FILE).exists()  # the ids stay on disk, mapped
    empty = WordRows.of([], np.zeros(0, dtype=object))
    (tmp_path / "empty").mkdir()
    empty.save(tmp_path / "empty" / WORDS_FILE)
    again = WordRows.read(tmp_path / "empty" / WORDS_FILE)
    assert again.words == [] and len(again.rows) == 0


def test_another_version_of_the_words_is_not_used(index):
    whole = WordRows.of(list(index.chunks), index.chunk_language)
    assert whole.usable(len(index.chunks))
    assert not WordRows("000000000000", whole.words, whole.rows).usable(len(index.chunks))
    assert not whole.usable(len(index.chunks) + 1)


def test_an_index_written_without_the_words_opens_and_answers_the_same(pipeline, tmp_path):
    """An index written before chunk_words.npz existed: the word map is made at open, as then, and every
    answer is the one the index with the file gives."""
    from rag.pipeline import Pipeline

    old = load_index(pipeline.settings.index_dir)
    old.word_rows = None
    save_index(old, tmp_path / "index")  # what the code before wrote: no chunk_words.npz
    assert WORDS_FILE not in load_index(tmp_path / "index").manifest["files"]
    without = Pipeline(Settings.from_env(corpus_dir=CORPUS, index_dir=tmp_path / "index"))
    assert not without.rebuilt and without.index.word_rows is None
    assert without.index.word_map.words == pipeline.index.word_map.words
    assert _same_rows(without.index.word_map.chunk_word_rows, pipeline.index.word_map.chunk_word_rows)
    for question in ("When did Azerbaijan open its embassy in Tel Aviv?",
                     "What share of Azerbaijan's arms imports came from Israel?",
                     "متى افتتحت أذربيجان سفارتها في تل أبيب؟", "Who signed the oil agreement?"):
        a, b = without.ask(question), pipeline.ask(question)
        assert (a.status, a.answer, a.claims) == (b.status, b.answer, b.claims)
        assert [(h.chunk.chunk_id, h.score) for h in a.hits] == [(h.chunk.chunk_id, h.score) for h in b.hits]


def test_match_scores_are_each_candidates_best_word(pipeline):
    """``WordMap.match_scores`` (one gather per English word) equals its definition written per candidate."""
    word_map = pipeline.index.word_map
    rows = list(range(0, len(pipeline.index.chunks), max(1, len(pipeline.index.chunks) // 30)))[:30]
    for question in ("When did Azerbaijan open its embassy in Tel Aviv?", "Who signed the oil agreement?"):
        sims = word_map.similarities(question)
        want = np.zeros(len(rows))
        for row in sims:
            best = np.array([row[word_map.chunk_word_rows[r]].max() if len(word_map.chunk_word_rows[r]) else row.min()
                             for r in rows])
            want += (best - best.mean()) / best.std() if best.std() > 1e-6 else 0
        assert np.array_equal(word_map.match_scores(question, rows, sims), want / len(sims)) and want.any()
