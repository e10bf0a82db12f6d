"""Reading order of PDF lines whose runs came out reversed, for display only.

A text PDF of a justified right-to-left page is often extracted run by run in visual (left-to-right)
order: a line whose logical text is ``A  B`` comes out as ``B  A``, with the gap between the runs
kept as two or more spaces, and a word cut at the run boundary (a break after a letter that does
not join leftward) comes out in two pieces at the two ends of the line. In corpus/004 the line

    کید کرد. یک ماه بعد، آذربایجان افتتاح  اهمیت روابط استراتژیک دو کشور تأ

reads ``اهمیت روابط استراتژیک دو کشور تأکید کرد. یک ماه بعد، آذربایجان افتتاح``.

A line is put back in order only when it has exactly one such gap and the text itself shows the
reversal (no word list, no hand-picked word):

- the line starts with a comma or a sentence end (a logical line never does), or
- its last and first words are the two halves of one word: joined they form a word written whole
  elsewhere in the same document, or the same (last, first) pair ends and starts several lines of
  the document (a cut word repeats; chance pairs do not).

Nothing here changes the stored text: ``reorder`` returns, for each shown character, the index of
the original character, so highlights and offsets keep pointing at the original.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rag.normalize import TATWEEL

_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[ \t]{2,}")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LEADS_WRONG = "،,؛;:.!?؟"
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'»«”’)(\]]*(?=\s|$)")
# A (last, first) pair on this many one-gap lines is a cut word. corpus/004: the cut (تأ, کید) is on 4 such
# lines; every other pair on 1 (2 lines would already be a repeat no chance pair reached there).
PAIR_REPEATS = 2


def _key(word: str) -> str:
    """Letters as written, tatweel dropped: 'تأ' and 'تا' stay different words."""
    return word.replace(TATWEEL, "")


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _runs(text: str, s: int, e: int) -> tuple[int, int, int, int] | None:
    """(start of first run, gap start, gap end, end of last run) when the stripped line has exactly one gap."""
    line = text[s:e]
    lead = len(line) - len(line.lstrip())
    body = line.strip()
    if not body or not _ARABIC.search(body):
        return None
    gaps = list(_GAP.finditer(body))
    if len(gaps) != 1:
        return None
    g = gaps[0]
    b0 = s + lead
    return b0, b0 + g.start(), b0 + g.end(), b0 + len(body)


@lru_cache(maxsize=32)
def reversed_lines(text: str) -> tuple[tuple[int, int, int, int, bool], ...]:
    """The lines to put back in order: (first run start, gap start, gap end, line end, joined), where
    ``joined`` says the line's last and first words are one cut word (shown without a space)."""
    vocabulary = Counter(_key(w) for w in _WORD.findall(text))
    candidates = []
    pairs: Counter = Counter()
    for s, e in _lines(text):
        runs = _runs(text, s, e)
        if runs is None:
            continue
        words = _WORD.findall(text[runs[0]:runs[3]])
        pair = (_key(words[-1]), _key(words[0])) if len(words) >= 2 else None
        candidates.append((runs, pair))
        if pair:
            pairs[pair] += 1
    out = []
    for (b0, g0, g1, b1), pair in candidates:
        cut = pair is not None and (vocabulary[pair[0] + pair[1]] > 0 or pairs[pair] >= PAIR_REPEATS)
        if cut or text[b0] in _LEADS_WRONG:
            out.append((b0, g0, g1, b1, cut))
    return tuple(out)


def reorder(text: str) -> list[int]:
    """Original index of each character in reading order (a line's runs swapped where shown reversed).

    Example: 'کید کرد  دو کشور تأ' -> indices of 'دو کشور تأکید کرد' when the pair (تأ, کید) repeats.
    """
    order: list[int] = []
    pos = 0
    for b0, g0, g1, b1, joined in reversed_lines(text):
        order.extend(range(pos, b0))
        order.extend(range(g1, b1))  # the run that comes first in reading order
        if not joined and text[b0] not in _LEADS_WRONG:
            order.append(g0)  # one space of the gap between the runs
        order.extend(range(b0, g0))
        pos = b1
    order.extend(range(pos, len(text)))
    return order


def _sentences(shown: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(shown):
        spans.append((pos, m.end()))
        pos = m.end()
    if shown[pos:].strip():
        spans.append((pos, len(shown)))
    return spans


def quote_in_order(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The quote ``text[start:end]`` in reading order, and the original index of each shown character.

    When no line of the quote was reversed, this is the quote itself. Otherwise the stretch of
    reordered text the quote's characters fall in is re-split into sentences, and the sentences from
    the one holding the quote's first character to the one holding its last are kept, widened to
    those holding the claimed values (``spans``, relative to the quote).
    """
    identity = list(range(start, end))
    touched = [r for r in reversed_lines(text) if r[0] < end and r[3] > start]
    body = [i for i in identity if not text[i].isspace()]
    if not touched or not body:
        return text[start:end], identity
    order = reorder(text)
    where = [j for j, i in enumerate(order) if start <= i < end]
    lo, hi = where[0], where[-1] + 1
    window = order[lo:hi]
    shown = "".join(text[i] for i in window)
    targets = {body[0], body[-1]} | {start + k for s, e in spans for k in range(s, e)}
    sentences = _sentences(shown)
    hits = [n for n, (s, e) in enumerate(sentences) if any(i in targets for i in window[s:e])]
    keep = [i for s, e in sentences[min(hits):max(hits) + 1] for i in window[s:e]]
    return "".join(text[i] for i in keep), keep
