"""Questions about the collection itself: "What are these articles about?", "Summarize the
Persian article", "Which articles mention Gantz?".

The answer is built from the articles: per article its title and date, and its two or three most
central sentences (closest to the article's mean sentence vector: what most of it is about), or,
when the question names someone or something, the sentences that mention it. Every line is cited.

At most ``OVERVIEW_MAX`` articles are listed, so that an overview of a large collection costs what
one of a small collection does (at 100k sentences, 6,341 articles, listing them all took ~6 s of
CPU per question): the retrieved passages' articles first, then the others in collection order;
the answer says how many there are in all. Finding the articles reads ids, per-row arrays and the
concept postings (``rag.index_rows``, ``rag.concept_rows``), never every document record.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from rag.citations import Numbering
from rag.concepts import ConceptIndex
from rag.index import Index
from rag.normalize import fold
from rag.query import Query
from rag.types import Claim, Evidence, Hit

KEY_SENTENCES = 3
MIN_WORDS = 8  # a key sentence says something: not a dateline, a byline or a heading
OVERVIEW_MAX = 12  # articles listed at most; with more, the answer says how many of how many
_TRIES = 4 * OVERVIEW_MAX  # articles looked at for a capped list (one without a key sentence is skipped)
_LANGUAGE_WORDS = {  # "the Persian article", "المقالة العربية", "مقاله فارسی" (folded)
    "fa": [r"\bpersian\b", r"\bfarsi\b", r"الفارسيه", r"فارسي"],
    "ar": [r"\barabic\b", r"العربيه", r"عربي"],
    "en": [r"\benglish\b", r"الانجليزيه", r"انگليسي"],
}


@dataclass(frozen=True)
class _Ids:
    """The collection's document ids as a question looks them up (once per loaded index, ``Index.memo``)."""

    ids: Sequence[str]  # index order
    position: dict[str, int]
    lowered: dict[str, list[str]]  # lower-cased id -> ids
    lengths: tuple[int, ...]  # of the lower-cased ids
    prefix: dict[str, list[str]]  # what comes before the first '_' -> ids ('004' -> ['004_436d…'])


@dataclass(frozen=True)
class Candidates:
    """The articles a question points at, in collection order (or first-mention order)."""

    ids: Sequence[str]
    members: Collection[str]  # the same ids, for membership
    mentioning: bool  # "which articles mention …": per article the sentences naming it


def _lookup(index: Index) -> _Ids:
    key = ("overview ids",)
    if key not in index.memo:
        ids = index.columns.doc_ids if index.columns is not None else list(index.documents)
        lowered: dict[str, list[str]] = {}
        prefix: dict[str, list[str]] = {}
        for d in ids:
            lowered.setdefault(d.lower(), []).append(d)
            prefix.setdefault(d.split("_")[0], []).append(d)
        index.memo[key] = _Ids(ids, {d: i for i, d in enumerate(ids)}, lowered, tuple(sorted({len(k) for k in lowered})),
                               prefix)
    return index.memo[key]


def _ids_in(folded: str, look: _Ids) -> list[str]:
    """Ids written in the question, or named by their number ('article 004'), in index order. The same
    as testing every id against the question, done by whichever side is shorter."""
    found: set[str] = set()
    if len(look.ids) <= len(look.lengths) * len(folded):
        found.update(d for low, ds in look.lowered.items() if low in folded for d in ds)
    else:  # every substring of the question of an id's length
        for n in look.lengths:
            for i in range(len(folded) - n + 1):
                found.update(look.lowered.get(folded[i:i + n], ()))
    for number in set(re.findall(r"\d{3}", folded)):
        found.update(look.prefix.get(number, ()))
    return sorted(found, key=look.position.__getitem__)


def _in_languages(index: Index, languages: set[str]) -> list[str]:
    """Ids of the documents in these languages, in index order, from the per-document language column."""
    key = ("overview languages", tuple(sorted(languages)))
    if key not in index.memo:
        cols = index.columns
        if cols is None:
            index.memo[key] = [d for d, doc in index.documents.items() if doc.language in languages]
        else:
            mask = np.isin(cols.doc_language, [lang.encode() for lang in languages])
            index.memo[key] = [cols.doc_ids[p] for p in np.flatnonzero(mask).tolist()]
    return index.memo[key]


def _sentence_docs(index: Index) -> np.ndarray:
    """Each sentence row's document position (in ``_lookup(index).ids``)."""
    if index.columns is not None:
        return index.columns.sentence_doc
    key = ("overview sentence documents",)
    if key not in index.memo:
        position = _lookup(index).position
        index.memo[key] = np.array([position[s.doc_id] for s in index.sentences], dtype=np.int64)
    return index.memo[key]


def _named_documents(query: Query, index: Index, concepts: ConceptIndex) -> Candidates:
    """Documents the question points at, and whether it asked which ones mention something."""
    folded = fold(query.text)
    look = _lookup(index)
    ids = _ids_in(folded, look)
    if ids:
        return Candidates(ids, set(ids), False)
    languages = {lang for lang, pats in _LANGUAGE_WORDS.items() if any(re.search(p, folded) for p in pats)}
    if languages:
        ids = _in_languages(index, languages)
        return Candidates(ids, set(ids), False)
    entities = {m.concept for m in query.mentions if m.kind == "entity" and m.concept not in concepts.background}
    names = entities | {m.concept for m in query.mentions if m.kind == "trigger"}
    if names:
        # 'mention Netanyahu visiting Baku': an article that names Netanyahu and Baku, not one naming either
        sentence_doc = _sentence_docs(index)
        positions, first = np.unique(sentence_doc[concepts.rows_with(frozenset(names))], return_index=True)
        order = positions[np.argsort(first, kind="stable")]  # by first mention, in corpus order
        for name in entities:
            order = order[np.isin(order, sentence_doc[concepts.rows_with(frozenset({name}))])]
        ids = [look.ids[p] for p in order.tolist()]
        return Candidates(ids, set(ids), True)
    return Candidates(look.ids, index.documents, False)


def _listed(candidates: Candidates, hits: Sequence[Hit]) -> Iterator[str]:
    """Every candidate in its order when they are few; else the retrieved passages' articles first (best
    first), then the others in their order (the caller stops after ``OVERVIEW_MAX`` of them)."""
    if len(candidates.ids) <= OVERVIEW_MAX:
        yield from candidates.ids
        return
    seen: set[str] = set()
    for doc_id in [h.chunk.doc_id for h in hits] + list(candidates.ids[:_TRIES]):
        if doc_id in candidates.members and doc_id not in seen:
            seen.add(doc_id)
            yield doc_id


def _central(index: Index, doc_id: str, n: int) -> list[int]:
    """Rows of the document's n most central sentences, in reading order. They depend on the
    index only: worked out once per loaded index (``Index.memo``), not per question."""
    key = ("central", doc_id, n)
    if key not in index.memo:
        rows = np.array([i for i in index.document_rows.get(doc_id, ()) if not index.short_sentence[i]
                         and len(index.sentences[i].text.split()) >= MIN_WORDS], dtype=np.int64)
        if len(rows) == 0:
            index.memo[key] = []
        else:
            vectors = index.sentence_vectors[rows]
            centre = vectors.mean(axis=0)
            best = rows[np.argsort(-(vectors @ centre))[:n]]
            index.memo[key] = sorted(int(r) for r in best)
    return list(index.memo[key])


def _naming(index: Index, concepts: ConceptIndex, names: frozenset[str], rows: np.ndarray, doc_id: str) -> list[int]:
    """Rows of the document's two sentences that name most of what was asked (``rows``: every sentence
    naming any of it), in reading order."""
    here = rows[_sentence_docs(index)[rows] == _lookup(index).position[doc_id]]
    ids = [i.decode() for i in index.columns.sentence_ids[here].tolist()] if index.columns is not None \
        else [index.sentences[r].sent_id for r in here.tolist()]
    named = {s: len(names & {m.concept for m in concepts.mentions[s]}) for s in ids}
    best = sorted(range(len(ids)), key=lambda k: -named[ids[k]])[:2]
    return sorted(int(here[k]) for k in best)


def overview(query: Query, index: Index, concepts: ConceptIndex, numbering: Numbering,
             hits: Sequence[Hit] = ()) -> tuple[list[Claim], int]:
    """One claim per listed article (at most ``OVERVIEW_MAX``): its title (and date) with its key sentences
    or the ones that mention what the question names; and how many articles the question points at."""
    candidates = _named_documents(query, index, concepts)
    mentioning = candidates.mentioning
    names = frozenset(m.concept for m in query.mentions if m.concept not in concepts.background) if mentioning else frozenset()
    naming = concepts.rows_with(names) if mentioning else np.zeros(0, dtype=np.int64)
    claims: list[Claim] = []
    for doc_id in _listed(candidates, hits):
        if len(claims) >= OVERVIEW_MAX:
            break
        doc = index.documents[doc_id]
        rows = _naming(index, concepts, names, naming, doc_id) if mentioning else _central(index, doc_id, KEY_SENTENCES)
        if not rows:
            continue
        citations = tuple(numbering.cite(Evidence(index.sentences[r], score=0.0)) for r in rows)
        title = " ".join(doc.title.split())
        claims.append(Claim(value=doc_id, kind="text", display=f"{title} ({doc.date})" if doc.date else title,
                            citations=citations, docs_behind=frozenset({doc_id})))
    return claims, len(candidates.ids)


def overview_claims(query: Query, index: Index, concepts: ConceptIndex, numbering: Numbering) -> list[Claim]:
    """The listed articles' claims only (``overview`` without the count)."""
    return overview(query, index, concepts, numbering)[0]
