"""PDF lines extracted with their runs reversed are shown in reading order, on the real corpus.

The Persian article (corpus/004) comes from a PDF; the Arabic ones do not. No word is hard-coded in
the rule: these tests only pick real sentences of the corpus to look at.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from rag.config import ROOT
from rag.formats import read_text, split_front_matter
from rag.ingest import load_document
from rag.reading_order import in_reading_order, quote_in_order, reorder, reversed_lines
from rag.types import Citation
from rag.ui import answer_markdown, citation_text, excerpt_html

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def docs():
    """The articles as extracted, before ingest reads their reversed lines in order (``in_reading_order``)."""
    out = {}
    for p in sorted(Path(CORPUS).glob("*.md")):
        doc = load_document(p)
        raw = split_front_matter(p, read_text(p))[1]
        assert doc.text == in_reading_order(raw)
        out[doc.doc_id] = replace(doc, text=raw)
    return out


def _persian(docs):
    return next(d for d in docs.values() if d.language == "fa")


def test_only_the_pdf_article_has_reversed_lines_and_reading_order_is_a_permutation(docs):
    counts = {d.language: 0 for d in docs.values()}
    for d in docs.values():
        order = reorder(d.text)
        assert len(set(order)) == len(order) and all(0 <= i < len(d.text) for i in order)
        assert set(range(len(d.text))) - set(order) <= {i for i, ch in enumerate(d.text) if ch.isspace()}
        counts[d.language] += len(reversed_lines(d.text))
    assert counts["ar"] == 0  # the Arabic articles were not extracted from PDFs
    assert counts["fa"] == 14  # measured: 14 lines put back in order (8 cut words rejoined), all read and right


def test_a_line_with_an_ordinary_double_space_is_left_alone(docs):
    fa = _persian(docs)
    line = next(x for x in fa.text.split("\n") if "  " in x.strip() and x.strip().startswith("آذربایجان و اسرائیل"))
    s = fa.text.index(line)
    assert not [r for r in reversed_lines(fa.text) if s <= r.start < s + len(line)]


def test_the_embassy_sentence_is_shown_whole_and_its_value_still_points_at_the_original(docs):
    fa = _persian(docs)
    start = fa.text.index("یک ماه بعد")
    end = fa.text.index("را اعلام کرد.", start) + len("را اعلام کرد.")
    quote = fa.text[start:end]
    assert "تأ\n" in quote  # the stored sentence holds a stray run of the previous line
    c = Citation(n=1, doc_id=fa.doc_id, title=fa.title, quote=quote, start=start, end=end, score=1.0,
                 spans=((0, len("یک ماه بعد")),))
    text, spans = citation_text(c, docs)
    assert text == "یک ماه بعد، آذربایجان افتتاح سفارت خود در اسرائیل را اعلام کرد."
    assert [text[s:e] for s, e in spans] == ["یک ماه بعد"]
    assert "<strong>یک ماه بعد</strong>" in excerpt_html(text, spans)
    shown, origin = quote_in_order(fa.text, start, end, list(c.spans))
    assert all(fa.text[i] == ch for i, ch in zip(origin, shown))  # every shown character is an original one
    value = shown.index("یک ماه بعد")
    assert origin[value:value + len("یک ماه بعد")] == list(range(start, start + len("یک ماه بعد")))


def test_cut_words_are_rejoined_in_reading_order(docs):
    fa = _persian(docs)
    order = reorder(fa.text)
    repairs = [r for r in reversed_lines(fa.text) if r.joined]
    assert sum(r.joined for r in repairs) == 8
    for r in repairs:  # the line loses one word per rejoined cut, and nothing else
        before, after = fa.text[r.start:r.end], "".join(fa.text[i] for i in order if r.start <= i < r.end)
        assert len(re.findall(r"[^\W\d_]+", after)) == len(re.findall(r"[^\W\d_]+", before)) - r.joined
        assert sorted(after.replace(" ", "")) == sorted(before.replace(" ", ""))


def test_a_line_of_three_runs_reads_in_order(docs):
    fa = _persian(docs)
    start = fa.text.index("در سال ۲۰۰۶")
    end = fa.text.index("است.", start) + len("است.")
    c = Citation(n=1, doc_id=fa.doc_id, title=fa.title, quote=fa.text[start:end], start=start, end=end, score=1.0)
    assert citation_text(c, docs)[0] == ("در سال ۲۰۰۶، بنیامین بن الیزر، وزیر امور زیربنایی اسرائیل تأکید کرد که "
                                         "موقعیت آذربایجان به عنوان کشوری مسلمان و هممرز با ایران برای اسرائیل "
                                         "بسیار حائز اهمیت است.")


def test_sentences_from_clean_lines_are_unchanged(docs):
    for d in docs.values():
        if d.language != "ar":
            continue
        start = d.text.index("\n", 200) + 1
        end = start + 120
        c = Citation(n=1, doc_id=d.doc_id, title=d.title, quote=d.text[start:end], start=start, end=end, score=1.0)
        assert citation_text(c, docs)[0] == " ".join(d.text[start:end].replace("\u0640", "").split()).lstrip("_،,.:;-–— ")


def test_markdown_form_uses_the_reading_order(docs, pipeline):
    answer = pipeline.ask("When did Azerbaijan open its embassy in Israel?")
    md = answer_markdown(answer, pipeline.index.documents)
    assert "یک ماه بعد، آذربایجان افتتاح سفارت خود در اسرائیل را اعلام کرد." in md
    assert "افتتاح اهمیت" not in md


def test_a_sentence_cut_across_two_reversed_lines_is_shown_whole(docs):
    fa = _persian(docs)
    start = fa.text.index("در اکتبر ۲۰۲۲")
    end = fa.text.index("کرد.", start) + len("کرد.")
    quote = fa.text[start:end]  # as segmented from the stored text: "… بنی گانتز\nکید کرد."
    c = Citation(n=1, doc_id=fa.doc_id, title=fa.title, quote=quote, start=start, end=end, score=1.0)
    text, _ = citation_text(c, docs)
    assert text.startswith("در اکتبر ۲۰۲۲، بنی گانتز، وزیر دفاع اسرائیل") and text.endswith("دو کشور تأکید کرد.")


def test_a_line_that_starts_with_a_closing_bracket_is_put_back(docs):
    """corpus/004 mirrors its brackets (')INSS(') and cut '(more than 3,000 people)' over two lines, the
    second run first: the qualifier 'بیش' stayed a line away from 'از ۳۰۰۰ نفر'."""
    fa = _persian(docs)
    line = next(x for x in fa.text.split("\n") if x.strip().startswith("(") and "  " in x.strip())
    assert line.strip().endswith("۳۰۰۰ نفر")
    shown = in_reading_order(fa.text)
    assert "بیش \nاز ۳۰۰۰ نفر( و خیابانهایی با نامهای" in shown


@pytest.mark.parametrize("text, put_back", [
    ("Intro line.\nپایان جمله است.  (اول\n", False),   # usual brackets: '(' opens, a line may start with it
    ("Intro line.\n) پایان جمله است.  اول\n", True),   # usual brackets: ')' closes, no line starts with it
    (")INSS( و )MIT(\n( و خیابانها  از سه نفر\n", True),  # mirrored brackets: '(' closes
    (")INSS( و )MIT(\n) و خیابانها  از سه نفر\n", False),  # mirrored brackets: ')' opens
])
def test_which_bracket_closes_is_read_from_the_text(text, put_back):
    assert bool(reversed_lines(text)) is put_back


def test_gold_evidence_copied_from_the_file_is_found_in_reading_order(docs, pipeline):
    """rag eval's evidence recall: a gold line copied from the PDF's text is found in the chunk that
    stores it in reading order, and only there."""
    from rag.evaluate import _evidence_found
    from rag.types import Hit

    fa = _persian(docs)
    line = next(x.strip() for x in fa.text.split("\n") if x.strip().startswith("(") and "  " in x.strip())
    chunks = [c for c in pipeline.index.chunks if c.doc_id == fa.doc_id]
    assert not any(line in c.text for c in chunks)  # not a substring of what the index stores
    holding = [c for c in chunks if "بیش \nاز ۳۰۰۰ نفر(" in c.text]
    others = [c for c in chunks if c not in holding]
    assert holding and others
    assert _evidence_found([Hit(chunk=holding[0], score=1.0)], fa.doc_id, line, pipeline)
    assert not _evidence_found([Hit(chunk=c, score=1.0) for c in others], fa.doc_id, line, pipeline)
