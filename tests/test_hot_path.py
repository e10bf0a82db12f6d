"""Per-question work computed another way (issue 13): each shortcut gives what the plain path gives, on the
real corpus, the real index files and the real bundled model."""

from __future__ import annotations

import numpy as np

import rag.retrieve as retrieve
from rag.evaluate import load_gold
from rag.normalize import fold_with_map


def _questions(n: int = 30) -> list[str]:
    return [g.question for g in load_gold()][:n]


def test_best_sentences_gathered_from_the_stored_rows_equal_the_per_chunk_path(settings, pipeline):
    """Max-sim candidates' sentence rows gathered in one numpy step from the opened index's CSR members
    (``rag.index_rows.Members``) give the same best cosines, bit for bit, as reading each chunk's rows."""
    from rag.index_open import open_index

    index = open_index(settings.index_dir, settings.verify)
    members = retrieve._maxsim_rows(index)
    assert hasattr(members, "offsets")  # an opened index: the CSR path is the one taken
    as_list = [np.asarray(members[i]) for i in range(len(members))]
    compared = 0
    for question in _questions():
        vector = pipeline.embedder.embed_query(question)
        for language, rows in index.language_chunk_rows.items():
            sims, found = retrieve._search_rows(index, vector, rows, retrieve.CANDIDATES, language)
            fast = retrieve._best_sentences(index, vector, found, sims)
            index.memo[("maxsim_rows",)] = as_list  # the per-chunk path (a list of arrays)
            try:
                plain = retrieve._best_sentences(index, vector, found, sims)
            finally:
                index.memo[("maxsim_rows",)] = members
            assert np.array_equal(fast, plain), (question, language)
            compared += len(found)
    assert compared > 1000


def test_glossed_names_are_the_lexicons_mentions_of_the_sentence(index):
    """``rag.gloss.names_in_english`` is kept by sentence text; kept or not, the names are the same."""
    from rag.gloss import _names_in_english, names_in_english

    texts = [s.text for s in index.sentences]
    first = [names_in_english(t) for t in texts]
    assert any(first)
    assert [names_in_english(t) for t in texts] == first
    assert [list(_names_in_english.__wrapped__(t)) for t in texts] == first


def test_sentences_the_relative_date_prefilter_skips_state_no_relative_date(index, pipeline):
    """``rag.relative.relative_dates`` reads a sentence further only when its folded text (``fold``) matches the
    pattern; the folded text with offsets (``fold_with_map``) is the same text, so the skipped ones match nothing,
    and the ones read further give the dates they gave before (article 002's 'two months after …')."""
    from rag.normalize import fold
    from rag.relative import _RELATIVE, relative_dates
    from rag.types import Evidence

    read, found = 0, []
    for s in index.sentences:
        folded = fold_with_map(s.text)[0]
        assert folded == fold(s.text)
        if _RELATIVE.search(folded):
            read += 1
            found += relative_dates(Evidence(s, 0.0), pipeline.concepts)
        else:
            assert relative_dates(Evidence(s, 0.0), pipeline.concepts) == []
    assert 0 < read < len(index.sentences) // 5
    assert any(v.kind == "date" and v.resolved_from for v in found)


def test_the_warm_up_questions_name_a_month_in_each_language():
    """Each language's warm-up question names a month, so the date parser of that language (dateparser's locale
    data, 0.2-0.3 s on its first month name) is loaded before a user's question needs it."""
    from rag.app_asker import WARM_UP_QUESTIONS
    from rag.query import parse_query

    languages = set()
    for question in WARM_UP_QUESTIONS[1:]:
        query = parse_query(question)
        assert "--10" in query.given, question  # October, no year
        languages.add(query.language)
    assert languages == {"ar", "fa", "en"}


def test_english_words_embedded_ahead_are_the_vectors_a_question_would_embed(pipeline, tmp_path):
    """``rag.english_vocabulary``: words embedded ahead (float32, the same ``embed_queries`` call) are the same bits
    as embedded on first sight, so an English question's word similarities and hits are the same with or
    without the file; with it, its words are found rather than embedded."""
    from rag import english_vocabulary
    from rag.translate import WordMap, english_sample, english_words

    embedder = pipeline.embedder
    english = [q for q in _questions(120) if q.isascii()][:12]
    sample = set(english_sample())
    words = sorted({w for q in english for w in english_words(q)} - sample)
    assert len(words) >= 10
    english_vocabulary.build(embedder, words[::2], folder=tmp_path)
    path = english_vocabulary.build(embedder, words, folder=tmp_path)  # adds the rest, keeps the first half
    written = path.stat().st_mtime_ns
    assert english_vocabulary.build(embedder, words, folder=tmp_path) == path  # nothing new: not written again
    assert path.stat().st_mtime_ns == written
    ahead = english_vocabulary.load(embedder, folder=tmp_path)
    assert ahead is not None and sorted(ahead) == words
    for w in words:
        assert np.array_equal(ahead[w], embedder.embed_queries([w])[0]), w

    class Counting:
        """The real embedder, counting the words it embeds for a question."""

        def __init__(self) -> None:
            self.model_id, self.dim, self.words = embedder.model_id, embedder.dim, 0

        def embed_queries(self, texts):
            self.words += len(texts)
            return embedder.embed_queries(texts)

    old = pipeline.index.word_map
    common = {w: v for w, v in old._english.items() if w in sample}

    def word_map(vocabulary) -> tuple[WordMap, Counting]:
        counting = Counting()
        # no word store: one kept on disk may already hold a question word (a benchmark run embeds its questions')
        made = WordMap(old.words, old.vectors, old.hub, old.chunk_word_rows, counting, None, vocabulary=vocabulary)
        made._english.update(common)
        return made, counting

    (plain, embedded), (found, looked_up) = word_map(None), word_map(ahead)
    for question in english:
        assert np.array_equal(plain.similarities(question), found.similarities(question)), question
    assert embedded.words == len(words) and looked_up.words == 0
    vectors = {q: embedder.embed_query(q) for q in english}
    hits = {}
    for name, made in (("plain", word_map(None)[0]), ("ahead", found)):
        pipeline.index.word_map = made
        try:
            hits[name] = [(h.chunk.chunk_id, h.score, h.dense, h.bm25)
                          for q in english for h in retrieve.search(pipeline.index, vectors[q], q, 10)]
        finally:
            pipeline.index.word_map = old
    assert hits["plain"] == hits["ahead"]
    assert english_vocabulary.load(embedder, folder=tmp_path / "none") is None  # no file: no vocabulary


def test_rag_vocabulary_embeds_the_lexicons_english_names_and_a_pipeline_reads_them(pipeline, tmp_path, monkeypatch):
    """``rag vocabulary --size 10`` (wordfreq's top 10 are all common words or stopwords: the lexicon's English
    name words remain) writes the file under the word cache, and a word map attached afterwards reads it."""
    from typer.testing import CliRunner

    from rag import english_vocabulary
    from rag.cli import app as cli
    from rag.translate import attach_word_map

    monkeypatch.setenv("RAG_WORD_CACHE", str(tmp_path))
    result = CliRunner().invoke(cli, ["vocabulary", "--size", "10"])
    assert result.exit_code == 0, result.output
    words = english_vocabulary.vocabulary_words(10)
    assert {"aliyev", "knesset", "karabakh"} <= set(words)
    ahead = english_vocabulary.load(pipeline.embedder)
    assert ahead is not None and set(ahead) == set(words)
    old = pipeline.index.word_map
    try:
        made = attach_word_map(pipeline.index, pipeline.embedder, cache=old.store)
        assert made is not None and made.vocabulary is not None and "knesset" in made.vocabulary
    finally:
        pipeline.index.word_map = old
