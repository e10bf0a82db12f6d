"""Numbered citations: one number per quoted sentence, in order of first appearance.

A citation quotes its sentence exactly (``document.text[start:end]``) and carries the spans of every
claimed value inside the quote, so a reader sees what to look at without anyone re-finding it.
"""

from __future__ import annotations

from dataclasses import replace

from rag.index import Index
from rag.types import Citation, Claim, Evidence, Value


class Numbering:
    """Citation numbers in order of first appearance; one sentence keeps one number, and carries
    the spans of every claimed value it states (filled in by ``finish`` once claims are decided)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.by_sentence: dict[str, Citation] = {}
        self.spans: dict[str, set[tuple[int, int]]] = {}

    def cite(self, evidence: Evidence, note: str | None = None, value: Value | None = None) -> Citation:
        s = evidence.sentence
        if s.sent_id not in self.by_sentence:
            doc = self.index.documents[s.doc_id]
            self.by_sentence[s.sent_id] = Citation(
                n=len(self.by_sentence) + 1, doc_id=s.doc_id, title=doc.title, quote=s.text,
                start=s.start, end=s.end, score=evidence.score, note=note, sent_id=s.sent_id)
        if value is not None:
            self.spans.setdefault(s.sent_id, set()).add((value.start, value.end))
        return self.by_sentence[s.sent_id]

    def finish(self, claims: list[Claim]) -> list[Claim]:
        """Claims whose citations carry the value spans recorded for their sentences."""
        def full(c: Citation) -> Citation:
            return replace(c, spans=tuple(sorted(self.spans.get(c.sent_id, ()))))
        return [replace(claim, citations=tuple(full(c) for c in claim.citations)) for claim in claims]
