"""Paragraphs and sentences as spans of the verbatim text.

Text extracted from PDFs is hard-wrapped: a line break, even a blank line, may fall in the middle
of a sentence. The rule used here works for any file: a line break ends a paragraph only when the
text before it ends a sentence, or when the line is a heading (a short line with no closing
punctuation that follows a finished sentence). Every other line break is a space inside a
sentence. Sentences are then split at Latin and Arabic/Persian terminal punctuation (. ! ? ؟ …),
keeping closing quotes and brackets with their sentence; commas (، ,) and semicolons (؛ ;)
never split.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from statistics import median

from rag.types import Document, Sentence

_TERMINAL = ".!?؟…۔"
_CLOSERS = "\"'»«”’)]}>)("  # PDF extraction swaps «» and () in RTL text, so both count as closers
_CONTINUES = ",،;؛:-–—"
_HEADING_MAX_RATIO = 0.5
# A sentence ends at terminal punctuation (plus closing quotes) followed by a space, a line end,
# or, in Arabic script where a space is often missing ("الغربية.كما"), directly by a letter.
_SENTENCE_END = re.compile(
    rf"[{re.escape(_TERMINAL)}]+[{re.escape(_CLOSERS)}]*(?=\s|$|[\u0621-\u064A\u067E-\u06D3])"
)
_DECIMAL = re.compile(r"\d[.]\d")
_LIST_ITEM = re.compile(r"[_•*–-]\s*\S")  # a bullet opening a line
# Initials and titles end in a period without ending the sentence: a chain of short tokens each
# closed by a period ('آي. دي. إي. ووتر', 'U.S.', 'J. R. R.'), or a title before a name ('Dr.').
_INITIAL = r"[^\W\d_]{1,2}\."
_INITIALS_BEFORE = re.compile(rf"(?:^|\s|[\"'«(]){_INITIAL}\s*{_INITIAL}$")
_INITIALS_AFTER = re.compile(rf"\s*{_INITIAL}")
_TITLE = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Jr|Sr|St|vs)\.$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def spans_ending_at(text: str, ends: re.Pattern) -> list[tuple[int, int]]:
    """``text`` cut after each match of ``ends`` (the match stays with what it ends), the rest last. Example:
    'It was 2021, right? When?' cut at '?' -> [(0, 19), (19, 25)]."""
    spans, pos = [], 0
    for m in ends.finditer(text):
        spans.append((pos, m.end()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def _lines(text: str) -> list[Span]:
    """Non-blank lines as stripped spans."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append(Span(s, e))
    return spans


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS + " ")[-1:] in _TERMINAL if line.rstrip(_CLOSERS + " ") else False


def paragraphs(text: str) -> list[Span]:
    """Reflow hard-wrapped lines into paragraphs (spans of the original text).

    Example: 'a long line that\\n\\ngoes on.\\nHeading\\nNext para.' -> ['a long line that\\n\\ngoes on.',
    'Heading', 'Next para.'] (as spans).
    """
    lines = _lines(text)
    if not lines:
        return []
    typical = median(line.end - line.start for line in lines)
    paras: list[Span] = []
    current: Span | None = None
    prev_closed = True  # the text before the current line ended a sentence or a heading
    prev_colon = False
    for line in lines:
        body = text[line.start:line.end]
        short = (line.end - line.start) < _HEADING_MAX_RATIO * typical
        heading = prev_closed and short and not _ends_sentence(body) and body[-1] not in _CONTINUES
        # 'they went further:' then '_ In 2001, Aliyev announced …': a list's items are paragraphs of their own
        if current is None or prev_closed or (prev_colon and _LIST_ITEM.match(body)):
            if current is not None:
                paras.append(current)
            current = line
        else:
            current = Span(current.start, line.end)
        prev_closed = _ends_sentence(body) or heading
        prev_colon = body.rstrip(_CLOSERS + " ").endswith(":")
    if current is not None:
        paras.append(current)
    return paras


def _abbreviation(text: str, para_start: int, end: int) -> bool:
    """The period at ``end - 1`` closes an initial in a chain of initials, or a title."""
    before = text[max(para_start, end - 40):end]
    if _TITLE.search(before) or _INITIALS_BEFORE.search(before):
        return True
    # the first initial of a chain: a short token, its period, then another initial
    return bool(re.search(rf"(?:^|\s|[\"'«(]){_INITIAL}$", before)) and bool(_INITIALS_AFTER.match(text, end))


def _sentence_spans(text: str, para: Span) -> list[Span]:
    spans = []
    start = para.start
    chunk = text[para.start:para.end]
    for m in _SENTENCE_END.finditer(chunk):
        end = para.start + m.end()
        if m.group(0) == "." and (_DECIMAL.match(text, end - 2) or _abbreviation(text, para.start, end)):
            continue
        spans.append(Span(start, end))
        start = end
    spans.append(Span(start, para.end))
    out = []
    for s in spans:
        a, b = s.start, s.end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and any(ch.isalnum() for ch in text[a:b]):
            out.append(Span(a, b))
    return out


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
FRAGMENT_WORDS = 5  # fewer real words than this: never a statement
HEADING_WORDS = 9  # fewer than this and no closing punctuation: a heading or a byline
_QUESTION_END = re.compile(rf"[?؟][{re.escape(_CLOSERS)}\s]*$")


def is_fragment(text: str) -> bool:
    """Not a statement of fact: a heading, date line, byline, or a (rhetorical) question.

    Such texts sit close to every question in embedding space (hubs; questions most of all,
    since they look like the query), so they never stand alone as chunks or serve as evidence.
    Example: 'الثلاثاء 05 تشرين أول , 2021 03:11' -> True; 'Israel opened an embassy in Baku in 1993.' -> False.
    """
    words = len(_LETTER_WORD.findall(text))
    if words < FRAGMENT_WORDS or _QUESTION_END.search(text):
        return True
    return words < HEADING_WORDS and not _ends_sentence(text.strip())


def sentence_id(doc_id: str, start: int, end: int, text: str) -> str:
    """Content-addressed: the same sentence in the same place keeps its id across rebuilds."""
    digest = hashlib.sha1(f"{doc_id}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()
    return f"s_{digest[:16]}"


def split_sentences(doc: Document) -> list[Sentence]:
    """All sentences of a document, in order, as exact slices of ``doc.text``."""
    sentences: list[Sentence] = []
    for para in paragraphs(doc.text):
        for span in _sentence_spans(doc.text, para):
            piece = doc.text[span.start:span.end]
            sentences.append(
                Sentence(
                    sent_id=sentence_id(doc.doc_id, span.start, span.end, piece),
                    doc_id=doc.doc_id,
                    start=span.start,
                    end=span.end,
                    text=piece,
                    position=len(sentences),
                )
            )
    return sentences
