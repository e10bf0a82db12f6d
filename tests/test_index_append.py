"""Adding an article appends to the index: only it is embedded, and search answers as after a full rebuild."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from rag import pipeline as pipeline_mod
from rag.config import Settings
from rag.index import build_index, load_index, read_manifest
from rag.index_bm25 import _encode, bm25_from_ids
from rag.ingest import load_corpus
from rag.normalize import tokenize
from rag.retrieve import search
from tests.conftest import CORPUS

# Named to sort between two seed articles, so a full build puts its rows in the middle and the
# appended index puts them last: the comparisons below are between different row orders.
NAME = "002z_added.md"
NEW = ("---\ntitle: Water pact\nlanguage: en\ndate: 2024-05-01\n---\n"
       "Azerbaijan and Israel signed a desalination agreement in Baku in March 2023. "
       "The pact covers drip irrigation for cotton farms in the Kura valley.\n\n"
       "Engineers from both countries will build three pumping stations by 2026.\n")
QUESTIONS = ["When did Azerbaijan and Israel establish diplomatic relations?",
             "What share of Azerbaijan's arms imports came from Israel?",
             "متى افتتحت أذربيجان سفارتها في تل أبيب؟",
             "Who signed the desalination agreement in Baku?",
             "pumping stations cotton irrigation"]


def test_bm25_from_token_ids_scores_like_bm25s():
    """Our whole-array BM25 gives bm25s' own scores on the real corpus' text (paragraphs as documents)."""
    import bm25s

    paragraphs = [p for f in sorted(CORPUS.glob("*.md")) for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    tokens = [tokenize(p) or ["\x00empty"] for p in paragraphs]
    reference = bm25s.BM25()
    reference.index(tokens, show_progress=False)
    vocab: dict[str, int] = {}
    ours = bm25_from_ids(_encode(tokens, vocab), vocab)
    assert len(paragraphs) > 50 and ours.scores["num_docs"] == reference.scores["num_docs"]
    for query in (["azerbaijan", "israel"], tokenize("السفارة الأذربيجانية في تل أبيب"), ["1992", "embassy", "baku"]):
        assert np.allclose(ours.get_scores(query), reference.get_scores(query), atol=1e-5)
        assert ours.get_scores(query).max() > 0


def _setup(settings: Settings, tmp_path) -> Settings:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(settings.index_dir, index_dir)
    (corpus / NAME).write_text(NEW, encoding="utf-8")
    return Settings.from_env(corpus_dir=corpus, index_dir=index_dir)


def _top(index, embedder, question: str, k: int = 10) -> list[tuple[str, float]]:
    return [(h.chunk.chunk_id, round(h.score, 5)) for h in search(index, embedder.embed_query(question), question, k)]


def test_added_article_is_appended_and_searches_like_a_full_rebuild(pipeline, settings, tmp_path, monkeypatch):
    local = _setup(settings, tmp_path)
    embedder = pipeline.embedder  # the real bundled model, counted
    embedded: list[str] = []
    real_embed = embedder.embed
    monkeypatch.setattr(embedder, "embed",
                        lambda texts, role, *a, **kw: embedded.extend(texts) or real_embed(texts, role, *a, **kw))
    held = load_index(local.index_dir)  # what a running app holds
    held_rows = (held.faiss_index.ntotal, held.bm25.scores["num_docs"], len(held.chunks))
    monkeypatch.setattr(pipeline_mod, "open_index", lambda *a, **kw: pytest.fail("the held index was loaded again"))

    added, rebuilt = pipeline_mod.ensure_index(local, embedder, current=held)

    assert rebuilt and added.manifest["build"]["mode"] == "append"
    new_sentences = [s for s in added.sentences if s.doc_id == "002z_added"]
    new_chunks = [c for c in added.chunks if c.doc_id == "002z_added"]
    assert new_sentences and new_chunks
    assert added.sentences[-len(new_sentences):] == new_sentences  # appended after every other row
    assert not {s.text for s in new_sentences} - set(embedded)  # the new article embedded ...
    assert not set(embedded) & {s.text for s in held.sentences}  # ... and nothing of the others
    assert added.manifest["build"]["embedded_sentences"] == len(new_sentences)
    # Every row has the vector its text gets embedded alone, bit for bit (texts are embedded once each:
    # test_a_repeated_text_is_embedded_once).
    new_texts = [s.text for s in new_sentences] + [c.text for c in new_chunks]
    assert len(embedded) == len(set(embedded))
    dim = added.sentence_vectors.shape[1]
    tail = np.vstack([np.asarray(added.sentence_vectors[len(added.sentences) - len(new_sentences):]).reshape(-1, dim),
                      np.asarray(added.chunk_vectors[len(added.chunks) - len(new_chunks):]).reshape(-1, dim)])
    assert np.array_equal(tail, np.vstack([real_embed([t], "passage") for t in new_texts]))
    # The held index is untouched (FAISS was copied before adding to it).
    assert (held.faiss_index.ntotal, held.bm25.scores["num_docs"], len(held.chunks)) == held_rows
    assert added.faiss_index.ntotal == len(added.chunks) == held_rows[2] + len(new_chunks)

    question = "desalination agreement signed in Baku"
    hit = search(added, embedder.embed_query(question), question, 3)[0]
    assert hit.chunk.doc_id == "002z_added"

    # A full rebuild (every document segmented again, file-name order) reuses every vector and ranks the same.
    embedded.clear()
    full = build_index(load_corpus(local.corpus_dir), embedder, previous=added, reuse_documents=False)
    assert embedded == [] and full.manifest["build"]["mode"] == "full"
    assert full.sentences != added.sentences and sorted(full.sentences, key=lambda s: s.sent_id) == \
        sorted(added.sentences, key=lambda s: s.sent_id)  # same rows, another order
    for question in QUESTIONS:
        assert _top(added, embedder, question) == _top(full, embedder, question), question

    # Published and loaded again: the same rows, and the BM25 token ids kept for the next add.
    on_disk = load_index(local.index_dir)
    assert [c.chunk_id for c in on_disk.chunks] == [c.chunk_id for c in added.chunks]
    # Lookups derived for the appended rows only equal those derived from every row at load.
    assert np.array_equal(on_disk.short_sentence, added.short_sentence)
    for name in ("document_rows", "language_chunk_rows"):
        mine, fresh = getattr(added, name), getattr(on_disk, name)
        assert list(mine) == list(fresh) and all(np.array_equal(mine[k], fresh[k]) for k in fresh), name
    for kind, rows in on_disk.calibration_rows.items():
        assert rows.count == added.calibration_rows[kind].count
        assert np.allclose(rows.scatter, added.calibration_rows[kind].scatter), kind
    assert on_disk.bm25_tokens is not None and len(on_disk.bm25_tokens) == len(on_disk.chunks)
    assert np.allclose(on_disk.bm25.get_scores(["cotton"]), full.bm25.get_scores(["cotton"])[
        [next(i for i, c in enumerate(full.chunks) if c.chunk_id == cid) for cid in (c.chunk_id for c in on_disk.chunks)]])


@pytest.mark.parametrize("where", ["bm25", "publish"])
def test_failed_add_leaves_previous_index_serving(pipeline, settings, tmp_path, monkeypatch, where):
    """A failure after the new article was embedded (indexing BM25, or publishing the files) leaves the
    published index and the index being served as they were, and no half-written folder."""
    from rag import index_append, store

    local = _setup(settings, tmp_path)
    before = read_manifest(local.index_dir)
    held = load_index(local.index_dir)

    def broken(*args, **kwargs):
        raise OSError(f"disk full while {where}")

    monkeypatch.setattr(*((index_append, "append_bm25", broken) if where == "bm25" else (store, "publish", broken)))
    with pytest.raises(OSError, match="disk full"):
        pipeline_mod.ensure_index(local, pipeline.embedder, current=held)
    assert read_manifest(local.index_dir) == before
    serving = load_index(local.index_dir)
    assert [c.chunk_id for c in serving.chunks] == [c.chunk_id for c in held.chunks]
    assert held.faiss_index.ntotal == len(held.chunks)
    assert not list(local.index_dir.glob(".tmp-*"))


def test_unchanged_files_are_not_parsed_again(corpus_copy, monkeypatch):
    """Files whose size and modification time are unchanged come from the index's record, not re-read."""
    import os

    from rag import ingest

    first = load_corpus(corpus_copy)
    known = {d.path: (*first.stats[d.path], d) for d in first.documents}
    changed = corpus_copy / NAME
    changed.write_text(NEW, encoding="utf-8")
    edited = first.documents[0]
    text = open(edited.path, encoding="utf-8").read().replace("\n---\n", "\n---\nAn added opening line.\n\n", 1)
    st = os.stat(edited.path)
    with open(edited.path, "w", encoding="utf-8") as f:
        f.write(text)
    os.utime(edited.path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    read: list[str] = []
    real = ingest.load_document
    monkeypatch.setattr(ingest, "load_document", lambda path: read.append(path.name) or real(path))

    second = load_corpus(corpus_copy, known=known)

    assert sorted(read) == sorted([NAME, os.path.basename(edited.path)])
    again = {d.doc_id: d for d in second.documents}
    assert all(again[d.doc_id] is d for d in first.documents[1:])  # the very same records
    assert again[edited.doc_id].fingerprint != edited.fingerprint and "002z_added" in again


def test_app_add_appends_and_extends_the_word_map(pipeline, settings, tmp_path):
    """The app's add (``Asker.add``) appends to the index it serves and extends its English-question
    word map with the new article's words: the same map as building it afresh over the new index."""
    from types import SimpleNamespace

    from rag.app_asker import Asker
    from rag.pipeline import Pipeline
    from rag.translate import attach_word_map

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(settings.index_dir, index_dir)
    asker = Asker(Pipeline(Settings.from_env(corpus_dir=corpus, index_dir=index_dir)))
    before = asker.pipeline.index
    text = ("---\ntitle: اتفاقية المياه\nlanguage: ar\n---\n"
            "وقّعت أذربيجان وإسرائيل اتفاقية لتحلية مياه البحر في باكو في مارس 2023، "
            "وتشمل الاتفاقية الري بالتنقيط لمزارع القطن في وادي كورا.\n")
    doc = asker.add("water.md", text.encode("utf-8"))

    index = asker.pipeline.index
    assert index is not before and index.manifest["build"]["mode"] == "append"
    assert index.manifest["build"]["embedded_sentences"] == sum(1 for s in index.sentences if s.doc_id == doc.doc_id)
    grown = index.word_map  # built afresh below from the same word store (its disk copy is float16)
    fresh = attach_word_map(SimpleNamespace(chunks=index.chunks, chunk_language=index.chunk_language),
                            pipeline.embedder, cache=grown.store)
    assert set(grown.words) - set(before.word_map.words)  # the article brought words of its own
    assert grown.words == fresh.words
    assert np.allclose(grown.vectors, fresh.vectors) and np.allclose(grown.hub, fresh.hub, atol=1e-6)
    assert [r.tolist() for r in grown.chunk_word_rows] == [r.tolist() for r in fresh.chunk_word_rows]
    assert len(before.word_map.chunk_word_rows) == len(before.chunks)  # the served map was not changed
    # the words of every chunk kept for the next open (rag.word_rows): extended by the article's chunks only
    from rag.word_rows import WordRows

    whole = WordRows.of(list(index.chunks), index.chunk_language)
    for kept in (index.word_rows, load_index(index_dir).word_rows):
        assert kept is not None and kept.usable(len(index.chunks)) and kept.words == whole.words == grown.words
        assert np.array_equal(kept.rows.ids, whole.rows.ids) and np.array_equal(kept.rows.offsets, whole.rows.offsets)
    assert index.manifest["build"]["seconds_words"] < 1.0


def test_a_repeated_text_is_embedded_once(pipeline, settings, tmp_path, monkeypatch):
    """A real seed article added under a new name: its one-sentence chunks and value contexts repeat its
    sentences' texts; each distinct text is embedded once and every row still gets that text's vector."""
    local = _setup(settings, tmp_path)
    (local.corpus_dir / NAME).unlink()
    seed = sorted(CORPUS.glob("002_*.md"))[0]
    (local.corpus_dir / NAME).write_text(seed.read_text(encoding="utf-8").replace(
        f"id: {seed.stem}", "id: 002z_added", 1), encoding="utf-8")
    embedder = pipeline.embedder
    embedded: list[str] = []
    real_embed = embedder.embed
    monkeypatch.setattr(embedder, "embed",
                        lambda texts, role, *a, **kw: embedded.extend(texts) or real_embed(texts, role, *a, **kw))
    added, rebuilt = pipeline_mod.ensure_index(local, embedder, current=load_index(local.index_dir))

    assert rebuilt and added.manifest["build"]["mode"] == "append"
    b = added.manifest["build"]
    rows = b["embedded_sentences"] + b["embedded_chunks"] + b["embedded_values"]
    assert len(embedded) == len(set(embedded)) < rows  # fewer runs than rows: the repeats shared one
    sentences = [s for s in added.sentences if s.doc_id == "002z_added"]
    chunks = [c for c in added.chunks if c.doc_id == "002z_added"]
    assert {s.text for s in sentences} & {c.text for c in chunks}  # the article does repeat texts
    vector = {t: v for t, v in zip(embedded, real_embed(embedded, "passage"))}
    for s, i in zip(sentences, range(len(added.sentences) - len(sentences), len(added.sentences))):
        assert np.array_equal(np.asarray(added.sentence_vectors[i]), vector[s.text])
    for c, i in zip(chunks, range(len(added.chunks) - len(chunks), len(added.chunks))):
        assert np.array_equal(np.asarray(added.chunk_vectors[i]), vector[c.text])


def test_an_add_naming_its_file_does_not_list_the_corpus(pipeline, settings, tmp_path, monkeypatch):
    """The app names the file it wrote: the corpus is the held index's documents plus it, no folder listed,
    and the result is what listing would give (the next full check finds nothing to do)."""
    from rag.index import corpus_fingerprint, save_index
    from rag.index_record import ChunkParams

    local = _setup(settings, tmp_path)
    (local.corpus_dir / NAME).unlink()
    copied = load_index(local.index_dir)  # its documents name the files it was built from: not these
    assert pipeline_mod.ensure_index(local, pipeline.embedder, current=copied, added=(local.corpus_dir / "x.md",))[0] \
        is copied  # so the named view is not trusted: the folder is listed (and nothing changed)
    save_index(build_index(load_corpus(local.corpus_dir), pipeline.embedder, previous=copied), local.index_dir)
    held = load_index(local.index_dir)  # built from this folder's files (every vector reused)
    (local.corpus_dir / NAME).write_text(NEW, encoding="utf-8")
    monkeypatch.setattr(pipeline_mod, "load_corpus", lambda *a, **kw: pytest.fail("the corpus was listed"))
    added, rebuilt = pipeline_mod.ensure_index(local, pipeline.embedder, current=held,
                                               added=(local.corpus_dir / NAME,))
    monkeypatch.undo()
    assert rebuilt and added.manifest["build"]["mode"] == "append"
    listed = load_corpus(local.corpus_dir)
    params = ChunkParams(local.chunk_tokens, local.chunk_overlap)
    assert added.manifest["corpus_fingerprint"] == corpus_fingerprint(listed, params, pipeline.embedder.model_id)
    assert added.sources == listed.stats and list(added.documents) != [d.doc_id for d in listed.documents]
    assert sorted(added.documents) == sorted(d.doc_id for d in listed.documents)
    again, rebuilt = pipeline_mod.ensure_index(local, pipeline.embedder, current=added)  # lists the folder
    assert not rebuilt and again is added
    for question in QUESTIONS:
        assert _top(added, pipeline.embedder, question) == _top(load_index(local.index_dir), pipeline.embedder, question)
