"""The gold questions, run through the same path as the app, must not fall below measured levels.

Thresholds sit an honest margin under the figures in reports/eval.json (measured on the real
corpus with the bundled model); raise them as the system improves, never lower them to pass.
"""

import json

import pytest

from rag.evaluate import GOLD, load_gold, run_eval

OVERALL_FLOORS = {
    "doc_recall@5": 0.83,
    "evidence_recall@8": 0.84,
    "mrr": 0.82,
    "value_accuracy": 0.60,
    "citation_precision": 0.70,
    "abstention_accuracy": 0.65,
    "conflict_recall": 0.60,
    "conflict_precision": 0.55,
}
LANGUAGE_FLOORS = {"doc_recall@5": 0.75, "evidence_recall@8": 0.78, "value_accuracy": 0.50}


@pytest.fixture(scope="module")
def report(pipeline):
    return run_eval(pipeline)


def test_gold_file_is_well_formed():
    gold = load_gold(GOLD)
    assert len(gold) >= 40
    assert {"en", "ar", "fa"} <= {g.lang for g in gold}
    assert len({g.id for g in gold}) == len(gold)
    assert sum(not g.answerable for g in gold) >= 6
    assert sum(g.conflict for g in gold) >= 3


def test_gold_evidence_is_verbatim_in_the_corpus(index):
    for g in load_gold(GOLD):
        for answer in g.answers:
            for doc, evidence in zip(answer["docs"], answer["evidence"]):
                assert evidence in index.documents[doc].text, (g.id, doc)


@pytest.mark.parametrize("metric, floor", sorted(OVERALL_FLOORS.items()))
def test_overall_metric_floor(report, metric, floor):
    assert report["overall"][metric] >= floor, json.dumps(report["overall"])


@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
def test_every_language_holds_up(report, lang):
    for metric, floor in LANGUAGE_FLOORS.items():
        assert report["by_language"][lang][metric] >= floor, (lang, metric, report["by_language"][lang])


def test_false_abstention_stays_rare(report):
    assert report["overall"]["false_abstention_rate"] <= 0.15


def test_reports_are_written_and_compared(report, tmp_path):
    import copy

    from rag.eval_report import compare, write_reports

    previous = copy.deepcopy(report)
    previous["overall"]["value_accuracy"] -= 0.1
    paths = write_reports(report, tmp_path, previous)
    assert all(p.exists() and p.stat().st_size > 0 for p in paths.values())
    written = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert {"overall", "by_language", "compare"} <= set(written)
    assert set(written["by_language"]) == {"en", "ar", "fa"}
    assert compare(report, previous)["overall"]["value_accuracy"] == pytest.approx(0.1)
    assert "Δ overall" in paths["md"].read_text(encoding="utf-8")
