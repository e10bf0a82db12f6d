"""'Which came first: A or B?': each side dated by the usual answer, then put in order.

A comparison names two events and asks which came first (or last). The one-fact answer path would
quote whichever side it found best, which answers neither. Here each side becomes a date question of
its own ('When was Benny Gantz's visit to Baku?', 'متى زيارة …؟', '… کی بود؟'), answered and verified
like any other; the answer shows both dates, each with its citations, and says which came first only
when the dates cannot overlap (a side the articles date in two ways spans both). When either side is
not dated, the question goes down the ordinary path instead.
Only dates: 'which rose more, A or B?' is left to the ordinary path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from rag.phrases import say
from rag.types import Answer, Citation, Claim, Language
from rag.values.compare import date_span


@dataclass(frozen=True)
class Comparison:
    """The two sides as the question words them, and the date question asked for each."""

    sides: tuple[str, str]
    questions: tuple[str, str]
    last: bool = False  # 'which came last / later' rather than first


_EN = re.compile(
    r"^\s*(?:which|what)\b(?P<head>(?:\s+[\w'-]+){0,3}?)\s+(?P<dir>first|earlier|sooner|last|later)\b"
    r"(?P<context>[^:,]*?)\s*[:,]\s*(?P<a>.+?),?\s+or\s+(?P<b>.+?)\s*\??\s*$", re.IGNORECASE)
_EN_SAYS_NOTHING = frozenset({"came", "come", "happened", "happen", "was", "were", "occurred", "did", "took"})
_AR = re.compile(
    r"^\s*(?:أيهما|ايهما|أيّهما|أي منهما|اي منهما)\s+(?P<head>[^:،,؟?]*?)\s*[:،,]\s*(?P<a>.+?)\s+(?:أم|ام)\s+"
    r"(?P<b>.+?)\s*[؟?]?\s*$")
_AR_FIRST = re.compile(r"(?<!\w)(أولا|أولاً|اولا|اولاً|أول|اول|أسبق|اسبق|أقدم|اقدم|قبل)(?!\w)")
_AR_LAST = re.compile(r"(?<!\w)(آخرا|آخراً|اخيرا|أخيرا|أخيراً|لاحقا|لاحقاً|أحدث|احدث)(?!\w)")
_AR_SAYS_NOTHING = re.compile(r"(?<!\w)(كان|كانت|حدث|حدثت|جاء|جاءت|وقع|وقعت|تم|تمت)(?!\w)")
_FA = re.compile(
    r"^\s*(?P<pre>(?:اول|نخست)\s+)?(?:کدام|کدوم|کدامیک|کدام‌یک)\s*(?P<head>[^:،,؟?]*?)\s*[:،,]\s*(?P<a>.+?)\s+یا\s+"
    r"(?P<b>.+?)\s*[؟?]?\s*$")
_FA_FIRST = re.compile(r"(?<!\w)(اول|زودتر|قبل|پیش‌تر|پیشتر|نخست|جلوتر)(?!\w)")
_FA_LAST = re.compile(r"(?<!\w)(دیرتر|بعدتر|آخر|دیرتر از همه)(?!\w)")
_FA_SAYS_NOTHING = frozenset({"", "اتفاق افتاد", "افتاد", "رخ داد", "بود", "انجام شد"})  # 'کدام اتفاق افتاد' dates an event


def comparison(question: str, language: Language) -> Comparison | None:
    """The two sides of a 'which came first' question, else None.
    Example: 'Which came first: Gantz's visit to Baku, or the embassy announcement?' ->
    sides ("Gantz's visit to Baku", 'the embassy announcement'), questions ("When was Gantz's visit to Baku?", …)."""
    if language == "en":
        m = _EN.match(question)
        if not m:
            return None
        verb = " ".join(w for w in m["head"].split() if w.lower() not in _EN_SAYS_NOTHING)
        context = m["context"].strip()
        ask = [f"When was {side}{' ' + verb if verb else ''}{' ' + context if context else ''}?" for side in (m["a"], m["b"])]
        return Comparison((m["a"], m["b"]), (ask[0], ask[1]), m["dir"].lower() in ("last", "later"))
    if language == "ar":
        m = _AR.match(question)
        if not m or not (_AR_FIRST.search(m["head"]) or _AR_LAST.search(m["head"])):
            return None
        verb = " ".join(_AR_SAYS_NOTHING.sub(" ", _AR_LAST.sub(" ", _AR_FIRST.sub(" ", m["head"]))).split())
        ask = [f"متى {verb + ' ' if verb else ''}{side}؟" for side in (m["a"], m["b"])]
        return Comparison((m["a"], m["b"]), (ask[0], ask[1]), bool(_AR_LAST.search(m["head"])))
    if language == "fa":
        text = question.replace("ي", "ی").replace("ك", "ک")
        m = _FA.match(text)
        head = f"{m['pre'] or ''} {m['head']}" if m else ""
        if not m or not (_FA_FIRST.search(head) or _FA_LAST.search(head)):
            return None
        rest = " ".join(_FA_LAST.sub(" ", _FA_FIRST.sub(" ", m["head"])).split())
        rest = re.sub(r"^(اتفاق|رویداد|مورد)\s+(?=\S)", "", rest)  # 'کدام اتفاق افتاد': which event happened
        ask = [f"{side} کی {'بود' if rest in _FA_SAYS_NOTHING else rest}؟" for side in (m["a"], m["b"])]
        return Comparison((m["a"], m["b"]), (ask[0], ask[1]), bool(_FA_LAST.search(head)))
    return None


def _span(answer: Answer) -> tuple[tuple, tuple] | None:
    """The first and last day an answer's dates cover, or None when it states no full date."""
    if answer.status not in ("answered", "conflict") or not answer.claims:
        return None
    bounds = [date_span(c.value) if c.kind == "date" else None for c in answer.claims]
    if any(b is None for b in bounds):  # not a date, or a month with no year ('--03'): no order
        return None
    return min(b[0] for b in bounds if b), max(b[1] for b in bounds if b)


def _renumbered(claims: tuple[Claim, ...], numbers: dict[tuple[str, int, int], int]) -> tuple[Claim, ...]:
    """The claims with their citations numbered on from the ones already shown (one source, one number)."""
    out = []
    for claim in claims:
        cites: list[Citation] = []
        for c in claim.citations:
            n = numbers.setdefault((c.doc_id, c.start, c.end), len(numbers) + 1)
            cites.append(replace(c, n=n))
        out.append(replace(claim, citations=tuple(cites)))
    return tuple(out)


def compared(cmp: Comparison, question: str, ask: Callable[[str], Answer]) -> Answer | None:
    """Both sides dated and shown, the earlier (or later) named when the dates say so; None when a side is not dated."""
    sides = [ask(q) for q in cmp.questions]
    language = sides[0].language
    a, b = _span(sides[0]), _span(sides[1])
    if a is None or b is None:
        return None
    order, first = "overlap", 0
    if a[1] < b[0] or b[1] < a[0]:
        earlier = 0 if a[1] < b[0] else 1
        first = 1 - earlier if cmp.last else earlier
        order = "last" if cmp.last else "first"
    shown_order = (first, 1 - first)  # the side named first is numbered first
    numbers: dict[tuple[str, int, int], int] = {}
    claims = {i: _renumbered(sides[i].claims, numbers) for i in shown_order}
    shown = {i: "{} ({})".format(cmp.sides[i].strip(), say("answer_or", language).join(
        f"{c.display} {''.join(f'[{x.n}]' for x in c.citations)}" for c in claims[i])) for i in shown_order}
    text = compare_text(order, language, shown[first], shown[1 - first])
    return Answer(question=question, language=language, status="answered", answer=text,
                  claims=claims[first] + claims[1 - first], asked_for="date",
                  hits=sides[first].hits + tuple(h for h in sides[1 - first].hits if h not in sides[first].hits),
                  sides=tuple(cmp.sides[i].strip() for i in shown_order for _ in claims[i]), order=order)


def compare_text(order: str, language: str, first: str, other: str) -> str:
    """The one line: 'First: A (October 2022 [1]); then B (November 2022 [2]).' (the CLI, the API, the app)."""
    if order == "overlap":
        return say("answer_compare_overlap", language, a=first, b=other)
    return say(f"answer_compare_{order}", language, first=first, other=other)
