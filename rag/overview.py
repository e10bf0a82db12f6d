"""Questions about the collection itself: "What are these articles about?", "Summarize the
Persian article", "Which articles mention Gantz?".

The answer is built from the articles: per article its title and date, and its two or three most
central sentences (closest to the article's mean sentence vector: what most of it is about), or,
when the question names someone or something, the sentences that mention it. Every line is cited.
"""

from __future__ import annotations

import re

import numpy as np

from rag.citations import Numbering
from rag.concepts import ConceptIndex
from rag.index import Index
from rag.normalize import fold
from rag.query import Query
from rag.types import Claim, Evidence

KEY_SENTENCES = 3
MIN_WORDS = 8  # a key sentence says something: not a dateline, a byline or a heading
_LANGUAGE_WORDS = {  # "the Persian article", "المقالة العربية", "مقاله فارسی" (folded)
    "fa": [r"\bpersian\b", r"\bfarsi\b", r"الفارسيه", r"فارسي"],
    "ar": [r"\barabic\b", r"العربيه", r"عربي"],
    "en": [r"\benglish\b", r"الانجليزيه", r"انگليسي"],
}


def _named_documents(query: Query, index: Index, concepts: ConceptIndex) -> tuple[list[str], bool]:
    """Documents the question points at, and whether it asked which ones mention something."""
    folded = fold(query.text)
    numbers = set(re.findall(r"\d{3}", folded))  # read once, not once per document
    ids = [d for d in index.documents if d.lower() in folded or d.split("_")[0] in numbers]
    if ids:
        return ids, False
    languages = {lang for lang, pats in _LANGUAGE_WORDS.items() if any(re.search(p, folded) for p in pats)}
    if languages:
        return [d for d, doc in index.documents.items() if doc.language in languages], False
    entities = {m.concept for m in query.mentions if m.kind == "entity" and m.concept not in concepts.background}
    names = entities | {m.concept for m in query.mentions if m.kind == "trigger"}
    if names:
        # 'mention Netanyahu visiting Baku': an article that names Netanyahu and Baku, not one naming either
        docs = dict.fromkeys(index.sentence(s).doc_id for s in concepts.sentences_with(frozenset(names)))
        for name in entities:
            having = {index.sentence(s).doc_id for s in concepts.sentences_with(frozenset({name}))}
            docs = {d: None for d in docs if d in having}
        return list(docs), True
    return list(index.documents), False


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


def overview_claims(query: Query, index: Index, concepts: ConceptIndex, numbering: Numbering) -> list[Claim]:
    """One claim per article: its title (and date) with its key sentences or the ones that
    mention what the question names."""
    docs, mentioning = _named_documents(query, index, concepts)
    names = frozenset(m.concept for m in query.mentions if m.concept not in concepts.background) if mentioning else frozenset()
    claims = []
    for doc_id in docs:
        doc = index.documents[doc_id]
        if mentioning:  # the sentences that name most of what was asked, in reading order
            ids = [s for s in concepts.sentences_with(names) if index.sentence(s).doc_id == doc_id]
            named = {s: len(names & {m.concept for m in concepts.mentions[s]}) for s in ids}
            best = sorted(ids, key=lambda s: -named[s])[:2]
            rows = sorted(index.sentence_row[s] for s in best)
        else:
            rows = _central(index, doc_id, KEY_SENTENCES)
        if not rows:
            continue
        citations = tuple(numbering.cite(Evidence(index.sentences[r], score=0.0)) for r in rows)
        title = " ".join(doc.title.split())
        claims.append(Claim(value=doc_id, kind="text", display=f"{title} ({doc.date})" if doc.date else title,
                            citations=citations, docs_behind=frozenset({doc_id})))
    return claims
