"""Answers that are statements or names, not values: the best sentences for "why"/"what", and the
person or place itself for "who"/"where" when the lexicon knows it.

A quoted sentence must name what the question asks about (its event words, people and names), so
an unrelated sentence is never passed off as an answer. A name is checked against the question's
event like a value (``rag.frames``), one per article, so two articles naming two cities disagree.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from rag.citations import Numbering
from rag.claims import (
    FRAME_FLOOR,
    FRAME_TEXT_FLOOR,
    MAX_CITATIONS_PER_CLAIM,
    MAX_GROUPS,
    MAX_TEXT_CLAIMS,
    NAMED_FRAME_FLOOR,
    SENTENCE_FLOOR,
    TEXT_FLOOR,
    TEXT_MARGIN,
)
from rag.concepts import ConceptIndex
from rag.frames import (
    Frame,
    acting_states,
    actor_of,
    holds_office,
    mismatch,
    next_item,
    offices_beside,
    referred_back,
    sentence_owners,
)
from rag.index import Index
from rag.lexicon import Mention, load_lexicon, names_in
from rag.normalize import fold
from rag.query import Query, answer_phrase, greeting_words
from rag.types import Claim, Evidence, Value
from rag.values import values_agree

_TYPES = {"person": {"person"}, "host": {"host"}, "state": {"country"},
          "place": {"country", "city", "place"}, "route": {"city", "place"}, "org": {"org"},
          "product": {"product"}}


def _names_it(query: Query, frame: Frame, evidence: Evidence, index: Index, concepts: ConceptIndex,
              typed: bool = False) -> bool:
    """A quoted answer names what the question asks about: with a frame, its objects or actions,
    people and specific names; without one, a content word of the question other than the names
    it already knows ('capital' in 'the capital of Armenia', not 'Armenia') — for an English question
    over Arabic or Persian text, one of that word's corpus neighbours (``rag.translate``)."""
    s = evidence.sentence
    if frame.offices and not query.own_role and query.answer_type in (None, "person", "host") \
            and (not (frame.objects or frame.actions) or typed and query.answer_type == "person") \
            and not holds_office(frame, s.text, tuple(concepts.mentions.get(s.sent_id, ()))):
        # 'Who is the president of Azerbaijan?': the office is what is asked about; 'Which Azerbaijani
        # defence minister visited Israel?' is not told by Israel's defence minister visiting Baku. (Not when the
        # question names the asked person's own role first: in 'Which Russian official called Azerbaijan's
        # president …' the president is the one described.)
        return False
    if query.described:
        # 'Who called Azerbaijan's president a friend of Israel?': the sentence names that president (one of the
        # office's state's people) and says what the question says of him, in a word other than names and offices
        if not any(m.type in ("person", "host") and m.country in query.described
                   for m in concepts.mentions.get(s.sent_id, ())) or not _says_more(query, s.text, index, s.doc_id):
            return False
        frame = replace(frame, offices=frozenset())
    if frame.empty or not (frame.objects or frame.actions or frame.persons or frame.names or frame.offices):
        # states alone ('the Azerbaijani manat against the US dollar') say nothing of what is asked:
        # the sentence shares a word of the question other than its names, or is as close to it as a
        # question naming nothing must be ('What is the government of the United States?', ARCD)
        from rag.normalize import tokenize

        if query.language == "en" and index.documents[s.doc_id].language != "en":
            words = set(tokenize(s.text, stem=False))
            greeting = greeting_words(query.text)  # 'hey' reads as 'وهو' (and he)
            said = any(n & words for w, n in translations(query.text, index).items()
                       if w not in query.named_words and w not in greeting)
        elif frame.empty:
            said = bool((query.content - query.named_words) & set(tokenize(s.text)))
        elif index.documents[s.doc_id].language != query.language:
            said = True  # Persian and Arabic share too few words to tell ('کشتی' is 'السفينة')
        else:  # the question's words outside the names it uses ('الأذربيجاني' is a name, in any form)
            said = bool(_unnamed_words(query.text, tuple((m.start, m.end) for m in query.mentions))
                        & set(tokenize(s.text)))
        if frame.empty or not said and evidence.plain < SENTENCE_FLOOR:
            return said
    mentioned = concepts.mentions.get(s.sent_id, ())
    named = {m.concept for m in mentioned}
    written = sentence_owners(s.text, tuple(mentioned)) if frame.owners else frozenset()
    if any((whose := {state for t, state in written if t == thing}) and owner not in whose for thing, owner in frame.owners):
        return False  # 'the attack on Israel's embassy' is not told by one on Azerbaijan's ('سفارتها')
    if typed and query.answer_type and not _answers_type(query, mentioned, concepts.background):
        return False
    previous = concepts.previous_sentence(s.sent_id)
    near = named | ({m.concept for m in concepts.mentions[previous.sent_id]} if previous else set())
    near |= referred_back(frame, s.text, mentioned)
    # in 'What weapon was used in the attack on Israel's embassy?' the weapon is the answer and the embassy the
    # event: a sentence naming only missiles does not name what is asked about, nor does the embassy's opening,
    # which names no weapon
    event = frame.objects - frame.asked
    if event and frame.asked and not frame.asked & named and not any(m.type in ("product", "org") for m in mentioned):
        return False
    if query.answer_type in ("product", "org") and _not_the_asked_thing(query, frame, s.text, mentioned):
        return False
    wanted = event or frame.objects or frame.actions
    names = not frame.names or set(frame.names) <= names_in(s.text + " " + (previous.text if previous else ""), frame.names)
    # a maker is told where it is written with the thing it makes: the sentence before may name the LORA missiles and
    # this one a company announcing something else (a name the lexicon lacks may still stand a sentence before: on
    # XQuAD, 'he presented his paper …' follows the sentence naming Hutton)
    things = named if query.answer_type in ("org", "product") else near
    return (not wanted or bool(wanted & named)) and frame.persons <= near and frame.specific <= things and names


@lru_cache(maxsize=256)
def _asked_class(query: Query) -> tuple[frozenset[str], frozenset[str]]:
    """The class and make of the thing asked for, read from the phrase naming it ('Which Israeli company makes the LORA
    missiles?' -> company, Israel; the missiles are the event's), or from the whole question when no phrase names it."""
    spans = load_lexicon().class_spans(query.text, query.mentions)
    phrase = answer_phrase(query.text, query.answer_type or "")
    if phrase is not None:
        spans = [x for x in spans if x[1] < phrase[1] and x[2] > phrase[0]] or spans
    elif query.answer_type == "org":
        spans = []  # 'Who makes the Sky Striker drones?': any maker; the drones are the event's
    return frozenset(c for c, _, _, _ in spans), frozenset(s for *_, made in spans for s in made)


@lru_cache(maxsize=4096)
def _class_spans(text: str, mentioned: tuple[Mention, ...]) -> list[tuple[str, int, int, frozenset[str]]]:
    """A sentence's class words and their makes, read once per sentence (a question checks dozens), not once per
    question that quotes it; a name and a kind may stand between a thing and its make ('صواريخ "لورا" الباليستية
    الإسرائيلية')."""
    return load_lexicon().class_spans(text, mentioned, reach=3)


def _not_the_asked_thing(query: Query, frame: Frame, text: str, mentioned) -> bool:
    """'Which Russian missiles did Azerbaijan buy?' is not told by a sentence naming no Russian missile, nor by '…in
    response to Armenia's purchase of Russian Iskander missiles': every thing of the asked class and make that the
    sentence names is another state's, the one written right after the question's action nearest before it (as a
    value's actor is read, ``rag.frames``)."""
    lex = load_lexicon()
    kinds, makers = _asked_class(query)
    if not kinds:
        return False
    things = [a for c, a, _, made in _class_spans(text, tuple(mentioned)) if c in kinds and (not makers or made & makers)]
    # and the names of such things the lexicon knows ('اسكندر', made in Russia), of a make it does not contradict
    things += [m.start for m in mentioned if m.type == query.answer_type
               # an institute is no company, an Israeli paper no Iranian one (for a weapon the question's word is often
               # wider than the lexicon's class: 'which Israeli system' is answered by Iron Dome, an air defence)
               and (m.type != "org" or not kinds or lex.entities.get(m.concept, {}).get("class") in kinds | {None})
               and (not makers or (lex.entities.get(m.concept, {}).get("maker") or m.country) in makers | {None})]
    if not things and makers:
        # 'Which Russian missiles…?': a sentence naming no Russian one does not tell. (Not for any 'Which company…?':
        # articles name companies without the word, and the lexicon knows few: XQuAD lost a quote that answered.)
        return True
    actions = lex.compatible(frame.actions)
    states = acting_states(frame)
    if not (things and actions and states):
        return False
    acts = [m for m in mentioned if m.type == "action" and m.concept in actions]
    for start in things:
        act = max((m for m in acts if m.end <= start), key=lambda m: m.end, default=None)
        actor = None if act is None else actor_of(act, mentioned)
        if actor is None or (actor.country or actor.concept) in states:
            return False
    return True


def _says_more(query: Query, text: str, index: Index, doc_id: str) -> bool:
    """The sentence shares a word of the question beyond its names and offices ('friend' in 'Who called Azerbaijan's
    president a friend of Israel?'); Arabic and Persian share too few words to tell each other's."""
    from rag.normalize import tokenize

    offices = _office_spans(query.text)
    language = index.documents[doc_id].language
    if query.language == "en" and language != "en":
        words = set(tokenize(text, stem=False))
        skip = query.named_words | _unnamed_words(" ".join(query.text[a:b] for a, b in offices), ())
        return any(n & words for w, n in translations(query.text, index).items() if w not in skip)
    if language != query.language:
        return True
    said = _unnamed_words(query.text, tuple((m.start, m.end) for m in query.mentions) + offices) - _LIGHT
    return bool(said & set(tokenize(text)))


@lru_cache(maxsize=256)
def _office_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the question names offices; read once per question, not once per sentence checked against it."""
    return tuple((a, b) for _, a, b in load_lexicon().offices_in(text))


# Persian light verbs and spoken particles, in nearly every sentence ('دیدار کرد', 'خطاب کرد'): they say nothing of what
# is said of someone. Folded.
_LIGHT = frozenset("كرد كردند كرده كند كنند نمود نمودند داد دادند كي رو".split())


@lru_cache(maxsize=256)
def _unnamed_words(text: str, names: tuple[tuple[int, int], ...]) -> frozenset[str]:
    """The question's words outside the spans of the names it uses; read once per question, not once per
    sentence checked against it."""
    from rag.normalize import tokenize

    for start, end in names:
        text = text[:start] + " " * (end - start) + text[end:]
    return frozenset(t for t in tokenize(text) if not t.isdigit())


def translations(question: str, index: Index) -> dict[str, frozenset[str]]:
    """Per English content word of the question, its nearest corpus words (none without a word map)."""
    word_map = getattr(index, "word_map", None)
    return {} if word_map is None else word_map.neighbours_of(question)


def _answers_type(query: Query, mentioned, background: frozenset[str] = frozenset()) -> bool:
    """A 'who' answer names a person, a 'where' answer a place, beyond those the question names;
    for 'Iran's foreign minister', one of Iran's people (a state beside the office, other than the
    collection's topic, says whose person is asked for)."""
    asked = {m.concept for m in query.mentions}
    types = _TYPES[query.answer_type or "person"]
    serving = query.office_states - background
    return any(m.type in types and m.concept not in asked and not (serving and m.type == "person" and m.country not in serving)
               for m in mentioned)


def text_claims(query: Query, evidence: list[Evidence], frame: Frame, index: Index, concepts: ConceptIndex,
                numbering: Numbering) -> list[Claim]:
    floor = TEXT_FLOOR if frame.empty else FRAME_TEXT_FLOOR
    # 'Who is the ambassador / Iran's foreign minister?' quoted: the sentence must name such a person.
    # (Not for every 'who': on a user's own corpus the lexicon knows few people, and XQuAD's who-questions
    # went from 6% to 12% refused when every quote had to name one.)
    typed = query.answer_type == "person" and query.names_office
    evidence = [e for e in evidence
                if _names_it(query, frame, e, index, concepts, typed) and _states_given_date(query, frame, e, concepts)]
    if not evidence or max(e.plain for e in evidence) < floor:
        return []
    best = evidence[0].score
    picked = [e for e in evidence if e.score >= best - TEXT_MARGIN][:MAX_TEXT_CLAIMS]
    return [Claim(value=e.sentence.text, kind="text", display=" ".join(e.sentence.text.split()),
                  citations=(numbering.cite(e),), docs_behind=frozenset({e.sentence.doc_id})) for e in picked]


def _given(query: Query, values) -> list[Value]:
    """The dates among ``values`` that agree with one the question gives ('2016' ~ '2016-05')."""
    return [v for v in values if v.kind == "date" and any(values_agree(v.value, g) for g in query.given_dates)]


def _states_given_date(query: Query, frame: Frame, e: Evidence, concepts: ConceptIndex) -> bool:
    """A quote for a question that gives a date ('Which Israeli president visited in 2016?') states that date, or
    follows a sentence that does: Peres's visit of 2009 and Herzog's undated one are not quoted for 2016."""
    if not query.given_dates:
        return True
    own = _given(query, e.values)
    people = [m for m in concepts.mentions[e.sentence.sent_id] if m.type == "person"]
    if own and people and frame.offices and query.answer_type == "person":
        # 'Which Israeli president visited in 2016?' is not told by '… Netanyahu, Israel's prime minister, in 2016':
        # the person nearest the year holds another office
        held = offices_beside(min(people, key=lambda m: min(abs(m.start - d.start) for d in own)), e.sentence.text)
        return not held or bool(held & frame.offices)
    previous = concepts.previous_sentence(e.sentence.sent_id)
    return bool(own) or previous is not None and bool(_given(query, concepts.index.values.get(previous.sent_id, ())))


def _dated(query: Query, e: Evidence, m: Mention, concepts: ConceptIndex) -> bool:
    """'Which prime minister visited in 2016?': the name is the nearest of its kind to a date in the
    sentence that agrees with the question's, or stands in a dateless sentence right after one."""
    # (with the dates the sentence gives relative to another event: 'two months after the embassy opened' is May 2023)
    dates = _given(query, (*e.values, *concepts.relative(e.sentence)))
    if dates:
        kin = [x for x in concepts.mentions[e.sentence.sent_id] if x.type == m.type]
        text = e.sentence.text
        return any(min((x for x in kin if not (x.start >= d.end and next_item(text, d.end, x.start))),
                       key=lambda x: abs(x.start - d.start), default=None) == m for d in dates)
    previous = concepts.previous_sentence(e.sentence.sent_id)
    return not any(v.kind == "date" for v in e.values) and previous is not None \
        and bool(_given(query, concepts.index.values.get(previous.sent_id, ())))


_WHO_IS = frozenset(fold(w) for w in "who whom is was were the mr من هو هي كان كانت کیست کی است بود چه کسی".split())


def _only_names_a_person(query: Query) -> bool:
    """'Who is Ilham Aliyev?', 'من هو نتنياهو؟', 'لاوروف کیست؟': nothing asked but the person."""
    text = query.text
    for m in sorted(query.mentions, key=lambda m: -m.start):
        if m.type != "person":
            return False
        text = text[:m.start] + " " + text[m.end:]
    words = re.sub(r"[^\w\s]", " ", fold(text)).split()
    return any(m.type == "person" for m in query.mentions) and set(words) <= _WHO_IS


def entity_claims(query: Query, evidence: list[Evidence], frame: Frame, index: Index, concepts: ConceptIndex,
                  numbering: Numbering) -> list[Claim]:
    """'Who …?' / 'Where …?' answered by the name itself: each person or place (not named in the
    question) in a sentence that names the question's event, checked like a value — its clause must
    be about that event — and grouped, so two articles naming two cities disagree visibly."""
    from rag.evidence import clause_span

    lex = load_lexicon()
    if query.answer_type == "person" and _only_names_a_person(query):
        return []  # 'Who is Ilham Aliyev?' asks what the articles say of him, not for another name
    asked = {m.concept for m in query.mentions} | {lex.family(m.concept) for m in query.mentions}
    types = _TYPES[query.answer_type or "person"]
    serving = query.office_states - concepts.background
    kinds, makers = _asked_class(query) if query.answer_type in ("product", "org") else (frozenset(), frozenset())
    found: dict[str, list[tuple[Evidence, Mention]]] = {}
    covered: dict[tuple[str, int], int] = {}
    apart: dict[tuple[str, int], int] = {}
    for e in evidence:
        # a person bound to the date the question gives ('Who visited Baku in 2016?') needs only the floor of a value
        # whose sentence names a rare name of the question: the date stated is as sure an anchor (an English or a
        # Persian question reads an Arabic sentence at a lower score; the Persian one scored 0.49 against the frame
        # floor of 0.5 on one machine and just over it on another). Not for a company or a state: the name nearest a
        # year ('the 2012 deal with Baku') is as often the buyer as the seller.
        close = e.plain >= FRAME_TEXT_FLOOR  # floors read the score without the word share (rag.evidence)
        dated_floor = NAMED_FRAME_FLOOR if query.answer_type == "person" else FRAME_FLOOR
        if not (close or query.given_dates and e.plain >= dated_floor) \
                or not _names_it(query, frame, e, index, concepts, typed=True):
            continue
        s = e.sentence
        mentions = concepts.mentions[s.sent_id]
        for i, m in enumerate(mentions):
            if m.type not in types or m.concept in asked or lex.family(m.concept) in asked \
                    or (query.answer_type == "place" and (not m.locative or lex.beside_its_border(mentions, i, s.text))):
                continue  # 'where' is answered by a place something happens in or goes to
            if serving and m.type == "person" and m.country not in serving:
                continue
            if m.type == "person" and m.country in query.described:
                continue  # 'Who called Azerbaijan's president a friend of Israel?' is not answered by Aliyev
            if m.type in ("product", "org") and ((kinds and lex.entities[m.concept].get("class") not in kinds)
                                                 or (makers and lex.entities[m.concept].get("maker") not in makers)):
                continue  # 'Which Israeli missile…?' is not answered by a drone, nor by a Russian missile
            spot = Value("number", "", m.start, m.end, s.text[m.start:m.end])
            clause = concepts.clause(s, m.start, m.end, clause_span(s.text, spot, e.values), "entity")
            dated = not query.given_dates or _dated(query, e, m, concepts)
            if not close and not (query.given_dates and dated):
                continue
            if dated and (frame.empty or mismatch(frame, clause) is None):
                found.setdefault(m.concept, []).append((e, m))
                event = [x for x in clause.in_clause if x.concept in frame.objects | frame.actions]
                covered[(e.sentence.sent_id, m.start)] = len({x.concept for x in event})
                # of two names in one sentence, the one written nearer the event's words ('اسرائیل … با تأمین
                # تسلیحات …، درحالیکه ایران از ارمنستان حمایت میکرد': Israel supplied, not Armenia)
                apart[(e.sentence.sent_id, m.start)] = min((abs(x.start - m.start) for x in event), default=len(s.text))
    if not found:
        return []
    # As for values: the names whose clause covers most of the question's event words.
    top = max(covered.values())
    found = {c: kept for c, items in found.items()
             if (kept := [(e, m) for e, m in items if covered[(e.sentence.sent_id, m.start)] == top])}
    # 'Tel Aviv' and 'Israel' do not disagree on where: a country holding a named city is the same
    # answer said less precisely, so it gives way to the city.
    cities_in = {lex.entities.get(c, {}).get("country") for c in found}
    found = {c: items for c, items in found.items()
             if c not in cities_in or lex.entities.get(c, {}).get("type") != "country"}
    # An article gives one answer: the entity of its best-scoring sentence (unless several are asked for:
    # 'Which presidents visited…?' is answered by every one an article names).
    best_of: dict[str, tuple[float, int, str]] = {}
    for concept, items in found.items():
        for e, m in items:
            doc, rank = e.sentence.doc_id, (e.score, -apart[(e.sentence.sent_id, m.start)])
            if doc not in best_of or rank > best_of[doc][:2]:
                best_of[doc] = (*rank, concept)
    if not query.plural:
        found = {c: [(e, m) for e, m in items if best_of[e.sentence.doc_id][2] == c] for c, items in found.items()}
    found = {c: items for c, items in found.items() if items}
    ranked = sorted(found.items(), key=lambda kv: -max(e.score for e, _ in kv[1]))
    # (asked in the plural, every name checked against the event is listed, none a rival of another)
    if not query.plural and (not (frame.objects or frame.actions) or query.answer_type == "state"
                             or (query.answer_type in ("product", "org") and not frame.actions)):
        # with no event to compare on, two names are not a disagreement; nor are states, which the
        # articles name in every role around one event (buyer, seller, rival, neighbour); nor weapons or
        # companies named beside the same objects with no action to say they did the same thing
        ranked = ranked[:1]
    # Rivals checked against the event need only the frame floor; otherwise stay near the best.
    rivals = len(ranked) > 1
    bar = FRAME_FLOOR if rivals else max(e.score for e, _ in ranked[0][1]) - TEXT_MARGIN
    claims: list[Claim] = []
    used: set[str] = set()
    for concept, items in ranked:
        docs = {e.sentence.doc_id for e, _ in items}
        if max(e.plain if rivals else e.score for e, _ in items) < bar or not (docs - used or query.plural) \
                or len(claims) == MAX_GROUPS:
            continue
        used |= docs
        claims.append(_name_claim(concept, items, query, numbering))
    return claims


def _name_claim(concept: str, items: list[tuple[Evidence, Mention]], query: Query, numbering: Numbering) -> Claim:
    """A name as the answer, in the question's language, citing its best sentences at the name itself."""
    citations = [numbering.cite(e, None, Value("number", "", m.start, m.end, e.sentence.text[m.start:m.end]))
                 for e, m in sorted(items, key=lambda x: -x[0].score)[:MAX_CITATIONS_PER_CLAIM]]
    return Claim(value=concept, kind="text", display=load_lexicon().name(concept, query.reply_language),
                 citations=tuple(dict.fromkeys(citations)), docs_behind=frozenset(e.sentence.doc_id for e, _ in items),
                 entity=concept)


# 'Azerbaijan … the second customer … after India': the one named right after 'after' is ranked first. A question
# that asks for the first, biggest or one ahead ('…so who is the biggest?', 'فمن الزبون الأول؟', 'اولیش کدوم کشوره')
# is answered by it. Folded.
_SECOND = re.compile(r"\bsecond\b|(?<!كانون )(?<!تشرين )(?<!\w)(ال)?(ثاني|تاني)(ه)?(?!\w)|(?<!\w)دوم(ين)?(?!\w)")  # not a month
_AFTER = re.compile(r"\b(after|behind)\s+(the\s+)?|(?<!\w)(بعد|پس از|بعد از)\s+")
_ASKS_FIRST = re.compile(
    r"\b(biggest|largest|top|first|leading|number one|ahead of|before)\b|\bafter\W*$|\bafter (who|whom|which|what)\b"
    r"|(?<!\w)(ال)?(اول|اكبر|ابرز)(?!\w)|(?<!\w)قبل(?!\w)|(?<!\w)بعد (مين|من|اي)(?!\w)|(?<!\w)بعد\W*$"
    r"|(?<!\w)(اول|اولين|اوليش|اولش|اولي|نخست|نخستين|بزرگترين|بيشترين|جلوتر|پيش از|قبل از)(?!\w)|(?<!\w)بعد از (كي|چه|كدام)(?!\w)")
_ANY_SECOND = re.compile(r"second|ثاني|تاني|دوم", re.IGNORECASE)  # unfolded: a cheap look before the folded one
_REACH = 80  # characters from 'second' to 'after' ('الزبون الثاني للصناعة العسكرية الإسرائيلية بعد الهند')
_ROLE_REACH = 25  # characters before 'second' where the ranked role may stand ('الزبون الثاني')


def asks_first(query: Query) -> bool:
    """'Azerbaijan is the second customer; who is the first?' — a statement question for the one ranked first: a
    state or a person, not a maker or a weapon ('Who makes the drones Azerbaijan was first to buy?')."""
    return query.asked_for == "text" and query.answer_type in (None, "state", "person") \
        and bool(_ASKS_FIRST.search(fold(query.text)))


def ranked_first_claims(query: Query, evidence: list[Evidence], frame: Frame, index: Index, concepts: ConceptIndex,
                        numbering: Numbering) -> list[Claim]:
    """The name written right after 'second … after' in a sentence about the question's event: 'X is the second
    customer after India' says India is the first. One claim per name, every sentence that says it cited."""
    from rag.normalize import fold_with_map

    asked = {m.concept for m in query.mentions}
    found: dict[str, list[tuple[Evidence, Mention]]] = {}
    for e in evidence:
        # no score floor: the pattern is the evidence, and a long sentence of figures reads far from a short question
        # ('الزبون الثاني … بعد الهند' scores below every floor for 'مين الزبون الاول … قبل اذربيجان'); it must still
        # name the question's event (checked only where a rank is written at all: most sentences have none)
        if not _ANY_SECOND.search(e.sentence.text) or not _names_it(query, frame, e, index, concepts):
            continue
        folded, origin = fold_with_map(e.sentence.text)
        origin = [*origin, len(e.sentence.text)]
        every = concepts.mentions.get(e.sentence.sent_id, ())
        mentions = [m for m in every if m.kind == "entity"]
        for second in _SECOND.finditer(folded):
            after = _AFTER.search(folded, second.end(), second.end() + _REACH)
            if after is None:
                continue
            # what is ranked is what the question asks about, its action when one is ranked: 'the second customer'
            # (a 'buy' word) answers 'the biggest customer', not 'the biggest supplier'
            start, end = origin[max(0, second.start() - _ROLE_REACH)], origin[after.start()]
            ranked = [m for m in every if m.kind == "trigger" and start <= m.start < end]
            acts = {m.concept for m in ranked if m.type == "action"}
            if not (acts & frame.actions if acts else {m.concept for m in ranked} & frame.objects):
                continue
            at = origin[after.end()]
            named = next((m for m in mentions if at <= m.start <= at + 2), None)  # 'بعد الهند': the article is the name's
            if named is not None and named.concept not in asked:
                found.setdefault(named.concept, []).append((e, named))
    return [_name_claim(concept, items, query, numbering)
            for concept, items in sorted(found.items(), key=lambda kv: -max(e.score for e, _ in kv[1]))[:MAX_GROUPS]]
