"""The HTML, markdown and English fact lines the app shows, from typed Answers (no browser, no model)."""

from __future__ import annotations

from html import escape

from rag import ui, ui_panels
from rag.gloss import gloss, with_glosses
from rag.phrases import _TABLE, LANGUAGE_NAMES, say
from rag.types import Answer, Citation, Claim, Document

TEXT = 'مقدمة <script>alert(1)</script>\n_افتُتحت السفارة في "مارس ۲۰۲۳".\nخاتمة & نهاية'


def _doc(text: str = TEXT, language="ar", **kw) -> Document:
    return Document(doc_id="d1", text=text, title="<b>عنوان</b>", language=language, date=None,
                    date_note="not stated in the text", **kw)


def _cite(n=1, quote="a <b>quote</b> 2022", start=0, spans=((15, 19),), **kw) -> Citation:
    return Citation(n=n, doc_id="d1", title="<i>t</i>", quote=quote, start=start, end=start + len(quote), score=1.0,
                    spans=spans, **kw)


def _conflict() -> Answer:
    a = Claim("2022-11", "date", "November 2022", (_cite(1, note="one month after 2022-10"),))
    b = Claim("2023-03", "date", "March 2023", (_cite(2, start=30),))
    return Answer("q", "en", "conflict", "The sources disagree: November 2022 [1] vs March 2023 [2].", (a, b), "date")


def test_article_html_escapes_and_marks_the_exact_quote():
    start, end = TEXT.index("_افتُتحت"), TEXT.index("\nخاتمة")
    html = ui_panels.article_html(_doc(), "en", start, end, 3)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html
    assert f'<mark class="rag-hl" id="rag-hl">{escape(TEXT[start:end])}</mark>' in html
    assert 'dir="rtl"' in html and "date not stated" in html
    assert "characters" not in html and "Source [3]" in html  # no offsets shown to readers
    assert 'dir="ltr"' in ui_panels.article_html(_doc("plain English", "en"), "en")
    assert "التاريخ غير مذكور" in ui_panels.article_html(_doc(), "ar")


def test_answer_html_is_built_from_the_typed_parts_and_escapes():
    html = ui.answer_html(_conflict(), {"d1": _doc()}, "en")
    assert html.count('class="rag-claim"') == 2 and "rag-conflict-card" in html
    assert 'href="#cite:d1:0:19:1"' in html and 'href="#cite:d1:30:49:2"' in html
    assert "<b>" not in html and "<i>" not in html and "<strong>2022</strong>" in html
    assert "rag-timeline" in html  # a date disagreement gets its timeline, inside the card's message
    assert ui.parse_cite_href("#cite:d1:0:5:1") == ("cite", "d1", 0, 5, 1)
    assert ui.parse_cite_href("#remove:user-abc") == ("remove", "user-abc", None, None, None)
    assert ui.parse_cite_href("#cite:../x:0:5:1") is None and ui.parse_cite_href("javascript:alert(1)") is None


def test_single_date_answers_have_no_timeline_and_words_follow_the_interface():
    one = Answer("q", "ar", "answered", "x", (Claim("2022-11", "date", "نوفمبر ۲۰۲۲", (_cite(),)),), "date")
    for lang in ("en", "ar", "fa"):
        html = ui.answer_html(one, {"d1": _doc()}, lang)
        assert "rag-timeline" not in html and say("answered", lang) in html and say("hint_cite", lang) in html
    assert 'dir="rtl"' in ui.answer_html(one, {"d1": _doc()}, "fa")


def test_a_model_translation_is_shown_marked_and_escaped_only_for_a_foreign_source():
    mt = _cite(translation_en="The embassy <b>opened</b> in March 2023.")
    one = Answer("q", "en", "answered", "x", (Claim("2023-03", "date", "March 2023", (mt,)),), "date")
    html = ui.answer_html(one, {"d1": _doc()}, "en")
    assert 'class="rag-gloss rag-mt"' in html and "Machine translation:</span>" in html
    assert "&lt;b&gt;opened&lt;/b&gt;" in html and "<b>opened" not in html
    assert "rag-mt" not in ui.answer_html(one, {"d1": _doc("plain English", "en")}, "en")


def test_markdown_form_has_numbered_sources_and_no_html():
    answer = with_glosses(_conflict(), {"d1": _doc(title_en="The <title>")})
    md = ui.answer_markdown(answer, {"d1": _doc(title_en="The <title>")})
    assert md.startswith("The sources disagree") and "[1] <i>t</i> (The <title>)" in md and "[2]" in md
    assert "class=" not in md and "November 2022 (written as one month after October 2022)" in md
    html = ui.answer_html(answer, {"d1": _doc(title_en="The <title>")}, "en")
    assert f'aria-label="{escape(md)}"' in html and f"{escape(md)}</textarea>" in html  # screen readers and copy


def test_displayed_quote_is_cleaned_but_spans_follow():
    quote = "_ اهمیت روابط اســـتراتژیک\nدو کشـــور در مارس ۲۰۲۳"
    s = quote.index("مارس")
    text, spans = ui.display_quote(quote, [(s, len(quote))])
    assert text == "اهمیت روابط استراتژیک دو کشور در مارس ۲۰۲۳"
    assert [text[a:b] for a, b in spans] == ["مارس ۲۰۲۳"]


def test_excerpt_keeps_the_value_in_view():
    quote = "word " * 100 + "in November 2022." + " tail" * 50
    s = quote.index("November 2022")
    out = ui.excerpt_html(quote, [(s, s + len("November 2022"))])
    assert "<strong>November 2022</strong>" in out and out.startswith("… ") and out.endswith(" …")
    assert len(out) < ui.EXCERPT_CHARS + 60


def test_gloss_says_value_resolution_and_article_in_english():
    doc = _doc(title_en="The Jewel of the Caucasus", language="fa")
    claim = Claim("2022-11", "date", "نوامبر ۲۰۲۲", (_cite(note="one month after 2022-10"),))
    line = gloss(claim.citations[0], claim, doc)
    assert line == ('States November 2022 (written as one month after October 2022) · from '
                    '"The Jewel of the Caucasus" (Persian article, undated)')
    dated = Document(doc_id="d", text="x", title="ع", language="ar", date="2025-08-13")
    number = Claim("30000", "number", "30,000", (_cite(),), qualifier="about")
    assert gloss(number.citations[0], number, dated) == 'States about 30,000 · from "ع" (Arabic article, 13 August 2025)'


def test_library_lists_english_titles_with_the_original_and_says_when_no_summary():
    docs = {"d1": _doc(title_en="English <title>", summary_en="A summary."), "user-abc": Document(
        doc_id="user-abc", text="t", title="Mine", language="en")}
    html = ui_panels.library_html(docs, "en", {"user-abc"})
    assert "English &lt;title&gt;" in html and "&lt;b&gt;عنوان&lt;/b&gt;" in html and "A summary." in html
    assert "no English summary" in html and html.count('href="#remove:') == 1
    assert "English &lt;title&gt;" not in ui_panels.library_html(docs, "ar")


def test_every_phrase_exists_in_three_languages():
    assert all(len(v) == 3 and all(v) for v in _TABLE.values())
    assert all(len(v) == 3 for v in LANGUAGE_NAMES.values())
    assert say("sources_n", "xx", n=2) == "2 sources"


def test_timeline_axis_keeps_few_labels_over_decades():
    wide = Answer("q", "en", "conflict", "x", (Claim("1991-12-25", "date", "25 December 1991", (_cite(1),)),
                                               Claim("2023-03", "date", "March 2023", (_cite(2),))), "date")
    html = ui.timeline_html(wide, {"d1": _doc()}, "en")
    assert html.count("rag-tl-row") == 2 and 2 <= html.count("</span></div></div>") and html.count("%\">") <= 6 + 4
    assert "1990" in html and "2020" in html and ">1995<" not in html
