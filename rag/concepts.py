"""Concepts per sentence, read once per index: the lexicon's mentions, posting lists and the
collection's background names. Built lazily on first use and kept with the pipeline, so a question
only looks up what its frame names."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from rag.frames import BACKGROUND_SHARE, Clause, background_entities
from rag.index import Index
from rag.lexicon import Mention, load_lexicon
from rag.types import Sentence, Value


@dataclass
class ConceptIndex:
    index: Index
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # sent_id -> mentions
    postings: dict[str, list[str]] = field(default_factory=dict)  # concept -> sent_ids, in corpus order
    background: frozenset[str] = frozenset()
    _relative: dict[str, tuple[Value, ...]] = field(default_factory=dict)
    _titles: dict[str, tuple[Mention, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.mentions and self._read_stored():
            return
        lex = load_lexicon()
        for s in self.index.sentences:  # mentions given for a sentence are kept (Pipeline.concepts)
            found = self.mentions[s.sent_id] if s.sent_id in self.mentions else lex.mentions(s.text)
            self.mentions[s.sent_id] = found
            for concept in dict.fromkeys(m.concept for m in found):
                self.postings.setdefault(concept, []).append(s.sent_id)
        self.background = background_entities(
            [{m.concept for m in self.mentions[s.sent_id] if m.kind == "entity"} for s in self.index.sentences])

    def _read_stored(self) -> bool:
        """Mentions found at index time (``rag.concept_rows``), when found with this lexicon: nothing is read
        per sentence here; a question's sentences get their mentions when it reads them."""
        from rag.concept_rows import RowMentions, RowPostings, lexicon_version

        stored, columns = getattr(self.index, "concept_rows", None), getattr(self.index, "columns", None)
        if stored is None or columns is None or len(stored.offsets) != len(self.index.sentences) + 1 \
                or stored.version != lexicon_version():
            return False
        self.mentions = RowMentions(stored, self.index.sentence_row)  # type: ignore[assignment]
        self.postings = RowPostings(stored.postings(), columns.sentence_ids)  # type: ignore[assignment]
        need = max(3, BACKGROUND_SHARE * len(self.index.sentences))  # as frames.background_entities counts
        self.background = frozenset(c for c, n in stored.entity_sentences().items() if n >= need)
        return True

    def previous_sentence(self, sent_id: str) -> Sentence | None:
        """The sentence before, in the same document: where "he" was named."""
        row = self.index.sentence_row[sent_id]
        if row == 0:
            return None
        prev, here = self.index.sentences[row - 1], self.index.sentences[row]
        return prev if prev.doc_id == here.doc_id else None

    def clause(self, sentence: Sentence, start: int, end: int, span: tuple[int, int], kind: str) -> Clause:
        """A stated value (or name) at ``start:end`` of its sentence, with the clause ``span`` that states
        it and the mentions the frame check reads (the sentence's, and the one before for "he")."""
        previous = self.previous_sentence(sentence.sent_id)
        return Clause(sentence.text, start, end, *span, mentions=tuple(self.mentions[sentence.sent_id]), kind=kind,
                      previous=previous.text if previous else "",
                      previous_mentions=tuple(self.mentions[previous.sent_id]) if previous else (),
                      title_mentions=self.title_mentions(sentence.doc_id), named_in_full=self.named_in_full(sentence),
                      document_places=self.places_named(sentence.doc_id))

    def places_named(self, doc_id: str) -> frozenset[str]:
        """The regions, seas and other places (no state, city or person) an article names anywhere, read once per article:
        the scene its sentences need not name again ('the Caspian oil exporter' is Azerbaijan in an article about it)."""
        key = ("places named", doc_id)
        found = self.index.memo.get(key)
        if found is None:
            places = [c for c, entry in load_lexicon().entities.items() if entry.get("type") == "place"]
            found = self.index.memo[key] = frozenset(p for p in places if self.sentences_with(frozenset({p}), (doc_id,)))
        return found

    def named_in_full(self, sentence: Sentence) -> frozenset[str]:
        """Per family the lexicon knows, its member this article last named in full, at or before ``sentence``:
        who a bare family name there is ('Aliyev' after 'Ilham Aliyev' is Ilham, not his father Heydar)."""
        key = ("named in full", sentence.sent_id)
        found = self.index.memo.get(key)
        if found is None:
            row, named = self.index.sentence_row[sentence.sent_id], set()
            for people in load_lexicon().families().values():
                rows = self.rows_with(people)
                rows = rows[rows <= row]
                last = self.index.sentences[int(rows[-1])] if len(rows) else None
                if last is not None and last.doc_id == sentence.doc_id:
                    named |= {m.concept for m in self.mentions[last.sent_id] if m.concept in people}
            found = self.index.memo[key] = frozenset(named)
        return found

    def title_mentions(self, doc_id: str) -> tuple[Mention, ...]:
        """The lexicon's mentions in an article's title, read once per article."""
        if doc_id not in self._titles:
            document = self.index.documents.get(doc_id)
            self._titles[doc_id] = tuple(load_lexicon().mentions(document.title)) if document and document.title else ()
        return self._titles[doc_id]

    def relative(self, sentence: Sentence) -> tuple[Value, ...]:
        """Dates the sentence gives relative to another event, resolved once (``rag.relative``)."""
        if sentence.sent_id not in self._relative:
            from rag.relative import relative_dates
            from rag.types import Evidence

            self._relative[sentence.sent_id] = tuple(relative_dates(Evidence(sentence, 0.0), self))
        return self._relative[sentence.sent_id]

    def rows_with(self, concepts: frozenset[str]) -> np.ndarray:
        """Rows of the sentences that mention any of ``concepts``, ascending: the stored posting rows merged
        as arrays (no id decoded), else the postings in memory."""
        rows = getattr(self.postings, "rows", None)
        if rows is not None:
            found = [np.asarray(rows[c], dtype=np.int64) for c in concepts if c in rows]
            return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
        row = self.index.sentence_row
        return np.array(sorted({row[s] for c in concepts for s in self.postings.get(c, ())}), dtype=np.int64)

    def sentences_with(self, concepts: frozenset[str], doc_ids: Collection[str] | None = None) -> list[str]:
        """Sentence ids that mention any of ``concepts``, in corpus order (only in ``doc_ids``, when given)."""
        columns = self.index.columns
        if getattr(self.postings, "rows", None) is not None and columns is not None:  # stored: filtered as arrays
            merged = self.rows_with(concepts)
            if doc_ids is not None:
                position = self.index.memo.get(("document positions",))
                if position is None:
                    position = self.index.memo[("document positions",)] = {d: i for i, d in enumerate(columns.doc_ids)}
                wanted = [position[d] for d in doc_ids if d in position]
                merged = merged[np.isin(columns.sentence_doc[merged], wanted)]
            return [i.decode() for i in columns.sentence_ids[merged].tolist()]
        hits = {sid for c in concepts for sid in self.postings.get(c, ())}
        if doc_ids is not None:
            hits = {sid for sid in hits if self.index.sentence(sid).doc_id in doc_ids}
        return sorted(hits, key=self.index.sentence_row.__getitem__)  # posting lists only, no corpus scan
