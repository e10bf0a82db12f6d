"""HTML for the web app: answer cards, the source list, the article reader and the date timeline data.

Pure functions over the ``answer_to_dict`` contract and ``Document`` records; no Gradio here (the app
imports Gradio). Every piece of document or user text goes through ``html.escape``.

Citations are links ``#cite:<doc_id>:<start>:<end>:<n>`` and articles ``#doc:<doc_id>``; the chat
sanitizer keeps ``href``/``class``/``dir``/``title`` (it drops ``data-*`` and ``on*``), and a click
handler installed by the article panel (``BRIDGE_JS``) turns those links into a server event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from html import escape

from rag.types import Document

RTL = {"ar", "fa"}
LANGUAGE_NAMES = {"ar": "Arabic", "fa": "Persian", "en": "English", "other": "other"}
EXCERPT_CHARS = 200

# The few words inside an answer card, in the question's language (the app around them is English).
_WORDS: dict[str, dict[str, str]] = {
    "en": {"conflict": "Sources disagree", "answered": "Answer", "not_found": "Not found",
           "evidence": "Evidence", "sources_n": "{n} sources", "source_1": "1 source",
           "hint_cite": "Click a number to read the sentence in its article.",
           "hint_nf": "No article states this. Try rephrasing, or widen the article/language filters.",
           "error": "Could not answer"},
    "ar": {"conflict": "المصادر مختلفة", "answered": "الإجابة", "not_found": "لا توجد إجابة",
           "evidence": "الأدلة", "sources_n": "{n} مصادر", "source_1": "مصدر واحد",
           "hint_cite": "انقر على رقم لقراءة الجملة في مقالتها.",
           "hint_nf": "لا تذكر أيّ مقالة ذلك. جرّب صياغة أخرى أو وسّع عوامل التصفية.",
           "error": "تعذّرت الإجابة"},
    "fa": {"conflict": "منابع با هم اختلاف دارند", "answered": "پاسخ", "not_found": "پاسخی یافت نشد",
           "evidence": "شواهد", "sources_n": "{n} منبع", "source_1": "۱ منبع",
           "hint_cite": "برای خواندن جمله در مقاله، روی شماره کلیک کنید.",
           "hint_nf": "هیچ مقاله‌ای این را بیان نمی‌کند. پرسش را بازنویسی کنید یا فیلترها را گسترده‌تر کنید.",
           "error": "پاسخ داده نشد"},
}

_STATUS_ICON = {"conflict": "⚖", "answered": "✓", "not_found": "∅", "error": "!"}
_REF = re.compile(r"\[(\d+)\]")
_WS = re.compile(r"\s+")

Spans = Callable[[Mapping, Mapping], list[tuple[int, int]]]


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language, _WORDS["en"])


def _dir(language: str | None) -> str:
    return "rtl" if language in RTL else "auto"


def _lang_attr(language: str | None) -> str:
    return f' lang="{language}"' if language in ("ar", "fa", "en") else ""


def cite_href(c: Mapping) -> str:
    return f"#cite:{c['doc_id']}:{int(c['start'])}:{int(c['end'])}:{int(c['n'])}"


def parse_cite_href(href: str) -> tuple[str, str, int | None, int | None, int | None] | None:
    """('cite'|'doc'|'library', doc_id, start, end, n) from a link the UI made, or None otherwise."""
    if href == "#library":
        return "library", "", None, None, None
    # Any printable id (file names with spaces, emoji, right-to-left letters); the browser hands back
    # the attribute as written (getAttribute), and an unknown id opens nothing.
    m = re.fullmatch(r"#cite:([^\x00-\x1f\x7f]{1,200}?):([0-9]{1,9}):([0-9]{1,9}):([0-9]{1,6})", href or "")
    if m:
        return "cite", m[1], int(m[2]), int(m[3]), int(m[4])
    m = re.fullmatch(r"#doc:([^\x00-\x1f\x7f]{1,200})", href or "")
    if m:
        return "doc", m[1], None, None, None
    return None


def cite_link(c: Mapping) -> str:
    tip = f"{c.get('title') or c['doc_id']} — open the sentence in the article"
    return (f'<a class="rag-cite" href="{escape(cite_href(c))}" title="{escape(tip)}" '
            f'aria-label="citation {int(c["n"])}">[{int(c["n"])}]</a>')


def _collapse(text: str) -> str:
    return _WS.sub(" ", text)


def excerpt_html(quote: str, spans: Iterable[tuple[int, int]] = (), limit: int = EXCERPT_CHARS) -> str:
    """The quote on one line (whitespace collapsed), cut around the first emphasized span when long;
    spans (offsets into ``quote``) are wrapped in ``<strong>``."""
    n = len(quote)
    spans = sorted((max(0, s), min(n, e)) for s, e in spans if 0 <= s < e <= n)
    merged: list[tuple[int, int]] = []
    for s, e in spans:
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
        if lo > 0:  # start and stop on word boundaries
            sp = quote.find(" ", lo, lo + 20)
            lo = sp + 1 if sp != -1 and (not merged or sp < merged[0][0]) else lo
        if hi < n:
            sp = quote.rfind(" ", hi - 20, hi)
            hi = sp if sp != -1 and (not merged or sp > merged[0][1]) else hi
    out, pos = [], lo
    for s, e in merged:
        s, e = max(s, lo), min(e, hi)
        if s >= e:
            continue
        out.append(escape(_collapse(quote[pos:s])))
        out.append(f"<strong>{escape(_collapse(quote[s:e]))}</strong>")
        pos = e
    out.append(escape(_collapse(quote[pos:hi])))
    body = "".join(out).strip()
    return ("… " if lo > 0 else "") + body + (" …" if hi < n else "")


def _linkify_refs(text_html: str, by_n: Mapping[int, Mapping]) -> str:
    def repl(m: re.Match) -> str:
        c = by_n.get(int(m[1]))
        return cite_link(c) if c else m[0]

    return _REF.sub(repl, text_html)


_QUOTED = re.compile(r"«([^«»<]*)»")


def _isolate(answer_html: str, displays: list[str]) -> str:
    """Bidi-isolate quoted sentences and claimed values inside the answer, so an English answer that
    quotes Arabic (or an Arabic one citing '2022') keeps its reading order around the [n] numbers."""
    out = _QUOTED.sub(lambda m: f'«<bdi dir="auto">{m[1]}</bdi>»', answer_html)
    for shown in dict.fromkeys(displays):
        if shown:
            out = out.replace(shown, f"<bdi>{shown}</bdi>", 1)
    return out


def _source_rows(claims: list[Mapping], documents: Mapping[str, Document]) -> str:
    """Compact: number and article title (the answer already quotes the sentences)."""
    rows = []
    for claim in claims:
        for c in claim["citations"]:
            doc = documents.get(c["doc_id"])
            lang = doc.language if doc else None
            rows.append(f'<li class="rag-evidence">{cite_link(c)} <span class="rag-src" dir="{_dir(lang)}"'
                        f'{_lang_attr(lang)}>{escape(c["title"] or c["doc_id"])}</span></li>')
    return f'<ul class="rag-evidence-list rag-compact">{"".join(rows)}</ul>'


def _citation_rows(claim: Mapping, documents: Mapping[str, Document], spans_for: Spans | None) -> str:
    rows = []
    for c in claim["citations"]:
        doc = documents.get(c["doc_id"])
        lang = doc.language if doc else None
        spans = spans_for(claim, c) if spans_for else []
        rows.append(
            '<li class="rag-evidence">'
            f'{cite_link(c)} '
            f'<span class="rag-src" dir="{_dir(lang)}"{_lang_attr(lang)}>{escape(c["title"] or c["doc_id"])}</span>'
            f'<div class="rag-quote" dir="{_dir(lang)}"{_lang_attr(lang)}>{excerpt_html(c["quote"], spans)}</div>'
            '</li>')
    return f'<ul class="rag-evidence-list">{"".join(rows)}</ul>'


def _claim_block(claim: Mapping, documents, spans_for: Spans | None, words: dict, lang: str) -> str:
    docs = {c["doc_id"] for c in claim["citations"]}
    count = words["source_1"] if len(docs) == 1 else words["sources_n"].format(n=len(docs))
    return ('<div class="rag-claim">'
            f'<div class="rag-claim-value" dir="auto"{_lang_attr(lang)}>{escape(claim["display"])}</div>'
            f'<div class="rag-claim-count" dir="auto">{escape(count)}</div>'
            f'{_citation_rows(claim, documents, spans_for)}'
            '</div>')


def answer_html(d: Mapping, documents: Mapping[str, Document], spans_for: Spans | None = None,
                scope: str | None = None) -> str:
    """One chat message for an ``answer_to_dict`` result: status, the short answer with clickable
    citation numbers, then a side-by-side card when sources disagree (or the evidence otherwise)."""
    lang = d.get("language") or "en"
    words = _words(lang)
    status = d["status"]
    by_n = {c["n"]: c for claim in d["claims"] for c in claim["citations"]}
    answer = _isolate(escape(d["answer"]), [escape(c["display"]) for c in d["claims"] if c["kind"] != "text"])
    answer = _linkify_refs(answer, by_n)
    parts = [f'<div class="rag-msg rag-{status}" dir="{"rtl" if lang in RTL else "ltr"}"{_lang_attr(lang)}>',
             (f'<div class="rag-status" dir="auto"><span class="rag-icon">{_STATUS_ICON[status]}</span> '
              f'{escape(words[status])}</div>'),
             f'<p class="rag-answer" dir="auto"{_lang_attr(lang)}>{answer}</p>']
    claims = d["claims"]
    if status == "conflict":
        cols = "".join(_claim_block(c, documents, spans_for, words, lang) for c in claims)
        parts.append(f'<div class="rag-card rag-conflict-card" data-n="{len(claims)}">{cols}</div>')
    elif claims and claims[0]["kind"] == "text":
        parts.append(f'<div class="rag-card rag-single">{_source_rows(claims, documents)}</div>')
    elif claims:
        parts.append('<div class="rag-card rag-single">'
                     + "".join(_claim_block(c, documents, spans_for, words, lang) for c in claims) + "</div>")
    hint = words["hint_nf" if status == "not_found" else "hint_cite"]
    parts.append(f'<div class="rag-hint" dir="auto">{escape(hint)}{_took(d)}</div>')
    if scope:
        parts.append(f'<div class="rag-hint rag-scope" dir="ltr">Searched only {escape(scope)}.</div>')
    parts.append("</div>")
    return "".join(parts)


def scope_text(doc_ids: Iterable[str] | None, languages: Iterable[str] | None,
               documents: Mapping[str, Document]) -> str | None:
    """'the Persian articles' / '2 chosen articles' when the search was restricted, else None."""
    docs, langs = list(doc_ids or []), list(languages or [])
    bits = []
    if len(docs) == 1 and docs[0] in documents:
        bits.append(f"«{documents[docs[0]].title}»")
    elif docs:
        bits.append(f"{len(docs)} chosen article{'s' if len(docs) != 1 else ''}")
    if langs:
        bits.append("the " + " and ".join(LANGUAGE_NAMES.get(x, x) for x in langs) + " articles")
    return " among ".join(bits) if bits else None


def _took(d: Mapping) -> str:
    total = (d.get("timings_ms") or {}).get("total")
    return f' <span class="rag-took" dir="ltr">· {total / 1000:.2f} s</span>' if isinstance(total, int | float) else ""


def error_html(message: str, language: str = "en") -> str:
    words = _words(language)
    return (f'<div class="rag-msg rag-error"><div class="rag-status"><span class="rag-icon">!</span> '
            f'{escape(words["error"])}</div><p class="rag-answer" dir="auto">{escape(message)}</p></div>')


def question_html(question: str) -> str:
    return f'<div class="rag-question" dir="auto">{escape(question)}</div>'


def _date_text(doc: Document) -> str:
    if doc.date:
        tip = f' title="{escape(doc.date_note)}"' if doc.date_note else ""
        return f"<span{tip}>{escape(doc.date)}</span>"
    note = re.sub(r"^not stated( in the text)?[;,:]?\s*", "", (doc.date_note or "").strip())
    note = note[1:-1] if note.startswith("(") and note.endswith(")") else note
    return f'<span class="rag-muted">date not stated{escape(" — " + note) if note else ""}</span>'


def doc_meta_html(doc: Document) -> str:
    bits = [f'<span class="rag-lang rag-lang-{escape(doc.language)}">{LANGUAGE_NAMES.get(doc.language, doc.language)}</span>']
    bits.append(f'<span class="rag-meta-item">Publisher: <bdi>{escape(doc.publisher)}</bdi></span>'
                if doc.publisher else '<span class="rag-meta-item rag-muted">publisher not stated</span>')
    if doc.author:
        bits.append(f'<span class="rag-meta-item">Author: <bdi>{escape(doc.author)}</bdi></span>')
    bits.append(f'<span class="rag-meta-item">Date: {_date_text(doc)}</span>')
    return f'<div class="rag-meta">{" ".join(bits)}</div>'


def sources_html(d: Mapping | None, documents: Mapping[str, Document]) -> str:
    """The articles an answer cites, in order of first citation, with their metadata."""
    if not d or not d.get("claims"):
        msg = ("No article was cited for this answer." if d else
               "The articles cited by an answer appear here, with publisher, date and language.")
        return f'<div class="rag-sources"><div class="rag-empty">{msg}</div></div>'
    cites: dict[str, list[Mapping]] = {}
    for claim in d["claims"]:
        for c in claim["citations"]:
            cites.setdefault(c["doc_id"], [])
            if all(x["n"] != c["n"] for x in cites[c["doc_id"]]):
                cites[c["doc_id"]].append(c)
    items = []
    for doc_id, cs in cites.items():
        doc = documents.get(doc_id)
        if doc is None:
            continue
        chips = " ".join(cite_link(c) for c in sorted(cs, key=lambda c: c["n"]))
        items.append(
            '<li class="rag-source">'
            f'<a class="rag-doc-link" href="#doc:{escape(doc_id)}" dir="{_dir(doc.language)}"'
            f'{_lang_attr(doc.language)}>{escape(doc.title)}</a>'
            f'{doc_meta_html(doc)}<div class="rag-source-cites">Cited as {chips}</div></li>')
    n = len(items)
    head = f"{n} article{'s' if n != 1 else ''} used for this answer"
    return f'<div class="rag-sources"><div class="rag-panel-head">{head}</div><ol>{"".join(items)}</ol></div>'


def library_html(documents: Mapping[str, Document]) -> str:
    """The reader before any citation is opened: the corpus, each article one click away."""
    items = "".join(
        f'<li><a class="rag-doc-link" href="#doc:{escape(d.doc_id)}" dir="{_dir(d.language)}"'
        f'{_lang_attr(d.language)}>{escape(d.title)}</a>{doc_meta_html(d)}</li>'
        for d in documents.values())
    return ('<div class="rag-article rag-library"><div class="rag-panel-head">Article reader</div>'
            '<p class="rag-muted">Click a citation number such as <span class="rag-cite-sample">[1]</span> in an '
            'answer to open the quoted sentence, highlighted, in its full article. Or open an article:</p>'
            f'<ol class="rag-library-list">{items}</ol></div>')


def article_html(doc: Document, start: int | None = None, end: int | None = None, n: int | None = None) -> str:
    """The whole article, escaped, with ``<mark>`` exactly around ``text[start:end]`` when given."""
    text = doc.text
    dir_ = "rtl" if doc.language in RTL else "ltr"
    if start is not None and end is not None and 0 <= start < end <= len(text):
        body = (escape(text[:start]) + f'<mark class="rag-hl" id="rag-hl">{escape(text[start:end])}</mark>'
                + escape(text[end:]))
        kicker = f"Citation [{n}] · characters {start}–{end}" if n is not None else f"characters {start}–{end}"
    else:
        body = escape(text)
        kicker = "Full article"
    return ('<div class="rag-article">'
            f'<div class="rag-article-head"><div class="rag-kicker">{escape(kicker)}'
            ' · <a class="rag-doc-link rag-back" href="#library">all articles</a></div>'
            f'<h3 class="rag-article-title" dir="{dir_}"{_lang_attr(doc.language)}>{escape(doc.title)}</h3>'
            f'{doc_meta_html(doc)}</div>'
            f'<div class="rag-article-body" dir="{dir_}"{_lang_attr(doc.language)}>{body}</div></div>')


# ---- timeline ---------------------------------------------------------------------------------------

def _bounds(part: str) -> tuple[date, date] | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", part)
    if not m:
        return None
    y, mo, d = int(m[1]), m[2], m[3]
    try:
        if d:
            day = date(y, int(mo), int(d))
            return day, day
        if mo:
            first = date(y, int(mo), 1)
            nxt = date(y + (first.month == 12), first.month % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


def date_interval(value: str) -> tuple[date, date] | None:
    """First and last day an ISO-prefix date value covers; None for month-only ('--MM') or junk."""
    lo, _, hi = value.partition("/")
    a, b = _bounds(lo), _bounds(hi or lo)
    if not a or not b or a[0] > b[1]:
        return None
    return a[0], b[1]


def timeline_points(d: Mapping | None) -> list[dict]:
    """One point per (date claim, cited document): which source claims which date."""
    if not d:
        return []
    points = []
    for i, claim in enumerate(d.get("claims", [])):
        if claim.get("kind") != "date":
            continue
        span = date_interval(claim["value"])
        if span is None:
            continue
        per_doc: dict[str, list[int]] = {}
        titles: dict[str, str] = {}
        for c in claim["citations"]:
            per_doc.setdefault(c["doc_id"], []).append(int(c["n"]))
            titles[c["doc_id"]] = c["title"]
        for doc_id, ns in per_doc.items():
            points.append({"claim": i, "value": claim["value"], "display": claim["display"],
                           "doc_id": doc_id, "title": titles[doc_id], "ns": ns,
                           "start": span[0], "end": span[1]})
    return points


# ---- static assets -----------------------------------------------------------------------------------

# Runs once per page load (js_on_load of the article panel): one capture-phase click listener for the
# whole page sends citation/article links to the server as the article panel's `click` event.
BRIDGE_JS = r"""
window.__ragTrigger = trigger;
const scrollToMark = () => {
  const body = element.querySelector('.rag-article-body');
  const mark = element.querySelector('mark.rag-hl');
  if (body) body.scrollTop = mark ? Math.max(0, mark.offsetTop - body.clientHeight / 3) : 0;
};
watch('value', scrollToMark);
if (!window.__ragBound) {
  window.__ragBound = true;
  document.addEventListener('click', (ev) => {
    const a = ev.target && ev.target.closest ? ev.target.closest('a[href^="#cite:"], a[href^="#doc:"], a[href="#library"]') : null;
    if (!a) return;
    ev.preventDefault();
    ev.stopPropagation();
    document.querySelectorAll('a.rag-cite.rag-active').forEach((x) => x.classList.remove('rag-active'));
    if (a.classList.contains('rag-cite')) a.classList.add('rag-active');
    window.__ragTrigger('click', {href: a.getAttribute('href')});
  }, true);
}
"""

CSS = r"""
.rag-title h1 { margin: 0 0 2px; font-size: 1.45rem; }
.rag-title p { margin: 0; color: var(--body-text-color-subdued); }
.rag-msg { line-height: 1.55; text-align: start !important; }
.rag-msg * { text-align: start; }
.rag-status { display: inline-flex; align-items: center; gap: 6px; font-size: .78rem; font-weight: 600;
  text-transform: uppercase; letter-spacing: .04em; padding: 2px 10px; border-radius: 999px;
  background: #e8f5e9; color: #1b5e20; margin-bottom: 6px; }
.rag-conflict .rag-status { background: #fff3e0; color: #8a4b00; }
.rag-not_found .rag-status, .rag-error .rag-status { background: #eceff1; color: #37474f; }
.rag-error .rag-status { background: #fdecea; color: #8e1c14; }
.rag-msg p.rag-answer { margin: 4px 0 8px; font-size: 1.05rem; font-weight: 500; }
a.rag-cite { display: inline-block; min-width: 1.9em; padding: 0 .35em; margin: 0 1px; border-radius: 6px;
  font-size: .82em; font-weight: 700; line-height: 1.45; text-align: center; text-decoration: none !important;
  unicode-bidi: isolate; direction: ltr; color: #1d4ed8 !important; background: #e0e7ff; border: 1px solid #c7d2fe;
  cursor: pointer; vertical-align: baseline; }
a.rag-cite:hover, a.rag-cite.rag-active { background: #1d4ed8; color: #fff !important; border-color: #1d4ed8; }
.rag-card { margin: 6px 0 4px; }
.rag-conflict-card { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 10px; }
.rag-claim { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 10px 12px;
  background: var(--background-fill-primary); }
.rag-conflict-card .rag-claim { border-top: 4px solid #f59e0b; }
.rag-conflict-card .rag-claim:nth-child(2) { border-top-color: #0ea5e9; }
.rag-conflict-card .rag-claim:nth-child(3) { border-top-color: #a855f7; }
.rag-conflict-card .rag-claim:nth-child(4) { border-top-color: #10b981; }
.rag-claim-value { font-size: 1.25rem; font-weight: 700; }
.rag-claim-count { font-size: .8rem; color: var(--body-text-color-subdued); margin-bottom: 4px; }
ul.rag-evidence-list { list-style: none; padding: 0 !important; margin: 0 !important; }
li.rag-evidence { margin: 6px 0 0 !important; padding-top: 6px; border-top: 1px dashed var(--border-color-primary); }
li.rag-evidence:first-child { border-top: none; padding-top: 0; }
ul.rag-compact li.rag-evidence { border-top: none; padding-top: 0; margin-top: 2px !important; }
.rag-src { font-size: .82rem; font-weight: 600; color: var(--body-text-color); opacity: .78; unicode-bidi: isolate; }
.rag-quote { font-size: .92rem; margin-top: 3px; padding: 4px 8px; border-radius: 6px;
  background: var(--background-fill-secondary); color: var(--body-text-color); }
.rag-quote strong { background: #fef3c7; color: #111; border-radius: 3px; padding: 0 2px; }
.rag-hint { font-size: .78rem; color: var(--body-text-color-subdued); margin-top: 6px; }
.rag-question { white-space: pre-wrap; }
.rag-panel-head { font-weight: 700; font-size: .95rem; margin-bottom: 6px; }
.rag-sources ol, .rag-library-list { margin: 0; padding-inline-start: 1.2em; }
.rag-sources li.rag-source, .rag-library-list li { margin-bottom: 10px; }
a.rag-doc-link { font-weight: 600; text-decoration: none; color: var(--body-text-color) !important; }
a.rag-doc-link:hover { text-decoration: underline; }
a.rag-back { font-weight: 400; color: var(--link-text-color) !important; }
.rag-meta { display: flex; flex-wrap: wrap; gap: 4px 10px; font-size: .8rem; color: var(--body-text-color-subdued);
  margin-top: 2px; }
.rag-lang { font-weight: 700; padding: 0 6px; border-radius: 4px; background: var(--background-fill-secondary); }
.rag-muted { color: var(--body-text-color-subdued); }
.rag-empty { color: var(--body-text-color-subdued); font-size: .9rem; }
.rag-source-cites { font-size: .8rem; margin-top: 2px; }
.rag-cite-sample { font-weight: 700; color: #1d4ed8; }
.rag-article-head { padding-bottom: 8px; border-bottom: 1px solid var(--border-color-primary); margin-bottom: 8px; }
.rag-kicker { font-size: .78rem; color: var(--body-text-color-subdued); }
h3.rag-article-title { margin: 4px 0 2px !important; font-size: 1.15rem; }
.rag-article-body { position: relative; white-space: pre-wrap; overflow-y: auto; max-height: 62vh;
  font-size: 1rem; line-height: 1.85; padding: 4px 6px; }
mark.rag-hl { background: #fde68a; color: #111; padding: 2px 1px; border-radius: 3px;
  border-bottom: 2px solid #f59e0b; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
#rag-panel { padding: 12px 14px; border: 1px solid var(--border-color-primary); border-radius: 12px;
  background: var(--background-fill-primary); }
#rag-sources { padding: 12px 14px; border: 1px solid var(--border-color-primary); border-radius: 12px; }
.rag-examples { flex-wrap: wrap !important; gap: 6px !important; align-items: center; }
.rag-examples > * { flex: 0 1 auto !important; width: auto !important; min-width: 0 !important; }
.rag-examples button { font-size: .85rem !important; font-weight: 500 !important; padding: 4px 12px !important;
  border-radius: 999px !important; white-space: normal; }
.rag-examples-label { font-size: .8rem; color: var(--body-text-color-subdued); }
#rag-status-line { font-size: .78rem; color: var(--body-text-color-subdued); }
#rag-question textarea { unicode-bidi: plaintext; text-align: start; }
"""
