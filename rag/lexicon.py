"""The cross-lingual lexicon (``rag/data/lexicon.yaml``): who and what a text talks about.

The bundled 4-bit embedder cannot tell "Azerbaijan's embassy in Israel" from "Israel's embassy in
Baku", nor Herzog's visit from Netanyahu's: their sentences sit equally close to the question. The
names and actions themselves can. One curated table maps English, Arabic and Persian spellings of
the corpus's names (people, states, cities, organisations) and of the actions that carry dated or
counted facts (open an embassy, visit, sign, buy, recognise, …) to one concept id, so a question in
any language and a sentence in any other are compared on the same ids.

Matching runs on folded text (``rag.normalize.fold``), whole words only, with Arabic clitics
(و ف ب ل ك ال) allowed before a form and any ending after an Arabic/Persian form; English forms take
plain English endings, or any ending when written with a trailing ``*`` (``recogni*``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from rag.normalize import fold, fold_with_map

DATA = Path(__file__).resolve().parent / "data" / "lexicon.yaml"
_EN_ENDINGS = r"(?:'s|’s|s|es|i|is|ian|ians|n|ns|ed|d|ing)?"
_CLITICS = r"(?:و|ف)?(?:ب|ل|ك)?(?:ال|ل)?"
# A noun for the kind of place between a preposition and its name ('in the capital Baku').
_PLACE_NOUN = frozenset(fold(w) for w in "capital city town region province العاصمة عاصمة مدينة المدينة منطقة المنطقة"
                        " محافظة پایتخت شهر منطقه استان".split())
_WH = frozenset(fold(w) for w in "which what أي اي کدام کدوم".split())
# Two mentions written together, as one phrase: 'Iran's border', 'the Iranian border', 'مرز ایران', 'السفارة الإسرائيلية'
# (spoken Arabic may set a possessive word between: Maghrebi 'السفارة ديال إسرائيل', Egyptian 'بتاع', Tunisian 'متاع')
TOGETHER = re.compile(r"\s*(?:['’]s)?\s*(?:(?:ديال|نتاع|متاع|تاع|بتاع)\s+)?(?:ال)?")
# A border written with a state after 'with': 'the border with Iran', 'الحدود المشتركة مع إيران', 'مرز مشترک با ایران'
_BORDER_WITH = re.compile(r"\s*(?:(?:common|shared|المشتركه|مشتركه|مشترك)\s+)?(?:with|مع|با)\s+(?:the\s+)?(?:ال)?")
# Words that put a state beside the place, not at it: 'the state bordering Iran', 'الدولة المتاخمة لإيران'.
ADJACENT = frozenset(fold(w) for w in "bordering neighbouring neighboring adjacent المتاخمة المتاخم متاخمة المجاورة "
                      "المجاور مجاورة المحاذية المحاذي همسایه هم‌مرز هممرز همجوار".split())
_LOCATIVE_CLITICS = ("ب", "ل", "وب", "ول", "فب")
# A president's word without its article ('رئيس', Persian 'رئیس'), and the words after it that still make
# it a head of state ('رئيس الدولة', 'رئیس جمهوری', 'رئیس دولت'), folded.
_BARE_HEADS = frozenset({"رييس", "رييسه"})
_STATE_WORDS = frozenset({"الدوله", "دوله", "الجمهوريه", "جمهوريه", "البلاد", "جمهور", "جمهوري", "دولت"})
_WITH = frozenset(("with", "مع", "با"))
# 'from Israel', 'من إسرائيل', 'از اسرائیل': where traded goods come from ('كل من أذربيجان وإسرائيل' is 'both';
# 'بالقرب من إيران' is 'near'; 'يجعل من أذربيجان' is 'makes Azerbaijan'; 'قبل از آذربایجان' is 'before Azerbaijan')
_FROM = frozenset(("from", "من", "از"))
# In a question, a state named as the source or the share of traded goods is where they come from: 'السلاح الذي مصدره
# أذربيجان' (whose source is Azerbaijan), 'حصة أذربيجان من واردات إسرائيل' (Azerbaijan's share of Israel's imports),
# 'سهم آذربایجان از واردات اسرائیل', 'Azerbaijan's share of Israel's imports' (below). Folded.
_SOURCE_WORDS = frozenset(fold(w) for w in "مصدر مصدرها مصدره منشأ منشؤها منشأها مبدأ".split())
_SHARE_WORDS = frozenset(fold(w) for w in "حصة حصه سهم".split())
_SHARE_AFTER = re.compile(r"^\W*(['’]s\s+)?share\s+of\b")
# 'از ارمنستان حمایت میکرد' (supported Armenia), 'از باکو دیدار کرد' (visited Baku): Persian verbs whose object takes از
_NOT_FROM_AFTER = frozenset(fold(w) for w in "حمایت پشتیبانی دیدار بازدید استفاده دفاع انتقاد".split())
_BY = re.compile(r"\s+by\s+(?:the\s+)?", re.IGNORECASE)
_NOT_FROM = frozenset(fold(w) for w in "كل بالقرب قرب القريبة قريبة القريب قريب بدلا اكثر أكثر اقل أقل جعل جعلت يجعل تجعل "
                                       "رغم بالرغم قبل بعد پیش پس بیش بیشتر کمتر یکی حمایت بازدید دیدار استفاده "
                                       "apart aside away far".split())
# a Persian comparative ('جلوتر از آذربایجان', ahead of Azerbaijan; 'بزرگ‌تر از'): 'than', not 'from'
_COMPARATIVE = re.compile(r"\w{2,}\u200c?تر$")
_NOT_COMPARATIVE = frozenset(fold(w) for w in "دفتر دختر بستر چتر کبوتر اختر شتر دکتر تئاتر هلیکوپتر کامپیوتر".split())


def _not_from(word: str, preposition: str) -> bool:
    """The word before 'from' makes it no source: 'بالقرب من' (near), 'جلوتر از' (ahead of)."""
    return word in _NOT_FROM or preposition == "از" and bool(_COMPARATIVE.search(word)) and word not in _NOT_COMPARATIVE


# 'to meet what portion of Israel's oil needs', 'what share of its needs does the pipeline meet': to satisfy, no
# meeting (folded). Not across 'to', 'and', 'with' or 'about': 'meet Aliyev to discuss energy needs' is a meeting.
_NEEDS = re.compile(r"\b(needs?|requirements?|demands?)\b")
_NOT_NEEDS_LINK = re.compile(r"\b(to|and|with|about|on|discuss\w*)\b|[.,;:!?؟]")


def _meets_needs(folded: str, m: re.Match) -> bool:
    """The English 'meet' at ``m`` is to satisfy needs named right after it, or earlier in the question."""
    if not m["latin"].startswith(("meet", "met")):
        return False
    after = _NEEDS.search(folded, m.end(), m.end() + 60)
    before = [n for n in _NEEDS.finditer(folded, max(0, m.start() - 90), m.start())]
    span = (m.end(), after.start()) if after else (before[-1].end(), m.start()) if before else None
    return span is not None and not _NOT_NEEDS_LINK.search(folded, *span)


_WH_PLACE = frozenset(fold(w) for w in "which what city country town capital of the کدام کدوم شهر کشور پایتخت"
                      " أي اي مدينة دولة بلد عاصمة العاصمة المدينة".split())


@dataclass(frozen=True)
class Mention:
    """One concept found in a text; ``text[start:end]`` is the matched word."""

    concept: str
    kind: str  # "entity" or "trigger"
    type: str  # entity type (person, country, city, place, org); for triggers "action" or "object"
    start: int
    end: int
    locative: bool  # right after a locative preposition ("in", "في", "در") or clitic (بباكو)
    country: str | None = None  # the state a city is in, or the country itself
    partner: bool = False  # right after "with" / "مع" / "با": the one an event is with ("a treaty with Armenia")
    source: bool = False  # right after "from" / "من" / "از": where something comes from ("arms from Israel")


@dataclass(frozen=True, eq=False)
class Lexicon:
    entities: dict[str, dict]
    triggers: dict[str, dict]
    pattern: re.Pattern
    owners: dict[str, tuple[str, str]]  # folded form -> (concept, kind)
    locatives: frozenset[str]
    qualifiers: tuple[tuple[str, re.Pattern], ...]
    overview: tuple[re.Pattern, ...]
    greetings: re.Pattern  # any greeting phrase, longest first ('good morning' before 'good'), on folded text
    greeting_fillers: frozenset[str]  # words beside a greeting that ask nothing ('there', 'جزيلا')
    latin_forms: tuple[str, ...]  # longest first: a Latin match's owner is the first it starts with
    not_forms: frozenset[str] = frozenset()  # whole words that only look like clitic + form
    host_cues: tuple[str, ...] = ()  # folded: 'بدعوه من' before a person who invites, not acts
    pair: re.Pattern | None = None  # folded 'the two countries': names both topic states at once
    topic: re.Pattern | None = None  # folded 'to discuss', 'لبحث': what follows is a meeting's topic
    office_pattern: re.Pattern | None = None  # folded office forms, longest first
    office_of: dict[str, str] = field(default_factory=dict)  # folded form -> office concept
    roles: re.Pattern | None = None  # folded office words ('وزير', every `offices` form): a state beside one owns the person
    classes: tuple[tuple[str, re.Pattern], ...] = ()  # product / organisation class -> folded words naming it ('missile', 'شركة')
    paired: frozenset[str] = frozenset()  # folded forms that name their concept only beside another of its forms

    def name(self, concept: str, language: str = "en") -> str:
        """An entity's name for a reader: the first spelling in Arabic or Persian, else in English.
        Example: ('tel_aviv', 'en') -> 'Tel Aviv'; ('tel_aviv', 'ar') -> 'تل أبيب'."""
        row = self.entities[concept]
        if language in ("ar", "fa") and row.get(language):
            return str(row[language][0])
        name = str(row["en"][0])
        return name.title() if name.islower() else name

    def office_holders(self, text: str, mentions: list[Mention]) -> tuple[bool, list[Mention]]:
        """Whether ``text`` names an office, and the state mentions that say whose office it is
        ('رئیس‌جمهور آذربایجان', 'Israel's prime minister'): there the state is no place."""
        if self.roles is None:
            return False, []
        folded, origin = fold_with_map(text)
        origin = [*origin, len(text)]
        spans = [(origin[m.start()], origin[m.end() - 1] + 1) for m in self.roles.finditer(folded)]
        return bool(spans), states_beside(text, mentions, spans)

    def office_states_in(self, text: str, mentions: list[Mention], offices: frozenset[str]) -> set[str]:
        """The states whose ``offices`` a sentence names ('وزیر دفاع اسرائیل' -> {'israel'} for the defence
        minister); empty when it names such an office without its state."""
        spans = [(a, b) for concept, a, b in self.offices_in(text) if concept in offices]
        return {m.country or m.concept for m in states_beside(text, mentions, spans)}

    def office_holder_states(self, text: str, mentions: list[Mention]) -> tuple[bool, set[str]]:
        """Whether ``text`` names an office, and the states named right beside one: 'Who is Iran's
        foreign minister?' -> (True, {'iran'}); 'Which Israeli official visited India?' -> (True,
        {'israel'}) (India is where, not whose)."""
        named, holders = self.office_holders(text, mentions)
        return named, {m.country or m.concept for m in holders}

    def topic_start(self, text: str) -> int | None:
        """Where ``text`` starts saying what a meeting was about ('… meet to discuss energy'), in its own offsets."""
        if self.topic is None:
            return None
        folded, origin = fold_with_map(text)
        m = self.topic.search(folded)
        return None if m is None else origin[m.start()]

    def offices_in(self, text: str) -> list[tuple[str, int, int]]:
        """Offices named in ``text`` as (concept, start, end) in ``text``'s own offsets.
        Example: 'رئيس الوزراء الإسرائيلي' -> [('prime_minister', 0, 12)]."""
        if self.office_pattern is None:
            return []
        folded, origin = fold_with_map(text)
        origin = [*origin, len(text)]
        out = []
        for m in self.office_pattern.finditer(folded):
            concept = self.office_of.get(m.group()) or self.office_of.get(re.sub(rf"^{_CLITICS}", "", m.group()))
            if concept and self._heads_something(folded, m):
                continue
            if concept:  # 'الرئيس' and 'والرئيس' are 'رئيس' after their clitics
                out.append((concept, origin[m.start()], origin[m.end() - 1] + 1))
        # a deputy is an office only as another's ('نائب رئيس الوزراء', 'vice president'); alone 'نائب' is also a member
        # of parliament, and 'نائب رئيس البرلمان' is the speaker's deputy, which no office here names
        return [o for i, o in enumerate(out) if o[0] != "deputy"
                or i + 1 < len(out) and not text[o[2]:out[i + 1][1]].strip(" ًٌٍَُِّْـ")]

    def _heads_something(self, folded: str, m: re.Match) -> bool:
        """A bare 'رئيس' (no article) followed by a noun that is no state heads that noun: 'رئيس أمن
        السفارة' is the embassy's head of security, Persian 'رئیس حفاظت' a head of protection; 'رئيس
        إسرائيل', 'رئيس الكيان', 'رئيس الدولة' and 'الرئيس الأذربيجاني' are presidents."""
        if re.sub(r"^(?:و|ف)?(?:ب|ل|ك)?", "", m.group().strip()) not in _BARE_HEADS:
            return False
        following = folded[m.end():].lstrip()
        word = re.match(r"[\u0600-\u06FF]+", following)
        if word is None or word.group() in _STATE_WORDS:
            return False  # punctuation, a Latin name, or 'the state' itself
        known = self.pattern.match(following[:80])  # the lexicon's name starting that word, if any
        concept, kind = self.owners.get(known["arab"], ("", "")) if known and known["arab"] else ("", "")
        return kind != "entity" or self.entities[concept].get("type") not in ("country", "person", "host", "city")

    def class_spans(self, text: str, mentions: Sequence[Mention], reach: int = 1) -> list[tuple[str, int, int, frozenset[str]]]:
        """Each product or organisation class word in ``text`` with its offsets and the states written beside it (at
        most ``reach`` words away) as its maker: 'صواريخ اسكندر الروسية' -> ('missile', a, b, {'russia'})."""
        folded, origin = fold_with_map(text)
        origin = [*origin, len(text)]
        out = []
        for c, pattern in self.classes:
            for m in pattern.finditer(folded):
                a, b = origin[m.start()], origin[m.end() - 1] + 1
                out.append((c, a, b, frozenset(x.country or x.concept for x in mentions if x.type == "country" and not x.locative
                                               and ADJECTIVE.search(text[x.start:x.end])  # 'Israeli', 'الروسية'; not 'Israel'
                                               and len(_words(text, min(b, x.end), max(a, x.start))) <= reach)))
        return out

    def family(self, concept: str) -> str:
        """A person's family name concept ('ilham_aliyev' -> 'aliyev'); the concept itself otherwise."""
        return self.entities.get(concept, {}).get("family", concept)

    def families(self) -> dict[str, frozenset[str]]:
        """Family name concept -> the people of it the lexicon names in full ('aliyev' -> Heydar, Ilham)."""
        return _families(tuple((concept, entry.get("family")) for concept, entry in self.entities.items()))

    def compatible(self, actions: frozenset[str]) -> frozenset[str]:
        """Actions plus those that report the same event ('visit' -> 'visit', 'meet')."""
        return actions | frozenset(c for a in actions for c in self.triggers.get(a, {}).get("compatible", ()))

    def mentions(self, text: str, question: bool = False) -> list[Mention]:
        """Every concept in ``text`` (any script), in order, with offsets into ``text`` itself.
        Example: 'سفارة إسرائيلية في باكو' -> [embassy, israel, baku(locative, country=azerbaijan)]."""
        folded, origin = fold_with_map(text)
        origin = [*origin, len(text)]
        out: list[Mention] = []
        lam: list[bool] = []  # located only by a لـ clitic
        shares: list[bool] = []  # 'Azerbaijan's share of …'
        forms: list[str] = []
        for m in self.pattern.finditer(folded):
            if m.group().strip() in self.not_forms or m["latin"] and _meets_needs(folded, m):
                continue
            if m["latin"]:
                form = next(f for f in self.latin_forms if m["latin"].startswith(f))
                start = m.start("latin")
            else:
                form, start = m["arab"], m.start("arab")
            concept, kind = self.owners[form]
            head = folded[max(0, m.start() - 60):m.start()].split()[-7:]
            words = [w for w in head if any(ch.isalnum() for ch in w)]  # 'مع "إسرائيل"': the quote is no word
            partner = bool(words) and (words[-1] in _WITH or words[-2:] == ["with", "the"])
            next_word = folded[m.end():m.end() + 30].split()[:1]
            source = bool(words) and words[-1] in _FROM and not (len(words) > 1 and _not_from(words[-2], words[-1])) \
                and not (next_word and next_word[0] in _NOT_FROM_AFTER) \
                or question and bool(words) and words[-1] in _SOURCE_WORDS
            shares.append(question and (bool(words) and words[-1] in _SHARE_WORDS
                                        or bool(_SHARE_AFTER.match(folded[m.end():m.end() + 20]))))
            # 'in Israel', 'بباكو', and in a question over its wh-phrase: 'در کدام شهر اسرائیل' (in which city of
            # Israel). Only in questions: in articles the same words ('في دولة', 'the capital') read differently.
            # 'which Israeli city', 'أي مدينة إسرائيلية': the state of the place asked for is where it is
            asked_in = question and bool(head) and (
                (head[-1] in _WH and bool(next_word) and next_word[0] in _PLACE_NOUN)
                or (len(head) > 1 and head[-1] in _PLACE_NOUN and head[-2] in _WH))
            while question and head and head[-1] in _WH_PLACE:
                head.pop()
            if head[-2:] == ["republic", "of"]:  # 'the Republic of Azerbaijan' is Azerbaijan
                head = head[:-3] if head[-3:-2] == ["the"] else head[:-2]
            if len(head) > 1 and head[-1] == "of" and head[-2] in _PLACE_NOUN:
                head = head[:-1]  # 'in the capital of Azerbaijan' is in Azerbaijan
            elif len(head) > 2 and head[-2:] == ["of", "the"] and head[-3] in _PLACE_NOUN:
                head = head[:-2]  # '… of the Republic of Azerbaijan'
            if len(head) > 1 and head[-1] in _STATE_WORDS and head[-2] in self.locatives:
                head.pop()  # 'إلى دولة أذربيجان' (to the state of Azerbaijan) goes to Azerbaijan
            if head and head[-1] in _PLACE_NOUN:  # 'في العاصمة باكو', 'in the capital Baku'
                head = head[:-2] if len(head) > 1 and head[-2] == "the" else head[:-1]
            locative = bool(head and head[-1] in self.locatives) or (m["pre"] or "") in _LOCATIVE_CLITICS or asked_in
            if head and (head[-1] in ADJACENT or len(head) > 1 and head[-1] in self.locatives and head[-2] in ADJACENT):
                locative = False  # 'to the state bordering Iran' ('المتاخمة لإيران') goes to that state, not to Iran
            if question and out and not text[out[-1].end:origin[start]].strip() \
                    and self.entities.get(concept, {}).get("type") in (("city", "country") if m["latin"] else ("city",)) \
                    and self.triggers.get(out[-1].concept, {}).get("abroad"):
                # 'Israeli embassy Baku year?': a place written right after an embassy is where it is (in Arabic
                # and Persian a state there owns it: 'سفارة إسرائيل' is Israel's embassy)
                locative = True
            info = self.entities.get(concept) or self.triggers[concept]
            country = info.get("country") or (concept if info.get("type") == "country" else None)
            kind_of = info.get("type") or info.get("role", "object")
            if kind_of == "person" and folded[max(0, m.start() - 24):m.start()].rstrip().endswith(self.host_cues):
                kind_of = "host"  # 'at the invitation of Aliyev': named, but not the one acting
            out.append(Mention(concept, kind, kind_of, origin[start], origin[m.end() - 1] + 1, locative, country,
                               partner, source))
            lam.append(not (head and head[-1] in self.locatives) and (m["pre"] or "").endswith("ل"))
            forms.append(form)
        # '… share of Israel's imports' is what comes from it; '… share of Israel's arms sales' is what it buys
        for i, share in enumerate(shares):
            flow = next((x for x in out[i + 1:] if self.triggers.get(x.concept, {}).get("role") == "action"), None)
            if share and flow is not None and self.triggers.get(flow.concept, {}).get("traded") \
                    and not self.triggers[flow.concept].get("outward") and flow.concept != "sell":
                out[i] = replace(out[i], source=True)
        # 'لإسرائيل سفارة' (Israel has an embassy): a لـ state right before the thing is its owner, not a place
        for i in range(len(out) - 1):
            after = out[i + 1]
            if lam[i] and after.kind == "trigger" and after.type == "object" and not text[out[i].end:after.start].strip():
                out[i] = replace(out[i], locative=False)
        # 'near the Iranian border', 'قرب الحدود الإيرانية', 'نزدیک مرز ایران': a state written beside its
        # border is where the event is, not who acts
        for i in range(len(out)):
            if self.beside_its_border(out, i, text, question):
                out[i] = replace(out[i], locative=True, partner=False)
        # 'Azerbaijan supplies', 'Israel's exports', 'اسرائیل تأمین می‌کند', 'supplied by Azerbaijan': the state that gives
        # is where the goods come from (not one after the verb in Arabic or Persian: 'تزويد إسرائيل' supplies Israel)
        for i, state in enumerate(out):
            if state.type != "country":
                continue
            then, prior = out[i + 1] if i + 1 < len(out) else None, out[i - 1] if i else None
            if then is not None and self.triggers.get(then.concept, {}).get("outward") \
                    and TOGETHER.fullmatch(text[state.end:then.start]) \
                    or prior is not None and self.triggers.get(prior.concept, {}).get("outward") \
                    and _BY.fullmatch(text[prior.end:state.start]):
                out[i] = replace(state, source=True)
        if self.paired:
            # 'وقعت الحكومتان اتفاقية' (signed an agreement) but 'وقعت مواجهة', 'متى وقعت الحرب' (happened): a form
            # of two senses names its concept only where another of its forms says which
            said = {(m.concept, f) for m, f in zip(out, forms)}
            out = [m for m, f in zip(out, forms) if f not in self.paired
                   or any(c == m.concept and g not in self.paired for c, g in said)]
        return out

    def beside_its_border(self, mentions: Sequence[Mention], i: int, text: str, question: bool = False) -> bool:
        """A state written right beside a `place` trigger: 'the Iranian border', 'مرز ایران'. It locates the
        event but is no answer to 'where': '500 km from the Iranian border' does not put a base in Iran. In a
        question, also after 'with': 'drills near the border with Iran' ('الحدود مع إيران'); in an article that
        describes a state ('أذربيجان التي تجمعها حدود مشتركة مع إيران') and says nothing of where its event is."""
        m = mentions[i]
        for n in mentions[max(0, i - 1):i + 2] if m.type == "country" else ():
            a, b = (n, m) if n.start < m.start else (m, n)
            if n is not m and self.triggers.get(n.concept, {}).get("place") and (
                    TOGETHER.fullmatch(text[a.end:b.start])
                    or question and n is a and _BORDER_WITH.fullmatch(f" {fold(text[a.end:b.start])} ")):
                return True
        return False

    def qualifier_before(self, text: str, start: int) -> str | None:
        """The qualifier stated just before ``text[start:]`` ('more than 60%' -> 'more than').
        Looks at the four words before the value, so a PDF's broken 'بیش ( … از ۳۰۰۰' is missed
        rather than guessed."""
        window = " ".join(fold(text[:start]).split()[-4:])
        best: tuple[int, str] | None = None
        for key, pat in self.qualifiers:
            for m in pat.finditer(window):
                if best is None or m.end() > best[0]:
                    best = (m.end(), key)
        return best[1] if best and len(window) - best[0] <= 12 else None


def states_beside(text: str, mentions: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
    """The state mentions that say whose office one of ``spans`` is. A لـ after an office is 'of' ('الرئيس
    الأسبق لدولة الاحتلال', the former president of Israel), not a place."""
    return [m for m in mentions if m.type == "country" and (not m.locative or text[m.start - 1:m.start] == "ل")
            and any(_beside(text, mentions, m, a, b) for a, b in spans)]


def _words(text: str, start: int, end: int) -> list[str]:
    """The words of ``text[start:end]`` that count between two names: not a possessive ''s' nor a clitic left by
    the next name's span ('ال' of 'الروسية' in 'صواريخ اسكندر الروسية')."""
    return [w for w in re.findall(r"\w+", re.sub(r"['’]s\b", "", text[start:end])) if len(w) > 2]


def _beside(text: str, mentions: list[Mention], m: Mention, a: int, b: int) -> bool:
    """The state mention ``m`` says whose office ``text[a:b]`` is. English puts the state before the office
    ('Azerbaijan's defence minister') or after 'of'; Arabic and Persian after it ('وزير الدفاع الأذربيجاني',
    'وزیر خارجه روسیه', 'رئيس إسرائيل')."""
    latin = len(re.findall(r"[A-Za-z]", text)) > len(re.findall(r"[\u0600-\u06FF]", text))  # English text
    if m.end <= a:
        return latin and len(_words(text, m.end, a)) <= 1
    gap = _words(text, b, m.start)
    first = not any(o.type == "country" and b <= o.start < m.start for o in mentions)  # the nearest state only
    # ('of' is too short for _words(): 'president of the United States' leaves ['the'])
    return m.start >= b and first and (gap in ([], ["the"]) if latin else len(gap) <= 1)


# A state's adjective (nisba): 'Israeli', 'Russian', 'إسرائيلي', 'الروسية', 'اسرائیلی'.
ADJECTIVE = re.compile(r"(i|ian|ese|ish)$|(ي|ية|يه|ی)$", re.IGNORECASE)


def _latin(form: str) -> bool:
    return bool(re.match(r"[a-z]", form))


def _alternation(words, clitics: str = "") -> re.Pattern | None:
    """Whole folded words, longest first (after optional clitics); None when there are none."""
    forms = sorted({fold(w) for w in words}, key=len, reverse=True)
    pre = f"(?:{clitics})?" if clitics else ""
    return re.compile(rf"(?<!\w){pre}(?:{'|'.join(map(re.escape, forms))})(?!\w)") if forms else None


@lru_cache(maxsize=4)
def _families(members: tuple[tuple[str, str | None], ...]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for concept, family in members:
        if family:
            out.setdefault(family, set()).add(concept)
    return {family: frozenset(people) for family, people in out.items()}


@lru_cache(maxsize=4)
def load_lexicon(path: Path = DATA) -> Lexicon:
    # libyaml's C loader when present: the pure-Python one took ~0.7 s of the first question
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    owners: dict[str, tuple[str, str]] = {}
    for kind, table in (("entity", data["entities"]), ("trigger", data["triggers"])):
        for concept, row in table.items():
            for lang in ("en", "ar", "fa"):
                for form in row.get(lang, []):
                    owners.setdefault(fold(str(form)), (concept, kind))
                    if lang == "fa" and " " in str(form):  # Persian joins words by a space, a ZWNJ (folded away) or nothing
                        owners.setdefault(fold(str(form)).replace(" ", ""), (concept, kind))
    offices = {fold(str(f)): concept for concept, row in data.get("offices", {}).items()
               for lang in ("en", "ar", "fa") for f in row.get(lang, [])}
    by_length = sorted(owners, key=len, reverse=True)
    lat = "|".join(re.escape(f.rstrip("*")) + (r"[a-z]*" if f.endswith("*") else _EN_ENDINGS)
                   for f in by_length if _latin(f))
    ara = "|".join(re.escape(f) for f in by_length if not _latin(f))
    pattern = re.compile(rf"(?<![\w])(?:(?P<latin>{lat})(?![a-z])|(?P<pre>{_CLITICS})(?P<arab>{ara})\w*)")
    # A Latin match includes its ending: its owner is the longest form it starts with.
    latin_owner = {f.rstrip("*"): owners[f] for f in by_length if _latin(f)}
    return Lexicon(
        entities=data["entities"], triggers=data["triggers"], pattern=pattern,
        owners={f: v for f, v in owners.items() if not _latin(f)} | latin_owner,
        locatives=frozenset(fold(w) for ws in data["locatives"].values() for w in ws),
        qualifiers=tuple((key, re.compile("|".join(rf"(?<!\w){re.escape(fold(f))}(?!\w)"
                                                    for forms in row.values() for f in forms)))
                         for key, row in data["qualifiers"].items()),
        overview=tuple(re.compile(p) for ps in data["overview"].values() for p in ps),
        greetings=re.compile(r"(?<!\S)(?:" + "|".join(
            re.escape(g) for g in sorted({fold(g) for gs in data["greetings"].values() for g in gs}, key=len, reverse=True))
            + r")(?!\S)"),
        greeting_fillers=frozenset(fold(w) for ws in data["greeting_fillers"].values() for w in ws),
        latin_forms=tuple(latin_owner),
        not_forms=frozenset(fold(w) for w in data.get("not_forms", ())),
        host_cues=tuple(fold(w) for w in data.get("host_cues", ())),
        roles=_alternation([*data.get("roles", ()), *offices]),
        pair=_alternation(data.get("pair_cues", ()), _CLITICS),
        topic=_alternation(data.get("topic_cues", ())),
        office_pattern=_alternation(offices, _CLITICS), office_of=offices,
        classes=tuple((c, re.compile("|".join(re.escape(fold(str(w))) for w in ws)))
                      for c, ws in data.get("classes", {}).items()),
        paired=frozenset(fold(str(f)) for row in data["triggers"].values() for f in row.get("paired", ())),
    )


# The Arabic article (and clitics before it) is not part of a name's consonants: 'الأمازون', 'والأمازون'.
_ARTICLE = re.compile(r"^(و|ف)?(ب|ل|ك)?ال(?=\w{3})")


def skeleton(word: str) -> str:
    """A name's consonants, the same across scripts (via ``anyascii``): the vowels Arabic and
    Persian leave unwritten are dropped from every spelling, and the sounds Arabic writes with a
    neighbour letter are merged (p as b, v as f; g, j, k and q, which Arabic writes as غ ج ك ق by habit).
    Example: 'Gantz' -> 'knts', 'غانتس' -> 'knts', 'گانتز' -> 'knts', 'Panthers' -> 'bntrs', 'بانثرز' -> 'bntrs'."""
    from anyascii import anyascii

    if not word.isascii():
        word = _ARTICLE.sub("", word, count=1) if len(word) > 4 else word
    s = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for a, b in (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "c"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                 ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("z", "s"), ("j", "k"), ("g", "k"), ("p", "b"), ("v", "f")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouwyh]", "", s))  # 'Manning' -> 'mng', as 'مانينغ'


def _forms(s: str) -> set[str]:
    """A skeleton and its looser spellings: without f (Persian writes v as و, a vowel letter here)
    and without a plural s ('Broncos' / 'برونكو')."""
    out = {s, s.replace("f", "")}
    return out | {f[:-1] for f in out if f.endswith("s")}


def _english_stems(s: str) -> set[str]:
    """An English name's skeleton without a suffix English adds and Arabic or Persian writes otherwise:
    'Hinduism' / 'الهندوسية', 'Tibetan' / 'التبتية', 'Buddhist', 'Islamic'. A stem keeps three
    consonants, so short words ('بعد') are not matched."""
    return {s[:-len(x)] for x in ("sm", "m", "st", "n", "k")
            if s.endswith(x) and len(s) - len(x) >= 3 and (x != "m" or s.endswith("sm"))}


def _close(a: str, b: str) -> bool:
    """Equal skeletons (or looser forms of them), or within one edit when both have 5+ consonants:
    a short one within one edit matches too many words ('Metro' mtr ~ موطن mtn, homeland). Two
    consonants are enough for equality ('Allen' / 'آلن'): a name wrongly found only lets an answer
    through that would be given without the check."""
    if a == b:
        return len(a) >= 2
    if len(a) >= 2 and len(b) >= 2 and {f for f in _forms(a) if len(f) >= 2} & _forms(b):
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def names_in(text: str, names: tuple[str, ...]) -> set[str]:
    """Which of ``names`` ``text`` states: as written, or spelled with the same consonants in another
    script. Example: ('Gantz',) in 'بنی گانتز' -> {'Gantz'}; ('لابيد',) in 'ولابيد' -> {'لابيد'}."""
    lower = text.lower()
    words = re.findall(r"\w+", text)
    found = set()
    folded = None
    for name in names:
        if (digits := re.sub(r"\D", "", name)) and name.isascii():
            # a designation ('F-35') is stated by its number in any script ('إف-35', 'اف ۳۵')
            folded = folded if folded is not None else fold(text)
            if re.search(rf"(?<!\d){digits}(?!\d)", folded):
                found.add(name)
            continue
        if name.isascii() and re.search(rf"(?<![a-z]){re.escape(name.lower())}", lower):
            found.add(name)
            continue
        if not name.isascii():  # an Arabic-script name: as written (after folding), clitics allowed
            folded = folded if folded is not None else fold(text)
            if re.search(rf"(?<!\w)(و|ف)?(ب|ل|ك)?{re.escape(fold(name))}(?!\w)", folded):
                found.add(name)
                continue
        target = skeleton(name)
        stems = _english_stems(target) if name.isascii() else set()  # equal only, no looser form on top
        if any(_close(target, skeleton(w)) or skeleton(w) in stems for w in words if not w.isascii()):
            found.add(name)
    return found
