"""Issue 9, every failure it lists, as a regression test in English, Arabic and Persian.

Real corpus, real bundled model, real index (the session ``pipeline``). Each test asks the same fact
in the three languages and expects the same status and the same set of values.
"""

from __future__ import annotations

import pytest

from rag.values import values_agree

pytestmark = pytest.mark.slow

EMBASSY_SHORT = {  # no "in Israel": the 1991 recognition and Israel's embassy in Baku are not rivals
    "en": "When did Azerbaijan open its embassy?",
    "ar": "متى افتتحت أذربيجان سفارتها؟",
    "fa": "آذربایجان کی سفارتش را افتتاح کرد؟",
}
EMBASSY_IN_ISRAEL = {
    "en": "When did Azerbaijan open its embassy in Israel?",
    "ar": "متى افتتحت أذربيجان سفارتها في إسرائيل؟",
    "fa": "آذربایجان چه زمانی سفارت خود را در اسرائیل افتتاح کرد؟",
}
HERZOG = {
    "en": "When did Herzog visit Azerbaijan?",
    "ar": "متى زار هرتسوج أذربيجان؟",
    "fa": "هرتزوگ چه زمانی به آذربایجان سفر کرد؟",
}
NETANYAHU_FIRST = {
    "en": "When did Netanyahu first visit Azerbaijan?",
    "ar": "متى زار نتنياهو أذربيجان لأول مرة؟",
    "fa": "نتانیاهو نخستین بار چه زمانی به آذربایجان سفر کرد؟",
}
JEWS = {
    "en": "How many Jews live in Azerbaijan?",
    "ar": "كم عدد اليهود في أذربيجان؟",
    "fa": "چند یهودی در آذربایجان زندگی می‌کنند؟",
}
GASOLINE = {
    "en": "What share of Israel's gasoline comes from Azerbaijan?",
    "ar": "ما نسبة البنزين الذي تستورده إسرائيل من أذربيجان؟",
    "fa": "چند درصد بنزین اسرائیل از آذربایجان تأمین می‌شود؟",
}
OVERVIEW = {
    "en": "What are these articles about?",
    "ar": "عن ماذا تتحدث هذه المقالات؟",
    "fa": "این مقاله‌ها درباره چه هستند؟",
}
GANTZ_ARTICLES = {
    "en": "Which articles mention Gantz?",
    "ar": "ما المقالات التي تذكر غانتس؟",
    "fa": "کدام مقاله‌ها از گانتس نام می‌برند؟",
}
EXERCISES = {  # a count written as a word: "دو رزمایش" (two exercises)
    "en": "How many large military exercises did Iran's Revolutionary Guard hold near the Azerbaijani border in 2021 and 2022?",
    "ar": "كم مناورة كبيرة أجراها الحرس الثوري الإيراني قرب حدود أذربيجان في عامي 2021 و2022؟",
    "fa": "سپاه پاسداران در سال‌های ۲۰۲۱ و ۲۰۲۲ چند رزمایش بزرگ نزدیک مرز آذربایجان برگزار کرد؟",
}
LANGS = ("en", "ar", "fa")


def _values(answer) -> list[str]:
    return [c.value for c in answer.claims]


def _cited_docs(answer) -> set[str]:
    return {c.doc_id for claim in answer.claims for c in claim.citations}


def _same_set(found: list[str], expected: set[str]) -> bool:
    return len(found) == len(expected) and all(any(values_agree(f, e) for f in found) for e in expected)


def _quotes_are_exact(pipeline, answer) -> None:
    for claim in answer.claims:
        for c in claim.citations:
            assert pipeline.index.documents[c.doc_id].text[c.start:c.end] == c.quote
            for a, b in c.spans:
                assert 0 <= a < b <= len(c.quote)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("question", [EMBASSY_SHORT, EMBASSY_IN_ISRAEL], ids=["short", "in-israel"])
def test_embassy_has_exactly_the_two_real_sides(pipeline, question, lang):
    answer = pipeline.ask(question[lang])
    assert answer.status == "conflict"
    assert _same_set(_values(answer), {"2022-11", "2023-03"}), _values(answer)
    _quotes_are_exact(pipeline, answer)


@pytest.mark.parametrize("lang", LANGS)
def test_herzog_visit_is_his_own_and_resolved_from_the_embassy_date(pipeline, lang):
    answer = pipeline.ask(HERZOG[lang])
    assert answer.status == "answered" and _values(answer) == ["2023-05"], _values(answer)
    (citation,) = answer.claims[0].citations
    assert citation.doc_id.startswith("002") and "after" in (citation.note or "")
    assert "1998" not in answer.answer


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("question, sides", [(NETANYAHU_FIRST, {"1997-08", "1998"}), (JEWS, {"30000", "3000"})],
                         ids=["netanyahu", "jews"])
def test_real_conflicts_are_found_in_every_language(pipeline, question, sides, lang):
    answer = pipeline.ask(question[lang])
    assert answer.status == "conflict" and _same_set(_values(answer), sides), _values(answer)


@pytest.mark.parametrize("text", ["Hello", "مرحبا", "سلام", "blorp zxqv purple elephant?", "?????", "Who won the 2018 World Cup?",
                                  "Nice to meet you", "Thanks a lot!", "شكراً جزيلاً", "صباح الخير، هل يمكنك مساعدتي؟",
                                  "سلام، حالت چطوره؟", "خیلی ممنون"])
def test_greetings_nonsense_and_out_of_corpus_are_not_answers(pipeline, text):
    answer = pipeline.ask(text)
    assert answer.status == "not_found" and not answer.claims


@pytest.mark.parametrize("text", ["Quand l'Azerbaïdjan a-t-il ouvert son ambassade en Israël ?",
                                  "Когда Азербайджан открыл посольство в Израиле?"])
def test_other_languages_get_a_polite_message(pipeline, text):
    answer = pipeline.ask(text)
    assert answer.status == "not_found" and not answer.claims
    assert "English" in answer.answer and "Arabic" in answer.answer and "Persian" in answer.answer


@pytest.mark.parametrize("lang", LANGS)
def test_collection_overview_cites_every_article(pipeline, lang):
    answer = pipeline.ask(OVERVIEW[lang])
    assert answer.asked_for == "overview" and answer.status == "answered"
    assert _cited_docs(answer) == set(pipeline.index.documents)
    _quotes_are_exact(pipeline, answer)


@pytest.mark.parametrize("lang", LANGS)
def test_which_articles_mention_a_name(pipeline, lang):
    answer = pipeline.ask(GANTZ_ARTICLES[lang])
    assert answer.asked_for == "overview"
    docs = _cited_docs(answer)
    assert docs == {"004_436d1943e68881f6"}  # only the Persian article names Gantz


NETANYAHU_ARTICLES = {
    "en": "Which of the articles mention Netanyahu visiting Baku?",
    "ar": "ما المقالات التي تذكر زيارة نتنياهو إلى باكو؟",
    "fa": "کدام مقاله‌ها از سفر نتانیاهو به باکو می‌گویند؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_which_articles_mention_every_name_asked(pipeline, lang):
    """Articles naming Netanyahu and Baku, not every article naming Baku (000 and 003 date his 1990s visit
    to Baku, 002 his 2016 one)."""
    answer = pipeline.ask(NETANYAHU_ARTICLES[lang])
    assert answer.asked_for == "overview"
    assert _cited_docs(answer) == {
        "000_43ac69c35188acd6", "002_a3b093390cabca12", "003_d40d8e6eea96f478"}


@pytest.mark.parametrize("lang, shown", [("en", "more than"), ("ar", "أكثر من"), ("fa", "بیش از")])
def test_qualifier_is_kept_and_shown(pipeline, lang, shown):
    answer = pipeline.ask(GASOLINE[lang])
    assert answer.status == "answered" and _values(answer) == ["60%"]
    assert answer.claims[0].qualifier == "more than" and answer.claims[0].display.startswith(shown)


def test_about_thirty_thousand_is_approximate(pipeline):
    answer = pipeline.ask(JEWS["en"])
    claim = next(c for c in answer.claims if c.value == "30000")
    assert claim.qualifier == "about" and claim.display == "about 30,000"


@pytest.mark.parametrize("lang", LANGS)
def test_more_than_three_thousand_keeps_its_qualifier_from_the_pdf(pipeline, lang):
    """corpus/004 states '(بیش از ۳۰۰۰ نفر)' cut over two PDF lines, read back in order at ingest."""
    answer = pipeline.ask(JEWS[lang])
    claim = next(c for c in answer.claims if c.value == "3000")
    assert claim.qualifier == "more than" and "بیش از ۳۰۰۰" in " ".join(claim.citations[0].quote.split())


@pytest.mark.parametrize("lang", LANGS)
def test_counts_written_as_words(pipeline, lang):
    answer = pipeline.ask(EXERCISES[lang])
    assert answer.status == "answered" and _values(answer) == ["2"], _values(answer)


def test_who_was_the_leader_when_is_not_a_date_question(pipeline):
    answer = pipeline.ask("Who was the Israeli leader when Israel recognised Azerbaijan's independence?")
    assert answer.asked_for == "text" and not any(c.kind == "date" for c in answer.claims)


def test_embassy_announcement_note_shows_the_reasoning(pipeline):
    answer = pipeline.ask(EMBASSY_IN_ISRAEL["fa"])
    notes = [c.note for claim in answer.claims for c in claim.citations if c.doc_id.startswith("004")]
    assert "one month after 2022-10" in notes


@pytest.mark.parametrize("question", ["When did Azerbaijan open its embassy in Iran?", "How many Jews live in Israel?",
                                      "When did Macron visit Baku?"])
def test_wrong_entity_traps_are_not_answered(pipeline, question):
    assert pipeline.ask(question).status == "not_found"


def test_not_found_offers_related_passages_never_claims(pipeline):
    answer = pipeline.ask("When did Azerbaijan open its embassy in Iran?")
    assert answer.status == "not_found" and not answer.claims and answer.related
    for c in answer.related:
        assert pipeline.index.documents[c.doc_id].text[c.start:c.end] == c.quote


IRON_DOME = {  # 001: Azerbaijan agreed to buy the Iron Dome "in response to Armenia's purchase of Iskanders since 2016"
    "en": "When did Azerbaijan buy the Iron Dome?",
    "ar": "متى اشترت أذربيجان القبة الحديدية؟",
    "fa": "آذربایجان کی گنبد آهنین را خرید؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_date_of_another_states_action_is_not_the_answer(pipeline, lang):
    """The only year in the sentence dates Armenia's purchase, the action named nearest to it."""
    assert pipeline.ask(IRON_DOME[lang]).status == "not_found"


def test_the_other_states_action_is_still_dated(pipeline):
    assert _values(pipeline.ask("When did Armenia buy Iskander missiles?")) == ["2016"]


OIL_SHARE = {  # 003: half of Israel's oil needs; 004: more than 60% of its gasoline (2019): two measures
    "en": "What share of Israel's oil comes from Azerbaijan?",
    "ar": "ما نسبة النفط الذي تستورده إسرائيل من أذربيجان؟",
    "fa": "چند درصد نفت اسرائیل از آذربایجان تأمین می‌شود؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_share_of_oil_is_not_a_share_of_gasoline(pipeline, lang):
    """'بنصف حاجات الكيان النفطية' is a share written as a word; the gasoline figure is no rival."""
    answer = pipeline.ask(OIL_SHARE[lang])
    assert answer.status == "answered" and _values(answer) == ["50%"]
    assert _values(pipeline.ask(GASOLINE[lang])) == ["60%"]


UNSTATED_EVENTS = {  # neither a consulate nor a free-trade agreement is in any article
    "en": ["When did Israel open a consulate in Baku?", "When did Azerbaijan and Israel sign a free trade agreement?"],
    "ar": ["متى افتتحت إسرائيل قنصلية في باكو؟", "متى وقعت أذربيجان وإسرائيل اتفاقية التجارة الحرة؟"],
    "fa": ["اسرائیل کی کنسولگری در باکو افتتاح کرد؟", "آذربایجان و اسرائیل کی موافقتنامه تجارت آزاد امضا کردند؟"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_an_event_no_article_states_is_not_found(pipeline, lang):
    """The embassy in Baku and the 2012 arms deal are other events, not answers and not rivals."""
    for question in UNSTATED_EVENTS[lang]:
        assert pipeline.ask(question).status == "not_found", question


def test_a_value_whose_own_clause_names_another_object_is_not_the_answer(pipeline):
    """'…opened a trade office in July 2021, which the Israeli ambassador called historic' does not
    date an ambassador's appointment: July 2021 belongs to the trade office in its own clause."""
    assert pipeline.ask("When was the first Israeli ambassador to Azerbaijan appointed?").status == "not_found"
    assert _values(pipeline.ask("When did Azerbaijan open its trade representation office in Tel Aviv?")) == ["2021-07"]


WHOSE_OFFICE = {  # no article names Iran's foreign minister or president, nor the United States' president
    # ('the president of the United States' was answered with 003's US cable naming Azerbaijan's president)
    "en": ["Who is the foreign minister of Iran?", "Who is Iran's president?", "Who is the president of the United States?"],
    "ar": ["من هو وزير خارجية إيران؟", "من هو الرئيس الإيراني؟", "من هو رئيس الولايات المتحدة؟"],
    "fa": ["وزیر خارجه ایران کیست؟", "رئیس‌جمهور ایران کیست؟", "رئیس جمهور آمریکا کیست؟"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_another_states_office_holder_is_not_answered_by_any_name(pipeline, lang):
    """Netanyahu or Lavrov in a sentence that names Iran does not answer for Iran's office."""
    for question in WHOSE_OFFICE[lang]:
        assert pipeline.ask(question).status == "not_found", question


@pytest.mark.parametrize("question", ["Who is Ilham Aliyev?", "من هو نتنياهو؟", "لاوروف کیست؟"])
def test_who_is_a_person_is_not_answered_with_another_name(pipeline, question):
    answer = pipeline.ask(question)
    assert not any(c.entity for c in answer.claims)


INVITED = {  # 002: Herzog visits "بدعوة من إلهام علييف" (at the invitation of Ilham Aliyev)
    "en": "Who invited Herzog to Azerbaijan?",
    "ar": "من دعا هرتسوج لزيارة أذربيجان؟",
    "fa": "چه کسی هرتزوگ را به آذربایجان دعوت کرد؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_who_invited_is_answered_by_the_host(pipeline, lang):
    assert _values(pipeline.ask(INVITED[lang])) == ["ilham_aliyev"]


EMBASSY_WHERE = {
    "en": "Where is the Azerbaijani embassy in Israel?",
    "ar": "أين تقع سفارة أذربيجان في إسرائيل؟",
    "fa": "سفارت آذربایجان در اسرائیل کجاست؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_short_where_question_gets_both_cities_in_every_language(pipeline, lang):
    """001/004 put the embassy in Tel Aviv, 002 in Jerusalem: the same two sides in en, ar and fa."""
    answer = pipeline.ask(EMBASSY_WHERE[lang])
    assert answer.status == "conflict" and set(_values(answer)) == {"tel_aviv", "jerusalem"}


@pytest.mark.parametrize("question", ["When did Israel sell the Iron Dome to Azerbaijan?",
                                      "چه زمانی اسرائیل گنبد آهنین را به آذربایجان فروخت؟"])
def test_a_sale_is_the_purchase_seen_from_the_seller(pipeline, question):
    """Selling meets buying, so Armenia's purchase dated 2016 is still recognised as another state's."""
    assert pipeline.ask(question).status == "not_found"


PERES = {
    "en": "When did Peres visit Azerbaijan?",
    "ar": "متى زار بيريز أذربيجان؟",
    "fa": "پرز چه زمانی به آذربایجان سفر کرد؟",
}
NETANYAHU_TEHRAN = {  # no article has Netanyahu in Tehran; 002 lists "Peres's visit in 2009, and also Netanyahu … 2016"
    "en": "When did Netanyahu visit Tehran?",
    "ar": "متى زار نتنياهو طهران؟",
    "fa": "نتانیاهو کی به تهران سفر کرد؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_listed_visit_belongs_to_its_own_visitor(pipeline, lang):
    """'…Peres's visit, in 2009, and also Netanyahu…': 2009 is Peres's, never Netanyahu's."""
    assert "2009" in _values(pipeline.ask(PERES[lang]))
    assert pipeline.ask(NETANYAHU_TEHRAN[lang]).status == "not_found"


@pytest.mark.parametrize("question", ["When did Israel close its embassy in Baku?", "متى أغلقت إسرائيل سفارتها في باكو؟",
                                      "كم طائرة مسيرة اشترت أذربيجان من إسرائيل؟"])
def test_the_opposite_event_or_another_measure_is_not_the_answer(pipeline, question):
    """Closing is not opening; 'كم طائرة' (how many drones) counts, so a share of imports is no answer."""
    assert pipeline.ask(question).status == "not_found"


WAR_LENGTH = {  # 004: "در جنگ ۴۴ روزه قره‌باغ" (in the 44-day Karabakh war)
    "en": "How long did the Karabakh war last?",
    "ar": "كم يوما استمرت حرب كاراباخ؟",
    "fa": "جنگ قره‌باغ چه مدت طول کشید؟",
}


@pytest.mark.parametrize("lang, shown", [("en", "44 days"), ("ar", "44 يومًا"), ("fa", "۴۴ روز")])
def test_a_duration_is_found_and_shown_with_its_unit(pipeline, lang, shown):
    answer = pipeline.ask(WAR_LENGTH[lang])
    assert _values(answer) == ["44"] and answer.claims[0].display == shown


def test_extending_a_border_is_an_increase(pipeline):
    """100 km more border with Iran; the 500 km from the Iranian border to a base is another measure."""
    assert _values(pipeline.ask("By how many kilometres did Azerbaijan extend its border with Iran?")) == ["100"]


def test_a_date_question_that_names_a_year_is_answered_within_it(pipeline):
    """'…in 2016?' is not answered by his 1997/1998 visit; 'which month of 2022' by October 2022."""
    assert pipeline.ask("When did Netanyahu visit Baku in 2016?").status != "conflict"
    assert not {"1997-08", "1998"} & set(_values(pipeline.ask("When did Netanyahu visit Baku in 2016?")))
    assert _values(pipeline.ask("In which month of 2022 did Gantz visit Azerbaijan?")) == ["2022-10"]


PIPELINE = {
    "en": "Which pipeline carries Azerbaijani oil to Israel?",
    "ar": "عبر أي خط أنابيب يصل النفط الأذربيجاني إلى إسرائيل؟",
    "fa": "نفت آذربایجان از طریق کدام خط لوله به اسرائیل می‌رسد؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_oil_route_is_one_pipeline_in_every_language(pipeline, lang):
    """Baku–Ceyhan, named as one route; the 2019 EastMed gas pipeline covers fewer of the question's
    words (a pipeline, but not of oil) and is no rival."""
    answer = pipeline.ask(PIPELINE[lang])
    assert answer.status == "answered" and _values(answer) == ["btc_pipeline"]


AMBASSADOR = {  # no article names Azerbaijan's ambassador to Israel
    "en": "Who is the Azerbaijani ambassador to Israel?",
    "ar": "من هو سفير أذربيجان في إسرائيل؟",
    "fa": "سفیر آذربایجان در اسرائیل کیست؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_an_office_holder_is_not_answered_by_a_sentence_naming_nobody(pipeline, lang):
    """'…which the Israeli ambassador in Baku called historic' names an office, not a person."""
    assert pipeline.ask(AMBASSADOR[lang]).status == "not_found"


@pytest.mark.parametrize("question", ["What was the value of the 2012 deal with Israel Aerospace Industries?",
                                      "كم كانت قيمة صفقة عام 2012؟", "در سال ۲۰۱۲ ارزش قرارداد پهپادها چقدر بود؟"])
def test_a_deal_is_worth_what_the_sale_under_it_is(pipeline, question):
    """003: 'in 2012 the governments signed an agreement under which IAI sells … worth 1.6 billion dollars'."""
    assert _values(pipeline.ask(question)) == ["1600000000"]


def test_a_duration_measures_the_time_to_the_event_told_after_it(pipeline):
    """000: 'after nearly 30 years of direct contacts, the Azerbaijani embassy was established'."""
    answer = pipeline.ask("How many years of contacts preceded the Azerbaijani embassy in Israel?")
    assert _values(answer) == ["30"] and answer.claims[0].display == "about 30 years"


@pytest.mark.parametrize("question, shown", [("How much were the 2012 drone deals worth?", "$1.6 billion"),
                                             ("كم كانت قيمة صفقة عام 2012؟", "1.6 مليار دولار"),
                                             ("در سال ۲۰۱۲ ارزش قرارداد پهپادها چقدر بود؟", "۱٫۶ میلیارد دلار")])
def test_a_sum_of_money_is_shown_with_its_scale_and_currency(pipeline, question, shown):
    assert pipeline.ask(question).claims[0].display == shown


def test_persian_words_that_only_start_like_close_are_not_closing():
    """'بستر' (context) and 'بستگی' (dependence) are not 'بست' (closed); 'را بست' is."""
    from rag.lexicon import load_lexicon

    lex = load_lexicon()
    assert "close" not in {m.concept for m in lex.mentions("در بستر روابط دو کشور، همه چیز بستگی دارد")}
    assert "close" in {m.concept for m in lex.mentions("اسرائیل سفارت خود در باکو را بست")}


def test_rare_word_names_are_names_and_common_or_inflected_words_are_not():
    from rag.query import parse_query

    assert parse_query("متى زار لابيد أذربيجان؟").names == ("لابيد",)
    assert parse_query("لاپید کی به آذربایجان سفر کرد؟").names == ("لاپید",)
    assert parse_query("لماذا استُثنيتا من الحظر؟").names == ()  # an inflected verb: common by its stem
    assert parse_query("متى زار نتنياهو أذربيجان؟").names == ()  # known to the lexicon


@pytest.mark.parametrize("question", [
    "How many days after the end of the Soviet Union did Azerbaijan establish relations with Israel?",
    "كم يومًا بعد انهيار الاتحاد السوفييتي أقيمت العلاقات؟"])
def test_establishing_relations_is_the_relations_event(pipeline, question):
    """001: relations announced 'about a hundred days after' the end of the USSR."""
    assert _values(pipeline.ask(question)) == ["100"]


def test_an_english_question_is_held_to_the_cross_language_cosine_floor(pipeline):
    """English against Arabic text scores lower raw cosines than Arabic against Arabic (XQuAD: the
    answerable questions' 5th percentile is 0.77 vs 0.83), so one floor for both refused this."""
    answer = pipeline.ask("How many years of direct contacts came before the embassy opened?")
    assert _values(answer) == ["30"]


def test_a_known_name_alone_does_not_make_a_sentence_an_answer(pipeline):
    """'population' has no translation in the articles; 'Baku' alone is not what is asked."""
    assert pipeline.ask("What is the population of Baku?").status == "not_found"


@pytest.mark.parametrize("latin, arabic", [("Panthers", "بانثرز"), ("Genghis", "جنكيز"), ("Manning", "مانينغ"),
                                           ("Amazon", "الأمازون"), ("Avigdor", "آویگدور"), ("Kuperwasser", "كوبرفاسر")])
def test_names_are_found_across_scripts(latin, arabic):
    """p/b, v/f, g/j/k/q, doubled letters, the Arabic article; a leading ك of a name is not a clitic."""
    from rag.lexicon import names_in

    assert names_in(f"قال {arabic} إن", (latin,)) == {latin}


def test_a_possessive_is_stripped_but_a_final_s_of_a_name_is_kept():
    from rag.query import parse_query

    names = parse_query("How many tackles did Thomas Davis make in Herzog's visit?").names
    assert "Davis" in names and "Davi" not in names and "Herzog" not in names  # Herzog: known to the lexicon
    assert "National" not in parse_query("When did the National Assembly meet?").names  # a common word, translated


NETANYAHU_2016 = {  # 002: '…preceded by the visit of Peres in 2009, as well as Netanyahu … in 2016'
    "en": "Which Israeli prime minister visited Azerbaijan in 2016?",
    "ar": "أي رئيس وزراء إسرائيلي زار أذربيجان عام 2016؟",
    "fa": "کدام نخست‌وزیر اسرائیل در سال ۲۰۱۶ به آذربایجان سفر کرد؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_an_item_joined_by_a_coordinator_shares_the_event_of_the_clause_before(pipeline, lang):
    answer = pipeline.ask(NETANYAHU_2016[lang])
    assert answer.status == "answered" and _values(answer) == ["netanyahu"]


def test_to_supply_reads_both_ways_and_the_giver_is_the_source():
    """'تأمین' is to supply or to procure: it reads with a purchase and with an export, and the state that gives is
    where the goods come from, however the clause turns it ('آذربایجان تأمین‌کننده اصلی نفت اسرائیل', the main oil
    supplier; '…را از اسرائیل تأمین کرد', procured from Israel; 'supplied by Azerbaijan')."""
    from rag.lexicon import load_lexicon

    lex = load_lexicon()
    sources = lambda text: {m.concept for m in lex.mentions(text) if m.source}  # noqa: E731
    assert "supply" in {m.concept for m in lex.mentions("آذربایجان تأمین‌کننده اصلی نفت اسرائیل بود")}
    assert sources("آذربایجان تأمین‌کننده اصلی نفت اسرائیل بود") == {"azerbaijan"}
    assert {"buy", "supply"} <= {m.concept for m in lex.mentions("واردات نظامی خود را از اسرائیل تأمین کرد")}
    assert sources("واردات نظامی خود را از اسرائیل تأمین کرد") == {"israel"}
    assert sources("Share of Israel's petrol supplied by Azerbaijan") == {"azerbaijan"}
    assert sources("ایران از ارمنستان حمایت میکرد") == set()  # supported Armenia
    assert {"buy", "export"} <= lex.compatible(frozenset({"supply"})) and "export" not in lex.compatible(frozenset({"buy"}))


@pytest.mark.parametrize("question", ["What share of Israel's petrol was supplied by Azerbaijan in 2019?",
                                      "ما نسبة البنزين المستهلك في إسرائيل الذي تزوده أذربيجان عام 2019؟",
                                      "در سال ۲۰۱۹ آذربایجان چند درصد بنزین مصرفی اسرائیل را تأمین می‌کرد؟"])
def test_supplied_by_asks_for_what_was_bought_from(pipeline, question):
    """004: 'بیش از ۶۰ درصد بنزین مصرفی اسرائیل از آذربایجان تأمین میشود'. English 'supplied' read as an export and
    the Persian clause as a purchase, so the English question was refused while Arabic and Persian answered."""
    answer = pipeline.ask(question)
    assert _values(answer) == ["60%"] and answer.claims[0].qualifier == "more than"


@pytest.mark.parametrize("question", ["What share of the petrol Azerbaijan burns is supplied by Israel?",
                                      "چند درصد بنزین مصرفی آذربایجان را اسرائیل تأمین می‌کند؟"])
def test_supplied_by_the_other_state_is_not_found(pipeline, question):
    """The direction trap: Israel supplying Azerbaijan's petrol is not told (the goods come from Azerbaijan)."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["Which country supplied Azerbaijan with most of its weapons?",
                                      "ما الدولة التي زودت أذربيجان بمعظم أسلحتها؟",
                                      "کدام کشور بیشتر سلاح‌های آذربایجان را تأمین کرد؟"])
def test_the_supplier_asked_for_is_the_one_nearest_the_supply(pipeline, question):
    """'اسرائیل … با تأمین تسلیحات پیشرفته …، درحالیکه ایران از ارمنستان حمایت میکرد': of the states one clause names,
    the one written nearest the event (with 'تأمین' read as a supply, this clause answered Armenia, first in order)."""
    assert _values(pipeline.ask(question)) == ["israel"]



TRAPS = {  # asked in three languages; the articles state a neighbouring fact, never this one
    # a name the lexicon lacks must be in the evidence; Arabic and Persian have no capitals, so a word the
    # language hardly uses (wordfreq) is read as a name. No article names Lapid; 1997/1998 are Netanyahu's.
    "unknown visitor": {"en": "When did Lapid visit Azerbaijan?", "ar": "متى زار لابيد أذربيجان؟",
                        "fa": "لاپید کی به آذربایجان سفر کرد؟"},
    # the state an event is with: 001 has Azerbaijan agree *with Israel* to buy the Iron Dome
    "another partner": {"en": "When did Azerbaijan sign a peace treaty with Armenia?",
                        "ar": "متى وقعت أذربيجان معاهدة سلام مع أرمينيا؟",
                        "fa": "آذربایجان کی با ارمنستان پیمان صلح امضا کرد؟"},
    # joining is an event the clause must state: 000 dates the Abraham Accords, not Azerbaijan joining them
    # a model designation is a name the evidence must state (by its number, in any script): 003's 2012
    # sale is of drones and air defence, no F-35
    "unstated model": {"en": "When did Israel sell F-35 jets to Azerbaijan?",
                       "ar": "متى باعت إسرائيل طائرات F-35 لأذربيجان؟", "fa": "اسرائیل کی جنگنده F-35 به آذربایجان فروخت؟"},
    # an adjective of a state is that state: 003 measures Sitalchay from the Iranian border, not the Armenian
    "another border": {"en": "How far is the Sitalchay air base from the Armenian border?",
                       "ar": "كم تبعد قاعدة سيتالشاي الجوية عن الحدود الأرمينية؟",
                       "fa": "پایگاه هوایی سیتالچای چقدر از مرز ارمنستان فاصله دارد؟"},
    # whose tourists: 004 counts Israeli tourists arriving in Azerbaijan, not the other way round
    "whose tourists": {"en": "By what percentage did Azerbaijani tourist arrivals in Israel increase?",
                       "ar": "بكم بالمئة زاد عدد السياح الأذربيجانيين في إسرائيل؟",
                       "fa": "ورود گردشگران آذربایجانی به اسرائیل چند درصد افزایش یافت؟"},
    # whose office: the visits the articles date are Israeli leaders' to Azerbaijan
    "another state's minister": {"en": "When did Azerbaijan's defence minister visit Israel?",
                                 "ar": "متى زار وزير الدفاع الأذربيجاني إسرائيل؟",
                                 "fa": "وزیر دفاع آذربایجان کی به اسرائیل سفر کرد؟"},
    # a figure of today ('about 30,000', 'more than 3,000') does not answer for another year
    "another year": {"en": "How many Jews lived in Azerbaijan in 1950?", "ar": "كم كان عدد اليهود في أذربيجان عام 1950؟",
                     "fa": "در سال ۱۹۵۰ چند یهودی در آذربایجان زندگی می‌کردند؟"},
    "unstated joining": {"en": "When did Azerbaijan join the Abraham Accords?",
                         "ar": "متى انضمت أذربيجان إلى اتفاقيات أبراهام؟", "fa": "آذربایجان کی به پیمان ابراهیم پیوست؟"},
    # a state that opens an office abroad owns it: 000's trade office in Tel Aviv is Azerbaijani
    # (the sentence also names 'the Israeli ambassador in Baku')
    "whose trade office": {"en": "When did Israel open a trade office in Baku?",
                           "ar": "متى افتتحت إسرائيل مكتباً تجارياً في باكو؟",
                           "fa": "اسرائیل چه زمانی دفتر تجاری در باکو افتتاح کرد؟"},
    # 004's 1990s meeting of Heydar Aliyev with 'Yitzhak Rabin, Israel's prime minister': whose office is no place
    "a meeting is no visit there": {"en": "When did Aliyev visit Tel Aviv?", "ar": "متى زار علييف تل أبيب؟",
                                    "fa": "علی‌اف چه زمانی به تل‌آویو سفر کرد؟"},
    # 001: 27% of Azerbaijani arms purchases …, 'the second customer … after India': India's clause has no figure
    "another state's share": {"en": "What share of India's arms purchases came from Israel?",
                              "ar": "ما نسبة مشتريات الهند من السلاح الإسرائيلي؟",
                              "fa": "چند درصد خرید تسلیحات هند از اسرائیل بود؟"},
    # an office the articles name for another state only: 004's Rabin is Israel's prime minister, Heydar
    # Aliyev beside him Azerbaijan's president
    "another state's office": {"en": "Who is the prime minister of Azerbaijan?", "ar": "من هو رئيس وزراء أذربيجان؟",
                               "fa": "نخست‌وزیر آذربایجان کیست؟"},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_a_neighbouring_fact_is_not_the_answer(pipeline, trap, lang):
    assert pipeline.ask(TRAPS[trap][lang]).status == "not_found"


def test_the_accords_themselves_are_still_dated(pipeline):
    assert _values(pipeline.ask("When were the Abraham Accords signed?")) == ["2020/2021"]


EMBASSY_WHERE_SHORT = {
    "en": "Where did Azerbaijan open its embassy?",
    "ar": "أين افتتحت أذربيجان سفارتها؟",
    "fa": "آذربایجان سفارت خود را کجا افتتاح کرد؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_country_is_no_rival_of_a_city_in_it(pipeline, lang):
    """'Tel Aviv' vs 'Israel' was shown as a disagreement: the country is the city said less precisely."""
    values = _values(pipeline.ask(EMBASSY_WHERE_SHORT[lang]))
    assert "tel_aviv" in values and "israel" not in values


ANSWERED = {  # asked in three languages; the one value the articles state
    # 003: "the two governments signed an agreement …": the pair names both topic states
    "the two governments": ({
        "en": "What was the value of the 2012 agreement under which Israel Aerospace Industries sold drones to Azerbaijan?",
        "ar": "كم بلغت قيمة الاتفاقية التي باعت بموجبها الصناعات الجوية الإسرائيلية طائرات مسيرة لأذربيجان عام 2012؟",
        "fa": "ارزش قرارداد ۲۰۱۲ که صنایع هوافضای اسرائیل با آن پهپاد به آذربایجان فروخت چقدر بود؟",
    }, ["1600000000"]),
    # 003: "home to about 30,000 Jews, who live mainly in the capital Baku": living is the event (it was
    # 'Jerusalem', from a sentence about sources in Jerusalem and Jewish leaders)
    "where people live": ({
        "en": "Where do most of Azerbaijan's Jews live?",
        "ar": "أين يقيم معظم يهود أذربيجان؟",
        "fa": "بیشتر یهودیان آذربایجان در کجا زندگی می‌کنند؟",
    }, ["baku"]),
    # a product of the class asked: 003 says Israel supplied Stinger missiles in the first Karabakh war
    "what type of missile": ({
        "en": "What type of missiles did Israel supply to Azerbaijan during the first Karabakh war?",
        "ar": "ما نوع الصواريخ التي زودت بها إسرائيل أذربيجان خلال حرب كاراباخ الأولى؟",
        "fa": "اسرائیل در نخستین جنگ قره‌باغ چه نوع موشکی در اختیار آذربایجان گذاشت؟",
    }, ["stinger"]),
    # and of the make asked: 001's sentence names Israel's Iron Dome and Armenia's Russian Iskander
    "whose missile": ({
        "en": "Which Russian missiles did Armenia buy?", "ar": "ما الصواريخ الروسية التي اشترتها أرمينيا؟",
        "fa": "ارمنستان کدام موشک روسی را خرید؟",
    }, ["iskander"]),
    # 000: "owned half-and-half" (مناصفة) by the company and the government is a 50% share; a stake is a share
    "a share written as a word": ({
        "en": "What stake does the Azerbaijani government hold in Azad Systems?",
        "ar": "ما حصة الحكومة الأذربيجانية في شركة Azad Systems؟", "fa": "سهم دولت آذربایجان در شرکت Azad Systems چقدر است؟",
    }, ["50%"]),
    # 002: the embassy in Iran was attacked by a man armed with a Kalashnikov, a rifle the lexicon now knows as
    # a product ('بأي سلاح' asks for one; it was Herzog's visit quoted)
    "the weapon of an attack": ({
        "en": "What weapon was used in the attack on Azerbaijan's embassy in Iran?",
        "ar": "بأي سلاح نُفّذ الهجوم على سفارة أذربيجان في إيران؟",
        "fa": "سفارت آذربایجان در ایران با چه سلاحی مورد حمله قرار گرفت؟",
    }, ["kalashnikov"]),
    # 004: Israel's defence minister visited Turkey for the first time in 12 years; in 'زار وزير الدفاع
    # الإسرائيلي تركيا' Israel is whose minister, Turkey the place visited (it read Israel as the place)
    "whose office visits where": ({
        "en": "Israel's defence minister went to Turkey for the first time in how many years?",
        "ar": "زار وزير الدفاع الإسرائيلي تركيا لأول مرة منذ كم سنة؟",
        "fa": "سفر وزیر دفاع اسرائیل به ترکیه، اولین سفر در چند سال گذشته بود؟",
    }, ["12"]),
    # 'which Israeli company' asks for a company; Persian writes 'Sky Striker' joined by a ZWNJ
    "which company": ({
        "en": "Which Israeli company makes the Sky Striker drones?", "ar": "أي شركة إسرائيلية تصنع طائرات سكاي سترايكر؟",
        "fa": "پهپادهای اسکای‌استرایکر ساخت کدام شرکت اسرائیلی است؟",
    }, ["elbit"]),
    # 'پروازهایشان' ('their flights') is a Persian word with its endings, not a name the articles lack
    "persian endings": ({
        "en": "When Western airlines stopped their flights to Israel, by what percentage did Israeli tourist "
              "arrivals in Azerbaijan rise?",
        "ar": "عندما أوقفت شركات الطيران الغربية رحلاتها إلى إسرائيل، بكم بالمئة زاد عدد السياح الإسرائيليين في أذربيجان؟",
        "fa": "وقتی ایرلاین‌های غربی پروازهایشان به اسرائیل را قطع کردند، ورود گردشگران اسرائیلی به آذربایجان چند درصد رشد کرد؟",
    }, ["50%"]),
    # 002 is titled 'Herzog's visit to Azerbaijan': its 'in the same context, a 2023-2028 plan was signed'
    # happened on that visit though the sentence does not name him again
    "the article's scene": ({
        "en": "Which years does the health cooperation plan signed during Herzog's visit cover?",
        "ar": "ما السنوات التي تغطيها خطة التعاون الصحي الموقعة خلال زيارة هرتسوغ؟",
        "fa": "برنامه همکاری بهداشتی امضاشده در سفر هرتزوگ چه سال‌هایی را در بر می‌گیرد؟",
    }, ["2023/2028"]),
    # relations 'with' a state are that state's too: 001's Azerbaijan 'announcing relations with Israel'
    # answers Israel's relations with Azerbaijan (Arabic gave only 000's less precise 1992)
    "relations both ways": ({
        "en": "When did Israel establish diplomatic ties with Azerbaijan?",
        "ar": "متى أقامت إسرائيل علاقات دبلوماسية مع أذربيجان؟",
        "fa": "اسرائیل چه زمانی با آذربایجان روابط دیپلماتیک برقرار کرد؟",
    }, ["1992-04-07"]),
    # 000: '…in Tel Aviv in July 2021, which the Israeli ambassador in Baku called historic': the value's own
    # segment says where; 'مكتبها التجاري' is its trade office
    "where, in its own segment": ({
        "en": "In which city did Azerbaijan open its trade office?", "ar": "في أي مدينة افتتحت أذربيجان مكتبها التجاري؟",
        "fa": "آذربایجان دفتر تجاری‌اش را در کدام شهر باز کرد؟",
    }, ["tel_aviv"]),
    # 'which Israeli infrastructure minister' asks for a person however many words stand before 'minister';
    # 004 writes 'هم‌مرز با ایران' (bordering Iran) joined by a ZWNJ
    "which minister": ({
        "en": "Which Israeli infrastructure minister said in 2006 that Azerbaijan, a Muslim country bordering Iran, "
              "matters greatly to Israel?",
        "ar": "أي وزير إسرائيلي للبنية التحتية قال عام 2006 إن أذربيجان، البلد المسلم المجاور لإيران، مهمة جداً لإسرائيل؟",
        "fa": "کدام وزیر زیرساخت اسرائیل در سال ۲۰۰۶ گفت آذربایجان به‌عنوان کشوری مسلمان و هم‌مرز با ایران برای اسرائیل "
              "بسیار مهم است؟",
    }, ["ben_eliezer"]),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fact", sorted(ANSWERED))
def test_the_stated_value_is_the_answer_in_every_language(pipeline, fact, lang):
    questions, values = ANSWERED[fact]
    assert _values(pipeline.ask(questions[lang])) == values


@pytest.mark.parametrize("question", ["Which Israeli city hosts Azerbaijan's embassy?",
                                      "أي مدينة إسرائيلية تستضيف سفارة أذربيجان؟",
                                      "کدام شهر اسرائیل میزبان سفارت آذربایجان است؟"])
def test_the_state_of_the_city_asked_is_where_it_is(pipeline, question):
    """'which Israeli city': Baku (Israel's embassy there) is no answer; Tel Aviv vs Jerusalem is the real conflict."""
    answer = pipeline.ask(question)
    assert answer.status == "conflict" and set(_values(answer)) == {"tel_aviv", "jerusalem"}


@pytest.mark.parametrize("question", ["Size of the Jewish community in Azerbaijan?", "حجم الجالية اليهودية في أذربيجان؟",
                                      "اندازه جامعه یهودی آذربایجان چقدر است؟"])
def test_the_size_of_a_community_is_a_count(pipeline, question):
    assert set(_values(pipeline.ask(question))) == {"30000", "3000"}


def test_a_count_of_another_known_thing_does_not_answer(pipeline):
    """'30 ألف يهودي' counts Jews: it is not the population of Baku."""
    assert pipeline.ask("جمعیت باکو چقدر است؟").status == "not_found"
    assert set(_values(pipeline.ask("كم عدد اليهود في أذربيجان؟"))) == {"30000", "3000"}


@pytest.mark.parametrize("question", ["What weapon was used in the attack on Israel's embassy in Baku?",
                                      "ما السلاح الذي استُخدم في الهجوم على السفارة الإسرائيلية في باكو؟",
                                      "در حمله به سفارت اسرائیل در باکو از چه سلاحی استفاده شد؟"])
def test_weapons_named_beside_the_same_objects_are_no_disagreement(pipeline, question):
    """With no action in the question, Iskander (001), Stinger (003) and the Kalashnikov (002) are not
    three answers to one event: they were shown as a three-way conflict."""
    assert pipeline.ask(question).status != "conflict"


@pytest.mark.parametrize("question", ['ما الشركة الإسرائيلية المصنّعة لصواريخ "لورا" الباليستية التي تستوردها باكو؟',
                                      "موشک‌های بالستیک «لورا» که باکو وارد می‌کند، ساخت کدام شرکت اسرائیلی است؟",
                                      "Which Israeli company makes the LORA ballistic missiles that Baku imports?"])
def test_a_name_the_asker_quotes_must_be_in_the_evidence(pipeline, question):
    """No article says who makes LORA; Elbit (003) makes Sky Striker, in a sentence without LORA."""
    assert "elbit" not in _values(pipeline.ask(question))


@pytest.mark.parametrize("question", ["Baku is one of the leading importers of which Israeli ballistic missile?",
                                      "ما الصاروخ الباليستي الإسرائيلي الذي تُعدّ باكو من أبرز مستورديه؟",
                                      "باکو از واردکنندگان اصلی کدام موشک بالستیک اسرائیلی است؟"])
def test_the_missile_baku_imports_is_named(pipeline, question):
    """LORA is a weapon the articles name (003): the name itself is the answer, cited at the sentence naming it."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["lora"]
    assert "لورا" in answer.claims[0].citations[0].quote


@pytest.mark.parametrize("question", ["ما اسم السفينة التركية التي استهدفتها إسرائيل فانقطعت العلاقات بين أنقرة وتل أبيب؟",
                                      "نام کشتی ترکیه‌ای که اسرائیل به آن حمله کرد و روابط آنکارا و تل‌آویو را قطع کرد چه بود؟"])
def test_a_name_the_lexicon_lacks_is_still_quoted(pipeline, question):
    """The Mavi Marmara is not in the lexicon: the sentence naming it is the answer."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and "مرمرة" in answer.claims[0].display


@pytest.mark.parametrize("question", ["Which Israeli firm manufactures the LORA missiles bought by Baku?",
                                      "أي شركة إسرائيلية تنتج صواريخ لورا التي تشتريها باكو؟",
                                      "کدام شرکت اسرائیلی موشک‌های لورا را برای باکو می‌سازد؟"])
def test_a_maker_is_told_where_it_is_written_with_the_thing_it_makes(pipeline, question):
    """No article says who makes LORA. The paragraph after the one naming it (003) starts with Aeronautics announcing
    something during Peres's visit: a company named a sentence away from the missiles is not their maker."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["Who called Azerbaijan's president a friend of Israel?",
                                      "من الذي وصف رئيس أذربيجان بأنه صديق لإسرائيل؟",
                                      "کی رئیس‌جمهور آذربایجان را «دوست اسرائیل» خواند؟"])
def test_who_spoke_of_an_office_holder_is_not_the_holder(pipeline, question):
    """'Azerbaijan's president' is what the verb acts on: Aliyev is described, Lavrov (004) is the one asked for.
    (Persian spoken 'کی' with the office marked as the object by 'را' asks who, not when.)"""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and answer.asked_for == "text"
    assert not {"ilham_aliyev", "aliyev"} & set(_values(answer))
    assert any(name in claim.display for claim in answer.claims for name in ("لاوروف", "Lavrov"))


@pytest.mark.parametrize("question, expected", [
    ("Who is the president of Azerbaijan?", "aliyev"),
    ("Who visited Baku as Israel's president?", "herzog"),
    ("من زار باكو بصفته رئيس إسرائيل؟", "herzog"),
    ("Who did Israeli foreign minister Eli Cohen meet with on the Azerbaijani side?", "bayramov"),
])
def test_an_office_asked_for_or_held_is_still_the_answer(pipeline, question, expected):
    """A copula, 'as' and a name beside the office keep it the asked one's (or the subject's) role."""
    assert _values(pipeline.ask(question)) == [expected]


@pytest.mark.parametrize("question", ["What was Azerbaijan's share of Israel's arms imports in 2016-2020?",
                                      "ما حصة أذربيجان من واردات إسرائيل من الأسلحة بين 2016 و2020؟",
                                      "ما نسبة واردات إسرائيل من السلاح التي مصدرها أذربيجان بين 2016 و2020؟",
                                      "سهم آذربایجان از واردات تسلیحاتی اسرائیل در ۲۰۱۶ تا ۲۰۲۰ چقدر بود؟"])
def test_a_share_of_imports_names_where_they_come_from(pipeline, question):
    """Azerbaijan's share of Israel's imports makes Azerbaijan the seller; the articles give only Israel's share of
    Azerbaijan's imports (69%), the other direction."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["What was Azerbaijan's share of Israel's arms exports in 2016-2020?",
                                      "ما حصة أذربيجان من مبيعات الأسلحة الإسرائيلية بين 2016 و2020؟",
                                      "سهم آذربایجان از صادرات تسلیحات اسرائیل چقدر است؟"])
def test_a_share_of_sales_is_what_the_state_buys(pipeline, question):
    assert _values(pipeline.ask(question)) == ["17%"]


def test_persian_facilities_are_not_a_founding(pipeline):
    """'تأسیسات' (facilities) is not 'تأسیس' (founding): the desalination plant's company is still read."""
    answer = pipeline.ask("پروژه ساخت تأسیسات آب‌شیرین‌کن دریای خزر برای باکو با کدام شرکت متعلق به خانواده لیبرمن پیوند دارد؟")
    assert answer.status == "answered" and "ووتر أسيتس" in answer.claims[0].display


def test_a_states_embassy_is_still_abroad(pipeline):
    assert set(_values(pipeline.ask("Where is Azerbaijan's embassy?"))) == {"tel_aviv", "jerusalem"}
    assert _values(pipeline.ask("Where is Israel's embassy?")) == ["baku"]


@pytest.mark.parametrize("question, sides", [
    ("في أي عام أصبح لإسرائيل سفارة في العاصمة الأذربيجانية باكو؟", {"1992-12", "1993"}),  # لـ: Israel owns it
    ("متى أصبح لأذربيجان سفارة خاصة بها في إسرائيل؟", {"2022-11", "2023-03"}),
])
def test_whose_embassy_with_lam_of_possession(pipeline, question, sides):
    assert _same_set(_values(pipeline.ask(question)), sides)


@pytest.mark.parametrize("question", ["By what percentage did Israeli tourist arrivals in Azerbaijan increase?",
                                      "ورود گردشگران اسرائیلی به آذربایجان چند درصد افزایش یافت؟"])
def test_the_tourists_the_text_counts_are_still_answered(pipeline, question):
    assert _values(pipeline.ask(question)) == ["50%"]


@pytest.mark.parametrize("question", ["أذربيجان هي ثاني أكبر زبون للصناعة العسكرية الإسرائيلية، فما الدولة التي تتقدم عليها؟",
                                      "آذربایجان دومین مشتری بزرگ صنایع نظامی اسرائیل است؛ کدام کشور در رتبه نخست قرار دارد؟"])
def test_which_country_is_answered_by_the_state_not_a_place(pipeline, question):
    """001: 'Azerbaijan the second customer of the Israeli military industry, after India'. A state named
    in the event's clause, not where something happens; states around one event are never rivals."""
    assert _values(pipeline.ask(question)) == ["india"]


HERZOG_AFTER = {  # 002: "two months after Azerbaijan opened an embassy in Jerusalem": a span between two events
    "en": "How long after the embassy opening did Herzog visit Azerbaijan?",
    "ar": "كم من الوقت بعد افتتاح السفارة زار هرتسوغ أذربيجان؟",
    "fa": "هرتزوگ چه مدت پس از افتتاح سفارت به آذربایجان سفر کرد؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_how_long_after_one_event_another_happened(pipeline, lang):
    """The span's clause places the first event (Jerusalem), the question the second (Azerbaijan)."""
    answer = pipeline.ask(HERZOG_AFTER[lang])
    assert _values(answer) == ["2"]
    assert lang != "en" or "month" in answer.claims[0].display


@pytest.mark.parametrize("question", ["When did the Israeli president visit Azerbaijan?",
                                      "رئیس‌جمهور اسرائیل کی به آذربایجان سفر کرد؟"])
def test_an_office_holder_of_the_right_state_is_still_dated(pipeline, question):
    assert _values(pipeline.ask(question)) == ["2023-05"]


@pytest.mark.parametrize("lang, shown", [("en", "500 km"), ("ar", "500 كم"), ("fa", "۵۰۰ کیلومتر")])
def test_a_distance_is_shown_with_its_unit(pipeline, lang, shown):
    question = {"en": "How far is the Sitalchay air base from the Iranian border?",
                "ar": "كم تبعد قاعدة سيتالشاي الجوية عن الحدود الإيرانية؟",
                "fa": "پایگاه هوایی سیتالچای چقدر از مرز ایران فاصله دارد؟"}[lang]
    assert [c.display for c in pipeline.ask(question).claims] == [shown]


@pytest.mark.parametrize("question", ["Who is the Israeli president who visited Baku?",
                                      "رئیس‌جمهور اسرائیل کی به باکو سفر کرد؟"])
def test_the_office_named_beside_a_person_is_theirs(pipeline, question):
    """Netanyahu is named 'رئيس الوزراء' (prime minister) where his visits are dated: not the president."""
    values = _values(pipeline.ask(question))
    assert values in (["herzog"], ["2023-05"])


PRESIDENT = {"en": "Who is the president of Azerbaijan?", "ar": "من هو رئيس أذربيجان؟", "fa": "رئیس‌جمهور آذربایجان کیست؟"}


@pytest.mark.parametrize("lang", LANGS)
def test_an_office_of_the_topic_state_is_answered_by_its_holder(pipeline, lang):
    """'الرئيس الأذربيجاني إلهام علييف': the question names no event, only the office (it was not_found)."""
    answer = pipeline.ask(PRESIDENT[lang])
    assert answer.status == "answered" and {c.value for c in answer.claims} <= {"aliyev", "ilham_aliyev"}


@pytest.mark.parametrize("question", ["When did Israeli President Reuven Rivlin visit Baku?",
                                      "في أي عام زار الرئيس الإسرائيلي رؤوفين ريفلين باكو؟",
                                      "رئیس‌جمهور اسرائیل، رووین ریولین، کی به باکو سفر کرد؟"])
def test_another_holder_of_the_office_is_not_answered_by_its_visits(pipeline, question):
    """No article reports a Rivlin visit; Herzog's (May 2023) was given in Arabic, where the name the
    lexicon lacks had no capital letter to show it was one."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["What weapon did the gunman use when Azerbaijan's embassy in Iran was attacked?",
                                      "ما السلاح الذي استخدمه المسلح عندما هوجمت سفارة أذربيجان في إيران؟",
                                      "وقتی به سفارت آذربایجان در ایران حمله شد، مهاجم از چه سلاحی استفاده کرد؟"])
def test_a_name_asked_before_when_is_still_a_name(pipeline, question):
    """'What weapon … when …' was read as a date question and found nothing."""
    assert _values(pipeline.ask(question)) == ["kalashnikov"]


@pytest.mark.parametrize("question, value", [
    ("By how many kilometres did the 44-day war lengthen Azerbaijan's border with Iran?", "100"),
    ("بكم كيلومترا زادت حدود أذربيجان مع إيران في حرب الأيام الأربعة والأربعين؟", "100"),
    ("مرز آذربایجان با ایران در جنگ ۴۴ روزه چند کیلومتر طولانی‌تر شد؟", "100"),
    ("در ۲۰۲۱ و ۲۰۲۲ سپاه چند مانور بزرگ کنار مرز جمهوری آذربایجان انجام داد؟", "2"),
])
def test_words_for_the_same_event_answer_it(pipeline, question, value):
    """'lengthen' / 'طولانی‌تر' is the increase the Persian article states, 'بكم' asks 'by how much',
    'مانور' is a drill."""
    assert _values(pipeline.ask(question)) == [value]


@pytest.mark.parametrize("question", ["By how much did the number of Israeli visitors to Azerbaijan rise?",
                                      "بأي نسبة ازداد عدد السياح الإسرائيليين القادمين إلى أذربيجان خلال الحرب؟",
                                      "شمار گردشگران اسرائیلی در آذربایجان چقدر افزایش یافت؟"])
def test_by_how_much_a_number_rose_may_be_a_share(pipeline, question):
    """'the number of … rise' was read as a count, so the 50% the Persian article states was no candidate."""
    assert _values(pipeline.ask(question)) == ["50%"]


@pytest.mark.parametrize("question", ["When did Baku-born Yosef Shagal emigrate to Israel?",
                                      "في أي عام هاجر يوسف شاغال، المولود في باكو، إلى إسرائيل؟",
                                      "یوسف شاگال که زاده باکو است، در چه سالی به اسرائیل مهاجرت کرد؟"])
def test_an_event_no_article_dates_is_not_found(pipeline, question):
    """Emigrating is an event of its own: Shagal's 2006 remark does not date it (and Persian 'زاده', born,
    had been read as an increase)."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["What is the exchange rate of the Azerbaijani manat against the US dollar?",
                                      "ما سعر صرف المانات الأذربيجاني مقابل الدولار الأمريكي حاليًا؟",
                                      "نرخ برابری منات آذربایجان در برابر دلار آمریکا چقدر است؟"])
def test_a_question_naming_only_states_needs_more_than_the_states(pipeline, question):
    """Out of the articles: a sentence on Azerbaijani oil was quoted because it named Azerbaijan."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", [
    "Which Israeli newspaper reported in 2019 that more than 60% of Israel's petrol comes from Azerbaijan?",
    "أي صحيفة إسرائيلية ذكرت عام 2019 أن أكثر من 60% من البنزين الذي تستهلكه إسرائيل يأتي من أذربيجان؟",
    "کدام روزنامه اسرائیلی در سال ۲۰۱۹ گزارش داد که بیش از ۶۰ درصد بنزین اسرائیل از آذربایجان تأمین می‌شود؟"])
def test_a_share_the_question_states_is_no_share_asked(pipeline, question):
    """'more than 60%' is what the newspaper said; the newspaper is asked (it was read as a percent question)."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and answer.asked_for == "text"
    assert "اسرائیلهایوم" in answer.claims[0].display or _values(answer) == ["israel_hayom"]


@pytest.mark.parametrize("question", ["In what year did Israel open its embassy in the capital of the Republic of Azerbaijan?",
                                      "في أي عام افتتحت إسرائيل سفارتها في عاصمة جمهورية أذربيجان؟",
                                      "اسرائیل در چه سالی سفارتخانه‌اش را در پایتخت جمهوری آذربایجان راه انداخت؟"])
def test_the_capital_of_the_republic_of_azerbaijan_is_in_azerbaijan(pipeline, question):
    """Israel's embassy in Baku (1993 vs December 1992), not Azerbaijan's in Israel."""
    assert set(_values(pipeline.ask(question))) == {"1993", "1992-12"}


@pytest.mark.parametrize("question", [
    "In what year was the US diplomatic cable written in which Aliyev compared ties with Israel to an iceberg?",
    "في أي عام كُتبت البرقية الدبلوماسية الأمريكية التي شبّه فيها علييف العلاقة مع إسرائيل بجبل الجليد؟",
    "تلگراف دیپلماتیک آمریکا که در آن علی‌اف روابط با اسرائیل را به کوه یخ تشبیه کرد، در چه سالی نوشته شد؟"])
def test_a_person_alone_names_no_one_event(pipeline, question):
    """Heydar Aliyev's 1990s (the Persian article) is no rival of the cable's 2009: the question names a
    person and no event the lexicon knows, so a rival must read like the answer's clause."""
    assert _values(pipeline.ask(question)) == ["2009"]


@pytest.mark.parametrize("question", [
    "What is the name of the Azerbaijani presidential aide who said in 2021 that Baku wants its allies to be on friendly terms?",
    "نام دستیار رئیس‌جمهور آذربایجان که در سال ۲۰۲۱ گفت «ما علاقه‌مندیم متحدان ما نیز روابط دوستانه‌ای با یکدیگر داشته باشند» چیست؟",
    "ما اسم مساعد الرئيس الأذربيجاني الذي قال عام 2021 إن بلاده تريد أن تقيم حليفاتها علاقات ودية فيما بينها؟"])
def test_an_office_holder_no_article_names_is_not_found(pipeline, question):
    """The Persian article quotes the aide without naming him: a quote naming no person does not say who.
    'مساعد الرئيس' (the president's aide) asks for the aide: the office after it only qualifies it, so a
    quote naming the president (Heydar Aliyev) no longer passes."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", [
    "When did Ynet report that Israel wants to strengthen ties with Baku in response to Armenia's anti-Israel stance?",
    "متى أفاد موقع Ynet بأن إسرائيل تعتزم تعزيز علاقاتها مع باكو ردًا على مواقف أرمينيا المعادية لإسرائيل؟",
    "واینت کی گزارش داد اسرائیل می‌خواهد در واکنش به مواضع ضداسرائیلی ارمنستان روابطش با باکو را تقویت کند؟"])
def test_a_clause_naming_the_questions_own_source_needs_less_score(pipeline, question):
    """The Persian article's Ynet sentence is broken by its PDF and reads far from any question; its
    clause names Ynet itself, so a low score still answers (it was not found in English, and 'واینت' was
    read as 'where' in Persian)."""
    assert _values(pipeline.ask(question)) == ["2024-11"]


@pytest.mark.parametrize("question", [
    "Which years does the health cooperation program signed during the Israeli president's trip to Azerbaijan cover?",
    "برنامه همکاری بهداشتی که در سفر رئیس‌جمهور اسرائیل به آذربایجان امضا شد، چه سال‌هایی را در بر می‌گیرد؟"])
def test_an_office_qualifies_the_action_written_beside_it(pipeline, question):
    """'the president's trip' says who travelled, not who signed: the plan's clause, which names two health
    ministers, is not checked against the president (it was refused as 'another state's office holder').
    Arabic 'خطة التعاون الصحي' is not yet: 'الصحي' is not read as health (as a word start it would match
    'الصحيفة', newspaper), so the frame has no object and a rival from another article joins."""
    assert _values(pipeline.ask(question)) == ["2023/2028"]


@pytest.mark.parametrize("question", ["Distance from Sitalcay air base to the Iranian border?",
                                      "على أي مسافة من الحدود الإيرانية تقع قاعدة سيتالشاي الجوية؟",
                                      "پایگاه هوایی سیتال‌چای چند کیلومتر با مرز ایران فاصله دارد؟"])
def test_a_place_is_known_by_its_azerbaijani_spelling(pipeline, question):
    """'Sitalcay' / 'Sitalçay' (Azerbaijani Latin) is the base the Arabic article writes 'سيتالشاى'."""
    assert _values(pipeline.ask(question)) == ["500"]


@pytest.mark.parametrize("question", [
    "How many guards were hurt in the gunman's attack on Azerbaijan's embassy in Iran?",
    "كم حارساً أصيب في الهجوم المسلح الذي تعرضت له سفارة أذربيجان في إيران؟",
    "در حمله فرد مسلح به سفارت آذربایجان در ایران چند نگهبان زخمی شدند؟"])
def test_an_arabic_dual_is_a_count_of_two(pipeline, question):
    """'وإصابة حارسين': Arabic writes 'two guards' as the noun's dual, with no number in it."""
    assert _values(pipeline.ask(question)) == ["2"]


@pytest.mark.parametrize("question", [
    "How many guards were killed in the attack on Azerbaijan's embassy in Iran?",
    "كم حارسا قتل في الهجوم على سفارة أذربيجان في إيران؟",
    "چند نگهبان در حمله به سفارت آذربایجان در تهران کشته شدند؟"])
def test_a_dual_counts_only_what_happened_to_them(pipeline, question):
    """The head of security was killed, the two guards wounded: the dual after 'إصابة' does not count the dead."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", [
    "The Azerbaijani president likened ties with Israel to an iceberg: how much of it did he say is hidden?",
    "حين شبّه الرئيس الأذربيجاني العلاقة مع إسرائيل بجبل من الجليد، ما الجزء الذي قال إنه لا يُرى؟",
    "رئیس‌جمهور آذربایجان که رابطه با اسرائیل را به کوه یخ تشبیه کرد، گفت چه مقدار از آن پنهان است؟"])
def test_a_part_asked_is_answered_by_the_share(pipeline, question):
    """'ما الجزء' (what part) was a statement question and got the cable's sentence quoted."""
    assert _values(pipeline.ask(question)) == ["90%"]


@pytest.mark.parametrize("question", [
    "When were the new Azerbaijan-Israel military contracts, which earned Israel billions of dollars, signed?",
    "متى وُقّعت العقود العسكرية الجديدة بين أذربيجان وإسرائيل التي درّت على إسرائيل مليارات الدولارات؟",
    "قراردادهای جدید نظامی آذربایجان و اسرائیل کی امضا شد؟"])
def test_the_new_contracts_are_not_the_initial_ones(pipeline, question):
    """'the initial data on arms contracts … 2008' was shown as a rival of the new contracts' September 2024."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["2024-09"]


def test_a_new_one_asked_still_admits_a_new_phase_of_a_first_visit(pipeline):
    """One direction only: 'a new phase' in the clause of Netanyahu's first visit (August 1997) still answers."""
    assert "1997-08" in _values(pipeline.ask("When did Netanyahu first visit Azerbaijan?"))


@pytest.mark.parametrize("question", ["What share of Israeli arms exports goes to India?",
                                      "ما نسبة صادرات السلاح الإسرائيلية التي تذهب إلى الهند؟",
                                      "چند درصد از صادرات سلاح اسرائیل به هند می‌رود؟"])
def test_the_state_a_value_is_compared_with_does_not_own_it(pipeline, question):
    """001: '17% of Israeli arms sales, making Azerbaijan the second customer … after India': the 17% is
    Azerbaijan's; India, written after 'بعد', is the standard of the ranking. No article gives India's share."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["What share of Israeli arms sales goes to Azerbaijan?",
                                      "ما نسبة مبيعات السلاح الإسرائيلي التي تذهب إلى أذربيجان؟",
                                      "چند درصد از فروش سلاح اسرائیل به آذربایجان می‌رسد؟"])
def test_the_ranked_state_keeps_its_share(pipeline, question):
    assert "17%" in _values(pipeline.ask(question))


@pytest.mark.parametrize("question", [
    "How many military exercises did Azerbaijan's army hold near the Iranian border in 2021 and 2022?",
    "كم مناورة عسكرية أجراها الجيش الأذربيجاني قرب الحدود الإيرانية في عامي 2021 و2022؟",
    "ارتش آذربایجان در سال‌های ۲۰۲۱ و ۲۰۲۲ چند رزمایش نزدیک مرز ایران برگزار کرد؟"])
def test_a_state_beside_its_border_is_a_place_not_the_actor(pipeline, question):
    """004: 'the IRGC held two large drills near Azerbaijan's border'. 'The Iranian border' made Iran an
    actor of the question, so Iran's drills answered it; the border's state is where, not who."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["How many drills did the IRGC hold near the Azerbaijani border?",
                                      "كم مناورة أجراها الحرس الثوري قرب حدود أذربيجان؟",
                                      "سپاه پاسداران چند رزمایش نزدیک مرز آذربایجان برگزار کرد؟"])
def test_drills_near_a_border_are_counted_for_their_actor(pipeline, question):
    assert _values(pipeline.ask(question)) == ["2"]


@pytest.mark.parametrize("question", [
    "When did Heydar Aliyev say Azerbaijan and Israel held identical positions on fighting international terrorism?",
    "في أي عام أعلن حيدر علييف أن مواقف بلاده وإسرائيل متطابقة في مكافحة الإرهاب الدولي؟",
    "اعلام مواضع یکسان باکو و اسرائیل در «مبارزه با تروریسم بین‌المللی» از سوی حیدر علی‌اف چه سالی بود؟"])
def test_an_item_of_a_list_is_read_as_its_own_sentence(pipeline, question):
    """003 introduces a list with a colon; its item '_ في العام 2001، أعلن … حيدر علييف' was joined to the
    line before, and the year's clause lost its verb ('1990-1999' was given in English)."""
    assert _values(pipeline.ask(question)) == ["2001"]


@pytest.mark.parametrize("question", ["Which of the articles cite the Israeli daily Israel Hayom?",
                                      "أي المقالات تنقل عن صحيفة \"يسرائيل هيوم\" الإسرائيلية؟",
                                      "در کدام‌یک از مقاله‌ها به گزارش روزنامه اسرائیل هیوم استناد شده است؟"])
def test_which_articles_cite_a_source_is_a_question_about_the_collection(pipeline, question):
    """'cite', 'تنقل عن' and 'کدام‌یک از مقاله‌ها' ask which articles; 002 spells the paper 'يسرائيل هيوم'."""
    answer = pipeline.ask(question)
    assert answer.asked_for == "overview"
    assert sorted({c.doc_id[:3] for claim in answer.claims for c in claim.citations}) == ["002", "004"]


@pytest.mark.parametrize("question", ["When did Israel's defence minister make a trip to Baku?",
                                      "متى زار وزير الدفاع الإسرائيلي باكو؟",
                                      "وزیر دفاع اسرائیل چه زمانی از باکو بازدید کرد؟"])
def test_a_fact_on_reversed_pdf_lines_is_read_in_reading_order(pipeline, question):
    """004 (a PDF): 'در اکتبر ۲۰۲۲، بنی گانتز' ended one extracted line and 'وزیر دفاع اسرائیل از باکو بازدید'
    began the run before it; stored in reading order, the month, the minister and the visit share a clause."""
    assert _values(pipeline.ask(question)) == ["2022-10"]


@pytest.mark.parametrize("question", [
    "So when did Yossi Kuperwasser say the Iranians were unhappy with the outcome of the Karabakh war?",
    "متى قال المحلل العسكري الإسرائيلي يوسي كوبرفاسر إن الإيرانيين كانوا مستائين من نتائج حرب قره باغ؟",
    "یوسی کوپرواسر کی گفت ایرانی‌ها از نتایج جنگ قره‌باغ ناراحت بودند؟"])
def test_this_war_refers_back_to_the_war_the_question_names(pipeline, question):
    """004: 'یوسی کوپرواسر … در فوریه ۲۰۲۱ تأکید کرد: »ایرانیها از نتایج این جنگ ناراحت بودند': 'this war' is the
    Karabakh war, named sentences before; the name the question writes beside 'war' need not be repeated."""
    assert _values(pipeline.ask(question)) == ["2021-02"]


def test_this_war_refers_back_only_to_a_name_written_beside_war():
    """'the Caspian war' names the Caspian beside 'war'; 'the war near the Caspian' does not."""
    from rag.frames import question_frame
    from rag.query import parse_query

    assert question_frame(parse_query("When did the Caspian war start?"), frozenset()).named_contexts == (("caspian", "war"),)
    assert question_frame(parse_query("When did the war near the Caspian start?"), frozenset()).named_contexts == ()
    assert question_frame(parse_query("جنگ قره‌باغ کی بود؟"), frozenset()).named_contexts == (("karabakh", "war"),)
    assert question_frame(parse_query("متى كانت حرب قره باغ؟"), frozenset()).named_contexts == (("karabakh", "war"),)


@pytest.mark.parametrize("question", [
    "Which senior Israeli military analyst said in February 2021 that the Iranians were upset by the results of the Karabakh war?",
    "من هو المحلل العسكري الإسرائيلي البارز الذي قال في فبراير 2021 إن الإيرانيين كانوا مستائين من نتائج حرب قره باغ؟",
    "کدام تحلیلگر ارشد نظامی اسرائیل در فوریه ۲۰۲۱ گفت ایرانی‌ها از نتایج جنگ قره‌باغ ناراحت بودند؟"])
def test_a_word_describing_the_person_asked_for_is_not_the_event(pipeline, question):
    """'military' in 'military analyst' / 'المحلل العسكري' / 'تحلیلگر ارشد نظامی' describes who is asked for; it was read
    as the event's object (weapons), which the clause naming Kuperwasser does not state."""
    assert _values(pipeline.ask(question)) == ["kuperwasser"]


ATTACK_ON_EMBASSY = {  # 003: Azerbaijan evacuated its embassy in Iran after a gunman's Kalashnikov attack
    "en": "What weapon did the gunman use in the attack on {}?",
    "ar": "ما السلاح الذي استخدمه المسلح في الهجوم على {}؟",
    "fa": "مهاجم در حمله به {} از چه سلاحی استفاده کرد؟",
}
EMBASSIES = {
    "azerbaijan-in-tehran": {"en": "Azerbaijan's embassy in Tehran", "ar": "سفارة أذربيجان في طهران",
                             "fa": "سفارت آذربایجان در تهران"},
    "israel-in-baku": {"en": "Israel's embassy in Baku", "ar": "السفارة الإسرائيلية في باكو", "fa": "سفارت اسرائیل در باکو"},
    "iran-in-baku": {"en": "Iran's embassy in Baku", "ar": "سفارة إيران في باكو", "fa": "سفارت ایران در باکو"},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("embassy, expected", [("azerbaijan-in-tehran", ["kalashnikov"]), ("israel-in-baku", []),
                                               ("iran-in-baku", [])])
def test_an_attack_on_one_states_embassy_does_not_answer_for_anothers(pipeline, embassy, expected, lang):
    """'…بعد سحب أذربيجان دبلوماسييها من إيران وإخلاء سفارتها إثر تعرضها لهجوم … ببندقية كلاشينكوف': 'سفارتها' is
    Azerbaijan's (the state acting before it, not Iran after 'من'), so the attack on Israel's or Iran's embassy in
    Baku is not found; and the weapon asked for is not the event, so a missile sentence is no answer either."""
    answer = pipeline.ask(ATTACK_ON_EMBASSY[lang].format(EMBASSIES[embassy][lang]))
    assert _values(answer) == expected
    assert answer.status == ("answered" if expected else "not_found")


@pytest.mark.parametrize("text, owner", [
    ("بعد سحب أذربيجان دبلوماسييها من إيران وإخلاء سفارتها", "azerbaijan"),
    ("زيارة الرئيس الإسرائيلي اليوم لأذربيجان بعد افتتاح سفارتها في القدس", "azerbaijan"),
    ("افتتحت إسرائيل سفارتها في باكو", "israel"),
    ("آذربایجان سفارت خود را در تل‌آویو افتتاح کرد", "azerbaijan"),
    ("اسرائیل سفارتش را در باکو گشود", "israel"),
    ("ایران گفت که سفارتها باید بسته شوند", None),  # Persian 'سفارتها' is 'embassies', no pronoun
    ("Azerbaijan opened its embassy in Tel Aviv", "azerbaijan"),
    ("Israel opened an embassy in Baku", None),
    ('افتتحت "إسرائيل" سفارتها في باكو، وتأخر فتح السفارة الآذرية في تل أبيب', "israel azerbaijan"),
])
def test_a_pronoun_gives_its_thing_to_the_state_acting_before_it(text, owner):
    """Not a state after a preposition ('من إيران'), nor one written as an adjective of someone else
    ('الرئيس الإسرائيلي'); a sentence may hold two states' embassies (001: Israel's in Baku, Azerbaijan's
    in Tel Aviv)."""
    from rag.frames import owned
    from rag.lexicon import load_lexicon

    assert owned(load_lexicon().mentions(text), text) == {("embassy", o) for o in (owner or "").split()}


@pytest.mark.parametrize("question", ["With what weapon was Israel's embassy in Baku attacked?",
                                      "بأي سلاح هوجمت السفارة الإسرائيلية في باكو؟",
                                      "به سفارت اسرائیل در باکو با چه سلاحی حمله شد؟"])
def test_a_quote_for_a_weapon_names_a_weapon(pipeline, question):
    """001's sentence on Israel's embassy opening in Baku names the embassy and its owner but no weapon: it
    does not answer which weapon attacked it."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["How many Israeli tourists came to Azerbaijan last year?",
                                      "كم سائحا إسرائيليا زار أذربيجان في العام الماضي؟",
                                      "چند توریست اسرائیلی سال گذشته به آذربایجان سفر کردند؟"])
def test_a_count_of_tourists_no_article_gives_is_not_found(pipeline, question):
    """Arabic counts a noun in the singular after 'كم' ('سائحا'), Persian also says 'توریست': both are
    tourists, so the '2' of another sentence is not their number."""
    answer = pipeline.ask(question)
    assert answer.status == "not_found" and _values(answer) == []


@pytest.mark.parametrize("question", ["What is the name of the Israeli ambassador in Baku?",
                                      "ما اسم السفير الإسرائيلي في باكو؟", "اسم سفیر اسرائیل در باکو چیست؟"])
def test_the_name_of_an_unnamed_ambassador_is_not_found(pipeline, question):
    """Persian 'اسم' asks for a name like 'نام': a sentence naming the ambassador's office but no person is
    no answer."""
    from rag.query import parse_query

    assert parse_query(question).answer_type == "person"
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", [
    "When did Foreign Policy write that Israel might use an Azerbaijani air base?",
    "متى كتبت مجلة فورين بوليسي أن إسرائيل قد تستخدم قاعدة جوية أذربيجانية؟",
    "فارن پالیسی چه سالی نوشت که اسرائیل ممکن است از یک پایگاه هوایی آذربایجان استفاده کند؟"])
def test_the_magazine_named_in_any_spelling_dates_only_its_own_report(pipeline, question):
    """'فارن پالیسی' is the usual Persian spelling of Foreign Policy; unread, the question named no source and
    other years of other reports became rivals."""
    assert _values(pipeline.ask(question)) == ["2012"]


@pytest.mark.parametrize("question", [
    "Azerbaijan is the second biggest buyer of Israeli arms. Which country is the biggest?",
    "أذربيجان ثاني أكبر مشترٍ للسلاح الإسرائيلي، فأي دولة هي الأكبر؟",
    "آذربایجان دومین خریدار بزرگ سلاح اسرائیل است؛ بزرگ‌ترین خریدار کدام کشور است؟"])
def test_a_buyer_is_a_purchase(pipeline, question):
    """'buyer' names the buying, as 'مشتر' and 'خریدار' do: 001's 'second customer after India'."""
    assert _values(pipeline.ask(question)) == ["india"]


@pytest.mark.parametrize("question, shown", [
    ("How much of Israel's oil needs does Azerbaijan cover?", "about 50%"),
    ("ما نسبة احتياجات إسرائيل النفطية التي يغطيها النفط الأذربيجاني عبر خط باكو جيهان؟", "حوالي 50%"),
    ("آذربایجان چه مقدار از نیاز نفتی اسرائیل را از طریق خط لوله باکو-جیهان تأمین می‌کند؟", "حدود ۵۰٪")])
def test_an_estimate_is_shown_as_approximate(pipeline, question, shown):
    """003 says the oil 'is estimated at half' of Israel's needs ('تقدر بنصف'): an estimate is an
    approximation, kept in the claim and shown in the question's language."""
    claim, = pipeline.ask(question).claims
    assert (claim.value, claim.qualifier, claim.display) == ("50%", "about", shown)


@pytest.mark.parametrize("question, expected", [
    ("Which Azerbaijani defence minister went to Israel in October 2022?", []),
    ("من هو وزير الدفاع الأذربيجاني الذي زار إسرائيل في أكتوبر 2022؟", []),
    ("کدام وزیر دفاع آذربایجانی در اکتبر ۲۰۲۲ از اسرائیل دیدن کرد؟", []),
    ("Which Israeli defence minister went to Baku in October 2022?", ["gantz"]),
    ("من هو وزير الدفاع الإسرائيلي الذي زار باكو في أكتوبر 2022؟", ["gantz"]),
    ("کدام وزیر دفاع اسرائیل در اکتبر ۲۰۲۲ از باکو دیدن کرد؟", ["gantz"])])
def test_another_states_minister_does_not_answer_which_minister(pipeline, question, expected):
    """004: Israel's defence minister Gantz visited Baku in October 2022. Asked which Azerbaijani defence
    minister visited Israel, that sentence was quoted as the answer; asked for Israel's, Gantz is it."""
    answer = pipeline.ask(question)
    assert _values(answer) == expected and answer.status == ("answered" if expected else "not_found")


@pytest.mark.parametrize("question, expected", [
    ("How many years had passed since a Turkish defence minister last visited Israel?", []),
    ("منذ كم عاما لم يزر وزير دفاع تركي إسرائيل؟", []),
    ("وزیر دفاع ترکیه پس از چند سال به اسرائیل سفر کرد؟", []),
    ("How many years had passed since an Israeli defence minister last visited Turkey?", ["12"]),
    ("منذ كم عاما لم يزر وزير دفاع إسرائيلي تركيا؟", ["12"]),
    ("وزیر دفاع اسرائیل پس از چند سال به ترکیه سفر کرد؟", ["12"])])
def test_an_office_named_without_its_holder_is_still_a_states(pipeline, question, expected):
    """004: Israel's defence minister visited Turkey, the first time in 12 years; no person is named, only
    'وزیر دفاع اسرائیل'. That does not date a visit by Turkey's defence minister to Israel."""
    assert _values(pipeline.ask(question)) == expected


@pytest.mark.parametrize("question", ["In which city did Rabin and Heydar Aliyev discuss energy and defence?",
                                      "في أي مدينة ناقش رابين وحيدر علييف الطاقة والدفاع؟",
                                      "رابین و حیدر علی‌اف در کدام شهر درباره انرژی و دفاع گفتگو کردند؟"])
def test_energy_without_its_article_is_still_energy(pipeline, question):
    """000: Rabin and Aliyev discussed Israel's need for 'مصدر طاقة' (a source of energy) in New York; 'طاقة'
    without its article was no energy, so no sentence named the question's object."""
    assert _values(pipeline.ask(question)) == ["new_york"]


@pytest.mark.parametrize("question", [
    "Which publication wrote that Israel's air force might use an Azerbaijani air base against Iran?",
    "أي نشرة كتبت أن سلاح الجو الإسرائيلي قد يستخدم قاعدة جوية أذربيجانية ضد إيران؟",
    "کدام نشریه نوشت که نیروی هوایی اسرائیل ممکن است از پایگاهی در آذربایجان علیه ایران استفاده کند؟"])
def test_which_publication_asks_for_a_media_name(pipeline, question):
    """'publication' / 'نشرة' / 'نشریه' ask for a newspaper or magazine as 'magazine' does: 003's Foreign Policy."""
    assert _values(pipeline.ask(question)) == ["foreign_policy"]


@pytest.mark.parametrize("question, expected", [
    ("What share of Azad Systems does the Azerbaijani government own?", ["50%"]),
    ("ما حصة الحكومة الأذربيجانية في شركة Azad Systems؟", ["50%"]),
    ("دولت آذربایجان چه سهمی از «آزاد سیستمز» دارد؟", ["50%"]),
    ("Which company was founded in 2011 with the Azerbaijani government as a half owner?", ["azad_systems"]),
    ("ما الشركة التي تأسست عام 2011 مناصفة مع الحكومة الأذربيجانية؟", ["azad_systems"]),
    ("کدام شرکت در سال ۲۰۱۱ با مشارکت نیمی از دولت آذربایجان تأسیس شد؟", ["azad_systems"])])
def test_a_company_the_articles_name_in_latin_letters(pipeline, question, expected):
    """003 names 'Azad systems' in Latin letters inside Arabic text: the gazetteer knows it in every script
    (a Persian «آزاد سیستمز» in quotation marks is a name the evidence must state), and 'founded' /
    'تأسست' are its founding."""
    assert _values(pipeline.ask(question)) == expected


@pytest.mark.parametrize("question", [
    "Azerbaijan is the second customer of Israel's arms industry. Who is the first?",
    "أذربيجان هي الزبون الثاني للصناعة العسكرية الإسرائيلية. من هو الزبون الأول؟",
    "آذربایجان دومین مشتری صنایع نظامی اسرائیل است. اولین مشتری کیست؟"])
def test_who_is_a_customer_asks_for_a_state(pipeline, question):
    """A customer, buyer or supplier asked with 'who' is a state (001: 'the second customer after India'): a
    person was looked for and 'Who is the main buyer of Israeli weapons?' was answered 'Lieberman'. 'Who' also
    starts the question's second sentence."""
    from rag.query import parse_query

    assert parse_query(question).answer_type == "state"
    assert _values(pipeline.ask(question)) == ["india"]


@pytest.mark.parametrize("question", ["Where is the Sitalchay base?", "أين تقع قاعدة سيتالشاي؟", "پایگاه سیتالچای کجاست؟"])
def test_a_base_of_the_collections_state_is_still_a_name_to_state(pipeline, question):
    """A city of Azerbaijan stands for it ('Baku said…'), so a question naming Baku does not need it in the
    quote; a base does not: 'Baku' was answered from a sentence that never names Sitalchay."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and "baku" not in _values(answer)
    assert all("سيتالشا" in claim.citations[0].quote for claim in answer.claims)


@pytest.mark.parametrize("question", ["Who visited Baku in 2016?", "من زار باكو عام 2016؟", "چه کسی در سال ۲۰۱۶ به باکو سفر کرد؟"])
def test_a_name_bound_to_the_date_asked_answers_in_every_language(pipeline, question):
    """002: 'preceded by Peres's visit in 2009 and Netanyahu's in 2016'. Asked in English, that Arabic sentence
    scored below the quote floor and another sentence was quoted; a name the date binds needs only the frame's."""
    assert _values(pipeline.ask(question)) == ["netanyahu"]


@pytest.mark.parametrize("question, expected", [
    ("Who supplies Israel with oil?", "azerbaijan"), ("من يزود إسرائيل بالنفط؟", "azerbaijan"),
    ("چه کسی به اسرائیل نفت می‌فروشد؟", "azerbaijan"), ("Who sold drones to Azerbaijan?", "israel"),
    ("من باع طائرات مسيرة لأذربيجان؟", "israel"), ("چه کسی به آذربایجان پهپاد فروخت؟", "israel")])
def test_who_trades_asks_for_a_state(pipeline, question, expected):
    """Who supplies, sells, buys: a state, as for a customer. 'من يزود إسرائيل بالنفط؟' was answered 'Heydar
    Aliyev', the person beside Israel's need for energy."""
    assert _values(pipeline.ask(question)) == [expected]


def test_persian_ke_bud_asks_who(pipeline):
    """'… که بود؟' at the end of a Persian question is 'who was …?'."""
    from rag.query import parse_query

    question = "رئیس‌جمهور اسرائیل که هرتزوگ را همراهی کرد که بود؟"
    assert parse_query(question).answer_type == "person"
    assert parse_query("این سفر در چه سالی بود؟").answer_type is None


@pytest.mark.parametrize("question", ["Which Israeli presidents visited Azerbaijan?",
                                      "من هم الرؤساء الإسرائيليون الذين زاروا أذربيجان؟",
                                      "کدام رؤسای جمهور اسرائیل به آذربایجان سفر کردند؟"])
def test_several_names_asked_for_are_a_list_not_a_disagreement(pipeline, question):
    """Herzog (2023) and Peres (2009) both visited (002): asked in the plural they are listed, each with its
    source, not shown as sources that disagree; Netanyahu, a prime minister, is no president. In Arabic 002's
    'the former president of the occupation state' ('لدولة الاحتلال') says whose president, not where he went,
    and 'the state bordering Iran' ('المتاخمة لإيران') is where Herzog went, not Iran."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and sorted(_values(answer)) == ["herzog", "peres"]
    assert " vs " not in answer.answer and "مقابل" not in answer.answer and "در برابر" not in answer.answer


@pytest.mark.parametrize("question", ["What weapons did Israel sell to Azerbaijan?",
                                      "ما الأسلحة التي باعتها إسرائيل لأذربيجان؟",
                                      "اسرائیل چه سلاح‌هایی به آذربایجان فروخت؟"])
def test_weapons_asked_in_the_plural_are_listed(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.status == "answered" and len(answer.claims) >= 2 and {"stinger", "iron_dome"} <= set(_values(answer))


def test_persian_this_asks_for_no_place():
    """Persian 'این' (this) folds to Arabic 'أين' (where): a question starting with it is not a 'where'."""
    from rag.query import parse_query

    assert parse_query("این قرارداد کی امضا شد؟").answer_type is None
    assert parse_query("أين تقع قاعدة سيتالشاي؟").answer_type == "place"


@pytest.mark.parametrize("question", ["How much did the 2012 drone deal cost?", "كم كلفت صفقة الطائرات المسيرة عام 2012؟",
                                      "قرارداد پهپادی سال ۲۰۱۲ چقدر هزینه داشت؟"])
def test_what_a_deal_cost_is_its_amount(pipeline, question):
    """'كم كلفت' asks what it cost, not how many: 003's $1.6 billion was refused as no count."""
    assert _values(pipeline.ask(question)) == ["1600000000"]


@pytest.mark.parametrize("question", ["When was the trade office opened in Tel Aviv?", "متى افتتح المكتب التجاري في تل أبيب؟",
                                      "دفتر تجاری در تل‌آویو کی افتتاح شد؟"])
def test_an_event_the_articles_tell_is_on_topic_in_any_wording(pipeline, question):
    """Passive and short, the English question's raw cosine fell under the floor that says a question is about
    the articles at all; a question naming an object and an action some sentence names together is."""
    assert _values(pipeline.ask(question)) == ["2021-07"]


@pytest.mark.parametrize("question", ["When did France open its embassy in Israel?", "متى افتتحت فرنسا سفارتها في إسرائيل؟",
                                      "فرانسه کی سفارتش را در اسرائیل باز کرد؟", "When did Germany open its embassy in Israel?",
                                      "متى افتتحت ألمانيا سفارتها في إسرائيل؟", "آلمان کی سفارتش را در اسرائیل باز کرد؟"])
def test_a_state_the_articles_never_name_is_not_answered_for(pipeline, question):
    """The gazetteer knew only the articles' states: France's embassy was answered with Azerbaijan's two dates.
    Every state is known by its CLDR names in the three languages now (rag.countries): one no article names
    makes the question one the articles do not answer."""
    from rag.query import parse_query

    assert parse_query(question).states in ({"france"}, {"germany"})
    assert pipeline.ask(question).status == "not_found"


def test_a_state_is_read_in_its_own_names_only():
    """Whole words with their clitics: 'وبفرنسا' is France, 'المالي' (financial) is no Mali, 'مصرف' no Egypt;
    the states the gazetteer knows (Israel, Iran, Türkiye) stay its own."""
    from rag.countries import states_named

    assert states_named("وبفرنسا واليابان") == {"france", "japan"}
    assert states_named("الدعم المالي عبر مصرف") == frozenset()
    assert states_named("Israel, Iran and Türkiye") == frozenset()
    assert states_named("When did China and Jordan open embassies in Baku?") == {"china", "jordan"}
    assert states_named("He wore a jersey") == frozenset()


@pytest.mark.parametrize("question", ["Which years does the health cooperation plan cover?",
                                      "ما السنوات التي تغطيها خطة التعاون الصحي؟",
                                      "برنامه همکاری بهداشتی چه سال‌هایی را در بر می‌گیرد؟"])
def test_the_health_plan_is_health_in_every_form(pipeline, question):
    """'التعاون الصحي' (masculine) is health as 'الصحية' is; unread, the Abraham Accords' 2020-2021 became a rival
    of 002's 2023-2028 plan. 'الصحيح' (correct) is not health."""
    from rag.lexicon import load_lexicon

    assert _values(pipeline.ask(question)) == ["2023/2028"]
    assert [m.concept for m in load_lexicon().mentions("على النحو الصحيح")] == []


@pytest.mark.parametrize("question, expected", [
    ("By how much did Israeli tourist arrivals in Azerbaijan go up?", ["50%"]),
    ("How many kilometres did Azerbaijan add to its border with Iran?", ["100"]),
    ("بكم تزايدت صادرات النفط الأذربيجاني إلى إسرائيل خلال حرب 2024؟", ["55%"]),
    ("بأي نسبة رفعت أذربيجان صادرات النفط إلى إسرائيل خلال حرب 2024؟", ["55%"]),
    ("صادرات نفت آذربایجان به اسرائیل در جنگ ۲۰۲۴ چند درصد زیاد شد؟", ["55%"]),
])
def test_an_increase_in_everyday_words(pipeline, question, expected):
    """'go up', 'add', 'تزايدت', 'رفعت', 'زیاد شد' say increase as 'rose', 'زادت', 'افزایش' do: unread, the sentence's
    'increased by 55%' was another action than the question's, and the answer was not found."""
    assert _values(pipeline.ask(question)) == expected


@pytest.mark.parametrize("question", ["What was Israel's share of Azerbaijan's arms deals between 2011 and 2016?",
                                      "كم كانت حصة إسرائيل من صفقات السلاح الأذربيجانية بين 2011 و2016؟",
                                      "سهم اسرائیل از قراردادهای تسلیحاتی آذربایجان بین ۲۰۱۱ و ۲۰۱۶ چقدر بود؟"])
def test_a_figure_of_the_period_asked_wins_over_one_covering_more_words(pipeline, question):
    """'27% in 2011–2016, but 69% of all arms deals in 2016–2020': the 69% clause names the deals too, and won on
    the question's words before its period was checked, which then removed it and left nothing."""
    assert _values(pipeline.ask(question)) == ["27%"]


@pytest.mark.parametrize("question", ["In what year was the Karabakh war?", "في أي عام كانت حرب قره باغ؟",
                                      "جنگ قره‌باغ در چه سالی بود؟",
                                      "When was the Karabakh war that Azerbaijan won with Israeli arms?",
                                      "متى كانت حرب قره باغ التي انتصرت فيها أذربيجان؟",
                                      "جنگ قره‌باغ که آذربایجان در آن پیروز شد کی بود؟", "متى وقعت حرب قره باغ؟"])
def test_the_date_of_a_war_is_the_one_written_with_it(pipeline, question):
    """A question whose only event is a setting ('the Karabakh war') asks for its date: 004's 'جنگ ۲۰۲۰ قره‌باغ'.
    It was answered by any date of a sentence naming Karabakh (2008, for arms contracts; 2018, for Aliyev's
    mediation 'after the 2020 war'), and a relative clause ('that Azerbaijan won with Israeli arms') made its
    words the event asked about."""
    assert _values(pipeline.ask(question)) == ["2020"]


@pytest.mark.parametrize("question", ["When did Kuperwasser say the Iranians were upset by the Karabakh war?",
                                      "متى قال كوبرفاسر إن الإيرانيين انزعجوا من نتائج حرب قره باغ؟",
                                      "کوپرواسر کی گفت ایرانی‌ها از نتایج جنگ قره‌باغ ناراحت بودند؟"])
def test_what_someone_said_of_a_war_is_dated_by_the_saying(pipeline, question):
    """The setting is the event only when the question asks nothing of a person: Kuperwasser's remark on the
    war is dated February 2021, not 2020."""
    assert _values(pipeline.ask(question)) == ["2021-02"]


def test_waqa_is_signing_only_beside_what_is_signed():
    """Arabic 'وقع' is 'signed' ('وقعت الحكومتان اتفاقية') and 'happened' ('وقعت مواجهة', 'متى وقعت الحرب'): read as
    signing, a war's date was looked for among agreements."""
    from rag.lexicon import load_lexicon

    lex = load_lexicon()
    assert [m.concept for m in lex.mentions("وقعت الحكومتان اتفاقية")] == ["sign", "sign"]
    assert "sign" not in [m.concept for m in lex.mentions("وقعت مواجهة إيرانية")]
    assert "sign" not in [m.concept for m in lex.mentions("متى وقعت حرب قره باغ؟")]


def test_a_share_is_asked_by_the_word_not_inside_one():
    """Persian 'سهم' (share) was found inside Arabic 'وأسهمت' (and contributed): a year question became a share."""
    from rag.query import parse_query

    assert parse_query("في أي سنة وقعت حرب قره باغ التي أسهمت فيها الأسلحة الإسرائيلية في انتصار باكو؟").asked_for == "date"
    assert parse_query("سهم اسرائیل از واردات سلاح آذربایجان چقدر بود؟").asked_for == "percent"
    assert parse_query("سهمش چقدر است؟").asked_for == "percent"


@pytest.mark.parametrize("question", ["When did the First World War break out?", "جنگ جهانی اول کی آغاز شد؟", "متى انتهت الحرب؟"])
def test_a_setting_alone_is_no_frame(pipeline, question):
    """'the war' is no event the articles are known to tell: a question naming only a setting keeps the bar of a
    question with no frame, and the 2024 war's date does not answer the First World War."""
    assert pipeline.ask(question).status == "not_found"


def test_a_treaty_is_signed_and_added_is_no_increase():
    """'وقَّعت معاهدةً' (signed a treaty) is a signing, now that 'وقع' needs what was signed beside it; 'added' is most
    often a speech verb ('he added that'), so only 'add' says increase."""
    from rag.lexicon import load_lexicon

    lex = load_lexicon()
    assert [m.concept for m in lex.mentions("ما الدولة التي وقَّعت معاهدةً في سنة 1985؟")] == ["sign", "sign"]
    assert [m.concept for m in lex.mentions("When did they sign the treaty?")] == ["sign", "sign"]
    assert "increase" not in [m.concept for m in lex.mentions("He added that the border was long")]
    assert "increase" in [m.concept for m in lex.mentions("How many kilometres did Azerbaijan add?")]


@pytest.mark.parametrize("text, concept", [
    ("مناصب وزارية", "visit"), ("وأضاف علييف: نعتزم", "increase"), ("بالإضافة إلى فلسفة العلاقات", "increase"),
    ("باعتبار أنها عامل غير مستقر", "sell"), ("وسائل الإعلام الإسرائيلية", "announce"),
    ("تقارير صادرة عن ستوكهولم", "export"), ("سوخت جت جنگنده‌ها", "war"), ("بالطائرات الحربية", "war"),
    ("بايعه الناس خليفة", "sell"),
])
def test_words_that_only_look_like_an_event(text, concept):
    """Whole words the articles use in another sense ('ministerial' is no visit, 'he added:' no increase, 'the
    media' no announcement, a fighter jet no war): read as events, they stood nearer a value than its own."""
    from rag.lexicon import load_lexicon

    assert concept not in [m.concept for m in load_lexicon().mentions(text)]


@pytest.mark.parametrize("text, concept", [
    ("When will the embassy reopen?", "open"), ("the procurement of drones", "buy"), ("exports soared", "increase"),
    ("متى دشنت أذربيجان سفارتها؟", "open"), ("لمناقشة إمدادات النفط", "supply"), ("نعتزم مضاعفة خطوط الطيران", "increase"),
    ("متى التقت بعلييف؟", "meet"), ("آذربایجان کی سفارتش را راه اندازی کرد؟", "open"), ("کی گفتگو کردند؟", "meet"),
    ("تفاهم‌نامه بهداشتی", "sign"),
])
def test_everyday_forms_of_the_events(text, concept):
    """Future, present and derived forms a reader writes ('ستفتتح', 'يدشن', 'گفتگو', 'procurement', 'soared') and forms
    the articles use ('إمدادات النفط', 'مضاعفة'), proposed per event by a reviewer who read only the lexicon and the
    articles, each checked there for a second sense."""
    from rag.lexicon import load_lexicon

    assert concept in [m.concept for m in load_lexicon().mentions(text)]


@pytest.mark.parametrize("question", ["Which Russian missiles did Azerbaijan buy?", "ما الصواريخ الروسية التي اشترتها أذربيجان؟",
                                      "آذربایجان کدام موشک‌های روسی را خرید؟"])
def test_a_quote_of_another_states_purchase_is_no_answer(pipeline, question):
    """'…in response to Armenia's purchase of Russian Iskander missiles' was quoted: the Russian missiles the sentence
    names are Armenia's (the state right after the purchase), and the other quote, the 27% of Azerbaijani arms
    bought from Israel, names no Russian thing."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["Which Israeli missiles does Baku import?", "ما الصواريخ الإسرائيلية التي تستوردها باكو؟",
                                      "باکو کدام موشک‌های اسرائیلی را وارد می‌کند؟"])
def test_a_quote_naming_the_thing_of_the_asked_make_stands(pipeline, question):
    """'…the main importers of Israeli "LORA" ballistic missiles': a name and a kind between the missiles and their make."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["lora"] and "لورا" in answer.claims[0].citations[0].quote


@pytest.mark.parametrize("question", ["Who makes the Sky Striker drones Azerbaijan bought?", "من يصنع طائرات سكاي سترايكر المسيرة؟",
                                      "چه کسی پهپادهای اسکای استرایکر را می‌سازد؟"])
def test_who_makes_asks_for_the_maker(pipeline, question):
    """'Who makes …?' asks for a company: English read 'bought' as a trade and answered a state (Israel), Arabic and
    Persian looked for a person and quoted; and the drones named are the event, not the kind of maker asked for."""
    assert _values(pipeline.ask(question)) == ["elbit"]


@pytest.mark.parametrize("question", ["How many guards were wounded in the embassy attack?", "كم حارسا أصيب في الهجوم على السفارة؟",
                                      "چند نگهبان در حمله به سفارت زخمی شدند؟"])
def test_two_things_a_sentence_names_together_make_a_question_on_topic(pipeline, question):
    """The English question read too far from 001's Arabic sentence on the raw scale and was refused as off topic;
    guards and the wounded, named together in one sentence, say the articles tell its event ('وإصابة حارسين')."""
    assert _values(pipeline.ask(question)) == ["2"]


@pytest.mark.parametrize("question", ["What share of Israel's weapons imports comes from Azerbaijan?",
                                      "ما نسبة الأسلحة التي تستوردها إسرائيل من أذربيجان؟",
                                      "چند درصد از تسلیحات وارداتی اسرائیل از آذربایجان است؟"])
def test_the_seller_asked_is_not_the_one_the_clause_names(pipeline, question):
    """69% of the arms Azerbaijan imported came from Israel ('كانت من إسرائيل'; 001: 'مشتريات السلاح الأذري من
    "إسرائيل"', then '…69% of Azeri arms deals', a clause that continues it): goods from Israel do not answer a
    question about goods from Azerbaijan."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["What share of Azerbaijan's arms imports came from Israel in 2016-2020?",
                                      "ما نسبة الأسلحة التي استوردتها أذربيجان من إسرائيل بين 2016 و2020؟",
                                      "در سال‌های ۲۰۱۶ تا ۲۰۲۰ چند درصد از تسلیحات وارداتی آذربایجان از اسرائیل بود؟"])
def test_the_seller_asked_is_the_one_the_clause_names(pipeline, question):
    assert "69%" in _values(pipeline.ask(question))


@pytest.mark.parametrize("question", ["When did the Azerbaijani army hold exercises near the border with Iran?",
                                      "متى أجرى الجيش الأذربيجاني مناورات على الحدود مع إيران؟",
                                      "ارتش آذربایجان چه زمانی در نزدیکی مرز با ایران رزمایش برگزار کرد؟"])
def test_drills_near_another_border_are_not_the_asked_ones(pipeline, question):
    """004: in 2021 and 2022 the Revolutionary Guards held two drills near Azerbaijan's border. 'The border with Iran'
    places the asked drills at Iran's border (Arabic had read Iran as a partner and answered 2021), and the border is
    where, not what: Persian had taken 2023 from a sentence naming a common border with Iran and no drill."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["When did Iran's Revolutionary Guards hold drills near the Azerbaijani border?",
                                      "متى أجرى الحرس الثوري الإيراني مناورات قرب الحدود مع أذربيجان؟",
                                      "سپاه پاسداران کی نزدیک مرز آذربایجان رزمایش برگزار کرد؟"])
def test_drills_near_the_asked_border(pipeline, question):
    assert "2021" in _values(pipeline.ask(question))


def test_where_goods_come_from_and_words_that_only_look_like_it():
    from rag.lexicon import load_lexicon

    lex = load_lexicon()

    def source(text: str, concept: str, question: bool = False) -> bool:
        return next(m.source for m in lex.mentions(text, question) if m.concept == concept)

    assert source("arms imported from Israel", "israel")
    assert source('مشتريات السلاح الأذري من "إسرائيل"', "israel")
    assert source("بنزین مصرفی اسرائیل از آذربایجان تأمین میشود", "azerbaijan")
    assert not source("مما يجعل من أذربيجان الزبون الثاني", "azerbaijan")  # 'makes Azerbaijan'
    assert not source("اتفاق بين كل من أذربيجان وإسرائيل", "azerbaijan")  # 'both'
    assert not source("بزرگ‌ترین مشتری قبل از آذربایجان", "azerbaijan", True)  # 'before Azerbaijan'


def test_a_border_with_a_state_places_a_question_not_an_article():
    """'near the border with Iran' in a question is where its event is; 002's 'دولة أذربيجان التي تجمعها حدود مشتركة
    مع إيران' describes Azerbaijan in Herzog's visit, which is not in Iran."""
    from rag.lexicon import load_lexicon

    lex = load_lexicon()
    iran = lambda text, question: next(m for m in lex.mentions(text, question) if m.concept == "iran")  # noqa: E731
    assert iran("متى أجرى الجيش مناورات قرب الحدود مع إيران؟", True).locative
    assert not iran("متى أجرى الجيش مناورات قرب الحدود مع إيران؟", True).partner
    assert not iran("زيارته الأولى إلى دولة أذربيجان التي تجمعها حدود مشتركة مع إيران", False).locative


@pytest.mark.parametrize("question", ["How far is Azerbaijan's Sitalchay military air base from the Iranian border?",
                                      "كم تبعد قاعدة سيتالشاي العسكرية الجوية عن الحدود الإيرانية؟",
                                      "پایگاه نظامی هوایی سیتالچای چقدر از مرز ایران فاصله دارد؟"])
def test_a_distance_from_a_border_is_the_borders(pipeline, question):
    """Only a date is the event's rather than the border's: '…الواقعة على بعد 500 كيلومتر من الحدود الإيرانية'
    measures the base's distance from the border."""
    assert _values(pipeline.ask(question)) == ["500"]


@pytest.mark.parametrize("question, values", [
    ("The company that makes the Sky Striker drones is called what?", ["elbit"]),
    ("الشركة التي تصنع طائرات سكاي سترايكر، ما اسمها؟", ["elbit"]),
    ("شرکتی که پهپادهای اسکای استرایکر را می‌سازد چه نام دارد؟", ["elbit"]),
])
def test_a_question_opening_with_a_company_asks_for_one(pipeline, question, values):
    """'شرکتی که … چه نام دارد؟' (the company that …, what is its name?): Persian read 'نام' as asking for a person and
    Arabic and English quoted a sentence; the thing named first is the kind of name asked for."""
    assert _values(pipeline.ask(question)) == values


@pytest.mark.parametrize("question", ["The party that Avigdor Lieberman led, what was its name?",
                                      "الحزب الذي قاده أفيغدور ليبرمان، ما اسمه؟",
                                      "حزبی که آویگدور لیبرمن رهبری‌اش را داشت چه نام داشت؟"])
def test_a_question_opening_with_a_party_asks_for_no_person(pipeline, question):
    """Persian answered Shagal (a person near Lieberman) for his party's name; 001 names it in a sentence: quoted."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and "إسرائيل وطننا" in answer.claims[0].value


@pytest.mark.parametrize("question, kind", [
    ("netanyahu's visit to baku in the 90s - what yr?", "date"), ("إمتى زار نتنياهو باكو؟", "date"),
    ("جمعیت یهودیای آذربایجان چقدره؟", "number"), ("قديش عدد اليهود بأذربيجان؟", "number"),
    ("چندتا یهودی تو آذربایجان هست؟", "number"),
])
def test_questions_as_people_type_them(question, kind):
    """'yr', spoken Arabic 'إمتى' (when) and 'قديش' (how much), spoken Persian 'چقدره' and 'چندتا': the kind asked for
    (a quoted sentence had answered each)."""
    from rag.query import parse_query

    assert parse_query(question).asked_for == kind


@pytest.mark.parametrize("question, values", [
    ("how many yrs of cooperation did herzog say they were celebrating", ["30"]),
    ("مين الرئيس الإسرائيلي الأسبق اللي زار أذربيجان قبل هرتسوغ؟", ["peres"]),
    ("ورود گردشگرای اسرائیلی به آذربایجان چند درصد رفت بالا؟", ["50%"]),
])
def test_spoken_questions_are_answered(pipeline, question, values):
    """'yrs' counts years; 'مين' (who) asks for a person; 'رفت بالا' (went up) is an increase."""
    assert _values(pipeline.ask(question)) == values


@pytest.mark.parametrize("question", ["Which Israeli president visited Azerbaijan in 2016?",
                                      "أي رئيس إسرائيلي زار أذربيجان عام 2016؟",
                                      "کدام رئیس‌جمهور اسرائیل سال ۲۰۱۶ به آذربایجان رفت؟"])
def test_no_president_came_in_the_year_asked(pipeline, question):
    """002 lists Peres's visit (2009) and Netanyahu's, the prime minister's (2016): each name was checked against the
    date and the office and none answers; the sentence was quoted instead, as if it said who."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["Which Israeli president visited Azerbaijan in 2023?",
                                      "أي رئيس إسرائيلي زار أذربيجان عام 2023؟",
                                      "کدام رئیس‌جمهور اسرائیل سال ۲۰۲۳ به آذربایجان رفت؟"])
def test_a_visit_dated_relative_to_another_event_dates_the_visitor(pipeline, question):
    """Herzog's visit is dated only as 'two months after' the embassy opened (March 2023): May 2023 dates him."""
    assert _values(pipeline.ask(question)) == ["herzog"]


@pytest.mark.parametrize("question", ["When was the Moldova-born Israeli deputy PM in Baku discussing pensions?",
                                      "متى كان نائب رئيس الوزراء الإسرائيلي المولود في مولدوفا في باكو لمناقشة المعاشات؟",
                                      "معاون نخست‌وزیر اسرائیل که متولد مولداوی بود، کی در باکو مذاکره کرد؟"])
def test_a_deputy_named_by_role_and_birthplace(pipeline, question):
    """000: 'وفي أغسطس ۲۰۰۷، ناقش ليبرمان في باكو…' (Lieberman, made deputy prime minister, born in Moldova). The deputy
    is not the prime minister (an office before another qualifies it), Moldova is where he was born, not where the
    event is (it had been a name every sentence must state), and 'discussing' is a meeting as 'ناقش' is."""
    assert _values(pipeline.ask(question)) == ["2007-08"]


def test_a_deputy_is_an_office_only_as_anothers():
    from rag.lexicon import load_lexicon

    offices = lambda text: [o for o, _, _ in load_lexicon().offices_in(text)]  # noqa: E731
    assert offices("نائباً لرئيس الوزراء") == ["deputy", "prime_minister"]
    assert offices("the deputy PM") == ["deputy", "prime_minister"]
    assert offices("نائب رئيس البرلمان الإيراني") == []  # the speaker's deputy
    assert offices("انتخب نائبا في البرلمان") == []  # a member of parliament


@pytest.mark.parametrize("question", ["What is the name of the Iranian deputy speaker of parliament who warned Aliyev?",
                                      "ما اسم نائب رئيس البرلمان الإيراني الذي حذر علييف؟",
                                      "اسم نایب‌رئیس مجلس ایران که به علی‌اف هشدار داد چه بود؟"])
def test_the_unnamed_deputy_speakers_name_is_not_found(pipeline, question):
    """004 says only 'نایب‌رئیس مجلس ایران … با هشدار به علی‌اف': a deputy is an office word, so the name asked for must
    be an Iranian person the sentence names, and it names none (the sentence had been quoted)."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["How many kilometres longer did Azerbaijan's border with Iran get after the 2020 war?",
                                      "How many km longer is the Azerbaijan-Iran border since the Karabakh war?"])
def test_kilometres_longer_is_an_increase(pipeline, question):
    """'longer' alone is no increase ('no longer'); 'kilometres longer' is (004: 'مرز خود با ایران را ۱۰۰ کیلومتر افزایش دهد')."""
    assert _values(pipeline.ask(question)) == ["100"]


@pytest.mark.parametrize("question", ["In what year did Yitzhak Rabin meet the president of Azerbaijan?",
                                      "في أي عام التقى رابين بالرئيس الأذربيجاني؟",
                                      "رابین در چه سالی با رئیس‌جمهور آذربایجان دیدار کرد؟",
                                      "سنة كم اجتمع رئيس الوزراء الإسرائيلي رابين برئيس أذربيجان؟"])
def test_the_other_party_named_by_office(pipeline, question):
    """004: 'حیدر علیاف، رئیس‌جمهور آذربایجان با اسحاق رابین … دیدار کرد' (the 1990s). Heydar Aliyev, the person
    nearest the value, is the one the question names by his office, so the value is not 'another person's'. The
    office written beside Rabin ('رئيس الوزراء الإسرائيلي رابين') names Rabin, not a second party: Netanyahu, Israel's
    prime minister, met in 1998 and does not answer (and 'سنة كم', spoken 'which year', asks a date)."""
    assert _values(pipeline.ask(question)) == ["1990/1999"]


@pytest.mark.parametrize("question", ["When was Israel's defence minister in Baku?",
                                      "متى كان وزير الدفاع الإسرائيلي في باكو؟",
                                      "وزیر دفاع اسرائیل کی در باکو بود؟"])
def test_being_in_a_place_is_a_visit(pipeline, question):
    """Gantz visited Baku in October 2022 (004); 'a month later' Azerbaijan announced its embassy, November. With no
    action in the question, 'was in Baku' had let the announcement's date answer in English."""
    assert _values(pipeline.ask(question)) == ["2022-10"]


@pytest.mark.parametrize("question", ["When did Ilham Aliyev visit Israel after Herzog's trip to Baku?",
                                      "متى زار إلهام علييف إسرائيل بعد زيارة هرتسوغ لباكو؟",
                                      "الهام علی‌اف پس از سفر هرتسوگ به باکو کی به اسرائیل رفت؟"])
def test_a_reference_event_does_not_answer_for_the_asked_one(pipeline, question):
    """Only Herzog's visit to Azerbaijan is told (May 2023). 'after Herzog's trip to Baku' says which visit is asked,
    so its person and place are not the asked visit's: Aliyev's visit to Israel is not in the articles. (Arabic
    also read 'زيارته الأولى إلى دولة أذربيجان' as going nowhere: 'to the state of Azerbaijan' goes to Azerbaijan.)"""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["When did Azerbaijan announce it would open an embassy in Israel, after Gantz's visit "
                                      "to Baku?",
                                      "متى أعلنت أذربيجان فتح سفارتها في إسرائيل بعد زيارة غانتس إلى باكو؟",
                                      "آذربایجان پس از سفر گانتس به باکو کی اعلام کرد در اسرائیل سفارت باز می‌کند؟"])
def test_a_reference_event_dates_the_asked_one(pipeline, question):
    """004: 'یک ماه بعد' (a month after Gantz's October 2022 visit), November 2022; the visit's words did not add
    the 1992 announcement of relations as a rival."""
    assert _values(pipeline.ask(question)) == ["2022-11"]


@pytest.mark.parametrize("question", ["Israeli ambassador in Baku - name?", "شو اسم السفير الإسرائيلي في باكو؟",
                                      "اسم سفیر اسرائیل تو باکو چیه؟"])
def test_an_unnamed_ambassador_is_not_found(pipeline, question):
    """001 mentions 'السفير الإسرائيلي في باكو' without a name. 'name?' at the end and spoken 'شو اسم' ask for a
    person, so the quote must name one; it had been quoted as the answer."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question, values", [
    ("قرارداد پهپادی سال ۲۰۱۲ چقدر می‌ارزید؟", ["1600000000"]),  # 'می‌ارزید' (was worth) is a verb, not a name
    ("سفارت آذربایجان تو اسرائیل کدوم شهره؟", ["tel_aviv", "jerusalem"]),  # 'کدوم' is 'کدام' (which)
    ("مشتری بزرگ‌تر از آذربایجان برای سلاح اسرائیل کدام کشور است؟", ["india"]),  # 'بزرگ‌تر از' is 'bigger than'
    ("آذربایجان تو جنگ ۲۰۲۴ صادرات نفتش به اسرائیل رو چند درصد بالا برد؟", ["55%"]),  # 'بالا برد' (raised)
    ("سنة كم فتحت أذربيجان سفارتها في إسرائيل؟", ["2023-03", "2022-11"]),  # 'سنة كم' (which year), not 'how many'
    ("When Western airlines stopped flying to Israel, by how much did Israeli tourist arrivals in Azerbaijan rise?",
     ["50%"]),  # the opening 'When …,' sets the time; 'by how much' is asked
])
def test_spoken_and_comparative_forms(pipeline, question, values):
    assert _values(pipeline.ask(question)) == values


@pytest.mark.parametrize("question", ["When did Israel's defence minister go to Turkey?",
                                      "إمتى راح وزير الدفاع الإسرائيلي على تركيا؟", "وزیر دفاع اسرائیل کی رفت ترکیه؟"])
def test_a_trip_the_articles_do_not_date_is_not_found(pipeline, question):
    """004 says Israel's defence minister went to Turkey for the first time in twelve years, without a date. Spoken
    'راح' (went) is a visit, so the sentence on Turkey and Israel normalising relations (November 2021) no longer
    answers the Arabic."""
    assert pipeline.ask(question).status == "not_found"




@pytest.mark.parametrize("question, values", [
    ("رابين زار باكو سنة كام؟", []),  # Egyptian 'سنة كام' (which year): Rabin met Aliyev in New York, not in Baku
    ("نتنياهو زار باكو في التسعينات سنة كام؟", ["1997-08", "1998"]),
    ("المكتب التجاري الأذربيجاني في تل أبيب اتفتح إمتى؟", ["2021-07"]),  # spoken passive 'اتفتح' (was opened)
    ("السفارة الإسرائيلية في باكو اتفتحت امتى؟", ["1992-12", "1993"]),
    ("مين الشركة اللي بتصنع درونز سكاي سترايكر؟", ["elbit"]),  # 'مين الشركة' asks a company; 'درونز' are drones
    ("آذربایجان کی سفارتشو تو اسرائیل باز کرد؟", ["2022-11", "2023-03"]),  # spoken 'تو اسرائیل' (in Israel)
    ("اسرائیل کی تو باکو دفتر تجاری باز کرد؟", []),  # Azerbaijan opened one in Tel Aviv, not Israel in Baku
    ("israeli tourists to azerbaijan up by how much?", ["50%"]),  # 'up by' is an increase
    ("whats the israeli ambassador in baku called", []),  # '… called' asks a name; 001 gives none
    ("What is the name of the Israeli envoy in Baku who hailed Azerbaijan's trade office as historic?", []),
])
def test_chat_box_questions(pipeline, question, values):
    """Questions typed as people do in a chat box (spoken Arabic and Persian, no capitals), each asked of a fact the
    articles state or do not: every one had been refused, answered with a quote, or answered with a neighbouring fact."""
    answer = pipeline.ask(question)
    assert _values(answer) == values and (answer.status == "not_found") == (not values)


@pytest.mark.parametrize("question, values", [
    ("What portion of Israel's oil requirements does Azerbaijani oil through the Baku-Ceyhan pipeline meet?", ["50%"]),
    ("ما القيمة المالية للصفقة التي وقعتها الحكومتان عام 2012؟", ["1600000000"]),
    ("علی‌اف رابطه با اسرائیل را به کوه یخ تشبیه کرد؛ چه کسری از آن پنهان است؟", ["90%"]),
])
def test_words_that_had_changed_the_question(pipeline, question, values):
    """'meet … requirements' is to satisfy, not a meeting; 'الحكومتان' (the two governments) holds the letters of 'متى'
    (when) and had made a date question; 'چه کسری' (what fraction) asks a share."""
    assert _values(pipeline.ask(question)) == values


@pytest.mark.parametrize("question, values", [
    ("وزیر دفاع اسرائیل که به باکو رفت کی بود؟", ["gantz"]),
    ("رئیس‌جمهور اسرائیل که سال ۲۰۲۳ به آذربایجان رفت کی بود؟", ["herzog"]),
    ("سفر گانتس به باکو کی بود؟", ["2022-10"]),  # an event of its own: when
    ("وزیر دفاع اسرائیل کی در باکو بود؟", ["2022-10"]),  # not at the end: when
])
def test_spoken_persian_ki_bud_after_an_office_asks_who(pipeline, question, values):
    """Spoken Persian 'کی بود؟' is 'who was?' as well as 'when was?': after an office, with no event outside a
    relative clause, it asks who (it had been a date question, answered with the visit's date)."""
    assert _values(pipeline.ask(question)) == values


def test_spoken_persian_who_was_the_health_minister_quotes_him(pipeline):
    answer = pipeline.ask("وزیر بهداشت اسرائیل تو برنامه همکاری ۲۰۲۳-۲۰۲۸ کی بود؟")
    assert answer.status == "answered" and "موشيه" in answer.claims[0].value  # 002: '… وموشيه أربيل وزير الصحة الإسرائيلي'


@pytest.mark.parametrize("question", ["rabin and heydar aliyev met where", "وين التقى رابين بحيدر علييف",
                                      "رابین و حیدر علی‌اف کجا همدیگه رو دیدن؟"])
def test_where_at_the_end_or_spoken_asks_a_place(pipeline, question):
    """000: Rabin and Heydar Aliyev met 'في نيويورك'. 'where' at the end and Levantine 'وين' ask for a place (they had
    been answered with the whole sentence as a quote)."""
    assert _values(pipeline.ask(question)) == ["new_york"]


def test_gained_kilometres_are_an_increase(pipeline):
    """004: 'مرز خود با ایران را ۱۰۰ کیلومتر افزایش دهد'; 'gain' had not been an increase, and the Sitalchay base's 500 km
    from the Iranian border answered."""
    assert _values(pipeline.ask("how many km did azerbaijan gain on the iran border in the 44 day war")) == ["100"]


@pytest.mark.parametrize("question, kind", [
    ("شو اسم شركة عيلة ليبرمان اللي إلها علاقة بمحطة التحلية", "org"),  # 'شو اسم شركة': a company's name
    ("منو أكبر زبون لسلاح إسرائيل قبل أذربيجان", "state"),  # Iraqi/Gulf 'منو' (who); a buyer is a state
    ("شهرک یهودی‌نشین قرمزی قصبه تو کدوم منطقه‌ست", "place"),  # 'کدوم منطقه' (which region)
])
def test_spoken_words_say_what_kind_of_name_is_asked(question, kind):
    from rag.query import parse_query

    assert parse_query(question).answer_type == kind


def test_a_spoken_persian_is_ending_is_no_name():
    from rag.query import parse_query

    assert "منطقه\u200cست" not in parse_query("شهرک یهودی‌نشین قرمزی قصبه تو کدوم منطقه‌ست").names  # 'is a region'


@pytest.mark.parametrize("question", ["Which Israeli president visited Azerbaijan in 2009?",
                                      "أي رئيس إسرائيلي زار أذربيجان عام 2009؟",
                                      "کدوم رئیس‌جمهور اسرائیل سال ۲۰۰۹ به آذربایجان سفر کرد؟"])
def test_the_name_before_and_also_is_the_years(pipeline, question):
    """002: '… زيارة شيمون بيريز، الرئيس الأسبق …، في عام 2009، وكذلك بنيامين نتنياهو …': Netanyahu, nearer the year,
    starts the next item ('وكذلك', and also), so 2009 is Peres's (Persian had found no one)."""
    assert _values(pipeline.ask(question)) == ["peres"]


def test_a_spoken_arabic_verb_is_no_name(pipeline):
    """Levantine 'بيرأس' (heads) is 'يرأس' with the spoken 'ب': it had been read as a name the articles must state."""
    assert _values(pipeline.ask("مين كان بيرأس مجموعة الصداقة البرلمانية الإسرائيلية الأذربيجانية")) == ["shagal"]


def test_persian_typed_with_arabic_letters_is_answered_in_persian(pipeline):
    """'كي' with an Arabic kaf is the Persian 'کی' (when) here: the question was read as Arabic and refused."""
    answer = pipeline.ask("اسرائيل كي استقلال آذربايجان رو به رسميت شناخت")
    assert answer.language == "fa" and answer.status == "answered" and _values(answer) == ["1991-12-25"]
    assert "دسامبر" in answer.claims[0].display


@pytest.mark.parametrize("question, value", [
    ("when did israeli defence min visit baku", "2022-10"),   # 'min': minister, not the prime minister's 1997 visit
    ("which israeli pres visited az before herzog", "peres"),  # 'pres', 'az'
    ("when did rabin meet haydar aliev", None),                # 'Aliev', 'Haydar': spellings of Aliyev, Heydar
])
def test_chat_abbreviations_and_spellings_in_english(pipeline, question, value):
    answer = pipeline.ask(question)
    assert answer.status == "answered", question
    if value:
        assert _values(answer) == [value]


def test_spoken_persian_ending_is_no_name(pipeline):
    """'سالاییه' (سال‌هایی است, spoken) is the word for years, not a name the sentence must hold."""
    answer = pipeline.ask("برنامه همکاری بهداشتی آذربایجان و اسرائیل برای چه سالاییه")
    assert answer.status == "answered" and _values(answer) == ["2023/2028"]


@pytest.mark.parametrize("question", [
    "Who won the 2022 World Cup?", "من فاز بكأس العالم 2022؟", "جام جهانی ۲۰۲۲ رو کی برد",
])
def test_a_clause_that_shares_only_the_year_does_not_answer(pipeline, question):
    """With no event frame, a value answers only where its clause holds a word of the question."""
    assert pipeline.ask(question).status == "not_found"


PREMISED_EMBASSY = {
    "en": "Given that the two states set up diplomatic relations in 1992, when did Israel open its embassy in Baku?",
    "ar": "بالنظر إلى أن العلاقات الدبلوماسية بين البلدين أقيمت عام 1992، متى فتحت إسرائيل سفارتها في باكو؟",
    "fa": "با توجه به برقراری روابط دیپلماتیک در سال ۱۹۹۲، اسرائیل کی سفارتش را در باکو باز کرد؟",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_premise_year_is_background_not_the_period_asked(pipeline, lang):
    """'Given that … in 1992, when …?': the year of the premise does not rule out the article that says 1993."""
    answer = pipeline.ask(PREMISED_EMBASSY[lang])
    assert answer.status == "conflict" and sorted(_values(answer)) == ["1992-12", "1993"], _values(answer)


@pytest.mark.parametrize("question", [
    "What share of Azerbaijan's arms imports came from Israel in 2011-2016?",
    "ما نسبة مشتريات السلاح الأذري من إسرائيل خلال الفترة 2011-2016؟",
    "سهم اسرائیل از واردات تسلیحات آذربایجان در سال‌های ۲۰۱۱ تا ۲۰۱۶ چقدر بود؟",
    "Given that Israel supplied 69% of them in 2016-2020, what share of Azerbaijan's arms imports came from Israel "
    "in 2011-2016?",
])
def test_a_period_outside_the_premise_still_narrows(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["27%"], _values(answer)


@pytest.mark.parametrize("question", [
    "Amid Iran's threats against Baku, when did the Israeli defence minister travel to Baku?",
    "في خضم التهديدات الإيرانية لباكو، متى زار وزير الدفاع الإسرائيلي باكو؟",
    "در بحبوحه تهدیدهای ایران علیه باکو، وزیر دفاع اسرائیل کی به باکو سفر کرد؟",
])
def test_a_setting_told_before_the_question_is_background(pipeline, question):
    """'Amid …,' sets the scene: Iran need not be in the sentence that dates the defence minister's visit."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["2022-10"], _values(answer)


@pytest.mark.parametrize("question", [
    "When was the EastMed pipeline deal signed?", "متى وقع اتفاق خط أنابيب EastMed؟",
    "قرارداد خط لوله EastMed کی امضا شد؟",
])
def test_eastmed_is_the_east_mediterranean_pipeline(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["2019"], _values(answer)


@pytest.mark.parametrize("question", ["من يراس مجموعة الصداقة البرلمانية الإسرائيلية الأذربيجانية؟",
                                      "مين كان يراس مجموعة الصداقة البرلمانية الاسرائيلية الاذربيجانية"])
def test_a_verb_typed_without_its_hamza_is_no_name(pipeline, question):
    """'يراس' is 'يرأس' (heads) typed without the hamza, not a name no sentence holds."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["shagal"], _values(answer)


@pytest.mark.parametrize("question", [
    "Which Russian official called Azerbaijan's president a friend of Israel?",
    "من هو المسؤول الروسي الذي وصف الرئيس الأذربيجاني بأنه صديق لإسرائيل؟",
    "کدام مقام روسی از رئیس‌جمهور آذربایجان به عنوان دوست اسرائیل یاد کرد؟",
])
def test_the_asked_role_named_first_is_not_the_office_described(pipeline, question):
    """'Which Russian official … Azerbaijan's president …': the president is the one described; the one asked
    need not hold that office (the Lavrov sentence had been refused for naming no president)."""
    answer = pipeline.ask(question)
    assert answer.status == "answered"
    assert any("لاوروف" in c.display or "لافروف" in c.display or c.entity == "lavrov" for c in answer.claims), \
        [c.display[:60] for c in answer.claims]


@pytest.mark.parametrize("question", ["Who is the president of Azerbaijan?", "من هو رئيس أذربيجان؟",
                                      "رئیس‌جمهور آذربایجان کیست؟"])
def test_an_office_asked_for_still_needs_its_holder(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.status == "answered" and any(c.entity in ("aliyev", "ilham_aliyev") for c in answer.claims), \
        [(c.display[:40], c.entity) for c in answer.claims]


@pytest.mark.parametrize("question, values", [
    ("تاريخ افتتاح سفارة أذربيجان في إسرائيل", {"2022-11", "2023-03"}),
    ("سال افتتاح سفارت اسرائیل در باکو", {"1992-12", "1993"}),
    ("Israeli embassy in Baku opening year", {"1992-12", "1993"}),
])
def test_a_search_box_query_gets_the_values_both_sides_state(pipeline, question, values):
    """'تاريخ افتتاح …' with no question word was answered with a sentence, so the disagreement was not shown."""
    answer = pipeline.ask(question)
    assert answer.status == "conflict" and set(_values(answer)) == values


@pytest.mark.parametrize("question", [
    "Azerbaijan is Israel's second arms customer - so who comes first?",
    "أذربيجان الزبون الثاني لإسرائيل في السلاح، فمن الأول؟",
    "آذربایجان مشتری دوم سلاح‌های اسرائیله، خب مشتری اولش کیه؟",
])
def test_the_one_ranked_before_the_second_is_the_answer(pipeline, question):
    """'…الزبون الثاني للصناعة العسكرية الإسرائيلية بعد الهند': asked who is first, the name after 'after' answers,
    not a sentence about Azerbaijan's purchases nor Armenia."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["india"], _values(answer)


@pytest.mark.parametrize("question", [
    "Which country is the biggest supplier of weapons to Azerbaijan?",  # ranked as a customer, not a supplier
    "Who makes the kamikaze drones that Azerbaijan was the first to buy?",  # a maker, not the one ranked first
    "بزرگترین فروشنده سلاح به آذربایجان کدام کشور است؟",
])
def test_a_rank_answers_only_the_role_it_ranks(pipeline, question):
    answer = pipeline.ask(question)
    assert "india" not in set(_values(answer))


@pytest.mark.parametrize("question, found", [
    ("What is the distance between Sitalchay air base and Baku?", False),
    ("ما المسافة بين قاعدة سيتالشاي وباكو؟", False),
    ("پایگاه سیتالچای چقدر از باکو فاصله دارد؟", False),
    ("How far is the Sitalchay air base from the Iranian border?", True),
])
def test_a_distance_from_a_city_is_not_one_from_a_border(pipeline, question, found):
    """The articles give Sitalchay's distance from the Iranian border only; Baku had stood for Azerbaijan, the
    collection's state, so its distance from Baku was answered with 500 km."""
    answer = pipeline.ask(question)
    assert (answer.status != "not_found") == found and (not found or _values(answer) == ["500"])


@pytest.mark.parametrize("question", ["hey whats the weather like in baku", "hey, how hot is it in baku this week?",
                                      "hello, is it raining in baku?"])
def test_a_greeting_word_is_no_word_of_the_question(pipeline, question):
    """'hey' has Arabic 'وهو' (and he) for a neighbour: a sentence holding it was quoted for the weather in Baku."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", [
    "How many billion dollars was the 2012 deal with Israel Aerospace Industries?",
    "كم مليار دولار كانت صفقة 2012 مع الصناعات الجوية الإسرائيلية؟",
    "قرارداد ۲۰۱۲ با صنایع هوافضای اسرائیل چند میلیارد دلار بود؟",
])
def test_how_many_billion_asks_for_a_sum_not_a_count(pipeline, question):
    """'چند میلیارد دلار' had made the question a count of things, which no sum of money answers."""
    answer = pipeline.ask(question)
    assert _values(answer) == ["1600000000"]


@pytest.mark.parametrize("question", [
    "What was the value of the 2012 deal for Israeli drones and missile defence systems sold to Baku?",
    "ما قيمة صفقة 2012 لبيع الطائرات المسيرة الإسرائيلية إلى باكو؟",
    "ارزش قرارداد سال ۲۰۱۲ برای فروش پهپاد و سامانه‌های پدافند موشکی اسرائیلی به باکو چقدر بود؟",
])
def test_a_city_that_buys_stands_for_its_government(pipeline, question):
    """'sold to Baku' is sold to Azerbaijan, which 'the two governments signed …' names; it had been refused as a
    place the sentence never names."""
    answer = pipeline.ask(question)
    assert _values(answer) == ["1600000000"]


@pytest.mark.parametrize("question", [
    "لما الخطوط الغربية وقفت رحلاتها لإسرائيل، قديش زاد عدد السياح الإسرائيليين اللي بيروحوا أذربيجان؟",
    "كم زاد عدد السياح الإسرائيليين في أذربيجان بعد توقف الرحلات الغربية؟",
    "وقتی ایرلاین‌های غربی پروازهاشون به اسرائیل رو قطع کردن، ورود گردشگرای اسرائیلی به آذربایجان چقدر زیاد شد؟",
    "تعداد گردشگران اسرائیلی در آذربایجان چقدر افزایش یافت؟",
])
def test_how_much_a_number_rose_is_a_change(pipeline, question):
    """'قديش زاد عدد السياح' asks by how much the number rose, a share here (50%), not a count; spoken
    'پروازهاشون' (their flights) is no unknown name."""
    answer = pipeline.ask(question)
    assert _values(answer) == ["50%"]


@pytest.mark.parametrize("question, names", [
    ("Name the Israeli ambassador in Baku who called the trade office's opening a historic event.", set()),
    ("اذكر اسم السفير الإسرائيلي في باكو الذي وصف افتتاح المكتب التجاري بالحدث التاريخي.", set()),
    ("نام سفیر اسرائیل در باکو را که افتتاح دفتر تجاری را رویدادی تاریخی خواند بنویسید.", set()),
    ("Name the Israeli president who visited Azerbaijan in 2009.", {"peres"}),
])
def test_a_quiz_asking_to_name_someone_wants_a_person(pipeline, question, names):
    """'Name the …' asks for a person: the ambassador's sentence names none, so it is not the answer."""
    answer = pipeline.ask(question)
    assert set(_values(answer)) == names and (answer.status == "not_found") == (not names)


@pytest.mark.parametrize("question", [
    "In what year did an Israeli president visit Azerbaijan before Herzog?",
    "في أي عام زار رئيس إسرائيلي أذربيجان قبل هرتسوغ؟",
    "رئیس‌جمهور اسرائیل قبل از هرتزوگ چه سالی به آذربایجان سفر کرده بود؟",
])
def test_the_person_a_question_dates_its_event_by_is_not_the_answer(pipeline, question):
    """'… before Herzog' asks for another president's visit: Herzog's own (May 2023) had been the answer. (Peres's
    2009 is found in English and Arabic; the Persian question reads his sentence too far to answer, so it is
    not found.)"""
    answer = pipeline.ask(question)
    values = set(_values(answer))
    assert "2023-05" not in values and values <= {"2009"}


@pytest.mark.parametrize("question, value", [
    ("Did Peres visit Azerbaijan in 2011? When was his visit?", "2009"),
    ("هل زار بيريز أذربيجان عام 2011؟ متى كانت زيارته؟", "2009"),
    ("پرز سال ۲۰۱۱ به آذربایجان سفر کرد؟ سفرش کی بود؟", "2009"),
    ("Peres visited Azerbaijan in 2009, right? In what year was it?", "2009"),
    ("زار بيريز أذربيجان عام 2009، صحيح؟ في أي عام كانت الزيارة؟", "2009"),
    ("پرز سال ۲۰۰۹ به آذربایجان رفت، درسته؟ چه سالی بود؟", "2009"),
    ("Benny Gantz visited Baku in 2023 — or when did he go?", "2022-10"),
])
def test_a_year_put_to_the_test_in_another_sentence_is_no_period(pipeline, question, value):
    """'Was it in 2011? When …?': the year the asker checks is neither the period the answer must be of nor, when
    it is right, set aside as a value the question states itself."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == [value], _values(answer)


@pytest.mark.parametrize("question", [
    "A friend told me Israel opened its embassy in Baku in 1995. When did it open?",
    "قال لي صديق إن إسرائيل فتحت سفارتها في باكو عام 1995. متى فتحتها؟",
    "دوستم می‌گوید اسرائیل سال ۱۹۹۵ سفارتش را در باکو باز کرد. کی باز شد؟",
])
def test_a_year_told_in_another_sentence_is_no_period(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.status == "conflict" and sorted(_values(answer)) == ["1992-12", "1993"], _values(answer)


@pytest.mark.parametrize("question", [
    "Israel's share of Azerbaijan's arms imports in 2011-2016 was 69%, right? What was it?",
    "نسبة إسرائيل من واردات أذربيجان من السلاح في 2011-2016 كانت 69%، صحيح؟ كم كانت؟",
    "سهم اسرائیل از واردات تسلیحات آذربایجان در ۲۰۱۱ تا ۲۰۱۶ همان ۶۹ درصد بود؟ چند درصد بود؟",
])
def test_a_period_in_the_checked_sentence_still_narrows(pipeline, question):
    """Only values of the asked kind are the asker's guess: the years say which share is asked."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["27%"], _values(answer)


@pytest.mark.parametrize("question, values", [
    ("I read about the 2019 Sky Striker purchase. How much was the 2012 deal with Israel Aerospace Industries worth?",
     ["1600000000"]),
    ("قرأت عن شراء طائرات Sky Striker عام 2019. كم كانت قيمة صفقة 2012 مع شركة الصناعات الجوية الإسرائيلية؟",
     ["1600000000"]),
    ("درباره خرید پهپادهای Sky Striker در ۲۰۱۹ خواندم. ارزش قرارداد ۲۰۱۲ با صنایع هوافضای اسرائیل چقدر بود؟",
     ["1600000000"]),
    ("My teacher talked about Herzog's trip to Baku and Moshe Arbel. Who was Azerbaijan's health minister?", ["musayev"]),
    ("حدثنا الأستاذ عن زيارة هرتسوغ إلى باكو وعن موشيه أربيل. من كان وزير الصحة الأذربيجاني؟", ["musayev"]),
    ("معلممان درباره سفر هرتزوگ به باکو و موشه آربل گفت. وزیر بهداشت آذربایجان چه کسی بود؟", ["musayev"]),
    ("I know Gantz went to Baku in 2022. When did Azerbaijan open its trade office in Tel Aviv?", ["2021-07"]),
    ("أعرف أن غانتس زار باكو عام 2022. متى افتتحت أذربيجان مكتبها التجاري في تل أبيب؟", ["2021-07"]),
    ("می‌دانم گانتس سال ۲۰۲۲ به باکو رفت. آذربایجان کی دفتر تجاری‌اش را در تل‌آویو باز کرد؟", ["2021-07"]),
    # the asking sentence leans on the one before ('that visit'): what that one names is still the event
    ("Netanyahu went to Baku as prime minister in the nineties. In what year was that visit?", ["1997-08", "1998"]),
])
def test_what_the_asker_tells_before_the_question_is_background(pipeline, question, values):
    """'<who I am, what I read>. <the question>': the names and years of the background need not be in the answer's
    sentence, when the asking sentence tells its event by itself."""
    answer = pipeline.ask(question)
    assert answer.status in ("answered", "conflict") and sorted(_values(answer)) == values, _values(answer)


@pytest.mark.parametrize("question", [
    "Herzog invited Aliyev to visit Tel Aviv. When did Aliyev visit Israel?",
    "دعا هرتسوغ علييف لزيارة تل أبيب. متى زار علييف إسرائيل؟",
    "هرتزوگ علی‌اف را به تل‌آویو دعوت کرد. علی‌اف کی به اسرائیل سفر کرد؟",
])
def test_background_does_not_lend_its_event_to_the_question(pipeline, question):
    """Herzog's visit to Baku, told before, does not date a visit of Aliyev's to Israel that no article tells."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question, value", [
    ("Was it Liberman who headed the Israel-Azerbaijan parliamentary friendship group? If not, who headed it?", "shagal"),
    ("هل كان ليبرمان رئيس مجموعة الصداقة البرلمانية الإسرائيلية الأذربيجانية؟ من كان رئيسها إذن؟", "shagal"),
    ("آیا لیبرمن رئیس گروه دوستی پارلمانی اسرائیل و آذربایجان بود؟ اگر نه، چه کسی رئیسش بود؟", "shagal"),
    ("Is it Rafael that makes the Sky Striker drones? Which company makes them?", "elbit"),
])
def test_a_name_put_to_the_test_is_a_guess_not_the_event(pipeline, question, value):
    """'Was it Liberman …? If not, who …?': the name the asker checks need not be in the sentence that answers."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == [value], _values(answer)


@pytest.mark.parametrize("question, status, values", [
    ("چند فیصد سلاح آذربایجان در سال‌های ۲۰۱۱ تا ۲۰۱۶ از اسرائیل بود؟", "answered", ["27%"]),  # Dari 'فیصد'
    ("نتانیاهو چه وقت به حیث صدراعظم به باکو سفر کرد؟", "conflict", ["1997-08", "1998"]),  # Dari 'چه وقت', 'صدراعظم'
    ("علی اف کی به اسرائیل سفر کرد؟", "not_found", []),  # 'علی اف' typed with a space is Aliyev
    ("فوقاش تحلّات السفارة ديال إسرائيل ف باكو؟", "conflict", ["1992-12", "1993"]),  # Maghrebi 'فوقاش', 'ديال', 'ف'
    ("شحال من يهودي عايش ف أذربيجان؟", "conflict", ["3000", "30000"]),  # Maghrebi 'شحال'
    ("شكون وزير الصحة الأذربيجاني؟", "answered", ["musayev"]),  # Maghrebi 'شكون'
    ("شنو التاريخ اللي زار فيه وزير الدفاع الإسرائيلي باكو؟", "answered", ["2022-10"]),  # Gulf 'شنو التاريخ'
])
def test_regional_question_words(pipeline, question, status, values):
    """Questions as people type them in Morocco, the Gulf or Afghanistan ask what their standard forms ask."""
    answer = pipeline.ask(question)
    assert answer.status == status and sorted(_values(answer)) == values, _values(answer)


@pytest.mark.parametrize("question", [
    "پاسپورتمو چطوری آنلاین تمدید کنم و چقدر طول می‌کشه؟",
    "چقدر طول می‌کشد تا انگلیسی یاد بگیرم؟",
    "كم من الوقت أحتاج لتعلم اللغة الإنجليزية؟",
    "How long does it take to learn English?",
])
def test_a_frameless_question_is_not_answered_by_a_clause_of_the_other_script_sharing_none_of_its_words(pipeline, question):
    """Arabic and Persian share a script: a value of the other one answers a question naming nothing the lexicon
    knows only where its clause holds one of the question's words, as one of the question's own language must."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question, values", [
    ("By how many kilometres did Azerbaijan's border with Iran get longer in the 2020 war?", ["100"]),
    ("صادرات نفت آذربایجان به اسرائیل در جنگ ۲۰۲۴ چند فیصد بلند رفت؟", ["55%"]),  # Dari 'بلند رفت' (went up)
    ("Azerbaijan's oil exports to Israel were up how much in the 2024 war?", ["55%"]),
    ("صادرات النفط الأذربيجاني لإسرائيل زادت كم في حرب 2024؟", ["55%"]),  # 'زادت كم' (rose by how much)
])
def test_a_rise_told_in_other_words_is_an_increase(pipeline, question, values):
    """'get longer', 'بلند رفت', 'up how much', 'زادت كم': the sentence's 'increase' is the question's own action.
    (Not Arabic 'طالت': it is also 'reached' — 'القضية التي طالت …', the case that reached him, on ARCD.)"""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == values, _values(answer)


@pytest.mark.parametrize("question", [
    "How many days after the USSR collapsed did Azerbaijan set up ties with Israel?",
    "بعد كم يوم من انتهاء الاتحاد السوفييتي أقامت أذربيجان علاقات مع إسرائيل؟",
    "چند روز پس از پایان شوروی، آذربایجان با اسرائیل رابطه برقرار کرد؟",
])
def test_the_time_between_two_events_is_read_whatever_action_tells_it(pipeline, question):
    """'about a hundred days after the end of the USSR' measures the time to its sentence's announcement of relations,
    whichever verb the question uses for it ('set up ties')."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["100"], _values(answer)


@pytest.mark.parametrize("question", [
    "كام يهودي بيعيشوا في أذربيجان؟",  # Egyptian 'كام' (how many)
    "How many Jews live in the Caspian republic?",  # an epithet of the state
    "How many Jews live in Iran's northern neighbour?",  # a state named only as the asked one's neighbour
    "كم يهوديا يعيش في الجارة الشمالية لإيران؟",
    "چند یهودی در همسایه شمالی ایران زندگی می‌کنند؟",
])
def test_a_count_asked_in_any_register_shows_both_figures(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.status == "conflict" and sorted(_values(answer)) == ["3000", "30000"], _values(answer)


def test_the_neighbour_named_is_not_the_state_asked():
    """Iran named as the neighbour is not where the Jews asked about live: asked of Iran itself, nothing is found."""
    from rag.frames import question_frame
    from rag.query import parse_query
    neighbour = question_frame(parse_query("How many Jews live in Iran's northern neighbour?"), frozenset())
    itself = question_frame(parse_query("How many Jews live in Iran?"), frozenset())
    assert "iran" not in neighbour.places | neighbour.specific and "iran" in itself.places


@pytest.mark.parametrize("question", [
    "Israel recognised Azerbaijan in 1992 I think, but what was the exact date?",
    "اعترفت إسرائيل بأذربيجان عام 1992 على ما أعتقد، فما التاريخ الدقيق؟",
    "شنیدم اسرائیل سال ۱۹۹۲ آذربایجان را به رسمیت شناخت، تاریخ دقیقش چه بود؟",
])
def test_a_year_the_asker_only_believes_is_no_period(pipeline, question):
    """A first clause the asker hedges ('I think', 'على ما أعتقد') or was told ('شنیدم', I heard) states a premise:
    its year is not the one the answer must fall in."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["1991-12-25"], _values(answer)


@pytest.mark.parametrize("question", [
    "Baku kept Israel at a distance for almost thirty years. Before its embassy, when did Azerbaijan open a trade office "
    "in Tel Aviv?",
    "أبقت باكو إسرائيل على مسافة نحو ثلاثين عاما. وقبل السفارة، متى افتتحت أذربيجان مكتبا تجاريا في تل أبيب؟",
    "باکو نزدیک سی سال اسرائیل را در فاصله نگه داشت. این دفتر تجاری آذربایجان در تل‌آویو کی افتتاح شد؟",
])
def test_a_message_asks_what_its_question_asks(pipeline, question):
    """The first sentence names a distance; the question asks when. 'وقبل السفارة' (and before the embassy) dates the
    asked event by another, whose embassy is no object of the question."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["2021-07"], _values(answer)


@pytest.mark.parametrize("question, status, values", [
    ("Could you tell me who led the Israel-Azerbaijan parliamentary friendship group?", "answered", ["shagal"]),
    ("هل لك أن تخبرني من ترأس مجموعة الصداقة البرلمانية الإسرائيلية الأذربيجانية؟", "answered", ["shagal"]),
    ("كان ليبرمان يرأس مجموعة الصداقة البرلمانية الإسرائيلية الأذربيجانية، صحيح؟ ومن كان يرأسها فعلا؟", "answered",
     ["shagal"]),  # 'ومن' (and who) asks
    ("Could you tell me who the Israeli ambassador in Baku was?", "not_found", []),  # no article names him
    ("Azerbaijan is Israel's second arms customer. Kindly tell me which country is first?", "answered", ["india"]),
])
def test_a_person_asked_for_indirectly(pipeline, question, status, values):
    """'tell me who', 'تخبرني من', 'ومن': the question asks for a person, not for sentences; 'Kindly' is no name."""
    answer = pipeline.ask(question)
    assert answer.status == status and _values(answer) == values, _values(answer)


@pytest.mark.parametrize("question, values", [
    ("ارزش قرارداد ۲۰۱۲ برای طیاره‌های بی‌پیلوت اسرائیلی چند دالر بود؟", ["1600000000"]),  # Dari 'طیاره بی‌پیلوت', 'دالر'
    ("إلى أي حد ارتفع عدد السياح الإسرائيليين في أذربيجان؟", ["50%"]),
    ("To what extent did the number of Israeli tourists in Azerbaijan rise?", ["50%"]),
    ("تعداد گردشگران اسرائیلی در آذربایجان تا چه حد افزایش یافت؟", ["50%"]),
])
def test_a_value_asked_formally(pipeline, question, values):
    """'to what extent' (إلى أي حد، تا چه حد) asks for a change; Dari 'طیاره بی‌پیلوت' is a drone, 'دالر' a dollar."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == values, _values(answer)


@pytest.mark.parametrize("question, values", [
    ("When did Israel recognise the independence of the South Caucasus republic?", ["1991-12-25"]),
    ("دولت یهود کی استقلال جمهوری قفقازی را به رسمیت شناخت؟", ["1991-12-25"]),
    ("When did the Likud leader visit Baku in the 1990s?", ["1997-08", "1998"]),
    ("رهبر لیکود در دهه ۱۹۹۰ کی به باکو سفر کرد؟", ["1997-08", "1998"]),
    ("متى زار زعيم الليكود باكو في التسعينيات؟", ["1997-08", "1998"]),
])
def test_an_epithet_names_its_state_or_person(pipeline, question, values):
    """'the South Caucasus republic', 'دولت یهود', 'the Likud leader': the gazetteer's epithets are aliases."""
    answer = pipeline.ask(question)
    assert answer.status in ("answered", "conflict") and sorted(_values(answer)) == values, _values(answer)


@pytest.mark.parametrize("question", [
    "وزیر دفاع اسرائیل کی از باکو دیدار کرد؟",  # 'از باکو دیدار کرد': visited Baku ('دیدار' alone is a meeting)
    "وزیر دفاع اسرائیل در چه تاریخی از پایتخت آذربایجان دیدار کرد؟",
    "When did Israel's defence minister visit Baku?",
    "متى زار وزير الدفاع الإسرائيلي باكو؟",
])
def test_a_persian_meeting_at_a_place_is_a_visit(pipeline, question):
    """'از باکو دیدار کرد' (visited Baku) is dated like 'visited Baku' in English and Arabic, not as a meeting."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and _values(answer) == ["2022-10"], _values(answer)


@pytest.mark.parametrize("question", [
    "طبق آنچه خوانده‌ام، سفارت اسرائیل در باکو کی افتتاح شد؟",  # 'خوانده‌ام' (I have read): a perfect, no name
    "سفارت اسرائیل در باکو که درباره‌اش خوانده‌ام کی باز شد؟",
    "سفارت اسرائیل در باکو را که خبرش را درمی‌آورم کی باز کردند؟",  # 'درمی‌آورم': 'می‌' after a preverb
    "According to what I have read, when did Israel's embassy in Baku open?",
    "بحسب ما قرأت، متى افتتحت سفارة إسرائيل في باكو؟",
])
def test_a_persian_verb_form_is_no_name(pipeline, question):
    """A Persian perfect ('خوانده‌ام') or a continuous verb after a preverb ('درمی‌آورم') is rare as one word, but it is
    a verb, not a name the quoted sentence must contain."""
    answer = pipeline.ask(question)
    assert answer.status == "conflict" and sorted(_values(answer)) == ["1992-12", "1993"], _values(answer)


PERSIAN_EMBASSY_CITY = "آذربایجان سفارتش را در کدام شهر اسرائیل باز کرد؟"


def test_every_article_joins_the_evidence_of_a_persian_question(pipeline):
    """The one Persian article crowds a Persian question's mixed ranking (26 of its top 30 passages here), so each
    language's own ranking adds the documents left out: every article gives its best passages to the evidence."""
    from rag.pipeline import EVIDENCE_POOL, evidence_pool

    wide = pipeline.search(PERSIAN_EMBASSY_CITY, k=EVIDENCE_POOL)
    own = [pipeline.search(PERSIAN_EMBASSY_CITY, k=EVIDENCE_POOL, languages=[lang]) for lang in ("ar", "fa")]
    every = set(pipeline.index.documents)
    assert {h.chunk.doc_id for h in evidence_pool(wide, 8)} < every  # the mixed ranking alone leaves one out
    pool = evidence_pool(wide, 8, own)
    assert {h.chunk.doc_id for h in pool} == every
    assert len({h.chunk.chunk_id for h in pool}) == len(pool)  # no passage twice


@pytest.mark.parametrize("question, expected", [
    (PERSIAN_EMBASSY_CITY, {"tel_aviv", "jerusalem"}),  # Jerusalem is told only by an Arabic article the mix left out
    ("باکو به چه دلیل سامانه گنبد آهنین را از اسرائیل خرید؟", None),  # why: told only in Arabic
], ids=["embassy-city", "iron-dome-why"])
def test_a_persian_question_reads_the_arabic_articles(pipeline, question, expected):
    answer = pipeline.ask(question)
    if expected is None:
        assert answer.status == "answered" and "القبة الحديدية" in answer.claims[0].value, answer.claims
    else:
        assert answer.status == "conflict" and {c.value for c in answer.claims} == expected, answer.claims


@pytest.mark.parametrize("question, values", [
    ("ما هو عدد الحراس الذين جرحوا في الهجوم على سفارة أذربيجان في طهران؟", ["2"]),  # 'جرحوا': wounded
    ("What is the number of guards wounded in the attack on Azerbaijan's embassy in Tehran?", ["2"]),
    ("تعداد نگهبانانی که در حمله به سفارت آذربایجان در تهران زخمی شدند چقدر بود؟", ["2"]),
    ("ما هو العدد التقريبي لليهود في أذربيجان؟", ["3000", "30000"]),
    ("ما هي قيمة الصفقة التي وقعتها أذربيجان مع الصناعات الجوية الإسرائيلية عام 2012؟", ["1600000000"]),
    ("ما هي القيمة المالية لصفقة مسيرات سكاي سترايكر؟", []),  # no article gives a price
])
def test_a_count_asked_formally_is_answered_with_the_value(pipeline, question, values):
    """A count or a sum asked formally ('ما هو عدد …', 'ما هي قيمة …') is answered by the value, checked against the
    event like any other, so a price no article gives is not found."""
    answer = pipeline.ask(question)
    assert answer.asked_for == "number" and sorted(_values(answer)) == values, _values(answer)
    assert answer.status == ("not_found" if not values else "conflict" if len(values) > 1 else "answered")


@pytest.mark.parametrize("question", [
    "Which Iranian newspaper branded Ilham Aliyev a 'puppet of the Zionists'?",  # Israel Hayom is named: it is Israeli
    "أي صحيفة إيرانية وصفت إلهام علييف بأنه \"دمية في يد الصهاينة\"؟",
    "کدام روزنامه ایرانی الهام علی‌اف را «دست‌نشانده صهیونیست‌ها» خواند؟",
    "Which Azerbaijani company supplies jet fuel to Israel's air force?",  # SIPRI is named, but it is an institute
    "ما الشركة الأذربيجانية التي تزود إسرائيل بوقود الطائرات الحربية؟",
    "کدام شرکت آذربایجانی سوخت هواپیماهای جنگی اسرائیل را تأمین می‌کند؟",
])
def test_an_organisation_of_another_kind_or_state_is_not_the_asked_one(pipeline, question):
    """'Which Iranian newspaper …?' is not told by a sentence naming only an Israeli one, nor 'Which company …?' by one
    naming only an institute: the lexicon's class and state of each organisation are checked, as for weapons."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", [
    "Which Israeli newspaper reported fears of Iranian attacks during Herzog's visit?",
    "أي صحيفة إسرائيلية تحدثت عن مخاوف من هجمات إيرانية خلال زيارة هرتسوج؟",
    "کدام روزنامه اسرائیلی از نگرانی حمله ایران در سفر هرتزوگ خبر داد؟",
])
def test_an_organisation_of_the_asked_kind_and_state_is_quoted(pipeline, question):
    """The check keeps the sentence that names an Israeli newspaper (Israel Hayom) when an Israeli one is asked for."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and "هيوم" in answer.claims[0].citations[0].quote, answer.claims


@pytest.mark.parametrize("question", ["When did Armenia buy the Iron Dome from Israel?",
                                      "متى اشترت أرمينيا منظومة القبة الحديدية من إسرائيل؟",
                                      "ارمنستان در چه سالی گنبد آهنین را از اسرائیل خرید؟",
                                      "In which year was Iron Dome delivered to Azerbaijan?"])
def test_a_value_written_with_another_thing_does_not_date_the_asked_one(pipeline, question):
    """001: Azerbaijan agreed to buy Iron Dome 'in response to Armenia's purchase of Russian Iskander missiles since
    2016': 2016 is written with Iskander, so it dates neither an Armenian Iron Dome nor a delivery of one."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", ["When did Armenia buy Iskander missiles?", "متى اشترت أرمينيا صواريخ إسكندر؟",
                                      "ارمنستان از چه سالی موشک‌های اسکندر را خرید؟"])
def test_the_thing_written_with_the_value_is_still_dated(pipeline, question):
    assert _values(pipeline.ask(question)) == ["2016"]


@pytest.mark.parametrize("question", ["How many Israelis of Azerbaijani origin live in Israel?",
                                      "كم عدد الإسرائيليين من أصل أذربيجاني الذين يعيشون في إسرائيل؟",
                                      "چند اسرائیلی آذربایجانی‌تبار در اسرائیل زندگی می‌کنند؟"])
def test_a_multiplier_counts_nothing(pipeline, question):
    """003's title says the hidden part of the relationship is '9 times' the declared one: a multiplier, no count of
    people (it was shown as the number of Azerbaijani Israelis)."""
    answer = pipeline.ask(question)
    assert "9" not in _values(answer)


@pytest.mark.parametrize("question", [
    "Which company, owned by the family of Israel's former deputy prime minister, is linked to Baku's Caspian desalination plant?",
    "ما الشركة المملوكة لعائلة نائب رئيس الوزراء الإسرائيلي السابق المرتبطة بمشروع محطة تحلية مياه بحر قزوين لباكو؟",
    "کدام شرکت متعلق به خانواده معاون نخست‌وزیر پیشین اسرائیل با پروژه آب شیرین کن دریای خزر در باکو ارتباط دارد؟"])
def test_an_office_describing_someone_else_does_not_bind_a_company_answer(pipeline, question):
    """The deputy prime minister (Lieberman) describes whose family owns the company; 001's sentence names the family
    and the company, not the office, and it is the answer (it was refused for not naming a deputy prime minister)."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and "ووتر أسيتس" in answer.claims[0].display


@pytest.mark.parametrize("question", [
    "When did Heydar Aliyev issue the decree banning visas at international airports?",
    "متى أصدر حيدر علييف مرسوم حظر التأشيرات في المطارات الدولية؟",
    "حیدر علیاف چه زمانی فرمان ممنوعیت صدور روادید در فرودگاه‌های بین‌المللی را صادر کرد؟"])
def test_a_bare_family_name_is_the_member_the_article_named_last(pipeline, question):
    """003: 'in 2010 the Azerbaijani president Aliyev issued a decree …' comes after the article has named Ilham Aliyev
    in full: the bare 'Aliyev' is Ilham, so it does not tell what his father Heydar did (it was answered with 2010)."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", [
    "When did Ilham Aliyev issue the decree banning visas at international airports?",
    "متى أصدر إلهام علييف مرسوم حظر التأشيرات في المطارات الدولية؟",
    "الهام علیاف چه زمانی فرمان ممنوعیت صدور روادید در فرودگاه‌های بین‌المللی را صادر کرد؟",
    "When did Aliyev issue the decree banning visas at international airports?"])
def test_the_family_member_named_last_still_answers_by_the_bare_name(pipeline, question):
    assert _values(pipeline.ask(question)) == ["2010"]


@pytest.mark.parametrize("question", [
    "When did Heydar Aliyev say Azerbaijan and Israel held identical positions on fighting international terrorism?",
    "متى قال حيدر علييف إن أذربيجان وإسرائيل لديهما مواقف متطابقة في مكافحة الإرهاب الدولي؟",
    "حیدر علیاف چه زمانی گفت آذربایجان و اسرائیل در مبارزه با تروریسم بین‌المللی مواضع یکسانی دارند؟"])
def test_a_bare_family_name_in_another_article_is_no_rival_for_the_father(pipeline, question):
    """002 names Ilham Aliyev; its 'in 2020 … Aliyev refused to condemn Israel' was shown beside 003's 2001 as a second
    date of Heydar Aliyev's statement once the dictionary brought 002 into the English question's passages."""
    assert "2020" not in _values(pipeline.ask(question))


@pytest.mark.parametrize("question", [
    "When did the Israeli head of government and the Azerbaijani president sit down together in New York?",
    "متى اجتمع رئيس الحكومة الإسرائيلية والرئيس الأذربيجاني في نيويورك؟",
    "نخست‌وزیر اسرائیل و رئیس‌جمهور آذربایجان چه زمانی در نیویورک با هم دیدار کردند؟"])
def test_the_head_of_government_is_the_prime_minister_and_sitting_down_together_a_meeting(pipeline, question):
    """Arabic 'رئيس الحكومة' was the prime minister already; English 'head of government' and 'sit down together' were
    read as nothing, so the question named no office and no event."""
    from rag.frames import question_frame

    frame = question_frame(pipeline.parse(question), pipeline.concepts.background)
    assert "prime_minister" in frame.offices and "meet" in frame.actions, frame


@pytest.mark.parametrize("question", [
    "By how much did the Caspian oil exporter increase its oil exports to Israel during the 2024 war?",
    "بكم في المئة رفعت الدولة المصدرة للنفط على بحر قزوين صادراتها النفطية إلى إسرائيل في ذروة حرب 2024؟",
    "صادرکننده نفت حاشیه خزر در اوج جنگ ۲۰۲۴ صادرات نفتش به اسرائیل را چند درصد افزایش داد؟"])
def test_a_region_the_article_names_sets_the_scene_of_its_event(pipeline, question):
    """'The Caspian oil exporter' describes Azerbaijan: 004 names the Caspian in its geography, and its sentence on the
    55% rise tells the question's event (exports, increase) without naming the sea again. It was not found."""
    assert _values(pipeline.ask(question)) == ["55%"]


@pytest.mark.parametrize("question", ["How deep is the Caspian Sea?", "عمق دریای خزر چقدر است؟"])
def test_a_region_is_no_scene_for_a_sentence_telling_nothing_else_of_the_question(pipeline, question):
    """The same article names the Caspian, but none of its numbers is about the sea: no event of the question is told."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", [
    "By how much did Israel's exports to Azerbaijan rise during the 2024 war?",
    "بنسبة كم زادت صادرات إسرائيل إلى أذربيجان في ذروة حرب 2024؟",
    "صادرات اسرائیل به آذربایجان در جنگ ۲۰۲۴ چند درصد بالا رفت؟"])
def test_a_change_is_of_the_thing_the_question_names(pipeline, question):
    """004's '… Israeli tourists' arrivals rose 50%' is a rise, but of tourists, not of Israel's exports: a change the
    question asks about is told with its other action. English and Persian were answered 50%."""
    assert pipeline.ask(question).status == "not_found"


@pytest.mark.parametrize("question", [
    "By how much did Azerbaijan's oil exports to Israel rise during the 2024 war?",
    "بكم ارتفعت صادرات النفط الأذربيجاني إلى إسرائيل خلال حرب 2024؟",
    "صادرات نفت آذربایجان به اسرائیل در جنگ ۲۰۲۴ چند درصد افزایش یافت؟"])
def test_a_change_told_with_its_thing_still_answers(pipeline, question):
    assert _values(pipeline.ask(question)) == ["55%"]


@pytest.mark.parametrize("question", [
    "تو حمله به سفارت آذربایجان تو تهران چندتا نگهبان زخمی شدن",
    "چند تا نگهبان در حمله به سفارت آذربایجان در تهران زخمی شدند؟",
    "How many guards were wounded in the attack on Azerbaijan's embassy in Tehran?"])
def test_a_spoken_persian_count_reads_the_thing_counted(pipeline, question):
    """Spoken 'چندتا' (how many) was read as a count question, but the words after it were not read as the thing
    counted, so the Arabic dual 'حارسين' (two guards) could not answer it: not found."""
    assert _values(pipeline.ask(question)) == ["2"]


@pytest.mark.parametrize("question, values", [
    ("when did isaac herzg make his first visit to az", ["2023-05"]),
    ("when did benny ganz visit baku", ["2022-10"]),
    ("what yr did shimon perez visit azerbaijan", ["2009"])])
def test_a_misspelt_name_is_no_reason_to_show_other_peoples_visits(pipeline, question, values):
    """With the name unread, the question named no one and every visit answered it: Herzog's first visit was shown as
    '2009 vs 1998' (Peres's and Netanyahu's), Gantz's as Netanyahu's 1997 vs 1998 (rag.spelling)."""
    assert _values(pipeline.ask(question)) == values


@pytest.mark.parametrize("question, values", [
    ("in 2016-2020 az made up what share of israels total arms exprots", ["17%"]),
    ("when did az open a trade ofice in tel aviv", ["2021-07"])])
def test_a_misspelt_term_is_read_as_the_term(pipeline, question, values):
    """'exprots' unread, the question asked for a share of arms and was answered with Azerbaijan's imports (69%);
    'ofice' unread, the trade office's opening was not found (rag.spelling)."""
    assert _values(pipeline.ask(question)) == values
