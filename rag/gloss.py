"""An English fact line for each citation, built only from what the system already knows.

No translator ships here (see FACTS.md), so the line says, in English: the value the sentence
states, how a relative date in it was resolved, and which article (English title, date) it is from.

Example: a Persian sentence "یک ماه بعد، … سفارت …" cited for 2022-11 ->
  'States November 2022 (written as one month after October 2022) · from "The Jewel of the Caucasus
  on the Zionist Ring" (Persian article, undated)'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from rag.lexicon import load_lexicon
from rag.types import Answer, Citation, Claim, Document
from rag.values import display_value

_ISO = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")
_LANGUAGE = {"ar": "Arabic", "fa": "Persian", "en": "English"}


def _english_note(note: str) -> str:
    """Example: 'one month after 2022-10' -> 'one month after October 2022'."""
    return _ISO.sub(lambda m: display_value(m[0], "date", "en"), note)


def article_line(document: Document | None, title: str = "") -> str:
    """Example: 'from "Foundations and goals of the Azerbaijani–Israeli alliance" (Arabic article, 13 August 2025)'."""
    if document is None:
        return f'from "{title}"' if title else ""
    name = document.title_en or document.title
    kind = f"{_LANGUAGE[document.language]} article" if document.language in _LANGUAGE else "article"
    when = display_value(document.date, "date", "en") if document.date else "undated"
    return f'from "{name}" ({kind}, {when})'


def names_in_english(quote: str) -> list[str]:
    """The people, places and organisations a sentence names, in English (the lexicon's first English
    spelling). Example: 'افتتحت إسرائيل سفارتها في باكو' -> ['Israel', 'Baku']."""
    return list(_names_in_english(quote))


@lru_cache(maxsize=4096)
def _names_in_english(quote: str) -> tuple[str, ...]:
    """Kept by sentence text: every answer glosses each of its citations, and the same sentences are cited
    by many questions (the lexicon's scan of the cited sentences was 0.6-2.7 ms of a question at 100k, now
    0.1-0.3 ms)."""
    seen = dict.fromkeys(m.concept for m in load_lexicon().mentions(quote) if m.kind == "entity")
    return tuple(load_lexicon().name(c) for c in seen)


def gloss(citation: Citation, claim: Claim | None, document: Document | None) -> str:
    """One English line: what the cited sentence says about the question, who and where it names,
    and where it is from."""
    bits = []
    if claim is not None and claim.entity:
        bits.append(f"Names {load_lexicon().name(claim.entity)}")
    elif claim is not None and claim.kind != "text":
        value = display_value(claim.value, claim.kind, "en")
        qualifier = f"{claim.qualifier} " if claim.qualifier else ""
        bits.append(f"States {qualifier}{value}")
        if citation.note:
            bits[-1] += f" (written as {_english_note(citation.note)})"
    else:
        bits.append("Quoted sentence")
    names = names_in_english(citation.quote)
    mentions = f"mentions {', '.join(names)}" if names else ""
    source = article_line(document, citation.title)
    return " · ".join(b for b in (bits[0], mentions, source) if b)


def with_glosses(answer: Answer, documents: Mapping[str, Document]) -> Answer:
    """The answer with ``gloss_en`` filled on every citation (claims and related passages)."""
    claims = tuple(
        replace(claim, citations=tuple(replace(c, gloss_en=gloss(c, claim, documents.get(c.doc_id)))
                                       for c in claim.citations))
        for claim in answer.claims)
    related = tuple(replace(c, gloss_en=gloss(c, None, documents.get(c.doc_id))) for c in answer.related)
    return replace(answer, claims=claims, related=related)
