"""A cited sentence as shown: in reading order, tatweel and PDF line breaks gone, the value in bold.

Display only: every shown character keeps the index of the original character it came from, so the
citation's offsets and the article highlight still point at the stored text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape

from rag.normalize import TATWEEL
from rag.reading_order import quote_in_order
from rag.types import Citation, Document

EXCERPT_CHARS = 220
_LEAD_JUNK = re.compile(r"^[\s_،,.:;\-–—]+")


def display_quote(quote: str, spans: Iterable[tuple[int, int]] = ()) -> tuple[str, list[tuple[int, int]]]:
    """The quote as shown: tatweel dropped, whitespace (PDF line breaks) collapsed, stray leading '_'
    and punctuation removed; spans moved to the shown text. Offsets in the data stay on the original.

    Example: ('_في 25 كانون', [(4, 12)]) -> ('في 25 كانون', [(3, 11)]).
    """
    keep: list[int] = []  # original index of each shown character
    out: list[str] = []
    for i, ch in enumerate(quote):
        if ch == TATWEEL:
            continue
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        keep.append(i)
    text = "".join(out)
    junk = _LEAD_JUNK.match(text)
    lead = len(junk[0]) if junk else 0
    text, keep = text[lead:].rstrip(), keep[lead:]
    keep = keep[: len(text)]
    moved = []
    for s, e in spans:
        inside = [j for j, i in enumerate(keep) if s <= i < e]
        if inside:
            moved.append((inside[0], inside[-1] + 1))
    return text, moved


def citation_text(c: Citation, documents: Mapping[str, Document]) -> tuple[str, list[tuple[int, int]]]:
    """The cited sentence as a reader should see it: in reading order where its PDF line came out
    reversed (``rag.reading_order``), then cleaned by ``display_quote``; value spans moved along.
    The citation's offsets are untouched: they still point at the original text."""
    doc = documents.get(c.doc_id)
    if doc is None or doc.text[c.start:c.end] != c.quote:
        return display_quote(c.quote, c.spans)
    shown, origin = quote_in_order(doc.text, c.start, c.end, list(c.spans))
    spans: list[tuple[int, int]] = []
    for s, e in c.spans:
        inside = [j for j, i in enumerate(origin) if c.start + s <= i < c.start + e]
        for j in inside:  # contiguous runs of shown positions
            if spans and spans[-1][1] == j:
                spans[-1] = (spans[-1][0], j + 1)
            else:
                spans.append((j, j + 1))
    return display_quote(shown, spans)


def excerpt_html(quote: str, spans: Iterable[tuple[int, int]] = (), limit: int = EXCERPT_CHARS) -> str:
    """The cleaned quote, cut around the first claimed value when long; values wrapped in ``<strong>``."""
    text, shown = display_quote(quote, spans)
    n = len(text)
    merged: list[tuple[int, int]] = []
    for s, e in sorted(shown):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    lo, hi = 0, n
    if n > limit:
        if merged:
            s0, e0 = merged[0]
            lo = max(0, min(s0 - (limit - (e0 - s0)) // 2, n - limit))
            hi = min(n, max(lo + limit, e0))
        else:
            hi = limit
        if lo > 0:
            sp = text.find(" ", lo, lo + 20)
            lo = sp + 1 if sp != -1 and (not merged or sp < merged[0][0]) else lo
        if hi < n:
            sp = text.rfind(" ", hi - 20, hi)
            hi = sp if sp != -1 and (not merged or sp > merged[0][1]) else hi
    out, pos = [], lo
    for s, e in merged:
        s, e = max(s, lo), min(e, hi)
        if s >= e:
            continue
        out += [escape(text[pos:s]), f"<strong>{escape(text[s:e])}</strong>"]
        pos = e
    out.append(escape(text[pos:hi]))
    return ("… " if lo > 0 else "") + "".join(out).strip() + (" …" if hi < n else "")
