"""Adding one article does the work for that article only: segmentation, values, embedding, concepts."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from rag import index as index_mod
from rag.config import Settings
from rag.index import value_context
from rag.lexicon import Lexicon
from rag.pipeline import Pipeline, ensure_index
from tests.conftest import CORPUS

NEW = ("---\ntitle: New\nlanguage: en\ndate: 2024-05-01\n---\n"
       "Azerbaijan and Israel signed a water agreement in March 2023. The deal also covers farming.\n")


def test_adding_one_article_segments_and_embeds_only_that_article(pipeline, settings, tmp_path, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(settings.index_dir, index_dir)
    local = Settings.from_env(corpus_dir=corpus, index_dir=index_dir)
    (corpus / "new.md").write_text(NEW, encoding="utf-8")

    embedder = pipeline.embedder  # the real bundled model, counted
    embedded: list[str] = []
    real_embed = embedder.embed

    def counting_embed(texts, role, *args, **kwargs):
        embedded.extend(texts)
        return real_embed(texts, role, *args, **kwargs)

    segmented: list[str] = []
    real_split = index_mod.split_sentences

    def counting_split(doc):
        segmented.append(doc.doc_id)
        return real_split(doc)

    monkeypatch.setattr(embedder, "embed", counting_embed)
    monkeypatch.setattr(index_mod, "split_sentences", counting_split)
    added, rebuilt = ensure_index(local, embedder)

    assert rebuilt and segmented == ["new"]
    sentences = [s for s in added.sentences if s.doc_id == "new"]
    chunks = [c for c in added.chunks if c.doc_id == "new"]
    contexts = [value_context(s.text, v, added.values[s.sent_id]) for s in sentences for v in added.values[s.sent_id]]
    assert sentences and chunks and contexts  # the new article states a date
    # only the new article's texts, each distinct text once (a one-sentence chunk is its sentence's text)
    assert sorted(embedded) == sorted(set([s.text for s in sentences] + [c.text for c in chunks] + contexts))
    build = added.manifest["build"]
    assert (build["segmented_documents"], build["embedded_sentences"], build["embedded_chunks"]) == \
        (1, len(sentences), len(chunks))
    assert len(added.sentences) == len(pipeline.index.sentences) + len(sentences)

    # The same index as segmenting everything again (--force re-reads every article, reuses vectors).
    embedded.clear()
    full, _ = ensure_index(local, embedder, force=True)
    assert sorted(segmented[1:]) == sorted(d.doc_id for d in full.documents.values())
    assert embedded == []
    assert (full.sentences, full.chunks, full.values) == (list(added.sentences), list(added.chunks), dict(added.values))
    assert (full.chunk_vectors == added.chunk_vectors).all()

    # The concept index of the new index reads only the new article's sentences.
    old_concepts = pipeline.concepts  # built (if not yet) before counting
    read: list[str] = []
    real_mentions = Lexicon.mentions

    def counting_mentions(self, text):
        read.append(text)
        return real_mentions(self, text)

    monkeypatch.setattr(Lexicon, "mentions", counting_mentions)
    holder = SimpleNamespace(index=added, _concepts=old_concepts)
    concepts = Pipeline.concepts.fget(holder)  # type: ignore[attr-defined]
    assert added.concept_rows is not None and read == []  # found when the article was added (rag.concept_rows)
    assert set(concepts.mentions) == {s.sent_id for s in added.sentences}
    stored = {s.sent_id: concepts.mentions[s.sent_id] for s in added.sentences}
    # Without them (found with another lexicon), only the new article's sentences are read, with the same result.
    added.concept_rows = None
    concepts = Pipeline.concepts.fget(SimpleNamespace(index=added, _concepts=old_concepts))  # type: ignore[attr-defined]
    assert sorted(read) == sorted(s.text for s in sentences)
    assert set(concepts.mentions) == {s.sent_id for s in added.sentences}
    assert {sid: concepts.mentions[sid] for sid in stored} == stored
