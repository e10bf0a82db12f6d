"""The reader's verdict (rag.eval_trust) on hand-made answers: each rule can fail."""

import pytest

from rag.eval_trust import (
    _claims_agree,
    cross_language_agreement,
    false_rival,
    gold_matches,
    qualifier_checks,
    qualifier_symbol,
    strict_correct,
)

EMB = ({"value": "2022-11", "docs": ["001"]}, {"value": "2023-03", "docs": ["000"], "stated_values": ["2023-03"]})
JEWS = ({"value": "30000", "docs": ["003"], "qualifier": "~"}, {"value": "3000", "docs": ["004"], "qualifier": ">"})


def claim(value, kind="date", quote="", n=1):
    return {"value": value, "kind": kind, "citations": [{"quote": quote or value, "n": n}]}


def row(claims, status, answers, conflict=False, kind="date", lang="en", fact="f", qualifiers=None, **kw):
    r = {"answerable": bool(answers) or kind == "overview", "gold_conflict": conflict, "status": status, "kind": kind,
         "lang": lang, "fact": fact, "claims": [c["value"] for c in claims], "asked_for": kw.pop("asked_for", kind),
         "cited_docs": kw.pop("cited_docs", []), "claim_qualifiers": qualifiers or [None] * len(claims),
         "gold_match": gold_matches(claims, answers)}
    r.update(kw)
    return r


def test_a_conflict_is_right_only_with_every_side_and_no_stranger():
    both = [claim("2022-11"), claim("2023-03")]
    assert strict_correct(row(both, "conflict", EMB, True), EMB)
    assert not strict_correct(row(both[:1], "answered", EMB, True), EMB)  # a side lost
    stranger = [*both, claim("1991-12-25")]
    r = row(stranger, "conflict", EMB, True)
    assert not strict_correct(r, EMB) and false_rival(r)  # the 1991 recognition shown as a rival


def test_a_single_fact_shown_as_a_conflict_is_a_false_rival():
    answers = ({"value": "1992-04-07", "docs": ["001"]},)
    r = row([claim("1992-04-07"), claim("2022-11")], "conflict", answers)
    assert false_rival(r) and not strict_correct(r, answers)
    assert strict_correct(row([claim("1992")], "answered", answers), answers)  # a document's own precision


def test_unanswerable_and_overview_verdicts():
    assert strict_correct(row([], "not_found", ()), ())
    assert not strict_correct(row([claim("2024-02")], "answered", ()), ())
    docs = ({"value": "004", "docs": ["004"]},)
    assert strict_correct(row([], "answered", docs, kind="overview", cited_docs=["004"]), docs)
    assert not strict_correct(row([], "answered", docs, kind="overview", asked_for="text", cited_docs=["004"]), docs)
    assert not strict_correct(row([], "answered", docs, kind="overview", cited_docs=["002"]), docs)


def test_text_claims_match_by_alias_in_the_quote():
    answers = ({"value": "Benny Gantz", "docs": ["004"], "aliases": ["بنی گانتز", "Gantz"]},)
    good = claim("s1", "text", quote="در اکتبر ۲۰۲۲، بنی گانتز")
    bad = claim("s2", "text", quote="بنيامين نتنياهو")
    assert gold_matches([good, bad], answers) == [[0], []]


@pytest.mark.parametrize("text, symbol", [("more than", ">"), ("About", "~"), ("nearly", "~"), ("at least", ">="),
                                          ("حوالي", "~"), ("بیش از", ">"), (None, None)])
def test_qualifier_words_normalize_to_gold_symbols(text, symbol):
    assert qualifier_symbol(text) == symbol


def test_qualifier_is_scored_only_where_gold_has_one_and_the_value_is_shown():
    claims = [claim("30000", "number"), claim("3000", "number")]
    assert qualifier_checks(row(claims, "conflict", JEWS, True, "number", qualifiers=["about", None]), JEWS) == (2, 1)
    assert qualifier_checks(row(claims[:1], "answered", JEWS, True, "number", qualifiers=["about"]), JEWS) == (1, 1)
    plain = ({"value": "100", "docs": ["004"]},)
    assert qualifier_checks(row([claim("100", "number")], "answered", plain, kind="number"), plain) == (0, 0)


def test_cross_language_agreement_needs_one_status_and_one_value_set():
    same = [row([claim("2022-11"), claim("2023-03")], "conflict", EMB, True, lang=lang) for lang in ("en", "ar", "fa")]
    assert cross_language_agreement(same) == (1.0, 1)
    drift = same[:2] + [row([claim("2023-03"), claim("2022-11"), claim("1991-12-25")], "conflict", EMB, True, lang="fa")]
    assert cross_language_agreement(drift) == (0.0, 1)
    lost = same[:2] + [row([claim("2022-11")], "answered", EMB, True, lang="fa")]
    assert cross_language_agreement(lost) == (0.0, 1)
    assert cross_language_agreement(same[:2]) == (None, 0)  # not asked in all three languages


def test_the_same_names_agree_whichever_gold_answers_they_match():
    """'tel_aviv' and 'jerusalem' shown in every language agree, even where a quote of one article
    lets a name match two gold answers; two different quoted sentences agree when they state the same answer."""
    a = {"status": "conflict", "kind": "text", "asked_for": "text", "claims": ["tel_aviv", "jerusalem"], "gold_match": [[0], [1]]}
    b = dict(a, gold_match=[[0], [0, 1]])
    assert _claims_agree(a, b)
    quote_a = {"status": "answered", "kind": "text", "asked_for": "text", "claims": ["جملة أولى هنا"], "gold_match": [[0]]}
    quote_b = dict(quote_a, claims=["جمله دیگری اینجا"])
    assert _claims_agree(quote_a, quote_b) and not _claims_agree(quote_a, dict(quote_b, gold_match=[[1]]))


def test_a_gold_answer_written_as_words_is_matched_by_the_value_it_states():
    """'nine tenths' (the iceberg's hidden part) is 90%, as 'Gantz's visit (October 2022)' is 2022-10; a value it does not
    state is still no match."""
    answers = ({"value": "nine tenths", "docs": ["000"], "aliases": ["تسعة أعشار"]},)
    assert gold_matches([claim("90%", "percent"), claim("60%", "percent")], answers) == [[0], []]
    visit = ({"value": "Gantz's visit to Baku (October 2022)", "docs": ["004"]},)
    assert gold_matches([claim("2022-10"), claim("2023-03")], visit) == [[0], []]
