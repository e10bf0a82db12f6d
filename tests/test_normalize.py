from hypothesis import given
from hypothesis import strategies as st

from rag.normalize import clean, fold, fold_with_map, tokenize, tokenize_query


def test_fold_unifies_letter_variants_and_digits():
    assert fold("أذربيجان") == fold("اذربيجان") == fold("آذربيجان")
    assert fold("ایران") == fold("ايران")  # Persian ی vs Arabic ي
    assert fold("کشور") == fold("كشور")  # Persian ک vs Arabic ك
    assert fold("السفارة") == fold("السفاره")  # ta marbuta
    assert fold("۲۰۲۳") == fold("٢٠٢٣") == "2023"
    assert fold("۲٥") == "25"  # mixed Persian and Arabic-Indic digits, as in the corpus


def test_clean_removes_tatweel_zero_width_and_bidi_but_keeps_letters():
    assert clean("اســـتراتژیک") == "استراتژیک"
    assert clean("به\u200cعنوان") == "بهعنوان"  # ZWNJ dropped: the PDF text lost them too
    assert clean("\u202bمرحبا\u202c") == "مرحبا"
    assert clean("مُحَمَّد") == "محمد"
    assert clean("line one\nline   two") == "line one line two"
    assert "ی" in clean("ایران")  # letters as written for the embedder


def test_tokenize_drops_stopwords_and_adds_stems():
    tokens = tokenize("متى افتتحت السفارة في ۲۰۲۳؟")
    assert "2023" in tokens
    assert "في" not in tokens
    assert any(t.startswith("سفار") for t in tokens)


@given(st.text(alphabet=st.sampled_from(list("abc اأإآيىیكکةه۲٢2ـ\u200c\u200f\n .،؟")), max_size=60))
def test_fold_map_points_back_into_the_original(text):
    folded, origin = fold_with_map(text)
    assert len(folded) == len(origin)
    assert origin == sorted(origin)
    for ch, i in zip(folded, origin):
        assert 0 <= i < len(text)
        assert fold(text[i]) in (ch, "") or ch == " "


def test_persian_text_gets_no_arabic_stems_but_questions_do():
    persian = "آذربایجان سفارت خود را در اسرائیل افتتاح کرد"
    words = set(fold(persian).split())
    assert set(tokenize(persian)) <= words  # documents: folded words only
    assert set(tokenize_query(persian)) - words  # questions: stems too, to meet Arabic text
    arabic = "افتتحت أذربيجان سفارتها في إسرائيل"
    assert tokenize(arabic) == tokenize_query(arabic)
    assert set(tokenize(arabic)) - set(fold(arabic).split())  # Arabic text keeps its stems
    assert tokenize(arabic, stem=False) == [t for t in fold(arabic).split() if t != "في"]


_ODD = [" ", "\n", "\t", "\u00a0", "\u00a8", "\ufdfa", "\u0640", "\u064b", "\u200c", "\u202b", "\u3000", "\u2028",
        "\ufeff", "ﬁ", "①", "ﻻ", "ی", "۲", "A", "a", "\u0301"]


@given(st.lists(st.sampled_from(_ODD) | st.characters(), max_size=40).map("".join))
def test_clean_and_fold_equal_the_char_by_char_mapping(text):
    """``clean``/``fold`` map through ``str.translate`` and collapse spaces afterwards; that is the text
    ``fold_with_map``'s char-by-char walk gives, on spaces at the ends, in runs, and made by NFKC (ﷺ)."""
    from rag.normalize import _apply, _clean_char, _fold_char

    assert clean(text) == _apply(text, _clean_char)[0]
    assert fold(text) == _apply(text, _fold_char)[0] == fold_with_map(text)[0]


def test_clean_and_fold_equal_the_char_by_char_mapping_on_the_corpus():
    from rag.config import ROOT
    from rag.ingest import load_corpus
    from rag.normalize import _apply, _clean_char, _fold_char

    lines = [line for doc in load_corpus(ROOT / "corpus").documents for line in doc.text.splitlines()]
    assert len(lines) > 100
    for line in lines:
        assert clean(line) == _apply(line, _clean_char)[0]
        assert fold(line) == _apply(line, _fold_char)[0]
