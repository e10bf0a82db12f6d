"""Sentence scores (rag.evidence): a sentence's share of the question's words, on the real corpus and model."""

from __future__ import annotations

import pytest

from rag.evidence import score_sentences, word_share

EMBASSY = {"en": "When did Azerbaijan open its embassy in Israel?",
           "ar": "متى افتتحت أذربيجان سفارتها في إسرائيل؟",
           "fa": "آذربایجان چه زمانی سفارت خود را در اسرائیل افتتاح کرد؟"}


def _sentence(index, words: str, language: str | None = None):
    return next(s for s in index.sentences if words in " ".join(s.text.split())
                and (language is None or index.documents[s.doc_id].language == language))


@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
def test_the_sentence_holding_the_questions_words_has_the_larger_share(pipeline, lang):
    """001's 'the opening of the Azerbaijani embassy in Tel Aviv was delayed…' and 004's 'Azerbaijan announced opening its
    embassy in Israel' hold the asked words; 003's heading names the two states only. An English question's words
    count through their Arabic translations and the Persian text's nearest words (rag.translate)."""
    index = pipeline.index
    pipeline.ask(EMBASSY[lang])  # attaches the word map's groups for the question, as retrieval does
    arabic = _sentence(index, "فتح السفارة الآذرية في تل أبيب")
    persian = _sentence(index, "سفارت خود در اسرائیل را اعلام کرد", "fa")
    heading = _sentence(index, "أسس وأهداف التحالف الأذربيجاني الإسرائيلي")
    shares = dict(zip(("arabic", "persian", "heading"), word_share(index, EMBASSY[lang], [arabic, persian, heading])))
    own = "persian" if lang == "fa" else "arabic"
    assert shares[own] > 0.5 > shares["heading"], shares
    if lang == "en":
        assert shares["persian"] > 0.5, shares  # through the neighbours of 'embassy', 'open' in Persian text


def test_the_word_share_reorders_sentences_but_is_kept_apart_from_their_plain_score(pipeline):
    question = EMBASSY["ar"]
    query = pipeline.parse(question)
    hits = pipeline.search(question, 8)
    with_words = score_sentences(pipeline.index, query.vector, hits, question=question)
    without = {e.sentence.sent_id: e.score for e in score_sentences(pipeline.index, query.vector, hits)}
    assert any(e.words for e in with_words)
    assert all(e.plain == pytest.approx(without[e.sentence.sent_id], abs=2e-4) for e in with_words)
    assert abs(sum(e.words for e in with_words)) < 1e-2  # centred on the candidates' mean


@pytest.mark.parametrize("question, quoted", [
    ("Which Israeli party's success in the 2006 Knesset election gave a new push to ties with Azerbaijan?", "إسرائيل وطننا"),
    ("ما الحزب الإسرائيلي الذي أعطى نجاحه في انتخابات الكنيست عام 2006 دفعة جديدة للعلاقات مع أذربيجان؟", "إسرائيل وطننا"),
    ("موفقیت کدام حزب اسرائیلی در انتخابات ۲۰۰۶ کنست به روابط با آذربایجان جان تازه‌ای داد؟", "إسرائيل وطننا"),
    ("What was the name of the Turkish aid ship whose targeting by Israel led to years of severed Ankara-Tel Aviv relations?",
     "مرمرة"),
    ("ما اسم السفينة التركية التي استهدفتها إسرائيل فانقطعت العلاقات بين أنقرة وتل أبيب لسنوات؟", "مرمرة"),
    ("نام کشتی ترکیه‌ای که کمک‌های انسانی به غزه می‌برد و اسرائیل به آن حمله کرد چه بود؟", "مرمرة"),
])
def test_one_quote_answers_where_a_second_sentence_shared_only_the_topic(pipeline, question, quoted):
    """The Arabic party question also quoted 'in 2006 the parliamentary friendship group was formed', and the English ship
    question a Persian sentence on renewed military ties: close in meaning, without the question's words."""
    answer = pipeline.ask(question)
    assert answer.status == "answered" and len(answer.claims) == 1 and quoted in answer.claims[0].display, \
        [c.display[:60] for c in answer.claims]
