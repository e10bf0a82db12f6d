"""Typed records that cross module boundaries.

Data flows one way: Document → Sentence/Chunk → Hit → Evidence → Claim → Answer.
All records are frozen; a score lives on the wrapper (Hit, Evidence), never on the chunk.
Offsets are character offsets into ``Document.text``, which is the article body verbatim,
so ``doc.text[start:end]`` is always the exact original text of a quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Language = Literal["ar", "fa", "en", "other"]
ValueKind = Literal["date", "number", "percent", "text"]
Status = Literal["answered", "conflict", "not_found"]
AskedFor = Literal["date", "number", "percent", "text", "overview"]


@dataclass(frozen=True)
class Document:
    """One article: verbatim body plus the metadata a reader would cite."""

    doc_id: str
    text: str
    title: str
    language: Language
    path: str = ""
    publisher: str | None = None
    author: str | None = None
    date: str | None = None  # ISO date when the text gives one; None = not known
    date_note: str | None = None
    url: str | None = None
    title_en: str | None = None  # catalogue metadata for readers of neither Arabic nor Persian
    summary_en: str | None = None
    fingerprint: str = ""  # content hash of text + metadata


@dataclass(frozen=True)
class Sentence:
    """A sentence as a span of its document; ``text`` is the exact slice."""

    sent_id: str
    doc_id: str
    start: int
    end: int
    text: str
    position: int  # index of the sentence within its document


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences under a token budget; the unit of retrieval."""

    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str
    sentence_ids: tuple[str, ...]
    n_tokens: int


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with the scores that ranked it."""

    chunk: Chunk
    score: float
    dense: float = 0.0
    bm25: float = 0.0
    rank: int = 0


@dataclass(frozen=True)
class Value:
    """A typed value found in a sentence.

    ``value`` is normalized: dates as an ISO prefix (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
    or ``--MM`` when only the month is known), numbers as plain decimals (``30000``),
    percentages as ``69%``, ranges as ``A/B`` of those forms.
    ``start``/``end`` are offsets of the matched span inside the sentence text.
    """

    kind: Literal["date", "number", "percent"]
    value: str
    start: int
    end: int
    surface: str
    resolved_from: str | None = None  # e.g. "relative to 2025-08-13" when a relative date was resolved


@dataclass(frozen=True)
class Evidence:
    """A sentence chosen to support an answer, with how well it matches the question."""

    sentence: Sentence
    score: float  # calibrated across languages (rag.calibrate), for ranking
    values: tuple[Value, ...] = ()
    similarity: float = 0.0  # raw cosine to the question, for telling on-topic from off-topic
    words: float = 0.0  # of ``score``, what the sentence's share of the question's words added (rag.evidence.word_share)

    @property
    def plain(self) -> float:
        """The score without the word share: whether any passage answers is judged on meaning, since a sentence
        sharing a name with the question is no answer to it by that alone."""
        return self.score - self.words


@dataclass(frozen=True)
class Citation:
    """A numbered source: ``quote`` is exactly ``document.text[start:end]``."""

    n: int
    doc_id: str
    title: str
    quote: str
    start: int
    end: int
    score: float
    note: str | None = None  # how a relative date in the quote was resolved, e.g. "one month after 2022-10"
    sent_id: str = ""  # the Sentence quoted, so no one has to map offsets back to it
    spans: tuple[tuple[int, int], ...] = ()  # where the claimed value(s) stand inside ``quote``
    gloss_en: str | None = None  # an English fact line for readers of neither Arabic nor Persian
    translation_en: str | None = None  # machine translation of ``quote`` by the configured model, checked; never the source


@dataclass(frozen=True)
class Claim:
    """One answer value and the citations that state it."""

    value: str
    kind: ValueKind
    display: str
    citations: tuple[Citation, ...]
    qualifier: str | None = None  # "more than", "about", "at least", "less than", "up to", as stated
    docs_behind: frozenset[str] = frozenset()  # every document stating it, cited or not
    entity: str | None = None  # for 'who'/'where' answers: the lexicon id of the person or place named

    @property
    def docs(self) -> frozenset[str]:
        """The documents behind this claim: all of them, never a display-capped subset."""
        return self.docs_behind | frozenset(c.doc_id for c in self.citations)


@dataclass(frozen=True)
class Answer:
    question: str
    language: Language
    status: Status
    answer: str
    claims: tuple[Claim, ...]
    asked_for: AskedFor
    timings_ms: dict[str, float] = field(default_factory=dict)
    hits: tuple[Hit, ...] = ()
    understood_as: str | None = None  # the standalone question a follow-up was rewritten to
    related: tuple[Citation, ...] = ()  # closest passages when nothing answers: offered, never the answer
    note: str | None = None  # why a model's answer was not shown (the extractive one is), or other caveats
    generated_by: str | None = None  # the model that worded ``answer`` after verification; None = extractive
    # 'Which came first: A or B?' (rag.compare): the side each claim dates, in the claims' order, and the
    # order the dates show ('first': the first side's claims came first; 'overlap': the dates do not tell)
    sides: tuple[str, ...] = ()
    order: str | None = None

    def with_timings(self, timings: dict[str, float]) -> Answer:
        return replace(self, timings_ms=timings)
