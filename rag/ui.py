"""HTML for one conversation turn: the answer card rendered from the typed ``Answer`` parts.

Pure functions over ``Answer``/``Citation``/``Document`` records; no Gradio here. Every piece of
document or user text goes through ``html.escape``. Words come from ``rag.phrases`` in the
interface language; claimed values keep the answer's language. The same answer also has a
markdown form (``answer_markdown``) used for copy, export and the screen-reader label.

Citations are links ``#cite:<doc_id>:<start>:<end>:<n>``; a page-wide click handler
(``assets/app.js``) sends them to the server, which opens the article panel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape

from rag.phrases import direction, language_name, say
from rag.types import Answer, Citation, Claim, Document
from rag.ui_quote import EXCERPT_CHARS, citation_text, display_quote, excerpt_html  # noqa: F401 (re-exported)
from rag.values import date_bounds

_STATUS_ICON = {"conflict": "⚖", "answered": "✓", "not_found": "∅", "error": "!"}


def lang_attr(code: str | None) -> str:
    return f' lang="{code}"' if code in ("ar", "fa", "en") else ""


def dir_attr(code: str | None) -> str:
    return "rtl" if code in ("ar", "fa") else "auto"


def cite_href(c: Citation) -> str:
    return f"#cite:{c.doc_id}:{int(c.start)}:{int(c.end)}:{int(c.n)}"


def parse_cite_href(href: str) -> tuple[str, str, int | None, int | None, int | None] | None:
    """('cite'|'doc'|'library'|'remove', doc_id, start, end, n) from a link the UI made, else None."""
    if href == "#library":
        return "library", "", None, None, None
    # Any printable id without a path separator (file names with spaces, emoji, right-to-left letters,
    # as ingest allows them); the browser hands back the attribute as written (getAttribute), and an
    # unknown id opens nothing.
    m = re.fullmatch(r"#cite:([^\x00-\x1f\x7f/\\]{1,200}?):([0-9]{1,9}):([0-9]{1,9}):([0-9]{1,6})", href or "")
    if m:
        return "cite", m[1], int(m[2]), int(m[3]), int(m[4])
    m = re.fullmatch(r"#(doc|remove):([^\x00-\x1f\x7f/\\]{1,200})", href or "")
    if m:
        return m[1], m[2], None, None, None
    return None


def document_title(doc: Document | None, fallback: str, ui: str) -> str:
    """The title a reader of the interface language can read: English title in English, else the original."""
    if doc is None:
        return fallback
    return doc.title_en if ui == "en" and doc.title_en else doc.title


def cite_link(c: Citation, documents: Mapping[str, Document], ui: str) -> str:
    title = document_title(documents.get(c.doc_id), c.title or c.doc_id, ui)
    return (f'<a class="rag-cite" href="{escape(cite_href(c))}" title="{escape(title)}" '
            f'aria-label="[{int(c.n)}] {escape(title)}">[{int(c.n)}]</a>')


def _refs(claim: Claim, documents: Mapping[str, Document], ui: str) -> str:
    return "".join(cite_link(c, documents, ui) for c in claim.citations)


def _headline(answer: Answer, documents: Mapping[str, Document], ui: str) -> str:
    """The short answer from its parts: each value (or quoted sentence) with its citation numbers."""
    if answer.status == "not_found" or not answer.claims:
        return escape(say("not_found", ui))
    if answer.claims[0].kind == "text":
        return " ".join(f'<bdi dir="auto">«{escape(display_quote(c.display)[0])}»</bdi> {_refs(c, documents, ui)}'
                        for c in answer.claims)
    if answer.sides and answer.order:
        return _compared_headline(answer, documents, ui)
    # sides of a disagreement stand against each other; names listed or values that agree do not
    sep = f' <span class="rag-vs">{escape(say("versus", ui))}</span> ' if answer.status == "conflict" \
        else escape(say("answer_and", ui))
    return sep.join(f'<bdi class="rag-value"{lang_attr(answer.language)}>{escape(_shown_value(c))}</bdi>'
                    f' {_refs(c, documents, ui)}' for c in answer.claims)


def _compared_headline(answer: Answer, documents: Mapping[str, Document], ui: str) -> str:
    """'First: A (October 2022 [1]); then B (November 2022 [2])' with live citation links (rag.compare)."""
    from rag.compare import compare_text

    pieces = []
    for side in dict.fromkeys(answer.sides):
        values = escape(say("answer_or", ui)).join(
            f'<bdi class="rag-value"{lang_attr(answer.language)}>{escape(_shown_value(c))}</bdi> {_refs(c, documents, ui)}'
            for c, s in zip(answer.claims, answer.sides) if s == side)
        pieces.append(f'<bdi dir="auto">{escape(side)}</bdi> ({values})')
    marks = ("\x00", "\x01")
    line = escape(compare_text(answer.order or "overlap", ui, *marks))
    return line.replace(marks[0], pieces[0]).replace(marks[1], pieces[1] if len(pieces) > 1 else "")


def _shown_value(claim: Claim) -> str:
    return f"{claim.qualifier} {claim.display}" if claim.qualifier else claim.display


def _evidence_row(c: Citation, documents: Mapping[str, Document], ui: str) -> str:
    doc = documents.get(c.doc_id)
    lang = doc.language if doc else None
    gloss = (f'<div class="rag-gloss" lang="en" dir="ltr"><span class="rag-gloss-label">{escape(say("english_line", "en"))}:'
             f'</span> {escape(c.gloss_en)}</div>') if c.gloss_en and lang != ui else ""
    if c.translation_en and lang != "en":  # only where a model is configured; marked, never shown as the source
        gloss += (f'<div class="rag-gloss rag-mt" lang="en" dir="ltr"><span class="rag-gloss-label">'
                  f'{escape(say("machine_translation", "en"))}:</span> {escape(c.translation_en)}</div>')
    return ('<li class="rag-evidence">'
            f'{cite_link(c, documents, ui)} <span class="rag-src" dir="{dir_attr(lang if ui != "en" else None)}">'
            f'{escape(document_title(doc, c.title or c.doc_id, ui))}</span>'
            f'<div class="rag-quote" dir="{dir_attr(lang)}"{lang_attr(lang)}>{excerpt_html(*citation_text(c, documents))}</div>'
            f'{gloss}</li>')


def _claim_block(claim: Claim, answer: Answer, documents: Mapping[str, Document], ui: str) -> str:
    n = len(claim.docs)
    count = say("source_1", ui) if n == 1 else say("sources_n", ui, n=n)
    rows = "".join(_evidence_row(c, documents, ui) for c in claim.citations)
    value = "" if claim.kind == "text" else (
        f'<div class="rag-claim-value" dir="auto"{lang_attr(answer.language)}>{escape(_shown_value(claim))}</div>'
        f'<div class="rag-claim-count" dir="auto">{escape(count)}</div>')
    return f'<div class="rag-claim">{value}<ul class="rag-evidence-list">{rows}</ul></div>'


def timeline_html(answer: Answer, documents: Mapping[str, Document], ui: str) -> str:
    """Only for a disagreement about dates: one row per claimed date, a bar as wide as the stated
    precision (month, year, range) on one shared axis, with its citations. Plain HTML, so it follows
    the theme and the width of the screen."""
    if answer.status != "conflict":
        return ""
    rows = []
    for i, claim in enumerate(answer.claims):
        span = date_bounds(claim.value) if claim.kind == "date" else None
        if span is None:
            continue
        rows.append((i, claim, _year(span[0]), _year(span[1], end=True)))
    if len(rows) < 2:
        return ""
    lo, hi = min(r[2] for r in rows), max(r[3] for r in rows)
    pad = max((hi - lo) * 0.08, 0.2)
    lo, hi = lo - pad, hi + pad
    bars = []
    for i, claim, a, b in rows:
        left, width = 100 * (a - lo) / (hi - lo), max(100 * (b - a) / (hi - lo), 1.2)
        bars.append(f'<div class="rag-tl-row rag-tl-c{i % 4}"><div class="rag-tl-label" dir="auto">'
                    f'<bdi{lang_attr(answer.language)}>{escape(claim.display)}</bdi> {_refs(claim, documents, ui)}</div>'
                    f'<div class="rag-tl-track"><span class="rag-tl-bar" style="left:{left:.2f}%;width:{width:.2f}%">'
                    '</span></div></div>')
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if (hi - lo) / s <= 5), 100)  # at most ~5 labels: phone width
    ticks = "".join(f'<span style="left:{100 * (y - lo) / (hi - lo):.2f}%">{y}</span>'
                    for y in range(int(lo) + 1, int(hi) + 1) if y % step == 0)
    return (f'<figure class="rag-timeline" dir="ltr" aria-label="{escape(say("timeline", ui))}">'
            f'<figcaption dir="auto">{escape(say("timeline", ui))}</figcaption>{"".join(bars)}'
            f'<div class="rag-tl-axis">{ticks}</div><div class="rag-tl-note" dir="auto">'
            f'{escape(say("timeline_note", ui))}</div></figure>')


def _year(day: tuple[int, int, int], end: bool = False) -> float:
    """Example: (2022, 11, 1) -> 2022.833; end=True counts the whole last day."""
    y, m, d = day
    return y + (m - 1) / 12 + (min(d, 31) - (0 if end else 1)) / 372


def answer_html(answer: Answer, documents: Mapping[str, Document], ui: str, scope: str | None = None) -> str:
    """One answer message: status, the short answer with its citation numbers, then the evidence
    (side by side when sources disagree, with a date timeline), a copy button and the plain form."""
    status = answer.status
    plain = answer_markdown(answer, documents)
    parts = [f'<article class="rag-msg rag-{status}" dir="{direction(ui)}"{lang_attr(ui)} '
             f'aria-label="{escape(plain)}" tabindex="-1">',
             f'<div class="rag-status"><span class="rag-icon" aria-hidden="true">{_STATUS_ICON[status]}</span> '
             f'{escape(say(status, ui))}</div>',
             f'<p class="rag-answer" dir="auto">{_headline(answer, documents, ui)}</p>']
    if answer.understood_as:
        # a follow-up rewritten into a standalone question: shown so that a wrong rewrite can be corrected
        parts.append(f'<div class="rag-understood" dir="auto">{escape(say("understood_as", ui, q=answer.understood_as))}</div>')
    blocks = "".join(_claim_block(c, answer, documents, ui) for c in answer.claims)
    if status == "conflict":
        parts.append(f'<div class="rag-card rag-conflict-card">{blocks}</div>')
        parts.append(timeline_html(answer, documents, ui))
    elif answer.claims:
        parts.append(f'<div class="rag-card rag-single">{blocks}</div>')
    if status == "not_found" and answer.related:
        rows = "".join(_evidence_row(c, documents, ui) for c in answer.related)
        parts.append(f'<div class="rag-related"><div class="rag-hint">{escape(say("related", ui))}</div>'
                     f'<ul class="rag-evidence-list">{rows}</ul></div>')
    hint = say("hint_nf" if status == "not_found" else "hint_cite", ui)
    parts.append(f'<div class="rag-hint" dir="auto">{escape(hint)}{_took(answer, ui)}</div>')
    if scope:
        parts.append(f'<div class="rag-hint rag-scope" dir="auto">{escape(say("searched_only", ui, scope=scope))}</div>')
    parts.append(f'<div class="rag-actions"><button type="button" class="rag-copy">{escape(say("copy", ui))}</button>'
                 f'<textarea class="rag-plain" hidden aria-hidden="true" readonly>{escape(plain)}</textarea></div>')
    parts.append("</article>")
    return "".join(parts)


def _took(answer: Answer, ui: str) -> str:
    total = answer.timings_ms.get("total")
    return f' <span class="rag-took">· {escape(say("seconds", ui, s=f"{total / 1000:.2f}"))}</span>' if total else ""


def answer_markdown(answer: Answer, documents: Mapping[str, Document]) -> str:
    """Plain text (markdown) with numbered sources: what copy, export and screen readers get."""
    lines = [answer.answer, ""]
    if answer.understood_as:
        lines[1:1] = [say("understood_as", answer.language, q=answer.understood_as), ""]
    seen: set[int] = set()
    cites = [c for claim in answer.claims for c in claim.citations] or list(answer.related)
    if cites:
        lines.append(f"{say('md_sources', answer.language)}:")
    for c in cites:
        if c.n in seen:
            continue
        seen.add(c.n)
        doc = documents.get(c.doc_id)
        title = c.title + (f" ({doc.title_en})" if doc and doc.title_en else "")
        lines.append(f"[{c.n}] {title}: «{citation_text(c, documents)[0]}»" + (f" — {c.gloss_en}" if c.gloss_en else ""))
    return "\n".join(lines).strip()


def question_html(question: str) -> str:
    return f'<div class="rag-question" dir="auto">{escape(question)}</div>'


def error_html(message: str, ui: str) -> str:
    return (f'<article class="rag-msg rag-error" dir="{direction(ui)}"{lang_attr(ui)}><div class="rag-status">'
            f'<span class="rag-icon" aria-hidden="true">!</span> {escape(say("error", ui))}</div>'
            f'<p class="rag-answer" dir="auto">{escape(message)}</p></article>')


def conversation_html(turns: list[dict], ui: str) -> str:
    """The conversation: each turn is {'q': question, 'html': answer html or None while pending, 'md': …}."""
    if not turns:
        return f'<div class="rag-conv rag-conv-empty"><p class="rag-empty" dir="auto">{escape(say("empty_chat", ui))}</p></div>'
    items = []
    for i, t in enumerate(turns):
        reply = t.get("html") or (f'<div class="rag-msg rag-pending" aria-busy="true" dir="auto">'
                                  f'{escape(say("thinking", ui))}</div>')
        items.append(f'<div class="rag-turn" data-turn="{i}">{question_html(t["q"])}{reply}</div>')
    return f'<div class="rag-conv" role="log" aria-live="polite" data-turns="{len(turns)}">{"".join(items)}</div>'


def scope_text(doc_ids: Iterable[str] | None, languages: Iterable[str] | None,
               documents: Mapping[str, Document], ui: str) -> str | None:
    """'the Persian articles' / '2 chosen articles' when the search was restricted, else None."""
    docs, langs = list(doc_ids or []), list(languages or [])
    bits = []
    if len(docs) == 1 and docs[0] in documents:
        bits.append(f"«{document_title(documents[docs[0]], docs[0], ui)}»")
    elif docs:
        bits.append(say("chosen_articles", ui, n=len(docs)))
    if langs:
        bits.append(say("lang_articles", ui, langs=", ".join(language_name(x, ui) for x in langs)))
    return say("among", ui).join(bits) if bits else None
