"""Which stated values can answer a question, before any is chosen (``rag.claims`` decides).

A value is a candidate when it is of a kind the question asks for (a count is never a share), counts
what the question counts, is in the time unit it asks for, and — when the question names an event —
its clause is about that event (``rag.frames``) and covers most of the question's event words. With
no frame, the question's own words stand in for it where they can be read (same language).
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag.concepts import ConceptIndex
from rag.evidence import ScoredValue
from rag.frames import Clause, Frame, mismatch
from rag.lexicon import load_lexicon
from rag.normalize import fold, tokenize
from rag.query import Query, time_unit
from rag.types import Evidence, Value
from rag.values import has_month, range_end, values_agree

KINDS = {"date": {"date"}, "number": {"number", "percent"}, "percent": {"percent"}}


# Words that count people or things in general: "۳۰۰۰ نفر" counts whatever the sentence is about.
_COUNTERS = frozenset(fold(w) for w in "people persons person individuals نفر نفرا شخص شخصا نسمه فرد".split())
# A multiplier after a number ('9 times', '9 مرات', '۹ برابر'). Folded.
_TIMES = frozenset(fold(w) for w in "times fold مرات مرة مره أضعاف اضعاف ضعف برابر".split())


def counts_the_thing(query: Query, item: ScoredValue, language: str, concepts: ConceptIndex) -> bool:
    """A count written as a word answers 'how many X' when X follows it: the same word (stem) in the question's
    language, the same lexicon concept in another, or a general counter ('نفر'). 'three lines' does
    not count stations; another known thing after the number ('30 thousand Jews') rules it out."""
    after = item.evidence.sentence.text[item.value.end:item.value.end + 40]
    if query.asked_for == "number" and item.value.kind == "number" and not counts_what_is_asked(query, item, concepts):
        return False
    if not (query.counting and query.counted) or any(ch.isdigit() for ch in item.value.surface):
        return True  # only counts written as words ('three lines', 'دو کشور') are this loose
    if time_unit(item.value.surface) or time_unit(after):
        return True  # 'شهرين', 'مئة يوم': a span of time, checked against the asked unit elsewhere
    words = [re.sub(r"^(و|ف)?(ال)", "", w) for w in fold(after).split()[:2]]
    if not words or words[0] in _COUNTERS:
        return True
    asked = {m.concept for m in load_lexicon().mentions(query.counted)}
    named = {m.concept for m in load_lexicon().mentions(" ".join(words))}
    if asked & named:
        return True
    if language == query.reply_language and query.counted.isascii():
        return any(w[:4] == c[:4] for w in words for c in query.counted.split() if len(c) > 2)  # English: by stem
    return not named  # Arabic/Persian (clitics, PDF breaks) or across languages: only a known other thing


def dual_counts(query: Query, evidence: list[Evidence], concepts: ConceptIndex) -> list[ScoredValue]:
    """Arabic writes 'two guards' as one word, the noun's dual ('حارسين', 'سفارتين'): in an Arabic sentence,
    the dual of the thing a 'how many' question counts (a lexicon object, in any of the three languages) is a
    count of two. Only forms the lexicon lists are read so, the dual ending right after them."""
    if not (query.counting and query.counted):
        return []
    lex = load_lexicon()
    counted = [m.concept for m in lex.mentions(query.counted) if m.kind == "trigger" and m.type == "object"][:1]
    wanted = set(counted)  # the thing counted is the first one named after 'how many'
    # what happened to them, when the question says ('killed', 'wounded'): the noun governing the dual says it too
    happened = {m.concept for m in query.mentions if m.kind == "trigger" and m.type == "object"} - wanted
    forms = {c: [fold(str(f)) for f in lex.triggers[c].get("ar", [])] for c in wanted}
    out = []
    for e in evidence if wanted else []:
        s = e.sentence
        if concepts.index.documents[s.doc_id].language != "ar":
            continue
        for m in concepts.mentions.get(s.sent_id, ()):
            if m.concept not in wanted:
                continue
            word = fold(s.text[m.start:m.end])
            governing = [x.concept for x in concepts.mentions.get(s.sent_id, ())
                         if x.kind == "trigger" and x.type == "object" and 0 <= m.start - x.end <= 2]
            if happened and governing and not set(governing) & happened:
                continue  # 'وإصابة حارسين' (two wounded) does not count the killed
            if any(word in (f + "ين", f + "ان") or (f.endswith("ه") and word in (f[:-1] + "تين", f[:-1] + "تان"))
                   for f in forms[m.concept]):
                out.append(ScoredValue(Value("number", "2", m.start, m.end, s.text[m.start:m.end]), e, e.score,
                                       None, (0, m.start)))
    return out


def counts_what_is_asked(query: Query, item: ScoredValue, concepts: ConceptIndex) -> bool:
    """A number followed by a thing the lexicon knows counts that thing: '30 ألف يهودي' (30 thousand Jews)
    answers a question about Jews, not 'What is the population of Baku?'. Read from the sentence's
    mentions found at index time, over the two words after the value."""
    s = item.evidence.sentence
    words = list(re.finditer(r"\S+", s.text[item.value.end:item.value.end + 40]))[:2]
    if not words or fold(words[0].group()) in _COUNTERS:
        return True
    if fold(words[0].group()) in _TIMES and not _TIMES & set(fold(query.text).split()) \
            and query.counted and load_lexicon().mentions(query.counted):
        # '9 times greater' multiplies: it counts no people or things the lexicon knows, only 'how many times' (it may
        # tell an amount: XQuAD's 'How much food does a ctenophore eat?' is 'ten times its own weight')
        return False
    end = item.value.end + words[-1].end()
    counted = {m.concept for m in concepts.mentions.get(s.sent_id, ())
               if m.kind == "trigger" and m.type == "object" and item.value.end <= m.start < end}
    return not counted or bool(counted & {m.concept for m in query.mentions})


def wanted_kinds(query: Query) -> set[str]:
    """Value kinds that answer the question: a count or a worth is never a percentage."""
    return {"number"} if query.asked_for == "number" and (query.counting or query.worth) else KINDS[query.asked_for]


def clause_of(item: ScoredValue, concepts: ConceptIndex) -> Clause:
    return concepts.clause(item.evidence.sentence, item.value.start, item.value.end, item.clause_span, item.value.kind)


def coverage(frame: Frame, clause: Clause, item: ScoredValue, given: frozenset[str]) -> int:
    """How many of the question's actions and objects the clause names, plus one when the
    sentence states a date the question gives ('the 2012 deal')."""
    named = {m.concept for m in clause.in_clause}
    hit = len((frame.objects | frame.actions) & named)
    if given and any(v.kind == "date" and any(values_agree(v.value, g) for g in given) for v in item.evidence.values):
        hit += 1
    return hit


def period_of(item: ScoredValue) -> set[str]:
    """Dates stated in the clause of a number ('69% … in 2016–2020' -> {'2016/2020'}), or else
    the last date stated before it in the sentence."""
    if item.value.kind == "date":
        return set()
    a, b = item.clause_span
    dates = [v for v in item.evidence.values if v.kind == "date"]
    inside = {v.value for v in dates if a <= v.start < b}
    before = [v for v in dates if v.start < item.value.start]
    return inside or ({before[-1].value} if before else set())


def _written(index, doc_id: str, asked: set[str]) -> set[str]:
    """When an article speaks from, as a period: its publication year, or without one the latest year
    it states (it was written no earlier); no bound when it states an asked year somewhere (an undated
    figure may belong to that year's passage). Example: '2023-06-01', asked 1950 -> {'2023'}."""
    stated = getattr(index, "stated_years", None)
    if stated is None:  # one pass over the index's values, on first use, kept with the index
        stated = {}
        for s in index.sentences:
            for v in index.values.get(s.sent_id, ()):
                if v.kind == "date" and v.value[:4].isdigit():
                    stated.setdefault(s.doc_id, set()).add(int(v.value[:4]))
        index.stated_years = stated
    years = stated.get(doc_id, set())
    if any(a[:4].isdigit() and int(a[:4]) in years for a in asked):
        return set()
    date = index.documents[doc_id].date
    if date and date[:4].isdigit():
        return {date[:4]}
    return {str(max(years))} if years else set()


def same_period(a: set[str], b: set[str]) -> bool:
    return not a or not b or any(values_agree(x, y) for x in a for y in b)


def time_unit_of(item: ScoredValue) -> str | None:
    """The time unit a number counts ('۴۴ روزه' -> 'day'; 'مئة يوم' -> 'day'), or None."""
    return time_unit(item.value.surface) or time_unit(item.evidence.sentence.text[item.value.end:item.value.end + 16])


def framed_values(scored: list[ScoredValue], frame: Frame, query: Query, concepts: ConceptIndex) -> list[ScoredValue]:
    """The values whose clause is about the question's event, those covering most of it only."""
    eligible = []
    for item in scored:
        if query.counting and is_money(item):
            continue  # "how many drones" is not answered by what they cost
        unit = time_unit_of(item)
        if query.asked_for == "number" and not (unit is not None if query.unit == "any" else unit == query.unit):
            continue  # "12 years" does not count drones; "how many days" wants days; "how long" any span
        clause = clause_of(item, concepts)
        why = mismatch(frame, clause)
        if why and unit and (why.startswith("the question's object")
                             or frame.interval and why.startswith("the question's action")):
            # A duration ('about a hundred days after…', '30 years of contacts, then…') measures the
            # time to the event its sentence states, wherever in the sentence that stands, and
            # whatever action that event is told with ('…, the embassy was established'); for the time between two
            # events ('how many days after the USSR ended did they set up relations?'), whichever action states it.
            clause = replace(clause, clause_start=0, clause_end=len(clause.sentence))
            why = mismatch(frame, clause)
            why = None if why in ("the value belongs to another action", "the value's own segment names another action") else why
        if why is None:
            eligible.append((item, coverage(frame, clause, item, query.given - query.premised)))
    asked = {g for g in query.given - query.premised if len(g) >= 4 and g[:4].isdigit()}
    if asked:
        # A value of another period than the one asked is no answer, however much of the question its clause
        # covers: '69% in 2016–2020' is not the 2011–2016 share, though its sentence also states 2011–2016.
        eligible = [(i, c) for i, c in eligible if _of_period(i, asked, query, concepts)]
    if not eligible:
        return []
    top = max(c for _, c in eligible)
    kept = [item for item, c in eligible if c == top]
    if query.wants_month:
        kept = [i for i in kept if i.value.kind != "date" or has_month(i.value.value)]
    if asked:
        return kept
    periods = [(i, period_of(i)) for i in kept]
    # No period asked: the figure of the latest period the articles give ("what share is…"), among
    # figures of the same kind (a count dated 2024 says nothing about a share dated 2009).
    stated: dict[str, set[str]] = {}
    for i, period in periods:
        stated.setdefault(i.value.kind, set()).update(period)
    newest = {k: {p for p in ps if range_end(p) == max(map(range_end, ps))} for k, ps in stated.items()}
    return [i for i, p in periods if not p or same_period(p, newest[i.value.kind])]


def _of_period(item: ScoredValue, asked: set[str], query: Query, concepts: ConceptIndex) -> bool:
    """The value belongs to a period the question gives."""
    if query.asked_for == "date":
        # 'When did Netanyahu visit Baku in 2016?' asks for a date within 2016: his 1997 visit is another.
        return any(values_agree(item.value.value, g) for g in asked)
    # 'How many Jews lived there in 1950?': a figure with no date of its own is the article's as of
    # its publication ('about 30,000', written in 2023), not one for 1950
    # (a span, 'the 44-day war', measures the event itself, not a state of things)
    period = period_of(item) or (set() if time_unit_of(item) else _written(concepts.index, item.evidence.sentence.doc_id, asked))
    return same_period(period, asked)


_MONEY = re.compile(r"^\W*(\$|dollar|usd|euro|دولار|يورو|ريال|دلار|تومان|یورو)", re.IGNORECASE)


def is_money(item: ScoredValue) -> bool:
    """A number followed by a currency ('1.6 مليار دولار')."""
    return currency_of(item) is not None


_CURRENCIES = {"$": "usd", "dollar": "usd", "usd": "usd", "دولار": "usd", "دلار": "usd",
               "euro": "eur", "يورو": "eur", "یورو": "eur"}


def currency_of(item: ScoredValue) -> str | None:
    """'usd' for '1.6 مليار دولار', 'other' for a currency without a shown symbol, None for none."""
    m = _MONEY.match(item.evidence.sentence.text[item.value.end:item.value.end + 12])
    return _CURRENCIES.get(m.group(1).lower(), "other") if m else None


def most_covered(query: Query, scored: list[ScoredValue], documents) -> list[ScoredValue]:
    """With no frame, the question's own words stand in for it where they can be read: among values
    in the question's language, those whose clause holds most of its content words ('متى تزوجت
    شيرين؟' is answered by the marriage clause, not by the birth date of the same sentence), and none
    when no such clause holds any.
    Values in other languages are kept as they are."""
    words = {t for t in query.content if len(t) > 2}
    if not words:
        return scored
    def hits(item: ScoredValue) -> int:
        a, b = item.clause_span
        return len(words & set(tokenize(item.evidence.sentence.text[a:b])))
    same = [i for i in scored if documents[i.evidence.sentence.doc_id].language == query.language]
    # Arabic and Persian share a script and many words: a clause of the other one answers only where it holds one of
    # the question's ('پاسپورتمو چطوری تمدید کنم…', renewing a passport, is not answered by an Arabic title's '9')
    kin = [i for i in scored if i not in same and query.language in _SHARED_SCRIPT
           and documents[i.evidence.sentence.doc_id].language in _SHARED_SCRIPT]
    scored = [i for i in scored if i not in kin or hits(i) > 0]
    if not same:
        return scored
    top = max(hits(i) for i in same)
    # no clause in the question's own language holds one of its words: none of them answers it ('جام جهانی
    # ۲۰۲۲ رو کی برد', who won the 2022 World Cup, is not a clause that only shares the year)
    return [i for i in scored if i not in same or hits(i) == top > 0]


_SHARED_SCRIPT = ("ar", "fa")
