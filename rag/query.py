"""A question, parsed once: its language, what it asks for, its words, values and concepts.

Every later stage (retrieval, evidence, claims, the answer's wording) reads this frozen ``Query``
instead of re-reading the raw string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rag.countries import states_named
from rag.language import question_language
from rag.lexicon import Mention, load_lexicon
from rag.normalize import STOPWORDS, arabic_stem, fold, fold_with_map, tokenize, tokenize_query
from rag.segment import spans_ending_at
from rag.types import AskedFor, Language, ValueKind
from rag.values import extract_values

# Cue phrases per kind, matched on folded text (so أ/ا, ی/ي, ک/ك variants all match).
# A percent cue wins; otherwise the cue that comes first in the question decides
# ("how many years … when" asks for a number, "when … how many" for a date, "who was the leader
# when …" for a statement).
_CUES: list[tuple[ValueKind, list[str]]] = [
    ("text", [
        r"^\s*(who|whom|whose|which (person|country|countries|company|companies|leader|pres(ident)?|min(ister)?|article|party))\b",
        r"^\s*(why|how (did|does|do|has|have|is|are)|what (role|kind|type|was the reason|reason|(did|does|do)(?!.*\bcost\b)))\b",
        r"^\s*(و)?(من (هو|هي|هم|كان|كانت)|لماذا|كيف|ما (الذي|دور|سبب|هو|هي)"
        # (not 'ما هو تاريخ …', 'ما هو العام الذي …': a date asked formally. A count or a sum asked so is a value
        # question only when it names what the lexicon knows: see _FRAMED_COUNT)
        r"(?! (ال)?(تاريخ|عام|سنه|موعد)(?!\w)))", r"^\s*(و)?(چه كسي|چرا|چگونه|نقش)", r"\bكيست\b",
    ]),
    ("percent", [
        r"\bpercent(age)?s?\b", r"\bshare\b", r"(?<!\bat )\bstakes?\b", r"\bproportion\b", r"(?<!\d)(?<!\d )%",
        r"\b(what|which) (fraction|portion|slice)\b",
        r"نسبه", r"(?<!\d )(ب|في )الم(ي|ا|اي)ه\b", r"(?<!\d)(?<!\d )٪", r"حصه",  # 'بالمئة', 'في المائة' as folded (ئ -> ي)
        r"(?<!\d )فيصد",  # Dari 'فیصد' (percent)
        r"(?<!\d )درصد", r"(?<!\w)سهم(ي|ش|شان)?(?!\w)",  # not a share the question states ('more than 60% of …');
        # 'سهم' as a word: inside one it is Arabic 'أسهمت' (contributed)
        # 'how much of Israel's petrol', 'كم تمثل من', 'ما الجزء', 'چه بخشی': a part of a whole
        r"\bhow much of\b", r"كم (تمثل|يمثل|تشكل|يشكل)\b", r"(ما|اي) (ال)?جزء\b", r"چه (بخشي|قسمتي|مقدار از|كسري)",
    ]),
    ("date", [
        r"\bwhen\b", r"\bwhat (\w+ )?(year|yr|date|month|day)\b", r"\bwhich (\w+ )?(year|yr|date|month)\b", r"\bin what year\b",
        r"\bwhat (was|is|were|are) (the|its|their) (\w+ )?(year|yr|date|month|day)\b",  # 'what was the exact date'
        r"\bsince when\b", r"\bhow long ago\b", r"\b(what|which) years\b", r"\bwhat period\b",
        r"^(?!.*\b(what|which|who|how|why|where)\b).*\b(year|yr|date|month)\W*$",  # 'Israeli embassy Baku year?'
        r"ما السنوات", r"(في )?اي السنوات", r"اي سنوات", r"چه سالهايي",
        # 'متي' as a word: not inside 'الحكومتين' (the two governments)
        r"(?<!\w)(و|ف)?متي(?!\w)", r"(?<!\w)(ا|اي)متي(?!\w)", r"(في |(?<!\w)ب)اي (عام|سنه|شهر|تاريخ|يوم)",
        r"ما (هو |هي )?(ال)?(تاريخ|العام|السنه)",
        r"اي (عام|سنه)",
        r"منذ متي", r"(?<!\w)(ال)?موعد(?!\w)",  # (ا|اي)متي: 'إمتى', 'إيمتى', when, spoken
        r"(?<!\w)(سنه|عام) كا?م(?!\w)",  # spoken 'سنة كم', 'سنة كام' (which year; 'كم' alone asks how many)
        r"\bكي\b(?! (رهبري|رياست|مديريت|فرماندهي|سرپرستي)\w*)", r"چه (زماني|سالي|تاريخي|ماهي|وقتي|روزي)",
        r"چه وقت\b",  # Dari 'چه وقت' (when)
        r"(?<!\w)(فوقاش|فوقتاش|امتا)(?!\w)",  # Maghrebi (when)
        r"(?<!\w)(شو|شنو|ايش|وش|اش|اشنو|ايه) (هو |هي )?(ال)?(تاريخ|العام|السنه)(?!\w)",  # spoken 'what is the date'
        r"در چه (سال|ماه|تاريخ)", r"كدام (سال|ماه)",
        r"(?<!\w)تاريخ\w* (\w+ )?(چه|چي|چيست|چيه)(?!\w)",  # 'تاریخ دقیقش چه بود' (what was its exact date)
        r"از چه (زمان|سال)", r"چه سال", r"چه بازه", r"(ما|في اي) الفتره", r"(در )?چه دوره",
    ]),
    ("number", [
        r"\bhow (many|much|far|long|big|large|tall|high|old|wide|deep)\b", r"\bnumber of\b", r"\bsize of\b",
        r"\bwhat (was|is|were|are) the (\w+ )?(size|value|amount|number|volume)\b", r"\bdistance\b",
        r"\bwhat did (\w+ ){1,6}cost\b",
        # a request: 'I'd like to know the annual trade volume …', 'tell me the number of …'
        r"\b(know|tell me|tell us|give me|find out) (the |its |their )?([\w-]+ ){0,3}(volume|amount|number|size|value|total)\b",
        r"\bب?كم\b", r"(?<!\w)(ف|و)?كام(?!\w)", r"(?<!\w)(ب|ال)?عدد(?!\w)",  # Egyptian 'كام' (how many)
        r"\bما (ال)?قيمه\b", r"\bحجم\b", r"\b(ال)?مسافه\b",
        r"(?<!\w)(ب)?(شحال|قداش)(?!\w)",  # Maghrebi (how many, how much)
        r"\bچند(تا)?\b", r"\bچقدر(ه)?\b", r"(?<!\w)قديش(?!\w)", r"چه مبلغ", r"\bتعداد\b", r"\bميزان\b", r"\bارزش\b",
        r"چه مدت", r"چه مقدار", r"\bفاصله\b",  # spoken: 'چندتا', 'چقدره', 'قديش' (how many, how much)
    ]),
]


def _spoken(pattern: str) -> str:
    """Spoken Persian writes 'کدوم' for 'کدام' (which): every pattern reads both."""
    return pattern.replace("كدام", "كد(?:ا|و)م")


_COMPILED = [(kind, [re.compile(_spoken(p)) for p in pats]) for kind, pats in _CUES]


@dataclass(frozen=True, eq=False)
class Query:
    """The question as every stage needs it. ``language`` is 'other' for an unsupported language."""

    text: str
    language: Language
    asked_for: AskedFor
    tokens: tuple[str, ...]  # BM25 tokens (folded, stemmed)
    content: frozenset[str]  # content words: tokens that are not digits
    given: frozenset[str]  # values the question states itself ("…the 44-day war"): context, not answers
    mentions: tuple[Mention, ...]  # lexicon concepts (names, actions) with their roles
    greeting: bool  # "Hello", "شكرا": nothing to look up
    names: tuple[str, ...] = ()  # names the lexicon does not know ("Sky Striker", "Macron"): must be found
    given_dates: frozenset[str] = frozenset()  # those of them that are dates ('in 2016'; not 'three years')
    counting: bool = False  # "how many …": a count, never a percentage or a sum of money
    worth: bool = False  # "how much was it worth": an amount, never a percentage
    unit: str | None = None  # the time unit a count asks for ("how many years" -> 'year')
    counted: str | None = None  # the thing a count asks for, folded and without the article ("stations", "يهود")
    answer_type: str | None = None  # "who" -> 'person' ("who invited" -> 'host'), "where" -> 'place', "which route"
    # -> 'route', "which company" -> 'org'
    names_office: bool = False  # "Who is the ambassador …?": an office holder is asked for
    office_states: frozenset[str] = frozenset()  # states named beside that office ("Iran's foreign minister" -> iran)
    wants_month: bool = False  # "in which month …": a bare year does not answer it
    plural: bool = False  # 'Which presidents…?', 'What weapons…?': several names answer it, a list, no disagreement
    states: frozenset[str] = frozenset()  # states named that the lexicon does not know ('France'; rag.countries)
    named_words: frozenset[str] = frozenset()  # tokens of the names the lexicon knows ('armenia'): not what is asked
    premise: int = 0  # where a premise the question opens with ends ('Given that …, when …'): background, not asked
    focus: tuple[int, int] | None = None  # the sentence a message of several asks in, when it tells its own event
    checks: tuple[tuple[int, int], ...] = ()  # the other sentences that end with '?': the asker's guesses
    premised: frozenset[str] = frozenset()  # the values only that premise states: no period the answer must be of
    own_role: bool = False  # 'Which Russian official …', 'مَن المسؤول …': the asked person's role is named first
    described: frozenset[str] = frozenset()  # 'Who called Azerbaijan's president …?': the acted-on office's states
    vector: np.ndarray | None = None

    @property
    def reply_language(self) -> Language:
        """The language answers are written in: the question's, English when unsupported."""
        return "en" if self.language == "other" else self.language


def date_cue(folded: str, pos: int = 0) -> int | None:
    """Where the first word asking for a date starts in ``folded`` at or after ``pos`` ('… کی به اسرائیل رفت')."""
    starts = [m.start() for kind, patterns in _COMPILED if kind == "date" for p in patterns if (m := p.search(folded, pos))]
    return min(starts, default=None)


# 'When Western airlines suspended flights, …': a clause setting the time, not the question (folded)
_WHEN_CLAUSE = re.compile(r"\s*when\s+(?!(did|was|were|is|are|does|do|has|have|had|will|would|could|can)\b)[^,?]*,\s*")


def asked_kind(question: str) -> ValueKind:
    """Example: 'When did…?' -> 'date'; 'كم يهوديا…؟' -> 'number'; 'چند درصد…؟' -> 'percent'; 'Who…?' -> 'text'."""
    folded = fold(question)
    if (clause := _WHEN_CLAUSE.match(folded)) and any(p.search(folded, clause.end()) for _, ps in _COMPILED for p in ps):
        return asked_kind(folded[clause.end():])  # 'When airlines stopped flying, by how much did…?' asks the rest
    first: dict[ValueKind, int] = {}
    for kind, patterns in _COMPILED:
        positions = [m.start() for p in patterns if (m := p.search(folded))]
        if positions:
            first[kind] = min(positions)
    if "percent" in first:
        return "percent"
    # 'What weapon did the gunman use when the embassy was attacked?' asks for a name: the value cue
    # comes after the words that say what kind of name
    named = [m.start() for _, pattern in _ANSWER_TYPE_PATTERNS if (m := pattern.search(folded))]
    if named and first and min(named) < min(first.values()):
        return "text"
    return min(first, key=lambda kind: first[kind]) if first else "text"


_COUNT = re.compile(r"\bhow many\b(?! ((million|billion|thousand) )?(dollars|usd)\b)|\bnumber of\b|كم عدد|\bعدد\b"
                    r"|\bتعداد\b|\bچند(تا)? (?!درصد|دا?لار|(ميليارد|ميليون|هزار) دا?لار)"  # 'چند میلیارد دلار': a sum, not a count
                    r"|(?<!\w)(ف|و)?كا?م (?!(تبلغ|يبلغ|بلغت|بلغ|كانت|كان|هي|هو|نسبه|قيمه|مبلغ|حجم|تمثل|يمثل|تشكل|يشكل"
                    r"|كلفت|كلف|تكلف|تكلفت|يكلف|كلفه|تكلفه|دولار|(مليار|مليون|الف) دولار)\b)")
# ('كم طائرة' counts drones)
# 'By how much did the number of visitors rise?' asks for a change, which may be a share ('50%')
# (and 'how much did … rise': 'قديش زاد عدد السياح'; 'to what extent', 'إلى أي حد', 'تا چه حد')
_BY_HOW_MUCH = re.compile(r"\bby how much\b|(?<!\w)بكم(?!\w)|\bto what extent\b|(?<!\w)(الي|ل) اي (حد|مدي)(?!\w)|تا چه حد"
                          r"|(?<!\w)(قديش|كم|كام) (زاد|زادت|ارتفع|ارتفعت|نما|نمت)(?!\w)|چقدر (زياد|افزايش|بيشتر)"
                          r"|(?<!\w)(زاد|زادت|ارتفع|ارتفعت|نما|نمت) (ب)?(قديش|كم|كام)(?!\w)")  # 'زادت كم' (rose by how much)
_WORTH = re.compile(r"\bworth\b|\bvalue of\b|\bcost\b|\bقيمه\b|\bارزش\b"
                    r"|(?<!\w)(كلفت|كلف|تكلف|تكلفت|يكلف|كلفه|تكلفه|هزينه)(?!\w)")  # 'كم كلفت', 'هزینه': what it cost
_MONTH = re.compile(r"\b(which|what) month\b|اي شهر|في اي شهر|چه ماه|كدام ماه|در چه ماه")
# Capitalised words that are not names: they do not have to be found in the evidence.
_NOT_NAMES = frozenset("""
i a an the what when where who whom whose which why how did do does is are was were will in on of to and or
muslim muslims shia shiite sunni christian jewish islamic arab arabs arabic persian english president prime
minister ministry foreign defense defence republic state states united union army air force day cold mr dr
ad bc western eastern northern southern european middle east gulf israeli azerbaijani iranian turkish
russian american soviet jews jew article articles hebrew
kindly please pls plz thanks thank hello hi hey dear sir madam tell could would can
january february march april may june july august september october november december
""".split())


_UNITS = {  # folded; a count followed by one of these counts time, not things
    "year": r"years?|yrs?|سنه|سنوات|سنين|عام|عاما|اعوام|سال|سالها|ساله|عامين|عامان|سنتين",  # ساله: '12-year'
    "month": r"months?|شهر|شهرا|اشهر|شهور|ماه|ماهها|ماهه|شهرين|شهران",
    "day": r"days?|يوم|يوما|ايام|روز|روزها|روزه|يومين|يومان",  # 'جنگ ۴۴ روزه': the 44-day war
}
# Things whose name an English question may ask ('the name of the ship'): no person answers it.
_THINGS = ("ship|vessel|boat|company|firm|operation|base|plan|agreement|treaty|city|town|village|region|newspaper|magazine"
           "|website|party|group|missile|drone|system|project|programme|program|war|book|report|pipeline|settlement")
_ANSWER_TYPES = [  # folded question openings -> the kind of name that answers them
    ("person", r"(^|[.!?؟;]\s*|\b(if not|otherwise|or else|then|so),?\s+)(who|whom|whose)\b"  # 'If not, who led it?'
               # asked indirectly: 'Could you tell me who …', 'I wonder who …', 'هل لك أن تخبرني من …'
               r"|\b(tell me|tell us|know|wonder|wondering|find out|remind me) (who|whom|whose)\b"
               r"|(?<!\w)(تخبرني|تخبرنا|اخبرني|اخبرنا|اعرف|تعرف|نعرف|يعرف) (من|مين)(?!\w)"
               r"|\bwhich (\w+ ){0,3}(person|people|leader|pres(ident)?|min(ister)?"
               r"|official|politician|ambassador|general|spokes(man|woman|person)|businessman|analyst|expert|commander|officer|diplomat"
               r"|journalist|researcher|lawmaker|deputy|aide|advis[eo]r|member(?!s? (state|countr)))s?\b"
               rf"|\bname of\b(?! (the |that |this |an? )?(\w+ ){{0,2}}({_THINGS})\b)"
               rf"|^\W*name (the|an?)\b(?! (\w+ ){{0,2}}({_THINGS})s?\b)"  # a quiz's 'Name the Israeli ambassador who …'
               rf"|^(?!.*\b({_THINGS})s?\b).*\b(name|called)\W*$"  # 'Israeli ambassador in Baku - name?'
               r"|(^|[.!?؟;]\s*)(و)?من (هو|هي|هم|الذي|التي|الذين|وصف|قال)\b"
               r"|(^|[.!?؟;]\s*)(و)?(مين|منو|شكون)\b(?! (ال)?(شركه|دوله|بلد|صحيفه|موقع|حزب)\b)"  # Maghrebi 'شكون' (who)
               r"|\b(after|before) (who|whom)\W*$|(?<!\w)(بعد|قبل) (مين|من)\s*[?؟]?\s*$"
               r"|(^|[.!?؟;]\s*)(و)?من (?!(اين|بين|اجل|اي|خلال|قبل|بعد|حيث)\b)\w{3,}\b|(^|[.!?؟;]\s*)(و)?بمن\b"
               r"|كه (بود|است)\s*[?؟]?\s*$"
               r"|(?<!\w)كي (رهبري|رياست|مديريت|فرماندهي|سرپرستي)"  # spoken 'رو کی رهبری میکرد' (who led it)
               r"|\b(ما|ما هو|شو|شنو|ايش|وش) اسم\b(?! (ال)?(سفينه|شركه|قاعده|عمليه|خطه|اتفاقيه|معاهده|مدينه|صحيفه|موقع|حزب"
               r"|مجموعه|صاروخ|طايره|منظومه|مشروع|حرب|كتاب|تقرير|خط|مجله|منطقه|قريه|دوله|بلد)\b)"
               r"|(اي|ما) (وزير|رييس|مسوول)|چه كسي|\bكيست\b|كدام (وزير|رييس|روساي|نخست ?وزير|مقام|شخص|تحليلگر|كارشناس|فرمانده|رهبر"
               r"|ديپلمات|نماينده|دستيار|مشاور)"
               r"|(نام|(?<!\w)(?<!ما )(?<!هو )(?<!شو )(?<!ايش )اسم(?= (?!ال)))"
               r" (?!(كشتي|شركت|پايگاه|عمليات|طرح|توافق|پيمان|شهر|روستا"
               r"|منطقه|روزنامه|مجله|حزب|گروه|موشك"
               r"|پهپاد|سامانه|پروژه|جنگ|كتاب))"),
    # 'Which country buys most?' asks for a state as the one acting; 'in which country' asks where
    ("state", r"(?<!\bin )\b(which|what) (country|countries|state)\b(?! (is|are) (it|they|this|that) in\b)"
              r"|(?<!في )(?<!\w)(ف|و)?(اي|ما|مين|شو|انهي) (الدوله|دوله|البلد|بلد)\b|(?<!در )\bكدام (كشور|دولت)(ه|ي)?\b"),
    ("route", r"\bwhich (route|pipeline|way)\b|\bthrough which\b|(اي|ما) (طريق|مسار|خط)|(چه|كدام) (مسير|راه|خط)"),
    ("place", r"(^|[,;:]\s*)where\b|\bwhere\W*$|\bin which (city|country|place)\b|\bwhich (city|country|route)\b"
              r"|\b(which|what) \w+ (city|town)\b"
              # not 'واينت' (Ynet); spoken 'وين', 'فين' (where)
              r"|^\s*(و)?(اين\b|في اي مدينه)|(?<!\w)(وين|فين)\s*[?؟]?\s*$|^\s*(وين|فين)\b"
              r"|اي مدينه|في اي (دوله|بلد)|كجا|كدام (شهر|منطقه|استان)|در كدام (شهر|كشور)|از چه مسيري"),
    ("org", r"\b(which|what) ([\w-]+ )?(company|companies|firm|manufacturer|organi[sz]ation|institute|newspaper|paper|website"
            r"|site|outlet|agency|magazine|daily|publication)\b"
            r"|(ما|اي|مين|شو|انهي) (اسم )?(ال)?(شركه|شركات|صحيفه|موقع|وكاله|مجله|نشره)"
            r"|كدام (شركت|روزنامه|وبسايت|سايت|خبرگزاري|مجله|نشريه)"),
    # 'What type of missiles…?': a named weapon or system
    ("product", r"\b(what|which) ((type|kind|model|make|sort)s? of )?(\w+ ){0,2}(missiles?|drones?|rockets?|weapons?|guns?"
                r"|rifles?|aircraft"
                r"|planes?|(air )?defen[cs]e systems?)\b|(اي|ما) (نوع|انواع|طراز) (من )?(ال)?(صواريخ|صاروخ|طايرات|طائرات|مسيرات"
                r"|منظومه|منظومات|سلاح|اسلحه)|(?<!\w)(ب)?(اي|ما) (ال)?(صواريخ|صاروخ|منظومه|سلاح|اسلحه)"
                r"|(چه|كدام) (نوع|مدل) (از )?(موشك|پهپاد|هواپيما|سامانه"
                r"|سلاح|تسليحات)|(چه|كدام) (موشك|پهپاد|سامانه|سلاح)"),
]


_ANSWER_TYPE_PATTERNS = [(kind, re.compile(_spoken(pattern))) for kind, pattern in _ANSWER_TYPES]
# 'حزبی که لیبرمن رهبری‌اش را داشت … چه نام داشت؟', 'الحزب الذي … ما اسمه؟': a question that opens with the thing whose
# name it asks (a party, a company, a ship …) asks for no person. Folded.
_THING_FIRST = re.compile(r"^\s*(ال)?(?P<ar>حزب|شركه|سفينه|قاعده|صحيفه|مجله|مشروع|خطه|عمليه|منظومه|مدينه|منطقه"
                          r"|مجموعه)\s+(الذي|التي)\b"
                          r"|^\s*(?P<fa>حزب|شركت|كشتي|پايگاه|روزنامه|مجله|پروژه|طرح|عمليات|سامانه|شهر|منطقه|گروه)(ي|اي)?\s+كه\b"
                          r"|^\s*the (?P<en>party|company|firm|ship|base|newspaper|magazine|project|plan|operation|system|city"
                          r"|region|group) (that|which)\b")


def answer_phrase(text: str, kind: str) -> tuple[int, int] | None:
    """Where the question names the kind of name that answers it, in its own text: 'What weapon was used in
    the attack…?', 'product' -> (0, 11). Read only for the kinds that need it (a second fold, with offsets)."""
    folded, origin = fold_with_map(text)
    origin = [*origin, len(text)]
    m = next((m for k, pattern in _ANSWER_TYPE_PATTERNS if k == kind and (m := pattern.search(folded))), None)
    return (origin[m.start()], origin[max(m.end() - 1, m.start())] + 1) if m else None


# A question asking for several names: 'Which Israeli presidents visited…?', 'ما الأسلحة التي…', 'چه سلاح‌هایی…'.
_PLURAL = re.compile(
    r"\b(which|what) (\w+ ){0,2}(countries|states|companies|firms|weapons|missiles|drones|rockets|systems|presidents"
    r"|ministers|leaders|officials|politicians|people|cities|organi[sz]ations|newspapers|magazines)\b"
    r"|(?<!\w)(ما|ما هي|ماهي|اي|انهي) (ال)?(دول|شركات|اسلحه|صواريخ|طايرات|منظومات|روساء|وزراء|مسوولين|مسوولون|قاده|مدن)(?!\w)"
    r"|(?<!\w)(چه|كدام) \w+(ها|هاي|هايي)(?!\w)|(?<!\w)(چه كساني|من هم|كدام روساي)(?!\w)")
_PERSIAN_THIS = re.compile(r"^\s*و?این(?!\w)")
# "Who invited Herzog?" is answered by the host named after "at the invitation of".
_INVITES = re.compile(r"\binvit|(?<!\w)(دعا|دعت|دعاه|دعوه|دعوت)(?!\w)")
# 'Who is the biggest customer of Israel's arms industry?': a buyer or seller is a state (or a company), not a person
_TRADER = re.compile("|".join(rf"(?<!\w){re.escape(fold(w))}(?!\w)" for w in (
    "customer", "customers", "buyer", "buyers", "client", "clients", "importer", "importers", "exporter", "exporters",
    "supplier", "suppliers", "زبون", "الزبون", "زباين", "مشتري", "المشتري", "مستورد", "المستورد", "مصدر للسلاح",
    "مشتری", "خریدار", "واردکننده", "صادرکننده", "تأمین‌کننده", "تامین کننده",
    # and who does the trading: 'Who supplies Israel with oil?', 'من باع…', 'چه کسی … می‌فروشد'
    "supplies", "supplied", "sells", "sold", "exports", "exported", "buys", "bought", "imports", "imported",
    # ('يصدر' / 'صدر' also issue or publish: 'من أصدر القرار' asks for a person)
    "يزود", "تزود", "زود", "زودت", "يبيع", "تبيع", "باع", "باعت", "يشتري", "تشتري",
    "اشترى", "اشترت", "يستورد", "تستورد", "استورد", "استوردت",
    "می‌فروشد", "فروخت", "فروخته", "می‌خرد", "خرید", "خریده", "تأمین می‌کند", "صادر می‌کند", "وارد می‌کند")))
# 'Who makes the Sky Striker drones?', 'من يصنع…', 'چه کسی … را می‌سازد': a maker is a company, not a person
_MAKER = re.compile(r"\bwho (\w+ )?(makes|made|manufactur\w*|produces|produced|builds|built|develops|developed)\b"
                    r"|(?<!\w)من (يصنع|تصنع|صنع|صنعت|ينتج|تنتج|انتج|انتجت)(?!\w)"
                    r"|(?<!\w)چه كس(ي|اني)(?!\w).*(?<!\w)(ميسازد|ميسازند|ساخته|ساخت|توليد)")
_HOW_LONG = re.compile(r"\bhow long\b(?! ago)|\bfor how long\b|كم (استمرت|استمر|دامت|دام)|كم (من )?(الوقت|الزمن|المده|مده)"
                       r"|(چه|چقدر) مدت|چقدر طول(?!اني)")


def asked_unit(folded: str) -> str | None:
    """The time unit a count question counts: 'how many days after…' -> 'day'; 'how many km … the
    44-day war' -> None (the unit must follow the question word)."""
    if _HOW_LONG.search(folded):
        return "any"  # 'how long did the war last?': a span in any time unit
    m = re.search(r"\bhow many (\w+)|كم (\w+)|چند (\w+)", folded)
    return time_unit(" ".join(g for g in m.groups() if g)) if m else None


def counted_word(folded: str) -> str | None:
    """The words after a count question's 'how many' (up to four: the noun is among them, after its
    adjectives in English). Example: 'how many large IRGC military exercises…' -> 'large irgc military
    exercises'; 'كم عدد اليهود في' -> 'يهود في'."""
    m = re.search(r"\bhow many ((?:[\w-]+ ?){1,4})|\bnumber of ((?:[\w-]+ ?){1,4})"
                  r"|كم عدد ((?:\w+ ?){1,4})|(?<!\w)(?:ف|و)?كا?م ((?:\w+ ?){1,4})"
                  r"|چند(?: ?تا)? ((?:\w+ ?){1,4})|تعداد ((?:\w+ ?){1,4})"  # spoken 'چندتا نگهبان' (how many guards)
                  r"|(?<!\w)(?:ب|ال)?عدد ((?:\w+ ?){1,4})", folded)  # 'large-scale' is one word; 'ما هو عدد الحراس'
    words = next((g for g in m.groups() if g), "") if m else ""  # 'large military exercises': any may be the noun
    return " ".join(re.sub(r"^(و|ف)?(ال)", "", w) for w in words.split()) or None


def time_unit(text: str) -> str | None:
    """The time unit a text starts with: ' years of contacts' -> 'year'; ' drones' -> None."""
    head = fold(text).split()[:1]
    return next((u for u, pat in _UNITS.items() if head and re.fullmatch(pat, head[0])), None)


def unknown_names(text: str, language: Language, mentions: tuple[Mention, ...]) -> tuple[str, ...]:
    """Names in the question that the lexicon does not cover: Latin-script words in an Arabic or
    Persian question, capitalised words (not the first) in an English one.
    Example: 'When did Macron visit Baku?' -> ('Macron',)."""
    covered = [(m.start, m.end) for m in mentions]
    people = [m.start for m in mentions if m.type == "person"]
    out = [m.group() for m in _DESIGNATION.finditer(text)
           if not any(a <= m.start() < b for a, b in covered)]  # 'F-35', 'S-300', 'MiG-29'
    for i, m in enumerate(re.finditer(r"[A-Za-z][A-Za-z'’-]+", text)):
        if _DESIGNATION.match(text, m.start()):
            continue
        word = re.sub(r"['’]s?$", "", m.group())  # "Herzog's" -> "Herzog"; "Thomas" stays
        if any(a <= m.start() < b for a, b in covered) or word.lower() in _NOT_NAMES or len(word) < 3:
            continue
        if any(0 < p - m.end() <= 1 for p in people):
            continue  # a first name: 'Benny' in 'Benny Gantz' is part of the known name
        if not (language in ("ar", "fa") or (i > 0 and (word[0].isupper() and not word.isupper() or word.isupper()))):
            continue
        if re.fullmatch(r"[IVXLCDM]+", word) or common_english(word):  # a Roman numeral is a number
            continue  # 'Church', 'South', 'France': Arabic and Persian translate these, so their letters are not there
        out.append(word)
    if language in ("ar", "fa") and not people:  # beside a known person, a rare word is a first name or a spelling
        out += rare_words(text, language, covered, people) + office_holder_names(text, language, mentions)
    # in Arabic or Persian, a single word the asker puts in quotation marks is a name ('صواريخ "لورا"', «لورا»);
    # not in English, where a quoted word ('the "iceberg"') is as often a term the articles say in Arabic
    out += [m.group(2) for m in _QUOTED_WORD.finditer(text) if language in ("ar", "fa")
            and not any(a <= m.start(2) < b for a, b in covered) and fold(m.group(2)) not in STOPWORDS]
    return tuple(dict.fromkeys(out))


_QUOTED_WORD = re.compile(r'(["«“])\s*([^\W\d_][\w\u200c-]{2,})\s*(["»”])')


# A model or type designation: letters, an optional hyphen, digits ('F-35', 'S-300', 'Su-25', 'Hermes 900' is
# two words and not one). Its number is what any script keeps.
_DESIGNATION = re.compile(r"(?<![\w-])[A-Za-z]{1,4}-?\d{2,4}[A-Za-z]?(?![\w-])")
COMMON_ZIPF = 4.5  # wordfreq: ~30 per million words, the ~5,000 commonest English words


def common_english(word: str) -> bool:
    """A capitalised word English uses often ('National', 'France') is a word an article in another
    language translates; a rarer one ('Kuechly', 'Macron', 'Jerusalem' at 4.2) is a name it spells."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= COMMON_ZIPF


# A word of Arabic script, diacritics included (so 'استُثنيت' is one word).
_ARABIC_WORD = re.compile(r"[\u0620-\u064A\u064B-\u065F\u0671-\u06D3\u06FA-\u06FF\u200C]+")
# Nouns with the article and words with a pronoun or plural ending are words, not names.
_NOT_NAME_SHAPE = re.compile(r"^(و|ف|ب|ل|ك)?ال|(ها|هم|هما|كم|نا|ات)$")
_PERSIAN_ENDING = re.compile(r"(هایشان|هایمان|هایتان|هایی|های|ها|یشان|شان|اش)$")
# Spoken Persian endings: plural 'ا' for 'ها', 'یی' (some), 'ه' for 'است' ('سالاییه' is 'سال‌هایی است').
_SPOKEN_ENDING = re.compile("(ا|ها)?(یی|ی)?ه$")
_SPOKEN_PLURAL = re.compile("(ا|ها)(یی|ی)?$")
_SPOKEN_POSSESSIVE = re.compile("(ها|ا)?شون$")  # spoken 'پروازهاشون' (پروازهایشان, their flights)
# A Persian verb in the continuous or negative form, its prefix joined by a ZWNJ ('می‌ارزید', was worth), after a
# preverb too ('درمی‌آورم', I take out; 'برمی‌گردد', returns): no name.
_PERSIAN_VERB = re.compile("(در|بر|فرا|وا|ور)?(ن)?می\u200c")
# A Persian perfect: the participle and the person joined by a ZWNJ ('خوانده‌ام', I have read; 'رفته‌اند').
_PERSIAN_PERFECT = re.compile("ه\u200c(ام|ای|است|ایم|اید|اند)$")
# Persian clitics and endings a word takes after its stem: a pronoun ('دیپلماتیکش', its diplomatic), 'ی' (an adjective
# or 'a': 'مسلحی'), a verb's person ('علاقه‌مندیم', we are keen), spoken 'شه' (becomes: 'رسمیشه') and 'مو' / 'رو'
# (my … as object: 'پاسپورتمو').
_PERSIAN_CLITIC = re.compile("(\u200c)?(ش|م|ت|ی|یی|یم|ید|ند|شه|مو|رو)$")
# Spoken Arabic: a passive 'ات' / 'ان' before the verb ('اتستثنت', 'انعملت', 'اتصاب'), Moroccan 'كا' before the present
# ('كاتصنع'); an article joined to 'على' / 'هذا' ('عالدرونز', 'هالزيارة') is still the article. (Not 'لل': on public data
# 'للبرونكوس', 'للهوغونوت' are names with the article, and reading them as words answered two unanswerable questions.)
_SPOKEN_VERB = re.compile(r"^(ات|ان|كا)(?=\w{3})")
_SPOKEN_ARTICLE = re.compile(r"^(و|ف)?(عال|هال)(?=\w{3})")
# Spoken numbers eleven to nineteen ('حداشر', 'اطناشر', 'وستاشر', 'تسعتاشر'): words, not names. Folded.
_SPOKEN_TEENS = re.compile("^(و)?(حدا|احدا|اطنا|اتنا|طنا|تلت?ا|تلاتا|اربعت?ا|اربعطا|خمست?ا|خمسطا|ستا|سطا|سبعت?ا|سبعطا"
                           "|تمنت?ا|تمنطا|تسعت?ا|تسعطا)(ش|ع)(ر|ش)$")
RARE_ZIPF = 2.0  # below this (wordfreq's Zipf scale: ~1 in 10 million words) a word is a name


def _hamza_spellings(word: str) -> list[str]:
    """The word with one bare alef written with its hamza, as people type without it ('يراس' -> 'يرأس', 'يرإس')."""
    return [word[:i] + h + word[i + 1:] for i, ch in enumerate(word) if ch == "ا" for h in "أإ"]


def rare_words(text: str, language: Language, covered: list[tuple[int, int]], people: list[int]) -> list[str]:
    """Arabic-script names the lexicon lacks ('لابيد', Lapid), read as words the language itself
    hardly uses: an Arabic or Persian question has no capitals to tell a name. The cut-off is
    wordfreq's, not fitted here: below Zipf 2 are names and rare coinages, above it the words a
    question paraphrases with; the shape and the Snowball stem exclude nouns with the article and
    inflected forms.
    Example: 'متى زار لابيد أذربيجان؟' -> ['لابيد']."""
    from wordfreq import zipf_frequency

    out = []
    for m in _ARABIC_WORD.finditer(text):
        word = m.group().strip("\u200c")
        bare = fold(word)
        if (any(a <= m.start() < b for a, b in covered) or any(0 < p - m.end() <= 1 for p in people)
                or len(bare) < 4 or bare in STOPWORDS or _NOT_NAME_SHAPE.search(bare) or _SPOKEN_ARTICLE.match(bare)
                or _SPOKEN_TEENS.match(bare) or _asks(bare) or language == "fa" and _PERSIAN_VERB.match(word)):
            continue
        forms = [word, re.sub(r"^(و|ف)?(ب|ل|ك)?", "", bare)]
        if language == "ar":  # an inflected verb ('استثنيتا') is common by its stem ('استثني')
            forms.append(arabic_stem(word))
            forms += _hamza_spellings(word)  # typed without its hamza: 'يراس' is 'يرأس' (heads)
            if re.match("ب[يتنا]", bare):  # spoken 'بيرأس', 'بتصنع' (heads, makes) are 'يرأس', 'تصنع'
                forms.append(word[1:])
            if _SPOKEN_VERB.match(bare):  # 'انعملت' is 'عملت'; 'اتستثنت' is 'استثنت'
                forms += [bare[2:], "ا" + bare[2:]]
        else:  # Persian writes plural and pronoun endings on ('پروازهایشان' is 'پرواز', 'ایرلاین‌های' is 'ایرلاین')
            joined = word.replace("\u200c", "")
            forms += [_PERSIAN_ENDING.sub("", joined), re.sub("\u200cست$", "", word),  # 'منطقه‌ست' (is a region)
                      _SPOKEN_ENDING.sub("", joined),  # spoken 'سالاییه' (سال‌هایی است), 'کشوره', 'کشورا'
                      _SPOKEN_PLURAL.sub("", joined), _SPOKEN_POSSESSIVE.sub("", joined),
                       re.sub(r"^(ضد|غیر|هم\u200c)", "", word).replace("\u200c", ""),
                      _PERSIAN_CLITIC.sub("", word), _PERSIAN_CLITIC.sub("", _PERSIAN_CLITIC.sub("", word)),
                      re.sub("^باز", "", word),  # 'بازتأمین' (refinancing) is 'تأمین'
                      _PERSIAN_PERFECT.sub("ه", word)]
        if max(zipf_frequency(f, language) for f in forms if len(f) >= 3) < RARE_ZIPF:
            out.append(word)
    return out


def _asks(folded_word: str) -> bool:
    """The word alone is a question word ('إمتى', 'قديش', 'فیصد'): it asks, it names nothing."""
    return bool(_ASKS.fullmatch(folded_word)) or any(p.fullmatch(folded_word) for _, ps in _COMPILED for p in ps)


OFFICE_NAME_ZIPF = 4.0  # wordfreq: ~10 per million words; not fitted here (see office_holder_names)


def office_holder_names(text: str, language: Language, mentions: tuple[Mention, ...]) -> list[str]:
    """The words right after an office (and the state it serves) name its holder: 'الرئيس الإسرائيلي
    رؤوفين ريفلين' -> ['رؤوفين', 'ريفلين']. Names in the news are too common for ``rare_words``
    (ريفلين is at Zipf 2.4), but here the place says it is a name; what else follows an office is a
    word with the article ('السابق'), a function word, or a common one ('آنذاك', 4.4: Zipf 4 and over
    is not read as a name, so 'بوتين' at 4.2 is missed)."""
    from wordfreq import zipf_frequency

    states = [(m.start, m.end) for m in mentions if m.type == "country"]
    others = [(m.start, m.end) for m in mentions if m.type != "country"]
    out: list[str] = []
    for _, _, end in load_lexicon().offices_in(text):
        position, taken = end, 0
        for m in _ARABIC_WORD.finditer(text, end):
            if text[position:m.start()].strip(" \u200c،,") or taken == 2:
                break  # only the words right after the office (a comma may set the name off)
            if any(a < m.end() and m.start() < b for a, b in states) and not taken:
                position = m.end()  # the state beside the office: 'الإسرائيلي', 'اسرائیل'
                continue
            word = m.group().strip("\u200c")
            bare = fold(word)
            if (any(a < m.end() and m.start() < b for a, b in others) or len(bare) < 3 or bare in STOPWORDS
                    or _NOT_NAME_SHAPE.search(bare) or zipf_frequency(word, language) >= OFFICE_NAME_ZIPF):
                break
            out.append(word)
            position, taken = m.end(), taken + 1
    return out


def is_overview(question: str) -> bool:
    """A question about the collection itself ('What are these articles about?', 'لخص المقالة')."""
    folded = fold(question)
    return any(p.search(folded) for p in load_lexicon().overview)


def is_greeting(question: str) -> bool:
    """Only a greeting or thanks, nothing else asked. Example: 'Hello!' -> True, 'Hi, when…?' -> False."""
    words, rest = _without_greetings(question)
    # what is left may only be words that ask nothing: 'Thanks a lot!', 'Hi there', 'شكرا جزيلا'
    return rest != words and set(rest.split()) <= load_lexicon().greeting_fillers


@lru_cache(maxsize=256)
def greeting_words(text: str) -> frozenset[str]:
    """The words of the question's greetings ('hey', 'thanks'): they ask about nothing in the articles."""
    words, rest = _without_greetings(text)
    return frozenset(words.split()) - frozenset(rest.split())


def _without_greetings(text: str) -> tuple[str, str]:
    """The folded words of ``text``, and the same with every greeting phrase taken out."""
    words = " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())
    return words, load_lexicon().greetings.sub(" ", words)


# Words that ask, in any of the three languages: 'hello, what is happening' asks something
_ASK_WORDS = [fold(w) for w in (
    "what when where who whom which why how tell explain summarize summarise list show "
    "متى ماذا ما من أين كيف لماذا كم هل أي أخبرني اشرح لخص "
    "چه چی کی کجا چرا چطور چگونه کدام چند آیا بگو توضیح خلاصه "
    # spoken: Levantine, Egyptian, Gulf, Iraqi, Maghrebi; spoken Persian
    "ايه إيه شو شنو ايش إيش وش مين منو شكون فين وين امتى إمتى ليش ليه علاش كيفاش فوقاش كام قديش شحال قداش "
    "چیه چطوری چقدر کدوم").split()]
_ASKS = re.compile(r"(?<!\w)(?:و|ف)?(" + "|".join(_ASK_WORDS) + r")(?!\w)")  # and Arabic 'ومن', 'فما' (and who, so what)


def greets_only(text: str, asked: str, mentions: tuple[Mention, ...], names: tuple[str, ...]) -> bool:
    """A greeting or thanks with words around it that ask nothing: no question mark, no question word, and
    nothing the lexicon or the articles name. Example: 'Good morning! Thanks for helping me out.' -> True;
    'Thanks, what about the embassy?' -> False. The filler list cannot hold every polite phrase."""
    words, rest = _without_greetings(text)
    if rest == words:
        return False  # no greeting at all
    if set(rest.split()) <= load_lexicon().greeting_fillers:
        return True  # is_greeting
    return asked == "text" and not mentions and not names and not re.search(r"[?؟]", text) and not _ASKS.search(rest)


# Spoken Persian 'کی بود؟' ends a question as 'who was?' as well as 'when was?': after an office and no event, who
_RELATIVE_KE = re.compile(r"(?<!\w)(که|كه)(?!\w)")
_WHO_WAS = re.compile(r"(?<!\w)كي (بود|است|هست|بودند|بوده)\s*[?؟]?\s*$")


# A premise the question opens with ('Given that relations were set up in 1992, in which year…', 'بالنظر إلى أن…،',
# 'با توجه به …،'): what it states is background, not what the answer must match. It runs to the first comma;
# with none, where it ends cannot be told and nothing is set aside.
_PREMISE = re.compile(r"^\W*(" + "|".join(fold(p) for p in (
    "given that", "considering that", "bearing in mind that", "knowing that", "in view of the fact that",
    "بالنظر إلى", "بالنظر ل", "نظرا لأن", "نظرا إلى", "نظراً لأن", "نظراً إلى", "علما بأن", "علماً بأن", "مع العلم أن",
    "مع العلم بأن", "بما أن", "با توجه به", "با در نظر گرفتن", "از آنجا که", "با علم به",
    # a setting told before the question ('Amid mounting pressure on Baku, when …'), not the event's own words
    "amid", "amidst", "in the midst of", "against the backdrop of", "في خضم", "في خضمّ", "وسط", "في ظل",
    "در بحبوحه", "در میانه")) + r")(?!\w)")  # not 'در میان' (among: 'among Muslim states, which …')
_COMMA = re.compile(r"[,،;؛]")
# A first clause the asker only believes or was told ('It is said that …, so how many…?', 'Israel recognised it in early
# 1992 I think, so what was the exact date?', 'شنیدم که …، …'): a value of the asked kind in it is a premise, not the
# period the answer must be of. Unlike a setting ('Given that …'), it tells the asked event itself, so its mentions stay.
_BELIEF_OPENER = re.compile(r"^\W*(" + "|".join(fold(p) for p in (
    "it is said that", "it's said that", "they say", "people say", "some say", "i heard that", "i heard", "i read that",
    "يقال إن", "يقال أن", "يُقال إن", "يُقال أن", "سمعت أن", "سمعت إن", "قرأت أن", "يقولون إن", "يقولون أن",
    "شنیدم", "شنیده‌ام", "شنیدم که", "خواندم که", "خوندم که", "می‌گویند", "میگویند", "میگن", "می‌گن", "گفته می‌شود",
    "گفته میشود")) + r")(?!\w)")
_BELIEF_HEDGE = re.compile(r"(?<!\w)(" + "|".join(fold(p) for p in (
    "i think", "i believe", "i guess", "if i remember correctly", "if i remember right", "if i'm not mistaken",
    "if i am not mistaken", "على ما أظن", "على ما اعتقد", "على ما أعتقد", "أظن", "إن لم أكن مخطئا", "إذا لم أكن مخطئا",
    "إن لم تخني الذاكرة", "فکر کنم", "فکر میکنم", "فکر می‌کنم", "اگر اشتباه نکنم", "اگه اشتباه نکنم", "گمانم",
    "اگر درست یادم باشد", "اگه درست یادم باشه")) + r")\W*$")
# 'Who called Azerbaijan's president a friend of Israel?', 'مين اللي وصف رئيس أذربيجان بأنه …', 'کی رئیس‌جمهور آذربایجان رو
# … خطاب کرد؟': the office is what a verb acts on, its holder is described, not asked for (not 'Who is the president',
# 'من هو الرئيس', nor 'Who visited Baku as president', 'بصفته رئيسًا'). Folded.
_WHO_DOES = re.compile(r"^\W*(who|whom)\s+(?!(is|was|are|were|has|have|had|became|becomes|served|serves|heads|headed|leads|led"
                       r"|holds|held|s|did|does|do|will|would|can|could|should|might|may)\b)\w+"
                       r"|^\W*(و)?(من|مين)\s+((اللي|الذي|يلي|الي)\s+)?"
                       r"(?!(هو|هي|هم|هما|هن|كان|كانت|كانوا|اصبح|صار|يكون|يشغل|شغل|يراس|تراس|راس)(?!\w))\w+")
_AS_ROLE = re.compile(r"(\bas( the| a| an)?|(?<!\w)(بصفته|بصفتها|بصفتهم|كـ?|به عنوان|بعنوان|در مقام|در سمت))(\s+\S+){0,2}\s*$")
_OBJECT_MARK = re.compile(r"^\s*(\S+\s+){0,2}?(را|رو)(?!\w)")
_WHO_FA = re.compile(r"^\W*(كي|چه كسي)\s")


def describes_office(text: str, mentions: tuple[Mention, ...] | list[Mention]) -> bool:
    """Whether the question's office is acted on, not asked for: a verb stands between 'who' and it, or Persian
    marks it as an object ('را', 'رو')."""
    people = [m for m in mentions if m.type == "person"]
    # (an office written beside a name is that person's: 'Israeli foreign minister Eli Cohen')
    offices = [(o, a, b) for o, a, b in load_lexicon().offices_in(text)
               if not any(-3 <= m.start - b <= 3 or -3 <= a - m.end <= 3 for m in people)]
    if not offices:
        return False
    folded = fold(text)
    first = min(a for _, a, _ in offices)
    if _AS_ROLE.search(fold(text[:first])):
        return False
    who = _WHO_DOES.match(folded)
    if who is not None and who.end() <= len(fold(text[:first])):
        return True
    return bool(_WHO_FA.match(folded)) and any(_OBJECT_MARK.match(fold(text[b:])) for _, _, b in offices)


# The question opens with the asked person's own role, a word no office list holds ('Which Russian official
# called Azerbaijan's president …?'): an office named after it is another participant's, not the one asked.
_OWN_ROLE = re.compile(r"^\W*(?:(?:which|what) (?:\w+ ){0,2}(?:official|officials|figure|politician)"
                       r"|(?:و)?من (?:هو |هي )?(?:ال)?(?:مسؤول|مسوول|شخصيه)|(?:كدام|كدوم) (?:مقام|مسوول|مسئول|شخصيت))(?!\w)")


# A search-box query asks with no question word: its head noun says what it wants ('تاريخ افتتاح السفارة …',
# 'افتتاح سفارت اسرائیل در باکو سال', 'date of Herzog visit to Baku', 'Jewish population Iran', 'شهر محل سفارت …').
# Read only when nothing in it asks (a question word decides otherwise) and it names an event or a thing, so
# 'تاريخ العلاقات' (the history of relations) stays a question for sentences. Folded; per language, since
# Arabic 'شهر' is a month and Persian 'شهر' a city.
_HEADS: dict[str, list[tuple[str, re.Pattern]]] = {lang: [(kind, re.compile(p)) for kind, p in pats] for lang, pats in {
    "en": [("date", r"^\W*(the )?(date|year|month)( of)?\b|\b(date|year)\W*$"), ("number", r"\bpopulation\b"),
           ("place", r"^\W*(the )?(city|location)( of)?\b|\b(city|location)\W*$")],
    "ar": [("date", r"^\W*(و)?(تاريخ|سنه|عام)\s|(?<!\d\s)(?<!\w)(تاريخ|سنه|عام)\W*$"),
           ("number", r"(?<!\w)(عدد|تعداد)(?!\w)|(?<!\w)سكان(?!\w)"), ("place", r"^\W*(مدينه|مكان)\s")],
    "fa": [("date", r"^\W*(تاريخ|سال|زمان)\s|(?<!\d\s)(?<!\w)(تاريخ|سال|زمان)\W*$"),
           ("number", r"(?<!\w)(جمعيت|تعداد)(?!\w)"), ("place", r"^\W*(شهر|مكان|محل)\s|(?<!\w)(شهر|محل)\W*$")],
}.items()}
# (Arabic 'من' is also 'from' in a search query)
_ASKS_NOT_FROM = re.compile(r"(?<!\w)(" + "|".join(w for w in _ASK_WORDS if w != "من") + r")(?!\w)")


# A count or a sum asked formally ('ما هو عدد الحراس …', 'ما هي القيمة المالية …'), after a clitic ('فكم عددهم',
# 'وكم عامًا') or in Levantine 'بقديش' (for how much): a value question when it names an event or a thing the lexicon
# knows, which checks every number against it. Without one it stays a question for sentences: on ARCD 'ما هو عدد
# الولايات …' read as a count got a rivalry of unrelated numbers, on XQuAD '… فكم صار لديها من طبقة؟' nothing.
_FRAMED_COUNT = re.compile(r"^\s*(و)?ما (هو |هي )?(ال)?(عدد|قيمه|حجم)(?!\w)|(?<!\w)(ف|و)كا?م(?!\w)|(?<!\w)بقديش(?!\w)")


def headed_kind(folded: str, language: str) -> tuple[str, str | None] | None:
    """The kind a search-box query asks for, from its head noun: ('date', None), ('text', 'place') …; None when a
    word in it asks, or no head noun says. Example: 'تاريخ افتتاح السفارة' -> ('date', None)."""
    if _ASKS_NOT_FROM.search(folded):
        return None
    for kind, pattern in _HEADS.get(language, []):
        if pattern.search(folded):
            return ("text", "place") if kind == "place" else (kind, None)
    return None


def opening_clause(text: str) -> tuple[int, int]:
    """Where the question's first clause ends, when it sets the scene ('Given that X, when…?') and when the asker only
    believes or was told it ('I heard X, so when…?'): (premise end, belief end), each 0 for none. It runs to the first
    comma; with none, where it ends cannot be told and nothing is set aside."""
    folded, origin = fold_with_map(text)
    comma = _COMMA.search(folded)
    if comma is None:
        return 0, 0
    first, end = folded[:comma.start()], origin[comma.start()]
    return (end if _PREMISE.match(first) else 0,
            end if _BELIEF_OPENER.match(first) or _BELIEF_HEDGE.search(first) else 0)


# A sentence ends at '.', '!', '?' or '؟' followed by a space or the end ('1.6' goes on).
_SENTENCE_END = re.compile(r"[.!?؟]+(?=\s|$)|\s[—–]\s")  # (a dash set off by spaces also ends one: '… 2023 — or when?')
_VALUE_KINDS = ("date", "number", "percent")


def _is_question(text: str, span: tuple[int, int]) -> bool:
    return text[span[0]:span[1]].rstrip().endswith(("?", "؟"))


def asking_sentence(text: str, asked: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Of a message's sentences (``spans``, several), the last whose question word asks for the value ('… in 1992,
    didn't it? What was the exact date?' -> the second); None for one sentence, or a question that asks for no value."""
    if len(spans) < 2 or asked not in _VALUE_KINDS:
        return None
    folded, origin = fold_with_map(text)
    cues = [m.start() for kind, patterns in _COMPILED if kind == asked for p in patterns for m in p.finditer(folded)]
    if not cues:
        return None
    at = origin[max(cues)]  # the last: 'Gantz, back when he was minister, visited Baku in 2023 — or when did he go?'
    return next(((a, b) for a, b in spans if a <= at < b), None)


_YES_NO = frozenset(fold(w) for w in ("هل", "آیا"))


def _last_question(text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The last of several sentences that asks with a question word, one ending with a question mark first ('… I know
    Arbel signed. Who was the Azerbaijani health minister?' -> the second; '… من وقّع …؟ هل هو إيلي كوهين؟' -> the
    first: 'هل' only checks)."""
    asking = [(a, b) for a, b in spans if any(m.group(1) not in _YES_NO for m in _ASKS.finditer(fold(text[a:b])))]
    marked = [span for span in asking if _is_question(text, span)]
    return (marked or asking)[-1] if len(spans) > 1 and asking else None


def focus_of(text: str, span: tuple[int, int] | None, mentions: tuple[Mention, ...]) -> tuple[int, int] | None:
    """The sentence a message of several asks in (``span``), when it tells its event by itself: an action or thing
    with who or what did it, or an office ('I work at a think tank, starting with the 2019 Sky Striker purchase. How
    much was the 2012 agreement with Israel Aerospace Industries worth?'). What the other sentences name is the
    asker's background, not the event asked about. None when the asking sentence leans on them ('When was that
    visit?')."""
    if span is None:
        return None
    inside = [m for m in mentions if span[0] <= m.start < span[1]]
    event = any(m.type in ("action", "object") for m in inside)
    actor = any(m.type == "person" or m.kind == "entity" for m in inside)
    office = bool(load_lexicon().offices_in(text[span[0]:span[1]]))
    return span if event and actor or office else None


def parse_query(text: str, vector: np.ndarray | None = None) -> Query:
    """Example: 'When did Herzog visit Azerbaijan?' -> language 'en', asked_for 'date',
    mentions [herzog, visit, azerbaijan]."""
    language = question_language(text)
    reply: Language = "en" if language == "other" else language
    asked: AskedFor = "overview" if is_overview(text) else asked_kind(text)
    spans = spans_ending_at(text, _SENTENCE_END)
    last = _last_question(text, spans)
    if asked != "overview" and last is not None:
        # a message of several sentences asks in its question ('… kept Israel at a distance for thirty years. When did
        # it open its trade office?' asks for a date, not the distance its first sentence names), when that says
        said = _PERSIAN_THIS.sub(" ", text[last[0]:last[1]], count=1)  # ('این حمله …', this attack: no 'where')
        own = asked_kind(said)
        if own != "text" or any(pattern.search(fold(said)) for _, pattern in _ANSWER_TYPE_PATTERNS):
            asked = own
    tokens = tuple(tokenize(text))
    mentions = tuple(load_lexicon().mentions(text, question=True))
    folded = fold(text)
    # (Persian 'این', 'this', folds to Arabic 'أين', 'where': it asks for no place)
    typed = fold(_PERSIAN_THIS.sub(" ", text, count=1))
    answer_type = next((t for t, pattern in _ANSWER_TYPE_PATTERNS if pattern.search(typed)), None)
    if answer_type in ("person", None) and (first := _THING_FIRST.search(typed)):
        kind = first["ar"] or first["fa"] or first["en"]
        answer_type = "org" if kind in ("شركه", "شركت", "company", "firm") else None  # a company's name is an organisation
    names_event = any(m.type in ("action", "object") for m in mentions)
    if asked == "text" and answer_type is None and names_event and (head := headed_kind(folded, language)):
        asked, answer_type = head  # type: ignore[assignment]
    if asked == "text" and answer_type is None and names_event and _FRAMED_COUNT.search(folded):
        asked = "number"
    names_office, office_states = load_lexicon().office_holder_states(text, list(mentions))
    described = frozenset(office_states) if names_office and describes_office(text, mentions) else None
    if described is not None:
        names_office, office_states = False, set()  # its holder is not the one asked for
        if asked == "date" and answer_type is None and _WHO_FA.match(folded):
            asked, answer_type = "text", "person"  # spoken 'کی' with no other subject: who
    if asked == "date" and answer_type is None and names_office and _WHO_WAS.search(folded) \
            and not any(m.type == "action" and not _RELATIVE_KE.search(text[:m.start]) for m in mentions):
        # 'وزیر بهداشت اسرائیل کی بود؟', 'وزیر دفاع اسرائیل که به باکو رفت کی بود؟': spoken 'کی' is also 'who' (an
        # event of its own, outside a relative clause, is dated: 'سفر گانتس کی بود؟')
        asked, answer_type = "text", "person"
    values = extract_values(text, reply)
    names = unknown_names(text, reply, mentions)
    premise, belief = opening_clause(text)
    # A value of the asked kind stated in another sentence than the one asking ('Was it in 2023? …', 'A colleague
    # says 2016. In what year …?') is what the asker believes or was told: a premise, not the period the answer must
    # be of; one only checked ('… in 2021, didn't it?', 'هل كان ذلك في 2023؟') may be the answer itself, so it is not
    # set aside. (A period there still says which figure: '… in 2011–2016 also 69%? What percent was it?')
    asking = asking_sentence(text, asked, spans)
    question = asking if asked in _VALUE_KINDS else last
    focus = focus_of(text, question, mentions)
    # the other sentences that end with a question mark: what the asker puts to the test ('Was it Liberman who
    # chaired the group? If not, who did?' -> the first)
    checks = tuple(x for x in spans if x != question and _is_question(text, x)) if question is not None else ()
    outside = [v for v in values if v.start < premise or focus is not None and not focus[0] <= v.start < focus[1]
               or asking is not None and v.kind == asked and not asking[0] <= v.start < asking[1]
               or v.kind == asked and v.start < belief]
    # (a value stated in a sentence that ends with a question mark is put to the test)
    checked = {v.value for v in outside if asking is not None
               and any(a <= v.start < b and _is_question(text, (a, b)) for a, b in spans)}
    return Query(
        text=text, language=language, asked_for=asked, tokens=tokens,
        content=frozenset(t for t in tokens if not t.isdigit()),
        given=frozenset(v.value for v in values) - checked,
        given_dates=frozenset(v.value for v in values if v.kind == "date" and v not in outside),
        mentions=mentions, greeting=greets_only(text, asked, mentions, names), names=names,
        counting=bool(_COUNT.search(folded)) and not _WORTH.search(folded) and not _BY_HOW_MUCH.search(folded),
        worth=bool(_WORTH.search(folded)),
        unit=asked_unit(folded), counted=counted_word(folded),
        answer_type="host" if answer_type == "person" and _INVITES.search(folded)
        else "org" if answer_type == "person" and not names_office and _MAKER.search(folded)
        else "state" if answer_type == "person" and not names_office and _TRADER.search(folded) else answer_type,
        names_office=names_office, office_states=frozenset(office_states),
        wants_month=bool(_MONTH.search(folded)), plural=bool(_PLURAL.search(folded)), states=states_named(text), vector=vector,
        own_role=bool(_OWN_ROLE.search(folded)) or described is not None, described=described or frozenset(),
        named_words=frozenset(t for m in mentions if m.kind == "entity" for span in [text[m.start:m.end]]
                              for t in tokenize(span) + tokenize_query(span)), premise=premise, focus=focus,
        checks=checks,
        premised=frozenset(v.value for v in outside) - frozenset(v.value for v in values if v not in outside))
