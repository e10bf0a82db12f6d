"""'Which came first: A or B?' on the real corpus: each side dated and cited, the order stated (rag.compare)."""

from __future__ import annotations

import pytest

from rag.compare import compared, comparison
from rag.evaluate import _answering
from rag.render import answer_to_dict
from rag.types import Answer, Citation, Claim
from rag.ui import answer_html

GANTZ_FIRST = {
    "en": "Which came first: Benny Gantz's visit to Baku, or Azerbaijan announcing that it would open an embassy in Israel?",
    "ar": "أيهما كان أولاً: زيارة غانتس إلى باكو أم إعلان أذربيجان فتح سفارتها في إسرائيل؟",
    "fa": "اول کدام اتفاق افتاد: سفر گانتس به باکو یا اعلام افتتاح سفارت آذربایجان در اسرائیل؟",
}


@pytest.mark.parametrize("question, language, sides", [
    ("Which came first: the trade office or the embassy?", "en", ("the trade office", "the embassy")),
    ("What opened earlier in Israel, Azerbaijan's trade office or its embassy?", "en",
     ("Azerbaijan's trade office", "its embassy")),
    ("أيهما أسبق: افتتاح المكتب التجاري أم افتتاح السفارة؟", "ar", ("افتتاح المكتب التجاري", "افتتاح السفارة")),
    ("کدام زودتر افتتاح شد، دفتر تجاری یا سفارت؟", "fa", ("دفتر تجاری", "سفارت")),
])
def test_a_comparison_is_read_with_its_two_sides(question, language, sides):
    found = comparison(question, language)
    assert found is not None and found.sides == sides
    assert all(side in q for side, q in zip(sides, found.questions))


@pytest.mark.parametrize("question, language", [
    ("Which rose more in 2024: tourism or oil exports?", "en"),  # not a date order
    ("Which country sold drones, Israel or Turkey?", "en"),
    ("أيهما ارتفع أكثر: السياحة أم صادرات النفط؟", "ar"),
    ("کدام کشور پهپاد فروخت، اسرائیل یا ترکیه؟", "fa"),
    ("When did Azerbaijan open its embassy in Israel?", "en"),
])
def test_other_questions_are_no_comparison(question, language):
    assert comparison(question, language) is None


@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
def test_the_earlier_side_is_named_first_with_both_dates_cited(pipeline, lang):
    answer = pipeline.ask(GANTZ_FIRST[lang])
    assert answer.status == "answered" and answer.order == "first"
    assert [c.value for c in answer.claims] == ["2022-10", "2022-11"]
    assert answer.sides[0] != answer.sides[1] and ("Gantz" in answer.sides[0] or "گانتس" in answer.sides[0]
                                                    or "غانتس" in answer.sides[0])
    numbers = [c.n for claim in answer.claims for c in claim.citations]
    assert numbers == sorted(numbers) and numbers[0] == 1  # numbered in the order shown
    data = answer_to_dict(answer)
    assert data["comparison"]["order"] == "first" and data["comparison"]["sides"][0]["claims"] == [0]
    assert [c["value"] for c in _answering(data)] == ["2022-10"]  # rag eval scores the side named first


def test_which_came_later(pipeline):
    answer = pipeline.ask("Which came later: Israel recognizing Azerbaijan or Israel opening its embassy in Baku?")
    assert answer.order == "last" and "embassy" in answer.sides[0]
    assert {c.value for c, s in zip(answer.claims, answer.sides) if s == answer.sides[-1]} == {"1991-12-25"}


def test_the_headline_names_each_side_with_live_citations(pipeline):
    answer = pipeline.ask(GANTZ_FIRST["en"])
    html = answer_html(answer, pipeline.index.documents, "en")
    head = html[html.index('class="rag-answer"'):html.index("</p>")]
    assert head.count('class="rag-cite"') == 2 and "Benny Gantz" in head and head.index("Gantz") < head.index("embassy")


def _dated(value: str, display: str, start: int) -> Answer:
    cite = Citation(n=1, doc_id="d", title="t", quote="q", start=start, end=start + 1, score=1.0)
    return Answer(question="q", language="en", status="answered", answer="", claims=(
        Claim(value=value, kind="date", display=display, citations=(cite,)),), asked_for="date")


def test_dates_that_overlap_give_no_order():
    """A side dated only '2022' and one dated 'November 2022': which came first cannot be told."""
    sides = comparison("Which came first: the deal or the visit?", "en")
    assert sides is not None
    answers = {sides.questions[0]: _dated("2022", "2022", 1), sides.questions[1]: _dated("2022-11", "November 2022", 2)}
    answer = compared(sides, "Which came first: the deal or the visit?", answers.__getitem__)
    assert answer is not None and answer.order == "overlap" and "do not tell" in answer.answer
    assert [c.n for claim in answer.claims for c in claim.citations] == [1, 2]


def test_a_side_not_dated_leaves_the_question_to_the_ordinary_path():
    sides = comparison("Which came first: the deal or the visit?", "en")
    assert sides is not None
    missing = Answer(question="q", language="en", status="not_found", answer="", claims=(), asked_for="date")
    assert compared(sides, "q", lambda q: missing if "visit" in q else _dated("2022", "2022", 1)) is None


def test_each_side_is_asked_with_the_question_s_own_verb():
    """'کدام زودتر … افتتاح شد، A یا B؟' asks when A was opened: the verb stays, 'شد' included."""
    found = comparison("کدام زودتر افتتاح شد، دفتر تجاری یا سفارت؟", "fa")
    assert found is not None and found.questions == ("دفتر تجاری کی افتتاح شد؟", "سفارت کی افتتاح شد؟")
    found = comparison("What opened first in Israel: the trade office or the embassy?", "en")
    assert found is not None and found.questions[0] == "When was the trade office opened in Israel?"
