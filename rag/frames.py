"""Does a stated value answer *this* question? Event frames read from the clause that states it.

A value answers a question only when its clause is about the same event: the question's action
or object (embassy, visit, recognise, …) stands in the clause and is the nearest such word to the
value; the question's people are the nearest people to the value; its specific names appear in the
sentence (or the one before, for "he"/"she"); and the places do not contradict — "Azerbaijan's
embassy in Israel" is not answered by a clause that puts an embassy in Baku, and Azerbaijan does
not open an embassy in Azerbaijan. Another fact of the same kind from the same texts is therefore
never shown as a disagreement, and the check is the same whatever the question's language.

Names that are everywhere in the corpus (here Azerbaijan and Israel, in every article) are not
required in the sentence: they are the collection's topic, not a detail of the question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from rag.lexicon import ADJACENT, ADJECTIVE, TOGETHER, Lexicon, Mention, load_lexicon, names_in, states_beside
from rag.normalize import fold, fold_with_map
from rag.query import Query, answer_phrase, date_cue

# A name in at least this share of all sentences is the collection's topic (here Azerbaijan and
# Israel, in ~66% of sentences; the next, Iran, in 21%). Document share cannot tell them apart:
# Iran and Armenia are named in every article too. Set on the seed corpus, checked on dev.
BACKGROUND_SHARE = 0.35
# 'how many months after …', 'بعد كم شهر', 'چه مدت پس از': a span between two events
_RELATIVE = re.compile(r"(?<!\w)(after|before|later|earlier|بعد|قبل|پس از|بعد از|قبل از|پیش از)(?!\w)")
CONTEXT_GAP_WORDS = 3  # words at most between a setting ('the war') and the date asked of it ('broke out in 2020')
OFFICE_GAP = 30  # characters between a person's name and the office written beside it (an appositive)
# '…the second customer after India', 'بعد الهند', 'پس از هند': a state written right after one of these is
# the standard of a comparison or the actor of a subordinate event, not the one the value belongs to
_STANDARD = re.compile(r"(?<!\w)(after|before|behind|than|بعد|قبل|خلف|پس از|بعد از|قبل از|پیش از)\s*(ال)?$")
# '…Peres's visit in 2009, and also Netanyahu…': a person after one of these starts the next item,
# so the value before it is not theirs.
_COORDINATOR = re.compile(r"(?<!\w)(وكذلك|كذلك|فضلا عن|اضافه الي|and also|as well as|as did|همچنين|و نيز)(?!\w)")


@dataclass(frozen=True)
class Frame:
    """What the question pins down, read once from its mentions."""

    objects: frozenset[str]  # what the event is about: embassy, relations, oil, …
    actions: frozenset[str]  # what happened: open, visit, recognise, increase, …
    persons: frozenset[str]
    specific: frozenset[str]  # other names that must appear (not the corpus's background ones)
    places: frozenset[str]  # countries the event happens in ("in Israel", "visit Azerbaijan")
    agents: frozenset[str]  # countries acting ("Azerbaijan opened"): the event is not at home (unless a person acts)
    names: tuple[str, ...] = ()  # names the lexicon does not know ("Sky Striker", "Macron")
    partners: frozenset[str] = frozenset()  # states the event is with ("sign a treaty with Armenia")
    background: frozenset[str] = frozenset()  # the collection's topic states (named together as 'the two countries')
    city_states: frozenset[str] = frozenset()  # states whose city the question names ('visit Jerusalem')
    owners: tuple[tuple[str, str], ...] = ()  # (thing, state) written together: 'Azerbaijani tourists'
    interval: bool = False  # 'how long after the embassy opened did Herzog visit': two events, two places
    office_states: frozenset[str] = frozenset()  # whose office holder acts ("Azerbaijan's defence minister")
    offices: frozenset[str] = frozenset()  # which office ("defence minister", "وزير الدفاع")
    # the action nearest that office in the question, which its holder did ("the president's trip" in
    # 'the plan signed during the president's trip'): a clause stating another action is not checked for him
    office_actions: frozenset[str] = frozenset()
    new: bool = False  # 'the new contracts': not the first or initial ones
    # names the question writes beside a context word ('the Karabakh war', 'حرب قره باغ'): a clause saying
    # 'this war' ('این جنگ', 'هذه الحرب') refers back to them
    named_contexts: tuple[tuple[str, str], ...] = ()
    # the objects the question names as the kind of its answer ('weapon' in 'What weapon was used in the attack
    # on the embassy?'): the answer, not the event
    asked: frozenset[str] = frozenset()
    # the settings the question names ('war', 'election'); when it names no object or action of its own they
    # are its event: 'When was the Karabakh war?' asks for the war's date, not for one of an event during it.
    # Alone they make no frame: 'When did the First World War break out?' names nothing the articles do.
    contexts: frozenset[str] = frozenset()
    # the states traded goods come from ('arms imports from Israel', 'نفط من أذربيجان'): buyer and seller kept apart
    sources: frozenset[str] = frozenset()
    # objects that only say where the event is, a state written beside them: the border in 'drills near the
    # border with Iran' (not in 'How long is the border?', where it is what is asked about)
    locating: frozenset[str] = frozenset()
    # the offices the question names someone by, no name beside them, each with the states written beside it:
    # 'When did Rabin meet Azerbaijan's president?' -> (('president', {'azerbaijan'}),); not 'Prime Minister Rabin'
    roles: tuple[tuple[str, frozenset[str]], ...] = ()
    # people the question names only to place its event before or after theirs ('… visit Azerbaijan before
    # Herzog?'): a clause naming one of them, and none of the question's own, tells their event, not the asked one
    others: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.objects or self.actions or self.persons or self.specific or self.places or self.names
                    or self.offices)

    @property
    def about_context(self) -> bool:
        return bool(self.contexts) and not (self.objects or self.actions)


def _country(m: Mention) -> str:
    return m.country or m.concept


# folded: 'new' in the question, and 'first' / 'initial' in a clause (one direction only: 'a new phase' in the
# clause of Netanyahu's first visit is still that visit)
_NEW = re.compile(r"\bnew\b|(?<!\w)(ال)?جديد(ه|ي)?(?!\w)")
_FIRST = re.compile(r"\b(first|initial)\b|(?<!\w)(ال)?(اول|اولي|اوليه|الاولي)(?!\w)|(?<!\w)(نخستين|اولين)(?!\w)")


def _heads(offices: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """An office written right after another qualifies it: 'مساعد الرئيس', 'دستیار رئیس‌جمهور' (the president's
    aide) ask for the aide, not the president."""
    ordered = sorted(offices, key=lambda o: o[1])
    return [o for i, o in enumerate(ordered)
            if not (i and ordered[i - 1][0] != o[0] and not text[ordered[i - 1][2]:o[1]].strip())]


def _office_actions(offices: list[tuple[str, int, int]], actions: list[Mention]) -> frozenset[str]:
    """Per office the question names, the action written nearest it (its holder's)."""
    return frozenset(min(actions, key=lambda m: max(m.start - b, a - m.end, 0)).concept
                     for _, a, b in offices if actions)


def rare_names(frame: Frame) -> frozenset[str]:
    """The question's people, organisations and products: names few sentences share, unlike states."""
    entities = load_lexicon().entities
    return frozenset(c for c in frame.persons | frame.specific
                     if entities.get(c, {}).get("type") in ("person", "host", "org", "product"))


def _weak(m: Mention, text: str, triggers: dict) -> bool:
    """A form that names its action only when nothing else does ('went to' beside 'exports')."""
    said = fold(text[m.start:m.end])
    return any(said == fold(f) or (not f.isascii() and said.startswith(fold(f)))
               for f in triggers.get(m.concept, {}).get("weak", ()))


_DISTANCE = re.compile(r"\bhow far\b|\bdistance\b|(?<!\w)(كم )?(تبعد|يبعد)(?!\w)|(?<!\w)(ال)?مسافه(?!\w)|(?<!\w)فاصله(?!\w)"
                       r"|(?<!\w)چقدر دور(?!\w)")  # folded


# A state named only to say whose neighbour the asked one is ('Iran's northern neighbour', 'the country bordering Iran',
# 'الجارة الشمالية لإيران', 'همسایه شمالی ایران'): the event is not in it or by it. The lexicon's words for a state
# beside a place, and the nouns for a neighbour. Folded.
_NEIGHBOUR_WORDS = ADJACENT | frozenset(fold(w) for w in "neighbour neighbours neighbor neighbors جار الجار جارة الجارة "
                                                        "جارتها جارته مجاور مجاورة متاخم محاذي محاذية".split())
_BETWEEN = frozenset(fold(w) for w in "of to with the با ل 's ’s northern southern eastern western north south east west "
                                      "الشمالية الجنوبية الشرقية الغربية الشمالي الجنوبي الشرقي الغربي شمالی جنوبی شرقی "
                                      "غربی".split())


def _neighbours_named(ms: tuple[Mention, ...], text: str) -> set[int]:
    """The ids of the states a question names only as the asked one's neighbour (a direction or 'of' may stand
    between: 'the neighbour to the north of Iran', 'همسایه‌ی شمالی ایران', 'Iran's northern neighbour')."""
    def named(m: Mention) -> bool:
        before = fold(text[max(0, m.start - 40):m.start]).split()
        while before and before[-1] in _BETWEEN:
            before.pop()
        after = [w for w in fold(text[m.end:m.end + 30]).split() if w not in _BETWEEN]
        word = before[-1] if before else ""  # (with the Persian ezafe: 'همسایه‌ی')
        return word in _NEIGHBOUR_WORDS or re.sub("(ي|اي)$", "", word) in _NEIGHBOUR_WORDS \
            or bool(after) and after[0].startswith(("neighbour", "neighbor"))
    return {id(m) for m in ms if m.type == "country" and named(m)}


_AZ = re.compile(r"(?<!\w)از(?!\w)")  # Persian 'from'


def _visited_place(ms: tuple[Mention, ...], text: str) -> bool:
    """A Persian meeting word after 'از <place>': the place was visited ('وزیر دفاع از پایتخت آذربایجان دیدار کرد').
    'دیدار' alone is a meeting ('با علی‌اف دیدار کرد', met Aliyev)."""
    for m in ms:
        if m.concept != "meet" or not fold(text[m.start:m.end]).startswith("ديدار"):
            continue
        lo = max(0, m.start - 60)
        at = [x.start() for x in _AZ.finditer(text, lo, m.start)]
        if at and any(p.type in ("country", "city") and p.start >= at[-1] and p.end <= m.start for p in ms):
            return True
    return False


def question_frame(query: Query, background: frozenset[str]) -> Frame:
    """Example: 'When did Azerbaijan open its embassy in Israel?' -> triggers {open, embassy},
    places {israel}, agents {azerbaijan}."""
    described = _describing_context(query.mentions, query.text) | _birthplaces(query.mentions, query.text)
    described |= _neighbours_named(query.mentions, query.text)
    described |= {id(m) for m in query.mentions if m.end <= query.premise}  # 'Given that …,': background
    if query.focus is not None:  # '<who I am, what I read>. <the question>': the rest is the asker's background
        described |= {id(m) for m in query.mentions if not query.focus[0] <= m.start < query.focus[1]}
    # 'Liberman chaired the group, didn't he? If not, who led it?': the name put to the test is a guess at the answer,
    # not one of the event's people
    guessed = _guessed(query)
    described |= {id(m) for m in query.mentions if m.type in ("person", "org") and any(a <= m.start < b for a, b in guessed)}
    if query.asked_for == "date" and query.unit is None:
        described |= _reference_event(query.mentions, query.text)
    others = _reference_people(query.mentions, query.text)
    described |= {id(m) for m in query.mentions if m.concept in others}
    ms = tuple(m for m in query.mentions if id(m) not in described)
    triggers = load_lexicon().triggers
    named = [m for m in ms if m.type == "action"
             and (query.answer_type == "place" or not triggers.get(m.concept, {}).get("where_only"))]
    weak = {id(m) for m in named if _weak(m, query.text, triggers)}
    strong = {m.concept for m in named if id(m) not in weak}
    actions = frozenset(m.concept for m in named if id(m) not in weak or not strong - {m.concept})
    offices = _heads(load_lexicon().offices_in(query.text), query.text)
    if not actions and _was_there(query, ms, offices):
        actions = frozenset({"visit"})
    if "meet" in actions and _visited_place(ms, query.text):
        actions = actions - {"meet"} | {"visit"}
    # 'meet to discuss energy and security': what a meeting or visit was about is its topic, not the event's object
    topical = any(triggers.get(a, {}).get("topical") for a in actions)
    topic = load_lexicon().topic_start(query.text) if topical else None
    objects = frozenset(m.concept for m in ms if m.type == "object"  # "context" (war, election) only narrows
                        and (topic is None or m.start < topic) and not _describes_someone(m, query.text))
    persons = frozenset(m.concept for m in ms if m.type == "person")
    places: set[str] = set()
    agents: set[str] = set()
    # whose office it is ('زار وزير الدفاع الإسرائيلي تركيا'): the office's state acts; it is not the
    # place visited, and what follows it still follows the verb
    whose = _office_holders(query.text, ms)
    for i, m in enumerate(ms):
        if m.kind != "entity" or m.type not in ("country", "city"):
            continue
        before = next((p for p in reversed(ms[:i]) if p.type != "person" and (p.start, p.end) not in whose), None)
        if (m.start, m.end) in whose:
            agents.add(_country(m))
        elif m.locative or (before is not None and before.concept == "visit"):
            places.add(_country(m))
        else:
            agents.add(_country(m))
    # (a city of the collection's states stands for them, 'Baku' for Azerbaijan; a base or region does not; nor does a
    # city a distance is measured from: 'How far is the Sitalchay base from Baku?' is not told by its distance from Iran)
    measured = query.asked_for == "number" and bool(_DISTANCE.search(fold(query.text)))  # ('در فاصله ۲۰۱۱ تا ۲۰۱۶': a period)
    specific = frozenset(m.concept for m in ms if m.kind == "entity" and m.type != "person" and m.concept not in background
                         and (m.type == "place" or _country(m) not in background or measured and m.type == "city"))
    partners = frozenset(_country(m) for m in ms if m.kind == "entity" and m.type == "country" and m.partner)
    owners = owned(list(ms), query.text)
    if len(agents - places) == 1 and any(triggers.get(a, {}).get("founds") for a in actions):
        # 'When did Israel open a trade office?': the office it opens is Israel's
        agent = next(iter(agents - places))
        owners |= {(o, agent) for o in objects if triggers.get(o, {}).get("abroad") and triggers.get(o, {}).get("belongs")
                   and o not in {thing for thing, _ in owners}}
    names = query.names if query.focus is None else tuple(n for n in query.names if n in query.text[slice(*query.focus)])
    names = tuple(n for n in names if not any(n in query.text[a:b] for a, b in guessed))
    return Frame(objects, actions, persons, specific, frozenset(places), frozenset(agents - places), names,
                 partners, background, frozenset(_country(m) for m in ms if m.kind == "entity" and m.type == "city"),
                 tuple(sorted(owners)),
                 query.unit is not None and bool(_RELATIVE.search(fold(query.text))), query.office_states,
                 frozenset(o for o, _, _ in offices), _office_actions(offices, [m for m in ms if m.concept in actions]),
                 bool(_NEW.search(fold(query.text))), _named_contexts(list(ms), query.text), _asked_objects(query, objects),
                 _asked_contexts(ms, query.text, persons, offices), _sources(ms), _locating(ms, query.text),
                 _roles(offices, ms, query.text), others - persons)


def _guessed(query: Query) -> tuple[tuple[int, int], ...]:
    """The sentences in which a who / which-company question puts a name to the test."""
    return query.checks if query.answer_type in ("person", "host", "org") else ()


_WITH = re.compile(r"(?<!\w)(with|and|مع|و|با|وبا)(?!\w)")  # folded
_WITH_CLITIC = re.compile(r"ب|ل(?!واء)|وال|وب")  # 'برئيس', 'لرئيس', 'والرئيس': with, to, and the …


# 'When was Gantz in Baku?', 'متى كان غانتس في باكو', 'گانتس کی در باکو بود': someone being in a place at a time
_BEING = re.compile(r"\b(was|were)\b|(?<!\w)(كان|كانت|كانوا)(?!\w)|(?<!\w)(بود|بودند|بوده|اومد|امد)(?!\w)")  # folded


def _was_there(query: Query, ms: tuple[Mention, ...], offices: list) -> bool:
    """A date question that says only that a person (or an office holder) was in a place asks when they visited it."""
    return query.asked_for == "date" and bool(_BEING.search(fold(query.text))) \
        and any(m.type in ("country", "city") and m.locative for m in ms) \
        and (any(m.type == "person" for m in ms) or bool(offices))


# 'When did Aliyev visit Israel after Herzog's trip to Baku?', '… عقب زيارة وزير الدفاع', '… پس از سفر گانتس': folded
_AFTER = re.compile(r"(?<!\w)(?:و|ف)?(after|following|before|پس از|بعد از|قبل از|پيش از|عقب|اثر|بعد|قبل)(?!\w)")  # longest first
# (and Arabic 'وقبل', 'وبعد': and before, and after)


def _reference_people(ms: tuple[Mention, ...], text: str) -> frozenset[str]:
    """The people written right after 'before' / 'after' ('… زار رئيس إسرائيلي أذربيجان قبل هرتسوغ', 'before Herzog'),
    when the question names an action of its own: the event is dated by theirs, not theirs."""
    folded, origin = fold_with_map(text)
    origin = [*origin, len(text)]
    out = set()
    for m in _AFTER.finditer(folded):
        at = origin[m.end()]
        person = next((x for x in ms if x.start >= at), None)
        if person is not None and person.type == "person" and person.start - at <= 2 \
                and any(x.type == "action" for x in ms):  # (Persian names its verb last: '… پیش از هرتزوگ … سفر کرد')
            out.add(person.concept)
    return frozenset(out)


def _reference_event(ms: tuple[Mention, ...], text: str) -> set[int]:
    """The ids of the mentions of another event a date question dates its own by ('… announce an embassy in Israel,
    following the defence minister's visit to Baku'): they say which one, not where or by whom it happened. Only
    when the question names an action or object of its own outside the reference, and the reference one of its own,
    from 'after' to the clause's end or the question word, whichever comes first."""
    folded, origin = fold_with_map(text)
    origin = [*origin, len(text)]
    found: set[int] = set()
    for m in _AFTER.finditer(folded):
        start = origin[m.start()]
        # it ends with its clause, or where the question word starts the asked event ('… پس از سفر هرتسوگ به باکو
        # کی به اسرائیل رفت': Persian names the reference before its own verb)
        clause_end, asked = _CLAUSE_END.search(text, start), date_cue(folded, m.end())
        ends = [clause_end.start() if clause_end else len(text)] + ([origin[asked]] if asked is not None else [])
        end = min(ends)  # (in the question's own offsets: the question word was found in its folded form)
        inside = [x for x in ms if start <= x.start and x.end <= end]
        if any(x.type in ("action", "object") for x in ms if x.end <= start or x.start >= end) \
                and any(x.type in ("action", "object") for x in inside):
            found |= {id(x) for x in inside}  # every reference: '… before it opened its embassy. And before the embassy, when …?'
    return found


def _roles(offices: list[tuple[str, int, int]], ms: tuple[Mention, ...], text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The offices written with no person beside them, each with its states: the question names their holder by
    them alone."""
    def beside(p: Mention, a: int, b: int) -> bool:
        """Near, no event word between ('Rabin meet … president'), and not joined to a name before it as another
        person ('رابين برئيس أذربيجان', 'رابین با رئیس‌جمهور', 'Rabin and the president')."""
        lo, hi = min(p.end, b), max(p.start, a)
        if _gap(p, a, b) > OFFICE_GAP or any(lo <= m.start and m.end <= hi and m.type in ("action", "object") for m in ms):
            return False
        return not (p.end <= a and (_WITH.search(fold(text[lo:hi])) or _WITH_CLITIC.match(text, a)))
    people = [m for m in ms if m.type == "person"]
    return tuple((o, frozenset(_country(m) for m in states_beside(text, list(ms), [(a, b)])))
                 for o, a, b in offices if not any(beside(p, a, b) for p in people))


def _locating(ms: tuple[Mention, ...], text: str) -> frozenset[str]:
    """The place objects ('border') the question writes a state beside, so that they locate its event."""
    lex = load_lexicon()
    located = [i for i, m in enumerate(ms) if m.type == "country" and lex.beside_its_border(ms, i, text, True)]
    return frozenset(m.concept for i in located for m in ms[max(0, i - 1):i + 2]
                     if lex.triggers.get(m.concept, {}).get("place"))


def _sources(ms: tuple[Mention, ...]) -> frozenset[str]:
    """The states the question's traded goods come from, when it is about trade ('What share of Israel's arms
    imports come from Azerbaijan?' asks of Azerbaijan as the seller, not of Azerbaijan's imports from Israel)."""
    triggers = load_lexicon().triggers
    if not any(triggers.get(m.concept, {}).get("traded") for m in ms):
        return frozenset()
    return _sources_in(ms)


def _sources_in(mentions: Iterable[Mention]) -> frozenset[str]:
    """The states the mentions mark as where goods come from: after 'from' ('من إسرائيل', 'از آذربایجان') or giving
    ('Azerbaijan supplies', 'supplied by Azerbaijan')."""
    return frozenset(_country(m) for m in mentions if m.type == "country" and m.source)


# 'When did reports say that Azerbaijan backed Israel in its war…', 'متى أفادت التقارير بأن…', 'گزارش‌ها نشان داد که…':
# a setting named after one of these is inside what was said, not the event asked about
_SAID = re.compile(r"(?<!\w)(that|says?|said|report\w*|stated?|claim\w*|ان|بان|افاد\w*|قال\w*|ذكر\w*|كه|گفت\w*|گزارش\w*)(?!\w)")


def _asked_contexts(ms: tuple[Mention, ...], text: str, persons: frozenset[str], offices: list) -> frozenset[str]:
    """The settings the question asks about itself ('When was the Karabakh war?'): none when it names a person or
    an office (what they did or said is asked, 'When did Kuperwasser say the Iranians were upset by the war?')
    or when the setting is inside a report."""
    contexts = [m for m in ms if m.type == "context"]
    if not contexts or persons or offices or _SAID.search(fold(text[:contexts[0].start])):
        return frozenset()
    return frozenset(m.concept for m in contexts)


# 'the war that Baku won', 'الحرب التي انتصرت فيها', 'جنگی که … پیروز شد': a relative clause after a setting
_RELATIVE_PRONOUN = re.compile(r"\s*(?:that|which|in which|during which|التي|الذي|اللتي|كه|که)(?!\w)")
_CLAUSE_END = re.compile(r"[,،;؛?؟.]")


def _describing_context(ms: tuple[Mention, ...], text: str) -> set[int]:
    """The ids of the mentions in a relative clause that describes a setting the question names ('When was the
    Karabakh war that Azerbaijan won with Israeli weapons?'): they say which war, not what is asked of it. Its
    event words always; its names only when the setting has one of its own ('the war that Azerbaijan fought
    against Armenia' is told apart by them)."""
    out: set[int] = set()
    for i, m in enumerate(ms):
        if m.type != "context":
            continue
        end, named = m.end, False
        for other in (ms[i - 1] if i else None, ms[i + 1] if i + 1 < len(ms) else None):
            if other is not None and other.kind == "entity" and other.type == "place" \
                    and TOGETHER.fullmatch(text[min(m.end, other.end):max(m.start, other.start)]):
                end, named = max(end, other.end), True  # 'the Karabakh war that…', 'جنگ قره‌باغ که…'
        rel = _RELATIVE_PRONOUN.match(text, end)
        if rel is None:
            continue
        stop = _CLAUSE_END.search(text, rel.end())
        last = stop.start() if stop else len(text)
        out |= {id(x) for x in ms if rel.end() <= x.start < last and (named or x.kind == "trigger")}
    return out


def _asked_objects(query: Query, objects: frozenset[str]) -> frozenset[str]:
    """The objects inside the phrase naming a product or organisation asked for ('What weapon', 'چه سلاحی')."""
    span = answer_phrase(query.text, query.answer_type) if query.answer_type in ("product", "org") else None
    if span is None:
        return frozenset()
    a, b = span
    return frozenset(m.concept for m in query.mentions if m.concept in objects and m.start < b and m.end > a)


# A role noun: an object word beside it describes a person ('military analyst', 'المحلل العسكري',
# 'تحلیلگر ارشد نظامی'), not the event asked about
_ROLE = re.compile(r"(?<!\w)(" + "|".join(fold(w) for w in (
    "analyst analysts expert experts official officials commander attache adviser advisor spokesman spokesperson "
    "correspondent محلل المحلل محللون خبير الخبير مسؤول المسؤول قائد القائد ملحق الملحق مستشار المستشار متحدث المتحدث "
    "تحلیلگر کارشناس مقام فرمانده وابسته مشاور سخنگو").split()) + r")(?!\w)")


# 'the Moldova-born deputy PM', 'المولود في مولدوفا', 'متولد مولداوی': where someone was born describes them; no event
# happens there. Folded.
_BORN_BEFORE = re.compile(r"(?<!\w)(born in|(ال)?مولود(ه)? في|من مواليد|متولد|زاده)\s*$")
_BORN_AFTER = re.compile(r"^\s*-?\s*born\b")


def _birthplaces(ms: tuple[Mention, ...], text: str) -> set[int]:
    """The states a question names as someone's birthplace (ids of their mentions)."""
    return {id(m) for m in ms if m.type == "country" and (_BORN_BEFORE.search(fold(text[max(0, m.start - 20):m.start]))
                                                          or _BORN_AFTER.match(text[m.end:m.end + 8].lower()))}


def _describes_someone(m: Mention, text: str) -> bool:
    """The object word is one of the two words beside a role noun."""
    before = fold(text[:m.start]).split()[-2:]
    after = fold(text[m.end:]).split()[:2]
    return any(_ROLE.fullmatch(w.strip("؟?،,.")) for w in before + after)


def _named_contexts(ms: list[Mention], text: str) -> tuple[tuple[str, str], ...]:
    """(name, context) written together: 'Karabakh war', 'حرب قره باغ', 'جنگ قره‌باغ' -> ('karabakh', 'war')."""
    out = []
    for a, b in zip(ms, ms[1:]):
        if TOGETHER.fullmatch(text[a.end:b.start]):
            for ctx, name in ((a, b), (b, a)):
                if ctx.type == "context" and name.kind == "entity" and name.type == "place":
                    out.append((name.concept, ctx.concept))
    return tuple(out)


def referred_back(frame: Frame, sentence: str, mentions) -> set[str]:
    """The question's names a sentence refers back to: 'this war' stands for the Karabakh war the question names."""
    return {name for name, ctx in frame.named_contexts
            if any(m.concept == ctx and _THIS.search(fold(sentence[max(0, m.start - 8):m.start])) for m in mentions)}


# 'this war', 'that war', 'این جنگ', 'آن جنگ', 'هذه الحرب', 'تلك الحرب': a context named before
_THIS = re.compile(r"(?<!\w)(this|that|the same|اين|آن|همين|همان|هذه|هذا|تلك|ذلك)\s*(ال)?$")


def _belongs(m: Mention) -> bool:
    """A thing a state has ('belongs' in the lexicon): an embassy, tourists; not goods."""
    return m.kind == "trigger" and m.type == "object" and bool(load_lexicon().triggers.get(m.concept, {}).get("belongs"))


def owned(mentions: list[Mention], text: str) -> set[tuple[str, str]]:
    """Things written right beside a state, which qualifies them: 'Azerbaijani tourists', 'Israel's
    embassy', 'گردشگران اسرائیلی', 'السفارة الأذربيجانية' (a state after a preposition is a place); and
    things its pronoun owns ('سفارتها', 'سفارت خود', 'its embassy'): the state acting before them."""
    out = set()
    qualified = set()  # the things a state is written beside
    for a, b in zip(mentions, mentions[1:]):
        if not TOGETHER.fullmatch(text[a.end:b.start]):
            continue
        for thing, state in ((a, b), (b, a)):
            if _belongs(thing) and state.type == "country" and not state.locative:
                out.add((thing.concept, _country(state)))
                qualified.add(thing.start)
    possessed = _POSSESSED_FA if _PERSIAN.search(text) else _POSSESSED
    for i, thing in enumerate(mentions):
        if not _belongs(thing) or thing.start in qualified or not possessed.search(_marked(text, thing)):
            continue
        # the state itself, not an adjective of another thing ('زيارة الرئيس الإسرائيلي لأذربيجان بعد افتتاح
        # سفارتها': the president is Israeli, the embassy Azerbaijan's), and not one after a preposition
        actor = next((m for m in reversed(mentions[:i]) if m.type == "country" and not m.partner
                      and not ADJECTIVE.search(text[m.start:m.end])
                      and not _AFTER_PREPOSITION.search(text[max(0, m.start - 5):m.start])), None)
        if actor is not None:
            out.add((thing.concept, _country(actor)))
    return out


def _marked(text: str, m: Mention) -> str:
    """The mention marked <…> with a few characters each side, for the possessive patterns below."""
    return f"{text[max(0, m.start - 6):m.start]}<{text[m.start:m.end]}>{text[m.end:m.end + 5]}"


@lru_cache(maxsize=4096)
def sentence_owners(sentence: str, mentions: tuple[Mention, ...]) -> frozenset[tuple[str, str]]:
    """``owned`` of a whole sentence, read once per sentence rather than once per question that quotes it."""
    return frozenset(owned(list(mentions), sentence))


# A thing its pronoun owns, marked <…>: 'سفارتها' / 'سفارته' (Arabic suffix), 'its embassy' (English); in Persian
# 'سفارتش' / 'سفارت خود' ('سفارتها' is a Persian plural, 'embassies', written without its half-space)
_POSSESSED = re.compile(r"(?:\b(?:its|their)\s+<|(?:ها|هما|هم|ته)>)")
_POSSESSED_FA = re.compile(r"(?:(?:ش|شان)>|>\s*(?:خود|خویش)(?!\w))")
_PERSIAN = re.compile(r"[پچژگکی]")
# 'withdrew its diplomats from Iran and evacuated its embassy': a state after a preposition does not act
_AFTER_PREPOSITION = re.compile(r"(?<!\w)(from|with|between|of|to|in|من|عن|مع|بين|على|الى|إلى|از|با|به|در)\s*$")


# Read once per sentence, not once per value or name checked in it (a question checks dozens).
@lru_cache(maxsize=4096)
def _offices(sentence: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(load_lexicon().offices_in(sentence))


@lru_cache(maxsize=4096)
def _office_holders(sentence: str, mentions: tuple[Mention, ...]) -> frozenset[tuple[int, int]]:
    return frozenset((m.start, m.end) for m in load_lexicon().office_holders(sentence, list(mentions))[1])


@lru_cache(maxsize=4096)
def _office_states(sentence: str, mentions: tuple[Mention, ...], offices: frozenset[str]) -> frozenset[str]:
    return frozenset(load_lexicon().office_states_in(sentence, list(mentions), offices))


@lru_cache(maxsize=4096)
def _names_the_pair(sentence: str) -> bool:
    pair = load_lexicon().pair
    return pair is not None and bool(pair.search(fold(sentence)))


def _same_person(concept: str, persons: frozenset[str]) -> bool:
    """'aliyev' is any Aliyev; 'heydar_aliyev' is not 'ilham_aliyev'."""
    family = load_lexicon().family
    return any(concept == p or concept == family(p) or family(concept) == p for p in persons)


def _gap(m: Mention, start: int, end: int) -> int:
    return max(m.start - end, start - m.end, 0)


@dataclass(frozen=True)
class Clause:
    """A value in its sentence: the clause that states it, and the sentence before (coreference)."""

    sentence: str
    start: int  # of the value, in the sentence
    end: int
    clause_start: int
    clause_end: int
    mentions: tuple[Mention, ...]
    kind: str = "date"  # of the value: an action next to a number changes what it measures
    previous: str = ""
    previous_mentions: tuple[Mention, ...] = ()
    title_mentions: tuple[Mention, ...] = ()  # of the article's title: 'Herzog's visit to Azerbaijan' sets every sentence's scene
    named_in_full: frozenset[str] = frozenset()  # per family, whom the article last named in full (who a bare 'Aliyev' is)
    document_places: frozenset[str] = frozenset()  # the regions and seas the article names anywhere: its scene

    @property
    def segment_start(self) -> int:
        """Start of the value's comma-separated segment (no further left than its clause)."""
        cut = max((self.sentence.rfind(p, self.clause_start, self.start) for p in "،,؛;"), default=-1)
        return cut + 1 if cut >= 0 else self.clause_start

    @property
    def segment_end(self) -> int:
        cuts = [i for p in "،,؛;" if (i := self.sentence.find(p, self.end, self.clause_end)) >= 0]
        return min(cuts) if cuts else self.clause_end

    @property
    def in_clause(self) -> list[Mention]:
        return [m for m in self.mentions if m.start >= self.clause_start and m.end <= self.clause_end]


def _changed(actions: frozenset[str], lex: Lexicon) -> frozenset[str]:
    """With a change among the question's actions ('grow', 'rise'), the others, with theirs compatible: what changed."""
    changes = {a for a in actions if lex.triggers.get(a, {}).get("change")}
    return lex.compatible(frozenset(actions - changes)) if changes and actions - changes else frozenset()


def mismatch(frame: Frame, c: Clause) -> str | None:
    """Why the clause does not answer the frame's question, or None when it does."""
    if frame.empty:
        return None
    lex = load_lexicon()
    clause = c.in_clause
    anchored = any(m.concept in frame.persons | frame.specific for m in clause)
    if anchored and not any(m.kind == "trigger" for m in clause):
        # A clause naming the question's person but no event continues the previous sentence's
        # ("Gantz visited Baku. In October 2022, Gantz …"): its event words and places stand,
        # placed just before the value.
        clause = clause + [replace(m, start=c.clause_start, end=c.clause_start) for m in c.previous_mentions
                           if m.kind == "trigger" or m.type in ("country", "city", "place")]
    if not any(m.kind == "trigger" for m in clause) and _COORDINATOR.search(fold(c.sentence[c.clause_start:c.start])):
        # '…preceded by the visit of Peres in 2009, as well as Netanyahu … in 2016': an item joined
        # by a coordinator shares the event words of the clause before it.
        clause = clause + [replace(m, start=c.clause_start, end=c.clause_start) for m in c.mentions
                           if m.kind == "trigger" and m.end <= c.clause_start]
    persons_here = {m.concept for m in clause if m.type == "person"}
    if frame.others and persons_here & frame.others and not persons_here - frame.others:
        # 'before Herzog': not Herzog's visit (a clause naming another person too may tell theirs: '…preceded by Peres's)
        return "the clause tells the event the question's own is dated by"
    if frame.new and _FIRST.search(fold(c.sentence[c.clause_start:c.clause_end])):
        return "the question asks for a new one, the clause for the first"  # 'the new contracts' vs 'initial data'
    lived = {a for a in frame.actions if lex.triggers.get(a, {}).get("where_only")}
    if lived and not lived & {m.concept for m in clause if m.type == "action"}:
        return "the clause does not say where they live"
    if not lived:  # 'home to 30,000 Jews': living there is no other event for a count
        clause = [m for m in clause if not lex.triggers.get(m.concept, {}).get("where_only")]
    near = lambda ms: min((_gap(m, c.start, c.end) for m in ms), default=None)  # noqa: E731
    # The question's object must be in the clause and be the nearest object to the value; with no
    # object, its action. An action nearer than that, and not the question's ("increased by 55%"
    # for "what share…"), changes what the number means. Nearness is judged inside the value's own
    # comma-separated segment when that names one ("opened in July 2021, which the ambassador…").
    actions = lex.compatible(frame.actions)
    # 'where do the Jews live': the clause that says where is about living; who lives there may be
    # named a clause before ('30,000 Jews, who live mainly in Baku')
    # a place the event happens near ('drills near the Iranian border') is not what it is about, when the
    # question names something else: a date is the event's, but a distance may be the border's ('the base
    # 500 km from the Iranian border')
    objects = frame.objects - frame.locating if c.kind == "date" else frame.objects
    objects = objects or frame.objects
    wanted, role = (objects, "object") if frame.objects and not lived else (actions, "action")
    if frame.about_context:
        wanted, role = frame.contexts, "context"
    if wanted:
        ours = near([m for m in clause if m.type == role and m.concept in wanted])
        if ours is None:
            return f"the question's {role} is not in the clause"
        segment = [m for m in clause if c.segment_start <= m.start and m.end <= c.segment_end]
        scope = segment if any(m.type == role for m in segment) else clause
        ours = near([m for m in scope if m.type == role and m.concept in wanted]) or ours
        other = near([m for m in scope if m.type == role and m.concept not in wanted])
        if scope is segment and not any(m.concept in wanted for m in segment if m.type == role):
            return f"the value's own segment names another {role}"
        if role == "context":
            # 'In 2018, Aliyev stepped up his efforts after the 2020 war': the war's date is written with it, in the
            # value's own segment, a few words at most from it ('the 2020 war', 'اندلعت الحرب في عام 2020'; not
            # 'in autumn 2022 INSS noted that the victory in the war…'), and no event word stands nearer
            if scope is not segment:
                return "the value's own segment does not name the question's context"
            war = min((m for m in scope if m.concept in wanted), key=lambda m: _gap(m, c.start, c.end))
            between = c.sentence[min(war.end, c.end):max(war.start, c.start)].split()
            if sum(any(ch.isalnum() for ch in w) for w in between) > CONTEXT_GAP_WORDS:
                return "the value is not written with the question's context"
            event = near([m for m in scope if m.kind == "trigger" and m.type in ("action", "object")])
            if event is not None and event < ours:
                return "the value belongs to another event"
        if other is not None and other < ours:
            return f"the value belongs to another {role}"
        if role == "action" and (changed := _changed(frame.actions, lex)) \
                and not any(m.type == "action" and m.concept in changed for m in clause):
            # 'How much did Israel's exports to Azerbaijan grow?' is not told by 'Israeli tourists … rose 50%': a
            # change is of something, and the question's other action says of what
            return "the clause tells another thing's change"
        action = near([m for m in scope if m.type == "action" and m.concept not in actions])
        own = near([m for m in scope if m.type == "action" and m.concept in actions])  # 'signed … on building'
        if role == "object" and action is not None and action < ours and (own is None or action < own) \
                and (frame.actions or c.kind != "date"):
            return "the value belongs to another action"
    if frame.owners:  # 'Azerbaijani tourists' are not answered by 'Israeli tourists'
        asked = dict(frame.owners)
        written = owned(sorted(c.in_clause, key=lambda m: m.start), c.sentence)
        if any(thing in asked and state != asked[thing] for thing, state in written):
            return "the thing belongs to another state"
    # Azerbaijan's imports from Israel are not Israel's from Azerbaijan; a clause that names no source continues
    # what its sentence said before it ('…purchases from Israel were 27%, but … jumped to 69% of Azeri arms deals')
    if frame.sources and (theirs := _sources_in(clause) or _sources_in(m for m in c.mentions if m.end <= c.clause_start)) \
            and not theirs & frame.sources:
        return "the goods come from another state"
    stated = {m.concept for m in clause if m.type == "action"}
    if frame.actions and stated and not stated & actions:
        return "the clause reports another action"  # a share of imports does not answer one of exports
    people = [m for m in clause if m.type == "person" and (m.start, m.end) != (c.start, c.end)  # not the answer itself
              and not (m.start >= c.end and next_item(c.sentence, c.end, m.start))]
    if frame.persons:
        known = {m.concept for m in c.mentions} | {m.concept for m in c.previous_mentions}
        known |= {m.concept for m in c.title_mentions if m.type == "person"}  # a report of one person's visit
        known |= {lex.family(k) for k in known}
        if not {lex.family(p) for p in frame.persons} <= known:
            return "the question's person is not in the sentence"
        # a bare family name is the family's member the article last named in full: in a report of Ilham
        # Aliyev's presidency, 'Aliyev refused to condemn …' does not answer what Heydar Aliyev said
        if any(p not in known and (named := {q for q in c.named_in_full if lex.family(q) == lex.family(p)})
               and p not in named for p in frame.persons if lex.family(p) != p):
            return "the value belongs to another person"
        nearest = min(people, key=lambda m: _gap(m, c.start, c.end)) if people else None
        if nearest is not None and not _same_person(nearest.concept, frame.persons) \
                and not _holds_asked_office(nearest, frame, c.sentence):
            return "the value belongs to another person"
    # the office holder's own action is not what this clause states ('the plan signed during the president's
    # trip'): nothing here is his to check
    holder_acts = not (frame.office_actions and stated and not stated & lex.compatible(frame.office_actions))
    if holder_acts and frame.offices and not frame.persons and (people := [m for m in c.mentions if m.type == "person"]):
        # 'When did Israel's defence minister visit?': the person nearest the value holds the office
        # named beside them ('رئيس الوزراء … نتنياهو' is the prime minister), when the sentence says one
        held = offices_beside(min(people, key=lambda m: _gap(m, c.start, c.end)), c.sentence)
        if held and not held & frame.offices:
            return "the person holds another office"
    if holder_acts and frame.office_states and not frame.persons:
        # 'When did Azerbaijan's defence minister visit Israel?' is not answered by Herzog's visit
        holders = [m for m in c.mentions if m.type == "person" and m.country]
        if holders and min(holders, key=lambda m: _gap(m, c.start, c.end)).country not in frame.office_states:
            return "the person is another state's office holder"  # the one nearest the value acts
        # 'After how many years did Turkey's defence minister visit Israel?' is not told by Israel's defence
        # minister visiting Turkey, named by office alone
        whose_office = _office_states(c.sentence, c.mentions, frame.offices)
        if whose_office and not whose_office & frame.office_states:
            return "the office is another state's"
    states = acting_states(frame)
    acts = [m for m in clause if m.type == "action" and m.concept in actions]
    if states and acts:
        # '…in response to Armenia's purchase of Iskander missiles in 2016' does not date
        # Azerbaijan's purchase: the state named right after the action nearest the value is its actor.
        actor = actor_of(min(acts, key=lambda m: _gap(m, c.start, c.end)), clause)
        if actor is not None and _country(actor) not in states:
            return "the action nearest the value is another state's"
    # ('Israel's relations with Azerbaijan' are Azerbaijan's with Israel)
    if frame.partners and (partnered := {_country(m) for m in c.in_clause if m.type == "country" and m.partner}) \
            and not partnered & (frame.partners | frame.agents):
        return "the clause's event is with another state"  # an agreement with Israel is not one with Armenia
    if frame.specific:  # things, unlike people, are named again where they are meant
        known = {m.concept for m in c.mentions} | {_country(m) for m in c.mentions}
        known |= referred_back(frame, c.sentence, c.mentions)
        # a region the article names sets the scene of a sentence that tells the question's event ('the Caspian oil
        # exporter raised its exports'), not of one that tells nothing else of it ('How deep is the Caspian?')
        scene = c.document_places if (frame.objects | frame.actions) & {m.concept for m in c.in_clause} else frozenset()
        if frame.specific - known - scene:
            return "a name in the question is not in the sentence"
        # 'India's arms purchases' is not answered by '27% of Azerbaijani purchases …, the second
        # customer after India': the value's clause is another state's, one the question never names
        named_states = {s for s in frame.specific if lex.entities.get(s, {}).get("type") == "country"}
        question_states = frame.agents | frame.places | frame.partners | frame.city_states | frame.office_states
        clause_states = {_country(m) for m in clause if m.type == "country" and not m.locative
                         and not _STANDARD.search(fold(c.sentence[max(0, m.start - 12):m.start]))}
        if named_states - clause_states and clause_states - question_states - named_states:
            return "the value's clause is about another state"
        # 'When did Armenia buy Iron Dome?' is not dated by '…in response to Armenia's purchase of Russian Iskander
        # missiles since 2016': the value's clause names things of its own, none of them the question's
        # (the thing written nearest the value is the one it dates)
        asked_things = {t for t in frame.specific if lex.entities.get(t, {}).get("type") == "product"}
        things_here = [m for m in clause if m.type == "product"]
        nearest_thing = min(things_here, key=lambda m: _gap(m, c.start, c.end), default=None)
        if asked_things and nearest_thing is not None and c.kind != "entity" and nearest_thing.concept not in asked_things:
            return "the value belongs to another thing"
    if frame.names and not set(frame.names) <= names_in(c.sentence + " " + c.previous, frame.names):
        return "a name in the question is not in the sentence"
    if frame.interval:
        return None  # the span's clause names the other event and its place ('two months after … in Jerusalem')
    # a state whose office is named is no place: 'met Israel's prime minister', 'the former president of the
    # occupation state' ('الرئيس الأسبق لدولة الاحتلال') does not put Peres's visit in Israel
    whose = _office_holders(c.sentence, c.mentions)
    if frame.places:  # 'Jews in Israel' is not answered by a sentence that never names Israel
        named_places = {_country(m) for m in c.mentions if m.type in ("country", "city", "place")
                        and (m.start, m.end) not in whose}
        named_places |= {_country(m) for m in clause if m.type in ("country", "city", "place")
                         and (m.start, m.end) not in whose}
        if _names_the_pair(c.sentence):
            # 'the two governments signed…' names both topic states, not a city of theirs — unless the city is a
            # party to a trade, where it stands for its government ('sold to Baku', 'فروش … به باکو')
            traded = any(lex.triggers.get(a, {}).get("traded") for a in frame.actions)
            named_places |= frame.background - (frozenset() if traded else frame.city_states)
        if not frame.places <= named_places:
            return "the question's place is not in the sentence"
    located = {_country(m) for m in clause if m.kind == "entity" and m.locative and m.type in ("country", "city")
               and (m.start, m.end) not in whose}
    # '…opened in Tel Aviv in July 2021, which the Israeli ambassador in Baku called historic': the
    # value's own comma-separated segment says where, when it names a place
    here = {_country(m) for m in clause if m.kind == "entity" and m.locative and m.type in ("country", "city")
            and c.segment_start <= m.start and m.end <= c.segment_end and (m.start, m.end) not in whose}
    located = here or located
    # (only for an event the lexicon knows: with none, a 'to' in the question — 'in response to Armenia's
    # stance' — names no place the event happens in)
    if located and frame.places and not located & frame.places and (frame.actions or frame.objects):
        return "another place"
    # a state acts abroad (opens an embassy, visits) and keeps its embassy abroad; what it merely owns
    # or counts is at home: Azerbaijan's Jews live in Azerbaijan
    abroad = frame.actions - lived or any(lex.triggers.get(o, {}).get("abroad") for o in frame.objects)
    if located and len(frame.agents) == 1 and not frame.persons and located & frame.agents and not located & frame.places \
            and abroad:
        return "the place is the actor's own country"
    return None


def acting_states(frame: Frame) -> frozenset[str]:
    """The states the question has act or be acted on: its agents, places and the states it names."""
    entities = load_lexicon().entities
    return frame.agents | frame.places | {s for s in frame.specific if entities.get(s, {}).get("type") == "country"}


def actor_of(action: Mention, mentions) -> Mention | None:
    """The state written right after an action, its actor: 'شراء أرمينيا لصواريخ…' (Armenia's purchase of …)."""
    return next((m for m in mentions if m.type == "country" and not m.locative and 0 <= m.start - action.end <= 1), None)


def next_item(sentence: str, end: int, start: int) -> bool:
    """Whether ``sentence[end:start]`` starts the next item of a list ('… in 2009, and also Netanyahu'): a name after
    it is not the one of the value before it."""
    return bool(_COORDINATOR.search(fold(sentence[end:start])))


def offices_beside(person: Mention, sentence: str) -> frozenset[str]:
    """The offices written beside a person in a sentence ('نتنياهو، رئيس وزراء إسرائيل' -> prime minister; 'نائباً
    لرئيس الوزراء' -> deputy: an office right after another qualifies it)."""
    return frozenset(o for o, a, b in _heads(list(_offices(sentence)), sentence) if _gap(person, a, b) <= OFFICE_GAP)


def _holds_asked_office(person: Mention, frame: Frame, sentence: str) -> bool:
    """The question names this person by office alone ('When did Rabin meet Azerbaijan's president?' asks of
    Heydar Aliyev, 'حیدر علی‌اف، رئیس‌جمهور آذربایجان'): that office is written beside them, of its state."""
    held = offices_beside(person, sentence)
    return any(office in held and (not states or person.country in states) for office, states in frame.roles)


def holds_office(frame: Frame, sentence: str, mentions: tuple[Mention, ...]) -> bool:
    """The sentence names someone holding an office the question asks about, beside it, of the asked state
    when it names one: 'حیدر علی‌اف، رئیس‌جمهور آذربایجان با اسحاق رابین، نخست‌وزیر اسرائیل' has no prime
    minister of Azerbaijan."""
    people = [m for m in mentions if m.type == "person"]
    for office, a, b in _offices(sentence) if people else ():
        nearest = min(people, key=lambda m: _gap(m, a, b))
        if office in frame.offices and _gap(nearest, a, b) <= OFFICE_GAP \
                and (not frame.office_states or nearest.country in frame.office_states):
            return True
    return False


def background_entities(names_per_sentence: list[set[str]]) -> frozenset[str]:
    """Names that appear in a large share of the sentences: the collection's topic.
    Example: five articles on Azerbaijan and Israel -> {'azerbaijan', 'israel'}."""
    counts: dict[str, int] = {}
    for names in names_per_sentence:
        for concept in names:
            counts[concept] = counts.get(concept, 0) + 1
    need = max(3, BACKGROUND_SHARE * len(names_per_sentence))
    return frozenset(c for c, n in counts.items() if n >= need)
