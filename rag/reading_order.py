"""Reading order of PDF lines whose runs came out reversed.

A text PDF of a justified right-to-left page is often extracted run by run in visual (left-to-right)
order: a line whose logical text is ``A  B`` comes out as ``B  A``, with the gap between the runs
kept as two or more spaces, and a word cut at the run boundary (a break after a letter that does
not join leftward) comes out in two pieces at the two ends of the line. In corpus/004 the line

    کید کرد. یک ماه بعد، آذربایجان افتتاح  اهمیت روابط استراتژیک دو کشور تأ

reads ``اهمیت روابط استراتژیک دو کشور تأکید کرد. یک ماه بعد، آذربایجان افتتاح``.

A line is put back in order only when it has exactly one such gap and the text itself shows the
reversal (no word list, no hand-picked word):

- the line starts with a comma, a sentence end or a closing bracket (a logical line never does; which
  bracket closes is read from the text, as the extraction may mirror them: ``)بیش ... نفر(``), or
- its last and first words are the two halves of one word: joined they form a word written whole
  elsewhere in the same document, or the same (last, first) pair ends and starts several lines of
  the document (a cut word repeats; chance pairs do not).

A line of three runs (``C B A`` for ``A B C``; one boundary may be a single space) is put back only
when both junctions are shown: C's first word completes a cut word ending B, and B starts with a
comma or with the word that completes A's last word. Lines with a doubt are left as they are.
Measured on the corpus: 14 lines of corpus/004 reordered (8 cut words rejoined), none in the four
Arabic articles; every one read and found right (tests/test_reading_order.py).

Ingest stores each article in reading order (``in_reading_order``, from ``rag.ingest``), so sentences,
values and event frames are read from the text a reader reads: "در اکتبر ۲۰۲۲، بنی گانتز" is no
longer cut from "وزیر دفاع اسرائیل از باکو بازدید". For text stored before that, ``quote_in_order``
still shows a quote in order: ``reorder`` returns, for each shown character, the index of the original
character, so highlights and offsets keep pointing at the stored text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rag.normalize import TATWEEL
from rag.segment import spans_ending_at

_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[ \t]{2,}")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LEADS_WRONG = "،,؛;:.!?؟"
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'»«”’)(\]]*(?=\s|$)")
# A (last, first) pair on this many one-gap lines is a cut word. corpus/004: the cut (تأ, کید) is on 4 such
# lines; every other pair on 1 (2 lines would already be a repeat no chance pair reached there).
PAIR_REPEATS = 2


def closing_bracket(text: str) -> str:
    """The bracket that closes in ``text``: ')' as usual, '(' where the extraction mirrored them all
    (')' written before the bracketed words and '(' after them, as in corpus/004's ')INSS(')."""
    mirrored = len(re.findall(r"\)[^\W_]", text)) + len(re.findall(r"[^\W_]\(", text))
    usual = len(re.findall(r"\([^\W_]", text)) + len(re.findall(r"[^\W_]\)", text))
    return "(" if mirrored > usual else ")"


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


@dataclass(frozen=True)
class Repair:
    """One line put back in order: ``pieces`` are spans of the original text in reading order (a
    one-character piece is the space kept between two runs); ``joined`` counts the cut words rejoined."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    joined: int


def _three_runs(text: str, b0: int, b1: int, is_cut) -> Repair | None:
    """A line extracted as ``C B A`` whose reading is ``A B C``: the first word of the line ends a word
    cut at the end of B, and B starts where A's last word is cut or with a comma (no gap needed)."""
    words = [(b0 + m.start(), b0 + m.end(), _key(m[0])) for m in _WORD.finditer(text[b0:b1])]
    if len(words) < 4:
        return None
    first, last = words[0], words[-1]
    ends = [j for j in range(1, len(words) - 1) if is_cut(words[j][2], first[2])]
    if len(ends) != 1:
        return None
    j = ends[0]
    starts = [w[0] for w in words[1:j + 1] if is_cut(last[2], w[2])]
    starts += [q for q in range(first[1], words[j][0]) if text[q] in _LEADS_WRONG and text[q - 1].isspace()]
    if len(starts) != 1:
        return None
    q = starts[0]
    s1_end = q
    while text[s1_end - 1].isspace():
        s1_end -= 1
    joined = 1 + (text[q] not in _LEADS_WRONG)
    return Repair(b0, b1, ((words[j + 1][0], b1), (q, words[j][1]), (b0, s1_end)), joined)


@lru_cache(maxsize=32)
def reversed_lines(text: str) -> tuple[Repair, ...]:
    """The lines of ``text`` to show in another order, with what shows that they came out reversed."""
    vocabulary = Counter(_key(w) for w in _WORD.findall(text))
    lines = []
    pairs: Counter = Counter()
    for s, e in _lines(text):
        body = text[s:e].strip()
        if not body or not _ARABIC.search(body):
            continue
        b0 = s + len(text[s:e]) - len(text[s:e].lstrip())
        runs = _runs(text, s, e)
        words = _WORD.findall(body)
        pair = (_key(words[-1]), _key(words[0])) if len(words) >= 2 else None
        lines.append((b0, b0 + len(body), runs, pair))
        if runs and pair:
            pairs[pair] += 1

    def is_cut(left: str, right: str) -> bool:
        return vocabulary[left + right] > 0 or pairs[(left, right)] >= PAIR_REPEATS

    leads_wrong = _LEADS_WRONG + closing_bracket(text)
    out = []
    for b0, b1, runs, pair in lines:
        if runs is not None:
            _, g0, g1, _ = runs
            cut = pair is not None and is_cut(*pair)
            if cut or text[b0] in leads_wrong:
                space = () if cut or text[b0] in leads_wrong else ((g0, g0 + 1),)
                out.append(Repair(b0, b1, ((g1, b1), *space, (b0, g0)), int(cut)))
                continue
        three = _three_runs(text, b0, b1, is_cut)
        if three is not None:
            out.append(three)
    return tuple(out)


def reorder(text: str) -> list[int]:
    """Original index of each character in reading order (a line's runs swapped where shown reversed).

    Example: 'کید کرد  دو کشور تأ' -> indices of 'دو کشور تأکید کرد' when the pair (تأ, کید) repeats.
    """
    order: list[int] = []
    pos = 0
    for r in reversed_lines(text):
        order.extend(range(pos, r.start))
        for s, e in r.pieces:
            order.extend(range(s, e))
        pos = r.end
    order.extend(range(pos, len(text)))
    return order


def quote_in_order(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The quote ``text[start:end]`` in reading order, and the original index of each shown character.

    When no line of the quote was reversed, this is the quote itself. Otherwise the stretch of
    reordered text the quote's characters fall in is re-split into sentences, and the sentences from
    the one holding the quote's first character to the one holding its last are kept, widened to
    those holding the claimed values (``spans``, relative to the quote).
    """
    identity = list(range(start, end))
    touched = [r for r in reversed_lines(text) if r.start < end and r.end > start]
    body = [i for i in identity if not text[i].isspace()]
    if not touched or not body:
        return text[start:end], identity
    order = reorder(text)
    where = [j for j, i in enumerate(order) if start <= i < end]
    lo, hi = where[0], where[-1] + 1
    window = order[lo:hi]
    shown = "".join(text[i] for i in window)
    targets = {body[0], body[-1]} | {start + k for s, e in spans for k in range(s, e)}
    sentences = spans_ending_at(shown, _SENTENCE_END)
    hits = [n for n, (s, e) in enumerate(sentences) if any(i in targets for i in window[s:e])]
    keep = [i for s, e in sentences[min(hits):max(hits) + 1] for i in window[s:e]]
    return "".join(text[i] for i in keep), keep


def in_reading_order(text: str) -> str:
    """``text`` with its reversed lines put back in order: what a reader of the page reads."""
    return "".join(text[i] for i in reorder(text)) if reversed_lines(text) else text
