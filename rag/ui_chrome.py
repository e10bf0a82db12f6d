"""HTML for the page chrome around the conversation: title bar, character counter, index line, notes.

Re-rendered in the interface language whenever it changes; words from ``rag.phrases``.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from rag.phrases import direction, say


def title_html(lang: str, n_docs: int) -> str:
    return (f'<header class="rag-title" dir="{direction(lang)}" lang="{lang}"><h1>{escape(say("title", lang))}</h1>'
            f'<p>{escape(say("intro", lang, n=n_docs))}</p>'
            f'<div class="rag-toolbar"><button type="button" id="rag-export-btn">{escape(say("export", lang))}</button>'
            '</div></header>')


def counter_html(lang: str, limit: int) -> str:
    """Filled in by assets/app.js as the reader types; the server still refuses longer questions."""
    template = say("counter", lang, n="{n}", limit="{limit}")
    return (f'<div id="rag-count" dir="{direction(lang)}" data-limit="{limit}" data-template="{escape(template)}">'
            f'{escape(say("counter", lang, n=0, limit=limit))}</div>')


def examples_label_html(lang: str) -> str:
    return f'<span class="rag-examples-label" dir="{direction(lang)}">{escape(say("try", lang))}</span>'


def status_line_html(lang: str, info: Mapping, n_docs: int) -> str:
    text = say("status_line", lang, docs=info.get("documents", n_docs), chunks=info.get("chunks", "?"),
               sentences=info.get("sentences", "?"))
    return f'<div id="rag-status-line" dir="{direction(lang)}">{escape(text)}</div>'


def note_html(text: str, bad: bool = False) -> str:
    return f'<div class="rag-note{" rag-bad" if bad else ""}" role="status" dir="auto">{escape(text)}</div>'
