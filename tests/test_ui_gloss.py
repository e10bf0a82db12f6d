"""The English fact line over the gold set: an English reader can tell what each cited sentence says."""

from __future__ import annotations

import json
import re

import pytest

from rag.config import ROOT
from rag.ui import answer_html
from rag.values import display_value

GOLD = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
VALUE_QUESTIONS = [g for g in GOLD if g["kind"] in ("date", "number", "percent") and g["answerable"]]


@pytest.mark.slow
def test_every_value_citation_has_an_english_fact_line_on_screen(pipeline):
    assert len(VALUE_QUESTIONS) >= 20
    checked = answered = 0
    for g in VALUE_QUESTIONS:
        answer = pipeline.ask(g["question"])
        html = answer_html(answer, pipeline.index.documents, "en")
        values = [c for c in answer.claims if c.kind != "text"]  # a quoted-sentence answer carries a quote line
        answered += bool(values)
        for claim in values:
            english = display_value(claim.value, claim.kind, "en")
            for c in claim.citations:
                doc = pipeline.index.documents[c.doc_id]
                assert c.gloss_en and english in c.gloss_en, (g["id"], c.gloss_en)
                assert doc.title_en and doc.title_en in c.gloss_en, (g["id"], c.gloss_en)
                if c.note:  # a resolved relative date is spelled out in words, not as an ISO string
                    assert "written as" in c.gloss_en and not re.search(r"\d{4}-\d{2}", c.gloss_en), c.gloss_en
                if doc.language != "en":
                    assert html.count("rag-gloss-label") >= 1 and english in html
                checked += 1
    assert checked >= answered >= 0.8 * len(VALUE_QUESTIONS)  # measured: see reports/eval.md (value accuracy)
