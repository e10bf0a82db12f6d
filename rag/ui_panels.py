"""HTML for the side panel: the library, the article reader and the list of cited articles.

Pure functions over ``Document`` records and a finished ``Answer``; words from ``rag.phrases``.
Article text is escaped and shown verbatim (it is data, never markup), so ``<mark>`` sits exactly
around ``doc.text[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from html import escape

from rag.phrases import direction, language_name, say
from rag.types import Answer, Citation, Document
from rag.ui import cite_link, dir_attr, document_title, lang_attr
from rag.values import display_value

_SAFE_URL = re.compile(r"https?://[^\s\"'<>]+")


def _date_text(doc: Document, ui: str) -> str:
    if doc.date:
        tip = f' title="{escape(doc.date_note)}"' if doc.date_note else ""
        return f"<span{tip}>{escape(display_value(doc.date, 'date', ui))}</span>"
    return f'<span class="rag-muted">{escape(say("date_missing", ui))}</span>'


def doc_meta_html(doc: Document, ui: str) -> str:
    bits = [f'<span class="rag-lang">{escape(language_name(doc.language, ui))}</span>']
    bits.append(f'<span class="rag-meta-item">{escape(say("publisher", ui))}: <bdi>{escape(doc.publisher)}</bdi></span>'
                if doc.publisher else f'<span class="rag-meta-item rag-muted">{escape(say("publisher_missing", ui))}</span>')
    if doc.author:
        bits.append(f'<span class="rag-meta-item">{escape(say("author", ui))}: <bdi>{escape(doc.author)}</bdi></span>')
    bits.append(f'<span class="rag-meta-item">{escape(say("date", ui))}: {_date_text(doc, ui)}</span>' if doc.date
                else f'<span class="rag-meta-item">{_date_text(doc, ui)}</span>')  # not "Date: date not stated"
    if doc.url and _SAFE_URL.fullmatch(doc.url):
        bits.append(f'<a class="rag-meta-item" href="{escape(doc.url)}" target="_blank" rel="noopener noreferrer">'
                    f'{escape(say("original_link", ui))}</a>')
    return f'<div class="rag-meta" dir="{direction(ui)}">{" ".join(bits)}</div>'  # "Label: value" in the interface's order


def _title_html(doc: Document, ui: str, tag: str = "span", cls: str = "") -> str:
    """English title first in the English interface, the original beneath it."""
    attrs = f'dir="{dir_attr(doc.language)}"{lang_attr(doc.language)}'
    original = f'<{tag} class="rag-doc-title {cls}" {attrs}>{escape(doc.title)}</{tag}>'
    if ui == "en" and doc.title_en:
        return (f'<{tag} class="rag-doc-title {cls}" lang="en" dir="ltr">{escape(doc.title_en)}</{tag}>'
                f'<div class="rag-original">{original}</div>')
    return original


def _summary_html(doc: Document, ui: str) -> str:
    if ui != "en":
        return ""
    if not doc.summary_en:
        return f'<div class="rag-summary rag-muted" lang="en" dir="ltr">{escape(say("no_summary", "en"))}</div>'
    return f'<div class="rag-summary" lang="en" dir="ltr">{escape(doc.summary_en)}</div>'


def library_html(documents: Mapping[str, Document], ui: str, removable: Collection[str] = ()) -> str:
    """The reader before any citation is opened: every article one click away; yours can be removed."""
    items = []
    for d in documents.values():
        remove = (f' <a class="rag-remove" href="#remove:{escape(d.doc_id)}" role="button" '
                  f'aria-label="{escape(say("remove", ui))}: {escape(d.title)}">{escape(say("remove", ui))}</a>'
                  f' <span class="rag-yours">{escape(say("yours", ui))}</span>') if d.doc_id in removable else ""
        items.append(f'<li data-doc="{escape(d.doc_id)}"><a class="rag-doc-link" href="#doc:{escape(d.doc_id)}">'
                     f'{_title_html(d, ui)}</a>{remove}{doc_meta_html(d, ui)}{_summary_html(d, ui)}</li>')
    return (f'<div class="rag-article rag-library" dir="{direction(ui)}">'
            f'<h2 class="rag-panel-head">{escape(say("reader", ui))}</h2>'
            f'<p class="rag-muted" dir="auto">{escape(say("library_hint", ui))}</p>'
            f'<ol class="rag-library-list">{"".join(items)}</ol></div>')


def article_html(doc: Document, ui: str, start: int | None = None, end: int | None = None,
                 n: int | None = None) -> str:
    """The whole article, escaped, with ``<mark>`` exactly around ``text[start:end]`` when given."""
    text = doc.text
    dir_ = "rtl" if doc.language in ("ar", "fa") else "ltr"
    if start is not None and end is not None and 0 <= start < end <= len(text):
        body = (escape(text[:start]) + f'<mark class="rag-hl" id="rag-hl">{escape(text[start:end])}</mark>'
                + escape(text[end:]))
        kicker = say("cited_kicker", ui, n=n) if n is not None else say("full_article", ui)
    else:
        body, kicker = escape(text), say("full_article", ui)
    return (f'<div class="rag-article" dir="{direction(ui)}">'
            f'<div class="rag-article-head"><div class="rag-kicker" dir="auto">{escape(kicker)}'
            f' · <a class="rag-doc-link rag-back" href="#library">{escape(say("all_articles", ui))}</a>'
            f'<a class="rag-close" href="#close" role="button">{escape(say("close", ui))} ✕</a></div>'
            f'<h2 class="rag-article-title">{_title_html(doc, ui)}</h2>'
            f'{doc_meta_html(doc, ui)}{_summary_html(doc, ui)}</div>'
            f'<div class="rag-article-body" dir="{dir_}"{lang_attr(doc.language)} tabindex="0">{body}</div></div>')


def sources_html(answer: Answer | None, documents: Mapping[str, Document], ui: str) -> str:
    """The articles an answer cites, in order of first citation, with their metadata."""
    if answer is None or not answer.claims:
        msg = say("sources_none" if answer else "sources_empty", ui)
        return f'<div class="rag-sources" dir="{direction(ui)}"><p class="rag-empty" dir="auto">{escape(msg)}</p></div>'
    cites: dict[str, dict[int, Citation]] = {}
    for claim in answer.claims:
        for c in claim.citations:
            cites.setdefault(c.doc_id, {}).setdefault(c.n, c)
    items = []
    for doc_id, cs in cites.items():
        doc = documents.get(doc_id)
        if doc is None:
            continue
        chips = " ".join(cite_link(c, documents, ui) for _, c in sorted(cs.items()))
        items.append(f'<li class="rag-source"><a class="rag-doc-link" href="#doc:{escape(doc_id)}">{_title_html(doc, ui)}</a>'
                     f'{doc_meta_html(doc, ui)}<div class="rag-source-cites" dir="auto">{escape(say("cited_as", ui))} {chips}'
                     '</div></li>')
    head = say("sources_head_1", ui) if len(items) == 1 else say("sources_head", ui, n=len(items))
    return (f'<div class="rag-sources" dir="{direction(ui)}"><h2 class="rag-panel-head" dir="auto">{escape(head)}</h2>'
            f'<ol>{"".join(items)}</ol></div>')


def title_for(doc: Document, ui: str) -> str:
    return document_title(doc, doc.doc_id, ui)
