"""Mentions found at index time (rag.concept_rows) are what the first question found by reading every sentence."""

from __future__ import annotations

import numpy as np

from rag.concept_rows import CONCEPTS_FILE, ConceptRows
from rag.concepts import ConceptIndex
from rag.index import load_index


def test_stored_mentions_give_the_same_concept_index(pipeline, settings):
    loaded = load_index(settings.index_dir)
    assert CONCEPTS_FILE in loaded.manifest["files"] and loaded.concept_rows is not None
    stored = ConceptIndex(loaded)  # from concepts.npz
    rows = loaded.concept_rows
    loaded.concept_rows = None
    scanned = ConceptIndex(loaded)  # every sentence read, as before
    loaded.concept_rows = rows
    assert type(stored.mentions).__name__ == "RowMentions" and isinstance(scanned.mentions, dict)
    assert stored.background == scanned.background and stored.background
    assert set(stored.postings) == set(scanned.postings)
    assert all(stored.postings[c] == scanned.postings[c] for c in scanned.postings)
    assert all(stored.mentions[s.sent_id] == scanned.mentions[s.sent_id] for s in loaded.sentences)
    for concepts in (frozenset(list(scanned.postings)[:3]), frozenset(["azerbaijan"]), frozenset(["no-such"])):
        assert stored.sentences_with(concepts) == scanned.sentences_with(concepts)
        for docs in (set(loaded.documents), set(list(loaded.documents)[:2]), set(), {"no-such"}):
            assert stored.sentences_with(concepts, docs) == scanned.sentences_with(concepts, docs) == \
                [s for s in scanned.sentences_with(concepts) if loaded.sentence(s).doc_id in docs]


def test_appended_mentions_equal_mentions_found_at_once(pipeline):
    sentences = list(pipeline.index.sentences)
    whole = ConceptRows.of(sentences)
    grown = ConceptRows.of(sentences[70:], base=ConceptRows.of(sentences[:70]))
    assert np.array_equal(whole.offsets, grown.offsets)
    assert all(whole.mentions(i) == grown.mentions(i) for i in range(len(sentences)))
    assert {c: r.tolist() for c, r in whole.postings().items()} == {c: r.tolist() for c, r in grown.postings().items()}
