"""The installed English-Arabic dictionary (rag.dictionary) and how the word map uses it (rag.translate)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import rag.retrieve as retrieve
from rag.dictionary import DEFAULT, Dictionary, find
from rag.errors import RagError
from rag.normalize import tokenize_query

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    out = ""
    while True:
        out = _B64[n % 64] + out
        n //= 64
        if not n:
            return out


def _write_dictd(folder: Path, entries: list[tuple[str, str]], zipped: bool = True) -> Path:
    """A dictionary in dictd's format, as Debian's dictfmt writes it: entries, then their index."""
    text, index = b"", []
    for head, body in [("00databaseshort", "00databaseshort\n test"), *entries]:
        data = body.encode("utf-8")
        index.append(f"{head}\t{_b64(len(text))}\t{_b64(len(data))}")
        text += data
    (folder / ("test.dict.dz" if zipped else "test.dict")).write_bytes(gzip.compress(text) if zipped else text)
    (folder / "test.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    return folder / "test.index"


@pytest.mark.parametrize("zipped", [True, False])
def test_a_dictd_dictionary_is_read_sense_by_sense(tmp_path, zipped):
    path = _write_dictd(tmp_path, [
        ("Aha", "Aha /ɐ hˈɑː/\nآها -  فرقة بوب نرويجيّة\n"),
        ("many", "many /mˈɛni/\n1. الكثير\n2. عديد، كثير\n"),
        ("population", "population /pˌɒpjʊlˈeɪʃən/\nالسكان\n"),
    ], zipped)
    book = Dictionary(path)
    assert book.translations("population") == ("السكان",)
    assert book.translations("Many") == ("الكثير", "عديد", "كثير")  # numbered senses, then synonyms
    assert book.translations("aha") == ("آها",)  # the name, not its gloss
    assert book.translations("normans") == ()


def test_a_broken_dictionary_names_the_file_and_line(tmp_path):
    path = _write_dictd(tmp_path, [("war", "war\nالحرب\n")])
    path.write_text(path.read_text(encoding="utf-8") + "broken line without tabs\n", encoding="utf-8")
    with pytest.raises(RagError, match=r"test\.index, line 3"):
        Dictionary(path).translations("war")
    (tmp_path / "test.dict.dz").unlink()
    with pytest.raises(RagError, match="no test.dict.dz"):
        Dictionary(path).translations("war")


def test_the_setting_chooses_the_dictionary_or_none(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_DICTIONARY", "off")
    assert find() is None
    monkeypatch.setenv("RAG_DICTIONARY", str(tmp_path / "missing.index"))
    with pytest.raises(RagError, match="missing.index"):
        find()
    path = _write_dictd(tmp_path, [("war", "war\nالحرب\n")])
    monkeypatch.setenv("RAG_DICTIONARY", str(path))
    found = find()
    assert found is not None and found.translations("war") == ("الحرب",)


needs_debian = pytest.mark.skipif(not DEFAULT.exists(), reason="Debian's dict-freedict-eng-ara is not installed "
                                  "(`make test` installs it)")


@needs_debian
def test_debians_dictionary_translates_plain_words():
    book = Dictionary(DEFAULT)
    assert "السكان" in book.translations("population")
    assert "السفارة" in book.translations("embassy")
    assert "الحرب" in book.translations("war")


@needs_debian
def test_a_listed_word_is_searched_by_its_translations_and_an_unlisted_one_by_its_neighbours(pipeline):
    word_map = pipeline.index.word_map
    assert word_map.dictionary is not None  # found where Debian installs it
    question = "When did Herzog open the embassy?"
    sims = dict(zip(["herzog", "open", "embassy"], word_map.similarities(question)))
    embassy = word_map.queries("embassy", sims["embassy"])
    translated = [tokenize_query(t) for t in word_map.dictionary.translations("embassy")]
    assert tokenize_query("السفارة") in translated and embassy[:len(translated)] == translated
    # the neighbours that Arabic text uses give way; those only Persian text uses still stand for the word
    persian_only = {tuple(tokenize_query(w)) for w, arabic in zip(word_map.words, word_map.arabic) if not arabic}
    assert all(tuple(q) in persian_only for q in embassy[len(translated):])
    herzog = word_map.queries("herzog", sims["herzog"])  # a name the dictionary does not list
    assert len(herzog) == word_map.neighbours and any("هرتس" in "".join(q) for q in herzog)


def _documents(pipeline, question: str) -> list[str]:
    vector = pipeline.embedder.embed_query(question)
    return list(dict.fromkeys(h.chunk.doc_id[:3] for h in retrieve.search(pipeline.index, vector, question, 8)))


@needs_debian
@pytest.mark.parametrize("question, article", [
    ("In which city is Azerbaijan's embassy in Israel located?", "001"),  # 'embassy' -> السفارة
    ("When did Israel open its embassy in Baku?", "001"),
])
def test_the_dictionary_brings_the_article_that_answers_to_the_top(pipeline, question, article):
    """Without it, 'embassy' stands for its nearest corpus words, and 003 and 004 ranked first."""
    word_map = pipeline.index.word_map
    with_it = _documents(pipeline, question)
    saved = word_map.dictionary
    try:
        word_map.dictionary = None
        without = _documents(pipeline, question)
    finally:
        word_map.dictionary = saved
    assert with_it[0] == article and without[0] != article, (with_it, without)
