"""What a question asks for: its language and the kind of value that answers it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.ingest import detect_language
from rag.normalize import fold
from rag.types import Language, ValueKind

# Cue phrases per kind, matched on folded text (so أ/ا, ی/ي, ک/ك variants all match).
# A percent cue wins; otherwise the cue that comes first in the question decides
# ("how many years … when" asks for a number, "when … how many" for a date).
_CUES: list[tuple[ValueKind, list[str]]] = [
    ("percent", [
        r"\bpercent(age)?s?\b", r"\bshare\b", r"\bproportion\b", r"%", r"\bwhat fraction\b",
        r"نسبه", r"بالمئه", r"بالمائه", r"في المئه", r"٪", r"حصه",
        r"درصد", r"سهم",
    ]),
    ("date", [
        r"\bwhen\b", r"\bwhat (year|date|month|day)\b", r"\bwhich (year|date|month)\b", r"\bin what year\b",
        r"\bsince when\b", r"\bhow long ago\b", r"\bwhich years\b", r"\bwhat period\b",
        r"متي", r"في اي (عام|سنه|شهر|تاريخ|يوم)", r"ما (تاريخ|العام|السنه)", r"اي (عام|سنه)", r"منذ متي",
        r"\bكي\b", r"چه (زماني|سالي|تاريخي|ماهي|وقتي|روزي)", r"در چه (سال|ماه|تاريخ)", r"كدام (سال|ماه)",
        r"از چه (زمان|سال)", r"چه سال", r"چه بازه",
    ]),
    ("number", [
        r"\bhow (many|much|far|long|big|large)\b", r"\bnumber of\b", r"\bwhat (was|is) the (size|value|amount|number)\b",
        r"\bكم\b", r"\bعدد\b", r"\bما قيمه\b", r"\bحجم\b",
        r"\bچند\b", r"\bچقدر\b", r"\bتعداد\b", r"\bميزان\b", r"\bارزش\b",
    ]),
]
_COMPILED = [(kind, [re.compile(p) for p in pats]) for kind, pats in _CUES]


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    language: Language
    asked_for: ValueKind


def asked_kind(question: str) -> ValueKind:
    """Example: 'When did…?' -> 'date'; 'كم يهوديا…؟' -> 'number'; 'چند درصد…؟' -> 'percent'; 'Who…?' -> 'text'."""
    folded = fold(question)
    first: dict[ValueKind, int] = {}
    for kind, patterns in _COMPILED:
        positions = [m.start() for p in patterns if (m := p.search(folded))]
        if positions:
            first[kind] = min(positions)
    if "percent" in first:
        return "percent"
    return min(first, key=lambda kind: first[kind]) if first else "text"


def analyze(question: str) -> QuestionInfo:
    language = detect_language(question)
    return QuestionInfo(question, "en" if language == "other" else language, asked_kind(question))
